"""What the staff pages do to the record store, without a widget in sight.

Each action takes plain values and the name of who acts, writes through
geo.records.store (which audits every change) and refreshes the cached data so
the map shows the change at once. Tests call them directly: AppTest cannot
drive st.file_uploader. The pages reach them only through a callback guarded
by dashboard.staff.guard, which supplies the signed-in user.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from dashboard.config import load_config
from dashboard.data import open_records_store, refresh
from dashboard.staff.display import upload_limit_mb
from geo import intake
from geo.records import store


@dataclass(frozen=True)
class Outcome:
    batch_id: int | None
    added: int
    duplicates: int          # duplicate rows of the preview plus any the store found at commit time
    already_imported: bool


def records_store() -> store.Store:
    """The configured store (DATABASE_URL, else the SQLite file), opened once per process."""
    return open_records_store(load_config().database_url)


def preview_upload(data: bytes, filename: str, s: store.Store, overrides=None) -> intake.Preview:
    """The preview of an upload against the stored records, with the configured limit and district;
    raises intake.IntakeError."""
    config = load_config()
    return intake.preview(data, filename, mapping_overrides=overrides or None, existing_keys=store.stored_keys(s),
                          scope=config.scope, max_bytes=upload_limit_mb() * 2**20)


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


def record_refusal(s: store.Store, result, data: bytes, filename: str, user: str) -> bool:
    """Leave a trace in the history of an upload that was refused (who, when, which file, why);
    whether there was one to leave."""
    why = intake.refusal(result)
    if why is None:
        return False
    store.record_refusal(s, user, filename, hashlib.sha256(data).hexdigest(), len(data), *why)
    return True


def remove_demo(s: store.Store, user: str) -> int:
    """Remove the demo records (never the routine rollback's work); how many were removed."""
    return _refreshed(store.remove_demo(s, user=user))


def rollback(s: store.Store, batch_id: int, user: str) -> int:
    """Remove every record an import batch added; how many were removed."""
    return _refreshed(store.rollback_batch(s, batch_id, user=user))


def add(s: store.Store, values: dict, user: str) -> str:
    """Store one new record; its id."""
    return _refreshed(store.add_record(s, values, user=user))


def save(s: store.Store, record_id: str, values: dict, user: str) -> dict:
    """Change one record; the record as stored afterwards."""
    return _refreshed(store.update_record(s, record_id, values, user=user))


def delete(s: store.Store, record_id: str, user: str) -> dict:
    """Remove one record; the record as it was."""
    return _refreshed(store.delete_record(s, record_id, user=user))


def _refreshed(result):
    """A write's result, once the cached data is dropped so that the map shows the change."""
    refresh()
    return result
