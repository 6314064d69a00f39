"""Any district or province from the national commune set, driven by AppTest.

Records of another district (Sơn Dương) are written at test time; the
national boundaries are read from ../shared/data (licensed separately,
never copied into the repository).
"""
import csv

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.config import NATIONAL
from geo.boundaries.national import load_national, select
from geo.places.registry import legacy_units
from tests.paths import APP, ROOT

DEMO = ROOT / "data" / "demo" / "records.csv"
TUYEN_QUANG, YEN_SON, SON_DUONG = "08", "075", "076"

pytestmark = pytest.mark.skipif(not NATIONAL.is_file(), reason=f"national set not found: {NATIONAL}")


@pytest.fixture
def son_duong_records(tmp_path, monkeypatch) -> list[dict]:
    """The demo records moved to Sơn Dương's communes (round robin), in read-only CSV mode."""
    communes = [u for u in legacy_units() if u.district_code == SON_DUONG]
    with DEMO.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))[:300]
    for i, row in enumerate(rows):
        unit = communes[i % len(communes)]
        row.update(id=f"SD-{i:04d}", commune_code=unit.code, commune_name=unit.full_name)
    path = tmp_path / "son-duong.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("DVK_RECORDS", str(path))
    return rows


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def metric(at: AppTest, label_start: str) -> str:
    return next(m.value for m in at.metric if m.label.startswith(label_start))


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption).replace("\\", "")


def test_another_district_shows_its_own_records(son_duong_records):
    at = run({"province": TUYEN_QUANG, "district": SON_DUONG})
    assert not at.exception
    # some of today's Sơn Dương communes have no 2009 polygon: their records are reported
    drawn = set(select(load_national(NATIONAL), TUYEN_QUANG, SON_DUONG).communes["code"])
    undrawn = sum(row["commune_code"] not in drawn for row in son_duong_records)
    assert 0 < undrawn < 100
    assert [w.value.split("\\:")[0] for w in at.warning] == \
        [f"{undrawn} mô hình, điển hình có mã xã không nằm trong tệp ranh giới nên không được vẽ"]
    assert "Huyện Sơn Dương, tỉnh Tuyên Quang" in captions(at)
    assert metric(at, "Số mô hình") == "300"
    covered, total = metric(at, "Xã, phường, thị trấn có mô hình").split(" / ")
    assert int(total) >= 25 and 0 < int(covered) <= int(total)
    assert at.query_params["province"] == TUYEN_QUANG and at.query_params["district"] == SON_DUONG
    # polygons of 2009 that no current code matches are listed, not guessed
    assert "chưa khớp được mã xã giai đoạn 2020–2025" in captions(at)


def test_records_of_other_districts_are_left_out(son_duong_records):
    at = run({"province": TUYEN_QUANG, "district": YEN_SON})
    assert metric(at, "Số mô hình") == "0"


def test_the_2025_units_of_another_district(son_duong_records):
    at = run({"province": TUYEN_QUANG, "district": SON_DUONG, "units": "2025"})
    assert not at.exception and at.radio(key="w_units").value == "2025"
    assert metric(at, "Số mô hình") == "300"
    assert metric(at, "Xã, phường (từ 01/7/2025)").endswith(" / 10")


def test_picking_a_province_then_a_district_updates_the_url_and_clears_communes():
    at = run({"commune": "02533"})
    at.selectbox(key="w_province").set_value(TUYEN_QUANG).run()
    assert at.query_params["province"] == TUYEN_QUANG and "commune" not in at.query_params
    assert "Tỉnh Tuyên Quang" in captions(at)
    assert metric(at, "Số mô hình") == "915"   # every Yên Sơn record lies in the province
    at.selectbox(key="w_district").set_value(SON_DUONG).run()
    assert at.query_params["district"] == SON_DUONG
    assert metric(at, "Số mô hình") == "0"
    at.selectbox(key="w_district").set_value("").run()
    assert "district" not in at.query_params and "Tỉnh Tuyên Quang" in captions(at)
    at.selectbox(key="w_province").set_value("").run()
    assert "province" not in at.query_params and "district" not in at.query_params
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"


@pytest.mark.parametrize("params, kept, bad", [
    ({"province": "99"}, None, "99"),
    ({"province": TUYEN_QUANG, "district": "999"}, TUYEN_QUANG, "999"),
    ({"district": SON_DUONG}, None, SON_DUONG),
])
def test_bad_area_in_a_link_is_reported_and_the_rest_works(params, kept, bad):
    at = run(params)
    assert not at.exception
    assert f"“{bad}”" in at.warning[0].value
    assert at.query_params.get("province") == kept


def test_configured_default_area(monkeypatch):
    monkeypatch.setenv("DVK_AREA", f"{TUYEN_QUANG}/{YEN_SON}")
    at = run()
    assert not at.exception
    assert at.query_params["province"] == TUYEN_QUANG and at.query_params["district"] == YEN_SON
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"
    assert "Phú Lâm" in captions(at) and "Tân Bình" in captions(at)  # moved to the city in 2020


def test_without_the_national_set_there_is_no_area_choice(monkeypatch, tmp_path):
    monkeypatch.setenv("DVK_NATIONAL", str(tmp_path / "missing.gpkg"))
    at = run({"province": TUYEN_QUANG})
    assert not at.exception
    assert not [s for s in at.selectbox if s.key == "w_province"]
    assert "“08”" in at.warning[0].value
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"


def test_reset_clears_the_filters_but_keeps_the_area_units_and_map_options():
    at = run({"province": TUYEN_QUANG, "district": YEN_SON, "units": "2025", "scheme": "natural",
              "field": "kinh-te", "commune": "02530"})
    at.button(key="reset").click().run()
    query = at.query_params
    assert (query["province"], query["district"], query["units"], query["scheme"]) == \
        (TUYEN_QUANG, YEN_SON, "2025", "natural")
    assert "field" not in query and "commune" not in query


def test_sources_page_says_which_boundaries_the_map_draws():
    at = run({"page": "sources", "province": TUYEN_QUANG, "district": SON_DUONG, "lang": "en"})
    text = "\n".join(m.value for m in at.markdown)
    assert "The map now draws**: Huyện Sơn Dương, tỉnh Tuyên Quang, from the national 2009 commune set" in text
    at = run({"page": "sources"})
    assert "Bản đồ đang vẽ**: tệp ranh giới mặc định communes\\-2020\\.geojson" in "\n".join(m.value for m in at.markdown)


def test_a_name_two_communes_of_the_province_share_is_offered_and_picked_apart():
    """Hà Giang has a Xã Tả Lủng in Đồng Văn (00742) and one in Mèo Vạc (00796)."""
    at = run({"province": "02"})
    communes = at.multiselect(key="w_commune")
    assert {"Tả Lủng (Đồng Văn)", "Tả Lủng (Mèo Vạc)"} <= set(communes.options)
    assert "Tả Lủng" not in communes.options and len(set(communes.options)) == len(communes.options)
    communes.set_value(["00742"]).run()
    assert at.query_params["commune"] == "00742"
    at.radio(key="w_page").set_value("commune").run()
    profile = at.selectbox(key="w_profile_unit")
    assert "Tả Lủng (Mèo Vạc)" in profile.options
    profile.set_value("00796").run()
    assert not at.exception and at.query_params["selected"] == "00796"
