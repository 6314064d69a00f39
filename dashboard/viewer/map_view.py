"""The choropleth map with its legend, and what a click on it does."""
from html import escape

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.viewer import profile

from dashboard import state, url
from dashboard.assets import assets_url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.boundaries import layers as boundaries
from geo.choropleth import drawing as foliummap
from geo.choropleth.classify import Classes
from geo.choropleth.legend import Item
from geo.choropleth.query import Filter
from geo.records.fields import FIELDS
from geo.choropleth.spec import MapText, build_spec

MAP_KEY = "map"
CLICK_KEY = "last_map_click"
MAP_HEIGHT = 560
# How a legend row's swatch and row are styled (dashboard/style.css), by kind; the rest are plain rows.
SWATCH_CLASS = {"dim": "swatch dim", "uncoded": "swatch uncoded", "approximate": "swatch approximate"}
ROW_CLASS = {"approximate": "legend-row legend-approximate"}


def render(data: Dataset, words: Words, flt: Filter, values: pd.DataFrame, classes: Classes, *,
           tiles: bool, labels: bool) -> None:
    """Draw the map; the choropleth layer is swapped in place when filters change."""
    text = MapText(total=words("tooltip_total"), per1000=words("tooltip_per1000"),
                   no_data=words("legend_no_data"),
                   field_labels={f.code: f.label(words.lang) for f in FIELDS},
                   number=words.number, approximate=words("tooltip_approximate"))
    communes = data.communes
    if data.units == "2025":
        communes = communes.assign(note=profile.member_note(data, words))
    spec = build_spec(communes, values, flt.metric, classes, text,
                      in_filter=set(flt.communes) or None, selected=flt.selected)
    context = data.context if data.context is not None else data.communes.iloc[:0].assign(level="")
    fmap = foliummap.base_map(context, spec.bounds, assets_url(), tiles=tiles)
    st_folium(fmap, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_object_clicked", "last_object_clicked_count"],
              feature_group_to_add=foliummap.choropleth_layer(spec, labels),
              on_change=lambda: _on_click(data))



def _on_click(data: Dataset) -> None:
    """A click on a commune selects it; a click on the selected one unselects it.

    The click count tells a new click from a rerun that repeats the last one.
    """
    returned = st.session_state.get(MAP_KEY) or {}
    point, count = returned.get("last_object_clicked"), returned.get("last_object_clicked_count")
    if not point or (count, point) == st.session_state.get(CLICK_KEY):
        return
    st.session_state[CLICK_KEY] = (count, point)
    code = boundaries.commune_at(data.communes, point["lat"], point["lng"])
    if code:
        view = state.current()
        state.set_view(url.with_filter(view, selected=None if view.filter.selected == code else code))


def legend(words: Words, metric: str, rows: list[Item]) -> None:
    """The app's own legend beside the map, drawn from the rows geo.choropleth.legend computed."""
    st.markdown(legend_html(words, metric, rows), unsafe_allow_html=True)


def legend_html(words: Words, metric: str, rows: list[Item]) -> str:
    """The legend as HTML (styled by dashboard/style.css), every word escaped."""
    body = "".join(_legend_row(words, row) for row in rows)
    return (f'<div class="legend"><b>{escape(words("legend"))}: '
            f'{escape(words("metric_" + metric))}</b>{body}</div>')


def _legend_row(words: Words, row: Item) -> str:
    """One row as HTML: a swatch (filled with the row's colour, if any) and its words or numbers."""
    if row.kind == "sampled":
        return (f'<div class="legend-note">'
                f'{escape(words(row.key, sample=words.number(row.low), total=words.number(row.high)))}</div>')
    if row.key:
        label = words(row.key)
    elif row.high is None:
        label = words.number(row.low, row.decimals)
    else:
        label = f"{words.number(row.low, row.decimals)} – {words.number(row.high, row.decimals)}"
    if row.kind == "empty":
        return f"<div>{escape(label)}</div>"
    fill = f' style="background:{row.colour}"' if row.colour else ""
    return (f'<div class="{ROW_CLASS.get(row.kind, "legend-row")}">'
            f'<span class="{SWATCH_CLASS.get(row.kind, "swatch")}"{fill}></span>{escape(label)}</div>')
