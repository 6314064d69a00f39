"""Any district or province of Vietnam, from the national commune set of 2009.

When the users outgrow one district, the map needs the communes of any
district or province. The national polygons (censusVN2009: 11,163 communes of
the 2009 census) carry census ids, not the GSO codes records are joined by, so
each polygon is given the code of its legacy unit (geo.places.registry) by name:

1. province: 2009 name -> legacy province (Thừa Thiên Huế is now Huế, same code);
2. district: full name ("Huyện Yên Sơn"), else the name without its type
   ("Thị xã X" became "Thành phố X"), if one district of the province has it;
3. commune: resolved by the registry among the units of that district;
4. province fallback, for a polygon whose district or commune name was not
   found (units that moved district: Kim Phú went from Yên Sơn to TP. Tuyên
   Quang in 2020): the one legacy unit of the province with exactly that name
   (diacritics kept) that no polygon has claimed in step 3. `matched_via`
   says which step gave the code;
5. a step-4 code is kept only if geography confirms it (geo.boundaries.fallback):
   the polygon touches the unit's district, or its 2009 district is a
   documented predecessor of it. Otherwise it is withdrawn and reported
   (Phúc Sơn of Tân Yên is not Xã Phúc Sơn of Sơn Động, 67 km away).

A code claimed by two polygons is taken from both. Whatever is not matched
keeps code None and is listed in `National.report` with its reason - never
guessed. Units merged or renamed since 2009 (Phú Lâm became Phường Mỹ Lâm)
are reported as unknown names; a unit that absorbed a neighbour keeping its
own name is matched, and its polygon is then only the 2009 part of it.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from geo.boundaries.fallback import confirm
from geo.boundaries.layers import WGS84, BoundaryError
from geo.places.names import normalize
from geo.places.registry import CommuneRegistry, Unit, legacy_units
from geo.errors import KeyedError

# 2009 province names the legacy list no longer uses -> legacy province code.
# Thừa Thiên Huế became Thành phố Huế on 2025-01-01 (Nghị quyết
# 1314/NQ-UBTVQH15), keeping code 46.
PROVINCE_ALIASES = {"Thừa Thiên Huế": "46"}

COMMUNE_COLUMNS = ["code", "name", "type", "population", "geometry"]
UNMATCHED_COLUMNS = ["name", "type", "population", "commune_id", "geometry"]
CONTEXT_COLUMNS = ["name", "label", "level", "geometry"]  # as geo.boundaries.layers.load_context
CENSUS_IDS = ["province_id", "district_id", "commune_id"]
REASONS = ("province_not_found", "district_not_found", "district_ambiguous", "no_name",
           "commune_unknown", "commune_ambiguous", "fallback_unconfirmed", "code_claimed_twice")
CENSUS_NAMES = ["province_vn", "district_vn", "commune_vn"]
# What `coding_table` gives of every polygon, in the order the review file (areas --report) writes it.
CODING_COLUMNS = [*CENSUS_IDS, *CENSUS_NAMES, "code", "district_code", "matched_via", "reason"]

_ESCAPED = re.compile(r"\\(u[0-9a-fA-F]{4}|')")
_COMMUNE_TYPE = re.compile(r"^(Xã|Phường|Thị trấn)\s+")
_DISTRICT_TYPE = re.compile(r"^(huyen|quan|thi xa|thanh pho) ")
_SHORT_LABELS = ((re.compile(r"^Thành phố "), "TP. "), (re.compile(r"^Thị xã "), "TX. "),
                 (re.compile(r"^(Huyện|Quận) (?!\d)"), ""))
_FALLBACK_REASONS = {"district_not_found", "district_ambiguous", "commune_unknown"}


class AreaError(KeyedError):
    """A province or district code that names no area."""


@dataclass(eq=False)
class National:
    """The national commune set with codes, and the report of what is left unmatched.

    frame: code (None if unmatched), name, type, population, province_code,
    province_name, district_code, district_name (legacy units), matched_via
    ("district" | "province" | None), the census ids, geometry.
    report: one row per unmatched polygon (same index as frame): the 2009
    names, reason (one of REASONS) and codes (competing, claimed or withdrawn codes).
    census: one row per polygon (same index): its 2009 names (CENSUS_NAMES) and
    confirmed ("touch" | "predecessor" for a province-fallback code, else None),
    for the review of the coding (coding_table).
    Outlines are dissolved on first use and kept, since the unions are slow.
    """
    frame: gpd.GeoDataFrame
    report: pd.DataFrame
    census: pd.DataFrame = field(default_factory=pd.DataFrame)
    _outlines: dict = field(default_factory=dict, repr=False)

    @cached_property
    def _points(self) -> gpd.GeoSeries:
        """A point inside each polygon: tells a hole that holds a commune from a gap."""
        return self.frame.geometry.representative_point()

    def outline(self, level: str, code: str) -> shapely.Geometry:
        """The dissolved outline of a province or district ("province" | "district", code)."""
        key = (level, code)
        if key not in self._outlines:
            geoms = self.frame.geometry[self.frame[f"{level}_code"] == code]
            self._outlines[key] = _fill_gaps(shapely.union_all(geoms.values), self._points)
        return self._outlines[key]


@dataclass(frozen=True)
class Area:
    """What the map of one district, province or the country draws.

    communes: matched polygons (code, name, type, population, geometry);
    unmatched: the area's polygons without a code, to draw grey and list;
    context: name, label, level, geometry as geo.boundaries.layers.load_context gives.
    bounds: ((south, west), (north, east)) of all the area's polygons.
    """
    communes: gpd.GeoDataFrame
    unmatched: gpd.GeoDataFrame
    context: gpd.GeoDataFrame
    bounds: tuple[tuple[float, float], tuple[float, float]]
    title: str


def load_national(path: Path | str) -> National:
    """Read the national gpkg once and give each polygon its GSO code (see module docstring)."""
    raw = _read(path)
    text = pd.DataFrame({c: _decoded(raw[c]) for c in CENSUS_NAMES})
    names = _names(text["commune_vn"], raw["commune"])
    matched = _match(text["province_vn"], text["district_vn"], text["commune_vn"], raw.geometry)
    provinces = {u.province_code: u.province_name for u in legacy_units()}
    districts = {u.district_code: u.district_full_name for u in legacy_units()}
    frame = gpd.GeoDataFrame({
        "code": matched["code"],
        "name": names,
        "type": text["commune_vn"].str.extract(_COMMUNE_TYPE, expand=False).fillna(""),
        "population": raw["population"],
        "province_code": matched["province_code"],
        "province_name": _mapped(matched["province_code"], provinces),
        "district_code": matched["district_code"],
        "district_name": _mapped(matched["district_code"], districts),
        "matched_via": matched["via"],
        **{c: raw[c].astype("Int64") for c in CENSUS_IDS},
    }, geometry=raw.geometry.values, crs=WGS84, index=raw.index)
    unmatched = matched["code"].isna()
    report = pd.concat([frame.loc[unmatched, CENSUS_IDS], text[unmatched],
                        matched.loc[unmatched, ["reason", "codes"]]], axis=1)
    return National(frame, report, text.assign(confirmed=matched["confirmed"]))


def _read(path: Path | str) -> gpd.GeoDataFrame:
    """As geo.boundaries.layers.read_layer, but through Arrow: 0.05 s instead of 0.16 s for the 11,163 polygons."""
    if not Path(path).is_file():
        raise BoundaryError("boundary_missing", path=str(path))
    try:
        return gpd.read_file(path, engine="pyogrio", use_arrow=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise BoundaryError("boundary_unreadable", path=str(path), reason=str(exc)) from exc


def _decoded(values: pd.Series) -> pd.Series:
    """The file stores Vietnamese as literal "\\u00e0" escapes: decoded to NFC, each distinct value once."""
    def decode(text: str) -> str:
        return unicodedata.normalize("NFC", _ESCAPED.sub(_unescaped, text))
    distinct = values.dropna().unique()
    return _mapped(values, dict(zip(distinct, map(decode, distinct))))


def _unescaped(match: re.Match) -> str:
    """\\u00e0 -> à, \\' -> '."""
    return chr(int(match[1][1:], 16)) if match[1].startswith("u") else match[1]


def _mapped(values: pd.Series, lookup: dict) -> pd.Series:
    """values.map(lookup) with None (not NaN) where there is no value, as the columns promise."""
    return pd.Series([lookup.get(v) for v in values], index=values.index, dtype=object)


def _names(commune_vn: pd.Series, commune_ascii: pd.Series) -> pd.Series:
    """Name without its type ("Xã Đội Bình" -> "Đội Bình"); if missing, the ASCII name, else ""."""
    names = commune_vn.fillna(commune_ascii).fillna("").astype(str)
    return names.str.replace(_COMMUNE_TYPE, "", regex=True)


def _match(provinces: pd.Series, districts: pd.Series, names: pd.Series, geometry: gpd.GeoSeries) -> pd.DataFrame:
    """code, via, reason, codes, confirmed, province_code, district_code of each polygon (steps 1-5)."""
    units = legacy_units()
    province = _provinces(provinces, units)
    district, reason = _districts(districts, province, units)
    rows = pd.DataFrame({"province_code": province, "district_code": district, "reason": reason,
                         "name": names, "code": None, "via": None, "codes": [()] * len(names)},
                        index=names.index, dtype=object)
    rows.loc[names.isna(), "reason"] = "no_name"
    _set(rows, _by_district(rows, units))
    _set(rows, _by_province(rows, units))
    rows["confirmed"] = _mapped(rows.index.to_series(), confirm(rows, districts, geometry).dropna().to_dict())
    _set(rows, _unconfirmed(rows))
    _set(rows, _claimed_twice(rows))
    rows["confirmed"] = rows["confirmed"].where(rows["code"].notna(), None)
    rows["district_code"] = pd.Series(_current_districts(rows, districts, units), index=rows.index, dtype=object)
    return rows.drop(columns="name")


def _current_districts(rows: pd.DataFrame, districts: pd.Series, units) -> list:
    """Each polygon's legacy district: its unit's; else its 2009 district's; else where its district-mates went.

    The last is for a 2009 district that is gone: its unmatched polygons go
    where all of its matched ones went, only so that the map of that district
    draws them grey instead of leaving a hole (Huyện Kỳ Sơn's in TP. Hòa Bình);
    no code is given. Where the mates went to several districts (Thành phố Huế)
    it stays None.
    """
    home = {u.code: u.district_code for u in units}
    current = [home.get(c, d) for c, d in zip(rows["code"], rows["district_code"])]
    keys = list(zip(rows["province_code"], districts))
    went = defaultdict(set)
    for key, code, district in zip(keys, rows["code"], current):
        if code is not None:
            went[key].add(district)
    return [district or (min(went[key]) if len(went[key]) == 1 else None) for key, district in zip(keys, current)]


def _set(rows: pd.DataFrame, found: dict[int, dict]) -> None:
    """Write a step's findings (row label -> column -> value) in one go per column."""
    for column in ("code", "via", "reason", "codes") if found else ():
        rows.loc[list(found), column] = pd.Series({i: f[column] for i, f in found.items()}, dtype=object)


def _found(code=None, via=None, reason=None, codes=()) -> dict:
    """What a step says of one polygon: its code and step, or why it has none (and the codes in question)."""
    return {"code": code, "via": via, "reason": reason, "codes": codes}


def _provinces(names: pd.Series, units: tuple[Unit, ...]) -> pd.Series:
    """Step 1: legacy province code by name, or None."""
    keys = {normalize(name): code for code, name in {(u.province_code, u.province_name) for u in units}}
    keys.update({normalize(name): code for name, code in PROVINCE_ALIASES.items()})
    return _mapped(names, {n: keys.get(normalize(n)) for n in names.dropna().unique()})


def _district_keys(full_name: str) -> tuple[str, str]:
    """("huyen yen son", "yen son"): the name with and without its type."""
    full = normalize(full_name, keep_prefix=True)
    return full, _DISTRICT_TYPE.sub("", full)


def _districts(names: pd.Series, provinces: pd.Series, units) -> tuple[list, list]:
    """Step 2: legacy district code (or None) of each polygon, and why there is none."""
    index = defaultdict(set)
    for province, district, name in {(u.province_code, u.district_code, u.district_full_name) for u in units}:
        full, short = _district_keys(name)
        index["full", province, full].add(district)
        index["short", province, short].add(district)
    found = {}
    for province, name in set(zip(provinces, names)):
        if province is None or not isinstance(name, str):
            found[province, name] = (None, "province_not_found" if province is None else "district_not_found")
            continue
        full, short = _district_keys(name)
        codes = index.get(("full", province, full)) or index.get(("short", province, short), set())
        reason = {0: "district_not_found", 1: None}.get(len(codes), "district_ambiguous")
        found[province, name] = (min(codes) if len(codes) == 1 else None, reason)
    pairs = [found[p, n] for p, n in zip(provinces, names)]
    return [p[0] for p in pairs], [p[1] for p in pairs]


class _PolygonNames(CommuneRegistry):
    """The registry's matching, without spelling suggestions: they are for people, and slow."""

    def suggest(self, name: str, n: int = 3) -> tuple[Unit, ...]:
        """None: a polygon that does not match is reported, and 11,163 suggestions would take seconds."""
        return ()


def _by_district(rows: pd.DataFrame, units) -> dict[int, dict]:
    """Step 3: the registry resolves each name among the units of its district."""
    members = defaultdict(list)
    for u in units:
        members[u.district_code].append(u)
    found = {}
    for district, group in rows[rows["reason"].isna()].groupby("district_code"):
        for i, match in zip(group.index, _PolygonNames(members[district]).resolve_many(group["name"])):
            if match.status == "matched":
                found[i] = _found(match.code, "district")
            elif match.status == "ambiguous":
                found[i] = _found(reason="commune_ambiguous", codes=tuple(u.code for u in match.candidates))
            else:
                found[i] = _found(reason="commune_unknown")
    return found


def _by_province(rows: pd.DataFrame, units) -> dict[int, dict]:
    """Step 4: the one unclaimed unit of the province with exactly this name (diacritics kept)."""
    claimed = set(rows["code"].dropna())
    index = defaultdict(list)
    for u in units:
        if u.code not in claimed:
            index[u.province_code, normalize(u.name, keep_marks=True)].append(u.code)
    todo = rows[rows["reason"].isin(_FALLBACK_REASONS) & rows["province_code"].notna()]
    found = {}
    for i, province, name in zip(todo.index, todo["province_code"], todo["name"]):
        codes = index.get((province, normalize(name, keep_marks=True)), [])
        if len(codes) == 1:
            found[i] = _found(codes[0], "province")
    return found


def _unconfirmed(rows: pd.DataFrame) -> dict[int, dict]:
    """Step 5: a fallback code geography does not confirm is withdrawn, and named in the report."""
    withdrawn = rows[(rows["via"] == "province") & rows["confirmed"].isna()]
    return {i: _found(reason="fallback_unconfirmed", codes=(code,))
            for i, code in zip(withdrawn.index, withdrawn["code"])}


def _claimed_twice(rows: pd.DataFrame) -> dict[int, dict]:
    """A code claimed by two polygons is given to neither: which one is right is unknown."""
    twice = rows[rows["code"].notna() & rows["code"].duplicated(keep=False)]
    return {i: _found(reason="code_claimed_twice", codes=(c,)) for i, c in zip(twice.index, twice["code"])}


def coding_table(national: National) -> pd.DataFrame:
    """Every polygon's census ids, 2009 names, code, its unit's district, step and reason; and what explains them.

    What a province office reviews (python -m dashboard areas --report):
    CODING_COLUMNS, then `name` (the 2009 name without its type), `codes` (the
    codes a reason is about) and `confirmed` (how a fallback code was confirmed).
    """
    frame = national.frame
    coded = frame["code"].notna()
    return pd.concat([
        frame[CENSUS_IDS], national.census[CENSUS_NAMES], frame[["code"]],
        frame["district_code"].where(coded, None), frame[["matched_via", "name"]],
        national.report[["reason", "codes"]].reindex(frame.index), national.census[["confirmed"]],
    ], axis=1)


def areas(national: National) -> pd.DataFrame:
    """Every district with polygons, by province: the rows of the UI's province -> district pickers.

    communes counts the matched polygons (what the map colours), unmatched the grey ones.
    """
    frame = national.frame[national.frame["district_code"].notna()]
    keys = ["province_code", "province_name", "district_code", "district_name"]
    return (frame.assign(matched=frame["code"].notna()).groupby(keys)["matched"]
            .agg(communes="sum", unmatched=lambda m: int((~m).sum()))
            .reset_index().sort_values(["province_code", "district_code"], ignore_index=True))


def select(national: National, province_code: str | None, district_code: str | None = None) -> Area:
    """Communes, grey polygons, context, bounds and title of a district, a province or (None) the country."""
    province, district = _checked(national, province_code, district_code)
    rows = _rows(national.frame, province, district)
    matched = rows["code"].notna()
    communes = rows.loc[matched, COMMUNE_COLUMNS].sort_values("code", ignore_index=True)
    unmatched = (rows.loc[~matched, UNMATCHED_COLUMNS].join(national.report["reason"])
                 .sort_values("commune_id", ignore_index=True))
    minx, miny, maxx, maxy = map(float, rows.total_bounds)
    district_name = rows["district_name"].iloc[0] if district else None
    return Area(communes, unmatched, _context(national, province, district),
                ((miny, minx), (maxy, maxx)), _title(province, district, district_name))


def _rows(frame: gpd.GeoDataFrame, province: str | None, district: str | None) -> gpd.GeoDataFrame:
    """The polygons of the district, else of the province, else all (district codes are national)."""
    if district is not None:
        return frame[frame["district_code"] == district]
    return frame if province is None else frame[frame["province_code"] == province]


def _checked(national: National, province, district) -> tuple[str | None, str | None]:
    """The codes as the frame writes them ("8" -> "08"), or AreaError if they name no area here."""
    province = None if province is None else str(province).strip().zfill(2)
    district = None if district is None else str(district).strip().zfill(3)
    if province is None and district is None:
        return None, None
    frame = national.frame
    in_province = frame["province_code"] == province
    if not in_province.any():
        raise AreaError("area_unknown_province", province=province, district=district)
    if district is not None and not (in_province & (frame["district_code"] == district)).any():
        raise AreaError("area_unknown_district", province=province, district=district)
    return province, district


def _context(national: National, province: str | None, district: str | None) -> gpd.GeoDataFrame:
    """Neighbouring provinces (named), the province outline and its districts (named unless mapped).

    For the whole country: one outline per province ("province_line", drawn over
    the units at national zoom), named but without a map label (all are mapped).
    """
    frame = national.frame
    if province is None:
        rows = [(name, None, "province_line", national.outline("province", code))
                for code, name in _pairs(frame, "province")]
    else:
        outline = national.outline("province", province)
        rows = [(name, name, "province_neighbour", national.outline("province", code))
                for code, name in _pairs(frame, "province", _neighbours(national, province, outline))]
        rows.append((_full_province_names()[province], "", "province", outline))
        rows += [(name, _short_label(name) if district not in (None, code) else "", "district",
                  national.outline("district", code))
                 for code, name in _pairs(frame[frame["province_code"] == province], "district")]
    return gpd.GeoDataFrame(rows, columns=CONTEXT_COLUMNS, geometry="geometry", crs=WGS84)


def _pairs(frame: gpd.GeoDataFrame, level: str, codes=None) -> list[tuple[str, str]]:
    """(code, name) of the provinces or districts in the frame, by code; optionally only `codes`."""
    pairs = frame[[f"{level}_code", f"{level}_name"]].dropna().drop_duplicates()
    if codes is not None:
        pairs = pairs[pairs[f"{level}_code"].isin(codes)]
    return sorted(pairs.itertuples(index=False, name=None))


def _neighbours(national: National, province: str, outline: shapely.Geometry) -> set[str]:
    """Provinces with a polygon touching the outline."""
    hits = national.frame.sindex.query(outline, predicate="intersects")
    return set(national.frame["province_code"].iloc[hits].dropna()) - {province}


def _fill_gaps(union: shapely.Geometry, points: gpd.GeoSeries) -> shapely.Geometry:
    """The union without the slivers the source leaves between communes.

    A hole stays only if a commune lies in it (TP. Tuyên Quang inside Yên Sơn);
    the other holes are gaps between polygons, hundreds per province.
    """
    polygons = []
    for part in shapely.get_parts(union):
        rings = list(part.interiors)
        kept = points.sindex.query(shapely.polygons(rings), predicate="contains")[0] if rings else []
        polygons.append(shapely.Polygon(part.exterior, [rings[i] for i in sorted(set(kept))]))
    return shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def _short_label(full_name: str) -> str:
    """Short district label for the map, as people say it.

    "Huyện Sơn Dương" -> "Sơn Dương", "Thành phố Tuyên Quang" -> "TP. Tuyên Quang",
    "Thị xã Sơn Tây" -> "TX. Sơn Tây"; "Quận 1" stays whole: a number alone says nothing.
    """
    for pattern, replacement in _SHORT_LABELS:
        full_name = pattern.sub(replacement, full_name)
    return full_name


@lru_cache(maxsize=1)
def _full_province_names() -> dict[str, str]:
    """Province code -> "Tỉnh Tuyên Quang" / "Thành phố Hà Nội"."""
    return {u.province_code: u.province_full_name for u in legacy_units()}


def _title(province: str | None, district: str | None, district_name: str | None) -> str:
    """"Huyện Yên Sơn, tỉnh Tuyên Quang", "Tỉnh Tuyên Quang" or "Việt Nam".

    Only a district's title has a comma, after the district (the 2025 view marks that part former:
    dashboard.viewer.heading)."""
    if province is None:
        return "Việt Nam"
    full = _full_province_names()[province]
    return full if district is None else f"{district_name}, {full[0].lower()}{full[1:]}"
