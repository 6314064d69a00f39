"""Unpacking uploaded archives (geo.boundaries.archive, through geo.boundaries.file): the one
shapefile of a zip is found at any depth; zip-slip, bombs, encrypted members and archives with
no or several shapefiles are refused with a message key before anything is written."""
from __future__ import annotations

import pytest

from geo.boundaries.file import FORMATS, read_boundary_file
from tests.boundaries.builders import errors, needs_data, reference, shapefile_parts, zip_bytes, zipped


@needs_data
def test_shapefile_nested_in_folders_with_mac_junk(tmp_path):
    parts = shapefile_parts(reference(), tmp_path)
    data = zipped(parts, folder="Yen Son/2020/", extra={"__MACOSX/Yen Son/2020/._xa.shp": b"\0\5\26\7junk",
                                                        "Yen Son/doc-truoc.txt": b"readme"})
    raw = read_boundary_file(data, "Yên Sơn.zip")
    assert len(raw.frame) == 28 and raw.crs.to_epsg() == 4326 and raw.format in FORMATS


@pytest.mark.parametrize("data, filename, key", [
    (zip_bytes({"ranh-gioi/xa.dbf": b"x", "doc.txt": b"y"}), "xa.zip", "boundary_zip_no_shp"),
    (zip_bytes({"a.shp": b"", "a.shx": b"", "a.dbf": b"", "b/b.shp": b""}), "xa.zip", "boundary_zip_many_shp"),
    (zip_bytes({"xa.shp": b"x", "xa.prj": b"y"}), "xa.zip", "boundary_zip_incomplete"),
    (zip_bytes({"../../xa.shp": b"x", "xa.shx": b"", "xa.dbf": b""}), "xa.zip", "boundary_zip_unsafe"),
    (zip_bytes({"/etc/xa.shp": b"x"}), "xa.zip", "boundary_zip_unsafe"),
    (zip_bytes({"C:\\xa.shp": b"x"}), "xa.zip", "boundary_zip_unsafe"),
    (zip_bytes({"xa.kml": b"<kml/>"}), "xa.kmz", "boundary_unreadable"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 40 else "")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # GDAL's own complaints about the junk
def test_hostile_and_broken_archives_raise_a_message_key(data, filename, key):
    assert errors(data, filename) == key


def test_zip_bombs():
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
