"""Where a cold load's time goes: the dashboard, the naive app and a bare Streamlit app, same run.

    python -m tests.benchmarks.bench_cold                # Yên Sơn, 5 interleaved rounds
    python -m tests.benchmarks.bench_cold --rounds 3
    python -m tests.benchmarks.bench_cold --area country --no-naive --rounds 3

Issue 9 asks for a first load at most 0.6 times the naive app's. bench_browser.py measures
the whole load; this one cuts it into the phases every Streamlit page goes through, from
just before `page.goto` in a fresh browser context (empty cache and IndexedDB), by the
browser's own events:

- bundle: Streamlit's main script (/static/js/index.*.js) downloaded;
- socket: the app's websocket opened;
- run sent: the first run's `script_finished` message received (the script has run, and
  every element it drew is in the browser);
- element code: the last of the scripts the page asks for after the socket opened
  (Streamlit loads the code of each kind of element on first use: widgets, metrics,
  download buttons, the component frame...) downloaded, and how many there were;
- map frame: the map's iframe document requested (the dashboard's component or
  streamlit-folium's);
- drawn: the map painted (as bench_browser.py: the component's `dataset.painted`, or
  folium's filled paths), or for the bare app (`bare_app.py`, one `st.title`) its title
  on screen: the least any Streamlit app waits for its first element.

Apps: the dashboard and the naive app as bench_browser.py starts them for `--area` (its
scenarios: Yên Sơn with the demo records, a province or the country with 1,000,000 generated
records), and the bare app.
Each is loaded once first to warm its caches. Medians and min-max per phase, and the bare
app's title and 0.6 x the naive app's load side by side.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import browser_bench_support as bs  # noqa: E402
from tests.benchmarks import generate_records  # noqa: E402
from tests.benchmarks.bench_browser import scenario  # noqa: E402

PHASES = ("bundle", "socket", "run sent", "element code", "map frame", "drawn")
FRAME_DOCUMENT = "/component/"  # both maps are Streamlit components: their documents live under it
TITLE = '[data-testid="stHeading"] h1'


def visit(browser, url: str, bare: bool, timeout_ms: float) -> dict:
    """The phases of one cold load (ms after the goto) and the number of element scripts."""
    context = bs.new_context(browser)
    marks, chunks = {}, []
    try:
        page = context.new_page()
        t0 = bs.now_ms()

        def mark(name: str) -> None:
            marks.setdefault(name, bs.now_ms() - t0)

        def finished(request) -> None:
            path = urlsplit(request.url).path
            if path.startswith("/static/js/index."):
                mark("bundle")
            elif path.startswith(bs.STREAMLIT_BUNDLE_PREFIX + "js/") and "socket" in marks and "map frame" not in marks:
                chunks.append(bs.now_ms() - t0)

        def requested(request) -> None:
            if FRAME_DOCUMENT in urlsplit(request.url).path and request.resource_type == "document":
                mark("map frame")

        def frame(payload) -> None:
            data = payload if isinstance(payload, bytes) else payload.encode("latin-1")
            kind, status, _ = bs.message_type(data, sent=False)
            if kind == "script_finished" and status != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                mark("run sent")

        def websocket(ws) -> None:
            if ws.url.endswith("/_stcore/stream"):
                mark("socket")
                ws.on("framereceived", frame)

        page.on("requestfinished", finished)
        page.on("request", requested)
        page.on("websocket", websocket)
        page.goto(url, wait_until="commit")
        if bare:
            page.locator(TITLE).wait_for(timeout=timeout_ms)
            mark("drawn")
        else:
            marks["drawn"] = bs.wait_paint(page, t0, bs.NO_PAINT, timeout_ms)["t"] - t0
        if chunks:
            marks["element code"] = max(chunks)
        return {"marks": marks, "chunks": len(chunks)}
    finally:
        context.close()


def report(results: dict[str, list[dict]]) -> None:
    names = list(results)
    print()
    print("| phase (ms after the goto; median, min–max) | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for phase in PHASES:
        cells = []
        for name in names:
            values = [r["marks"][phase] for r in results[name] if phase in r["marks"]]
            s = bs.summary(values)
            cells.append(f"{bs.fmt_ms(s['median'])} ({bs.fmt_ms(s['min'])}–{bs.fmt_ms(s['max'])})"
                         if s["n"] else "–")
        print(f"| {phase} | " + " | ".join(cells) + " |")
    counts = [bs.summary([r["chunks"] for r in results[name]])["median"] for name in names]
    print("| element scripts loaded | " + " | ".join(f"{c:g}" for c in counts) + " |")
    drawn = {name: bs.summary([r["marks"]["drawn"] for r in results[name]])["median"] for name in names}
    if "naive app" in drawn and "bare app" in drawn:
        print(f"\n0.6 × the naive app's load: {bs.fmt_ms(0.6 * drawn['naive app'])}; "
              f"the bare app's title: {bs.fmt_ms(drawn['bare app'])}; "
              f"the dashboard's map: {bs.fmt_ms(drawn['dashboard'])}")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--area", default="yen-son", help="yen-son (default), province:PP[/DDD] or country")
    parser.add_argument("--no-naive", action="store_true", help="the dashboard and the bare app alone")
    args = parser.parse_args(argv)
    bs.require_chromium()
    bs.ensure_naive_leaflet()
    sc = scenario(args.area, None, generate_records.DEFAULT_ROWS, None)
    specs = [("dashboard", "streamlit_app.py", {"DVK_RECORDS": str(sc.records),
                                                "DVK_BOUNDARY_SETS": str(bs.BENCH_CACHE / "no-boundary-sets")}),
             ("bare", "tests/benchmarks/bare_app.py")]
    if not args.no_naive:
        specs.append(("naive", "tests/benchmarks/naive_app.py",
                      {"NAIVE_BOUNDARIES": str(sc.naive_boundaries), "NAIVE_RECORDS": str(sc.records),
                       "NAIVE_LEAFLET": "local"}, ["--server.enableStaticServing", "true"]))
    print(f"{sc.label}: {args.rounds} interleaved rounds; records {sc.records}", flush=True)
    with bs.servers(*specs, timeout=180) as started, sync_playwright() as playwright:
        browser = bs.launch(playwright)
        apps = [("dashboard", started[0].url + "/" + sc.query, False)]
        if not args.no_naive:
            apps.append(("naive app", started[2].url + "/", False))
        apps.append(("bare app", started[1].url + "/", True))
        try:
            for name, url, bare in apps:
                print(f"warm-up: {name} ...", flush=True)
                visit(browser, url, bare, 600_000)
            results = {name: [] for name, _, _ in apps}
            for i in range(args.rounds):
                for name, url, bare in apps:
                    results[name].append(visit(browser, url, bare, sc.paint_timeout_ms))
                print(f"round {i + 1}/{args.rounds}: " + ", ".join(
                    f"{name} {bs.fmt_ms(results[name][-1]['marks']['drawn'])}" for name, _, _ in apps), flush=True)
        finally:
            browser.close()
    report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
