"""Assemble one run of the dashboard: link → data → view → sidebar → page → URL.

A run that fails anyway shows a message of ours, never the exception: its
trace goes to the server log (and `client.showErrorDetails = "none"` in
.streamlit/config.toml hides what Streamlit itself would show).
"""
import logging
from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard.staff import auth

from dashboard.viewer import present, sidebar
from dashboard.viewer.heading import area_title
from dashboard.viewer.panels import remember

from dashboard import pages, rerun, state, url
from dashboard.assets import ensure_leaflet
from dashboard.config import load_config
from dashboard.starting import page_setup
from dashboard.data import (Dataset, area_catalogue, area_keys, default_area, has_history, link_asof, load_dataset,
                            usable_version, view_context)
from dashboard.words.i18n import LANGS, Words
from dashboard.words.markup import plain
from geo.boundaries.national import AreaError
from geo.boundaries.layers import BoundaryError
from geo.places.names import sort_key
from geo.records.schema import RecordsError

LOG = logging.getLogger(__name__)
# the 2022 article the demo's real records quote (data/demo/records.csv, source column); other real
# records were imported or entered by staff, and the banner must not credit them to the article
SEED_ARTICLE = "Yên Sơn: Đẩy mạnh thực hiện phong trào thi đua"
UNCODED_LISTED = 12  # names of uncoded polygons shown under the title; more would bury the page


def main() -> None:
    """One run; if it fails, our message on the page and the whole trace in the server log."""
    state.guard_widget_input()
    page_setup()
    try:
        _run()
    except Exception:  # st.stop() and st.rerun() are not Exceptions: they pass
        _failed()


def _failed() -> None:
    """What a visitor sees of a failed run: a plain message in their language, nothing of the exception,
    whose whole trace goes to the server log (called in an `except` block)."""
    LOG.exception("a run of the dashboard failed")
    view = st.session_state.get(state.VIEW_KEY)
    lang = getattr(view, "lang", None)
    words = Words(lang if lang in LANGS else "vi")
    st.error(words("script_failed"), icon="⚠️")


def _run() -> None:
    """The data and view, kept valid against the data, then the page, the sidebar and the URL."""
    ensure_leaflet()
    rerun.full_run()
    data, ctx, catalogue = _open()
    _fit_years(ctx)
    _fit_units(ctx)
    staff_notice = _guard_staff_pages()
    try:
        _main_area(data, ctx, staff_notice)
    finally:  # drawn after the page, so a filter change's map leaves first; drawn even if the page fails
        sidebar.render(data, ctx, catalogue)
    _to_top_on_page_change(state.current().page)
    state.publish()
    rerun.full_run_done()


def _main_area(data: Dataset, ctx: url.Context, staff_notice: str | None) -> None:
    """Title, banners and the page of the current view.

    Drawn before the sidebar (whose place on screen does not depend on
    the order): Streamlit sends elements in the order the script makes
    them, and after a change of page or language the page is what the user
    waits for (a filter change reruns the map page alone: `_map_page`).
    """
    view = state.current()
    words = Words(view.lang)
    shown = data.in_units(view.units)
    st.markdown(_language_style(words), unsafe_allow_html=True)
    projector = view.present and view.page == "map"
    if not projector:  # projector mode draws its own, larger head (present.py)
        st.title(words("app_title"))
        st.caption(words("app_subtitle", area=plain(area_title(shown, words)),
                         units=words(f"subtitle_units_{view.units}")))
    _banners(words, shown, compact=projector)
    _asof_banner(words, view, compact=projector)
    if view.area == ctx.default_area:  # the deployment's own boundaries (a set, or DVK_AREA's district)
        _damaged_boundaries(words)
    if staff_notice:
        st.warning(words("staff_only_page", page=words(f"page_{staff_notice}")), icon="🔒")
    _welcome(words)
    if projector:
        present.render(view, shown, ctx.years)
    elif view.page == "map":
        _map_page(view, data, auth.current_user())
    else:
        pages.render(view, shown)


@rerun.fragment(rerun.MAP_PAGE)
def _map_page(drawn: url.View, data: Dataset, user: str | None) -> None:
    """The map page, drawn by the full run and alone when a filter changes (dashboard/rerun.py).

    Rerun alone, it is called with the full run's view, data and signed-in user:
    it draws the view of now if the full run's other elements still fit it, and
    asks for a full run instead when the view, the data (staff or the command line
    imported), the user (an account removed) or a banner due (a value dropped)
    changed since, or the data cannot be loaded (the full run says why).
    """
    view = drawn
    if rerun.fragment_only():
        view = state.current()
        if _stale(drawn, view, data, user):
            st.rerun()
    rerun.drawn(rerun.MAP_PAGE)
    try:
        pages.render(view, data.in_units(view.units))
        state.publish()
    except Exception:  # as main(): alone, the fragment's run is not inside main's
        _failed()


