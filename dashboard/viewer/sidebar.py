"""The sidebar: language, page, filters, map options and the share link (share.py)."""
from dataclasses import replace

import streamlit as st

from dashboard.staff import auth

from dashboard.viewer import share
from dashboard.viewer.panels import remember

from dashboard import pages, rerun, state, url
from dashboard.data import Dataset
from dashboard.words.i18n import LANGS, Words
from geo.choropleth.classify import SAMPLE_ABOVE, SAMPLE_SIZE, SCHEMES
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES
from geo.choropleth.query import METRICS, Filter
from geo.places.labels import found, search_keys
from geo.places.names import sort_key
from geo.places.reform import to_new_codes, to_old_codes

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}
SEARCH_ABOVE = 2_000  # units: beyond, the commune list offers what a search finds (the country), not all
FOUND_AT_MOST = 100
SEARCH_KEY = "commune_search"
SEARCH_MAX_CHARS = 60


def render(data: Dataset, ctx: url.Context, catalogue=None) -> None:
    """Every control of the current view, each bound to it (state.bind), and the link to share it."""
    view = state.current()
    words = Words(view.lang)
    with st.sidebar:
        st.radio(words("language"), LANGS, format_func=LANG_NAMES.get, horizontal=True,
                 **state.bind("lang", view.lang, state.view_setter("lang")))
        # at the top, where staff find it; once signed in, the staff pages appear just below it
        auth.sidebar(view.lang, on_sign_in=_open_wanted_page)
        st.radio(words("page"), pages.offered(staff=auth.is_staff()), format_func=lambda p: words(f"page_{p}"),
                 **state.bind("page", view.page, state.view_setter("page")))
        if catalogue is not None:
            _area(words, view.area, ctx, catalogue)
        st.header(words("filters"))
        _units(words, view.units, data)
        _filter_controls(data, ctx)
        if view.page == "map":
            st.button(words("present"), key="present_enter", help=words("present_help"), icon=":material/slideshow:",
                      on_click=lambda: state.set_view(replace(state.current(), present=True)))
        st.button(words("reset"), on_click=_reset, args=(ctx,), key="reset")
        share.box(ctx.history)


@rerun.fragment(rerun.FILTERS)
def _filter_controls(data: Dataset, ctx: url.Context) -> None:
    """The filters and map options, a fragment of their own: a change of one starts no run of the whole
    script, only its callback, which reruns the map page alone or everything (dashboard/rerun.py).
    Run alone, and not asked for by the commune search (a change that changed nothing), or with a
    value dropped (beside a search too): the whole script reruns, so a notice is shown and every
    control is drawn from the view."""
    if rerun.fragment_only() and (not rerun.filters_asked() or state.forged_pending()):
        st.rerun()
    view = state.current()
    words = Words(view.lang)
    _filters(words, view.filter, data.in_units(view.units), ctx.years)
    if view.page == "map":
        _map_options(words, view.scheme, labels=view.labels, tiles=view.tiles, compare=view.compare)


def _units(words: Words, units: str, data: Dataset) -> None:
    """Before or from 2025-07-01, offered only when the data can be shown in the 2025 units."""
    if data.reformed is not None:
        counts = {"2020": len(data.communes), "2025": len(data.reformed.communes)}
        st.radio(words("units"), url.UNITS, format_func=lambda u: words(f"units_{u}", count=counts[u]),
                 help=words("units_help"), **state.bind("units", units, _units_setter(data)))


def _filters(words: Words, flt: Filter, data: Dataset, years: tuple[int, int]) -> None:
    """Field, years, units on the map (`data` in the view's unit system) and metric."""
    labels, ordered = data.choices
    # select_all=False: Streamlit's own "Select all" / "Select N matches" line is English, and an empty
    # filter already means all
    st.multiselect(words("field"), FIELD_CODES, placeholder=words("field_all"), select_all=False,
                   format_func=lambda c: FIELD_BY_CODE[c].label(words.lang) if c in FIELD_BY_CODE else str(c),
                   **state.bind("field", list(flt.fields), state.filter_setter("fields", tuple), shown=True))
    first, last = years
    if first < last:
        st.slider(words("years"), first, last,
                  **state.bind("years", (flt.year_from, flt.year_to), _set_years, shown=True))
    else:
        st.caption(f"{words('years')}: {first}")
    suffix = "_2025" if data.units == "2025" else ""
    offered = ordered if len(ordered) <= SEARCH_ABOVE else _searched(words, flt.communes, data, suffix)
    st.multiselect(words("commune" + suffix), offered,
                   placeholder=words("commune_all" + suffix), format_func=labels.__getitem__, select_all=False,
                   **state.bind("commune", list(flt.communes), state.filter_setter("communes", tuple), shown=True))
    st.radio(words("metric"), METRICS, format_func=lambda m: words(f"metric_{m}"),
             **state.bind("metric", flt.metric, state.filter_setter("metric"), shown=True))


