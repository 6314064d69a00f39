"""The records commands (dashboard/cli/records.py): import, export, template.

Each test gets its own SQLite database (a copy of one seeded with the demo
records, as the app's first run makes it) through DATABASE_URL; most run
main(argv) in-process, a few run `python -m dashboard` as a subprocess the
way staff will. Input files are built here with openpyxl / csv.
"""
import csv
import hashlib
import io
import os
import subprocess
import sys

import openpyxl
import pytest
import sqlalchemy as sa

from dashboard.cli import main
from geo.records import store
from geo.records.export import DATA_SHEET, template_units
from geo.records.fields import FIELDS
from geo.choropleth.query import Filter, query
from geo.records.schema import COLUMNS, load_records
from tests.intake.builders import YEN_SON, simple_xlsx
from tests.paths import ROOT

DEMO = 915

GOOD = [[1, "Mô hình nuôi cá lồng trên sông Lô", "Kinh tế", "Xã Đội Bình", "Hội Nông dân xã", 2022, "Mô tả", "Kết quả"],
        [2, "Điển hình: ông Nguyễn Văn A", "VH-XH", "Nhữ Khê", "", 2021, "", ""],
        [3, "Mô hình dân vận khéo trong giải phóng mặt bằng", "Xây dựng NTM", "thị trấn Yên Sơn", "", 2023, "", ""]]
UNKNOWN = [[1, "Mô hình A", "Kinh tế", "Xã Đội Binh xx", "", 2022, "", ""],
           [2, "Mô hình B", "Khác", "Xã Nhữ Hán", "", 2022, "", ""]]


def counts(url) -> dict[str, int]:
    """How many rows each table holds: "unchanged" means all three are."""
    s = store.open_store(url)
    try:
        with s.engine.connect() as conn:
            return {t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar()
                    for t in (store.records, store.import_batches, store.changes)}
    finally:
        s.dispose()


