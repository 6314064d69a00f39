"""The main page: totals, the map with its legend, the selected unit, charts, and the way to the matching records."""
import streamlit as st

from dashboard.viewer import compare, downloads, map_view, panels, profile, share
from dashboard.viewer.choropleth import Choropleth, choropleth

from dashboard import url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.choropleth.paint import LABELS_UP_TO


def render(view: url.View, data: Dataset) -> None:
    """Every panel reads records through the one filter, so map, charts and table agree."""
    words, flt = Words(view.lang), view.filter
    shown = choropleth(view, data)
    panels.kpis(words, data, shown.tally.total, shown.units_with_records, flt.selected)
    left, right = st.columns([2.4, 1], gap="medium")
    with left:
        legend_html = maps(view, data, shown)
        downloads.handout_buttons(words, view, data, share.link_to(url.to_query(view)))
    with right:
        st.html(legend_html)
        panels.clear_selection_button(words, data, flt.selected)
        panels.profile_button(words, flt.selected)
        profile.render(words, data, flt.selected)
        panels.charts(words, shown.tally)
    panels.records_link(words, data, shown.tally.total, flt.selected)
    downloads.buttons(words, lambda: panels.full_rows(data, shown.panel_records), shown.tally.total, flt)


def maps(view: url.View, data: Dataset, shown: Choropleth, stretch: bool = False) -> str:
    """The one map, or the small maps of a comparison (compare.py); returns their legend's HTML.
    `stretch` (projector mode): the map fills the frame the page's CSS sizes to the screen."""
    words = Words(view.lang)
    if view.compare:
        compared = compare.build(view, data)
        if compared.notice:
            st.info(words(compared.notice))
            return map_view.legend_html(words, view.filter.metric, shown.legend_rows)
        st.html(compared.grid)
        st.caption(words("compare_change_help", first=view.filter.year_from) if view.compare == "change"
                   else words("compare_help"))  # one change map has no other map to share a legend with
        return compared.legend
    map_view.render(data, words, view.filter, shown.values, shown.classes, tiles=view.tiles, labels=view.labels,
                    stretch=stretch)
    st.caption(words("click_hint"))
    if view.labels and len(data.communes) > LABELS_UP_TO:
        st.caption(words("labels_hidden", count=LABELS_UP_TO))
    return map_view.legend_html(words, view.filter.metric, shown.legend_rows)
