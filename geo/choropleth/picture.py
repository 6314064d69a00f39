"""The choropleth as a picture for print: units, the outlines around them and the units' names.

The handout (dashboard/handout) draws the map with matplotlib into a box of
its page. What it draws is the web map's own spec: each unit's fill as the
browser decodes it from geo.choropleth.paint (`paint.fills`), the units
outside the commune filter dashed, the selected one outlined, approximate
units starred and outlined in dotted purple, the context in the styles of
geo.choropleth.drawing; line colours and widths are mapcomponent's. Only the
drawing differs. Words-free: the names are the units' own. Every text is drawn
as written (parse_math=False): a unit named "$x$" prints "$x$", not mathematics.

Drawn in a transverse Mercator projection centred on the area, so north is up
and a kilometre is a kilometre anywhere on the map (geo.choropleth.furniture
draws the scale bar from it).
"""
from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.collections import PatchCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path

from geo.choropleth.drawing import CONTEXT_STYLES, LABEL_COLOURS
from geo.choropleth.paint import fills

PX = 0.75  # a line width in CSS pixels (Leaflet's), in points
UNIT_EDGE = {"color": "#555555", "weight": 0.8}  # mapcomponent's UNIT_STYLE
DIM_EDGE = {"color": "#555555", "weight": 0.8, "opacity": 0.6, "dashArray": "3 3"}
APPROXIMATE_EDGE = {"color": "#6a3d9a", "weight": 2.2, "dashArray": "1 5"}
SELECTED_EDGE = {"color": "#d95f02", "weight": 4}
STYLES = {**CONTEXT_STYLES, "province_line": {"color": "#5c5c5c", "weight": 1.2, "fillOpacity": 0.0}}
BELOW, ABOVE = ("province_neighbour", "district", "uncoded"), ("province", "province_line")
INK = "#1a1a1a"  # the units' names, as on the web map
# The halo is a text of its own, drawn as outlines under the words: a text with path effects is drawn as
# outlines whole, and a PDF's words must stay text (to be searched, copied and tested).
HALO = [patheffects.Stroke(linewidth=2.2, foreground="white")]
PAD = 0.04  # of the area's larger side, left around it


@dataclass(frozen=True)
class Units:
    """What the map shows of each unit, in one order: shape and label point (lon/lat), fill, name
    ("" for none), whether it is outside the commune filter or approximate, and the selected one."""
    shapes: gpd.GeoSeries
    points: gpd.GeoSeries
    fills: list[str]
    names: list[str]
    dim: list[bool]
    approximate: list[bool]
    selected: int | None = None


@dataclass(frozen=True)
class Frame:
    """Where the map is: its projection (a PROJ string) and the data limits of its box, in metres."""
    crs: str
    xlim: tuple[float, float]
    ylim: tuple[float, float]


def units(communes: gpd.GeoDataFrame, painted: dict, named: bool) -> Units:
    """The spec of map-ready `communes` (code, name, geometry, label, maybe approximate) painted by
    geo.choropleth.paint; `named`: whether the map writes their names (approximate ones starred)."""
    count = len(communes)
    approximate = (communes["approximate"].fillna(False).astype(bool).tolist() if "approximate" in communes
                   else [False] * count)
    names = ([f"{name} *" if star else str(name) for name, star in zip(communes["name"], approximate)]
             if named else [""] * count)
    dim = [flag == "1" for flag in painted["dim"]] if painted["dim"] else [False] * count
    return Units(communes.geometry, gpd.GeoSeries(communes["label"], crs=communes.crs), fills(painted), names,
                 dim, approximate, painted["selected"])


def small_map(communes: gpd.GeoDataFrame, fills: list[str], outside: list[bool] | None) -> Units:
    """A small map of a comparison (geo.choropleth.small's, on paper): `communes` filled with `fills`, those
    `outside` the commune filter dashed as on the big map. No names: a small map is a quarter of the big
    one or less, and a trial print of Yên Sơn's six fields with its 28 names at 6 pt had names on top of
    names (Xuân Vân and Trung Trực, Lục Hành and Quý Quân) hiding half the fills; the web's small maps
    name none either. No approximate outlines: the compare legend, the page's as the handout's, does not
    explain them."""
    count = len(communes)
    return Units(communes.geometry, gpd.GeoSeries(communes["label"], crs=communes.crs), list(fills), [""] * count,
                 list(outside) if outside is not None else [False] * count, [False] * count)


def projection(shapes: gpd.GeoSeries) -> str:
    """A transverse Mercator centred on the shapes' middle meridian: true scale and north up across an area."""
    west, _, east, _ = shapes.to_crs(4326).total_bounds
    return f"+proj=tmerc +lat_0=0 +lon_0={(west + east) / 2:.5f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"


