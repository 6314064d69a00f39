"""Browser benchmark of issue 9: the dashboard against the naive streamlit-folium app, same run, same machine.

    python -m tests.benchmarks.bench_browser                          # Yên Sơn, 5 rounds
    python -m tests.benchmarks.bench_browser --area province:08 --rounds 3
    python -m tests.benchmarks.bench_browser --area country --rounds 3  # 1,000,000 generated records
    python -m tests.benchmarks.bench_browser --no-naive --rounds 2     # the dashboard alone

Starts both apps (`streamlit run streamlit_app.py` and `streamlit run tests/benchmarks/naive_app.py`, each
on a free port, stopped at the end whatever happens), loads each once to warm its caches (reported, not in
the table), then runs interleaved rounds - dashboard, naive, dashboard, naive... - each in a fresh browser
context (empty HTTP cache and IndexedDB) of one headless Chromium (/usr/bin/chromium, the project's flags):

1. cold load: open the link, wait until the map's polygons are drawn;
2. four filter changes, each waited for until the map shows it and the app is idle again: pick "Kinh tế"
   in the sidebar's field multiselect (the first one), clear it (Backspace), move the start of the year
   range one year on (slider, ArrowRight), move it back (ArrowLeft);
3. second visit: reload the page in the same context and wait for the map again.

What each figure is (browser_bench_support.py has the mechanics):
- cold load -> polygons drawn: from just before `page.goto` to the first paint in the map iframe: the
  new map component's `dataset.painted` becoming 1 (contract.md), or for a folium map the first time
  its `path.leaflet-interactive` elements exist with fills (the observer's Date.now()).
- filter change -> map colours changed: from just before the click / key press to the first paint
  after it: `dataset.painted` incremented (component), or the same number of paths with other fills
  (folium). Also: the share of changes over 0.5 s.
- server time per rerun: for every rerun in a change's window, from the websocket frame the browser
  sends to ask for it (BackMsg rerun_script) to the frame that says the script finished (ForwardMsg
  script_finished, FINISHED_SUCCESSFULLY or a fragment run), both DevTools timestamps. It is the
  server's whole run as the browser sees it (script, serialisation, sending, on loopback); a run cut
  short by the next rerun is not counted. The naive app's st_folium sends the map's state back after
  every redraw, which costs it a second rerun per change: both reruns are counted (see "reruns").
- websocket bytes per filter change: payload bytes of every frame both ways (binary frames decoded from
  the protocol's base64), heartbeats left out, from the action until the app is idle and the socket has
  been quiet for 1 s (`--quiet-ms`; the naive app's map sends its state back after drawing, so its
  second rerun comes late on a loaded machine). The biggest message types of the median change are listed under the table.
- bytes downloaded on first load: every HTTP response's encodedDataLength (Network.loadingFinished:
  bytes on the wire, headers included; component iframes are same-origin, so included) plus the
  websocket payloads, from the goto until idle and quiet after the first paint. Split into Streamlit's
  own bundle (HTTP paths under /static/: its JS, CSS and fonts) and "map data", everything else: the
  page, component iframes, Leaflet, geometry files under /app/static/geo/, and the websocket.
- second visit: the same counts for the reload; "geometry" is HTTP bytes under /app/static/geo/ (the
  component's content-hashed files; 0 when IndexedDB answered). A folium map has no geometry file: its
  geometry is inside the websocket messages, reported on the next row.
Ratios are dashboard / naive per round (the round's median for per-change figures), then the median
(and min-max) of those paired ratios. p90 is nearest-rank.

Records: `--area yen-son` uses data/demo/records.csv for both apps (the dashboard in read-only mode,
DVK_RECORDS); provinces and the country use the generated set (generate_records.py; made on first use
under cache/bench/). The naive app reads the same CSV. For a province or the country it reads a GeoJSON
the benchmark writes once to cache/bench/ from the national 2009 set with the GSO codes the dashboard
gives it (geo.boundaries.national; coded polygons only, raw geometry, as a tutorial would have it).
The dashboard gets DVK_BOUNDARY_SETS pointing at an empty folder, so a boundary set someone activated
in var/ does not change what is measured.

The machine is shared: the load average before and after is printed; compare figures of one run only.
"""
from __future__ import annotations

import argparse
import math
import os
import platform
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import browser_bench_support as bs  # noqa: E402
from tests.benchmarks import generate_records  # noqa: E402

