"""preview(): a file as uploaded -> every row classified, nothing written.

The import shows this before anything reaches the database: which sheets
were read, the header row and column mapping (which the user may correct
and preview again), and each data row as the record it would become with
status "ready", "warning" (imported; something was assumed - check it) or
"error" (not imported) and the reasons as i18n keys. A file that cannot be
read at all raises IntakeError. Nothing here writes, and nothing here
evaluates cell content: formulas give their cached values, HTML stays text.

Pipeline: size limit -> sniff (content, not extension) -> read sheets ->
per sheet: header + mapping (+ overrides) -> skip non-record rows ->
normalise each row -> duplicates within the file and against
`existing_keys` (geo.records.keys.record_key, as geo.records.store.stored_keys
gives them). What a caller decides - scope, corrections, limits - travels as
one `PreviewSettings`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Collection, Mapping

from geo.intake import csvtext, rowkinds, sheets as sheetio
from geo.intake.headers import ColumnMapping, apply_overrides, detect_header, fold, letter, sheet_year
from geo.places.legacyfonts import repair
from geo.intake.reasons import IntakeError, Reason
from geo.intake.sheets import FORMULA_WITHOUT_VALUE, CellError, Sheet
from geo.intake.sniff import sniff
from geo.intake.values import (MAX_LENGTH, clean_text, code_text, commune_in_unit, kind_from_name, parse_field,
                               parse_kind, parse_year, unit_names)
from geo.places.names import split_prefix, words
from geo.places.registry import CommuneRegistry, scope_label
from geo.records.keys import record_key
from geo.records.schema import COLUMNS, year_range

# The pure function's defaults; the app and the command line pass Config.max_upload_bytes.
DEFAULT_MAX_BYTES = 20 * 2**20
DEFAULT_MAX_ROWS = 100_000
# Columns without which a row cannot be a record: a problem there is an error, elsewhere a warning.
REQUIRED = frozenset({"name", "field", "year", "commune_name", "commune_code"})

Status = str  # "ready" | "warning" | "error"


DUPLICATE_KEYS = frozenset({"duplicate_existing", "duplicate_in_file"})


@dataclass(frozen=True)
class PreviewRow:
    sheet: str
    row_number: int                 # as Excel shows it (CSV: record number, header = 1)
    values: dict = field(hash=False)  # keys = geo.records.schema.COLUMNS
    status: Status = "ready"
    reasons: tuple[Reason, ...] = ()

    @property
    def key(self):
        return record_key(self.values)

    @property
    def is_duplicate(self) -> bool:
        """Left out only because it is already recorded or repeats an earlier row.

        Such rows are skipped, not blocking: an office re-sending last year's
        list with a few new rows gets the new rows in.
        """
        errors = {r.key for r in self.reasons if r.level == "error"}
        return self.status == "error" and bool(errors) and errors <= DUPLICATE_KEYS


@dataclass(frozen=True)
class SkippedRow:
    sheet: str
    row_number: int
    key: str                        # "skipped_total" | "skipped_header" | ... (messages)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    status: str                     # "used" | "no_header" | "empty" | "hidden"
    mapping: ColumnMapping | None = field(default=None, hash=False)
    year: int | None = None         # sheet-level year (sheet name or title), if any
    data_rows: int = 0
    skipped_rows: int = 0

    @property
    def header_rows(self) -> tuple[int, ...]:
        return self.mapping.header_rows if self.mapping else ()

    @property
    def header_row(self) -> int | None:
        return self.header_rows[0] if self.header_rows else None

    @property
    def missing(self) -> tuple[str, ...]:
        """The record's columns that no column of the sheet gives (the year only when the sheet's name or
        title gives none either): what the clerk may have to choose. Rows still say where a section
        heading or the unit filled a gap."""
        if self.mapping is None:
            return ()
        columns = self.mapping.columns
        missing = [target for target in ("name", "field") if target not in columns]
        if "year" not in columns and self.year is None:
            missing.append("year")
        if "commune_name" not in columns and "commune_code" not in columns:
            missing.append("commune_name")
        return tuple(missing)


@dataclass(frozen=True)
class Preview:
    filename: str
    kind: str                       # "xlsx" | "xls" | "csv" (by content)
    sheets: tuple[SheetInfo, ...]
    rows: tuple[PreviewRow, ...]
    skipped: tuple[SkippedRow, ...] = ()
    notices: tuple[Reason, ...] = ()   # about the file (warnings)
    encoding: str | None = None        # CSV only
    delimiter: str | None = None       # CSV only
    places: Mapping[str, str] = field(default_factory=dict, hash=False)  # commune code -> "TT. Yên Sơn"

    def counts(self) -> dict[str, int]:
        out = {"ready": 0, "warning": 0, "error": 0}
        for row in self.rows:
            out[row.status] += 1
        return out

    @property
    def importable(self) -> tuple[PreviewRow, ...]:
        """Rows that an import would write (ready and warning)."""
        return tuple(r for r in self.rows if r.status != "error")

    def records(self) -> list[dict]:
        return [dict(r.values) for r in self.importable]

    @property
    def blocking(self) -> tuple[PreviewRow, ...]:
        """Rows in real error: while there is one, nothing is imported (all or nothing)."""
        return tuple(r for r in self.rows if r.status == "error" and not r.is_duplicate)

    @property
    def duplicates(self) -> tuple[PreviewRow, ...]:
        return tuple(r for r in self.rows if r.is_duplicate)


@lru_cache(maxsize=8)
def default_registry(province: str | None, district: str | None) -> CommuneRegistry:
    return CommuneRegistry.legacy(province=province, district=district)


@dataclass(frozen=True, kw_only=True)
class PreviewSettings:
    """Everything preview() is told besides the file, as one value (preview()'s keyword arguments).

    scope: (province, district), names or GSO codes, whose communes rows may
    name; required, so that no caller falls back on a district it did not
    choose (the app passes Config.scope); None: `registry` as it is, or the
    whole country. registry: a CommuneRegistry, narrowed to `scope` (None: the
    legacy units of `scope`).
    mapping_overrides: {target: column} for every sheet, or {sheet name: {...}}
    per sheet ("*" = all), column as 0-based index or Excel letters, None to
    unmap; "header_row": an Excel row number (or two) to use as the header.
    existing_keys: record_key()s of the records already stored.
    years: allowed (first, last) registration years; default geo.records.schema.year_range().
    Limits: max_bytes (file size, checked first), max_rows (data rows),
    max_unzipped (declared unpacked size of an .xlsx; default 10 x max_bytes, at least 200 MB).
    """
    scope: tuple[str | None, str | None] | None
    registry: CommuneRegistry | None = None
    mapping_overrides: Mapping | None = None
    existing_keys: Collection = frozenset()
    years: tuple[int, int] | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    max_unzipped: int | None = None

    def communes(self) -> CommuneRegistry:
        """The registry rows are matched against (raises ValueError for a scope with no units)."""
        if self.registry is None:
            return default_registry(*(self.scope or (None, None)))
        return self.registry.within(*self.scope) if self.scope else self.registry

    @property
    def year_range(self) -> tuple[int, int]:
        return self.years or year_range()

    @property
    def unzipped_limit(self) -> int:
        return self.max_unzipped or max(10 * self.max_bytes, 200 * 2**20)

    def overrides_for(self, sheet: str) -> dict:
        """The user's corrections that apply to one sheet (the "*" ones, then that sheet's own)."""
        overrides = self.mapping_overrides
        if not overrides:
            return {}
        if any(isinstance(v, Mapping) for v in overrides.values()):
            merged = dict(overrides.get("*", {}) or {})
            merged.update(overrides.get(sheet, {}) or {})
            return merged
        return dict(overrides)


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _status(reasons) -> Status:
    """The worst level among the reasons; notes say what was recognised and leave a row ready."""
    levels = {r.level for r in reasons}
    return "error" if "error" in levels else "warning" if "warning" in levels else "ready"


_FIELD_HEADINGS = {fold(w) for w in ("Kinh tế", "Văn hóa – xã hội", "Văn hóa, xã hội", "Quốc phòng – an ninh",
                                     "Quốc phòng, an ninh", "Xây dựng hệ thống chính trị",
                                     "Xây dựng nông thôn mới", "Khác", "Lĩnh vực khác")}
# The cells read as text, in the order their problems are reported.
_ONE_LINE = ("name", "kind", "field", "commune_name", "commune_code", "unit")
_MULTI_LINE = ("description", "result")


@dataclass
class _Context:
    """What one sheet tells its rows: mapping, sheet year, current section, default kind."""
    sheet: Sheet
    mapping: ColumnMapping
    year: int | None
    default_kind: str = "mo-hinh"
    section_field: str | None = None
    section_field_text: str = ""
    section_commune: str | None = None
    section_commune_text: str = ""
    after_total: bool = False
    header_keys: tuple = ()

    def __post_init__(self):
        self.header_keys = rowkinds.header_keys(self.mapping)

    def cell(self, values: list, target: str):
        col = self.mapping.get(target)
        return values[col] if col is not None and col < len(values) else None


def _default_kind(mapping: ColumnMapping) -> str:
    """A list headed "Tên điển hình" holds exemplars; anything else, models."""
    header = fold(mapping.headers.get(mapping.columns["name"], ""))
    return "dien-hinh" if "dien hinh" in header and "mo hinh" not in header else "mo-hinh"


@dataclass
class _Cells:
    """One data row being read: its cells, and the reasons found so far, in the order found."""
    ctx: _Context
    number: int                                     # Excel row number, for cell references
    values: list
    reasons: list[Reason] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)   # targets that could not be read: no second reason for them

    def raw(self, target: str):
        return self.ctx.cell(self.values, target)

    def label(self, target: str) -> str:
        return self.ctx.mapping.label(target)

    def fail(self, target: str, reason: Reason) -> None:
        self.reasons.append(reason)
        self.broken.add(target)

    def text(self, target: str, single_line: bool = True) -> str:
        """The cell as clean text, "" when empty or unreadable; what went wrong becomes a reason."""
        raw = self.raw(target)
        if raw is None:
            return ""
        if raw is FORMULA_WITHOUT_VALUE or isinstance(raw, CellError):
            self.formula_problem(target, raw)
            return ""
        text = clean_text(raw, single_line=single_line)
        if text and not text.isascii():
            text = self.legacy_font(target, text)
        limit = MAX_LENGTH.get(target)
        if limit and len(text) > limit:
            self.fail(target, Reason("text_too_long", {"column": self.label(target), "length": len(text),
                                                       "limit": limit}))
        return text

    def formula_problem(self, target: str, raw) -> None:
        """A formula Excel never computed, or one that failed: an error in a required column."""
        level = "error" if target in REQUIRED else "warning"
        where = {"column": self.label(target), "cell": f"{letter(self.ctx.mapping.get(target))}{self.number}"}
        if raw is FORMULA_WITHOUT_VALUE:
            self.fail(target, Reason("formula_without_value", where, level))
        else:
            self.fail(target, Reason("formula_error", {**where, "value": str(raw)}, level))

    def legacy_font(self, target: str, text: str) -> str:
        """TCVN3/VNI text converted to Unicode (a warning), or kept and reported when it cannot be."""
        fixed, status, encoding = repair(text)
        if status == "converted":
            self.reasons.append(Reason("legacy_encoding_converted", {
                "column": self.label(target), "encoding": encoding, "original": _short(text),
                "converted": _short(fixed)}, "warning"))
            return fixed
        if status == "unreadable":
            self.fail(target, Reason("legacy_encoding_unreadable", {"column": self.label(target),
                                                                    "value": _short(text)}))
        return text


class _Previewer:
    """Classifies the sheets of one file; remembers the rows seen so far to find duplicates within it."""

    def __init__(self, filename: str, settings: PreviewSettings):
        self.filename = filename
        self.settings = settings
        self.registry = settings.communes()
        self.scope = scope_label(self.registry)
        self.min_year, self.max_year = settings.year_range
        self.seen: dict[tuple, tuple[str, int]] = {}
        self.candidates = 0         # rows below headers, counted before the costly per-row work
        self.notices: list[Reason] = []
        self.notes: dict[tuple[str, str], Reason | None] = {}   # (name as written, code) -> its note

    # -- file level ---------------------------------------------------------
    def classify(self, read: _Read) -> Preview:
        """Header, mapping and rows of every sheet read."""
        self.notices = list(read.notices)
        infos: list[SheetInfo] = []
        rows: list[PreviewRow] = []
        skipped: list[SkippedRow] = []
        for sheet in read.sheets:
            info, sheet_rows, sheet_skipped = self.sheet(sheet, read)
            infos.append(info)
            rows.extend(sheet_rows)
            skipped.extend(sheet_skipped)
        _check_found(read.sheets, infos, rows, self.settings.max_rows)
        codes = {row.values["commune_code"] for row in rows} - {None}
        places = {code: self.registry.by_code[code].short_name for code in codes}
        return Preview(self.filename, read.kind, tuple(infos), tuple(rows), tuple(skipped), tuple(self.notices),
                       read.encoding, read.delimiter, places)

    # -- sheet level --------------------------------------------------------
    def sheet(self, sheet: Sheet, read: _Read) -> tuple[SheetInfo, list[PreviewRow], list[SkippedRow]]:
        """One sheet: why it is not used (a notice), or its rows."""
        if sheet.hidden:
            self.notices.append(Reason("sheet_hidden", {"sheet": sheet.name}, "warning"))
            return SheetInfo(sheet.name, "hidden"), [], []
        if not sheet.rows:
            if len(read.sheets) > 1:
                self.notices.append(Reason("sheet_empty", {"sheet": sheet.name}, "warning"))
            return SheetInfo(sheet.name, "empty"), [], []
        if sheet.truncated_cols:
            self.notices.append(Reason("columns_truncated", {"sheet": sheet.name, "limit": sheetio.MAX_COLS},
                                       "warning"))
        mapping = self.mapping(sheet)
        if mapping is None:
            self.notices.append(Reason("sheet_no_header", {"sheet": sheet.name}, "warning"))
            return SheetInfo(sheet.name, "no_header"), [], []
        self.count_candidates(sheet, mapping)
        ctx = _Context(sheet, mapping, sheet_year(sheet, mapping, use_name=read.kind != "csv"), _default_kind(mapping))
        rows, skipped = self.sheet_rows(ctx)
        return SheetInfo(sheet.name, "used", mapping, ctx.year, len(rows), len(skipped)), rows, skipped

    def mapping(self, sheet: Sheet) -> ColumnMapping | None:
        """The detected header and mapping with the user's corrections; None when no header is found."""
        overrides = self.settings.overrides_for(sheet.name)
        mapping = detect_header(sheet, overrides.get("header_row"))
        if mapping is None:
            return None
        mapping = apply_overrides(mapping, overrides)
        if "name" not in mapping.columns:
            raise IntakeError("mapping_without_name", sheet=sheet.name)
        return mapping

    def count_candidates(self, sheet: Sheet, mapping: ColumnMapping) -> None:
        """Refuse early a file far over max_rows, before its rows are classified one by one."""
        start = mapping.data_starts_after
        self.candidates += sum(1 for number, _ in sheet.rows if number > start)
        if self.candidates > self.settings.max_rows + 100:   # totals and headings are few: over for sure
            raise IntakeError("too_many_rows", limit=self.settings.max_rows)

    def sheet_rows(self, ctx: _Context) -> tuple[list[PreviewRow], list[SkippedRow]]:
        rows, skipped = [], []
        mapping, name = ctx.mapping, ctx.sheet.name
        start = mapping.data_starts_after
        targets = [(t, c) for t, c in mapping.columns.items() if t not in ("stt", "note")]
        for number, values in ctx.sheet.rows:
            if number <= start:
                continue
            if all(c >= len(values) or values[c] is None for _, c in targets):
                continue                                     # blank, or only STT / notes
            kind = self.skip_kind(ctx, values)
            if kind:
                skipped.append(SkippedRow(name, number, kind))
                continue
            rows.append(self.row(ctx, number, values))
        return rows, skipped

    def skip_kind(self, ctx: _Context, values: list) -> str | None:
        """Why this row is not a record (a messages key), or None when it is one."""
        has = {t: ctx.cell(values, t) is not None for t in ("field", "year", "commune_name", "commune_code")}
        commune = has["commune_name"] or has["commune_code"]
        if rowkinds.is_total(values) and not (has["field"] and commune):
            ctx.after_total = True
            return "skipped_total"
        if rowkinds.is_repeated_header(values, ctx.header_keys):
            return "skipped_header"
        if rowkinds.is_numbering(values):
            return "skipped_numbering"
        if not (has["field"] or has["year"] or commune) and (ctx.after_total or rowkinds.is_footer(values)):
            return "skipped_footer"
        return self.section(ctx, values)

    def section(self, ctx: _Context, values: list) -> str | None:
        """A section heading ("I. LĨNH VỰC KINH TẾ", "Xã Đội Bình"): its field or commune goes to the rows below."""
        section = rowkinds.section_text(values, ctx.mapping)
        if not section:
            return None
        text, numbered = section
        text = repair(text)[0]
        field_code = parse_field(text) if (numbered or fold(text) in _FIELD_HEADINGS
                                           or fold(text).startswith("linh vuc")) else None
        commune = None if field_code else self.section_commune(text, numbered)
        if not (field_code or commune or numbered):
            return None
        if field_code:
            ctx.section_field, ctx.section_field_text = field_code, text
        elif commune:
            ctx.section_commune, ctx.section_commune_text = commune, text
        else:            # "II. CÁC MÔ HÌNH CẤP HUYỆN": a new part, nothing inherited
            ctx.section_field = ctx.section_commune = None
        return "skipped_section"

    def section_commune(self, text: str, numbered: bool) -> str | None:
        if not (numbered or split_prefix(text)[0]):
            return None
        bare = text.split(".", 1)[1] if numbered and "." in text else text
        match = self.registry.resolve(bare.strip())
        return match.code if match.status == "matched" else None

    # -- row level ----------------------------------------------------------
    def row(self, ctx: _Context, number: int, values: list) -> PreviewRow:
        """The record a data row would become, its status, and the reasons in the order the columns are read."""
        cells = _Cells(ctx, number, values)
        text = {target: cells.text(target) for target in _ONE_LINE}
        text.update({target: cells.text(target, single_line=False) for target in _MULTI_LINE})
        if not text["name"] and "name" not in cells.broken:
            cells.reasons.append(Reason("missing_name"))
        field_code = self.field_of(cells, text["field"])
        year = self.year_of(cells)
        code, written = self.commune_of(cells, text["commune_name"], code_text(text["commune_code"]), text["unit"])
        kind = self.kind_of(cells, text["name"], text["kind"])
        record = {
            "id": None, "name": text["name"], "kind": kind, "field": field_code, "year": year,
            "commune_code": code, "commune_name": written, "unit": text["unit"], "description": text["description"],
            "result": text["result"], "source": self.filename, "illustrative": False,
        }
        assert tuple(record) == COLUMNS
        self.check_duplicate(cells, record)
        return PreviewRow(ctx.sheet.name, number, record, _status(cells.reasons), tuple(cells.reasons))

    def field_of(self, cells: _Cells, written: str) -> str | None:
        """The field's code, from the cell or else the section heading above."""
        ctx = cells.ctx
        if written:
            code = parse_field(written)
            if code is None and "field" not in cells.broken:
                cells.reasons.append(Reason("unknown_field", {"value": _short(written)}))
            return code
        if "field" in cells.broken:
            return None
        if ctx.section_field:
            cells.reasons.append(Reason("field_from_section", {"value": _short(ctx.section_field_text)}, "warning"))
            return ctx.section_field
        cells.reasons.append(Reason("missing_field"))
        return None

    def year_of(self, cells: _Cells) -> int | None:
        """The registration year, from the cell or else the sheet, within the allowed range."""
        raw, ctx = cells.raw("year"), cells.ctx
        if raw is FORMULA_WITHOUT_VALUE or isinstance(raw, CellError):
            cells.text("year")                          # says which formula
            return None
        if raw is not None and clean_text(raw):
            year = parse_year(raw)
            if year is None:
                cells.reasons.append(Reason("bad_year", {"value": _short(clean_text(raw), 40)}))
                return None
        elif ctx.year is not None:
            year = ctx.year
            cells.reasons.append(Reason("year_from_sheet", {"year": year, "sheet": ctx.sheet.name}, "warning"))
        else:
            cells.reasons.append(Reason("missing_year"))
            return None
        if not self.min_year <= year <= self.max_year:
            cells.reasons.append(Reason("year_out_of_range", {"year": year, "min": self.min_year,
                                                              "max": self.max_year}))
            return None
        return year

    def kind_of(self, cells: _Cells, name: str, written: str) -> str:
        """Model or exemplar: the kind column, else the name ("Điển hình: ..."), else the sheet's default."""
        kind = kind_from_name(name) or cells.ctx.default_kind
        if written:
            parsed = parse_kind(written)
            if parsed is None:
                cells.reasons.append(Reason("unknown_kind", {"value": _short(written, 40)}, "warning"))
            else:
                kind = parsed
        return kind

    def commune_of(self, cells: _Cells, written: str, code: str, unit: str) -> tuple[str | None, str]:
        """(GSO code or None, the name as written): from the code, the name, the section heading or the unit."""
        if code:
            return self.commune_by_code(cells, written, code)
        if written:
            return self.commune_by_name(cells, written)
        if "commune_name" in cells.broken or "commune_code" in cells.broken:
            return None, ""
        return self.commune_inherited(cells, unit)

    def commune_by_code(self, cells: _Cells, written: str, code: str) -> tuple[str | None, str]:
        """A code must exist in scope and agree with the name beside it, if any."""
        match = self.registry.resolve(code)
        if match.status != "matched":
            cells.reasons.append(Reason("unknown_commune", {"name": code, "scope": self.scope, "suggestions": "—"}))
            return None, written
        if written:
            by_name = self.registry.resolve(written)
            if by_name.status == "matched" and by_name.code != match.code:
                cells.reasons.append(Reason("commune_mismatch", {"code": match.code, "name": written}))
                return None, written
            if by_name.status == "matched":
                self.recognised(cells, written, match.code)
        return match.code, written or self.registry.by_code[match.code].full_name

    def commune_by_name(self, cells: _Cells, written: str) -> tuple[str | None, str]:
        """A name in any spelling; "Đội Bình, thôn 3" is tried by its first part too."""
        match = self.registry.resolve(written)
        if match.status == "unknown":
            for sep in (",", ";", "(", " - ", " – "):
                head = written.split(sep, 1)[0].strip()
                if head and head != written:
                    first = self.registry.resolve(head)
                    if first.status != "unknown":
                        match = first
                        break
        if match.status == "matched":
            self.recognised(cells, match.query, match.code)
            return match.code, written
        if match.status == "ambiguous":
            cells.reasons.append(Reason("ambiguous_commune", {"name": written,
                                                              "candidates": unit_names(match.candidates)}))
        elif "commune_name" not in cells.broken:
            cells.reasons.append(Reason("unknown_commune", {"name": _short(written, 60), "scope": self.scope,
                                                            "suggestions": unit_names(match.candidates)}))
        return None, written

    def recognised(self, cells: _Cells, written: str, code: str) -> None:
        """A note when the name was recognised by a former name or in another spelling ("xã Quí Quân"),
        so that the change the clerk sees in the commune column is explained, never silent."""
        key = (written, code)
        if key not in self.notes:
            self.notes[key] = _recognition(self.registry, written, code)
        if self.notes[key]:
            cells.reasons.append(self.notes[key])

    def commune_inherited(self, cells: _Cells, unit: str) -> tuple[str | None, str]:
        """No commune cell: the section heading's commune, else one named in the unit ("UBND xã Đội Bình")."""
        ctx = cells.ctx
        if ctx.section_commune:
            cells.reasons.append(Reason("commune_from_section", {"value": _short(ctx.section_commune_text)},
                                        "warning"))
            return ctx.section_commune, ctx.section_commune_text
        written = commune_in_unit(unit) if unit else None
        if written:
            match = self.registry.resolve(written)
            if match.status == "matched":
                cells.reasons.append(Reason("commune_from_unit", {"commune": written, "unit": _short(unit, 60)},
                                            "warning"))
                return match.code, written
        cells.reasons.append(Reason("missing_commune"))
        return None, ""

    def check_duplicate(self, cells: _Cells, record: dict) -> None:
        """A row already stored, or repeating an earlier row of the file (only rows otherwise fine count)."""
        if _status(cells.reasons) == "error":
            return
        key = record_key(record)
        if key is None:
            return
        if key in self.settings.existing_keys:
            cells.reasons.append(Reason("duplicate_existing"))
        elif key in self.seen:
            first_sheet, first_row = self.seen[key]
            cells.reasons.append(Reason("duplicate_in_file", {"sheet": first_sheet, "row": first_row}))
        else:
            self.seen[key] = (cells.ctx.sheet.name, cells.number)


