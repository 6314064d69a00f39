"""Cell values as people type them -> the record's values.

Each function takes what a cell holds and returns the normalised value plus,
when something is off, the reason key. They know nothing about sheets or
rows, so the rules are easy to test one by one:

* text: NFC, control characters removed (PostgreSQL refuses NUL), spaces
  collapsed, stripped. HTML or script is kept as the text it is - showing it
  safely is the UI's job - and never evaluated.
* field: "Kinh tế", "KINH TẾ", "VH-XH", "QP-AN", "Xây dựng NTM", "XD hệ thống
  chính trị", "Lĩnh vực khác", the code itself, the English label -> code.
* year: 2021, 2021.0, "2021", "Năm 2021", a date, an Excel serial date.
* kind: "Mô hình"/"Điển hình" (and MH/ĐH); a name starting "Điển hình ...".
* commune: through CommuneRegistry, by code or by name; a unit such as
  "UBND xã Đội Bình" gives the commune when no commune column is filled.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import lru_cache

from geo.records.fields import FIELDS
from geo.places.names import normalize

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")

# Longest text kept per column; longer is an error, not silently cut.
MAX_LENGTH = {"name": 500, "kind": 100, "field": 200, "commune_name": 200, "commune_code": 20,
              "unit": 300, "description": 5000, "result": 5000}


_NEEDS_WORK = re.compile("[\x00-\x1f\x7f\u00a0\u2000-\u200b\u3000]|  ")


def clean_text(value, *, single_line: bool = True) -> str:
    """Any cell value as trimmed NFC text ("" for empty)."""
    if value is None:
        return ""
    if type(value) is str and not _NEEDS_WORK.search(value):     # the common case, made cheap
        text = value if value.isascii() or unicodedata.is_normalized("NFC", value) else \
            unicodedata.normalize("NFC", value)
        return text.strip()
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, datetime):
        text = value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    else:
        text = str(value)
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text.replace("\r\n", "\n")))
    if single_line:
        text = _LINE_BREAKS.sub(" ", text)
    else:
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=16_384)
def fold(text: str) -> str:
    """Matching key of a free-typed keyword: case, diacritics, punctuation ignored."""
    return normalize(text, keep_prefix=True)


# ---------------------------------------------------------------------- field
_FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "kinh-te": ("kinh te", "kt", "phat trien kinh te", "economy", "kinh te nong nghiep"),
    "van-hoa-xa-hoi": ("van hoa xa hoi", "vh xh", "vhxh", "van hoa", "xa hoi", "van hoa xh", "vh xa hoi",
                       "culture and society", "culture society"),
    "quoc-phong-an-ninh": ("quoc phong an ninh", "qp an", "qpan", "an ninh quoc phong", "an qp", "quoc phong",
                           "an ninh", "an ninh trat tu", "qp", "defence and security", "defense and security",
                           "defence security"),
    "he-thong-chinh-tri": ("he thong chinh tri", "htct", "chinh tri", "dang", "dang chinh quyen",
                           "chinh quyen", "building the political system", "political system"),
    "nong-thon-moi": ("nong thon moi", "ntm", "nong thon", "xdntm", "new rural development", "new rural"),
    "khac": ("khac", "other", "others"),
}
_FIELD_KEYS: dict[str, str] = {}
for _code, _words in _FIELD_WORDS.items():
    _FIELD_KEYS[fold(_code)] = _code
    for _w in _words:
        _FIELD_KEYS[_w] = _code
for _f in FIELDS:
    _FIELD_KEYS.setdefault(fold(_f.vi), _f.code)
    _FIELD_KEYS.setdefault(fold(_f.en), _f.code)
_FIELD_FILLER = re.compile(r"^(?:(?:cac|linh vuc|mo hinh|xay dung|xd|nhom)\b ?)+|\bva\b ?")


@lru_cache(maxsize=4096)
def parse_field(text: str) -> str | None:
    """A field written freely -> its code, or None when it is none of the six."""
    key = fold(text)
    if key in _FIELD_KEYS:
        return _FIELD_KEYS[key]
    key = " ".join(_FIELD_FILLER.sub("", key).split())
    # Roman/arabic numbering of a section heading: "I linh vuc kinh te", "1 kinh te"
    stripped = re.sub(r"^(?:[ivx]+|\d+|[a-h]) ", "", key)
    for candidate in (key, stripped, " ".join(_FIELD_FILLER.sub("", stripped).split())):
        if candidate in _FIELD_KEYS:
            return _FIELD_KEYS[candidate]
    compact = key.replace(" ", "")
    return _FIELD_KEYS.get(compact)


# ----------------------------------------------------------------------- year
_YEAR_GROUP = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_NUMBER = re.compile(r"^\d+(?:[.,]0+)?$")
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()


def _year_of_number(number: float) -> int | None:
    if number != number or not float(number).is_integer():  # NaN or fractional
        return None
    n = int(number)
    if 1000 <= n <= 9999:          # a year, maybe out of range: the caller says so
        return n
    if 10_000 <= n <= 2_958_465:   # an Excel serial date (1927..9999): its year
        return date.fromordinal(_EXCEL_EPOCH + n).year
    return None


def parse_year(value) -> int | None:
    """The year a cell means, or None when it cannot be read as one year."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, (int, float)):
        return _year_of_number(value)
    text = clean_text(value)
    if _NUMBER.match(text):
        return _year_of_number(float(text.replace(",", ".")))
    years = {int(y) for y in _YEAR_GROUP.findall(text) if int(y) >= 1000}
    return years.pop() if len(years) == 1 else None


# ----------------------------------------------------------------------- kind
_KIND_KEYS = {
    "mo hinh": "mo-hinh", "mh": "mo-hinh", "model": "mo-hinh",
    "dien hinh": "dien-hinh", "dh": "dien-hinh", "exemplar": "dien-hinh", "guong dien hinh": "dien-hinh",
    "ca nhan dien hinh": "dien-hinh", "tap the dien hinh": "dien-hinh", "ca nhan": "dien-hinh",
    "tap the": "dien-hinh", "mo hinh dan van kheo": "mo-hinh",
}


def parse_kind(text: str) -> str | None:
    """"Mô hình" -> "mo-hinh", "Điển hình" -> "dien-hinh", unknown -> None."""
    return _KIND_KEYS.get(fold(text))


def kind_from_name(name: str) -> str | None:
    """A name that starts "Điển hình ..." names an exemplar."""
    head = name.lstrip()[:1].casefold()
    if head not in ("đ", "d") and not (head and unicodedata.normalize("NFD", head)[0] == "d"):
        return None                                  # cheap test first: most names start "Mô hình"
    return "dien-hinh" if fold(name[:20]).startswith("dien hinh") else None


# -------------------------------------------------------------------- commune
_UNIT_COMMUNE = re.compile(r"(?:^|[\s,(])((?:xã|thị trấn|tt\.?|phường)\s+[^,;()\n]+)", re.IGNORECASE)


def code_text(value) -> str:
    """A commune code cell -> digits ("2533", 2533.0 -> "2533"); zero-padding is the registry's job."""
    return clean_text(value).replace(" ", "")


def commune_in_unit(unit: str) -> str | None:
    """"UBND xã Đội Bình" -> "xã Đội Bình"; None when the unit names no commune."""
    m = _UNIT_COMMUNE.search(unit)
    return m.group(1).strip() if m else None


def unit_names(units) -> str:
    """Units for a message: "Xã Đội Bình (02533), ..." or "—"."""
    return ", ".join(f"{u.full_name} ({u.code})" for u in units) or "—"
