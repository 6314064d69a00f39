"""Shared test set-up: the app under test never writes to the repository's var/.

The dashboard keeps records in a database (dashboard/data.py, geo/store.py),
by default the SQLite file var/dvk.sqlite3. Every test session, including the
app servers the browser tests start (they inherit the environment), uses a
fresh SQLite file in pytest's temporary folder instead.
"""
import pytest


@pytest.fixture(scope="session", autouse=True)
def _app_database(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.mktemp('db') / 'dvk.sqlite3'}")
        yield
