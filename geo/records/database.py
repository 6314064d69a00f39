"""The application's record store, ready to use: what the dashboard and the command line share.

The dashboard (dashboard/data.py, cached once per process) and the command
line (dashboard/cli/records.py, once per run) must see the same database in the same
state, so "open, migrate, fill a brand-new database with the demo records"
lives here, once, without Streamlit.
"""
from __future__ import annotations

import hashlib

import sqlalchemy as sa

from geo.records import store
from geo.records.schema import DEFAULT_RECORDS, load_records


def open_app_store(database_url: str | None) -> store.Store:
    """The store at `database_url` (None: var/dvk.sqlite3), migrated, and seeded on its very first run."""
    s = store.open_store(database_url)
    store.upgrade(s)
    store.seed_if_empty(s, load_records(DEFAULT_RECORDS), user="system",
                        source=str(DEFAULT_RECORDS.relative_to(store.ROOT)),
                        file_sha256=hashlib.sha256(DEFAULT_RECORDS.read_bytes()).hexdigest())
    return s


def display_url(database_url: str | None) -> str:
    """Where the records are, for a message: the SQLite path or the URL without its password."""
    if database_url is None:
        return str(store.DEFAULT_DB)
    try:
        return sa.make_url(database_url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "DATABASE_URL"
