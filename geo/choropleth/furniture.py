"""The map's furniture on a printed map: a scale bar in kilometres and a north arrow.

Drawn in the data coordinates of geo.choropleth.picture's projection, whose
units are metres at true scale and whose north is up, so a bar of 10,000 units
is 10 km and the arrow points straight up. Lengths are whole kilometres (or
metres below one), never a decimal a language would write differently.
"""
from __future__ import annotations

import math

from matplotlib.patches import Polygon, Rectangle

from geo.choropleth.picture import INK, Frame, label

STEPS = (1, 2, 5)  # a scale bar is 1, 2 or 5 times a power of ten metres long


def bar_length(width: float, share: float = 5) -> float:
    """The longest 1-2-5 length in metres that fits in 1/`share` (a fifth) of a map `width` metres wide."""
    target = width / share
    power = 10 ** math.floor(math.log10(target))
    return max(step * power for step in STEPS if step * power <= target)


def distance(metres: float) -> str:
    """ "10 km", "500 m"."""
    return f"{metres / 1000:.0f} km" if metres >= 1000 else f"{metres:.0f} m"


def scale_bar(ax, frame: Frame, share: float = 5) -> None:
    """A two-part bar at the lower left, "0" at its start and its length at its end; at most 1/`share` of
    the map's width long (a narrow map gives it a larger share, so its two words keep apart)."""
    (west, east), (south, north) = frame.xlim, frame.ylim
    length, height = bar_length(east - west, share), 0.012 * (north - south)
    x, y = west + 0.04 * (east - west), south + 0.04 * (north - south)
    for start, fill in ((0, INK), (length / 2, "white")):
        ax.add_patch(Rectangle((x + start, y), length / 2, height, facecolor=fill, edgecolor=INK, linewidth=0.6,
                               zorder=8))
    for at, text in ((0, "0"), (length, distance(length))):
        label(ax, x + at, y + 1.8 * height, text, size=7, colour=INK, weight="normal", va="bottom", zorder=9)


def north_arrow(ax, frame: Frame, letter: str) -> None:
    """An arrow at the upper right, half dark and half white, under the letter for north (B in Vietnamese)."""
    (west, east), (south, north) = frame.xlim, frame.ylim
    size = 0.07 * (north - south)
    x, top = east - 0.05 * (east - west), north - 0.05 * (north - south)
    tip, base, notch = top - 0.45 * size, top - 1.45 * size, top - 1.2 * size
    for side, fill in ((-1, INK), (1, "white")):
        ax.add_patch(Polygon([(x, tip), (x + side * 0.3 * size, base), (x, notch)], closed=True, facecolor=fill,
                             edgecolor=INK, linewidth=0.6, zorder=8))
    label(ax, x, tip + 0.08 * size, letter, size=10, colour=INK, weight="bold", va="bottom", zorder=9)
