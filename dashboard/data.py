"""Cached loading of boundaries, context and records for the Streamlit app.

The loaders and the assembly of a dataset are pure and live in geo/
(geo.dataset, geo.boundaries); this edge wraps them in st.cache_resource so a
file is read and prepared once per process, not on every rerun. Geometry is
cached apart from the records, so an import redoes only the join. The cached
objects are shared between sessions and must be treated as read-only.

Records come from the record store (geo/records/store.py; DATABASE_URL or the SQLite
file var/dvk.sqlite3, created and filled with the demo records on first run),
or, when DVK_RECORDS is set, straight from that CSV file (read-only mode).
Other processes write to the same store (the command line, other app
processes behind a proxy), so every run first reads the data's stamp
(records_stamp: the store's data_version, or the CSV's size and time) and the
cached records and datasets are keyed by it: a write anywhere shows on each
process's next run.
"""

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.config import Config
from geo import dataset
from geo.boundaries import layers, national
from geo.boundaries.sets import BoundarySets, Version
from geo.dataset import Dataset
from geo.records import store
from geo.records.database import display_url, open_app_store
from geo.records.schema import RecordsError, load_records

RETRY_AFTER = 30.0  # s: how long an unreachable store is not asked again for its stamp
DEFAULT_COLUMNS = ("gso_code", "name", "pop_census2009")  # of DVK_BOUNDARIES (../shared/data/yen-son)
SET_COLUMNS = ("code", "name", "population")  # of a saved boundary set (geo/boundaries/sets.py)


@st.cache_resource(show_spinner=False)
def load_communes(path: str, columns: tuple[str, str, str] = DEFAULT_COLUMNS) -> gpd.GeoDataFrame:
    """A boundary file's communes, map-ready; `columns` names its code, name and population columns."""
    return dataset.map_ready(layers.load_communes(path, *columns))


@st.cache_resource(show_spinner=False)
def load_national(path: str) -> national.National:
    """The national commune set with GSO codes matched by name (about 1 s; once per process)."""
    return national.load_national(path)


def area_catalogue(config: Config) -> pd.DataFrame | None:
    """Provinces and districts the national set offers, or None when it is not installed."""
    if not config.national.is_file():
        return None
    try:
        return _catalogue(str(config.national))
    except layers.BoundaryError:
        return None


@st.cache_resource(show_spinner=False)
def _catalogue(path: str) -> pd.DataFrame:
    """Listing the areas walks the whole national set: once per process."""
    return national.areas(load_national(path))


def _frame_key(gdf: gpd.GeoDataFrame) -> tuple:
    """Cache key of a commune set: its codes and extent (hashing the geometry itself is slow)."""
    return tuple(gdf["code"]), tuple(gdf.total_bounds)


