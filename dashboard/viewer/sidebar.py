"""The sidebar: language, page, filters, map options and the share link."""
from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from dashboard.staff import auth

from dashboard import state, url
from dashboard.data import Dataset
from dashboard.words.i18n import LANGS, t
from geo.choropleth.classify import SCHEMES
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES
from geo.choropleth.query import METRICS
from geo.places.reform import to_new_codes, to_old_codes

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def render(data: Dataset, ctx: url.Context, catalogue=None) -> None:
    view = state.current()
    lang = view.lang
    with st.sidebar:
        st.radio(t("language", lang), LANGS, format_func=LANG_NAMES.get, horizontal=True,
                 **state.bind("lang", lang, state.view_setter("lang")))
        shown_pages = url.PAGES + url.STAFF_PAGES if auth.is_staff() else url.PAGES
        st.radio(t("page", lang), shown_pages, format_func=lambda p: t(f"page_{p}", lang),
                 **state.bind("page", view.page, state.view_setter("page")))
        if catalogue is not None:
            _area(view, ctx, catalogue)
        st.header(t("filters", lang))
        _filters(view, data, ctx)
        if view.page == "map":
            _map_options(view)
        st.button(t("reset", lang), on_click=_reset, args=(ctx,), key="reset")
        _share(view)
        auth.sidebar(lang, on_sign_in=_open_wanted_page)


def _filters(view: url.View, data: Dataset, ctx: url.Context) -> None:
    lang, flt = view.lang, view.filter
    if data.reformed is not None:
        counts = {"2020": len(data.communes), "2025": len(data.reformed.communes)}
        st.radio(t("units", lang), url.UNITS, format_func=lambda u: t(f"units_{u}", lang, count=counts[u]),
                 help=t("units_help", lang), **state.bind("units", view.units, _units_setter(data)))
    shown = data.in_units(view.units).communes
    names = dict(zip(shown["code"], shown["name"]))
    st.multiselect(t("field", lang), FIELD_CODES, placeholder=t("field_all", lang),
                   format_func=lambda c: FIELD_BY_CODE[c].label(lang),
                   **state.bind("field", list(flt.fields), state.filter_setter("fields", tuple)))
    first, last = ctx.years
    if first < last:
        st.slider(t("years", lang), first, last,
                  **state.bind("years", (flt.year_from, flt.year_to), _set_years))
    else:
        st.caption(f"{t('years', lang)}: {first}")
    suffix = "_2025" if view.units == "2025" else ""
    st.multiselect(t("commune" + suffix, lang), sorted(names, key=names.get),
                   placeholder=t("commune_all" + suffix, lang), format_func=names.get,
                   **state.bind("commune", list(flt.communes), state.filter_setter("communes", tuple)))
    st.radio(t("metric", lang), METRICS, format_func=lambda m: t(f"metric_{m}", lang),
             **state.bind("metric", flt.metric, state.filter_setter("metric")))


def _area(view: url.View, ctx: url.Context, catalogue) -> None:
    """Province -> district pickers over the national set; changing area clears the commune choices.

    "" stands for "no choice" (the default set, the whole province): a None
    value would show Streamlit's own English placeholder.
    """
    lang, area = view.lang, view.area
    provinces = dict(zip(catalogue["province_code"], catalogue["province_name"]))
    options = ([""] if ctx.default_area is None else []) + sorted(provinces, key=provinces.get)
    with st.expander(t("area", lang), expanded=area is not None):
        st.caption(t("area_help", lang))
        st.selectbox(t("area_province", lang), options,
                     format_func=lambda p: provinces[p] if p else t("area_default", lang),
                     **state.bind("province", area[0] if area else "",
                                  lambda v, p: _with_area(v, (p, None) if p else None)))
        if area:
            rows = catalogue[catalogue["province_code"] == area[0]]
            districts = dict(zip(rows["district_code"], rows["district_name"]))
            st.selectbox(t("area_district", lang), [""] + sorted(districts, key=districts.get),
                         format_func=lambda d: districts[d] if d else t("area_whole_province", lang),
                         **state.bind("district", area[1] or "",
                                      lambda v, d: _with_area(v, (v.area[0], d or None))))


def _with_area(view: url.View, area) -> url.View:
    """Another area has other communes: the commune filter and selection start empty."""
    if area == view.area:
        return view
    return replace(url.with_filter(view, communes=(), selected=None), area=area)


def _units_setter(data: Dataset):
    """Switching unit system carries the commune filter and selection over.

    To 2025 each commune becomes the unit that now contains it; back to 2020
    a unit becomes every commune merged into it. A selection survives only
    where it names exactly one unit on the other side.
    """
    def apply(view: url.View, units: str) -> url.View:
        if units == view.units:
            return view
        convert = to_new_codes if units == "2025" else to_old_codes
        flt = view.filter
        chosen = convert((flt.selected,), data.xwalk) if flt.selected else ()
        return replace(url.with_filter(view, communes=convert(flt.communes, data.xwalk),
                                       selected=chosen[0] if len(chosen) == 1 else None), units=units)
    return apply


def _set_years(view: url.View, years) -> url.View:
    return url.with_filter(view, year_from=int(years[0]), year_to=int(years[1]))


def _map_options(view: url.View) -> None:
    lang = view.lang
    with st.expander(t("map_options", lang)):
        st.selectbox(t("scheme", lang), tuple(SCHEMES), format_func=lambda s: t(f"scheme_{s}", lang),
                     **state.bind("scheme", view.scheme, state.view_setter("scheme")))
        st.checkbox(t("show_labels", lang), **state.bind("labels", view.labels, state.view_setter("labels")))
        st.checkbox(t("show_tiles", lang), **state.bind("tiles", view.tiles, state.view_setter("tiles")))


def _open_wanted_page() -> None:
    """After signing in, open the staff page a link asked for (if any)."""
    wanted = st.session_state.pop(auth.WANTED_KEY, None)
    if wanted in url.STAFF_PAGES:
        state.set_view(replace(state.current(), page=wanted))


def _reset(ctx: url.Context) -> None:
    """Back to all fields, all years and all communes; everything else (page, language, area,
    unit system, map options) stays."""
    view = state.current()
    state.set_view(replace(view, filter=url.parse({}, ctx)[0].filter))


def _share(view: url.View) -> None:
    """The link to this exact view, in a code box whose copy button copies it."""
    st.subheader(t("share", view.lang))
    base = (st.context.url or "").split("?")[0].rstrip("/") + "/"
    st.code(f"{base}?{urlencode(url.to_query(view))}", language=None, wrap_lines=True)
    st.caption(t("share_help", view.lang))
