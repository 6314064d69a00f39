"""Meeting burst (issue 9): many phones open one shared link at once, then many come and go.

    python -m tests.benchmarks.bench_burst                                  # 60 within 10 s, then 300 in a row
    python -m tests.benchmarks.bench_burst --phones-cached                  # phones that opened the app before
    python -m tests.benchmarks.bench_burst --client chromium                # real pages (drawn here too)
    python -m tests.benchmarks.bench_burst --sessions 20 --sequential 30 --settle 0   # a short run
    python -m tests.benchmarks.bench_burst --via both --rounds 3            # straight to the app vs through nginx

By default the sessions are the light client of burst_wire.py: each makes the HTTP requests a
Chromium load of the link made (recorded in the warm-up), one app run over the websocket and the
geometry file's GET, and is timed to the last byte: what the one server gives sixty phones, each of
which draws on its own CPU. `--client chromium` opens real pages in one headless Chromium instead,
as described below; on this 2-CPU machine that measures mostly Chromium's own drawing.

Starts one dashboard server (`streamlit run streamlit_app.py`, demo records through DVK_RECORDS, no
staff-activated boundary set, file watching off; stopped at the end whatever happens), opens the link
once to warm its caches, then:

1. Burst: `--sessions` browser sessions (default 60) open the same shared link (`--query`), their starts
   spread evenly over `--within` seconds (default 10). Each session is a fresh context (own cookies,
   cache, IndexedDB, websocket: a separate Streamlit session) in one headless Chromium (`--browsers` to
   spread them over several). Per session: the time from its `goto` to its map painted (the map
   iframe's first paint, as in bench_browser.py: `dataset.painted` of the map component, or the first
   filled polygons of a folium map), read in the browser. All stay open until the last has its map (or
   timed out), then all close. Errors: a session without a map within `--timeout`, an uncaught page
   error, or Streamlit's exception box / "app has encountered an error" on the page.
2. Come and go: `--sequential` sessions (default 300) one after another, each opened, waited for until
   its map is painted, and closed (the context: its websocket closes, Streamlit disconnects the
   session). The server's resident memory (psutil, else /proc/<pid>/status VmRSS) is read before the
   first, every 50 sessions, after the last, and again after `--settle` seconds (default 130: Streamlit
   keeps up to 128 disconnected sessions for reconnection for 120 s,
   `server.disconnectedSessionTTL`, so the memory of the last ones can only be given back after that).
   The target is the end within 15 % of the start.

The browser and the server share this machine's CPUs, and loading a Streamlit page costs Chromium far
more CPU than it costs the server (printed: CPU seconds of the server, of this benchmark's Chromium and
of the rest of the machine during the burst, and per session in the second part): with 60 pages on 2
CPUs the burst's times are mostly the browser's own. Memory of the benchmark itself: contexts of one
browser, not browsers; 60 open pages take a few GB.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.benchmarks import browser_bench_support as bs  # noqa: E402
from tests.benchmarks import burst_wire  # noqa: E402

DEMO_RECORDS = ROOT / "data" / "demo" / "records.csv"
SHARED_LINK = "?page=map&lang=vi&field=kinh-te,nong-thon-moi&from=2021&to=2022&metric=count"
MEMORY_TOLERANCE = 0.15


@dataclass
class Session:
    index: int
    started: float = 0.0          # s after the burst began
    to_map_ms: float | None = None
    error: str | None = None


async def open_session(browser, url: str, timeout_ms: float, index: int, origin: float,
                       requests: list[str] | None = None) -> tuple[Session, object]:
    """A new context and page opened on `url`, waited for until its map is painted; the context stays open.
    The URL of every HTTP request the page made is appended to `requests`, if given."""
    session = Session(index, started=time.monotonic() - origin)
    context = await browser.new_context(viewport=bs.VIEWPORT, locale="vi-VN")
    await context.add_init_script(bs.PAINT_OBSERVER)
    page_errors: list[str] = []
    try:
        page = await context.new_page()
        page.on("pageerror", lambda exc: page_errors.append(str(exc)[:200]))
        if requests is not None:
            page.on("request", lambda request: requests.append(request.url))
        t0 = bs.now_ms()
        await page.goto(url, wait_until="commit", timeout=timeout_ms)
        handle = await page.wait_for_function(bs.NEXT_PAINT_JS, arg=[t0 - 2, bs.NO_PAINT, bs.MAP_IFRAME],
                                              timeout=timeout_ms, polling=50)
        record = await handle.json_value()
        if record["kind"] == "error":
            session.error = "the map frame reports an error"
        else:
            session.to_map_ms = record["t"] - t0
        problem = await _page_problem(page)
        if problem:
            session.error = f"the page shows: {problem}"
    except Exception as exc:  # noqa: BLE001 - counted as an error, the others go on
        session.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        if "page" in locals():
            session.error += f" ({await _stage(page)})"
    if page_errors and not session.error:
        session.error = f"page error: {page_errors[0]}"
    return session, context


async def _stage(page) -> str:
    """How far a page that timed out got: for telling a slow server from a broken page."""
    try:
        return await page.evaluate("""(selector) => {
            const state = document.querySelector('[data-test-script-state]');
            const maps = document.querySelectorAll(selector).length;
            const status = document.querySelector('[data-testid="stStatusWidget"]');
            return `script ${state ? state.getAttribute('data-test-script-state') : 'not started'}, `
                 + `${maps} map iframe(s)${status ? ', status: ' + status.innerText.trim() : ''}`;
        }""", bs.MAP_IFRAME)
    except Exception:  # noqa: BLE001
        return "page unreadable"


async def _page_problem(page) -> str:
    boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    if await boxes.count():
        return " ".join((await boxes.first.inner_text()).split())[:200]
    body = await page.locator("body").inner_text()
    return "This app has encountered an error" if "This app has encountered an error" in body else ""


async def sample_rss(pid: int, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(bs.rss_mb(pid))
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except asyncio.TimeoutError:
            pass


async def burst(browsers, url: str, sessions: int, within: float, timeout_ms: float, pid: int):
    """`sessions` sessions started evenly over `within` seconds; all closed once every one is done."""
    origin = time.monotonic()
    samples: list[float] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, samples, stop))

    async def start(i: int):
        await asyncio.sleep(max(0.0, origin + i * within / sessions - time.monotonic()))
        return await open_session(browsers[i % len(browsers)], url, timeout_ms, i, origin)

    results = await asyncio.gather(*(start(i) for i in range(sessions)))
    last_start = max(s.started for s, _ in results)
    done = time.monotonic() - origin
    stop.set()
    await sampler
    await asyncio.gather(*(context.close() for _, context in results), return_exceptions=True)
    return [s for s, _ in results], samples, last_start, done


async def come_and_go(browser, url: str, count: int, timeout_ms: float, pid: int):
    """`count` sessions one after another, each closed once its map is painted; RSS every 50."""
    sessions, rss = [], [(0, bs.rss_mb(pid))]
    for i in range(count):
        session, context = await open_session(browser, url, timeout_ms, i, time.monotonic())
        await context.close()
        sessions.append(session)
        if (i + 1) % 50 == 0 or i + 1 == count:
            rss.append((i + 1, bs.rss_mb(pid)))
            print(f"   {i + 1}/{count} sessions: server RSS {rss[-1][1]:.0f} MB", flush=True)
    return sessions, rss


def phone_paths(urls: list[str], base: str) -> list[str]:
    """The HTTP paths (with queries) a page load asked of the server, in order and once each: not the
    websocket, not the geometry file (burst_wire fetches the one the run names)."""
    paths = []
    for url in urls:
        if url.startswith(base) and "/_stcore/stream" not in url and "/app/static/geo/" not in url:
            path = url[len(base):] or "/"
            if path not in paths:
                paths.append(path)
    return paths


async def wire_burst(base: str, query: str, assets: list[str], sessions: int, within: float, timeout: float,
                     pid: int):
    """The burst with the light client: `sessions` threads, started evenly over `within` seconds."""
    origin = time.monotonic()
    samples: list[float] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, samples, stop))
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        async def start(i: int):
            await asyncio.sleep(max(0.0, origin + i * within / sessions - time.monotonic()))
            return await loop.run_in_executor(pool, burst_wire.serve_one, base, query, assets, timeout, i, origin)
        results = await asyncio.gather(*(start(i) for i in range(sessions)))
    done = time.monotonic() - origin
    stop.set()
    await sampler
    return results, samples, max(s.started for s in results), done


async def wire_come_and_go(base: str, query: str, assets: list[str], count: int, timeout: float, pid: int):
    """`count` light sessions one after another (each closes its websocket when served); RSS every 50."""
    sessions, rss = [], [(0, bs.rss_mb(pid))]
    loop = asyncio.get_running_loop()
    for i in range(count):
        sessions.append(await loop.run_in_executor(None, burst_wire.serve_one, base, query, assets, timeout, i,
                                                   time.monotonic()))
        if (i + 1) % 50 == 0 or i + 1 == count:
            rss.append((i + 1, bs.rss_mb(pid)))
            print(f"   {i + 1}/{count} sessions: server RSS {rss[-1][1]:.0f} MB", flush=True)
    return sessions, rss


def _cpu(server, since: dict | None = None) -> dict:
    """CPU seconds of the server, of this benchmark's Chromium and of everything else, since `since`."""
    now = {"wall": time.monotonic(), "server": bs.cpu_seconds(server.pid),
           "browser": bs.tree_cpu_seconds(os.getpid(), exclude=frozenset({server.pid})),
           "busy": bs.machine_busy_seconds()}
    if since is None:
        return now
    used = {key: now[key] - since[key] for key in now}
    used["other"] = max(0.0, used["busy"] - used["server"] - used["browser"])
    return used


