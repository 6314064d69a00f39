"""Widget values our own widgets could never send (issue 10, item 4), over Streamlit's websocket.

A visitor's browser is not the only thing that can talk to the app: anyone can open
`/_stcore/stream` and send BackMsgs. This test speaks that protocol itself (protobuf
BackMsg / ForwardMsg from streamlit.proto, as the frontend does): it opens a page, reads
the ForwardMsgs of the first run, enumerates every widget the app rendered (ids and
element types from the Delta elements, not a hand list), then for each widget sends
rerun requests whose WidgetStates set it to crafted values of every wrong kind — wrong
value type, unknown option, out-of-range number, huge and negative numbers, NaN, a
nested JSON string, text that is not JSON for the JSON-valued map component, deeply
nested JSON, arrays of the wrong length — and asserts, for each:

- no Exception element and no error box (our own "something went wrong" message included)
  in that run, and the page drawn to its end (a forged value is dropped, with a notice,
  never raised);
- no server path ("/work/…", '….py"') in anything sent back (but NewSession's
  main_script_path, which Streamlit sends every client and no page shows);
- a normal rerun right after finishes with neither (the session is not broken).

To stay quick, rerun k sets widget i to crafted value (k + i) mod N: N reruns give every
widget every value, one value per widget per rerun, and the three pages run side by side
in sessions of their own. A rerun that goes wrong is replayed pair by pair in fresh
sessions, so a failure names the widget and the value.

No browser is needed, so this never skips for want of Chromium.
"""
from __future__ import annotations

import math
import re
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from google.protobuf import text_format
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.sync.client import connect

from browser_support import SHARED_BOUNDARIES, AppServer, skip_or_fail
from dashboard.words.i18n import STRINGS

pytestmark = pytest.mark.browser

RUN_TIMEOUT = 60  # s for one script run, first run included (a loaded CI machine)
# What a server path or a trace looks like in text sent to a visitor.
SERVER_PATH = re.compile(r'/work/|/root/|site-packages|\.py"|\.py\b:|File "/|Traceback \(most recent')
# Every normal run draws the app's title, in the visitor's language.
TITLES = STRINGS["app_title"]


# --------------------------------------------------------------------------- crafted values

def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _crafted() -> list[tuple[str, dict]]:
    """(label, WidgetState fields) of every wrong kind, whatever the widget.

    Not among them: no value at all, which the browser sends for a cleared widget and which
    Streamlit reads as the widget's default - a real choice (the province picker's default
    is the whole country), which would move the sweep to another view.
    """
    huge = 2**63 - 1
    return [
        ("bool", {"bool_value": True}),
        ("trigger", {"trigger_value": True}),
        ("int huge", {"int_value": huge}),
        ("int negative", {"int_value": -huge - 1}),
        ("double nan", {"double_value": math.nan}),
        ("string page", {"string_value": "Import history"}),
        ("string scheme", {"string_value": "jenks"}),
        ("string x", {"string_value": "x"}),
        ("string units", {"string_value": "9999"}),
        ("string long", {"string_value": "é" * 20_000}),
        ("string nested json", {"string_value": _nested(5_000)}),
        ("string nul", {"string_value": "\x00../../etc/passwd"}),
        ("strings unknown", {"string_array_value": {"data": ["99999", "Import history", "x"]}}),
        ("doubles huge", {"double_array_value": {"data": [1e308, -1e308]}}),
        ("doubles nan", {"double_array_value": {"data": [math.nan, math.inf]}}),
        ("doubles one", {"double_array_value": {"data": [2021.0]}}),
        ("doubles reversed", {"double_array_value": {"data": [2022.0, 2020.0]}}),
        ("json not json", {"json_value": "not json"}),
        ("json nested", {"json_value": _nested(100_000)}),
        ("json lat", {"json_value": '{"lat": "x", "lng": null}'}),
        ("json unknown code", {"json_value": '{"code": "99999", "n": 1}'}),
        ("json wrong types", {"json_value": '{"code": ["02533"], "n": "1"}'}),
        ("json bool n", {"json_value": '{"code": "02533", "n": true}'}),
        ("json list", {"json_value": "[1, 2, 3]"}),
        ("bytes", {"bytes_value": b"\xff\xfe\x00garbage"}),
        ("file ids", {"file_uploader_state_value": {"uploaded_file_info": [
            {"file_id": "forged", "name": "../a.py", "size": 2**40, "file_urls": {"file_id": "forged"}}]}}),
    ]


