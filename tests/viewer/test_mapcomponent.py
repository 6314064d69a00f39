"""The map component's Python side: what it hands Streamlit, and which browser values it believes.

A value comes back from the browser, where anything can post a message, so `clicked` must accept
only {"code": <a unit code of the dataset>, "n": <int>} and turn anything else into None without
raising. The frame itself is plain files (no build step) that must never put data into the page as HTML.
"""
import re
from urllib.parse import urljoin

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.assets import assets_url
from dashboard.viewer import mapcomponent
from dashboard.viewer.mapcomponent import Click, clicked

CODES = {"02533", "02536", "02539"}
FRONTEND = mapcomponent.FRONTEND_DIR


@pytest.mark.parametrize("value, click", [
    ({"code": "02533", "n": 1}, Click("02533", 1)),
    ({"code": "02539", "n": 0}, Click("02539", 0)),
    ({"code": "02536", "n": 2**53 - 1}, Click("02536", 2**53 - 1)),
    ({"code": "02533", "n": 7, "extra": "<b>"}, Click("02533", 7)),  # extra keys are ignored, not believed
])
def test_a_well_formed_click_on_a_known_unit_is_believed(value, click):
    assert clicked(value, CODES) == click
    code, n = clicked(value, CODES)
    assert (code, n) == (click.code, click.n)


@pytest.mark.parametrize("value", [
    None, "02533", b"02533", 2533, 1.5, True, ["02533", 1], ("02533", 1), {"02533"}, {},
    {"code": "02533"}, {"n": 1},
    {"code": 2533, "n": 1}, {"code": None, "n": 1}, {"code": ["02533"], "n": 1}, {"code": {"a": 1}, "n": 1},
    {"code": "", "n": 1}, {"code": "99999", "n": 1}, {"code": " 02533", "n": 1}, {"code": "0" * 10_000, "n": 1},
    {"code": "02533", "n": -1}, {"code": "02533", "n": 2**53}, {"code": "02533", "n": 10**400},
    {"code": "02533", "n": True}, {"code": "02533", "n": 1.0}, {"code": "02533", "n": "1"},
    {"code": "02533", "n": None}, {"code": "02533", "n": [1]}, {"code": "02533", "n": float("nan")},
])
def test_anything_else_is_dropped_without_raising(value):
    assert clicked(value, CODES) is None


@pytest.mark.parametrize("codes", [
    CODES, frozenset(CODES), sorted(CODES), tuple(CODES), {c: None for c in CODES},
    pd.Index(sorted(CODES)), pd.Series(sorted(CODES), index=["a", "b", "c"]),
])
def test_the_codes_may_come_in_any_collection_and_are_read_by_value(codes):
    assert clicked({"code": "02536", "n": 3}, codes) == Click("02536", 3)
    assert clicked({"code": "a", "n": 3}, codes) is None  # a Series' index is not a code


@pytest.mark.parametrize("codes", [None, 42, [], [2533, None], pd.Series([], dtype=object)])
def test_odd_code_collections_give_no_click_rather_than_an_error(codes):
    assert clicked({"code": "02533", "n": 1}, codes) is None


def test_the_counter_tells_a_new_click_from_a_rerun_repeating_the_last_one():
    first = clicked({"code": "02533", "n": 4}, CODES)
    assert clicked({"code": "02533", "n": 4}, CODES) == first  # the same value again: not a new click
    assert clicked({"code": "02533", "n": 5}, CODES) != first  # the same unit clicked again: a new click


def test_draw_hands_the_args_to_the_component_with_a_stable_key(monkeypatch):
    calls = []
    monkeypatch.setattr(mapcomponent, "_component", lambda **kwargs: calls.append(kwargs) or {"code": "x", "n": 1})
    args = {"geometry": "/app/static/geo/ab12cd34ef56ab78.json.gz", "assets": "/app/static/leaflet",
            "height": 560, "fill": "0123", "selected": None}
    on_change = lambda: None  # noqa: E731
    assert mapcomponent.draw(args, key="map", on_change=on_change) == {"code": "x", "n": 1}
    assert calls == [{**args, "key": "map", "on_change": on_change, "default": None}]


@pytest.mark.parametrize("name", ["key", "default", "on_change"])
def test_args_may_not_take_the_names_streamlit_uses_itself(monkeypatch, name):
    monkeypatch.setattr(mapcomponent, "_component", lambda **kwargs: None)
    with pytest.raises(ValueError, match=name):
        mapcomponent.draw({name: 1}, key="map")


def _app():
    import streamlit as st

    from dashboard.viewer import mapcomponent

    st.session_state["value"] = mapcomponent.draw({"geometry": "/g.json.gz", "fill": "0"}, key="map")


def test_in_a_running_script_the_map_is_none_until_clicked():
    at = AppTest.from_function(_app).run()
    assert not at.exception
    assert at.session_state["value"] is None


def test_the_component_is_the_frame_in_this_package():
    assert mapcomponent._component.name == "dashboard.viewer.mapcomponent.dvk_map"
    assert mapcomponent._component.path == str(FRONTEND)
    assert {p.name for p in FRONTEND.iterdir()} >= {"index.html", "map.js", "map.css"}


def test_the_frame_never_writes_html_and_loads_nothing_from_elsewhere():
    js = (FRONTEND / "map.js").read_text(encoding="utf-8")
    html = (FRONTEND / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", js)
    # the one outside address is the opt-in OpenStreetMap background
    assert re.findall(r"https?://[^\s\"']+", js) == ["https://tile.openstreetmap.org/{z}/{x}/{y}.png"]
    assert not re.search(r"https?://", html)
    assert "textContent" in js


@pytest.mark.parametrize("base", ["", "dvk", "tinh/tuyen-quang"])
def test_the_frame_preloads_the_leaflet_files_the_app_serves_under_any_base_path(base, monkeypatch):
    """index.html asks for Leaflet by relative address while map.js waits for its first render; those
    addresses must name the files map.js then loads (assets_url), or the preload is wasted bytes."""
    monkeypatch.setattr("streamlit.get_option", lambda name: base if name == "server.baseUrlPath" else None)
    html = (FRONTEND / "index.html").read_text(encoding="utf-8")
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)"', html)
    frame = f"/{base}/" if base else "/"
    frame += f"component/{mapcomponent._component.name}/index.html"
    assert sorted(urljoin(frame, href) for href in preloaded) == [f"{assets_url()}/leaflet.{ext}" for ext in ("css", "js")]
