"""Read the boundary file a district actually has: any format, CRS and text encoding.

Official commune boundaries reach the district as whatever the provincial
office exported: GeoJSON, a GeoPackage, a zipped ESRI Shapefile (often
without .cpg, sometimes without .prj), or a KML from Google Earth. Three
things go wrong silently with such files, and this module makes each one
explicit instead:

- Text. A .dbf without .cpg is read by GDAL as ISO-8859-1, so names saved in
  UTF-8, Windows-1258 or the old TCVN3/VNI fonts come out garbled. The
  attribute bytes are read losslessly (Latin-1, one character a byte) and
  decoded with each candidate; `legacyfonts.syllable_score` (share of words
  that are Vietnamese syllables) picks one measurably. A choice that is not
  clear keeps the text as GDAL read it and says so (`boundary_encoding_uncertain`).
- Place. A file without a CRS is never placed by guess: degrees are WGS 84,
  VN-2000 metres get ranked `vn2000.guess_zone` suggestions and
  `to_wgs84` refuses them until a CRS is chosen. VN-2000 CRSs written
  without a datum shift (every .prj ArcGIS and GDAL write, GeoPackages too)
  leave PROJ to choose one: the official one, the 1-2 m Mekong fit EPSG:5194,
  or, for a datum name it does not know ("VN_2000"), none at all, ~220 m off.
  The official shift of `geo.boundaries.vn2000` is pinned to them.
- The upload itself. Bytes from a browser are hostile until proven otherwise:
  size limits, no zip member is ever written by its own name (no zip-slip),
  no zip bomb, and every failure is a `BoundaryError` with a message key.

Pure Python (no Streamlit): the UI and the command line both hand in bytes.
"""
from __future__ import annotations

import codecs
import io
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from math import isclose
from pathlib import Path, PurePosixPath
from typing import Callable, NamedTuple, Sequence

import geopandas as gpd
import pyogrio
import pyproj
import shapely
from pyproj.crs import BoundCRS
from pyproj.crs.coordinate_operation import ToWGS84Transformation

from geo.boundaries import layers as boundaries, vn2000
from geo.boundaries.layers import WGS84, BoundaryError
from geo.places.legacyfonts import from_tcvn3, from_vni, syllable_score

FORMATS = ("GeoJSON", "GeoPackage", "ESRI Shapefile (zipped)", "KML")
# What an archive may unpack to, as a multiple of the upload limit: shapefiles
# compress 3-5x; more than this is a zip bomb, not a district's communes.
UNZIPPED_FACTOR = 4
# Share of Vietnamese syllables a decoding needs to be believed (as legacyfonts.repair).
MIN_SHARE = 0.85
# Strings scored per decision: plenty to tell encodings apart, and a country-wide
# file (11,000 communes) is decided in the time of a district's.
SAMPLE = 2_000
_SIDECARS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_POLYGONAL = ("Polygon", "MultiPolygon")
_EXTENSIONS = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".zip": "zip",
               ".kml": "kml", ".kmz": "kmz"}
_FORMAT_OF = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "zip": "ESRI Shapefile (zipped)",
              "kml": "KML", "kmz": "KML"}
