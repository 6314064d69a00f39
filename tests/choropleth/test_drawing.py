"""The folium drawing the staff's boundary preview uses (geo.choropleth.drawing): no CDN, nothing raw.

The viewer's map is the component of dashboard/viewer/mapcomponent; this base
map and preview layer remain for the boundary page, where a file's shapes are
checked before they are saved.
"""
import re

import geopandas as gpd
import pytest
import shapely

from geo.boundaries.layers import WGS84
from geo.choropleth.drawing import base_map, preview_layer

ASSETS = "/app/static/leaflet"
EVIL = "<img src=x onerror=alert(1)>"
BOUNDS = ((21.8, 105.2), (21.9, 105.4))


@pytest.fixture
def context():
    shapes = [shapely.box(105.0 + i * 0.05, 21.6, 105.04 + i * 0.05, 21.65) for i in range(5)]
    return gpd.GeoDataFrame({
        "name": ["Hà Giang", "Sơn Dương <b>", "Tỉnh Tuyên Quang", "Tân Bình", "Yên Sơn derived"],
        "label": ["Hà Giang", "Sơn Dương <b>", "", "", "Yên Sơn"],
        "level": ["province_neighbour", "district", "province", "uncoded", "district_derived"]},
        geometry=shapes, crs=WGS84)


def html_of(fmap) -> str:
    """folium writes data as JSON with \\uXXXX escapes; undo them to see what Leaflet gets."""
    html = fmap.get_root().render()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


@pytest.mark.parametrize("tiles", [False, True])
def test_base_map_loads_nothing_from_a_cdn(context, tiles):
    html = base_map(context, BOUNDS, ASSETS, tiles=tiles).get_root().render()
    for cdn in ("cdn.jsdelivr", "cdnjs", "code.jquery", "unpkg.com", "bootstrapcdn"):
        assert cdn not in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(s.startswith(ASSETS + "/") for s in scripts)
    assert ("tile.openstreetmap.org" in html) is tiles


def test_context_levels_drawn_and_named_as_text(context):
    html = html_of(base_map(context, BOUNDS, ASSETS))
    assert "Hà Giang</span>" in html and "Sơn Dương &lt;b&gt;</span>" in html
    assert "Sơn Dương <b>" not in html
    assert "Yên Sơn</span>" not in html  # levels the map does not know are not drawn
    assert '"fillColor": "#e3d9c6"' in html and '"fillOpacity": 0.0' in html  # uncoded polygons, outline


def test_preview_names_matched_units_escaped_and_hides_rejected_attributes(context):
    matched = gpd.GeoDataFrame({"name": [EVIL], "code": ["02431"]},
                               geometry=[shapely.box(105.2, 21.8, 105.25, 21.85)], crs=WGS84)
    rejected = gpd.GeoDataFrame({"name": ["<script>x</script>"]},
                                geometry=[shapely.box(105.3, 21.8, 105.35, 21.85)], crs=WGS84)
    fmap = base_map(context, BOUNDS, ASSETS)
    preview_layer(matched, rejected, "Không khớp <i>").add_to(fmap)
    html = html_of(fmap)
    assert EVIL not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<script>x</script>" not in html and "script&gt;x" not in html  # the file's own names are not shown
    assert "Không khớp &lt;i&gt;" in html
