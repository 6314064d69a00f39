"""Commune registry: commune names as people write them -> 5-digit GSO code.

Records join to places by the 5-digit GSO commune code, but people write names.
The registry resolves a written name (or a code) against the official unit list
once, up front. A name that cannot be matched with certainty is reported as
"ambiguous" or "unknown" with code None - never guessed. Close spellings are
offered only as suggestions, for a person to confirm.

The unit list is the LEGACY one of the `vietnamadminunits` package (63
provinces, three levels, the state just before the 2025-07-01 reform), because
records of the movement name communes and districts as they were before it.
For Huyện Yên Sơn (Tuyên Quang) it holds exactly the 28 units of 2020-2025, so
no correction table is needed; tests/places/test_registry.py pins that list.

Matching, in order (see geo.places.names for the keys):
1. "02533" or "2533" is a code: matched if the code is in scope.
2. The loose key (no diacritics, unit-type prefix stripped) is looked up, and
   also the key with the prefix kept, since "xa"/"phuong" may begin a real name
   ("Xa Dung", "Phương Mai"). Aliases (ALIASES) are looked up the same way.
3. Several hits are narrowed by what else was written: the diacritics
   ("Hương Vân" is not "Hương Văn"), then the unit type ("Thị trấn Yên Sơn" is
   not "Xã Yên Sơn"). A filter that fits none of them is ignored (a record's
   "xã Thắng Quân" still finds the thị trấn). One unit left: matched; more:
   ambiguous, with all of them as candidates.
"""
from __future__ import annotations

import difflib
import importlib.util
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal, Mapping

from geo.places.names import normalize, split_prefix, words


@dataclass(frozen=True)
class FormerName:
    """A unit's earlier name, which records still use: the unit's code, and the day the new name
    took effect (written as officials write dates, for the import's note)."""
    code: str
    since: str


# Names that records use but the legacy list does not carry.
# Xã Thắng Quân (Yên Sơn, Tuyên Quang) became Thị trấn Yên Sơn, same code 02473,
# by Nghị quyết 1262/NQ-UBTVQH14 (27/4/2021, in force 1/7/2021); records from
# before and after use either name. The package knows it too (wardAlias).
ALIASES: dict[str, FormerName] = {"Thắng Quân": FormerName("02473", "01/7/2021")}

Status = Literal["matched", "ambiguous", "unknown", "empty"]


@dataclass(frozen=True)
class Unit:
    """One commune-level unit (xã, phường, thị trấn) of the legacy list."""
    code: str                # 5-digit GSO code, e.g. "02533"
    name: str                # "Đội Bình"
    full_name: str           # "Xã Đội Bình"
    type: str                # "Xã" | "Phường" | "Thị trấn"
    district_code: str       # "075"
    district_name: str       # "Yên Sơn"
    district_full_name: str  # "Huyện Yên Sơn"
    province_code: str       # "08"
    province_name: str       # "Tuyên Quang"
    province_full_name: str  # "Tỉnh Tuyên Quang"

    @property
    def short_name(self) -> str:
        """The name to show beside district names: "TT. Yên Sơn" (a thị trấn often shares its
        district's name, and "Yên Sơn" alone reads as the district), else "Xã Đội Bình"."""
        return f"TT. {self.name}" if self.type == "Thị trấn" else self.full_name


@dataclass(frozen=True)
class Match:
    """The answer for one written name.

    candidates: the matched unit (matched), the competing units (ambiguous),
    up to three close spellings to suggest (unknown), nothing (empty).
    """
    query: str
    status: Status
    code: str | None
    candidates: tuple[Unit, ...] = ()


_LEGACY_SQL = """
SELECT wardCode, wardShort, ward, wardType, districtCode, districtShort, district,
       provinceCode, provinceShort, province
FROM admin_units_legacy WHERE wardCode IS NOT NULL ORDER BY wardCode
"""


@lru_cache(maxsize=1)
def legacy_units() -> tuple[Unit, ...]:
    """All 10,035 commune-level units of the package's legacy list, by code.

    Reads the package's SQLite file directly (~60 ms) - the same file and table
    its `database.query` reads - because importing the package itself costs
    ~0.6 s (it loads geopy, shapely and its address-parser JSON). Cached. The
    five districts without communes (Bạch Long Vĩ, Cồn Cỏ, ...) have no rows.
    """
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the vietnamadminunits package is not installed")
    db = Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"
    with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
        return tuple(Unit(*row) for row in conn.execute(_LEGACY_SQL))


def _place_matches(query: str, code: str, name: str, full_name: str) -> bool:
    """A province/district given by code ("08", "75") or name ("Yên Sơn", "Huyện Yên Sơn")."""
    q = str(query).strip()
    if q.isdigit():
        return q.zfill(len(code)) == code
    key = normalize(q, keep_prefix=True)
    return key in (normalize(name, keep_prefix=True), normalize(full_name, keep_prefix=True))


def _in_scope(units: Iterable[Unit], province=None, district=None) -> tuple[Unit, ...]:
    """The units of a province and/or district; a district name found in several provinces is an error."""
    units = tuple(units)
    if province is not None:
        places = {(u.province_code, u.province_name, u.province_full_name) for u in units}
        codes = {p[0] for p in places if _place_matches(province, *p)}
        units = tuple(u for u in units if u.province_code in codes)
    if district is not None:
        places = {(u.district_code, u.district_name, u.district_full_name) for u in units}
        codes = {p[0] for p in places if _place_matches(district, *p)}
        if len(codes) > 1:
            raise ValueError(f"district {district!r} is ambiguous here; give the province too")
        units = tuple(u for u in units if u.district_code in codes)
    if not units:
        raise ValueError(f"no units for province={province!r} district={district!r}")
    return units


