"""A run that fails anyway (issue 10, item 5): visitors get a message of ours, never a trace or a server path.

dashboard/app.py catches what a page raises, logs the whole trace on the server and shows a
plain message in the visitor's language; `client.showErrorDetails = "none"` hides what
Streamlit itself would show for anything raised outside it (a widget callback).
"""
import logging
import tomllib

import pytest
from streamlit import config as streamlit_config
from streamlit.testing.v1 import AppTest

from dashboard import pages
from dashboard.words.i18n import t
from tests.paths import APP, ROOT

SECRET = "/work/secret/dashboard/viewer/pages/map.py"


def _boom(view, data):
    raise KeyError(f'File "{SECRET}", line 12: no such commune')


@pytest.fixture
def failing_map(monkeypatch):
    monkeypatch.setitem(pages.BY_NAME, "map", pages.Page("map", False, _boom))


def _page_text(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [e.value for e in at.warning] + [m.value for m in at.markdown]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_page_that_raises_shows_our_message_in_the_visitors_language_and_no_path(failing_map, caplog, lang):
    caplog.set_level(logging.ERROR, logger="dashboard.app")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("script_failed", lang)]
    shown = _page_text(at)
    assert SECRET not in shown and "/work/" not in shown and "KeyError" not in shown and "Traceback" not in shown
    assert at.sidebar.radio  # what came before the failure is still there: the visitor can go elsewhere
    assert "a run of the dashboard failed" in caplog.text
    assert SECRET in caplog.text and "Traceback" in caplog.text  # the server log keeps the whole trace


def test_another_page_still_works_after_a_failed_run(failing_map):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.error
    at.radio(key="w_page").set_value("sources").run()
    assert not at.exception and not at.error
    assert t("sources_title", "vi") in [s.value for s in at.subheader]


def test_streamlit_shows_no_error_details_to_visitors():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    value = config["client"]["showErrorDetails"]
    assert value == streamlit_config.ShowErrorDetailsConfigOptions.NONE  # not "full", "stacktrace" or "type"
