"""Cached loading of boundaries, context and records for the Streamlit app.

The pure loaders live in geo/; this edge wraps them in st.cache_resource so a
file is read and prepared once per process, not on every rerun. The cached
objects are shared between sessions and must be treated as read-only.

Records come from the record store (geo/records/store.py; DATABASE_URL or the SQLite
file var/dvk.sqlite3, created and filled with the demo records on first run),
or, when DVK_RECORDS is set, straight from that CSV file (read-only mode).
After an import or edit, call refresh() so the next run reads them again.
"""
from dataclasses import dataclass, replace

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.config import Config
from geo.boundaries import coverage, layers as boundaries, national as areas
from geo.places import reform
from geo.records import store
from geo.records.database import display_url, open_app_store
from geo.boundaries.sets import BoundarySets, Version
from geo.records.schema import RecordsError, load_records
from geo.places.registry import legacy_units


DEFAULT_COLUMNS = ("gso_code", "name", "pop_census2009")  # of DVK_BOUNDARIES (../shared/data/yen-son)
SET_COLUMNS = ("code", "name", "population")  # of a saved boundary set (geo/boundaries/sets.py)


@dataclass(frozen=True)
class Dataset:
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

    def in_units(self, units: str) -> "Dataset":
        """This data in the "2020" or "2025" unit system (the 2020 one when 2025 is unavailable)."""
        base = self.registered
        return base.reformed if units == "2025" and base.reformed is not None else base


@st.cache_resource(show_spinner=False)
def load_communes(path: str, columns: tuple[str, str, str] = DEFAULT_COLUMNS) -> gpd.GeoDataFrame:
    """A boundary file's communes, map-ready; `columns` names its code, name and population columns."""
    return _map_ready(boundaries.load_communes(path, *columns))


