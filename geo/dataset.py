"""The dataset the map shows: communes, records joined to them, in the units before or after 2025.

The map, the panels and the table all read one `Dataset`, so they cannot
disagree: the communes (map-ready), the context drawn around them, the
records, and the record codes the boundaries lack (listed, never dropped
without a word). From 2025-07-01 the same data can be shown in the merged
units: the communes dissolved through the crosswalk of geo.places.reform,
each record counted under the unit that now contains its commune. An area of
the national set (geo.boundaries.national) is assembled the same way, with
today's names and only the records of its own units.

Pure functions from data to data. dashboard/data.py caches them (geometry
work takes seconds for a big province) and supplies the records; the whole
country, minutes of work, is also kept on disk (geo.prepared).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import Iterable

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries import coverage, layers
from geo.boundaries.national import National, select
from geo.boundaries.sets import Version
from geo.places import reform
from geo.places.labels import Labels, choices
from geo.places.registry import Unit, legacy_units

# Outlines around an area are there for orientation only, so they are thinned
# harder than the communes (degrees, about 50 m): a province's neighbours stay light.
AREA_CONTEXT_TOLERANCE = 0.0005


@dataclass(frozen=True)
class Dataset:
    """Everything one map shows, in one unit system; the other system's view hangs off it."""
    communes: gpd.GeoDataFrame  # code, name, type, population, geometry (display), label
    context: gpd.GeoDataFrame | None
    records: pd.DataFrame
    unmatched: tuple[str, ...]  # record commune codes absent from the boundaries
    units: str = "2020"  # which unit system `communes` and `records["commune_code"]` are in
    base: "Dataset | None" = None  # the 2020 dataset this one was derived from (None: this is it)
    reformed: "Dataset | None" = None  # the same data in the 2025 units (None: not available)
    xwalk: pd.DataFrame | None = None  # legacy -> 2025 crosswalk of the mapped communes
    title: str = ""  # the area, e.g. "Huyện Sơn Dương, tỉnh Tuyên Quang" ("" : the default set's own)
    uncoded: pd.DataFrame | None = None  # name, reason of the area's polygons without a commune code
    version: Version | None = None  # the staff-loaded boundary set shown (None: the configured file)

    @property
    def registered(self) -> "Dataset":
        """The data as registered (legacy codes): what imports and edits must work on."""
        return self.base or self

    @cached_property
    def choices(self) -> tuple[Labels, tuple[str, ...]]:
        """Code → the label a person picks a unit by (a repeated name told apart by its district or
        province), and the codes in label order (geo.places.labels.choices: once per set of units,
        whatever records versions and moments show it). Shared: read them, never change them."""
        return choices(tuple(self.communes["code"]), tuple(self.communes["name"]), self.units)

    def in_units(self, units: str) -> "Dataset":
        """This data in the "2020" or "2025" unit system (the 2020 one when 2025 is unavailable).

        The 2025 view's `base` is the 2020 data without its own 2025 view (a
        frozen object cannot hold its holder), so from there "2025" is itself.
        """
        if units == self.units:
            return self
        return self.registered if units == "2020" else self.reformed or self


@dataclass(frozen=True)
class AreaMap:
    """What an area's map needs besides records: kept apart so that new records do not redo it."""
    communes: gpd.GeoDataFrame
    context: gpd.GeoDataFrame
    title: str
    uncoded: pd.DataFrame
    scope: frozenset[str]  # every legacy code of the area: records of other units are left out


def assemble(communes: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None, records: pd.DataFrame,
             units_2025: gpd.GeoDataFrame | None, **more) -> Dataset:
    """The dataset as registered, with its 2025 view when `units_2025` (`new_units(communes)`) exists.

    `more` fills the other Dataset fields (title, uncoded, version) of both views.
    """
    base = joined(communes, context, records, **more)
    return replace(base, reformed=_reformed(base, units_2025), xwalk=crosswalk_of(communes))


def joined(communes: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None, records: pd.DataFrame, **more) -> Dataset:
    """A dataset with the record codes the boundaries lack listed as unmatched."""
    unmatched = tuple(sorted(set(records["commune_code"]) - set(communes["code"])))
    return Dataset(communes, context, records, unmatched, **more)


def crosswalk_of(communes: gpd.GeoDataFrame) -> pd.DataFrame:
    """The rows of the national crosswalk for the mapped communes (one each, when the reform data knows it)."""
    xwalk = reform.crosswalk()
    return xwalk[xwalk["old_code"].isin(set(communes["code"]))].reset_index(drop=True)


