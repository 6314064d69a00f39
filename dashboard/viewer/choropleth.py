"""What a view's map shows, as data: the filtered records, each unit's values, the classes, the legend rows.

Computed once per run and read by everything that draws the map: the map
page, projector mode and the printed handout (dashboard/handout), so the
three cannot disagree about a colour.
"""
from dataclasses import dataclass

import pandas as pd

from dashboard import url
from dashboard.data import Dataset
from dashboard.viewer import panels
from geo.choropleth import legend
from geo.choropleth.aggregate import commune_values
from geo.choropleth.classify import classify
from geo.choropleth.query import query


@dataclass(frozen=True)
class Choropleth:
    """What a view's map shows: the filtered records, each unit's values, the classes and legend rows."""
    filtered: pd.DataFrame  # the record keys that pass the filter (panels.record_keys)
    panel_records: pd.DataFrame  # those of the selected unit, if one is selected
    values: pd.DataFrame
    classes: object
    legend_rows: list


def choropleth(view: url.View, data: Dataset) -> Choropleth:
    """One query, the values per unit and their classes: what the map page, projector mode and handout draw."""
    flt = view.filter
    filtered = query(panels.record_keys(data), flt)  # once: a million records take tens of ms
    values = commune_values(data.communes, data.records, filtered)
    in_scope = values[values["code"].isin(flt.communes)] if flt.communes else values
    classes = classify(in_scope[flt.metric], view.scheme, integer=flt.metric == "count")
    rows = legend.items(classes, in_scope[flt.metric], flt.metric, dimmed=bool(flt.communes),
                        approximate=_any_approximate(data),
                        uncoded=data.uncoded is not None and not data.uncoded.empty)
    panel_records = filtered[filtered["commune_code"] == flt.selected] if flt.selected else filtered
    return Choropleth(filtered, panel_records, values, classes, rows)


def _any_approximate(data: Dataset) -> bool:
    """Whether some unit on the map has an approximate boundary (the legend then explains the outline)."""
    return "approximate" in data.communes and bool(data.communes["approximate"].any())
