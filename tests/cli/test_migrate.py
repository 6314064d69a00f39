"""`python -m dashboard migrate` (dashboard/cli/backup.py): the schema upgraded once per deployment.

A deployment runs it before its app processes start (deploy/systemd/dvk-migrate.service,
README "Deploying"); run twice at once, as two hosts or two units might, the first
upgrades and the second finds nothing to do, both without an error.
"""
import os
import subprocess
import sys

import pytest

from geo.records import store
from tests.paths import NEWEST_REVISION, ROOT
from tests.records.conftest import new_url  # noqa: F401 - a fixture

HEAD = NEWEST_REVISION


def migrate(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "dashboard", "migrate", "--lang", "en", *args], cwd=ROOT,
                            env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_two_migrations_started_at_once_upgrade_a_new_database_once(new_url, engine):
    url = new_url(engine)
    procs = [migrate(url) for _ in range(2)]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outputs
    said = sorted(out for out, _ in outputs)
    assert said[0].startswith("The schema of the database ") and f"already at the newest revision ({HEAD})" in said[0]
    assert said[1].startswith("Upgraded the schema of the database ") and f"from revision (no tables yet) to {HEAD}" in said[1]
    assert all(err == "" for _, err in outputs)
    s = store.open_store(url)
    assert not store.upgrade(s).applied and store.data_version(s) == 0  # migrated, nothing seeded
    s.dispose()


def test_migrate_in_vietnamese_and_a_lost_database_refused(tmp_path):
    path = tmp_path / "dvk.sqlite3"
    url = f"sqlite:///{path}"
    first = subprocess.run([sys.executable, "-m", "dashboard", "migrate"], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ, "DATABASE_URL": url}, timeout=120)
    assert first.returncode == 0 and f"từ phiên bản (chưa có bảng) lên {HEAD}" in first.stdout
    path.unlink()  # the stamp beside it says a database existed here
    lost = migrate(url)
    out, err = lost.communicate(timeout=120)
    assert lost.returncode == 2 and out == "" and "restore" in err and not path.exists()
