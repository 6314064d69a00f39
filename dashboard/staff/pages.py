"""Staff-only screens: import (upload → preview → commit), import history with rollback,
and single-record editing on the records page.

Only dashboard/app.py and dashboard/viewer/pages.py call the page functions, and only
for a signed-in staff member (dashboard.staff.auth); viewers never get a widget from
this module. The actions (preview_upload, commit, rollback, add/save/delete)
take plain values and no widgets, so tests call them directly (AppTest cannot
drive st.file_uploader). Every text from a file or a record is escaped before
Markdown shows it; tables go through st.dataframe, which never renders HTML.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta, timezone

import pandas as pd
import streamlit as st

from dashboard.staff import auth

from dashboard import url
from dashboard.config import load_config
from dashboard.data import Dataset, open_records_store, refresh
from dashboard.words.i18n import number, t
from geo import intake
from geo.records import store
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES, KINDS
from geo.intake.headers import RECORD_TARGETS, letter
from geo.intake.preview import FIRST_YEAR
from geo.records.schema import RecordsError

MAX_UPLOAD_MB = 20                 # preview() refuses more; .streamlit/config.toml lets 25 MB through
MAX_BYTES = MAX_UPLOAD_MB * 2**20
VIETNAM = timezone(timedelta(hours=7))
FLASH_KEY = "staff_flash"
EDIT_FIELDS = ("name", "kind", "field", "year", "commune_code", "unit", "description", "result", "source")

try:  # the command-line developer's module; the template button appears once it exists
    from geo.records.export import template_bytes
except ImportError:  # TODO(lead): geo/records/export.py template_bytes() not there yet, so no template download
    template_bytes = None


# --- Actions (no widgets; tested directly) ---------------------------------------------

@dataclass(frozen=True)
class Outcome:
    batch_id: int | None
    added: int
    duplicates: int          # duplicate rows of the preview plus any the store found at commit time
    already_imported: bool


def records_store() -> store.Store:
    return open_records_store(load_config().database_url)


def preview_upload(data: bytes, filename: str, s: store.Store, overrides=None) -> intake.Preview:
    """The preview of an upload against the stored records; raises intake.IntakeError."""
    return intake.preview(data, filename, mapping_overrides=overrides or None, existing_keys=store.stored_keys(s),
                          max_bytes=MAX_BYTES)


def commit_refusal(p: intake.Preview) -> tuple[str, dict] | None:
    """Why this preview cannot be written (an i18n key and its values), or None."""
    errors = p.blocking
    if errors:
        return "import_blocked_errors", {"count": len(errors)}
    if not p.importable:
        return "import_nothing_new", {}
    return None


def commit(s: store.Store, p: intake.Preview, data: bytes, filename: str, user: str) -> Outcome:
    """Write the importable rows of `p` as one batch (all or nothing), then refresh the map."""
    refusal = commit_refusal(p)
    if refusal:
        raise ValueError(refusal[0])
    result = store.import_batch(s, pd.DataFrame(p.records()), user=user, filename=filename,
                                file_bytes_sha256=hashlib.sha256(data).hexdigest())
    refresh()
    duplicates = len(p.duplicates) + result.skipped_duplicates
    return Outcome(result.batch_id, result.added, duplicates, result.already_imported)


def rollback(s: store.Store, batch_id: int, user: str) -> int:
    removed = store.rollback_batch(s, batch_id, user=user)
    refresh()
    return removed


def add(s: store.Store, values: dict, user: str) -> str:
    record_id = store.add_record(s, values, user=user)
    refresh()
    return record_id


def save(s: store.Store, record_id: str, values: dict, user: str) -> dict:
    after = store.update_record(s, record_id, values, user=user)
    refresh()
    return after


def delete(s: store.Store, record_id: str, user: str) -> dict:
    before = store.delete_record(s, record_id, user=user)
    refresh()
    return before


# --- Shared bits ------------------------------------------------------------------------

def plain(text) -> str:
    """Text from a file or record, inert in Markdown (no HTML, no Markdown syntax)."""
    special = "\\`*_{}[]()#+-.!|<>~$"
    return "".join(f"\\{c}" if c in special else c for c in str(text))


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH_KEY, []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop(FLASH_KEY, []):
        {"success": st.success, "error": st.error, "warning": st.warning}.get(kind, st.info)(plain(text))


def _error_text(exc: RecordsError, lang: str) -> str:
    if exc.key in ("write_refused",):
        return t("staff_write_failed", lang, reason=exc.details.get("reason", ""))
    if exc.key == "record_not_found":
        return t("edit_not_found", lang)
    try:
        details = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in exc.details.items()}
        return t(exc.key, lang, **details)
    except (KeyError, IndexError):
        return t("staff_write_failed", lang, reason=exc.key)


def _writable(lang: str) -> bool:
    if load_config().read_only:
        st.info(t("staff_read_only", lang))
        return False
    return True


def vn_time(value) -> str:
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).tz_convert(VIETNAM).strftime("%d/%m/%Y %H:%M")


# --- Import page ------------------------------------------------------------------------

def import_page(view: url.View, data: Dataset) -> None:
    lang = view.lang
    st.subheader(t("import_title", lang))
    if not _writable(lang):
        return
    show_flash()
    st.caption(t("import_help", lang, limit=MAX_UPLOAD_MB))
    if template_bytes is not None:
        st.download_button(t("import_template", lang), data=template_bytes(), file_name="mau-nhap-mo-hinh.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           help=t("import_template_help", lang), key="import_template")
    generation = st.session_state.setdefault("import_generation", 0)
    upload = st.file_uploader(t("import_file", lang), type=["xlsx", "xls", "csv"], key=f"import_file_{generation}")
    if upload is None:
        st.session_state.pop("import_cache", None)
        return
    file_bytes = upload.getvalue()
    render_preview(view, data, file_bytes, upload.name)


def render_preview(view: url.View, data: Dataset, file_bytes: bytes, filename: str) -> None:
    """Everything below the uploader, for one file's bytes (also what tests drive)."""
    lang = view.lang
    filename = (filename or "upload")[:200]
    sha = hashlib.sha256(file_bytes).hexdigest()
    overrides = st.session_state.setdefault("import_overrides", {}).setdefault(sha, {})
    signature = (sha, json.dumps(overrides, sort_keys=True, default=str))
    cache = st.session_state.get("import_cache")
    if not cache or cache["signature"] != signature:
        with st.spinner(t("import_reading", lang)):
            try:
                result = preview_upload(file_bytes, filename, records_store(), overrides)
            except intake.IntakeError as exc:
                result = exc
        cache = {"signature": signature, "result": result}
        st.session_state["import_cache"] = cache
        st.session_state["import_version"] = st.session_state.get("import_version", 0) + 1
    result = cache["result"]
    if isinstance(result, intake.IntakeError):
        st.error(plain(result.text(lang)))
        if overrides:
            st.button(t("import_reset_mapping", lang), key="import_reset", on_click=_reset_overrides, args=(sha,))
        return
    p: intake.Preview = result
    st.caption(plain(t("import_file_info", lang, name=filename, kind=p.kind.upper(),
                       size=number(round(len(file_bytes) / 1024, 1), lang))))
    if p.notices:
        items = "\n".join(f"- {plain(n.text(lang))}" for n in p.notices)
        st.warning(f"{t('import_notices', lang)}\n\n{items}")
    _sheets(p, sha, lang)
    _counts(p, lang)
    _rows(p, data, lang)
    _commit_section(p, file_bytes, filename, lang)


