"""The staff boundary page: upload → zone → columns → report → preview → save; switching versions.

st.file_uploader cannot be driven by AppTest, so a small script calls
render_upload (everything below the uploader) with a file's bytes; the full
app is used for the list of versions and the switch between them. Files are
derived at test time from the separately licensed ../shared/data into tmp_path.
"""
import io
import re
import os
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
from streamlit.testing.v1 import AppTest

from geo.boundaries.vn2000 import vn2000_tm3
from tests.staff.helpers import messages, metric, run, sign_in, texts

EVIL = "<img src=x onerror=alert(1)>"


def _upload_script():
    import os

    import streamlit as st

    from dashboard.staff import boundary_page

    from dashboard import url
    from dashboard.config import load_config
    from dashboard.data import load_dataset
    from dashboard.staff.display import show_flash

    st.session_state.setdefault("staff_user", "lan")
    st.session_state.setdefault("view", url.View())
    path = os.environ["DVK_TEST_UPLOAD"]
    show_flash()
    with open(path, "rb") as f:
        boundary_page.render_upload(url.View(lang=os.environ.get("DVK_TEST_LANG", "vi")),
                                    load_dataset(load_config()), f.read(), os.path.basename(path))


def upload(path: Path, monkeypatch, lang: str = "vi") -> AppTest:
    monkeypatch.setenv("DVK_TEST_UPLOAD", str(path))
    monkeypatch.setenv("DVK_TEST_LANG", lang)
    return AppTest.from_function(_upload_script, default_timeout=120).run()


