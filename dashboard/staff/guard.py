"""The one door every staff write goes through: `staff_action`.

A page drawn for staff is not proof that the click arriving later comes from
staff: the account may have been removed since, or the session signed out in
another tab. So the callback of every button that writes is decorated with
`staff_action`, which asks again when the click arrives: who is signed in
(auth.current_user, which also drops removed accounts) and, for the records,
whether they may change at all (read-only mode). Refused, it writes nothing
and leaves a notice in the sign-in box, the one place a signed-out session
still sees. Allowed, it calls the callback with the signed-in name first;
there is no default name.

WRITE_ACTIONS holds every guarded callback by module and name, so a test can
list them and call each one in a viewer's session.
"""
from __future__ import annotations

import functools
from typing import Callable

import streamlit as st

from dashboard import state
from dashboard.config import load_config
from dashboard.staff import auth
from dashboard.words.i18n import t

RECORDS, BOUNDARIES = "records", "boundaries"
WRITE_ACTIONS: dict[str, Callable] = {}


def staff_action(writes: str) -> Callable[[Callable], Callable]:
    """Guard a callback that writes `writes` (RECORDS or BOUNDARIES): it runs as callback(user, *args)
    for a signed-in staff member only, and never on the records in read-only mode (DVK_RECORDS)."""
    def wrap(callback: Callable) -> Callable:
        @functools.wraps(callback)
        def guarded(*args, **kwargs):
            user = auth.current_user()
            if user is None:
                return _refuse("staff_action_needs_sign_in")
            if writes == RECORDS and load_config().read_only:
                return _refuse("staff_read_only")
            return callback(user, *args, **kwargs)

        guarded.writes = writes
        WRITE_ACTIONS[f"{callback.__module__}.{callback.__qualname__}"] = guarded
        return guarded

    return wrap


def _refuse(key: str) -> None:
    """Say why nothing was written, in the session's language (Vietnamese before a view exists)."""
    view = st.session_state.get(state.VIEW_KEY)
    auth.notify("warning", t(key, view.lang if view is not None else "vi"))
