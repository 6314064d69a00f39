"""The one View of a session, kept in session state and mirrored in the URL.

On a session's first run the View is read from the URL; afterwards widgets
change it through callbacks, and every run writes it back to the URL, so the
address bar always holds a link to exactly what is on screen.

A widget's value comes from whoever speaks to the app's websocket, not only
from our widgets (issue 10): a value our widgets could never send is dropped,
never raised. Two gates, both dropping with a notice (`take_forged`):
- `guard_widget_input` drops a value of the wrong kind (a number for a list, NaN,
  text that is not JSON…) before Streamlit itself reads it;
- `bind`'s callback checks the view a widget asks for as if it came in a link
  (url.Link, against the Context of the run that drew the widget).
"""
import logging
import math
import threading
from dataclasses import replace
from datetime import datetime
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state import session_state as widget_store

from dashboard import rerun, url
from dashboard.words.i18n import VIETNAM

VIEW_KEY = "view"
NOTICES_KEY = "url_notices"
REFUSED_KEY = "refused_page"  # (staff page a viewer's link named, the view shown instead): app.py
CONTEXT_KEY = "url_context"
LOG = logging.getLogger(__name__)


def current() -> url.View:
    """The view on screen (set by start() on the session's first run)."""
    return st.session_state[VIEW_KEY]


def opening_link() -> url.Link | None:
    """The link the session opened with, on its first run; None later, when the session's view rules.

    The address bar is read here only: later runs keep what the user chose
    and publish() writes it back.
    """
    if VIEW_KEY in st.session_state:
        return None
    return url.Link({key: st.query_params.get_all(key) for key in st.query_params})


def start(view: url.View, notices: list[url.Notice]) -> None:
    """The session's first view, and what its link had to drop (shown until the user changes the view)."""
    st.session_state[VIEW_KEY] = view
    st.session_state[NOTICES_KEY] = notices


def set_view(view: url.View) -> None:
    """Change the view; notices about the opening link are stale once the user changes it, and the
    sidebar shows the change only after a full run (rerun.full_run_wanted)."""
    if view != st.session_state.get(VIEW_KEY):
        st.session_state.pop(NOTICES_KEY, None)
        rerun.full_run_wanted()
    st.session_state[VIEW_KEY] = view


def change(view: url.View, shown: bool = False) -> None:
    """A callback's change of the view: set it, and rerun what it changes (dashboard/rerun.py).
    `shown`: the control that made the change shows it already. Ends the callback."""
    before = current()
    if view == before:
        return
    fragments = rerun.partial(before, view, shown=shown, banners=banners_showing())
    if fragments:
        st.session_state[VIEW_KEY] = view  # set_view would ask for a full run
    else:
        set_view(view)
    rerun.now(fragments)


def banners_showing() -> bool:
    """Whether a banner that lasts until the view changes is on screen, or is due on the next run:
    notices about the opening link, a refused staff page, a value dropped."""
    return bool(st.session_state.get(NOTICES_KEY) or st.session_state.get(REFUSED_KEY) or forged_pending())


def publish() -> None:
    """Write the current view to the address bar (only when it changed)."""
    query = url.to_query(current())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def remember(ctx: url.Context) -> None:
    """Keep this run's Context: the widgets' callbacks, which run before the next run, check against it."""
    st.session_state[CONTEXT_KEY] = ctx


def bind(name: str, value, apply: Callable[[url.View, object], url.View], shown: bool = False) -> dict:
    """Keyword arguments that tie a widget to the view.

    The widget's state is set from the view before it is drawn (so switching
    language, which relabels widgets, keeps every choice), and its callback
    writes the user's change back into the view, if that view is one a link
    could name (`checked`); otherwise the view stays and the page says so.
    `shown`: a change from this widget may rerun the map page alone (rerun.partial).
    """
    key = f"w_{name}"
    st.session_state[key] = value

    def on_change() -> None:
        try:
            view = checked(apply(current(), st.session_state.get(key)))
        except Exception:  # whatever a forged value makes `apply` raise, it is only a refused value
            LOG.warning("widget %s: refused a value that raised", key, exc_info=True)
            view = None
        if view is None:
            note_forged()
        else:
            change(view, shown)

    return {"key": key, "on_change": on_change}


def checked(view: object) -> url.View | None:
    """`view` if a link naming it reads back as exactly it (url.to_query, then url.Link); None otherwise.

    The link is read against the Context of the run that drew the widgets, with
    that run's area among the valid ones (a deployment's own area may be missing
    from the national set). Any notice, or any difference, refuses the view.
    """
    ctx = st.session_state.get(CONTEXT_KEY)
    if not isinstance(view, url.View) or not isinstance(ctx, url.Context):
        return None
    link = url.Link({key: [value] for key, value in url.to_query(view).items()})
    areas = ctx.areas | _area_keys(current().area) | _area_keys(ctx.default_area)
    asof = link.asof(datetime.now(VIETNAM)) if ctx.history else ""
    read = link.view(ctx, link.area(areas, ctx.default_area), asof)
    return view if read == view and not link.notices else None


