"""The handout's page: an A4 landscape sheet laid out and drawn with matplotlib, as PDF or PNG.

Pure drawing from `content.Content` (no Streamlit, no words of its own): the
head (title, area and units, the filter in words), the map
(geo.choropleth.picture, with scale bar and north arrow), the totals and the
legend, the two charts and the leading units, and at the foot the data note,
the time it was made, the link and its QR code. A comparison's page has its
small maps in the room of the map and the first column, each under its
caption, the totals and legend at the right, and the two charts where the
maps leave room for them (`compared`).

Text is DejaVu Sans, which matplotlib ships and which has every Vietnamese
letter, so the page looks the same on any server, offline. The PDF embeds it
as TrueType (pdf.fonttype 42), so the words can be searched and copied (and
tests read them back); text is normalised to NFC first, so a name typed with
combining accents prints its letters, and is never read as mathematics.

Layout is in points from the page's top left corner; the PNG is the same page
at PNG_DPI.
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import matplotlib
import numpy as np
import segno
from segno import DataOverflowError
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from dashboard.handout.content import Bars, Content, Key, Small
from geo.choropleth import furniture, picture

# Process-wide and set once (matplotlib reads it when saving): a per-save rc_context would race
# between two sessions saving at once. Nothing else in the app draws with matplotlib.
matplotlib.rcParams["pdf.fonttype"] = 42
FONT = "DejaVu Sans"
WIDTH, HEIGHT = 841.89, 595.28  # A4 landscape in points
MARGIN = 28.0
PNG_DPI = 200
INK, GREY, RULE, BAR = "#1a1a1a", "#555555", "#bdbdbd", "#2c7fb8"
QR_SIZE, QR_BORDER = 84.0, 2  # points; modules of white around the code
LINK_PRINTED = 400  # characters of the link printed under the data note; the QR code holds it whole
MAP_RIGHT, COLUMN_A, COLUMN_B = 500.0, (514.0, 140.0), (668.0, WIDTH - MARGIN - 668.0)
FOOT = HEIGHT - MARGIN - QR_SIZE - 14  # where the foot begins
GAP, CAPTION = 12.0, 8.5  # points between small maps; their captions' size
STRIP = 18.0  # points under each small map: the first one's scale bar sits there, clear of its units
BAR_ROOM = 40.0  # points a scale bar may take at least: its "0" and "20 km" keep apart on a narrow map
AS_LARGE = 0.97  # small maps beside the charts this large, of their largest without them, count as as large
BAND_GAP = 36.0  # points between the charts side by side under small maps
SWATCH = {"approximate": ("white", "#6a3d9a", ":"), "dim": (None, GREY, "--"), "uncoded": (None, GREY, ":")}


@dataclass(frozen=True)
class Placed:
    """A map drawn on the page: its frame (projection, limits) and its box (figure fractions: left, bottom,
    width, height)."""
    frame: picture.Frame
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Page:
    """A drawn handout: its title and figure, its maps (the one map, or the small maps in order), its charts
    and where the QR code sits (boxes in figure fractions)."""
    title: str
    figure: Figure
    maps: list[Placed]
    charts: list[tuple[float, float, float, float]]
    qr_box: tuple[float, float, float, float]


def draw(content: Content) -> Page:
    """The whole page of `content`."""
    figure = Figure(figsize=(WIDTH / 72, HEIGHT / 72), dpi=72, facecolor="white")
    sheet = Sheet(figure)
    top = head(sheet, content)
    maps, charts = compared(sheet, content, top) if content.small else ([draw_map(sheet, content, top)], None)
    if charts is None:  # as on the one map's page: totals and legend in the first column, the charts in the second
        totals_and_legend(Flow(sheet, *COLUMN_A, top), content)
        charts = chart_column(Flow(sheet, *COLUMN_B, top), content.charts)
    else:
        totals_and_legend(Flow(sheet, *COLUMN_B, top), content)
    return Page(content.title, figure, maps, charts, foot(sheet, content))


def compared(sheet: Sheet, content: Content, top: float) -> tuple[list[Placed], list | None]:
    """A comparison's small maps, and the boxes of the charts drawn with them (None: the caller draws them in
    the second column). The maps take the room of the map and the first column, unless they come out as
    large in the map's room alone (one height-bound map of change, six fields in two rows): then the page is
    the one map's, charts beside. Else the charts go side by side in the band the maps leave under them
    (three years in a row), if they fit; else they are left out (two years fill the page)."""
    captions, aspect = [one.caption for one in content.small], _aspect(content.small[0].units)
    height = FOOT - 12 - top
    wide = _best_grid(sheet, captions, COLUMN_B[0] - GAP - MARGIN, height, aspect)
    narrow = _best_grid(sheet, captions, COLUMN_A[0] - GAP - MARGIN, height, aspect)
    if content.charts and narrow.map_size(aspect) >= AS_LARGE * wide.map_size(aspect):
        return small_maps(sheet, content.small, content.north, top, narrow, aspect), None
    maps = small_maps(sheet, content.small, content.north, top, wide, aspect)
    band = top + wide.used(aspect, len(captions)) + 2 * GAP
    width = (COLUMN_B[0] - GAP - MARGIN - BAND_GAP * (len(content.charts) - 1)) / max(len(content.charts), 1)
    if not content.charts or max(chart_height(chart, width) for chart in content.charts) > FOOT - 12 - band:
        return maps, []
    return maps, [box for i, chart in enumerate(content.charts)
                  for box in chart_column(Flow(sheet, MARGIN + i * (width + BAND_GAP), width, band), [chart])]


def totals_and_legend(flow: Flow, content: Content) -> None:
    """The totals, each its label over its number, then the legend."""
    for label, value in content.kpis:
        flow.text(label, 7.5, colour=GREY, after=0)
        flow.text(value, 13, weight="bold", after=5)
    legend(flow.space(6), content)


def pdf(page: Page) -> bytes:
    """The page as a one-page PDF whose text can be searched and copied."""
    out = io.BytesIO()
    page.figure.savefig(out, format="pdf", metadata={"Title": clean(page.title), "Creator": "Dân vận khéo"})
    return out.getvalue()


def png(page: Page) -> bytes:
    """The page as a PNG image of PNG_DPI."""
    out = io.BytesIO()
    page.figure.savefig(out, format="png", dpi=PNG_DPI)
    return out.getvalue()


class Sheet:
    """The figure, drawn on in points from the top left corner, with a way to measure text."""

    def __init__(self, figure: Figure):
        self.figure = figure
        self.measure = TextToPath()  # the font's own widths, unhinted: as wide as the PDF draws the text

    def box(self, left: float, top: float, width: float, height: float) -> tuple[float, float, float, float]:
        """A box in points from the top left, in figure fractions (left, bottom, width, height)."""
        return left / WIDTH, 1 - (top + height) / HEIGHT, width / WIDTH, height / HEIGHT

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        """How wide the text prints, in points (a renderer's width, hinted at 72 dpi, is up to 6% short)."""
        return self.measure.get_text_width_height_descent(
            clean(text), FontProperties(family=FONT, size=size, weight=weight), ismath=False)[0]

    def text(self, x: float, y: float, text: str, size: float, **style) -> None:
        """One line of text, its top at y, drawn as written (never mathematics)."""
        self.figure.text(x / WIDTH, 1 - y / HEIGHT, clean(text), fontsize=size, family=FONT, va="top",
                         color=style.pop("colour", INK), parse_math=False, **style)

    def rectangle(self, left: float, top: float, width: float, height: float, **style) -> None:
        self.figure.add_artist(Rectangle((left / WIDTH, 1 - (top + height) / HEIGHT), width / WIDTH,
                                         height / HEIGHT, transform=self.figure.transFigure, **style))

    def rule(self, y: float) -> None:
        """A thin line across the page at y."""
        self.figure.add_artist(Line2D([MARGIN / WIDTH, 1 - MARGIN / WIDTH], [1 - y / HEIGHT] * 2, color=RULE,
                                      linewidth=0.6, transform=self.figure.transFigure))

    def wrap(self, text: str, size: float, width: float, weight: str = "normal") -> list[str]:
        """The text in lines no wider than `width`, broken between words (inside a word only if it is wider)."""
        lines = []
        for paragraph in clean(text).split("\n"):
            line = ""
            for word in paragraph.split(" "):
                joined = f"{line} {word}" if line else word
                if self.width(joined, size, weight) <= width:
                    line = joined
                    continue
                if line:
                    lines.append(line)
                while len(word) > 1 and self.width(word, size, weight) > width:
                    cut = self._fits(word, size, width, weight)
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    def _fits(self, word: str, size: float, width: float, weight: str) -> int:
        """How many of the word's first characters fit in `width` (at least one), found by halving:
        a long link measured one character shorter at a time took minutes (review of issue 11)."""
        low, high = 1, len(word) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.width(word[:middle], size, weight) <= width:
                low = middle
            else:
                high = middle - 1
        return low


class Flow:
    """A column filled from the top down: wrapped paragraphs, bars, legend rows."""

    def __init__(self, sheet: Sheet, left: float, width: float, top: float):
        self.sheet, self.left, self.width, self.y = sheet, left, width, top

    def text(self, text: str, size: float, *, weight: str = "normal", colour: str = INK, indent: float = 0,
             after: float = 2) -> None:
        for line in self.sheet.wrap(text, size, self.width - indent, weight):
            self.sheet.text(self.left + indent, self.y, line, size, weight=weight, colour=colour)
            self.y += size * 1.25
        self.y += after

    def space(self, points: float) -> Flow:
        self.y += points
        return self


def clean(text: str) -> str:
    """Text as it prints: composed letters (NFC), so an accent typed apart sits on its letter."""
    return unicodedata.normalize("NFC", str(text))


def head(sheet: Sheet, content: Content) -> float:
    """Title, area and units, the filter in words, a rule; returns where the body begins."""
    flow = Flow(sheet, MARGIN, WIDTH - 2 * MARGIN, MARGIN)
    flow.text(content.title, 16, weight="bold", after=3)
    flow.text(content.area, 9.5, colour=GREY, after=2)
    flow.text(content.summary, 10, weight="bold", after=4)
    sheet.rule(flow.y)
    return flow.y + 10


def draw_map(sheet: Sheet, content: Content, top: float) -> Placed:
    """The map in its box at the left of the body, with scale bar and north arrow, and its note under it."""
    bottom = FOOT - 12 - (12 if content.map_note else 0)
    box = sheet.box(MARGIN, top, MAP_RIGHT - MARGIN, bottom - top)
    ax = sheet.figure.add_axes(box)
    for spine in ax.spines.values():
        spine.set_color(RULE)
    frame = picture.draw(ax, content.units, content.context)
    furniture.scale_bar(ax, frame)
    furniture.north_arrow(ax, frame, content.north)
    if content.map_note:
        sheet.text(MARGIN, bottom + 3, content.map_note, 7, colour=GREY)
    return Placed(frame, box)


def small_maps(sheet: Sheet, small: list[Small], north: str, top: float, grid: Grid, aspect: float) -> list[Placed]:
    """The small maps in `grid` from `top` down, each under its caption (centred, wrapped to its width), rows
    as close as their maps; the scale bar and north arrow on the first only (every map has the same scale),
    the bar in a strip under the map, where it covers no unit. Each map's box has the area's proportions
    (`aspect`), so the arrow sits at the map's corner; unframed, like the page's small maps."""
    width = grid.map_size(aspect)
    placed = []
    for i, one in enumerate(small):
        left = MARGIN + (i % grid.columns) * (grid.width + GAP)
        y = top + (i // grid.columns) * (grid.row(aspect) + GAP)
        for n, line in enumerate(_caption(sheet, one.caption, grid.width)):
            sheet.text(left + grid.width / 2, y + n * CAPTION * 1.25, line, CAPTION, weight="bold", ha="center")
        height = width / aspect + STRIP
        box = sheet.box(left + (grid.width - width) / 2, y + grid.caption, width, height)
        ax = sheet.figure.add_axes(box)
        ax.set_axis_off()
        frame = picture.draw(ax, one.units, None, below=STRIP / height)
        if i == 0:
            furniture.scale_bar(ax, frame, share=min(5, width / BAR_ROOM))
            furniture.north_arrow(ax, frame, north)
        placed.append(Placed(frame, box))
    return placed


@dataclass(frozen=True)
class Grid:
    """Small maps in `columns`, each cell `width` by `height` points with `lines` of caption on top."""
    columns: int
    width: float
    height: float
    lines: int

    @property
    def caption(self) -> float:
        """The points a cell's caption takes above its map."""
        return self.lines * CAPTION * 1.25 + 2

    def map_size(self, aspect: float) -> float:
        """How wide a map `aspect` times as wide as high can be in a cell, under its caption, over its strip."""
        return min(self.width, (self.height - self.caption - STRIP) * aspect)

    def row(self, aspect: float) -> float:
        """The points a row takes: its caption, its maps and their strip (at most the cell's height)."""
        return self.caption + self.map_size(aspect) / aspect + STRIP

    def used(self, aspect: float, maps: int) -> float:
        """The points from the top of the first row to the foot of the last, for `maps` maps."""
        rows = -(-maps // self.columns)
        return rows * self.row(aspect) + (rows - 1) * GAP


def _best_grid(sheet: Sheet, captions: list[str], width: float, height: float, aspect: float) -> Grid:
    """Of every number of columns, the grid in `width` by `height` points whose maps of an area `aspect`
    times as wide as high come out largest (their captions wrapped to the cells' width)."""
    grids = []
    for columns in range(1, len(captions) + 1):
        rows = -(-len(captions) // columns)
        cell = (width - GAP * (columns - 1)) / columns
        lines = max(len(_caption(sheet, caption, cell)) for caption in captions)
        grids.append(Grid(columns, cell, (height - GAP * (rows - 1)) / rows, lines))
    return max(grids, key=lambda grid: grid.map_size(aspect))


def _caption(sheet: Sheet, caption: str, width: float) -> list[str]:
    """A small map's caption in lines `width` wide: one line if it fits, else what it shows over its total
    ("Quốc phòng – an ninh" over "44 mô hình, điển hình"), each wrapped if need be."""
    lines = sheet.wrap(caption, CAPTION, width, "bold")
    return lines if len(lines) == 1 else sheet.wrap(caption.replace(" · ", "\n", 1), CAPTION, width, "bold")


def _aspect(units: picture.Units) -> float:
    """How many times as wide as high the units' map is on paper (its projection, the margin around it)."""
    west, south, east, north = units.shapes.to_crs(picture.projection(units.shapes)).total_bounds
    pad = 2 * picture.PAD * max(east - west, north - south, 1.0)
    return (east - west + pad) / (north - south + pad)


def legend(flow: Flow, content: Content) -> None:
    """The legend's title, then a swatch and the words of each row."""
    flow.text(content.legend_title, 8.5, weight="bold", after=3)
    for key in content.legend:
        if key.kind not in ("sampled", "empty"):
            _swatch(flow.sheet, flow.left, flow.y, key)
        flow.text(key.text, 7.5, indent=0 if key.kind in ("sampled", "empty") else 18, after=2.5)


def _swatch(sheet: Sheet, left: float, top: float, key: Key) -> None:
    """A key's small box: its fill, or the outline the map draws for its kind (dotted purple, dashed)."""
    fill, edge, style = SWATCH.get(key.kind, (None, GREY, "-"))
    sheet.rectangle(left, top, 13, 8, facecolor=key.colour or fill or "white", edgecolor=edge,
                    linestyle=style, linewidth=1.2 if key.kind == "approximate" else 0.5)


def bars(flow: Flow, chart: Bars) -> None:
    """A chart: its title and caption, then per row the label, the value at the right and a bar under them."""
    flow.text(chart.title, 8.5, weight="bold", after=0)
    flow.text(chart.caption, 7, colour=GREY, after=3)
    largest = max((value for _, value, _ in chart.rows), default=0) or 1
    sheet = flow.sheet
    for label, value, written in chart.rows:
        top = flow.y
        _row_label(flow, label, flow.width - sheet.width(written, 7.5) - 6)
        sheet.text(flow.left + flow.width - sheet.width(written, 7.5), top, written, 7.5)
        sheet.rectangle(flow.left, flow.y, max(flow.width * value / largest, 0.5 if value else 0), 3.5,
                        facecolor=BAR, edgecolor="none")
        flow.y += 7
    flow.y += 8


def chart_column(flow: Flow, charts: list[Bars]) -> list[tuple[float, float, float, float]]:
    """The charts one under another in `flow`; the box each one took (figure fractions)."""
    boxes = []
    for chart in charts:
        top = flow.y
        bars(flow, chart)
        boxes.append(flow.sheet.box(flow.left, top, flow.width, flow.y - top))
    return boxes


def chart_height(chart: Bars, width: float) -> float:
    """The points `bars` takes for the chart in a column `width` wide: drawn on a page of its own, measured."""
    flow = Flow(Sheet(Figure(figsize=(WIDTH / 72, HEIGHT / 72), dpi=72)), 0, width, 0)
    bars(flow, chart)
    return flow.y


def _row_label(flow: Flow, label: str, room: float) -> None:
    """A row's label, wrapped to keep clear of the value at the right."""
    saved, flow.width = flow.width, room
    flow.text(label, 7.5, after=0.5)
    flow.width = saved


def foot(sheet: Sheet, content: Content) -> tuple:
    """A rule, the data note, the time made, the link; the QR code of the link at the right."""
    sheet.rule(FOOT)
    flow = Flow(sheet, MARGIN, WIDTH - 2 * MARGIN - QR_SIZE - 16, FOOT + 7)
    for note in content.notes:
        flow.text(note, 7, colour=GREY, after=1.5)
    flow.text(f"{content.link_title} ({content.qr_caption}):", 7, weight="bold", after=0)
    printed = content.link if len(content.link) <= LINK_PRINTED else content.link[:LINK_PRINTED - 1] + "…"
    flow.text(printed, 7, after=0)
    box = sheet.box(WIDTH - MARGIN - QR_SIZE, FOOT + 4, QR_SIZE, QR_SIZE)
    ax = sheet.figure.add_axes(box)
    modules = qr_matrix(content.link)
    if modules is not None:
        ax.imshow(modules, cmap="gray_r", vmin=0, vmax=1, interpolation="none")
    ax.set_axis_off()
    return box


def qr_matrix(link: str) -> np.ndarray | None:
    """The QR code of the link (error correction M, as the share box's) as 0/1 modules, with a white
    border; None for a link longer than a QR code holds (~2,300 characters: hundreds of communes)."""
    try:
        code = segno.make(link, error="m")
    except DataOverflowError:
        return None
    return np.pad(np.array(code.matrix, dtype=np.uint8), QR_BORDER)
