"""The sidebar: language, page, filters, map options and the share link."""
from dataclasses import replace
from urllib.parse import urlencode

import streamlit as st

from dashboard import auth, state, url
from dashboard.data import Dataset
from dashboard.i18n import LANGS, t
from geo.classify import SCHEMES
from geo.fields import FIELD_BY_CODE, FIELD_CODES
from geo.query import METRICS

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


def render(data: Dataset, ctx: url.Context) -> None:
    view = state.current()
    lang = view.lang
    with st.sidebar:
        st.radio(t("language", lang), LANGS, format_func=LANG_NAMES.get, horizontal=True,
                 **state.bind("lang", lang, state.view_setter("lang")))
        shown_pages = url.PAGES + url.STAFF_PAGES if auth.is_staff() else url.PAGES
        st.radio(t("page", lang), shown_pages, format_func=lambda p: t(f"page_{p}", lang),
                 **state.bind("page", view.page, state.view_setter("page")))
        st.header(t("filters", lang))
        _filters(view, data, ctx)
        if view.page == "map":
            _map_options(view)
        st.button(t("reset", lang), on_click=_reset, args=(ctx,), key="reset")
        _share(view)
        auth.sidebar(lang, on_sign_in=_open_wanted_page)


def _filters(view: url.View, data: Dataset, ctx: url.Context) -> None:
    lang, flt = view.lang, view.filter
    names = dict(zip(data.communes["code"], data.communes["name"]))
    st.multiselect(t("field", lang), FIELD_CODES, placeholder=t("field_all", lang),
                   format_func=lambda c: FIELD_BY_CODE[c].label(lang),
                   **state.bind("field", list(flt.fields), state.filter_setter("fields", tuple)))
    first, last = ctx.years
    if first < last:
        st.slider(t("years", lang), first, last,
                  **state.bind("years", (flt.year_from, flt.year_to), _set_years))
    else:
        st.caption(f"{t('years', lang)}: {first}")
    st.multiselect(t("commune", lang), sorted(names, key=names.get),
                   placeholder=t("commune_all", lang), format_func=names.get,
                   **state.bind("commune", list(flt.communes), state.filter_setter("communes", tuple)))
    st.radio(t("metric", lang), METRICS, format_func=lambda m: t(f"metric_{m}", lang),
             **state.bind("metric", flt.metric, state.filter_setter("metric")))


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
    """Back to all fields, all years and all communes; language and page stay."""
    view = state.current()
    state.set_view(url.View(filter=url.parse({}, ctx)[0].filter, lang=view.lang, page=view.page))


def _share(view: url.View) -> None:
    """The link to this exact view, in a code box whose copy button copies it."""
    st.subheader(t("share", view.lang))
    base = (st.context.url or "").split("?")[0].rstrip("/") + "/"
    st.code(f"{base}?{urlencode(url.to_query(view))}", language=None, wrap_lines=True)
    st.caption(t("share_help", view.lang))