@st.cache_resource(show_spinner=False, hash_funcs={gpd.GeoDataFrame: _frame_key})
def load_context(path: str, communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The context layer is optional: without it the map still works."""
    try:
        return layers.load_context(path, communes).assign(
            geometry=lambda g: g.geometry.simplify(0.001, preserve_topology=True))
    except layers.BoundaryError:
        return None


@st.cache_resource(show_spinner=False)
def open_records_store(database_url: str | None) -> store.Store:
    """The store, migrated and (on its very first run) filled with the demo records; once per process."""
    return open_app_store(database_url)


def load_dataset(config: Config, area: tuple[str, str | None] | None = None) -> Dataset:
    """Boundaries, context and records of the deployment's own boundary set, or of an `area`
    (province, district) of the national set. Records come from the store, or from the CSV
    in read-only mode (DVK_RECORDS), as they are now (see records_stamp)."""
    csv_path = str(config.records) if config.read_only else None
    stamp = records_stamp(csv_path, config.database_url)
    if area is None:
        version = active_version(config)
        source = (str(version.path), SET_COLUMNS) if version else (str(config.boundaries), DEFAULT_COLUMNS)
        return _dataset(*source, str(config.context), (csv_path, config.database_url, stamp), version)
    return _area_dataset(str(config.national), area[0], area[1], (csv_path, config.database_url, stamp))


@dataclass
class _Seen:
    """The stamp this process last read, and until when an unreachable store is not asked again."""
    stamp: object = None
    retry_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _seen(csv_path: str | None, database_url: str | None) -> _Seen:
    """One per process and source: what every session of the process last saw."""
    return _Seen()


def records_stamp(csv_path: str | None, database_url: str | None) -> object:
    """Which state of the records this run shows: read once per run (0.4 ms on SQLite, 0.8 on PostgreSQL).

    A new stamp drops the datasets of the old one, so a process holds one
    version of the records, not one per write. When the store cannot be reached
    the last stamp stays (the cached data is shown, as before; None when there
    is none, and loading then says why), and the store is left alone for
    RETRY_AFTER seconds so runs do not each wait for a dead server.
    """
    seen = _seen(csv_path, database_url)
    if time.monotonic() < seen.retry_at:
        return seen.stamp
    try:
        stamp = _file_stamp(csv_path) if csv_path else store.data_version(open_records_store(database_url))
    except (sa.exc.SQLAlchemyError, RecordsError, OSError):
        seen.retry_at = time.monotonic() + RETRY_AFTER
        return seen.stamp
    with seen.lock:
        if stamp != seen.stamp:
            seen.stamp = stamp
            _dataset.clear()
            _area_dataset.clear()
    return stamp


def _file_stamp(path: str) -> tuple[int, int]:
    """A records CSV's version without reading it: its size and modification time."""
    info = Path(path).stat()
    return info.st_size, info.st_mtime_ns


def active_version(config: Config) -> Version | None:
    """The boundary set staff made active (geo/boundaries/sets.py), if any; a damaged one is ignored."""
    try:
        return BoundarySets(config.boundary_sets).active()
    except OSError:
        return None


def refresh() -> None:
    """Forget the cached records and datasets at once (after this process's own write).

    The next run would see the write through records_stamp anyway; dropping
    them here frees the old copies without waiting for it.
    """
    _records.clear()
    _dataset.clear()
    _area_dataset.clear()


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_map(national_path: str, province: str, district: str | None) -> dataset.AreaMap:
    """One district or province of the national set, map-ready (seconds for a big province; cached)."""
    return dataset.area_map(load_national(national_path), province, district)


@st.cache_resource(show_spinner=False, max_entries=64)
def _area_dataset(national_path: str, province: str, district: str | None, source: tuple) -> Dataset:
    """An area's map with the records of its units (others are left out); `source` as for _records."""
    area = _area_map(national_path, province, district)
    return dataset.area_dataset(area, _records(*source), _new_units(area.communes))


@st.cache_resource(show_spinner=False, max_entries=16)
def _dataset(boundaries_path: str, columns: tuple[str, str, str], context_path: str, source: tuple,
             version: Version | None) -> Dataset:
    """The configured (or staff-loaded `version` of the) boundary set with the records of `source`."""
    communes = load_communes(boundaries_path, columns)
    records = _records(*source)
    return dataset.assemble(communes, load_context(context_path, communes), records, _new_units(communes),
                            version=version)


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs={gpd.GeoDataFrame: _frame_key})
def _new_units(communes: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """The 2025 units of a commune set, map-ready; cached apart from the records."""
    return dataset.new_units(communes)


@st.cache_resource(show_spinner=False, max_entries=1)
def _records(csv_path: str | None, database_url: str | None, stamp: object) -> pd.DataFrame:
    """The records of the CSV in read-only mode, else of the store, as of `stamp`.

    Read once per stamp and shared by every area's dataset; one entry, so a
    million records are held once, not once per version or per area.
    """
    return load_records(csv_path) if csv_path else _store_records(database_url)


def _store_records(database_url: str | None) -> pd.DataFrame:
    """The stored records; a database that cannot be reached is a message, not a traceback."""
    try:
        return store.read_records(open_records_store(database_url))
    except (sa.exc.SQLAlchemyError, store.StoreError, OSError) as exc:
        raise RecordsError("records_unreadable", path=display_url(database_url),
                           reason=str(exc).splitlines()[0]) from exc
