"""The one View of a session, kept in session state and mirrored in the URL.

On a session's first run the View is read from the URL; afterwards widgets
change it through callbacks, and every run writes it back to the URL, so the
address bar always holds a link to exactly what is on screen.
"""
from dataclasses import replace
from typing import Callable

import streamlit as st

from dashboard import url

VIEW_KEY = "view"
NOTICES_KEY = "url_notices"


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
    """Change the view; notices about the opening link are stale once the user changes it."""
    if view != st.session_state.get(VIEW_KEY):
        st.session_state.pop(NOTICES_KEY, None)
    st.session_state[VIEW_KEY] = view


def publish() -> None:
    """Write the current view to the address bar (only when it changed)."""
    query = url.to_query(current())
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)


def bind(name: str, value, apply: Callable[[url.View, object], url.View]) -> dict:
    """Keyword arguments that tie a widget to the view.

    The widget's state is set from the view before it is drawn (so switching
    language, which relabels widgets, keeps every choice), and its callback
    writes the user's change back into the view.
    """
    key = f"w_{name}"
    st.session_state[key] = value

    def on_change() -> None:
        set_view(apply(current(), st.session_state[key]))

    return {"key": key, "on_change": on_change}


def filter_setter(attr: str, convert=lambda v: v) -> Callable[[url.View, object], url.View]:
    """An `apply` for bind() that sets one filter attribute."""
    return lambda view, value: url.with_filter(view, **{attr: convert(value)})


def view_setter(attr: str) -> Callable[[url.View, object], url.View]:
    """An `apply` for bind() that sets one view attribute."""
    return lambda view, value: replace(view, **{attr: value})
