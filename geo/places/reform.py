"""The 2025-07-01 reform: legacy communes -> the merged communes and wards.

Records keep the commune code they were registered with (legacy GSO codes),
but from 2025-07-01 the map can also show the new units. This module turns the
crosswalk shipped in `vietnamadminunits` 1.0.4 into a table, builds new-unit
polygons by dissolving legacy polygons through it, and answers "what did this
unit become / absorb".

Where the package keeps it (read directly, like geo.places.registry does, because
importing the package pulls in its address parser, geopy and shapely):
- data/converter_2025.json
  DICT_PROVINCE_WARD_NO_DIVIDED: new province key -> new ward key -> list of
  legacy "province_district_ward" keys merged whole into that new ward;
  DICT_PROVINCE_WARD_DIVIDED: new province key -> legacy key -> the new wards
  that share it, exactly one with isDefaultNewWard (the package's answer when
  an address has no street to place it).
- data/dataset.db: admin_units_legacy gives the legacy key
  provinceKey_districtKey_wardKey -> wardCode; admin_units gives the new
  (provinceKey, wardKey) -> wardCode, wardShort, wardType.
Codes of the two systems overlap: a new unit usually keeps the code of one of
the legacy units it absorbed (02473 is both Thị trấn Yên Sơn and the new
Xã Yên Sơn), so a bare code is only meaningful together with its system.
"""
from __future__ import annotations

import importlib.util
import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.places.registry import _in_scope, legacy_units

COLUMNS = ["old_code", "new_code", "new_name", "new_type", "split"]


def _data_dir() -> Path:
    """The package's data folder, found without importing it (its import pulls in geopy and an address parser)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the vietnamadminunits package is not installed")
    return Path(spec.submodule_search_locations[0]) / "data"


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(crosswalk of all 10,035 legacy units, every old->new share incl. non-default parts).

    The island districts without communes (Hoàng Sa, Bạch Long Vĩ, ...) have an
    empty ward key and no legacy code; they are left out.
    """
    data = _data_dir()
    with closing(sqlite3.connect(f"{(data / 'dataset.db').as_uri()}?mode=ro", uri=True)) as conn:
        old = dict(conn.execute(
            "SELECT provinceKey || '_' || districtKey || '_' || wardKey, wardCode "
            "FROM admin_units_legacy WHERE wardCode IS NOT NULL"))
        new = {(p, w): (code, name, typ) for p, w, code, name, typ in conn.execute(
            "SELECT provinceKey, wardKey, wardCode, wardShort, wardType FROM admin_units")}
    conv = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))
    rows, shares = [], []
    for prov, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward, old_keys in wards.items():
            code, name, typ = new[(prov, ward)]
            for key in old_keys:
                if key in old:
                    rows.append((old[key], code, name, typ, False))
                    shares.append((old[key], code, True))
    for prov, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for key, parts in divided.items():
            if key not in old:
                continue
            for part in parts:
                code, name, typ = new[(prov, part["newWardKey"])]
                if part["isDefaultNewWard"]:
                    rows.append((old[key], code, name, typ, True))
                shares.append((old[key], code, bool(part["isDefaultNewWard"])))
    xwalk = pd.DataFrame(rows, columns=COLUMNS).sort_values("old_code", ignore_index=True)
    return xwalk, pd.DataFrame(shares, columns=["old_code", "new_code", "default"])


def crosswalk(province=None, district=None) -> pd.DataFrame:
    """Legacy unit -> its 2025 unit, one row per legacy commune code.

    province/district select LEGACY units (name or code, as in geo.places.registry),
    since that is how records and boundary files are organised. `split` marks
    a legacy unit divided among several new units; its row names the default
    (main) one, so anything attributed through it is approximate.
    """
    xwalk = _tables()[0]
    if province is None and district is None:
        return xwalk.copy()
    codes = {u.code for u in _in_scope(legacy_units(), province, district)}
    return xwalk[xwalk["old_code"].isin(codes)].reset_index(drop=True)


def sources(new_code: str) -> frozenset[str]:
    """Every legacy code with territory in a new unit, nationally, incl. parts of split units."""
    shares = _tables()[1]
    return frozenset(shares.loc[shares["new_code"] == new_code, "old_code"])


