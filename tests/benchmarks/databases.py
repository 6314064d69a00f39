"""The databases a store benchmark runs on: a throwaway SQLite file, then PostgreSQL when one is given.

PostgreSQL comes from TEST_DATABASE_URL (eval "$(.ci/postgres.sh start)"); each
run gets a schema of its own, dropped afterwards, so nothing is left behind.
"""
import os
import tempfile
import uuid
from pathlib import Path
from typing import Callable

import sqlalchemy as sa


def each_database(run: Callable[[str, str], None]) -> None:
    """run(label, database URL) on SQLite, then on a fresh PostgreSQL schema (or say why not)."""
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        print("PostgreSQL skipped: set TEST_DATABASE_URL (eval \"$(.ci/postgres.sh start)\")")
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        run("PostgreSQL", url.render_as_string(hide_password=False))
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()