def _reset_overrides(sha: str) -> None:
    st.session_state.setdefault("import_overrides", {})[sha] = {}


def _sheets(p: intake.Preview, sha: str, lang: str) -> None:
    st.markdown(f"**{t('import_sheets', lang)}**")
    version = st.session_state.get("import_version", 0)
    for i, sheet in enumerate(p.sheets):
        title = t("import_sheet", lang, sheet=sheet.name)
        if sheet.status != "used":
            st.caption(plain(f"{title}: {t('import_sheet_' + sheet.status, lang)}"))
            continue
        with st.expander(title, expanded=len(p.sheets) == 1):
            rows = "–".join(str(r) for r in sheet.header_rows)
            st.caption(t("import_sheet_used", lang, rows=rows, data=number(sheet.data_rows, lang),
                         skipped=number(sheet.skipped_rows, lang)))
            if sheet.year is not None:
                st.caption(t("import_sheet_year", lang, year=sheet.year))
            _mapping_form(p, i, sheet, sha, version, lang)
    if any(st.session_state.get("import_overrides", {}).get(sha)):
        st.button(t("import_reset_mapping", lang), key="import_reset", on_click=_reset_overrides, args=(sha,))


def _mapping_form(p: intake.Preview, i: int, sheet: intake.SheetInfo, sha: str, version: int, lang: str) -> None:
    mapping = sheet.mapping
    columns = sorted(set(mapping.headers) | set(mapping.columns.values()))
    options = [None, *columns]

    def label(col):
        if col is None:
            return t("import_column_none", lang)
        header = mapping.headers.get(col, "")
        return f"{letter(col)} · {header}" if header else letter(col)

    prefix = f"map_{version}_{i}"
    st.caption(t("import_mapping_help", lang))
    with st.form(f"{prefix}_form", border=False):
        st.number_input(t("import_header_row", lang), min_value=1, max_value=1_000_000, step=1,
                        value=int(sheet.header_row or 1), key=f"{prefix}_header")
        left, right = st.columns(2)
        for n, target in enumerate(RECORD_TARGETS):
            current = mapping.get(target)
            (left if n % 2 == 0 else right).selectbox(
                t(f"intake_target_{target}", lang), options, index=options.index(current) if current in options else 0,
                format_func=label, key=f"{prefix}_{target}")
        st.form_submit_button(t("import_apply", lang), key=f"{prefix}_apply", on_click=_apply_mapping,
                              args=(sha, sheet.name, mapping, prefix))


