"""Reading uploaded boundary files (geo.boundaries.file): formats, CRSs, encodings, hostile input.

Fixtures are derived at test time, in tmp_path, from the separately licensed
Yên Sơn communes (../shared/data/yen-son); nothing from there is copied into
the repository. Placement is measured vertex by vertex against that file, in
metres on the WGS 84 ellipsoid; tests/benchmarks/bench_boundaryfile.py prints
the same figures per case.
"""
from __future__ import annotations

import io
import os
import unicodedata
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pyproj
import pytest
import shapely

from geo.boundaries import vn2000
from geo.boundaries.layers import BoundaryError
from geo.boundaries.file import FORMATS, RawLayer, read_boundary_file, to_wgs84
from geo.places import legacyfonts
from tests import paths
from tests.paths import ROOT

SHARED = paths.SHARED / "yen-son"
COMMUNES = SHARED / "communes-2020.geojson"
needs_data = pytest.mark.skipif(not COMMUNES.is_file(), reason=f"reference boundaries not found in {SHARED}")

TM3_106 = "VN-2000 / TM-3 106°00'"
# What ArcGIS and GDAL write as .prj for VN-2000 zones: ESRI WKT, no TOWGS84.
ESRI_TM3_106 = vn2000.vn2000_tm3(106.0).source_crs.to_wkt("WKT1_ESRI")
ESRI_UTM48 = vn2000.vn2000_utm(48).source_crs.to_wkt("WKT1_ESRI")
# A hand-made .prj as found on Vietnamese GIS forums: ESRI names, a TOWGS84
# clause with the official numbers pasted in unchanged (rotation signs wrong, ~1 m).
FORUM_UTM48 = ESRI_UTM48.replace(
    'SPHEROID["WGS_1984",6378137.0,298.257223563]',
    'SPHEROID["WGS_1984",6378137.0,298.257223563],'
    'TOWGS84[' + ",".join(str(v) for v in vn2000.OFFICIAL_HELMERT_CF) + "]")
EXPECTED_MAX_ERROR_M = 10.0


# ---------------------------------------------------------------- helpers
def reference() -> gpd.GeoDataFrame:
    """The Yên Sơn communes (WGS 84) with the columns a boundary file carries."""
    return gpd.read_file(COMMUNES)[["name", "full_name", "gso_code", "geometry"]]


def yen_son_bbox() -> tuple[float, ...]:
    return tuple(reference().total_bounds)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def shapefile_parts(frame: gpd.GeoDataFrame, folder: Path, encode=None) -> dict[str, bytes]:
    """A shapefile's files as {".shp": bytes, ...}; text cells as the bytes `encode(text)` gives, no .cpg then.

    Latin-1 strings map 1:1 to bytes, so writing them with encoding="latin1"
    puts exactly the wanted bytes in the .dbf (checked here).
    """
    folder.mkdir(parents=True, exist_ok=True)
    out = frame.copy()
    if encode is not None:
        for column in ("name", "full_name"):
            out[column] = [encode(v).decode("latin-1") for v in frame[column]]
    pyogrio.write_dataframe(out, folder / "layer.shp", encoding="latin1" if encode else None)
    if encode is not None:
        os.remove(folder / "layer.cpg")
        dbf = (folder / "layer.dbf").read_bytes()
        assert all(encode(v) in dbf for v in frame["name"])
    return {p.suffix: p.read_bytes() for p in folder.glob("layer.*")}


def zipped(parts: dict[str, bytes], folder: str = "ranh-gioi/", drop: tuple = (), extra: dict | None = None) -> bytes:
    return zip_bytes({f"{folder}xa{ext}": data for ext, data in parts.items() if ext not in drop} | (extra or {}))


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes: letters it has precomposed, else base letter (â, ơ, …) plus a combining tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in legacyfonts.TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in legacyfonts.TONES))
            out += (base + tones).encode("cp1258")
    return out


_TCVN3_BYTE = {u: ord(k) for k, u in legacyfonts.TCVN3.items()}


def tcvn3(text: str) -> bytes:
    """TCVN3 (ABC) bytes, legacyfonts' table inverted."""
    return bytes(_TCVN3_BYTE.get(c, ord(c)) for c in unicodedata.normalize("NFC", text))


