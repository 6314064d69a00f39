"""A seeded database for the command-line tests: seeded once, copied for each test that writes."""
import shutil
from pathlib import Path

import pytest

from geo.records.database import open_app_store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """One database seeded with the demo records; tests copy it (seeding takes seconds)."""
    path = tmp_path_factory.mktemp("seed") / "dvk.sqlite3"
    open_app_store(f"sqlite:///{path}").dispose()
    return path


@pytest.fixture
def db(seeded, tmp_path, monkeypatch):
    path = tmp_path / "db" / "dvk.sqlite3"
    path.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{seeded}{suffix}").exists():
            shutil.copy(f"{seeded}{suffix}", f"{path}{suffix}")
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    monkeypatch.setenv("USER", "tester")
    return url