def state(widget_id: str, fields: dict) -> WidgetState:
    ws = WidgetState(id=widget_id)
    for name, value in fields.items():
        target = getattr(ws, name) if isinstance(value, dict) else None
        if target is None:
            setattr(ws, name, value)
        else:
            _fill(target, value)
    return ws


def _fill(message, values: dict) -> None:
    for name, value in values.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                _fill(getattr(message, name).add(), item)
        elif isinstance(value, list):
            getattr(message, name).extend(value)
        elif isinstance(value, dict):
            _fill(getattr(message, name), value)
        else:
            setattr(message, name, value)


# --------------------------------------------------------------------------- the wire

@dataclass
class Run:
    """The ForwardMsgs of one script run, as a client sees them."""

    messages: list = field(default_factory=list)
    status: str = ""

    def elements(self):
        for msg in self.messages:
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                yield msg.delta.new_element

    def widgets(self) -> dict[str, str]:
        """Widget id → element type, of every element that carries a widget id."""
        found = {}
        for element in self.elements():
            kind = element.WhichOneof("type")
            widget_id = getattr(getattr(element, kind), "id", "")
            if isinstance(widget_id, str) and widget_id:
                found[widget_id] = kind
        return found

    def exceptions(self) -> list[str]:
        return [text_format.MessageToString(e.exception, as_utf8=True)[:2000]
                for e in self.elements() if e.WhichOneof("type") == "exception"]

    def text(self) -> str:
        """Everything the run sent, as text, but NewSession (its main_script_path is Streamlit's own)."""
        return "\n".join(text_format.MessageToString(m, as_utf8=True) for m in self.messages
                         if m.WhichOneof("type") != "new_session")

    def errors(self) -> list[str]:
        """The st.error boxes: our failure message, a data set that could not be opened (then st.stop)…"""
        return [e.alert.body for e in self.elements()
                if e.WhichOneof("type") == "alert" and e.alert.format == Alert.Format.ERROR]

    def titled(self) -> bool:
        """Whether the run drew the app's title: a run stopped early (st.stop after an error) did not."""
        return any(e.WhichOneof("type") == "heading" and e.heading.body in TITLES for e in self.elements())

    def problems(self) -> list[str]:
        """What a visitor must never get: an exception, a server path, an error box, a page cut short."""
        found = [f"exception: {e}" for e in self.exceptions()]
        text = self.text()
        found += [f"server path: …{text[max(m.start() - 80, 0):m.end() + 80]}…" for m in SERVER_PATH.finditer(text)][:3]
        found += [f"error shown: {e[:200]}" for e in self.errors()]
        if self.status != "FINISHED_SUCCESSFULLY":
            found.append(f"run ended {self.status or 'never'}")
        elif not self.titled():
            found.append("the page stopped before its title")
        return found


class Session:
    """One browser session, spoken by hand: XSRF cookie, websocket, rerun requests."""

    def __init__(self, base: str, query: str):
        self.query = query
        cookie = self._xsrf_cookie(base)
        host = base.split("://", 1)[1]
        protocols = ["streamlit", cookie] if cookie else ["streamlit"]
        self._connection = connect(f"ws://{host}/_stcore/stream", subprotocols=protocols, origin=base,
                                   additional_headers={"Cookie": f"_streamlit_xsrf={cookie}"} if cookie else None,
                                   max_size=None, open_timeout=RUN_TIMEOUT)
        self.ws = None
        self.page_hash = ""

    def __enter__(self) -> "Session":
        self.ws = self._connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._connection.__exit__(*exc)

    @staticmethod
    def _xsrf_cookie(base: str) -> str | None:
        """The frontend reads `_streamlit_xsrf` and echoes it as the second websocket subprotocol."""
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as response:
            jar = SimpleCookie()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar.load(header)
        morsel = jar.get("_streamlit_xsrf")
        return morsel.value if morsel else None

    def run(self, widgets: list[WidgetState] | None = None) -> Run:
        """Send one rerun request and read until its run (and any rerun it asked for) finished."""
        msg = BackMsg(rerun_script=ClientState(query_string=self.query, page_script_hash=self.page_hash,
                                               widget_states=WidgetStates(widgets=widgets or [])))
        self.ws.send(msg.SerializeToString())
        run, deadline = Run(), time.monotonic() + RUN_TIMEOUT
        while time.monotonic() < deadline:
            try:
                data = self.ws.recv(timeout=max(deadline - time.monotonic(), 0.1))
            except TimeoutError:
                break
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash
            run.messages.append(fwd)
            if kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                if status != "FINISHED_EARLY_FOR_RERUN":
                    run.status = status
                    return run
        return run


