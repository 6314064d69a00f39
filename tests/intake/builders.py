"""Test files built at test time: report-style workbooks, CSV in each encoding, .xls, old fonts.

Nothing here is stored in the repository: each test makes the file it needs
(in memory, or in tmp_path when it must be on disk).
"""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import datetime
from functools import lru_cache

import openpyxl

# The district the test files are about (Config's default scope: Tuyên Quang / Yên Sơn).
YEN_SON = ("08", "075")
HEADER = ["STT", "Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Đơn vị thực hiện", "Năm", "Mô tả", "Kết quả"]


def xlsx(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None,
         hidden: tuple[str, ...] = ()) -> bytes:
    """A workbook with one sheet per entry; rows written from row 1 (None = empty cell)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for ref in (merges or {}).get(name, []):
            ws.merge_cells(ref)
        if name in hidden:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def simple_xlsx(rows: list[list], header: list[str] = HEADER, sheet: str = "Sheet1") -> bytes:
    return xlsx({sheet: [header, *rows]})


def report_sheet(year_text: str, rows: list[list], *, two_row_header: bool = True,
                 with_year_column: bool = True) -> tuple[list[list], list[str]]:
    """A sheet as district offices make them: letterhead, title with the year, a merged
    two-row header, a numbering row, data with a blank row, a total row and signatures."""
    out: list[list] = [
        ["HUYỆN ỦY YÊN SƠN", None, None, None, "ĐẢNG CỘNG SẢN VIỆT NAM"],
        ["BAN DÂN VẬN", None, None, None, "Yên Sơn, ngày 20 tháng 11 năm 2022"],
        [],
        [f"BÁO CÁO DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” {year_text}"],
        [],
    ]
    merges = ["A1:C1", "E1:H1", "A4:H4"]
    if two_row_header:
        top = ["STT", "Tên mô hình, điển hình", "Lĩnh vực", "Địa bàn", None, "Năm đăng ký", "Nội dung", "Kết quả"]
        bottom = [None, None, None, "Xã/thị trấn", "Đơn vị thực hiện", None, None, None]
        if not with_year_column:
            top[5] = "Ghi chú"
        out += [top, bottom]
        merges += ["A6:A7", "B6:B7", "C6:C7", "D6:E6", "F6:F7", "G6:G7", "H6:H7"]
    else:
        header = list(HEADER)
        if not with_year_column:
            header[5] = "Ghi chú"
        out.append(header)
    out.append([f"({i})" for i in range(1, 9)])
    first = len(out) + 1
    for i, row in enumerate(rows):
        if i == 2:
            out.append([])                      # a blank row in the middle
        out.append([i + 1, *row])
    out.append([])
    out.append(["Tổng cộng", None, len(rows)])
    total_row = len(out)
    merges.append(f"A{total_row}:B{total_row}")
    out.append([])
    out.append([None, "Người lập biểu", None, None, "TM. BAN THƯỜNG VỤ"])
    assert first > 0
    return out, merges


# Rows: name, field, commune, unit, year, description, result
YEAR_2020 = [
    ["Mô hình trồng bưởi", "Kinh tế", "Xã Đội Bình", "UBND xã Đội Bình", 2020, "Trồng bưởi", "Tăng thu nhập"],
    ["Mô hình nuôi ong lấy mật", "KINH TẾ", "Doi Binh", "Hội Nông dân xã", "2020", None, None],
    ["Mô hình “Dân vận khéo” trong xây dựng NTM", "Xây dựng NTM", "Thắng Quân", "", "Năm 2020", None, None],
    ["Điển hình ông Nguyễn Văn A", "Văn hóa - Xã hội", "xã Thắng Quân", "", 2020.0, None, None],
    ["Mô hình tổ tự quản an ninh", "QP-AN", "Quí Quân", "Công an xã", datetime(2020, 6, 1), None, None],
]
YEAR_2021 = [
    ["Mô hình hiến đất làm đường", "Nông thôn mới", "Xã Lực Hành", "", 2021, None, None],
    ["Mô hình chi bộ bốn tốt", "XD hệ thống chính trị", "TT Yên Sơn", "", "2021", None, None],
    ["Mô hình khu dân cư văn hóa", "Văn hoá – xã hội", "Thị trấn Yên Sơn", "", 44300, None, None],
    ["Mô hình phòng chống ma túy", "Quốc phòng, an ninh", "Chiêu Yên", "", 2021, None, None],
    ["Mô hình tiết kiệm", "Khác", "Kim Quan", "", 2021, None, None],
    ["Mô hình Chi bộ thôn 5", "Xây dựng HTCT", "Xã Trung Trực", "", 2021, None, None],
    ["Mô hình nhà văn hóa", "VH-XH", "Phúc Ninh", "", 2021, None, None],
]
YEAR_2022 = [  # no year column: the sheet's year is used
    ["Mô hình trồng na", "Kinh tế", "Lực Hành"],
    ["Mô hình thu gom rác", "Nông thôn mới", "Tân Long"],
    ["Mô hình an toàn giao thông", "QP-AN", "Nhữ Hán"],
]


def report_workbook() -> bytes:
    """Three year sheets: "2020" (two-row header), "Năm 2021" (one-row header), "2022" (no year column)."""
    s20, m20 = report_sheet("NĂM 2020", YEAR_2020)
    s21, m21 = report_sheet("NĂM 2021", YEAR_2021, two_row_header=False)
    rows22 = [[name, field, commune, None, None, None, None] for name, field, commune in YEAR_2022]
    s22, m22 = report_sheet("NĂM 2022", rows22, two_row_header=False, with_year_column=False)
    return xlsx({"2020": s20, "Năm 2021": s21, "2022": s22}, {"2020": m20, "Năm 2021": m21, "2022": m22})


def xls(rows: list[list], sheet: str = "Sheet1", merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    """A real BIFF8 .xls written with xlwt (a test-only dependency). merges: (r1, r2, c1, c2), 0-based inclusive."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    merged_cells = {(r1, c1) for r1, r2, c1, c2 in merges}
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or (r, c) in merged_cells:
                continue
            if isinstance(value, datetime):
                ws.write(r, c, value, date_style)
            else:
                ws.write(r, c, value)
    for r1, r2, c1, c2 in merges:
        ws.write_merge(r1, r2, c1, c2, rows[r1][c1])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_text(rows: list[list], delimiter: str = ",") -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Windows-1258 as Windows writes it: letters with ^, ˘, horn precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(m for m in parts[1:] if m in _TONE_MARKS)
        others = "".join(m for m in parts[1:] if m not in _TONE_MARKS)
        letter = unicodedata.normalize("NFC", parts[0] + others)
        try:   # keep precomposed letters that cp1258 has (à, é, ...)
            out.append(ch.encode("cp1258").decode("cp1258"))
        except UnicodeEncodeError:
            out.append(letter + tones)
    return "".join(out).encode("cp1258")


