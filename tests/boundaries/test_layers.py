"""Loading and checking commune boundaries (geo.boundaries.layers).

The reference boundaries are licensed separately and live outside the repo
(../shared/data/yen-son); they are read at test time, never copied. Broken
files are made here, in tmp_path, with geopandas and shapely.
"""
import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.boundaries.layers import WGS84, BoundaryError, commune_at, display_geometry, label_points, \
    load_communes, load_context
from tests.paths import ROOT

SHARED = ROOT.parent / "shared" / "data" / "yen-son"
COMMUNES = SHARED / "communes-2020.geojson"
UNFIXED = SHARED / "communes-2020-unfixed.geojson"
DISTRICTS = SHARED / "tuyen-quang-districts-2019.geojson"

YEN_SON_CODES = {
    "02431", "02434", "02437", "02440", "02443", "02446", "02449", "02452", "02455", "02458",
    "02461", "02464", "02467", "02470", "02473", "02476", "02479", "02482", "02485", "02488",
    "02491", "02494", "02500", "02506", "02518", "02527", "02530", "02533",
}

needs_reference = pytest.mark.skipif(not COMMUNES.is_file() or not DISTRICTS.is_file(),
                                     reason=f"reference boundaries not found in {SHARED}")

# Two small squares inside Yên Sơn (about 1 km across), in degrees.
LON, LAT = 105.25, 21.85


def square(dx: float = 0.0, size: float = 0.01) -> shapely.Polygon:
    return shapely.box(LON + dx, LAT, LON + dx + size, LAT + size)


def write(tmp_path: Path, name: str, data: dict, geometry, crs=WGS84) -> Path:
    """Write a small vector file (the driver follows the extension)."""
    path = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pyogrio warns when writing without a CRS
        gpd.GeoDataFrame(data, geometry=list(geometry), crs=crs).to_file(path)
    return path


def good(**overrides) -> dict:
    data = {"gso_code": ["02533", "02434"], "name": ["Đội Bình", "Lực Hành"], "pop_census2009": [6303, 2827]}
    data.update(overrides)
    return data


# --- the reference file ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def communes():
    if not COMMUNES.is_file():
        pytest.skip(f"reference boundaries not found in {SHARED}")
    return load_communes(COMMUNES)


@needs_reference
def test_reference_file_has_the_28_units(communes):
    assert len(communes) == 28
    assert set(communes["code"]) == YEN_SON_CODES


@needs_reference
def test_reference_codes_are_unique_five_digit_strings(communes):
    codes = communes["code"]
    assert codes.is_unique
    assert codes.str.fullmatch(r"\d{5}").all()
    assert list(codes) == sorted(codes)


@needs_reference
def test_reference_file_is_wgs84_polygons_around_yen_son(communes):
    assert communes.crs == WGS84
    assert communes.geometry.is_valid.all()
    assert communes.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    minx, miny, maxx, maxy = communes.total_bounds
    assert 104.9 < minx < maxx < 105.7 and 21.5 < miny < maxy < 22.2
    assert communes.attrs["repaired"] == 0


@needs_reference
def test_reference_populations_positive(communes):
    assert communes["population"].notna().all()
    assert (communes["population"] > 0).all()
    assert communes.set_index("code").loc["02533", "population"] == 6303


@needs_reference
def test_reference_columns_and_names(communes):
    assert list(communes.columns) == ["code", "name", "type", "population", "geometry"]
    row = communes.set_index("code").loc["02473"]
    assert (row["name"], row["type"]) == ("Yên Sơn", "Thị trấn")


@pytest.mark.skipif(not UNFIXED.is_file(), reason="unfixed reference file not found")
def test_unfixed_reference_file_also_loads():
    unfixed = load_communes(UNFIXED)
    assert len(unfixed) == 28
    assert set(unfixed["code"]) == YEN_SON_CODES
    assert unfixed.crs == WGS84
    assert unfixed.geometry.is_valid.all()


# --- broken files become BoundaryError with the right key --------------------------------------

