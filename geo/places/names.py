"""Normalising commune names as people write them.

Records name the same commune many ways: "Xã Đội Bình", "đội bình", "DOI BINH",
text pasted in NFD, the tone mark placed old-style ("Hoà", "Thuỵ") or new-style
("Hòa", "Thụy"), "Quí" for "Quý". `normalize` maps all of these to one key.

Two keys, because folding diacritics is needed (typed records often lose them)
but also merges real, distinct names - 25 districts have two communes that
differ only by diacritics ("Hương Vân"/"Hương Văn", "Sa Pa"/"Sa Pả"):

* loose key, `normalize(text)`: no diacritics, "đ"->"d" ("doi binh");
* strict key, `normalize(text, keep_marks=True)`: diacritics kept, but the tone
  mark taken off the vowel and written as a digit after the syllable
  ("Đội Bình" -> "đôi5 binh2"), so tone placement and NFC/NFD cannot matter.

Both keys spell the final i/y of a consonant+i/y syllable one way ("quý"="quí",
"kỳ"="kì", "lý"="lí", "mỹ"="mĩ", "hy"="hi"): these are spelling variants of one
syllable (both spellings occur in official names), never two names. "uy" as in
"Thụy" or "Huy" is left alone: "thui" would be another word.
"""
import re
import unicodedata

# Tone marks (combining, after NFD) -> digit: sắc, huyền, hỏi, ngã, nặng.
_TONES = {"\u0301": "1", "\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}
_ONSET_Y = re.compile(r"^(b|c|ch|d|đ|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|qu|r|s|t|th|tr|v|x)y$")

# Unit-type prefixes (words after casefolding) -> unit type. With diacritics
# they are unmistakable; without ("xa", "phuong") they can also start a real
# name ("Xa Dung", "Phương Mai"), which is why CommuneRegistry looks a name up
# both with and without its prefix.
PREFIXES: dict[tuple[str, ...], str] = {
    ("thị", "trấn"): "Thị trấn", ("thi", "tran"): "Thị trấn", ("tt",): "Thị trấn",
    ("thị", "xã"): "Thị xã", ("thi", "xa"): "Thị xã", ("tx",): "Thị xã",
    ("xã",): "Xã", ("xa",): "Xã", ("x",): "Xã",
    ("phường",): "Phường", ("phuong",): "Phường", ("p",): "Phường",
}


def words(text) -> list[str]:
    """NFC, casefold, punctuation and stray spaces removed; non-strings give []."""
    if not isinstance(text, str):
        return []
    text = unicodedata.normalize("NFC", text).casefold()
    return re.sub(r"[\W_]+", " ", text).split()


def split_prefix(text) -> tuple[str | None, list[str]]:
    """Split a unit-type prefix off: "TT. Yên Sơn" -> ("Thị trấn", ["yên", "sơn"]).

    A prefix is only split off when a name remains ("Xã" alone stays "xã").
    """
    w = words(text)
    for n in (2, 1):
        unit_type = PREFIXES.get(tuple(w[:n]))
        if unit_type and len(w) > n:
            return unit_type, w[n:]
    return None, w


def _syllable(word: str, keep_marks: bool) -> str:
    """One word's key: tone as a digit (strict) or dropped with every mark (loose), final y spelt i."""
    decomposed = unicodedata.normalize("NFD", word)
    tone = "".join(_TONES.get(c, "") for c in decomposed)
    if keep_marks:
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    else:
        base = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("đ", "d")
        tone = ""
    return _ONSET_Y.sub(r"\1i", base) + tone


def normalize(text, *, keep_prefix: bool = False, keep_marks: bool = False) -> str:
    """The matching key of a name: "  Xã ĐỘI   Bình " -> "doi binh".

    keep_prefix keeps a leading unit type ("xa doi binh"); keep_marks gives the
    strict key described in the module docstring.
    """
    w = words(text) if keep_prefix else split_prefix(text)[1]
    return " ".join(_syllable(x, keep_marks) for x in w)


# Vietnamese dictionary order, for lists people scan: "Đội Bình" comes after "Dương", not after
# "Yên" as in code-point order; letters first, then the tones (none, huyền, hỏi, ngã, sắc, nặng).
_LETTER_RANK = {letter: rank for rank, letter in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_MARKED = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê", ("o", "\u0302"): "ô",
           ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_PIECES = re.compile(r"\d+|\D")


def sort_key(text) -> tuple:
    """Sort key of a name in Vietnamese dictionary order: a < ă < â < b < … < d < đ < e < ê …; spaces,
    then numbers by value ("Phường 2" < "Phường 10"), then letters; tones only between names with the
    same letters, syllable by syllable."""
    keys, tones = [], []
    for piece in _PIECES.findall(unicodedata.normalize("NFD", str(text).casefold())):
        if piece.isdecimal():
            keys.append((1, int(piece)))
        elif piece in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[piece]
            continue
        elif unicodedata.combining(piece):
            marked = _MARKED.get((keys[-1][1], piece)) if keys and keys[-1][0] == 2 else None
            if marked:
                keys[-1] = (2, marked)
            continue
        else:
            keys.append((0, "") if piece.isspace() else (2, piece) if piece in _LETTER_RANK else (3, piece))
        tones.append(0)
    return tuple((kind, _LETTER_RANK[v] if kind == 2 else v) for kind, v in keys), tuple(tones), str(text)
