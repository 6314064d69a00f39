"""Reading every sheet of a workbook (or a CSV) into plain rows of cell values.

One shape for all three formats, so header detection and normalisation never
care where a row came from: a `Sheet` is its name and its non-blank rows,
each with the row number Excel shows and the cell values (str, int, float,
datetime, bool, `CellError`, or `FORMULA_WITHOUT_VALUE`).

Why each choice:

* `.xlsx`: openpyxl reads the workbook part (sheet list, shared strings,
  which styles are dates); each sheet's XML is then streamed row by row
  (constant memory per row) taking the value Excel last computed for a
  formula (what `data_only=True` gives), while still seeing the `<f>`
  element, so a formula Excel never computed (files written by scripts) is
  reported instead of read as blank. Merged ranges (listed after the rows in
  the XML) are filled with their top-left value: a commune merged over three
  model rows belongs to all three; a header merged over two rows labels both.
* `.xls` goes through xlrd, which reads merged ranges only with
  `formatting_info=True`.
* Limits are enforced while reading: the declared unpacked size of the zip
  (a small .xlsx can unpack to gigabytes), columns beyond `MAX_COLS`, and the
  number of non-blank rows, so a hostile file costs bounded time and memory.
* Hidden sheets are not read: what the user cannot see in Excel should not
  be imported behind their back (templates keep their lists there).
"""
from __future__ import annotations

import bisect
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import iterparse

import xlrd
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils.datetime import from_excel

from geo.intake import csvtext
from geo.intake.reasons import IntakeError

MAX_COLS = 64
ROW_SLACK = 1_000      # title blocks, headers, totals: rows read beyond max_rows before giving up
_FILL_BUDGET = 2_000_000


class CellError(str):
    """An Excel error value such as "#REF!" (a formula that failed)."""


class _FormulaWithoutValue:
    def __repr__(self):
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE = _FormulaWithoutValue()


@dataclass
class Sheet:
    name: str
    rows: list[tuple[int, list]] = field(default_factory=list)   # (Excel row number, values)
    hidden: bool = False
    truncated_cols: bool = False


def _clean(value):
    if isinstance(value, str) and not value.strip():
        return None
    return value


class _RowBudget:
    """Counts non-blank rows across all sheets; too many -> too_many_rows."""

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self.limit = max_rows + ROW_SLACK
        self.count = 0

    def take(self):
        self.count += 1
        if self.count > self.limit:
            raise IntakeError("too_many_rows", limit=self.max_rows)


def _fill_merges(sheet: Sheet, ranges) -> None:
    """Copy each merged range's top-left value into the other cells of the range that were read."""
    numbers = [n for n, _ in sheet.rows]
    by_number = dict(sheet.rows)
    budget = _FILL_BUDGET
    for min_col, min_row, max_col, max_row in ranges:
        top = by_number.get(min_row)
        if top is None or min_col > MAX_COLS or min_col > len(top) or top[min_col - 1] is None:
            continue
        value = top[min_col - 1]
        last_col = min(max_col, MAX_COLS)
        start = bisect.bisect_left(numbers, min_row)
        end = bisect.bisect_right(numbers, max_row)
        for number in numbers[start:end]:
            values = by_number[number]
            if len(values) < last_col:
                values.extend([None] * (last_col - len(values)))
            for col in range(min_col - 1, last_col):
                if values[col] is None:
                    values[col] = value
            budget -= last_col - min_col + 1
            if budget <= 0:
                return


