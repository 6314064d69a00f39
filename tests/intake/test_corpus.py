"""The corpus of bad and hostile inputs: each gets its specific message key, none another exception.

Table-driven: every case builds its file at test time (nothing stored), runs
preview(), and checks the outcome - an IntakeError with a given key, or a
preview whose rows/notices carry given keys. `python -m tests.intake.test_corpus`
prints the outcome table (with timings).
"""
from __future__ import annotations

import io
import random
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from geo.intake import IntakeError, MESSAGES, Preview, preview, preview_file
from tests.intake import builders
from tests.intake.builders import HEADER

MB = 2**20
GOOD = [1, "Mô hình trồng bưởi", "Kinh tế", "Xã Đội Bình", "UBND xã", 2021, "Mô tả", "Kết quả"]


def _rows(n: int = 3) -> list[list]:
    return [[i + 1, f"Mô hình số {i + 1}", "Kinh tế", "Đội Bình", "", 2021, "", ""] for i in range(n)]


def _xlsx(rows=None) -> bytes:
    return builders.simple_xlsx(rows if rows is not None else _rows())


def _zip(files: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
    return buf.getvalue()


def _patch_xlsx(data: bytes, part: str, edit: Callable[[str], str], extra: dict[str, bytes] | None = None) -> bytes:
    """Rewrite one XML part of a workbook (to put in what openpyxl cannot write)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = edit(content.decode()).encode()
            zf.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            zf.writestr(name, content)
    return out.getvalue()


def _sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


# ---- builders of the hostile files ------------------------------------------------------------
def formulas(cached: bool) -> bytes:
    """Year cells written as formulas; with cached values as Excel saves them, or without (scripts)."""
    data = _xlsx([[1, "Mô hình A", "Kinh tế", "Đội Bình", "", "=2020+1"],
                  [2, "Mô hình B", "Kinh tế", "Đội Bình", "", "=YEAR(TODAY())-5"]])
    if not cached:
        return data
    return _patch_xlsx(data, "xl/worksheets/sheet1.xml",
                       lambda x: x.replace("<f>2020+1</f><v />", "<f>2020+1</f><v>2021</v>")
                                  .replace("<f>YEAR(TODAY())-5</f><v />", "<f>YEAR(TODAY())-5</f><v>2021</v>"))


def formula_error() -> bytes:
    data = _xlsx([[1, "Mô hình A", "Kinh tế", "Đội Bình", "", "=1/0"]])
    return _patch_xlsx(data, "xl/worksheets/sheet1.xml",
                       lambda x: x.replace('<c r="F2"><f>1/0</f><v /></c>',
                                           '<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))


def encrypted_with_msoffcrypto() -> bytes:
    msoffcrypto = pytest.importorskip("msoffcrypto")
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_xlsx())).encrypt("matkhau", out)
    return out.getvalue()


def minimal_cfb_with_encrypted_package() -> bytes:
    """A hand-made OLE compound file whose directory names an "EncryptedPackage" stream."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = (0x3E).to_bytes(2, "little")          # minor version
    header[26:28] = (3).to_bytes(2, "little")             # major version 3 (512-byte sectors)
    header[28:30] = b"\xfe\xff"                           # little-endian
    header[30:32] = (9).to_bytes(2, "little")             # sector shift
    header[32:34] = (6).to_bytes(2, "little")             # mini sector shift
    header[44:48] = (1).to_bytes(4, "little")             # one FAT sector
    header[48:52] = (1).to_bytes(4, "little")             # directory starts at sector 1
    header[56:60] = (4096).to_bytes(4, "little")          # mini stream cutoff
    header[60:64] = (0xFFFFFFFE).to_bytes(4, "little")    # no mini FAT
    header[68:72] = (0xFFFFFFFE).to_bytes(4, "little")    # no DIFAT sectors
    header[76:80] = (0).to_bytes(4, "little")             # DIFAT[0] = FAT at sector 0
    header[80:512] = b"\xff" * 432
    fat = bytearray(b"\xff" * 512)
    fat[0:4] = (0xFFFFFFFD).to_bytes(4, "little")         # sector 0: FAT
    fat[4:8] = (0xFFFFFFFE).to_bytes(4, "little")         # sector 1: directory, end of chain

    def entry(name: str, kind: int) -> bytes:
        e = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        e[0:len(raw)] = raw
        e[64:66] = len(raw).to_bytes(2, "little")
        e[66] = kind
        e[68:80] = b"\xff" * 12
        return bytes(e)

    directory = entry("Root Entry", 5) + entry("EncryptionInfo", 2) + entry("EncryptedPackage", 2) + bytes(128)
    return bytes(header) + bytes(fat) + directory


def encrypted_xls() -> bytes:
    """A real .xls whose WRITEACCESS record is turned into FILEPASS (how BIFF8 marks encryption)."""
    pytest.importorskip("xlwt")
    data = builders.xls([HEADER, GOOD])
    i = data.find(b"\x5c\x00\x70\x00")
    assert i > 0
    return data[:i] + b"\x2f\x00" + data[i + 2:]


def ole_without_workbook() -> bytes:
    """An OLE file that is not a workbook (its "Workbook" stream renamed), like a Word 97 .doc."""
    pytest.importorskip("xlwt")
    data = builders.xls([HEADER, GOOD])
    return data.replace("Workbook".encode("utf-16-le"), "WordDocs".encode("utf-16-le"))


def zip_bomb() -> bytes:
    """A workbook carrying a member that unpacks to 250 MB of zeros (a few hundred KB packed)."""
    buf = io.BytesIO(_xlsx())
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("xl/media/padding.bin", "w") as member:
            chunk = bytes(MB)
            for _ in range(250):
                member.write(chunk)
    return buf.getvalue()


def billion_laughs() -> bytes:
    lol = ['<!DOCTYPE worksheet [<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)] + [']>']
    dtd = "".join(lol).replace("&lol;", "&lol;")
    return _patch_xlsx(_xlsx(), "xl/worksheets/sheet1.xml",
                       lambda x: x.replace("<worksheet ", dtd + "<worksheet ", 1)
                                  .replace("<t>Mô hình số 1</t>", "<t>&lol9;</t>"))


def external_entity() -> bytes:
    dtd = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
    return _patch_xlsx(_xlsx(), "xl/worksheets/sheet1.xml",
                       lambda x: x.replace("<worksheet ", dtd + "<worksheet ", 1)
                                  .replace("<t>Mô hình số 1</t>", "<t>&xxe;</t>"))


def huge_merge() -> bytes:
    """A merged range over the whole sheet and a bogus declared dimension."""
    return _patch_xlsx(_xlsx(), "xl/worksheets/sheet1.xml",
                       lambda x: x.replace("</sheetData>", '</sheetData><mergeCells count="1">'
                                           '<mergeCell ref="I1:XFD1048576"/></mergeCells>')
                                  .replace('<dimension ref="A1:H4" />', '<dimension ref="A1:XFD1048576" />'))


def many_columns() -> bytes:
    header = HEADER + [f"Cột {i}" for i in range(200)]
    return builders.simple_xlsx([GOOD + ["x"] * 200], header=header)


def rows_csv(n: int) -> bytes:
    lines = [builders.csv_text([HEADER]).strip()] + [f"{i},Mô hình {i},Kinh tế,Đội Bình,,2021,,"
                                                      for i in range(1, n + 1)]
    return "\n".join(lines).encode()


def rows_xlsx(n: int) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("2021")
    ws.append(HEADER)
    communes = ["Đội Bình", "Lực Hành", "Quý Quân", "Thắng Quân", "Doi Binh", "TT Yên Sơn", "Chiêu Yên", "Kim Quan"]
    fields = ["Kinh tế", "VH-XH", "QP-AN", "Xây dựng NTM", "XD hệ thống chính trị", "Khác"]
    for i in range(n):
        ws.append([i + 1, f"Mô hình số {i + 1}", fields[i % 6], communes[i % 8], f"Chi bộ thôn {i % 17}",
                   2020 + i % 3, "Mô tả", "Kết quả"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def sparse_file(tmp: Path, size: int) -> Path:
    path = tmp / "qua-lon.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(size)           # sparse: no disk space used, nothing kept after the test
    return path


def header_in_row_8() -> bytes:
    title = [["UBND HUYỆN YÊN SƠN"], ["BAN DÂN VẬN"], [], ["BÁO CÁO"], ["Mô hình dân vận khéo năm 2021"], [], []]
    return builders.xlsx({"Sheet1": title + [HEADER, GOOD]})


def two_row_merged_header() -> bytes:
    rows, merges = builders.report_sheet("NĂM 2021", [GOOD[1:]])
    return builders.xlsx({"2021": rows}, {"2021": merges})


def html_everywhere() -> bytes:
    import openpyxl

    evil = "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    ws.append([1, "Mô hình " + evil, "Kinh tế", "Đội Bình", evil, 2021, evil, "=cmd|' /C calc'!A0"])
    ws["H2"].data_type = "s"          # text that starts with "=", not a formula
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mixed_encoding_csv() -> bytes:
    utf8 = builders.csv_text([HEADER, [1, "Mô hình trồng bưởi", "Kinh tế", "Đội Bình", "", 2021]]).encode()
    cp = builders.to_cp1258(builders.csv_text([[2, "Mô hình nuôi ong", "Kinh tế", "Lực Hành", "", 2021]]))
    return utf8 + cp


def utf16_without_bom() -> bytes:
    return builders.csv_text([HEADER, GOOD]).encode("utf-16-le")


def xls_named_xlsx() -> bytes:
    pytest.importorskip("xlwt")
    return builders.xls([HEADER, GOOD])


# ---- expectations ------------------------------------------------------------------------------
def raises(key: str):
    return ("raises", key)


def rows_have(*keys: str, status: str | None = None):
    """Every listed reason key appears on some row; status: all rows have it."""
    def check(p: Preview):
        found = {r.key for row in p.rows for r in row.reasons}
        assert set(keys) <= found, (keys, found)
        if status:
            assert {row.status for row in p.rows} == {status}
    return ("preview", check)


def notices_have(*keys: str, ready: int | None = None):
    def check(p: Preview):
        assert set(keys) <= {n.key for n in p.notices}
        if ready is not None:
            assert p.counts()["ready"] == ready, p.counts()
    return ("preview", check)


def all_ready(n: int, extra: Callable[[Preview], None] | None = None):
    def check(p: Preview):
        assert p.counts() == {"ready": n, "warning": 0, "error": 0}, [(r.row_number, r.reasons) for r in p.rows]
        if extra:
            extra(p)
    return ("preview", check)


@dataclass
class Case:
    id: str
    what: str
    make: Callable[[Path], tuple]      # tmp_path -> (bytes or Path, filename, options)
    expect: tuple


def _b(fn, name="ds.xlsx", **options):
    return lambda tmp: (fn(), name, options)


def _html_check(p: Preview):
    row = p.rows[0]
    assert "<script>alert(document.cookie)</script>" in row.values["name"]
    assert row.values["unit"].startswith("<script>") and row.values["result"] == "=cmd|' /C calc'!A0"


CASES = [
    Case("empty", "0-byte file", _b(lambda: b""), raises("file_empty")),
    Case("blank_csv", "CSV of blank lines and separators", _b(lambda: b" \r\n,,,\r\n;;\n", "a.csv"),
         raises("file_empty")),
    Case("only_headers_xlsx", "workbook with the header row only", _b(lambda: _xlsx([])), raises("no_data_rows")),
    Case("only_headers_csv", "CSV with the header row only", _b(lambda: builders.csv_text([HEADER]).encode(), "a.csv"),
         raises("no_data_rows")),
    Case("title_only", "a title and a letterhead, no table",
         _b(lambda: builders.xlsx({"s": [["BÁO CÁO"], ["Năm 2021"]]})), raises("no_header_found")),
    Case("unknown_headers", "a table whose headers are not ours",
         _b(lambda: builders.simple_xlsx([[1, 2, 3]], header=["Họ tên", "Ngày sinh", "Quê quán"])),
         raises("no_header_found")),
    Case("ext_pdf", "a real workbook named .pdf", _b(_xlsx, "ds.pdf"), raises("unsupported_extension")),
    Case("ext_docx", "a real workbook named .docx", _b(_xlsx, "ds.docx"), raises("unsupported_extension")),
    Case("random_binary", "random bytes named .xlsx", _b(lambda: random.Random(7).randbytes(4096)),
         raises("not_a_spreadsheet")),
    Case("png_as_xlsx", "a PNG image named .xlsx", _b(lambda: b"\x89PNG\r\n\x1a\n" + bytes(200)),
         raises("not_a_spreadsheet")),
    Case("pdf_as_xls", "a PDF named .xls", _b(lambda: b"%PDF-1.7\n" + bytes(100), "ds.xls"),
         raises("not_a_spreadsheet")),
    Case("nul_binary_csv", "binary with NUL bytes named .csv", _b(lambda: bytes(range(256)) * 8, "a.csv"),
         raises("not_a_spreadsheet")),
    Case("zip_not_workbook", "a ZIP of text files named .xlsx", _b(lambda: _zip({"readme.txt": "hello"})),
         raises("not_a_spreadsheet")),
    Case("docx_as_xlsx", "a Word .docx named .xlsx",
         _b(lambda: _zip({"[Content_Types].xml": "<x/>", "word/document.xml": "<w/>"})), raises("not_a_spreadsheet")),
    Case("ods_as_xlsx", "an OpenDocument spreadsheet named .xlsx",
         _b(lambda: _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"})),
         raises("resave_as_xlsx")),
    Case("truncated_xlsx", "a workbook cut in half (broken download)", _b(lambda: _xlsx()[: len(_xlsx()) // 2]),
         raises("corrupt_workbook")),
    Case("broken_workbook_xml", "a zip with xl/workbook.xml that is not XML",
         _b(lambda: _zip({"[Content_Types].xml": "garbage", "xl/workbook.xml": "<<<"})), raises("corrupt_workbook")),
    Case("encrypted_xlsx", "password-protected .xlsx (msoffcrypto-tool)", _b(encrypted_with_msoffcrypto),
         raises("encrypted_workbook")),
    Case("encrypted_cfb_minimal", "hand-made OLE file with an EncryptedPackage stream",
         _b(minimal_cfb_with_encrypted_package), raises("encrypted_workbook")),
    Case("encrypted_xls", "password-protected legacy .xls (FILEPASS record)", _b(encrypted_xls, "ds.xls"),
         raises("encrypted_workbook")),
    Case("ole_not_workbook", "an OLE file without a workbook stream (.doc-like) named .xls",
         _b(ole_without_workbook, "ds.xls"), raises("not_a_spreadsheet")),
    Case("html_as_xls", "an HTML table saved as .xls (web export)",
         _b(lambda: b"<html><body><table><tr><td>x</td></tr></table></body></html>", "ds.xls"),
         raises("resave_as_xlsx")),
    Case("xml2003_as_xls", "Excel 2003 XML spreadsheet named .xls",
         _b(lambda: b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
            "ds.xls"), raises("resave_as_xlsx")),
    Case("over_50mb_on_disk", "a 51 MB file on disk (sparse), limit 20 MB",
         lambda tmp: (sparse_file(tmp, 51 * MB), "qua-lon.xlsx", {}), raises("file_too_large")),
    Case("over_limit_bytes", "21 MB upload in memory, limit 20 MB", _b(lambda: b"a" * (21 * MB), "a.csv"),
         raises("file_too_large")),
    Case("zip_bomb", "workbook unpacking to 250 MB", _b(zip_bomb), raises("workbook_too_large")),
    Case("billion_laughs", "XML entity expansion bomb in a sheet", _b(billion_laughs), raises("corrupt_workbook")),
    Case("external_entity", "XML external entity (file:///etc/hostname) in a sheet", _b(external_entity),
         raises("corrupt_workbook")),
    Case("too_many_rows_csv", "CSV with 10,001 data rows against max_rows=10,000",
         _b(lambda: rows_csv(10_001), "a.csv", max_rows=10_000), raises("too_many_rows")),
    Case("too_many_rows_fast", "CSV with 150,000 data rows: refused before any row is checked",
         _b(lambda: rows_csv(150_000), "a.csv"), raises("too_many_rows")),
    Case("too_many_rows_limit", "60 rows against max_rows=50", _b(lambda: _xlsx(_rows(60)), max_rows=50),
         raises("too_many_rows")),
    Case("bad_override", "mapping override to a column that cannot exist",
         _b(_xlsx, mapping_overrides={"name": "ZZZZ"}), raises("bad_mapping_override")),
    Case("override_removes_name", "mapping override that unmaps the name column",
         _b(_xlsx, mapping_overrides={"name": None}), raises("mapping_without_name")),
    # At and one past the limit, set lower than the default 100,000 (the same check; the default's speed is
    # bench_intake's, and too_many_rows_fast refuses 150,000 rows against the default).
    Case("rows_at_limit", "10,000 data rows against max_rows=10,000, in one sheet",
         _b(lambda: rows_xlsx(10_000), max_rows=10_000), all_ready(10_000)),
    Case("semicolon_csv", "CSV separated by ';' (Vietnamese Excel)",
         _b(lambda: builders.csv_bytes([HEADER, GOOD], "utf-8", ";"), "a.csv"),
         all_ready(1, lambda p: p.delimiter == ";" or pytest.fail("delimiter"))),
    Case("utf16_no_bom", "UTF-16LE CSV without a BOM", _b(utf16_without_bom, "a.csv"), all_ready(1)),
    Case("header_row_8", "title block, header in row 8", _b(header_in_row_8),
         all_ready(1, lambda p: p.sheets[0].header_row == 8 or pytest.fail("header row"))),
    Case("two_row_header", "merged two-row header, numbering row, total, signatures", _b(two_row_merged_header),
         all_ready(1, lambda p: p.sheets[0].header_rows == (6, 7) or pytest.fail("header rows"))),
    Case("formulas_cached", "formulas with cached values", _b(lambda: formulas(True)), all_ready(2)),
    Case("formulas_uncached", "formulas never computed (written by a script)", _b(lambda: formulas(False)),
         rows_have("formula_without_value", status="error")),
    Case("formula_error", "a cached #DIV/0! in the year column", _b(formula_error),
         rows_have("formula_error", status="error")),
    Case("unknown_communes", "communes not in Yên Sơn, misspelt",
         _b(lambda: _xlsx([[1, "Mô hình A", "Kinh tế", "Đội Bìnhh", "", 2021],
                           [2, "Mô hình B", "Kinh tế", "Xã Hoàn Kiếm", "", 2021]])),
         rows_have("unknown_commune", status="error")),
    Case("ambiguous_commune", "a name several communes share (whole-country scope)",
         lambda tmp: (_xlsx([[1, "Mô hình A", "Kinh tế", "Tân Tiến", "", 2021]]), "ds.xlsx",
                      {"scope": None, "registry": __import__("geo.places.registry").places.registry.CommuneRegistry.legacy()}),
         rows_have("ambiguous_commune", status="error")),
    Case("all_bad_years", "every year invalid or out of range",
         _b(lambda: _xlsx([[1, "A", "Kinh tế", "Đội Bình", "", "2020-2021"], [2, "B", "Kinh tế", "Đội Bình", "", 1999],
                           [3, "C", "Kinh tế", "Đội Bình", "", "năm ngoái"], [4, "D", "Kinh tế", "Đội Bình", "", 2099],
                           [5, "E", "Kinh tế", "Đội Bình", "", 21]])),
         rows_have("bad_year", "year_out_of_range", status="error")),
    Case("missing_values", "rows without name, field, commune, with an unknown field",
         _b(lambda: _xlsx([[1, None, "Kinh tế", "Đội Bình", "", 2021], [2, "B", None, "Đội Bình", "", 2021],
                           [3, "C", "Y tế", "Đội Bình", "", 2021], [4, "D", "Kinh tế", None, "", 2021]])),
         rows_have("missing_name", "missing_field", "unknown_field", "missing_commune", status="error")),
    Case("html_script", "HTML/script and a formula-injection string in every text column", _b(html_everywhere),
         all_ready(1, _html_check)),
    Case("tcvn3_text", "cells typed with TCVN3 (ABC) fonts",
         _b(lambda: _xlsx([[1, "M« h×nh trång b\xadëi", "Kinh tÕ", "X· §éi B×nh", "", 2021]])),
         rows_have("legacy_encoding_converted", status="warning")),
    Case("vni_text", "cells typed with VNI fonts",
         _b(lambda: _xlsx([[1, "Moâ hình troàng böôûi", "Kinh teá", "Xaõ Ñoäi Bình", "", 2021]])),
         rows_have("legacy_encoding_converted", status="warning")),
    Case("mixed_cell", "TCVN3 and Unicode mixed in one cell",
         _b(lambda: _xlsx([[1, "X· §éi B×nh mô hình", "Kinh tế", "Đội Bình", "", 2021]])),
         rows_have("legacy_encoding_unreadable", status="error")),
    Case("mixed_csv_lines", "CSV: some lines UTF-8, some Windows-1258", _b(mixed_encoding_csv, "a.csv"),
         notices_have("mixed_encoding", ready=2)),
    Case("duplicates", "the same model twice (typed differently)",
         _b(lambda: _xlsx([GOOD, [2, "MÔ HÌNH TRỒNG BƯỞI", "KINH TẾ", "Doi Binh", "", "2021"]])),
         rows_have("duplicate_in_file")),
    Case("control_chars", "NUL and control characters inside cells (CSV)",
         _b(lambda: builders.csv_text([HEADER, [1, "Mô\x00 hình\x07 A", "Kinh tế", "Đội Bình", "", 2021]]).encode(),
            "a.csv"), all_ready(1, lambda p: p.rows[0].values["name"] == "Mô hình A" or pytest.fail("cleaned"))),
    Case("very_long_text", "a 100,000-character name",
         _b(lambda: _xlsx([[1, "x" * 100_000, "Kinh tế", "Đội Bình", "", 2021]])),
         rows_have("text_too_long", status="error")),
    Case("xls_named_xlsx", "a real .xls renamed .xlsx", _b(xls_named_xlsx), notices_have("extension_mismatch", ready=1)),
    Case("csv_named_xlsx", "a CSV renamed .xlsx", _b(lambda: builders.csv_bytes([HEADER, GOOD], "utf-8")),
         notices_have("extension_mismatch", ready=1)),
    Case("hidden_sheet", "a hidden sheet with more rows",
         _b(lambda: builders.xlsx({"2021": [HEADER, GOOD], "An": [HEADER, GOOD[:1] + ["Mô hình ẩn"] + GOOD[2:]]},
                                  hidden=("An",))), notices_have("sheet_hidden", ready=1)),
    Case("huge_merge", "a merged range over a million rows and a bogus dimension", _b(huge_merge), all_ready(3)),
    Case("many_columns", "208 columns", _b(many_columns), notices_have("columns_truncated", ready=1)),
]


def run_case(case: Case, tmp: Path):
    """(Preview or IntakeError, seconds spent in preview); any other exception propagates (= test failure)."""
    source, filename, options = case.make(tmp)
    options = {"scope": builders.YEN_SON, **options}
    started = time.perf_counter()
    try:
        if isinstance(source, Path):
            result = preview_file(source, **options)
        else:
            result = preview(source, filename, **options)
    except IntakeError as exc:
        assert exc.key in MESSAGES
        assert exc.text("vi") and exc.text("en")
        result = exc
    return result, time.perf_counter() - started


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus(case, tmp_path):
    result, seconds = run_case(case, tmp_path)
    kind, expected = case.expect
    if kind == "raises":
        assert isinstance(result, IntakeError), f"expected {expected}, got a preview {result.counts()}"
        assert result.key == expected, (result.key, result.details)
    else:
        assert isinstance(result, Preview), f"expected a preview, got {result.key} {result.details}"
        expected(result)
        for row in result.rows:
            for reason in row.reasons:
                assert reason.text("vi") and reason.text("en")
    assert seconds < 120                      # bounded time, whatever the file


def test_corpus_is_large_enough():
    assert len(CASES) >= 30 and len({c.id for c in CASES}) == len(CASES)


def test_external_entity_never_leaks(tmp_path):
    result, _ = run_case(next(c for c in CASES if c.id == "external_entity"), tmp_path)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else "\0"
    if isinstance(result, Preview):
        assert all(hostname not in str(r.values) for r in result.rows)


if __name__ == "__main__":   # the outcome table for the report
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print("| # | case | input | outcome | seconds |\n|---|---|---|---|---|")
        for n, case in enumerate(CASES, 1):
            try:
                result, seconds = run_case(case, Path(tmp))
            except pytest.skip.Exception as skip:
                print(f"| {n} | {case.id} | {case.what} | skipped: {skip} | |")
                continue
            if isinstance(result, IntakeError):
                outcome = f"IntakeError `{result.key}`"
            else:
                keys = sorted({r.key for row in result.rows for r in row.reasons} | {x.key for x in result.notices})
                outcome = f"preview {result.counts()}; keys: {', '.join(keys) or '—'}"
            print(f"| {n} | {case.id} | {case.what} | {outcome} | {seconds:.2f} |")
