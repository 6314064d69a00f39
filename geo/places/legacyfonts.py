"""Text typed with the old Vietnamese font encodings TCVN3 (ABC) and VNI.

Before Unicode, Vietnamese offices typed with 8-bit fonts (.VnTime = TCVN3,
VNI-Times = VNI). The file stores the font's byte codes, so Excel and
Python read them as Windows-1252 letters: TCVN3 "X· §éi B×nh" and VNI
"Xaõ Ñoäi Bình" are both "Xã Đội Bình". Lists made in those years are still
passed around, and a single row pasted from one of them breaks matching.

`repair(text)` decides, per cell, whether text is such mojibake and converts
it only when the result is clearly Vietnamese:

1. Text with any character beyond Latin-1 (ạ, ơ, đ, ...) is Unicode already:
   the old encodings can only produce Latin-1 (and Windows-1252) characters.
2. Otherwise every word holding a non-ASCII letter is checked against the
   shape of a Vietnamese syllable (onset, vowel cluster, final, one tone
   on the vowel that carries it, stop finals only with sắc/nặng). The text is converted with each table
   (and as UTF-8 read as Windows-1252, the other common mojibake); the
   candidate with the most valid syllables wins if it reaches 85 % and beats
   the text as it stands. Two candidates tying with different results is not
   confident.
3. No confident candidate but characters that only the old fonts produce
   ("§", "·", "×", "ñ", "ø" ... next to letters): "unreadable" - the caller
   rejects the cell and tells the user the text seems to use TCVN3/VNI.

Tables: TCVN3 is TCVN 5712:1993 (VN3, the "ABC" fonts) at 0xA1-0xFF, checked
byte by byte against glibc's TCVN5712-1 converter in the tests. Capital
letters with a tone mark have no code of their own in TCVN3: the ".VnTimeH"
fonts draw the lower-case codes as capitals, which text cannot show, so a
word (or a whole cell) whose ASCII letters are all capitals is upper-cased.
VNI stores a base letter followed by a mark character ("a" + "ø" = "à",
"o" + "ä" = "ộ"); a few letters are single codes (ñ = đ, ô = ơ, ö = ư,
æ = ỉ, ó = ĩ, ò = ị, î = ỵ).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# ---------------------------------------------------------------- TCVN3 (ABC)
# Unicode for bytes 0xA0..0xFF, 16 a line; "_" = not a letter in TCVN3
# (0xB0-0xB4 are combining marks in VN1 and "°±²³´" in text, left alone).
_TCVN3_A0 = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"  # A0-AF
    "_____àảãáạẲằẳẵắẴ"        # B0-BF
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"        # C0-CF
    "éẹềểễếệìỉỄẾỒĩíịò"        # D0-DF
    "Ổỏõóọồổỗốộờởỡớợù"        # E0-EF
    "ỖủũúụừửữứựỳỷỹýỵỐ"        # F0-FF
)
assert len(_TCVN3_A0) == 96
# In the text Excel gives us, byte b of a TCVN3 cell is the character chr(b).
TCVN3: dict[str, str] = {chr(0xA1 + i): u for i, u in enumerate(_TCVN3_A0[1:]) if u != "_"}

# ------------------------------------------------------------------------ VNI
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
TONES = (_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT)

# mark character -> (vowel diacritic, tone); lower and upper-case forms
_VNI_MARK_LOWER = {
    "ø": ("", _GRAVE), "ù": ("", _ACUTE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
    "â": (_CIRC, ""), "à": (_CIRC, _GRAVE), "á": (_CIRC, _ACUTE), "å": (_CIRC, _HOOK),
    "ã": (_CIRC, _TILDE), "ä": (_CIRC, _DOT),
    "ê": (_BREVE, ""), "è": (_BREVE, _GRAVE), "é": (_BREVE, _ACUTE), "ú": (_BREVE, _HOOK),
    "ü": (_BREVE, _TILDE), "ë": (_BREVE, _DOT),
}
VNI_MARKS: dict[str, tuple[str, str]] = {**_VNI_MARK_LOWER, **{k.upper(): v for k, v in _VNI_MARK_LOWER.items()}}
# letters that take a following mark; "ô"/"ö" are VNI's ơ/ư
_VNI_BASES = {c: c for c in "aeouyAEOUY"} | {"ô": "ơ", "ö": "ư", "Ô": "Ơ", "Ö": "Ư"}
# letters that are one code in VNI
VNI_SINGLE: dict[str, str] = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "ì": "ì", "Ì": "Ì", "í": "í", "Í": "Í", "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ",
    "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}

# Windows-1252 characters outside Latin-1 (what bytes 0x80-0x9F become).
_CP1252_HIGH = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}

# Latin-1 letters that are also Vietnamese letters: their presence proves nothing.
_VIET_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters only the old fonts (or UTF-8 misread) put next to letters.
HARD = (set(TCVN3) | set(VNI_MARKS) | set(VNI_SINGLE) | set("ÃÄÆ¡»")) - _VIET_LATIN1 - {"\u00a0"}

_BEYOND_8BIT = re.compile("[^\x00-\xff" + "".join(_CP1252_HIGH) + "]")
_TOKEN = re.compile("(?:[^\\W\\d_]|[" + re.escape("".join(sorted(HARD))) + "])+")

# ------------------------------------------------------- Vietnamese syllables
_LETTERS = set("abcdeghiklmnopqrstuvxyăâđêôơư")
_ONSETS = sorted(("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
                  "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"), key=len, reverse=True)
_FINALS = ("ch", "ng", "nh", "c", "m", "n", "p", "t", "")
_NUCLEI = set("a ă â e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui "
              "uô uơ uy ưa ưi ưu ươ yê iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu".split())
_OPEN_ONLY = set("ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua uơ iêu yêu oai oao oay oeo uây "
                 "uôi uya uyu ươi ươu".split())
_NEEDS_FINAL = set("ă â iê yê uô ươ oă uâ uyê".split())
_CH_NH = set("a ê i y oa uê uy".split())


_MARKED = set("ăâêôơư")
_BOTH_STYLES = {"oa", "oe", "uy"}     # "hoà"/"hòa", "thuý"/"thúy": both placements are written


def _tone_positions(nucleus: str, final: str) -> set[int]:
    """Where the tone mark may sit in a vowel cluster ("tẻo", not "teỏ"; "hoàn"; "người")."""
    marked = [i for i, c in enumerate(nucleus) if c in _MARKED]
    if marked:
        return {marked[-1]}
    if len(nucleus) == 1:
        return {0}
    if final:
        return {len(nucleus) - 1}
    if len(nucleus) == 2:
        return {0, 1} if nucleus in _BOTH_STYLES else {0}
    return {1}


def is_syllable(word: str) -> bool:
    """Whether `word` has the shape of one Vietnamese syllable ("Đội", "nguyễn", "thuở"), tone on the right vowel."""
    if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
        return False  # "tÕ": a capital inside a word is a font code, not a letter
    letters, tones, tone_at = [], [], -1
    for i, ch in enumerate(unicodedata.normalize("NFC", word.lower())):
        parts = unicodedata.normalize("NFD", ch)
        found = [c for c in parts if c in TONES]
        if found:
            tones += found
            tone_at = i
            ch = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        letters.append(ch)
    if len(tones) > 1:
        return False
    base = "".join(letters)
    if not base or any(c not in _LETTERS for c in base):
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset):]
        for final in _FINALS:
            if final and not rest.endswith(final):
                continue
            nucleus = rest[: len(rest) - len(final)]
            if nucleus not in _NUCLEI:
                continue
            if (final in ("ch", "nh") and nucleus not in _CH_NH) or (final and nucleus in _OPEN_ONLY) \
                    or (not final and nucleus in _NEEDS_FINAL):
                continue
            if final in ("c", "ch", "p", "t") and tones and tones[0] not in (_ACUTE, _DOT):
                continue
            if tones and tone_at - len(onset) not in _tone_positions(nucleus, final):
                continue
            return True
    return False


def syllable_score(text: str) -> tuple[float, int]:
    """(share of words with non-ASCII letters that are valid syllables, how many such words).

    One-character words are left out: "2×3" says nothing about fonts.
    """
    words = [t for t in _TOKEN.findall(text) if len(t) > 1 and not t.isascii()]
    if not words:
        return 0.0, 0
    return sum(map(is_syllable, words)) / len(words), len(words)


# ----------------------------------------------------------------- converters
def _upper_like_source(source: str, converted: str) -> str:
    """TCVN3 capitals with tones use lower-case codes (".VnTimeH"): follow the ASCII capitals."""
    letters = [c for c in source if c.isascii() and c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return converted.upper()
    src_tokens = _TOKEN.findall(source)
    out_tokens = _TOKEN.findall(converted)
    if len(src_tokens) != len(out_tokens):
        return converted
    pieces, pos = [], 0
    for src, out in zip(src_tokens, out_tokens):
        start = converted.index(out, pos)
        pieces.append(converted[pos:start])
        ascii_letters = [c for c in src if c.isascii() and c.isalpha()]
        pieces.append(out.upper() if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters) else out)
        pos = start + len(out)
    pieces.append(converted[pos:])
    return "".join(pieces)


def from_tcvn3(text: str) -> str:
    """TCVN3 mojibake -> Unicode (NFC)."""
    converted = "".join(TCVN3.get(c, c) for c in text)
    return unicodedata.normalize("NFC", _upper_like_source(text, converted))


def from_vni(text: str) -> str:
    """VNI mojibake -> Unicode (NFC): a base letter and its mark character become one letter."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        base = _VNI_BASES.get(c)
        mark = VNI_MARKS.get(nxt)
        if base and mark:
            diacritic, tone = mark
            plain = base.lower()
            if (diacritic == _CIRC and plain in "aeo") or (diacritic == _BREVE and plain == "a") \
                    or (not diacritic and plain in "aeouyơư"):
                letter = unicodedata.normalize("NFC", base + diacritic + tone)
                out.append(letter)
                i += 2
                continue
        out.append(VNI_SINGLE.get(c, c))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def from_utf8_misread(text: str) -> str | None:
    """UTF-8 bytes shown as Windows-1252 ("XÃ£" for "Xã") -> the intended text, or None."""
    try:
        raw = bytes(_CP1252_HIGH.get(c, ord(c)) for c in text)
        return unicodedata.normalize("NFC", raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None


_CANDIDATES = (("UTF-8", from_utf8_misread), ("TCVN3 (ABC)", from_tcvn3), ("VNI", from_vni))


@lru_cache(maxsize=100_000)
def repair(text: str) -> tuple[str, str, str | None]:
    """Classify and, when confident, convert one cell's text.

    Returns (text, status, encoding): status "unicode" (text unchanged),
    "converted" (text is the Unicode conversion, encoding names the old one)
    or "unreadable" (text unchanged; it looks like TCVN3/VNI but no table
    gives Vietnamese).
    """
    if text.isascii() or _BEYOND_8BIT.search(text):
        return text, "unicode", None
    tokens = _TOKEN.findall(text)
    hard = any(len(t) >= 2 and any(c in HARD for c in t) for t in tokens if not t.isascii())
    original, count = syllable_score(text)
    if count == 0 or (original == 1.0 and not hard):
        return text, "unicode", None
    scored = []
    for encoding, convert in _CANDIDATES:
        converted = convert(text)
        if converted is None or converted == text:
            continue
        score, n = syllable_score(converted)
        if n:
            scored.append((score, encoding, converted))
    scored.sort(key=lambda s: -s[0])
    if scored:
        best, encoding, converted = scored[0]
        tie = len(scored) > 1 and scored[1][0] == best and scored[1][2] != converted
        if best >= 0.85 and best > original and not tie:
            return converted, "converted", encoding
    if hard:
        return text, "unreadable", None
    return text, "unicode", None
