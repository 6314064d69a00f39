"""Names a person can pick a unit by: each unit's name, told apart where names repeat.

A province or the whole country repeats commune names (Hà Nội has three
"Minh Khai", the country thirty "Tân Thành"). A picker that shows the bare
name offers thirty identical lines, and Streamlit, which maps a chosen label
back to its option, would take the last of them whichever was clicked. So a
repeated name gets what tells it apart, only as much as needed: its district,
then its province (units of 2025 have no district: their province), and, if
that still repeats, its code.

The whole country's ~10,000 labels are too many to offer in one list (the
browser builds a picker of them before it draws the map): there the picker
offers what a search finds (`search_keys`, `found`).
"""
from __future__ import annotations

import importlib.util
import sqlite3
from collections import Counter
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping, Sequence

from geo.places.names import normalize, sort_key
from geo.places.registry import legacy_units


class Labels(dict):
    """Code → label; a code it does not hold reads as itself (a picker's `format_func` can then be
    `labels.__getitem__`, which is C and ten times faster than a lambda over 10,000 options)."""

    def __missing__(self, code):
        return str(code)


def distinct_labels(names: Mapping[str, str],
                    places: Callable[[str], tuple[str, ...]]) -> Labels:
    """Code → a label unique among `names`: the name, or "Name (District, Province)" for a repeated one.

    `places(code)` gives what a unit lies in, nearest first; a repeated name takes
    one more of them until it no longer repeats, then its code.
    """
    labels = Labels(names)
    for depth in range(1, 4):  # district, province, code: a legacy unit is unique by then
        repeated = _repeated(labels)
        if not repeated:
            break
        for code in repeated:
            within = places(code)[:depth]
            if depth > len(within):
                within = (*within, code)
            labels[code] = f"{names[code]} ({', '.join(within)})"
    return labels


def _repeated(labels: Mapping[str, str]) -> list[str]:
    counts = Counter(labels.values())
    return [code for code, label in labels.items() if counts[label] > 1]


@lru_cache(maxsize=8)
def choices(codes: tuple[str, ...], names: tuple[str, ...], units: str) -> tuple[Labels, tuple[str, ...]]:
    """The labels of a set of units (`units`: "2020" or "2025" codes) and their codes in label order
    (Vietnamese dictionary order: geo.places.names.sort_key).

    Cached by the set's codes and names: the country's take ~60 ms, and every records
    version and as-of moment is a new dataset of the same units.
    """
    labels = distinct_labels(dict(zip(codes, names)), places_of(units))
    return labels, tuple(sorted(labels, key=lambda code: sort_key(labels[code])))


def places_of(units: str) -> Callable[[str], tuple[str, ...]]:
    """What a unit lies in, for units of the legacy list (district, province) or of 2025 (province);
    () for a code neither list knows (a staff-loaded set's own)."""
    table = _legacy_places() if units != "2025" else _new_places()
    return lambda code: table.get(code, ())


@lru_cache(maxsize=1)
def _legacy_places() -> dict[str, tuple[str, str]]:
    return {u.code: (u.district_name, u.province_name) for u in legacy_units()}


@lru_cache(maxsize=1)
def _new_places() -> dict[str, tuple[str]]:
    """Code → (province,) of the 3,321 units of 2025, from the package's own file (as registry.legacy_units)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    db = Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return {code: (province,) for code, province in
                conn.execute("SELECT wardCode, provinceShort FROM admin_units WHERE wardCode IS NOT NULL")}


def search_keys(labels: Mapping[str, str]) -> dict[str, str]:
    """Code → the loose key of its label (geo.places.names.normalize, unit type kept): what `found` reads."""
    return {code: normalize(label, keep_prefix=True) for code, label in labels.items()}


def found(keys: Mapping[str, str], ordered: Sequence[str], typed: str, limit: int) -> tuple[list[str], int]:
    """The codes, in `ordered`'s order, whose key holds what was typed (its loose key, with its unit type
    or without it: "Xã Tả Lủng", "ta lung" and NFD text all find Tả Lủng), the first `limit` of them,
    and how many there are. Typing nothing finds nothing."""
    wanted = {key for key in (normalize(typed, keep_prefix=True), normalize(typed)) if key}
    if not wanted:
        return [], 0
    matches = [code for code in ordered if any(key in keys.get(code, "") for key in wanted)]
    return matches[:limit], len(matches)
