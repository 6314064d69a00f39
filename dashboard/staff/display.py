"""What every staff page shows besides its own content: notices, store errors, read-only mode, times.

A click's callback runs before the page is drawn again, so what it has to say
is kept in the session (`flash`) and shown at the top of the next run
(`show_flash`, or `records_page`, which also stops a page that would change
records in read-only mode). A store refusal becomes words the clerk can act
on (`error_text`, `attempt`), never a traceback. Times are stored in UTC and
read in Vietnam's time zone (`vn_time`).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.config import load_config
from dashboard.words.i18n import VIETNAM, t
from dashboard.words.markup import plain
from geo.records.schema import RecordsError

FLASH_KEY = "staff_flash"


def flash(kind: str, text: str) -> None:
    """Keep a notice ("success", "error", "warning" or "info") for the next run of the page."""
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def show_flash() -> None:
    """Show the kept notices once; their text may quote a file or record, so it is escaped."""
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(plain(text))


def error_text(exc: RecordsError, lang: str) -> str:
    """A store refusal in words; a key without a message still says that nothing was written."""
    if exc.key == "write_refused":
        return t("staff_write_failed", lang, reason=exc.details.get("reason", ""))
    if exc.key == "record_not_found":
        return t("edit_not_found", lang)
    try:
        return t(exc.key, lang, **exc.values())
    except (KeyError, IndexError):
        return t("staff_write_failed", lang, reason=exc.key)


def attempt(lang: str, write, *args):
    """`write(*args)`'s result, or None after an error notice when the store refuses it."""
    try:
        return write(*args)
    except RecordsError as exc:
        flash("error", error_text(exc, lang))
        return None


def records_page(title_key: str, lang: str) -> bool:
    """Start a page that changes the records: its title, then the notices kept for it. False, after
    saying so, when the records come from a CSV file (DVK_RECORDS) and cannot change."""
    st.subheader(t(title_key, lang))
    if load_config().read_only:
        st.info(t("staff_read_only", lang))
        return False
    show_flash()
    return True


def vn_time(value) -> str:
    """A stored UTC time as Vietnam reads it ("" when there is none)."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).tz_convert(VIETNAM).strftime("%d/%m/%Y %H:%M")


def upload_limit_mb() -> int:
    """The largest file the staff pages take, in MB of 2**20 bytes: DVK_MAX_UPLOAD_MB, the command
    line's limit too, unless Streamlit's own server.maxUploadSize is lower. That one is fixed when
    the server starts (`make run` sets it to DVK_MAX_UPLOAD_MB, .streamlit/config.toml to its
    default: no more than the pages take, as any session may upload); the page never promises more
    than the server lets through."""
    return min(load_config().max_upload_mb, int(st.get_option("server.maxUploadSize")))