def draw(ax, spec: Units, context: gpd.GeoDataFrame | None, below: float = 0.0) -> Frame:
    """The map in `ax` (its box on the page already placed): context, units, outlines, names; `below`: the
    fraction of the box's height kept free under the area (a small map's scale bar goes there)."""
    crs = projection(spec.shapes)
    shapes = spec.shapes.to_crs(crs)
    frame = Frame(crs, *limits(ax, shapes.total_bounds, below))
    ax.set_xlim(frame.xlim)
    ax.set_ylim(frame.ylim)
    ax.set_aspect("auto")  # the limits already have the box's proportions: one metre is as long both ways
    ax.set_xticks([])
    ax.set_yticks([])
    around = context.to_crs(crs) if context is not None and not context.empty else None
    _context(ax, around, BELOW, z=1)
    ax.add_collection(_collection(shapes, spec.fills, None, z=2))
    dim = np.asarray(spec.dim, bool)
    ax.add_collection(_collection(shapes[~dim], "none", UNIT_EDGE, z=3))
    ax.add_collection(_collection(shapes[dim], "none", DIM_EDGE, z=3))
    _context(ax, around, ABOVE, z=4)
    ax.add_collection(_collection(shapes[np.asarray(spec.approximate, bool)], "none", APPROXIMATE_EDGE, z=5))
    if spec.selected is not None:
        ax.add_collection(_collection(shapes.iloc[[spec.selected]], "none", SELECTED_EDGE, z=6))
    _names(ax, spec.points.to_crs(crs), spec.names)
    if around is not None:
        _context_names(ax, around, frame)
    return frame


def limits(ax, bounds, below: float = 0.0) -> tuple[tuple[float, float], tuple[float, float]]:
    """The area's bounds with a margin, widened one way to the proportions of the axes' box, and `below` (a
    fraction of the box's height) added under it."""
    minx, miny, maxx, maxy = bounds
    pad = PAD * max(maxx - minx, maxy - miny, 1.0)
    width, height = maxx - minx + 2 * pad, maxy - miny + 2 * pad
    box = ax.get_position()
    page_width, page_height = ax.figure.get_size_inches()
    proportions = (box.width * page_width) / (box.height * (1 - below) * page_height)
    width, height = max(width, height * proportions), max(height, width / proportions)
    x, y = (minx + maxx) / 2, (miny + maxy) / 2
    return (x - width / 2, x + width / 2), (y + height / 2 - height / (1 - below), y + height / 2)


def _collection(shapes: gpd.GeoSeries, fill, edge: dict | None, z: int) -> PatchCollection:
    """The shapes as one collection: filled (a colour, one per shape, or "none") and outlined in `edge`'s style."""
    patches = [PathPatch(path) for path in _paths(shapes)]
    if edge is None:
        return PatchCollection(patches, facecolors=fill, edgecolors="none", linewidths=0, zorder=z)
    width = edge["weight"] * PX
    return PatchCollection(patches, facecolors=fill, edgecolors=edge["color"], linewidths=width,
                           linestyles=_dashes(edge.get("dashArray"), width), alpha=edge.get("opacity"),
                           capstyle="round", joinstyle="round", zorder=z)


def _paths(shapes: gpd.GeoSeries) -> list[Path]:
    """One compound path per (multi)polygon, exteriors anticlockwise and holes clockwise, so a hole stays
    empty under the non-zero fill rule and a unit inside another keeps its own colour."""
    oriented = shapely.orient_polygons(np.asarray(shapes.values, dtype=object), exterior_cw=False)
    return [_path(shape) for shape in oriented]


def _path(shape) -> Path:
    rings = [ring for part in shapely.get_parts(shape) if part.geom_type == "Polygon"
             for ring in (part.exterior, *part.interiors)]
    if not rings:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    return Path.make_compound_path(*(Path(np.asarray(ring.coords)[:, :2], closed=True) for ring in rings))


def _dashes(pattern: str | None, width: float):
    """Leaflet's dashArray ("3 3", in pixels) as matplotlib's dash pattern (in line widths)."""
    if not pattern:
        return "solid"
    return (0, tuple(float(n) * PX / width for n in pattern.split()))


def _context(ax, context: gpd.GeoDataFrame | None, levels: tuple[str, ...], z: int) -> None:
    """The context levels (neighbours, districts, uncoded polygons, the province outline) in their styles."""
    if context is None:
        return
    for level in levels:
        shapes = context.geometry[context["level"] == level]
        if shapes.empty:
            continue
        style = STYLES[level]
        fill = style["fillColor"] if style.get("fillOpacity") else "none"
        ax.add_collection(_collection(shapes, fill, style, z))


def _names(ax, points: gpd.GeoSeries, names: list[str]) -> None:
    """Each named unit's name at its label point, dark on a white halo."""
    size = 7 if len(names) <= 20 else 6
    for point, name in zip(points, names):
        if name:
            label(ax, point.x, point.y, name, size=size, colour=INK, weight="bold")


def _context_names(ax, context: gpd.GeoDataFrame, frame: Frame) -> None:
    """Neighbouring districts' and provinces' names in grey, where their label point is on the map."""
    named = context[context["level"].isin(list(LABEL_COLOURS)) & (context["label"].fillna("") != "")]
    (west, east), (south, north) = frame.xlim, frame.ylim
    margin = 0.06 * (east - west)
    for point, text, level in zip(named.geometry.representative_point(), named["label"], named["level"]):
        if west + margin < point.x < east - margin and south + margin < point.y < north - margin:
            label(ax, point.x, point.y, str(text), size=7, colour=LABEL_COLOURS[level], weight="normal")


def label(ax, x: float, y: float, text: str, *, size: float, colour: str, weight: str, **more) -> None:
    """A text on the map as written (no mathematics), centred on (x, y) unless told otherwise, on a white halo."""
    z = more.pop("zorder", 7)
    style = {"fontsize": size, "fontweight": weight, "ha": more.pop("ha", "center"), "va": more.pop("va", "center"),
             "parse_math": False, "clip_on": True, **more}
    ax.text(x, y, text, color="white", path_effects=HALO, zorder=z, **style)
    ax.text(x, y, text, color=colour, zorder=z + 0.1, **style)
