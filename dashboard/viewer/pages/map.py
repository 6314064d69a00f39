"""The main page: totals, the map with its legend, the selected unit, charts and the matching records."""
import streamlit as st

from dashboard.viewer import downloads, map_view, panels, profile, share
from dashboard.viewer.choropleth import choropleth

from dashboard import url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.choropleth.paint import LABELS_UP_TO


def render(view: url.View, data: Dataset) -> None:
    """Every panel reads records through the one filter, so map, charts and table agree."""
    words, flt = Words(view.lang), view.filter
    shown = choropleth(view, data)
    panel_records = shown.panel_records
    panels.kpis(words, data, panel_records, flt.selected)
    left, right = st.columns([2.4, 1], gap="medium")
    with left:
        map_view.render(data, words, flt, shown.values, shown.classes, tiles=view.tiles, labels=view.labels)
        st.caption(words("click_hint"))
        if view.labels and len(data.communes) > LABELS_UP_TO:
            st.caption(words("labels_hidden", count=LABELS_UP_TO))
        downloads.handout_buttons(words, view, data, share.link_to(url.to_query(view)))
    with right:
        map_view.legend(words, flt.metric, shown.legend_rows)
        panels.clear_selection_button(words, data, flt.selected)
        profile.render(words, data, flt.selected)
        panels.charts(words, panel_records, range(flt.year_from, flt.year_to + 1))
    panels.records_section(words, data, panel_records, flt.selected, key="map_table")
    downloads.buttons(words, lambda: panels.full_rows(data, panel_records), len(panel_records), flt)
