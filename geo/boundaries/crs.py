"""Which CRS a boundary file's coordinates are in, and placing them in longitude/latitude.

A file without a CRS is never placed by guess: degrees are WGS 84, VN-2000
metres get ranked `vn2000.guess_zone` suggestions and `placed` refuses them
until a CRS is chosen. VN-2000 CRSs written without a datum shift (every .prj
ArcGIS and GDAL write, GeoPackages too) leave PROJ to choose one: the official
one, the 1-2 m Mekong fit EPSG:5194, or, for a datum name it does not know
("VN_2000"), none at all, ~220 m off. The official shift of
`geo.boundaries.vn2000` is pinned to them.
"""
from __future__ import annotations

from math import isclose
from typing import Sequence

import geopandas as gpd
import pyproj
import shapely
from pyproj.crs import BoundCRS
from pyproj.crs.coordinate_operation import ToWGS84Transformation

from geo.boundaries import layers, vn2000
from geo.boundaries.layers import WGS84, BoundaryError


class Suggestions(tuple):
    """Ranked `vn2000.Suggestion`s, printed by label: BoundaryError puts its details in its message,
    and the repr of 19 pyproj CRSs takes seconds."""

    def __repr__(self) -> str:
        return f"Suggestions({[s.label for s in self]!r})"


def declared_crs(frame: gpd.GeoDataFrame,
                 expected_bbox: Sequence[float] | None) -> tuple[pyproj.CRS | None, list, Suggestions]:
    """The file's CRS, None when it has none (or a geographic one holding metres), with notes and suggestions.

    GDAL reads every GeoJSON without a "crs" member as EPSG:4326, metres or not;
    a local (engineering) CRS has no place on Earth either.
    """
    crs, bounds = frame.crs, frame.total_bounds
    if crs is not None and (crs.geodetic_crs is None or crs.is_geographic and not _accepted(bounds, crs)):
        crs = None
    if crs is None:
        if _accepted(bounds, None):
            return None, [("boundary_crs_assumed_wgs84", {})], Suggestions()
        return None, [], Suggestions(vn2000.guess_zone(bounds, expected_bbox))
    pinned = _with_official_shift(crs)
    if pinned is crs:
        return crs, [], Suggestions()
    return pinned, [("boundary_datum_added", {"crs": pinned.source_crs.name})], Suggestions()


def placed(frame: gpd.GeoDataFrame, declared: pyproj.CRS | None, suggestions: Suggestions,
           chosen: pyproj.CRS | str | None = None) -> gpd.GeoDataFrame:
    """`frame` in longitude/latitude (EPSG:4326), from the user's `chosen` CRS or else the `declared` one.

    A file without a CRS is accepted only in degrees: metres raise
    `boundary_needs_zone` with the ranked `suggestions`, never a guess.
    """
    if chosen is not None:
        source = _with_official_shift(_parse_crs(chosen))
        try:
            out = _reprojected(frame.set_crs(source, allow_override=True))
        except BoundaryError:  # metres under a geographic CRS, or one PROJ cannot transform
            out = None
        if out is None or not _accepted(out.total_bounds, None):
            raise BoundaryError("boundary_bad_crs", crs=source.name)
        return out
    try:
        return _reprojected(frame if declared is None else frame.set_crs(declared, allow_override=True))
    except BoundaryError as exc:
        if exc.key != "boundary_no_crs":
            raise
    zones = "; ".join(s.label for s in suggestions[:3])
    raise BoundaryError("boundary_needs_zone" if suggestions else "boundary_needs_crs",
                        suggestions=Suggestions(suggestions), zones=zones)


def _accepted(bounds, crs) -> bool:
    """Whether geo.boundaries.layers.to_wgs84 takes these bounds under `crs` (its degree-range check, reused)."""
    probe = gpd.GeoDataFrame(geometry=[shapely.box(*bounds)], crs=crs)
    try:
        layers.to_wgs84(probe, "")
    except BoundaryError:
        return False
    return True


def _parse_crs(crs: pyproj.CRS | str) -> pyproj.CRS:
    """The CRS the user typed or picked; one PROJ cannot read is a message, not a traceback."""
    try:
        return pyproj.CRS(crs)
    except pyproj.exceptions.CRSError:
        raise BoundaryError("boundary_bad_crs", crs=str(crs)) from None


def _reprojected(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """geo.boundaries.layers.to_wgs84, with PROJ's refusals (a CRS it cannot transform) as messages."""
    try:
        return layers.to_wgs84(frame, "")
    except pyproj.exceptions.ProjError:
        raise BoundaryError("boundary_bad_crs", crs=frame.crs.name) from None


def _with_official_shift(crs: pyproj.CRS) -> pyproj.CRS:
    """A VN-2000 CRS without TOWGS84 gets the official shift; any other CRS is returned as it is.

    TM-3 and UTM zones are rebuilt with geo.boundaries.vn2000 (same CRS as its zone
    suggestions); anything else VN-2000 keeps its own parameters, bound to
    the same official 7 parameters.
    """
    if crs.is_bound or not _is_vn2000(crs):
        return crs
    zone = _vn2000_zone(crs)
    if zone is not None:
        return zone
    return BoundCRS(source_crs=crs, target_crs=WGS84,
                    transformation=ToWGS84Transformation(crs.geodetic_crs, *vn2000.TOWGS84))


def _is_vn2000(crs: pyproj.CRS) -> bool:
    """VN-2000 by datum name (EPSG, ESRI "D_Vietnam_2000", hand-written "VN-2000") or by EPSG:4756."""
    geodetic = crs.geodetic_crs
    names = f"{crs.datum.name if crs.datum else ''} {geodetic.name if geodetic else ''}"
    key = "".join(ch for ch in names.lower() if ch.isalnum())
    return "vietnam2000" in key or "vn2000" in key or (geodetic is not None and geodetic.to_epsg() == 4756)


def _vn2000_zone(crs: pyproj.CRS) -> pyproj.CRS | None:
    """geo.boundaries.vn2000's TM-3 or UTM CRS with the same central meridian, if `crs` is one of those."""
    operation = crs.coordinate_operation if crs.is_projected else None
    if operation is None or "transverse mercator" not in operation.method_name.lower():
        return None
    params = {p.name.lower(): p.value for p in operation.params}
    meridian = params.get("longitude of natural origin")
    scale = params.get("scale factor at natural origin")
    standard = (params.get("false easting") == 500_000 and params.get("false northing") == 0
                and params.get("latitude of natural origin") == 0 and crs.axis_info[0].unit_name in ("metre", "meter"))
    if meridian is None or scale is None or not standard:
        return None
    if isclose(scale, 0.9999):
        return vn2000.vn2000_tm3(meridian)
    if isclose(scale, 0.9996) and meridian in (105, 111):
        return vn2000.vn2000_utm(48 if meridian == 105 else 49)
    return None
