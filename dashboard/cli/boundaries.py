"""`python -m dashboard boundaries`: load a commune boundary file as a new version; list or activate versions.

    python -m dashboard boundaries FILE [--code-column C] [--name-column N] [--crs tm3:106] [--dry-run] [--activate]
    python -m dashboard boundaries --list | --activate-version ID | --deactivate

`--list` checks each set's file against the checksum saved with it; a damaged
active set is not shown by the app (it falls back to the configured file).

The steps are geo.boundaries.pipeline's, as on the staff page, with the
same upload limit and default scope (Config); this module only prints them.
Exit codes (dashboard.cli.output): 0 saved (or listed), 1 some features could
not be matched or cleaned (nothing saved), 2 the file or the options could not
be used (a file without a CRS lists the zones to pass).
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyproj

from dashboard.cli.output import OK, REJECTED, ROWS_IN_ERROR, Failure, read_input, rejected_file, say, scope_units
from dashboard.config import Config
from dashboard.words.boundary_report import report_lines
from dashboard.words.i18n import t
from geo.boundaries import layers as boundaries
from geo.boundaries.archive import megabytes
from geo.boundaries.file import read_boundary_file, to_wgs84
from geo.boundaries.layers import BoundaryError
from geo.boundaries.pipeline import prepare
from geo.boundaries.sets import BoundarySets, suggest_columns
from geo.boundaries.vn2000 import crs_from_text, crs_text
from geo.places.registry import CommuneRegistry, scope_label


def cmd_boundaries(args, config: Config) -> int:
    """Load a commune boundary file as a new version, or list / activate the saved versions."""
    lang = args.lang
    if sum((args.file is not None, args.list, args.activate_version is not None, args.deactivate)) != 1:
        raise Failure(t("bset_cli_what", lang))
    sets = BoundarySets(config.boundary_sets)
    if args.list:
        return list_versions(sets, lang)
    if args.deactivate:
        boundary_call(sets.deactivate, lang)
        say(t("bset_deactivated", lang, path=config.boundaries))
        return OK
    if args.activate_version is not None:
        version = boundary_call(lambda: sets.activate(args.activate_version), lang)
        say(t("bset_activated", lang, id=version.id, label=version.label, features=version.features,
              source=version.source_name))
        return OK
    return load_boundaries(args, config, sets)


def load_boundaries(args, config: Config, sets: BoundarySets) -> int:
    """Read, match, clean and measure the file, then save it as a version if every feature matched."""
    lang, path = args.lang, Path(args.file)
    data = read_boundary_bytes(path, config.max_upload_bytes, lang)
    hint = expected_bbox(args, config, sets)
    raw = boundary_call(lambda: read_boundary_file(data, path.name, config.max_upload_bytes, expected_bbox=hint),
                        lang, path)
    say(t("bset_file", lang, filename=path.name, format=raw.format, features=len(raw.frame),
          encoding=raw.encoding or "—"))
    for key, params in raw.notes:
        say("  ! " + t(key, lang, **params))
    try:
        gdf = to_wgs84(raw, parse_crs(args.crs, lang) if args.crs else None)
    except BoundaryError as exc:
        if exc.key != "boundary_needs_zone":
            raise rejected(exc, lang, path) from exc
        print_zones(exc, lang)
        return REJECTED
    columns = chosen_columns(gdf, args, lang)
    registry = scope_registry(args, config.scope, lang)
    prepared = prepare(gdf, columns, registry)
    for line in report_lines(prepared, scope_label(registry), lang):
        say(line.text)
    if not prepared.accepted:
        say(t("bset_not_saved", lang, count=prepared.blocking), err=True)
        return ROWS_IN_ERROR
    if args.dry_run:
        say(t("bset_dry_run", lang))
        return OK
    version = boundary_call(lambda: sets.save(
        prepared.communes, label=args.label or path.stem, source_name=path.name, user=args.user,
        report=prepared.report(args.crs, raw.notes), source_sha256=hashlib.sha256(data).hexdigest(),
        activate=args.activate), lang)
    say(t("bset_saved_active" if version.active else "bset_saved", lang, id=version.id, features=version.features))
    return OK


def boundary_call(call, lang: str, path: Path | None = None):
    """Run a boundary step; its BoundaryError, or a folder that cannot be written, becomes
    the translated message (exit 2)."""
    try:
        return call()
    except BoundaryError as exc:
        raise rejected(exc, lang, path) from exc
    except OSError as exc:
        raise Failure(t("bpage_save_failed", lang, reason=exc.strerror or exc)) from exc


def rejected(exc: BoundaryError, lang: str, path: Path | None) -> Failure:
    """The message of a BoundaryError, naming the file when there is one."""
    reason = t(exc.key, lang, **exc.details)
    return rejected_file(path, reason, lang) if path else Failure(reason)


def read_boundary_bytes(path: Path, max_bytes: int, lang: str) -> bytes:
    """The file's bytes; an oversized file is refused as the page refuses it, but before it is read."""
    def too_large(size: int) -> str:
        return t("boundary_too_large", lang, filename=path.name, size_mb=megabytes(size), limit_mb=megabytes(max_bytes))

    return read_input(path, max_bytes, too_large, lang)


