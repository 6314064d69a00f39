"""Step 5 of geo.boundaries.national: a province-fallback code must be confirmed by geography.

The province fallback (step 4) gives a polygon whose 2009 district or commune
name was not found the one unclaimed unit of its province with that name. A
commune that moved district keeps its name, so this is often right (Trà
Lĩnh's communes went to Trùng Khánh in 2020), but a name is not a place: the
2009 commune Phúc Sơn of huyện Tân Yên, merged away since, received Xã Phúc
Sơn of huyện Sơn Động, 67 km off. Records of that unit would be painted in
the wrong place. So a fallback code is kept only if

- its 2009 district is a documented predecessor of the unit's district
  (PREDECESSORS: the unit's district took communes of it), or
- the polygon touches - directly, or through other polygons given the same
  district - an anchor of that district: a polygon matched to it by name
  (step 3), or one confirmed by predecessor (Quốc Toản of Trà Lĩnh joined
  Quảng Hòa, a district no 2009 polygon is named after).

"Touches" allows a gap of GAP_WIDTH_M: the source leaves slivers that wide
between neighbours (the width geo.boundaries.coverage fills). A code that is
not confirmed is withdrawn; national reports the polygon as
"fallback_unconfirmed", naming the unit it was not given.
"""
from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.boundaries.coverage import GAP_WIDTH_M
from geo.places.names import normalize
from geo.places.registry import legacy_units

# (province code, district in the 2009 set) -> legacy districts that took communes of it since 2009,
# each with its source. The changes the 2009 polygons need: a move that touch alone confirms may be
# left out (Trà Lĩnh and Hoành Bồ are in because they are the moves this rule must keep).
PREDECESSORS: dict[tuple[str, str], tuple[str, ...]] = {
    # Cao Bằng, Nghị quyết 897/NQ-UBTVQH14 (11/2/2020): Trà Lĩnh into Trùng Khánh, except xã Quốc
    # Toản, which formed huyện Quảng Hòa with Quảng Uyên and Phục Hòa.
    ("04", "Huyện Trà Lĩnh"): ("Huyện Trùng Khánh", "Huyện Quảng Hòa"),
    ("04", "Huyện Quảng Uyên"): ("Huyện Quảng Hòa",),
    ("04", "Huyện Phục Hòa"): ("Huyện Quảng Hòa",),
    # Quảng Ninh, Nghị quyết 837/NQ-UBTVQH14 (2019): Hoành Bồ into Hạ Long.
    ("22", "Huyện Hoành Bồ"): ("Thành phố Hạ Long",),
    # Bắc Giang, Nghị quyết 1191/NQ-UBTVQH15 (28/9/2024): thị xã Chũ from ten communes of Lục Ngạn.
    ("24", "Huyện Lục Ngạn"): ("Thị xã Chũ",),
    # Hà Nam: xã Đinh Xá and Trịnh Xá (13507, 13513, codes of Bình Lục) are now in Phủ Lý.
    ("35", "Huyện Bình Lục"): ("Thành phố Phủ Lý",),
    # Nam Định, 2023-2025 arrangement: huyện Mỹ Lộc into thành phố Nam Định.
    ("36", "Huyện Mỹ Lộc"): ("Thành phố Nam Định",),
    # Thanh Hóa, 2020: thị xã Nghi Sơn is the whole of huyện Tĩnh Gia.
    ("38", "Huyện Tĩnh Gia"): ("Thị xã Nghi Sơn",),
    # Hà Tĩnh: thị xã Kỳ Anh from part of huyện Kỳ Anh (Nghị quyết 903/NQ-UBTVQH13, 2015); in the
    # 2023-2025 arrangement Lộc Hà went into Thạch Hà (Hộ Độ into TP Hà Tĩnh), and eleven communes
    # of Thạch Hà (Thạch Đài among them) into TP Hà Tĩnh.
    ("42", "Huyện Kỳ Anh"): ("Thị xã Kỳ Anh",),
    ("42", "Huyện Lộc Hà"): ("Huyện Thạch Hà", "Thành phố Hà Tĩnh"),
    ("42", "Huyện Thạch Hà"): ("Thành phố Hà Tĩnh",),
    # Huế: thành phố Huế took communes of Hương Trà, Hương Thủy and Phú Vang (Hương Phong, Thuận An
    # among them; UBTVQH, 4/2021), then became quận Phú Xuân and Thuận Hóa (Nghị quyết
    # 1314/NQ-UBTVQH15, 2024).
    ("46", "Thành phố Huế"): ("Quận Phú Xuân", "Quận Thuận Hóa"),
    ("46", "Thị xã Hương Trà"): ("Quận Phú Xuân", "Quận Thuận Hóa"),
    ("46", "Huyện Phú Vang"): ("Quận Thuận Hóa",),
    # Quảng Nam, 2023-2025 arrangement: huyện Nông Sơn into Quế Sơn.
    ("49", "Huyện Nông Sơn"): ("Huyện Quế Sơn",),
    # Bình Phước, 2015: huyện Phú Riềng from part of Bù Gia Mập.
    ("70", "Huyện Bù Gia Mập"): ("Huyện Phú Riềng",),
    # Bà Rịa - Vũng Tàu: Tân Thành became thị xã (2018), then thành phố Phú Mỹ; Long Điền and Đất
    # Đỏ became huyện Long Đất (2023-2025 arrangement).
    ("77", "Huyện Tân Thành"): ("Thành phố Phú Mỹ",),
    ("77", "Huyện Long Điền"): ("Huyện Long Đất",),
    ("77", "Huyện Đất Đỏ"): ("Huyện Long Đất",),
    # Hồ Chí Minh, Nghị quyết 1111/NQ-UBTVQH14 (2020): quận 2, 9 and Thủ Đức became thành phố Thủ Đức.
    ("79", "Quận 2"): ("Thành phố Thủ Đức",),
    ("79", "Quận 9"): ("Thành phố Thủ Đức",),
    # Trà Vinh, Nghị quyết 934/NQ-UBTVQH13 (2015): thị xã Duyên Hải from part of huyện Duyên Hải.
    ("84", "Huyện Duyên Hải"): ("Thị xã Duyên Hải",),
    # Đồng Tháp, 2020: thị xã Hồng Ngự became thành phố (a huyện Hồng Ngự exists too).
    ("87", "Thị xã Hồng Ngự"): ("Thành phố Hồng Ngự",),
    # Hậu Giang, 2015: thị xã Long Mỹ from part of huyện Long Mỹ.
    ("93", "Huyện Long Mỹ"): ("Thị xã Long Mỹ",),
}

