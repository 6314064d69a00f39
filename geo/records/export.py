"""Files the dashboard hands out: records as CSV or .xlsx, and the .xlsx import template.

Pure functions returning bytes, so the command line writes them to disk and
the UI offers them as downloads, byte for byte the same.

Exports are opened in Excel by people who did not write their content: a
record named "=HYPERLINK(...)" or "+cmd|..." must never run as a formula
(CSV/formula injection). Every text cell that starts with a character a
spreadsheet reads as a formula is prefixed with a single quote, as OWASP
recommends, and .xlsx text cells are written as strings, never formulas.

OWASP also warns that a separator inside a cell can start a new one: our CSV
is split on commas, but Excel with a ";" list separator (or a tab, or a
line end, which a ";" reader does not see as quoted) reads `x;=1+1;y` as
three cells and runs the middle one. So a formula character after a comma,
semicolon, tab or line end (spaces and double quotes between them included)
gets the quote as well: `x;'=1+1;y`. Workbooks carry the same text, since an
office that saves one as CSV hands it on as it is.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator

import openpyxl
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from geo.places.names import normalize
from geo.places.registry import CommuneRegistry
from geo.records.fields import FIELDS, KINDS
from geo.records.schema import COLUMNS, FIRST_YEAR, year_rule

# What Excel, LibreOffice and Google Sheets may read as the start of a formula
# (OWASP: = + - @, tab, carriage return; line feed and the full-width forms too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
# A formula character where another spreadsheet's split may start a cell: after a separator
# (comma, semicolon, tab, line end), then any spaces or double quotes. Tab and line ends are left to
# the next match, which sees them as separators (so "x\t\t=1" quotes the "=").
_AFTER_SEPARATOR = re.compile(r"(?<=[,;\t\r\n])([ \"]*)(?=[=+\-@＝＋－＠])")

# --- the records export ---

_WIDTHS = {"id": 16, "name": 50, "kind": 11, "field": 20, "year": 7, "commune_code": 13,
           "commune_name": 22, "unit": 32, "description": 50, "result": 40, "source": 30, "illustrative": 12}


def neutralise(value):
    """`value`, with a quote before each formula start, when it is text a spreadsheet could run as a
    formula: at its start, or after a separator (module docstring)."""
    if not isinstance(value, str):
        return value
    value = _AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _plain_rows(records: pd.DataFrame) -> Iterator[list]:
    """Records (geo.records.schema schema) as lists of plain values in COLUMNS order, text neutralised."""
    frame = records[list(COLUMNS)].astype(object)
    for row in frame.itertuples(index=False, name=None):
        out = []
        for column, value in zip(COLUMNS, row):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                value = ""
            elif column == "year":
                value = int(value)
            elif column == "illustrative":
                value = bool(value)
            else:
                value = neutralise(str(value))
            out.append(value)
        yield out


def records_csv(records: pd.DataFrame) -> bytes:
    """The records CSV (data/README.md schema)."""
    return csv_bytes(COLUMNS, _plain_rows(records))


def csv_bytes(header: Iterable[str], rows: Iterable[Iterable]) -> bytes:
    """A CSV offices open in Excel: UTF-8 with a BOM (so Excel shows Vietnamese right), CRLF line
    ends. Rows must already be neutralised (neutralise) where they hold text from outside."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def records_xlsx(records: pd.DataFrame) -> bytes:
    """The records as a workbook: header row, frozen pane, filter, widths; text cells are never formulas."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "records"
    _header(ws, COLUMNS, [_WIDTHS[c] for c in COLUMNS])
    for r, row in enumerate(_plain_rows(records), start=2):
        for c, value in enumerate(row, start=1):
            put_cell(ws.cell(r, c), value)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    return _save(wb)


def put_cell(cell, value) -> None:
    """Write `value`; text is cleaned of characters XML cannot hold and typed as a string."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"     # even "=1+2" stays text (openpyxl would make it a formula)
    else:
        cell.value = value


def _header(ws, labels: Iterable[str], widths: Iterable[int]) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="center")
    for c, (label, width) in enumerate(zip(labels, widths), start=1):
        cell = ws.cell(1, c, label)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"