def write(tmp_path, name, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- import ---

def test_dry_run_of_a_good_file_reports_every_row_and_writes_nothing(db, tmp_path, capsys):
    before = counts(db)
    code, out, err = run(capsys, "import", write(tmp_path, "tot.xlsx", simple_xlsx(GOOD)), "--dry-run")
    assert code == 0, err
    assert "Tệp “tot.xlsx” (xlsx)" in out
    assert out.count("Sẵn sàng") == 3
    assert "Sheet1 · dòng 2 · Sẵn sàng · Mô hình nuôi cá lồng trên sông Lô" in out
    assert "Sheet1 · dòng 4 ·" in out
    assert "Tổng 3 dòng: 3 sẵn sàng, 0 cần xem lại, 0 lỗi." in out
    assert "Chạy thử (--dry-run)" in out
    assert counts(db) == before


def test_unknown_commune_is_an_error_with_the_vietnamese_reason_and_suggestions(db, tmp_path, capsys):
    before = counts(db)
    code, out, err = run(capsys, "import", write(tmp_path, "sai.xlsx", simple_xlsx(UNKNOWN)), "--dry-run")
    assert code == 1
    assert "Sheet1 · dòng 2 · Lỗi – không nhập · Mô hình A" in out
    assert ("Không tìm thấy xã, phường, thị trấn “Xã Đội Binh xx” (Huyện Yên Sơn, Tỉnh Tuyên Quang). "
            "Tên gần giống: Xã Đội Bình (02533)") in out
    assert "Tổng 2 dòng: 1 sẵn sàng, 0 cần xem lại, 1 lỗi." in out
    assert counts(db) == before


def test_english_report_with_lang_en(db, tmp_path, capsys):
    code, out, _ = run(capsys, "import", write(tmp_path, "bad.xlsx", simple_xlsx(UNKNOWN)), "--dry-run", "--lang", "en")
    assert code == 1
    assert "Sheet1 · row 2 · Error – not imported" in out
    assert "Commune “Xã Đội Binh xx” was not found" in out and "Closest names: Xã Đội Bình (02533)" in out
    assert "2 rows: 1 ready, 0 to check, 1 in error." in out


def test_errors_without_dry_run_write_nothing_and_say_so(db, tmp_path, capsys):
    before = counts(db)
    code, out, err = run(capsys, "import", write(tmp_path, "sai.xlsx", simple_xlsx(UNKNOWN)))
    assert code == 1
    assert "Có 1 dòng lỗi nên không ghi gì vào cơ sở dữ liệu" in err
    assert counts(db) == before


def test_import_adds_the_rows_as_one_audited_batch_and_twice_adds_nothing(db, tmp_path, capsys):
    before = counts(db)
    data = simple_xlsx(GOOD)
    path = write(tmp_path, "bao-cao.xlsx", data)
    code, out, err = run(capsys, "import", path)
    assert code == 0, err
    assert "Đã ghi đợt nhập số 2: thêm 3 mô hình, điển hình; bỏ qua 0 dòng trùng." in out
    after = counts(db)
    assert after["records"] == before["records"] + 3
    assert after["import_batches"] == before["import_batches"] + 1

    s = store.open_store(db)
    batch = store.batches(s).iloc[-1]
    assert (batch["user"], batch["filename"], batch["row_count"]) == ("tester", "bao-cao.xlsx", 3)
    assert batch["file_sha256"] == hashlib.sha256(data).hexdigest()
    added = store.read_records(s).query("source == 'bao-cao.xlsx'")
    s.dispose()
    assert sorted(added["commune_code"]) == ["02473", "02530", "02533"]

    code, out, err = run(capsys, "import", path, "--user", "someone")
    assert code == 0, err
    assert "đã được ghi ở đợt nhập số 2" in out and "tester" in out
    assert counts(db) == after


def test_rows_already_stored_are_skipped_not_blocking(db, tmp_path, capsys):
    """A list re-sent with one stored row and one new row: the new row goes in."""
    demo = load_records().iloc[0]
    header = ["STT", "Tên mô hình", "Lĩnh vực", "Mã xã", "Đơn vị", "Năm", "Mô tả", "Kết quả"]
    stored = [1, demo["name"].upper(), demo["field"], demo["commune_code"], "", int(demo["year"]), "", ""]
    new = [2, "Mô hình hoàn toàn mới", demo["field"], demo["commune_code"], "", int(demo["year"]), "", ""]
    before = counts(db)
    code, out, err = run(capsys, "import", write(tmp_path, "lai.xlsx", simple_xlsx([stored, new], header=header)))
    assert code == 0, err
    assert "Mô hình này đã có trong dữ liệu" in out
    assert "thêm 1 mô hình, điển hình; bỏ qua 1 dòng trùng" in out
    assert counts(db)["records"] == before["records"] + 1


def test_user_given_on_the_command_line_is_audited(db, tmp_path, capsys):
    code, _, err = run(capsys, "import", write(tmp_path, "a.xlsx", simple_xlsx(GOOD[:1])), "--user", "Nguyễn Thị B")
    assert code == 0, err
    s = store.open_store(db)
    assert set(store.history(s, batch_id=2)["user"]) == {"Nguyễn Thị B"}
    s.dispose()


@pytest.mark.parametrize("name, data, message", [
    ("rong.xlsx", b"", "Tệp trống, không có dữ liệu."),
    ("rong.csv", b"\xef\xbb\xbf\r\n;;;\r\n", "Tệp trống, không có dữ liệu."),
    ("anh.xlsx", bytes(range(256)) * 40, "không phải bảng tính Excel hay CSV"),
    ("hong.xlsx", b"PK\x03\x04" + b"\x00" * 500, "Tệp bị hỏng hoặc không đọc được"),
    ("tieu-de.xlsx", simple_xlsx([]), "Tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào."),
])
def test_rejected_files_exit_2_with_the_message_and_leave_the_database_unchanged(db, tmp_path, capsys,
                                                                                 name, data, message):
    before = counts(db)
    code, out, err = run(capsys, "import", write(tmp_path, name, data))
    assert code == 2
    assert message in err and name in err
    assert "Traceback" not in out + err
    assert counts(db) == before


def test_a_missing_file_is_a_message(db, tmp_path, capsys):
    code, _, err = run(capsys, "import", str(tmp_path / "khong-co.xlsx"))
    assert code == 2 and "Không đọc được tệp" in err


def test_read_only_mode_refuses_to_import(db, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DVK_RECORDS", str(ROOT / "data" / "demo" / "records.csv"))
    before = counts(db)
    code, _, err = run(capsys, "import", write(tmp_path, "a.xlsx", simple_xlsx(GOOD)))
    assert code == 2 and "chế độ chỉ đọc" in err
    assert counts(db) == before


def test_an_unreachable_database_is_a_message(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")
    code, _, err = run(capsys, "import", write(tmp_path, "a.xlsx", simple_xlsx(GOOD)))
    assert code == 2
    assert "Không mở được cơ sở dữ liệu" in err and "secret" not in err


def test_control_characters_of_a_file_never_reach_the_terminal(db, tmp_path, capsys):
    rows = [[1, "Mô hình \x1b[2J\x1b]0;pwned\x07 A", "Kinh tế", "Xã Đội Bình \x1b[31m", "", 2022, "", ""]]
    buf = io.StringIO()
    csv.writer(buf).writerows([["STT", "Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Đơn vị", "Năm", "Mô tả",
                                "Kết quả"], *rows])
    _, out, err = run(capsys, "import", write(tmp_path, "esc.csv", buf.getvalue().encode()), "--dry-run")
    assert "\x1b" not in out + err and "\x07" not in out + err


# --- export ---

def exported_csv(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_export_csv_with_filters_has_the_dashboard_rows(db, tmp_path, capsys):
    out_file = tmp_path / "ra.csv"
    code, out, err = run(capsys, "export", "--format", "csv", "--out", str(out_file), "--field", "kinh-te",
                         "nong-thon-moi", "--from", "2021", "--to", "2022", "--commune", "02533", "--commune",
                         "Nhữ Khê")
    assert code == 0, err
    expected = query(load_records(), Filter(fields=("kinh-te", "nong-thon-moi"), year_from=2021, year_to=2022,
                                            communes=("02533", "02530")))
    rows = exported_csv(out_file.read_bytes())
    assert 0 < len(rows) == len(expected)
    assert [r["id"] for r in rows] == list(expected["id"])
    assert list(rows[0]) == list(COLUMNS)
    assert f"Đã ghi {len(expected)} mô hình, điển hình vào {out_file}." in out


def test_export_xlsx_all_records_and_by_field_label(db, tmp_path, capsys):
    out_file = tmp_path / "ra.xlsx"
    code, _, err = run(capsys, "export", "--format", "xlsx", "--out", str(out_file), "--field", "Kinh tế")
    assert code == 0, err
    ws = openpyxl.load_workbook(out_file).active
    expected = (load_records()["field"] == "kinh-te").sum()
    assert ws.max_row - 1 == expected
    assert tuple(c.value for c in ws[1]) == COLUMNS


def test_export_in_read_only_mode_reads_the_dvk_records_file(db, tmp_path, capsys, monkeypatch):
    small = tmp_path / "small.csv"
    load_records().head(7).astype({"field": str, "commune_code": str}).to_csv(small, index=False)
    monkeypatch.setenv("DVK_RECORDS", str(small))
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "ra.csv"))
    assert code == 0, err
    assert len(exported_csv((tmp_path / "ra.csv").read_bytes())) == 7


@pytest.mark.parametrize("argv, message", [
    (["--commune", "Đội Binh xx"], "Không nhận ra xã, phường, thị trấn “Đội Binh xx”. Tên gần giống: Xã Đội Bình (02533)"),
    (["--field", "thể thao"], "Không nhận ra lĩnh vực “thể thao”"),
    (["--from", "2023", "--to", "2021"], "Năm đầu 2023 lớn hơn năm cuối 2021."),
])
def test_export_refuses_bad_filters(db, tmp_path, capsys, argv, message):
    out_file = tmp_path / "x.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(out_file), *argv)
    assert code == 2 and message in err
    assert not out_file.exists()


def test_hostile_text_imported_then_exported_is_neutralised(db, tmp_path, capsys):
    names = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "-3+4", "@SUM(A1)"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Năm", "Đơn vị thực hiện"])
    writer.writerows([[n, "Kinh tế", "Xã Tứ Quận", 2024, "=cmd|' /C calc'!A0"] for n in names])
    code, _, err = run(capsys, "import", write(tmp_path, "doc.csv", buf.getvalue().encode("utf-8")))
    assert code == 0, err

    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "ra.csv"), "--from", "2024")
    assert code == 0, err
    rows = exported_csv((tmp_path / "ra.csv").read_bytes())
    assert sorted(r["name"] for r in rows) == sorted("'" + n for n in names)
    assert {r["unit"] for r in rows} == {"'=cmd|' /C calc'!A0"}

    code, _, err = run(capsys, "export", "--format", "xlsx", "--out", str(tmp_path / "ra.xlsx"), "--from", "2024")
    assert code == 0, err
    ws = openpyxl.load_workbook(tmp_path / "ra.xlsx").active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert sorted(ws.cell(r, 2).value for r in range(2, ws.max_row + 1)) == sorted("'" + n for n in names)


