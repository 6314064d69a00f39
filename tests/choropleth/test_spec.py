"""The choropleth as data (geo.choropleth.spec) and as folium HTML (geo.choropleth.drawing).

Commune names and labels come from files, and Leaflet tooltips insert their
content as raw HTML, so everything a file supplies must arrive escaped.
"""
import re
from dataclasses import replace

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo.choropleth.aggregate import commune_values
from geo.boundaries.layers import WGS84, display_geometry, label_points
from geo.choropleth.classify import DIM_COLOUR, NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.records.fields import FIELD_CODES
from geo.choropleth.drawing import _commune_style, base_map, choropleth_layer
from geo.choropleth.spec import MapText, build_spec

EVIL = "<img src=x onerror=alert(1)>"
LON, LAT = 105.25, 21.85
ASSETS = "/app/static/leaflet"

# code → (name, records per field as {field: n})
COMMUNES = {
    "02431": (EVIL, {"kinh-te": 3, "khac": 1}),
    "02434": ("Lực Hành", {"nong-thon-moi": 6}),
    "02437": ("Kiến Thiết", {}),             # no record at all: no data
    "02440": ("Trung Minh", {"kinh-te": 2}),  # records only in 2020: zero in 2021
}


@pytest.fixture(scope="module")
def communes():
    codes = list(COMMUNES)
    gdf = gpd.GeoDataFrame({
        "code": codes,
        "name": [COMMUNES[c][0] for c in codes],
        "population": [1000.0, 2000.0, 3000.0, 4000.0],
    }, geometry=[shapely.box(LON + i * 0.02, LAT, LON + i * 0.02 + 0.015, LAT + 0.015) for i in range(len(codes))],
        crs=WGS84)
    gdf["label"] = label_points(gdf)
    return gdf.set_geometry(display_geometry(gdf))


@pytest.fixture(scope="module")
def records():
    rows = []
    for code, (_, per_field) in COMMUNES.items():
        for field, n in per_field.items():
            year = 2020 if code == "02440" else 2021
            rows += [{"commune_code": code, "field": field, "year": year}] * n
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def values(communes, records):
    return commune_values(communes, records, records[records["year"] == 2021])


@pytest.fixture(scope="module")
def text():
    return MapText(total="Tổng <script>x</script>", per1000="Trên 1.000 dân", no_data="Chưa có dữ liệu",
                   field_labels={code: f"<b>{code}</b>" for code in FIELD_CODES}, number=lambda v: f"{v:g}")


def spec_for(communes, values, text, **kwargs):
    classes = classify(values["count"], integer=True)
    return build_spec(communes, values, "count", classes, text, **kwargs)


def props(spec) -> dict:
    return {f["properties"]["code"]: f["properties"] for f in spec.geojson["features"]}


# --- escaping ----------------------------------------------------------------------------------

def test_values_fixture_has_zero_and_no_data(values):
    by_code = values.set_index("code")
    assert by_code.loc["02440", "count"] == 0 and by_code.loc["02440", "covered"]
    assert pd.isna(by_code.loc["02437", "count"]) and not by_code.loc["02437", "covered"]


@pytest.mark.parametrize("prop", ["tip", "name"])
def test_commune_name_is_escaped_in_properties(communes, values, text, prop):
    value = props(spec_for(communes, values, text))["02431"][prop]
    assert "&lt;img" in value
    assert "<img" not in value


def test_label_text_is_escaped(communes, values, text):
    spec = spec_for(communes, values, text)
    names = [name for _, _, name in spec.labels]
    assert len(names) == len(COMMUNES)
    assert "&lt;img src=x onerror=alert(1)&gt;" in names
    assert not any("<" in name for name in names)
    assert "Lực Hành" in names  # plain names pass through unchanged


def test_field_and_total_labels_are_escaped_in_tooltips(communes, values, text):
    tip = props(spec_for(communes, values, text))["02431"]["tip"]
    assert "&lt;b&gt;kinh-te&lt;/b&gt;: 3" in tip
    assert "<b>kinh-te" not in tip
    assert "&lt;script&gt;" in tip and "<script>" not in tip


def test_no_raw_markup_anywhere_in_the_geojson(communes, values, text):
    spec = spec_for(communes, values, text, selected="02431")
    for payload in (spec.geojson, spec.selected_geojson):
        dumped = str(payload)
        assert "<img" not in dumped and "<script" not in dumped