def _stale(drawn: url.View, view: url.View, data: Dataset, user: str | None) -> bool:
    """Whether the full run's elements no longer fit: another kind of view, a value dropped, a full run
    asked for (a reset sent beside a filter change), another signed-in user, other data, or data that
    fails to load (nothing is drawn here)."""
    if (not rerun.same_page(drawn, view) or state.forged_pending() or rerun.full_run_pending()
            or auth.current_user() != user):
        return True
    try:
        return load_dataset(load_config(), view.area, view.asof) is not data
    except Exception:  # noqa: BLE001 - the full run shows the message (_load)
        return True


def _uncoded_names(names: pd.Series) -> list[str]:
    """The names worth listing, in Vietnamese dictionary order: an empty name, or a bare number (a
    ward "1" of the 2009 set, whose district the list has not), says nothing; the count includes them."""
    return sorted((name for name in names.astype(str).str.strip() if name and not name.isdecimal()), key=sort_key)


def _language_style(words: Words) -> str:
    """The words style.css puts into Streamlit's own English controls (the file uploader's, a list's
    search that matches nothing), in the page's language: our own strings, none with a quote or backslash."""
    return (f'<style>:root {{ --dvk-drop: "{words("upload_drop")}"; '
            f'--dvk-upload: "{words("upload_button")}"; --dvk-no-results: "{words("no_results")}"; }}</style>')


PAGE_SHOWN_KEY = "page_shown"
# Streamlit's main area keeps its scroll position from run to run: scrolled down the import page,
# the map page would open at its records table, the map out of sight.
TO_TOP_SCRIPT = """(() => {
  const main = document.querySelector('[data-testid="stMain"]');
  for (let box = main; box; box = box.parentElement) box.scrollTop = 0;
  window.scrollTo(0, 0);
})(); // %s"""


def _to_top_on_page_change(page: str) -> None:
    """A page another page's run left scrolled opens at its top (the script names the page, so two
    page changes in a row each run it)."""
    before = st.session_state.get(PAGE_SHOWN_KEY)
    st.session_state[PAGE_SHOWN_KEY] = page
    if before is not None and before != page:
        st.html(f"<script>{TO_TOP_SCRIPT % page}</script>", unsafe_allow_javascript=True)


def _welcome(words: Words) -> None:
    """Right after signing in, in the main area: who is signed in, what staff can do now, and a button
    to each staff page (the sidebar's page picker may be out of view)."""
    if not st.session_state.pop(auth.WELCOME_KEY, False) or not auth.is_staff():
        return
    rerun.one_off_shown()
    with st.container(border=True, key="welcome"):
        st.success(words("auth_welcome_main", user=plain(auth.current_user())), icon=":material/how_to_reg:")
        staff_pages = [p for p in pages.offered(staff=True) if pages.staff_only(p)]
        for column, page in zip(st.columns(len(staff_pages)), staff_pages):
            column.button(words(f"page_{page}"), key=f"welcome_{page}", on_click=_open_page, args=(page,))


def _open_page(page: str) -> None:
    state.set_view(replace(state.current(), page=page))


def _open() -> tuple[Dataset, url.Context, pd.DataFrame | None]:
    """The data, what valid view values are, and the national area catalogue (None without the set).

    On a session's first run the link is read once, in two steps: its area
    (which data to load) and, once the data is loaded, the rest of its view.
    """
    config = load_config()
    catalogue = area_catalogue(config)
    areas = _area_keys(catalogue)
    default = default_area(config)
    link = state.opening_link()
    if link is None:
        lang, area, asof = state.current().lang, state.current().area, state.current().asof
    else:
        lang, area, asof = link.lang, link.area(areas, default), link_asof(link, config)
    data = _load(Words(lang), config, area, asof)
    ctx = view_context(data, pages.NAMES, areas, default, history=has_history(config))
    if link is not None:
        state.start(link.view(ctx, area, asof), link.notices)
    state.remember(ctx)
    return data, ctx, catalogue


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

    The page is remembered, so signing in right after opens it; the notice that says so
    stays on every run of the view it produced (a search or a click on the map reruns the
    script), until the user changes the view.
    """
    view = state.current()
    if pages.staff_only(view.page) and not auth.is_staff():
        st.session_state[auth.WANTED_KEY] = view.page
        shown = replace(view, page="map")
        state.set_view(shown)
        st.session_state[state.REFUSED_KEY] = (view.page, shown)
        return view.page
    refused = st.session_state.get(state.REFUSED_KEY)
    if refused and refused[1] == view and not auth.is_staff():
        return refused[0]
    st.session_state.pop(state.REFUSED_KEY, None)
    return None


def _area_keys(catalogue) -> frozenset:
    """data.area_keys, remembered per catalogue (6 ms a run, were they built each time)."""
    if catalogue is None:
        return frozenset()
    return remember(catalogue, "area_keys", lambda: area_keys(catalogue))


def _load(words: Words, config, area, asof: str) -> Dataset:
    """Load the data or stop with a message in the user's language (never a traceback)."""
    try:
        with st.spinner(words("loading")):
            return load_dataset(config, area, asof)
    except (BoundaryError, RecordsError, AreaError) as exc:
        st.error(f"**{words('error_title')}**\n\n{plain(words(exc.key, **exc.values()))}")
        with st.sidebar:  # whatever failed, staff can still sign in
            auth.sidebar(words.lang)
        st.stop()


