"""Cleaning commune polygons into a coverage, and simplifying it without gaps (geo.boundaries.coverage).

Real cases read the separately licensed files in ../shared/data at test time
(never copied); synthetic ones are built here in UTM 48N metres.
"""
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
import shapely.affinity

from geo.boundaries.layers import DISPLAY_GRID
from geo.boundaries.coverage import (GAP_WIDTH_M, clean, geojson_bytes, holes, metric_crs, new_holes, pairwise_overlaps,
                          simplify, snap_coverage)
from tests.paths import SHARED

UNFIXED = SHARED / "yen-son" / "communes-2020-unfixed.geojson"
REFERENCE = SHARED / "yen-son" / "communes-2020.geojson"
NATIONAL = SHARED / "vn-communes-2009" / "communes-2009.gpkg"
UTM48 = "EPSG:32648"


def shared(path: Path, **kwargs) -> gpd.GeoDataFrame:
    if not path.is_file():
        pytest.skip(f"reference file not found: {path}")
    return gpd.read_file(path, **kwargs)


@pytest.fixture(scope="module")
def yen_son():
    """The unfixed Yên Sơn file and its cleaning (done once: the tests only read them)."""
    raw = shared(UNFIXED)
    return raw, *clean(raw)


@pytest.fixture(scope="module")
def province():
    """Tuyên Quang's 141 communes of 2009 from the national file, cleaned.

    The file's *_vn columns hold JSON escapes ("Tuy\\u00ean Quang"), so the
    province is picked by its ASCII name.
    """
    raw = shared(NATIONAL, where="province = 'Tuyen Quang'")
    assert len(raw) == 141
    return clean(raw)[0]


def metric(gdf: gpd.GeoDataFrame) -> np.ndarray:
    return gdf.to_crs(UTM48).geometry.values


def union_area(geometry) -> float:
    return shapely.union_all(geometry).area


# --- clean: the real dirty file -------------------------------------------------------------------

def test_the_unfixed_file_becomes_a_valid_coverage(yen_son):
    raw, cleaned, report = yen_son
    assert not shapely.coverage_is_valid(raw.geometry.values)
    assert shapely.coverage_is_valid(cleaned.geometry.values)
    assert report.valid_before is False and report.valid_after is True
    assert list(cleaned.columns) == list(raw.columns) and cleaned.index.equals(raw.index)
    assert cleaned.crs == raw.crs


def test_no_overlap_and_no_gap_remains(yen_son):
    _, cleaned, _ = yen_son
    geometry = metric(cleaned)
    assert pairwise_overlaps(geometry).max(initial=0) <= 1.0
    total = shapely.area(geometry).sum()
    assert abs(union_area(geometry) - total) / total < 1e-4
    assert len(holes(geometry)) == 0


def test_every_commune_keeps_its_area_within_half_a_percent_of_the_reference(yen_son):
    _, cleaned, _ = yen_son
    reference = shared(REFERENCE).set_index("gso_code")
    ours = cleaned.set_index("gso_code")
    change = np.abs(shapely.area(metric(ours)) / shapely.area(metric(reference.loc[ours.index])) - 1)
    assert change.max() < 0.005, dict(zip(ours.index, change.round(4)))


def test_the_report_says_what_was_wrong(yen_son):
    raw, _, report = yen_son
    area = shapely.area(metric(raw)).sum()
    assert report.metric_crs == UTM48 and report.gap_width_m == GAP_WIDTH_M
    assert report.repaired == 0 and report.emptied == ()
    assert 0 < report.overlap_m2 < 0.005 * area and report.overlap_ha == pytest.approx(report.overlap_m2 / 1e4)
    assert report.gaps_filled == 88 and 0 < report.gaps_filled_m2 < 0.005 * area
    assert report.holes_kept == 0
    assert 0 < report.max_area_change_pct < 2
    assert report.as_dict()["emptied"] == []


