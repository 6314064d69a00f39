"""What a filter change starts on the server, as the browser asks for it (dashboard/rerun.py).

The sidebar's filters and map options are a fragment: the browser sends a change of one
with that fragment's id, so the server runs the fragment's callbacks, not the whole
script, and the callback asks for the map page and the share box alone. AppTest always
asks for a whole run, so these requests are spoken by hand (tests/streamlit_wire.py):
the fragment ids of each run the request started are in the messages' run identity.
The app is the browser tests' default one (`app_url`); no browser is needed.
"""
from __future__ import annotations

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from conftest import patched_server
from dashboard.words.i18n import STRINGS
from tests.streamlit_wire import Session

pytestmark = pytest.mark.browser


def years(widget_id: str, first: float, last: float) -> WidgetState:
    state = WidgetState(id=widget_id)
    state.double_array_value.data.extend([first, last])
    return state


def opened(session: Session):
    """The first run, the year slider's widget id and the fragment ids of the filters, map page and share box."""
    first = session.run()
    assert first.problems() == []
    fragments = first.fragments()
    slider = widget(first, "w_years")
    map_page = fragments[widget(first, "open_records")]
    share = fragments[widget(first, "share_qr")]
    assert "" not in {fragments[slider], map_page, share}, "the three are fragments"
    return slider, fragments[slider], map_page, share


def widget(run, key: str) -> str:
    """The id of the widget with this key among those `run` drew."""
    return next(wid for wid in run.widgets() if wid.endswith(f"-{key}"))


def last_query(run) -> str:
    queries = [m.page_info_changed.query_string for m in run.messages if m.WhichOneof("type") == "page_info_changed"]
    return queries[-1] if queries else ""


def test_a_year_change_runs_the_filters_callback_then_the_map_page_never_the_whole_script(app_url):
    with Session(app_url, "") as session:
        slider, filters, map_page, share = opened(session)
        changed = session.run([years(slider, 2021, 2022)], fragment_id=filters)
        assert changed.started() == [[filters], [map_page, share]]
        assert changed.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"
        assert changed.exceptions() == [] and changed.errors() == []
        assert "from=2021" in last_query(changed)  # the map page drew the new view and wrote its link


def test_a_dropped_value_sent_as_the_filters_fragment_gets_a_whole_run_that_says_so(app_url):
    with Session(app_url, "") as session:
        slider, filters, _, _ = opened(session)
        for forged in (WidgetState(id=slider, string_value="x"),  # dropped by the gate, no callback runs
                       years(slider, 1990, 2022)):  # refused by the callback: no link names those years
            run = session.run([forged], fragment_id=filters)
            assert run.started() == [[filters], []]
            assert run.problems() == []  # a whole run, drawn to its end
            assert STRINGS["forged_input"][0] in run.text()


def test_the_filters_fragment_rerun_with_nothing_changed_reruns_the_whole_script(app_url):
    with Session(app_url, "") as session:
        _, filters, _, _ = opened(session)
        run = session.run(fragment_id=filters)
        assert run.started() == [[filters], []] and run.problems() == []


def test_a_filter_change_sent_with_a_reset_gets_a_whole_run_so_the_sidebar_shows_the_reset(app_url):
    """A request no browser makes (the reset is outside the filters fragment): the years' callback asks
    for the map page alone, but the reset asked for a full run, and the map page sees that."""
    with Session(app_url, "") as session:
        first = session.run()
        slider, filters = widget(first, "w_years"), first.fragments()[widget(first, "w_years")]
        reset = WidgetState(id=widget(first, "reset"), trigger_value=True)
        run = session.run([years(slider, 2021, 2022), reset], fragment_id=filters)
        assert run.started()[-1] == [] and run.problems() == []  # the last run drew the whole page


def test_a_dropped_value_sent_as_the_share_box_gets_a_whole_run_that_says_so(app_url):
    with Session(app_url, "") as session:
        _, _, _, share = opened(session)
        metric = widget(session.run(), "w_metric")
        run = session.run([WidgetState(id=metric, string_value="nope")], fragment_id=share)
        assert run.started() == [[share], []] and run.problems() == []
        assert STRINGS["forged_input"][0] in run.text()


# The app with SEARCH_ABOVE lowered so that Yên Sơn's 28 communes are found by a search, as the
# country's are: set in the server's own process before Streamlit runs the script there.


@pytest.fixture(scope="module")
def searching_url(tmp_path_factory):
    server = patched_server(tmp_path_factory, "searching", "from dashboard.viewer import sidebar; sidebar.SEARCH_ABOVE = 10")
    yield server.url
    server.stop()


def test_a_search_reruns_the_filters_alone_which_offer_what_it_found(searching_url):
    with Session(searching_url, "") as session:
        first = session.run()
        search = widget(first, "commune_search")
        filters = first.fragments()[search]
        run = session.run([WidgetState(id=search, string_value="đội bình")], fragment_id=filters)
        assert run.started() and all(ids == [filters] for ids in run.started())  # no map page, no whole run
        assert run.status == "FINISHED_FRAGMENT_RUN_SUCCESSFULLY" and run.exceptions() == run.errors() == []
        lists = [e.multiselect for e in run.elements() if e.WhichOneof("type") == "multiselect"
                 and e.multiselect.id.endswith("-w_commune")]
        assert [list(m.options) for m in lists] == [["Đội Bình"]]


def test_a_dropped_value_sent_beside_a_search_gets_a_whole_run_that_says_so(searching_url):
    with Session(searching_url, "") as session:
        first = session.run()
        search, slider = widget(first, "commune_search"), widget(first, "w_years")
        filters = first.fragments()[search]
        run = session.run([WidgetState(id=search, string_value="đội"), WidgetState(id=slider, string_value="x")],
                          fragment_id=filters)
        assert run.started()[-1] == [] and run.problems() == []
        assert STRINGS["forged_input"][0] in run.text()