def _area_keys(area: url.Area | None) -> frozenset:
    """What url.Link.area needs to accept `area`: its province, and its district in it."""
    return frozenset({(area[0], None), area}) if area else frozenset()


def filter_setter(attr: str, convert=lambda v: v) -> Callable[[url.View, object], url.View]:
    """An `apply` for bind() that sets one filter attribute."""
    return lambda view, value: url.with_filter(view, **{attr: convert(value)})


def view_setter(attr: str) -> Callable[[url.View, object], url.View]:
    """An `apply` for bind() that sets one view attribute."""
    return lambda view, value: replace(view, **{attr: value})


# --------------------------------------------------------------------------- values of the wrong kind

_FORGED: set[str] = set()  # sessions that sent a value we dropped since their last run
_FORGED_LOCK = threading.Lock()
_FORGED_LIMIT = 10_000  # sessions gone before their next run leave their id: bounded


def note_forged() -> None:
    """Remember that this session sent a value we dropped; its next page shows a notice (take_forged)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return
    with _FORGED_LOCK:
        if len(_FORGED) >= _FORGED_LIMIT:
            _FORGED.clear()
        _FORGED.add(ctx.session_id)


def forged_pending() -> bool:
    """Whether this session sent a value we dropped that no page has said yet (take_forged says it)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    with _FORGED_LOCK:
        return ctx is not None and ctx.session_id in _FORGED


def take_forged() -> bool:
    """Whether this session sent a value we dropped since this was last asked (then forgotten)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return False
    with _FORGED_LOCK:
        if ctx.session_id in _FORGED:
            _FORGED.discard(ctx.session_id)
            return True
    return False


# What the browser sends for a value_type, where that is not the value_type itself:
# st.number_input registers "double_value" and sends whole numbers as "int_value".
SENT_AS = {"double_value": frozenset({"double_value", "int_value"})}


def plausible(value, expected: str) -> bool:
    """Whether a widget state could come from the widget: the kind it sends (`expected`, Streamlit's
    value_type), and finite numbers. No value at all is plausible (a cleared widget)."""
    kind = value.WhichOneof("value")
    if kind is None:
        return True
    if kind not in SENT_AS.get(expected, {expected}):
        return False
    if kind == "double_value":
        return math.isfinite(value.double_value)
    if kind == "double_array_value":
        return all(math.isfinite(v) for v in value.double_array_value.data)
    return True


def guard_widget_input() -> None:
    """Make Streamlit read a widget value it cannot use as no value at all (installed once per process).

    Streamlit turns what the browser sent into a widget's value when it first
    reads it (WStates.__getitem__: in the callbacks' check for changes, at the
    start of the next run, when the widget is drawn), with the widget's own
    deserializer: a number sent for a multiselect, one number for a range
    slider or text that is not JSON for a component raised there, before any of
    our code, on that run and on every later one (the value stayed). Here such a
    value, or any value its deserializer fails on, reads as missing (KeyError),
    which Streamlit already takes as "nothing sent": the widget keeps its
    previous value (or its default), and the value is gone at the next run.
    The entry is left in place: Streamlit may be iterating over the values.

    Likewise a value of the right kind that this run's options cannot write
    back (WStates.get_serialized: an unknown commune code for a multiselect
    whose labels come from a dict) reads as "no stored value" (None).
    """
    store = widget_store.WStates
    if getattr(store.__getitem__, "dvk_guard", False):
        return
    store.__getitem__ = _guard_read(store.__getitem__)
    store.get_serialized = _guard_write_back(store.get_serialized)


def _guard_read(read):
    """WStates.__getitem__ that raises KeyError, never anything else, for a value a widget cannot have sent."""
    def guarded(self, widget_id: str):
        item = self.states.get(widget_id)
        metadata = self.widget_metadata.get(widget_id)
        if not isinstance(item, widget_store.Serialized) or metadata is None:
            return read(self, widget_id)
        try:
            if plausible(item.value, metadata.value_type):
                return read(self, widget_id)
            LOG.warning("widget %s: dropped a %s value (it sends %s)", widget_id,
                        item.value.WhichOneof("value"), metadata.value_type)
        except KeyError:
            raise
        except Exception:
            LOG.warning("widget %s: dropped a value its deserializer refused", widget_id, exc_info=True)
        note_forged()
        raise KeyError(widget_id)

    guarded.dvk_guard = True
    return guarded


def _guard_write_back(write_back):
    """WStates.get_serialized that gives None ("nothing stored") for a value this run's widget cannot write."""
    def guarded(self, widget_id: str):
        try:
            return write_back(self, widget_id)
        except Exception:
            LOG.warning("widget %s: dropped a value it cannot write back", widget_id, exc_info=True)
            note_forged()
            return None

    return guarded
