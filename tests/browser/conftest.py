"""Fixtures of the browser tests: the app as a real Streamlit server, driven by
Debian's Chromium (see browser_support.py for the helpers and why).

Servers, one per data set, each started once per test session (on first use):
- `app_url`: the app with its default data (the tests expect the 915 demo records;
  tests/conftest.py gives every session a fresh record store seeded with them);
- `xss_app_url`: DVK_BOUNDARIES and DVK_RECORDS point at copies, made in pytest's
  temporary directory (never in the repository), whose Đội Bình is renamed to an
  HTML payload and which hold one extra record of payloads;
- `markdown_app_url`: the same idea with Markdown syntax instead of HTML.

Per test: a fresh browser context that can reach only the app (`offline`), its
page wrapped as a `DashboardPage` (`dash`), and `new_context` for more contexts.
"""
import csv
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from dashboard.staff import passwords

from browser_support import (DEMO_RECORDS, MD_CODE, STAFF_PASSWORD, STAFF_USER, MD_DESCRIPTION, MD_NAME, MD_RECORD_ID,
                             SHARED_BOUNDARIES, UI_TIMEOUT, XSS_CODE, XSS_IMG, XSS_RECORD_ID,
                             XSS_SCRIPT, AppServer, DashboardPage, OfflineContext, launch,
                             require_chromium, skip_or_fail, streamlit_run)

# expect() waits as long as any other step: a rerun on a busy CI machine can take seconds
expect.set_options(timeout=UI_TIMEOUT)

_SERVERS: list[AppServer] = []


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, add screenshots of its pages and the servers' log tails."""
    report = yield
    if report.when == "call" and report.failed:
        factory = item.funcargs.get("new_context")
        if isinstance(factory, ContextFactory):
            shots = factory.screenshots()
            if shots:
                report.sections.append(("screenshots", "\n".join(map(str, shots))))
        for server in _SERVERS:
            report.sections.append((f"streamlit log {server.url} (tail)", server.log_tail(3000)))
    return report


