"""The three pages: map (main), records, and data sources."""
from pathlib import Path

import streamlit as st

from dashboard.staff import auth, pages as staff_pages

from dashboard.viewer import map_view, panels, profile

from dashboard import state, url
from dashboard.config import load_config
from dashboard.data import Dataset
from dashboard.words.i18n import number, t
from dashboard.words.markup import plain
from geo.choropleth.aggregate import commune_values
from geo.choropleth.classify import classify
from geo.choropleth.drawing import LABELS_UP_TO
from geo.choropleth.query import query

CONTENT = Path(__file__).resolve().parents[1] / "content"


def map_page(view: url.View, data: Dataset) -> None:
    flt = view.filter
    filtered = query(data.records, flt)
    panel_records = query(data.records, flt, with_selected=True)
    values = commune_values(data.communes, data.records, filtered)
    in_scope = values[values["code"].isin(flt.communes)] if flt.communes else values
    classes = classify(in_scope[flt.metric], view.scheme, integer=flt.metric == "count")
    panels.kpis(view, data, panel_records)
    left, right = st.columns([2.4, 1], gap="medium")
    with left:
        map_view.render(data, view, values, classes)
        st.caption(t("click_hint", view.lang))
        if view.labels and len(data.communes) > LABELS_UP_TO:
            st.caption(t("labels_hidden", view.lang, count=LABELS_UP_TO))
    with right:
        map_view.legend(view, classes, in_scope, approximate=_any_approximate(data),
                        uncoded=data.uncoded is not None and not data.uncoded.empty)
        _clear_selection_button(view, data)
        profile.render(view, data)
        panels.charts(view, panel_records)
    _records_section(view, data, panel_records, key="map_table")


def _any_approximate(data: Dataset) -> bool:
    return "approximate" in data.communes and bool(data.communes["approximate"].any())


def _records_section(view: url.View, data: Dataset, records, key: str):
    """Heading (naming the selected commune, if any), table and record detail."""
    selected = view.filter.selected
    names = panels.commune_names(data)
    st.subheader(t("records_of", view.lang, name=plain(names[selected])) if selected
                 else t("records_title", view.lang))
    shown = panels.records_table(view, data, records, key=key)
    st.markdown(f"**{t('detail', view.lang)}**")
    panels.detail(view, shown, key=key)
    return shown


def _clear_selection_button(view: url.View, data: Dataset) -> None:
    selected = view.filter.selected
    if selected:
        name = plain(panels.commune_names(data)[selected])
        st.button(t("clear_selection", view.lang, name=name), key="clear_selection",
                  on_click=lambda: state.set_view(url.with_filter(state.current(), selected=None)))


def records_page(view: url.View, data: Dataset) -> None:
    _clear_selection_button(view, data)
    profile.render(view, data)
    shown = _records_section(view, data, query(data.records, view.filter, with_selected=True),
                             key="records_table")
    if auth.is_staff():  # viewers never get an editing widget
        staff_pages.editor(view, data.registered, shown, detail_key="records_table_detail")


def sources_page(view: url.View, data: Dataset) -> None:
    """Licences, vintages and what is illustrative, with figures from the loaded data."""
    st.subheader(t("sources_title", view.lang))
    records = data.records
    text = (CONTENT / f"sources.{view.lang}.md").read_text(encoding="utf-8")
    st.markdown(text.format(
        total=number(len(records), view.lang),
        synthetic=number(int(records["illustrative"].sum()), view.lang),
        real=number(int((~records["illustrative"]).sum()), view.lang),
        communes=number(len(data.registered.communes), view.lang),
        national_communes=number(11163, view.lang),
        display=_display_note(data, view.lang),
        shown=_boundary_source(data, view.lang),
    ))


def _boundary_source(data: Dataset, lang: str) -> str:
    """Which boundaries the map draws: an area of the national set, a staff-loaded version, or the file."""
    base = data.registered
    if base.title:
        return t("source_area", lang, area=plain(base.title))
    if base.version is not None:
        return t("source_version", lang, label=plain(base.version.label), id=base.version.id,
                 file=plain(base.version.source_name), user=plain(base.version.user))
    return t("source_default", lang, file=plain(load_config().boundaries.name))


def _display_note(data: Dataset, lang: str) -> str:
    """What cleaning and simplifying did to the boundaries the map draws (figures from this load)."""
    report = data.registered.communes.attrs.get("display")
    if not report:
        return t("display_plain", lang)
    cleaned = report["cleaned"]
    figures = {"before": report["geojson_bytes_before"] / 1024, "after": report["geojson_bytes_after"] / 1024,
               "vertices_before": report["vertices_before"], "vertices_after": report["vertices_after"],
               "shift": report["max_displacement_m"], "tolerance": report["tolerance_m"],
               "gaps": cleaned["gaps_filled"]}
    return t("display_report", lang, overlap=number(cleaned["overlap_m2"] / 1e4, lang, 2),
             **{key: number(value, lang) for key, value in figures.items()})


PAGES = {"map": map_page, "records": records_page, "sources": sources_page}
