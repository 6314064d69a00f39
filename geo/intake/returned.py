"""The checked file handed back: the office's own sheets, with each row's status and reasons beside it.

The clerk sends this back to the commune for correction, so it keeps what
the commune wrote where the commune wrote it: every used sheet, every row at
its own row number (title block, header, totals included) and every column,
then two more columns, the status and the reasons ("Lý do") in the
preview's words. Any file (.xlsx, .xls, .csv) comes back as .xlsx. Text goes
through the exports' formula guard (geo.records.export.neutralise) and is
written as text, so nothing in it runs as a formula when the file is opened.
"""
from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import PurePath

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from geo.intake.preview import Preview, PreviewSettings, SheetInfo, read_sheets
from geo.intake.messages import MESSAGES
from geo.intake.sheets import FORMULA_WITHOUT_VALUE
from geo.records.export import neutralise, put_cell

# The words the caller gives, in its language: the two column titles and a label for each status.
LABELS = ("status", "reasons", "ready", "warning", "error", "duplicate", "skipped")
_BAD_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def returned_name(filename: str) -> str:
    """"bao-cao.xls" -> "bao-cao-da-kiem-tra.xlsx"."""
    return f"{PurePath(filename or 'tep').stem or 'tep'}-da-kiem-tra.xlsx"


def returned_workbook(file_bytes: bytes, p: Preview, labels: Mapping[str, str], lang: str) -> bytes:
    """The file `p` previews, as an .xlsx with a status and a reasons column on each used sheet.

    `labels` holds the words of LABELS in the page's language; reasons are said in `lang`.
    """
    settings = PreviewSettings(scope=None, max_bytes=max(len(file_bytes), 1))
    read = read_sheets(file_bytes, p.filename, settings)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used = {info.name: info for info in p.sheets if info.status == "used"}
    notes = _row_notes(p, labels, lang)
    for sheet in read.sheets:
        if sheet.name in used:
            _sheet(wb, sheet, used[sheet.name], notes, labels)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row_notes(p: Preview, labels: Mapping[str, str], lang: str) -> dict[tuple[str, int], tuple[str, str]]:
    """(sheet, row number) -> (status, reasons) for every data row and every row skipped on purpose."""
    notes = {}
    for row in p.rows:
        status = labels["duplicate"] if row.is_duplicate else labels[row.status]
        notes[(row.sheet, row.row_number)] = (status, "\n".join(r.text(lang) for r in row.reasons))
    for row in p.skipped:
        vi, en = MESSAGES[row.key]
        notes[(row.sheet, row.row_number)] = (labels["skipped"], vi if lang == "vi" else en)
    return notes


def _sheet(wb, sheet, info: SheetInfo, notes: Mapping, labels: Mapping[str, str]) -> None:
    """One sheet as read, the status and reasons two columns right of its widest row."""
    ws = wb.create_sheet(_title(sheet.name, wb))
    width = max((len(values) for _, values in sheet.rows), default=0)
    for number, values in sheet.rows:
        for c, value in enumerate(values, start=1):
            put_cell(ws.cell(number, c), _plain(value))
        status, reasons = notes.get((sheet.name, number), ("", ""))
        put_cell(ws.cell(number, width + 1), neutralise(status))
        put_cell(ws.cell(number, width + 2), neutralise(reasons))
        ws.cell(number, width + 2).alignment = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for c, key in ((width + 1, "status"), (width + 2, "reasons")):
        for header in info.header_rows[-1:]:
            put_cell(ws.cell(header, c), labels[key])
            ws.cell(header, c).font = bold
    ws.column_dimensions[get_column_letter(width + 1)].width = 18
    ws.column_dimensions[get_column_letter(width + 2)].width = 80


def _plain(value):
    """A cell as read, as a value to write back: text guarded, an uncomputed formula empty."""
    if value is None or value is FORMULA_WITHOUT_VALUE:
        return None
    if isinstance(value, str):
        return neutralise(str(value))
    return value


def _title(name: str, wb) -> str:
    """A sheet title Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    base = (name.translate(_BAD_TITLE).strip("'") or "Sheet")[:31]
    title, n = base, 1
    while title in wb.sheetnames:
        n += 1
        title = f"{base[:28]}({n})"
    return title
