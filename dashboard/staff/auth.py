"""Staff sign-in for the Streamlit app: accounts from secrets or DVK_STAFF, a sidebar form.

Accounts are configured outside the code, never in it: the `[staff]` table of
`.streamlit/secrets.toml` (`username = "scrypt$…"`) and/or the environment
variable `DVK_STAFF` ("user1:hash1,user2:hash2"; it wins on a clash). There is
no default account: with none configured, the form says so.

The signed-in name lives in st.session_state only (never in the URL) and is
checked against the configured accounts on every run, so removing an account
takes effect at the next click. Failures are throttled per user name and per
process (dashboard.staff.passwords.Throttle, one per process via st.cache_resource).
"""
from __future__ import annotations

import os

import streamlit as st

from dashboard.staff import passwords
from dashboard.words.i18n import t
from dashboard.words.markup import plain

USER_KEY = "staff_user"
MESSAGE_KEY = "staff_sign_in_message"
WANTED_KEY = "staff_wanted_page"


def accounts() -> dict[str, str]:
    """Configured accounts: secrets' [staff] table, then DVK_STAFF."""
    secrets: dict[str, str] = {}
    try:
        if st.secrets.load_if_toml_exists() and "staff" in st.secrets:
            secrets = {str(k): str(v) for k, v in st.secrets["staff"].items()}
    except Exception:  # a broken secrets file must not stop the public map
        pass
    return passwords.merge_accounts(secrets, passwords.parse_accounts(os.environ.get("DVK_STAFF")))


@st.cache_resource(show_spinner=False)
def throttle() -> passwords.Throttle:
    """One failure record per server process, shared by every session."""
    return passwords.Throttle()


def current_user() -> str | None:
    """The signed-in staff member's name, or None (viewers)."""
    user = st.session_state.get(USER_KEY)
    if user is None:
        return None
    if user not in accounts():            # account removed since sign-in
        st.session_state.pop(USER_KEY, None)
        return None
    return user


def is_staff() -> bool:
    return current_user() is not None


def sidebar(lang: str, on_sign_in=None) -> None:
    """The "Đăng nhập cán bộ" expander (or who is signed in and a sign-out button), and its notice."""
    user = current_user()
    message = st.session_state.pop(MESSAGE_KEY, None)
    with st.expander(t("auth_title", lang), expanded=bool(message) or user is not None):
        if user is not None:
            st.markdown(t("auth_signed_in_as", lang, user=plain(user)))
            st.button(t("auth_sign_out", lang), key="auth_sign_out", on_click=sign_out)
        elif not accounts():
            st.caption(t("auth_not_configured", lang))
        else:
            _form(lang, on_sign_in)
        if message:
            kind, text = message
            (st.error if kind == "error" else st.warning)(text)


def _form(lang: str, on_sign_in) -> None:
    """User name and password; the attempt is checked in the callback (_submit), before the next run."""
    with st.form("auth_form", clear_on_submit=False, border=False):
        st.text_input(t("auth_username", lang), key="auth_username", max_chars=100,
                      autocomplete="username")
        st.text_input(t("auth_password", lang), key="auth_password", type="password",
                      max_chars=passwords.MAX_PASSWORD, autocomplete="current-password")
        st.form_submit_button(t("auth_sign_in", lang), key="auth_submit",
                              on_click=_submit, args=(lang, on_sign_in))


def notify(kind: str, text: str) -> None:
    """A notice ("error" or "warning") for the sign-in box on the next run: sign-in failures, and
    refused staff actions (dashboard.staff.guard), which a signed-out session sees nowhere else."""
    st.session_state[MESSAGE_KEY] = (kind, text)


def sign_in(username: str, password: str, lang: str) -> tuple[bool, str]:
    """Check a sign-in attempt against the accounts and the throttle; (ok, message)."""
    table = accounts()
    if not table:
        return False, t("auth_not_configured", lang)
    guard = throttle()
    wait = guard.wait(username)
    if wait:
        return False, t("auth_wait", lang, seconds=wait)
    user = passwords.check(table, username, password)
    if user is None:
        guard.failed(username)
        wait = guard.wait(username)
        return False, t("auth_wrong_wait", lang, seconds=wait) if wait else t("auth_wrong", lang)
    guard.succeeded(username)
    st.session_state[USER_KEY] = user
    return True, t("auth_welcome", lang, user=user)


def sign_out() -> None:
    st.session_state.pop(USER_KEY, None)


def _submit(lang: str, on_sign_in) -> None:
    username = st.session_state.get("auth_username", "")
    password = st.session_state.get("auth_password", "")
    st.session_state["auth_password"] = ""     # never kept after the attempt
    ok, text = sign_in(username, password, lang)
    if ok:
        if on_sign_in:
            on_sign_in()
    else:
        notify("warning" if text != t("auth_wrong", lang) else "error", text)