# --- clean: synthetic cases ------------------------------------------------------------------------

def squares() -> gpd.GeoDataFrame:
    """A and B overlap by a 100 m strip; C lies above them with a 3 m sliver gap and a 400 m lake.

    Near Yên Sơn in UTM 48N, so the estimated metric CRS is the frame's own.
    """
    x, y = 500_000, 2_400_000
    a = shapely.box(x, y, x + 1000, y + 1000)
    b = shapely.box(x + 900, y, x + 2000, y + 1000)
    lake = shapely.box(x + 800, y + 1400, x + 1200, y + 1800)
    c = shapely.box(x, y + 1000, x + 2000, y + 2000).difference(shapely.box(x + 500, y + 1000, x + 1500, y + 1003))
    c = c.difference(lake)
    return gpd.GeoDataFrame({"name": ["A", "B", "C"]}, geometry=[a, b, c], crs=UTM48)


def test_overlap_goes_to_one_square_and_the_sliver_is_filled_but_the_lake_stays():
    cleaned, report = clean(squares())
    geometry = cleaned.geometry.values
    assert shapely.coverage_is_valid(geometry)
    assert report.overlap_m2 == pytest.approx(100 * 1000)
    assert report.gaps_filled == 1 and report.gaps_filled_m2 == pytest.approx(3 * 1000)
    assert report.holes_kept == 1 and shapely.area(holes(geometry)).sum() == pytest.approx(400 * 400)
    assert shapely.area(geometry).sum() == pytest.approx(2000 * 2000 - 400 * 400)
    assert pairwise_overlaps(geometry).size == 0


def test_a_wider_gap_width_fills_the_lake_too():
    cleaned, report = clean(squares(), gap_width_m=500)
    assert report.holes_kept == 0 and report.gaps_filled == 2
    assert shapely.area(cleaned.geometry.values).sum() == pytest.approx(2000 * 2000)


def test_invalid_geometry_is_repaired_and_counted():
    frame = squares()
    x, y = 500_000, 2_400_000
    bow_tie = shapely.Polygon([(x, y), (x + 1000, y + 1000), (x + 1000, y), (x, y + 1000)])
    frame.loc[0, "geometry"] = bow_tie
    assert not bow_tie.is_valid
    cleaned, report = clean(frame)
    assert report.repaired == 1
    assert shapely.coverage_is_valid(cleaned.geometry.values)


def test_stray_lines_of_a_repaired_polygon_are_dropped():
    frame = squares()
    x, y = 500_000, 2_400_000
    spike = shapely.Polygon([(x, y), (x + 1000, y), (x + 1000, y + 1000), (x + 1000, y + 1500), (x + 1000, y + 1000),
                             (x, y + 1000)])  # a square with a hair pointing up, drawn twice
    assert shapely.make_valid(spike).geom_type == "GeometryCollection"
    frame.loc[0, "geometry"] = spike
    cleaned, report = clean(frame)
    assert report.repaired == 1 and report.emptied == ()
    assert cleaned.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon") and cleaned.geometry.iloc[0].area > 0
    assert shapely.coverage_is_valid(cleaned.geometry.values)


def test_missing_and_swallowed_units_come_back_empty_and_are_listed():
    frame = squares()
    x, y = 500_000, 2_400_000
    frame.loc[3] = ["inside A", shapely.box(x + 100, y + 100, x + 200, y + 200)]
    frame.loc[4] = ["no shape", None]
    frame.loc[5] = ["a road", shapely.LineString([(x, y - 100), (x + 500, y - 100)])]
    cleaned, report = clean(frame)
    assert report.emptied == ("3", "4", "5")
    assert cleaned.loc[4].geometry.is_empty
    assert shapely.coverage_is_valid(cleaned.geometry.values)


def test_a_frame_without_crs_is_refused():
    with pytest.raises(ValueError, match="no CRS"):
        metric_crs(squares().set_crs(None, allow_override=True))


