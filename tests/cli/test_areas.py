"""`python -m dashboard areas --report FILE.csv`: the codes of the national 2009 set, for review.

The national set (../shared/data/vn-communes-2009, licensed separately) is
read at test time and never copied; the report is written to a temporary
folder. Loading the set takes seconds, so the command runs once for the
module (in Vietnamese) and once more in English.
"""
import contextlib
import csv
import io
import os
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.cli.areas import report_csv
from geo import prepared
from geo.boundaries.national import CODING_COLUMNS, load_national, select
from tests.national_set import require_national, small_country
from tests.paths import ROOT, SHARED

NATIONAL = SHARED / "vn-communes-2009" / "communes-2009.gpkg"
needs_national = pytest.mark.skipif(not NATIONAL.is_file(), reason=f"national commune set not found at {NATIONAL}")
COLUMNS = ["province_id", "district_id", "commune_id", "province_vn", "district_vn", "commune_vn", "code",
           "district_code", "matched_via", "reason"]


def run(*argv) -> tuple[int, str, str]:
    """main(argv) in this process, with what it printed (module fixtures cannot use capsys)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def read_report(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def national():
    if not NATIONAL.is_file():
        pytest.skip(f"national commune set not found at {NATIONAL}")
    return load_national(NATIONAL)


@pytest.fixture(scope="module")
def vi(national, tmp_path_factory):
    """The command run once in Vietnamese: exit code, printed summary and the report's bytes."""
    path = tmp_path_factory.mktemp("areas") / "ma-xa.csv"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DVK_NATIONAL", str(NATIONAL))
        code, out, err = run("areas", "--report", str(path))
    return code, out, err, path.read_bytes()


@pytest.fixture(scope="module")
def report(vi) -> pd.DataFrame:
    return read_report(vi[3])


def test_the_report_has_exactly_the_columns_and_one_row_per_polygon(vi, report):
    code, _, err, data = vi
    assert code == 0, err
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data  # UTF-8 with a BOM, like `export`
    assert list(report.columns) == COLUMNS == CODING_COLUMNS
    assert len(report) == 11_163 and report["commune_id"].is_unique


def test_codes_in_the_report_agree_with_the_app(national, report):
    frame = national.frame.set_index(national.frame["commune_id"].astype(str))
    rows = report.set_index("commune_id")
    assert (rows["code"] == frame["code"].fillna("").reindex(rows.index)).all()
    assert (rows["matched_via"] == frame["matched_via"].fillna("").reindex(rows.index)).all()
    coded = rows["code"] != ""
    assert (rows.loc[coded, "district_code"] == frame.loc[rows.index[coded], "district_code"]).all()
    assert set(rows.loc[coded, "code"]) == set(select(national, None).communes["code"])  # what the map colours


def test_every_polygon_without_a_code_says_why(report):
    coded = report["code"] != ""
    assert (report.loc[coded, "reason"] == "").all() and (report.loc[~coded, "reason"] != "").all()
    assert (report.loc[~coded, ["district_code", "matched_via"]] == "").all().all()
    assert set(report["matched_via"]) == {"district", "province", ""}
    assert report["code"].str.fullmatch(r"(\d{5})?").all()  # codes stay text, leading zero kept


@pytest.mark.parametrize("district, commune, code, unit", [
    ("Huyện Tân Yên", "Xã Phúc Sơn", "07630", "Huyện Sơn Động"),
    ("Huyện Lương Sơn", "Xã Tân Thành", "04882", "Huyện Mai Châu"),
    ("Huyện Kim Bôi", "Xã Sơn Thủy", "05206", "Huyện Mai Châu"),
    ("Huyện Tiên Lãng", "Xã Bạch Đằng", "11500", "Thành phố Thủy Nguyên"),
    ("Huyện Đông Hưng", "Xã Đông Quang", "12997", "Huyện Tiền Hải"),
])
def test_a_withdrawn_fallback_is_listed_with_the_unit_it_did_not_get(report, district, commune, code, unit):
    row = report[(report["district_vn"] == district) & (report["commune_vn"] == commune)]
    assert len(row) == 1 and row["code"].item() == ""
    reason = row["reason"].item()
    assert reason.startswith("Cùng tên với") and f"mã {code}, {unit}" in reason
    assert "không phải huyện tiền thân" in reason


def test_the_summary_states_the_figures_in_vietnamese(vi):
    _, out, _, _ = vi
    assert "11.163 vùng; 9.465 vùng có mã đơn vị hành chính, 1.698 vùng chưa có mã" in out
    assert "357 vùng khớp theo tên xã trong tỉnh" in out
    assert "146 vùng giáp huyện mới, 211 vùng thuộc huyện tiền thân" in out
    assert "13 vùng chưa có mã: cùng tên với đơn vị của huyện khác nhưng vị trí không xác nhận." in out
    assert "Đã ghi bảng mã của 11.163 vùng vào" in out