def _map_ready(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Label points, display geometry and the spatial index (built once, for map clicks).

    The display geometry is the set cleaned into a coverage (no overlaps, no
    slivers) and simplified as one (geo.boundaries.coverage), so neighbours keep one
    shared border at every zoom; `attrs["display"]` says what that saved.
    A set that cannot be cleaned whole is only snapped to the display grid.
    """
    gdf = gdf.assign(label=boundaries.label_points(gdf))
    attrs = dict(gdf.attrs)
    try:
        cleaned, cleaning = coverage.clean(gdf)
        if cleaning.emptied:
            raise ValueError(f"units inside their neighbours: {cleaning.emptied}")
        gdf, report = coverage.simplify(cleaned)
        attrs["display"] = report.as_dict() | {"cleaned": cleaning.as_dict()}
    except ValueError:
        gdf = gdf.set_geometry(boundaries.display_geometry(gdf))
    gdf.attrs = attrs
    gdf.sindex
    return gdf


@st.cache_resource(show_spinner=False)
def load_national(path: str) -> areas.National:
    """The national commune set with GSO codes matched by name (about 1 s; once per process)."""
    return areas.load_national(path)


def area_catalogue(config: Config) -> pd.DataFrame | None:
    """Provinces and districts the national set offers, or None when it is not installed."""
    if not config.national.is_file():
        return None
    try:
        return _catalogue(str(config.national))
    except boundaries.BoundaryError:
        return None


@st.cache_resource(show_spinner=False)
def _catalogue(path: str) -> pd.DataFrame:
    return areas.areas(load_national(path))


def _frame_key(gdf: gpd.GeoDataFrame) -> tuple:
    """Cache key of a commune set: its codes and extent (hashing the geometry itself is slow)."""
    return tuple(gdf["code"]), tuple(gdf.total_bounds)


@st.cache_resource(show_spinner=False, hash_funcs={gpd.GeoDataFrame: _frame_key})
def load_context(path: str, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The context layer is optional: without it the map still works."""
    try:
        return boundaries.load_context(path, communes).assign(
            geometry=lambda g: g.geometry.simplify(0.001, preserve_topology=True))
    except boundaries.BoundaryError:
        return None


@st.cache_resource(show_spinner=False)
def open_records_store(database_url: str | None) -> store.Store:
    """The store, migrated and (on its very first run) filled with the demo records; once per process."""
    return open_app_store(database_url)


def load_dataset(config: Config, area: tuple[str, str | None] | None = None) -> Dataset:
    """Boundaries, context and records of the deployment's own boundary set, or of an `area`
    (province, district) of the national set. Records come from the store, or from the CSV
    in read-only mode (DVK_RECORDS)."""
    csv_path = str(config.records) if config.read_only else None
    if area is None:
        version = active_version(config)
        source = (str(version.path), SET_COLUMNS) if version else (str(config.boundaries), DEFAULT_COLUMNS)
        return replace(_dataset(*source, str(config.context), csv_path, config.database_url), version=version)
    return _area_dataset(str(config.national), area[0], area[1], csv_path, config.database_url)


def active_version(config: Config) -> Version | None:
    """The boundary set staff made active (geo/boundaries/sets.py), if any; a damaged one is ignored."""
    try:
        return BoundarySets(config.boundary_sets).active()
    except OSError:
        return None


def refresh() -> None:
    """Forget the cached records (after an import, rollback or edit): the next run reads the store again."""
    _dataset.clear()
    _area_dataset.clear()


@dataclass(frozen=True)
class _AreaMap:
    """What an area's map needs besides records: kept apart so an import does not redo it."""
    communes: gpd.GeoDataFrame
    context: gpd.GeoDataFrame
    title: str
    uncoded: pd.DataFrame
    scope: frozenset[str]  # every legacy code of the area: records of other units are left out


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_map(national_path: str, province: str, district: str | None) -> _AreaMap:
    """One district or province of the national set, map-ready (seconds for a big province; cached)."""
    area = areas.select(load_national(national_path), province, district)
    units = {u.code: u for u in legacy_units()}
    communes = area.communes.assign(  # today's names: the 2009 polygon of 02473 is "Thắng Quân"
        name=[units[c].name for c in area.communes["code"]], type=[units[c].type for c in area.communes["code"]])
    scope = frozenset(c for c, u in units.items()
                      if u.province_code == province and district in (None, u.district_code))
    uncoded = area.unmatched.assign(level="uncoded", label="")[["name", "label", "level", "geometry"]]
    context = pd.concat([area.context, uncoded], ignore_index=True).assign(
        geometry=lambda g: g.geometry.simplify(0.0005, preserve_topology=True))
    return _AreaMap(_map_ready(communes), context, area.title, area.unmatched[["name", "reason"]], scope)


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_dataset(national_path: str, province: str, district: str | None, csv_path: str | None,
                  database_url: str | None) -> Dataset:
    """An area's map with the records of its units (others are left out)."""
    area = _area_map(national_path, province, district)
    records = _records(csv_path, database_url)
    base = _joined(area.communes, area.context, records[records["commune_code"].isin(area.scope)],
                   title=area.title, uncoded=area.uncoded)
    return replace(base, reformed=_reformed(base), xwalk=_crosswalk(base.communes))


@st.cache_resource(show_spinner=False, max_entries=16)
def _dataset(boundaries_path: str, columns: tuple[str, str, str], context_path: str, csv_path: str | None,
             database_url: str | None) -> Dataset:
    communes = load_communes(boundaries_path, columns)
    records = _records(csv_path, database_url)
    base = _joined(communes, load_context(context_path, communes), records)
    return replace(base, reformed=_reformed(base), xwalk=_crosswalk(communes))


def _joined(communes, context, records, **more) -> Dataset:
    """A dataset with the record codes the boundaries lack listed as unmatched."""
    unmatched = tuple(sorted(set(records["commune_code"]) - set(communes["code"])))
    return Dataset(communes, context, records, unmatched, **more)


def _crosswalk(communes: gpd.GeoDataFrame) -> pd.DataFrame:
    xwalk = reform.crosswalk()
    return xwalk[xwalk["old_code"].isin(set(communes["code"]))].reset_index(drop=True)


def _reformed(base: Dataset) -> Dataset | None:
    """The 2025 view: communes dissolved through the crosswalk, records counted under their new unit.

    None when some mapped commune is not in the crosswalk (a boundary set
    with codes the reform data does not know): the map then offers 2020 only.
    """
    units = _new_units(base.communes)
    if units is None:
        return None
    xwalk = _crosswalk(base.communes)
    return _joined(units, base.context, reform.recode(base.records, xwalk),
                   units="2025", base=base, xwalk=xwalk, title=base.title, uncoded=base.uncoded)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={gpd.GeoDataFrame: _frame_key})
def _new_units(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The 2025 units of a commune set, map-ready; cached apart from the records."""
    xwalk = _crosswalk(communes)
    if len(xwalk) < len(communes):
        return None
    return _map_ready(reform.dissolve(communes, xwalk))


def _records(csv_path: str | None, database_url: str | None) -> pd.DataFrame:
    return load_records(csv_path) if csv_path else _store_records(database_url)


def _store_records(database_url: str | None) -> pd.DataFrame:
    """The stored records; a database that cannot be reached is a message, not a traceback."""
    try:
        return store.read_records(open_records_store(database_url))
    except (sa.exc.SQLAlchemyError, store.StoreError, OSError) as exc:
        raise RecordsError("records_unreadable", path=display_url(database_url),
                           reason=str(exc).splitlines()[0]) from exc

