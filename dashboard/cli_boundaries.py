"""`python -m dashboard boundaries`: load a commune boundary file as a new version; list or activate versions.

    python -m dashboard boundaries FILE [--code-column C] [--name-column N] [--crs tm3:106] [--dry-run] [--activate]
    python -m dashboard boundaries --list | --activate-version ID

The steps are geo.boundaryload's, as on the staff page; this module only
prints them. Exit codes as in dashboard/cli.py: 0 saved (or listed), 1 some
features could not be matched or cleaned (nothing saved), 2 the file or the
options could not be used (a file without a CRS lists the zones to pass).
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pyproj

from dashboard.cli import OK, REJECTED, ROWS_IN_ERROR, Failure, say
from dashboard.config import load_config
from dashboard.i18n import number, t
from geo import boundaries
from geo.boundaries import BoundaryError
from geo.boundaryfile import read_boundary_file, to_wgs84
from geo.boundaryload import prepare
from geo.boundarysets import BoundarySets, Matching, suggest_columns
from geo.coverage import CleanReport, SimplifyReport
from geo.intake.preview import default_registry
from geo.intake.values import unit_names
from geo.registry import CommuneRegistry
from geo.vn2000 import vn2000_tm3, vn2000_utm

BOUNDARY_MAX_BYTES = 50_000_000
DEFAULT_SCOPE = ("Tuyên Quang", "Yên Sơn")  # the district the app shows
_TM3 = re.compile(r"tm3:(\d{2,3}(?:\.\d+)?)")
_UTM = re.compile(r"utm:(\d{2})")


def cmd_boundaries(args) -> int:
    """Load a commune boundary file as a new version, or list / activate the saved versions."""
    lang = args.lang
    if sum((args.file is not None, args.list, args.activate_version is not None)) != 1:
        raise Failure(t("bset_cli_what", lang))
    sets = BoundarySets(load_config().boundary_sets)
    if args.list:
        return list_versions(sets, lang)
    if args.activate_version is not None:
        version = boundary_call(lambda: sets.activate(args.activate_version), lang)
        say(t("bset_activated", lang, id=version.id, label=version.label, features=version.features,
              source=version.source_name))
        return OK
    return load_boundaries(args, sets)


def load_boundaries(args, sets: BoundarySets) -> int:
    """Read, match, clean and measure the file, then save it as a version if every feature matched."""
    lang, path = args.lang, Path(args.file)
    data = read_boundary_bytes(path, lang)
    hint = expected_bbox(args, sets)
    raw = boundary_call(lambda: read_boundary_file(data, path.name, BOUNDARY_MAX_BYTES, expected_bbox=hint),
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
    registry = scope_registry(args, lang)
    prepared = prepare(gdf, columns, registry)
    print_matching(prepared.matching, scope_name(registry), lang)
    print_cleaning(prepared.cleaning, prepared.matching, lang)
    if prepared.display is not None:
        print_simplify(prepared.display, lang)
    if not prepared.accepted:
        say(t("bset_not_saved", lang, count=prepared.blocking), err=True)
        return ROWS_IN_ERROR
    if args.dry_run:
        say(t("bset_dry_run", lang))
        return OK
    version = sets.save(prepared.communes, label=args.label or path.stem, source_name=path.name, user=args.user,
                        report=prepared.report(args.crs, raw.notes),
                        source_sha256=hashlib.sha256(data).hexdigest(), activate=args.activate)
    say(t("bset_saved_active" if version.active else "bset_saved", lang, id=version.id, features=version.features))
    return OK


def boundary_call(call, lang: str, path: Path | None = None):
    """Run a boundary step; its BoundaryError becomes the translated message (exit 2)."""
    try:
        return call()
    except BoundaryError as exc:
        raise rejected(exc, lang, path) from exc


def rejected(exc: BoundaryError, lang: str, path: Path | None) -> Failure:
    """The message of a BoundaryError, naming the file when there is one."""
    reason = t(exc.key, lang, **exc.details)
    return Failure(t("cli_file_rejected", lang, path=path, reason=reason) if path else reason)


def read_boundary_bytes(path: Path, lang: str) -> bytes:
    """The file's bytes; an oversized file is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > BOUNDARY_MAX_BYTES:
            reason = t("boundary_too_large", lang, filename=path.name, size_mb=f"{size / 1e6:.1f}",
                       limit_mb=f"{BOUNDARY_MAX_BYTES / 1e6:.1f}")
            raise Failure(t("cli_file_rejected", lang, path=path, reason=reason))
        return path.read_bytes()
    except OSError as exc:
        raise Failure(t("cli_file_missing", lang, path=path, reason=exc.strerror or exc)) from exc


