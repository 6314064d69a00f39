"""The application's record store, ready to use: what the dashboard and the command line share.

The dashboard (dashboard/data.py, cached once per process) and the command
line (dashboard/cli.py, once per run) must see the same database in the same
state, so "open, migrate, fill a brand-new database with the demo records"
lives here, once, without Streamlit. `stored_keys` gives an import preview the
natural keys of what is already stored, so duplicates of stored records are
flagged before anything is written.
"""
from __future__ import annotations

import hashlib

import sqlalchemy as sa

from geo import store
from geo.records import DEFAULT_RECORDS, load_records


def open_app_store(database_url: str | None) -> store.Store:
    """The store at `database_url` (None: var/dvk.sqlite3), migrated, and seeded on its very first run."""
    s = store.open_store(database_url)
    store.upgrade(s)
    store.seed_if_empty(s, load_records(DEFAULT_RECORDS), user="system",
                        source=str(DEFAULT_RECORDS.relative_to(store.ROOT)),
                        file_sha256=hashlib.sha256(DEFAULT_RECORDS.read_bytes()).hexdigest())
    return s


def stored_keys(s: store.Store) -> set[tuple]:
    """natural_key() of every stored record, for preview(existing_keys=...).

    Read from the indexed `name_key` column the store itself compares on, so
    "already recorded" in the preview means exactly what import_batch skips.
    """
    c = store.records.c
    with s.engine.connect() as conn:
        return {(name, str(code), int(year), str(field)) for name, code, year, field
                in conn.execute(sa.select(c.name_key, c.commune_code, c.year, c.field))}


def display_url(database_url: str | None) -> str:
    """Where the records are, for a message: the SQLite path or the URL without its password."""
    if database_url is None:
        return str(store.DEFAULT_DB)
    try:
        return sa.make_url(database_url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "DATABASE_URL"
