"""Small maps as SVG: the units' outlines drawn once per area, filled per panel.

The compare view (one small map per year, per field, or the change between two
years) needs neither pan nor zoom nor tooltips: an SVG image per panel is a few
KB, prints, and needs no Leaflet. The outlines are projected (longitude scaled
by the cosine of the middle latitude), simplified to about a pixel of the small
map, and kept as path strings; a panel only adds a fill per unit.
"""
from dataclasses import dataclass
from html import escape
import math

import shapely

WIDTH = 320  # SVG units across; the image scales to its box
MARGIN = 6  # SVG units of blank around the area: a unit at the edge is not cut by its box's rounded corners
STROKE = "#6b6b6b"


@dataclass(frozen=True)
class Outlines:
    """One SVG path per unit (in the frame's order) and the drawing's size."""

    paths: tuple[str, ...]
    width: float
    height: float


def outlines(geometries, width: float = WIDTH) -> Outlines:
    """The units' outlines (`geometries`: a GeoSeries in degrees) as paths `width` units across, MARGIN
    of it blank on every side."""
    west, south, east, north = geometries.total_bounds
    squeeze = math.cos(math.radians((south + north) / 2))
    scale = (width - 2 * MARGIN) / max((east - west) * squeeze, 1e-9)
    pixel = 1 / scale  # simplify to about one unit of the drawing, in degrees

    def point(x: float, y: float) -> str:
        return f"{MARGIN + (x - west) * squeeze * scale:.1f},{MARGIN + (north - y) * scale:.1f}"

    def path(geometry) -> str:
        simple = shapely.simplify(geometry, pixel, preserve_topology=True)
        rings = [ring for polygon in getattr(simple, "geoms", [simple]) if not polygon.is_empty
                 for ring in (polygon.exterior, *polygon.interiors)]
        return "".join("M" + "L".join(point(x, y) for x, y in ring.coords) + "Z" for ring in rings)

    return Outlines(tuple(path(g) if g is not None and not g.is_empty else "" for g in geometries),
                    round(width, 1), round((north - south) * scale + 2 * MARGIN, 1))


def svg(shapes: Outlines, fills: list[str]) -> str:
    """The small map: each unit filled with its colour (our own palette's; escaped all the same)."""
    body = "".join(f'<path d="{d}" fill="{escape(fill)}"/>' for d, fill in zip(shapes.paths, fills) if d)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {shapes.width} {shapes.height}">'
            f'<g stroke="{STROKE}" stroke-width="0.6" stroke-linejoin="round">{body}</g></svg>')
