"""Cached loading of boundaries, context and records for the Streamlit app.

The pure loaders live in geo/; this edge wraps them in st.cache_resource so a
file is read and prepared once per process, not on every rerun. The cached
objects are shared between sessions and must be treated as read-only.
"""
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import streamlit as st

from geo import boundaries
from geo.records import load_records


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
def load_dataset(boundaries_path: str, context_path: str, records_path: str) -> Dataset:
    communes = load_communes(boundaries_path)
    records = load_records(records_path)
    known = set(communes["code"])
    unmatched = tuple(sorted(set(records["commune_code"]) - known))
    return Dataset(communes, load_context(context_path, boundaries_path), records, unmatched)
