"""Benchmark (issue 9): the viewer's rerun and first load, before and after, side by side in one run.

    python tests/benchmarks/bench_rerun.py            # everything; exact natural breaks alone take ~2 min
    python tests/benchmarks/bench_rerun.py --quick    # fewer rounds, without the exact natural breaks

"Before" is tests/benchmarks/before_viewer.py swapped into the same app (the
share box as `st.code`, `.at` picker labels, altair charts, the groupby commune
values, exact natural breaks); "after" is the app as it is. Rounds alternate
which goes first; figures are medians with min–max. Prints:

1. server time per rerun of the map page, a filter change per run (AppTest, in process);
2. the parts on their own: picker labels, the two charts, commune values;
3. natural breaks on 11,163 values (the country's communes): time and goodness of variance fit;
4. first load in Chromium (Debian's, with the browser tests' flags), a fresh context per load:
   bytes over HTTP and over the websocket, time until the map's polygons are drawn, and
   how many pixels of the two charts differ between before and after.

Uses a throwaway SQLite database and boundary-set folder, never the repository's var/.
"""
import argparse
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests" / "browser")]
SCRATCH = Path(tempfile.mkdtemp(prefix="bench-rerun-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'dvk.sqlite3'}")
os.environ.setdefault("DVK_BOUNDARY_SETS", str(SCRATCH / "boundary-sets"))
os.environ.pop("DVK_AREA", None)

import numpy as np  # noqa: E402
from streamlit import logger  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

import before_viewer  # noqa: E402
from dashboard.config import load_config  # noqa: E402
from dashboard.data import load_dataset  # noqa: E402
from dashboard.viewer import panels  # noqa: E402
from dashboard.words.i18n import Words  # noqa: E402
from geo.choropleth import classify as classes  # noqa: E402
from geo.choropleth.aggregate import commune_values  # noqa: E402
from geo.choropleth.query import Filter, query  # noqa: E402

TIMED_APP = """
import time
import streamlit as st
from dashboard.app import main
start = time.perf_counter()
main()
st.session_state["bench_seconds"] = time.perf_counter() - start
"""
BEFORE_APP = """
import sys
sys.path[:0] = [{root!r}, {here!r}]
import before_viewer
before_viewer.install()
from dashboard.app import main
main()
"""
# One filter change per rerun, in turn: (AppTest element, widget key, value)
CHANGES = (("multiselect", "w_field", ["kinh-te"]), ("slider", "w_years", (2021, 2022)),
           ("radio", "w_metric", "per1000"), ("multiselect", "w_field", []),
           ("slider", "w_years", (2020, 2022)), ("radio", "w_metric", "count"))
VARIANTS = ("before", "after")
COUNTRY = 11_163


def spread(seconds: list[float], scale: float = 1000, unit: str = "ms") -> str:
    """ "median (min–max) unit" of some timings."""
    values = [s * scale for s in seconds]
    return f"{statistics.median(values):8.1f} {unit} ({min(values):.1f}–{max(values):.1f})"


def side_by_side(title: str, rows: dict[str, dict[str, list[float]]], scale: float = 1000,
                 unit: str = "ms") -> None:
    """A table: one row per measure, before and after (median, min–max) and their ratio."""
    print(f"\n{title}\n{'':<38} {'before':>28} {'after':>28}  after/before")
    for label, got in rows.items():
        ratio = statistics.median(got["after"]) / statistics.median(got["before"])
        print(f"{label:<38} {spread(got['before'], scale, unit):>28} {spread(got['after'], scale, unit):>28}"
              f"  {ratio:6.2f}")


def in_turn(rounds: int, measure) -> dict[str, list[float]]:
    """`measure(variant, round)` for both variants in every round, which goes first alternating."""
    got = {name: [] for name in VARIANTS}
    for i in range(rounds):
        for name in VARIANTS if i % 2 == 0 else VARIANTS[::-1]:
            got[name].append(measure(name, i))
    return got


def server_reruns(rounds: int) -> dict[str, list[float]]:
    """Seconds of the script's run (data, sidebar, page, URL) after each filter change."""
    apps = {name: AppTest.from_string(TIMED_APP, default_timeout=300) for name in VARIANTS}
    for name, app in apps.items():
        before_viewer.install(name == "before")
        app.run()

    def rerun(name: str, i: int) -> float:
        before_viewer.install(name == "before")
        kind, key, value = CHANGES[i % len(CHANGES)]
        getattr(apps[name], kind)(key=key).set_value(value).run()
        assert not apps[name].exception, apps[name].exception
        return apps[name].session_state["bench_seconds"]

    try:
        return in_turn(rounds, rerun)
    finally:
        before_viewer.install(False)


def parts(rounds: int) -> dict[str, dict[str, list[float]]]:
    """Each changed part on the map page's data (Yên Sơn, 915 records), timed alone."""
    data, words = load_dataset(load_config()), Words("vi")
    table = panels.readable(data.records, data, words)
    filtered = query(data.records, Filter(fields=("kinh-te",)))
    years = range(2020, 2023)
    assert before_viewer.detail_labels(table) == list(panels.detail_labels(table))
    measures = {
        "record-picker labels (915)": (lambda: before_viewer.detail_labels(table),
                                       lambda: panels.detail_labels(table).tolist()),
        "two charts (spec + st call)": (lambda: before_viewer.charts(words, data.records, years),
                                        lambda: panels.charts(words, data.records, years)),
        "commune values": (lambda: before_viewer.commune_values(data.communes, data.records, filtered),
                           lambda: commune_values(data.communes, data.records, filtered)),
    }
    return {label: in_turn(rounds, lambda name, i, pair=pair: _seconds(pair[name == "after"]))
            for label, pair in measures.items()}


def _seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def goodness_of_fit(values: np.ndarray, bounds) -> float:
    """Goodness of variance fit of classes with these upper bounds (1: every class one value)."""
    index = np.minimum(np.searchsorted(bounds, values, side="left"), len(bounds) - 1)
    within = sum(((values[index == c] - values[index == c].mean()) ** 2).sum() for c in np.unique(index))
    return 1 - within / ((values - values.mean()) ** 2).sum()


def natural_breaks(rounds: int, exact: bool) -> None:
    """Natural breaks for the country: counts of 1,000,000 records over 11,163 communes (seeded)."""
    values = np.random.default_rng(7).negative_binomial(3, 3 / 93, COUNTRY).astype(float)
    positive = values[values > 0]
    sampled = []
    for _ in range(rounds):
        classes._natural_breaks.cache_clear()  # computed, not remembered
        sampled.append(_seconds(lambda: classes.classify(values, "natural", integer=True)))
    after = classes.classify(values, "natural", integer=True)
    print(f"\nNatural breaks on {COUNTRY:,} values (k=5)")
    print(f"  after:  seeded sample of {after.sample_of[0]:,}  {spread(sampled, 1, 's')}  "
          f"bounds {after.bounds}  fit {goodness_of_fit(positive, after.bounds):.4f}")
    if exact:
        start = time.perf_counter()
        bounds = tuple(float(b) for b in np.floor(before_viewer.natural_breaks(positive)))
        print(f"  before: exact FisherJenks        {time.perf_counter() - start:8.1f} s (1 round)  "
              f"bounds {bounds}  fit {goodness_of_fit(positive, bounds):.4f}")


# --------------------------------------------------------------------------- first load in Chromium

def start_server(script: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run script` from the repository (its .streamlit/config.toml) on a free port."""
    from browser_support import STARTUP_TIMEOUT, _free_port, _health_ok
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, stdout=open(log, "wb"), stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not _health_ok(url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"{script} did not start: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    return proc, url


def before_script() -> Path:
    """The before app as an entry script, in a folder whose static/ is the repository's (Leaflet):
    Streamlit serves static/ from beside the entry script."""
    from dashboard.assets import ensure_leaflet
    folder = SCRATCH / "before"
    folder.mkdir(exist_ok=True)
    (folder / "static").symlink_to(ensure_leaflet().parent, target_is_directory=True)
    script = folder / "before_app.py"
    script.write_text(BEFORE_APP.format(root=str(ROOT), here=str(HERE)), encoding="utf-8")
    return script


def load_once(browser, url: str, shots: dict | None = None) -> dict[str, float]:
    """One first load in a fresh context: bytes over HTTP (as sent, headers included) and over
    the websocket, and seconds until the map's polygons are drawn."""
    from browser_support import COMMUNE_PATHS, MAP_IFRAME, VIEWPORT
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    got = {"http": 0, "ws": 0}
    cdp.on("Network.loadingFinished", lambda e: got.__setitem__("http", got["http"] + e["encodedDataLength"]))
    cdp.on("Network.webSocketFrameReceived",
           lambda e: got.__setitem__("ws", got["ws"] + _frame_bytes(e["response"])))
    start = time.perf_counter()
    page.goto(url + "/")
    page.frame_locator(MAP_IFRAME).locator(COMMUNE_PATHS).first.wait_for(timeout=120_000)
    drawn = time.perf_counter() - start
    _settle(page, got)
    if shots is not None:
        charts = page.get_by_test_id("stVegaLiteChart")
        charts.nth(1).locator("canvas, svg").first.wait_for()
        shots.update({i: charts.nth(i).screenshot(animations="disabled") for i in range(2)})
    context.close()
    return {"http": got["http"], "ws": got["ws"], "drawn": drawn}


def _settle(page, got: dict, quiet_ms: int = 1500, most_s: float = 60) -> None:
    """Wait until no script runs and nothing more arrives for `quiet_ms` (lazy chunks, fonts, the map)."""
    page.wait_for_function("""() => document.querySelector('[data-test-script-state]')
        ?.getAttribute('data-test-script-state') === 'notRunning'""", timeout=most_s * 1000)
    deadline, before = time.monotonic() + most_s, None
    while before != (got["http"], got["ws"]) and time.monotonic() < deadline:
        before = (got["http"], got["ws"])
        page.wait_for_timeout(quiet_ms)


def _frame_bytes(frame: dict) -> int:
    """A websocket frame's payload size: binary frames (Streamlit's protobuf) come base64-encoded."""
    data = frame["payloadData"]
    return len(data) * 3 // 4 if frame.get("opcode") == 2 else len(data.encode())


def pixels_apart(first: bytes, second: bytes) -> str:
    """How many pixels of two screenshots differ ("size differs" when they cannot be compared)."""
    from PIL import Image, ImageChops
    a, b = (Image.open(io.BytesIO(shot)).convert("RGB") for shot in (first, second))
    if a.size != b.size:
        return f"size differs: {a.size} vs {b.size}"
    differ = int(np.count_nonzero(np.asarray(ImageChops.difference(a, b)).any(axis=2)))
    return f"{differ} of {a.size[0] * a.size[1]} pixels differ"


def first_loads(rounds: int) -> None:
    """Both apps served side by side, loaded in turn in fresh browser contexts."""
    from playwright.sync_api import sync_playwright
    from browser_support import launch
    servers = {"before": start_server(before_script(), SCRATCH / "before.log"),
               "after": start_server(ROOT / "streamlit_app.py", SCRATCH / "after.log")}
    shots = {name: {} for name in VARIANTS}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for _, url in servers.values():  # each server's first session loads the data: not counted
                load_once(browser, url)
            loads = in_turn(rounds, lambda name, i: load_once(browser, servers[name][1],
                                                              shots[name] if i == rounds - 1 else None))
            browser.close()
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait(timeout=20)
    side_by_side("First load in Chromium (fresh context each; HTTP bytes as sent, gzip where served so)",
                 {"HTTP": {n: [x["http"] for x in loads[n]] for n in VARIANTS},
                  "websocket": {n: [x["ws"] for x in loads[n]] for n in VARIANTS}}, scale=1e-3, unit="KB")
    side_by_side("", {"until the polygons are drawn": {n: [x["drawn"] for x in loads[n]] for n in VARIANTS}})
    for i, name in enumerate(("by field", "by year")):
        print(f"chart {name}: {pixels_apart(shots['before'][i], shots['after'][i])}")
        for variant in VARIANTS:
            (SCRATCH / f"chart-{i}-{variant}.png").write_bytes(shots[variant][i])
    print(f"(screenshots in {SCRATCH})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few rounds, no exact natural breaks")
    args = parser.parse_args()
    logger.set_log_level("error")  # AppTest and bare-mode calls warn of a missing script context
    rounds = 6 if args.quick else 24
    side_by_side("Server time per rerun of the map page (AppTest, one filter change per run)",
                 {"script run": server_reruns(rounds)})
    side_by_side("The parts, alone", parts(rounds * 2))
    natural_breaks(3 if args.quick else 7, exact=not args.quick)
    first_loads(4 if args.quick else 8)


if __name__ == "__main__":
    main()
