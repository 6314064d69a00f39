"""Make a set of commune polygons tile, and thin it for display without gaps.

Communes of one district must tile it: every point in at most one commune
(a click selects one), no slivers between neighbours (they show as white
cracks and hide area). Files drawn by hand rarely do: neighbours overlap
along their borders and leave thin gaps. `clean` turns them into a valid
polygonal *coverage* (no overlaps, shared borders vertex for vertex) with
GEOS's CoverageCleaner; `simplify` then thins the coverage for the browser
with GEOS's coverage simplifier, which moves each shared border once for
both neighbours, so no gap or overlap appears at any zoom. Simplifying each
polygon on its own (GeoSeries.simplify) moves the two copies of a border
differently: tests/benchmarks/bench_simplify.py counts the cracks it opens.

Widths and tolerances are metres, so both work in the UTM zone that
geopandas estimates for the data, and hand back the caller's CRS (simplify:
WGS 84, snapped to the 1e-5 degree display grid of geo.boundaries.layers).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import geopandas as gpd
import numpy as np
import shapely

from geo.boundaries.layers import DISPLAY_GRID, WGS84

# Gaps narrower than this (the diameter of the widest circle inside the gap)
# are slivers and go to a neighbour. Yên Sơn's source file, thinned to ~150 m,
# has slivers up to 180 m wide; a real hole in a district (a lake or another
# unit's enclave drawn as a hole) is wider than a few hundred metres, and one
# narrower than 200 m could not be seen on a commune map anyway.
GAP_WIDTH_M = 200.0
# An overlap or sliver goes to the largest neighbour touching it: the same
# strip is a smaller share of a large commune's area, so no commune's area
# (and per-1,000 figures) moves much. On Yên Sơn that keeps every commune
# within 0.03 % of the reference clean-up, against ~1 % for "longest border".
MERGE_STRATEGY = "max_area"
# Display tolerance (metres): about the resolution of the source geometry.
DISPLAY_TOLERANCE_M = 100.0
_POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class CleanReport:
    """What `clean` changed, for the person loading the file (areas in m²)."""
    metric_crs: str
    gap_width_m: float
    repaired: int                # invalid geometries made valid
    overlap_m2: float            # area covered twice (or more) before cleaning
    gaps_filled: int             # slivers between neighbours given to a neighbour
    gaps_filled_m2: float
    holes_kept: int              # holes wider than gap_width_m, left as they are
    valid_before: bool           # shapely.coverage_is_valid
    valid_after: bool
    max_area_change_pct: float   # largest change of one unit's area
    emptied: tuple[str, ...]     # row labels of units left without area (inside their neighbours)

    @property
    def overlap_ha(self) -> float:
        return self.overlap_m2 / 1e4

    @property
    def gaps_filled_ha(self) -> float:
        return self.gaps_filled_m2 / 1e4

    def as_dict(self) -> dict:
        """JSON-ready, for a boundary set's manifest."""
        return asdict(self) | {"emptied": list(self.emptied)}


@dataclass(frozen=True)
class SimplifyReport:
    """What `simplify` saved and what it cost in accuracy."""
    tolerance_m: float
    vertices_before: int
    vertices_after: int
    geojson_bytes_before: int
    geojson_bytes_after: int
    max_displacement_m: float    # largest Hausdorff distance between a unit and its simplified shape
    valid_after: bool            # shapely.coverage_is_valid of the result

    def as_dict(self) -> dict:
        return asdict(self)


def metric_crs(gdf: gpd.GeoDataFrame):
    """The UTM zone of the data, where widths, areas and tolerances are metres."""
    if gdf.crs is None:
        raise ValueError("the frame has no CRS: reproject it to WGS 84 first")
    return gdf.estimate_utm_crs()


