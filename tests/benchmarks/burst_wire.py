"""The meeting burst's light client (bench_burst.py, `--client wire`): what a phone asks of the
server when it opens a shared link, without drawing it.

A phone asks for the page and the scripts, styles and fonts it names (a phone that opened the app
before has them cached), opens Streamlit's websocket, lets the app run once, then fetches the
map's geometry file named in the map's arguments. This client makes exactly those requests - the
HTTP paths a real Chromium load of the same link made (recorded in the warm-up), then the
websocket run (tests/streamlit_wire.py), then the geometry file - and times them from the first
request to the last byte: the server's share of a phone's time to map. Drawing is each phone's
own CPU; on this machine sixty Chromium pages cannot be drawn at once by two CPUs (the Chromium
client measured that: 276 CPU-seconds of drawing for 60 pages), so what the benchmark can
measure is what the one small server gives: every session served, how fast, with no error.
"""
from __future__ import annotations

import gzip
import json
import time
import urllib.request
from dataclasses import dataclass

from tests.streamlit_wire import Session as WireSession

MAP_COMPONENT = "dvk_map"  # the component's name in its element (dashboard/viewer/mapcomponent)


@dataclass
class Served:
    """One light session: when it started, how long until the map's data was delivered, what went wrong."""
    index: int
    started: float = 0.0
    to_map_ms: float | None = None
    error: str | None = None
    bytes: int = 0


def fetch(url: str, timeout: float) -> int:
    """GET `url` as a browser does (gzip accepted); the bytes that travelled. Raises on an HTTP error."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        gzip.decompress(body)  # the client does the work a browser does
    return len(body)


def geometry_path(run) -> str | None:
    """The geometry file the map's arguments name, or None when the run drew no map."""
    for element in run.elements():
        if element.WhichOneof("type") == "component_instance" and MAP_COMPONENT in element.component_instance.component_name:
            return json.loads(element.component_instance.json_args).get("geometry")
    return None


def serve_one(base: str, query: str, assets: list[str], timeout: float, index: int, origin: float) -> Served:
    """One phone opening the link: page and assets, one run over the websocket, the geometry file."""
    served = Served(index, started=time.monotonic() - origin)
    t0 = time.monotonic()
    try:
        served.bytes = sum(fetch(base + path, timeout) for path in assets)
        with WireSession(base, query.lstrip("?")) as session:
            run = session.run()
        problems = run.problems()
        geometry = geometry_path(run)
        if problems or not geometry:
            served.error = "; ".join(problems) or "no map in the run"
            return served
        served.bytes += fetch(base + geometry, timeout)
        served.to_map_ms = (time.monotonic() - t0) * 1000
    except Exception as exc:  # noqa: BLE001 - counted as an error, the others go on
        served.error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    return served