def expected_bbox(args, sets: BoundarySets) -> tuple[float, ...] | None:
    """Where the new file should lie, to rank zone suggestions: the app's boundaries now (same scope only)."""
    if args.province or args.district:
        return None
    active = sets.active()
    path = active.path if active else load_config().boundaries
    try:
        return tuple(boundaries.to_wgs84(boundaries.read_layer(path), path).total_bounds)
    except BoundaryError:
        return None


def parse_crs(text: str, lang: str) -> pyproj.CRS:
    """--crs: "tm3:106" / "tm3:105.5" (VN-2000 provincial zone), "utm:48" (VN-2000 UTM), or what pyproj reads."""
    value = text.strip().lower()
    try:
        if tm3 := _TM3.fullmatch(value):
            return vn2000_tm3(float(tm3[1]))
        if utm := _UTM.fullmatch(value):
            return vn2000_utm(int(utm[1]))
        return pyproj.CRS.from_user_input(text.strip())
    except (ValueError, pyproj.exceptions.CRSError) as exc:
        raise Failure(t("bset_cli_bad_crs", lang, value=text)) from exc


def crs_option(crs: pyproj.CRS) -> str:
    """The --crs value that gives back a suggested VN-2000 zone (the inverse of parse_crs)."""
    operation = crs.source_crs.coordinate_operation
    if operation.name.startswith("UTM zone"):
        return "utm:" + re.sub(r"\D", "", operation.name)
    meridian = next(p.value for p in operation.params if p.name == "Longitude of natural origin")
    return f"tm3:{meridian:g}"