def _apply_mapping(sha: str, sheet: str, mapping, prefix: str) -> None:
    """The user's column choices for one sheet become preview overrides (a new header row resets them)."""
    state = st.session_state
    header = int(state.get(f"{prefix}_header") or 0)
    all_overrides = state.setdefault("import_overrides", {}).setdefault(sha, {})
    if mapping.header_rows and header and header != mapping.header_rows[0]:
        all_overrides[sheet] = {"header_row": header}
        return
    chosen = dict(all_overrides.get(sheet, {}))
    for target in RECORD_TARGETS:
        value = state.get(f"{prefix}_{target}")
        if value != mapping.get(target):
            chosen[target] = value
    all_overrides[sheet] = chosen


def _counts(p: intake.Preview, lang: str) -> None:
    duplicates = len(p.duplicates)
    counts = p.counts()
    st.markdown(f"**{t('import_counts', lang)}**")
    cols = st.columns(4)
    cols[0].metric(t("import_count_ready", lang), number(counts["ready"], lang))
    cols[1].metric(t("import_count_warning", lang), number(counts["warning"], lang))
    cols[2].metric(t("import_count_duplicate", lang), number(duplicates, lang))
    cols[3].metric(t("import_count_error", lang), number(counts["error"] - duplicates, lang))


def preview_table(p: intake.Preview, communes: dict[str, str], lang: str) -> pd.DataFrame:
    """Every row of the preview as the screen shows it (translated status and reasons)."""
    def status(row):
        return t("import_status_duplicate", lang) if row.is_duplicate else t(f"intake_status_{row.status}", lang)

    def field(code):
        return FIELD_BY_CODE[code].label(lang) if code in FIELD_BY_CODE else ""

    return pd.DataFrame({
        t("import_col_sheet", lang): [r.sheet for r in p.rows],
        t("import_col_row", lang): [r.row_number for r in p.rows],
        t("import_col_status", lang): [status(r) for r in p.rows],
        t("import_col_reasons", lang): ["; ".join(reason.text(lang) for reason in r.reasons) for r in p.rows],
        t("col_name", lang): [r.values.get("name") or "" for r in p.rows],
        t("col_field", lang): [field(r.values.get("field")) for r in p.rows],
        t("col_year", lang): [r.values.get("year") for r in p.rows],
        t("col_commune", lang): [communes.get(r.values.get("commune_code") or "", r.values.get("commune_name") or "")
                                 for r in p.rows],
    })


