"""The text of a boundary file's attributes: which encoding it is really in, as NFC Unicode.

A .dbf without .cpg is read by GDAL as ISO-8859-1, so names saved in UTF-8,
Windows-1258 or the old TCVN3/VNI fonts come out garbled, and a GeoJSON made
from such a .dbf carries the garbled reading in valid UTF-8. The attribute
bytes are read losslessly (Latin-1, one character a byte) and decoded with
each candidate; `legacyfonts.syllable_score` (share of words that are
Vietnamese syllables) picks one measurably. A choice that is not clear keeps
the text as GDAL read it and says so (`boundary_encoding_uncertain`).
"""
from __future__ import annotations

import codecs
import unicodedata
from typing import Callable

import geopandas as gpd

from geo.places.legacyfonts import from_tcvn3, from_vni, syllable_score

# Share of Vietnamese syllables a decoding needs to be believed (as legacyfonts.repair).
MIN_SHARE = 0.85
# Strings scored per decision: plenty to tell encodings apart, and a country-wide
# file (11,000 communes) is decided in the time of a district's.
SAMPLE = 2_000
# Byte -> character as text readers show 8-bit bytes: Latin-1, plus the
# Windows-1252 letters of 0x80-0x9F (Excel's view), so both map back to bytes.
_BYTE_OF = {chr(b): b for b in range(256)} | {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def repair_text(frame: gpd.GeoDataFrame, byte_text: bool,
                cpg: str | None) -> tuple[gpd.GeoDataFrame, str | None, list]:
    """Every text cell (and .dbf column name) as NFC Unicode, decoded and repaired; the encoding used; notes.

    `byte_text`: the strings are Latin-1 views of a .dbf's bytes (a shapefile),
    to decode here, with `cpg` the text of its .cpg (None when absent).
    Otherwise the text is Unicode as declared, and only repaired where a
    column clearly holds a misread 8-bit encoding.
    """
    columns = _text_columns(frame)
    names = [str(c) for c in frame.columns if c != frame.geometry.name]
    if not columns and all(name.isascii() for name in names):
        return frame, None, []
    label, notes = "UTF-8", []
    if byte_text:
        views = sorted({v for c in columns for v in frame[c] if isinstance(v, str)} | set(names))
        if all(v.isascii() for v in views):
            return frame, "ASCII", []
        mapping, label, notes, declared = _decode_dbf(views, cpg)
        frame = _mapped(frame, dict.fromkeys(columns, mapping.__getitem__))
        frame = frame.rename(columns={c: mapping[str(c)] for c in frame.columns if c != frame.geometry.name})
        columns = [mapping[str(c)] for c in columns]
        if not declared:
            return frame, label, notes
    frame, converted, column_notes = _repair_columns(frame, columns, label)
    return frame, " + ".join(converted) or label, notes + column_notes


def _nfc(text: str) -> str:
    """Windows-1258 and NFD pastes store tone marks as combining characters: one form to compare."""
    return unicodedata.normalize("NFC", text)


# bytes -> text, for each encoding Vietnamese boundary files turn up in.
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
    """How Vietnamese a reading is: the share of its words that are syllables."""
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
    """A share as the notes show it."""
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
    """The columns holding any string: the only ones an encoding can have garbled."""
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
