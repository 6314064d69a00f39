"""Helpers of the browser tests (conftest.py holds the fixtures; screenshot.py
reuses the launch flags). Not a test module.

Playwright cannot download its own browsers here, so it drives Debian's
/usr/bin/chromium. Without it the tests skip - except under CI=true, where a
missing browser is a failure (CI must not go green by skipping everything).

`AppServer` runs `streamlit run streamlit_app.py` on a free port.
`OfflineContext` is a browser context that reaches only the app.
`DashboardPage` wraps a Playwright page with what the tests keep asking: the map
frame, the fill colours of the 28 commune polygons, a point inside a commune
found by its tooltip, the KPIs, the URL query. Streamlit reruns asynchronously,
so everything waits for a condition rather than sleeping.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})

REPO = Path(__file__).resolve().parents[2]
SHARED_BOUNDARIES = REPO / ".." / "shared" / "data" / "yen-son" / "communes-2020.geojson"
DEMO_RECORDS = REPO / "data" / "demo" / "records.csv"

MAP_IFRAME = 'iframe[title="dashboard.viewer.mapcomponent.dvk_map"]'
COMMUNE_PATHS = "path.leaflet-interactive"
# the clicked commune's outline: a non-interactive orange path in its own pane over the communes
# (hover highlights use the same colour, but on the interactive paths and 3 px wide)
SELECTION_OUTLINE = '.leaflet-dvk-selected-pane path:not(.leaflet-interactive)[stroke="#d95f02"][stroke-width="4"]'
N_COMMUNES = 28
STARTUP_TIMEOUT = 90  # s: first start imports geopandas, streamlit, folium
UI_TIMEOUT = 30_000   # ms: one rerun; generous for a loaded CI machine

STAFF_USER, STAFF_PASSWORD = "lan", "mật khẩu thử 42"
XSS_CODE = "02533"  # Đội Bình
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(2)</script>"
XSS_RECORD_ID = "YS-XSS-0001"

MD_CODE = "02530"  # Nhữ Khê
# a Markdown link (relative target, so no bare URL for GFM to autolink), emphasis, an emoji code
MD_NAME = "Nhữ [Khê](evil.example) *x* :smile:"
MD_RECORD_ID = "YS-MD-0001"
MD_DESCRIPTION = "Đoạn một.\n\n# Tiêu đề [bấm vào](https://evil.example/) **đậm**"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def skip_or_fail(reason: str) -> None:
    """Skip a test whose environment is missing; under CI=true fail instead."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: not skipping)", pytrace=False)
    pytest.skip(reason)


def require_chromium() -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium, or `make chromium`)")


def launch(playwright):
    """Debian's Chromium with the project's launch flags (also used by screenshot.py)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


# --------------------------------------------------------------------------- servers

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def postgres_database(prefix: str):
    """A fresh, empty database on the TEST_DATABASE_URL server (its URL), dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        skip_or_fail("TEST_DATABASE_URL not set (see .ci/postgres.sh)")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.dispose()


def _health_ok(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except OSError:
        return False


def streamlit_run(port: int) -> list[str]:
    """The development server's command (`make run`'s) on `port`."""
    return [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false"]


class AppServer:
    """An app server on a free port (by default `streamlit run streamlit_app.py`; `argv(port)` gives
    another command, e.g. a deployment's), stopped by stop()."""

    def __init__(self, log: Path, env: dict[str, str] | None = None, argv=streamlit_run):
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        self.log = log
        self._log_file = open(log, "wb")
        self.proc = subprocess.Popen(argv(self.port), cwd=REPO, env={**os.environ, **(env or {})},
                                     stdout=self._log_file, stderr=subprocess.STDOUT)

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"streamlit exited with {self.proc.returncode}:\n{self.log_tail()}",
                            pytrace=False)
            if _health_ok(self.url):
                return
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"streamlit not healthy after {STARTUP_TIMEOUT}s:\n{self.log_tail()}",
                    pytrace=False)

    def log_tail(self, chars: int = 4000) -> str:
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log_file.close()