def describe(sessions: list, what: str = "map painted") -> str:
    times = [s.to_map_ms for s in sessions if s.to_map_ms is not None]
    stats = bs.summary(times)
    errors = [s for s in sessions if s.error]
    return (f"maps {len(times)}/{len(sessions)}; time to {what}: median {bs.fmt_ms(stats['median'])}, "
            f"p95 {bs.fmt_ms(stats['p95'])}, max {bs.fmt_ms(stats['max'])}; errors {len(errors)}")


async def run(args) -> int:
    from playwright.async_api import async_playwright

    bs.require_chromium()
    records = args.records or DEMO_RECORDS
    env = {"DVK_RECORDS": str(records), "DVK_BOUNDARY_SETS": str(bs.BENCH_CACHE / "no-boundary-sets")}
    load_before = os.getloadavg()
    timeout_ms = args.timeout * 1000
    with bs.servers(("burst", "streamlit_app.py", env), timeout=180) as (server,):
        url = f"{server.url}/{args.query}"
        print(f"server pid {server.pid} on {url}; records {records}", flush=True)
        async with async_playwright() as playwright:
            browsers = [await playwright.chromium.launch(executable_path=str(bs.CHROMIUM), args=bs.LAUNCH_ARGS)
                        for _ in range(args.browsers)]
            try:
                requested: list[str] = []
                warm, context = await open_session(browsers[0], url, max(timeout_ms, 300_000), -1, time.monotonic(),
                                                   requests=requested)
                await context.close()
                if warm.error:
                    raise bs.BenchError(f"no map on the first load: {warm.error}\n{server.log_tail()}")
                print(f"warm-up: first load after server start {bs.fmt_ms(warm.to_map_ms)}", flush=True)
                assets = [] if args.phones_cached else phone_paths(requested, server.url)
                if args.client == "wire":
                    print(f"light client: each session GETs {len(assets)} paths a Chromium load asked for"
                          f"{' (none: --phones-cached)' if args.phones_cached else ''}, runs the app once over "
                          f"the websocket, then GETs the geometry file it names", flush=True)
                    if args.via == "both":
                        await _direct_and_nginx(args, server, assets)
                    else:
                        await _wire(args, server, assets)
                    return 0

                rss_start, cpu = server.rss_mb(), _cpu(server)
                print(f"\nburst: {args.sessions} sessions, starts spread over {args.within:g} s, "
                      f"{args.browsers} browser(s) ...", flush=True)
                sessions, samples, last_start, done = await burst(browsers, url, args.sessions, args.within,
                                                                  timeout_ms, server.pid)
                rss_after_burst, cpu = server.rss_mb(), _cpu(server, since=cpu)
                print(f"   last session started at {last_start:.1f} s; all done at {done:.1f} s")
                print(f"   CPU used meanwhile: server {cpu['server']:.0f} s, this benchmark's Chromium "
                      f"{cpu['browser']:.0f} s, the rest of the machine {cpu['other']:.0f} s, of "
                      f"{cpu['wall'] * (os.cpu_count() or 1):.0f} s available ({os.cpu_count()} CPUs × "
                      f"{cpu['wall']:.0f} s)")
                print(f"   {describe(sessions)}")
                for s in sessions:
                    if s.error:
                        print(f"   session {s.index} (started {s.started:.1f} s): {s.error}")
                slowest = sorted((s for s in sessions if s.to_map_ms), key=lambda s: -s.to_map_ms)[:3]
                print("   slowest: " + ", ".join(f"#{s.index} started {s.started:.1f} s, map after "
                                                  f"{bs.fmt_ms(s.to_map_ms)}" for s in slowest))
                print(f"   server RSS: {rss_start:.0f} MB before, peak {max(samples, default=rss_start):.0f} MB, "
                      f"{rss_after_burst:.0f} MB after all closed")

                if args.sequential:
                    print(f"\ncome and go: {args.sequential} sessions opened and closed one after another ...",
                          flush=True)
                    cpu = _cpu(server)
                    seq, rss = await come_and_go(browsers[0], url, args.sequential, timeout_ms, server.pid)
                    cpu = _cpu(server, since=cpu)
                    print(f"   {describe(seq)}")
                    print(f"   CPU per session: server {cpu['server'] / len(seq):.2f} s, Chromium "
                          f"{cpu['browser'] / len(seq):.2f} s (the rest of the machine used {cpu['other']:.0f} s "
                          f"of {cpu['wall'] * (os.cpu_count() or 1):.0f} s meanwhile)")
                    for s in seq:
                        if s.error:
                            print(f"   session {s.index}: {s.error}")
                    await _settle(args, server, rss[0][1], rss[-1][1])
                if server.proc.poll() is not None:
                    raise bs.BenchError(f"the server died:\n{server.log_tail()}")
            finally:
                for browser in browsers:
                    await browser.close()
    load_after = os.getloadavg()
    print(f"\n{os.cpu_count()} CPUs, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    return 0


async def _wire(args, server, assets: list[str]) -> None:
    """Both parts with the light client (burst_wire.py): what the server serves, not what phones draw."""
    rss_start, cpu, client = server.rss_mb(), _cpu(server), sum(os.times()[:2])
    print(f"\nburst: {args.sessions} sessions, starts spread over {args.within:g} s ...", flush=True)
    sessions, samples, last_start, done = await wire_burst(server.url, args.query, assets, args.sessions,
                                                           args.within, args.timeout, server.pid)
    cpu, client = _cpu(server, since=cpu), sum(os.times()[:2]) - client
    print(f"   last session started at {last_start:.1f} s; all served at {done:.1f} s; CPU: server "
          f"{cpu['server']:.0f} s, this client {client:.0f} s, of {cpu['wall'] * (os.cpu_count() or 1):.0f} s")
    print(f"   {describe(sessions, 'map data delivered')}; bytes per session "
          f"{bs.fmt_bytes(statistics.median(s.bytes for s in sessions))}")
    for s in sessions:
        if s.error:
            print(f"   session {s.index} (started {s.started:.1f} s): {s.error}")
    print(f"   server RSS: {rss_start:.0f} MB before, peak {max(samples, default=rss_start):.0f} MB")
    if args.sequential:
        print(f"\ncome and go: {args.sequential} sessions one after another ...", flush=True)
        seq, rss = await wire_come_and_go(server.url, args.query, assets, args.sequential, args.timeout, server.pid)
        print(f"   {describe(seq, 'map data delivered')}")
        await _settle(args, server, rss[0][1], rss[-1][1])


async def _direct_and_nginx(args, server, assets: list[str]) -> None:
    """The burst straight to the app process and through the nginx site of deploy/ (plain http on
    loopback, its copy of the content-named files warmed by one phone first), in interleaved rounds:
    what nginx's copy and compression take off the one app process."""
    from tests.deploy.nginx import Nginx

    folder = bs.BENCH_CACHE / f"nginx-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    proxy = Nginx(folder, (server.url.split("://", 1)[1],), tls=False)
    proxy.start({})
    try:
        burst_wire.serve_one(proxy.url, args.query, assets, args.timeout, -1, time.monotonic())  # warms its copy
        results: dict[str, list] = {"direct": [], "nginx": []}
        for round_ in range(args.rounds):
            order = ("direct", "nginx") if round_ % 2 == 0 else ("nginx", "direct")
            for via in order:
                base = server.url if via == "direct" else proxy.url
                cpu = _cpu(server)
                sessions, _, _, done = await wire_burst(base, args.query, assets, args.sessions, args.within,
                                                        args.timeout, server.pid)
                cpu = _cpu(server, since=cpu)
                times = [x.to_map_ms for x in sessions if x.to_map_ms is not None]
                results[via].append((bs.summary(times), sum(1 for x in sessions if x.error), cpu["server"], done))
                print(f"   round {round_ + 1} {via}: {describe(sessions, 'map data delivered')}; "
                      f"app process CPU {cpu['server']:.1f} s; all served at {done:.1f} s", flush=True)
                await asyncio.sleep(args.pause)
        _print_comparison(results)
    finally:
        proxy.stop()


def _print_comparison(results: dict[str, list]) -> None:
    """Medians over the rounds, direct against nginx, and the paired ratios (nginx / direct)."""
    rows = [("time to map data, median", lambda r: r[0]["median"], bs.fmt_ms),
            ("time to map data, p95", lambda r: r[0]["p95"], bs.fmt_ms),
            ("app process CPU per burst", lambda r: r[2], lambda v: f"{v:.1f} s"),
            ("all served after", lambda r: r[3], lambda v: f"{v:.1f} s"),
            ("errors", lambda r: r[1], lambda v: f"{v:g}")]
    print("\n| burst | direct to the app | through nginx | ratio nginx/direct (paired) |\n|---|---|---|---|")
    for name, value, fmt in rows:
        direct, proxied = [value(r) for r in results["direct"]], [value(r) for r in results["nginx"]]
        ratios = [p / d for d, p in zip(direct, proxied) if d]
        ratio = f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})" if ratios else "–"
        print(f"| {name} | {fmt(statistics.median(direct))} | {fmt(statistics.median(proxied))} | {ratio} |")