# Byte -> character as text readers show 8-bit bytes: Latin-1, plus the
# Windows-1252 letters of 0x80-0x9F (Excel's view), so both map back to bytes.
_BYTE_OF = {chr(b): b for b in range(256)} | {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


@dataclass(frozen=True, eq=False)  # eq would compare GeoDataFrames: identity instead
class RawLayer:
    """One boundary layer as the file has it, text repaired, geometry untouched (but 2D)."""
    frame: gpd.GeoDataFrame
    crs: pyproj.CRS | None
    format: str
    encoding: str | None
    notes: tuple[tuple[str, dict], ...]
    suggestions: tuple


class Suggestions(tuple):
    """Ranked `vn2000.Suggestion`s, printed by label: BoundaryError puts its details in its message,
    and the repr of 19 pyproj CRSs takes seconds."""

    def __repr__(self) -> str:
        return f"Suggestions({[s.label for s in self]!r})"


class _Source(NamedTuple):
    path: Path
    format: str
    cpg: str | None = None    # the .cpg text of a shapefile, None when absent
    byte_text: bool = False   # attributes read as Latin-1 bytes (shapefiles), to decode here


# ---------------------------------------------------------------- reading
def read_boundary_file(data: bytes, filename: str, max_bytes: int = 50_000_000, *,
                       expected_bbox: Sequence[float] | None = None) -> RawLayer:
    """Read an uploaded boundary file into a RawLayer, or raise BoundaryError with a message key.

    `expected_bbox` (lon_min, lat_min, lon_max, lat_max of the district the app
    shows) only ranks zone suggestions for a file without CRS: TM-3 metres look
    alike in every zone, so without it neighbouring meridians tie.
    """
    _check_size(data, filename, max_bytes)
    kind = _sniff(data, filename)
    with tempfile.TemporaryDirectory(prefix="dvk-boundary-") as folder:
        source = _materialise(kind, data, filename, Path(folder), max_bytes)
        frame, notes = _read_polygons(source, filename)
    frame, encoding, text_notes = _repair_text(frame, source)
    crs, crs_notes, suggestions = _declared_crs(frame, expected_bbox)
    frame = frame.set_crs(crs, allow_override=True)
    notes = tuple(notes + text_notes + crs_notes)
    return RawLayer(frame, crs, source.format, encoding, notes, Suggestions(suggestions))


def _check_size(data: bytes, filename: str, max_bytes: int) -> None:
    """Refuse empty and oversized uploads before anything parses them."""
    if not data:
        raise BoundaryError("boundary_empty_file", filename=filename)
    if len(data) > max_bytes:
        raise BoundaryError("boundary_too_large", filename=filename, size_mb=_mb(len(data)), limit_mb=_mb(max_bytes))


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f}"


def _sniff(data: bytes, filename: str) -> str:
    """The format by content first (users rename files), the extension deciding only what content cannot."""
    ext = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if data.startswith(b"SQLite format 3\x00"):
        return "gpkg"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "kmz" if ext in (".kmz", ".kml") else "zip"
    if head.startswith(b"{"):
        return "geojson"
    if head.startswith(b"<") and b"<kml" in head.lower():
        return "kml"
    if ext == ".shp":
        raise BoundaryError("boundary_shp_not_zipped", filename=filename)
    if ext in _EXTENSIONS:
        raise BoundaryError("boundary_unreadable", path=filename, reason=f"not a {_FORMAT_OF[_EXTENSIONS[ext]]} file")
    raise BoundaryError("boundary_unsupported_format", filename=filename, formats=", ".join(FORMATS))


def _materialise(kind: str, data: bytes, filename: str, folder: Path, max_bytes: int) -> _Source:
    """Put the upload on disk for GDAL under names of our own (never the user's)."""
    if kind == "zip":
        return _unzip_shapefile(data, filename, folder, max_bytes)
    if kind == "kmz":
        return _unzip_kml(data, filename, folder, max_bytes)
    path = folder / f"upload.{kind}"
    path.write_bytes(data)
    return _Source(path, _FORMAT_OF[kind])


# ---------------------------------------------------------------- archives
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
        raise BoundaryError("boundary_zip_too_large", filename=filename, limit_mb=_mb(max_bytes * UNZIPPED_FACTOR))
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
                    raise BoundaryError("boundary_zip_too_large", filename=filename, limit_mb=_mb(budget))
                dst.write(chunk)
    except BoundaryError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)) from None


def _found(members: list[zipfile.ZipInfo]) -> str:
    names = [m.filename for m in members]
    return ", ".join(names[:10]) + (" …" if len(names) > 10 else "")


def _unzip_shapefile(data: bytes, filename: str, folder: Path, max_bytes: int) -> _Source:
    """The one .shp of the archive (any folder depth) with its sidecars, as upload.shp/.dbf/..."""
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
    return _Source(folder / "upload.shp", _FORMAT_OF["zip"], cpg_text, byte_text=True)


def _unzip_kml(data: bytes, filename: str, folder: Path, max_bytes: int) -> _Source:
    """A .kmz is a zip whose main .kml is doc.kml (or the only/first .kml in it)."""
    archive, members = _open_zip(data, filename, max_bytes)
    kmls = sorted((m for m in members if m.filename.lower().endswith(".kml") and not _junk(m.filename)),
                  key=lambda m: (m.filename.lower() != "doc.kml", m.filename))
    if not kmls:
        raise BoundaryError("boundary_unreadable", path=filename, reason="no .kml inside the .kmz")
    _extract(archive, kmls[0], folder / "upload.kml", max_bytes * UNZIPPED_FACTOR, filename)
    return _Source(folder / "upload.kml", "KML")


