"""Rows below the header that are not records: totals, repeats, numbering, headings, signatures.

Report sheets carry them as a matter of course, so they are skipped quietly
(and listed in `Preview.skipped`), never reported as errors:

* total rows: "Tổng", "Tổng cộng", "Cộng", "Tổng số: 45" in the first filled
  cell - unless the row also has both a field and a commune, which a total
  never has (a model may be called "Tổng số hộ ...");
* the header repeated (a sheet printed page by page);
* the column numbering row "(1) (2) (3)" or "1 2 3 4" under the header;
* section headings: "I. LĨNH VỰC KINH TẾ" or "Xã Đội Bình" alone on a row
  (a Roman numeral in the STT column, or text that is exactly a field or a
  commune); the rows below inherit that field or commune when their own cell
  is empty, with a warning;
* the signature block under the table ("Người lập biểu", "TM. BAN THƯỜNG
  VỤ", "Yên Sơn, ngày 20 tháng 11 năm 2021"): rows with no field, year or
  commune after a total row, or matching those phrases.
"""
from __future__ import annotations

import re

from geo.intake.headers import ColumnMapping, fold
from geo.intake.values import clean_text

_TOTAL = re.compile(r"^(?:(?:tong cong|tong so)\b.*|(?:tong|cong|tong cong toan huyen|toan huyen)(?: \d+)*)$")
_NUMBERING = re.compile(r"^\(?(?:\d{1,2}|[a-zA-Z])\)?(?:\s*=.*)?$")
_ROMAN = re.compile(r"^(?:[IVX]+|[A-H])\.?$")      # capitals only: "a", "b" number data rows
_ROMAN_PREFIX = re.compile(r"^(?:[IVX]+|[A-H])\s*[.)/:-]\s*\S")
_FOOTER = re.compile(r"^(?:nguoi lap|nguoi ky|lap bieu|thu truong|tm |t m |kt |ky ten|xac nhan|noi nhan|truong ban|"
                     r"pho truong ban|chu tich|pho chu tich|bi thu|pho bi thu|ghi chu)|"
                     r"\bngay \d+ thang \d+")


def first_text(values: list):
    for v in values:
        if v is not None:
            return v
    return None


_SHORT = 80   # longer cells are never totals, headers or signatures: not worth folding


def is_total(values: list) -> bool:
    first = first_text(values)
    return (isinstance(first, str) and len(first) <= _SHORT and first.lstrip()[:1].casefold() in ("t", "c")
            and bool(_TOTAL.match(fold(first))))


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def header_keys(mapping: ColumnMapping) -> tuple[tuple[int, frozenset], ...]:
    """(column, header texts as written, spaces and case ignored) of the mapped columns."""
    mapped = set(mapping.columns.values())
    return tuple((col, frozenset(_plain(h) for h in (header, *header.split(" / "))))
                 for col, header in mapping.headers.items() if col in mapped)


def is_repeated_header(values: list, keys: tuple[tuple[int, frozenset], ...]) -> bool:
    """The header again (sheets printed page by page repeat it as typed; a cheap comparison)."""
    needed = max(2, (len(keys) + 1) // 2)
    same = 0
    for col, texts in keys:
        value = values[col] if col < len(values) else None
        if isinstance(value, str) and _plain(value) in texts:
            same += 1
            if same >= needed:
                return True
    return False


def is_numbering(values: list) -> bool:
    filled = [v for v in values if v is not None]
    if len(filled) < 3:
        return False
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v < 100 or
               isinstance(v, str) and _NUMBERING.match(v.strip()) for v in filled)


def is_footer(values: list) -> bool:
    """A signature line: its first filled cell ("Người lập biểu", "TM. BAN THƯỜNG VỤ", "..., ngày 20 tháng 11")."""
    first = first_text(values)
    return isinstance(first, str) and len(first) <= _SHORT and bool(_FOOTER.search(fold(first)))


def section_text(values: list, mapping: ColumnMapping) -> tuple[str, bool] | None:
    """(heading text, numbered) when the row is a heading alone in the name column, else None.

    Horizontally merged headings fill every column with the same text, which
    still counts as "alone".
    """
    col = mapping.get("name")
    if col is None or col >= len(values) or values[col] is None:
        return None
    raw = values[col]
    others = [values[c] for t in ("kind", "field", "year", "commune_name", "commune_code", "unit", "description",
                                  "result")
              if (c := mapping.get(t)) is not None and c < len(values) and values[c] is not None]
    if any(o is not raw and o != raw for o in others):   # merged headings repeat the very same value
        text = clean_text(raw)
        if any(clean_text(o) != text for o in others):
            return None
    text = clean_text(raw)
    stt_col = mapping.get("stt")
    stt = values[stt_col] if stt_col is not None and stt_col < len(values) else None
    numbered = (isinstance(stt, str) and bool(_ROMAN.match(stt.strip()))) or bool(_ROMAN_PREFIX.match(text))
    return text, numbered