def placement_error(placed: gpd.GeoDataFrame, ref: gpd.GeoDataFrame) -> float:
    """Largest distance in metres (pyproj.Geod, WGS 84) from a reference vertex to the same vertex as read back.

    Rings may come back reversed or re-started (shapefiles store outer rings
    clockwise), so each vertex is paired with the nearest vertex of the same
    commune: with ~1 km between vertices that is the same vertex for any
    error short of hundreds of metres.
    """
    geod = pyproj.Geod(ellps="WGS84")
    worst = 0.0
    placed = placed.set_index(placed["gso_code"].astype(str))
    for code, geometry in zip(ref["gso_code"], ref.geometry):
        a = shapely.get_coordinates(geometry)
        b = shapely.get_coordinates(placed.geometry[code])
        scale = np.cos(np.radians(a[:, 1].mean()))
        d2 = ((a[:, None, 0] - b[None, :, 0]) * scale) ** 2 + (a[:, None, 1] - b[None, :, 1]) ** 2
        nearest = b[d2.argmin(axis=1)]
        worst = max(worst, float(np.max(geod.inv(a[:, 0], a[:, 1], nearest[:, 0], nearest[:, 1])[2])))
    return worst


def placement_cases(ref: gpd.GeoDataFrame, folder: Path) -> dict[str, tuple[bytes, str, str | None]]:
    """Case -> (file bytes, file name, "suggested" if the user must pick the first zone suggestion, else None)."""
    tm3, utm = ref.to_crs(vn2000.vn2000_tm3(106.0)), ref.to_crs(vn2000.vn2000_utm(48))
    shp_tm3, shp_utm = shapefile_parts(tm3, folder / "tm3"), shapefile_parts(utm, folder / "utm")
    wkt = {".prj": vn2000.vn2000_tm3(106.0).to_wkt("WKT1_GDAL").encode()}
    cases = {}
    for label, frame in (("TM-3 106°", tm3), ("UTM 48N", utm)):
        path = folder / f"{label[:3]}.gpkg"
        pyogrio.write_dataframe(frame, path)
        cases[f"GeoPackage, {label}, CRS declared"] = (path.read_bytes(), path.name, None)
    cases["Shapefile, TM-3 106°, .prj pyproj WKT with TOWGS84"] = (zipped(shp_tm3 | wkt), "tm3-wkt.zip", None)
    cases["Shapefile, TM-3 106°, ESRI .prj without TOWGS84"] = (
        zipped(shp_tm3 | {".prj": ESRI_TM3_106.encode()}), "tm3-esri.zip", None)
    cases["Shapefile, UTM 48N, ESRI .prj without TOWGS84"] = (
        zipped(shp_utm | {".prj": ESRI_UTM48.encode()}), "utm-esri.zip", None)
    cases["Shapefile, UTM 48N, forum .prj (TOWGS84 signs as published)"] = (
        zipped(shp_utm | {".prj": FORUM_UTM48.encode()}), "utm-forum.zip", None)
    cases["Shapefile, TM-3 106°, no .prj, zone picked"] = (
        zipped(shp_tm3, drop=(".prj",)), "tm3-noprj.zip", "suggested")
    cases["Shapefile, UTM 48N, no .prj, zone picked"] = (zipped(shp_utm, drop=(".prj",)), "utm-noprj.zip", "suggested")
    metres = folder / "metres.geojson"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "crs was not provided": that is the point
        pyogrio.write_dataframe(tm3.set_crs(None, allow_override=True), metres)
    cases["GeoJSON, TM-3 106° metres, no crs, zone picked"] = (metres.read_bytes(), metres.name, "suggested")
    kml = folder / "xa.kml"
    pyogrio.write_dataframe(ref, kml, driver="KML")
    cases["KML (WGS 84)"] = (kml.read_bytes(), kml.name, None)
    cases["GeoJSON (WGS 84)"] = (COMMUNES.read_bytes(), COMMUNES.name, None)
    return cases


def place(data: bytes, filename: str, pick: str | None) -> gpd.GeoDataFrame:
    """What the app does: read, and for a file without CRS take the zone the user confirms (the first suggestion)."""
    raw = read_boundary_file(data, filename, expected_bbox=yen_son_bbox())
    if pick is None:
        return to_wgs84(raw)
    with pytest.raises(BoundaryError) as refused:
        to_wgs84(raw)
    assert refused.value.key == "boundary_needs_zone"
    return to_wgs84(raw, raw.suggestions[0].crs)


def notes(raw: RawLayer) -> dict[str, dict]:
    return dict(raw.notes)


def errors(data: bytes, filename: str, **kwargs) -> str:
    with pytest.raises(BoundaryError) as caught:
        read_boundary_file(data, filename, **kwargs)
    return caught.value.key


