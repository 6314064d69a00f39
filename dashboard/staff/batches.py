"""The import history page: every batch, and the rollback of a whole batch after a confirmation.

A rollback removes every record the batch added (the audit keeps them), so it
asks first; the confirmation is session state, the removal is the guarded
callback. Only the 50 newest active batches get a button, to keep the page short.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import url
from dashboard.data import Dataset
from dashboard.staff import actions
from dashboard.staff.display import attempt, flash, records_page, vn_time
from dashboard.staff.guard import RECORDS, staff_action
from dashboard.words.i18n import number, t
from dashboard.words.markup import plain
from geo.records import store

SHOWN = 50
CONFIRM_KEY = "confirm_rollback"


def batches_page(view: url.View, data: Dataset) -> None:
    """Every batch, newest first, then the rollback of the active ones."""
    lang = view.lang
    if not records_page("batches_title", lang):
        return
    table = store.batches(actions.records_store()).sort_values("id", ascending=False)
    if table.empty:
        st.info(t("batches_empty", lang))
        return
    _history(table, lang)
    active = table[table["status"] == "active"]
    if not active.empty:
        _rollbacks(active, lang)


def _history(table: pd.DataFrame, lang: str) -> None:
    """The batches as a table, times in Vietnam's time zone."""
    st.dataframe(pd.DataFrame({
        t("batch_col_id", lang): table["id"],
        t("batch_col_when", lang): table["created_at"].map(vn_time),
        t("batch_col_user", lang): table["user"],
        t("batch_col_file", lang): table["filename"],
        t("batch_col_rows", lang): table["row_count"],
        t("batch_col_skipped", lang): table["skipped_duplicates"],
        t("batch_col_status", lang): table["status"].map(lambda s: t(f"batch_status_{s}", lang)),
        t("batch_col_rolled_back", lang): table["rolled_back_at"].map(vn_time),
        t("batch_col_rolled_back_by", lang): table["rolled_back_by"].fillna(""),
    }), hide_index=True, width="stretch")
    st.caption(t("batches_time_note", lang))


def _rollbacks(active: pd.DataFrame, lang: str) -> None:
    """A line and a rollback button per active batch; the asked-for one shows its confirmation."""
    st.markdown(f"**{t('batches_rollback_title', lang)}**")
    st.caption(t("batches_rollback_help", lang))
    pending = st.session_state.get(CONFIRM_KEY)
    shown = active.head(SHOWN)
    for batch in shown.itertuples():
        line = t("batch_line", lang, batch=batch.id, file=batch.filename, rows=number(batch.row_count, lang),
                 when=vn_time(batch.created_at), user=batch.user)
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(plain(line))
        button.button(t("batch_rollback", lang), key=f"rollback_{batch.id}",
                      on_click=lambda b=int(batch.id): st.session_state.update({CONFIRM_KEY: b}))
        if pending == batch.id:
            st.warning(plain(t("batch_rollback_confirm", lang, batch=batch.id, file=batch.filename,
                               rows=number(batch.row_count, lang))))
            yes, no = st.columns([1, 1])
            yes.button(t("batch_rollback_yes", lang), key=f"rollback_yes_{batch.id}", type="primary",
                       on_click=_rollback_clicked, args=(int(batch.id), lang))
            no.button(t("staff_cancel", lang), key=f"rollback_no_{batch.id}",
                      on_click=lambda: st.session_state.pop(CONFIRM_KEY, None))
    if len(active) > len(shown):
        st.caption(t("batches_more", lang, shown=len(shown)))


@staff_action(RECORDS)
def _rollback_clicked(user: str, batch_id: int, lang: str) -> None:
    """Remove the confirmed batch's records and say how many went."""
    st.session_state.pop(CONFIRM_KEY, None)
    removed = attempt(lang, actions.rollback, actions.records_store(), batch_id, user)
    if removed is not None:
        flash("success", t("batch_rolled_back", lang, batch=batch_id, count=number(removed, lang)))
