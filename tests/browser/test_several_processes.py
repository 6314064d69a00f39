"""Two app processes on one PostgreSQL: an import through the command line reaches both.

This is how the app is deployed behind a reverse proxy (README, "Several app
processes"): N `streamlit run` servers, one database. Each process caches the
records; the data stamp it reads on every run (dashboard/data.py) must make
each of them show the import on its next run - one after a reload (a new
session), the other in the session it already had (a rerun).

Needs TEST_DATABASE_URL (a throwaway server: `.ci/postgres.sh`); the app gets
a database of its own there, dropped afterwards.
"""
import os
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from browser_support import REPO, AppServer, postgres_database, require_chromium
from tests.intake.builders import simple_xlsx

pytestmark = pytest.mark.browser

KPI = "Số mô hình, điển hình"
ROWS = [[1, "Mô hình nuôi cá lồng trên sông Lô", "Kinh tế", "Xã Đội Bình", "Hội Nông dân xã", 2022, "", ""],
        [2, "Điển hình: ông Nguyễn Văn A", "VH-XH", "Nhữ Khê", "", 2021, "", ""]]


@pytest.fixture
def database_url():
    """A fresh, empty database on the TEST_DATABASE_URL server; the app migrates and seeds it."""
    with postgres_database("dvk_procs") as url:
        yield url


@pytest.fixture
def two_servers(database_url, tmp_path):
    require_chromium()
    # without the national set (no "Khu vực" choice): preparing it would cost each process seconds
    env = {"DATABASE_URL": database_url, "DVK_BOUNDARY_SETS": str(tmp_path / "boundary-sets"),
           "DVK_NATIONAL": str(tmp_path / "no-national-set.gpkg")}
    servers = [AppServer(tmp_path / f"streamlit-{i}.log", env=env) for i in (1, 2)]
    try:
        for server in servers:
            server.wait_healthy()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_an_import_through_the_command_line_reaches_both_processes(database_url, two_servers, new_context,
                                                                    tmp_path):
    started = time.monotonic()
    one, two = (new_context().new_page() for _ in two_servers)
    for dash, server in zip((one, two), two_servers):  # both servers work at once
        dash.page.goto(server.url + "/", wait_until="commit")
    for dash in (one, two):
        # both opened the same (just seeded) store; a cold Chromium loading two apps at once is slow
        expect(dash.kpi_value(KPI)).to_have_text("915", timeout=90_000)
    path = tmp_path / "bo-sung.xlsx"
    path.write_bytes(simple_xlsx(ROWS))
    done = subprocess.run([sys.executable, "-m", "dashboard", "import", str(path), "--user", "lan"],
                          cwd=REPO, env={**os.environ, "DATABASE_URL": database_url},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr

    one.page.reload(wait_until="commit")  # a new session of process one
    two.wait_idle()
    two.page.locator("body").press("r")  # Streamlit's rerun key: the session process two already had
    for dash in (one, two):
        expect(dash.kpi_value(KPI)).to_have_text("917")
    assert "Traceback" not in one.text() + two.text()
    print(f"\ntwo processes, one PostgreSQL: import seen by both in {time.monotonic() - started:.1f} s")