# ---------------------------------------------------------------- placement
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


# ---------------------------------------------------------------- text encodings
NAMES = ["Đội Bình", "Lực Hành", "Thị trấn Yên Sơn", "Nhữ Khê", "Tứ Quận", "Mỹ Bằng"]


def names_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": NAMES, "full_name": [f"Xã {n}" for n in NAMES],
                             "gso_code": [f"0{2431 + 3 * i}" for i in range(len(NAMES))]},
                            geometry=[shapely.box(105.2 + i / 100, 21.8, 105.21 + i / 100, 21.81)
                                      for i in range(len(NAMES))], crs="EPSG:4326")


@pytest.mark.parametrize("encode, cpg, encoding, note", [
    (None, "UTF-8", "UTF-8", None),
    (lambda t: t.encode("utf-8"), None, "UTF-8", "boundary_encoding_detected"),
    (cp1258, None, "cp1258", "boundary_encoding_detected"),
    (cp1258, "1258", "cp1258", None),
    (tcvn3, None, "TCVN3 (ABC)", "boundary_encoding_detected"),
    (cp1258, "UTF-8", "cp1258", "boundary_encoding_cpg_wrong"),
], ids=["utf8-cpg", "utf8-no-cpg", "cp1258-no-cpg", "cp1258-cpg", "tcvn3-no-cpg", "cpg-lies"])
def test_shapefile_names_come_back_in_unicode(tmp_path, encode, cpg, encoding, note):
    parts = shapefile_parts(names_frame(), tmp_path, encode)
    if encode is not None and cpg:
        parts[".cpg"] = cpg.encode()
    assert (".cpg" in parts) == bool(cpg)
    raw = read_boundary_file(zipped(parts), "xa.zip")
    assert raw.format == "ESRI Shapefile (zipped)" and raw.encoding == encoding
    assert raw.frame["name"].tolist() == NAMES
    assert raw.frame["full_name"].tolist() == [f"Xã {n}" for n in NAMES]
    assert all(unicodedata.is_normalized("NFC", n) for n in raw.frame["name"])
    if note is None:
        assert not [k for k, _ in raw.notes if k.startswith("boundary_encoding")]
    else:
        assert note in notes(raw)
    if note == "boundary_encoding_detected":
        assert notes(raw)[note] == {"encoding": encoding, "percent": 100}


def test_vni_names_are_recognised(tmp_path):
    vni = {"Đội Bình": "Ñoäi Bình", "Lực Hành": "Löïc Haønh",  # VNI: base letter + mark character
           "Thị trấn Yên Sơn": "Thò traán Yeân Sôn"}
    frame = names_frame().iloc[:3]
    parts = shapefile_parts(frame, tmp_path, lambda t: vni[t.removeprefix("Xã ")].encode("latin-1"))
    raw = read_boundary_file(zipped(parts), "vni.zip")
    assert raw.encoding == "VNI" and raw.frame["name"].tolist() == NAMES[:3]


def test_undecidable_text_is_kept_as_read_and_flagged(tmp_path):
    frame = names_frame().iloc[:2]
    garbage = {"Đội Bình": b"\xd8\xe6\xfe\xa4 \xb1\xb2\xbf\xd7", "Lực Hành": b"\xf7\xf8\xa5 \xaa\xab\xbb"}
    parts = shapefile_parts(frame, tmp_path, lambda t: garbage[t.removeprefix("Xã ")] if t in garbage else b"Xa")
    raw = read_boundary_file(zipped(parts), "rac.zip")
    assert raw.encoding == "ISO-8859-1"
    assert raw.frame["name"].tolist() == [garbage[n].decode("latin-1") for n in NAMES[:2]]
    uncertain = notes(raw)["boundary_encoding_uncertain"]
    assert uncertain["encoding"] == "ISO-8859-1" and uncertain["percent"] < 85


@pytest.mark.parametrize("misread, encoding", [
    (lambda t: t.encode("utf-8").decode("latin-1"), "UTF-8"),       # GDAL's reading of a UTF-8 .dbf without .cpg
    (lambda t: tcvn3(t).decode("latin-1"), "TCVN3 (ABC)"),          # a .VnTime list typed into a GIS
    (lambda t: cp1258(t).decode("latin-1"), "cp1258"),               # a Windows-1258 .dbf converted by GDAL
], ids=["double-utf8", "tcvn3", "cp1258"])
def test_garbled_text_inside_a_unicode_file_is_repaired(tmp_path, misread, encoding):
    frame = names_frame()
    frame["name"] = frame["name"].map(misread)
    path = tmp_path / "xa.geojson"
    frame.to_file(path)
    raw = read_boundary_file(path.read_bytes(), path.name)
    assert raw.frame["name"].tolist() == NAMES and raw.encoding == encoding
    assert notes(raw)["boundary_encoding_converted"]["declared"] == "UTF-8"