@needs_national
def test_english_report_to_stdout_with_the_summary_on_stderr(monkeypatch):
    monkeypatch.setenv("DVK_NATIONAL", str(NATIONAL))
    stdout = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(stdout, encoding="utf-8"))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["areas", "--report", "-", "--lang", "en"])
    sys.stdout.flush()
    assert code == 0
    assert "11,163 polygons; 9,465 with an administrative unit code" in err.getvalue()
    report = read_report(stdout.getvalue())
    assert len(report) == 11_163
    row = report[(report["district_vn"] == "Huyện Tân Yên") & (report["commune_vn"] == "Xã Phúc Sơn")]
    assert row["reason"].item().startswith("Same name as Xã Phúc Sơn (code 07630, Huyện Sơn Động)")


def test_text_a_spreadsheet_would_run_is_neutralised():
    table = pd.DataFrame([{
        "province_id": 1, "district_id": 101, "commune_id": 10101, "province_vn": "Hà Nội",
        "district_vn": "=HYPERLINK(\"x\")", "commune_vn": "+cmd", "code": None, "district_code": None,
        "matched_via": None, "reason": "no_name", "name": "", "codes": (), "confirmed": None}])
    rows = list(csv.reader(io.StringIO(report_csv(table, "vi").decode("utf-8-sig"))))
    assert rows[1][:7] == ["1", "101", "10101", "Hà Nội", "'=HYPERLINK(\"x\")", "'+cmd", ""]
    assert rows[1][-1] == "Vùng không có tên xã."


@pytest.mark.parametrize("lang, words", [("vi", "Không tìm thấy tệp ranh giới xã toàn quốc"),
                                         ("en", "National commune boundary file not found")])
def test_a_missing_national_file_is_refused_in_words(tmp_path, monkeypatch, capsys, lang, words):
    monkeypatch.setenv("DVK_NATIONAL", str(tmp_path / "none.gpkg"))
    assert main(["areas", "--report", str(tmp_path / "r.csv"), "--lang", lang]) == 2
    out, err = capsys.readouterr()
    assert words in err and "DVK_NATIONAL" in err and out == ""
    assert not (tmp_path / "r.csv").exists()


def test_a_broken_national_file_is_refused_in_words(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "broken.gpkg"
    broken.write_bytes(b"not a geopackage")
    monkeypatch.setenv("DVK_NATIONAL", str(broken))
    assert main(["areas"]) == 2
    assert "Không đọc được tệp ranh giới" in capsys.readouterr().err


def test_the_real_command_prints_no_traceback(tmp_path):
    env = {**os.environ, "DVK_NATIONAL": str(tmp_path / "none.gpkg"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "dashboard", "areas", "--report", str(tmp_path / "r.csv")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Không tìm thấy tệp ranh giới xã toàn quốc" in done.stderr and "Traceback" not in done.stderr


# --- areas --prepare: the whole country ahead of time ---------------------------------------------

@pytest.fixture
def country_cache(tmp_path, monkeypatch):
    """An empty cache folder, and building replaced by the two-province stand-in (tests/national_set.py)."""
    require_national()
    monkeypatch.setenv("DVK_NATIONAL", str(NATIONAL))
    monkeypatch.setattr(prepared, "CACHE", tmp_path / "areas")
    monkeypatch.setattr(prepared, "build", lambda whole: small_country())
    return tmp_path / "areas"


def test_prepare_builds_the_country_once_and_says_what_it_did(country_cache):
    code, out, err = run("areas", "--prepare")
    assert code == 0, err
    folder = country_cache / prepared.key(NATIONAL)
    assert prepared.is_prepared(folder)
    assert out.splitlines()[0].startswith("Đang chuẩn bị bản đồ cả nước từ")
    assert "Đã chuẩn bị bản đồ cả nước trong" in out and str(folder) in out
    assert "Các bước: đọc bộ ranh giới" in out and "ghép các đơn vị từ 01/7/2025" in out
    communes = len(small_country()[0].area.communes)
    assert f"{communes} đơn vị hành chính cấp xã có mã" in out and "2 đường ranh giới tỉnh" in out
    assert "Không vẽ 1 đơn vị nằm trọn trong đơn vị bên cạnh (lỗi của tệp nguồn): 01267." in out
    assert "country-communes.parquet:" in out and " KB" in out
    code, out, err = run("areas", "--prepare", "--lang", "en")
    assert code == 0 and "Preparing" not in out
    assert out.startswith(f"The map of the whole country is already prepared in {folder} (read back in ")
    assert f"{communes} coded commune-level units" in out


def test_prepare_without_the_national_file_is_refused_in_words(tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_NATIONAL", str(tmp_path / "none.gpkg"))
    monkeypatch.setattr(prepared, "CACHE", tmp_path / "areas")
    code, out, err = run("areas", "--prepare")
    assert code == 2 and "Không tìm thấy tệp ranh giới xã toàn quốc" in err and out == ""
    assert not (tmp_path / "areas").exists()


def test_prepare_says_when_the_country_cannot_be_stored(country_cache, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setattr(prepared, "CACHE", blocked / "areas")
    code, out, err = run("areas", "--prepare")
    assert code == 2 and "Không ghi được bản đồ cả nước vào" in err