def _save(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- the import template ---

# Headers geo.intake recognises (geo/intake/headers.py), in the order offices write them.
TEMPLATE_HEADERS: tuple[str, ...] = ("STT", "Tên mô hình, điển hình", "Loại", "Lĩnh vực", "Năm",
                                     "Xã, phường, thị trấn", "Đơn vị thực hiện", "Mô tả", "Kết quả", "Nguồn")
_TEMPLATE_WIDTHS = (6, 50, 12, 28, 8, 24, 32, 50, 40, 30)
TEMPLATE_ROWS = 2000          # rows below the header that carry the drop-down lists
DATA_SHEET, LISTS_SHEET, HELP_SHEET = "Danh sách", "Danh mục", "Hướng dẫn"
THIS_YEAR = "YEAR(TODAY())"   # the year check's upper bound, worked out by Excel: a template kept for years stays right

_HELP = (
    "HƯỚNG DẪN ĐIỀN MẪU DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO”",
    "",
    "1. Điền ở trang tính “Danh sách”, mỗi dòng một mô hình hoặc điển hình, bắt đầu từ dòng 2. "
    "Không đổi tên, không xóa và không đổi thứ tự các cột ở dòng tiêu đề.",
    "2. Cột bắt buộc: tên mô hình, điển hình; lĩnh vực; năm; xã, phường, thị trấn. Các cột khác nên điền đủ.",
    "3. Lĩnh vực, Loại và Xã, phường, thị trấn: bấm vào ô rồi chọn trong danh sách thả xuống "
    "(mũi tên ở góc phải ô), không tự gõ tên khác.",
    f"4. Năm: năm đăng ký mô hình, ghi đủ 4 chữ số (ví dụ 2022), {year_rule('vi')}.",
    "5. Loại: “Mô hình” hoặc “Điển hình”; để trống thì được coi là mô hình.",
    "6. Gõ chữ bằng bảng mã Unicode (Unikey: bảng mã Unicode, kiểu gõ Telex hoặc VNI); "
    "không dùng phông cũ TCVN3 (.VnTime) hay VNI-Times.",
    "7. Không gộp ô (merge), không chèn dòng tổng cộng, không viết công thức trong bảng.",
    "8. Lưu tệp dạng .xlsx rồi tải lên trang Nhập dữ liệu; hệ thống sẽ kiểm tra từng dòng và "
    "báo lỗi (nếu có) trước khi ghi.",
)


def template_units(scope: tuple[str, str | None] | None) -> list[str]:
    """Full names of the communes (2020-2025 units) of `scope` - (province, district), names or GSO
    codes, as Config.scope gives it; None: the whole country - for the drop-down list, alphabetical."""
    units = CommuneRegistry.legacy(*(scope or (None, None))).units
    return [u.full_name for u in sorted(units, key=lambda u: (normalize(u.name), u.full_name))]


def template_bytes(*, scope: tuple[str, str | None] | None) -> bytes:
    """The .xlsx offices fill in: recognised headers, drop-down lists, year check, instructions.

    `scope` chooses the communes of the drop-down list (template_units).
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _header(ws, TEMPLATE_HEADERS, _TEMPLATE_WIDTHS)
    ws.row_dimensions[1].height = 32
    lists = {"Lĩnh vực": [f.vi for f in FIELDS], "Loại": [vi for vi, _ in KINDS.values()],
             "Xã, phường, thị trấn": template_units(scope)}
    for title, source in _lists_sheet(wb, lists).items():
        _list_check(ws, title, source)
    _year_check(ws)
    _help_sheet(wb)
    wb.active = 0
    return _save(wb)


def _lists_sheet(wb, lists: dict[str, list[str]]) -> dict[str, str]:
    """The hidden sheet of drop-down values; {title: its range}.

    Lists are referenced by range because a list typed into a validation is
    limited to 255 characters, and a district's commune names alone are longer.
    """
    sheet = wb.create_sheet(LISTS_SHEET)
    ranges = {}
    for c, (title, values) in enumerate(lists.items(), start=1):
        sheet.cell(1, c, title).font = Font(bold=True)
        for r, value in enumerate(values, start=2):
            sheet.cell(r, c, value)
        letter = get_column_letter(c)
        ranges[title] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}"
        sheet.column_dimensions[letter].width = 30
    sheet.sheet_state = "hidden"
    return ranges


def _list_check(ws, title: str, source: str) -> None:
    """The column headed `title` accepts only the values of `source`, offered as a drop-down list."""
    letter = get_column_letter(TEMPLATE_HEADERS.index(title) + 1)
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                        errorTitle=title, error=f"Hãy chọn {title.lower()} trong danh sách thả xuống.",
                        promptTitle=title, prompt="Chọn trong danh sách.", showInputMessage=True)
    dv.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(dv)


def _year_check(ws) -> None:
    """The year column accepts whole numbers from FIRST_YEAR to the current year (schema.year_range)."""
    year = get_column_letter(TEMPLATE_HEADERS.index("Năm") + 1)
    dv = DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR), formula2=THIS_YEAR,
                        allow_blank=True, showErrorMessage=True, errorTitle="Năm",
                        error=f"Năm đăng ký phải {year_rule('vi')}, ví dụ 2022.",
                        promptTitle="Năm", prompt="Năm đăng ký, 4 chữ số (ví dụ 2022).", showInputMessage=True)
    dv.add(f"{year}2:{year}{TEMPLATE_ROWS + 1}")
    ws.add_data_validation(dv)


def _help_sheet(wb) -> None:
    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.column_dimensions["A"].width = 120
    for r, line in enumerate(_HELP, start=1):
        cell = help_ws.cell(r, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    help_ws["A1"].font = Font(bold=True, size=13)