def missing_file(tmp_path):
    return tmp_path / "does-not-exist.geojson"


def csv_renamed(tmp_path):
    path = tmp_path / "records.geojson"
    path.write_text("id,name\n1,Đội Bình\n", encoding="utf-8")
    return path


def binary_renamed(tmp_path):
    path = tmp_path / "picture.geojson"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return path


def empty_file(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_bytes(b"")
    return path


def no_code_column(tmp_path):
    data = good()
    data["ma_xa"] = data.pop("gso_code")
    return write(tmp_path, "no-code.geojson", data, [square(), square(0.02)])


def no_name_column(tmp_path):
    data = good()
    del data["name"]
    return write(tmp_path, "no-name.geojson", data, [square(), square(0.02)])


def duplicate_codes(tmp_path):
    return write(tmp_path, "dup.geojson", good(gso_code=["02533", "02533"]), [square(), square(0.02)])


def duplicate_after_zero_padding(tmp_path):
    return write(tmp_path, "dup-pad.geojson", good(gso_code=["2533", "02533"]), [square(), square(0.02)])


def letters_code(tmp_path):
    return write(tmp_path, "bad.geojson", good(gso_code=["ABCDE", "02434"]), [square(), square(0.02)])


def six_digit_code(tmp_path):
    return write(tmp_path, "bad6.geojson", good(gso_code=["025330", "02434"]), [square(), square(0.02)])


def projected_geojson_without_crs(tmp_path):
    # UTM-like metres written with no "crs" member: GDAL reads it as EPSG:4326.
    boxes = [shapely.box(520000, 2415000, 521000, 2416000), shapely.box(522000, 2415000, 523000, 2416000)]
    return write(tmp_path, "metres.geojson", good(), boxes, crs=None)


def projected_gpkg_without_crs(tmp_path):
    boxes = [shapely.box(520000, 2415000, 521000, 2416000), shapely.box(522000, 2415000, 523000, 2416000)]
    return write(tmp_path, "metres.gpkg", good(), boxes, crs=None)


def points(tmp_path):
    return write(tmp_path, "points.geojson", good(), [shapely.Point(LON, LAT), shapely.Point(LON + 0.02, LAT)])


def lines(tmp_path):
    return write(tmp_path, "lines.geojson", good(),
                 [shapely.LineString([(LON, LAT), (LON + 0.01, LAT)]), square(0.02)])


def null_geometry(tmp_path):
    return write(tmp_path, "null.geojson", good(), [None, square(0.02)])


@pytest.mark.parametrize("make, key", [
    (missing_file, "boundary_missing"),
    (csv_renamed, "boundary_unreadable"),
    (binary_renamed, "boundary_unreadable"),
    (empty_file, "boundary_unreadable"),
    (no_code_column, "boundary_no_column"),
    (no_name_column, "boundary_no_column"),
    (duplicate_codes, "boundary_duplicate_codes"),
    (duplicate_after_zero_padding, "boundary_duplicate_codes"),
    (letters_code, "boundary_bad_codes"),
    (six_digit_code, "boundary_bad_codes"),
    (projected_geojson_without_crs, "boundary_no_crs"),
    (projected_gpkg_without_crs, "boundary_no_crs"),
    (points, "boundary_not_polygons"),
    (lines, "boundary_not_polygons"),
    (null_geometry, "boundary_empty_geometry"),
], ids=lambda x: getattr(x, "__name__", x))
def test_broken_file_raises_boundary_error_with_key(tmp_path, make, key):
    path = make(tmp_path)
    with pytest.raises(BoundaryError) as info:
        load_communes(path)
    assert info.value.key == key
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("make, detail, expected", [
    (no_code_column, "column", "gso_code"),
    (no_name_column, "column", "name"),
    (duplicate_codes, "codes", ["02533"]),
    (duplicate_after_zero_padding, "codes", ["02533"]),
    (letters_code, "codes", ["ABCDE"]),
], ids=lambda x: getattr(x, "__name__", str(x)))
def test_boundary_error_details_name_the_problem(tmp_path, make, detail, expected):
    with pytest.raises(BoundaryError) as info:
        load_communes(make(tmp_path))
    assert info.value.details[detail] == expected


def test_numeric_codes_are_zero_padded(tmp_path):
    path = write(tmp_path, "ints.geojson", good(gso_code=[2533, 2434]), [square(), square(0.02)])
    assert list(load_communes(path)["code"]) == ["02434", "02533"]


def test_custom_column_names(tmp_path):
    data = {"ma": ["02533"], "ten": ["Đội Bình"], "dan_so": [6303]}
    path = write(tmp_path, "custom.geojson", data, [square()])
    gdf = load_communes(path, code_column="ma", name_column="ten", population_column="dan_so")
    assert gdf.loc[0, ["code", "name", "population"]].tolist() == ["02533", "Đội Bình", 6303]


def test_missing_population_column_gives_nan(tmp_path):
    data = good()
    del data["pop_census2009"]
    gdf = load_communes(write(tmp_path, "nopop.geojson", data, [square(), square(0.02)]))
    assert gdf["population"].isna().all()


# --- reprojection and repair -------------------------------------------------------------------

@needs_reference
@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_utm_file_is_reprojected_to_wgs84_within_a_metre(tmp_path, communes, suffix):
    utm = communes.to_crs("EPSG:32648")
    path = tmp_path / f"utm48n{suffix}"
    utm.rename(columns={"code": "gso_code", "population": "pop_census2009"}).to_file(path)
    loaded = load_communes(path)
    assert loaded.crs == WGS84
    assert list(loaded["code"]) == list(communes["code"])
    # degrees now, not metres
    minx, miny, maxx, maxy = loaded.total_bounds
    assert 104.9 < minx < maxx < 105.7 and 21.5 < miny < maxy < 22.2
    moved = loaded.to_crs("EPSG:32648").centroid.distance(utm.centroid)  # same order: by code
    assert moved.max() < 1.0


def test_small_utm_file_lands_where_it_should(tmp_path):
    original = gpd.GeoSeries([square(), square(0.02)], crs=WGS84)
    utm = original.to_crs("EPSG:32648")
    assert utm.total_bounds[0] > 1000  # really metres on disk
    path = write(tmp_path, "utm.gpkg", good(), utm, crs="EPSG:32648")
    loaded = load_communes(path).set_index("code")
    expected = gpd.GeoSeries(original.values, index=["02533", "02434"], crs=WGS84)
    distance = loaded.geometry.to_crs("EPSG:32648").centroid.distance(expected.to_crs("EPSG:32648").centroid,
                                                                       align=True)
    assert distance.max() < 1.0


def test_bow_tie_is_repaired_and_counted(tmp_path):
    d = 0.01
    bow_tie = shapely.Polygon([(LON, LAT), (LON + d, LAT + d), (LON + d, LAT), (LON, LAT + d), (LON, LAT)])
    assert not bow_tie.is_valid
    path = write(tmp_path, "bowtie.geojson", good(), [bow_tie, square(0.02)])
    gdf = load_communes(path)
    assert gdf.attrs["repaired"] == 1
    assert gdf.geometry.is_valid.all()
    repaired = gdf.set_index("code").geometry["02533"]
    assert repaired.geom_type in ("Polygon", "MultiPolygon")
    # both triangles survive: half of the square's area
    assert repaired.area == pytest.approx(d * d / 2, rel=1e-6)


def test_valid_file_reports_no_repairs(tmp_path):
    gdf = load_communes(write(tmp_path, "ok.geojson", good(), [square(), square(0.02)]))
    assert gdf.attrs["repaired"] == 0


def test_display_geometry_stays_within_a_metre(tmp_path):
    wobbly = shapely.Polygon([(LON + 0.0000031, LAT), (LON + 0.01, LAT + 0.0000049),
                              (LON + 0.01, LAT + 0.01), (LON, LAT + 0.01)])
    gdf = load_communes(write(tmp_path, "w.geojson", good(), [wobbly, square(0.02)]))
    shown = display_geometry(gdf)
    coords = shapely.get_coordinates(shown.values)
    assert coords == pytest.approx((coords / 1e-5).round() * 1e-5, abs=1e-12)
    moved = shown.to_crs("EPSG:32648").hausdorff_distance(gdf.geometry.to_crs("EPSG:32648"))
    assert 0 < moved.max() < 1.0


# --- clicks and context ------------------------------------------------------------------------

@needs_reference
@pytest.mark.parametrize("code", sorted(YEN_SON_CODES))
def test_commune_at_its_own_label_point(communes, code):
    point = label_points(communes)[communes["code"] == code].iloc[0]
    assert commune_at(communes, point.y, point.x) == code


@needs_reference
@pytest.mark.parametrize("lat, lon", [
    (20.0, 107.5),     # Gulf of Tonkin
    (21.03, 105.85),   # Hà Nội
    (22.35, 105.25),   # north of Yên Sơn (Chiêm Hóa/Hàm Yên)
    (-21.85, 105.3),   # latitude sign flipped
    (105.3, 21.85),    # lat and lon swapped
])
def test_commune_at_outside_returns_none(communes, lat, lon):
    assert commune_at(communes, lat, lon) is None


@pytest.fixture(scope="module")
def context(communes):
    if not DISTRICTS.is_file():
        pytest.skip(f"reference district file not found in {SHARED}")
    return load_context(DISTRICTS, communes)


def district_label(context, name):
    rows = context[(context["level"] == "district") & (context["name"] == name)]
    assert len(rows) == 1, name
    return rows["label"].iloc[0]


@needs_reference
@pytest.mark.parametrize("name, label", [
    ("Yên Sơn", ""),                     # the mapped district itself: no label over the communes
    ("Sơn Dương", "Sơn Dương"),
    ("Hàm Yên", "Hàm Yên"),
    ("Chiêm Hóa", "Chiêm Hóa"),
    ("Tuyên Quang", "TP. Tuyên Quang"),  # Thành phố Tuyên Quang
])
def test_context_labels(context, name, label):
    assert district_label(context, name) == label


@needs_reference
def test_context_is_wgs84_with_the_expected_columns(context):
    assert context.crs == WGS84
    assert list(context.columns) == ["name", "label", "level", "geometry"]
    assert not context["label"].str.startswith(("Huyện ", "Thành phố ")).any()


def test_context_without_full_name_uses_name(tmp_path):
    mapped = load_communes(write(tmp_path, "c.geojson", good(), [square(), square(0.02)]))
    neighbour = shapely.box(LON + 0.05, LAT, LON + 0.1, LAT + 0.05)
    path = write(tmp_path, "ctx.geojson", {"name": ["Yên Sơn", "Thành phố Tuyên Quang"]},
                 [mapped.union_all(), neighbour])
    ctx = load_context(path, mapped)
    assert list(ctx["level"]) == ["district", "district"]
    assert list(ctx["label"]) == ["", "TP. Tuyên Quang"]


def test_numeric_codes_from_spreadsheets_are_zero_padded(tmp_path):
    square = shapely.box(105.0, 21.0, 105.1, 21.1)
    path = tmp_path / "float_codes.geojson"
    gpd.GeoDataFrame({"gso_code": [2533.0], "name": ["Đội Bình"]}, geometry=[square],
                     crs="EPSG:4326").to_file(path)
    assert list(load_communes(path)["code"]) == ["02533"]


def test_a_collection_of_points_is_not_a_boundary(tmp_path):
    collection = shapely.GeometryCollection([shapely.Point(105, 21), shapely.Point(105.1, 21.1)])
    path = tmp_path / "points.gpkg"
    gpd.GeoDataFrame({"gso_code": ["02533"], "name": ["x"]}, geometry=[collection],
                     crs="EPSG:4326").to_file(path)
    with pytest.raises(BoundaryError) as err:
        load_communes(path)
    assert err.value.key in ("boundary_not_polygons", "boundary_unreadable")