def print_zones(exc: BoundaryError, lang: str) -> None:
    """A CRS-less file in metres: the ranked zones, each with the option to pass."""
    say(t(exc.key, lang, **exc.details), err=True)
    say(t("bset_zone_choices", lang), err=True)
    for rank, suggestion in enumerate(exc.details["suggestions"], 1):
        say(t("bset_zone_choice", lang, rank=rank, label=suggestion.label, option=crs_option(suggestion.crs)),
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


def scope_registry(args, lang: str) -> CommuneRegistry:
    """The units the file is matched against: --province/--district, by default the app's district."""
    province, district = (args.province, args.district) if args.province or args.district else DEFAULT_SCOPE
    try:
        return default_registry(province, district)
    except ValueError as exc:
        raise Failure(t("bset_cli_bad_scope", lang, province=province or "—", district=district or "—",
                        reason=exc)) from exc


def scope_name(registry: CommuneRegistry) -> str:
    """"Huyện Yên Sơn, Tỉnh Tuyên Quang", or the province(s) alone for a wider scope."""
    places = {(u.district_full_name, u.province_full_name) for u in registry.units}
    if len(places) == 1:
        return ", ".join(next(iter(places)))
    return ", ".join(sorted({province for _, province in places}))


def print_matching(matching: Matching, scope: str, lang: str) -> None:
    """Every feature that is not plainly matched, with its reason and suggestions; then the summary."""
    say(t(f"bset_match_by_{matching.by}", lang, column=matching.column, scope=scope))
    for position, feature in enumerate(matching.features, 1):
        params = {"number": position, "value": feature.value, "scope": scope,
                  "suggestions": unit_names(feature.suggestions), "unit": feature.registry_name}
        if feature.status == "unmatched":
            say(t(f"bset_unmatched_{matching.by}", lang, **params))
        elif feature.status != "matched":
            say(t(f"bset_{feature.status}", lang, **params))
        elif feature.name_in_file is not None:
            say(t("bset_name_conflict", lang, number=position, code=feature.code, unit=feature.registry_name,
                  name=feature.name_in_file))
    say(t("bset_match_summary", lang, features=len(matching.features), **matching.counts))
    if matching.missing:
        say(t("bset_missing", lang, count=len(matching.missing), scope=scope, units=unit_names(matching.missing)))
    else:
        say(t("bset_none_missing", lang, scope=scope))


def print_cleaning(report: CleanReport, matching: Matching, lang: str) -> None:
    """What cleaning changed, in hectares; units that lost all their area are named."""
    say(t("bset_clean", lang, crs=report.metric_crs, repaired=report.repaired,
          overlap_ha=number(report.overlap_ha, lang, 1), gaps=report.gaps_filled,
          gap_width=number(report.gap_width_m, lang), gaps_ha=number(report.gaps_filled_ha, lang, 1),
          holes=report.holes_kept, change=number(report.max_area_change_pct, lang, 2)))
    say(t("bset_clean_valid" if report.valid_after else "bset_clean_invalid", lang))
    if report.emptied:
        values = {str(f.row): f.value for f in matching.features}
        say(t("bset_emptied", lang, features=", ".join(values[row] for row in report.emptied)), err=True)


def print_simplify(report: SimplifyReport, lang: str) -> None:
    """How much lighter the map's version of the set is, and what that costs in accuracy."""
    say(t("bset_simplify", lang, tolerance=number(report.tolerance_m, lang),
          vertices_before=number(report.vertices_before, lang), vertices_after=number(report.vertices_after, lang),
          kb_before=number(report.geojson_bytes_before / 1000, lang, 0),
          kb_after=number(report.geojson_bytes_after / 1000, lang, 0),
          displacement=number(report.max_displacement_m, lang, 0)))


def list_versions(sets: BoundarySets, lang: str) -> int:
    """The saved sets, newest first, the active one starred; damaged folders are named, not fatal."""
    versions, skipped = sets.scan()
    if not versions:
        say(t("bset_list_empty", lang, root=sets.root))
    else:
        say(t("bset_list_header", lang, root=sets.root))
    for version in versions:
        say(t("bset_list_row", lang, mark="*" if version.active else " ", id=version.id, label=version.label,
              features=version.features, source=version.source_name, user=version.user))
    for folder in skipped:
        say("  ! " + t(folder.key, lang, name=folder.name, detail=folder.detail), err=True)
    return OK


# --- wiring ---



def add_boundaries_parser(commands, common) -> None:
    p = commands.add_parser("boundaries", parents=[common],
                            help="load a commune boundary file as a new version; list or activate versions")
    p.add_argument("file", nargs="?", help="GeoJSON, GeoPackage, zipped Shapefile or KML")
    p.add_argument("--code-column", help="column of 5-digit GSO codes (default: guessed)")
    p.add_argument("--name-column", help="column of commune names (default: guessed)")
    p.add_argument("--population-column", help="column of population (default: guessed)")
    p.add_argument("--crs", help="CRS of a file without one: EPSG:xxxx, tm3:106, tm3:105.5, utm:48")
    p.add_argument("--province", help=f"province of the units (default: {DEFAULT_SCOPE[0]})")
    p.add_argument("--district", help=f"district of the units (default: {DEFAULT_SCOPE[1]})")
    p.add_argument("--label", help="a name for this version (default: the file name)")
    p.add_argument("--user", default=os.environ.get("USER") or "cli", help="who loads it (kept in the manifest)")
    p.add_argument("--dry-run", action="store_true", help="print the report only, save nothing")
    p.add_argument("--activate", action="store_true", help="show the saved version on the map at once")
    p.add_argument("--list", action="store_true", help="list the saved versions")
    p.add_argument("--activate-version", metavar="ID", help="show this saved version on the map")
    p.set_defaults(run=cmd_boundaries)