def _as_code(text: str) -> str | None:
    """'02533' or '2533' -> '02533'. Shorter numbers are names ("Phường 1"), not codes."""
    t = text.strip()
    return t.zfill(5) if t.isdigit() and 4 <= len(t) <= 5 else None


def _narrow(cands: list[Unit], keep) -> list[Unit]:
    """Keep the units that fit what was written; if none fits, the filter says nothing."""
    kept = [u for u in cands if keep(u)]
    return kept or cands


class CommuneRegistry:
    """Resolves commune names and codes among a fixed list of units."""

    def __init__(self, units: Iterable[Unit], aliases: Mapping[str, FormerName] = ALIASES):
        self.units: tuple[Unit, ...] = tuple(units)
        self.by_code: dict[str, Unit] = {u.code: u for u in self.units}
        self._loose: dict[str, list[Unit]] = {}
        self._strict: dict[str, set[str]] = {}  # code -> strict keys of its names
        for u in self.units:
            self._add(u.name, u)
        for alias, former in aliases.items():
            if former.code in self.by_code:  # an alias only counts where its unit is in scope
                self._add(alias, self.by_code[former.code])
        self._aliases = dict(aliases)
        self._scopes: dict[tuple, CommuneRegistry] = {}
        self._memo: dict[str, Match] = {}

    def _add(self, name: str, unit: Unit) -> None:
        """Index a name under its loose key (to find) and its strict key (to tell look-alikes apart)."""
        bucket = self._loose.setdefault(normalize(name), [])
        if unit not in bucket:
            bucket.append(unit)
        self._strict.setdefault(unit.code, set()).add(normalize(name, keep_marks=True))

    @classmethod
    def legacy(cls, province=None, district=None) -> CommuneRegistry:
        """The legacy units of the package, optionally of one province/district (name or code)."""
        return cls(_in_scope(legacy_units(), province, district))

    def within(self, province=None, district=None) -> CommuneRegistry:
        """A registry limited to a province and/or district; cached per scope."""
        if province is None and district is None:
            return self
        key = (province, district)
        if key not in self._scopes:
            self._scopes[key] = CommuneRegistry(_in_scope(self.units, province, district), self._aliases)
        return self._scopes[key]

    def resolve(self, name, province=None, district=None) -> Match:
        """Resolve one written name or code; see the module docstring for the rules."""
        if province is not None or district is not None:
            return self.within(province, district).resolve(name)
        memo = isinstance(name, str)
        match = self._memo.get(name) if memo else None
        if match is None:
            match = self._resolve(name)
            if memo:
                if len(self._memo) >= 100_000:  # bound memory in a long-running app
                    self._memo.clear()
                self._memo[name] = match
        return match

    def resolve_many(self, names: Iterable, province=None, district=None) -> list[Match]:
        """Resolve many names; each distinct string is worked out once (a million rows is ~1 s)."""
        reg = self.within(province, district)
        return [reg.resolve(n) for n in names]

    def _resolve(self, name) -> Match:
        """Matching in the order the module docstring gives: code, key, then narrowing by marks and type."""
        if not words(name):
            return Match(name if isinstance(name, str) else "", "empty", None)
        code = _as_code(name)
        if code is not None:
            unit = self.by_code.get(code)
            return Match(name, "matched", code, (unit,)) if unit else Match(name, "unknown", None)
        cands = self._lookup(name)
        if not cands:
            return Match(name, "unknown", None, self.suggest(name))
        if len(cands) > 1 and not name.isascii():
            strict = {normalize(name, keep_marks=True), normalize(name, keep_marks=True, keep_prefix=True)}
            cands = _narrow(cands, lambda u: bool(self._strict[u.code] & strict))
        unit_type = split_prefix(name)[0]
        if len(cands) > 1 and unit_type:
            cands = _narrow(cands, lambda u: u.type == unit_type)
        if len(cands) == 1:
            return Match(name, "matched", cands[0].code, tuple(cands))
        return Match(name, "ambiguous", None, tuple(cands))

    def _lookup(self, name: str) -> list[Unit]:
        """Units whose loose key equals the name's, with or without its prefix; by code."""
        found = {}
        for key in (normalize(name), normalize(name, keep_prefix=True)):
            for u in self._loose.get(key, ()):
                found[u.code] = u
        return [found[c] for c in sorted(found)]

    def former_name(self, written: str, code: str) -> tuple[str, FormerName] | None:
        """(the former name, its FormerName) when `written` names unit `code` by a name it no longer
        has ("xã Thắng Quân" for TT. Yên Sơn); None when it uses the unit's own name."""
        key = normalize(written)
        unit = self.by_code.get(code)
        if unit is None or key == normalize(unit.name):
            return None
        for old, former in self._aliases.items():
            if former.code == code and normalize(old) == key:
                return old, former
        return None

    def suggest(self, name: str, n: int = 3) -> tuple[Unit, ...]:
        """Up to n units with the closest spelling (difflib): suggestions, not answers."""
        keys = difflib.get_close_matches(normalize(name), self._loose, n=n, cutoff=0.6)
        units = {u.code: u for k in keys for u in self._loose[k]}
        return tuple(units.values())[:n]


def scope_label(registry: CommuneRegistry) -> str:
    """"Huyện Yên Sơn, Tỉnh Tuyên Quang" for a one-district registry (used in messages)."""
    districts = {(u.district_full_name, u.province_full_name) for u in registry.units}
    if len(districts) == 1:
        return ", ".join(next(iter(districts)))
    provinces = {u.province_full_name for u in registry.units}
    return next(iter(provinces)) if len(provinces) == 1 else "Việt Nam"
