"""The printed map (geo.choropleth.picture, furniture): true scale, holes that stay holes, a scale bar of
whole kilometres, texts that are never mathematics."""
import io

import geopandas as gpd
import numpy as np
import pytest
import shapely
from matplotlib.figure import Figure
from matplotlib.image import imread

from geo.choropleth import furniture, picture


@pytest.mark.parametrize("width, share, length, written", [
    (52_000, 5, 10_000, "10 km"), (9_000, 5, 1_000, "1 km"), (30_000, 5, 5_000, "5 km"), (2_400, 5, 200, "200 m"),
    (1_500_000, 5, 200_000, "200 km"), (120_000, 2.35, 50_000, "50 km"),  # a narrow small map's larger share
])
def test_the_scale_bar_is_a_round_length_of_about_a_fifth_of_the_map(width, share, length, written):
    assert furniture.bar_length(width, share) == length and furniture.distance(length) == written


def test_the_projection_keeps_kilometres_true_across_an_area():
    # two points 0.1 degree of longitude apart at 22° N: 10.33 km on the ground (WGS 84)
    points = gpd.GeoSeries([shapely.Point(105.0, 22.0), shapely.Point(105.1, 22.0), shapely.Point(105.6, 21.6)],
                           crs=4326)
    projected = points.to_crs(picture.projection(points))
    assert projected.iloc[0].distance(projected.iloc[1]) == pytest.approx(10_330, rel=2e-3)


def draw(shapes, fills, names):
    figure = Figure(figsize=(4, 4), dpi=50)
    ax = figure.add_axes((0, 0, 1, 1))
    n = len(shapes)
    spec = picture.Units(shapes, shapes.representative_point(), fills, names, [False] * n, [False] * n)
    frame = picture.draw(ax, spec, None)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return figure, frame, imread(io.BytesIO(out.getvalue()))


def test_a_unit_inside_another_keeps_its_colour_and_names_are_text():
    outer = shapely.Polygon([(105, 21), (105.2, 21), (105.2, 21.2), (105, 21.2)],
                            holes=[[(105.05, 21.05), (105.15, 21.05), (105.15, 21.15), (105.05, 21.15)]])
    inner = shapely.box(105.05, 21.05, 105.15, 21.15)
    shapes = gpd.GeoSeries([inner, outer], crs=4326)  # the outer one drawn last: its hole must stay empty
    figure, frame, image = draw(shapes, ["#ff0000", "#0000ff"], ["$x$", ""])
    middle = image[image.shape[0] // 2 + 30, image.shape[1] // 2, :3]  # below the name
    assert np.allclose(middle, [1, 0, 0])
    texts = [t for t in figure.axes[0].texts if t.get_text() == "$x$"]
    assert texts and all(not t.get_parse_math() for t in texts)
