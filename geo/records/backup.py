"""Backups of the record store: one SQLite file, whichever engine the store runs on.

A backup is an SQLite database in the store's own schema, made by its
migrations (`alembic_version` says which revision), holding every table:
import_batches, records, changes (the audit trail), refused_uploads, data_version and
store_meta, plus two store_meta rows of its own, `backup_taken_at` and
`backup_source`. Any SQLite tool reads it, and it does not depend on the
engine: a backup of SQLite restores into PostgreSQL and the other way round.

* From SQLite, the online backup API (sqlite3.Connection.backup) copies the
  whole database in one step while other processes go on reading and
  writing: one consistent snapshot.
* From PostgreSQL, every table is read in one REPEATABLE READ, READ ONLY
  transaction (one snapshot) into a new SQLite file made by the migrations.
* A restore reads a copy of the file (upgraded first when it comes from an
  older revision) and writes every row, ids included, in one write
  transaction of the target: all of it or nothing. A target that holds any
  record, batch or change is refused unless forced. The data version becomes
  the backup's, or one more than the target's when that is not lower, so it
  only ever grows and every running process re-reads the records on its next run.

The file is written beside its final name and linked into place at the end,
so a backup never overwrites a file and a failed one leaves nothing behind.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy.engine import Connection

from geo.errors import KeyedError
from geo.records import store

TABLES = (store.import_batches, store.records, store.changes)  # in foreign-key order
# Tables newer than some backups (their migrations make them empty in an older one); a restore adds
# their rows to the target's under new ids, and --force empties them first like the rest.
LOGS = (store.refused_uploads,)
RESTORED_META = ("first_write_at",)  # store_meta rows about the data, not about one database
_CHUNK = 2000  # rows per INSERT batch
_HEADER = b"SQLite format 3\x00"


class BackupError(KeyedError):
    """A backup or restore refused, nothing written; `key` names the message."""


@dataclass(frozen=True)
class Summary:
    """What a backup holds, or what a restore left in the store."""
    records: int
    batches: int
    changes: int
    data_version: int


# --- Backing up ---

def backup(s: store.Store, out: Path, source: str | None = None) -> Summary:
    """Write a consistent snapshot of `s` to the new file `out`; what it holds.

    `source` (default: the store's place, password masked) is recorded in the
    file. An existing `out` is never overwritten (BackupError "backup_exists").
    """
    out = Path(out)
    if out.exists():
        raise BackupError("backup_exists", path=str(out))
    partial = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        if s.dialect == "sqlite":
            _copy_sqlite(s, partial)
        else:
            _copy_tables(s, partial)
        _label(partial, source or store.where(s))
        held = summary(partial)
        _publish(partial, out)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError("backup_unwritable", path=str(out), reason=_why(exc)) from exc
    finally:
        partial.unlink(missing_ok=True)
    return held


def _copy_sqlite(s: store.Store, dest: Path) -> None:
    """SQLite's online backup, in one step: a snapshot, whatever other connections write meanwhile."""
    with s.engine.connect() as conn:
        target = sqlite3.connect(dest)
        try:
            conn.connection.dbapi_connection.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        finally:
            target.close()


def _copy_tables(s: store.Store, dest: Path) -> None:
    """Every table of a PostgreSQL store, read in one snapshot, into a new SQLite file of the same schema."""
    copy = store.open_store(sa.URL.create("sqlite", database=str(dest)))
    try:
        store.upgrade(copy)
        snapshot = s.engine.connect().execution_options(isolation_level="REPEATABLE READ",
                                                        postgresql_readonly=True)
        with snapshot as src, src.begin(), copy.engine.begin() as dst:
            for table in (*TABLES, *LOGS, store.version_counter, store.store_meta):
                dst.execute(sa.delete(table))  # the rows the migrations made: the source's replace them
                _copy(src, dst, table)
    finally:
        copy.dispose()


def _label(path: Path, source: str) -> None:
    """Say in the file when and from where it was taken (stores older than store_meta: nothing)."""
    conn = sqlite3.connect(path)
    try:
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'store_meta'").fetchone():
            conn.executemany("INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)", [
                ("backup_taken_at", datetime.now(timezone.utc).isoformat()), ("backup_source", source)])
            conn.commit()
    finally:
        conn.close()


def _publish(partial: Path, out: Path) -> None:
    """Put the finished file at `out`, never over an existing file (a hard link fails if `out` exists)."""
    try:
        os.link(partial, out)
    except FileExistsError as exc:
        raise BackupError("backup_exists", path=str(out)) from exc
    except OSError:  # a file system without hard links
        if out.exists():
            raise BackupError("backup_exists", path=str(out)) from None
        os.replace(partial, out)


# --- Reading a backup ---

def summary(path: Path) -> Summary:
    """What the backup file at `path` holds; BackupError when it is missing or not a backup. Reads only."""
    path = Path(path)
    try:
        with open(path, "rb") as f:
            header = f.read(len(_HEADER))
    except OSError as exc:
        raise BackupError("backup_missing", path=str(path), reason=_why(exc)) from exc
    if header != _HEADER:
        raise BackupError("backup_unreadable", path=str(path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"alembic_version", *(t.name for t in TABLES)} <= names:
                raise BackupError("backup_unreadable", path=str(path))
            count = {t.name: conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in TABLES}
            version = conn.execute("SELECT version FROM data_version").fetchone() if "data_version" in names else None
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise BackupError("backup_unreadable", path=str(path)) from exc
    return Summary(count["records"], count["import_batches"], count["changes"], version[0] if version else 0)


@contextmanager
def _opened_copy(path: Path) -> Iterator[store.Store]:
    """The backup as a store: a private copy, upgraded to this code's revision (the file is never changed)."""
    summary(path)
    with tempfile.TemporaryDirectory(prefix="dvk-restore-") as folder:
        copy = Path(folder) / "backup.sqlite3"
        try:
            shutil.copyfile(path, copy)
        except OSError as exc:
            raise BackupError("backup_missing", path=str(path), reason=_why(exc)) from exc
        source = store.open_store(sa.URL.create("sqlite", database=str(copy)))
        try:
            _check_revision(source, path)
            store.upgrade(source)
            yield source
        finally:
            source.dispose()


def _check_revision(source: store.Store, path: Path) -> None:
    """A backup from a newer version of the code (a revision these migrations do not know) is refused."""
    with source.engine.connect() as conn:
        revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    try:
        if revision is not None:
            ScriptDirectory.from_config(store.alembic_config()).get_revision(revision)
    except (CommandError, RevisionError) as exc:
        raise BackupError("backup_too_new", path=str(path), revision=revision) from exc


# --- Restoring ---

def restore(path: Path, s: store.Store, force: bool = False) -> Summary:
    """Put everything the backup at `path` holds into `s`, in one transaction; what `s` then holds.

    A store holding any record, batch or change is refused (BackupError
    "restore_not_empty") unless `force`, which replaces all of it. The store's
    own instance id is kept, so processes that opened it keep writing to it.
    """
    with _opened_copy(Path(path)) as source, store.writing(s) as conn:
        held = _summary(conn)
        if (held.records or held.batches or held.changes) and not force:
            raise BackupError("restore_not_empty", where=store.where(s), records=held.records,
                              batches=held.batches, changes=held.changes)
        for table in (store.changes, store.records, store.import_batches, *(LOGS if force else ())):
            conn.execute(sa.delete(table))
        conn.execute(sa.delete(store.store_meta).where(store.store_meta.c.key != "instance"))
        with source.engine.connect() as src:
            for table in TABLES:
                _copy(src, conn, table)
            for table in LOGS:
                _copy(src, conn, table, new_ids=True)
            version = src.execute(sa.select(store.version_counter.c.version)).scalar_one()
            meta = dict(src.execute(sa.select(store.store_meta.c.key, store.store_meta.c.value)).all())
        _restart_ids(conn)
        _step_version(conn, version)
        _restore_meta(conn, meta, Path(path))
        return _summary(conn)


def _step_version(conn: Connection, backup_version: int) -> None:
    """The backup's version, or one more than the store's when that is not lower: it only grows."""
    current = conn.execute(sa.select(store.version_counter.c.version)).scalar_one()
    new = backup_version if backup_version > current else current + 1
    conn.execute(sa.update(store.version_counter).values(version=new))


def _restore_meta(conn: Connection, meta: dict, path: Path) -> None:
    """The facts about the data (first_write_at: a restored store is never seeded), and the restore itself."""
    now = datetime.now(timezone.utc).isoformat()
    rows = {key: meta[key] for key in RESTORED_META if key in meta}
    rows.setdefault("first_write_at", now)
    rows |= {"restored_at": now, "restored_from": f"{path.name} ({meta.get('backup_taken_at', '?')})"}
    conn.execute(sa.insert(store.store_meta), [{"key": k, "value": v} for k, v in rows.items()])


def _restart_ids(conn: Connection) -> None:
    """PostgreSQL: move the id sequences past the restored ids (SQLite takes max(id) + 1 by itself)."""
    if conn.dialect.name != "postgresql":
        return
    for table in (store.import_batches, store.changes):
        conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                             f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def _summary(conn: Connection) -> Summary:
    def count(table) -> int:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()

    version = conn.execute(sa.select(store.version_counter.c.version)).scalar_one()
    return Summary(count(store.records), count(store.import_batches), count(store.changes), version)


# --- Copying rows ---

def _copy(src: Connection, dst: Connection, table: sa.Table, new_ids: bool = False) -> None:
    """Every row of `table`, in id order and in batches, with times in UTC (SQLite keeps no time zone);
    `new_ids`: the target numbers them (added beside rows it keeps)."""
    query = sa.select(table).order_by(*table.primary_key.columns)
    dropped = {"id"} if new_ids else set()
    for part in src.execution_options(yield_per=_CHUNK).execute(query).partitions():
        dst.execute(sa.insert(table), [{k: _utc(v) for k, v in row._mapping.items() if k not in dropped}
                                       for row in part])


def _utc(value):
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
