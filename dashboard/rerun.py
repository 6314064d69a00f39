"""What a change of the view reruns: the map page and the share box alone, or the whole script.

A filter change used to rerun the whole script: the title, the banners and the
sidebar's ~25 controls were made, sent and drawn again with the map, and the
browser did that work on the same two CPUs as the server. Streamlit's keyed
fragments let a callback rerun only named parts (`st.rerun([...])`): the map
page's body (MAP_PAGE) and the sidebar's share box (SHARE), the only two things
on screen that show the filter (tests/benchmarks/bench_browser.py has the figures).

Only the map page is drawn that way, and only when nothing else on screen would
be stale after the change (`partial`):
- the change came from the control that shows it, so its new value is on screen
  already (a filter or map option in the sidebar), or it is only a selection,
  which no sidebar control shows (a click on the map, "Bỏ chọn");
- page, language, units, area, projector mode and as-of moment are unchanged;
- no banner that lasts until the view changes is showing (`banners`): the notices
  about the opening link or a refused staff page go only on a full run;
- the last full run drew both parts (a failed run may not have).

Everything else reruns the whole script, and the map page asks for a full run
itself when it finds its data or view changed since the full run drew it
(app.py `_map_page`): an import by staff or the command line, a value dropped.

DVK_PARTIAL_RERUNS=0 makes every change rerun the whole script, as before (a
way out should a Streamlit upgrade change how fragments behave). The AppTest
tests run that way (tests/conftest.py): AppTest's element tree after a fragment
rerun holds only the fragments, so their other checks could not find the sidebar;
tests/test_rerun.py checks the partial reruns themselves.
"""
import os
from dataclasses import replace

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from dashboard import url

MAP_PAGE, SHARE = "map_page", "share"  # the fragments' keys
DRAWN_KEY = "fragments_drawn"  # the fragments the last full run drew
ENABLED = os.environ.get("DVK_PARTIAL_RERUNS", "1") != "0"


def full_run() -> None:
    """At the start of a full run: no fragment is drawn yet."""
    st.session_state[DRAWN_KEY] = frozenset()


def drawn(key: str) -> None:
    """The fragment `key` is on screen, drawn by this run."""
    st.session_state[DRAWN_KEY] = st.session_state.get(DRAWN_KEY, frozenset()) | {key}


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
    if not ENABLED or banners or not {MAP_PAGE, SHARE} <= st.session_state.get(DRAWN_KEY, frozenset()):
        return False
    if not shown and url.with_filter(after, selected=before.filter.selected) != before:
        return False
    return same_page(before, after)


def now(fragments: bool) -> None:
    """From a callback: rerun the map page and the share box, or (not `fragments`) the whole script.
    Raises Streamlit's rerun signal, which ends the callback."""
    st.rerun([MAP_PAGE, SHARE] if fragments else "app")
