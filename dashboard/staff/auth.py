"""Staff sign-in for the Streamlit app: accounts from secrets or DVK_STAFF, a sidebar form.

Accounts are configured outside the code, never in it: the `[staff]` table of
`.streamlit/secrets.toml` (`username = "scrypt$…"`) and/or the environment
variable `DVK_STAFF` ("user1:hash1,user2:hash2"; it wins on a clash). There is
no default account: with none configured, the form says so.

The signed-in name lives in st.session_state only (never in the URL) and is
checked against the configured accounts on every run, so removing an account
takes effect at the next click.

Failures are throttled in each server process (dashboard.staff.passwords.Throttle,
one per process via st.cache_resource; its docstring says how) per user name
and client, per client, and per name from many clients, so that neither
parallel pages nor made-up names, nor someone else's guessing from elsewhere,
can keep a staff member with the right password out. The client
(`client_id`) is the connection's address: Streamlit's peer address, or,
when the peer is this machine (a reverse proxy in front of the app), the
last address of X-Forwarded-For, the one that proxy added. With neither
(the app opened on localhost, a proxy that sends no X-Forwarded-For) it is
the browser session, which a guesser can renew by reloading: then only the
per-name count holds them back, and one person can set it off. A proxy on
another machine is one address for everyone behind it (README, "Staff accounts").
"""
from __future__ import annotations

import os
import uuid

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import rerun
from dashboard.staff import passwords
from dashboard.words.i18n import t
from dashboard.words.markup import plain

USER_KEY = "staff_user"
MESSAGE_KEY = "staff_sign_in_message"
WANTED_KEY = "staff_wanted_page"
WELCOME_KEY = "staff_welcome"        # set by a successful sign-in: the next run says who and what now
CLIENT_KEY = "staff_client"         # this browser session, for the throttle when no address is known


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
            rerun.one_off_shown()
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
    """Check a sign-in attempt from this session's client against the accounts and the throttle
    (passwords.attempt: reserved before the hash); (ok, message)."""
    table = accounts()
    if not table:
        return False, t("auth_not_configured", lang)
    result = passwords.attempt(throttle(), table, username, password, client_id())
    if not result.checked:
        return False, t("auth_wait", lang, seconds=result.wait)
    if result.user is None:
        return False, t("auth_wrong_wait", lang, seconds=result.wait) if result.wait else t("auth_wrong", lang)
    st.session_state[USER_KEY] = result.user
    return True, t("auth_welcome", lang, user=result.user)


def client_id() -> str:
    """Who the throttle counts this session's tries against: "ip:<address>" (an IPv6 one by its /64)
    when the connection's address is known (module docstring), else "session:<a token kept in the
    session>"."""
    try:
        peer = st.context.ip_address            # None for this machine, and outside a session
        forwarded = "" if peer else ",".join(st.context.headers.get_all("X-Forwarded-For"))
    except Exception:                            # no session (bare mode): one client
        peer, forwarded = None, ""
    address = passwords.client_address(peer or forwarded.rsplit(",", 1)[-1])
    if address:
        return f"ip:{address}"
    if get_script_run_ctx() is None:
        return "session:-"
    return "session:" + st.session_state.setdefault(CLIENT_KEY, uuid.uuid4().hex)


def sign_out() -> None:
    rerun.full_run_wanted()
    st.session_state.pop(USER_KEY, None)


def _submit(lang: str, on_sign_in) -> None:
    rerun.full_run_wanted()
    username = st.session_state.get("auth_username", "")
    password = st.session_state.get("auth_password", "")
    st.session_state["auth_password"] = ""     # never kept after the attempt
    ok, text = sign_in(username, password, lang)
    if ok:
        st.session_state[WELCOME_KEY] = True
        if on_sign_in:
            on_sign_in()
    else:
        notify("warning" if text != t("auth_wrong", lang) else "error", text)

