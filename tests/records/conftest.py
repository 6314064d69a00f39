"""A fresh store per test on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.

Each PostgreSQL test runs in its own schema, dropped afterwards. `.ci/run` starts a
throwaway server with .ci/postgres.sh; under CI=true a missing TEST_DATABASE_URL fails
the PostgreSQL tests instead of skipping them.
"""
import os
import uuid

import pytest
import sqlalchemy as sa


def postgres_base() -> str:
    """The server the PostgreSQL tests use (skips, or fails under CI=true, without one)."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail("CI=true but TEST_DATABASE_URL is not set (.ci/run starts PostgreSQL with .ci/postgres.sh)")
        pytest.skip("TEST_DATABASE_URL not set (see .ci/postgres.sh)")
    return base


def schema_url(base: str, schema: str) -> str:
    """`base` with every connection working in `schema`."""
    return sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False)


def make_schema(base: str) -> str:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    admin.dispose()
    return schema


def drop_schema(base: str, schema: str) -> None:
    admin = sa.create_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    admin.dispose()


@pytest.fixture
def new_url(tmp_path):
    """A factory of empty databases of one engine: new_url("sqlite") or new_url("postgresql")."""
    made = []

    def make(engine: str) -> str:
        if engine == "sqlite":
            return f"sqlite:///{tmp_path / f'store-{uuid.uuid4().hex[:8]}.sqlite3'}"
        base = postgres_base()
        made.append(make_schema(base))
        return schema_url(base, made[-1])

    yield make
    for schema in made:
        drop_schema(os.environ["TEST_DATABASE_URL"], schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, new_url):
    return new_url(request.param)
