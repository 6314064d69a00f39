"""The text of boundary files (geo.boundaries.encoding, through geo.boundaries.file): names come
back in NFC Unicode whatever encoding a .dbf or a garbled GeoJSON holds, and an undecidable
one is kept as read and flagged, never guessed."""
from __future__ import annotations

import unicodedata

import pytest

from geo.boundaries.file import read_boundary_file
from tests.boundaries.builders import NAMES, cp1258, names_frame, notes, shapefile_parts, tcvn3, zipped


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
