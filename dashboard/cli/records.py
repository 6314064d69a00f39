"""`python -m dashboard import | export | template`: the records commands.

    python -m dashboard import FILE [--dry-run] [--user NAME] [--lang vi|en]
    python -m dashboard export --format csv|xlsx [--out FILE] [--field ...] [--from Y] [--to Y] [--commune ...]
    python -m dashboard template [--out FILE]

The same preview, store and files as the staff page (geo.intake,
geo.records.store, geo.records.export) with the same scope and upload limit
(Config), so a file that imports here imports there. Exit codes: see
dashboard.cli.output.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic.util import CommandError

from dashboard.cli.output import (OK, ROWS_IN_ERROR, STDOUT, Failure, read_input, rejected_file, say, scope_units,
                                  write_output)
from dashboard.config import Config
from dashboard.staff.actions import record_refusal
from dashboard.words.i18n import t
from geo.choropleth.query import Filter, query
from geo.intake import IntakeError, Preview, file_too_large, preview
from geo.intake.values import parse_field, unit_names
from geo.records import store
from geo.records.database import display_url, open_app_store
from geo.records.export import records_csv, records_xlsx, template_bytes
from geo.records.fields import FIELD_CODES
from geo.records.schema import RecordsError, load_records

TEMPLATE_NAME = "mau-danh-sach-mo-hinh.xlsx"


# --- import ---

def cmd_import(args, config: Config) -> int:
    """Preview the file against the stored records, print every row, then import it whole or not at all."""
    lang, path = args.lang, Path(args.file)
    if config.read_only:
        raise Failure(t("cli_read_only", lang, path=config.records))
    data = read_upload(path, config.max_upload_bytes, lang)
    sha = hashlib.sha256(data).hexdigest()
    s = open_database(config, lang)
    try:
        earlier = active_batch(s, sha)
        if earlier is not None:          # importing the same file twice is not an error: nothing to do
            say(already_imported(earlier, lang))
            return OK
        try:
            result = preview(data, path.name, existing_keys=store.stored_keys(s), scope=None,
                             registry=scope_units(*config.scope, lang), max_bytes=config.max_upload_bytes)
        except IntakeError as exc:
            if not args.dry_run:
                record_refusal(s, exc, data, path.name, args.user)  # as the import page does; a dry run is a look
            raise rejected_file(path, exc.text(lang), lang) from exc
        print_report(result, lang)
        errors = len(result.blocking)
        if args.dry_run:
            say(t("cli_dry_run", lang))
        elif errors:
            record_refusal(s, result, data, path.name, args.user)
            say(t("cli_not_written", lang, count=errors), err=True)
        else:
            commit(s, result, args.user, path.name, sha, lang)
        return ROWS_IN_ERROR if errors else OK
    finally:
        s.dispose()


def read_upload(path: Path, max_bytes: int, lang: str) -> bytes:
    """The spreadsheet's bytes; an oversized one is refused as preview() refuses it, but before reading."""
    return read_input(path, max_bytes, lambda size: file_too_large(size, max_bytes).text(lang), lang)


def print_report(result: Preview, lang: str) -> None:
    """What the UI's preview shows: file notices, sheets used, then each row with its status and reasons."""
    say(t("cli_report_file", lang, filename=result.filename, kind=result.kind))
    for notice in result.notices:
        say("  ! " + notice.text(lang))
    for sheet in result.sheets:
        if sheet.status == "used":
            say(t("cli_report_sheet", lang, sheet=sheet.name, rows=sheet.data_rows, skipped=sheet.skipped_rows,
                  header="+".join(map(str, sheet.header_rows))))
    for row in result.rows:
        status = t(f"intake_status_{row.status}", lang)
        name = row.values.get("name") or ""
        name = name if len(name) <= 60 else name[:59] + "…"
        line = t("cli_report_row", lang, sheet=row.sheet, row=row.row_number, status=status)
        say(f"{line} · {name}" if name else line)
        for reason in row.reasons:
            say("    - " + reason.text(lang))
    counts = result.counts()
    say(t("cli_summary", lang, total=len(result.rows), **counts))


def commit(s: store.Store, result: Preview, user: str, filename: str, sha: str, lang: str) -> None:
    """Write the ready and warning rows as one batch (the store makes it all or nothing)."""
    try:
        done = store.import_batch(s, pd.DataFrame(result.records()), user, filename, sha)
    except RecordsError as exc:
        detail = ", ".join(f"{k}={v}" for k, v in exc.details.items())
        raise Failure(t("cli_store_refused", lang, detail=f"{exc.key}: {detail}" if detail else exc.key)) from exc
    if done.already_imported:            # another import of this file won the race
        say(already_imported(active_batch(s, sha), lang))
    else:
        skipped = done.skipped_duplicates + len(result.duplicates)
        say(t("cli_imported", lang, batch_id=done.batch_id, added=done.added, skipped=skipped))


def active_batch(s: store.Store, sha: str) -> dict | None:
    """The active import batch of the file with this hash, if there is one."""
    found = store.batches(s)
    found = found[(found["file_sha256"] == sha) & (found["status"] == "active")]
    return None if found.empty else found.iloc[0].to_dict()


