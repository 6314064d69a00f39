"""Draw a boundary file's preview with folium, with Leaflet served by the app itself.

The staff's boundary page shows a file's shapes before they are saved: the
base map (context outlines, optional tiles) and the preview layer. The
viewer's choropleth is drawn by dashboard/viewer/mapcomponent instead, from
geo.choropleth.shapes and geo.choropleth.paint.
"""
from html import escape

import folium
import geopandas as gpd
from branca.element import MacroElement, Template

from geo.choropleth.classify import UNCODED_COLOUR

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
                      tiles=None, zoom_snap=0.25)
    MetricScale().add_to(fmap)
    fmap.default_js = [("leaflet", f"{assets_url}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{assets_url}/leaflet.css")]
    if tiles:
        folium.TileLayer(OSM_TILES, attr=OSM_ATTRIBUTION, max_zoom=18).add_to(fmap)
    _context_layer(context).add_to(fmap)
    fmap.fit_bounds([[south, west], [north, east]])
    return fmap


class MetricScale(MacroElement):
    """A scale bar in metres and kilometres only: folium's own (`control_scale`) adds miles too."""
    _template = Template("""{% macro script(this, kwargs) %}
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
    {% endmacro %}""")


CONTEXT_STYLES = {  # level -> style; drawn in this order (outline last, on top)
    "province_neighbour": {"color": "#a6a6a6", "weight": 1.0, "fillColor": "#e6e4de", "fillOpacity": 1.0},
    "district": {"color": "#8c8c8c", "weight": 1.2, "fillColor": "#f2f0eb", "fillOpacity": 1.0},
    "uncoded": {"color": "#8c8c8c", "weight": 0.8, "fillColor": UNCODED_COLOUR, "fillOpacity": 1.0,
                "dashArray": "2 3"},
    "province": {"color": "#5c5c5c", "weight": 2.4, "fillOpacity": 0.0},
}
LABEL_COLOURS = {"province_neighbour": "#9a9a9a", "district": "#7a7a7a"}


def _context_layer(context: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """Neighbouring provinces and districts in grey with their names, and the province outline.

    `context` has columns name, label, level; rows whose label is empty
    (the mapped district itself) are drawn but not named. Other levels (e.g.
    a derived outline of the mapped district) are not drawn.
    """
    group = folium.FeatureGroup(name="context", control=False)
    for level, style in CONTEXT_STYLES.items():
        shapes = context[context["level"] == level]
        if shapes.empty:
            continue
        folium.GeoJson(
            shapes[["name", "geometry"]].assign(name=shapes["name"].map(escape)).to_json(drop_id=True),
            style_function=lambda _, style=style: style, interactive=False,
        ).add_to(group)
    named = context[context["level"].isin(list(LABEL_COLOURS)) & (context["label"] != "")]
    for point, name, level in zip(named.geometry.representative_point(), named["label"], named["level"]):
        _label(point.y, point.x, escape(name), LABEL_COLOURS[level]).add_to(group)
    return group


def _label(lat: float, lon: float, escaped_name: str, colour: str) -> folium.Marker:
    """A text label; the caller passes an already escaped name."""
    html = f'<span class="map-label" style="{LABEL_STYLE};color:{colour}">{escaped_name}</span>'
    return folium.Marker([lat, lon], icon=folium.DivIcon(html=html, icon_size=(0, 0)),
                         interactive=False)


def preview_layer(matched: gpd.GeoDataFrame, rejected: gpd.GeoDataFrame, rejected_text: str) -> folium.FeatureGroup:
    """A boundary file before it is saved: matched units in blue (named), the others in red.

    Names come from the registry and are escaped like every other label;
    the rejected features' own attributes are not shown at all (the report
    lists them), so nothing from the file reaches the HTML.
    """
    group = folium.FeatureGroup(name="preview", control=False)
    if len(matched):
        tips = matched.assign(tip=[f"<b>{escape(n)}</b><br>{escape(c)}"
                                   for n, c in zip(matched["name"], matched["code"])])
        folium.GeoJson(tips[["tip", "geometry"]].to_json(drop_id=True),
                       style_function=lambda _: {"color": "#08519c", "weight": 1.2, "fillColor": "#9ecae1",
                                                 "fillOpacity": 0.7},
                       tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)).add_to(group)
    if len(rejected):
        shapes = gpd.GeoDataFrame({"tip": [escape(rejected_text)] * len(rejected)},
                                  geometry=rejected.geometry.values, crs=rejected.crs)
        folium.GeoJson(shapes.to_json(drop_id=True),
                       style_function=lambda _: {"color": "#a50f15", "weight": 1.5, "fillColor": "#fb6a4a",
                                                 "fillOpacity": 0.7},
                       tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True)).add_to(group)
    return group
