"""A big map opens on its overview and takes its display geometry when zoomed in (issue 9).

The country's first paint draws an overview thinned to about a kilometre
(geo.choropleth.shapes.write_map); map.js swaps in the display geometry from
zoom DETAIL_FROM_ZOOM. Here Yên Sơn stands in for the country: the server
lowers shapes.OVERVIEW_ABOVE_UNITS to 10, so its 28 communes get an overview
too. Its map opens zoomed in past DETAIL_FROM_ZOOM, so the frame asks for the
display geometry right after its first paint; the test refuses that download
once, to see the overview on screen and the retry at the next zoom.
"""
import gzip
import json
import urllib.request

import pytest
from playwright.sync_api import expect

from browser_support import COMMUNE_PATHS, N_COMMUNES
from conftest import patched_server

GEOMETRY = "**/app/static/geo/*.json.gz"
DOI_BINH = "02533"
# How many vertices the drawn outlines (SVG paths) hold.
VERTICES_JS = "els => els.reduce((n, e) => n + (e.getAttribute('d').match(/[LM]/g) || []).length, 0)"


@pytest.fixture(scope="module")
def overview_url(tmp_path_factory):
    server = patched_server(tmp_path_factory, "overview", "from geo.choropleth import shapes; shapes.OVERVIEW_ABOVE_UNITS = 10")
    yield server.url
    server.stop()


def geometry_state(dash) -> str | None:
    return dash.map_frame().evaluate("() => document.documentElement.dataset.geometry || null")


def test_the_overview_is_drawn_first_and_the_display_geometry_replaces_it_in_place(overview_url, dash):
    fetched, refused = [], []

    def route(route):
        fetched.append(route.request.url)
        if len(set(fetched)) > 1 and not refused:  # the second file, the first time it is asked for
            refused.append(route.request.url)
            route.abort("failed")
        else:
            route.fallback()

    dash.page.route(GEOMETRY, route)
    dash.open(overview_url, f"?selected={DOI_BINH}")
    dash.map_frame().wait_for_function("() => document.documentElement.dataset.geometry === 'overview'")
    expect(dash.selection_outline).to_have_count(1)
    dash.page.wait_for_timeout(500)
    assert len(refused) == 1 and geometry_state(dash) == "overview"  # refused: the overview stays
    fills = dash.fills()
    index, inside = dash.find_commune("Đội Bình")
    coarse_outline = dash.selection_outline.evaluate_all(VERTICES_JS)
    coarse = dash.map.locator(COMMUNE_PATHS).nth(index).evaluate_all(VERTICES_JS)

    dash.page.mouse.move(*inside[0])
    dash.page.mouse.wheel(0, -200)  # the next zoom tries again; Đội Bình stays in view
    dash.map_frame().wait_for_function("() => document.documentElement.dataset.geometry === 'display'")
    assert [url.rsplit("/", 1)[1] for url in fetched][-1] == refused[0].rsplit("/", 1)[1]
    expect(dash.map.locator(COMMUNE_PATHS)).to_have_count(N_COMMUNES)
    assert dash.fills() == fills  # the same units, in the same colours
    fine = dash.map.locator(COMMUNE_PATHS).nth(index).evaluate_all(VERTICES_JS)
    assert fine > 2 * coarse, (coarse, fine)
    # the selection is outlined on its new shape
    expect(dash.selection_outline).to_have_count(1)
    assert dash.selection_outline.evaluate_all(VERTICES_JS) > 2 * coarse_outline
    outline = dash.selection_outline.bounding_box()
    commune = dash.map.locator(COMMUNE_PATHS).nth(index).bounding_box()
    for key in ("x", "y", "width", "height"):
        assert abs(outline[key] - commune[key]) < 4, (key, outline, commune)

    # zoomed out below DETAIL_FROM_ZOOM the overview is back; zoomed in again, the display geometry, not fetched again
    asked = len(fetched)
    zoom_out_to_overview(dash)
    assert dash.fills() == fills and dash.map.locator(COMMUNE_PATHS).nth(index).evaluate_all(VERTICES_JS) <= coarse
    dash.map.get_by_role("button", name="Zoom in").click()
    dash.map_frame().wait_for_function("() => document.documentElement.dataset.geometry === 'display'")
    assert len(fetched) == asked


def zoom_out_to_overview(dash) -> None:
    for _ in range(8):
        if geometry_state(dash) == "overview":
            return
        dash.map.get_by_role("button", name="Zoom out").click()
        dash.page.wait_for_timeout(400)
    assert geometry_state(dash) == "overview"


def test_a_display_geometry_that_does_not_match_the_map_is_downloaded_again_not_drawn(overview_url, new_context):
    """A stale or tampered copy in the browser's IndexedDB, under the display file's name, with another
    unit's code: refused, and the next zoom downloads the file, which replaces the copy."""
    first = new_context().new_page()
    fetched = []
    first.page.on("request", lambda request: "/app/static/geo/" in request.url and fetched.append(request.url))
    first.open(overview_url)
    first.map_frame().wait_for_function("() => document.documentElement.dataset.geometry === 'display'")
    display_url = fetched[1]
    doc = json.loads(gzip.decompress(urllib.request.urlopen(display_url).read()))
    doc["units"][0]["code"] = "99999"
    stale = gzip.compress(json.dumps(doc).encode())

    dash = new_context().new_page()
    fetched.clear()
    dash.page.on("request", lambda request: "/app/static/geo/" in request.url and fetched.append(request.url))
    dash.page.goto(f"{overview_url}/_stcore/health")  # the app's origin, whose IndexedDB the map reads
    dash.page.evaluate(KEEP_JS, [display_url.rsplit("/", 1)[1], list(stale)])
    dash.open(overview_url)
    dash.page.wait_for_timeout(1000)
    assert geometry_state(dash) == "overview" and display_url not in fetched  # the copy was read, and refused
    fills = dash.fills()
    dash.map.get_by_role("button", name="Zoom in").click()
    dash.map_frame().wait_for_function("() => document.documentElement.dataset.geometry === 'display'")
    assert fetched.count(display_url) == 1 and dash.fills() == fills


# Puts bytes in the map's IndexedDB store (map.js CACHE_DB, CACHE_STORE) under a file name.
KEEP_JS = """async ([name, bytes]) => {
    const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open("dvk-geometry", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("files");
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });
    await new Promise((resolve, reject) => {
        const put = db.transaction("files", "readwrite");
        put.objectStore("files").put(new Uint8Array(bytes).buffer, name);
        put.oncomplete = resolve;
        put.onerror = () => reject(put.error);
    });
    db.close();
}"""


def test_a_map_of_few_units_has_one_geometry_file(app_url, dash):
    fetched = []
    dash.page.on("request", lambda request: "/app/static/geo/" in request.url and fetched.append(request.url))
    dash.open(app_url)
    dash.map.get_by_role("button", name="Zoom in").click()
    dash.page.wait_for_timeout(1000)
    assert len(fetched) == 1 and geometry_state(dash) == "display"
