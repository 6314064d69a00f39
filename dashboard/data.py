"""Cached loading of boundaries, context and records for the Streamlit app.

The pure loaders live in geo/; this edge wraps them in st.cache_resource so a
file is read and prepared once per process, not on every rerun. The cached
objects are shared between sessions and must be treated as read-only.

Records come from the record store (geo/store.py; DATABASE_URL or the SQLite
file var/dvk.sqlite3, created and filled with the demo records on first run),
or, when DVK_RECORDS is set, straight from that CSV file (read-only mode).
After an import or edit, call refresh() so the next run reads them again.
"""
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard.config import Config
from geo import boundaries, store
from geo.appstore import display_url, open_app_store
from geo.records import RecordsError, load_records


@dataclass(frozen=True)
class Dataset:
    communes: gpd.GeoDataFrame  # code, name, type, population, geometry (display), label
    context: gpd.GeoDataFrame | None
    records: pd.DataFrame
    unmatched: tuple[str, ...]  # record commune codes absent from the boundaries


@st.cache_resource(show_spinner=False)
def load_communes(path: str) -> gpd.GeoDataFrame:
    gdf = boundaries.load_communes(path)
    gdf["label"] = boundaries.label_points(gdf)
    gdf = gdf.set_geometry(boundaries.display_geometry(gdf))
    gdf.sindex  # build the spatial index once, for map clicks
    return gdf


@st.cache_resource(show_spinner=False)
def load_context(path: str, boundaries_path: str) -> gpd.GeoDataFrame | None:
    """The context layer is optional: without it the map still works."""
    try:
        return boundaries.load_context(path, load_communes(boundaries_path)).assign(
            geometry=lambda g: g.geometry.simplify(0.001, preserve_topology=True))
    except boundaries.BoundaryError:
        return None


@st.cache_resource(show_spinner=False)
def open_records_store(database_url: str | None) -> store.Store:
    """The store, migrated and (on its very first run) filled with the demo records; once per process."""
    return open_app_store(database_url)


def load_dataset(config: Config) -> Dataset:
    """Boundaries, context and records: from the store, or from the CSV in read-only mode (DVK_RECORDS)."""
    csv_path = str(config.records) if config.read_only else None
    return _dataset(str(config.boundaries), str(config.context), csv_path, config.database_url)


def refresh() -> None:
    """Forget the cached records (after an import, rollback or edit): the next run reads the store again."""
    _dataset.clear()


@st.cache_resource(show_spinner=False)
def _dataset(boundaries_path: str, context_path: str, csv_path: str | None,
             database_url: str | None) -> Dataset:
    communes = load_communes(boundaries_path)
    records = load_records(csv_path) if csv_path else _store_records(database_url)
    known = set(communes["code"])
    unmatched = tuple(sorted(set(records["commune_code"]) - known))
    return Dataset(communes, load_context(context_path, boundaries_path), records, unmatched)


def _store_records(database_url: str | None) -> pd.DataFrame:
    """The stored records; a database that cannot be reached is a message, not a traceback."""
    try:
        return store.read_records(open_records_store(database_url))
    except (sa.exc.SQLAlchemyError, store.StoreError, OSError) as exc:
        raise RecordsError("records_unreadable", path=display_url(database_url),
                           reason=str(exc).splitlines()[0]) from exc

