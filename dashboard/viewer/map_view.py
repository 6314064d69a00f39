"""The choropleth map with its legend, and what a click on it does."""
from html import escape

import streamlit as st
from streamlit_folium import st_folium

from dashboard.viewer import profile

from dashboard import state, url
from dashboard.assets import ASSETS_PATH
from dashboard.data import Dataset
from dashboard.words.i18n import number, t
from geo.boundaries import layers as boundaries
from geo.choropleth import drawing as foliummap
from geo.choropleth.drawing import UNCODED_COLOUR
from geo.choropleth.classify import NO_DATA_COLOUR, ZERO_COLOUR, Classes
from geo.records.fields import FIELDS
from geo.choropleth.spec import MapText, build_spec

MAP_KEY = "map"
CLICK_KEY = "last_map_click"
MAP_HEIGHT = 560


def render(data: Dataset, view: url.View, values, classes: Classes) -> None:
    """Draw the map; the choropleth layer is swapped in place when filters change."""
    lang, flt = view.lang, view.filter
    text = MapText(total=t("tooltip_total", lang), per1000=t("tooltip_per1000", lang),
                   no_data=t("legend_no_data", lang),
                   field_labels={f.code: f.label(lang) for f in FIELDS},
                   number=lambda v: number(v, lang), approximate=t("tooltip_approximate", lang))
    communes = data.communes
    if data.units == "2025":
        communes = communes.assign(note=profile.member_note(data, lang))
    spec = build_spec(communes, values, flt.metric, classes, text,
                      in_filter=set(flt.communes) or None, selected=flt.selected)
    context = data.context if data.context is not None else data.communes.iloc[:0].assign(level="")
    fmap = foliummap.base_map(context, spec.bounds, assets_url(), tiles=view.tiles)
    st_folium(fmap, key=MAP_KEY, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=["last_object_clicked", "last_object_clicked_count"],
              feature_group_to_add=foliummap.choropleth_layer(spec, view.labels),
              on_change=lambda: _on_click(data))


def assets_url() -> str:
    """Absolute path of the served Leaflet files (the map runs in an iframe)."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{ASSETS_PATH}" if base else f"/{ASSETS_PATH}"


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


def legend(view: url.View, classes: Classes, values, approximate: bool = False, uncoded: bool = False) -> None:
    """The app's own legend: classes, zero, no data, dimmed communes, approximate units and
    polygons without a code (the last three when the map has them)."""
    lang, metric = view.lang, view.filter.metric
    decimals = 0 if metric == "count" else 1
    items = []
    for i, (colour, low, high) in enumerate(classes.ranges()):
        low_text = number(low if i == 0 else _next_step(low, decimals), lang, decimals)
        high_text = number(high, lang, decimals)
        items.append((colour, low_text if low_text == high_text else f"{low_text} – {high_text}"))
    if (values[metric] == 0).any():
        items.insert(0, (ZERO_COLOUR, t("legend_zero", lang)))
    if values[metric].isna().any():
        items.append((NO_DATA_COLOUR, t("legend_no_data", lang)))
    rows = "".join(
        f'<div class="legend-row"><span class="swatch" style="background:{c}"></span>{escape(label)}</div>'
        for c, label in items)
    if view.filter.communes:
        rows += (f'<div class="legend-row"><span class="swatch dim"></span>'
                 f'{escape(t("legend_dim", lang))}</div>')
    if uncoded:
        rows += (f'<div class="legend-row"><span class="swatch uncoded" style="background:{UNCODED_COLOUR}">'
                 f'</span>{escape(t("legend_uncoded", lang))}</div>')
    if approximate:
        rows += (f'<div class="legend-row legend-approximate"><span class="swatch approximate"></span>'
                 f'{escape(t("legend_approximate", lang))}</div>')
    if not classes.bounds:
        rows += f"<div>{escape(t('legend_empty', lang))}</div>"
    st.markdown(f'<div class="legend"><b>{escape(t("legend", lang))}: '
                f'{escape(t("metric_" + metric, lang))}</b>{rows}</div>', unsafe_allow_html=True)


def _next_step(low: float, decimals: int) -> float:
    """Classes are (low, high]: the first value shown in a class is one step above low."""
    step = 10 ** -decimals
    return (low // step + 1) * step
