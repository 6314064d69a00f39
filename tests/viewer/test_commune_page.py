"""The commune profile page (dashboard/viewer/pages/commune.py), in AppTest against the demo records."""
import csv
from collections import Counter

from streamlit.testing.v1 import AppTest

from dashboard.viewer.bars import pairs_html
from dashboard.words.i18n import Words
from tests.paths import APP, ROOT

DOI_BINH = "02533"


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def demo_counts(**where) -> Counter:
    with open(ROOT / "data" / "demo" / "records.csv", encoding="utf-8", newline="") as f:
        return Counter(r["commune_code"] for r in csv.DictReader(f) if all(r[k] == v for k, v in where.items()))


def test_the_profile_ranks_the_commune_among_the_areas_units_by_count():
    counts = demo_counts()
    rank = sum(1 for n in counts.values() if n > counts[DOI_BINH]) + 1
    at = run(page="commune", selected=DOI_BINH)
    assert not at.exception
    assert at.subheader[0].value == "Hồ sơ Đội Bình"
    ranks = next(m.value for m in at.markdown if "xếp thứ" in m.value)
    assert f"Số mô hình, điển hình: {counts[DOI_BINH]}, xếp thứ {rank}/28 trong khu vực" in ranks
    assert "Xã Đội Bình · mã 02533" in "\n".join(m.value for m in at.markdown)   # its 2025 history
    assert at.subheader[1].value == "Mô hình, điển hình của Đội Bình"


def test_the_field_filter_applies_to_the_profile_as_on_the_map():
    counts = demo_counts(field="kinh-te", year="2021")
    at = run(page="commune", selected=DOI_BINH, field="kinh-te", **{"from": "2021", "to": "2021"})
    ranks = next(m.value for m in at.markdown if "xếp thứ" in m.value)
    assert f"Số mô hình, điển hình: {counts[DOI_BINH]}," in ranks


def test_without_a_commune_the_page_asks_for_one_and_the_picker_puts_it_in_the_link():
    at = run(page="commune")
    assert any("Vui lòng chọn một xã" in i.value for i in at.info)
    at.selectbox(key="w_profile_unit").set_value("02434").run()
    assert at.query_params["selected"] == "02434"
    assert at.subheader[0].value == "Hồ sơ Lực Hành"


def test_a_selection_on_the_map_opens_its_profile():
    at = run(selected=DOI_BINH)
    at.button(key="open_profile").click().run()
    assert at.query_params["page"] == "commune" and at.query_params["selected"] == DOI_BINH
    assert at.subheader[0].value == "Hồ sơ Đội Bình"


def test_pairs_of_bars_escape_their_words_and_share_one_scale():
    drawn = pairs_html("<b>t</b>", ["<img>"], [4], [2], Words("vi"), "x<", "y>")
    assert "<img>" not in drawn and "&lt;img&gt;" in drawn and "&lt;b&gt;t" in drawn
    assert 'style="width:100.0%"' in drawn and 'style="width:50.0%"' in drawn