def test_tooltip_lists_total_per1000_and_every_field(communes, values, text):
    tip = props(spec_for(communes, values, text))["02434"]["tip"]
    lines = tip.split("<br>")
    assert lines[0] == "<b>Lực Hành</b>"
    assert lines[1] == "Tổng &lt;script&gt;x&lt;/script&gt;: <b>6</b>"
    assert lines[2] == "Trên 1.000 dân: 3"  # 6 / 2000 * 1000
    assert len(lines) == 3 + len(FIELD_CODES)
    assert "&lt;b&gt;nong-thon-moi&lt;/b&gt;: 6" in lines


# --- colours -----------------------------------------------------------------------------------

def test_fills_follow_the_classes(communes, values, text):
    classes = classify(values["count"], integer=True)
    features = props(spec_for(communes, values, text))
    by_code = values.set_index("code")
    for code in ("02431", "02434"):
        assert features[code]["fill"] == classes.colour(by_code.loc[code, "count"])
    assert features["02431"]["fill"] != features["02434"]["fill"]


def test_zero_commune_is_white(communes, values, text):
    feature = props(spec_for(communes, values, text))["02440"]
    assert feature["fill"] == ZERO_COLOUR
    assert "Trung Minh" in feature["tip"] and ": <b>0</b>" in feature["tip"]


def test_no_data_commune_is_grey_and_says_so(communes, values, text):
    feature = props(spec_for(communes, values, text))["02437"]
    assert feature["fill"] == NO_DATA_COLOUR
    assert feature["tip"] == "<b>Kiến Thiết</b><br>Chưa có dữ liệu"
    assert "Tổng" not in feature["tip"]


def test_no_data_text_is_escaped(communes, values, text):
    odd = MapText(text.total, text.per1000, "<i>none</i>", text.field_labels, text.number)
    tip = props(spec_for(communes, values, odd))["02437"]["tip"]
    assert tip.endswith("&lt;i&gt;none&lt;/i&gt;")


@pytest.mark.parametrize("in_filter, dimmed", [
    (None, set()),
    ({"02431"}, {"02434", "02437", "02440"}),
    ({"02431", "02437"}, {"02434", "02440"}),
    (set(COMMUNES), set()),
])
def test_communes_outside_the_filter_are_dimmed(communes, values, text, in_filter, dimmed):
    features = props(spec_for(communes, values, text, in_filter=in_filter))
    assert {code for code, p in features.items() if p["dim"]} == dimmed
    for code, p in features.items():
        if code in dimmed:
            assert p["fill"] == DIM_COLOUR
        else:
            assert p["fill"] != DIM_COLOUR


# --- selection and extent ----------------------------------------------------------------------

def test_selected_commune_has_its_outline(communes, values, text):
    spec = spec_for(communes, values, text, selected="02434")
    features = spec.selected_geojson["features"]
    assert [f["properties"]["code"] for f in features] == ["02434"]
    assert features[0]["geometry"]["type"] == "Polygon"


@pytest.mark.parametrize("selected", [None, "99999", ""])
def test_no_outline_without_a_known_selection(communes, values, text, selected):
    assert spec_for(communes, values, text, selected=selected).selected_geojson is None


def test_bounds_are_south_west_north_east(communes, values, text):
    (south, west), (north, east) = spec_for(communes, values, text).bounds
    minx, miny, maxx, maxy = communes.total_bounds
    assert (south, west, north, east) == (miny, minx, maxy, maxx)
    assert south < north and west < east


def test_one_feature_per_commune(communes, values, text):
    spec = spec_for(communes, values, text)
    assert sorted(props(spec)) == sorted(COMMUNES)
    assert {tuple(sorted(p)) for p in props(spec).values()} == {("approx", "code", "dim", "fill", "name", "tip")}


def test_approximate_units_are_starred_said_and_outlined(communes, values, text):
    marked = communes.assign(approximate=[False, True, False, False],
                             note=["", f"Gồm: {EVIL}", "", ""])
    spec = spec_for(marked, values, replace(text, approximate=f"Ranh giới gần đúng {EVIL}"))
    tip = props(spec)["02434"]["tip"]
    assert "<i>* Ranh giới gần đúng &lt;img" in tip and "Gồm: &lt;img src=x" in tip
    assert EVIL not in tip
    assert [p["approx"] for p in props(spec).values()] == [False, True, False, False]
    assert [name for _, _, name in spec.labels][1] == "Lực Hành *"
    styles = [_commune_style(f) for f in spec.geojson["features"]]
    assert [s.get("color") for s in styles] == ["#555555", "#6a3d9a", "#555555", "#555555"]