class OfflineContext:
    """A browser context that only reaches the app: any other host is blocked and recorded."""

    def __init__(self, browser, viewport: dict | None = None, **options):
        """`options`: more of Playwright's context options (a phone's is_mobile, has_touch...)."""
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport=viewport or VIEWPORT, locale="vi-VN", **options)
        self.context.set_default_timeout(UI_TIMEOUT)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def new_page(self) -> "DashboardPage":
        return DashboardPage(self.context.new_page())

    def close(self) -> None:
        self.context.close()


# Grid points inside each commune polygon where the polygon itself is the topmost
# element (labels and the selection outline let the mouse through), in the
# map frame's viewport coordinates. Ordered from the polygon's middle outwards.
_INTERIOR_POINTS_JS = """() => [...document.querySelectorAll('path.leaflet-interactive')].map(p => {
    const box = p.getBBox(), ctm = p.getScreenCTM(), svg = p.ownerSVGElement, points = [];
    for (let i = 1; i < 12; i++) for (let j = 1; j < 12; j++) {
        const pt = svg.createSVGPoint();
        pt.x = box.x + box.width * i / 12; pt.y = box.y + box.height * j / 12;
        if (!p.isPointInFill(pt)) continue;
        const s = pt.matrixTransform(ctm);
        if (document.elementFromPoint(s.x, s.y) === p)
            points.push([s.x, s.y, (i - 6) ** 2 + (j - 6) ** 2]);
    }
    return points.sort((a, b) => a[2] - b[2]).map(([x, y]) => [x, y]);
})"""

_FILLS_JS = "els => els.map(e => e.getAttribute('fill'))"