# ---------------------------------------------------------------- layers and geometry
def _read(source: _Source, layer: str, filename: str) -> gpd.GeoDataFrame | None:
    """One layer through pyogrio (None for a table without geometry); shapefile text as Latin-1
    so no byte is lost before decoding."""
    try:
        frame = pyogrio.read_dataframe(source.path, layer=layer, encoding="latin1" if source.byte_text else None,
                                       datetime_as_string=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.GeometryError,
            pyogrio.errors.FieldError, pyogrio.errors.CRSError, pyogrio.errors.FeatureError,
            shapely.errors.GEOSException, ValueError, IndexError, OSError, RuntimeError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)[:300]) from None
    return frame if isinstance(frame, gpd.GeoDataFrame) else None


def _layer_names(source: _Source, filename: str) -> list[str]:
    try:
        names = [str(name) for name, _ in pyogrio.list_layers(source.path)]
    except (pyogrio.errors.DataSourceError, ValueError, OSError, RuntimeError) as exc:
        raise BoundaryError("boundary_unreadable", path=filename, reason=str(exc)[:300]) from None
    if not names:
        raise BoundaryError("boundary_no_features", filename=filename)
    return names


def _polygons_only(geometry: gpd.GeoSeries) -> gpd.GeoSeries:
    """Polygonal features as they are; collections (KML MultiGeometry) keep their polygon parts; else None."""
    def keep(geom):
        if geom is None or geom.is_empty:
            return None
        if geom.geom_type in _POLYGONAL:
            return geom
        parts = [p for p in shapely.get_parts(geom) if p.geom_type in _POLYGONAL] \
            if geom.geom_type == "GeometryCollection" else []
        return shapely.MultiPolygon([q for p in parts for q in shapely.get_parts(p)]) if parts else None
    return geometry.map(keep)


def _read_polygons(source: _Source, filename: str) -> tuple[gpd.GeoDataFrame, list]:
    """The layer with the most polygons, polygon features only, in 2D; notes say what was left out."""
    frames = {name: _read(source, name, filename) for name in _layer_names(source, filename)}
    frames = {name: frame for name, frame in frames.items() if frame is not None}
    if not frames:
        raise BoundaryError("boundary_no_features", filename=filename)
    polygons = {name: _polygons_only(frame.geometry) for name, frame in frames.items()}
    counts = {name: int(geometry.notna().sum()) for name, geometry in polygons.items()}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        _raise_no_polygons(frames, filename)
    others = [name for name in frames if name != best and len(frames[name])]
    notes = [("boundary_layers_ignored", {"layer": best, "ignored": ", ".join(others)})] if others else []
    frame, geometry_notes = _polygon_features(frames[best], polygons[best])
    return frame, notes + geometry_notes


def _polygon_features(frame: gpd.GeoDataFrame, polygons: gpd.GeoSeries) -> tuple[gpd.GeoDataFrame, list]:
    """Keep the features that have polygons (as `_polygons_only` made them), without Z."""
    keep = polygons.notna()
    notes = [("boundary_non_polygons_dropped", {"count": int((~keep).sum())})] if not keep.all() else []
    frame = frame[keep].set_geometry(gpd.GeoSeries(polygons[keep], crs=frame.crs)).reset_index(drop=True)
    with_z = int(shapely.has_z(frame.geometry.values).sum())
    if with_z:
        frame = frame.set_geometry(shapely.force_2d(frame.geometry.values), crs=frame.crs)
        notes.append(("boundary_z_dropped", {"count": with_z}))
    return frame, notes


def _raise_no_polygons(frames: dict, filename: str) -> None:
    """Say what the file holds instead of polygons (points from a GPS, lines of a road map...)."""
    types = [t for frame in frames.values() for t in frame.geometry.geom_type.dropna()]
    if not types:
        raise BoundaryError("boundary_no_features", filename=filename)
    summary = ", ".join(f"{t} × {types.count(t)}" for t in sorted(set(types)))
    raise BoundaryError("boundary_no_polygons", filename=filename, types=summary)


# ---------------------------------------------------------------- text encodings
def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# bytes -> text, for each encoding Vietnamese boundary files turn up in. Windows-1258
# stores tone marks as combining characters, hence NFC everywhere.
_DECODERS: tuple[tuple[str, Callable[[bytes], str]], ...] = (
    ("UTF-8", lambda raw: _nfc(raw.decode("utf-8"))),
    ("cp1258", lambda raw: _nfc(raw.decode("cp1258"))),
    ("TCVN3 (ABC)", lambda raw: from_tcvn3(raw.decode("latin-1"))),
    ("VNI", lambda raw: from_vni(raw.decode("latin-1"))),
)


