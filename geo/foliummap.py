"""Draw a MapSpec with folium, with Leaflet served by the app itself.

The base map (background and context outlines) stays the same while filters
change; the choropleth is a separate FeatureGroup so streamlit-folium can
swap it in place instead of remounting the whole map.
"""
from html import escape

import folium
import geopandas as gpd

from geo.mapspec import MapSpec

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"
LABEL_STYLE = ("font:600 11px/1.1 sans-serif;color:#1a1a1a;white-space:nowrap;"
               "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;"
               "transform:translate(-50%,-50%);display:inline-block;pointer-events:none")


def base_map(context: gpd.GeoDataFrame, bounds, assets_url: str, tiles: bool = False) -> folium.Map:
    """Background map: neighbouring districts for orientation, optional OSM tiles.

    `assets_url` is where the app serves Leaflet (e.g. "/app/static/leaflet"),
    so nothing is fetched from a CDN.
    """
    (south, west), (north, east) = bounds
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=10,
                      tiles=None, control_scale=True, zoom_snap=0.25)
    fmap.default_js = [("leaflet", f"{assets_url}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{assets_url}/leaflet.css")]
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, max_zoom=18).add_to(fmap)
    _context_layer(context).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    return fmap


def _context_layer(context: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """District outlines in grey with their names, drawn under the communes.

    `context` has columns name, label, level; rows whose label is empty
    (the mapped district itself) are drawn but not named.
    """
    group = folium.FeatureGroup(name="context", control=False)
    districts = context[context["level"] == "district"]
    folium.GeoJson(
        districts[["name", "geometry"]].assign(name=districts["name"].map(escape)).to_json(drop_id=True),
        style_function=lambda _: {"color": "#8c8c8c", "weight": 1.2, "fillColor": "#f2f0eb",
                                  "fillOpacity": 1.0},
        interactive=False,
    ).add_to(group)
    named = districts[districts["label"] != ""]
    for point, name in zip(named.geometry.representative_point(), named["label"]):
        _label(point.y, point.x, escape(name), "#7a7a7a").add_to(group)
    return group


def choropleth_layer(spec: MapSpec, show_labels: bool) -> folium.FeatureGroup:
    """Coloured communes with tooltips, optional name labels and the selection outline."""
    group = folium.FeatureGroup(name="communes", control=False)
    folium.GeoJson(
        spec.geojson,
        style_function=_commune_style,
        highlight_function=lambda _: {"weight": 3, "color": "#d95f02"},
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    ).add_to(group)
    if spec.selected_geojson:
        folium.GeoJson(spec.selected_geojson, interactive=False,
                       style_function=lambda _: {"color": "#d95f02", "weight": 4, "fillOpacity": 0}
                       ).add_to(group)
    if show_labels:
        for lat, lon, name in spec.labels:
            _label(lat, lon, name, "#1a1a1a").add_to(group)
    return group


APPROXIMATE_OUTLINE = {"color": "#6a3d9a", "weight": 2.2, "dashArray": "1 5", "lineCap": "round"}


def _commune_style(feature: dict) -> dict:
    """Fill by class; dimmed units are dashed, approximate ones get a dotted purple outline."""
    props = feature["properties"]
    style = {"fillColor": props["fill"], "color": "#555555", "weight": 0.8,
             "fillOpacity": 0.9, "opacity": 0.6 if props["dim"] else 1.0,
             "dashArray": "3 3" if props["dim"] else None}
    return style | APPROXIMATE_OUTLINE if props.get("approx") else style


def _label(lat: float, lon: float, escaped_name: str, colour: str) -> folium.Marker:
    """A text label; the caller passes an already escaped name."""
    html = f'<span class="map-label" style="{LABEL_STYLE};color:{colour}">{escaped_name}</span>'
    return folium.Marker([lat, lon], icon=folium.DivIcon(html=html, icon_size=(0, 0)),
                         interactive=False)
