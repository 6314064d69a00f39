"""Shared by the browser benchmarks (bench_browser.py, bench_burst.py): servers, Chromium, the map's paint
signal, network accounting from the DevTools protocol, and the statistics. Not a test module.

Servers: `Server` runs `streamlit run <script>` on a free port as a child process that dies with the
benchmark (Linux PR_SET_PDEATHSIG), logs to cache/bench/logs/, and is always stopped by `stop()`
(callers use try/finally; `servers()` is a context manager for several).

When the map has painted is read inside the map's iframe, not by polling from Python: an init script
(`PAINT_OBSERVER`, in every child frame) keeps a list of timestamped paint records in the frame:
- the new map component (dashboard/viewer/mapcomponent; iframe title containing "mapcomponent" or
  "dvk_map") sets `document.documentElement.dataset.painted` to n after its n-th paint: each new value
  is a record {kind: "painted", painted: n, units: dataset.units, t: Date.now()};
- a folium map (streamlit-folium, the current dashboard and the naive app) has no such signal: a
  MutationObserver records, whenever the set of `path.leaflet-interactive` or their `fill` attributes
  change, {kind: "fills", n: number of paths, sig: hash of the fills, t: Date.now()}.
A change is "painted" at the first record after the action that differs from the state before it
(a higher `painted`; or, for folium, as many paths as before with other fills). Times are the browser's
Date.now() minus the Python wall clock taken just before the action (one clock, one machine), so the
Playwright round trips that detect the record are not counted.

Network: `Traffic` listens to the page's DevTools session (Network domain): every HTTP response's
`encodedDataLength` at Network.loadingFinished (bytes on the wire, headers included; same-origin
iframes such as Streamlit components are in the page's session) and every websocket frame's payload
(binary frames are base64 in the protocol and are counted decoded), each frame parsed as Streamlit's
ForwardMsg (received) or BackMsg (sent) protobuf to know what it is (script_finished, rerun_script,
heartbeats...).
"""
from __future__ import annotations

import base64
import contextlib
import ctypes
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

try:  # one place for the project's Chromium and its launch flags
    from tests.browser.browser_support import CHROMIUM, LAUNCH_ARGS, VIEWPORT
except ImportError:  # pragma: no cover - the same values, should that module move
    CHROMIUM = Path("/usr/bin/chromium")
    LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run"]
    VIEWPORT = {"width": 1400, "height": 1000}

BENCH_CACHE = REPO / "cache" / "bench"  # git-ignored
LOG_DIR = BENCH_CACHE / "logs"
NEW_MAP_IFRAME = 'iframe[title*="mapcomponent"], iframe[title*="dvk_map"]'
FOLIUM_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
MAP_IFRAME = f"{NEW_MAP_IFRAME}, {FOLIUM_IFRAME}"
STREAMLIT_BUNDLE_PREFIX = "/static/"  # Streamlit's own frontend (JS, CSS, fonts); the app's files are /app/static/
GEOMETRY_PREFIX = "/app/static/geo/"  # the new component's geometry documents (contract.md §1)
HEARTBEATS = frozenset({"app_heartbeat", "heartbeat_ack"})


class BenchError(RuntimeError):
    """A benchmark that cannot go on: said plainly, without a traceback."""