def expected_bbox(args, config: Config, sets: BoundarySets) -> tuple[float, ...] | None:
    """Where the new file should lie, to rank zone suggestions: the app's boundaries now (same scope only)."""
    if args.province or args.district:
        return None
    active = sets.active()
    if not active and config.area:          # the map shows DVK_AREA from the national set, not `boundaries`
        return None
    path = active.path if active else config.boundaries
    try:
        return tuple(boundaries.to_wgs84(boundaries.read_layer(path), path).total_bounds)
    except BoundaryError:
        return None


def parse_crs(text: str, lang: str) -> pyproj.CRS:
    """--crs: "tm3:106" / "tm3:105.5" (VN-2000 provincial zone), "utm:48" (VN-2000 UTM), or what pyproj reads."""
    try:
        return crs_from_text(text)
    except ValueError as exc:
        raise Failure(t("bset_cli_bad_crs", lang, value=text)) from exc


def print_zones(exc: BoundaryError, lang: str) -> None:
    """A CRS-less file in metres: the ranked zones, each with the option to pass."""
    say(t(exc.key, lang, **exc.details), err=True)
    say(t("bset_zone_choices", lang), err=True)
    for rank, suggestion in enumerate(exc.details["suggestions"], 1):
        say(t("bset_zone_choice", lang, rank=rank, label=suggestion.label, option=crs_text(suggestion.crs)),
            err=True)


def chosen_columns(gdf, args, lang: str) -> dict[str, str | None]:
    """The columns given on the command line, the guessed ones for the rest; checked against the file."""
    guessed = suggest_columns(gdf)
    given = {"code": args.code_column, "name": args.name_column, "population": args.population_column}
    available = [str(c) for c in gdf.columns if c != gdf.geometry.name]
    for column in filter(None, given.values()):
        if column not in gdf.columns:
            raise Failure(t("bset_cli_no_column", lang, column=column, columns=", ".join(available)))
    keys = given if given["code"] or given["name"] else guessed  # a key column given replaces both guesses
    columns = {"code": keys["code"], "name": keys["name"],
               "population": given["population"] or guessed["population"]}
    if not (columns["code"] or columns["name"]):
        raise Failure(t("bset_cli_no_key_column", lang, columns=", ".join(available)))
    say(t("bset_columns", lang, **{k: v or "—" for k, v in columns.items()}))
    return columns


def scope_registry(args, scope: tuple[str, str | None], lang: str) -> CommuneRegistry:
    """The units the file is matched against: --province/--district, by default the app's (Config.scope)."""
    province, district = (args.province, args.district) if args.province or args.district else scope
    return scope_units(province, district, lang)


def list_versions(sets: BoundarySets, lang: str) -> int:
    """The saved sets, newest first, the active one starred; damaged folders are named, not fatal."""
    versions, skipped = sets.scan()
    if not versions:
        say(t("bset_list_empty", lang, root=sets.root))
    else:
        say(t("bset_list_header", lang, root=sets.root))
    for version in versions:
        damage = sets.damage(version)
        state = damage or ("bset_state_ok" if version.data_sha256 else "bset_state_unchecked")
        say(t("bset_list_row", lang, mark="*" if version.active else " ", id=version.id, label=version.label,
              features=version.features, source=version.source_name, user=version.user, state=t(state, lang)))
        if damage and version.active:
            say("  ! " + t("bset_list_damaged_active", lang), err=True)
    for folder in skipped:
        say("  ! " + t(folder.key, lang, name=folder.name, detail=folder.detail), err=True)
    gone = sets.damaged_active()
    if gone is not None and gone.key == "bset_active_gone":
        say("  ! " + t(gone.key, lang, name=gone.name), err=True)
    return OK


def add_boundaries_parser(commands, common, scope: tuple[str, str | None]) -> None:
    """The boundaries subcommand; `scope` is what --province/--district default to."""
    p = commands.add_parser("boundaries", parents=[common],
                            help="load a commune boundary file as a new version; list or activate versions")
    p.add_argument("file", nargs="?", help="GeoJSON, GeoPackage, zipped Shapefile or KML")
    p.add_argument("--code-column", help="column of 5-digit commune codes (mã đơn vị hành chính; default: guessed)")
    p.add_argument("--name-column", help="column of commune names (default: guessed)")
    p.add_argument("--population-column", help="column of population (default: guessed)")
    p.add_argument("--crs", help="CRS of a file without one: EPSG:xxxx, tm3:106, tm3:105.5, utm:48")
    p.add_argument("--province", help=f"province of the units, name or code (default: {scope[0]}, DVK_AREA)")
    p.add_argument("--district", help=f"district of the units (default: {scope[1] or 'the whole province'})")
    p.add_argument("--label", help="a name for this version (default: the file name)")
    p.add_argument("--user", default=os.environ.get("USER") or "cli", help="who loads it (kept in the manifest)")
    p.add_argument("--dry-run", action="store_true", help="print the report only, save nothing")
    p.add_argument("--activate", action="store_true", help="show the saved version on the map at once")
    p.add_argument("--list", action="store_true", help="list the saved versions")
    p.add_argument("--activate-version", metavar="ID", help="show this saved version on the map")
    p.add_argument("--deactivate", action="store_true", help="show the configured boundary file again (saved sets stay)")
    p.set_defaults(run=cmd_boundaries)
