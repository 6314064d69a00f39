"""CSV bytes -> text and rows: which encoding, which separator.

Offices save CSV from Excel in whatever their Windows does: UTF-8 (with or
without the BOM Excel adds), UTF-16 ("Unicode text"), or the ANSI code page,
Windows-1258 for Vietnamese, where tone marks are separate combining
characters - so text is NFC-normalised after decoding or "ộ" would never
equal "ộ". Excel in the Vietnamese locale separates with ";" (the comma is
the decimal sign), so the separator is detected, not assumed.

Order: a BOM decides; UTF-16 without BOM is recognised by its zero bytes;
then strict UTF-8. Bytes that are not UTF-8 are either Windows-1258 or an old
8-bit font (TCVN3/VNI): the Windows-1258 reading is kept unless it is full of
characters only those fonts produce, in which case the bytes are read as the
Windows-1252 letters Excel would show, and `legacyfonts` converts each cell.
A file whose lines disagree (some UTF-8, some not - two files pasted
together) is decoded line by line and flagged.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass

from geo.places.legacyfonts import HARD, syllable_score
from geo.intake.reasons import IntakeError

DELIMITERS = (",", ";", "\t", "|")

# bytes -> the Windows-1252 character, or the Latin-1 one for its 5 holes
_CP1252_VIEW = {b: (bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b))
                for b in range(0x80, 0x100)}
_CP1252_TABLE = str.maketrans({chr(b): c for b, c in _CP1252_VIEW.items()})


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str          # label shown to the user
    mixed_lines: int = 0   # lines decoded differently from the rest


def _eight_bit(raw: bytes) -> tuple[str, str]:
    """Windows-1258, unless the bytes look like TCVN3/VNI (then the Windows-1252 view)."""
    cp1258 = unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))
    hard = sum(1 for c in cp1258 if c in HARD)
    if hard == 0:
        return cp1258, "Windows-1258"
    view = raw.decode("latin-1").translate(_CP1252_TABLE)
    score_1258, _ = syllable_score(cp1258)
    score_view, _ = syllable_score(view)
    if hard > len(cp1258) // 500 and score_1258 < 0.9:
        return view, "8-bit (TCVN3/VNI)"
    return (cp1258, "Windows-1258") if score_1258 >= score_view else (view, "8-bit (TCVN3/VNI)")


def decode(data: bytes) -> DecodedText:
    """The text of a CSV file and the encoding it was read with."""
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            return DecodedText(unicodedata.normalize("NFC", data[3:].decode("utf-8")), "UTF-8 (BOM)")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return DecodedText(unicodedata.normalize("NFC", data.decode("utf-16")), "UTF-16")
        sample = data[:65536]
        if len(sample) >= 4:
            even_nul = sample[0::2].count(0) / len(sample[0::2])
            odd_nul = sample[1::2].count(0) / len(sample[1::2])
            if odd_nul > 0.3 and even_nul < 0.05:
                return DecodedText(unicodedata.normalize("NFC", data.decode("utf-16-le")), "UTF-16LE")
            if even_nul > 0.3 and odd_nul < 0.05:
                return DecodedText(unicodedata.normalize("NFC", data.decode("utf-16-be")), "UTF-16BE")
    except UnicodeDecodeError as exc:
        raise IntakeError("csv_unreadable", detail="UTF-8/UTF-16") from exc
    try:
        return DecodedText(unicodedata.normalize("NFC", data.decode("utf-8")), "UTF-8")
    except UnicodeDecodeError:
        pass
    lines = data.splitlines(keepends=True)
    utf8_lines, other_lines = [], 0
    for line in lines:
        try:
            utf8_lines.append(not line.isascii() and bool(line.decode("utf-8")))
        except UnicodeDecodeError:
            utf8_lines.append(False)
            other_lines += 1
    if any(utf8_lines) and other_lines:
        parts, minority = [], min(sum(utf8_lines), other_lines)
        for line, is_utf8 in zip(lines, utf8_lines):
            parts.append(unicodedata.normalize("NFC", line.decode("utf-8")) if is_utf8 else _eight_bit(line)[0])
        return DecodedText("".join(parts), "UTF-8 + Windows-1258", mixed_lines=minority)
    text, label = _eight_bit(data)
    return DecodedText(text, label)


def sniff_delimiter(text: str) -> str:
    """The separator that splits the first lines into the most rows of one common width (>1)."""
    sample_lines = [ln for ln in text[:65536].splitlines() if ln.strip()][:50]
    sample = "\n".join(sample_lines)
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter)]
        except csv.Error:
            continue
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        score = wide.count(common) * 1000 + common
        if score > best_score:
            best, best_score = delimiter, score
    return best


def rows(text: str, delimiter: str):
    """(record number, values) for each non-blank record; blank cells are None."""
    csv.field_size_limit(1 << 20)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            values = [v if v.strip() else None for v in record]
            if any(v is not None for v in values):
                yield number, values
    except csv.Error as exc:
        raise IntakeError("csv_unreadable", detail=str(exc)[:100]) from exc