# --------------------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the benchmark process dies, however it dies."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Server:
    """`python -m streamlit run <script>` from the repository root on a free port, file watching off
    (an edit somewhere in the tree must not reload the app's modules in the middle of a measurement)."""

    def __init__(self, name: str, script: str, env: dict[str, str] | None = None, args: list[str] | None = None):
        self.name = name
        self.port = free_port()
        self.url = f"http://localhost:{self.port}"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log = LOG_DIR / f"{name}-{self.port}.log"
        self._log_file = open(self.log, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", *(args or [])],
            cwd=REPO, env={**os.environ, **(env or {})}, stdout=self._log_file, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_healthy(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name}: streamlit exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise BenchError(f"{self.name}: not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if not self._log_file.closed:
            self._log_file.close()


@contextlib.contextmanager
def servers(*specs: tuple, timeout: float = 120):
    """Start servers (each spec: Server's arguments), wait until all answer, always stop them all."""
    started: list[Server] = []
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _terminate)  # `kill <pid>`: still stop the servers (finally below)
    try:
        for spec in specs:
            started.append(Server(*spec))
        for server in started:
            server.wait_healthy(timeout)
        yield started
    finally:
        for server in started:
            server.stop()
        signal.signal(signal.SIGTERM, previous)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB: psutil when installed, else /proc/<pid>/status VmRSS."""
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss / 1e6
    except ImportError:
        pass
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
    raise BenchError(f"no VmRSS for process {pid}")


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name: [state, ppid, ...]; utime is [11], cutime [13]."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far."""
    fields = _stat(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root: int, exclude: frozenset[int] = frozenset()) -> float:
    """CPU time of a process's descendants (not itself, nor the subtrees of `exclude`), the finished
    ones included as far as their parents reaped them (cutime): e.g. this benchmark's Chromium, whose
    browser process reaps the renderers of closed contexts."""
    parents: dict[int, int] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = _stat(int(entry.name))
            except OSError:
                continue
            parents[int(entry.name)], stats[int(entry.name)] = int(fields[1]), fields
    total, stack = 0, [pid for pid, parent in parents.items() if parent == root and pid not in exclude]
    while stack:
        pid = stack.pop()
        fields = stats[pid]
        total += sum(int(fields[i]) for i in (11, 12, 13, 14))
        stack.extend(child for child, parent in parents.items() if parent == pid and child not in exclude)
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all CPUs of the machine have spent busy (not idle or waiting), from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- Chromium

def require_chromium() -> None:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        raise BenchError(f"{CHROMIUM} is missing (apt-get install chromium, or `make chromium`)")


def launch(playwright, extra_args: list[str] | None = None):
    """Debian's Chromium, headless, with the project's launch flags."""
    require_chromium()
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=[*LAUNCH_ARGS, *(extra_args or [])])


# Installed by the Streamlit page into every same-origin iframe's document as soon as it exists (within
# 10 ms; an init script in the iframe itself does not work: Chromium reuses the window of the iframe's
# initial about:blank and runs no init script for the component's document). Timestamped paint
# records, see the module docstring.
PAINT_OBSERVER = r"""(() => {
  if (window !== window.top) return;
  const hash = s => { let h = 5381; for (let i = 0; i < s.length; i++) h = (h * 33 ^ s.charCodeAt(i)) | 0; return h; };
  const install = (win, doc) => {
    const bench = win.__bench = {doc, records: [], sig: null, painted: null};
    const snapshot = () => {
      const root = doc.documentElement;
      if (!root) return;
      if (root.dataset.error === '1' && !bench.error) {
        bench.error = true; bench.records.push({kind: 'error', t: Date.now()});
      }
      if (root.dataset.painted !== undefined) {
        const p = Number(root.dataset.painted);
        if (p !== bench.painted) {
          bench.painted = p;
          bench.records.push({kind: 'painted', painted: p, units: Number(root.dataset.units || 0), t: Date.now()});
        }
        return;
      }
      const paths = doc.querySelectorAll('path.leaflet-interactive');
      let fills = '';
      for (const p of paths) fills += (p.getAttribute('fill') || '') + ',';
      const sig = paths.length + ':' + hash(fills);
      if (sig !== bench.sig) {
        bench.sig = sig;
        bench.records.push({kind: 'fills', n: paths.length, sig, t: Date.now()});
      }
    };
    new win.MutationObserver(snapshot).observe(doc, {subtree: true, childList: true, attributes: true,
        attributeFilter: ['fill', 'data-painted', 'data-error']});
    snapshot();
  };
  // Each new iframe is checked every 10 ms only until its document is there (then also on each 'load',
  // for a navigation of the same element): an idle page costs nothing (60 pages in a burst).
  const watch = iframe => {
    if (iframe.__benchWatched) return;
    iframe.__benchWatched = true;
    const attempt = () => {
      let win, doc;
      try { win = iframe.contentWindow; doc = iframe.contentDocument; } catch (e) { return true; }
      if (!win || !doc || doc.URL === 'about:blank') return false;
      if (!(win.__bench && win.__bench.doc === doc)) install(win, doc);
      return true;
    };
    const poll = () => { if (iframe.isConnected && !attempt()) setTimeout(poll, 10); };
    iframe.addEventListener('load', () => { if (!attempt()) poll(); });
    poll();
  };
  const scan = () => { for (const iframe of document.getElementsByTagName('iframe')) watch(iframe); };
  new MutationObserver(records => {
    for (const record of records)
      for (const node of record.addedNodes)
        if (node.nodeType === 1 && (node.tagName === 'IFRAME' || node.getElementsByTagName('iframe').length)) {
          scan();
          return;
        }
  }).observe(document, {childList: true, subtree: true});
  scan();
})();"""

