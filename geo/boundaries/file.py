"""Read the boundary file a district actually has: any format, CRS and text encoding.

Official commune boundaries reach the district as whatever the provincial
office exported: GeoJSON, a GeoPackage, a zipped ESRI Shapefile (often
without .cpg, sometimes without .prj), or a KML from Google Earth. Three
things go wrong silently with such files, and each is made explicit by a
module of its own; this one runs them in order:

- The upload itself: bytes from a browser are hostile until proven
  otherwise. Sizes are checked here, and `geo.boundaries.archive` unpacks
  zips: no member written by its own name (no zip-slip), no zip bomb.
- Text (`geo.boundaries.encoding`): a .dbf without .cpg comes out garbled
  unless its encoding (UTF-8, Windows-1258, TCVN3, VNI) is detected.
- Place (`geo.boundaries.crs`): a file without a CRS is never placed by
  guess, and VN-2000 gets the official datum shift.

Every failure is a `BoundaryError` with a message key. Pure Python (no
Streamlit): the UI and the command line both hand in bytes.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import NamedTuple, Sequence

import geopandas as gpd
import pyogrio
import pyproj
import shapely

from geo.boundaries.archive import megabytes, unzip_kml, unzip_shapefile
from geo.boundaries.crs import Suggestions, declared_crs, placed
from geo.boundaries.encoding import repair_text
from geo.boundaries.layers import BoundaryError

FORMATS = ("GeoJSON", "GeoPackage", "ESRI Shapefile (zipped)", "KML")
_POLYGONAL = ("Polygon", "MultiPolygon")
_EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "zip",
               ".kml": "kml", ".kmz": "kmz"}
_FORMAT_OF = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "zip": "ESRI Shapefile (zipped)",
              "kml": "KML", "kmz": "KML"}


@dataclass(frozen=True, eq=False)  # eq would compare GeoDataFrames: identity instead
class RawLayer:
    """One boundary layer as the file has it, text repaired, geometry untouched (but 2D)."""
    frame: gpd.GeoDataFrame
    crs: pyproj.CRS | None
    format: str
    encoding: str | None
    notes: tuple[tuple[str, dict], ...]
    suggestions: tuple


class _Source(NamedTuple):
    """The upload on disk, as GDAL reads it, with what the text decoding needs to know."""
    path: Path
    format: str
    cpg: str | None = None    # the .cpg text of a shapefile, None when absent
    byte_text: bool = False   # attributes read as Latin-1 bytes (shapefiles), to decode in geo.boundaries.encoding


def read_boundary_file(data: bytes, filename: str, max_bytes: int = 50_000_000, *,
                       expected_bbox: Sequence[float] | None = None) -> RawLayer:
    """Read an uploaded boundary file into a RawLayer, or raise BoundaryError with a message key.

    `expected_bbox` (lon_min, lat_min, lon_max, lat_max of the district the app
    shows) only ranks zone suggestions for a file without CRS: TM-3 metres look
    alike in every zone, so without it neighbouring meridians tie.
    """
    _check_size(data, filename, max_bytes)
    kind = _sniff(data, filename)
    with tempfile.TemporaryDirectory(prefix="dvk-boundary-") as folder:
        source = _materialise(kind, data, filename, Path(folder), max_bytes)
        frame, notes = _read_polygons(source, filename)
    frame, encoding, text_notes = repair_text(frame, source.byte_text, source.cpg)
    crs, crs_notes, suggestions = declared_crs(frame, expected_bbox)
    frame = frame.set_crs(crs, allow_override=True)
    notes = tuple(notes + text_notes + crs_notes)
    return RawLayer(frame, crs, source.format, encoding, notes, suggestions)


def to_wgs84(raw: RawLayer, crs: pyproj.CRS | str | None = None) -> gpd.GeoDataFrame:
    """The layer in longitude/latitude (EPSG:4326).

    `crs` (the user's choice) overrides what the file declares. A file
    without a CRS is accepted only in degrees: metres raise
    `boundary_needs_zone` with the ranked suggestions, never a guess.
    """
    return placed(raw.frame, raw.crs, Suggestions(raw.suggestions), crs)


def _check_size(data: bytes, filename: str, max_bytes: int) -> None:
    """Refuse empty and oversized uploads before anything parses them."""
    if not data:
        raise BoundaryError("boundary_empty_file", filename=filename)
    if len(data) > max_bytes:
        raise BoundaryError("boundary_too_large", filename=filename, size_mb=megabytes(len(data)),
                            limit_mb=megabytes(max_bytes))


def _sniff(data: bytes, filename: str) -> str:
    """The format by content first (users rename files), the extension deciding only what content cannot."""
    ext = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "kmz" if ext in (".kmz", ".kml") else "zip"
    if head.startswith(b"{"):
        return "geojson"
    if head.startswith(b"<") and b"<kml" in head.lower():
        return "kml"
    if ext == ".shp":
        raise BoundaryError("boundary_shp_not_zipped", filename=filename)
    if ext in _EXTENSIONS:
        raise BoundaryError("boundary_unreadable", path=filename, reason=f"not a {_FORMAT_OF[_EXTENSIONS[ext]]} file")
    raise BoundaryError("boundary_unsupported_format", filename=filename, formats=", ".join(FORMATS))


def _materialise(kind: str, data: bytes, filename: str, folder: Path, max_bytes: int) -> _Source:
    """Put the upload on disk for GDAL under names of our own (never the user's)."""
    if kind == "zip":
        shp, cpg = unzip_shapefile(data, filename, folder, max_bytes)
        return _Source(shp, _FORMAT_OF["zip"], cpg, byte_text=True)
    if kind == "kmz":
        return _Source(unzip_kml(data, filename, folder, max_bytes), _FORMAT_OF["kmz"])
    path = folder / f"upload.{kind}"
    path.write_bytes(data)
    return _Source(path, _FORMAT_OF[kind])


def _read(source: _Source, layer: str, filename: str) -> gpd.GeoDataFrame | None:
    """One layer through pyogrio (None for a table without geometry); shapefile text as Latin-1
    so no byte is lost before decoding."""
    try:
        frame = pyogrio.read_dataframe(source.path, layer=layer, encoding="latin1" if source.byte_text else None,
                                       datetime_as_string=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.GeometryError,
            pyogrio.errors.FieldError, pyogrio.errors.CRSError, pyogrio.errors.FeatureError,
            shapely.errors.GEOSException, ValueError, IndexError, OSError, RuntimeError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)[:300]) from None
    return frame if isinstance(frame, gpd.GeoDataFrame) else None


def _layer_names(source: _Source, filename: str) -> list[str]:
    """Every layer of the file: a GeoPackage may hold districts, communes and points side by side."""
    try:
        names = [str(name) for name, _ in pyogrio.list_layers(source.path)]
    except (pyogrio.errors.DataSourceError, ValueError, OSError, RuntimeError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)[:300]) from None
    if not names:
        raise BoundaryError("boundary_no_features", filename=filename)
    return names


