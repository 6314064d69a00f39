"""Turn commune values into colour classes for the choropleth.

mapclassify does the breaks; this module handles what it does not: values that
are all equal or fewer than the classes asked for, zeros (shown apart from the
classes), and missing values ("no data").
"""
from dataclasses import dataclass
import warnings

import mapclassify
import numpy as np

SCHEMES = {
    "quantiles": mapclassify.Quantiles,
    "natural": mapclassify.FisherJenks,
    "equal": mapclassify.EqualInterval,
}
# ColorBrewer YlGnBu: sequential and safe for the common colour-vision deficiencies.
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
ZERO_COLOUR = "#ffffff"
NO_DATA_COLOUR = "#bdbdbd"
DIM_COLOUR = "#f4f4f2"  # communes outside the commune filter
UNCODED_COLOUR = "#e3d9c6"  # polygons without a commune code: beige, unlike grey "no data"


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (ascending) and their colours."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    lower: float  # smallest positive value, the first class's lower end

    def colour(self, value: float) -> str:
        """The fill of one value: zero and no data have colours of their own, outside the classes."""
        if value is None or np.isnan(value):
            return NO_DATA_COLOUR
        if value == 0:
            return ZERO_COLOUR
        index = int(np.searchsorted(self.bounds, value, side="left"))
        return self.colours[min(index, len(self.colours) - 1)]

    def ranges(self) -> list[tuple[str, float, float]]:
        """(colour, low, high) per class, for the legend; low is exclusive after the first."""
        lows = (self.lower,) + self.bounds[:-1]
        return list(zip(self.colours, lows, self.bounds))


def classify(values, scheme: str = "quantiles", k: int = len(PALETTE),
             integer: bool = False) -> Classes:
    """Classes for the positive values; zeros and NaN are coloured on their own.

    With `integer` (counts) the breaks are whole numbers, so the legend never
    reads "1–2.6 models".
    """
    arr = np.asarray(values, dtype=float)
    positive = arr[np.isfinite(arr) & (arr > 0)]
    distinct = np.unique(positive)
    if distinct.size == 0:
        return Classes((), (), 0.0)
    if distinct.size <= k:
        bounds = tuple(float(v) for v in distinct)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mapclassify warns on tied quantiles
            bins = SCHEMES[scheme](positive, k=k).bins
        bounds = tuple(float(b) for b in np.unique(np.floor(bins) if integer else bins))
    return Classes(bounds, _spread(PALETTE, len(bounds)), float(distinct[0]))


def _spread(palette: tuple[str, ...], n: int) -> tuple[str, ...]:
    """n colours picked evenly along the palette, so 2 classes still contrast."""
    if n == 1:
        return (palette[-1],)
    picks = np.linspace(0, len(palette) - 1, n).round().astype(int)
    return tuple(palette[i] for i in picks)