# Read from the Streamlit page, over every map iframe it holds: a folium map without a key is a new
# iframe whenever its HTML changes (the naive app: every filter change), so a frame handle would go stale.
_MAP_BENCHES_JS = r"""
  const benches = [];
  for (const iframe of document.querySelectorAll(selector)) {
    let bench = null;
    try { bench = iframe.contentWindow && iframe.contentWindow.__bench; } catch (e) {}
    if (bench) benches.push([bench, (iframe.title || '').includes('streamlit_folium') ? 'folium' : 'component']);
  }
"""

# The first record after `t0` (ms) that is a new paint compared with `base` (the state before the action):
# for the component only its own signal counts (its paths exist before its first paint completes).
NEXT_PAINT_JS = r"""([t0, base, selector]) => {""" + _MAP_BENCHES_JS + r"""
  for (const [bench, kind] of benches) {
    for (const r of bench.records) {
      if (r.t < t0) continue;
      if (r.kind === 'error') return {...r, map: kind};
      if (r.kind === 'painted' && r.painted > (base.painted ?? 0)) return {...r, map: kind};
      if (kind === 'folium' && r.kind === 'fills' && r.n > 0 && r.sig !== base.sig
          && (base.n == null || r.n === base.n)) return {...r, map: kind};
    }
  }
  return null;
}"""

PAINT_STATE_JS = r"""(selector) => {""" + _MAP_BENCHES_JS + r"""
  const state = {painted: null, sig: null, n: null};
  for (const [bench] of benches) {
    const fills = bench.records.filter(r => r.kind === 'fills').pop();
    if (bench.painted != null) state.painted = bench.painted;
    if (fills) { state.sig = fills.sig; state.n = fills.n; }
  }
  return state;
}"""

NO_PAINT = {"painted": None, "sig": None, "n": None}  # the state before a page's first paint


def paint_state(page) -> dict:
    """The map's state now (its last `painted`, or its paths' count and fills), to compare a change with."""
    return page.evaluate(PAINT_STATE_JS, MAP_IFRAME)


def wait_paint(page, t0_ms: float, base: dict, timeout_ms: float) -> dict:
    """The first paint in any map iframe of `page` after t0_ms (wall clock, ms) that differs from `base`:
    a record {kind, t (Date.now()), map: "component" | "folium", painted/units or n/sig}.
    Raises BenchError when the map frame reports an error."""
    handle = page.wait_for_function(NEXT_PAINT_JS, arg=[t0_ms - 2, base, MAP_IFRAME], timeout=timeout_ms,
                                    polling=50)
    record = handle.json_value()
    if record["kind"] == "error":
        raise BenchError("the map frame reports an error (dataset.error = 1)")
    return record


def ensure_naive_leaflet() -> Path:
    """Leaflet in tests/benchmarks/static/leaflet (git-ignored) for the naive app offline, as naive_app.py
    would copy it; it must exist before that server starts (Streamlit looks for static/ at start)."""
    import shutil
    import xstatic.pkg.leaflet as xleaflet
    target, source = Path(__file__).resolve().parent / "static" / "leaflet", Path(xleaflet.BASE_DIR)
    target.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        shutil.copy2(source / name, target / name)
    shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
    return target


def cdn_reachable(host: str = "cdn.jsdelivr.net") -> bool:
    """Whether folium's default CDN answers (the naive app's `auto` Leaflet mode asks the same)."""
    try:
        with socket.create_connection((host, 443), timeout=2):
            return True
    except OSError:
        return False