# --------------------------------------------------------------------------- the tests

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app with its default data (the national set too, so the area pickers are attacked as well)."""
    if not SHARED_BOUNDARIES.is_file():
        skip_or_fail(f"boundary file {SHARED_BOUNDARIES.resolve()} is missing")
    folder = tmp_path_factory.mktemp("forged")
    app = AppServer(folder / "streamlit.log", env={"DATABASE_URL": f"sqlite:///{folder / 'dvk.sqlite3'}",
                                                   "DVK_BOUNDARY_SETS": str(folder / "boundary-sets")})
    try:
        app.wait_healthy()
        with Session(app.url, "") as session:  # loads and caches the data once, before sessions run side by side
            session.run()
        yield app
    finally:
        app.stop()


PAGES = ("page=map", "page=records", "page=sources")


@pytest.fixture(scope="module")
def sweeps(server) -> dict:
    """Every page's sweep, all at once (one session each; the server runs them side by side): query →
    (widgets, failures), or the exception the sweep raised."""
    with ThreadPoolExecutor(len(PAGES)) as pool:
        futures = {query: pool.submit(forge_every_widget, server.url, query) for query in PAGES}
        return {query: future.exception() or future.result() for query, future in futures.items()}


@pytest.mark.parametrize("query", PAGES)
def test_no_crafted_widget_value_raises_or_breaks_the_session(sweeps, query):
    if isinstance(sweeps[query], BaseException):
        raise sweeps[query]
    widgets, failures = sweeps[query]
    assert failures == [], f"{len(failures)} crafted values went wrong on ?{query}:\n" + "\n".join(failures)
    if query == "page=map":  # what the map page draws, whatever else is added later
        assert {"radio", "multiselect", "slider", "selectbox", "checkbox", "button", "component_instance",
                "text_input"} <= set(widgets.values()), widgets


def test_a_refused_value_is_said_and_the_view_stays(server):
    with Session(server.url, "page=sources&lang=en") as session:
        page = next(wid for wid in session.run().widgets() if wid.endswith("-w_page"))
        forged = session.run([state(page, {"string_value": "Import history"})])
        assert forged.problems() == []
        assert STRINGS["forged_input"][1] in forged.text()  # in the visitor's language
        assert STRINGS["sources_title"][1] in forged.text()  # still the sources page
        assert STRINGS["forged_input"][1] not in session.run().text()  # said once


def forge_every_widget(base: str, query: str) -> tuple[dict[str, str], list[str]]:
    """Every crafted value into every widget the page rendered; returns the widgets and what went wrong.

    Rerun k sets widget i to crafted value (k + i) mod N, so N reruns give every widget
    every value, one value per widget at a time, and a normal rerun follows each. When a
    rerun goes wrong, each of its (widget, value) pairs is replayed alone, in a fresh
    session, to name the culprits; the sweep then goes on in a fresh session too.
    """
    with ExitStack() as stack:
        session = stack.enter_context(Session(base, query))
        first = session.run()
        assert first.problems() == [], f"?{query}: the first run already fails: {first.problems()}"
        widgets = first.widgets()
        crafted, failures = _crafted(), []
        for k in range(len(crafted)):
            pairs = [(wid, crafted[(k + i) % len(crafted)]) for i, wid in enumerate(widgets)]
            forged = session.run([state(wid, fields) for wid, (_, fields) in pairs])
            after = session.run()
            if forged.problems() or after.problems():
                failures += _culprits(base, query, widgets, pairs) or [
                    f"rerun {k}, all widgets at once: {(forged.problems() or after.problems())[0][:300]}"]
                stack.close()
                session = stack.enter_context(Session(base, query))
                session.run()
        return widgets, failures


def _culprits(base: str, query: str, widgets: dict[str, str], pairs) -> list[str]:
    """Each (widget, crafted value) of a rerun that went wrong, alone in a fresh session: which ones fail."""
    found = []
    for wid, (label, fields) in pairs:
        with Session(base, query) as session:
            session.run()
            forged, after = session.run([state(wid, fields)]), session.run()
        name = f"{widgets[wid]} {wid.rsplit('-', 1)[-1]} ← {label}"
        found += [f"{name}: {p[:300]}" for p in forged.problems()[:1]]
        found += [f"{name}, then a normal rerun: {p[:300]}" for p in after.problems()[:1]]
    return found
