"""The import page: upload → preview → column mapping → counts and rows → write as one batch.

Nothing is written until the clerk presses the commit button, and then only
through the guarded callback. The preview is kept in the session per file and
mapping (reading a workbook is not free), and the uploader gets a new key after
a commit so the next file starts clean. AppTest cannot drive st.file_uploader,
so tests call render_preview (everything below the uploader) with a file's
bytes. Text from the file is escaped before Markdown shows it; the rows go
through st.dataframe, which never renders HTML.
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

from dashboard import url
from dashboard.config import load_config
from dashboard.data import Dataset
from dashboard.staff import actions, auth
from dashboard.staff.display import error_text, flash, records_page, upload_limit_mb
from dashboard.staff.guard import RECORDS, staff_action
from dashboard.words.i18n import number, t
from dashboard.words.markup import plain
from geo import intake
from geo.intake.headers import RECORD_TARGETS, letter
from geo.intake.returned import returned_name, returned_workbook
from geo.records.export import template_bytes
from geo.records.fields import FIELD_BY_CODE
from geo.records.schema import RecordsError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_page(view: url.View, data: Dataset) -> None:
    """The template to fill in, the uploader and, once a file is chosen, its preview."""
    lang = view.lang
    if not records_page("import_title", lang):
        return
    st.caption(t("import_help", lang, limit=upload_limit_mb()))
    st.download_button(t("import_template", lang), data=template_bytes(scope=load_config().scope), file_name="mau-nhap-mo-hinh.xlsx",
                       mime=XLSX, help=t("import_template_help", lang), key="import_template")
    generation = st.session_state.setdefault("import_generation", 0)
    upload = st.file_uploader(t("import_file", lang), type=["xlsx", "xls", "csv"], key=f"import_file_{generation}")
    if upload is None:
        st.session_state.pop("import_cache", None)
        return
    render_preview(view, upload.getvalue(), upload.name)


def render_preview(view: url.View, file_bytes: bytes, filename: str) -> None:
    """Everything below the uploader, for one file's bytes (also what tests drive)."""
    lang = view.lang
    filename = (filename or "upload")[:200]
    sha = hashlib.sha256(file_bytes).hexdigest()
    _new_file(sha)
    overrides = st.session_state.setdefault("import_overrides", {}).setdefault(sha, {})
    result = _preview(file_bytes, filename, sha, overrides, lang)
    if isinstance(result, intake.IntakeError):
        st.error(plain(result.text(lang)))
        if overrides:
            st.button(t("import_reset_mapping", lang), key="import_reset", on_click=_reset_overrides, args=(sha,))
        return
    st.caption(plain(t("import_file_info", lang, name=filename, kind=result.kind.upper(),
                       size=number(round(len(file_bytes) / 1024, 1), lang))))
    if result.notices:
        items = "\n".join(f"- {plain(n.text(lang))}" for n in result.notices)
        st.warning(f"{t('import_notices', lang)}\n\n{items}")
    _sheets(result, sha, lang)
    _counts(result, lang)
    _returned_download(result, file_bytes, lang)
    _rows(result, lang)
    _commit_section(result, file_bytes, filename, lang)


def _new_file(sha: str) -> None:
    """A new file starts with every row shown: the row filter chosen for the last file does not carry
    over (it would list that file's kind of rows while the counters speak of this one)."""
    if st.session_state.get("import_file_sha") != sha:
        st.session_state["import_file_sha"] = sha
        st.session_state.pop("import_show", None)


def _preview(file_bytes: bytes, filename: str, sha: str, overrides: dict,
             lang: str) -> intake.Preview | intake.IntakeError:
    """The file's preview, read again only when the file or the user's mapping changed."""
    signature = (sha, json.dumps(overrides, sort_keys=True, default=str))
    cache = st.session_state.get("import_cache")
    if not cache or cache["signature"] != signature:
        with st.spinner(t("import_reading", lang)):
            try:
                result = actions.preview_upload(file_bytes, filename, actions.records_store(), overrides)
            except intake.IntakeError as exc:
                result = exc
        _trace_refusal(result, file_bytes, filename, sha)
        cache = {"signature": signature, "result": result}
        st.session_state["import_cache"] = cache
        st.session_state["import_version"] = st.session_state.get("import_version", 0) + 1
    return cache["result"]


