"""Shared by the handout tests: the demo data loaded once, a link read as the app reads it, a page's PNG
read back as pixels and its PDF as text."""
import io
from urllib.parse import parse_qs

import numpy as np
import pypdf
from matplotlib.image import imread

from dashboard import pages, url
from dashboard.config import load_config
from dashboard.data import load_dataset, view_context


def demo_data():
    """The app's default data (Yên Sơn, the demo records of the test database)."""
    return load_dataset(load_config())


def view_of(query: str, data):
    """The view a link's query opens over `data` (the default area), and the data in its units."""
    link = url.Link(parse_qs(query, keep_blank_values=True))
    view = link.view(view_context(data, pages.NAMES, frozenset(), None), None)
    assert link.notices == [], link.notices
    return view, data.in_units(view.units)


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