def _rows(p: intake.Preview, data: Dataset, lang: str) -> None:
    table = preview_table(p, dict(zip(data.communes["code"], data.communes["name"])), lang)
    show = st.radio(t("import_show", lang), ("all", "problems"), horizontal=True, key="import_show",
                    format_func=lambda v: t(f"import_show_{v}", lang))
    if show == "problems":
        table = table[[r.status != "ready" for r in p.rows]]
    table[t("col_year", lang)] = table[t("col_year", lang)].astype("Int64")
    st.dataframe(table, hide_index=True, width="stretch")


def _commit_section(p: intake.Preview, file_bytes: bytes, filename: str, lang: str) -> None:
    refusal = commit_refusal(p)
    if refusal:
        key, params = refusal
        (st.warning if key == "import_blocked_errors" else st.info)(t(key, lang, **params))
    else:
        st.caption(t("import_commit_ready", lang, count=number(len(p.importable), lang)))
    st.button(t("import_commit", lang), key="import_commit", type="primary", disabled=refusal is not None,
              on_click=_commit_clicked, args=(p, file_bytes, filename, lang))


def _commit_clicked(p: intake.Preview, file_bytes: bytes, filename: str, lang: str) -> None:
    user = auth.current_user()
    if user is None or load_config().read_only:
        return
    try:
        outcome = commit(records_store(), p, file_bytes, filename, user)
    except (RecordsError, ValueError) as exc:
        text = _error_text(exc, lang) if isinstance(exc, RecordsError) else t(str(exc), lang, count=0)
        flash("error", t("import_failed", lang, reason=text))
        return
    if outcome.already_imported:
        flash("info", t("import_already", lang, name=filename))
    else:
        flash("success", t("import_done", lang, batch=outcome.batch_id, name=filename,
                            added=number(outcome.added, lang), duplicates=number(outcome.duplicates, lang)))
    st.session_state["import_generation"] = st.session_state.get("import_generation", 0) + 1
    st.session_state.pop("import_cache", None)


# --- Import history page ----------------------------------------------------------------

def batches_page(view: url.View, data: Dataset) -> None:
    lang = view.lang
    st.subheader(t("batches_title", lang))
    if not _writable(lang):
        return
    show_flash()
    table = store.batches(records_store()).sort_values("id", ascending=False)
    if table.empty:
        st.info(t("batches_empty", lang))
        return
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

    active = table[table["status"] == "active"]
    if active.empty:
        return
    st.markdown(f"**{t('batches_rollback_title', lang)}**")
    st.caption(t("batches_rollback_help", lang))
    pending = st.session_state.get("confirm_rollback")
    shown = active.head(50)
    for batch in shown.itertuples():
        line = t("batch_line", lang, batch=batch.id, file=batch.filename, rows=number(batch.row_count, lang),
                 when=vn_time(batch.created_at), user=batch.user)
        text, button = st.columns([5, 1], vertical_alignment="center")
        text.markdown(plain(line))
        button.button(t("batch_rollback", lang), key=f"rollback_{batch.id}",
                      on_click=lambda b=int(batch.id): st.session_state.update(confirm_rollback=b))
        if pending == batch.id:
            st.warning(plain(t("batch_rollback_confirm", lang, batch=batch.id, file=batch.filename,
                               rows=number(batch.row_count, lang))))
            yes, no = st.columns([1, 1])
            yes.button(t("batch_rollback_yes", lang), key=f"rollback_yes_{batch.id}", type="primary",
                       on_click=_rollback_clicked, args=(int(batch.id), lang))
            no.button(t("staff_cancel", lang), key=f"rollback_no_{batch.id}",
                      on_click=lambda: st.session_state.pop("confirm_rollback", None))
    if len(active) > len(shown):
        st.caption(t("batches_more", lang, shown=len(shown)))