def _recognition(registry: CommuneRegistry, written: str, code: str) -> Reason | None:
    """How `written` names unit `code` when not by its own name and type: a former name, or another
    spelling (no diacritics, "Quí" for "Quý", another unit type); None when it is the unit's name."""
    unit = registry.by_code[code]
    former = registry.former_name(written, code)
    if former:
        return Reason("commune_former_name", {"written": _short(written, 60), "old": former[0],
                                              "unit": unit.short_name, "code": code, "since": former[1].since},
                      "note")
    unit_type, name = split_prefix(written)
    if name == words(unit.name) and unit_type in (None, unit.type):
        return None
    return Reason("commune_recognised", {"written": _short(written, 60), "unit": unit.short_name, "code": code},
                  "note")


def _check_found(sheets: list[Sheet], infos: list[SheetInfo], rows: list[PreviewRow], max_rows: int) -> None:
    """A file with no usable sheet or no data row is refused as a whole, saying which it is."""
    if not any(info.status == "used" for info in infos):
        if not any(_has_content(sheet) for sheet in sheets if not sheet.hidden):
            raise IntakeError("file_empty")
        raise IntakeError("no_header_found")
    if not rows:
        raise IntakeError("no_data_rows")
    if len(rows) > max_rows:
        raise IntakeError("too_many_rows", limit=max_rows)


