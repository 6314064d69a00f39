"""Unpacking an uploaded archive (zipped Shapefile, KMZ) without trusting it.

Bytes from a browser are hostile until proven otherwise, and a zip is where
that shows: a member named `../../x` or `C:\\x` would be written outside the
work folder (zip-slip), a few kB can claim gigabytes (a zip bomb), an
encrypted member cannot be read at all, and a district's archive often holds
several shapefiles or macOS `__MACOSX/._x.shp` copies. So every member name
and size is vetted before anything is read, members are written only under
names of our own, and each refusal is a `BoundaryError` with a message key.
"""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from geo.boundaries.layers import BoundaryError

# What an archive may unpack to, as a multiple of the upload limit: shapefiles
# compress 3-5x; more than this is a zip bomb, not a district's communes.
UNZIPPED_FACTOR = 4
_SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def megabytes(size: int) -> str:
    """A size as the limit messages show it: MB of 2**20 bytes, one decimal, as the spreadsheet
    import and the configured limit count them (20 MB reads "20.0", not "21.0")."""
    return f"{size / 2**20:.1f}"


def unzip_shapefile(data: bytes, filename: str, folder: Path, max_bytes: int) -> tuple[Path, str | None]:
    """The one .shp of the archive (any folder depth) with its sidecars, written as folder/upload.shp/.dbf/...

    Returns the .shp path and the text of its .cpg (None when there is none):
    the .dbf's code page, if the file declares it.
    """
    archive, members = _open_zip(data, filename, max_bytes)
    members = [m for m in members if not _junk(m.filename)]
    shps = [m for m in members if m.filename.lower().endswith(".shp")]
    if not shps:
        raise BoundaryError("boundary_zip_no_shp", filename=filename, found=_found(members) or "—")
    if len(shps) > 1:
        raise BoundaryError("boundary_zip_many_shp", filename=filename, found=_found(shps))
    stem = shps[0].filename[:-4].lower()
    parts = {m.filename[len(stem):].lower(): m for m in members
             if m.filename.lower().startswith(stem) and m.filename[len(stem):].lower() in _SIDECARS}
    missing = [ext for ext in (".shx", ".dbf") if ext not in parts]
    if missing:
        raise BoundaryError("boundary_zip_incomplete", filename=filename, missing=", ".join(missing))
    for ext, member in parts.items():
        _extract(archive, member, folder / f"upload{ext}", max_bytes * UNZIPPED_FACTOR, filename)
    cpg = folder / "upload.cpg"
    cpg_text = cpg.read_bytes()[:100].decode("ascii", "replace").strip() if cpg.exists() else None
    return folder / "upload.shp", cpg_text


def unzip_kml(data: bytes, filename: str, folder: Path, max_bytes: int) -> Path:
    """A .kmz's main .kml (doc.kml, or else the first .kml in it), written as folder/upload.kml."""
    archive, members = _open_zip(data, filename, max_bytes)
    kmls = sorted((m for m in members if m.filename.lower().endswith(".kml") and not _junk(m.filename)),
                  key=lambda m: (m.filename.lower() != "doc.kml", m.filename))
    if not kmls:
        raise BoundaryError("boundary_unreadable", path=filename, reason="no .kml inside the .kmz")
    _extract(archive, kmls[0], folder / "upload.kml", max_bytes * UNZIPPED_FACTOR, filename)
    return folder / "upload.kml"


def _open_zip(data: bytes, filename: str, max_bytes: int) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Open an archive and vet every member name and size before reading any of them."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)) from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    for member in members:
        if _unsafe_name(member.filename):
            raise BoundaryError("boundary_zip_unsafe", filename=filename, member=member.filename)
        if member.flag_bits & 0x1:
            raise BoundaryError("boundary_zip_encrypted", filename=filename)
    if sum(m.file_size for m in members) > max_bytes * UNZIPPED_FACTOR:
        raise BoundaryError("boundary_zip_too_large", filename=filename,
                            limit_mb=megabytes(max_bytes * UNZIPPED_FACTOR))
    return archive, members


def _unsafe_name(name: str) -> bool:
    """Absolute paths, drive letters and '..' are how a zip writes outside its folder."""
    path = name.replace("\\", "/")
    return path.startswith("/") or ":" in path.split("/")[0] or ".." in path.split("/")


def _junk(name: str) -> bool:
    """macOS adds __MACOSX/._x.shp copies of every file: not data."""
    parts = name.replace("\\", "/").split("/")
    return parts[0] == "__MACOSX" or parts[-1].startswith(".")


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int, filename: str) -> None:
    """Copy one member to `target`, stopping at `budget` bytes whatever its header claims."""
    written = 0
    try:
        with archive.open(member) as src, target.open("wb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > budget:
                    raise BoundaryError("boundary_zip_too_large", filename=filename, limit_mb=megabytes(budget))
                dst.write(chunk)
    except BoundaryError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)) from None


def _found(members: list[zipfile.ZipInfo]) -> str:
    """What the archive holds instead, for the message: the first ten member names."""
    names = [m.filename for m in members]
    return ", ".join(names[:10]) + (" …" if len(names) > 10 else "")
