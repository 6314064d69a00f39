"""Finding the header row of a sheet and which column holds what.

Real report sheets start with a title block ("BÁO CÁO KẾT QUẢ ... NĂM 2021"),
sometimes a two-row header whose top row groups columns ("Địa bàn" over
"Xã, thị trấn" and "Đơn vị thực hiện") and whose cells are merged, then a
row numbering the columns "(1) (2) (3)". Headers are spelled many ways
("Tên mô hình, điển hình", "Xã/thị trấn", "Năm đăng ký (5)").

Each of the first rows (and each pair of adjacent rows) is scored against
known spellings, compared by geo.places.names' folded key - case, diacritics,
punctuation and spacing do not matter. An exact spelling counts 1, a header
that starts with a known spelling of two or more words ("Tên mô hình (ghi rõ
tên)") 0.75. The best row that has a name column and at least one of field,
year, commune or unit wins. Two adjacent rows form a two-row header when
every filled cell of both is a known header and together they score at least
as well as either alone (vertical merges copy the top label into the lower
row, so the lower row alone often scores the same); a title above, a
numbering row or a data row below never joins. The result is a
`ColumnMapping`, which the user can correct with `apply_overrides` before
anything is imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping

from geo.places.legacyfonts import repair
from geo.intake.reasons import IntakeError
from geo.intake.sheets import MAX_COLS, Sheet
from geo.places.names import normalize

# Columns of the record a sheet column can feed, then helper columns that are recognised
# (they make a header row look like one) but not imported.
RECORD_TARGETS: tuple[str, ...] = ("name", "kind", "field", "year", "commune_name", "commune_code",
                                   "unit", "description", "result")
TARGETS: tuple[str, ...] = RECORD_TARGETS + ("stt", "note")

HEADER_SPELLINGS: dict[str, tuple[str, ...]] = {
    "name": ("Tên mô hình", "Tên mô hình, điển hình", "Tên mô hình/điển hình", "Tên điển hình",
             "Tên điển hình, mô hình", "Mô hình, điển hình", "Mô hình", "Điển hình", "Tên", "Tên gọi",
             "Tên mô hình dân vận khéo", "Tên mô hình, điển hình dân vận khéo", "name", "Model"),
    "kind": ("Loại", "Phân loại", "Loại hình", "Mô hình hay điển hình", "Loại mô hình", "kind", "Type"),
    "field": ("Lĩnh vực", "Lĩnh vực thực hiện", "Thuộc lĩnh vực", "Lĩnh vực hoạt động", "field"),
    "year": ("Năm", "Năm đăng ký", "Năm đăng kí", "Năm thực hiện", "Năm xây dựng", "Năm công nhận",
             "Thời gian đăng ký", "Năm bắt đầu", "year"),
    "commune_name": ("Xã, thị trấn", "Xã/thị trấn", "Xã", "Xã, phường, thị trấn", "Địa bàn",
                     "Địa bàn thực hiện", "Địa phương", "Đơn vị hành chính", "Tên xã", "Tên xã, thị trấn",
                     "commune_name", "commune"),
    "commune_code": ("Mã xã", "Mã đơn vị hành chính", "Mã ĐVHC", "Mã xã, thị trấn", "commune_code", "GSO code"),
    "unit": ("Đơn vị", "Đơn vị thực hiện", "Đơn vị đăng ký", "Cơ quan, đơn vị", "Chủ thể thực hiện",
             "Đơn vị chủ trì", "Đơn vị, cá nhân", "Tên đơn vị", "Cơ quan, đơn vị thực hiện", "unit",
             "Responsible unit"),
    "description": ("Mô tả", "Nội dung", "Nội dung mô hình", "Nội dung chính", "Tóm tắt nội dung",
                    "Nội dung thực hiện", "Cách làm", "Mô tả, nội dung", "description"),
    "result": ("Kết quả", "Kết quả đạt được", "Kết quả thực hiện", "Hiệu quả", "Kết quả, hiệu quả", "result"),
    "stt": ("STT", "TT", "Số TT", "Số thứ tự", "No"),
    "note": ("Ghi chú", "Note"),
}

EXACT, PREFIX = 1.0, 0.75
HEADER_SCAN = 30     # content rows searched for the header
_TRAILING_NUMBER = re.compile(r"(?: \d+)+$")


def fold(value) -> str:
    """The comparison key of a header or keyword: "Năm đăng ký (5)" -> "nam dang ki 5"."""
    if value is None:
        return ""
    return _fold(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=65_536)
def _fold(text: str) -> str:
    if not text.isascii():
        text = repair(text)[0]
    return normalize(text, keep_prefix=True)


_EXACT: dict[str, str] = {}
_PREFIXES: list[tuple[str, str]] = []
for _target, _spellings in HEADER_SPELLINGS.items():
    for _spelling in _spellings:
        _key = fold(_spelling)
        _EXACT.setdefault(_key, _target)
        if " " in _key:
            _PREFIXES.append((_key, _target))
_PREFIXES.sort(key=lambda kt: -len(kt[0]))


def match_header(text) -> tuple[str | None, float]:
    """(target, strength) of one header cell; (None, 0) when it is no known header."""
    if text is None or (isinstance(text, str) and len(text) > 100):
        return None, 0.0                      # headers are short; long cells are data
    key = fold(text)
    if not key:
        return None, 0.0
    for candidate in (key, _TRAILING_NUMBER.sub("", key)):
        if candidate in _EXACT:
            return _EXACT[candidate], EXACT
    for prefix, target in _PREFIXES:
        if key.startswith(prefix + " "):
            return target, PREFIX
    return None, 0.0


def letter(col: int) -> str:
    """0-based column index -> Excel letters (0 -> "A", 27 -> "AB")."""
    name, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name


def column_index(value) -> int:
    """An override's column: 0-based int, or Excel letters ("C")."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = str(value).strip().upper()
    if text.isdigit():
        return int(text)
    if not text.isalpha() or not text.isascii() or len(text) > 3:
        raise ValueError(value)
    n = 0
    for ch in text:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


