"""The main page: totals, the map with its legend, the selected unit, charts and the matching records."""
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.viewer import compare, downloads, map_view, panels, profile

from dashboard import url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.choropleth import legend
from geo.choropleth.aggregate import commune_values
from geo.choropleth.classify import classify
from geo.choropleth.paint import LABELS_UP_TO
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
    """One query, the values per unit and their classes: what the map page and projector mode draw."""
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


def render(view: url.View, data: Dataset) -> None:
    """Every panel reads records through the one filter, so map, charts and table agree."""
    words, flt = Words(view.lang), view.filter
    shown = choropleth(view, data)
    panel_records = shown.panel_records
    panels.kpis(words, data, panel_records, flt.selected)
    left, right = st.columns([2.4, 1], gap="medium")
    with left:
        legend_html = maps(view, data, shown)
    with right:
        st.markdown(legend_html, unsafe_allow_html=True)
        panels.clear_selection_button(words, data, flt.selected)
        panels.profile_button(words, flt.selected)
        profile.render(words, data, flt.selected)
        panels.charts(words, panel_records, range(flt.year_from, flt.year_to + 1))
    panels.records_section(words, data, panel_records, flt.selected, key="map_table")
    downloads.buttons(words, lambda: panels.full_rows(data, panel_records), len(panel_records), flt)


def maps(view: url.View, data: Dataset, shown: Choropleth, height: int | None = None) -> str:
    """The one map, or the small maps of a comparison (compare.py); returns their legend's HTML."""
    words = Words(view.lang)
    if view.compare:
        compared = compare.build(view, data)
        if compared.notice:
            st.info(words(compared.notice))
            return map_view.legend_html(words, view.filter.metric, shown.legend_rows)
        st.html(compared.grid)
        st.caption(words("compare_help"))
        return compared.legend
    kwargs = {"height": height} if height else {}
    map_view.render(data, words, view.filter, shown.values, shown.classes, tiles=view.tiles, labels=view.labels,
                    **kwargs)
    st.caption(words("click_hint"))
    if view.labels and len(data.communes) > LABELS_UP_TO:
        st.caption(words("labels_hidden", count=LABELS_UP_TO))
    return map_view.legend_html(words, view.filter.metric, shown.legend_rows)


def _any_approximate(data: Dataset) -> bool:
    """Whether some unit on the map has an approximate boundary (the legend then explains the outline)."""
    return "approximate" in data.communes and bool(data.communes["approximate"].any())