# ---------------------------------------------------------------------- xlsx
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _FORMULA, _TEXT = (_NS + t for t in ("row", "c", "v", "f", "t"))
_MERGE = _NS + "mergeCell"
_REF = re.compile(r"([A-Z]{1,3})(\d+)$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


@dataclass(frozen=True)
class _Workbook:
    """What every sheet of an .xlsx needs to turn its XML into values: the workbook-wide parts."""
    shared_strings: list
    date_styles: set
    epoch: object


def _xlsx_rows(source, book: _Workbook, sheet: Sheet, budget: "_RowBudget") -> list:
    """Stream one sheet's XML: rows of cached values, and the merged ranges (which come last).

    Our own loop over `<row>` elements rather than openpyxl's cell parser: it is several
    times faster on large sheets and sees `<f>` and `<v>` together, which is how a formula
    without a cached value is told apart from an empty cell.
    """
    merges = []
    row_counter = 0
    for _, elem in iterparse(source):
        tag = elem.tag
        if tag == _ROW:
            number = elem.get("r")
            row_counter = int(number) if number and number.isdigit() else row_counter + 1
            values = _xlsx_row(elem, book, sheet)
            if values:
                budget.take()
                sheet.rows.append((row_counter, values))
            elem.clear()                        # keep only an empty shell per row read
        elif tag == _MERGE:
            merge = _merge_range(elem.get("ref", ""))
            if merge:
                merges.append(merge)
    return merges


def _xlsx_row(elem, book: _Workbook, sheet: Sheet) -> list:
    """The values of one `<row>`, by column (None where a cell is empty); columns past MAX_COLS are dropped."""
    values: list = []
    col_counter = 0
    for cell in elem.iter(_CELL):
        ref = cell.get("r")
        m = _REF.match(ref) if ref else None
        col = _col_number(m.group(1)) if m else col_counter + 1
        col_counter = col
        if col > MAX_COLS:
            sheet.truncated_cols = True
            continue
        value = _clean(_xlsx_value(cell, book))
        if value is None:
            continue
        if len(values) < col:
            values.extend([None] * (col - len(values)))
        values[col - 1] = value
    return values


def _xlsx_value(cell, book: _Workbook):
    """One `<c>`: the value Excel last computed, FORMULA_WITHOUT_VALUE, or None."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(_TEXT))
    raw = cell.findtext(_VALUE)
    if raw is None or raw == "":
        return FORMULA_WITHOUT_VALUE if cell.find(_FORMULA) is not None else None
    if kind == "s":
        return book.shared_strings[int(raw)]
    if kind == "n":
        value = float(raw) if ("." in raw or "E" in raw or "e" in raw) else int(raw)
        style = cell.get("s")
        return _xlsx_date(value, book.epoch) if style and int(style) in book.date_styles else value
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "e":
        return CellError(raw)
    return raw                                  # "str" (formula text), "d" (ISO date, kept as text)


def _xlsx_date(value, epoch):
    """A number in a date-formatted cell; one no calendar holds is an error value, as Excel shows it."""
    try:
        return from_excel(value, epoch)
    except (OverflowError, ValueError):
        return CellError("#VALUE!")


def _merge_range(ref: str) -> tuple[int, int, int, int] | None:
    """"B2:E4" -> (min_col, min_row, max_col, max_row), 1-based; None for anything else."""
    if ":" not in ref:
        return None
    a, b = ref.split(":", 1)
    ma, mb = _REF.match(a), _REF.match(b)
    if not (ma and mb):
        return None
    return _col_number(ma.group(1)), int(ma.group(2)), _col_number(mb.group(1)), int(mb.group(2))


def read_xlsx(data: bytes, max_rows: int, max_unzipped: int) -> list[Sheet]:
    """Every visible worksheet of an .xlsx, through openpyxl's workbook reader.

    openpyxl's ExcelReader gives the sheet list, shared strings and which styles
    are dates; `load_workbook(read_only=True)` would do the same but also scan each
    sheet once for its size (the whole sheet when the size is not declared up
    front, as in files written by scripts) before we read it.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        unzipped = sum(info.file_size for info in zf.infolist())
    if unzipped > max_unzipped:
        raise IntakeError("workbook_too_large", size_mb=round(unzipped / 2**20), limit_mb=round(max_unzipped / 2**20))
    budget = _RowBudget(max_rows)
    sheets: list[Sheet] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = ExcelReader(io.BytesIO(data), read_only=True, keep_vba=False, data_only=True, keep_links=False)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            book = _Workbook(reader.shared_strings, set(reader.wb._date_formats), reader.wb.epoch)
            for info, rel in reader.parser.find_sheets():
                if rel.target not in reader.valid_files or "chartsheet" in (rel.Type or ""):
                    continue
                sheet = Sheet(info.name, hidden=(info.state or "visible") != "visible")
                sheets.append(sheet)
                if sheet.hidden:
                    continue
                with reader.archive.open(rel.target) as src:
                    merges = _xlsx_rows(src, book, sheet, budget)
                if merges and sheet.rows:
                    _fill_merges(sheet, merges)
        finally:
            reader.archive.close()
    return sheets


# ----------------------------------------------------------------------- xls
def read_xls(data: bytes, max_rows: int) -> list[Sheet]:
    """Every sheet of an .xls (hidden ones listed, not read), merged ranges filled."""
    book = _open_xls(data)
    budget = _RowBudget(max_rows)
    sheets: list[Sheet] = []
    try:
        for index in range(book.nsheets):
            sh = book.sheet_by_index(index)
            sheet = Sheet(sh.name, hidden=getattr(sh, "visibility", 0) != 0)
            sheets.append(sheet)
            if not sheet.hidden:
                _xls_rows(sh, book.datemode, sheet, budget)
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return sheets


def _open_xls(data: bytes):
    """The xlrd book, with merged ranges when xlrd can read the formatting; known failures become keys."""
    def open_book(formatting_info: bool):
        return xlrd.open_workbook(file_contents=data, formatting_info=formatting_info, on_demand=True,
                                  logfile=io.StringIO())

    try:
        try:
            return open_book(True)
        except xlrd.XLRDError:
            raise
        except Exception:       # some writers' formatting records trip xlrd: read the data without merges
            return open_book(False)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise IntakeError("encrypted_workbook") from exc
        if "ole2" in str(exc).lower() or "workbook" in str(exc).lower():
            raise IntakeError("not_a_spreadsheet", detected="OLE (Word/PowerPoint 97-2003?)") from exc
        raise


def _xls_rows(sh, datemode: int, sheet: Sheet, budget: _RowBudget) -> None:
    """Read one visible xlrd sheet into `sheet`: non-blank rows, then the merged ranges filled."""
    ncols = min(sh.ncols, MAX_COLS)
    sheet.truncated_cols = sh.ncols > MAX_COLS
    for r in range(sh.nrows):
        values = [_clean(_xls_value(kind, value, datemode))
                  for kind, value in zip(sh.row_types(r, 0, ncols), sh.row_values(r, 0, ncols))]
        while values and values[-1] is None:
            values.pop()
        if values:
            budget.take()
            sheet.rows.append((r + 1, values))
    ranges = [(clo + 1, rlo + 1, chi, rhi) for rlo, rhi, clo, chi in sh.merged_cells]
    if ranges and sheet.rows:
        _fill_merges(sheet, ranges)


def _xls_value(kind: int, value, datemode: int):
    """An xlrd cell as the value the .xlsx reader would give: datetime, CellError, bool, None."""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, datemode)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return value
    if kind == xlrd.XL_CELL_ERROR:
        return CellError(xlrd.error_text_from_code.get(value, "#ERR"))
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    return value


# ----------------------------------------------------------------------- csv
def read_csv(text: str, delimiter: str, name: str, max_rows: int) -> list[Sheet]:
    """A decoded CSV as one sheet (csvtext splits the records), long rows cut at MAX_COLS."""
    sheet = Sheet(name)
    budget = _RowBudget(max_rows)
    for number, values in csvtext.rows(text, delimiter):
        budget.take()
        if len(values) > MAX_COLS:
            sheet.truncated_cols = True
            values = values[:MAX_COLS]
        sheet.rows.append((number, values))
    return [sheet]
