"""Panels beside and below the map (dashboard/viewer/panels.py): the two charts as bars of HTML,
and the record picker's labels, built column-wise, for the rows of the table's page
(paging and search: tests/viewer/test_records_table.py)."""
import html
import re

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.viewer import panels
from geo.records.fields import FIELDS
from tests.paths import APP

NAN = float("nan")


@pytest.fixture(scope="module")
def map_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["field"] = "kinh-te"
    return at.run()


# --- charts ----------------------------------------------------------------------------------

def chart_rows(markdown: str) -> list[dict]:
    """label → count of each bar table of an HTML element, as the browser receives it."""
    tables = re.findall(r'<table class="count-bars".*?</table>', markdown)
    return [dict((html.unescape(label), int(count.replace(".", "")))
                 for label, count in re.findall(r'<th scope="row">(.*?)</th>.*?<td class="count">(.*?)</td>', table))
            for table in tables]


def test_the_map_page_charts_count_the_filtered_records_by_field_and_by_year(map_page):
    (by_field, by_year), = (chart_rows(m.value) for m in map_page.html if "<table class=\"count-bars\"" in m.value)
    assert by_field == {field.vi: 185 if field.code == "kinh-te" else 0 for field in FIELDS}
    assert list(by_year) == ["2020", "2021", "2022"] and sum(by_year.values()) == 185
    assert not map_page.get("vega_lite_chart")  # no chart library for the phones to load


# --- the record picker -----------------------------------------------------------------------

def test_labels_are_name_commune_year_of_each_row_in_its_order():
    shown = pd.DataFrame({"name": ["Nuôi ong", "Đường <b>", "Quỹ"], "commune": ["Đội Bình", "Nhữ Khê", NAN],
                          "year": [2021, 2022, 2020]}, index=[40, 7, 913])
    labels = panels.detail_labels(shown)
    assert labels.index.tolist() == [40, 7, 913]
    assert labels.tolist() == ["Nuôi ong · Đội Bình · 2021", "Đường <b> · Nhữ Khê · 2022", "Quỹ ·  · 2020"]
    assert labels[7] == "Đường <b> · Nhữ Khê · 2022"  # a selectbox shows text, never HTML


def test_the_picker_offers_the_rows_of_the_page_and_opens_the_one_picked():
    records_page = AppTest.from_file(APP, default_timeout=60)
    records_page.query_params.update(field="kinh-te", page="records")
    records_page.run()
    table = records_page.dataframe[0].value
    picker = records_page.selectbox(key="records_table_detail")
    assert len(picker.options) == len(table) == panels.RECORDS_PAGE_SIZE  # one page of the 185 records
    assert picker.options == [f"{row['Tên mô hình, điển hình']} · {row['Xã, phường, thị trấn']} · {row['Năm']}"
                              for _, row in table.iterrows()]
    first = table.iloc[0]
    picker.select_index(0).run()
    detail = next(m.value for m in records_page.markdown if m.value.startswith("<table class=\"record-detail\">"))
    assert f"<td>{first['Tên mô hình, điển hình']}</td>" in detail