def _searched(words: Words, chosen: tuple[str, ...], data: Dataset, suffix: str) -> list[str]:
    """The units the commune list offers where there are too many to offer all (SEARCH_ABOVE): those
    chosen, then the first FOUND_AT_MOST that the search box above it finds by name.

    The whole country's ~10,000 names made a list the browser built before it drew the map (a cold
    load 0.78 times as long without it: tests/benchmarks/bench_cold.py). A search reruns only the
    filters (rerun.search_changed), and what was typed stays until it is cleared.
    """
    typed = st.text_input(words("commune_search" + suffix), key=SEARCH_KEY, max_chars=SEARCH_MAX_CHARS,
                          placeholder=words("commune_search_hint"), on_change=rerun.search_changed)
    typed = typed if isinstance(typed, str) else ""  # Streamlit itself refuses a longer one (tests)
    labels, ordered = data.choices
    keys = remember(data.communes, "search_keys", lambda: search_keys(labels))
    matches, count = found(keys, ordered, typed, FOUND_AT_MOST)
    if not typed.strip():
        st.caption(words("commune_search_help", count=words.number(len(ordered))))
    elif not count:
        st.caption(words("commune_search_none"))
    elif count > len(matches):
        st.caption(words("commune_search_more", shown=words.number(len(matches)), count=words.number(count)))
    return [*chosen, *(code for code in matches if code not in chosen)]


def _provinces(catalogue) -> tuple[dict, list]:
    """Code → name of the catalogue's provinces, and their codes in name order."""
    provinces = dict(zip(catalogue["province_code"], catalogue["province_name"]))
    return provinces, sorted(provinces, key=lambda code: sort_key(provinces[code]))


def _area(words: Words, area: url.Area | None, ctx: url.Context, catalogue) -> None:
    """Province -> district pickers over the national set; changing area clears the commune choices.

    The province picker starts with the whole country ("Cả nước", url.COUNTRY,
    which has no district picker). "" stands for "no choice" (the default
    set, the whole province): a None value would show Streamlit's own English placeholder.
    """
    named, ordered = remember(catalogue, "provinces", lambda: _provinces(catalogue))
    provinces = {**named, url.COUNTRY_VALUE: words("area_country")}
    options = [url.COUNTRY_VALUE] + ([""] if ctx.default_area is None else []) + ordered
    with st.expander(words("area"), expanded=area is not None):
        st.caption(words("area_help"))
        st.selectbox(words("area_province"), options,
                     format_func=lambda p: provinces.get(p, str(p)) if p else words("area_default"),
                     **state.bind("province", area[0] if area else "",
                                  lambda v, p: _with_area(v, _picked(p))))
        if area and area != url.COUNTRY:
            rows = catalogue[catalogue["province_code"] == area[0]]
            districts = dict(zip(rows["district_code"], rows["district_name"]))
            st.selectbox(words("area_district"), [""] + sorted(districts, key=lambda code: sort_key(districts[code])),
                         format_func=lambda d: districts.get(d, str(d)) if d else words("area_whole_province"),
                         **state.bind("district", area[1] or "",
                                      lambda v, d: _with_area(v, (v.area[0], d or None))))


def _picked(province: str) -> url.Area | None:
    """The area a choice of the province picker names: the country, a whole province, or the default set."""
    if province == url.COUNTRY_VALUE:
        return url.COUNTRY
    return (province, None) if province else None


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
    """An `apply` for the year slider, whose value is a (first, last) pair."""
    return url.with_filter(view, year_from=int(years[0]), year_to=int(years[1]))


def _map_options(words: Words, scheme: str, *, labels: bool, tiles: bool, compare: str) -> None:
    """Classification, small maps, names and background: how the map page draws, kept in the view (and the link)."""
    with st.expander(words("map_options")):
        st.selectbox(words("scheme"), tuple(SCHEMES), format_func=lambda s: words(f"scheme_{s}"),
                     help=words("scheme_help", above=words.number(SAMPLE_ABOVE), sample=words.number(SAMPLE_SIZE)),
                     **state.bind("scheme", scheme, state.view_setter("scheme"), shown=True))
        st.selectbox(words("compare"), url.COMPARES, format_func=lambda c: words(f"compare_{c or 'none'}"),
                     help=words("compare_help"), **state.bind("compare", compare, state.view_setter("compare"), shown=True))
        st.checkbox(words("show_labels"), **state.bind("labels", labels, state.view_setter("labels"), shown=True))
        st.checkbox(words("show_tiles"), **state.bind("tiles", tiles, state.view_setter("tiles"), shown=True))


def _open_wanted_page() -> None:
    """After signing in, open the staff page a link asked for (if any)."""
    wanted = st.session_state.pop(auth.WANTED_KEY, None)
    if pages.staff_only(wanted):
        state.set_view(replace(state.current(), page=wanted))


def _reset(ctx: url.Context) -> None:
    """Back to all fields, all years and all communes, and no commune search; everything else (page,
    language, area, unit system, map options) stays."""
    st.session_state.pop(SEARCH_KEY, None)
    view = state.current()
    state.set_view(replace(view, filter=url.parse({}, ctx)[0].filter))