def _trace_refusal(result, file_bytes: bytes, filename: str, sha: str) -> None:
    """A refused upload leaves a trace in the history, once per file and session (choosing other
    columns reads it again). The page is drawn for signed-in staff only; a store that cannot be
    written keeps no trace, and the preview still says why the file is refused."""
    traced = st.session_state.setdefault("import_refusals_traced", set())
    user = auth.current_user()
    if sha in traced or user is None:
        return
    try:
        if actions.record_refusal(actions.records_store(), result, file_bytes, filename, user):
            traced.add(sha)
    except RecordsError:
        pass


def _reset_overrides(sha: str) -> None:
    """Forget the user's column choices for this file (the guessed mapping applies again)."""
    st.session_state.setdefault("import_overrides", {})[sha] = {}


def _sheets(p: intake.Preview, sha: str, lang: str) -> None:
    """Each sheet: skipped (and why) or used, with its header rows and the column mapping to correct,
    folded when every column a record needs was recognised (it would push the results down)."""
    st.markdown(f"**{t('import_sheets', lang)}**")
    version = st.session_state.get("import_version", 0)
    for i, sheet in enumerate(p.sheets):
        title = t("import_sheet", lang, sheet=sheet.name)
        if sheet.status != "used":
            st.caption(plain(f"{title}: {t('import_sheet_' + sheet.status, lang)}"))
            continue
        rows = "–".join(str(r) for r in sheet.header_rows)
        used = t("import_sheet_used", lang, rows=rows, data=number(sheet.data_rows, lang),
                 skipped=number(sheet.skipped_rows, lang))
        st.caption(f"{plain(title)} · {used}")
        if sheet.year is not None:
            st.caption(t("import_sheet_year", lang, year=sheet.year))
        missing = sheet.missing
        if missing:
            st.warning(t("import_columns_missing", lang,
                         columns=", ".join(t(f"intake_target_{target}", lang) for target in missing)))
        else:
            st.caption(t("import_columns_found", lang))
        with st.expander(t("import_mapping_title", lang, sheet=plain(sheet.name)), expanded=bool(missing)):
            _mapping_form(i, sheet, sha, version, lang)
    if any(st.session_state.get("import_overrides", {}).get(sha)):
        st.button(t("import_reset_mapping", lang), key="import_reset", on_click=_reset_overrides, args=(sha,))


def _mapping_form(i: int, sheet: intake.SheetInfo, sha: str, version: int, lang: str) -> None:
    """Which column holds each target; widget keys carry the preview's version so a new read starts fresh."""
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
    """Ready, to check, duplicate and error rows (duplicates are errors the clerk need not fix)."""
    duplicates = len(p.duplicates)
    counts = p.counts()
    st.markdown(f"**{t('import_counts', lang)}**")
    cols = st.columns(4)
    cols[0].metric(t("import_count_ready", lang), number(counts["ready"], lang))
    cols[1].metric(t("import_count_warning", lang), number(counts["warning"], lang))
    cols[2].metric(t("import_count_duplicate", lang), number(duplicates, lang))
    cols[3].metric(t("import_count_error", lang), number(counts["error"] - duplicates, lang))


def preview_table(p: intake.Preview, lang: str) -> pd.DataFrame:
    """Every row of the preview as the screen shows it (translated status and reasons), the row
    number and the commune first, where they stay in view."""
    def field(code):
        return FIELD_BY_CODE[code].label(lang) if code in FIELD_BY_CODE else ""

    return pd.DataFrame({
        t("import_col_sheet", lang): [r.sheet for r in p.rows],
        t("import_col_row", lang): [r.row_number for r in p.rows],
        t("col_commune", lang): [_commune(p, r) for r in p.rows],
        t("import_col_status", lang): [_status(r, lang) for r in p.rows],
        t("import_col_reasons", lang): ["; ".join(reason.text(lang) for reason in r.reasons) for r in p.rows],
        t("col_name", lang): [r.values.get("name") or "" for r in p.rows],
        t("col_field", lang): [field(r.values.get("field")) for r in p.rows],
        t("col_year", lang): [r.values.get("year") for r in p.rows],
    })


def _status(row: intake.PreviewRow, lang: str) -> str:
    return t("import_status_duplicate", lang) if row.is_duplicate else t(f"intake_status_{row.status}", lang)


def _commune(p: intake.Preview, row: intake.PreviewRow) -> str:
    """The unit a row was matched to ("TT. Yên Sơn"), else the name as written."""
    return p.places.get(row.values.get("commune_code") or "", row.values.get("commune_name") or "")


