"""Boundary files built at test time, and the reference they are checked against.

Fixtures are derived in tmp_path from the separately licensed Yên Sơn
communes (../shared/data/yen-son); nothing from there is copied into the
repository. Placement is measured vertex by vertex against that file, in
metres on the WGS 84 ellipsoid; tests/benchmarks/bench_boundaryfile.py prints
the same figures per case with these builders.
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
from geo.boundaries.file import RawLayer, read_boundary_file
from geo.boundaries.layers import BoundaryError, load_communes
from geo.places import legacyfonts
from tests.paths import SHARED

YEN_SON = SHARED / "yen-son"
COMMUNES = YEN_SON / "communes-2020.geojson"
needs_data = pytest.mark.skipif(not COMMUNES.is_file(), reason=f"reference boundaries not found in {YEN_SON}")

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



def yen_son_communes() -> gpd.GeoDataFrame:
    """The 28 Yên Sơn communes as the app loads them (code, name, type, population), or skip the test."""
    if not COMMUNES.is_file():
        pytest.skip(f"reference boundaries not found: {COMMUNES}")
    return load_communes(COMMUNES)


def reference() -> gpd.GeoDataFrame:
    """The Yên Sơn communes (WGS 84) with the columns a boundary file carries."""
    return gpd.read_file(COMMUNES)[["name", "full_name", "gso_code", "geometry"]]


def yen_son_bbox() -> tuple[float, ...]:
    return tuple(reference().total_bounds)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """An archive holding exactly `members` (name -> bytes), names as given: hostile ones included."""
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


def zipped(parts: dict[str, bytes], folder: str = "ranh-gioi/", drop: tuple = (),
           extra: dict | None = None) -> bytes:
    """A shapefile zipped as offices send it: in a folder, maybe without some parts, maybe with extra files."""
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


def notes(raw: RawLayer) -> dict[str, dict]:
    """A layer's notes by key."""
    return dict(raw.notes)


def errors(data: bytes, filename: str, **kwargs) -> str:
    """The message key reading these bytes raises (the test fails if none is raised)."""
    with pytest.raises(BoundaryError) as caught:
        read_boundary_file(data, filename, **kwargs)
    return caught.value.key


NAMES = ["Đội Bình", "Lực Hành", "Thị trấn Yên Sơn", "Nhữ Khê", "Tứ Quận", "Mỹ Bằng"]


def names_frame() -> gpd.GeoDataFrame:
    """Six small squares named with every kind of Vietnamese letter (đ, ộ, ự, ữ, ỹ...)."""
    return gpd.GeoDataFrame({"name": NAMES, "full_name": [f"Xã {n}" for n in NAMES],
                             "gso_code": [f"0{2431 + 3 * i}" for i in range(len(NAMES))]},
                            geometry=[shapely.box(105.2 + i / 100, 21.8, 105.21 + i / 100, 21.81)
                                      for i in range(len(NAMES))], crs="EPSG:4326")


def kml(placemarks: str) -> bytes:
    """A KML document holding these placemarks."""
    return ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f"{placemarks}</Document></kml>").encode()


POLYGON_Z = ("<Placemark><name>Đội Bình</name><Polygon><outerBoundaryIs><LinearRing><coordinates>"
             "105.2,21.8,30 105.3,21.8,30 105.3,21.9,40 105.2,21.8,30</coordinates></LinearRing></outerBoundaryIs>"
             "</Polygon></Placemark>")
POINT = "<Placemark><name>UBND xã</name><Point><coordinates>105.25,21.85,0</coordinates></Point></Placemark>"