def test_unicode_file_is_nfc_normalised_without_notes(tmp_path):
    frame = names_frame()
    frame["name"] = frame["name"].map(lambda t: unicodedata.normalize("NFD", t))
    path = tmp_path / "nfd.geojson"
    frame.to_file(path)
    raw = read_boundary_file(path.read_bytes(), "nfd.geojson")
    assert raw.frame["name"].tolist() == NAMES and raw.encoding == "UTF-8" and raw.notes == ()


# ---------------------------------------------------------------- layers and geometry
def test_geopackage_with_several_layers_takes_the_most_polygons(tmp_path):
    path = tmp_path / "nhieu-lop.gpkg"
    frame = names_frame()
    pyogrio.write_dataframe(frame.iloc[:2], path, layer="huyen")
    pyogrio.write_dataframe(frame, path, layer="xa")
    pyogrio.write_dataframe(frame.set_geometry(frame.representative_point()), path, layer="diem")
    raw = read_boundary_file(path.read_bytes(), path.name)
    assert raw.format == "GeoPackage" and len(raw.frame) == len(NAMES)
    assert notes(raw)["boundary_layers_ignored"] == {"layer": "xa", "ignored": "huyen, diem"}


def kml(placemarks: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f"{placemarks}</Document></kml>").encode()


POLYGON_Z = ("<Placemark><name>Đội Bình</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
             "105.2,21.8,30 105.3,21.8,30 105.3,21.9,40 105.2,21.8,30</coordinates></LinearRing></outerBoundaryIs>"
             "</Polygon></Placemark>")
POINT = "<Placemark><name>UBND xã</name><Point><coordinates>105.25,21.85,0</coordinates></Point></Placemark>"


def test_kml_drops_z_and_points_with_notes():
    raw = read_boundary_file(kml(POLYGON_Z + POINT), "xa.kml")
    assert raw.format == "KML" and raw.crs.to_epsg() == 4326 and len(raw.frame) == 1
    assert not shapely.has_z(raw.frame.geometry.values).any()
    assert notes(raw)["boundary_z_dropped"] == {"count": 1}
    assert notes(raw)["boundary_non_polygons_dropped"] == {"count": 1}
    kmz = read_boundary_file(zip_bytes({"doc.kml": kml(POLYGON_Z)}), "xa.kmz")
    assert kmz.format == "KML" and len(kmz.frame) == 1


@needs_data
def test_shapefile_nested_in_folders_with_mac_junk(tmp_path):
    parts = shapefile_parts(reference(), tmp_path)
    data = zipped(parts, folder="Yen Son/2020/", extra={"__MACOSX/Yen Son/2020/._xa.shp": b"\0\5\26\7junk",
                                                        "Yen Son/doc-truoc.txt": b"readme"})
    raw = read_boundary_file(data, "Yên Sơn.zip")
    assert len(raw.frame) == 28 and raw.crs.to_epsg() == 4326 and raw.format in FORMATS


# ---------------------------------------------------------------- hostile input
RANDOM = np.random.default_rng(4).bytes(4000)


