"""Intake: reading the spreadsheets offices keep into candidate records, without writing anything.

    from geo.intake import IntakeError, preview
    p = preview(data, "bao-cao-2021.xlsx", scope=("08", "075"))   # or preview_file(path, scope=...)
    p.sheets, p.rows, p.counts(), p.records()

Modules, in the order a file goes through them:
`sniff` (what the file really is), `csvtext` (CSV encoding and separator),
`sheets` (every sheet as rows of values), `geo.places.legacyfonts` (TCVN3/VNI text),
`headers` (header row, ColumnMapping, overrides), `rowkinds` (totals,
headings, signatures), `values` (field, year, kind, commune), `preview`
(putting it together; `refusal`: why a file cannot be written), `returned`
(the file handed back with a status and a “Lý do” column per row),
`reasons` + `messages` (what is said, in vi/en).
Pure Python: no Streamlit, no database.
"""
from geo.intake.headers import TARGETS, ColumnMapping, apply_overrides
from geo.intake.messages import MESSAGES
from geo.intake.preview import (DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, Preview, PreviewRow, PreviewSettings, SheetInfo,
                                SkippedRow, file_too_large, preview, preview_file, refusal)
from geo.intake.reasons import IntakeError, Reason

__all__ = [
    "preview", "preview_file", "PreviewSettings", "file_too_large", "refusal", "Preview", "PreviewRow", "SheetInfo",
    "SkippedRow",
    "ColumnMapping", "apply_overrides", "TARGETS", "IntakeError", "Reason", "MESSAGES",
    "DEFAULT_MAX_BYTES", "DEFAULT_MAX_ROWS",
]
