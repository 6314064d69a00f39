"""The application's record store, ready to use: what the dashboard and the command line share.

The dashboard (dashboard/data.py, cached once per process) and the command
line (dashboard/cli/records.py, once per run) must see the same database in the same
state, so "open, migrate, fill a brand-new database with the demo records"
lives here, once, without Streamlit.

Data must not be lost quietly, so opening refuses rather than guesses:

* a URL the store does not speak (mysql://…), or that does not parse, is a
  DatabaseError naming the supported schemes, before any driver is loaded;
* a database that cannot be reached is a DatabaseError that says which one
  (password masked) and why: connection refused, authentication failed,
  unknown host, no such database, timeout, or the driver's own words;
* an SQLite file gets a stamp beside it when it is first made or opened
  (`var/.dvk.sqlite3.created`, hidden, so `rm var/dvk.sqlite3*` leaves it):
  where a stamp says a database existed, a missing or empty file is
  refused ("database_missing") instead of being made again and seeded with
  the demo records. Restoring a backup (geo/records/backup.py) is the way back;
  deleting the stamp says on purpose that a new database should be made.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from alembic.util import CommandError

from geo.records import store
from geo.records.schema import DEFAULT_RECORDS, load_records
from geo.records.store import DatabaseError

# What a driver's message says, and the message key that explains it (first match wins).
REASONS = (
    ("database_auth_failed", r"authentication failed|no password supplied|role \".*\" does not exist"),
    ("database_refused", r"connection refused"),
    ("database_unknown_host", r"translate host name|resolve host|name or service not known|nodename nor servname"
                              r"|name resolution|no address associated"),
    ("database_timeout", r"timeout expired|timed out"),
    ("database_not_found", r"database \".*\" does not exist"),
)
STAMP = """This file records that the dashboard's record store {path} was created or first opened
here on {when}. While this file exists, the dashboard refuses to make a new, empty database at
that path (which would then be filled with the demo records) if the file goes missing:
restore a backup instead (python -m dashboard restore FILE). Delete this file only to start
again with a new database on purpose.
"""


def open_app_store(database_url: str | None, demo: bool = True) -> store.Store:
    """The store at `database_url` (None: var/dvk.sqlite3), migrated, and on its very first run filled
    with the demo records, or, with `demo` False (a real office's choice, DVK_DEMO=0), marked as
    started empty so that no later start fills it.

    Raises DatabaseError when the URL is not supported, the database cannot be
    reached, or an SQLite database that existed here is gone.
    """
    path = sqlite_file(database_url)
    if path is not None:
        _refuse_a_lost_database(path)
    s = open_migrated(database_url)
    try:
        if demo:
            store.seed_if_empty(s, load_records(DEFAULT_RECORDS), user="system",
                                source=str(DEFAULT_RECORDS.relative_to(store.ROOT)),
                                file_sha256=hashlib.sha256(DEFAULT_RECORDS.read_bytes()).hexdigest())
        else:
            store.start_empty(s)
    except store.StoreError as exc:
        s.dispose()
        raise unreachable(database_url, exc) from exc
    stamp_created(s)
    return s


def open_migrated(database_url: str | None) -> store.Store:
    """The store at `database_url`, created (SQLite) and migrated, not seeded; DatabaseError when it
    cannot be used. The command line's restore opens its target this way."""
    return _upgraded(database_url)[0]


def migrate(database_url: str | None) -> store.Migration:
    """Bring the schema of the database at `database_url` to the newest revision, and say what that took.

    `python -m dashboard migrate`: a deployment runs it once before starting its app processes
    (README, Deploying), so that no process starts on a schema older than its code. A lost SQLite
    database is refused as in open_app_store; nothing is seeded.
    """
    path = sqlite_file(database_url)
    if path is not None:
        _refuse_a_lost_database(path)
    s, migration = _upgraded(database_url)
    stamp_created(s)
    s.dispose()
    return migration


def _upgraded(database_url: str | None) -> tuple[store.Store, store.Migration]:
    try:
        s = store.open_store(database_url)
    except (sa.exc.SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise unreachable(database_url, exc) from exc
    try:
        return s, store.upgrade(s)
    except (store.StoreError, sa.exc.SQLAlchemyError, CommandError, OSError) as exc:
        s.dispose()
        raise unreachable(database_url, exc) from exc


def open_existing(database_url: str | None) -> store.Store:
    """The store at `database_url` as it is, for a backup: an SQLite file that does not exist (or holds
    no store) is a DatabaseError ("database_nothing"), never made."""
    path = sqlite_file(database_url)
    if path is not None and not _has_store(path):
        raise DatabaseError("database_nothing", where=str(path))
    return open_migrated(database_url)


def sqlite_file(database_url: str | None) -> Path | None:
    """The SQLite file `database_url` names (None for PostgreSQL); DatabaseError for a URL the store
    does not speak."""
    return store.sqlite_path(store.engine_url(database_url))


def stamp_created(s: store.Store) -> None:
    """Leave the stamp that says an SQLite database exists at this path (once; nothing for PostgreSQL)."""
    path = s.origin.path
    if path is None or stamp_path(path).exists():
        return
    try:
        stamp_path(path).write_text(STAMP.format(path=path, when=datetime.now(timezone.utc).isoformat(
            timespec="seconds")), encoding="utf-8")
    except OSError:
        pass  # a read-only folder: the database itself cannot be written either, which says so


def stamp_path(path: Path) -> Path:
    """var/dvk.sqlite3 → var/.dvk.sqlite3.created (hidden: `rm var/dvk.sqlite3*` leaves it)."""
    return path.with_name(f".{path.name}.created")


def _refuse_a_lost_database(path: Path) -> None:
    if stamp_path(path).exists() and not _has_store(path):
        raise DatabaseError("database_missing", where=str(path), stamp=str(stamp_path(path)))


def _has_store(path: Path) -> bool:
    """Whether the SQLite file exists and holds the store's tables (read-only: never creates it).

    A file SQLite cannot read says True: opening it then reports the driver's reason.
    """
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return True
    return found is not None


def unreachable(database_url: str | None, exc: BaseException) -> DatabaseError:
    """Why the database could not be used, as a DatabaseError naming it (password masked)."""
    cause = exc.__cause__ if isinstance(exc, store.StoreError) and exc.__cause__ else exc
    text = str(getattr(cause, "orig", None) or cause) or type(cause).__name__
    where = display_url(database_url)
    for key, pattern in REASONS:
        if re.search(pattern, text, re.IGNORECASE):
            url = store.engine_url(database_url)
            return DatabaseError(key, where=where, user=url.username or "", host=url.host or "",
                                 database=url.database or "")
    reason = text.splitlines()[0].strip()
    password = _password(database_url)
    if password:
        reason = reason.replace(password, "***")
    return DatabaseError("database_unreachable", where=where, reason=reason)


def _password(database_url: str | None) -> str | None:
    try:
        return sa.make_url(database_url).password if database_url else None
    except (sa.exc.ArgumentError, ValueError):
        return None


def display_url(database_url: str | None) -> str:
    """Where the records are, for a message: the SQLite path or the URL without its password."""
    if database_url is None:
        return str(store.DEFAULT_DB)
    try:
        return sa.make_url(database_url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError):
        return "DATABASE_URL"