def _has_content(sheet: Sheet) -> bool:
    """Any letter or digit in the sheet (a CSV of separators only is empty)."""
    return any(not isinstance(v, str) or any(ch.isalnum() for ch in v)
               for _, values in sheet.rows for v in values if v is not None)


@dataclass(frozen=True)
class _Read:
    """A file read into sheets, before any row is classified; encoding and delimiter for CSV only."""
    kind: str
    sheets: list[Sheet]
    notices: list[Reason] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None


def _read(data: bytes, sniffed, filename: str, settings: PreviewSettings) -> _Read:
    """The sheets of the file; any parser failure on a hostile or broken file is "corrupt", never a crash."""
    try:
        if sniffed.kind == "xlsx":
            read = _Read("xlsx", sheetio.read_xlsx(data, settings.max_rows, settings.unzipped_limit))
        elif sniffed.kind == "xls":
            read = _Read("xls", sheetio.read_xls(data, settings.max_rows))
        else:
            read = _read_csv(data, filename, settings.max_rows)
    except IntakeError:
        raise
    except MemoryError as exc:
        raise IntakeError("workbook_too_large", size_mb="?", limit_mb=round(settings.unzipped_limit / 2**20)) from exc
    except Exception as exc:
        raise IntakeError("corrupt_workbook", detail=type(exc).__name__) from exc
    if sniffed.mismatch:
        read.notices.insert(0, Reason("extension_mismatch", {"ext": sniffed.extension, "actual": sniffed.kind},
                                      "warning"))
    return read