DEMO_RECORDS = ROOT / "data" / "demo" / "records.csv"
YEN_SON = ROOT.parent / "shared" / "data" / "yen-son" / "communes-2020.geojson"
NATIONAL = ROOT.parent / "shared" / "data" / "vn-communes-2009" / "communes-2009.gpkg"
FIELD_OPTION = "Kinh tế"
SLOW_CHANGE_MS = 500
CHANGES = ("field: + Kinh tế", "field: cleared", "years: from +1", "years: from back")


# --------------------------------------------------------------------------- scenario

@dataclass
class Scenario:
    label: str
    query: str                 # the dashboard's link
    naive_boundaries: Path
    records: Path
    paint_timeout_ms: float


def scenario(area: str, records: Path | None, rows: int, timeout_s: float | None) -> Scenario:
    if area == "yen-son":
        return Scenario("Yên Sơn (28 communes)", "", YEN_SON, records or DEMO_RECORDS, (timeout_s or 60) * 1000)
    if area == "country":
        return Scenario("whole country", "?area=country", naive_geojson(None, None),
                        records or generate_records.ensure(rows), (timeout_s or 180) * 1000)
    if area.startswith("province:"):
        codes = area.split(":", 1)[1]
        province, _, district = codes.partition("/")
        if not province.isdigit():
            raise bs.BenchError(f"--area province:PP or province:PP/DDD (GSO codes), not {area!r}")
        query = f"?province={province}" + (f"&district={district}" if district else "")
        label = f"province {province}" + (f" district {district}" if district else "")
        return Scenario(label, query, naive_geojson(province, district or None),
                        records or generate_records.ensure(rows), (timeout_s or 90) * 1000)
    raise bs.BenchError(f"unknown --area {area!r}: yen-son, province:PP[/DDD] or country")


def naive_geojson(province: str | None, district: str | None) -> Path:
    """The naive app's boundaries for an area: the national set's coded polygons (cached in cache/bench/)."""
    name = "country" if province is None else f"province-{province}" + (f"-{district}" if district else "")
    out = bs.BENCH_CACHE / f"naive-{name}.geojson"
    if out.is_file():
        return out
    if not NATIONAL.is_file():
        raise bs.BenchError(f"the national set is missing: {NATIONAL}")
    print(f"writing {out.relative_to(ROOT)} from the national set (once)...", flush=True)
    from geo.boundaries.national import load_national
    frame = load_national(NATIONAL).frame
    keep = frame["code"].notna()
    if province is not None:
        keep &= frame["province_code"] == province
    if district is not None:
        keep &= frame["district_code"] == district
    if not keep.any():
        raise bs.BenchError(f"no coded polygon in province {province} district {district}")
    shapes = frame.loc[keep, ["code", "name", "population", "geometry"]].rename(
        columns={"code": "gso_code", "population": "pop_census2009"})
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    shapes.to_file(tmp, driver="GeoJSON")
    tmp.replace(out)
    return out


# --------------------------------------------------------------------------- one visit

@dataclass
class Visit:
    """What one round measured for one app; `error` when it could not finish."""
    cold_ms: float | None = None
    units: int | None = None
    kind: str = ""
    first_total: int | None = None
    first_bundle: int | None = None
    first_map_data: int | None = None
    first_ws: int | None = None
    first_geometry: int | None = None
    change_ms: list[float] = field(default_factory=list)
    change_names: list[str] = field(default_factory=list)
    change_ws: list[int] = field(default_factory=list)
    change_reruns: list[int] = field(default_factory=list)
    change_types: list[dict] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)
    second_ms: float | None = None
    second_geometry: int | None = None
    second_geometry_requests: int = 0
    second_ws: int | None = None
    second_total: int | None = None
    first_largest: list[tuple[str, int]] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    error: str | None = None


