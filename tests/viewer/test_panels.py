"""Panels beside and below the map (dashboard/viewer/panels.py): the two charts as Vega-Lite specs,
and the record picker's labels, built column-wise, for the rows of the table's page
(paging and search: tests/viewer/test_records_table.py)."""
import json

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

@pytest.mark.parametrize("horizontal, label_axis, height", [(True, "y", 200), (False, "x", 170)])
def test_bars_keep_the_order_given_and_whole_numbers(horizontal, label_axis, height):
    spec = panels.bars(["Kinh tế", "Khác", "Văn hóa – xã hội"], [3, 0, 12], "Số mô hình", horizontal)
    (rows,) = spec["datasets"].values()
    assert spec["data"] == {"name": next(iter(spec["datasets"]))}
    assert rows == [{"label": "Kinh tế", "count": 3}, {"label": "Khác", "count": 0},
                    {"label": "Văn hóa – xã hội", "count": 12}]
    bars, numbers = spec["layer"]
    assert bars["mark"]["type"] == "bar" and numbers["mark"]["type"] == "text"
    assert numbers["encoding"]["text"] == {"field": "count", "type": "quantitative"}
    label, value = bars["encoding"][label_axis], bars["encoding"]["y" if label_axis == "x" else "x"]
    assert label["field"] == "label" and label["sort"] is None  # fields in the movement's order, years in time
    assert value["axis"]["format"] == "d" and value["axis"]["tickMinStep"] == 1  # counts: no 0.5 ticks
    assert bars["encoding"]["tooltip"] == [{"field": "count", "type": "quantitative", "title": "Số mô hình"}]
    assert spec["height"] == height
    json.dumps(spec)  # plain data: nothing to validate or convert on a rerun


def chart_rows(chart) -> dict:
    """label → count of a chart as the browser receives it (its dataset, in Arrow)."""
    (dataset,) = chart.proto.datasets
    table = pa.ipc.open_stream(dataset.data.data).read_all()
    return dict(zip(table["label"].to_pylist(), table["count"].to_pylist()))


def test_the_map_page_charts_count_the_filtered_records_by_field_and_by_year(map_page):
    by_field, by_year = (chart_rows(chart) for chart in map_page.get("vega_lite_chart"))
    assert by_field == {field.vi: 185 if field.code == "kinh-te" else 0 for field in FIELDS}
    assert list(by_year) == ["2020", "2021", "2022"] and sum(by_year.values()) == 185


# --- the record picker -----------------------------------------------------------------------

def test_labels_are_name_commune_year_of_each_row_in_its_order():
    shown = pd.DataFrame({"name": ["Nuôi ong", "Đường <b>", "Quỹ"], "commune": ["Đội Bình", "Nhữ Khê", NAN],
                          "year": [2021, 2022, 2020]}, index=[40, 7, 913])
    labels = panels.detail_labels(shown)
    assert labels.index.tolist() == [40, 7, 913]
    assert labels.tolist() == ["Nuôi ong · Đội Bình · 2021", "Đường <b> · Nhữ Khê · 2022", "Quỹ ·  · 2020"]
    assert labels[7] == "Đường <b> · Nhữ Khê · 2022"  # a selectbox shows text, never HTML


def test_the_picker_offers_the_rows_of_the_page_and_opens_the_one_picked(map_page):
    table = map_page.dataframe[0].value
    picker = map_page.selectbox(key="map_table_detail")
    assert len(picker.options) == len(table) == panels.MAP_PAGE_SIZE  # one page of the 185 records
    assert picker.options == [f"{row['Tên mô hình, điển hình']} · {row['Xã, thị trấn']} · {row['Năm']}"
                              for _, row in table.iterrows()]
    first = table.iloc[0]
    picker.select_index(0).run()
    detail = next(m.value for m in map_page.markdown if m.value.startswith("<table class=\"record-detail\">"))
    assert f"<td>{first['Tên mô hình, điển hình']}</td>" in detail
