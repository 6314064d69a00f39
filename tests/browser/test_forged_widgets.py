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
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from browser_support import SHARED_BOUNDARIES, AppServer, skip_or_fail
from dashboard.words.i18n import STRINGS
from tests.streamlit_wire import Session

pytestmark = pytest.mark.browser


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
    assert DRAWN.get(query, set()) <= set(widgets.values()), widgets


# What kinds of widget a page draws, at least, whatever else is added later: each is attacked.
DRAWN = {"page=map": {"radio", "multiselect", "slider", "selectbox", "checkbox", "button", "component_instance"},
         "page=records": {"text_input", "number_input", "selectbox", "button"}}


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
