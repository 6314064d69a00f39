"""The compare view's panels and small maps (geo.choropleth.compare, geo.choropleth.small)."""
import math
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, box

from geo.choropleth import compare, small
from geo.choropleth.classify import NO_DATA_COLOUR
from geo.choropleth.query import Filter, query
from geo.records.fields import FIELD_CODES

COMMUNES = pd.DataFrame({"code": ["A", "B", "C"], "population": [1000, 2000, 0]})
RECORDS = pd.DataFrame({
    "commune_code": ["A", "A", "A", "B", "B", "A", "B", "B", "B"],
    "year": [2020, 2020, 2021, 2021, 2021, 2022, 2022, 2022, 2022],
    "field": ["kinh-te", "van-hoa-xa-hoi", "kinh-te", "kinh-te", "kinh-te", "quoc-phong-an-ninh", "kinh-te",
              "kinh-te", "van-hoa-xa-hoi"]})
FILTER = Filter(year_from=2020, year_to=2022)


def test_a_split_by_year_has_one_panel_per_year_whose_totals_add_up():
    panels = compare.split("year", COMMUNES, RECORDS, RECORDS, FILTER)
    assert [p.key for p in panels] == [2020, 2021, 2022]
    assert [p.total for p in panels] == [2, 3, 4]
    assert sum(p.total for p in panels) == len(query(RECORDS, FILTER))
    assert panels[1].values.tolist()[:2] == [1, 2]
    assert math.isnan(panels[1].values.tolist()[2])   # C has no record in any year: no data, not zero


def test_a_split_by_field_follows_the_field_filter_or_takes_all_six():
    assert [p.key for p in compare.split("field", COMMUNES, RECORDS, RECORDS, FILTER)] == list(FIELD_CODES)
    chosen = compare.split("field", COMMUNES, RECORDS, RECORDS, Filter(fields=("kinh-te", "quoc-phong-an-ninh"),
                                                                               year_from=2020, year_to=2022))
    assert [(p.key, p.total) for p in chosen] == [("kinh-te", 6), ("quoc-phong-an-ninh", 1)]


def test_the_change_is_the_last_year_minus_the_first_per_unit():
    panel = compare.change(COMMUNES, RECORDS, RECORDS, FILTER)
    assert panel.values.tolist()[:2] == [1 - 2, 3 - 0]
    assert panel.total == 4 - 2


def test_diverging_classes_are_centred_at_zero_with_the_largest_change_in_the_last_class():
    scale = compare.diverging(pd.Series([-9.0, -1.0, 0.0, 2.0, 4.0, np.nan]), integer=True)
    assert scale.step == 3
    assert [scale.colour(v) for v in (-9, -1, 0, 2, 4, 9, np.nan)] == [
        compare.FEWER[2], compare.FEWER[0], compare.SAME, compare.MORE[0], compare.MORE[1], compare.MORE[2],
        NO_DATA_COLOUR]
    directions = [direction for _, direction, _, _ in scale.ranges()]
    assert directions == ["more"] * 3 + ["same"] + ["fewer"] * 3
    assert scale.ranges()[0][3] is None and scale.ranges()[-1][3] is None   # the outer classes are open


def test_no_change_anywhere_is_all_the_neutral_colour():
    scale = compare.diverging(pd.Series([0.0, 0.0]), integer=True)
    assert {scale.colour(0.0)} == {compare.SAME}


def test_small_outlines_have_one_path_per_unit_and_keep_the_areas_shape():
    shapes = small.outlines(gpd.GeoSeries([box(105, 21, 105.2, 21.1), MultiPolygon([box(105.3, 21, 105.4, 21.1),
                                                                                       box(105.5, 21, 105.6, 21.1)]), None]))
    assert len(shapes.paths) == 3 and shapes.paths[2] == ""
    assert shapes.paths[1].count("M") == 2
    assert shapes.width == small.WIDTH
    inner = small.WIDTH - 2 * small.MARGIN
    assert shapes.height == pytest.approx(inner * 0.1 / (0.6 * math.cos(math.radians(21.05))) + 2 * small.MARGIN,
                                          abs=0.2)


def test_small_maps_keep_a_margin_so_no_unit_touches_the_edge_of_its_picture():
    shapes = small.outlines(gpd.GeoSeries([box(105, 21, 105.2, 21.1), box(105.2, 20.9, 105.6, 21.1)]))
    points = [tuple(map(float, p)) for d in shapes.paths for p in re.findall(r"([\d.]+),([\d.]+)", d)]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    assert min(xs) == min(ys) == small.MARGIN > 0
    assert max(xs) == pytest.approx(shapes.width - small.MARGIN, abs=0.1)
    assert max(ys) == pytest.approx(shapes.height - small.MARGIN, abs=0.1)


def test_the_svg_fills_each_unit_with_its_colour_and_escapes_it():
    shapes = small.outlines(gpd.GeoSeries([box(0, 0, 1, 1), box(1, 0, 2, 1)]))
    drawn = small.svg(shapes, ["#ffffcc", '"><script>'])
    assert re.findall(r'fill="([^"]*)"', drawn) == ["#ffffcc", "&quot;&gt;&lt;script&gt;"]
    assert "<script>" not in drawn