# Distances in metres for the whole country: UTM 48N. At Vietnam's eastern edge (109.5°E) its scale
# is 0.25 % off, half a metre on GAP_WIDTH_M; estimating a zone per call took longer than the rest.
METRIC = "EPSG:32648"


def confirm(rows: pd.DataFrame, districts: pd.Series, geometry: gpd.GeoSeries) -> pd.Series:
    """How each province-fallback code is confirmed: "predecessor", "touch", or None (it is not).

    rows: national's matching table (province_code, code, via); districts: the
    2009 district names; geometry: the polygons (any CRS); all on one index.
    The result is indexed by the fallback polygons only.
    """
    units = legacy_units()
    home = {u.code: u.district_code for u in units}
    assigned = pd.Series([home.get(c) for c in rows["code"]], index=rows.index, dtype=object)
    fallback = rows.index[rows["via"] == "province"]
    if fallback.empty:
        return pd.Series(None, index=fallback, dtype=object)
    predecessor = pd.Series([
        assigned[i] in predecessor_codes().get((province, _key(district)), ())
        for i, province, district in zip(fallback, rows.loc[fallback, "province_code"], districts[fallback])],
        index=fallback, dtype=bool)
    anchors = set(rows.index[rows["via"] == "district"]) | set(fallback[predecessor.to_numpy()])
    reached = _reachable(anchors, _neighbours(assigned, set(assigned[fallback]), geometry))
    return pd.Series(["predecessor" if documented else "touch" if i in reached else None
                      for i, documented in zip(fallback, predecessor)], index=fallback, dtype=object)


def _key(district: object) -> str:
    """A district name as PREDECESSORS and the 2009 set may both write it ("Hoà"/"Hòa")."""
    return normalize(district, keep_prefix=True) if isinstance(district, str) else ""


@lru_cache(maxsize=1)
def predecessor_codes() -> dict[tuple[str, str], frozenset[str]]:
    """PREDECESSORS by legacy district code: (province, 2009 district key) -> codes of the districts it fed.

    A name that names no legacy district of the province is left out here (and
    fails tests/boundaries/test_fallback.py), so a typo cannot stop the map.
    """
    codes = {(u.province_code, _key(u.district_full_name)): u.district_code for u in legacy_units()}
    table = {}
    for (province, district), successors in PREDECESSORS.items():
        found = {codes.get((province, _key(name))) for name in successors} - {None}
        table[province, _key(district)] = frozenset(found)
    return table


def _neighbours(assigned: pd.Series, districts: set[str], geometry: gpd.GeoSeries) -> dict[object, set]:
    """Polygon -> the polygons given the same district (one of `districts`) within GAP_WIDTH_M of it."""
    kept = assigned.isin(districts)
    polygons = geometry[kept]
    metric = polygons.to_crs(METRIC)
    left, right = metric.sindex.query(metric.values, predicate="dwithin", distance=GAP_WIDTH_M)
    district = assigned[kept].to_numpy()
    labels = polygons.index.to_numpy()
    same = district[left] == district[right]
    neighbours = defaultdict(set)
    for a, b in zip(labels[left[same]], labels[right[same]]):
        neighbours[a].add(b)
    return neighbours


def _reachable(start: set, neighbours: dict[object, set]) -> set:
    """Every polygon linked to one of `start` by a chain of neighbours (start included)."""
    seen, todo = set(start), list(start)
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen

