"""`python -m dashboard areas`: how the national 2009 commune set is coded, for a province office to review.

    python -m dashboard areas [--report FILE.csv] [--lang vi|en]

The map of any district or province (“Khu vực”) draws the national polygons
by the administrative unit code geo.boundaries.national gives them by name;
a wrong code paints a unit's models in the wrong place, so the coding is
open to review. The command prints how many polygons each step coded and
why the others have no code; --report writes one row per polygon (CSV,
UTF-8 with a BOM and formula-safe text, like `export`), in the words of
--lang. Exit codes (dashboard.cli.output): 0 done, 2 the national file is
missing or unreadable, or the report cannot be written.
"""
from __future__ import annotations

from functools import partial

import pandas as pd

from dashboard.cli.output import OK, STDOUT, Failure, say, write_output
from dashboard.config import Config
from dashboard.words.i18n import number, t
from geo.boundaries.layers import BoundaryError
from geo.boundaries.national import CODING_COLUMNS, REASONS, National, coding_table, load_national
from geo.places.registry import legacy_units
from geo.records.export import csv_bytes, neutralise


def cmd_areas(args, config: Config) -> int:
    """Print how the national set is coded and, with --report, write the per-polygon table."""
    lang = args.lang
    table = coding_table(national_set(config, lang))
    to_stdout = args.report == "-"
    for line in summary_lines(table, str(config.national), lang):
        say(line, err=to_stdout)
    if args.report:
        where = write_output(report_csv(table, lang), args.report, False, lang)
        say(t("areas_report_written", lang, rows=number(len(table), lang), path=where), err=where == STDOUT)
    return OK


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
    p.add_argument("--report", metavar="FILE.csv",
                   help="write one row per polygon (codes, step, reason) to this CSV file; - for stdout")
    p.set_defaults(run=cmd_areas)