# --- template ---

def test_template_filled_in_imports_every_row(db, tmp_path, capsys):
    path = tmp_path / "mau.xlsx"
    code, out, err = run(capsys, "template", "--out", str(path))
    assert code == 0, err
    assert f"Đã ghi tệp mẫu nhập liệu vào {path}." in out
    wb = openpyxl.load_workbook(path)
    ws = wb[DATA_SHEET]
    units = template_units(YEN_SON)
    for i in range(6):
        ws.append([i + 1, f"Mô hình mẫu {i}", "Mô hình", FIELDS[i].vi, 2022, units[i * 4], "Đoàn Thanh niên",
                   "", "", ""])
    wb.save(path)
    before = counts(db)
    code, out, err = run(capsys, "import", str(path))
    assert code == 0, err
    assert "Tổng 6 dòng: 6 sẵn sàng, 0 cần xem lại, 0 lỗi." in out
    assert counts(db)["records"] == before["records"] + 6


def test_dvk_area_is_the_scope_of_import_export_and_template(db, tmp_path, capsys, monkeypatch):
    """The configured area (DVK_AREA), not a district built into the command line, says which communes exist."""
    monkeypatch.setenv("DVK_AREA", "08/076")                     # Sơn Dương, beside Yên Sơn
    code, out, _ = run(capsys, "import", write(tmp_path, "tot.xlsx", simple_xlsx(GOOD)), "--dry-run")
    assert code == 1 and "(Huyện Sơn Dương, Tỉnh Tuyên Quang)" in out
    assert "Tổng 3 dòng: 0 sẵn sàng, 0 cần xem lại, 3 lỗi." in out
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(tmp_path / "x.csv"), "--commune", "02533")
    assert code == 2 and "Không nhận ra xã, phường, thị trấn “02533”" in err
    code, _, err = run(capsys, "template", "--out", str(tmp_path / "mau.xlsx"))
    assert code == 0, err
    communes = [c.value for (c,) in openpyxl.load_workbook(tmp_path / "mau.xlsx")["Danh mục"]["C2:C100"] if c.value]
    assert communes == template_units(("08", "076")) and "Xã Đội Bình" not in communes