# --- simplify --------------------------------------------------------------------------------------

def check_display_coverage(original: gpd.GeoDataFrame, result: gpd.GeoDataFrame, report) -> None:
    """What a map needs of a simplified coverage."""
    assert result.crs == "EPSG:4326" and result.index.equals(original.index)
    assert shapely.coverage_is_valid(result.geometry.values) and report.valid_after
    before, after = union_area(metric(original)), union_area(metric(result))
    assert abs(after - before) / before < 0.005
    assert len(new_holes(metric(original), metric(result))) == 0
    assert report.vertices_after < report.vertices_before
    assert report.geojson_bytes_after < report.geojson_bytes_before
    coords = shapely.get_coordinates(result.geometry.values) / DISPLAY_GRID
    assert np.abs(coords - np.round(coords)).max() < 1e-6


@pytest.mark.parametrize("tolerance", [50, 100, 500])
def test_simplified_yen_son_stays_a_coverage_without_gaps(yen_son, tolerance):
    _, cleaned, _ = yen_son
    result, report = simplify(cleaned, tolerance)
    check_display_coverage(cleaned, result, report)
    assert report.tolerance_m == tolerance
    assert 0 < report.max_displacement_m < 3 * tolerance + 100


def test_simplified_tuyen_quang_province_stays_a_coverage_without_gaps(province):
    result, report = simplify(province, 200)
    check_display_coverage(province, result, report)
    assert report.vertices_after < 0.9 * report.vertices_before


def test_simplify_refuses_a_set_that_is_not_a_coverage():
    with pytest.raises(ValueError, match="clean"):
        simplify(squares(), 100)


def test_the_report_counts_vertices_and_bytes_of_the_input_as_given(yen_son):
    _, cleaned, _ = yen_son
    _, report = simplify(cleaned, 100)
    assert report.vertices_before == shapely.get_num_coordinates(cleaned.geometry.values).sum()
    assert report.geojson_bytes_before == geojson_bytes(cleaned.geometry.values)
    assert report.as_dict()["tolerance_m"] == 100


# --- snapping to the display grid ------------------------------------------------------------------

def test_snapping_polygon_by_polygon_can_break_a_coverage_snapping_it_whole_cannot():
    """An Giang (2009), cleaned: per-polygon set_precision leaves mismatched borders."""
    cleaned = clean(shared(NATIONAL, where="province = 'An Giang'"))[0]
    geometry = cleaned.geometry.values
    assert shapely.coverage_is_valid(geometry)
    assert not shapely.coverage_is_valid(shapely.set_precision(geometry, DISPLAY_GRID))
    snapped = snap_coverage(geometry, DISPLAY_GRID)
    assert shapely.coverage_is_valid(snapped)
    assert union_area(metric(cleaned)) == pytest.approx(union_area(
        gpd.GeoSeries(snapped, crs=cleaned.crs).to_crs(UTM48).values), rel=1e-4)


def test_new_holes_are_gaps_not_moved_real_holes():
    before = squares().geometry.values
    moved = shapely.affinity.translate(max(holes(before), key=lambda h: h.area), 5, 5)  # the lake, 5 m off
    crack = shapely.box(500_100, 2_400_100, 500_110, 2_400_600)  # inside A
    assert len(new_holes(before, before)) == 0
    after = np.array([shapely.difference(g, shapely.union(crack, moved)) for g in before], dtype=object)
    (opened,) = new_holes(before, after)
    assert opened.area == pytest.approx(crack.area)


def test_snapping_keeps_real_holes_and_every_unit():
    frame = clean(squares())[0].to_crs("EPSG:4326")
    snapped = snap_coverage(frame.geometry.values, DISPLAY_GRID)
    assert shapely.coverage_is_valid(snapped)
    assert not shapely.is_empty(snapped).any()
    assert len(holes(snapped)) == 1