def clean(gdf: gpd.GeoDataFrame, gap_width_m: float = GAP_WIDTH_M) -> tuple[gpd.GeoDataFrame, CleanReport]:
    """The same rows with geometry forming a valid coverage: repaired, overlaps removed, slivers filled.

    Missing or non-polygonal geometry comes back empty, and so does a unit
    whose whole polygon lay inside its neighbours; both are listed in
    `CleanReport.emptied` (a map cannot show them: the caller decides).
    """
    crs = metric_crs(gdf)
    before, repaired = _polygonal(gdf.to_crs(crs).geometry.values)
    # GEOS raises the floating-point "invalid" flag on some national inputs (numpy then warns); the
    # result is checked below with coverage_is_valid, which is what matters.
    with np.errstate(invalid="ignore"):
        after = shapely.coverage_clean(before, gap_width=gap_width_m, merge_strategy=MERGE_STRATEGY)
    out = gdf.set_geometry(gpd.GeoSeries(after, index=gdf.index, crs=crs).to_crs(gdf.crs))
    holes_before, holes_after = holes(before), holes(after)
    areas_before, areas_after = shapely.area(before), shapely.area(after)
    report = CleanReport(
        metric_crs=crs.to_string(), gap_width_m=float(gap_width_m), repaired=repaired,
        overlap_m2=float(pairwise_overlaps(before).sum()),
        gaps_filled=len(holes_before) - len(holes_after),
        gaps_filled_m2=float(shapely.area(holes_before).sum() - shapely.area(holes_after).sum()),
        holes_kept=len(holes_after),
        valid_before=bool(shapely.coverage_is_valid(before)),
        valid_after=bool(shapely.coverage_is_valid(out.geometry.values)),
        max_area_change_pct=_max_change_pct(areas_before, areas_after),
        emptied=tuple(str(label) for label in gdf.index[shapely.is_empty(after)]),
    )
    return out, report


def _polygonal(geometry: np.ndarray) -> tuple[np.ndarray, int]:
    """Valid polygons only (the cleaner refuses anything else), and how many needed make_valid.

    make_valid can turn a bow-tie into polygons plus stray lines; the lines
    have no area and are dropped. Missing geometry becomes an empty polygon.
    """
    geometry = geometry.copy()
    geometry[shapely.is_missing(geometry)] = shapely.Polygon()
    invalid = ~shapely.is_valid(geometry)
    geometry[invalid] = shapely.make_valid(geometry[invalid])
    odd = ~np.isin(shapely.get_type_id(geometry), (3, 6))  # neither Polygon nor MultiPolygon
    geometry[odd] = [_polygon_parts(g) for g in geometry[odd]]
    return geometry, int(invalid.sum())


def _polygon_parts(geometry) -> shapely.MultiPolygon:
    """Only the polygons of what cleaning returns: lines and points left at borders have no area to draw."""
    parts = shapely.get_parts(shapely.get_parts(geometry))  # collections may nest multipolygons
    return shapely.MultiPolygon([p for p in parts if p.geom_type == "Polygon"])


def _max_change_pct(before: np.ndarray, after: np.ndarray) -> float:
    """Largest relative area change of one unit, in percent (units with no area before don't count)."""
    has_area = before > 0
    if not has_area.any():
        return 0.0
    return float(np.max(np.abs(after[has_area] / before[has_area] - 1)) * 100)


def pairwise_overlaps(geometry: np.ndarray) -> np.ndarray:
    """Area shared by each pair of polygons that overlap (one value a pair, only those > 0)."""
    first, second = shapely.STRtree(geometry).query(geometry, predicate="intersects")
    pairs = first < second
    areas = shapely.area(shapely.intersection(geometry[first[pairs]], geometry[second[pairs]]))
    return areas[areas > 0]


def holes(geometry: np.ndarray) -> np.ndarray:
    """The holes of the union of the polygons: gaps between them, and real holes (as polygons)."""
    union = shapely.union_all(geometry)
    rings = [ring for part in shapely.get_parts(union) for ring in part.interiors]
    return np.array([shapely.Polygon(ring) for ring in rings], dtype=object)