def new_context(browser, **options):
    """A fresh context (empty cache, empty IndexedDB) with the paint observer in every map frame."""
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", **options)
    context.add_init_script(PAINT_OBSERVER)
    return context


def page_problem(page) -> str:
    """What the page shows when the app failed (Streamlit's exception box or its error alert), else ''."""
    try:
        boxes = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        texts = boxes.all_inner_texts() if boxes.count() else []
        body = page.locator("body").inner_text(timeout=2_000)
    except Exception:  # noqa: BLE001 - the page itself may be gone
        return ""
    generic = "This app has encountered an error"
    texts = [" ".join(t.split())[:160] for t in texts if generic not in t]
    if generic in body:
        texts.insert(0, f"{generic} (the server log has the traceback)")
    return " / ".join(dict.fromkeys(texts))


def now_ms() -> float:
    return time.time() * 1000


def wait_script_idle(page, timeout_ms: float = 60_000) -> None:
    """No script run in progress and nothing stale (the attribute Streamlit's own e2e tests read)."""
    page.wait_for_function(
        """() => {
            const state = document.querySelector('[data-test-script-state]');
            return !state || (state.getAttribute('data-test-script-state') === 'notRunning'
                              && !document.querySelector('[data-stale="true"]'));
        }""", timeout=timeout_ms, polling=50)


# --------------------------------------------------------------------------- network

@dataclass
class Frame:
    ts: float          # DevTools monotonic seconds
    sent: bool         # browser -> server
    size: int          # payload bytes (decoded)
    type: str | None   # ForwardMsg / BackMsg oneof name
    status: int | None = None  # script_finished status
    detail: str | None = None  # a delta's element type ("delta:component_instance", "delta:add_block", ...)


@dataclass
class Response:
    ts: float
    url: str
    size: int          # encodedDataLength: bytes on the wire, headers included
    status: int | None = None
    cached: bool = False