def write_data_set(out: Path, code: str, name: str, record: dict[str, str]) -> dict[str, Path]:
    """Copies of the boundaries and demo records in `out`: commune `code` renamed to
    `name`, one `record` added (in that commune; other columns get valid defaults)."""
    if not SHARED_BOUNDARIES.is_file():
        skip_or_fail(f"boundary file {SHARED_BOUNDARIES.resolve()} is missing")
    geojson = json.loads(SHARED_BOUNDARIES.read_text(encoding="utf-8"))
    renamed = 0
    for feature in geojson["features"]:
        if str(feature["properties"].get("gso_code")) == code:
            feature["properties"]["name"] = name
            renamed += 1
    assert renamed == 1, f"expected one feature with gso_code {code}, found {renamed}"
    boundaries = out / "communes.geojson"
    boundaries.write_text(json.dumps(geojson, ensure_ascii=False), encoding="utf-8")

    records = out / "records.csv"
    shutil.copyfile(DEMO_RECORDS, records)
    with open(DEMO_RECORDS, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns = reader.fieldnames
        ids = {row["id"] for row in reader}
    row = {"kind": "mo-hinh", "field": "khac", "year": "2022", "commune_code": code,
           "illustrative": "True", **record}
    assert row["id"] not in ids and set(row) == set(columns), row
    with open(records, "a", encoding="utf-8", newline="") as f:
        if not DEMO_RECORDS.read_bytes().endswith(b"\n"):
            f.write("\n")
        csv.DictWriter(f, fieldnames=columns).writerow(row)
    return {"boundaries": boundaries, "records": records}


def start_server(tmp_path_factory, name: str, data: dict[str, Path] | None = None,
                 extra_env: dict[str, str] | None = None, argv=streamlit_run) -> AppServer:
    require_chromium()  # no browser, no point in starting a server
    folder = tmp_path_factory.mktemp(name)
    env = {"DVK_BOUNDARIES": str(data["boundaries"]), "DVK_RECORDS": str(data["records"])} if data else {}
    env |= extra_env or {}
    if not os.environ.get("DATABASE_URL"):  # tests/conftest.py sets one; never the repository's var/
        env["DATABASE_URL"] = f"sqlite:///{folder / 'dvk.sqlite3'}"
    server = AppServer(folder / "streamlit.log", env=env, argv=argv)
    _SERVERS.append(server)
    server.wait_healthy()
    return server


def patched_server(tmp_path_factory, name: str, patch: str) -> AppServer:
    """The app with its default data, in a process that first runs `patch` (Python statements: a
    lowered limit, so that Yên Sơn behaves as a country would)."""
    code = f"import sys; {patch}; from streamlit.web.cli import main; sys.argv = ['streamlit', *sys.argv[1:]]; main()"
    return start_server(tmp_path_factory, name,
                        argv=lambda port: [sys.executable, "-c", code, *streamlit_run(port)[3:]])


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of the app with its default data."""
    server = start_server(tmp_path_factory, "app")
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def staff_app_url(tmp_path_factory):
    """The app with one staff account (STAFF_USER / STAFF_PASSWORD), its own database and
    its own folder of boundary sets."""
    sets = tmp_path_factory.mktemp("boundary-sets")
    server = start_server(tmp_path_factory, "staff-app", extra_env={
        "DVK_STAFF": f"{STAFF_USER}:{passwords.hash_password(STAFF_PASSWORD)}",
        "DVK_BOUNDARY_SETS": str(sets),
        "DATABASE_URL": f"sqlite:///{sets / 'dvk.sqlite3'}"})
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def xss_data(tmp_path_factory) -> dict[str, Path]:
    """Đội Bình (02533) renamed to an <img onerror> payload; one extra record in
    Đội Bình with payloads in every free-text column."""
    return write_data_set(tmp_path_factory.mktemp("xss-data"), XSS_CODE, XSS_IMG, {
        "id": XSS_RECORD_ID, "name": XSS_IMG, "commune_name": XSS_SCRIPT, "unit": XSS_SCRIPT,
        "description": XSS_IMG, "result": XSS_SCRIPT, "source": XSS_IMG})


@pytest.fixture(scope="session")
def xss_app_url(tmp_path_factory, xss_data):
    """Base URL of the app reading the XSS data set."""
    server = start_server(tmp_path_factory, "xss-app", xss_data)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def markdown_app_url(tmp_path_factory):
    """Base URL of the app whose Nhữ Khê (02530) is named with Markdown syntax and
    which has one record whose description holds a blank line and Markdown."""
    data = write_data_set(tmp_path_factory.mktemp("md-data"), MD_CODE, MD_NAME, {
        "id": MD_RECORD_ID, "name": "Mô hình nhiều đoạn", "commune_name": "Nhữ Khê",
        "unit": "Hội Nông dân", "description": MD_DESCRIPTION, "result": "Tốt",
        "source": "Kiểm thử"})
    server = start_server(tmp_path_factory, "md-app", data)
    yield server.url
    server.stop()


# --------------------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def chromium_browser():
    require_chromium()

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


class ContextFactory:
    """Makes fresh, offline browser contexts (no shared cookies or storage) and closes them."""

    def __init__(self, browser, artifacts: Path):
        self.browser = browser
        self.artifacts = artifacts
        self.contexts: list[OfflineContext] = []

    def __call__(self, **options) -> OfflineContext:
        self.contexts.append(OfflineContext(self.browser, **options))
        return self.contexts[-1]

    def screenshots(self) -> list[Path]:
        """A picture of every open page, for a failure report."""
        saved = []
        for i, context in enumerate(self.contexts):
            for j, page in enumerate(context.context.pages):
                path = self.artifacts / f"failure-{i}-{j}.png"
                try:
                    page.screenshot(path=str(path), timeout=5_000)
                    saved.append(path)
                except Exception:  # a crashed page must not hide the test's own error
                    pass
        return saved

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_context(chromium_browser, tmp_path):
    """Factory of fresh, offline browser contexts, closed after the test."""
    factory = ContextFactory(chromium_browser, tmp_path)
    yield factory
    factory.close()


@pytest.fixture
def offline(new_context) -> OfflineContext:
    return new_context()


@pytest.fixture
def dash(offline) -> DashboardPage:
    return offline.new_page()