async def _settle(args, server, start: float, end: float) -> None:
    """Memory at the start, after the last session and after --settle seconds (the target: within 15 %)."""
    print(f"   server RSS: {start:.0f} MB at the start, {end:.0f} MB after the last "
          f"({100 * (end - start) / start:+.1f} %)")
    if args.settle > 0:
        print(f"   waiting {args.settle:g} s (disconnected sessions expire after 120 s) ...", flush=True)
        await asyncio.sleep(args.settle)
        settled = server.rss_mb()
        print(f"   server RSS after {args.settle:g} s: {settled:.0f} MB ({100 * (settled - start) / start:+.1f} %; "
              f"target within {100 * MEMORY_TOLERANCE:.0f} %)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=60, help="sessions in the burst (default 60)")
    parser.add_argument("--within", type=float, default=10.0, help="seconds over which the burst starts")
    parser.add_argument("--sequential", type=int, default=300, help="sessions opened and closed in a row")
    parser.add_argument("--settle", type=float, default=130.0,
                        help="seconds to wait after the last session before the final memory reading")
    parser.add_argument("--browsers", type=int, default=1, help="Chromium instances to spread the burst over")
    parser.add_argument("--query", default=SHARED_LINK, help="the shared link's query (default %(default)s)")
    parser.add_argument("--records", type=Path, help="records CSV (default data/demo/records.csv)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds a session may wait for its map")
    parser.add_argument("--client", choices=("wire", "chromium"), default="wire",
                        help="wire (default): the light client of burst_wire.py, what the server serves; "
                             "chromium: real pages, drawn by this machine's CPUs too")
    parser.add_argument("--via", choices=("direct", "both"), default="direct",
                        help="wire client: both = interleaved bursts straight to the app and through the nginx "
                             "site of deploy/ (needs nginx), no come-and-go part")
    parser.add_argument("--rounds", type=int, default=3, help="--via both: rounds of each (default 3)")
    parser.add_argument("--pause", type=float, default=15.0,
                        help="--via both: seconds between bursts, for the sessions of the last one to go")
    parser.add_argument("--phones-cached", action="store_true",
                        help="wire client: phones have Streamlit's scripts cached (only the websocket and geometry)")
    args = parser.parse_args(argv)
    try:
        return asyncio.run(run(args))
    except bs.BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
