"""The import history page: every batch, the uploads refused, the rollback of a whole batch after a
confirmation, and the removal of the demo records as its own, separately confirmed action.

A rollback removes every record the batch added (the audit keeps them), so it
asks first; the confirmation is session state, the removal is the guarded
callback. Only the 50 newest active batches get a button, to keep the page short.
The demo records a new store starts with are not an import to undo: their batch
has no rollback button (the store refuses it too) but "Xóa dữ liệu giả định",
named for what it does, with a confirmation of its own.
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
DEMO_CONFIRM_KEY = "confirm_remove_demo"


def batches_page(view: url.View, data: Dataset) -> None:
    """Every batch, newest first, the refused uploads, then the rollback of the active imports and the
    removal of the demo records."""
    lang = view.lang
    if not records_page("batches_title", lang):
        return
    s = actions.records_store()
    table = store.batches(s).sort_values("id", ascending=False)
    refused = store.refusals(s).sort_values("id", ascending=False)
    if table.empty and refused.empty:
        st.info(t("batches_empty", lang))
        return
    if not table.empty:
        _history(table, lang)
    if not refused.empty:
        _refused(refused, lang)
    active = table[table["status"] == "active"]
    imports = active[active["kind"] != "demo"]
    if not imports.empty:
        _rollbacks(imports, lang)
    demo = active[active["kind"] == "demo"]
    if not demo.empty:
        _demo(demo.iloc[0], lang)


def _history(table: pd.DataFrame, lang: str) -> None:
    """The batches as a table, times in Vietnam's time zone; the demo records said to be what they are."""
    demo = table["kind"] == "demo"
    files = [t("batch_demo_file", lang, file=f) if d else f for f, d in zip(table["filename"], demo)]
    status = [t("batch_status_demo_removed" if d and s == "rolled_back" else f"batch_status_{s}", lang)
              for s, d in zip(table["status"], demo)]
    st.dataframe(pd.DataFrame({
        t("batch_col_id", lang): table["id"],
        t("batch_col_when", lang): table["created_at"].map(vn_time),
        t("batch_col_user", lang): table["user"],
        t("batch_col_file", lang): files,
        t("batch_col_rows", lang): table["row_count"],
        t("batch_col_skipped", lang): table["skipped_duplicates"],
        t("batch_col_status", lang): status,
        t("batch_col_rolled_back", lang): table["rolled_back_at"].map(vn_time),
        t("batch_col_rolled_back_by", lang): table["rolled_back_by"].fillna(""),
    }), hide_index=True, width="stretch")
    st.caption(t("batches_time_note", lang))


def _refused(refused: pd.DataFrame, lang: str) -> None:
    """The uploads the import refused: who, when, which file, why (in the reader's language)."""
    st.markdown(f"**{t('refused_title', lang)}**")
    st.dataframe(pd.DataFrame({
        t("batch_col_when", lang): refused["at"].map(vn_time),
        t("batch_col_user", lang): refused["user"],
        t("batch_col_file", lang): refused["filename"],
        t("refused_col_size", lang): [number(round(size / 1024, 1), lang) for size in refused["size"]],
        t("refused_col_reason", lang): [_reason(key, values, lang)
                                        for key, values in zip(refused["reason_key"], refused["reason_values"])],
    }), hide_index=True, width="stretch",
        column_config={t("refused_col_reason", lang): st.column_config.TextColumn(width="large")})


def _reason(key: str, values: dict, lang: str) -> str:
    """A stored refusal in words; a key this version has no message for is shown as it is."""
    try:
        return t(key, lang, **values)
    except (KeyError, IndexError):
        return key


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


def _demo(batch, lang: str) -> None:
    """The demo records: what they are, and their removal, named and confirmed on its own."""
    st.markdown(f"**{t('demo_title', lang)}**")
    st.caption(t("demo_help", lang, rows=number(batch.row_count, lang), when=vn_time(batch.created_at)))
    st.button(t("demo_remove", lang), key="demo_remove",
              on_click=lambda: st.session_state.update({DEMO_CONFIRM_KEY: True}))
    if st.session_state.get(DEMO_CONFIRM_KEY):
        st.warning(t("demo_remove_confirm", lang, rows=number(batch.row_count, lang)))
        yes, no = st.columns([1, 1])
        yes.button(t("demo_remove_yes", lang), key="demo_remove_yes", type="primary", on_click=_remove_demo_clicked,
                   args=(lang,))
        no.button(t("staff_cancel", lang), key="demo_remove_no",
                  on_click=lambda: st.session_state.pop(DEMO_CONFIRM_KEY, None))


@staff_action(RECORDS)
def _remove_demo_clicked(user: str, lang: str) -> None:
    """Remove the demo records after the confirmation and say how many went."""
    st.session_state.pop(DEMO_CONFIRM_KEY, None)
    removed = attempt(lang, actions.remove_demo, actions.records_store(), user)
    if removed is not None:
        flash("success", t("demo_removed", lang, count=number(removed, lang)))