def read_sheets(file_bytes: bytes, filename: str, settings: PreviewSettings) -> _Read:
    """The file's sheets as preview() reads them, before any row is classified (the returned file
    reads them again this way, so its rows are the preview's)."""
    return _read(file_bytes, sniff(file_bytes, filename), filename, settings)


def _read_csv(data: bytes, filename: str, max_rows: int) -> _Read:
    """A CSV as one sheet; the encoding and separator found are said, as a warning, so a wrong guess shows."""
    decoded = csvtext.decode(data)
    if not decoded.text.strip():
        raise IntakeError("file_empty")
    delimiter = csvtext.sniff_delimiter(decoded.text)
    notices = [Reason("csv_encoding", {"encoding": decoded.encoding, "delimiter": delimiter.replace("\t", "Tab")},
                      "warning")]
    if decoded.mixed_lines:
        notices.append(Reason("mixed_encoding", {"count": decoded.mixed_lines}, "warning"))
    sheets = sheetio.read_csv(decoded.text, delimiter, filename or "CSV", max_rows)
    return _Read("csv", sheets, notices, decoded.encoding, delimiter)


def refusal(result: Preview | IntakeError) -> tuple[str, dict] | None:
    """Why an upload is refused, as a message key and its values: a file that cannot be read, or rows
    in error (a file is written whole or not at all); None for a file that can be written. The page
    and the command line keep this trace in the store's history of refused uploads."""
    if isinstance(result, IntakeError):
        return result.key, result.values()
    if result.blocking:
        return "rows_in_error", {"count": len(result.blocking)}
    return None


