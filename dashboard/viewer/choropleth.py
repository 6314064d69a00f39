"""What a view's map shows, as data: each unit's values, the classes, the legend rows, the panels' counts.

Computed once per run and read by everything that draws the map: the map
page, projector mode and the printed handout (dashboard/handout), so the
three cannot disagree about a colour.
"""
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from dashboard import url
from dashboard.data import Dataset
from dashboard.viewer import panels
from geo.choropleth import legend
from geo.choropleth.aggregate import Tally, tally, unit_values
from geo.choropleth.classify import classify
from geo.choropleth.query import Filter, query


@dataclass(frozen=True)
class Choropleth:
    """What a view's map shows: each unit's values, the classes and legend rows, and what the panels count."""
    keys: pd.DataFrame  # the dataset's record keys (panels.record_keys)
    flt: Filter
    values: pd.DataFrame
    classes: object
    legend_rows: list
    tally: Tally  # the panels' counts: of the selected unit, if one is selected
    units_with_records: int  # units on the map with a record, ditto

    @cached_property
    def filtered(self) -> pd.DataFrame:
        """The record keys that pass the filter: only for what lists or downloads rows (a million
        records take tens of ms to filter; the counts come from `tally`)."""
        return query(self.keys, self.flt)

    @cached_property
    def panel_records(self) -> pd.DataFrame:
        """Those of the selected unit, if one is selected."""
        flt = self.flt
        return self.filtered[self.filtered["commune_code"] == flt.selected] if flt.selected else self.filtered


def choropleth(view: url.View, data: Dataset) -> Choropleth:
    """The values per unit, their classes and the panels' counts, read from the records' Counts (made once per
    records frame): what the map page, projector mode and handout draw, with no pass over the records."""
    flt = view.filter
    counts = panels.unit_counts(data)
    values = unit_values(data.communes, counts, flt)
    in_scope = values[values["code"].isin(flt.communes)] if flt.communes else values
    classes = classify(in_scope[flt.metric], view.scheme, integer=flt.metric == "count")
    rows = legend.items(classes, in_scope[flt.metric], flt.metric, dimmed=bool(flt.communes),
                        approximate=_any_approximate(data),
                        uncoded=data.uncoded is not None and not data.uncoded.empty)
    counted = tally(counts, flt, range(flt.year_from, flt.year_to + 1))
    with_records = values["count"].to_numpy() > 0  # NaN (no data) is not
    if flt.selected:
        with_records = with_records & (values["code"].to_numpy() == flt.selected)
    return Choropleth(panels.record_keys(data), flt, values, classes, rows, counted, int(with_records.sum()))


def _any_approximate(data: Dataset) -> bool:
    """Whether some unit on the map has an approximate boundary (the legend then explains the outline)."""
    return "approximate" in data.communes and bool(data.communes["approximate"].any())