def shapefile_zip(gdf: gpd.GeoDataFrame, folder: Path, prj: bool) -> Path:
    gdf.to_file(folder / "xa.shp", engine="pyogrio", encoding="UTF-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in folder.glob("xa.*"):
            if prj or part.suffix != ".prj":
                archive.write(part, part.name)
    path = folder / "ranh-gioi.zip"
    path.write_bytes(buffer.getvalue())
    return path


def test_a_dirty_official_file_is_matched_cleaned_previewed_and_saved(unfixed, sets, tmp_path, monkeypatch):
    path = tmp_path / "ranh-gioi-xa.geojson"
    unfixed.to_file(path, driver="GeoJSON", engine="pyogrio")
    at = upload(path, monkeypatch)
    assert not at.exception
    assert metric(at, "Khớp") == "28" and metric(at, "Không tìm thấy") == "0"
    assert at.selectbox(key="boundary_column_code").value == "gso_code"
    report = texts(at).replace("\\", "")
    assert "ghép khít nhau" in report and "Bản đơn giản hóa để hiển thị" in report
    save = at.button(key="boundary_save")
    assert not save.disabled
    save.click().run()
    assert "và bản đồ dùng bộ này" in at.success[0].value
    version = sets.active()
    assert version is not None and version.features == 28 and version.source_name == path.name
    assert version.user == "lan" and version.report["cleaning"]["valid_after"]


def test_a_shapefile_without_prj_asks_for_the_zone_and_suggests_tm3_106(unfixed, sets, tmp_path, monkeypatch):
    folder = tmp_path / "shp"
    folder.mkdir()
    path = shapefile_zip(unfixed.to_crs(vn2000_tm3(106.0)), folder, prj=False)
    at = upload(path, monkeypatch)
    assert not at.exception
    assert "Tệp không có hệ tọa độ" in texts(at)
    zone = at.selectbox(key="boundary_zone")
    assert zone.value.startswith("VN-2000 / TM-3 106°00'")
    assert metric(at, "Khớp") == "28"
    # a wrong zone puts the file elsewhere: nothing matches the map's place any more, but nothing crashes
    zone.set_value(zone.options[-2]).run()
    assert not at.exception


def test_a_file_with_unknown_names_cannot_be_saved_and_names_stay_text(unfixed, sets, tmp_path, monkeypatch):
    names = unfixed["name"].where(unfixed["gso_code"] != "02491", EVIL)
    path = tmp_path / "ten.geojson"
    gpd.GeoDataFrame({"ten_xa": names}, geometry=unfixed.geometry, crs=unfixed.crs).to_file(path, driver="GeoJSON")
    at = upload(path, monkeypatch, lang="en")
    assert metric(at, "Matched") == "27" and metric(at, "Not found") == "1"
    assert at.button(key="boundary_save").disabled
    problems = "\n".join(e.value for e in at.error)
    assert "&lt;img" not in problems and "\\<img src=x onerror=alert\\(1\\)\\>" in problems
    assert sets.versions() == []


def test_an_unreadable_file_is_a_message(sets, tmp_path, monkeypatch):
    path = tmp_path / "hong.zip"
    path.write_bytes(os.urandom(2000))
    at = upload(path, monkeypatch)
    assert not at.exception and len(at.error) == 1


def test_switching_between_versions_and_back_to_the_default_file(unfixed, sets):
    at = sign_in(run(timeout=120))
    smaller = unfixed[unfixed["gso_code"] != "02491"].rename(columns={"gso_code": "code", "pop_census2009": "population"})
    smaller = smaller.assign(type="Xã")
    first = sets.save(smaller, label="Bản 27 xã", source_name="a.geojson", user="lan", report={})
    at.radio(key="w_page").set_value("boundaries").run()
    assert "tệp ranh giới mặc định" in texts(at)
    assert at.dataframe[0].value.shape[0] == 1
    at.selectbox(key="boundary_pick").set_value(first.id).run()
    at.button(key="boundary_use").click().run()
    assert not at.exception
    assert "Bản đồ dùng bộ ranh giới" in at.success[0].value and sets.active().id == first.id
    at.radio(key="w_page").set_value("map").run()
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "27 / 27"
    at.radio(key="w_page").set_value("boundaries").run()
    at.button(key="boundary_use_default").click().run()
    assert sets.active() is None and [v.id for v in sets.versions()] == [first.id]
    at.radio(key="w_page").set_value("map").run()
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"


def test_viewers_never_get_the_boundary_page(sets):
    at = run({"page": "boundaries"}, timeout=120)
    assert at.query_params["page"] == "map" and not [b for b in at.button if b.key == "boundary_save"]


def without(unfixed, code: str) -> gpd.GeoDataFrame:
    """The set minus one commune, as a saved version holds it."""
    kept = unfixed[unfixed["gso_code"] != code]
    return kept.rename(columns={"gso_code": "code", "pop_census2009": "population"}).assign(type="Xã")


def test_an_open_session_survives_a_new_set_that_lacks_its_selection(unfixed, sets):
    at = run({"selected": "02533", "commune": "02533,02530"}, timeout=120)
    assert metric(at, "Đang chọn") == "Đội Bình"
    version = sets.save(without(unfixed, "02533"), label="27", source_name="b.geojson", user="lan", report={})
    sets.activate(version.id)
    at.run()  # the viewer's next click, after staff switched sets
    assert not at.exception
    assert "02533" in at.warning[0].value and "bỏ khỏi bộ lọc" in at.warning[0].value
    assert "selected" not in at.query_params and at.query_params["commune"] == "02530"
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "1 / 27"


def test_an_active_set_wins_over_the_configured_area(unfixed, sets, monkeypatch):
    monkeypatch.setenv("DVK_AREA", "08/076")
    at = run(timeout=120)
    assert at.query_params["district"] == "076"
    sets.activate(sets.save(without(unfixed, "02491"), label="27", source_name="c.geojson", user="lan",
                            report={}).id)
    at = run(timeout=120)
    assert "province" not in at.query_params
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "27 / 27"


def test_the_upload_limit_is_the_configured_one(tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_MAX_UPLOAD_MB", "1")
    path = tmp_path / "lon.geojson"
    path.write_bytes(b" " * (2 * 2**20))
    at = upload(path, monkeypatch)
    assert not at.exception
    assert "vượt giới hạn 1" in at.error[0].value


# --- A staff member removed mid-session (issue 10, item 3) --------------------------------------

NEEDS_SIGN_IN = "Việc này chỉ dành cho cán bộ đã đăng nhập; dữ liệu không thay đổi."


def test_a_staff_member_removed_from_secrets_cannot_switch_boundary_sets(unfixed, sets, monkeypatch):
    """Signed in from secrets.toml's [staff] table, on the boundary page, when the administrator removes
    the account: neither "use this version" nor "back to the default file" changes what the map draws."""
    from dashboard.staff import auth
    from tests.paths import APP
    from tests.staff.helpers import HASH

    monkeypatch.delenv("DVK_STAFF")
    first = sets.save(without(unfixed, "02491"), label="27", source_name="a.geojson", user="lan", report={})
    second = sets.save(without(unfixed, "02533"), label="27b", source_name="b.geojson", user="lan", report={})
    sets.activate(second.id)
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["staff"] = {"lan": HASH, "minh": HASH}
    at = sign_in(at.run())
    at.radio(key="w_page").set_value("boundaries").run()
    at.selectbox(key="boundary_pick").set_value(first.id).run()
    at.secrets["staff"] = {"minh": HASH}                  # lan's account removed while the page is open
    at.button(key="boundary_use").click().run()
    assert not at.exception and sets.active().id == second.id
    assert NEEDS_SIGN_IN in texts(at) and auth.USER_KEY not in at.session_state
    assert "boundary_use_default" not in {b.key for b in at.button}   # the page is gone, and with it the buttons


@pytest.mark.parametrize("button", ["boundary_use", "boundary_use_default"])
def test_a_removed_staff_member_cannot_press_the_switch_buttons_left_on_screen(unfixed, sets, monkeypatch, button):
    """The same with the buttons pressed on the page as it was drawn for staff (a second tab, a slow
    rerun): the click is checked when it arrives, not when the page was drawn."""
    from tests.staff.helpers import HASH

    first = sets.save(without(unfixed, "02491"), label="27", source_name="a.geojson", user="lan", report={})
    second = sets.save(without(unfixed, "02533"), label="27b", source_name="b.geojson", user="lan", report={})
    sets.activate(second.id)
    at = sign_in(run(timeout=120))
    at.radio(key="w_page").set_value("boundaries").run()
    at.selectbox(key="boundary_pick").set_value(first.id).run()
    monkeypatch.setenv("DVK_STAFF", f"minh:{HASH}")
    at.button(key=button).click().run()
    assert not at.exception and sets.active().id == second.id
    assert NEEDS_SIGN_IN in texts(at)


def test_a_removed_staff_member_cannot_save_a_checked_boundary_file(unfixed, sets, tmp_path, monkeypatch):
    """The upload checked, the save button enabled, then the account removed: nothing is saved."""
    from tests.staff.helpers import HASH

    path = tmp_path / "ranh-gioi-xa.geojson"
    unfixed.to_file(path, driver="GeoJSON", engine="pyogrio")
    at = upload(path, monkeypatch)
    save = at.button(key="boundary_save")
    assert not save.disabled
    monkeypatch.setenv("DVK_STAFF", f"minh:{HASH}")
    save.click().run()
    assert not at.exception and sets.versions() == [] and sets.active() is None
    assert at.session_state["staff_sign_in_message"] == ("warning", NEEDS_SIGN_IN)   # shown in the sign-in box


@pytest.mark.parametrize("damage", ["truncate", "delete"])
def test_a_damaged_active_set_falls_back_to_the_configured_file_with_a_notice(unfixed, sets, damage):
    version = sets.activate(sets.save(without(unfixed, "02491"), label="27 xã", source_name="c.geojson",
                                      user="lan", report={}).id)
    data = version.path.read_bytes()
    if damage == "truncate":
        version.path.write_bytes(data[: len(data) // 3])
    else:
        version.path.unlink()
    at = run(timeout=120)
    assert not at.exception and not at.error
    assert metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"          # the configured 28 communes
    notice = re.sub(r"\\(.)", r"\1", messages(at))  # as shown: without Markdown's escapes
    name = f"“27 xã”, {version.id}" if damage == "truncate" else version.id  # a deleted file takes its label along
    assert f"Bộ ranh giới đang kích hoạt ({name}) không đọc được" in notice
    assert "--deactivate" not in notice                                  # the fix is for staff
    assert "auth_username" in [t.key for t in at.text_input]           # sign-in still works
    sign_in(at)
    assert "boundaries --deactivate" in messages(at)
    at.radio(key="w_page").set_value("boundaries").run()
    at.button(key="boundary_use_default").click().run()                  # staff switch back in the app
    assert sets.active() is None and not at.exception
    assert "không đọc được" not in messages(at)


def test_a_damaged_set_is_said_also_in_a_deployment_with_an_area(unfixed, sets, monkeypatch):
    monkeypatch.setenv("DVK_AREA", "08/076")
    version = sets.activate(sets.save(without(unfixed, "02491"), label="27 xã", source_name="c.geojson",
                                      user="lan", report={}).id)
    version.path.write_bytes(version.path.read_bytes()[:1000])
    at = run(timeout=120)
    assert not at.exception and "không đọc được nên bản đồ đang dùng" in re.sub(r"\\(.)", r"\1", messages(at))


def test_a_passing_read_error_is_not_remembered_as_damage(unfixed, sets, monkeypatch):
    from dashboard import data as data_module
    version = sets.activate(sets.save(without(unfixed, "02491"), label="27 xã", source_name="c.geojson",
                                      user="lan", report={}).id)
    real = data_module.data_damage
    monkeypatch.setattr(data_module, "data_damage", lambda *a: (_ for _ in ()).throw(OSError(5, "I/O error")))
    assert data_module.version_damage(version) == "bset_damaged_unreadable"
    monkeypatch.setattr(data_module, "data_damage", real)
    assert data_module.version_damage(version) is None          # the disk is back: so is the set


def test_an_active_set_whose_folder_was_deleted_is_said(unfixed, sets):
    import shutil
    version = sets.activate(sets.save(without(unfixed, "02491"), label="27 xã", source_name="c.geojson",
                                      user="lan", report={}).id)
    shutil.rmtree(version.folder)
    at = run(timeout=120)
    assert not at.exception and metric(at, "Xã, phường, thị trấn có mô hình") == "28 / 28"
    assert f"Bộ ranh giới đang kích hoạt ({version.id}) không đọc được" in re.sub(r"\\(.)", r"\1", messages(at))


def test_the_boundaries_page_says_the_active_set_is_damaged(unfixed, sets):
    version = sets.activate(sets.save(without(unfixed, "02491"), label="27 xã", source_name="c.geojson",
                                      user="lan", report={}).id)
    version.path.write_bytes(version.path.read_bytes()[:1000])
    at = sign_in(run(timeout=120))
    at.radio(key="w_page").set_value("boundaries").run()
    page = re.sub(r"\\(.)", r"\1", messages(at))
    assert "bị hỏng: bản đồ đang hiển thị ranh giới mặc định" in page
    assert not at.button(key="boundary_use_default").disabled