def _rollback_clicked(batch_id: int, lang: str) -> None:
    st.session_state.pop("confirm_rollback", None)
    user = auth.current_user()
    if user is None or load_config().read_only:
        return
    try:
        removed = rollback(records_store(), batch_id, user)
    except RecordsError as exc:
        flash("error", _error_text(exc, lang))
        return
    flash("success", t("batch_rolled_back", lang, batch=batch_id, count=number(removed, lang)))


# --- Record editing (records page) ------------------------------------------------------

def editor(view: url.View, data: Dataset, shown: pd.DataFrame, detail_key: str) -> None:
    """Add / edit / delete single records, below the records table (staff only)."""
    lang = view.lang
    st.subheader(t("edit_title", lang))
    if not _writable(lang):
        return
    show_flash()
    names = dict(zip(data.communes["code"], data.communes["name"]))
    with st.expander(t("edit_add", lang)):
        with st.form("edit_add_form", clear_on_submit=False, border=False):
            _record_fields("add", None, names, lang)
            st.form_submit_button(t("edit_add_submit", lang), key="edit_add_submit", type="primary",
                                  on_click=_add_clicked, args=(names, lang))
    pick = st.session_state.get(detail_key)
    if pick is None or pick not in shown.index:
        st.caption(t("edit_pick_hint", lang))
        return
    record_id = str(shown.at[pick, "id"])
    found = data.records[data.records["id"] == record_id]
    if found.empty:
        st.caption(t("edit_pick_hint", lang))
        return
    record = found.iloc[0]
    with st.expander(plain(t("edit_selected", lang, name=record["name"])), expanded=True):
        prefix = f"edit_{hashlib.sha1(record_id.encode()).hexdigest()[:12]}"
        with st.form(f"{prefix}_form", border=False):
            _record_fields(prefix, record, names, lang)
            st.form_submit_button(t("edit_save", lang), key=f"{prefix}_save", type="primary",
                                  on_click=_save_clicked, args=(record_id, prefix, record.to_dict(), names, lang))
        if st.session_state.get("confirm_delete") == record_id:
            st.warning(plain(t("edit_delete_confirm", lang, name=record["name"])))
            yes, no = st.columns(2)
            yes.button(t("edit_delete_yes", lang), key=f"{prefix}_delete_yes", type="primary",
                       on_click=_delete_clicked, args=(record_id, str(record["name"]), lang))
            no.button(t("staff_cancel", lang), key=f"{prefix}_delete_no",
                      on_click=lambda: st.session_state.pop("confirm_delete", None))
        else:
            st.button(t("edit_delete", lang), key=f"{prefix}_delete",
                      on_click=lambda: st.session_state.update(confirm_delete=record_id))
        _history(record_id, lang)


