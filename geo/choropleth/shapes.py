"""The map's shapes as one static file: built once per boundary version, downloaded once per browser.

A filter change must not resend geometry (issue 9: 7 MB for the whole
country on every rerun). So the display geometry of an area goes into a
document written once, gzip-compressed, under a name that is the hash of its
content: the browser fetches it once, keeps it (a name never changes meaning,
so it is never stale), and every rerun after that sends only per-unit values
(geo.choropleth.paint).

The format is GeoJSON's idea made small: coordinates quantised to 1e-5
degrees (about 1 m, finer than the 100 m display simplification) and written
as integer deltas from the previous vertex, so most numbers have one to three
digits and compress well. Names are plain text; the browser puts them in the
page as text, never as HTML. dashboard/viewer/mapcomponent/frontend/map.js
decodes it; `decode_ring` here does the same, for the tests.

A map of thousands of units (a big province, the whole country) opens zoomed
out, where its 100 m display geometry is far finer than a pixel, and the
browser spends most of its first paint projecting and drawing vertices nobody
can see. So such a map gets two files (`write_map`): an overview, thinned to
about 2 km, drawn first, and the display geometry, which the frame fetches
when the user zooms in (map.js DETAIL_FROM_ZOOM) and uses while zoomed in.
Both list the same units and context shapes in the same order.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

VERSION = 1
SCALE = 100_000  # quantisation: 1e-5 degree, about 1.1 m
# Context levels drawn from an area's surroundings (geo.dataset); "province_line" are the
# province outlines of the country view.
CONTEXT_LEVELS = ("province_neighbour", "district", "uncoded", "province", "province_line")
NAMED_LEVELS = ("province_neighbour", "district")  # context levels whose names are shown on the map
# Above this many units a map opens zoomed out and gets an overview file first (module docstring).
OVERVIEW_ABOVE_UNITS = 2000
# The overview's thinning, in degrees. The units' coverage simplifier (Visvalingam-Whyatt) drops
# corners smaller than its square; on the country: 269,000 -> 72,000 unit vertices, 99 % of units
# within 2.5 km of their display outline (about a pixel at the national zoom, 4-5 km per pixel; the
# frame swaps in the display geometry from zoom 7, 1.2 km per pixel). The context outlines are
# thinned by the same distance (Douglas-Peucker).
OVERVIEW_TOLERANCE = 0.02


def document(communes: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None, thinned: bool = False) -> dict:
    """The geometry document of a map: its units in order (paint arrays follow it) and their context.

    `communes` is map-ready (geo.dataset.map_ready: code, name, population,
    display geometry, label point, optionally `approximate`); `context` has
    name, label (the text to show, "" for none), level and geometry.
    `thinned`: the overview (module docstring): the same document, but for
    polygons thinned by OVERVIEW_TOLERANCE. The units are thinned as one
    coverage, so neighbours keep a common border and no crack opens between
    them, and coverage_simplify keeps every polygon, however small.
    """
    minx, miny, maxx, maxy = communes.total_bounds
    outlines = communes.geometry.values
    if thinned:
        outlines = shapely.coverage_simplify(outlines, OVERVIEW_TOLERANCE)
    return {"v": VERSION, "scale": SCALE,
            "bounds": [[_round(miny), _round(minx)], [_round(maxy), _round(maxx)]],
            "units": _units(communes, outlines), "context": _context(context, thinned)}


def _units(communes: gpd.GeoDataFrame, outlines) -> list[dict]:
    """One entry per unit: code, name, 2009 population, label point, approximate flag, polygons."""
    approx = communes["approximate"] if "approximate" in communes else [False] * len(communes)
    return [{"code": str(code), "name": str(name), "pop": _population(pop),
             "label": [_round(point.y), _round(point.x)], "approx": bool(flag), "polys": polygons(shape)}
            for code, name, pop, point, flag, shape in zip(
                communes["code"], communes["name"], communes["population"], communes["label"], approx, outlines)]


def _context(context: gpd.GeoDataFrame | None, thinned: bool) -> list[dict]:
    """The outlines around the units, in drawing order; names only where the map shows them."""
    if context is None or context.empty:
        return []
    shapes = []
    for level in CONTEXT_LEVELS:
        rows = context[context["level"] == level]
        points = rows.geometry.representative_point() if level in NAMED_LEVELS else None
        outlines = rows.geometry.values
        if thinned:
            outlines = shapely.simplify(outlines, OVERVIEW_TOLERANCE, preserve_topology=True)
        for i, (text, shape) in enumerate(zip(rows["label"].fillna(""), outlines)):
            named = points is not None and bool(text)
            shapes.append({"level": level, "name": str(text) if named else "",
                           "label": [_round(points.iloc[i].y), _round(points.iloc[i].x)] if named else None,
                           "polys": polygons(shape)})
    return [s for s in shapes if s["polys"]]


def polygons(shape) -> list[list[list[int]]]:
    """A (multi)polygon as polygons of rings of delta-encoded integer coordinates; [] for none.

    Each ring: first vertex absolute, then the step from the previous one; the
    closing vertex is left out (Leaflet closes rings itself). Vertices that
    quantise onto the previous one are dropped.
    """
    if shape is None or shape.is_empty:
        return []
    parts = shapely.get_parts(shape)
    return [rings for rings in (_polygon(p) for p in parts if p.geom_type == "Polygon") if rings]


def _polygon(polygon) -> list[list[int]]:
    rings = [polygon.exterior, *polygon.interiors]
    encoded = [_ring(np.asarray(ring.coords)[:-1, :2]) for ring in rings]
    return encoded if len(encoded[0]) >= 6 else []


def _ring(coords: np.ndarray) -> list[int]:
    """Quantise, drop repeated vertices, delta-encode; a ring of fewer than 3 vertices is empty."""
    q = np.round(coords * SCALE).astype(np.int64)
    if len(q) > 1:
        q = q[np.r_[True, np.any(np.diff(q, axis=0) != 0, axis=1)]]
    if len(q) < 3:
        return []
    steps = np.vstack([q[:1], np.diff(q, axis=0)])
    return steps.ravel().tolist()


def decode_ring(ring: list[int]) -> list[tuple[float, float]]:
    """(lon, lat) vertices of an encoded ring: what the browser does, for tests and checks."""
    steps = np.asarray(ring, dtype=np.int64).reshape(-1, 2)
    return [(x / SCALE, y / SCALE) for x, y in np.cumsum(steps, axis=0)]


def encode(doc: dict) -> tuple[str, bytes]:
    """(file name, gzip bytes): the name is a hash of the content, so a changed map gets a new name.

    gzip's header time is fixed at 0, so the same document always gives the same bytes.
    """
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    digest = hashlib.sha256(text).hexdigest()[:16]
    return f"{digest}.json.gz", gzip.compress(text, compresslevel=9, mtime=0)


def write_map(communes: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None, folder: Path) -> tuple[str, str | None]:
    """(the file to draw first, the display geometry to use zoomed in, or None): file names.

    A map of OVERVIEW_ABOVE_UNITS units or fewer has one file. A bigger one's
    overview is named after its display geometry and the thinning
    (`overview_name`), so it is made once per display geometry and tolerance
    (about two seconds for the country), a restarted server finds it, and a
    changed tolerance gets a new one.
    """
    detail = write(document(communes, context), folder)
    if len(communes) <= OVERVIEW_ABOVE_UNITS:
        return detail, None
    name = overview_name(detail)
    if not (folder / name).is_file():
        _replace(folder / name, encode(document(communes, context, thinned=True))[1])
    return name, detail


def overview_name(detail: str) -> str:
    """The overview's file name: the display geometry's content hash, and the tolerance it is thinned by."""
    return detail.removesuffix(".json.gz") + f"-overview-{OVERVIEW_TOLERANCE:g}.json.gz"


def write(doc: dict, folder: Path) -> str:
    """Write the document under its content name (once: an existing file is the same map); its name.

    Written to a temporary file and renamed, so a process reading it never sees half of it.
    """
    name, data = encode(doc)
    target = folder / name
    if not target.exists():
        _replace(target, data)
    return name


def _replace(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target` and rename it over `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{os.getpid()}.tmp"
    temporary.write_bytes(data)
    os.replace(temporary, target)


def _round(value: float) -> float:
    return round(float(value), 6)


def _population(value) -> int | None:
    return int(value) if value is not None and np.isfinite(value) and value > 0 else None
