"""`python -m dashboard areas`: how the national 2009 commune set is coded, for a province office to review.

    python -m dashboard areas [--report FILE.csv] [--lang vi|en]
    python -m dashboard areas --prepare [--lang vi|en]

The map of any district or province (“Khu vực”) draws the national polygons
by the administrative unit code geo.boundaries.national gives them by name;
a wrong code paints a unit's models in the wrong place, so the coding is
open to review. The command prints how many polygons each step coded and
why the others have no code; --report writes one row per polygon (CSV,
UTF-8 with a BOM and formula-safe text, like `export`), in the words of
--lang. --prepare instead builds the map of the whole country ahead of
time (geo.prepared: cleaned communes, context and 2025 units under
cache/areas, once per version of the national file) and says what it did
and how long it took. Exit codes (dashboard.cli.output): 0 done, 2 the
national file is missing or unreadable, or the report or the prepared
country cannot be written.
"""
from __future__ import annotations

from functools import partial

import pandas as pd

from dashboard.cli.output import OK, STDOUT, Failure, say, write_output
from dashboard.config import Config
from geo import prepared
from dashboard.words.i18n import number, t
from geo.boundaries.layers import BoundaryError
from geo.boundaries.national import CODING_COLUMNS, REASONS, National, coding_table, load_national
from geo.places.registry import legacy_units
from geo.records.export import csv_bytes, neutralise


def cmd_areas(args, config: Config) -> int:
    """Print how the national set is coded and, with --report, write the per-polygon table (or --prepare)."""
    lang = args.lang
    if args.prepare:
        return cmd_prepare(config, lang)
    table = coding_table(national_set(config, lang))
    to_stdout = args.report == "-"
    for line in summary_lines(table, str(config.national), lang):
        say(line, err=to_stdout)
    if args.report:
        where = write_output(report_csv(table, lang), args.report, False, lang)
        say(t("areas_report_written", lang, rows=number(len(table), lang), path=where), err=where == STDOUT)
    return OK


def cmd_prepare(config: Config, lang: str) -> int:
    """Build the country's prepared copy unless it is there already, and say what was done and how long it took."""
    if not config.national.is_file():
        raise Failure(t("areas_national_missing", lang, path=str(config.national)))
    cache = prepared.CACHE
    if not prepared.is_prepared(prepared.folder(cache, config.national)):
        say(t("areas_prepare_start", lang, path=str(config.national)))
    done = prepared.prepare(config.national, cache, loader=lambda path: national_set(config, lang))
    if done.error:
        raise Failure(t("areas_prepare_not_saved", lang, folder=str(done.folder), reason=done.error))
    for line in prepare_lines(done, lang):
        say(line)
    return OK


def prepare_lines(done: prepared.Prepared, lang: str) -> list[str]:
    """What `areas --prepare` did: found or built (steps in seconds), what the country holds, the files' sizes."""
    n = partial(number, lang=lang)
    seconds = {key: n(value, decimals=1) for key, value in done.seconds.items()}
    if not done.built:
        lines = [t("areas_prepare_found", lang, folder=str(done.folder), seconds=seconds["load"])]
    else:
        total = n(sum(done.seconds.values()), decimals=1)
        lines = [t("areas_prepare_built", lang, folder=str(done.folder), seconds=total),
                 t("areas_prepare_steps", lang, national=seconds["national"], communes=seconds["communes"],
                   units=seconds["units_2025"], save=seconds["save"])]
    area, units = done.country.area, done.country.units_2025
    lines.append(t("areas_prepare_content", lang, communes=n(len(area.communes)), uncoded=n(len(area.uncoded)),
                   provinces=n((area.context["level"] == "province_line").sum()),
                   units=n(0 if units is None else len(units))))
    dropped = (area.communes.attrs.get("display") or {}).get("dropped") or []
    if dropped:
        lines.append(t("areas_prepare_dropped", lang, count=n(len(dropped)), codes=", ".join(dropped)))
    lines += [t("areas_prepare_file", lang, name=name, size=n(size / 1024, decimals=0))
              for name, size in done.sizes.items()]
    return lines


def national_set(config: Config, lang: str) -> National:
    """The coded national set; a missing or broken file is a message (exit 2), not a traceback."""
    try:
        return load_national(config.national)
    except BoundaryError as exc:
        key = "areas_national_missing" if exc.key == "boundary_missing" else exc.key
        raise Failure(t(key, lang, **exc.details)) from exc


def summary_lines(table: pd.DataFrame, path: str, lang: str) -> list[str]:
    """Polygons coded by each step (the province fallback by how it was confirmed), then the uncoded by reason."""
    n = partial(number, lang=lang)
    via, confirmed = table["matched_via"], table["confirmed"]
    coded = int(table["code"].notna().sum())
    lines = [t("areas_summary", lang, path=path, total=n(len(table)), coded=n(coded), uncoded=n(len(table) - coded)),
             t("areas_summary_district", lang, count=n((via == "district").sum())),
             t("areas_summary_province", lang, count=n((via == "province").sum()),
               touch=n((confirmed == "touch").sum()), predecessor=n((confirmed == "predecessor").sum()))]
    counts = table["reason"].value_counts()
    lines += [t("areas_summary_reason", lang, count=n(counts[reason]), label=t(f"areas_short_{reason}", lang))
              for reason in REASONS if reason in counts]
    return lines


def report_csv(table: pd.DataFrame, lang: str) -> bytes:
    """The table as records_csv writes records: CODING_COLUMNS, UTF-8 with a BOM, CRLF, text neutralised.

    Codes stay text ("07630"); the reason is a sentence in `lang`, empty for a coded polygon.
    """
    units = {u.code: u for u in legacy_units()}
    reasons = [reason_text(row, units, lang) for row in table.itertuples(index=False)]
    rows = table[CODING_COLUMNS].assign(reason=reasons).astype(object)
    return csv_bytes(CODING_COLUMNS, (["" if pd.isna(value) else neutralise(value) for value in row]
                                      for row in rows.itertuples(index=False, name=None)))


def reason_text(row, units: dict, lang: str) -> str:
    """Why a polygon has no code, naming its 2009 names and the units in question; "" when it has one."""
    if not isinstance(row.reason, str):
        return ""
    named = [t("areas_unit", lang, name=units[c].full_name, code=c, district=units[c].district_full_name)
             for c in row.codes if c in units]
    return t(f"areas_reason_{row.reason}", lang, province=row.province_vn or "", district=row.district_vn or "",
             name=row.name, units=", ".join(named))


def add_areas_parser(commands, common) -> None:
    """The areas subcommand."""
    p = commands.add_parser("areas", parents=[common],
                            help="how the national 2009 commune set is coded; --report writes it for review")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--report", metavar="FILE.csv",
                      help="write one row per polygon (codes, step, reason) to this CSV file; - for stdout")
    what.add_argument("--prepare", action="store_true",
                      help="build the map of the whole country ahead of time (under cache/areas, once per "
                           "version of the national file) and say what it took")
    p.set_defaults(run=cmd_areas)