def new_units(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The 2025 units of a commune set, dissolved and map-ready.

    None when some commune is not in the crosswalk (a boundary set with codes
    the reform data does not know): the map then offers 2020 only.
    """
    xwalk = crosswalk_of(communes)
    if len(xwalk) < len(communes):
        return None
    return map_ready(reform.dissolve(communes, xwalk))


def _reformed(base: Dataset, units_2025: gpd.GeoDataFrame | None) -> Dataset | None:
    """The 2025 view: the new units, records counted under the unit that now contains their commune."""
    if units_2025 is None:
        return None
    xwalk = crosswalk_of(base.communes)
    return joined(units_2025, base.context, reform.recode(base.records, xwalk),
                  units="2025", base=base, xwalk=xwalk, title=base.title, uncoded=base.uncoded, version=base.version)


def map_ready(gdf: gpd.GeoDataFrame, drop_emptied: bool = False) -> gpd.GeoDataFrame:
    """Label points, display geometry and the spatial index (built once, for map clicks).

    The display geometry is the set cleaned into a coverage (no overlaps, no
    slivers) and simplified as one (geo.boundaries.coverage), so neighbours keep one
    shared border at every zoom; `attrs["display"]` says what that saved.
    A unit that cleaning empties lies inside its neighbours (a stray copy in
    the source; Sông Hiến of Cao Bằng in the national set): with `drop_emptied`
    it is left off the map, as is a unit too small to keep an area on the
    display grid (codes in `attrs["display"]["dropped"]`; their records then
    count as unmatched), else the set is not cleaned. A set that cannot be
    cleaned whole is only snapped to the display grid.
    """
    gdf = gdf.assign(label=layers.label_points(gdf))
    attrs = dict(gdf.attrs)
    try:
        cleaned, cleaning = coverage.clean(gdf)
        if cleaning.emptied and not drop_emptied:
            raise ValueError(f"units inside their neighbours: {cleaning.emptied}")
        empty = cleaned.geometry.is_empty
        gdf, report = coverage.simplify(cleaned[~empty].reset_index(drop=True))
        gone = gdf.geometry.is_empty & drop_emptied
        dropped = [*cleaned.loc[empty, "code"], *gdf.loc[gone, "code"]]
        gdf = gdf[~gone].reset_index(drop=True)
        attrs["display"] = report.as_dict() | {"cleaned": cleaning.as_dict(), "dropped": sorted(map(str, dropped))}
    except ValueError:
        gdf = gdf.set_geometry(layers.display_geometry(gdf))
    gdf.attrs = attrs
    gdf.sindex
    return gdf


def dissolved_units(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The 2025 units of a map-ready commune set, by dissolving its display coverage (no second clean).

    What new_units gives, in seconds instead of minutes for the country: the
    union of neighbours of a coverage is a coverage, already cleaned and
    thinned, so only label points and the index are added. Should the union
    not tile (a set that could not be cleaned), it is cleaned as new_units does.
    """
    xwalk = crosswalk_of(communes)
    if len(xwalk) < len(communes):
        return None
    units = reform.dissolve(communes, xwalk)
    if not shapely.coverage_is_valid(units.geometry.values):
        return map_ready(units)
    units = units.assign(label=layers.label_points(units))
    units.sindex
    return units


def area_map(national: National, province: str | None, district: str | None) -> AreaMap:
    """One district, a whole province or (province None) the country, map-ready, with today's names.

    The 2009 polygons carry 2009 names (02473 is "Thắng Quân" there, "Thị trấn
    Yên Sơn" since 2020): the names records and people use today come from the
    unit list. Polygons without a code are drawn as context and listed. The
    country's context is one outline per province ("province_line", which the
    map draws over the units) and the uncoded polygons; its records are those
    of every legacy unit. Cleaning the whole country takes minutes: the app
    keeps it on disk (geo.prepared). Units the cleaning leaves without area
    are left off (map_ready's drop_emptied).
    """
    area = select(national, province, district)
    units = {u.code: u for u in legacy_units()}
    codes = area.communes["code"]
    communes = area.communes.assign(name=[units[c].name for c in codes], type=[units[c].type for c in codes])
    uncoded = area.unmatched.assign(level="uncoded", label="")[["name", "label", "level", "geometry"]]
    context = pd.concat([area.context, uncoded], ignore_index=True).assign(
        geometry=lambda g: g.geometry.simplify(AREA_CONTEXT_TOLERANCE, preserve_topology=True))
    return AreaMap(map_ready(communes, drop_emptied=True), context, area.title, area.unmatched[["name", "reason"]],
                   _scope(units.values(), province, district))


def _scope(units: Iterable[Unit], province: str, district: str | None) -> frozenset[str]:
    """Every legacy code of the area (province None: the country), whether or not a 2009 polygon has it."""
    return frozenset(u.code for u in units
                     if province in (None, u.province_code) and district in (None, u.district_code))


def area_dataset(area: AreaMap, records: pd.DataFrame, units_2025: gpd.GeoDataFrame | None) -> Dataset:
    """An area's map with the records of its units; records of other units are left out, not unmatched."""
    return assemble(area.communes, area.context, records[records["commune_code"].isin(area.scope)], units_2025,
                    title=area.title, uncoded=area.uncoded)