def _as_bytes(text: str) -> bytes | None:
    """The 8-bit bytes a misread text stands for, or None if it holds real Unicode (ộ, ư, …)."""
    try:
        return bytes(_BYTE_OF[c] for c in text)
    except KeyError:
        return None


def _decode_with(label: str, raws: list[bytes]) -> list[str] | None:
    """All strings read with one encoding, None if it cannot decode one of them."""
    decode = dict(_DECODERS)[label]
    try:
        return [decode(raw) for raw in raws]
    except UnicodeDecodeError:
        return None


def _sample(items: list, raws: list[bytes]) -> list:
    """The items whose bytes are not plain ASCII (the only ones encodings disagree on), at most SAMPLE."""
    return [item for item, raw in zip(items, raws) if not raw.isascii()][:SAMPLE]


def _decoded(raws: list[bytes]) -> dict[str, list[str]]:
    """Each encoding's reading of a sample of the strings; encodings that cannot decode it are left out."""
    sample = _sample(raws, raws)
    readings = {label: _decode_with(label, sample) for label, _ in _DECODERS}
    return {label: texts for label, texts in readings.items() if texts is not None}


def _share(texts: list[str]) -> float:
    return syllable_score("\n".join(texts))[0]


def _best(candidates: dict[str, list[str]]) -> tuple[str, float] | None:
    """The clearly best-scoring encoding, None if under MIN_SHARE or tied with a different reading."""
    scored = sorted(((_share(texts), label) for label, texts in candidates.items()), key=lambda s: -s[0])
    if not scored or scored[0][0] < MIN_SHARE:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0] and candidates[scored[1][1]] != candidates[scored[0][1]]:
        return None
    return scored[0][1], scored[0][0]


def _percent(share: float) -> int:
    return round(100 * share)


def _codec(cpg: str) -> str | None:
    """A .cpg's code page as a Python codec: "UTF-8", "65001", "1258", "ANSI 1258", "88591", "CP1258"…"""
    text = cpg.strip().upper().replace("ANSI", "").strip()
    if text.isdigit():
        text = {"65001": "utf-8"}.get(text) or (f"iso8859_{text[4:]}" if text.startswith("8859") else f"cp{text}")
    try:
        name = codecs.lookup(text).name
    except LookupError:
        return None
    return "UTF-8" if name == "utf-8" else name


def _choose_undeclared(views: list[str], as_read: str) -> tuple[dict[str, str], str, list]:
    """Bytes with no declared encoding (.dbf without .cpg): valid UTF-8 wins, else the best-scoring one."""
    raws = [view.encode("latin-1") for view in views]
    candidates = _decoded(raws)
    chosen = ("UTF-8", _share(candidates["UTF-8"])) if "UTF-8" in candidates else _best(candidates)
    texts = _decode_with(chosen[0], raws) if chosen else None
    if texts is None:
        texts = [_nfc(raw.decode(as_read, "replace")) for raw in raws]
        share, best = max((_share(t), label) for label, t in candidates.items())
        note = ("boundary_encoding_uncertain", {"encoding": as_read, "best": best, "percent": _percent(share)})
        return dict(zip(views, texts)), as_read, [note]
    label, share = chosen
    note = ("boundary_encoding_detected", {"encoding": label, "percent": _percent(share)})
    return dict(zip(views, texts)), label, [note]


def _choose_declared(texts: list[str], declared: str) -> tuple[dict[str, str], str, list]:
    """One column's text, already decoded as declared; converted only if clearly a misread 8-bit encoding.

    A GeoJSON made by GDAL from a .dbf without .cpg carries the garbled
    Latin-1 reading in valid UTF-8, so a declared encoding is not enough.
    Text holding letters beyond 8 bits (ộ, ư, …) is Unicode for sure.
    """
    texts = [_nfc(t) for t in texts]
    raws = [_as_bytes(t) for t in texts]
    if any(raw is None for raw in raws):
        return dict(zip(texts, texts)), declared, []
    as_read = _sample(texts, raws)
    chosen = _best({label: t for label, t in _decoded(raws).items() if t != as_read})
    as_declared, words = syllable_score("\n".join(as_read))
    converted = _decode_with(chosen[0], raws) if chosen and chosen[1] > as_declared else None
    if converted is None:
        unsure = words and as_declared < MIN_SHARE
        notes = [("boundary_encoding_uncertain", {"encoding": declared, "best": declared,
                                                  "percent": _percent(as_declared)})] if unsure else []
        return dict(zip(texts, texts)), declared, notes
    label, share = chosen
    note = ("boundary_encoding_converted", {"declared": declared, "encoding": label, "percent": _percent(share)})
    return dict(zip(texts, converted)), label, [note]