def visit(browser, url: str, timeout_ms: float, changes: bool = True, quiet_ms: float = 1000) -> Visit:
    """Cold load, the four filter changes and a second visit, in a fresh context."""
    result = Visit()
    context = bs.new_context(browser)
    context.set_default_timeout(timeout_ms)
    try:
        page = context.new_page()
        traffic = bs.Traffic.attach(context, page)
        t0 = bs.now_ms()
        page.goto(url, wait_until="commit")
        record = bs.wait_paint(page, t0, bs.NO_PAINT, timeout_ms)
        result.cold_ms, result.kind = record["t"] - t0, record["map"]
        result.units = record.get("units") or record.get("n")
        traffic.settle(page, quiet_ms, timeout_ms)
        first = traffic.window((0, 0))
        result.first_total = first.http_bytes() + first.ws_bytes()
        result.first_bundle = first.http_bytes(lambda p: p.startswith(bs.STREAMLIT_BUNDLE_PREFIX))
        result.first_map_data = result.first_total - result.first_bundle
        result.first_ws = first.ws_bytes()
        result.first_geometry = first.http_bytes(lambda p: p.startswith(bs.GEOMETRY_PREFIX))
        result.first_largest = sorted(((urlsplit(r.url).path, r.size) for r in first.responses),
                                      key=lambda item: -item[1])[:5]
        if changes:
            for name, prepare, act in _changes(page):
                prepare()
                traffic.settle(page, quiet_ms, timeout_ms)
                base, mark = bs.paint_state(page), traffic.mark()
                t0 = bs.now_ms()
                act()
                record = bs.wait_paint(page, t0, base, timeout_ms)
                traffic.settle(page, quiet_ms, timeout_ms)
                window = traffic.window(mark)
                result.change_names.append(name)
                result.change_ms.append(record["t"] - t0)
                result.change_ws.append(window.ws_bytes())
                result.change_reruns.append(window.reruns())
                result.change_types.append(window.by_type())
                result.server_ms.extend(window.server_times_ms())
            page.keyboard.press("Escape")
        # second visit: same context (HTTP cache, IndexedDB), a new document
        traffic.settle(page, quiet_ms, timeout_ms)
        mark = traffic.mark()
        t0 = bs.now_ms()
        page.reload(wait_until="commit")
        record = bs.wait_paint(page, t0, bs.NO_PAINT, timeout_ms)
        result.second_ms = record["t"] - t0
        traffic.settle(page, quiet_ms, timeout_ms)
        second = traffic.window(mark)
        geometry = [r for r in second.responses if bs.GEOMETRY_PREFIX in r.url]
        result.second_geometry = sum(r.size for r in geometry)
        result.second_geometry_requests = len(geometry)
        result.second_ws = second.ws_received()
        result.second_total = second.http_bytes() + second.ws_bytes()
        result.foreign = traffic.window((0, 0)).foreign() + traffic.failed
    except Exception as exc:  # noqa: BLE001 - a round that fails is reported, the run goes on
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        problem = bs.page_problem(page) if "page" in locals() else ""
        if problem:
            result.error += f" - the page shows: {problem}"
    finally:
        context.close()
    return result


def _changes(page):
    """(name, prepare, act) of the four filter changes; only `act` is timed."""
    sidebar = page.get_by_test_id("stSidebar")
    fields = sidebar.get_by_test_id("stMultiSelect").first
    slider = sidebar.get_by_role("slider").first
    option = page.get_by_role("option", name=FIELD_OPTION, exact=True)

    target = {}

    def open_fields():  # the list open and the option's place known, so that the timed part is one click
        fields.click()
        option.wait_for()
        box = option.bounding_box()
        target["xy"] = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)

    def pick():
        page.mouse.click(*target["xy"])

    def focus_fields():
        page.keyboard.press("Escape")
        fields.locator("input").focus()

    return [
        (CHANGES[0], open_fields, pick),
        (CHANGES[1], focus_fields, lambda: page.keyboard.press("Backspace")),
        (CHANGES[2], slider.focus, lambda: page.keyboard.press("ArrowRight")),
        (CHANGES[3], slider.focus, lambda: page.keyboard.press("ArrowLeft")),
    ]


# --------------------------------------------------------------------------- report

def _median(values):
    values = [v for v in values if v is not None]
    return bs.summary(values)["median"] if values else None


def _cell(values: list, fmt) -> str:
    s = bs.summary([v for v in values if v is not None])
    if not s["n"]:
        return "–"
    if s["n"] == 1:
        return fmt(s["median"])
    return f"{fmt(s['median'])} ({fmt(s['min'])}–{fmt(s['max'])}, p90 {fmt(s['p90'])})"


def _ratio(pairs: list[tuple]) -> str:
    ratios = [d / n for d, n in pairs if d is not None and n not in (None, 0)
              and not math.isnan(d) and not math.isnan(n)]
    if not ratios:
        return "–"
    s = bs.summary(ratios)
    text = f"{s['median']:.2f}"
    return text + (f" ({s['min']:.2f}–{s['max']:.2f})" if s["n"] > 1 else "")


