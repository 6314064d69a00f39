"""Turn commune values into colour classes for the choropleth.

mapclassify does the breaks; this module handles what it does not: values that
are all equal or fewer than the classes asked for, zeros (shown apart from the
classes), missing values ("no data"), and natural breaks on many values.

Natural breaks (Fisher-Jenks) take k·n² steps: 108 s for the 11,163 communes of
Vietnam (mapclassify runs it in pure Python without numba). Above SAMPLE_ABOVE
values they are computed from SAMPLE_SIZE of them, as mapclassify's
FisherJenksSampled does, but drawn with a fixed seed: the same values always
give the same breaks, so a shared link reopens the same map. The legend says so.
"""
from dataclasses import dataclass
from functools import lru_cache
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
# Natural breaks on more values than this come from a sample (a province has at most ~640 communes;
# exact takes ~8 s at 2,000). 1,000 values is mapclassify's own cap for FisherJenksSampled: 1-3 s, and
# on country-wide counts a goodness of variance fit of 0.913 against the exact 0.922 (other samples of
# 1,000: up to 0.921; of 500: about 0.90). tests/benchmarks/bench_rerun.py prints these figures.
SAMPLE_ABOVE = 2_000
SAMPLE_SIZE = 1_000
SAMPLE_SEED = 20250701


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (ascending) and their colours."""

    bounds: tuple[float, ...]
    colours: tuple[str, ...]
    lower: float  # smallest positive value, the first class's lower end
    sample_of: tuple[int, int] | None = None  # (1000, 11163): breaks from a sample of 1,000 of the 11,163 values

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
    sample_of = None
    if distinct.size <= k:
        bounds = tuple(float(v) for v in distinct)
    else:
        if scheme == "natural":
            bins = _natural_breaks(np.sort(positive).tobytes(), k)
            sample_of = (SAMPLE_SIZE, positive.size) if positive.size > SAMPLE_ABOVE else None
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # mapclassify warns on tied quantiles
                bins = SCHEMES[scheme](positive, k=k).bins
        bounds = tuple(float(b) for b in np.unique(np.floor(bins) if integer else bins))
    return Classes(bounds, _spread(PALETTE, len(bounds)), float(distinct[0]), sample_of)


@lru_cache(maxsize=16)
def _natural_breaks(ascending: bytes, k: int) -> tuple[float, ...]:
    """Fisher-Jenks upper bounds of the values (float64, ascending, as bytes: a cache key).

    Above SAMPLE_ABOVE values, from a seeded sample of SAMPLE_SIZE that always
    keeps the smallest and the largest (the classes must reach both ends).
    Sorted first, so the same values in any order give the same breaks; cached,
    so the phones that open one shared link in a meeting compute them once.
    """
    values = np.frombuffer(ascending)
    if values.size > SAMPLE_ABOVE:
        inner = np.random.default_rng(SAMPLE_SEED).choice(values.size - 2, SAMPLE_SIZE - 2, replace=False)
        values = values[np.concatenate(([0], np.sort(inner) + 1, [values.size - 1]))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "numba not installed", too few distinct values for k
        return tuple(float(b) for b in SCHEMES["natural"](values, k=k).bins)


def _spread(palette: tuple[str, ...], n: int) -> tuple[str, ...]:
    """n colours picked evenly along the palette, so 2 classes still contrast."""
    if n == 1:
        return (palette[-1],)
    picks = np.linspace(0, len(palette) - 1, n).round().astype(int)
    return tuple(palette[i] for i in picks)