def _decode_dbf(views: list[str], cpg: str | None) -> tuple[dict[str, str], str, list, bool]:
    """A shapefile's strings (Latin-1 views of its bytes) decoded with one encoding for the whole .dbf.

    The last value says whether the encoding was declared (.cpg), in which
    case the columns may still hold misread text (see _choose_declared).
    """
    codec = _codec(cpg) if cpg is not None else None
    if codec is not None:
        try:
            return {view: _nfc(view.encode("latin-1").decode(codec)) for view in views}, codec, [], True
        except UnicodeDecodeError:
            pass
    mapping, label, notes = _choose_undeclared(views, "ISO-8859-1")
    if cpg is not None:
        notes.insert(0, ("boundary_encoding_cpg_wrong", {"declared": cpg, "encoding": label}))
    return mapping, label, notes, False


def _text_columns(frame: gpd.GeoDataFrame) -> list:
    return [c for c in frame.columns if c != frame.geometry.name
            and frame[c].map(lambda v: isinstance(v, str)).any()]


def _mapped(frame: gpd.GeoDataFrame, mappings: dict) -> gpd.GeoDataFrame:
    """`frame` with every string cell of each column passed through that column's function."""
    out = frame.copy()
    for column, mapping in mappings.items():
        out[column] = out[column].map(lambda v, f=mapping: f(v) if isinstance(v, str) else v)
    return out


def _repair_columns(frame: gpd.GeoDataFrame, columns: list, declared: str) -> tuple[gpd.GeoDataFrame, list, list]:
    """Declared text, column by column (tables joined from several sources mix encodings); NFC throughout."""
    converted, notes, mappings = [], [], {}
    for column in columns:
        values = sorted({_nfc(v) for v in frame[column] if isinstance(v, str) and not v.isascii()})
        mapping, label, column_notes = _choose_declared(values, declared) if values else ({}, declared, [])
        mappings[column] = lambda v, m=mapping: m.get(_nfc(v), _nfc(v))
        converted += [label] if label != declared and label not in converted else []
        notes += [(key, params | {"column": str(column)}) for key, params in column_notes]
    return _mapped(frame, mappings), converted, notes


def _repair_text(frame: gpd.GeoDataFrame, source: _Source) -> tuple[gpd.GeoDataFrame, str | None, list]:
    """Every text cell (and .dbf column name) as NFC Unicode, decoded and repaired; the encoding used; notes."""
    columns = _text_columns(frame)
    names = [str(c) for c in frame.columns if c != frame.geometry.name]
    if not columns and all(name.isascii() for name in names):
        return frame, None, []
    label, notes = "UTF-8", []
    if source.byte_text:
        views = sorted({v for c in columns for v in frame[c] if isinstance(v, str)} | set(names))
        if all(v.isascii() for v in views):
            return frame, "ASCII", []
        mapping, label, notes, declared = _decode_dbf(views, source.cpg)
        frame = _mapped(frame, dict.fromkeys(columns, mapping.__getitem__))
        frame = frame.rename(columns={c: mapping[str(c)] for c in frame.columns if c != frame.geometry.name})
        columns = [mapping[str(c)] for c in columns]
        if not declared:
            return frame, label, notes
    frame, converted, column_notes = _repair_columns(frame, columns, label)
    return frame, " + ".join(converted) or label, notes + column_notes


# ---------------------------------------------------------------- coordinate systems
def _accepted(bounds, crs) -> bool:
    """Whether geo.boundaries.layers.to_wgs84 takes these bounds under `crs` (its degree-range check, reused)."""
    probe = gpd.GeoDataFrame(geometry=[shapely.box(*bounds)], crs=crs)
    try:
        boundaries.to_wgs84(probe, "")
    except BoundaryError:
        return False
    return True


def _declared_crs(frame: gpd.GeoDataFrame, expected_bbox) -> tuple[pyproj.CRS | None, list, list]:
    """The file's CRS, None when it has none (or a geographic one holding metres), with notes and suggestions.

    GDAL reads every GeoJSON without a "crs" member as EPSG:4326, metres or not;
    a local (engineering) CRS has no place on Earth either.
    """
    crs, bounds = frame.crs, frame.total_bounds
    if crs is not None and (crs.geodetic_crs is None or crs.is_geographic and not _accepted(bounds, crs)):
        crs = None
    if crs is None:
        if _accepted(bounds, None):
            return None, [("boundary_crs_assumed_wgs84", {})], []
        return None, [], vn2000.guess_zone(bounds, expected_bbox)
    pinned = _with_official_shift(crs)
    if pinned is crs:
        return crs, [], []
    return pinned, [("boundary_datum_added", {"crs": pinned.source_crs.name})], []