def report(sc: Scenario, rounds: list[tuple[Visit, Visit | None]], warm: dict, notes: list[str]) -> None:
    dash = [d for d, _ in rounds]
    naive = [n for _, n in rounds if n is not None]
    with_naive = bool(naive)

    def row(label, get, fmt, per_change=False):
        """What was measured, also in rounds that failed later on (a failed step leaves its figure None)."""
        d_vals = [v for x in dash for v in (get(x) if per_change else [get(x)])]
        n_vals = [v for x in naive for v in (get(x) if per_change else [get(x)])]
        pairs = [(_median(get(d)), _median(get(n))) if per_change else (get(d), get(n))
                 for d, n in rounds if n is not None]
        cells = [label, _cell(d_vals, fmt)]
        if with_naive:
            cells += [_cell(n_vals, fmt), _ratio(pairs)]
        print("| " + " | ".join(cells) + " |")

    head = ["", "dashboard: median (min–max, p90)"] + (["naive app", "ratio d/n (paired)"] if with_naive else [])
    print()
    print(f"| {sc.label} | " + " | ".join(head[1:]) + " |")
    print("|" + "---|" * len(head))
    row("cold load → polygons drawn", lambda v: v.cold_ms, bs.fmt_ms)
    row("filter change → map colours changed", lambda v: v.change_ms, bs.fmt_ms, per_change=True)
    row("server time per rerun", lambda v: v.server_ms, bs.fmt_ms, per_change=True)
    row("reruns per filter change", lambda v: v.change_reruns, lambda x: f"{x:g}", per_change=True)
    row("websocket bytes per filter change", lambda v: v.change_ws, bs.fmt_bytes, per_change=True)
    row("bytes downloaded on first load", lambda v: v.first_total, bs.fmt_bytes)
    row("… Streamlit's bundle (/static/)", lambda v: v.first_bundle, bs.fmt_bytes)
    row("… map data (all else: page, components, Leaflet, geometry, websocket)", lambda v: v.first_map_data,
        bs.fmt_bytes)
    row("… of which websocket", lambda v: v.first_ws, bs.fmt_bytes)
    row("… of which geometry files (/app/static/geo/)", lambda v: v.first_geometry, bs.fmt_bytes)
    row("second visit → polygons drawn", lambda v: v.second_ms, bs.fmt_ms)
    row("second visit: geometry file bytes (/app/static/geo/)", lambda v: v.second_geometry, bs.fmt_bytes)
    row("second visit: websocket bytes received", lambda v: v.second_ws, bs.fmt_bytes)
    row("second visit: all bytes", lambda v: v.second_total, bs.fmt_bytes)
    print()

    for name, visits in (("dashboard", dash), ("naive app", naive)):
        ok = [v for v in visits if not v.error]
        if not visits:
            continue
        measured = [v for v in visits if v.cold_ms is not None]
        slow = [ms for v in visits for ms in v.change_ms]
        share = f"{100 * sum(ms > SLOW_CHANGE_MS for ms in slow) / len(slow):.0f} %" if slow else "–"
        kinds = sorted({v.kind for v in measured})
        units = sorted({v.units for v in measured if v.units})
        print(f"{name}: map {'/'.join(kinds) or '?'}, {units or '?'} units drawn; "
              f"first load after server start {bs.fmt_ms(warm.get(name))}; changes > 0.5 s: {share}; "
              f"rounds ok {len(ok)}/{len(visits)}")
        for v in visits:
            if v.error:
                print(f"   round failed: {v.error}")
        if slow:
            per_change = {c: [v.change_ms[i] for v in visits if i < len(v.change_ms)]
                          for i, c in enumerate(CHANGES)}
            print("   per change (median): " + ", ".join(f"{c} {bs.fmt_ms(_median(ms))}"
                                                       for c, ms in per_change.items() if ms))
            median_ws = _median([w for v in visits for w in v.change_ws])
            changes = [(w, t) for v in visits for w, t in zip(v.change_ws, v.change_types)]
            if changes and median_ws is not None:
                _, types = min(changes, key=lambda c: abs(c[0] - median_ws))
                print("   a median change received: " + ", ".join(
                    f"{k} {bs.fmt_bytes(b)}" for k, b in list(types.items())[:6]))
        if measured:
            print("   largest responses of a first load: " + ", ".join(
                f"{path} {bs.fmt_bytes(size)}" for path, size in measured[0].first_largest))
        foreign = sorted({u for v in visits for u in v.foreign})
        if foreign:
            print(f"   requests that failed or left the machine: {foreign[:5]}{' …' if len(foreign) > 5 else ''}")
    d_units = {v.units for v in dash if v.units}
    n_units = {v.units for v in naive if v.units}
    if d_units and n_units and max(d_units) < 0.5 * min(n_units):
        print(f"WARNING: the dashboard drew {sorted(d_units)} units, the naive app {sorted(n_units)}: "
              f"does the dashboard understand the link {sc.query!r}?")
    for note in notes:
        print(note)


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--area", default="yen-son", help="yen-son (default), province:PP[/DDD] or country")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--records", type=Path, help="records CSV for both apps (default: see module docstring)")
    parser.add_argument("--rows", type=int, default=generate_records.DEFAULT_ROWS,
                        help="size of the generated records set for provinces and the country")
    parser.add_argument("--timeout", type=float, help="seconds to wait for one paint (default 60; province "
                                                      "90; country 180)")
    parser.add_argument("--warmup-timeout", type=float, default=600,
                        help="seconds the first load of each app may take (the country may be prepared then)")
    parser.add_argument("--naive-leaflet", choices=("auto", "cdn", "local"), default="auto")
    parser.add_argument("--quiet-ms", type=float, default=1000,
                        help="a change's window ends when the app is idle and the websocket has been quiet "
                             "this long (default 1000)")
    parser.add_argument("--no-naive", action="store_true", help="measure the dashboard alone")
    args = parser.parse_args(argv)

    try:
        return run(args)
    except bs.BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def run(args) -> int:
    from playwright.sync_api import sync_playwright

    bs.require_chromium()
    sc = scenario(args.area, args.records, args.rows, args.timeout)
    leaflet = args.naive_leaflet
    if leaflet == "auto":
        leaflet = "cdn" if bs.cdn_reachable() else "local"
    if leaflet == "local":
        bs.ensure_naive_leaflet()
    empty_sets = bs.BENCH_CACHE / "no-boundary-sets"
    specs = [("dashboard", "streamlit_app.py",
              {"DVK_RECORDS": str(sc.records), "DVK_BOUNDARY_SETS": str(empty_sets)})]
    if not args.no_naive:
        specs.append(("naive", "tests/benchmarks/naive_app.py",
                      {"NAIVE_BOUNDARIES": str(sc.naive_boundaries), "NAIVE_RECORDS": str(sc.records),
                       "NAIVE_LEAFLET": leaflet}, ["--server.enableStaticServing", "true"]))
    load_before = os.getloadavg()
    print(f"{sc.label}: {args.rounds} interleaved rounds; records {sc.records}; "
          f"naive app {'off' if args.no_naive else f'Leaflet {leaflet}, boundaries {sc.naive_boundaries}'}",
          flush=True)
    notes = []
    with bs.servers(*specs, timeout=180) as started, sync_playwright() as playwright:
        dashboard, naive = started[0], (started[1] if len(started) > 1 else None)
        browser = bs.launch(playwright)
        chromium = browser.version
        try:
            warm = {}
            apps = [("dashboard", dashboard.url + "/" + sc.query)]
            if naive is not None:
                apps.append(("naive app", naive.url + "/"))
            for name, url in apps:  # warm-up: the server's first session fills its caches
                print(f"warm-up: {name} ...", flush=True)
                first = visit(browser, url, max(sc.paint_timeout_ms, args.warmup_timeout * 1000), changes=False,
                              quiet_ms=args.quiet_ms)
                if first.error:
                    message = f"{name}: no map on the first load ({first.error})"
                    if name == "dashboard":
                        raise bs.BenchError(message + "\n" + dashboard.log_tail())
                    notes.append(f"{message}; the naive app is left out of the rounds")
                    print(notes[-1], flush=True)
                    apps = apps[:1]
                    naive.stop()  # a server still drawing would take CPU from the dashboard's rounds
                warm[name] = first.cold_ms
            rounds = []
            for i in range(args.rounds):
                d = visit(browser, apps[0][1], sc.paint_timeout_ms, quiet_ms=args.quiet_ms)
                n = visit(browser, apps[1][1], sc.paint_timeout_ms, quiet_ms=args.quiet_ms) if len(apps) > 1 else None
                rounds.append((d, n))
                print(f"round {i + 1}/{args.rounds}: dashboard {bs.fmt_ms(d.cold_ms)} cold, changes "
                      f"{', '.join(bs.fmt_ms(ms) for ms in d.change_ms)}{' ' + d.error if d.error else ''}"
                      + (f" | naive {bs.fmt_ms(n.cold_ms)} cold, changes "
                         f"{', '.join(bs.fmt_ms(ms) for ms in n.change_ms)}{' ' + n.error if n.error else ''}"
                         if n else ""), flush=True)
        finally:
            browser.close()
    load_after = os.getloadavg()
    print("\nserver logs: " + ", ".join(str(server.log.relative_to(ROOT)) for server in started))
    print(f"{platform.node()}: {os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after; Streamlit {_version('streamlit')}, folium {_version('folium')}, "
          f"Chromium {chromium}")
    report(sc, rounds, warm, notes)
    return 0


def _version(module: str) -> str:
    try:
        return __import__(module).__version__
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    sys.exit(main())
