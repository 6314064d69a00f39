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
`existing_keys` (geo.records.keys.natural_key, the store's own key).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Collection, Mapping

from geo.intake import csvtext, rowkinds, sheets as sheetio
from geo.intake.headers import ColumnMapping, apply_overrides, detect_header, fold, letter, sheet_year
from geo.places.legacyfonts import repair
from geo.intake.reasons import IntakeError, Reason
from geo.intake.sheets import FORMULA_WITHOUT_VALUE, CellError, Sheet
from geo.intake.sniff import sniff
from geo.intake.values import (MAX_LENGTH, clean_text, code_text, commune_in_unit, kind_from_name, parse_field,
                               parse_kind, parse_year, scope_label, unit_names)
from geo.places.names import normalize, split_prefix, words
from geo.records.keys import natural_key, record_key
from geo.records.schema import COLUMNS
from geo.places.registry import CommuneRegistry

DEFAULT_SCOPE = ("Tuyên Quang", "Yên Sơn")
DEFAULT_MAX_BYTES = 20 * 2**20
DEFAULT_MAX_ROWS = 100_000
FIRST_YEAR = 2015
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


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _status(reasons) -> Status:
    levels = {r.level for r in reasons}
    return "error" if "error" in levels else "warning" if "warning" in levels else "ready"


def _overrides_for(overrides: Mapping | None, sheet: str) -> dict:
    if not overrides:
        return {}
    if any(isinstance(v, Mapping) for v in overrides.values()):
        merged = dict(overrides.get("*", {}) or {})
        merged.update(overrides.get(sheet, {}) or {})
        return merged
    return dict(overrides)


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


class _Previewer:
    def __init__(self, filename, registry, existing_keys, years):
        self.filename = filename
        self.registry = registry
        self.scope = scope_label(registry)
        self.existing_keys = existing_keys
        self.min_year, self.max_year = years
        self.seen: dict[tuple, tuple[str, int]] = {}

    # -- sheet level --------------------------------------------------------
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

    def cell(self, ctx: _Context, values: list, target: str):
        col = ctx.mapping.get(target)
        return values[col] if col is not None and col < len(values) else None

    def skip_kind(self, ctx: _Context, values: list) -> str | None:
        has = {t: self.cell(ctx, values, t) is not None for t in ("field", "year", "commune_name", "commune_code")}
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
        section = rowkinds.section_text(values, ctx.mapping)
        if section:
            text, numbered = section
            text = repair(text)[0]
            field_code = parse_field(text) if (numbered or fold(text) in _FIELD_HEADINGS
                                               or fold(text).startswith("linh vuc")) else None
            commune = None
            if not field_code and (numbered or split_prefix(text)[0]):
                bare = text.split(".", 1)[1] if numbered and "." in text else text
                match = self.registry.resolve(bare.strip())
                commune = match.code if match.status == "matched" else None
            if field_code or commune or numbered:
                if field_code:
                    ctx.section_field, ctx.section_field_text = field_code, text
                elif commune:
                    ctx.section_commune, ctx.section_commune_text = commune, text
                else:            # "II. CÁC MÔ HÌNH CẤP HUYỆN": a new part, nothing inherited
                    ctx.section_field = ctx.section_commune = None
                return "skipped_section"
        return None

    # -- row level ----------------------------------------------------------
    def row(self, ctx: _Context, number: int, values: list) -> PreviewRow:
        reasons: list[Reason] = []
        broken: set[str] = set()
        mapping = ctx.mapping

        def text_of(target: str, single_line: bool = True) -> str:
            raw = self.cell(ctx, values, target)
            if raw is None:
                return ""
            level = "error" if target in REQUIRED else "warning"
            if raw is FORMULA_WITHOUT_VALUE or isinstance(raw, CellError):
                label = mapping.label(target)
                ref = f"{letter(mapping.get(target))}{number}"
            if raw is FORMULA_WITHOUT_VALUE:
                reasons.append(Reason("formula_without_value", {"column": label, "cell": ref}, level))
                broken.add(target)
                return ""
            if isinstance(raw, CellError):
                reasons.append(Reason("formula_error", {"column": label, "cell": ref, "value": str(raw)}, level))
                broken.add(target)
                return ""
            text = clean_text(raw, single_line=single_line)
            if text and not text.isascii():
                fixed, status, encoding = repair(text)
                if status == "converted":
                    reasons.append(Reason("legacy_encoding_converted", {
                        "column": mapping.label(target), "encoding": encoding, "original": _short(text),
                        "converted": _short(fixed)}, "warning"))
                    text = fixed
                elif status == "unreadable":
                    reasons.append(Reason("legacy_encoding_unreadable", {"column": mapping.label(target),
                                                                         "value": _short(text)}))
                    broken.add(target)
            limit = MAX_LENGTH.get(target)
            if limit and len(text) > limit:
                reasons.append(Reason("text_too_long", {"column": mapping.label(target), "length": len(text),
                                                        "limit": limit}))
                broken.add(target)
            return text

        name = text_of("name")
        kind_text = text_of("kind")
        field_text = text_of("field")
        commune_text = text_of("commune_name")
        code_raw = code_text(text_of("commune_code"))
        unit = text_of("unit")
        description = text_of("description", single_line=False)
        result = text_of("result", single_line=False)

        if not name and "name" not in broken:
            reasons.append(Reason("missing_name"))

        # field
        field_code = None
        if field_text:
            field_code = parse_field(field_text)
            if field_code is None and "field" not in broken:
                reasons.append(Reason("unknown_field", {"value": _short(field_text)}))
        elif "field" not in broken:
            if ctx.section_field:
                field_code = ctx.section_field
                reasons.append(Reason("field_from_section", {"value": _short(ctx.section_field_text)}, "warning"))
            else:
                reasons.append(Reason("missing_field"))

        # year
        year = None
        raw_year = self.cell(ctx, values, "year")
        if raw_year is FORMULA_WITHOUT_VALUE or isinstance(raw_year, CellError):
            text_of("year")
        elif raw_year is not None and clean_text(raw_year):
            year = parse_year(raw_year)
            if year is None:
                reasons.append(Reason("bad_year", {"value": _short(clean_text(raw_year), 40)}))
        elif ctx.year is not None:
            year = ctx.year
            reasons.append(Reason("year_from_sheet", {"year": year, "sheet": ctx.sheet.name}, "warning"))
        else:
            reasons.append(Reason("missing_year"))
        if year is not None and not self.min_year <= year <= self.max_year:
            reasons.append(Reason("year_out_of_range", {"year": year, "min": self.min_year, "max": self.max_year}))
            year = None

        # commune
        code, written = self.commune(ctx, commune_text, code_raw, unit, broken, reasons)

        # kind
        kind = kind_from_name(name) or ctx.default_kind
        if kind_text:
            parsed = parse_kind(kind_text)
            if parsed is None:
                reasons.append(Reason("unknown_kind", {"value": _short(kind_text, 40)}, "warning"))
            else:
                kind = parsed

        record = {
            "id": None, "name": name, "kind": kind, "field": field_code, "year": year,
            "commune_code": code, "commune_name": written, "unit": unit, "description": description,
            "result": result, "source": self.filename, "illustrative": False,
        }
        assert tuple(record) == COLUMNS
        if _status(reasons) != "error":
            key = record_key(record)
            if key is not None:
                if key in self.existing_keys:
                    reasons.append(Reason("duplicate_existing"))
                elif key in self.seen:
                    first_sheet, first_row = self.seen[key]
                    reasons.append(Reason("duplicate_in_file", {"sheet": first_sheet, "row": first_row}))
                else:
                    self.seen[key] = (ctx.sheet.name, number)
        return PreviewRow(ctx.sheet.name, number, record, _status(reasons), tuple(reasons))

    def commune(self, ctx, commune_text, code_raw, unit, broken, reasons) -> tuple[str | None, str]:
        reg = self.registry
        if code_raw:
            match = reg.resolve(code_raw)
            if match.status != "matched":
                reasons.append(Reason("unknown_commune", {"name": code_raw, "scope": self.scope, "suggestions": "—"}))
                return None, commune_text
            if commune_text:
                by_name = reg.resolve(commune_text)
                if by_name.status == "matched" and by_name.code != match.code:
                    reasons.append(Reason("commune_mismatch", {"code": match.code, "name": commune_text}))
                    return None, commune_text
            return match.code, commune_text or reg.by_code[match.code].full_name
        if commune_text:
            match = reg.resolve(commune_text)
            if match.status == "unknown":
                for sep in (",", ";", "(", " - ", " – "):
                    head = commune_text.split(sep, 1)[0].strip()
                    if head and head != commune_text:
                        first = reg.resolve(head)
                        if first.status != "unknown":
                            match = first
                            break
            if match.status == "matched":
                return match.code, commune_text
            if match.status == "ambiguous":
                reasons.append(Reason("ambiguous_commune", {"name": commune_text,
                                                            "candidates": unit_names(match.candidates)}))
            elif "commune_name" not in broken:
                reasons.append(Reason("unknown_commune", {"name": _short(commune_text, 60), "scope": self.scope,
                                                          "suggestions": unit_names(match.candidates)}))
            return None, commune_text
        if "commune_name" in broken or "commune_code" in broken:
            return None, ""
        if ctx.section_commune:
            reasons.append(Reason("commune_from_section", {"value": _short(ctx.section_commune_text)}, "warning"))
            return ctx.section_commune, ctx.section_commune_text
        if unit:
            written = commune_in_unit(unit)
            if written:
                match = reg.resolve(written)
                if match.status == "matched":
                    reasons.append(Reason("commune_from_unit", {"commune": written, "unit": _short(unit, 60)},
                                          "warning"))
                    return match.code, written
        reasons.append(Reason("missing_commune"))
        return None, ""


_FIELD_HEADINGS = {fold(w) for w in ("Kinh tế", "Văn hóa – xã hội", "Văn hóa, xã hội", "Quốc phòng – an ninh",
                                     "Quốc phòng, an ninh", "Xây dựng hệ thống chính trị",
                                     "Xây dựng nông thôn mới", "Khác", "Lĩnh vực khác")}


def _has_content(sheet: Sheet) -> bool:
    """Any letter or digit in the sheet (a CSV of separators only is empty)."""
    return any(not isinstance(v, str) or any(ch.isalnum() for ch in v)
               for _, values in sheet.rows for v in values if v is not None)


def _read(data: bytes, sniffed, filename: str, max_rows: int, max_unzipped: int):
    """The sheets of the file, plus (encoding, delimiter, notices) for CSV."""
    notices: list[Reason] = []
    encoding = delimiter = None
    try:
        if sniffed.kind == "xlsx":
            found = sheetio.read_xlsx(data, max_rows, max_unzipped)
        elif sniffed.kind == "xls":
            found = sheetio.read_xls(data, max_rows)
        else:
            decoded = csvtext.decode(data)
            if not decoded.text.strip():
                raise IntakeError("file_empty")
            delimiter = csvtext.sniff_delimiter(decoded.text)
            encoding = decoded.encoding
            notices.append(Reason("csv_encoding", {"encoding": encoding, "delimiter": delimiter.replace("\t", "Tab")},
                                  "warning"))
            if decoded.mixed_lines:
                notices.append(Reason("mixed_encoding", {"count": decoded.mixed_lines}, "warning"))
            found = sheetio.read_csv(decoded.text, delimiter, filename or "CSV", max_rows)
    except IntakeError:
        raise
    except MemoryError as exc:
        raise IntakeError("workbook_too_large", size_mb="?", limit_mb=round(max_unzipped / 2**20)) from exc
    except Exception as exc:  # any parser failure on a hostile or broken file is "corrupt", never a crash
        raise IntakeError("corrupt_workbook", detail=type(exc).__name__) from exc
    return found, encoding, delimiter, notices


def preview(file_bytes: bytes, filename: str, registry: CommuneRegistry | None = None,
            mapping_overrides: Mapping | None = None, existing_keys: Collection = frozenset(), *,
            scope: tuple[str | None, str | None] | None = DEFAULT_SCOPE,
            max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int = DEFAULT_MAX_ROWS,
            max_unzipped: int | None = None, years: tuple[int, int] | None = None) -> Preview:
    """Read a spreadsheet upload and classify every row; writes nothing.

    registry: a CommuneRegistry (None: the legacy units of `scope`); `scope`
    (province, district) narrows a given registry too, None uses it as is.
    mapping_overrides: {target: column} for every sheet, or {sheet name: {...}} per
    sheet ("*" = all), column as 0-based index or Excel letters, None to unmap;
    "header_row": an Excel row number (or two) to use as the header.
    existing_keys: natural_key()s of records already stored.
    years: allowed (first, last) registration years; default 2015..this year.
    Limits: max_bytes (file size, checked first), max_rows (data rows),
    max_unzipped (declared unpacked size of an .xlsx; default 10 x max_bytes, at least 200 MB).
    """
    size = len(file_bytes)
    if size > max_bytes:
        raise IntakeError("file_too_large", size_mb=round(size / 2**20, 1), limit_mb=round(max_bytes / 2**20, 1))
    if size == 0:
        raise IntakeError("file_empty")
    sniffed = sniff(file_bytes, filename)
    if registry is None:
        registry = default_registry(*(scope or (None, None)))
    elif scope:
        registry = registry.within(*scope)
    years = years or (FIRST_YEAR, date.today().year)
    max_unzipped = max_unzipped or max(10 * max_bytes, 200 * 2**20)

    found, encoding, delimiter, notices = _read(file_bytes, sniffed, filename, max_rows, max_unzipped)
    if sniffed.mismatch:
        notices.insert(0, Reason("extension_mismatch", {"ext": sniffed.extension, "actual": sniffed.kind}, "warning"))

    try:
        return _classify(found, sniffed, filename, registry, mapping_overrides, existing_keys, years, max_rows,
                         notices, encoding, delimiter)
    except IntakeError:
        raise
    except Exception as exc:  # a bug must not crash the page: say so, keep the cause for the log
        raise IntakeError("intake_failed", detail=type(exc).__name__) from exc


def _classify(found, sniffed, filename, registry, mapping_overrides, existing_keys, years, max_rows,
              notices, encoding, delimiter) -> Preview:
    """Header, mapping and rows of every sheet read (the second half of preview())."""
    worker = _Previewer(filename, registry, existing_keys, years)
    candidates = 0          # rows below headers, counted before the costly per-row work
    infos: list[SheetInfo] = []
    rows: list[PreviewRow] = []
    skipped: list[SkippedRow] = []
    for sheet in found:
        if sheet.hidden:
            notices.append(Reason("sheet_hidden", {"sheet": sheet.name}, "warning"))
            infos.append(SheetInfo(sheet.name, "hidden"))
            continue
        if not sheet.rows:
            if len(found) > 1:
                notices.append(Reason("sheet_empty", {"sheet": sheet.name}, "warning"))
            infos.append(SheetInfo(sheet.name, "empty"))
            continue
        if sheet.truncated_cols:
            notices.append(Reason("columns_truncated", {"sheet": sheet.name, "limit": sheetio.MAX_COLS}, "warning"))
        overrides = _overrides_for(mapping_overrides, sheet.name)
        mapping = detect_header(sheet, overrides.get("header_row"))
        if mapping is None:
            notices.append(Reason("sheet_no_header", {"sheet": sheet.name}, "warning"))
            infos.append(SheetInfo(sheet.name, "no_header"))
            continue
        mapping = apply_overrides(mapping, overrides)
        if "name" not in mapping.columns:
            raise IntakeError("mapping_without_name", sheet=sheet.name)
        start = mapping.data_starts_after
        candidates += sum(1 for number, _ in sheet.rows if number > start)
        if candidates > max_rows + 100:     # totals and headings are few: over the limit for sure
            raise IntakeError("too_many_rows", limit=max_rows)
        ctx = _Context(sheet, mapping, sheet_year(sheet, mapping, use_name=sniffed.kind != "csv"))
        header = fold(mapping.headers.get(mapping.columns["name"], ""))
        if "dien hinh" in header and "mo hinh" not in header:
            ctx.default_kind = "dien-hinh"
        sheet_rows, sheet_skipped = worker.sheet_rows(ctx)
        rows.extend(sheet_rows)
        skipped.extend(sheet_skipped)
        infos.append(SheetInfo(sheet.name, "used", mapping, ctx.year, len(sheet_rows), len(sheet_skipped)))

    if not any(info.status == "used" for info in infos):
        visible = [sheet for sheet in found if not sheet.hidden]
        if not any(_has_content(sheet) for sheet in visible):
            raise IntakeError("file_empty")
        raise IntakeError("no_header_found")
    if not rows:
        raise IntakeError("no_data_rows")
    if len(rows) > max_rows:
        raise IntakeError("too_many_rows", limit=max_rows)
    return Preview(filename, sniffed.kind, tuple(infos), tuple(rows), tuple(skipped), tuple(notices),
                   encoding, delimiter)


def preview_file(path, registry: CommuneRegistry | None = None, mapping_overrides: Mapping | None = None,
                 existing_keys: Collection = frozenset(), *, max_bytes: int = DEFAULT_MAX_BYTES, **options) -> Preview:
    """preview() of a file on disk; the size limit is checked before a byte is read."""
    from pathlib import Path

    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IntakeError("file_empty") from exc
    if size > max_bytes:
        raise IntakeError("file_too_large", size_mb=round(size / 2**20, 1), limit_mb=round(max_bytes / 2**20, 1))
    return preview(path.read_bytes(), path.name, registry, mapping_overrides, existing_keys,
                   max_bytes=max_bytes, **options)