def already_imported(batch: dict | None, lang: str) -> str:
    batch = batch or {"id": "?", "created_at": None, "user": "?"}
    when = batch["created_at"]
    when = when.tz_convert(None).strftime("%d/%m/%Y %H:%M UTC") if when is not None and pd.notna(when) else "?"
    return t("cli_already_imported", lang, batch_id=batch["id"], when=when, user=batch["user"])


def open_database(config: Config, lang: str) -> store.Store:
    """The app's store (migrated; on first use seeded, or started empty with DVK_DEMO=0); an unreachable
    database is a message, not a traceback."""
    database_url = config.database_url
    try:
        return open_app_store(database_url, demo=config.demo)
    except store.DatabaseError as exc:  # says which database (password masked) and why
        raise Failure(t(exc.key, lang, **exc.values())) from exc
    except (sa.exc.SQLAlchemyError, RecordsError, CommandError, OSError) as exc:
        raise Failure(t("cli_database_unreachable", lang, where=display_url(database_url),
                        reason=str(exc).splitlines()[0] if str(exc) else type(exc).__name__)) from exc


# --- export ---

def cmd_export(args, config: Config) -> int:
    """Write the records the dashboard would show for these filters, as CSV or .xlsx."""
    lang = args.lang
    flt = Filter(fields=tuple(field_code(f, lang) for f in args.field),
                 year_from=args.year_from, year_to=args.year_to,
                 communes=tuple(commune_code(c, config.scope, lang) for c in args.commune))
    if flt.year_from is not None and flt.year_to is not None and flt.year_from > flt.year_to:
        raise Failure(t("cli_bad_years", lang, start=flt.year_from, end=flt.year_to))
    rows = query(current_records(config, lang), flt)
    data = records_csv(rows) if args.format == "csv" else records_xlsx(rows)
    where = write_output(data, args.out, args.format == "xlsx", lang)
    say(t("cli_exported", lang, count=len(rows), path=where), err=where == STDOUT)
    return OK


def current_records(config: Config, lang: str) -> pd.DataFrame:
    """What the dashboard shows: the DVK_RECORDS file in read-only mode, otherwise the store."""
    if config.read_only:
        try:
            return load_records(config.records)
        except RecordsError as exc:
            raise Failure(t(exc.key, lang, **exc.details)) from exc
    s = open_database(config, lang)
    try:
        return store.read_records(s)
    finally:
        s.dispose()


def field_code(text: str, lang: str) -> str:
    """A field as a code ("kinh-te") or written the way offices do ("Kinh tế", "KT")."""
    code = text if text in FIELD_CODES else parse_field(text)
    if code is None:
        raise Failure(t("cli_bad_field", lang, value=text, fields=", ".join(FIELD_CODES)))
    return code


def commune_code(text: str, scope: tuple[str, str | None], lang: str) -> str:
    """A commune of `scope` as its GSO code ("02533", "2533") or its name in any spelling the registry resolves."""
    match = scope_units(*scope, lang).resolve(text)
    if match.status != "matched":
        raise Failure(t("cli_bad_commune", lang, value=text, suggestions=unit_names(match.candidates)))
    return match.code


# --- template ---

def cmd_template(args, config: Config) -> int:
    """Write the .xlsx offices fill in (drop-down lists for field, kind and the communes of the scope)."""
    scope_units(*config.scope, args.lang)  # a scope with no units is said in words, not a traceback
    where = write_output(template_bytes(scope=config.scope), args.out, True, args.lang)
    say(t("cli_template_written", args.lang, path=where), err=where == STDOUT)
    return OK


def add_records_parsers(commands, common) -> None:
    """The import, export and template subcommands and their options."""
    p = commands.add_parser("import", parents=[common], help="preview a spreadsheet and import it into the database")
    p.add_argument("file", help=".xlsx, .xls or .csv file")
    p.add_argument("--dry-run", action="store_true", help="print the report only, write nothing")
    p.add_argument("--user", default=os.environ.get("USER") or "cli", help="who imports (audit trail)")
    p.set_defaults(run=cmd_import)

    p = commands.add_parser("export", parents=[common], help="write the records as CSV or .xlsx")
    p.add_argument("--format", choices=("csv", "xlsx"), required=True)
    p.add_argument("--out", help="output file (default: standard output)")
    p.add_argument("--field", nargs="+", action="extend", default=[], metavar="FIELD",
                   help=f"field code or name ({', '.join(FIELD_CODES)})")
    p.add_argument("--from", dest="year_from", type=int, metavar="YEAR", help="first year")
    p.add_argument("--to", dest="year_to", type=int, metavar="YEAR", help="last year")
    p.add_argument("--commune", nargs="+", action="extend", default=[], metavar="CODE",
                   help="5-digit code (mã đơn vị hành chính) or name of a commune")
    p.set_defaults(run=cmd_export)

    p = commands.add_parser("template", parents=[common], help="write the .xlsx import template")
    p.add_argument("--out", default=TEMPLATE_NAME, help=f"output file (default: {TEMPLATE_NAME}; - for stdout)")
    p.set_defaults(run=cmd_template)
