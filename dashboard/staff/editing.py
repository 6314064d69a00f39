"""Adding, editing and deleting single records, below the records table (staff only).

The record picked in the table opens prefilled in a form; deleting asks first.
The forms only hold values in the session: the writes are the guarded
callbacks, which read the form when the button is pressed. Each record's
change history (who, when, before → after) is shown under its form.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from dashboard import url
from dashboard.data import Dataset
from dashboard.staff import actions
from dashboard.staff.display import attempt, flash, records_page, vn_time
from dashboard.staff.guard import RECORDS, staff_action
from dashboard.words.i18n import t
from dashboard.words.markup import plain
from geo.records.schema import year_range
from geo.records import store
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES, KINDS

EDIT_FIELDS = ("name", "kind", "field", "year", "commune_code", "unit", "description", "result", "source")
TEXT_FIELDS = ("name", "unit", "description", "result", "source")
CONFIRM_KEY = "confirm_delete"


def editor(view: url.View, data: Dataset, shown: pd.DataFrame, detail_key: str) -> None:
    """The add form, then the form of the record picked in the table (`detail_key`) among `shown`."""
    lang = view.lang
    if not records_page("edit_title", lang):
        return
    names = dict(zip(data.communes["code"], data.communes["name"]))
    with st.expander(t("edit_add", lang)):
        with st.form("edit_add_form", clear_on_submit=False, border=False):
            _record_fields("add", None, data.choices, lang)
            st.form_submit_button(t("edit_add_submit", lang), key="edit_add_submit", type="primary",
                                  on_click=_add_clicked, args=(names, lang))
    pick = st.session_state.get(detail_key)
    record_id = str(shown.at[pick, "id"]) if pick is not None and pick in shown.index else None
    found = data.records[data.records["id"] == record_id]
    if found.empty:
        st.caption(t("edit_pick_hint", lang))
        return
    _record_form(found.iloc[0], names, data.choices, lang)


def _record_form(record: pd.Series, names: dict[str, str], choices: tuple[dict, tuple], lang: str) -> None:
    """One record's form, its delete button (with confirmation) and its history."""
    record_id = str(record["id"])
    with st.expander(plain(t("edit_selected", lang, name=record["name"])), expanded=True):
        prefix = f"edit_{hashlib.sha1(record_id.encode()).hexdigest()[:12]}"
        with st.form(f"{prefix}_form", border=False):
            _record_fields(prefix, record, choices, lang)
            st.form_submit_button(t("edit_save", lang), key=f"{prefix}_save", type="primary",
                                  on_click=_save_clicked, args=(record_id, prefix, record.to_dict(), names, lang))
        if st.session_state.get(CONFIRM_KEY) == record_id:
            st.warning(plain(t("edit_delete_confirm", lang, name=record["name"])))
            yes, no = st.columns(2)
            yes.button(t("edit_delete_yes", lang), key=f"{prefix}_delete_yes", type="primary",
                       on_click=_delete_clicked, args=(record_id, str(record["name"]), lang))
            no.button(t("staff_cancel", lang), key=f"{prefix}_delete_no",
                      on_click=lambda: st.session_state.pop(CONFIRM_KEY, None))
        else:
            st.button(t("edit_delete", lang), key=f"{prefix}_delete",
                      on_click=lambda: st.session_state.update({CONFIRM_KEY: record_id}))
        _history(record_id, lang)


