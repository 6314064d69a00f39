"""The first visitor after a server start sees our message, in the link's language (dashboard/starting.py)."""
from streamlit.testing.v1 import AppTest


def _while_starting():
    """The entry point's first run, caught inside `starting()` (the dashboard's import still running)."""
    from dashboard.starting import show_starting
    show_starting()


def _after_starting():
    from dashboard.starting import starting
    with starting():
        pass


def test_the_starting_message_is_on_screen_while_the_dashboard_imports():
    at = AppTest.from_function(_while_starting).run()
    assert [i.value for i in at.info] == ["Hệ thống đang khởi động, vui lòng chờ trong giây lát…"]


def test_the_starting_message_follows_the_links_language():
    at = AppTest.from_function(_while_starting)
    at.query_params["lang"] = "en"
    assert [i.value for i in at.run().info] == ["The dashboard is starting, one moment please…"]


def test_the_starting_message_is_gone_once_the_dashboard_is_there():
    at = AppTest.from_function(_after_starting).run()
    assert not at.info and not at.exception
