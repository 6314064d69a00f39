"""What a change of the view reruns: the map page and the share box alone, or the whole script.

A filter change used to rerun the whole script: the title, the banners and the
sidebar's ~25 controls were made, sent and drawn again with the map, and the
browser did that work on the same two CPUs as the server. Streamlit's keyed
fragments let a callback rerun only named parts (`st.rerun([...])`): the map
page's body (MAP_PAGE) and the sidebar's share box (SHARE), the only two things
on screen that show the filter (tests/benchmarks/bench_browser.py has the figures).
The sidebar's filters and map options are a fragment too (FILTERS): a change of
one starts a run of that fragment, not of the whole script, and its callback
asks for the map page and the share box, or for everything: the browser is
spared the start of a run of the whole page (Yên Sơn, 3 rounds: 169 ms to the
recoloured map before, 140 ms after; 38 ms per run before, 25 ms after).

Only the map page is drawn that way, and only when nothing else on screen would
be stale after the change (`partial`):
- the change came from the control that shows it, so its new value is on screen
  already (a filter or map option in the sidebar), or it is only a selection,
  which no sidebar control shows (a click on the map, "Bỏ chọn");
- page, language, units, area, projector mode and as-of moment are unchanged;
- no banner that lasts until the view changes is showing (`banners`): the notices
  about the opening link or a refused staff page go only on a full run;
- the last full run completed, drew both parts and showed no one-off notice (a
  value dropped, codes gone, the staff welcome: `one_off_shown`), and nothing
  since asked for one (`full_run_wanted`: a view set another way, such as a reset
  whose run a quick next change cut short, or a sign-in or sign-out).

Everything else reruns the whole script, and the map page asks for a full run
itself when it finds the view, the data or the signed-in user changed since the
full run drew it, or the data cannot be loaded (app.py `_map_page`): an import
by staff or the command line, a removed staff account, a value dropped.

DVK_PARTIAL_RERUNS=0 makes every change rerun the whole script, as before, and
draws no fragment at all (`fragment`): a way out should a Streamlit upgrade change
how fragments behave. The AppTest
tests run that way (tests/conftest.py): AppTest's element tree after a fragment
rerun holds only the fragments, so their other checks could not find the sidebar;
tests/test_rerun.py checks the partial reruns themselves.
"""
import functools
import os
from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from dashboard import url

MAP_PAGE, SHARE, FILTERS = "map_page", "share", "filters"  # the fragments' keys
DRAWN_KEY = "fragments_drawn"  # the fragments the last full run drew
PENDING_KEY = "full_run_pending"  # what is on screen needs a full run before a partial one is right
ONE_OFF_KEY = "one_off_shown"  # this full run showed a notice that a partial rerun would leave standing
ENABLED = os.environ.get("DVK_PARTIAL_RERUNS", "1") != "0"


def fragment(key: str):
    """`st.fragment(key=key)` while partial reruns are on (ENABLED, read at each call); else the
    function itself, so that DVK_PARTIAL_RERUNS=0 draws the page as one whole."""
    def wrap(func):
        as_fragment = st.fragment(key=key)(func)

        @functools.wraps(func)
        def call(*args, **kwargs):
            return (as_fragment if ENABLED else func)(*args, **kwargs)
        return call
    return wrap


SEARCHED_KEY = "commune_searched"  # the commune search asked for the filters alone (sidebar._searched)


def search_changed() -> None:
    """The commune search's callback: rerun the filters alone, which list what it finds; nothing
    else on screen shows a search. With partial reruns off, the whole script reruns as for any change."""
    if ENABLED:
        st.session_state[SEARCHED_KEY] = True
        st.rerun(FILTERS)


def filters_asked() -> bool:
    """In the filters run alone: whether the search asked for it (once); otherwise a full run is due."""
    return bool(st.session_state.pop(SEARCHED_KEY, False))


def full_run() -> None:
    """At the start of a full run: no fragment is drawn yet, and no search waits for the filters."""
    st.session_state[DRAWN_KEY] = frozenset()
    st.session_state.pop(SEARCHED_KEY, None)


def drawn(key: str) -> None:
    """The fragment `key` is on screen, drawn by this full run (a fragment's own rerun adds nothing)."""
    if not fragment_only():
        st.session_state[DRAWN_KEY] = st.session_state.get(DRAWN_KEY, frozenset()) | {key}


def full_run_wanted() -> None:
    """What is on screen changed another way than through the map page (a reset, a sign-in): until a
    full run completes, no change reruns the fragments alone."""
    st.session_state[PENDING_KEY] = True


def one_off_shown() -> None:
    """This run showed a notice the next change must take away: that change reruns everything."""
    st.session_state[ONE_OFF_KEY] = True


def full_run_pending() -> bool:
    """Whether what is on screen waits for a full run (full_run_wanted, a one-off notice shown, no
    full run completed yet): a fragment run alone then asks for one instead of drawing."""
    return st.session_state.get(PENDING_KEY, True)


def full_run_done() -> None:
    """At the end of a full run that completed: the screen is whole, unless it showed a one-off notice."""
    st.session_state[PENDING_KEY] = st.session_state.pop(ONE_OFF_KEY, False)


def fragment_only() -> bool:
    """Whether this run reruns fragments alone (the full run's other elements stay as they are)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx and ctx.fragment_ids_this_run)


def same_page(before: url.View, after: url.View) -> bool:
    """`after` differs from `before` in nothing but what the map page and the share box show."""
    return replace(after, filter=before.filter, scheme=before.scheme, compare=before.compare,
                   labels=before.labels, tiles=before.tiles) == before and after.page == "map" and not after.present


def partial(before: url.View, after: url.View, *, shown: bool, banners: bool) -> bool:
    """Whether the change from `before` to `after` reruns only the map page and the share box.

    `shown`: the change came from the control that shows it; `banners`: a banner
    that lasts until the view changes is on screen.
    """
    if not ENABLED or banners or full_run_pending():
        return False
    if not {MAP_PAGE, SHARE} <= st.session_state.get(DRAWN_KEY, frozenset()):
        return False
    if not shown and url.with_filter(after, selected=before.filter.selected) != before:
        return False
    return same_page(before, after)


def now(fragments: bool) -> None:
    """From a callback: rerun the map page and the share box, or (not `fragments`) the whole script.
    Raises Streamlit's rerun signal, which ends the callback."""
    st.rerun([MAP_PAGE, SHARE] if fragments else "app")
