"""The map's geometry file (geo.choropleth.shapes): small, exact to a metre, named by its content."""
import gzip
import json

import geopandas as gpd
import pytest
import shapely

from geo.boundaries.layers import WGS84, label_points
from geo.choropleth import shapes

EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def communes():
    square = shapely.box(105.2, 21.8, 105.23, 21.83)
    holed = shapely.Polygon(shapely.box(105.3, 21.8, 105.36, 21.86).exterior.coords,
                            [shapely.box(105.32, 21.82, 105.34, 21.84).exterior.coords])
    two = shapely.MultiPolygon([shapely.box(105.4, 21.8, 105.41, 21.81), shapely.box(105.42, 21.8, 105.43, 21.81)])
    gdf = gpd.GeoDataFrame({"code": ["02431", "02434", "02437"], "name": [EVIL, "Lực Hành", "Kiến Thiết"],
                            "population": [1000.0, float("nan"), 0.0]},
                           geometry=[square, holed, two], crs=WGS84)
    return gdf.assign(label=label_points(gdf), approximate=[False, True, False])


def test_units_keep_order_names_as_text_and_populations(communes):
    doc = shapes.document(communes, None)
    assert [u["code"] for u in doc["units"]] == ["02431", "02434", "02437"]
    assert doc["units"][0]["name"] == EVIL  # plain text: the browser writes it with textContent
    assert [u["pop"] for u in doc["units"]] == [1000, None, None]
    assert [u["approx"] for u in doc["units"]] == [False, True, False]
    assert doc["context"] == []


def test_rings_decode_to_the_vertices_within_a_metre(communes):
    doc = shapes.document(communes, None)
    outer, hole = doc["units"][1]["polys"][0]
    expected = list(communes.geometry.iloc[1].exterior.coords)[:-1]
    assert shapes.decode_ring(outer) == pytest.approx(expected, abs=1e-5)
    assert len(shapes.decode_ring(hole)) == 4
    assert len(doc["units"][2]["polys"]) == 2  # a multipolygon stays two polygons


def test_slivers_and_repeated_vertices_are_dropped():
    tiny = shapely.Polygon([(105.0, 21.0), (105.000001, 21.0), (105.0, 21.000001)])
    assert shapes.polygons(tiny) == []
    assert shapes.polygons(None) == []
    doubled = shapely.Polygon([(105.0, 21.0), (105.0, 21.0), (105.1, 21.0), (105.1, 21.1)])
    assert len(shapes.decode_ring(shapes.polygons(doubled)[0][0])) == 3


def test_context_is_drawn_in_level_order_and_only_named_levels_have_labels(communes):
    context = gpd.GeoDataFrame({"name": ["P", "Hàm Yên", "?"], "label": ["", "Hàm Yên", ""],
                                "level": ["province", "district", "uncoded"]},
                               geometry=[shapely.box(105, 21, 106, 22), shapely.box(105.5, 21.5, 105.6, 21.6),
                                         shapely.box(105.7, 21.7, 105.8, 21.8)], crs=WGS84)
    levels = [(c["level"], c["name"], c["label"] is not None) for c in shapes.document(communes, context)["context"]]
    assert levels == [("district", "Hàm Yên", True), ("uncoded", "", False), ("province", "", False)]


def test_the_file_name_is_the_content_hash_and_writing_is_idempotent(communes, tmp_path):
    doc = shapes.document(communes, None)
    name = shapes.write(doc, tmp_path)
    assert name == shapes.encode(doc)[0] and name.endswith(".json.gz")
    assert json.loads(gzip.decompress((tmp_path / name).read_bytes())) == doc
    assert shapes.write(doc, tmp_path) == name and len(list(tmp_path.iterdir())) == 1
    moved = shapes.document(communes.assign(name=["A", "B", "C"]), None)
    assert shapes.write(moved, tmp_path) != name
