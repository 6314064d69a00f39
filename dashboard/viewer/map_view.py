"""The choropleth map with its legend, and what a click on it does.

The map is the component of dashboard/viewer/mapcomponent: its shapes are a
static file written once per boundary version (geo.choropleth.shapes) and
each rerun sends only the per-unit paint (geo.choropleth.paint), so a filter
change recolours the map in place instead of resending it.
"""
import threading
import weakref
from html import escape

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.viewer import mapcomponent, profile

from dashboard import state, url
from dashboard.assets import GEOMETRY_DIR, assets_url, static_url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.choropleth import shapes
from geo.choropleth.classify import Classes
from geo.choropleth.legend import Item
from geo.choropleth.paint import LABELS_UP_TO, paint
from geo.choropleth.query import Filter
from geo.records.fields import FIELDS

MAP_KEY = "map"
CLICK_KEY = "last_map_click"
MAP_HEIGHT = 560
# How a legend row's swatch and row are styled (dashboard/style.css), by kind; the rest are plain rows.
SWATCH_CLASS = {"dim": "swatch dim", "uncoded": "swatch uncoded", "approximate": "swatch approximate"}
ROW_CLASS = {"approximate": "legend-row legend-approximate"}


def render(data: Dataset, words: Words, flt: Filter, values: pd.DataFrame, classes: Classes, *,
           tiles: bool, labels: bool, stretch: bool = False) -> None:
    """Draw the map: the geometry file's address and this rerun's colours and numbers; `stretch`: the map
    fills its frame, whose height the page's CSS sets (projector mode), instead of MAP_HEIGHT."""
    notes = profile.member_note(data, words) if data.units == "2025" else []
    first, detail = geometry_files(data.communes, data.context)
    args = {
        "geometry": static_url(first), "detail": static_url(detail) if detail else "",
        "assets": assets_url(), "height": MAP_HEIGHT, "stretch": stretch, "lang": words.lang,
        "words": {"total": words("tooltip_total"), "per1000": words("tooltip_per1000"),
                  "no_data": words("legend_no_data"), "approximate": words("tooltip_approximate"),
                  "fields": [f.label(words.lang) for f in FIELDS]},
        "labels": labels, "label_limit": LABELS_UP_TO, "tiles": tiles,
        **paint(values, flt.metric, classes, in_filter=set(flt.communes) or None, selected=flt.selected,
                notes=dict(enumerate(notes))),
    }
    mapcomponent.draw(args, key=MAP_KEY, on_change=lambda: _on_click(data))


_FILES: dict[int, tuple[weakref.ref, tuple[str, str | None]]] = {}
_FILES_LOCK = threading.Lock()


def geometry_files(communes: gpd.GeoDataFrame, context: gpd.GeoDataFrame | None) -> tuple[str, str | None]:
    """The geometry files of this (cached, read-only) commune set, written on first use: the one drawn
    first, and the display geometry swapped in when zoomed in, if that is another (shapes.write_map).

    Remembered per frame object: the datasets are cached (dashboard/data.py), so
    reruns and sessions showing the same map reuse the files and skip the
    encoding (about a second for the country). A frame that is gone is forgotten;
    a file gone from the folder (static/ cleared while the server runs) is written again.
    """
    with _FILES_LOCK:
        known = _FILES.get(id(communes))
        if known and known[0]() is communes and all((GEOMETRY_DIR / name).is_file() for name in known[1] if name):
            return known[1]
        names = shapes.write_map(communes, context, GEOMETRY_DIR)
        for key in [k for k, (ref, _) in _FILES.items() if ref() is None]:
            del _FILES[key]
        _FILES[id(communes)] = (weakref.ref(communes), names)
        return names


def _on_click(data: Dataset) -> None:
    """A click on a unit selects it; a click on the selected one unselects it.

    The click counter tells a new click from a rerun that repeats the last one;
    anything else the browser sends (an unknown code, a forged value) is ignored.
    """
    value = st.session_state.get(MAP_KEY)
    click = mapcomponent.clicked(value, frozenset(data.communes["code"]))
    if click is None and value is not None:
        state.note_forged()  # not a click on a unit of this map: said, and ignored
    if click is None or click == st.session_state.get(CLICK_KEY):
        return
    st.session_state[CLICK_KEY] = click
    code = click[0]
    view = state.current()
    state.change(url.with_filter(view, selected=None if view.filter.selected == code else code))


def legend(words: Words, metric: str, rows: list[Item]) -> None:
    """The app's own legend beside the map, drawn from the rows geo.choropleth.legend computed."""
    st.markdown(legend_html(words, metric, rows), unsafe_allow_html=True)


def legend_html(words: Words, metric: str, rows: list[Item]) -> str:
    """The legend as HTML (styled by dashboard/style.css), every word escaped."""
    body = "".join(_legend_row(words, row) for row in rows)
    return (f'<div class="legend"><b>{escape(words("legend"))}: '
            f'{escape(words("metric_" + metric))}</b>{body}</div>')


def legend_text(words: Words, row: Item) -> str:
    """What a row says: its words, or its class's numbers written the language's way ("1 – 5")."""
    if row.kind == "sampled":
        return words(row.key, sample=words.number(row.low), total=words.number(row.high))
    if row.key:
        return words(row.key)
    if row.high is None:
        return words.number(row.low, row.decimals)
    return f"{words.number(row.low, row.decimals)} – {words.number(row.high, row.decimals)}"


def _legend_row(words: Words, row: Item) -> str:
    """One row as HTML: a swatch (filled with the row's colour, if any) and its words or numbers."""
    label = legend_text(words, row)
    if row.kind == "sampled":
        return f'<div class="legend-note">{escape(label)}</div>'
    if row.kind == "empty":
        return f"<div>{escape(label)}</div>"
    fill = f' style="background:{row.colour}"' if row.colour else ""
    return (f'<div class="{ROW_CLASS.get(row.kind, "legend-row")}">'
            f'<span class="{SWATCH_CLASS.get(row.kind, "swatch")}"{fill}></span>{escape(label)}</div>')
