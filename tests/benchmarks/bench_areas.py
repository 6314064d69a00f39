"""Benchmark: the national commune set - loading, matching to GSO codes, selecting areas, map payload.

    python tests/benchmarks/bench_areas.py

Reads ../shared/data/vn-communes-2009/communes-2009.gpkg (11,163 communes of
2009). Prints seconds, the match rate (overall and per province) and the
GeoJSON bytes a district, a province and the whole country would send to the
browser. Matching is compared with the naive way: one registry.resolve call
per polygon, each scoped to its province and district.
"""
import sys
import time
from pathlib import Path

import geopandas as gpd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from geo.boundaries import national as areas  # noqa: E402
from geo.boundaries.layers import display_geometry  # noqa: E402
from geo.places.names import normalize  # noqa: E402
from geo.places.registry import CommuneRegistry, legacy_units  # noqa: E402

GPKG = ROOT.parent / "shared" / "data" / "vn-communes-2009" / "communes-2009.gpkg"
SIMPLIFY = 0.0005  # degrees (~50 m), preserve_topology, for the payload figure only


def timed(label: str, func, *args, repeat: int = 1, **kwargs):
    """Print the best of `repeat` runs (this machine's timings vary by a third from run to run)."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args, **kwargs)
        seconds.append(time.perf_counter() - start)
    print(f"{label:<58} {min(seconds):7.3f} s" + (f"  (best of {repeat})" if repeat > 1 else ""))
    return result


def loading() -> areas.National:
    legacy_units()  # the registry's own load (~0.1 s) is not the gpkg's
    timed("read gpkg, row by row (pyogrio)", gpd.read_file, GPKG, engine="pyogrio", repeat=3)
    raw = timed("read gpkg, through Arrow (pyogrio, use_arrow)", gpd.read_file, GPKG, engine="pyogrio",
                use_arrow=True, repeat=3)
    text = timed("decode the escaped Vietnamese names", lambda: {
        c: areas._decoded(raw[c]) for c in ("province_vn", "district_vn", "commune_vn")}, repeat=3)
    timed("match: provinces, districts, registry per district", areas._match,
          text["province_vn"], text["district_vn"], text["commune_vn"], repeat=3)
    return timed("load_national (all of the above)", areas.load_national, GPKG, repeat=3)


def naive_matching(national: areas.National) -> None:
    """The same names resolved one call each, scoped by province and district (the registry caches scopes).

    A fresh registry each run, since it also remembers every answer.
    """
    frame = national.frame[national.frame["district_code"].notna() & (national.frame["type"] != "")]
    full_names = frame["type"] + " " + frame["name"]

    def resolve_each():
        registry = CommuneRegistry.legacy()
        return [registry.resolve(n, province=p, district=d)
                for n, p, d in zip(full_names, frame["province_code"], frame["district_code"])]
    timed(f"naive: {len(frame):,} registry.resolve calls with a scope", resolve_each, repeat=3)


def match_rates(national: areas.National) -> None:
    frame = national.frame
    matched = frame["code"].notna()
    units = len(legacy_units())
    print(f"\nmatched {matched.sum():,} of {len(frame):,} polygons ({matched.mean():.1%}); "
          f"{matched.sum() / units:.1%} of the {units:,} legacy units have a polygon")
    print("by step:", frame["matched_via"].value_counts().to_dict())
    print("unmatched by reason:", national.report["reason"].value_counts().to_dict())
    by_code = {u.code: u for u in legacy_units()}
    loose = sum(normalize(n, keep_marks=True) != normalize(by_code[c].name, keep_marks=True)
                for n, c in zip(frame.loc[matched, "name"], frame.loc[matched, "code"]))
    print(f"matched although the diacritics differ (registry's unique loose key, or an alias): {loose}")
    rates = (frame.assign(matched=matched).groupby("province_name")["matched"].agg(["sum", "count", "mean"])
             .sort_values("mean"))
    cells = [f"{name[:17]:<17} {hits:>4}/{count:<4} {rate:6.1%}" for name, hits, count, rate in rates.itertuples()]
    print("\nper province (worst first):")
    for start in range(0, len(cells), 3):
        print("   ".join(cells[start:start + 3]))


def selecting(national: areas.National) -> dict[str, areas.Area]:
    print()
    chosen = {
        "district (Yên Sơn), first call": ("08", "075"),
        "district (Yên Sơn), outlines cached": ("08", "075"),
        "district (Sơn Dương), same province": ("08", "076"),
        "province (Tuyên Quang)": ("08", None),
        "province (Hà Nội), first call": ("01", None),
        "whole country, first call": (None, None),
        "whole country, outlines cached": (None, None),
    }
    return {label: timed(f"select {label}", areas.select, national, *codes) for label, codes in chosen.items()}


def payload_bytes(gdf: gpd.GeoDataFrame) -> int:
    simplified = gdf.set_geometry(gdf.geometry.simplify(SIMPLIFY, preserve_topology=True))
    return len(simplified.set_geometry(display_geometry(simplified)).to_json(drop_id=True).encode())


def payloads(selected: dict[str, areas.Area]) -> None:
    print(f"\nGeoJSON payload, simplified {SIMPLIFY}° and snapped to 1e-5°   communes   uncoded   context")
    for label in ("district (Yên Sơn), outlines cached", "province (Tuyên Quang)", "whole country, outlines cached"):
        area = selected[label]
        sizes = [payload_bytes(g) / 1e6 for g in (area.communes, area.unmatched, area.context)]
        print(f"{label.split(',')[0]:<58} " + "  ".join(f"{s:7.2f} MB" for s in sizes))


def main() -> None:
    national = loading()
    naive_matching(national)
    match_rates(national)
    payloads(selecting(national))


if __name__ == "__main__":
    main()
