"""The record store: records, import batches and the audit trail in one database.

Why a database and not the CSV: staff import office files and edit records,
and a wrong import must be traceable and undoable. So every write goes through
this module, which

* runs each write in one transaction (an import is all rows or none);
* records every change in `changes` (who, when, what before/after, which file);
* groups imported rows in `import_batches`, so a whole file can be rolled back
  (the demo records too, as a batch of kind "demo" that only remove_demo removes);
* keeps a trace of refused uploads in `refused_uploads`;
* refuses to import the same file twice while its batch is active;
* steps a one-row counter, `data_version`, with every write, so the app
  processes that cache the records learn cheaply that another one wrote;
* refuses to write into a database other than the one it opened (the SQLite
  file deleted or replaced under a running process, a PostgreSQL database made
  anew), so that a write cannot vanish into a file nobody will read again;
* records in `store_meta` that the database has held data (`first_write_at`),
  so that the demo records are never seeded into it.

SQLite (a file in the git-ignored var/ folder) is the default, PostgreSQL
(psycopg 3) is used when a URL says so (SUPPORTED; any other URL is a
DatabaseError, never an attempt to load a driver); the same SQLAlchemy Core
queries serve both. The schema is created and upgraded by the Alembic migrations in
geo/records/migrations/. Writers are serialised (SQLite: BEGIN IMMEDIATE; PostgreSQL:
a transaction-level advisory lock) so two concurrent imports cannot both add
the same rows; a partial UNIQUE index on the active file hash backs this up.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo.records.fields import FIELD_CODES, KINDS
from geo.records.keys import Key, compose_key, name_key, natural_key
from geo.records.schema import COLUMNS, RecordsError, validate_records

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = ROOT / "var" / "dvk.sqlite3"  # git-ignored
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

REQUIRED = ("name", "kind", "field", "year", "commune_code")  # an import file must have these
FREE_TEXT = ("commune_name", "unit", "description", "result", "source")  # may be missing or empty
ACTIONS = ("insert", "update", "delete", "rollback")
_LOCK_KEY = 0x44564B  # "DVK": PostgreSQL advisory lock serialising writers
_CHUNK = 500  # bound parameters per IN (...) query
CONNECT_TIMEOUT = 10  # s, PostgreSQL (a connect_timeout in the URL wins)
# The URL schemes the store speaks: SQLite (the standard library's driver) and PostgreSQL through psycopg 3.
SUPPORTED = {"sqlite": "sqlite", "sqlite+pysqlite": "sqlite",
             "postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg",
             "postgresql+psycopg": "postgresql+psycopg"}


def _in_list(values: Iterable[str]) -> str:
    """An SQL IN list for a CHECK constraint; only ever given the code's own constants."""
    return ", ".join(f"'{v}'" for v in values)


# --- Schema (the migrations in geo/records/migrations/versions create exactly this) ---

metadata = sa.MetaData()

