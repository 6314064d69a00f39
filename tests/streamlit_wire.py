"""Streamlit's websocket protocol spoken by hand: one session, its rerun requests and what each run sent.

A client of a few kilobytes of Python instead of a browser: the forged-widget test
(tests/browser/test_forged_widgets.py) sends values no widget could, and the meeting burst
(tests/benchmarks/bench_burst.py) opens sixty sessions on a machine whose two CPUs could not
render sixty pages. Protobuf BackMsg / ForwardMsg from streamlit.proto, as the frontend uses them.
"""
from __future__ import annotations

import re
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

from google.protobuf import text_format
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.sync.client import connect

from dashboard.words.i18n import STRINGS

RUN_TIMEOUT = 60  # s for one script run, first run included (a loaded CI machine)
# What a server path or a trace looks like in text sent to a visitor.
SERVER_PATH = re.compile(r'/work/|/root/|site-packages|\.py"|\.py\b:|File "/|Traceback \(most recent')
# Every normal run draws the app's title, in the visitor's language.
TITLES = STRINGS["app_title"]


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
        return {widget_id: element.WhichOneof("type") for widget_id, element, _ in self._widget_elements()}

    def fragments(self) -> dict[str, str]:
        """Widget id → the id of the fragment that drew it ("" outside any fragment)."""
        return {widget_id: fragment_id for widget_id, _, fragment_id in self._widget_elements()}

    def _widget_elements(self):
        for msg in self.messages:
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                widget_id = getattr(getattr(element, element.WhichOneof("type")), "id", "")
                if isinstance(widget_id, str) and widget_id:
                    yield widget_id, element, msg.delta.fragment_id

    def started(self) -> list[list[str]]:
        """The fragment ids of each script run the request started, in order ([] for a run of the whole script)."""
        return [list(m.metadata.run.fragment_ids) for m in self.messages if m.WhichOneof("type") == "new_session"]

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

    def run(self, widgets: list[WidgetState] | None = None, fragment_id: str = "") -> Run:
        """Send one rerun request and read until its run (and any rerun it asked for) finished.
        `fragment_id`: the request a widget inside that fragment makes (the browser sends its id)."""
        msg = BackMsg(rerun_script=ClientState(query_string=self.query, page_script_hash=self.page_hash,
                                               widget_states=WidgetStates(widgets=widgets or []),
                                               fragment_id=fragment_id))
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