def _is_vn2000(crs: pyproj.CRS) -> bool:
    """VN-2000 by datum name (EPSG, ESRI "D_Vietnam_2000", hand-written "VN-2000") or by EPSG:4756."""
    geodetic = crs.geodetic_crs
    names = f"{crs.datum.name if crs.datum else ''} {geodetic.name if geodetic else ''}"
    key = "".join(ch for ch in names.lower() if ch.isalnum())
    return "vietnam2000" in key or "vn2000" in key or (geodetic is not None and geodetic.to_epsg() == 4756)


def _with_official_shift(crs: pyproj.CRS) -> pyproj.CRS:
    """A VN-2000 CRS without TOWGS84 gets the official shift; any other CRS is returned as it is.

    TM-3 and UTM zones are rebuilt with geo.boundaries.vn2000 (same CRS as its zone
    suggestions); anything else VN-2000 keeps its own parameters, bound to
    the same official 7 parameters.
    """
    if crs.is_bound or not _is_vn2000(crs):
        return crs
    zone = _vn2000_zone(crs)
    if zone is not None:
        return zone
    return BoundCRS(source_crs=crs, target_crs=WGS84,
                    transformation=ToWGS84Transformation(crs.geodetic_crs, *vn2000.TOWGS84))


def _vn2000_zone(crs: pyproj.CRS) -> pyproj.CRS | None:
    """geo.boundaries.vn2000's TM-3 or UTM CRS with the same central meridian, if `crs` is one of those."""
    operation = crs.coordinate_operation if crs.is_projected else None
    if operation is None or "transverse mercator" not in operation.method_name.lower():
        return None
    params = {p.name.lower(): p.value for p in operation.params}
    meridian = params.get("longitude of natural origin")
    scale = params.get("scale factor at natural origin")
    standard = (params.get("false easting") == 500_000 and params.get("false northing") == 0
                and params.get("latitude of natural origin") == 0 and crs.axis_info[0].unit_name in ("metre", "meter"))
    if meridian is None or scale is None or not standard:
        return None
    if isclose(scale, 0.9999):
        return vn2000.vn2000_tm3(meridian)
    if isclose(scale, 0.9996) and meridian in (105, 111):
        return vn2000.vn2000_utm(48 if meridian == 105 else 49)
    return None


def _parse_crs(crs: pyproj.CRS | str) -> pyproj.CRS:
    try:
        return pyproj.CRS(crs)
    except pyproj.exceptions.CRSError:
        raise BoundaryError("boundary_bad_crs", crs=str(crs)) from None


def _reprojected(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """geo.boundaries.layers.to_wgs84, with PROJ's refusals (a CRS it cannot transform) as messages."""
    try:
        return boundaries.to_wgs84(frame, "")
    except pyproj.exceptions.ProjError:
        raise BoundaryError("boundary_bad_crs", crs=frame.crs.name) from None


def to_wgs84(raw: RawLayer, crs: pyproj.CRS | str | None = None) -> gpd.GeoDataFrame:
    """The layer in longitude/latitude (EPSG:4326).

    `crs` (the user's choice) overrides what the file declares. A file
    without a CRS is accepted only in degrees: metres raise
    `boundary_needs_zone` with the ranked suggestions, never a guess.
    """
    if crs is not None:
        source = _with_official_shift(_parse_crs(crs))
        try:
            out = _reprojected(raw.frame.set_crs(source, allow_override=True))
        except BoundaryError:  # metres under a geographic CRS, or one PROJ cannot transform
            out = None
        if out is None or not _accepted(out.total_bounds, None):
            raise BoundaryError("boundary_bad_crs", crs=source.name)
        return out
    frame = raw.frame if raw.crs is None else raw.frame.set_crs(raw.crs, allow_override=True)
    try:
        return _reprojected(frame)
    except BoundaryError as exc:
        if exc.key != "boundary_no_crs":
            raise
    zones = "; ".join(s.label for s in raw.suggestions[:3])
    raise BoundaryError("boundary_needs_zone" if raw.suggestions else "boundary_needs_crs",
                        suggestions=Suggestions(raw.suggestions), zones=zones)