def csv_bytes(rows: list[list], encoding: str, delimiter: str = ",") -> bytes:
    text = csv_text(rows, delimiter)
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if encoding == "utf-16":
        return text.encode("utf-16")            # with BOM
    if encoding == "cp1258":
        return to_cp1258(text)
    return text.encode(encoding)


# ---- old fonts, encoded on the test side ----------------------------------
def iconv_available() -> bool:
    return shutil.which("iconv") is not None


@lru_cache(maxsize=1)
def _tcvn3_codes() -> dict[str, str]:
    """Vietnamese letter -> TCVN3 code as a character, from one call to glibc's TCVN5712-1 encoder."""
    letters = [unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy"
               for t in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")]
    letters = [c for c in letters if not c.isascii()] + ["đ", "Ă", "Â", "Ê", "Ô", "Ơ", "Ư", "Đ"]
    raw = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input="".join(letters).encode(),
                         capture_output=True, check=True).stdout
    assert len(raw) == len(letters)
    return {c: chr(b) for c, b in zip(letters, raw)}


def to_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as Excel shows it, with glibc's TCVN5712-1 codes (an independent table).

    Capitals with a tone take the lower-case code, as with the .VnTimeH fonts; other
    characters stay as they are."""
    codes = _tcvn3_codes()
    out = []
    for c in unicodedata.normalize("NFC", text):
        out.append(codes.get(c) or codes.get(c.lower(), c) if not c.isascii() else c)
    return "".join(out)


_VNI_TONE = {"": "", "\u0300": "ø", "\u0301": "ù", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRC = {"": "â", "\u0300": "à", "\u0301": "á", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
_VNI_BREVE = {"": "ê", "\u0300": "è", "\u0301": "é", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
_VNI_I = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """Unicode -> VNI Windows as Excel shows it: base letter + mark character."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("ñ" if ch == "đ" else "Ñ")
            continue
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if not marks or not base.isalpha():
            out.append(ch)
            continue
        upper = base.isupper()
        tone = next((m for m in marks if m in _TONE_MARKS), "")
        vowel_mark = next((m for m in marks if m not in _TONE_MARKS), "")
        low = base.lower()
        if low == "i":
            piece = _VNI_I[tone]
        elif low == "y" and tone == "\u0323":
            piece = "î"
        elif vowel_mark == "\u031b":
            piece = ("ô" if low == "o" else "ö") + _VNI_TONE[tone]
        elif vowel_mark == "\u0302":
            piece = low + _VNI_CIRC[tone]
        elif vowel_mark == "\u0306":
            piece = low + _VNI_BREVE[tone]
        else:
            piece = low + _VNI_TONE[tone]
        out.append(piece.upper() if upper else piece)
    return "".join(out)
