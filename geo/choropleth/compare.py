"""The compare view's panels: one filter split by year or by field, and the change between two years.

Every panel of a split is coloured by one set of classes (classify over all
panels' values), so a colour means the same number on every small map. The
change between the filter's first and last year is coloured on a diverging
scale centred at zero: blue for more, red for fewer, pale grey for no change.
"""
from dataclasses import dataclass, replace
import math

import numpy as np
import pandas as pd

from geo.choropleth.aggregate import commune_values
from geo.choropleth.classify import NO_DATA_COLOUR
from geo.choropleth.query import Filter, query
from geo.records.fields import FIELD_CODES

MORE = ("#d1e5f0", "#67a9cf", "#2166ac")  # light to dark
FEWER = ("#fddbc7", "#ef8a62", "#b2182b")
SAME = "#f7f7f7"


@dataclass(frozen=True)
class Panel:
    """One small map: what it shows (a year or a field code), its values per unit, its records."""

    key: int | str
    values: pd.Series  # the filter's metric per unit, in the frame's order
    total: int


def split(kind: str, communes: pd.DataFrame, records: pd.DataFrame, keys: pd.DataFrame,
          flt: Filter) -> list[Panel]:
    """The filter split into one panel per year of its range ("year") or per field ("field")."""
    if kind == "year":
        parts = [(year, replace(flt, year_from=year, year_to=year)) for year in range(flt.year_from, flt.year_to + 1)]
    else:
        parts = [(code, replace(flt, fields=(code,))) for code in (flt.fields or FIELD_CODES)]
    return [_panel(key, part, communes, records, keys) for key, part in parts]


def change(communes: pd.DataFrame, records: pd.DataFrame, keys: pd.DataFrame, flt: Filter) -> Panel:
    """The metric in the filter's last year minus its first year, per unit (NaN where a unit has no data)."""
    first = _panel(flt.year_from, replace(flt, year_to=flt.year_from), communes, records, keys)
    last = _panel(flt.year_to, replace(flt, year_from=flt.year_to), communes, records, keys)
    return Panel(f"{flt.year_from}-{flt.year_to}", last.values - first.values, last.total - first.total)


def _panel(key, part: Filter, communes, records, keys) -> Panel:
    chosen = query(keys, part)
    values = commune_values(communes, records, chosen)[part.metric]
    return Panel(key, values.reset_index(drop=True), len(chosen))


@dataclass(frozen=True)
class Diverging:
    """Three classes each side of zero, `step` wide: (0, step], (step, 2 step], (2 step, ...)."""

    step: float

    def colour(self, value: float) -> str:
        if value is None or np.isnan(value):
            return NO_DATA_COLOUR
        if value == 0 or self.step == 0:
            return SAME
        index = min(math.ceil(abs(value) / self.step) - 1, len(MORE) - 1)
        return (MORE if value > 0 else FEWER)[index]

    def ranges(self) -> list[tuple[str, str, float, float | None]]:
        """(colour, "more" | "same" | "fewer", low, high) from the largest increase to the largest fall:
        sizes of change in (low, high], the last class of each side open (high None)."""
        sizes = [(i * self.step, (i + 1) * self.step if i < len(MORE) - 1 else None) for i in range(len(MORE))]
        more = [(MORE[i], "more", low, high) for i, (low, high) in enumerate(sizes)]
        fewer = [(FEWER[i], "fewer", low, high) for i, (low, high) in enumerate(sizes)]
        return more[::-1] + [(SAME, "same", 0.0, 0.0)] + fewer


def diverging(values: pd.Series, integer: bool) -> Diverging:
    """Classes wide enough that the largest change, up or down, falls in the third."""
    largest = float(np.nanmax(np.abs(values))) if values.notna().any() else 0.0
    step = largest / len(MORE)
    return Diverging(math.ceil(step) if integer else round(step, 2) or step)
