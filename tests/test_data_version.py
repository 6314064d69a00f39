"""A running app shows what other processes wrote, on its next run (dashboard/data.py records_stamp).

The writes here never go through dashboard.data.refresh(): the command line
and the store itself write, as another process would, and the same AppTest
session simply runs again. tests/browser/test_cluster.py does the
same with two real servers on one PostgreSQL behind nginx.
"""
import csv
import shutil
import socket

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.cli import main as cli
from geo.records import store
from geo.records.schema import DEFAULT_RECORDS
from tests.intake.builders import simple_xlsx
from tests.paths import APP

KPI = "Số mô hình, điển hình"
ROWS = [[1, "Mô hình nuôi cá lồng trên sông Lô", "Kinh tế", "Xã Đội Bình", "Hội Nông dân xã", 2022, "", ""],
        [2, "Điển hình: ông Nguyễn Văn A", "VH-XH", "Nhữ Khê", "", 2021, "", ""]]


def kpi(at: AppTest) -> str:
    assert not at.exception, at.exception
    return next(m.value for m in at.metric if m.label == KPI)


@pytest.fixture
def database(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'dvk.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    return url


def test_an_import_through_the_command_line_shows_on_the_next_run(database, tmp_path, capsys):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert kpi(at) == "915"
    path = tmp_path / "bo-sung.xlsx"
    path.write_bytes(simple_xlsx(ROWS))
    assert cli(["import", str(path), "--user", "lan"]) == 0, capsys.readouterr()
    assert kpi(at.run()) == "917"


def test_a_rollback_and_an_edit_by_another_process_show_on_the_next_run(database):
    at = AppTest.from_file(APP, default_timeout=60).run()
    s = store.open_store(database)
    store.delete_record(s, "YS-2020-0001", user="minh")
    assert kpi(at.run()) == "914"
    store.remove_demo(s, user="minh")  # the demo batch, removed by its own action: every record gone
    assert kpi(at.run()) == "0"
    s.dispose()


def test_a_database_that_stops_answering_keeps_the_cached_figures(database, monkeypatch):
    at = AppTest.from_file(APP, default_timeout=60).run()
    s = store.open_store(database)
    store.delete_record(s, "YS-2020-0001", user="minh")
    s.dispose()

    def unreachable(_store):
        raise sa.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(data, "RETRY_AFTER", 0.0)
    with pytest.MonkeyPatch.context() as down:
        down.setattr(store, "data_version", unreachable)
        assert kpi(at.run()) == "915" and not at.error  # what it had, no message
    assert kpi(at.run()) == "914"  # back: the next run catches up


def test_a_database_never_reached_is_a_message(monkeypatch):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("DATABASE_URL", f"postgresql://dvk:x@127.0.0.1:{port}/dvk")
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    # which database (password masked) and why (issue 10 item 9), not "cannot read the records file"
    assert "Không mở được cơ sở dữ liệu" in at.error[0].value and "từ chối kết nối" in at.error[0].value


def test_read_only_mode_follows_the_csv_file(tmp_path, monkeypatch):
    records = tmp_path / "records.csv"
    shutil.copyfile(DEFAULT_RECORDS, records)
    monkeypatch.setenv("DVK_RECORDS", str(records))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert kpi(at) == "915"
    with open(records, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(records, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows[:900])
    assert kpi(at.run()) == "900"
