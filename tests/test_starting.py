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


def _entry_point():
    """streamlit_app.py, as the process's first run runs it (the dashboard's import inside `starting()`)
    on the session's first run, and as every later run does."""
    import streamlit as st
    from dashboard.starting import starting
    if "first_done" not in st.session_state:
        st.session_state["first_done"] = True
        with starting():
            from dashboard.app import main
    from dashboard.app import main
    main()


def layout(node, path: str = "") -> list[str]:
    """Each element's place and type, the map's frame among them."""
    children = getattr(node, "children", None) or {}
    items = children.items() if isinstance(children, dict) else enumerate(children)
    return [line for i, child in items
            for line in [f"{path}/{i} {child.type}", *layout(child, f"{path}/{i}")]]


def test_the_first_run_draws_the_page_in_the_same_places_as_later_runs():
    """Else the map's frame moves, and the first visitor's first change draws the map anew."""
    at = AppTest.from_function(_entry_point, default_timeout=60).run()
    assert not at.exception and not any("khởi động" in i.value for i in at.info)
    first = layout(at.main)
    assert first == layout(at.run().main) and any(line.endswith("component_instance") for line in first)


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
