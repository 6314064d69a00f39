"""`python -m dashboard boundaries`: load a boundary file as a version, list and activate versions.

Input files are derived at test time from the separately licensed
../shared/data/yen-son/communes-2020-unfixed.geojson (overlaps and slivers
included) into tmp_path; nothing of it is kept. Versions go to a folder of
tmp_path through DVK_BOUNDARY_SETS. Most tests run main(argv) in-process.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from dashboard.cli import main
from geo.boundaries.sets import BoundarySets
from geo.boundaries.vn2000 import vn2000_tm3
from tests.paths import ROOT

# Names as offices write them, by GSO code; "Xã Hoa Mặt Trời" is made up.
SPELLINGS = {"02533": "Xã Đội Bình", "02434": "luc hanh", "02431": "Quí Quân", "02473": "Thắng Quân"}
MADE_UP = ("02491", "Xã Hoa Mặt Trời")


@pytest.fixture
def sets(tmp_path, monkeypatch) -> BoundarySets:
    root = tmp_path / "sets"
    monkeypatch.setenv("DVK_BOUNDARY_SETS", str(root))
    return BoundarySets(root)


def write(gdf: gpd.GeoDataFrame, path: Path) -> str:
    gdf.to_file(path, driver="GPKG" if path.suffix == ".gpkg" else "GeoJSON", engine="pyogrio")
    return str(path)


def names_only(unfixed, **spellings) -> gpd.GeoDataFrame:
    """The file as an office without codes sends it: names only, spelled their way."""
    names = unfixed["gso_code"].map(SPELLINGS | spellings).fillna(unfixed["name"])
    return gpd.GeoDataFrame({"ten_xa": names}, geometry=unfixed.geometry, crs=unfixed.crs)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def saved(sets) -> list[str]:
    return [v.id for v in sets.versions()]


# --- loading a file ------------------------------------------------------------------------------

def test_dry_run_reports_matching_cleaning_and_sizes_and_writes_nothing(unfixed, sets, tmp_path, capsys):
    code, out, err = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--dry-run")
    assert code == 0, err
    assert "Tệp “xa.geojson”: GeoJSON, 28 đối tượng" in out
    assert "Cột dùng: mã xã “gso_code”, tên xã “name”, dân số “pop_census2009”." in out
    assert "Huyện Yên Sơn, Tỉnh Tuyên Quang" in out
    assert "28 đối tượng: 28 khớp, 0 không tìm thấy, 0 chưa rõ, 0 trùng, 0 mã sai." in out
    assert "lấp 88 khe hở hẹp hơn 200 m" in out and "ha chồng lấn" in out
    assert "các vùng ghép khít nhau" in out
    assert "Bản đơn giản hóa để hiển thị (dung sai 100 m): 1.171 →" in out
    assert "Chạy thử (--dry-run): không lưu gì." in out
    assert not sets.root.exists()


def test_a_good_file_is_saved_clean_but_not_activated(unfixed, sets, tmp_path, capsys):
    code, out, err = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--label", "Bản 2024",
                         "--user", "lan")
    assert code == 0, err
    (version,) = sets.versions()
    assert f"Đã lưu bộ ranh giới {version.id} (28 đơn vị); bản đồ chưa dùng bộ này." in out
    assert sets.active() is None
    assert (version.label, version.user, version.source_name, version.features) == ("Bản 2024", "lan",
                                                                                    "xa.geojson", 28)
    assert len(version.source_sha256) == 64
    assert set(version.report) >= {"matching", "cleaning", "simplify", "columns"}
    assert version.report["cleaning"]["valid_after"] is True and version.report["matching"]["matched"] == 28
    communes = gpd.read_file(version.path)
    assert shapely.coverage_is_valid(communes.geometry.values)
    assert communes["code"].tolist() == sorted(unfixed["gso_code"])
    assert "Yên Sơn" in set(communes["name"]) and communes["population"].notna().all()


def test_activate_list_and_switch_back(unfixed, sets, tmp_path, capsys):
    path = write(unfixed, tmp_path / "xa.geojson")
    assert run(capsys, "boundaries", path, "--activate", "--label", "một")[0] == 0
    assert run(capsys, "boundaries", path, "--label", "hai")[0] == 0
    second, first = sets.versions()
    assert sets.active().id == first.id

    code, out, _ = run(capsys, "boundaries", "--list")
    assert code == 0
    assert f"* {first.id} · “một” · 28 đơn vị · tệp xa.geojson" in out
    assert f"  {second.id} · “hai”" in out

    code, out, _ = run(capsys, "boundaries", "--activate-version", second.id, "--lang", "en")
    assert code == 0 and f"The map now uses the boundary set {second.id} (“hai”" in out
    assert sets.active().id == second.id
    assert run(capsys, "boundaries", "--activate-version", first.id)[0] == 0
    assert sets.active().path == first.path


def test_an_unknown_version_cannot_be_activated(sets, capsys):
    code, _, err = run(capsys, "boundaries", "--activate-version", "../../etc")
    assert code == 2
    assert "Không có bộ ranh giới “../../etc”" in err


def test_the_list_names_damaged_folders_and_goes_on(unfixed, sets, tmp_path, capsys):
    run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"))
    broken = sets.root / "2020-01-01T000000Z-1"
    broken.mkdir()
    (broken / "manifest.json").write_text("{oops")
    code, out, err = run(capsys, "boundaries", "--list")
    assert code == 0 and out.count("28 đơn vị") == 1
    assert "Bỏ qua thư mục 2020-01-01T000000Z-1: tệp manifest.json hỏng" in err


def test_the_list_checks_each_set_against_its_saved_checksum(unfixed, sets, tmp_path, capsys):
    path = write(unfixed, tmp_path / "xa.geojson")
    assert run(capsys, "boundaries", path, "--activate", "--label", "một")[0] == 0
    (version,) = sets.versions()
    assert len(version.data_sha256) == 64
    code, out, err = run(capsys, "boundaries", "--list")
    assert code == 0 and "· nguyên vẹn" in out and not err
    data = version.path.read_bytes()
    version.path.write_bytes(data[: len(data) // 2])            # truncated after it was saved
    code, out, err = run(capsys, "boundaries", "--list")
    assert code == 0 and "HỎNG: tệp communes.gpkg đã bị thay đổi sau khi lưu" in out
    assert "Bộ đang dùng bị hỏng: bản đồ đang hiển thị ranh giới mặc định" in err
    version.path.unlink()                                       # a folder without its data is skipped, named
    code, out, err = run(capsys, "boundaries", "--list")
    assert f"Bỏ qua thư mục {version.id}: thiếu tệp communes.gpkg" in err


def test_the_list_says_when_the_active_sets_folder_is_gone(unfixed, sets, tmp_path, capsys):
    import shutil
    assert run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--activate")[0] == 0
    (version,) = sets.versions()
    shutil.rmtree(version.folder)
    code, _, err = run(capsys, "boundaries", "--list")
    assert code == 0 and f"Bộ ranh giới đang kích hoạt {version.id} không còn thư mục" in err


def test_deactivate_goes_back_to_the_configured_file_and_keeps_the_sets(unfixed, sets, tmp_path, capsys):
    assert run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--activate")[0] == 0
    code, out, _ = run(capsys, "boundaries", "--deactivate", "--lang", "en")
    assert code == 0 and "The map uses the default boundary file" in out
    assert sets.active() is None and len(sets.versions()) == 1
    assert run(capsys, "boundaries", "--deactivate")[0] == 0  # nothing active: still fine


def test_a_set_saved_before_checksums_is_listed_as_unchecked(unfixed, sets, tmp_path, capsys):
    run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"))
    (version,) = sets.versions()
    manifest = json.loads((version.folder / "manifest.json").read_text(encoding="utf-8"))
    del manifest["data_sha256"]
    (version.folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (old,) = sets.versions()
    assert old.data_sha256 == "" and sets.damage(old) is None
    assert "chưa có mã kiểm tra" in run(capsys, "boundaries", "--list")[1]


def test_an_empty_list(sets, capsys):
    code, out, _ = run(capsys, "boundaries", "--list", "--lang", "en")
    assert code == 0 and "No boundary set saved in" in out


# --- names only ----------------------------------------------------------------------------------

@pytest.mark.parametrize("doi_binh", ["Xã Đội Bình", "doi binh"])
def test_names_in_any_spelling_are_matched(unfixed, sets, tmp_path, capsys, doi_binh):
    path = write(names_only(unfixed, **{"02533": doi_binh}), tmp_path / "ten.geojson")
    code, out, err = run(capsys, "boundaries", path)
    assert code == 0, out + err
    assert "Đối chiếu tên xã (cột “ten_xa”)" in out and "28 khớp" in out
    communes = gpd.read_file(sets.versions()[0].path).set_index("code")
    assert communes.loc["02533", "name"] == "Đội Bình" and communes.loc["02473", "type"] == "Thị trấn"


def test_a_made_up_name_is_reported_and_nothing_is_saved(unfixed, sets, tmp_path, capsys):
    path = write(names_only(unfixed, **dict([MADE_UP])), tmp_path / "ten.geojson")
    code, out, err = run(capsys, "boundaries", path)
    assert code == 1
    assert "không tìm thấy “Xã Hoa Mặt Trời” trong Huyện Yên Sơn, Tỉnh Tuyên Quang" in out
    assert "28 đối tượng: 27 khớp, 1 không tìm thấy" in out
    assert "1 đơn vị của Huyện Yên Sơn, Tỉnh Tuyên Quang không có vùng trong tệp: Xã Chân Sơn (02491)." in out
    assert "Không lưu: 1 đối tượng" in err
    assert saved(sets) == []


def test_in_english(unfixed, sets, tmp_path, capsys):
    path = write(names_only(unfixed, **dict([MADE_UP])), tmp_path / "ten.geojson")
    code, out, err = run(capsys, "boundaries", path, "--lang", "en")
    assert code == 1
    assert "“Xã Hoa Mặt Trời” was not found in Huyện Yên Sơn, Tỉnh Tuyên Quang" in out
    assert "Not saved: 1 features" in err


# --- codes ---------------------------------------------------------------------------------------

def test_duplicate_codes_are_both_reported_and_nothing_is_saved(unfixed, sets, tmp_path, capsys):
    frame = unfixed.copy()
    frame.loc[frame["gso_code"] == "02434", "gso_code"] = "02533"
    code, out, err = run(capsys, "boundaries", write(frame, tmp_path / "trung.geojson"))
    assert code == 1
    assert out.count("là Xã Đội Bình, mà đơn vị này còn có vùng khác trong tệp") == 2
    assert "0 không tìm thấy, 0 chưa rõ, 2 trùng" in out and "Xã Lực Hành (02434)" in out
    assert saved(sets) == []


def test_a_bad_code_is_reported(unfixed, sets, tmp_path, capsys):
    frame = unfixed.copy()
    frame.loc[frame["gso_code"] == "02434", "gso_code"] = "24-34"
    code, out, _ = run(capsys, "boundaries", write(frame, tmp_path / "sai.geojson"))
    assert code == 1
    assert "mã “24-34” không hợp lệ (cần mã đơn vị hành chính cấp xã, 5 chữ số)" in out and "Xã Lực Hành (02434)" in out
    assert saved(sets) == []


def test_a_commune_swallowed_by_its_neighbour_blocks_the_save(unfixed, sets, tmp_path, capsys):
    frame = unfixed.copy()
    inside = frame.loc[frame["gso_code"] == "02533"].geometry.iloc[0].representative_point().buffer(0.001)
    frame.loc[frame["gso_code"] == "02491", "geometry"] = inside
    code, out, err = run(capsys, "boundaries", write(frame, tmp_path / "nuot.geojson"))
    assert code == 1 and "28 khớp" in out
    assert "mất hết diện tích khi bỏ chồng lấn" in out and "02491" in out  # the report: stdout
    assert "Không lưu: 1 đối tượng" in err
    assert saved(sets) == []


def test_a_geopackage_with_named_columns_and_a_name_that_disagrees(unfixed, sets, tmp_path, capsys):
    frame = unfixed.rename(columns={"gso_code": "MA", "name": "TEN", "pop_census2009": "NK"})
    frame.loc[frame["MA"] == "02533", "TEN"] = "Nhữ Khê"
    path = write(frame, tmp_path / "xa.gpkg")
    code, out, err = run(capsys, "boundaries", path, "--code-column", "MA", "--name-column", "TEN",
                         "--population-column", "NK", "--dry-run")
    assert code == 0, err
    assert "GeoPackage" in out and "mã xã “MA”, tên xã “TEN”, dân số “NK”" in out
    assert "mã 02533 là Xã Đội Bình nhưng cột tên ghi “Nhữ Khê”" in out


def test_a_column_that_is_not_there(unfixed, sets, tmp_path, capsys):
    code, _, err = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--code-column", "MA_XA")
    assert code == 2 and "Tệp không có cột “MA_XA”. Các cột có: gso_code, name, pop_census2009." in err


def test_another_district(unfixed, sets, tmp_path, capsys):
    code, out, _ = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--province", "Hà Giang",
                       "--dry-run")
    assert code == 1 and "28 không tìm thấy" in out


def test_dvk_area_is_the_default_scope(unfixed, sets, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DVK_AREA", "08/076")                     # Sơn Dương: none of Yên Sơn's communes
    code, out, _ = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--dry-run")
    assert code == 1 and "Huyện Sơn Dương, Tỉnh Tuyên Quang" in out and "28 không tìm thấy" in out


# --- coordinate systems --------------------------------------------------------------------------

@pytest.fixture
def tm3_file(unfixed, tmp_path) -> str:
    """The file in VN-2000 TM-3 106° metres with its CRS lost, as a .prj-less export arrives."""
    metres = unfixed.to_crs(vn2000_tm3(106))
    path = tmp_path / "vn2000.geojson"
    metres.set_geometry(metres.geometry.values, crs=None).to_file(path, driver="GeoJSON", engine="pyogrio")
    return str(path)


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_a_file_in_metres_without_crs_gets_ranked_zones_and_loads_with_the_first(tm3_file, sets, capsys):
    code, out, err = run(capsys, "boundaries", tm3_file, "--dry-run")
    assert code == 2
    assert "Chọn một múi chiếu rồi chạy lại lệnh với tùy chọn --crs tương ứng:" in err
    assert "  1. VN-2000 / TM-3 106°00' (Tuyên Quang, Hòa Bình, Quảng Bình): --crs tm3:106" in err
    assert "--crs utm:48" in err and "--crs tm3:105.5" in err
    code, out, err = run(capsys, "boundaries", tm3_file, "--dry-run", "--crs", "tm3:106")
    assert code == 0, err
    assert "28 khớp" in out


@pytest.mark.parametrize("crs", ["foo", "tm3:", "utm:50", "EPSG:999999"])
def test_a_crs_that_cannot_be_read(unfixed, sets, tmp_path, capsys, crs):
    code, _, err = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"), "--crs", crs)
    assert code == 2 and f"Không hiểu hệ tọa độ “{crs}”" in err


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_an_epsg_code_is_accepted(unfixed, sets, tmp_path, capsys):
    path = write(unfixed.to_crs("EPSG:32648").set_crs(None, allow_override=True), tmp_path / "utm.gpkg")
    code, out, err = run(capsys, "boundaries", path, "--crs", "EPSG:32648", "--dry-run")
    assert code == 0, err
    assert "28 khớp" in out


# --- bad invocations -----------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [[], ["x.geojson", "--list"], ["--list", "--activate-version", "1"],
                                  ["--list", "--deactivate"]])
def test_one_thing_at_a_time(sets, capsys, argv):
    code, _, err = run(capsys, "boundaries", *argv)
    assert code == 2 and "Hãy cho tên tệp ranh giới, hoặc --list" in err


def test_missing_and_unreadable_files(sets, tmp_path, capsys):
    code, _, err = run(capsys, "boundaries", str(tmp_path / "khong-co.geojson"))
    assert code == 2 and "Không đọc được tệp" in err
    (tmp_path / "rong.geojson").write_bytes(b"")
    code, _, err = run(capsys, "boundaries", str(tmp_path / "rong.geojson"))
    assert code == 2 and "trống" in err


def test_python_m_dashboard_boundaries(unfixed, sets, tmp_path):
    path = write(unfixed, tmp_path / "xa.geojson")
    env = os.environ | {"DVK_BOUNDARY_SETS": str(sets.root), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "dashboard", "boundaries", path, "--activate", "--lang", "en"],
                          cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert "the map now uses it" in done.stdout.decode()
    listed = subprocess.run([sys.executable, "-m", "dashboard", "boundaries", "--list"], cwd=ROOT, env=env,
                            capture_output=True, timeout=120)
    assert listed.returncode == 0 and "* " in listed.stdout.decode()
    assert json.loads((sets.active().folder / "manifest.json").read_text(encoding="utf-8"))["features"] == 28


def test_a_sets_folder_that_cannot_be_written_is_a_message(unfixed, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DVK_BOUNDARY_SETS", str(blocker))
    code, out, err = run(capsys, "boundaries", write(unfixed, tmp_path / "xa.geojson"))
    assert code == 2 and "Không lưu được" in err and "Traceback" not in err