def successors(old_code: str) -> tuple[str, ...]:
    """Every new unit that received territory of a legacy unit (more than one when it was split)."""
    shares = _tables()[1]
    return tuple(sorted(shares.loc[shares["old_code"] == old_code, "new_code"]))


def dissolve(communes: gpd.GeoDataFrame, xwalk: pd.DataFrame) -> gpd.GeoDataFrame:
    """New-unit polygons: the union of the legacy polygons that the crosswalk sends there.

    Only legacy polygons are available, so each one goes whole to its default
    new unit. `approximate` says the result is not the real new boundary:
    a member was split (its whole polygon counted here, e.g. Thái Bình whose
    western part went to Phường Nông Tiến), or the new unit also takes
    territory from legacy units not in `communes` (other districts, the city,
    or the non-default part of a split unit elsewhere). Population is the sum
    over members (NaN if any member lacks it). Communes absent from the
    crosswalk are an error rather than silently dropped.
    """
    merged = communes.merge(xwalk, left_on="code", right_on="old_code", how="left")
    unknown = merged.loc[merged["new_code"].isna(), "code"].tolist()
    if unknown:
        raise ValueError(f"codes not in the crosswalk: {unknown[:10]}")
    have = set(communes["code"])
    rows = []
    for new_code, group in merged.groupby("new_code", sort=True):
        members = tuple(sorted(group["code"]))
        outside = sources(new_code) - have
        rows.append({
            "code": new_code,
            "name": group["new_name"].iloc[0],
            "type": group["new_type"].iloc[0],
            "population": group["population"].sum(min_count=len(group)),
            "approximate": bool(group["split"].any() or outside),
            "members": members,
            "geometry": group.geometry.union_all(),
        })
    return gpd.GeoDataFrame(rows, columns=["code", "name", "type", "population", "approximate", "members", "geometry"],
                            geometry="geometry", crs=communes.crs)


@dataclass(frozen=True)
class History:
    """What a code means on each side of the reform.

    became: as a legacy code, the (new_code, new_name, split) it went to;
    absorbed: as a new code, the legacy codes merged into it (whole or as the
    default part of a split). Either may be empty; both are filled when a new
    unit kept the code of one of its legacy units (02473).
    """
    code: str
    became: tuple[str, str, bool] | None
    absorbed: tuple[str, ...]


def history(code: str, xwalk: pd.DataFrame | None = None) -> History:
    """The history of a unit by code, looked up in `xwalk` (default: the national crosswalk)."""
    xwalk = crosswalk() if xwalk is None else xwalk
    code = str(code).zfill(5)
    row = xwalk[xwalk["old_code"] == code]
    became = None if row.empty else (row["new_code"].iloc[0], row["new_name"].iloc[0], bool(row["split"].iloc[0]))
    absorbed = tuple(sorted(xwalk.loc[xwalk["new_code"] == code, "old_code"]))
    return History(code, became, absorbed)


def recode(records: pd.DataFrame, xwalk: pd.DataFrame) -> pd.DataFrame:
    """Records counted under the unit that now contains their commune.

    `commune_code` becomes the 2025 code (so query and aggregate work
    unchanged); `registered_code` keeps the code the record was registered
    with. Codes the crosswalk does not know stay as they are, so they still
    show up as unmatched instead of disappearing.
    """
    new = dict(zip(xwalk["old_code"], xwalk["new_code"]))
    registered = records["commune_code"].astype(str)
    recoded = registered.map(lambda code: new.get(code, code))
    return records.assign(registered_code=registered,
                          commune_code=recoded.astype("category"))


def to_new_codes(codes, xwalk: pd.DataFrame) -> tuple[str, ...]:
    """Legacy codes -> the 2025 units containing them (order kept, no repeats)."""
    new = dict(zip(xwalk["old_code"], xwalk["new_code"]))
    return tuple(dict.fromkeys(new[c] for c in codes if c in new))


def to_old_codes(codes, xwalk: pd.DataFrame) -> tuple[str, ...]:
    """2025 codes -> every legacy unit (in `xwalk`) merged into them."""
    wanted = set(codes)
    return tuple(sorted(xwalk.loc[xwalk["new_code"].isin(wanted), "old_code"]))
