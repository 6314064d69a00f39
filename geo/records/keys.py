"""What makes two records the same model: the one duplicate key.

An office sends the same report twice, or types a model again with other
spacing or capitals; the import must skip it, and the preview, the command
line and the store must agree on what "already recorded" means. So the key
is defined here once: the name (case, spacing, punctuation, NFC/NFD and
tone-mark placement ignored, diacritics kept: geo.places.names' strict key,
so "bò" and "bơ" stay different models), the commune code, the year and the
field. The store keeps the name part in its indexed `name_key` column.
"""
from collections.abc import Mapping
from functools import lru_cache

from geo.places.names import normalize, words

Key = tuple[str, str, int | None, str]


def name_key(name) -> str:
    """normalize(name, keep_prefix=True, keep_marks=True), a word at a time.

    Names share a small vocabulary, so caching per word makes a 10,000-row
    import's keys about 10 times faster than normalising whole names.
    """
    return " ".join(_word_key(w) for w in words(name))


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    return normalize(word, keep_prefix=True, keep_marks=True)


def natural_key(name, commune_code, year, field) -> Key:
    """The duplicate key of one record; a year that is not a number stays None (never a duplicate)."""
    return compose_key(name_key(name), commune_code, year, field)


def compose_key(keyed_name: str, commune_code, year, field) -> Key:
    """The key from a name already keyed, as the store's `name_key` column holds it."""
    return keyed_name, str(commune_code), None if year is None else int(year), str(field)


def record_key(values: Mapping) -> Key | None:
    """natural_key of a record dict, or None when a part is missing."""
    parts = [values.get(k) for k in ("name", "commune_code", "year", "field")]
    if any(p in (None, "") for p in parts):
        return None
    return natural_key(*parts)