import_batches = sa.Table(
    "import_batches", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("skipped_duplicates", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("rolled_back_at", sa.DateTime(timezone=True)),
    sa.Column("rolled_back_by", sa.Text),
    # "demo": the illustrative records a new store is filled with (seed_if_empty). The routine rollback
    # refuses it; remove_demo, its own named action, removes it.
    sa.Column("kind", sa.String(16), nullable=False, server_default="import"),
    sa.CheckConstraint("status IN ('active', 'rolled_back')", name="ck_import_batches_status"),
    # One active batch per file: the database itself refuses a concurrent re-import.
    sa.Index("uq_import_batches_active_sha", "file_sha256", unique=True,
             sqlite_where=sa.text("status = 'active'"),
             postgresql_where=sa.text("status = 'active'")),
)

records = sa.Table(
    "records", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("commune_code", sa.String(5), nullable=False),
    *(sa.Column(c, sa.Text, nullable=False, server_default="") for c in FREE_TEXT),
    sa.Column("illustrative", sa.Boolean, nullable=False, server_default=sa.false()),
    # Normalised name (geo.places.names strict key): the duplicate check compares this.
    sa.Column("name_key", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("batch_id", sa.Integer,
              sa.ForeignKey("import_batches.id", name="fk_records_batch_id"), nullable=True),
    sa.CheckConstraint(f"kind IN ({_in_list(KINDS)})", name="ck_records_kind"),
    sa.CheckConstraint(f"field IN ({_in_list(FIELD_CODES)})", name="ck_records_field"),
    sa.CheckConstraint("length(commune_code) = 5", name="ck_records_commune_code"),
    sa.Index("ix_records_natural_key", "name_key", "commune_code", "year", "field"),
    sa.Index("ix_records_batch_id", "batch_id"),
)
# The first columns are the records file's, in its order (read_records relies on it).
assert tuple(records.c.keys()[:len(COLUMNS)]) == COLUMNS

changes = sa.Table(
    "changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("record_id", sa.Text, nullable=False),
    sa.Column("batch_id", sa.Integer,
              sa.ForeignKey("import_batches.id", name="fk_changes_batch_id"), nullable=True),
    sa.Column("before", sa.Text),  # JSON of the record before, NULL for an insert
    sa.Column("after", sa.Text),   # JSON of the record after, NULL for a delete/rollback
    sa.Column("source", sa.Text, nullable=False),  # file name, or "ui"
    sa.CheckConstraint(f"action IN ({_in_list(ACTIONS)})", name="ck_changes_action"),
    sa.Index("ix_changes_record_id", "record_id"),
    sa.Index("ix_changes_batch_id", "batch_id"),
)

# Uploads the import refused (a file it cannot read, rows in error): who, when, which file, why, as a
# message key and its values (JSON), so the history says it in the reader's language. Not records:
# recording one steps no data version.
refused_uploads = sa.Table(
    "refused_uploads", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("file_sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("reason_key", sa.String(64), nullable=False),
    sa.Column("reason_values", sa.Text, nullable=False),
)

# One row: a counter every write transaction steps (see _audit), so that a reader learns with one
# primary-key look-up whether anything changed since it last looked (data_version()).
version_counter = sa.Table(
    "data_version", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.CheckConstraint("id = 1", name="ck_data_version_one_row"),
)

# Facts about the database itself, one row each: `instance` (a random id made with the table, so a
# process can tell its database from one made anew at the same place) and `first_write_at` (set by
# the first write of any kind: a database that has held data is never seeded). Backups add their own.
store_meta = sa.Table(
    "store_meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
_META_VALUE = sa.select(store_meta.c.value).where(store_meta.c.key == sa.bindparam("key"))  # built once: per write


# --- Results and errors ---

class StoreError(RecordsError):
    """A write the store refuses; `key` names the i18n message (like RecordsError)."""


class DatabaseError(RecordsError):
    """The configured database cannot be used at all: an unsupported or malformed URL, a database
    that is missing or cannot be reached. `key` names the message, which says which database
    (password masked) and why. Not a StoreError: the app shows it as it is, in its own words."""


@dataclass(frozen=True)
class BatchResult:
    batch_id: int | None  # None when nothing was imported (file already imported)
    added: int
    skipped_duplicates: int
    already_imported: bool


@dataclass(eq=False)
class Origin:
    """Which database a Store opened: the SQLite file (its device and inode) and the `instance`
    id read from store_meta by upgrade(). Every write checks that they have not changed."""
    path: Path | None = None
    file_id: tuple[int, int] | None = None
    instance: str | None = None


@dataclass(frozen=True)
class Store:
    """An open database. `writer` is the same engine flagged for write transactions."""
    engine: Engine
    writer: Engine
    origin: Origin = field(default_factory=Origin)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()


# --- Opening and migrating ---

def open_store(url: str | sa.URL | None = None) -> Store:
    """Connect to `url`, or to the SQLite file var/dvk.sqlite3 when None.

    `postgres://` and `postgresql://` URLs are sent through psycopg 3, the
    driver in requirements.txt; a URL of any other kind is a DatabaseError.
    A missing SQLite file is created here, once: the engine's own connections
    never create one (mode=rw), so a file deleted under a running process is not
    silently replaced by an empty one. Opening does not create tables: call upgrade().
    """
    url = engine_url(url)
    if url.get_backend_name() != "sqlite":
        # The app asks the server for data_version() on every run: a server that does not
        # answer must become a message in seconds, not after the system's TCP timeout.
        timeout = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args=timeout)
        return Store(engine, engine.execution_options(dvk_write=True))
    path = sqlite_path(url)
    if path is None:
        engine = sa.create_engine(url, connect_args={"timeout": 30})
    else:
        if not path.exists():
            sqlite3.connect(path).close()
        uri = f"{path.as_uri()}?mode=rw"
        engine = sa.create_engine(url, creator=lambda: sqlite3.connect(
            uri, uri=True, timeout=30, check_same_thread=False))
    _sqlite_setup(engine)
    return Store(engine, engine.execution_options(dvk_write=True), Origin(path, _file_id(path)))


def engine_url(url: str | sa.URL | None) -> sa.URL:
    """`url` (None: the SQLite file var/dvk.sqlite3) as SQLAlchemy will use it, PostgreSQL through psycopg 3.

    A URL that does not parse, or names an engine or driver the store does not speak, is a
    DatabaseError ("database_bad_url", "database_unsupported") before any driver is imported.
    """
    if url is None:
        DEFAULT_DB.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DEFAULT_DB}"
    try:
        parsed = sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise DatabaseError("database_bad_url") from exc
    if parsed.drivername not in SUPPORTED:
        raise DatabaseError("database_unsupported", where=parsed.render_as_string(hide_password=True),
                            scheme=parsed.drivername)
    return parsed.set(drivername=SUPPORTED[parsed.drivername])


def sqlite_path(url: sa.URL) -> Path | None:
    """The file of an SQLite URL; None for PostgreSQL, an in-memory database or a URL with options."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:") or url.query:
        return None
    return Path(os.path.abspath(url.database))


def where(store: Store) -> str:
    """Which database, for a message: the SQLite file, or the URL with its password masked."""
    return str(store.origin.path or store.engine.url.render_as_string(hide_password=True))


def _file_id(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    info = os.stat(path)
    return info.st_dev, info.st_ino


def _wal(cursor, wait: float = 30.0) -> None:
    """Put the database in WAL mode, waiting for a connection that is doing the same.

    The switch needs the file to itself, and two connections making it at once
    (two processes opening a new database together) deadlock: SQLite then answers
    "database is locked" at once instead of calling the busy handler. Once one has
    switched, the mode is stored in the file and the others' switch is a no-op.
    """
    deadline = time.monotonic() + wait
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_setup(engine: Engine) -> None:
    """WAL (readers never wait for a writer), foreign keys on, writers take the lock at BEGIN.

    pysqlite opens transactions lazily and upgrades read locks to write locks
    late, which fails instead of waiting when another writer got there first;
    so SQLAlchemy takes over BEGIN, and write transactions say IMMEDIATE.
    """
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 30000")
        _wal(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("dvk_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextmanager
def writing(store: Store) -> Iterator[Connection]:
    """One write transaction, one writer at a time, whichever engine, into the database the store opened.

    A database error rolls the whole transaction back and comes out as
    StoreError("write_refused") with the driver's one-line reason; a database
    deleted or replaced since it was opened as StoreError("database_replaced").
    """
    try:
        with store.writer.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            _check_origin(conn, store)
            yield conn
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError("write_refused", reason=_reason(exc)) from exc


def _check_origin(conn: Connection, store: Store) -> None:
    """Refuse to write unless the database at the configured place is the one this store opened.

    An SQLite file deleted (`rm var/dvk.sqlite3*`) is still open in this process, and a
    write into it would report success and then be lost; a file or a PostgreSQL database
    made anew at the same place is another database. Checked inside the write
    transaction, so it costs one stat() and one primary-key look-up per write.
    """
    origin = store.origin
    if origin.path is not None:
        try:
            same = _file_id(origin.path) == origin.file_id
        except OSError:
            same = False
        if not same:
            raise StoreError("database_replaced", where=str(origin.path))
    if origin.instance is not None and _instance(conn) != origin.instance:
        raise StoreError("database_replaced", where=where(store))


def _instance(conn: Connection) -> str | None:
    return conn.execute(_META_VALUE, {"key": "instance"}).scalar()


def alembic_config(url: str | None = None):
    """An Alembic Config built in code (no alembic.ini): the scripts in geo/records/migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass(frozen=True)
class Migration:
    """What upgrade() did: the schema revision found (None: no tables yet) and the one left."""
    before: str | None
    after: str | None

    @property
    def applied(self) -> bool:
        return self.before != self.after


def upgrade(store: Store, revision: str = "head") -> Migration:
    """Create or upgrade the schema; a no-op when it is already at `revision`.

    It runs inside the writers' lock, so processes started at once (N app processes, a
    `python -m dashboard migrate`) take turns: the first migrates, the others find the
    schema current and change nothing - which the returned Migration says.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    config = alembic_config()
    with writing(store) as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        if store.origin.instance is None and sa.inspect(conn).has_table(store_meta.name):
            store.origin.instance = _instance(conn)
        return Migration(before, MigrationContext.configure(conn).get_current_revision())


# --- Reading ---

def read_records(store: Store) -> pd.DataFrame:
    """All records, shaped and typed exactly as geo.records.schema.load_records returns them.

    Values are read as text and go through validate_records, like a CSV, so
    the dashboard cannot tell the two sources apart. Sorted by id in pandas
    (not SQL) so the order does not depend on the database's collation.
    """
    query = sa.select(*(records.c[c] for c in COLUMNS))
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
    df = pd.DataFrame(rows, columns=list(COLUMNS), dtype=str)
    return validate_records(df.sort_values("id", kind="stable"))


def data_version(store: Store) -> int:
    """A number that grows with every committed write and with nothing else: a cache's key.

    Several app processes (and the command line) share one database and each
    caches the records; asking for this on every run (one primary-key look-up,
    about 0.2 ms on SQLite, whatever the store holds) tells a process whether
    its copy is stale. Every write steps it in its own transaction (_audit),
    including those that change no record (a batch of duplicates only, rolling
    back a batch whose records were all deleted since); refused writes and
    edits that change nothing do not.
    """
    with store.engine.connect() as conn:
        return int(conn.execute(sa.select(version_counter.c.version)).scalar_one())


def batches(store: Store) -> pd.DataFrame:
    """The import batches, oldest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(import_batches).order_by(import_batches.c.id)).mappings().all()
    df = pd.DataFrame(rows, columns=list(import_batches.c.keys()))
    for column in ("created_at", "rolled_back_at"):
        df[column] = pd.to_datetime(df[column], utc=True)
    return df


def history(store: Store, record_id: str | None = None, batch_id: int | None = None) -> pd.DataFrame:
    """The audit trail, oldest first; `before`/`after` as dicts (None where absent)."""
    query = sa.select(changes).order_by(changes.c.id)
    if record_id is not None:
        query = query.where(changes.c.record_id == record_id)
    if batch_id is not None:
        query = query.where(changes.c.batch_id == batch_id)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    df = pd.DataFrame(rows, columns=list(changes.c.keys()))
    df["at"] = pd.to_datetime(df["at"], utc=True)
    for column in ("before", "after"):
        df[column] = df[column].map(lambda v: json.loads(v) if isinstance(v, str) else None)
    return df


def _keys(df: pd.DataFrame) -> list[tuple]:
    years = pd.to_numeric(df["year"], errors="coerce")
    return [natural_key(n, c, None if pd.isna(y) else int(y), f)
            for n, c, y, f in zip(df["name"], df["commune_code"], years, df["field"])]


def _duplicates(conn: Connection, df: pd.DataFrame) -> np.ndarray:
    keys = _keys(df)
    seen = _stored_keys(conn, {k[0] for k in keys})
    dup = np.zeros(len(keys), dtype=bool)
    for i, key in enumerate(keys):
        dup[i] = key in seen and key[2] is not None
        seen.add(key)
    return dup


def stored_keys(store: Store) -> set[Key]:
    """natural_key() of every stored record: what an import preview calls "already recorded".

    Read from the indexed columns the store itself compares on, so the
    preview (page and command line alike) means exactly what import_batch skips.
    """
    with store.engine.connect() as conn:
        return _stored_keys(conn)


def _stored_keys(conn: Connection, name_keys: set[str] | None = None) -> set[Key]:
    """Keys of the stored records, all of them or those whose name_key is in `name_keys`."""
    c = records.c
    columns = sa.select(c.name_key, c.commune_code, c.year, c.field)
    if name_keys is None:
        return {compose_key(*row) for row in conn.execute(columns)}
    found: set[Key] = set()
    names = sorted(name_keys)
    for i in range(0, len(names), _CHUNK):
        rows = conn.execute(columns.where(c.name_key.in_(names[i:i + _CHUNK])))
        found.update(compose_key(*row) for row in rows)
    return found


# --- Importing ---

def import_batch(store: Store, rows_df: pd.DataFrame, user: str, filename: str,
                 file_bytes_sha256: str) -> BatchResult:
    """Add a file's rows as one batch: all or nothing, and only once per file.

    Nothing is added when the file (by hash) is already imported and not rolled
    back; rows equal by natural_key() to a stored record (or to an earlier row
    of the file) are skipped. Rows without an id get "R-<batch>-<row number>".
    Bad rows raise RecordsError/StoreError and leave the database unchanged.
    """
    if not re.fullmatch(r"[0-9a-f]{64}", str(file_bytes_sha256)):
        raise StoreError("bad_file_hash", path=filename)  # hashlib.sha256(data).hexdigest() expected
    try:
        with writing(store) as conn:
            if _active_batch(conn, file_bytes_sha256) is not None:
                return BatchResult(None, 0, 0, already_imported=True)
            return _import(conn, rows_df, user, filename, file_bytes_sha256)
    except StoreError as exc:
        if isinstance(exc.__cause__, sa.exc.IntegrityError):
            # Lost a race with an import of the same file (the UNIQUE index said so)?
            with store.engine.connect() as conn:
                if _active_batch(conn, file_bytes_sha256) is not None:
                    return BatchResult(None, 0, 0, already_imported=True)
        raise


def seed_if_empty(store: Store, records_df: pd.DataFrame, user: str = "system",
                  source: str = "data/demo/records.csv", file_sha256: str | None = None) -> BatchResult | None:
    """Fill a brand-new database with `records_df` as one batch of kind "demo", so a first run shows data.

    "Brand-new" means no record, batch or change ever, and no write recorded in
    store_meta: a store whose records were all rolled back or deleted on purpose,
    whose tables were emptied by hand, or that was started empty (start_empty),
    is not refilled. Returns None when nothing was done.
    """
    sha = file_sha256 or hashlib.sha256(records_df.to_csv(index=False).encode()).hexdigest()
    with writing(store) as conn:
        if not _brand_new(conn):
            return None
        return _import(conn, records_df, user, source, sha, kind="demo")


def start_empty(store: Store) -> bool:
    """A real office's first run without the demo records: a brand-new database is marked as started
    (store_meta `first_write_at`), so no later start, whatever it is told, fills it with them.
    False when the database was not brand-new (nothing is changed then)."""
    with writing(store) as conn:
        if not _brand_new(conn):
            return False
        conn.execute(sa.insert(store_meta).values(key="first_write_at", value=_now().isoformat()))
        return True


def _brand_new(conn: Connection) -> bool:
    """No write recorded, and no record, batch or change: a database nobody has started."""
    return _first_write(conn) is None and not any(
        conn.execute(sa.select(sa.literal(1)).select_from(t).limit(1)).first()
        for t in (records, import_batches, changes))


def _active_batch(conn: Connection, sha: str) -> int | None:
    b = import_batches.c
    return conn.execute(sa.select(b.id).where(b.file_sha256 == sha, b.status == "active")).scalar()


def _import(conn: Connection, rows_df: pd.DataFrame, user: str, filename: str, sha: str,
            kind: str = "import") -> BatchResult:
    now = _now()
    batch_id = conn.execute(sa.insert(import_batches).values(
        created_at=now, user=user, filename=filename, file_sha256=sha,
        row_count=0, skipped_duplicates=0, status="active", kind=kind)).inserted_primary_key[0]
    rows = _complete(rows_df, filename)
    blank = rows["id"].isna() | (rows["id"].astype(str).str.strip() == "")
    rows.loc[blank, "id"] = [f"R-{batch_id}-{n:06d}" for n in np.flatnonzero(blank) + 1]
    typed = validate_records(rows)
    fresh = typed[~_duplicates(conn, typed)]
    values = _db_rows(fresh, now, batch_id)
    _check_ids_free(conn, [v["id"] for v in values])
    if values:
        conn.execute(sa.insert(records), values)
    _audit(conn, _now(), user, "insert", filename, batch_id, [(None, v) for v in values])
    conn.execute(sa.update(import_batches).where(import_batches.c.id == batch_id).values(
        row_count=len(values), skipped_duplicates=len(typed) - len(values)))
    return BatchResult(batch_id, len(values), len(typed) - len(values), already_imported=False)


def _complete(rows_df: pd.DataFrame, path: str) -> pd.DataFrame:
    """The rows with every column: id and free text may be missing, illustrative defaults to False."""
    missing = [c for c in REQUIRED if c not in rows_df.columns]
    if missing:
        raise RecordsError("records_missing_columns", path=path, columns=missing)
    rows = rows_df.copy()
    for column in ("id",) + FREE_TEXT:
        rows[column] = rows[column].fillna("") if column in rows else ""
    if "illustrative" not in rows:
        rows["illustrative"] = False
    return rows[list(COLUMNS)]


def _db_rows(typed: pd.DataFrame, now: datetime, batch_id: int | None) -> list[dict]:
    """Validated rows as plain Python values for the database (NaN -> NULL)."""
    plain = typed.astype(object).where(typed.notna(), None)
    out = []
    for row in plain.to_dict("records"):
        row = {c: row[c] for c in COLUMNS}
        row["year"] = int(row["year"])
        row["illustrative"] = bool(row["illustrative"])
        for column in ("id", "field", "commune_code", "kind"):
            row[column] = None if row[column] is None else str(row[column])
        out.append(row | {"name_key": name_key(row["name"]),
                          "created_at": now, "updated_at": now, "batch_id": batch_id})
    return out


def _check_ids_free(conn: Connection, ids: list[str]) -> None:
    taken = []
    for i in range(0, len(ids), _CHUNK):
        query = sa.select(records.c.id).where(records.c.id.in_(ids[i:i + _CHUNK]))
        taken += conn.execute(query).scalars().all()
    if taken:
        raise StoreError("records_id_taken", ids=sorted(taken)[:20], count=len(taken))


# --- Rolling back ---

def rollback_batch(store: Store, batch_id: int, user: str) -> int:
    """Remove the records a batch added (those still in the store) and mark it rolled back.

    Each removed record is written to `changes` as a "rollback" with its last
    content, so a rollback can itself be traced. Returns how many were removed.
    The demo records are not an import to undo: their batch is refused
    ("batch_is_demo"); remove_demo removes them.
    """
    b = import_batches.c
    with writing(store) as conn:
        batch = conn.execute(sa.select(import_batches).where(b.id == batch_id)).mappings().first()
        if batch is None:
            raise StoreError("batch_not_found", batch_id=batch_id)
        if batch["kind"] == "demo":
            raise StoreError("batch_is_demo", batch_id=batch_id)
        return _remove_batch(conn, batch, user)


def remove_demo(store: Store, user: str) -> int:
    """Remove the demo records (the active batch of kind "demo"), audited like a rollback; how many
    were removed. StoreError("demo_not_found") when there are none to remove."""
    b = import_batches.c
    with writing(store) as conn:
        batch = conn.execute(sa.select(import_batches).where(b.kind == "demo", b.status == "active")
                             .order_by(b.id)).mappings().first()
        if batch is None:
            raise StoreError("demo_not_found")
        return _remove_batch(conn, batch, user)


def _remove_batch(conn: Connection, batch: Mapping, user: str) -> int:
    """Remove an active batch's records that are still stored, audited, and mark it rolled back."""
    b = import_batches.c
    batch_id = batch["id"]
    if batch["status"] != "active":
        raise StoreError("batch_not_active", batch_id=batch_id)
    gone = _select(conn, records.c.batch_id == batch_id)
    conn.execute(sa.delete(records).where(records.c.batch_id == batch_id))
    now = _now()
    _audit(conn, now, user, "rollback", batch["filename"], batch_id, [(r, None) for r in gone])
    conn.execute(sa.update(import_batches).where(b.id == batch_id).values(
        status="rolled_back", rolled_back_at=now, rolled_back_by=user))
    return len(gone)


# --- Refused uploads ---

def record_refusal(store: Store, user: str, filename: str, file_sha256: str, size: int,
                   reason_key: str, reason_values: Mapping | None = None) -> int:
    """Keep a trace of an upload the import refused (who, which file, why as a message key and its
    values); its id. No record changes, so the data version does not step."""
    values = json.dumps(dict(reason_values or {}), ensure_ascii=False, default=str)
    with writing(store) as conn:
        return conn.execute(sa.insert(refused_uploads).values(
            at=_now(), user=user, filename=filename, file_sha256=file_sha256, size=int(size),
            reason_key=reason_key, reason_values=values)).inserted_primary_key[0]


def refusals(store: Store) -> pd.DataFrame:
    """The refused uploads, oldest first; `reason_values` as dicts."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(refused_uploads).order_by(refused_uploads.c.id)).mappings().all()
    df = pd.DataFrame(rows, columns=list(refused_uploads.c.keys()))
    df["at"] = pd.to_datetime(df["at"], utc=True)
    df["reason_values"] = df["reason_values"].map(json.loads)
    return df


# --- Editing single records ---

def add_record(store: Store, record: Mapping, user: str, source: str = "ui") -> str:
    """Add one record (an id "R-<12 hex>" is made when it has none); returns its id."""
    rows = _complete(pd.DataFrame([dict(record)]), source)
    if not str(rows.at[0, "id"]).strip():
        rows.at[0, "id"] = f"R-{uuid.uuid4().hex[:12]}"
    with writing(store) as conn:
        now = _now()
        values = _db_rows(validate_records(rows), now, None)
        _check_ids_free(conn, [values[0]["id"]])
        conn.execute(sa.insert(records), values)
        _audit(conn, now, user, "insert", source, None, [(None, values[0])])
        return values[0]["id"]


def update_record(store: Store, record_id: str, values: Mapping, user: str, source: str = "ui") -> dict:
    """Change some columns of one record; returns the record after. The id cannot change."""
    unknown = sorted(set(values) - set(COLUMNS))
    if unknown or values.get("id", record_id) != record_id:
        raise StoreError("records_bad_columns", columns=unknown or ["id"])
    with writing(store) as conn:
        before = _get(conn, record_id)
        rows = pd.DataFrame([{**before, **values}], columns=list(COLUMNS))
        now = _now()
        after = _db_rows(validate_records(rows), now, None)[0]
        if _record(after) == before:
            return before
        changed = {k: v for k, v in after.items() if k not in ("id", "created_at", "batch_id")}
        conn.execute(sa.update(records).where(records.c.id == record_id).values(changed))
        _audit(conn, now, user, "update", source, None, [(before, after)])
        return _record(after)


def delete_record(store: Store, record_id: str, user: str, source: str = "ui") -> dict:
    """Delete one record; returns it as it was."""
    with writing(store) as conn:
        before = _get(conn, record_id)
        conn.execute(sa.delete(records).where(records.c.id == record_id))
        _audit(conn, _now(), user, "delete", source, None, [(before, None)])
        return before


def _get(conn: Connection, record_id: str) -> dict:
    found = _select(conn, records.c.id == record_id)
    if not found:
        raise StoreError("record_not_found", record_id=record_id)
    return found[0]


def _select(conn: Connection, where) -> list[dict]:
    query = sa.select(*(records.c[c] for c in COLUMNS)).where(where).order_by(records.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


# --- The audit trail ---

def _record(row: Mapping) -> dict:
    """The schema columns of a record, in schema order: what the audit stores."""
    return {c: row[c] for c in COLUMNS}


def _audit(conn: Connection, at: datetime, user: str, action: str, source: str,
           batch_id: int | None, pairs: list[tuple[Mapping | None, Mapping | None]]) -> None:
    """One `changes` row per (before, after) pair, and one step of the data version.

    `at` is taken once the write's work is done, just before it commits: a link as of a moment
    (geo/records/asof.py) made while a long import runs saw the records without it, and must
    go on showing them so; the import's own `created_at` is when it began.

    Every write calls this exactly once, in its transaction, even when it
    touched no record (pairs empty): so the version steps with every write,
    and readers see the new version and the new data together.
    """
    def dump(row):
        return None if row is None else json.dumps(_record(row), ensure_ascii=False)

    values = [{"at": at, "user": user, "action": action, "source": source, "batch_id": batch_id,
               "record_id": (after or before)["id"], "before": dump(before), "after": dump(after)}
              for before, after in pairs]
    if values:
        conn.execute(sa.insert(changes), values)
    conn.execute(sa.update(version_counter).values(version=version_counter.c.version + 1))
    if _first_write(conn) is None:
        conn.execute(sa.insert(store_meta).values(key="first_write_at", value=at.isoformat()))


def _first_write(conn: Connection) -> str | None:
    """When the database first held data (None: never), from store_meta."""
    return conn.execute(_META_VALUE, {"key": "first_write_at"}).scalar()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _reason(exc: sa.exc.SQLAlchemyError) -> str:
    """The driver's message without the SQL and parameters (which may be huge)."""
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]