def _asof_banner(words: Words, view: url.View, compact: bool = False) -> None:
    """A link as of a past moment says so, with a way back to today's figures; `compact` (projector mode):
    its summary line says it (present.summary)."""
    if not view.asof or compact:
        return
    note, back = st.columns([4, 1], vertical_alignment="center")  # one row: the map stays on a laptop's first screen
    note.info(words("asof_banner", moment=words.moment(url.asof_moment(view.asof))), icon=":material/history:")
    back.button(words("asof_live"), key="asof_live", icon=":material/update:", width="stretch",
                on_click=lambda: state.set_view(replace(state.current(), asof="")))


def _damaged_boundaries(words: Words) -> None:
    """The map shows the configured boundaries because the active staff-loaded set cannot be read: say so,
    and to staff how to put it right."""
    damaged = usable_version(load_config())[1]
    if damaged is not None:
        st.warning(plain(words("bset_damaged_banner", name=damaged))
                   + ("\n\n" + words("bset_damaged_staff") if auth.is_staff() else ""), icon="⚠️")


def _banners(words: Words, data: Dataset, compact: bool = False) -> None:
    """What the user must know about this view: illustrative data, dropped URL values. `compact`
    (projector mode): the illustrative data in one short line, so the map stays on the screen."""
    records = data.records
    synthetic = remember(records, "illustrative", lambda: int(records["illustrative"].sum()))
    if synthetic and compact:
        st.caption(words("illustrative_short", synthetic=words.number(synthetic), total=words.number(len(records))))
    elif synthetic:
        article = remember(records, "from_article", lambda: int(
            (~records["illustrative"] & records["source"].astype(str).str.startswith(SEED_ARTICLE)).sum()))
        st.info(words("illustrative_banner", synthetic=words.number(synthetic), total=words.number(len(records)),
                      article=words.number(article), entered=words.number(len(records) - synthetic - article)),
                icon="ℹ️")
    if state.take_forged():
        st.warning(words("forged_input"), icon="⚠️")
        rerun.one_off_shown()
    gone = st.session_state.pop(GONE_KEY, None)
    if gone:
        rerun.one_off_shown()
        st.warning(plain(words("codes_gone", codes=gone)), icon="⚠️")
    notices = st.session_state.get(state.NOTICES_KEY) or []
    if notices:
        items = "\n".join(f"- {plain(words(n.key, **dict(n.params)))}" for n in notices)
        st.warning(f"{words('notice_title')}\n\n{items}", icon="⚠️")
    if data.unmatched:
        unmatched = remember(data.records, ("unmatched", data.unmatched),
                             lambda: int(data.records["commune_code"].isin(data.unmatched).sum()))
        st.warning(plain(words("records_unmatched", count=words.number(unmatched),
                               codes=", ".join(data.unmatched[:10]))))
    if data.uncoded is not None and len(data.uncoded):
        count, names = len(data.uncoded), _uncoded_names(data.uncoded["name"])
        listed = ", ".join(names[:UNCODED_LISTED])
        if count > min(len(names), UNCODED_LISTED):  # the country has 1,698: the command lists them all
            listed += words("area_uncoded_more", more=words.number(count - min(len(names), UNCODED_LISTED)))
        st.caption(plain(words("area_uncoded", count=words.number(count), names=listed)))
    repaired = data.communes.attrs.get("repaired", 0)
    if repaired:
        st.caption(words("boundary_repaired", count=repaired))
