"""The rule that confirms a province-fallback code by geography (geo.boundaries.fallback).

Squares of about 1 km drawn in Cao Bằng stand for 2009 polygons; the codes
are real legacy units (Trùng Khánh, Quảng Hòa), so the units' districts and
the PREDECESSORS table are the real ones. No national file is needed.
"""
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.boundaries.coverage import GAP_WIDTH_M
from geo.boundaries.fallback import PREDECESSORS, confirm, predecessor_codes
from geo.places.names import normalize

TRUNG_KHANH = ["01477", "01453", "01456", "01462", "01465", "01468", "01471"]
QUOC_TOAN = "01474"  # Quảng Hòa
SIDE = 0.01          # degrees: about 1 km at 22.8°N
METRES = 1 / 102_600  # degrees of longitude per metre at 22.8°N (approximately)


def square(column: int, gap_m: float = 0.0) -> shapely.Polygon:
    """The `column`-th square of a row, shifted east by `gap_m` metres."""
    west = 106.5 + column * SIDE + gap_m * METRES
    return shapely.box(west, 22.8, west + SIDE, 22.8 + SIDE)


def polygons(*specs) -> tuple[pd.DataFrame, pd.Series, gpd.GeoSeries]:
    """(code, via, 2009 district, geometry) per polygon -> what confirm() takes."""
    rows = pd.DataFrame({"province_code": "04", "code": [s[0] for s in specs], "via": [s[1] for s in specs]})
    districts = pd.Series([s[2] for s in specs])
    return rows, districts, gpd.GeoSeries([s[3] for s in specs], crs="EPSG:4326")


def test_a_fallback_code_touching_its_district_is_confirmed_directly_or_through_a_chain():
    rows, districts, geometry = polygons(
        (TRUNG_KHANH[0], "district", "Huyện Trùng Khánh", square(0)),
        (TRUNG_KHANH[1], "province", "Huyện Hạ Lang", square(1)),        # touches the anchor
        (TRUNG_KHANH[2], "province", "Huyện Hạ Lang", square(2)),        # touches the one before
        (TRUNG_KHANH[3], "province", "Huyện Hạ Lang", square(8)),        # 5 km away
    )
    assert list(confirm(rows, districts, geometry)) == ["touch", "touch", None]


def test_touch_allows_the_sources_slivers_and_no_more():
    rows, districts, geometry = polygons(
        (TRUNG_KHANH[0], "district", "Huyện Trùng Khánh", square(0)),
        (TRUNG_KHANH[1], "province", "Huyện Hạ Lang", square(1, GAP_WIDTH_M * 0.75)),
        (TRUNG_KHANH[2], "province", "Huyện Hạ Lang", square(-1, -GAP_WIDTH_M * 1.5)),
    )
    assert list(confirm(rows, districts, geometry)) == ["touch", None]


def test_a_chain_runs_only_through_polygons_given_the_same_district():
    """Quốc Toản (Quảng Hòa) beside a Trùng Khánh polygon is not confirmed by it."""
    rows, districts, geometry = polygons(
        (TRUNG_KHANH[0], "district", "Huyện Trùng Khánh", square(0)),
        (QUOC_TOAN, "province", "Huyện Hạ Lang", square(1)),
        (TRUNG_KHANH[1], "province", "Huyện Hạ Lang", square(2)),  # touches Quốc Toản only
    )
    assert list(confirm(rows, districts, geometry)) == [None, None]


def test_a_documented_predecessor_confirms_and_anchors_its_neighbours():
    """Trà Lĩnh fed Trùng Khánh and Quảng Hòa; Quảng Uyên fed Quảng Hòa, Hạ Lang fed neither."""
    rows, districts, geometry = polygons(
        (TRUNG_KHANH[1], "province", "Huyện Trà Lĩnh", square(0)),
        (QUOC_TOAN, "province", "Huyện Trà Lĩnh", square(20)),
        (TRUNG_KHANH[2], "province", "Huyện Hạ Lang", square(1)),       # touches a confirmed one
        (TRUNG_KHANH[3], "province", "Huyện Quảng Uyên", square(40)),   # a predecessor, of another district
    )
    assert list(confirm(rows, districts, geometry)) == ["predecessor", "predecessor", "touch", None]


def test_names_are_compared_without_marks_and_types_are_kept():
    """The 2009 file writes "Hoà" where the table writes "Hòa"; "Thị xã Hồng Ngự" is not "Huyện Hồng Ngự"."""
    rows, districts, geometry = polygons((QUOC_TOAN, "province", "Huyện Phục Hoà", square(0)))
    assert list(confirm(rows, districts, geometry)) == ["predecessor"]
    codes = predecessor_codes()
    assert ("87", "thi xa hong ngu") in codes and ("87", "huyen hong ngu") not in codes


def test_only_fallback_codes_are_judged():
    rows, districts, geometry = polygons(
        (TRUNG_KHANH[0], "district", "Huyện Trùng Khánh", square(0)),
        (None, None, "Huyện Trà Lĩnh", square(5)),
    )
    assert confirm(rows, districts, geometry).empty


@pytest.mark.parametrize("key", sorted(PREDECESSORS))
def test_every_successor_in_the_table_is_a_legacy_district_of_its_province(key):
    """A misspelt successor would silently confirm nothing; the 2009 names are checked in test_national."""
    province, district = key
    assert len(predecessor_codes()[province, normalize(district, keep_prefix=True)]) == len(PREDECESSORS[key])