def new_holes(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Holes of the union of `after` that share no area with a hole of `before`: the gaps a change opened.

    Simplifying the coverage's boundary (outer and hole rings alike) moves a
    real hole, at 500 m by more than half its width; it still overlaps its
    old self, so it is not counted as a gap.
    """
    old = holes(before)
    found = holes(after)
    hole, match = shapely.STRtree(old).query(found, predicate="intersects")
    shared = shapely.area(shapely.intersection(found[hole], old[match])) > 0
    return np.delete(found, np.unique(hole[shared]))


def simplify(gdf: gpd.GeoDataFrame, tolerance_m: float = DISPLAY_TOLERANCE_M,
             ) -> tuple[gpd.GeoDataFrame, SimplifyReport]:
    """The coverage thinned for display, in WGS 84 on the display grid, still a valid coverage.

    The input must already be a valid coverage (see `clean`): the coverage
    simplifier trusts shared borders to be identical, and on overlapping
    input its result is not a coverage either.
    """
    crs = metric_crs(gdf)
    metric = gdf.to_crs(crs).geometry.values
    if not shapely.coverage_is_valid(metric):
        raise ValueError("not a valid coverage: clean() it first")
    thinned = shapely.coverage_simplify(metric, tolerance_m)
    wgs84 = gpd.GeoSeries(thinned, crs=crs).to_crs(WGS84).values
    display = snap_coverage(wgs84, DISPLAY_GRID)
    back = gpd.GeoSeries(display, crs=WGS84).to_crs(crs).values
    report = SimplifyReport(
        tolerance_m=float(tolerance_m),
        vertices_before=int(shapely.get_num_coordinates(gdf.geometry.values).sum()),
        vertices_after=int(shapely.get_num_coordinates(display).sum()),
        geojson_bytes_before=geojson_bytes(gdf.to_crs(WGS84).geometry.values),
        geojson_bytes_after=geojson_bytes(display),
        max_displacement_m=float(np.max(shapely.hausdorff_distance(metric, back), initial=0.0)),
        valid_after=bool(shapely.coverage_is_valid(display)),
    )
    return gdf.to_crs(WGS84).set_geometry(gpd.GeoSeries(display, index=gdf.index, crs=WGS84)), report


def snap_coverage(geometry: np.ndarray, grid: float) -> np.ndarray:
    """Snap a coverage to a grid as one piece, so neighbours stay edge-matched.

    shapely.set_precision works on each polygon alone; where snapping folds a
    narrow part, the two neighbours repair the fold differently and the
    coverage breaks (on the national file, 5-72 communes with mismatched
    edges depending on the tolerance). Here all borders are noded together on
    the grid (snap rounding), cut into faces, and each face goes back to the
    unit it lies in: faces share their edges exactly, so the units do too.
    """
    lines = shapely.union_all(shapely.boundary(geometry), grid_size=grid)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(lines)))
    owner = _owners(faces, geometry)
    out = np.array([shapely.Polygon()] * len(geometry), dtype=object)
    for unit in np.unique(owner[owner >= 0]):
        out[unit] = shapely.coverage_union_all(faces[owner == unit])
    return out


def _owners(faces: np.ndarray, geometry: np.ndarray) -> np.ndarray:
    """Index of the unit each face belongs to, -1 for faces in no unit (holes of the coverage).

    A face's inner point decides when it lies in exactly one unit; faces thin
    enough for snapping to move that point (or in none) go to the unit
    covering most of them, if any covers at least half.
    """
    tree = shapely.STRtree(geometry)
    owner = np.full(len(faces), -1)
    face, unit = tree.query(shapely.point_on_surface(faces), predicate="intersects")
    hits = np.bincount(face, minlength=len(faces))
    single = hits[face] == 1
    owner[face[single]] = unit[single]
    unsure = np.flatnonzero(hits != 1)
    face, unit = tree.query(faces[unsure], predicate="intersects")
    shares = shapely.area(shapely.intersection(faces[unsure][face], geometry[unit]))
    for i in range(len(unsure)):
        mine = face == i
        if mine.any() and shares[mine].max() >= shapely.area(faces[unsure[i]]) / 2:
            owner[unsure[i]] = unit[mine][np.argmax(shares[mine])]
    return owner


def geojson_bytes(geometry: np.ndarray) -> int:
    """Size of the geometry as a GeoJSON FeatureCollection: what the browser downloads."""
    return len(gpd.GeoSeries(geometry).to_json().encode())
