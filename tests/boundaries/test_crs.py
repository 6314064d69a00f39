"""Placing what a boundary file holds (geo.boundaries.crs, through geo.boundaries.file): every
format and CRS case lands within ten metres, a file without CRS is never placed by guess, and
VN-2000 gets the official datum shift."""
from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo.boundaries import vn2000
from geo.boundaries.file import read_boundary_file, to_wgs84
from geo.boundaries.layers import BoundaryError
from tests.boundaries.builders import (COMMUNES, ESRI_TM3_106, EXPECTED_MAX_ERROR_M, TM3_106, needs_data, notes,
                                       placement_cases, placement_error, reference, shapefile_parts, yen_son_bbox,
                                       zipped)


def place(data: bytes, filename: str, pick: str | None) -> gpd.GeoDataFrame:
    """What the app does: read, and for a file without CRS take the zone the user confirms (the first suggestion)."""
    raw = read_boundary_file(data, filename, expected_bbox=yen_son_bbox())
    if pick is None:
        return to_wgs84(raw)
    with pytest.raises(BoundaryError) as refused:
        to_wgs84(raw)
    assert refused.value.key == "boundary_needs_zone"
    return to_wgs84(raw, raw.suggestions[0].crs)


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    if not COMMUNES.is_file():
        pytest.skip("reference boundaries not present")
    return placement_cases(reference(), tmp_path_factory.mktemp("placement"))


@needs_data
@pytest.mark.parametrize("case", [
    "GeoPackage, TM-3 106°, CRS declared", "GeoPackage, UTM 48N, CRS declared",
    "Shapefile, TM-3 106°, .prj pyproj WKT with TOWGS84", "Shapefile, TM-3 106°, ESRI .prj without TOWGS84",
    "Shapefile, UTM 48N, ESRI .prj without TOWGS84", "Shapefile, UTM 48N, forum .prj (TOWGS84 signs as published)",
    "Shapefile, TM-3 106°, no .prj, zone picked", "Shapefile, UTM 48N, no .prj, zone picked",
    "GeoJSON, TM-3 106° metres, no crs, zone picked", "KML (WGS 84)", "GeoJSON (WGS 84)",
])
def test_every_case_lands_within_ten_metres(cases, case):
    placed = place(*cases[case])
    assert placed.crs == "EPSG:4326"
    assert len(placed) == 28
    assert placement_error(placed, reference()) < EXPECTED_MAX_ERROR_M


@needs_data
def test_file_without_prj_suggests_the_provinces_tm3_zone_first(cases):
    raw = read_boundary_file(*cases["Shapefile, TM-3 106°, no .prj, zone picked"][:2], expected_bbox=yen_son_bbox())
    assert raw.crs is None and raw.suggestions[0].label.startswith(TM3_106)
    with pytest.raises(BoundaryError) as refused:
        to_wgs84(raw)
    assert refused.value.key == "boundary_needs_zone"
    assert refused.value.details["suggestions"] == raw.suggestions
    assert len(str(refused.value)) < 2000  # labels, not 19 CRS reprs (which take seconds)
    assert TM3_106 in refused.value.details["zones"]
    utm = read_boundary_file(*cases["Shapefile, UTM 48N, no .prj, zone picked"][:2], expected_bbox=yen_son_bbox())
    assert utm.suggestions[0].label == "VN-2000 / UTM zone 48N"


@needs_data
def test_geojson_in_metres_is_not_taken_for_degrees(cases):
    """GDAL declares EPSG:4326 for any GeoJSON without "crs"; metres there mean no CRS."""
    raw = read_boundary_file(*cases["GeoJSON, TM-3 106° metres, no crs, zone picked"][:2])
    assert raw.crs is None and raw.frame.crs is None and raw.suggestions


@needs_data
def test_vn2000_prj_without_datum_shift_gets_the_official_one(cases, tmp_path):
    """PROJ finds a shift for the datum names it knows, but a hand-written "VN_2000" datum would
    get none (a ~220 m "ballpark"): the pinned official shift is what keeps such files in place."""
    data, name, _ = cases["Shapefile, TM-3 106°, ESRI .prj without TOWGS84"]
    raw = read_boundary_file(data, name)
    assert notes(raw)["boundary_datum_added"] == {"crs": TM3_106}
    assert raw.crs.is_bound and raw.crs == vn2000.vn2000_tm3(106.0)
    odd = ESRI_TM3_106.replace("D_Vietnam_2000", "VN_2000")
    parts = shapefile_parts(reference().to_crs(vn2000.vn2000_tm3(106.0)), tmp_path) | {".prj": odd.encode()}
    raw = read_boundary_file(zipped(parts), "odd.zip")
    assert "boundary_datum_added" in notes(raw)
    assert placement_error(to_wgs84(raw), reference()) < 0.01
    ballpark = raw.frame.set_crs(odd, allow_override=True).to_crs("EPSG:4326")
    assert placement_error(ballpark, reference()) > 200
    declared = read_boundary_file(*cases["Shapefile, TM-3 106°, .prj pyproj WKT with TOWGS84"][:2])
    assert "boundary_datum_added" not in notes(declared)


@needs_data
def test_explicit_crs_overrides_and_bad_crs_is_a_message(cases):
    data, name, _ = cases["Shapefile, TM-3 106°, no .prj, zone picked"]
    raw = read_boundary_file(data, name)
    assert placement_error(to_wgs84(raw, "EPSG:9211"), reference()) < EXPECTED_MAX_ERROR_M  # pinned like ours
    wrong = to_wgs84(raw, vn2000.vn2000_tm3(105.0))  # a neighbouring meridian: accepted, but ~100 km west
    assert wrong.total_bounds[2] < reference().total_bounds[0]
    local = 'LOCAL_CS["Local",LOCAL_DATUM["x",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]'
    for bad in ("not a crs", "EPSG:4326", local):  # unknown; degrees for metres; no place on Earth
        with pytest.raises(BoundaryError) as caught:
            to_wgs84(raw, bad)
        assert caught.value.key == "boundary_bad_crs"


@pytest.mark.filterwarnings("ignore:'crs' was not provided")
def test_no_crs_in_degrees_is_wgs84_and_local_metres_need_a_crs(tmp_path):
    square = gpd.GeoDataFrame({"name": ["Đội Bình"]}, geometry=[shapely.box(105.2, 21.8, 105.3, 21.9)])
    raw = read_boundary_file(zipped(shapefile_parts(square, tmp_path / "deg")), "deg.zip")
    assert raw.crs is None and "boundary_crs_assumed_wgs84" in notes(raw)
    assert to_wgs84(raw).crs == "EPSG:4326"
    local = gpd.GeoDataFrame({"name": ["Đội Bình"]}, geometry=[shapely.box(0, 0, 900, 900)])
    raw = read_boundary_file(zipped(shapefile_parts(local, tmp_path / "local")), "local.zip")
    assert raw.suggestions == ()
    with pytest.raises(BoundaryError) as caught:
        to_wgs84(raw)
    assert caught.value.key == "boundary_needs_crs"
    engineering = 'LOCAL_CS["Local",LOCAL_DATUM["x",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]'
    parts = shapefile_parts(local, tmp_path / "engineering") | {".prj": engineering.encode()}
    raw = read_boundary_file(zipped(parts), "local.zip")
    assert raw.crs is None and raw.suggestions == ()