@dataclass(frozen=True)
class ColumnMapping:
    """Which sheet column (0-based) feeds which record column, and the header as written.

    columns: target -> column index (targets are RECORD_TARGETS plus "stt", "note");
    headers: column index -> header text as written (every non-empty header cell);
    header_rows: the Excel row numbers of the header (one, or two for a two-row header).
    """
    columns: Mapping[str, int] = field(hash=False)
    headers: Mapping[int, str] = field(default_factory=dict, hash=False)
    header_rows: tuple[int, ...] = ()

    def get(self, target: str) -> int | None:
        return self.columns.get(target)

    def label(self, target: str) -> str:
        """The sheet's own header text for a target ("Tên mô hình"), else the column letter."""
        col = self.columns.get(target)
        if col is None:
            return target
        return self.headers.get(col) or letter(col)

    @property
    def data_starts_after(self) -> int:
        return max(self.header_rows) if self.header_rows else 0


def apply_overrides(mapping: ColumnMapping, overrides: Mapping[str, object] | None) -> ColumnMapping:
    """A new mapping with the user's choices: {target: column (0-based or "C") or None to unmap}.

    One column feeds one target: giving a column to a target takes it from any other.
    Unknown targets or columns raise IntakeError("bad_mapping_override").
    """
    if not overrides:
        return mapping
    columns = dict(mapping.columns)
    for target, value in overrides.items():
        if target == "header_row":
            continue
        if target not in TARGETS:
            raise IntakeError("bad_mapping_override", target=str(target), column=str(value))
        if value is None or value == "":
            columns.pop(target, None)
            continue
        try:
            col = column_index(value)
        except (ValueError, TypeError):
            raise IntakeError("bad_mapping_override", target=target, column=str(value)) from None
        if not 0 <= col < MAX_COLS:
            raise IntakeError("bad_mapping_override", target=target, column=str(value))
        for other in [t for t, c in columns.items() if c == col and t != target]:
            del columns[other]
        columns[target] = col
    return ColumnMapping(columns, mapping.headers, mapping.header_rows)


def _header_text(value) -> str:
    if value is None or (isinstance(value, str) and len(value) > 100):
        return ""
    text = value if isinstance(value, str) else str(value)
    text = " ".join(text.split())
    return repair(text)[0] if not text.isascii() else text