@dataclass
class Traffic:
    """What one page sends and receives, from its DevTools session."""
    frames: list[Frame] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    _urls: dict = field(default_factory=dict)
    _status: dict = field(default_factory=dict)

    @classmethod
    def attach(cls, context, page) -> "Traffic":
        traffic = cls()
        cdp = context.new_cdp_session(page)
        cdp.on("Network.requestWillBeSent", traffic._request)
        cdp.on("Network.responseReceived", traffic._response)
        cdp.on("Network.loadingFinished", traffic._finished)
        cdp.on("Network.loadingFailed", traffic._failed)
        cdp.on("Network.webSocketFrameReceived", lambda e: traffic._frame(e, sent=False))
        cdp.on("Network.webSocketFrameSent", lambda e: traffic._frame(e, sent=True))
        cdp.send("Network.enable")
        return traffic

    def _request(self, event) -> None:
        self._urls[event["requestId"]] = event["request"]["url"]

    def _response(self, event) -> None:
        response = event["response"]
        self._status[event["requestId"]] = (response.get("status"), bool(response.get("fromDiskCache")))

    def _finished(self, event) -> None:
        status, cached = self._status.get(event["requestId"], (None, False))
        self.responses.append(Response(event["timestamp"], self._urls.get(event["requestId"], "?"),
                                       int(event.get("encodedDataLength") or 0), status, cached))

    def _failed(self, event) -> None:
        if not event.get("canceled"):
            self.failed.append(f"{self._urls.get(event['requestId'], '?')}: {event.get('errorText')}")

    def _frame(self, event, sent: bool) -> None:
        response = event["response"]
        payload = response.get("payloadData", "")
        data = base64.b64decode(payload) if response.get("opcode") == 2 else payload.encode()
        kind, status, detail = message_type(data, sent)
        self.frames.append(Frame(event["timestamp"], sent, len(data), kind, status, detail))

    def mark(self) -> tuple[int, int]:
        return len(self.frames), len(self.responses)

    def window(self, start: tuple[int, int], end: tuple[int, int] | None = None) -> "Window":
        end = end or self.mark()
        return Window(self.frames[start[0]:end[0]], self.responses[start[1]:end[1]])

    def settle(self, page, quiet_ms: float = 500, timeout_ms: float = 15_000) -> None:
        """Wait for the app to be idle and the websocket quiet (heartbeats aside) for `quiet_ms`."""
        wait_script_idle(page, timeout_ms)
        deadline = time.monotonic() + timeout_ms / 1000
        seen, quiet_since = self._busy(), time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver pending events
            busy = self._busy()
            if busy != seen:
                seen, quiet_since = busy, time.monotonic()
            elif (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return

    def _busy(self) -> tuple[int, int]:
        return sum(1 for f in self.frames if f.type not in HEARTBEATS), len(self.responses)


@dataclass
class Window:
    frames: list[Frame]
    responses: list[Response]

    def ws_bytes(self) -> int:
        """Websocket payload bytes both ways, heartbeats left out."""
        return sum(f.size for f in self.frames if f.type not in HEARTBEATS)

    def ws_received(self) -> int:
        return sum(f.size for f in self.frames if not f.sent and f.type not in HEARTBEATS)

    def http_bytes(self, predicate=lambda url: True) -> int:
        return sum(r.size for r in self.responses if predicate(urlsplit(r.url).path) and _local(r.url))

    def foreign(self) -> list[str]:
        return [r.url for r in self.responses if not _local(r.url)]

    def reruns(self) -> int:
        return sum(1 for f in self.frames if f.sent and f.type == "rerun_script")

    def by_type(self) -> dict[str, int]:
        """Bytes received per ForwardMsg type, deltas per element type (what a change sends)."""
        out: dict[str, int] = {}
        for f in self.frames:
            if not f.sent and f.type not in HEARTBEATS:
                key = f.detail or f.type or "?"
                out[key] = out.get(key, 0) + f.size
        return dict(sorted(out.items(), key=lambda item: -item[1]))

    def server_times_ms(self) -> list[float]:
        """Per rerun: from the frame that asks for it (BackMsg rerun_script) to the frame that says the
        script finished (ForwardMsg script_finished, FINISHED_SUCCESSFULLY or a fragment run); runs
        cut short by the next rerun (FINISHED_EARLY_FOR_RERUN) are not counted."""
        times, start = [], None
        for f in self.frames:
            if f.sent and f.type == "rerun_script":
                start = f.ts if start is None else start
            elif not f.sent and f.type == "script_finished" and start is not None:
                if f.status in (0, 3):
                    times.append((f.ts - start) * 1000)
                    start = None
                elif f.status == 2:
                    start = f.ts  # the next run starts where this one was cut
                else:
                    start = None
        return times


def _local(url: str) -> bool:
    return urlsplit(url).hostname in ("localhost", "127.0.0.1", "::1", "[::1]")


def message_type(data: bytes, sent: bool) -> tuple[str | None, int | None, str | None]:
    """(message type, script_finished status, delta element type) of a websocket payload."""
    try:
        if sent:
            from streamlit.proto.BackMsg_pb2 import BackMsg
            return BackMsg.FromString(data).WhichOneof("type"), None, None
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
        msg = ForwardMsg.FromString(data)
        kind = msg.WhichOneof("type")
        if kind == "script_finished":
            return kind, msg.script_finished, None
        if kind == "delta":
            delta = msg.delta.WhichOneof("type")
            element = msg.delta.new_element.WhichOneof("type") if delta == "new_element" else delta
            return kind, None, f"delta:{element}"
        return kind, None, None
    except Exception:  # noqa: BLE001 - not a Streamlit message: counted, untyped
        return None, None, None


# --------------------------------------------------------------------------- statistics

def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: list[float]) -> dict[str, float]:
    values = [v for v in values if v is not None and not math.isnan(v)]
    if not values:
        return {"n": 0, "median": math.nan, "min": math.nan, "max": math.nan, "p90": math.nan, "p95": math.nan}
    return {"n": len(values), "median": median(values), "min": min(values), "max": max(values),
            "p90": percentile(values, 90), "p95": percentile(values, 95)}


def fmt_ms(value: float) -> str:
    if value is None or math.isnan(value):
        return "–"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms"


def fmt_bytes(value: float) -> str:
    if value is None or math.isnan(value):
        return "–"
    if value >= 1e6:
        return f"{value / 1e6:.2f} MB"
    if value >= 1e3:
        return f"{value / 1e3:.1f} KB"
    return f"{value:.0f} B"