def _polygons_only(geometry: gpd.GeoSeries) -> gpd.GeoSeries:
    """Polygonal features as they are; collections (KML MultiGeometry) keep their polygon parts; else None."""
    def keep(geom):
        if geom is None or geom.is_empty:
            return None
        if geom.geom_type in _POLYGONAL:
            return geom
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL] \
            if geom.geom_type == "GeometryCollection" else []
        return shapely.MultiPolygon([q for p in parts for q in shapely.get_parts(p)]) if parts else None
    return geometry.map(keep)


def _read_polygons(source: _Source, filename: str) -> tuple[gpd.GeoDataFrame, list]:
    """The layer with the most polygons, polygon features only, in 2D; notes say what was left out."""
    frames = {name: _read(source, name, filename) for name in _layer_names(source, filename)}
    frames = {name: frame for name, frame in frames.items() if frame is not None}
    if not frames:
        raise BoundaryError("boundary_no_features", filename=filename)
    polygons = {name: _polygons_only(frame.geometry) for name, frame in frames.items()}
    counts = {name: int(geometry.notna().sum()) for name, geometry in polygons.items()}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        _raise_no_polygons(frames, filename)
    others = [name for name in frames if name != best and len(frames[name])]
    notes = [("boundary_layers_ignored", {"layer": best, "ignored": ", ".join(others)})] if others else []
    frame, geometry_notes = _polygon_features(frames[best], polygons[best])
    return frame, notes + geometry_notes


def _polygon_features(frame: gpd.GeoDataFrame, polygons: gpd.GeoSeries) -> tuple[gpd.GeoDataFrame, list]:
    """Keep the features that have polygons (as `_polygons_only` made them), without Z."""
    keep = polygons.notna()
    notes = [("boundary_non_polygons_dropped", {"count": int((~keep).sum())})] if not keep.all() else []
    frame = frame[keep].set_geometry(gpd.GeoSeries(polygons[keep], crs=frame.crs)).reset_index(drop=True)
    with_z = int(shapely.has_z(frame.geometry.values).sum())
    if with_z:
        frame = frame.set_geometry(shapely.force_2d(frame.geometry.values), crs=frame.crs)
        notes.append(("boundary_z_dropped", {"count": with_z}))
    return frame, notes


def _raise_no_polygons(frames: dict, filename: str) -> None:
    """Say what the file holds instead of polygons (points from a GPS, lines of a road map...)."""
    types = [t for frame in frames.values() for t in frame.geometry.geom_type.dropna()]
    if not types:
        raise BoundaryError("boundary_no_features", filename=filename)
    summary = ", ".join(f"{t} × {types.count(t)}" for t in sorted(set(types)))
    raise BoundaryError("boundary_no_polygons", filename=filename, types=summary)