def _record_fields(prefix: str, record, names: dict[str, str], lang: str) -> None:
    """The record form's inputs, prefilled from `record` (None: empty, for a new record)."""
    get = (lambda c, d: d if record is None or pd.isna(record[c]) else record[c])
    kinds, fields = list(KINDS), list(FIELD_CODES)
    codes = sorted(names, key=names.get)
    code = str(get("commune_code", codes[0] if codes else ""))
    if code and code not in codes:
        codes.append(code)
    this_year = date.today().year
    year = int(get("year", this_year))
    st.text_input(t("col_name", lang), value=str(get("name", "")), key=f"{prefix}_name", max_chars=500)
    left, right = st.columns(2)
    left.selectbox(t("col_kind", lang), kinds, index=kinds.index(get("kind", "mo-hinh")),
                   format_func=lambda k: KINDS[k][0 if lang == "vi" else 1], key=f"{prefix}_kind")
    right.selectbox(t("col_field", lang), fields, index=fields.index(str(get("field", fields[0]))),
                    format_func=lambda c: FIELD_BY_CODE[c].label(lang), key=f"{prefix}_field")
    left.number_input(t("col_year", lang), min_value=min(FIRST_YEAR, year), max_value=max(this_year, year),
                      value=year, step=1, key=f"{prefix}_year")
    right.selectbox(t("col_commune", lang), codes, index=codes.index(code) if code in codes else 0,
                    format_func=lambda c: names.get(c, c), key=f"{prefix}_commune_code")
    st.text_input(t("col_unit", lang), value=str(get("unit", "")), key=f"{prefix}_unit", max_chars=500)
    st.text_area(t("col_description", lang), value=str(get("description", "")), key=f"{prefix}_description",
                 max_chars=5000)
    st.text_area(t("col_result", lang), value=str(get("result", "")), key=f"{prefix}_result", max_chars=5000)
    st.text_input(t("col_source", lang), value=str(get("source", "")), key=f"{prefix}_source", max_chars=500)


def form_values(prefix: str) -> dict:
    """What the record form holds, as store values."""
    values = {c: st.session_state.get(f"{prefix}_{c}") for c in EDIT_FIELDS}
    for column in ("name", "unit", "description", "result", "source"):
        values[column] = str(values[column] or "").strip()
    values["year"] = int(values["year"])
    return values


def _add_clicked(names: dict[str, str], lang: str) -> None:
    user = auth.current_user()
    if user is None or load_config().read_only:
        return
    values = form_values("add")
    if not values["name"]:
        flash("error", t("edit_name_missing", lang))
        return
    values["commune_name"] = names.get(values["commune_code"], "")
    try:
        add(records_store(), values, user)
    except RecordsError as exc:
        flash("error", _error_text(exc, lang))
        return
    for column in EDIT_FIELDS:
        st.session_state.pop(f"add_{column}", None)
    flash("success", t("edit_added", lang, name=values["name"]))


def _save_clicked(record_id: str, prefix: str, before: dict, names: dict[str, str], lang: str) -> None:
    user = auth.current_user()
    if user is None or load_config().read_only:
        return
    values = form_values(prefix)
    if not values["name"]:
        flash("error", t("edit_name_missing", lang))
        return
    if values["commune_code"] != str(before.get("commune_code")):
        values["commune_name"] = names.get(values["commune_code"], "")
    try:
        save(records_store(), record_id, values, user)
    except RecordsError as exc:
        flash("error", _error_text(exc, lang))
        return
    same = all(str(before.get(c)) == str(values[c]) for c in values)
    flash("info" if same else "success",
           t("edit_unchanged", lang) if same else t("edit_saved", lang, name=values["name"]))


def _delete_clicked(record_id: str, name: str, lang: str) -> None:
    st.session_state.pop("confirm_delete", None)
    user = auth.current_user()
    if user is None or load_config().read_only:
        return
    try:
        delete(records_store(), record_id, user)
    except RecordsError as exc:
        flash("error", _error_text(exc, lang))
        return
    flash("success", t("edit_deleted", lang, name=name))


def _history(record_id: str, lang: str) -> None:
    changes = store.history(records_store(), record_id=record_id)
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


PAGES = {"import": import_page, "batches": batches_page}