class DashboardPage:
    """A page of the dashboard with helpers for the map frame, KPIs and the URL."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    # -- navigation
    def open(self, base: str, query: str = "") -> "DashboardPage":
        self.page.goto(f"{base}/{query}")
        self.wait_map()
        self.wait_idle()
        return self

    def wait_idle(self, timeout: float = UI_TIMEOUT) -> None:
        """Wait until no script run is in progress and nothing on the page is stale.

        Only meaningful once the run an action causes has visibly begun (wait for its
        result first): just after a click the next run may not have started yet.
        Uses the attribute Streamlit's own end-to-end tests read; without it, no wait.
        """
        self.page.wait_for_function(
            """() => {
                const state = document.querySelector('[data-test-script-state]');
                return !state || (state.getAttribute('data-test-script-state') === 'notRunning'
                                  && !document.querySelector('[data-stale="true"]'));
            }""", timeout=timeout)

    def sign_in(self, user: str, password: str, attempts: int = 2) -> None:
        """Sign in through the sidebar's "Đăng nhập cán bộ" form and wait for its welcome.

        The button sits below the expander that has just opened, so the click scrolls the
        sidebar while the expander still grows; once in CI such a click reached no button
        (no attempt, no message, fields still filled). A click that left no trace is made
        again; a refused attempt fails at once, since it shows its message.
        """
        self.sidebar.get_by_text("Đăng nhập cán bộ").click()
        self.sidebar.get_by_label("Tên đăng nhập").fill(user)
        self.sidebar.get_by_label("Mật khẩu").fill(password)
        box = self.sidebar.get_by_test_id("stExpander").filter(has_text="Đăng nhập cán bộ")
        welcome = self.page.get_by_text("Đã đăng nhập với tài khoản", exact=False)
        for attempt in range(attempts):
            self.wait_idle()
            if welcome.count():                     # a slow first attempt got through after all
                return
            box.get_by_role("button", name="Đăng nhập").click()
            try:
                expect(welcome).to_be_visible(timeout=10_000)
                return
            except AssertionError:
                if box.get_by_test_id("stAlert").count() or attempt == attempts - 1:
                    raise

    def open_combobox(self, combobox, attempts: int = 3) -> None:
        """Open a selectbox's list with the keyboard, again if a rerun closed it.

        (A click that must first scroll the box into view lands while it moves and
        leaves the list closed - a Streamlit/react-aria quirk - so: focus, ArrowDown.)
        """
        for attempt in range(attempts):
            self.wait_idle()
            combobox.focus()
            combobox.press("ArrowDown")
            try:
                expect(self.page.get_by_role("listbox")).to_be_visible(timeout=3_000)
                return
            except AssertionError:
                if attempt == attempts - 1:
                    raise

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query, keep_blank_values=True)

    def wait_query(self, **expected: str | None) -> None:
        """Wait until the URL's query has these values (None: the key is absent)."""
        def matches(url: str) -> bool:
            query = parse_qs(urlsplit(url).query, keep_blank_values=True)
            return all((key not in query) if value is None else query.get(key) == [value]
                       for key, value in expected.items())
        self.page.wait_for_url(matches)

    # -- map
    @property
    def map(self):
        """Locator root inside the map iframe."""
        return self.page.frame_locator(MAP_IFRAME)

    def map_frame(self):
        self.page.locator(MAP_IFRAME).wait_for(state="attached")
        frame = self.page.locator(MAP_IFRAME).element_handle().content_frame()
        assert frame is not None and "mapcomponent" in frame.url, frame and frame.url
        return frame

    def wait_map(self, count: int | None = N_COMMUNES) -> None:
        """Wait for the choropleth's polygons (28 communes before 2025-07-01, 13 units after;
        None: any number, for other areas)."""
        if count is None:
            self.map.locator(COMMUNE_PATHS).first.wait_for(timeout=60_000)
        else:
            expect(self.map.locator(COMMUNE_PATHS)).to_have_count(count, timeout=60_000)

    @property
    def selection_outline(self):
        return self.map.locator(SELECTION_OUTLINE)

    def fills(self) -> list[str | None]:
        return self.map.locator(COMMUNE_PATHS).evaluate_all(_FILLS_JS)

    def wait_fills_change(self, before: list, timeout: float = UI_TIMEOUT) -> list[str]:
        """Wait until the 28 polygons' fills differ from `before`; return them."""
        self.map_frame().wait_for_function(
            """before => {
                const f = [...document.querySelectorAll('path.leaflet-interactive')]
                    .map(e => e.getAttribute('fill'));
                return f.length === before.length && JSON.stringify(f) !== JSON.stringify(before);
            }""", arg=before, timeout=timeout)
        return self.fills()

    def wait_fills_equal(self, expected: list, timeout: float = UI_TIMEOUT) -> None:
        self.map_frame().wait_for_function(
            """expected => JSON.stringify([...document.querySelectorAll('path.leaflet-interactive')]
                .map(e => e.getAttribute('fill'))) === JSON.stringify(expected)""",
            arg=expected, timeout=timeout)

    def interior_points(self) -> list[list[tuple[float, float]]]:
        """Page coordinates of points inside each commune polygon (in DOM order)."""
        box = self.page.locator(MAP_IFRAME).bounding_box()
        per_path = self.map_frame().evaluate(_INTERIOR_POINTS_JS)
        return [[(box["x"] + x, box["y"] + y) for x, y in points] for points in per_path]

    def tooltip_text(self) -> str:
        texts = self.map.locator(".leaflet-tooltip").all_inner_texts()
        return "\n".join(texts)

    def find_commune(self, text: str) -> tuple[int, list[tuple[float, float]]]:
        """Hover each polygon until its tooltip contains `text`: (path index, its points)."""
        points = self.interior_points()
        seen = []
        for index, inside in enumerate(points):
            if not inside:
                continue
            self.page.mouse.move(*inside[0])
            tip = self.map.locator(".leaflet-tooltip")
            try:
                tip.first.wait_for(timeout=2_000)
            except Exception:
                seen.append(f"{index}: no tooltip")
                continue
            tooltip = self.tooltip_text()
            if text in tooltip:
                return index, points[index]
            seen.append(f"{index}: {tooltip.splitlines()[0] if tooltip else ''}")
        raise AssertionError(f"no polygon's tooltip contains {text!r}; saw {seen}")

    # -- page
    def kpi(self, label: str):
        """The st.metric whose label is `label`."""
        return self.page.get_by_test_id("stMetric").filter(
            has=self.page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))

    def kpi_value(self, label: str):
        return self.kpi(label).get_by_test_id("stMetricValue")

    @property
    def sidebar(self):
        return self.page.get_by_test_id("stSidebar")

    def text(self) -> str:
        return self.page.locator("body").inner_text()