def _rows(p: intake.Preview, lang: str) -> None:
    """The preview's rows, all or only those that are not ready, then what each says, in full."""
    table = preview_table(p, lang)
    show = st.radio(t("import_show", lang), ("all", "problems"), horizontal=True, key="import_show",
                    format_func=lambda v: t(f"import_show_{v}", lang))
    keep = [show == "all" or r.status != "ready" for r in p.rows]
    table = table[keep]
    table[t("col_year", lang)] = table[t("col_year", lang)].astype("Int64")
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={t("import_col_reasons", lang): st.column_config.TextColumn(width="large")})
    _reasons(p, [r for r, kept in zip(p.rows, keep) if kept and r.reasons], lang)


LISTED = 300   # rows whose reasons are written out under the table; the returned file has every one


def _reasons(p: intake.Preview, rows: list[intake.PreviewRow], lang: str) -> None:
    """The reasons of the shown rows in full, each with its row number, commune and status: the table's
    cells cut long text, and a double click to read each is not something a clerk guesses."""
    if not rows:
        return
    st.markdown(f"**{t('import_reasons_title', lang)}**")
    several = sum(info.status == "used" for info in p.sheets) > 1
    lines = []
    for row in rows[:LISTED]:
        where = t("import_reason_row", lang, row=row.row_number)
        if several:
            where = f"{t('import_sheet', lang, sheet=row.sheet)} · {where}"
        said = " ".join(reason.text(lang) for reason in row.reasons)
        commune = _commune(p, row) or t("import_reason_no_commune", lang)
        lines.append(f"- **{plain(where)}** · {plain(commune)} · {plain(_status(row, lang))}: {plain(said)}")
    with st.container(height=420 if len(lines) > 8 else "content", border=len(lines) > 8):
        st.markdown("\n".join(lines))
    if len(rows) > LISTED:
        st.caption(t("import_reasons_more", lang, shown=number(LISTED, lang), total=number(len(rows), lang)))


def _returned_download(p: intake.Preview, file_bytes: bytes, lang: str) -> None:
    """The checked file to send back to the commune: its own sheets with a status and a "Lý do"
    column on every row (made when the button is pressed, not on every run)."""
    labels = {"status": t("import_col_status", lang), "reasons": t("import_col_reasons", lang),
              "duplicate": t("import_status_duplicate", lang), "skipped": t("import_status_skipped", lang),
              **{s: t(f"intake_status_{s}", lang) for s in ("ready", "warning", "error")}}
    st.download_button(t("import_returned", lang), data=lambda: returned_workbook(file_bytes, p, labels, lang),
                       file_name=returned_name(p.filename), mime=XLSX, help=t("import_returned_help", lang),
                       key="import_returned", on_click="ignore")


def _commit_section(p: intake.Preview, file_bytes: bytes, filename: str, lang: str) -> None:
    """The commit button, disabled with the reason when the file cannot be written."""
    refusal = actions.commit_refusal(p)
    if refusal:
        key, params = refusal
        (st.warning if key == "import_blocked_errors" else st.info)(t(key, lang, **params))
    else:
        st.caption(t("import_commit_ready", lang, count=number(len(p.importable), lang)))
    st.button(t("import_commit", lang), key="import_commit", type="primary", disabled=refusal is not None,
              on_click=_commit_clicked, args=(p, file_bytes, filename, lang))


@staff_action(RECORDS)
def _commit_clicked(user: str, p: intake.Preview, file_bytes: bytes, filename: str, lang: str) -> None:
    """Write the file as one batch and say what happened; a new uploader key clears the file."""
    try:
        outcome = actions.commit(actions.records_store(), p, file_bytes, filename, user)
    except (RecordsError, ValueError) as exc:
        text = error_text(exc, lang) if isinstance(exc, RecordsError) else t(str(exc), lang, count=0)
        flash("error", t("import_failed", lang, reason=text))
        return
    if outcome.already_imported:
        flash("info", t("import_already", lang, name=filename))
    else:
        flash("success", t("import_done", lang, batch=outcome.batch_id, name=filename,
                            added=number(outcome.added, lang), duplicates=number(outcome.duplicates, lang)))
    st.session_state["import_generation"] = st.session_state.get("import_generation", 0) + 1
    st.session_state.pop("import_cache", None)