def _record_fields(prefix: str, record, choices: tuple[dict, tuple], lang: str) -> None:
    """The record form's inputs, prefilled from `record` (None: empty, for a new record)."""
    get = (lambda c, d: d if record is None or pd.isna(record[c]) else record[c])
    kinds, fields = list(KINDS), list(FIELD_CODES)
    labels, codes = choices[0], list(choices[1])  # repeated names told apart (Dataset.choices)
    code = str(get("commune_code", codes[0] if codes else ""))
    if code and code not in codes:
        codes.append(code)
    first, last = year_range()
    year = int(get("year", last))
    st.text_input(t("col_name", lang), value=str(get("name", "")), key=f"{prefix}_name", max_chars=500)
    left, right = st.columns(2)
    left.selectbox(t("col_kind", lang), kinds, index=kinds.index(get("kind", "mo-hinh")),
                   format_func=lambda k: KINDS[k][0 if lang == "vi" else 1], key=f"{prefix}_kind")
    right.selectbox(t("col_field", lang), fields, index=fields.index(str(get("field", fields[0]))),
                    format_func=lambda c: FIELD_BY_CODE[c].label(lang), key=f"{prefix}_field")
    left.number_input(t("col_year", lang), min_value=min(first, year), max_value=max(last, year),
                      value=year, step=1, key=f"{prefix}_year")
    right.selectbox(t("col_commune", lang), codes, index=codes.index(code) if code in codes else 0,
                    format_func=labels.__getitem__, key=f"{prefix}_commune_code")
    st.text_input(t("col_unit", lang), value=str(get("unit", "")), key=f"{prefix}_unit", max_chars=500)
    st.text_area(t("col_description", lang), value=str(get("description", "")), key=f"{prefix}_description",
                 max_chars=5000)
    st.text_area(t("col_result", lang), value=str(get("result", "")), key=f"{prefix}_result", max_chars=5000)
    st.text_input(t("col_source", lang), value=str(get("source", "")), key=f"{prefix}_source", max_chars=500)


def _form_values(prefix: str, lang: str) -> dict | None:
    """What the record form holds, as store values; None, after saying so, when the name is empty."""
    values = {c: st.session_state.get(f"{prefix}_{c}") for c in EDIT_FIELDS}
    for column in TEXT_FIELDS:
        values[column] = str(values[column] or "").strip()
    if not values["name"]:
        flash("error", t("edit_name_missing", lang))
        return None
    values["year"] = int(values["year"])
    return values


@staff_action(RECORDS)
def _add_clicked(user: str, names: dict[str, str], lang: str) -> None:
    """Store the add form as a new record, then empty the form."""
    values = _form_values("add", lang)
    if values is None:
        return
    values["commune_name"] = names.get(values["commune_code"], "")
    if attempt(lang, actions.add, actions.records_store(), values, user) is None:
        return
    for column in EDIT_FIELDS:
        st.session_state.pop(f"add_{column}", None)
    flash("success", t("edit_added", lang, name=values["name"]))


@staff_action(RECORDS)
def _save_clicked(user: str, record_id: str, prefix: str, before: dict, names: dict[str, str], lang: str) -> None:
    """Store the record's form; a new commune code brings its name along."""
    values = _form_values(prefix, lang)
    if values is None:
        return
    if values["commune_code"] != str(before.get("commune_code")):
        values["commune_name"] = names.get(values["commune_code"], "")
    if attempt(lang, actions.save, actions.records_store(), record_id, values, user) is None:
        return
    same = all(str(before.get(c)) == str(values[c]) for c in values)
    flash("info" if same else "success",
          t("edit_unchanged", lang) if same else t("edit_saved", lang, name=values["name"]))


@staff_action(RECORDS)
def _delete_clicked(user: str, record_id: str, name: str, lang: str) -> None:
    """Remove the confirmed record (the audit keeps what it was)."""
    st.session_state.pop(CONFIRM_KEY, None)
    if attempt(lang, actions.delete, actions.records_store(), record_id, user) is not None:
        flash("success", t("edit_deleted", lang, name=name))


def _history(record_id: str, lang: str) -> None:
    """Who changed the record, when, and each changed column as before → after."""
    changes = store.history(actions.records_store(), record_id=record_id)
    if changes.empty:
        return

    def what(row) -> str:
        before, after = row["before"] or {}, row["after"] or {}
        if before and after:
            return "; ".join(f"{c}: {before.get(c)} → {after.get(c)}" for c in after
                             if c != "id" and str(before.get(c)) != str(after.get(c)))
        return ""

    with st.expander(t("edit_history", lang)):
        st.dataframe(pd.DataFrame({
            t("history_col_at", lang): changes["at"].map(vn_time),
            t("history_col_user", lang): changes["user"],
            t("history_col_action", lang): changes["action"].map(lambda a: t(f"action_{a}", lang)),
            t("history_col_changes", lang): [what(row) for _, row in changes.iterrows()],
            t("history_col_source", lang): changes["source"],
        }), hide_index=True, width="stretch")