def _mapping_of(rows: list[tuple[int, list]]) -> tuple[ColumnMapping, float]:
    """The mapping one header row (or a pair of rows, top first) gives, and its score."""
    width = max(len(values) for _, values in rows)
    best_for: dict[str, tuple[float, int]] = {}
    headers: dict[int, str] = {}
    for col in range(width):
        cells = [_header_text(values[col]) if col < len(values) else "" for _, values in rows]
        texts = [t for t in cells if t]
        if not texts:
            continue
        distinct = list(dict.fromkeys(texts))
        options = distinct[::-1]             # lower row first: it is the more specific label
        if len(distinct) > 1:
            options.append(" ".join(distinct))
        headers[col] = " / ".join(distinct)
        target, strength = None, 0.0
        for option in options:
            t, s = match_header(option)
            if s > strength:
                target, strength = t, s
        if target and (target not in best_for or strength > best_for[target][0]):
            best_for[target] = (strength, col)
    columns = {t: c for t, (s, c) in best_for.items()}
    score = sum(s if t in RECORD_TARGETS else 0.25 for t, (s, c) in best_for.items())
    return ColumnMapping(columns, headers, tuple(n for n, _ in rows)), score


def _usable(mapping: ColumnMapping) -> bool:
    cols = mapping.columns
    return "name" in cols and any(t in cols for t in ("field", "year", "commune_name", "commune_code", "unit"))


def detect_header(sheet: Sheet, header_row: int | tuple[int, ...] | None = None) -> ColumnMapping | None:
    """The best header of the sheet, or None. `header_row` forces the row(s) (Excel numbers)."""
    rows = sheet.rows
    if header_row is not None:
        wanted = (header_row,) if isinstance(header_row, int) else tuple(header_row)
        picked = [(n, v) for n, v in rows if n in wanted]
        if len(picked) != len(wanted):
            raise IntakeError("bad_mapping_override", target="header_row", column=str(header_row))
        return _mapping_of(picked)[0]
    scan = rows[:HEADER_SCAN]
    singles = [_mapping_of([row]) for row in scan]
    def all_headers(values) -> bool:
        strengths = [match_header(_header_text(v))[1] for v in values if v is not None]
        return bool(strengths) and all(strengths) and EXACT in strengths

    pure = [all_headers(values) for _, values in scan]
    best, best_score = None, 0.0
    for mapping, score in singles:
        if _usable(mapping) and score > best_score:
            best, best_score = mapping, score
    for i in range(len(scan) - 1):
        if scan[i + 1][0] != scan[i][0] + 1 or not (pure[i] and pure[i + 1]):
            continue    # both rows hold header spellings only: not a title above, not data below
        pair, pair_score = _mapping_of([scan[i], scan[i + 1]])
        if _usable(pair) and pair_score >= max(best_score, singles[i][1], singles[i + 1][1]) - 1e-9:
            best, best_score = pair, pair_score
    return best


_YEAR_IN_TITLE = re.compile(r"\bnam (\d{4})\b")
_DATE_LINE = re.compile(r"\bngay \d+ thang \d+ nam \d{4}\b")   # "Yên Sơn, ngày 20 tháng 11 năm 2022": when signed
_YEAR_SHEET = re.compile(r"^(?:[a-z ]*? )?(\d{4})$")


def sheet_year(sheet: Sheet, mapping: ColumnMapping | None, use_name: bool = True) -> int | None:
    """A year the whole sheet is about: its name ("2021", "Năm 2021") or its title ("... NĂM 2021")."""
    if use_name:
        m = _YEAR_SHEET.match(fold(sheet.name))
        if m and 1900 <= int(m.group(1)) <= 2100:
            return int(m.group(1))
    first_header = min(mapping.header_rows) if mapping and mapping.header_rows else None
    years = set()
    for number, values in sheet.rows:
        if first_header is not None and number >= first_header:
            break
        for value in values:
            if isinstance(value, str) and len(value) <= 300:
                text = _DATE_LINE.sub(" ", fold(value))
                years.update(int(y) for y in _YEAR_IN_TITLE.findall(text) if 1900 <= int(y) <= 2100)
    return years.pop() if len(years) == 1 else None