def file_too_large(size: int, max_bytes: int) -> IntakeError:
    """The refusal of a file over the limit, sizes in MiB; the command line says it before reading too."""
    return IntakeError("file_too_large", size_mb=round(size / 2**20, 1), limit_mb=round(max_bytes / 2**20, 1))


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise file_too_large(size, max_bytes)


def preview(file_bytes: bytes, filename: str, **options) -> Preview:
    """Read a spreadsheet upload and classify every row; writes nothing.

    options: PreviewSettings' fields by keyword - scope (required), registry,
    mapping_overrides, existing_keys, years, max_bytes, max_rows, max_unzipped.
    """
    return _preview(file_bytes, filename, PreviewSettings(**options))


def preview_file(path, **options) -> Preview:
    """preview() of a file on disk; the size limit is checked before a byte is read."""
    settings = PreviewSettings(**options)
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IntakeError("file_empty") from exc
    _check_size(size, settings.max_bytes)
    return _preview(path.read_bytes(), path.name, settings)


def _preview(file_bytes: bytes, filename: str, settings: PreviewSettings) -> Preview:
    _check_size(len(file_bytes), settings.max_bytes)
    if not file_bytes:
        raise IntakeError("file_empty")
    sniffed = sniff(file_bytes, filename)
    worker = _Previewer(filename, settings)      # a scope without units raises ValueError here, before reading
    read = _read(file_bytes, sniffed, filename, settings)
    try:
        return worker.classify(read)
    except IntakeError:
        raise
    except Exception as exc:  # a bug must not crash the page: say so, keep the cause for the log
        raise IntakeError("intake_failed", detail=type(exc).__name__) from exc
