"""Benchmark: cleaning a commune set and simplifying it for display, against the naive per-polygon way.

    python tests/benchmarks/bench_simplify.py

Three sizes: Yên Sơn (28 communes, ../shared/data/yen-son/communes-2020-unfixed.geojson),
Tuyên Quang province (141) and the whole country (11,163), both from
../shared/data/vn-communes-2009/communes-2009.gpkg. Each set is cleaned
first (geo.boundaries.coverage.clean; the national file overlaps itself), then, per
tolerance:

- coverage: geo.boundaries.coverage.simplify (GEOS coverage simplification in UTM, then
  the whole coverage snapped to the 1e-5° display grid at once);
- naive: GeoSeries.simplify(tolerance, preserve_topology=True) in the same UTM
  zone, then shapely.set_precision polygon by polygon (as
  geo.boundaries.layers.display_geometry does). Tolerance 0 is the grid alone.

Printed: vertices, GeoJSON kB, seconds (coverage: with its report, which
measures shifts and sizes), the largest shift of a border (m), and what the
naive way breaks: units whose borders no longer match their neighbours'
(coverage_invalid_edges), area covered twice, and new gaps (holes of the
union that were not holes of the cleaned set) with their area. On the
national file one commune (Tà Đảnh, An Giang) has a 5 km hair-thin spike
that any 1e-5° grid removes: that is the 5.4 km "shift" at every tolerance.
The two tolerances differ in kind (Visvalingam-Whyatt area vs Douglas-Peucker
distance), so compare sizes at a similar displacement, and count cracks.
"""
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from geo.boundaries.layers import DISPLAY_GRID, WGS84  # noqa: E402
from geo.boundaries.coverage import clean, geojson_bytes, metric_crs, new_holes, pairwise_overlaps, simplify  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
UNFIXED = SHARED / "yen-son" / "communes-2020-unfixed.geojson"
NATIONAL = SHARED / "vn-communes-2009" / "communes-2009.gpkg"
TOLERANCES = (0, 50, 100, 200, 500)


def naive(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoSeries:
    """Each polygon simplified and snapped on its own: what a coverage-unaware pipeline does."""
    metric = gdf.geometry.to_crs(metric_crs(gdf))
    thinned = metric.simplify(tolerance, preserve_topology=True) if tolerance else metric
    return gpd.GeoSeries(shapely.set_precision(thinned.to_crs(WGS84).values, DISPLAY_GRID), crs=WGS84)


def damage(original: np.ndarray, result: np.ndarray) -> tuple[int, float, int, float]:
    """Units with unmatched borders, m² covered twice, new gaps and their m² (both arrays in metres)."""
    edges = shapely.coverage_invalid_edges(result)
    broken = int((~shapely.is_missing(edges) & ~shapely.is_empty(edges)).sum())
    gaps = new_holes(original, result)
    return broken, float(pairwise_overlaps(result).sum()), len(gaps), float(shapely.area(gaps).sum())


def row(tolerance, method, geometry, seconds, original_m, crs) -> None:
    metres = gpd.GeoSeries(geometry, crs=WGS84).to_crs(crs).values
    shift = float(np.max(shapely.hausdorff_distance(original_m, metres)))
    broken, overlap, gaps, gap_area = damage(original_m, metres)
    print(f"  {tolerance:>4} m  {method:<8} {shapely.get_num_coordinates(geometry).sum():>9,} "
          f"{geojson_bytes(geometry) / 1e3:>11,.0f} {seconds:>8.2f} {shift:>11,.0f} "
          f"{broken:>9,} {overlap:>13,.0f} {gaps:>6,} {gap_area:>12,.0f}")


def measure(label: str, raw: gpd.GeoDataFrame) -> None:
    start = time.perf_counter()
    cleaned, report = clean(raw)
    cleaned = cleaned[~cleaned.is_empty]
    crs = metric_crs(cleaned)
    original_m = cleaned.to_crs(crs).geometry.values
    print(f"\n{label}: {len(raw):,} units, cleaned in {time.perf_counter() - start:.1f} s "
          f"({report.overlap_ha:,.0f} ha of overlap, {report.gaps_filled:,} gaps filled, "
          f"{len(report.emptied)} emptied); full resolution {shapely.get_num_coordinates(original_m).sum():,} "
          f"vertices, {geojson_bytes(cleaned.geometry.values) / 1e3:,.0f} kB GeoJSON")
    print(f"  {'tol':>6}  {'method':<8} {'vertices':>9} {'GeoJSON kB':>11} {'seconds':>8} {'max shift m':>11} "
          f"{'bad units':>9} {'overlap m²':>13} {'gaps':>6} {'gap m²':>12}")
    for tolerance in TOLERANCES:
        start = time.perf_counter()
        simplified, _ = simplify(cleaned, tolerance)
        row(tolerance, "coverage", simplified.geometry.values, time.perf_counter() - start, original_m, crs)
        start = time.perf_counter()
        try:
            thinned = naive(cleaned, tolerance)
        except shapely.errors.GEOSException as exc:  # simplified polygons can be too broken to snap
            print(f"  {tolerance:>4} m  {'naive':<8} failed: {exc}")
            continue
        row(tolerance, "naive", thinned.values, time.perf_counter() - start, original_m, crs)


def main() -> None:
    measure("Yên Sơn (2020)", gpd.read_file(UNFIXED))
    measure("Tuyên Quang province (2009)", gpd.read_file(NATIONAL, where="province = 'Tuyen Quang'"))
    measure("Vietnam (2009)", gpd.read_file(NATIONAL))


if __name__ == "__main__":
    main()
