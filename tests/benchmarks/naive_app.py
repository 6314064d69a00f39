"""The baseline of issue 9: the map app as a streamlit-folium tutorial writes it. Not part of the dashboard.

    streamlit run tests/benchmarks/naive_app.py          # from the repository root

Reads a GeoJSON of communes and a records CSV (both with `st.cache_data`, as
tutorials do), offers a field multiselect and a year-range slider in the
sidebar, counts the filtered records per commune with a pandas groupby, and
on every rerun builds a new `folium.Map` with a `folium.Choropleth` (6 linear
bins, YlOrRd) and a `GeoJsonTooltip`, shown with `st_folium` and its default
arguments apart from the size (560 px high, full width, like the dashboard's
map): every object the map reports comes back to Python, so panning or the
map's own first `moveend` runs the script again, as in the tutorials.

Environment:
  NAIVE_BOUNDARIES  GeoJSON with `gso_code`, `name` (and optionally `pop_census2009`) per feature
                    (default ../shared/data/yen-son/communes-2020.geojson). tests/benchmarks/bench_browser.py
                    writes one for a province or the whole country from the national 2009 set, with the
                    GSO codes the dashboard matched (cache/bench/naive-*.geojson), so both apps join the
                    same records to the same polygons.
  NAIVE_RECORDS     records CSV in the project's schema (default data/demo/records.csv).
  NAIVE_LEAFLET     `cdn`: folium's defaults (Leaflet, jQuery, Bootstrap, Font Awesome... from
                    cdn.jsdelivr.net and others), what a tutorial gets; `local`: only Leaflet's JS and CSS,
                    from this app's own static folder (tests/benchmarks/static/leaflet, git-ignored, copied
                    from the XStatic-Leaflet package exactly as dashboard/assets.py does for the dashboard;
                    needs `--server.enableStaticServing true`, and Streamlit serves the folder only if it
                    exists when the server starts: bench_browser.py creates it first; by hand, start the
                    app once, then again), and no legend (folium.Choropleth's legend is a branca colormap
                    drawn with d3 from cdnjs.cloudflare.com); `auto` (default): `cdn` when
                    cdn.jsdelivr.net can be reached within 2 s, else `local`. The benchmark machine is
                    offline, so its runs use `local`: the naive app then downloads and draws less than a
                    tutorial would online (no jQuery, Bootstrap, fonts, d3 or legend), which favours it.

Deliberately left as a tutorial has it (this is what is measured against): the
GeoJSON is copied out of the cache and re-serialised into the map's HTML on every
rerun; the whole map (geometry, styles, tooltips) travels over the websocket on
every filter change and is redrawn from scratch in the browser. No background
tiles (`tiles=None`), because the dashboard draws none by default either.
"""
from __future__ import annotations

import os
import socket
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BOUNDARIES = os.environ.get("NAIVE_BOUNDARIES", str(ROOT / ".." / "shared" / "data" / "yen-son" / "communes-2020.geojson"))
RECORDS = os.environ.get("NAIVE_RECORDS", str(ROOT / "data" / "demo" / "records.csv"))
LEAFLET_MODE = os.environ.get("NAIVE_LEAFLET", "auto")
LOCAL_LEAFLET = "/app/static/leaflet"  # HERE / static / leaflet, served by Streamlit's static serving
FIELD_LABELS = {
    "kinh-te": "Kinh tế",
    "van-hoa-xa-hoi": "Văn hóa – xã hội",
    "quoc-phong-an-ninh": "Quốc phòng – an ninh",
    "he-thong-chinh-tri": "Xây dựng hệ thống chính trị",
    "nong-thon-moi": "Xây dựng nông thôn mới",
    "khac": "Khác",
}


def cdn_reachable(host: str = "cdn.jsdelivr.net") -> bool:
    try:
        with socket.create_connection((host, 443), timeout=2):
            return True
    except OSError:
        return False


@st.cache_resource
def leaflet_mode() -> str:
    """`cdn` or `local` (see the module docstring); local copies Leaflet next to this script once."""
    mode = LEAFLET_MODE if LEAFLET_MODE in ("cdn", "local") else ("cdn" if cdn_reachable() else "local")
    if mode == "local":  # what dashboard/assets.py does, into this script's own static folder
        import shutil
        import xstatic.pkg.leaflet as xleaflet
        target, source = HERE / "static" / "leaflet", Path(xleaflet.BASE_DIR)
        target.mkdir(parents=True, exist_ok=True)
        for name in ("leaflet.js", "leaflet.css"):
            shutil.copy2(source / name, target / name)
        shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return mode


@st.cache_data
def load_boundaries(path: str) -> gpd.GeoDataFrame:
    return gpd.read_file(path)


@st.cache_data
def load_data(path: str) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"commune_code": str})


st.set_page_config(page_title="Dân vận khéo – bản đồ", layout="wide")
st.title("Dân vận khéo – bản đồ mô hình")

communes = load_boundaries(BOUNDARIES)
df = load_data(RECORDS)

st.sidebar.header("Bộ lọc")
fields = st.sidebar.multiselect("Lĩnh vực", list(FIELD_LABELS), format_func=FIELD_LABELS.get,
                                placeholder="Tất cả lĩnh vực")
first_year, last_year = int(df["year"].min()), int(df["year"].max())
years = st.sidebar.slider("Năm", first_year, last_year, (first_year, last_year))

filtered = df[df["year"].between(years[0], years[1])]
if fields:
    filtered = filtered[filtered["field"].isin(fields)]
counts = filtered.groupby("commune_code").size().reset_index(name="count")

communes = communes.merge(counts, left_on="gso_code", right_on="commune_code", how="left")
communes["count"] = communes["count"].fillna(0).astype(int)

st.metric("Số mô hình, điển hình", f"{len(filtered):,}".replace(",", "."))

west, south, east, north = communes.total_bounds
m = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=10, tiles=None)
if leaflet_mode() == "local":
    m.default_js = [("leaflet", f"{LOCAL_LEAFLET}/leaflet.js")]
    m.default_css = [("leaflet_css", f"{LOCAL_LEAFLET}/leaflet.css")]
choropleth = folium.Choropleth(
    geo_data=communes[["gso_code", "name", "count", "geometry"]],
    data=communes,
    columns=["gso_code", "count"],
    key_on="feature.properties.gso_code",
    fill_color="YlOrRd",
    fill_opacity=0.8,
    line_opacity=0.4,
    legend_name="Số mô hình",
    highlight=True,
).add_to(m)
choropleth.geojson.add_child(folium.GeoJsonTooltip(fields=["name", "count"], aliases=["Xã:", "Số mô hình:"]))
if leaflet_mode() == "local":  # the legend is branca's colormap, drawn with d3 from cdnjs: offline, none
    for key in [k for k in choropleth._children if k.startswith("color_map")]:
        del choropleth._children[key]
m.fit_bounds([[south, west], [north, east]])

st_folium(m, height=560, use_container_width=True)

st.subheader("Danh sách mô hình")
st.dataframe(filtered.head(100))