@pytest.mark.parametrize("data, filename, key", [
    (RANDOM, "xa.zip", "boundary_unreadable"),
    (RANDOM, "xa.gpkg", "boundary_unreadable"),
    (RANDOM, "xa.geojson", "boundary_unreadable"),
    (RANDOM, "xa.kml", "boundary_unreadable"),
    (RANDOM, "xa.docx", "boundary_unsupported_format"),
    (b"SQLite format 3\x00" + RANDOM, "xa.gpkg", "boundary_unreadable"),
    (b'{"type": "FeatureCollection", "features": [', "xa.geojson", "boundary_unreadable"),
    (b"", "xa.geojson", "boundary_empty_file"),
    (RANDOM, "xa.shp", "boundary_shp_not_zipped"),
    (zip_bytes({"ranh-gioi/xa.dbf": b"x", "doc.txt": b"y"}), "xa.zip", "boundary_zip_no_shp"),
    (zip_bytes({"a.shp": b"", "a.shx": b"", "a.dbf": b"", "b/b.shp": b""}), "xa.zip", "boundary_zip_many_shp"),
    (zip_bytes({"xa.shp": b"x", "xa.prj": b"y"}), "xa.zip", "boundary_zip_incomplete"),
    (zip_bytes({"../../xa.shp": b"x", "xa.shx": b"", "xa.dbf": b""}), "xa.zip", "boundary_zip_unsafe"),
    (zip_bytes({"/etc/xa.shp": b"x"}), "xa.zip", "boundary_zip_unsafe"),
    (zip_bytes({"C:\\xa.shp": b"x"}), "xa.zip", "boundary_zip_unsafe"),
    (zip_bytes({"xa.kml": b"<kml/>"}), "xa.kmz", "boundary_unreadable"),
    (kml(POINT), "diem.kml", "boundary_no_polygons"),
    (kml(""), "rong.kml", "boundary_no_features"),
    (b'{"type": "FeatureCollection", "features": []}', "rong.geojson", "boundary_no_features"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # GDAL's own complaints about the junk
def test_hostile_and_broken_files_raise_a_message_key(data, filename, key):
    assert errors(data, filename) == key


@pytest.mark.filterwarnings("ignore")  # GDAL warns about much of what it is fed here
def test_damaged_files_raise_message_keys_never_tracebacks(tmp_path):
    """Byte flips and truncations of valid files of every format (and of a shapefile's parts inside
    its zip): each either reads or raises BoundaryError. Found: zip headers claiming unknown
    versions, undecodable member names, corrupt WKB."""
    rng = np.random.default_rng(2026)
    frame = names_frame()
    parts = shapefile_parts(frame, tmp_path / "shp")
    frame.to_file(tmp_path / "xa.gpkg")
    seeds = [(zipped(parts), "xa.zip"), ((tmp_path / "xa.gpkg").read_bytes(), "xa.gpkg"),
             (frame.to_json().encode(), "xa.geojson"), (kml(POLYGON_Z + POINT), "xa.kml")]

    def damaged(data: bytes) -> bytes:
        out = bytearray(data)
        for _ in range(rng.integers(1, 20)):
            out[rng.integers(0, len(out))] = rng.integers(0, 256)
        return bytes(out[:rng.integers(1, len(out))] if rng.random() < 0.2 else out)

    trials = [(damaged(data), name) for data, name in seeds for _ in range(25)]
    trials += [(zipped(parts | {ext: damaged(parts[ext])}), "xa.zip") for ext in (".shp", ".shx", ".dbf")
               for _ in range(10)]
    for data, name in trials:
        try:
            to_wgs84(read_boundary_file(data, name))
        except BoundaryError:
            pass


def test_size_limits_and_zip_bombs():
    assert errors(b"{" + b" " * 2000 + b"}", "xa.geojson", max_bytes=1000) == "boundary_too_large"
    bomb = zip_bytes({"xa.shp": b"\0" * 5_000_000, "xa.shx": b"", "xa.dbf": b""})
    assert len(bomb) < 20_000
    assert errors(bomb, "xa.zip", max_bytes=100_000) == "boundary_zip_too_large"


def test_encrypted_zip_is_refused():
    data = bytearray(zip_bytes({"xa.shp": b"x", "xa.shx": b"", "xa.dbf": b""}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local and central headers' flag bits
        start = 0
        while (at := data.find(signature, start)) >= 0:
            data[at + offset] |= 0x1
            start = at + 4
    assert errors(bytes(data), "xa.zip") == "boundary_zip_encrypted"


def test_zip_members_never_leave_the_temporary_folder(tmp_path, monkeypatch):
    """Even a member named ../x is refused before anything is written next to the upload."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "work").mkdir()
    data = zip_bytes({"../escaped.shp": b"x", "../escaped.shx": b"", "../escaped.dbf": b""})
    assert errors(data, "xa.zip") == "boundary_zip_unsafe"
    assert not list(tmp_path.rglob("escaped*"))


def test_every_key_has_vietnamese_and_english_text():
    """Keys raised or noted here are in dashboard/words/boundary.py (or already in i18n), same placeholders."""
    import ast
    import string

    from dashboard.words.boundary import MESSAGES
    from dashboard.words.i18n import STRINGS
    source = (ROOT / "geo" / "boundaries" / "file.py").read_text(encoding="utf-8")
    keys = {node.value for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("boundary_")}
    table = STRINGS | MESSAGES
    assert keys - {"boundary_"} <= set(table)
    for key in keys - {"boundary_"}:
        vi, en = table[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (vi, en)]
        assert fields[0] == fields[1], key
