"""A province cluster as deploy/ describes it, on loopback: two app processes, one PostgreSQL, nginx.

The throwaway PostgreSQL (TEST_DATABASE_URL, `.ci/postgres.sh`) gets a fresh
database; the migration unit's command upgrades it once; two app processes
start from the app unit's command with deploy/dvk.env.example's settings;
Debian's nginx serves the site deploy/render.py renders (tests/deploy/nginx.py
says how). Then, in Chromium through nginx: the map and a filter, an import
through the command line seen on each process, compression and caching, and
one process killed. The figures are printed (`pytest -s`).

The tests run in file order and share the cluster; the last one kills a process.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from browser_support import (N_COMMUNES, REPO, AppServer, DashboardPage, postgres_database, require_chromium)
from tests.deploy.nginx import (APP_UNIT, MIGRATE_UNIT, Nginx, app_env, fetch, gunzip_once, nginx_binary,
                                unit_command)
from dashboard.config import load_config
from tests.intake.builders import simple_xlsx
from tests.paths import NEWEST_REVISION

pytestmark = pytest.mark.browser

KPI = "Số mô hình, điển hình"
ROWS = [[1, "Mô hình nuôi ong lấy mật", "Kinh tế", "Xã Đội Bình", "Hội Nông dân xã", 2022, "", ""],
        [2, "Điển hình: bà Lê Thị B", "VH-XH", "Nhữ Khê", "", 2021, "", ""]]
RECONNECT_LIMIT = 10.0  # s: the killed process's sessions are back, with their view, within this


@dataclass
class Cluster:
    database_url: str
    env: dict[str, str]
    servers: list[AppServer]
    nginx: Nginx
    migrated: subprocess.CompletedProcess
    figures: dict[str, str] = field(default_factory=dict)
    geometry: list[str] = field(default_factory=list)  # map shape URLs a page fetched through nginx

    def cookie_for(self, server: AppServer) -> str:
        """A dvk_route cookie value that nginx sends to `server`."""
        target = f"127.0.0.1:{server.port}"
        for i in range(64):
            if self.nginx.route(f"route-{i}") == target:
                return f"route-{i}"
        raise AssertionError(f"no cookie of 64 routes to {target}")


def run_unit(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    require_chromium()
    nginx_binary()
    folder = tmp_path_factory.mktemp("cluster")
    with postgres_database("dvk_cluster") as url:
        env = app_env(url, folder)
        migrated = run_unit(unit_command(MIGRATE_UNIT), env)  # once, before any process (ExecStartPre-like)
        servers = [AppServer(folder / f"app-{i}.log", env=env, argv=lambda port: unit_command(APP_UNIT, str(port)))
                   for i in (1, 2)]
        nginx = Nginx(folder, tuple(f"127.0.0.1:{s.port}" for s in servers))
        made = Cluster(url, env, servers, nginx, migrated)
        try:
            for server in servers:
                server.wait_healthy()
            nginx.start(env)
            yield made
        finally:
            nginx.stop()
            for server in servers:
                server.stop()
            print("\n" + "\n".join(f"cluster · {k}: {v}" for k, v in made.figures.items()))


def through_nginx(new_context, cluster: Cluster, cookie: str | None = None) -> DashboardPage:
    """A fresh browser (no cache) whose requests go through nginx; pinned to a process by `cookie`."""
    context = new_context(ignore_https_errors=True)
    if cookie:
        context.context.add_cookies([{"name": "dvk_route", "value": cookie, "url": cluster.nginx.url}])
    context.context.on("request", lambda r: "/app/static/geo/" in r.url and cluster.geometry.append(r.url))
    return context.new_page()


def time_to_map(dash: DashboardPage, url: str) -> float:
    started = time.perf_counter()
    dash.page.goto(url + "/")
    dash.wait_map()
    return time.perf_counter() - started


def test_the_migration_ran_once_before_the_processes(cluster):
    assert cluster.migrated.returncode == 0, cluster.migrated.stderr
    assert f"từ phiên bản (chưa có bảng) lên {NEWEST_REVISION}" in cluster.migrated.stdout
    again = run_unit(unit_command(MIGRATE_UNIT), cluster.env)  # what the next start of the units does
    assert again.returncode == 0 and f"đã ở phiên bản mới nhất ({NEWEST_REVISION})" in again.stdout, again.stdout + again.stderr
    engine = sa.create_engine(cluster.database_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all() == [NEWEST_REVISION]
    engine.dispose()


def test_a_session_through_nginx_gets_the_map_and_changes_a_filter(cluster, new_context):
    first = cluster.servers[0]
    cold = time_to_map(new_context().new_page(), first.url)  # the process reads its data on its first run
    dash = through_nginx(new_context, cluster, cluster.cookie_for(first))
    proxied = time_to_map(dash, cluster.nginx.url)
    direct = time_to_map(new_context().new_page(), first.url)
    cluster.figures["time to map, fresh browser, same process"] = (
        f"through nginx (TLS) {proxied:.2f} s, direct {direct:.2f} s (its very first map: {cold:.2f} s)")
    expect(dash.kpi_value(KPI)).to_have_text("915")
    dash.wait_query(metric="count")
    before = dash.fills()
    dash.sidebar.get_by_test_id("stMultiSelect").filter(has_text="Lĩnh vực").click()
    dash.page.get_by_role("option", name="Kinh tế", exact=True).click()
    after = dash.wait_fills_change(before)
    dash.page.keyboard.press("Escape")
    dash.wait_query(field="kinh-te")
    expect(dash.kpi_value(KPI)).to_have_text("185")
    assert len(after) == N_COMMUNES and "Traceback" not in dash.text()


def test_nginx_compresses_streamlits_assets_and_caches_the_content_named_files(cluster, new_context):
    if not cluster.geometry:
        through_nginx(new_context, cluster).open(cluster.nginx.url)
    index = fetch(cluster.nginx.url + "/").body.decode()
    script = index.split('src="./static/js/', 1)[1].split('"', 1)[0]
    path = f"/static/js/{script}"
    gzipped = fetch(cluster.nginx.url + path, {"Accept-Encoding": "gzip"})
    plain = fetch(cluster.nginx.url + path)
    direct = fetch(cluster.servers[0].url.replace("localhost", "127.0.0.1") + path, {"Accept-Encoding": "gzip"})
    assert gzipped.status == plain.status == direct.status == 200
    assert gzipped.headers.get("content-encoding") == "gzip" and "content-encoding" not in plain.headers
    assert "content-encoding" not in direct.headers  # Streamlit itself leaves its bundle uncompressed
    assert "accept-encoding" in gzipped.headers.get("vary", "").lower()
    assert gzipped.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert len(gzipped.body) < len(plain.body) / 2
    again = fetch(cluster.nginx.url + path, {"Accept-Encoding": "gzip"})
    assert again.headers.get("x-cache-status") == "HIT" and again.body == gzipped.body  # nginx's own copy
    cluster.figures["Streamlit's main bundle"] = (f"{len(plain.body):,} bytes plain, {len(gzipped.body):,} "
                                                  f"gzipped by nginx ({script})")

    geometry = cluster.geometry[0].split(cluster.nginx.url, 1)[1]
    shapes = fetch(cluster.nginx.url + geometry, {"Accept-Encoding": "gzip"})
    assert shapes.status == 200 and shapes.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in shapes.headers  # gzip bytes already: not compressed again
    assert shapes.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert json.loads(gunzip_once(shapes.body))["units"]
    cluster.figures["map shapes"] = f"{len(shapes.body):,} bytes ({geometry}), served as they are"

    too_big = (load_config(cluster.env).max_upload_mb + 1) * 2**20 + 1  # past client_max_body_size
    refused = fetch(cluster.nginx.url + "/_stcore/upload_file/x/y", {"Content-Length": str(too_big)}, "PUT")
    assert refused.status == 413


def test_an_import_through_the_command_line_shows_in_a_session_on_each_process(cluster, new_context, tmp_path):
    sessions = [through_nginx(new_context, cluster, cluster.cookie_for(server)) for server in cluster.servers]
    for dash in sessions:
        dash.open(cluster.nginx.url)
        expect(dash.kpi_value(KPI)).to_have_text("915")
    path = tmp_path / "bo-sung.xlsx"
    path.write_bytes(simple_xlsx(ROWS))
    done = run_unit([sys.executable, "-m", "dashboard", "import", str(path), "--user", "lan"], cluster.env)
    assert done.returncode == 0, done.stdout + done.stderr
    for dash in sessions:
        dash.wait_idle()
        dash.page.locator("body").press("r")  # Streamlit's rerun key, in the session each process holds
        expect(dash.kpi_value(KPI)).to_have_text("917")
    assert cluster.nginx.route(cluster.cookie_for(cluster.servers[0])) != cluster.nginx.route(
        cluster.cookie_for(cluster.servers[1]))


def test_a_killed_process_leaves_the_map_to_the_other_and_its_sessions_come_back(cluster, new_context):
    """nginx takes the dead process out and sends its browsers to the other; their view is in the URL."""
    doomed, survivor = cluster.servers
    cookie = cluster.cookie_for(doomed)
    dash = through_nginx(new_context, cluster, cookie)
    dash.open(cluster.nginx.url, "?field=kinh-te&from=2021")
    dash.wait_query(field="kinh-te", metric="count")
    kpi, fills = dash.kpi_value(KPI).inner_text(), dash.fills()
    opened: list[float] = []
    dash.page.on("websocket", lambda _: opened.append(time.perf_counter()))

    doomed.proc.kill()  # a crash: no goodbye to the browsers
    killed = time.perf_counter()
    doomed.proc.wait(timeout=10)

    while not opened and time.perf_counter() < killed + RECONNECT_LIMIT:
        dash.page.wait_for_timeout(50)
    assert opened, f"no new websocket within {RECONNECT_LIMIT} s"
    # Streamlit's page reconnects (above) but asks the new process for no run, and the other process
    # has none of its session: reloading its URL, which holds the view, brings the session back.
    dash.page.reload()
    dash.wait_map()
    dash.wait_query(field="kinh-te", metric="count", **{"from": "2021", "to": "2022"})
    dash.wait_fills_equal(fills)
    back = time.perf_counter() - killed
    expect(dash.kpi_value(KPI)).to_have_text(kpi)
    assert back <= RECONNECT_LIMIT, back
    fresh = through_nginx(new_context, cluster, cookie)  # its cookie points at the dead process
    fresh_map = time_to_map(fresh, cluster.nginx.url)
    after_kill = cluster.nginx.access_log.read_text().split(f"route={cookie}")[-1].splitlines()
    assert not [line for line in after_kill if '" 50' in line], after_kill  # retried on the other, never failed
    assert any(f"upstream=127.0.0.1:{doomed.port}, 127.0.0.1:{survivor.port}" in line for line in after_kill)
    cluster.figures["after killing a process"] = (
        f"a new session's map in {fresh_map:.2f} s (from the other process); the killed process's session "
        f"reconnected its websocket after {opened[0] - killed:.2f} s and, reloaded, showed its view again "
        f"{back:.2f} s after the kill")
