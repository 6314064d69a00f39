"""Reading uploaded boundary files (geo.boundaries.file): formats, layers, geometry, what is refused.

The archive, text and CRS steps have tests of their own (test_archive,
test_encoding, test_crs); the files are built by tests/boundaries/builders.py.
"""
from __future__ import annotations

import ast
import string

import numpy as np
import pyogrio
import pytest
import shapely

from dashboard.words.boundary import MESSAGES
from dashboard.words.i18n import STRINGS
from geo.boundaries.file import read_boundary_file, to_wgs84
from geo.boundaries.layers import BoundaryError
from tests.boundaries.builders import (NAMES, POINT, POLYGON_Z, errors, kml, names_frame, notes, shapefile_parts,
                                       zip_bytes, zipped)
from tests.paths import ROOT

# The modules a file goes through: every key they raise or note needs a message.
READING_MODULES = ("file.py", "archive.py", "encoding.py", "crs.py")
RANDOM = np.random.default_rng(4).bytes(4000)


def test_geopackage_with_several_layers_takes_the_most_polygons(tmp_path):
    path = tmp_path / "nhieu-lop.gpkg"
    frame = names_frame()
    pyogrio.write_dataframe(frame.iloc[:2], path, layer="huyen")
    pyogrio.write_dataframe(frame, path, layer="xa")
    pyogrio.write_dataframe(frame.set_geometry(frame.representative_point()), path, layer="diem")
    raw = read_boundary_file(path.read_bytes(), path.name)
    assert raw.format == "GeoPackage" and len(raw.frame) == len(NAMES)
    assert notes(raw)["boundary_layers_ignored"] == {"layer": "xa", "ignored": "huyen, diem"}


def test_kml_drops_z_and_points_with_notes():
    raw = read_boundary_file(kml(POLYGON_Z + POINT), "xa.kml")
    assert raw.format == "KML" and raw.crs.to_epsg() == 4326 and len(raw.frame) == 1
    assert not shapely.has_z(raw.frame.geometry.values).any()
    assert notes(raw)["boundary_z_dropped"] == {"count": 1}
    assert notes(raw)["boundary_non_polygons_dropped"] == {"count": 1}
    kmz = read_boundary_file(zip_bytes({"doc.kml": kml(POLYGON_Z)}), "xa.kmz")
    assert kmz.format == "KML" and len(kmz.frame) == 1


# ---------------------------------------------------------------- what is refused
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


def test_size_limit():
    assert errors(b"{" + b" " * 2000 + b"}", "xa.geojson", max_bytes=1000) == "boundary_too_large"


def test_every_key_has_vietnamese_and_english_text():
    """Keys raised or noted while reading are in dashboard/words/boundary.py (or already in i18n),
    same placeholders."""
    trees = [ast.parse((ROOT / "geo" / "boundaries" / module).read_text(encoding="utf-8"))
             for module in READING_MODULES]
    keys = {node.value for tree in trees for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("boundary_")}
    table = STRINGS | MESSAGES
    assert keys - {"boundary_"} <= set(table)
    for key in keys - {"boundary_"}:
        vi, en = table[key]
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in (vi, en)]
        assert fields[0] == fields[1], key
