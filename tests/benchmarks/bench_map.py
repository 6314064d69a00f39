"""Benchmark: what the map costs to build and to send, the component's way against folium's.

    python tests/benchmarks/bench_map.py

Yên Sơn's 28 communes, then all 11,163 communes of Vietnam (2009) from
../shared/data/vn-communes-2009/communes-2009.gpkg (simplified to about 100 m
as the display geometry is). For each: the geometry file (built once per
boundary version: seconds and gzip bytes), the paint a filter change sends
(milliseconds and JSON bytes), and beside them what a folium GeoJson map with
tooltips weighs, as streamlit-folium would resend it on every change.
Interleaved rounds, medians.
"""
import json
import statistics
import sys
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from geo.boundaries import layers  # noqa: E402
from geo.choropleth import shapes  # noqa: E402
from geo.choropleth.aggregate import commune_values  # noqa: E402
from geo.choropleth.classify import classify  # noqa: E402
from geo.choropleth.paint import paint  # noqa: E402
from geo.records.fields import FIELD_CODES  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
ROUNDS = 5


def prepared(gdf: gpd.GeoDataFrame, tolerance: float = 0.0) -> gpd.GeoDataFrame:
    if tolerance:
        gdf = gdf.assign(geometry=gdf.geometry.simplify(tolerance, preserve_topology=True))
    return gdf.assign(label=layers.label_points(gdf)).set_geometry(layers.display_geometry(gdf))


def national() -> gpd.GeoDataFrame:
    raw = gpd.read_file(SHARED / "vn-communes-2009" / "communes-2009.gpkg")
    return gpd.GeoDataFrame({"code": [f"{i:05d}" for i in range(len(raw))], "name": raw["commune_vn"],
                             "population": raw["population"]}, geometry=raw.geometry, crs=raw.crs)


def records_for(communes: gpd.GeoDataFrame, rng) -> pd.DataFrame:
    n = len(communes) * 90
    return pd.DataFrame({"commune_code": rng.choice(communes["code"].to_numpy(), n),
                         "field": rng.choice(np.array(FIELD_CODES), n), "year": rng.integers(2020, 2025, n)})


def component(communes, records, year) -> int:
    values = commune_values(communes, records, records[records["year"] == year])
    return len(json.dumps(paint(values, "count", classify(values["count"], integer=True))))


def naive(communes, records, year) -> int:
    values = commune_values(communes, records, records[records["year"] == year])
    shown = communes[["code", "name", "geometry"]].merge(values[["code", "count"]], on="code")
    fmap = folium.Map(tiles=None)
    folium.GeoJson(shown.to_json(), tooltip=folium.GeoJsonTooltip(["name", "count"])).add_to(fmap)
    return len(fmap.get_root().render())


def measure(label: str, communes: gpd.GeoDataFrame) -> None:
    start = time.perf_counter()
    name, data = shapes.encode(shapes.document(communes, None))
    built = time.perf_counter() - start
    records = records_for(communes, np.random.default_rng(1))
    times = {"component": [], "naive": []}
    sizes = {}
    for round_ in range(ROUNDS):
        for way, run in (("component", component), ("naive", naive))[:: 1 if round_ % 2 else -1]:
            t0 = time.perf_counter()
            sizes[way] = run(communes, records, 2020 + round_ % 5)
            times[way].append(time.perf_counter() - t0)
    c, n = (statistics.median(times[w]) * 1000 for w in ("component", "naive"))
    print(f"{label:<24} {len(communes):>6} units  geometry file {len(data) / 1e3:8.1f} KB gz "
          f"(built once, {built:5.2f} s)\n{'':<24} per filter change: component {sizes['component'] / 1e3:8.1f} KB "
          f"in {c:7.1f} ms | folium map {sizes['naive'] / 1e3:9.1f} KB in {n:8.1f} ms")


def main() -> None:
    measure("Yên Sơn", prepared(layers.load_communes(SHARED / "yen-son" / "communes-2020.geojson")))
    measure("Vietnam, ~100 m", prepared(national(), tolerance=0.001))


if __name__ == "__main__":
    main()