def test_plain_units_say_nothing_about_approximation(communes, values, text):
    spec = spec_for(communes, values, replace(text, approximate="Ranh giới gần đúng"))
    assert not any("gần đúng" in p["tip"] for p in props(spec).values())
    assert not any(name.endswith("*") for _, _, name in spec.labels)


def test_per1000_metric_colours_by_rate(communes, values, text):
    classes = classify(values["per1000"])
    spec = build_spec(communes, values, "per1000", classes, text)
    by_code = values.set_index("code")
    features = props(spec)
    assert features["02431"]["fill"] == classes.colour(by_code.loc["02431", "per1000"])
    assert features["02437"]["fill"] == NO_DATA_COLOUR


# --- folium HTML -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def context(communes):
    outline = communes.geometry.union_all().buffer(0.005)
    neighbour = shapely.box(LON - 0.1, LAT, LON - 0.02, LAT + 0.05)
    return gpd.GeoDataFrame({"name": ["Yên Sơn", "Sơn Dương <b>"], "label": ["", "Sơn Dương <b>"],
                             "level": ["district", "district"]},
                            geometry=[outline, neighbour], crs=WGS84)


def render(communes, values, text, context, tiles=False, show_labels=True):
    spec = spec_for(communes, values, text, selected="02431")
    fmap = base_map(context, spec.bounds, ASSETS, tiles=tiles)
    choropleth_layer(spec, show_labels).add_to(fmap)
    return fmap.get_root().render()


def unescape_json(html: str) -> str:
    """folium writes data as JSON with \\uXXXX escapes; undo them to see what Leaflet gets."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), html)


@pytest.mark.parametrize("tiles", [False, True])
def test_map_html_loads_nothing_from_a_cdn(communes, values, text, context, tiles):
    html = render(communes, values, text, context, tiles=tiles)
    for cdn in ("cdn.jsdelivr", "cdnjs", "code.jquery", "unpkg.com", "bootstrapcdn"):
        assert cdn not in html
    assert f'src="{ASSETS}/leaflet.js"' in html
    assert f'href="{ASSETS}/leaflet.css"' in html
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(s.startswith(ASSETS + "/") for s in scripts)
    assert ("tile.openstreetmap.org" in html) is tiles


def test_map_html_has_no_raw_markup_from_files(communes, values, text, context):
    html = render(communes, values, text, context)
    decoded = unescape_json(html)
    assert decoded != html
    for page in (html, decoded):
        assert "<img src=x onerror" not in page
        assert "<b>kinh-te" not in page
        assert "Sơn Dương <b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;</span>" in decoded  # the commune label
    assert '"name": "&lt;img src=x onerror=alert(1)&gt;"' in decoded  # the feature property
    assert "Sơn Dương &lt;b&gt;</span>" in decoded


@pytest.mark.parametrize("show_labels", [True, False])
def test_commune_labels_are_optional(communes, values, text, context, show_labels):
    html = unescape_json(render(communes, values, text, context, show_labels=show_labels))
    assert ("Lực Hành</span>" in html) is show_labels
    assert "Sơn Dương &lt;b&gt;</span>" in html  # context labels always shown


def test_many_units_get_no_labels(communes, values, text, context):
    spec = spec_for(communes, values, text)

    def html(s) -> str:
        fmap = base_map(context, s.bounds, ASSETS)
        choropleth_layer(s, show_labels=True).add_to(fmap)
        return unescape_json(fmap.get_root().render())

    assert "Lực Hành</span>" in html(spec)
    assert "Lực Hành</span>" not in html(replace(spec, labels=spec.labels * 11))  # 44, as on a province map


def test_context_levels_drawn_and_named(communes, values, text):
    shapes = [shapely.box(LON - 0.3 + i * 0.05, LAT - 0.2, LON - 0.26 + i * 0.05, LAT - 0.15) for i in range(5)]
    context = gpd.GeoDataFrame({
        "name": ["Hà Giang", "Sơn Dương", "Tỉnh Tuyên Quang", "Tân Bình", "Yên Sơn derived"],
        "label": ["Hà Giang", "Sơn Dương", "", "", "Yên Sơn"],
        "level": ["province_neighbour", "district", "province", "uncoded", "district_derived"]},
        geometry=shapes, crs=WGS84)
    html = unescape_json(render(communes, values, text, context))
    assert "Hà Giang</span>" in html and "Sơn Dương</span>" in html
    assert "Yên Sơn</span>" not in html                      # levels the map does not know are not drawn
    assert '"fillColor": "#e3d9c6"' in html and '"fillOpacity": 0.0' in html  # uncoded polygons, outline
