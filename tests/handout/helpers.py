"""Shared by the handout tests: the demo data loaded once, a link read as the app reads it, a page's PNG
read back as pixels (each unit's colour on a map of the page) and its PDF as text."""
import io
from datetime import datetime, timezone
from urllib.parse import parse_qs

import geopandas as gpd
import numpy as np
import pypdf
import shapely
from matplotlib.image import imread

from dashboard import handout, pages, url
from dashboard.config import load_config
from dashboard.data import load_dataset, view_context

MADE = datetime(2025, 7, 1, 7, 5, tzinfo=timezone.utc)  # 14:05 in Vietnam
BASE = "http://dvk.example.vn/"


def demo_data():
    """The app's default data (Yên Sơn, the demo records of the test database)."""
    return load_dataset(load_config())


def view_of(query: str, data):
    """The view a link's query opens over `data` (the default area), and the data in its units."""
    link = url.Link(parse_qs(query, keep_blank_values=True))
    view = link.view(view_context(data, pages.NAMES, frozenset(), None), None)
    assert link.notices == [], link.notices
    return view, data.in_units(view.units)


class Drawn:
    """One link's handout over `data`, drawn once and saved both ways when asked."""

    def __init__(self, query: str, data, made=MADE):
        self.view, self.data = view_of(query, data)
        self.link = url.address(BASE, url.to_query(self.view))
        self.page = handout.make(self.view, self.data, self.link, made)
        self._pdf = self._png = None

    @property
    def text(self) -> str:
        self._pdf = self._pdf or handout.pdf(self.page)
        return pdf_text(self._pdf)

    @property
    def image(self) -> np.ndarray:
        self._png = self._png or handout.png(self.page)
        return pixels(self._png)


def pdf_text(data: bytes) -> str:
    """The PDF's one page's text, spaces and line breaks made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


def pixels(png: bytes) -> np.ndarray:
    """The PNG as rows of (r, g, b) in 0..255."""
    image = imread(io.BytesIO(png))
    return np.rint(image[..., :3] * 255).astype(int)


def hex_at(image: np.ndarray, x: float, y: float) -> str:
    r, g, b = image[int(y), int(x)]
    return f"#{r:02x}{g:02x}{b:02x}"


def to_pixels(box, frame, image: np.ndarray):
    """A function from the map's projected coordinates to (column, row) of the PNG: the map's axes box
    (figure fractions) and data limits, the image's size."""
    height, width = image.shape[:2]
    left, bottom, box_width, box_height = box
    (x0, x1), (y0, y1) = frame.xlim, frame.ylim

    def convert(x: float, y: float) -> tuple[float, float]:
        return ((left + (x - x0) / (x1 - x0) * box_width) * width,
                (1 - (bottom + (y - y0) / (y1 - y0) * box_height)) * height)
    return convert


def probe(polygon, label_point, scale: float):
    """A point well inside a unit on the page, off its name: its representative point once the band of its
    name's line (if it has one: `label_point`) and a margin along its outline (the outlines' widths) are
    taken away. `scale`: metres a pixel."""
    if label_point is not None:
        polygon = polygon.difference(shapely.box(-1e9, label_point.y - 18 * scale, 1e9, label_point.y + 18 * scale))
    inside = polygon.buffer(-8 * scale)
    return None if inside.is_empty else inside.representative_point()


def furniture(frame):
    """Where the scale bar (lower left) and north arrow (upper right) are: no unit's colour is read there."""
    (x0, x1), (y0, y1) = frame.xlim, frame.ylim
    width, height = x1 - x0, y1 - y0
    return shapely.union(shapely.box(x0, y0, x0 + 0.3 * width, y0 + 0.12 * height),
                         shapely.box(x1 - 0.12 * width, y1 - 0.2 * height, x1, y1))


def unit_colours(placed, communes, image: np.ndarray, named: bool = True) -> dict[str, str]:
    """Each unit's colour in the PNG `image` on the map `placed` on the page (dashboard.handout.page.Placed),
    read well inside the unit, off the map's furniture and off its name if the map is `named`."""
    frame = placed.frame
    shapes = communes.geometry.to_crs(frame.crs)
    labels = gpd.GeoSeries(communes["label"], crs=communes.crs).to_crs(frame.crs)
    place = to_pixels(placed.box, frame, image)
    scale = (frame.xlim[1] - frame.xlim[0]) / (placed.box[2] * image.shape[1])
    clear = furniture(frame)
    seen = {}
    for code, shape, label in zip(communes["code"], shapes, labels):
        point = probe(shape.difference(clear), label if named else None, scale)
        assert point is not None, code
        seen[code] = hex_at(image, *place(point.x, point.y))
    return seen
