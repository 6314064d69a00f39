"""`python -m dashboard backup` and `restore` (dashboard/cli/backup.py), issue 10 item 7.

The `db` fixture (tests/cli/conftest.py) is a copy of a store seeded with the
demo records, named by DATABASE_URL; `new_url` (tests/records/conftest.py) makes
empty SQLite or PostgreSQL databases for the restores.
"""
import os
import subprocess
import sys

import pytest
import sqlalchemy as sa

from dashboard.cli import main
from geo.records import store
from geo.records.database import open_app_store
from tests.paths import ROOT
from tests.records.conftest import new_url  # noqa: F401 - a fixture

DEMO = 915


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tables(url: str) -> dict:
    """Every table's rows (times as text, so SQLite and PostgreSQL compare) and the data version."""
    s = store.open_store(url)
    try:
        with s.engine.connect() as conn:
            out = {t.name: [tuple(str(v) if hasattr(v, "isoformat") else v for v in row)
                            for row in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
                   for t in (store.import_batches, store.records, store.changes)}
        return out | {"version": store.data_version(s)}
    finally:
        s.dispose()


def test_backup_then_restore_into_an_empty_database(db, tmp_path, capsys, monkeypatch):
    s = store.open_store(db)
    store.delete_record(s, "YS-2020-0001", user="lan")
    s.dispose()
    file = tmp_path / "dvk-2026-01-01.sqlite3"
    code, out, err = run(capsys, "backup", "--out", str(file))
    assert code == 0, err
    assert "914" in out and str(file) in out and "sao lưu" in out.lower()
    target = f"sqlite:///{tmp_path / 'new' / 'dvk.sqlite3'}"
    (tmp_path / "new").mkdir()
    monkeypatch.setenv("DATABASE_URL", target)
    code, out, err = run(capsys, "restore", str(file), "--lang", "en")
    assert code == 0, err
    assert "Restored 914" in out
    assert tables(target)["records"] == tables(db)["records"]
    assert tables(target)["changes"] == tables(db)["changes"]
    assert tables(target)["version"] == tables(db)["version"]


def test_restore_refuses_a_database_with_data_unless_forced(db, tmp_path, capsys, monkeypatch):
    file = tmp_path / "b.sqlite3"
    assert run(capsys, "backup", "--out", str(file))[0] == 0
    s = store.open_store(db)
    store.delete_record(s, "YS-2020-0001", user="lan")
    s.dispose()
    before = tables(db)
    code, _, err = run(capsys, "restore", str(file))
    assert code == 2 and "--force" in err and "914" in err
    assert tables(db) == before
    code, out, err = run(capsys, "restore", str(file), "--force")
    assert code == 0, err
    after = tables(db)
    assert len(after["records"]) == DEMO and after["version"] == before["version"] + 1


def test_backup_never_overwrites_a_file(db, tmp_path, capsys):
    file = tmp_path / "b.sqlite3"
    file.write_bytes(b"yesterday's backup")
    code, _, err = run(capsys, "backup", "--out", str(file))
    assert code == 2 and str(file) in err
    assert file.read_bytes() == b"yesterday's backup"


def test_backup_of_a_database_that_does_not_exist_makes_nothing(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "none" / "dvk.sqlite3"
    missing.parent.mkdir()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{missing}")
    code, _, err = run(capsys, "backup", "--out", str(tmp_path / "b.sqlite3"))
    assert code == 2 and str(missing) in err
    assert not missing.exists() and not (tmp_path / "b.sqlite3").exists()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 a zip, not a backup"])
def test_restore_of_a_file_that_is_not_a_backup_exits_2(db, tmp_path, capsys, content):
    file = tmp_path / "x.sqlite3"
    file.write_bytes(content)
    before = tables(db)
    code, _, err = run(capsys, "restore", str(file), "--force")
    assert code == 2 and str(file) in err
    assert tables(db) == before


def test_restore_brings_back_a_deleted_database_the_app_then_opens(tmp_path, capsys, monkeypatch):
    path = tmp_path / "var" / "dvk.sqlite3"
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    s = open_app_store(url)
    store.delete_record(s, "YS-2020-0001", user="lan")
    s.dispose()
    file = tmp_path / "b.sqlite3"
    assert run(capsys, "backup", "--out", str(file))[0] == 0
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.remove(f"{path}{suffix}")
    code, _, err = run(capsys, "export", "--format", "csv")
    assert code == 2 and "restore" in err  # not a fresh database with the demo records
    assert run(capsys, "restore", str(file))[0] == 0
    s = open_app_store(url)
    assert len(store.read_records(s)) == DEMO - 1
    s.dispose()


def test_a_backup_of_sqlite_restores_into_postgresql_and_back(db, tmp_path, capsys, monkeypatch, new_url):
    first, second = tmp_path / "1.sqlite3", tmp_path / "2.sqlite3"
    assert run(capsys, "backup", "--out", str(first))[0] == 0
    pg = new_url("postgresql")
    monkeypatch.setenv("DATABASE_URL", pg)
    code, _, err = run(capsys, "restore", str(first))
    assert code == 0, err
    assert run(capsys, "backup", "--out", str(second))[0] == 0
    again = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", again)
    assert run(capsys, "restore", str(second))[0] == 0
    assert tables(again) == tables(db)


def test_python_m_dashboard_backup_and_restore(db, tmp_path):
    env = os.environ | {"DATABASE_URL": db, "PYTHONIOENCODING": "utf-8"}
    file = tmp_path / "b.sqlite3"
    done = subprocess.run([sys.executable, "-m", "dashboard", "backup", "--out", str(file)], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    done = subprocess.run([sys.executable, "-m", "dashboard", "restore", str(file)], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr.decode()
