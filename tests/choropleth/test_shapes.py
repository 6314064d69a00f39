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


# --------------------------------------------------------------------------- overview of a big map

def _vertices(doc: dict) -> int:
    return sum(len(ring) // 2 for item in doc["units"] + doc["context"] for poly in item["polys"] for ring in poly)


def _read(folder, name: str) -> dict:
    return json.loads(gzip.decompress((folder / name).read_bytes()))


def _without_polygons(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "polys"} for item in items]


@pytest.fixture(scope="module")
def yen_son():
    from geo.dataset import map_ready
    from tests.boundaries.builders import yen_son_communes
    return map_ready(yen_son_communes())


@pytest.fixture(scope="module")
def around(yen_son):
    outline = yen_son.union_all()
    return gpd.GeoDataFrame({"name": ["Hàm Yên", "?"], "label": ["Hàm Yên", ""], "level": ["district", "uncoded"]},
                            geometry=[outline.buffer(0.05).difference(outline), shapely.box(105.0, 21.5, 105.1, 21.6)],
                            crs=WGS84)


def test_a_map_of_few_units_is_one_file(communes, tmp_path):
    assert shapes.write_map(communes, None, tmp_path) == (shapes.write(shapes.document(communes, None), tmp_path), None)


def test_a_big_map_opens_on_an_overview_of_the_same_shapes_in_the_same_order(yen_son, around, tmp_path, monkeypatch):
    monkeypatch.setattr(shapes, "OVERVIEW_ABOVE_UNITS", len(yen_son) - 1)
    first, detail = shapes.write_map(yen_son, around, tmp_path)
    overview, display = _read(tmp_path, first), _read(tmp_path, detail)
    assert display == shapes.document(yen_son, around)
    assert _without_polygons(overview["units"]) == _without_polygons(display["units"])
    assert _without_polygons(overview["context"]) == _without_polygons(display["context"])
    assert overview["bounds"] == display["bounds"]
    assert _vertices(overview) < 0.5 * _vertices(display), (_vertices(overview), _vertices(display))
    # still a coverage: thinned together, neighbours keep one border and no unit goes missing
    thinned = shapely.coverage_simplify(yen_son.geometry.values, shapes.OVERVIEW_TOLERANCE)
    assert shapely.coverage_is_valid(thinned) and not shapely.is_empty(thinned).any()
    assert [u["polys"] for u in overview["units"]] == [shapes.polygons(g) for g in thinned]


def test_the_overview_is_made_once_per_display_geometry_and_tolerance(yen_son, around, tmp_path, monkeypatch):
    monkeypatch.setattr(shapes, "OVERVIEW_ABOVE_UNITS", 10)
    names = shapes.write_map(yen_son, around, tmp_path)
    assert names[0] == shapes.overview_name(names[1]) != names[1]
    made = shapes.document
    monkeypatch.setattr(shapes, "document", lambda *a, thinned=False: made(*a) if not thinned else pytest.fail())
    assert shapes.write_map(yen_son, around, tmp_path) == names  # a restarted server finds it
    monkeypatch.setattr(shapes, "document", made)
    (tmp_path / names[0]).unlink()
    assert shapes.write_map(yen_son, around, tmp_path) == names and (tmp_path / names[0]).is_file()
    monkeypatch.setattr(shapes, "OVERVIEW_TOLERANCE", shapes.OVERVIEW_TOLERANCE / 2)  # thinned otherwise: a new name
    thinner = shapes.write_map(yen_son, around, tmp_path)
    assert thinner[1] == names[1] and thinner[0] != names[0]
    assert _vertices(_read(tmp_path, thinner[0])) > _vertices(_read(tmp_path, names[0]))
