"""Commune boundaries: load a boundary file, check it, and make it map-ready.

Boundary files come from outside the project (licensed separately, in any
CRS, sometimes broken), so every problem becomes a `BoundaryError` whose key
names a translated message: the dashboard shows it instead of a traceback.
"""
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from geo.errors import KeyedError

WGS84 = "EPSG:4326"
# Rounding to 1e-5 degrees (about 1 m) keeps the map payload small without
# any visible change at commune scale.
DISPLAY_GRID = 1e-5


class BoundaryError(KeyedError):
    """A boundary file that cannot be used."""


def read_layer(path: Path | str) -> gpd.GeoDataFrame:
    """Read any vector file GDAL knows, turning I/O failures into BoundaryError."""
    path = Path(path)
    if not path.is_file():
        raise BoundaryError("boundary_missing", path=str(path))
    try:
        return gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as exc:
        raise BoundaryError("boundary_unreadable", path=str(path), reason=str(exc)) from exc


def to_wgs84(gdf: gpd.GeoDataFrame, path: Path | str) -> gpd.GeoDataFrame:
    """Reproject to longitude/latitude; a file without a CRS must already be in degrees.

    GDAL reads a GeoJSON without a "crs" member as EPSG:4326 (the RFC 7946
    default), so a geographic CRS is checked too: metres there mean the file
    had no CRS.
    """
    bounds = gdf.total_bounds
    minx, miny, maxx, maxy = bounds
    in_degrees = -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    if gdf.crs is None:
        if not in_degrees:
            raise BoundaryError("boundary_no_crs", path=str(path))
        return gdf.set_crs(WGS84)
    if gdf.crs.is_geographic and np.isfinite(bounds).all() and not in_degrees:
        raise BoundaryError("boundary_no_crs", path=str(path))
    return gdf.to_crs(WGS84)


def load_communes(
    path: Path | str, code_column: str = "gso_code", name_column: str = "name",
    population_column: str = "pop_census2009",
) -> gpd.GeoDataFrame:
    """Load commune polygons as columns code, name, type, population, geometry.

    Checks what the join relies on: a 5-digit code per feature, no duplicate
    codes, and usable polygons (invalid ones are repaired and counted in
    `attrs["repaired"]`, so the UI can say so).
    """
    gdf = to_wgs84(read_layer(path), path)
    for column in (code_column, name_column):
        if column not in gdf.columns:
            raise BoundaryError("boundary_no_column", path=str(path), column=column)
    # Spreadsheet-born files store codes as numbers: 2533 or 2533.0 mean "02533".
    codes = gdf[code_column].astype(str).str.strip().str.replace(r"\.0$", "", regex=True).str.zfill(5)
    bad = ~codes.str.fullmatch(r"\d{5}")
    if bad.any():
        raise BoundaryError("boundary_bad_codes", path=str(path), codes=sorted(set(codes[bad]))[:10])
    duplicated = sorted(set(codes[codes.duplicated()]))
    if duplicated:
        raise BoundaryError("boundary_duplicate_codes", path=str(path), codes=duplicated[:10])
    geometry, repaired = _repair(gdf.geometry)
    population = (pd.to_numeric(gdf[population_column], errors="coerce")
                  if population_column in gdf.columns else pd.Series(float("nan"), index=gdf.index))
    out = gpd.GeoDataFrame({
        "code": codes.values,
        "name": gdf[name_column].astype(str).values,
        "type": gdf["type"].astype(str).values if "type" in gdf.columns else "",
        "population": population.values,
    }, geometry=geometry.values, crs=WGS84)
    out.attrs["repaired"] = repaired
    return out.sort_values("code").reset_index(drop=True)


def _repair(geometry: gpd.GeoSeries) -> tuple[gpd.GeoSeries, int]:
    """make_valid what is invalid; refuse features with no area at all."""
    if geometry.isna().any() or geometry.is_empty.any():
        raise BoundaryError("boundary_empty_geometry")
    invalid = ~geometry.is_valid
    if invalid.any():
        geometry = geometry.copy()
        geometry[invalid] = geometry[invalid].make_valid()
    polygonal = geometry.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])
    if not (polygonal & (shapely.area(geometry.values) > 0)).all():
        raise BoundaryError("boundary_not_polygons")
    return geometry, int(invalid.sum())


def load_context(path: Path | str, mapped: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Load the orientation layer (district outlines) in WGS84, with map labels.

    Neighbours get a short label ("Sơn Dương", "TP. Tuyên Quang"); a district
    whose label point falls inside the mapped communes is the mapped district
    itself and stays unnamed, so its name does not sit on top of a commune.
    """
    gdf = to_wgs84(read_layer(path), path)
    for column, default in (("name", ""), ("full_name", ""), ("level", "district")):
        if column not in gdf.columns:
            gdf[column] = default
    full = gdf["full_name"].where(gdf["full_name"] != "", gdf["name"]).astype(str)
    short = full.str.replace(r"^(Thành phố|Thị xã) ", "TP. ", regex=True).str.replace(r"^Huyện ", "", regex=True)
    inside = gdf.geometry.representative_point().within(mapped.geometry.union_all())
    gdf["label"] = short.where(~inside, "")
    return gdf[["name", "label", "level", "geometry"]]


def display_geometry(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Geometry snapped to a 1 m grid for the browser (smaller payload, same look)."""
    return gpd.GeoSeries(shapely.set_precision(gdf.geometry.values, DISPLAY_GRID), index=gdf.index, crs=gdf.crs)


def label_points(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """A point inside each polygon, where a name label can sit."""
    return gdf.geometry.representative_point()


def commune_at(gdf: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
    """Code of the commune containing a clicked point, or None outside all of them."""
    hits = gdf.sindex.query(shapely.Point(lon, lat), predicate="intersects")
    return str(gdf["code"].iloc[hits[0]]) if len(hits) else None
