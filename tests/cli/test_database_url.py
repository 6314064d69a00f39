"""An unsupported or unreachable DATABASE_URL on the command line (issue 10, item 9).

Every command that opens the store says which database (password masked) and
why, in Vietnamese or with --lang en, and exits 2, the documented code for "the
database could not be used"; never a traceback.
"""
import os
import subprocess
import sys

import pytest

from dashboard.cli import main
from geo.records import backup, store
from tests.paths import ROOT

MYSQL = "mysql://u:secret@h/db"
REFUSED = "postgresql://u:secret@127.0.0.1:1/x"
COMMANDS = [["export", "--format", "csv"], ["import", "--dry-run", "IMPORT_FILE"],
            ["backup", "--out", "OUT_FILE"], ["restore", "IN_FILE"]]


def argv(command: list[str], tmp_path) -> list[str]:
    """The command with its files: a CSV to import, a backup to restore (a good one: the database is the
    problem), a backup file to write."""
    files = {"IMPORT_FILE": tmp_path / "a.csv", "OUT_FILE": tmp_path / "b.sqlite3", "IN_FILE": tmp_path / "c.sqlite3"}
    files["IMPORT_FILE"].write_text("name,kind\n", encoding="utf-8")
    if "IN_FILE" in command:
        s = store.open_store(f"sqlite:///{tmp_path / 'source.sqlite3'}")
        store.upgrade(s)
        backup.backup(s, files["IN_FILE"])
        s.dispose()
    return [str(files.get(a, a)) for a in command]


def run(capsys, monkeypatch, url, *args):
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unsupported_database_url_exits_2_and_names_the_supported_schemes(command, tmp_path, capsys,
                                                                              monkeypatch):
    code, out, err = run(capsys, monkeypatch, MYSQL, *argv(command, tmp_path))
    assert code == 2, err
    assert "mysql" in err and "không hỗ trợ" in err and "postgresql://" in err and "sqlite:///" in err
    assert "secret" not in out + err and "Traceback" not in err
    assert not (tmp_path / "b.sqlite3").exists()


def test_the_message_in_english(tmp_path, capsys, monkeypatch):
    code, _, err = run(capsys, monkeypatch, MYSQL, "export", "--format", "csv", "--lang", "en")
    assert code == 2 and "not supported" in err and "postgresql://" in err


@pytest.mark.parametrize("url, why", [
    (REFUSED, "từ chối kết nối"),
    ("postgresql://u:secret@no-such-host.invalid/x?connect_timeout=3", "không tìm thấy máy chủ"),
])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_unreachable_database_says_which_and_why(command, url, why, tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, url, *argv(command, tmp_path))
    assert code == 2, err
    assert why in err and "u:***@" in err and "secret" not in out + err


def test_python_m_dashboard_with_a_mysql_url_exits_2_without_a_traceback():
    env = os.environ | {"DATABASE_URL": MYSQL, "PYTHONIOENCODING": "utf-8"}
    env.pop("DVK_RECORDS", None)
    done = subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "csv"], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    err = done.stderr.decode("utf-8")
    assert done.returncode == 2, err
    assert "Traceback" not in err and "ModuleNotFoundError" not in err and "secret" not in err
    assert "mysql" in err and "postgresql://" in err