def test_template_default_name_in_the_working_directory(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run(capsys, "template")
    assert code == 0 and (tmp_path / "mau-danh-sach-mo-hinh.xlsx").stat().st_size > 5000


def test_bad_options_are_argparse_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export"])                       # --format is required
    assert exc.value.code == 2
    assert "--format" in capsys.readouterr().err


# --- as staff run it ---

def cli(url, *argv, cwd=ROOT):
    env = os.environ | {"DATABASE_URL": url, "PYTHONIOENCODING": "utf-8"}
    env.pop("DVK_RECORDS", None)
    return subprocess.run([sys.executable, "-m", "dashboard", *argv], cwd=cwd, env=env, capture_output=True,
                          timeout=120)


def test_python_m_dashboard_import_and_export(db, tmp_path, capsys):
    """The entry point itself once (a process of its own); the other commands in this process, which
    runs the same main() (each process start costs seconds of imports)."""
    good = write(tmp_path, "tot.xlsx", simple_xlsx(GOOD))
    bad = write(tmp_path, "sai.xlsx", simple_xlsx(UNKNOWN))
    before = counts(db)

    done = cli(db, "import", good, "--dry-run")
    assert done.returncode == 0, done.stderr.decode()
    assert "3 sẵn sàng" in done.stdout.decode()
    assert counts(db) == before

    def run(*argv) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = run("import", bad)
    assert code == 1 and "Tên gần giống: Xã Đội Bình (02533)" in out and "không ghi gì" in err

    code, out, err = run("import", write(tmp_path, "x.xlsx", b"\x00" * 100))
    assert code == 2 and "Traceback" not in err
    assert counts(db) == before

    code, out, err = run("import", good, "--lang", "en")
    assert code == 0, err
    assert "3 models and exemplars added" in out
    assert counts(db)["records"] == before["records"] + 3

    code, out, err = run("export", "--format", "csv", "--commune", "02533")        # to stdout, message on stderr
    assert code == 0, err
    rows = exported_csv(out.encode())
    assert len(rows) == (load_records()["commune_code"] == "02533").sum() + 1
    assert "mô hình, điển hình vào <stdout>" in err


@pytest.mark.parametrize("area", ["abc", "99/999", "08/999"])
@pytest.mark.parametrize("command", [["template", "--out", "{tmp}/mau.xlsx"], ["export", "--format", "csv",
                                                                              "--commune", "Đội Bình"]])
def test_a_mistyped_dvk_area_is_said_in_words(db, tmp_path, monkeypatch, capsys, area, command):
    """An administrator's typo in DVK_AREA ends the command with a message (exit 2), not a traceback."""
    monkeypatch.setenv("DVK_AREA", area)
    assert main([part.format(tmp=tmp_path) for part in command] + ["--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "No administrative units for province" in err and "Traceback" not in err


def test_a_mistyped_dvk_area_refuses_an_import_in_words(db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DVK_AREA", "99/999")
    path = write(tmp_path, "bao-cao.xlsx", simple_xlsx(UNKNOWN))
    assert main(["import", path, "--lang", "en"]) == 2
    assert "No administrative units for province" in capsys.readouterr().err


def test_a_refused_import_leaves_a_trace_in_the_history_and_a_dry_run_none(db, tmp_path, capsys):
    """Issue 13 item 8: the command line keeps the trace the import page keeps (who, which file, why)."""
    path = write(tmp_path, "sai.xlsx", simple_xlsx(UNKNOWN))
    assert run(capsys, "import", path, "--dry-run")[0] == 1
    s = store.open_store(db)
    try:
        assert store.refusals(s).empty
        assert run(capsys, "import", path, "--user", "lan")[0] == 1
        (row,) = store.refusals(s).to_dict("records")
    finally:
        s.dispose()
    assert (row["user"], row["filename"]) == ("lan", "sai.xlsx")
    assert row["reason_key"] == "rows_in_error"
