"""Assemble one run of the dashboard: data → view → sidebar → page → URL."""
from dataclasses import replace
from datetime import date
from pathlib import Path

import streamlit as st

from dashboard.staff import auth, boundary_page, pages as staff_pages

from dashboard.viewer import pages, sidebar

from dashboard import state, url
from dashboard.assets import ensure_leaflet
from dashboard.config import load_config
from dashboard.data import Dataset, active_version, area_catalogue, load_dataset
from dashboard.words.i18n import number, t
from dashboard.words.markup import plain
from geo.boundaries.national import AreaError
from geo.boundaries.layers import BoundaryError
from geo.records.schema import RecordsError

STAFF_PAGES = staff_pages.PAGES | {"boundaries": boundary_page.boundaries_page}
STYLE = (Path(__file__).resolve().parent / "style.css").read_text(encoding="utf-8")


def main() -> None:
    st.set_page_config(page_title="Dân vận khéo · Yên Sơn", page_icon="🗺️", layout="wide")
    st.markdown(f"<style>{STYLE}</style>", unsafe_allow_html=True)
    ensure_leaflet()
    lang = _url_lang()
    config = load_config()
    catalogue = area_catalogue(config)
    areas = _area_keys(catalogue)
    # a boundary set staff loaded and activated is the default view, even over DVK_AREA
    default_area = None if active_version(config) else config.area
    area = _wanted_area(url.Context(years=(0, 0), communes=frozenset(), areas=areas, default_area=default_area))
    data = _load(lang, config, area)
    reformed = data.reformed
    ctx = url.Context(years=_years(data), communes=frozenset(data.communes["code"]),
                      new_communes=frozenset(reformed.communes["code"]) if reformed is not None else frozenset(),
                      areas=areas, default_area=default_area)
    view = state.init(ctx)
    _fit_years(ctx)
    _fit_units(ctx)
    staff_notice = _guard_staff_pages()
    sidebar.render(data, ctx, catalogue)
    view = state.current()
    data = data.in_units(view.units)
    st.title(t("app_title", view.lang))
    st.caption(t("app_subtitle", view.lang, area=data.title or t("default_area", view.lang),
                 units=t(f"subtitle_units_{view.units}", view.lang)))
    _banners(view, data)
    if staff_notice:
        st.warning(t("staff_only_page", view.lang, page=t(f"page_{staff_notice}", view.lang)), icon="🔒")
    if view.page in url.STAFF_PAGES:
        STAFF_PAGES[view.page](view, data.registered)
    else:
        pages.PAGES[view.page](view, data)
    state.publish()


def _years(data: Dataset) -> tuple[int, int]:
    """The records' first and last year (this year alone when every record was removed)."""
    years = data.records["year"]
    if years.empty:
        return date.today().year, date.today().year
    return int(years.min()), int(years.max())


YEARS_KEY = "data_years"


def _fit_years(ctx: url.Context) -> None:
    """Keep the year filter valid when an import, edit or rollback changed the data's years.

    A filter that covered every year keeps covering every year; any other is
    clipped to the new range (the slider refuses values outside it).
    """
    before = st.session_state.get(YEARS_KEY, ctx.years)
    st.session_state[YEARS_KEY] = ctx.years
    if before == ctx.years:
        return
    view = state.current()
    flt, (first, last) = view.filter, ctx.years
    if (flt.year_from, flt.year_to) == before:
        start, end = first, last
    else:
        start, end = min(max(flt.year_from, first), last), max(min(flt.year_to, last), first)
        if start > end:
            start, end = first, last
    state.set_view(url.with_filter(view, year_from=start, year_to=end))


GONE_KEY = "codes_gone"


def _fit_units(ctx: url.Context) -> None:
    """Keep the view's units, communes and selection among those the data has now.

    Staff may make another boundary set active while a viewer's session is
    open; codes the new set lacks are dropped, and said so, instead of
    failing on the next run.
    """
    view = state.current()
    units = view.units if ctx.units_codes(view.units) else "2020"
    codes = ctx.units_codes(units)
    flt = view.filter
    kept = tuple(c for c in flt.communes if c in codes)
    selected = flt.selected if flt.selected in codes else None
    if (units, kept, selected) == (view.units, flt.communes, flt.selected):
        return
    dropped = [c for c in (*flt.communes, flt.selected) if c and c not in codes]
    state.set_view(replace(url.with_filter(view, communes=kept, selected=selected), units=units))
    st.session_state[GONE_KEY] = ", ".join(dict.fromkeys(dropped))


def _guard_staff_pages() -> str | None:
    """Viewers never get a staff page: a link naming one shows the map (returns the page refused).

    The page is remembered, so signing in right after opens it.
    """
    view = state.current()
    if view.page not in url.STAFF_PAGES or auth.is_staff():
        return None
    st.session_state[auth.WANTED_KEY] = view.page
    state.set_view(replace(view, page="map"))
    return view.page


def _area_keys(catalogue) -> frozenset:
    """Every (province, district) and (province, None) the national set can show."""
    if catalogue is None:
        return frozenset()
    pairs = zip(catalogue["province_code"], catalogue["district_code"])
    return frozenset(pairs) | {(p, None) for p in catalogue["province_code"]}


def _wanted_area(ctx: url.Context):
    """The area to load: the session's, or on its first run the link's (checked again in state.init)."""
    if state.VIEW_KEY in st.session_state:
        return state.current().area
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return url.parse_area(params, ctx)[0]


def _url_lang() -> str:
    """The language to report load errors in, before the view exists."""
    if state.VIEW_KEY in st.session_state:
        return state.current().lang
    return "en" if st.query_params.get("lang") == "en" else "vi"


def _load(lang: str, config, area) -> Dataset:
    """Load the data or stop with a message in the user's language (never a traceback)."""
    try:
        with st.spinner(t("loading", lang)):
            return load_dataset(config, area)
    except (BoundaryError, RecordsError, AreaError) as exc:
        st.error(f"**{t('error_title', lang)}**\n\n{plain(t(exc.key, lang, **exc.values()))}")
        st.stop()


def _banners(view: url.View, data: Dataset) -> None:
    """What the user must know about this view: illustrative data, dropped URL values."""
    lang, records = view.lang, data.records
    synthetic = int(records["illustrative"].sum())
    if synthetic:
        st.info(t("illustrative_banner", lang, synthetic=number(synthetic, lang),
                  total=number(len(records), lang), real=number(len(records) - synthetic, lang)),
                icon="ℹ️")
    gone = st.session_state.pop(GONE_KEY, None)
    if gone:
        st.warning(plain(t("codes_gone", lang, codes=gone)), icon="⚠️")
    notices = st.session_state.get(state.NOTICES_KEY) or []
    if notices:
        items = "\n".join(f"- {plain(t(n.key, lang, **dict(n.params)))}" for n in notices)
        st.warning(f"{t('notice_title', lang)}\n\n{items}", icon="⚠️")
    if data.unmatched:
        unmatched = data.records["commune_code"].isin(data.unmatched).sum()
        st.warning(plain(t("records_unmatched", lang, count=number(unmatched, lang),
                            codes=", ".join(data.unmatched[:10]))))
    if data.uncoded is not None and len(data.uncoded):
        names = ", ".join(sorted(data.uncoded["name"].astype(str)))
        st.caption(plain(t("area_uncoded", lang, count=number(len(data.uncoded), lang), names=names[:400])))
    repaired = data.communes.attrs.get("repaired", 0)
    if repaired:
        st.caption(t("boundary_repaired", lang, count=repaired))

