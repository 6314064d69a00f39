"""Benchmark: building the map (spec + folium layer) and its payload size.

    python tests/benchmarks/bench_map.py

Yên Sơn's 28 communes, then all 11,163 communes of Vietnam (2009) from
../shared/data/vn-communes-2009/communes-2009.gpkg, as a province- or
country-wide deployment would draw them. Prints seconds and bytes.
"""
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from geo.boundaries import layers as boundaries  # noqa: E402
from geo.choropleth import drawing as foliummap
from geo.choropleth.aggregate import commune_values  # noqa: E402
from geo.choropleth.classify import classify  # noqa: E402
from geo.records.fields import FIELDS  # noqa: E402
from geo.choropleth.spec import MapText, build_spec  # noqa: E402
from streamlit_folium import _get_feature_group_string  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
TEXT = MapText("Tổng", "Trên 1.000 dân", "Chưa có dữ liệu", {f.code: f.vi for f in FIELDS}, str)


def prepared(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    gdf = gdf.copy()
    gdf["label"] = boundaries.label_points(gdf)
    return gdf.set_geometry(boundaries.display_geometry(gdf))


def national() -> gpd.GeoDataFrame:
    raw = gpd.read_file(SHARED / "vn-communes-2009" / "communes-2009.gpkg")
    return gpd.GeoDataFrame({"code": [f"{i:05d}" for i in range(len(raw))], "name": raw["commune_vn"],
                             "population": raw["population"]}, geometry=raw.geometry, crs=raw.crs)


def measure(label: str, communes: gpd.GeoDataFrame) -> None:
    records = pd.DataFrame({"commune_code": communes["code"], "field": "kinh-te", "year": 2021})
    start = time.perf_counter()
    values = commune_values(communes, records, records)
    spec = build_spec(communes, values, "count", classify(values["count"], integer=True), TEXT)
    built = time.perf_counter()
    fmap = foliummap.base_map(communes.iloc[:0].assign(level="", label=""), spec.bounds, "/app/static/leaflet")
    layer = _get_feature_group_string(foliummap.choropleth_layer(spec, show_labels=False), fmap)
    done = time.perf_counter()
    print(f"{label:<34} {len(communes):>6} communes  spec {built - start:6.2f} s  "
          f"folium {done - built:6.2f} s  layer payload {len(layer.encode()) / 1e6:6.2f} MB")


def main() -> None:
    yen_son = boundaries.load_communes(SHARED / "yen-son" / "communes-2020.geojson")
    measure("Yên Sơn", prepared(yen_son))
    country = national()
    measure("Vietnam, full geometry", prepared(country))
    simplified = country.assign(geometry=country.geometry.simplify(0.002, preserve_topology=True))
    measure("Vietnam, simplified 0.002° (~200 m)", prepared(simplified))


if __name__ == "__main__":
    main()
