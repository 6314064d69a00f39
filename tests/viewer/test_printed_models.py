"""The commune profile's printed list of models (dashboard/viewer/printed_models.py): the first ones by
year then name, every record text escaped, and how many more the records page lists.
Printed on one A4 page in the browser: tests/browser/test_dashboard.py."""
import html
import re

import pandas as pd
import pytest

from dashboard.viewer import panels
from dashboard.viewer.printed_models import PRINTED_ROWS, printed_html
from dashboard.words.i18n import Words
from geo.choropleth.query import Filter
from geo.dataset import Dataset
from geo.records.schema import validate_records

HOSTILE = "<img src=x onerror=alert(1)> & “Đội”"


def records(rows: list[tuple[str, int]]) -> pd.DataFrame:
    """Records of commune 02533 with these (name, year), ids in the order given."""
    return validate_records(pd.DataFrame({
        "id": [f"R{i:03d}" for i in range(len(rows))], "name": [name for name, _ in rows],
        "kind": ["mo-hinh"] * len(rows), "field": ["kinh-te"] * len(rows), "year": [year for _, year in rows],
        "commune_code": ["02533"] * len(rows), "commune_name": ["Đội Bình"] * len(rows),
        "unit": [HOSTILE] * len(rows), "description": [""] * len(rows), "result": [""] * len(rows),
        "source": [""] * len(rows), "illustrative": [True] * len(rows)}))


def data_of(frame: pd.DataFrame) -> Dataset:
    return Dataset(pd.DataFrame({"code": ["02533"], "name": ["Đội Bình"]}), None, frame, ())


def printed_names(drawn: str) -> list[str]:
    return [html.unescape(name) for name in re.findall(r"<tr><td>(.*?)</td>", drawn)]


FILTER = Filter(fields=("kinh-te",), year_from=2020, year_to=2022)


def test_the_first_models_by_year_then_name_accents_ignored_then_the_count_of_the_rest():
    rows = [(f"Mô hình {i:02d}", 2022) for i in range(PRINTED_ROWS + 5)] + [("Đường hoa", 2021), ("Cầu", 2021)]
    frame = records(rows)
    data = data_of(frame)
    drawn = printed_html(Words("vi"), data, panels.record_keys(data), "Đội Bình", FILTER)
    assert printed_names(drawn) == ["Cầu", "Đường hoa"] + [f"Mô hình {i:02d}" for i in range(PRINTED_ROWS - 2)]
    assert "… và 7 mô hình, điển hình khác (xem đầy đủ trong “Danh sách mô hình, điển hình”)" in drawn
    assert "Mô hình, điển hình của Đội Bình <span>(Lĩnh vực: Kinh tế · Năm 2020–2022)</span>" in drawn
    assert "<th>Tên mô hình, điển hình</th><th>Loại</th><th>Lĩnh vực</th><th>Năm</th><th>Đơn vị thực hiện</th>" in drawn


def test_record_texts_and_the_units_name_are_escaped():
    frame = records([(HOSTILE, 2021), ("Nuôi ong", 2020)])
    data = data_of(frame)
    drawn = printed_html(Words("en"), data, panels.record_keys(data), "<b>Đội</b>", FILTER)
    assert "<img" not in drawn and "<b>Đội" not in drawn
    assert printed_names(drawn) == ["Nuôi ong", HOSTILE]
    assert drawn.count(html.escape(HOSTILE)) == 3  # one name, two units
    assert "more" not in drawn  # all of them are listed
    assert "<td>Model</td><td>Economy</td><td>2020</td>" in drawn


@pytest.mark.parametrize("lang, said", [("vi", "Không có mô hình, điển hình nào phù hợp bộ lọc."),
                                        ("en", "No model or exemplar matches the filters.")])
def test_no_model_in_the_filter_says_so_instead_of_an_empty_table(lang, said):
    data = data_of(records([("Nuôi ong", 2020)]))
    drawn = printed_html(Words(lang), data, panels.record_keys(data).iloc[:0], "Đội Bình", FILTER)
    assert said in drawn and "<table" not in drawn
