"""The dashboard in a real browser: map, filters, URL round trip, map clicks, escaping.

Run with `python -m pytest tests/browser -q -s` to see the measured
filter→map update time. Fixtures and helpers are in conftest.py.
"""
import csv
import io
import re
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit, unquote

import pypdf
import pytest
from playwright.sync_api import expect

from dashboard.viewer.printed_models import PRINTED_ROWS
from geo.places.names import normalize

from browser_support import (COMMUNE_PATHS, DEMO_RECORDS, LOCAL_HOSTS, MAP_IFRAME, N_COMMUNES, UI_TIMEOUT, XSS_CODE,
                             XSS_IMG, XSS_RECORD_ID, XSS_SCRIPT)

pytestmark = pytest.mark.browser

TITLE_VI = "Bản đồ mô hình"
KPI_MODELS_VI = "Số mô hình, điển hình"
KPI_SELECTED_VI = "Đang chọn"
NOTICE_VI = "Một số tham số trong đường dẫn không hợp lệ"
HEX_COLOUR = r"^#[0-9a-fA-F]{6}$"


def demo_records() -> list[dict[str, str]]:
    with open(DEMO_RECORDS, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def assert_no_traceback(dash) -> None:
    text = dash.text()
    assert "Traceback" not in text
    expect(dash.page.get_by_test_id("stException")).to_have_count(0)


def pick_option(dash, widget, option: str) -> None:
    """Open a sidebar multiselect, narrow it by typing, choose an option by its visible label."""
    dash.wait_idle()
    widget.click()
    dash.page.keyboard.type(option)
    dash.page.get_by_role("option", name=option, exact=True).click()


def assert_fills(fills: list) -> None:
    assert len(fills) == N_COMMUNES
    for fill in fills:
        assert fill is not None and re.match(HEX_COLOUR, fill), fills


# --------------------------------------------------------------------------- 1

def test_map_loads_offline_with_28_filled_communes(app_url, offline):
    dash = offline.new_page()
    errors = []
    dash.page.on("pageerror", lambda exc: errors.append(str(exc)))

    def foreign_requests() -> list[str]:
        return [u for u in offline.requests
                if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).hostname not in LOCAL_HOSTS]

    dash.page.goto(app_url + "/")
    try:
        dash.wait_map()
    finally:  # a blocked CDN is the likeliest reason for a map that never draws: say so
        assert not foreign_requests(), f"requests to other hosts (CDN?): {foreign_requests()}"

    paths = dash.map.locator(COMMUNE_PATHS)
    expect(paths).to_have_count(N_COMMUNES)
    fills = dash.fills()
    assert_fills(fills)
    assert len(set(fills)) >= 3, f"a choropleth needs several colours, got {set(fills)}"
    opacities = paths.evaluate_all("els => els.map(e => Number(e.getAttribute('fill-opacity')))")
    assert all(o > 0 for o in opacities), opacities
    # drawn, not just present: every polygon has a visible area on screen
    for box in (paths.nth(i).bounding_box() for i in range(N_COMMUNES)):
        assert box and box["width"] > 2 and box["height"] > 2, box

    expect(dash.page.get_by_role("heading", level=1)).to_contain_text(TITLE_VI)
    assert TITLE_VI in dash.text()
    assert_no_traceback(dash)

    assert not foreign_requests(), f"requests to other hosts (CDN?): {foreign_requests()}"
    assert not offline.blocked, offline.blocked
    leaflet = [u for u in offline.requests if "/app/static/leaflet/leaflet.js" in u]
    assert leaflet, "Leaflet was not loaded from the app's own static folder"
    assert not errors, f"uncaught page errors: {errors}"


# --------------------------------------------------------------------------- 2

def test_filter_changes_url_kpi_and_map(app_url, dash):
    dash.open(app_url)
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text("915")
    dash.wait_query(metric="count")  # the first run has published its URL
    assert "field" not in dash.query()
    before = dash.fills()

    field = dash.sidebar.get_by_test_id("stMultiSelect").filter(has_text="Lĩnh vực")
    field.click()
    option = dash.page.get_by_role("option", name="Kinh tế", exact=True)
    option.wait_for()
    start = time.perf_counter()
    option.click()
    after = dash.wait_fills_change(before)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"\nfilter→map update: {elapsed:.0f} ms  (field = Kinh tế)")
    dash.page.keyboard.press("Escape")

    dash.wait_query(field="kinh-te")
    assert "field=kinh-te" in dash.page.url
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text("185")
    assert_fills(after)
    assert after != before
    # the map shows the filtered counts, not just new colours
    records = demo_records()
    in_doi_binh = sum(1 for r in records if r["field"] == "kinh-te" and r["commune_code"] == "02533")
    dash.find_commune("Đội Bình")
    assert f"Số mô hình, điển hình: {in_doi_binh}\n" in dash.tooltip_text() + "\n", dash.tooltip_text()

    # the years slider, with the keyboard: 2020 → 2021
    before = dash.fills()
    thumb = dash.sidebar.get_by_role("slider").first
    thumb.focus()
    start = time.perf_counter()
    dash.page.keyboard.press("ArrowRight")
    after = dash.wait_fills_change(before)
    elapsed = (time.perf_counter() - start) * 1000
    print(f"filter→map update: {elapsed:.0f} ms  (years 2021–2022, keyboard)")
    dash.wait_query(field="kinh-te", **{"from": "2021", "to": "2022"})
    expected = sum(1 for r in records if r["field"] == "kinh-te" and int(r["year"]) >= 2021)
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text(str(expected))
    in_doi_binh = sum(1 for r in records if r["field"] == "kinh-te" and int(r["year"]) >= 2021
                      and r["commune_code"] == "02533")
    dash.find_commune("Đội Bình")
    assert f"Số mô hình, điển hình: {in_doi_binh}\n" in dash.tooltip_text() + "\n", dash.tooltip_text()
    assert_no_traceback(dash)


# --------------------------------------------------------------------------- 3

def view_snapshot(dash) -> dict:
    """What a shared link must reproduce: KPIs, widget states, map colours, URL query."""
    page = dash.page
    return {
        "kpis": page.get_by_test_id("stMetric").all_inner_texts(),
        "multiselects": dash.sidebar.get_by_test_id("stMultiSelect").all_inner_texts(),
        "slider": dash.sidebar.get_by_test_id("stSliderThumbValue").all_inner_texts(),
        "radios": dash.sidebar.locator("input[type=radio]:checked").evaluate_all(
            "els => els.map(e => e.closest('label').innerText)"),
        "fills": dash.fills(),
        "query": dash.query(),
    }


def copy_share_link(dash, copy: str, copied: str) -> str:
    """Click the share box's copy button, as a leader would; what the clipboard then holds.

    Waits until the box shows the address bar's link first: both are written by the same rerun (the
    box keeps commas as typed, where the address bar writes %2C).
    """
    dash.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    box = dash.sidebar.locator(".share-link")
    expect(box.locator("textarea")).to_have_value(unquote(dash.page.url))
    dash.page.evaluate("navigator.clipboard.writeText('')")
    box.get_by_role("button", name=copy).click()
    expect(box.get_by_role("button")).to_have_text(copied)
    return dash.page.evaluate("navigator.clipboard.readText()")


def settled_snapshots(first, second, timeout: float = 30.0) -> tuple[dict, dict]:
    """Snapshots of two pages, retaken until they agree or time runs out
    (each page renders its last rerun asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        a, b = view_snapshot(first), view_snapshot(second)
        if a == b or time.monotonic() > deadline:
            return a, b
        second.page.wait_for_timeout(100)


def test_url_round_trip_reopens_the_same_view(app_url, dash, new_context):
    dash.open(app_url)
    dash.wait_query(metric="count")
    default_fills = dash.fills()
    sidebar = dash.sidebar

    pick_option(dash, sidebar.get_by_test_id("stMultiSelect").filter(has_text="Lĩnh vực"), "Kinh tế")
    dash.page.keyboard.press("Escape")
    dash.wait_query(field="kinh-te")

    sidebar.get_by_role("slider").first.focus()
    dash.page.keyboard.press("ArrowRight")
    dash.wait_query(**{"from": "2021"})

    sidebar.get_by_text("Số mô hình, điển hình/1.000 dân", exact=False).click()
    dash.wait_query(metric="per1000")

    communes = sidebar.get_by_test_id("stMultiSelect").filter(has_text="Xã, phường, thị trấn")
    pick_option(dash, communes, "Đội Bình")
    dash.wait_query(commune="02533")
    pick_option(dash, communes, "Nhữ Khê")
    dash.wait_query(commune="02533,02530")
    dash.page.keyboard.press("Escape")

    sidebar.get_by_text("English", exact=True).click()
    dash.wait_query(lang="en")
    expect(dash.kpi_value("Models and exemplars")).to_be_visible()

    expected_query = {"page": ["map"], "lang": ["en"], "field": ["kinh-te"], "from": ["2021"],
                      "to": ["2022"], "commune": ["02533,02530"], "metric": ["per1000"], "units": ["2020"]}
    assert dash.query() == expected_query
    expected_count = sum(1 for r in demo_records() if r["field"] == "kinh-te"
                         and int(r["year"]) >= 2021 and r["commune_code"] in ("02533", "02530"))
    expect(dash.kpi_value("Models and exemplars")).to_have_text(str(expected_count))
    expect(dash.kpi_value("Communes with models")).to_have_text("2 / 28")
    link = copy_share_link(dash, "Copy", "Link copied")
    assert link == unquote(dash.page.url)  # the share box holds the address of exactly this view

    # a fresh browser context: no cookies, no session, only the link
    other = new_context().new_page()
    other.page.goto(link)
    other.wait_map()
    expect(other.kpi_value("Models and exemplars")).to_have_text(str(expected_count))
    original, reopened = settled_snapshots(dash, other)
    assert reopened == original
    # every parameter of the link was understood: no "invalid parameters" notice
    expect(other.page.get_by_test_id("stAlert").filter(has_text="link parameters")).to_have_count(0)

    assert original["fills"] != default_fills
    assert "Economy" in original["multiselects"][0]
    assert original["multiselects"][1].splitlines()[-2:] == ["Đội Bình", "Nhữ Khê"]
    assert original["slider"] == ["2021", "2022"]
    assert "English" in original["radios"] and any("1,000" in r for r in original["radios"])
    assert parse_qs(urlsplit(other.page.url).query) == expected_query
    assert_no_traceback(other)


def test_share_box_copies_without_the_clipboard_api(app_url, dash):
    """Over plain http (a meeting room's own network) browsers offer no navigator.clipboard:
    the box copies its selected text instead, and still holds the link of the view."""
    dash.open(app_url, "?field=kinh-te&metric=per1000")
    dash.wait_query(field="kinh-te", metric="per1000")
    dash.page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    reader = dash.page.context.new_page()  # this page's own clipboard API reads what was copied
    reader.goto(app_url + "/_stcore/health")
    dash.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.evaluate("navigator.clipboard.writeText('')")
    box = dash.sidebar.locator(".share-link")
    expect(box.locator("textarea")).to_have_value(unquote(dash.page.url))
    box.get_by_role("button", name="Sao chép").click()
    expect(box.get_by_role("button")).to_have_text("Đã sao chép đường dẫn")
    assert reader.evaluate("navigator.clipboard.readText()") == unquote(dash.page.url)
    assert "field=kinh-te" in dash.page.url
    reader.close()


# --------------------------------------------------------------------------- 3b

NEW_UNITS = 13
APPROXIMATE = {"Thái Bình *", "Minh Xuân *", "Mỹ Lâm *", "An Tường *", "Tân Trào *"}


def test_2025_units_view_merges_communes_and_round_trips(app_url, dash, new_context):
    dash.open(app_url)
    dash.wait_query(metric="count", units="2020")
    dash.sidebar.get_by_text("Từ 01/7/2025", exact=False).click()
    dash.wait_query(units="2025")
    dash.wait_map(NEW_UNITS)
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text("915")
    expect(dash.kpi_value("Xã, phường (từ 01/7/2025) có mô hình")).to_have_text("13 / 13")

    # approximate units: starred label and the dotted purple outline, nothing else
    labels = set(dash.map.locator(".map-label").all_text_contents())  # those hidden as overlapping too
    assert {label for label in labels if label.endswith("*")} == APPROXIMATE, labels
    dotted = dash.map.locator('path.leaflet-interactive[stroke="#6a3d9a"][stroke-dasharray="1 5"]')
    expect(dotted).to_have_count(len(APPROXIMATE))
    expect(dash.page.get_by_text("* Ranh giới gần đúng", exact=False)).to_be_visible()

    # Nhữ Khê counts the records of the three communes merged into it
    merged = sum(1 for r in demo_records() if r["commune_code"] in ("02527", "02530", "02533"))
    dash.find_commune("Nhữ Khê")
    tip = dash.tooltip_text()
    assert f"Số mô hình, điển hình: {merged}\n" in tip + "\n", tip
    assert "Gồm (trước 01/7/2025): Nhữ Hán, Nhữ Khê, Đội Bình" in tip, tip

    # click selects the new unit; its profile names what it absorbed
    index, inside = dash.find_commune("Nhữ Khê")
    dash.page.mouse.click(*inside[0])
    dash.wait_query(selected="02530", units="2025")
    expect(dash.page.get_by_text("Hình thành ngày 01/7/2025 trên cơ sở sắp xếp: Xã Nhữ Hán (02527), Xã Nhữ Khê (02530), "
                                 "Xã Đội Bình (02533)", exact=True)).to_be_visible()

    other = new_context().new_page()
    other.page.goto(dash.page.url)
    other.wait_map(NEW_UNITS)
    original, reopened = settled_snapshots(dash, other)
    assert reopened == original
    assert any("Từ 01/7/2025" in r for r in original["radios"])
    assert_no_traceback(other)


# --------------------------------------------------------------------------- 4

def test_click_commune_selects_and_unselects_it(app_url, dash):
    dash.open(app_url)
    dash.wait_query(metric="count")
    expect(dash.kpi_value(KPI_SELECTED_VI)).to_have_text("Chưa chọn xã")
    index, inside = dash.find_commune("Đội Bình")
    assert len(inside) >= 2, "need two points inside Đội Bình"

    dash.page.mouse.click(*inside[0])
    dash.wait_query(selected="02533")
    expect(dash.kpi_value(KPI_SELECTED_VI)).to_have_text("Đội Bình")
    expect(dash.page.get_by_role("heading", name="Mô hình, điển hình của Đội Bình")).to_be_visible()

    own = [r for r in demo_records() if r["commune_code"] == "02533"]
    expect(dash.page.get_by_role("button", name=f"Xem danh sách {len(own)} mô hình, điển hình")).to_be_visible()
    # the map stays whole, with Đội Bình (and only it) outlined
    expect(dash.map.locator(COMMUNE_PATHS)).to_have_count(N_COMMUNES)
    expect(dash.selection_outline).to_have_count(1)
    outline = dash.selection_outline.bounding_box()
    commune = dash.map.locator(COMMUNE_PATHS).nth(index).bounding_box()
    for key in ("x", "y", "width", "height"):
        assert abs(outline[key] - commune[key]) < 4, (key, outline, commune)

    # click it again, at another point inside it → unselected
    inside = dash.interior_points()[index]
    point = inside[len(inside) // 2]
    dash.page.mouse.move(*point)
    assert "Đội Bình" in dash.tooltip_text()
    dash.page.mouse.click(*point)
    dash.wait_query(selected=None)
    expect(dash.selection_outline).to_have_count(0)
    assert "selected" not in dash.page.url
    expect(dash.kpi_value(KPI_SELECTED_VI)).to_have_text("Chưa chọn xã")
    expect(dash.page.get_by_role("button", name="Xem danh sách 915 mô hình, điển hình")).to_be_visible()
    assert_no_traceback(dash)


# --------------------------------------------------------------------------- 5

def assert_no_injected_elements(dash) -> None:
    for root, where in ((dash.page, "page"), (dash.map_frame(), "map frame")):
        assert root.locator('img[src="x"]').count() == 0, f"<img src=x> injected into the {where}"
        scripts = root.locator("script").evaluate_all(
            "els => els.filter(e => /alert\\(\\d\\)/.test(e.textContent)).length")
        assert scripts == 0, f"<script>alert()</script> injected into the {where}"


def probe_dialog_listener(dash) -> None:
    """Prove the dialog listener sees alerts from the map frame, then forget the probe."""
    assert dash.dialogs == [], f"the page opened dialogs (injected script ran): {dash.dialogs}"
    dash.map_frame().evaluate("() => setTimeout(() => alert('probe'), 0)")
    deadline = time.monotonic() + 10
    while not dash.dialogs and time.monotonic() < deadline:
        dash.page.wait_for_timeout(50)
    assert dash.dialogs == ["alert: probe"], dash.dialogs
    dash.dialogs.clear()


def test_texts_from_files_are_shown_as_text_not_html(xss_app_url, dash):
    dash.open(xss_app_url)
    dash.wait_query(metric="count")
    probe_dialog_listener(dash)

    # tooltip of the renamed commune
    _, inside = dash.find_commune(XSS_IMG)
    tooltip = dash.map.locator(".leaflet-tooltip")
    assert XSS_IMG in tooltip.inner_text()
    # commune names drawn on the map
    labels = dash.map.locator(".map-label").all_text_contents()  # those hidden as overlapping too
    assert XSS_IMG in labels, labels

    # select it: KPI, heading, clear button and records table show the name as text
    dash.page.mouse.click(*inside[0])
    dash.wait_query(selected=XSS_CODE)
    expect(dash.kpi_value(KPI_SELECTED_VI)).to_have_text(XSS_IMG)
    expect(dash.page.get_by_role("heading", name=f"Mô hình, điển hình của {XSS_IMG}")).to_be_visible()
    expect(dash.page.get_by_role("button", name=f"Bỏ chọn {XSS_IMG}")).to_be_visible()

    # the map page's button opens the list with the same filter and selection
    dash.page.get_by_role("button", name="Xem danh sách 37 mô hình, điển hình").click()
    dash.wait_query(page="records", selected=XSS_CODE)
    expect(dash.page.get_by_role("heading", name=f"Mô hình, điển hình của {XSS_IMG}")).to_be_visible()
    search = dash.page.get_by_label("Tìm theo tên, đơn vị, mô tả")
    dash.wait_idle()
    search.fill("script")  # only the payload record's unit (every row's commune is the <img>)
    search.press("Enter")
    expect(dash.page.get_by_text("Tìm thấy 1 trong 37 mô hình, điển hình; hiển thị 1", exact=True)).to_be_visible()
    # every column in view: the grid draws (and mirrors into its table) only the columns on screen,
    # and the payload's long name pushes the sixth past a 1,400 px window's edge
    dash.page.set_viewport_size({"width": 2200, "height": 1000})
    grid = dash.page.get_by_test_id("stDataFrame").locator("table[role=grid]")
    expect(grid.locator('td[aria-colindex="1"]')).to_have_text([XSS_IMG])
    expect(grid.locator('td[aria-colindex="5"]')).to_have_text([XSS_IMG])
    expect(grid.locator('td[aria-colindex="6"]')).to_have_text([XSS_SCRIPT])

    dash.open_combobox(dash.page.get_by_role("combobox", name="Chọn một mô hình để xem chi tiết"))
    option = dash.page.get_by_role("option")
    expect(option).to_have_text([f"{XSS_IMG} · {XSS_IMG} · 2022"])
    option.click()
    detail = dash.page.locator("table.record-detail")
    expect(detail).to_be_visible()
    cells = dict(zip(detail.locator("th").all_inner_texts(), detail.locator("td").all_inner_texts()))
    assert cells["Mã"] == XSS_RECORD_ID
    for column, payload in (("Tên mô hình, điển hình", XSS_IMG), ("Xã, phường, thị trấn", XSS_IMG),
                            ("Tên xã như ghi trong hồ sơ", XSS_SCRIPT), ("Đơn vị thực hiện", XSS_SCRIPT),
                            ("Mô tả", XSS_IMG), ("Kết quả", XSS_SCRIPT), ("Nguồn", XSS_IMG)):
        assert cells[column] == payload, (column, cells[column])
    assert dash.dialogs == []

    dash.sidebar.get_by_text("Bản đồ", exact=True).click()  # back to the map, the selection kept
    dash.wait_query(page="map", selected=XSS_CODE)
    dash.wait_map()
    assert_no_injected_elements(dash)
    assert dash.dialogs == []
    assert_no_traceback(dash)


def test_url_values_are_reported_as_text(xss_app_url, dash):
    commune, field = "<script>alert(3)</script>", "<img src=x onerror=alert(4)>"
    page = "[x](javascript:alert(5))"  # Markdown, not HTML: must not become a link
    dash.open(xss_app_url, "?" + urlencode({"commune": commune, "field": field, "page": page}))
    probe_dialog_listener(dash)
    notice = dash.page.get_by_test_id("stAlert").filter(has_text=NOTICE_VI)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"giá trị “{commune}” của “commune”")
    expect(notice).to_contain_text(f"giá trị “{field}” của “field”")
    expect(notice).to_contain_text(f"giá trị “{page}” của “page”")
    expect(notice.locator("a")).to_have_count(0)
    dash.wait_query(commune=None, field=None, page="map")
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text("916")
    assert_no_injected_elements(dash)
    assert dash.dialogs == []


# --------------------------------------------------------------------------- 6

def test_bad_url_parameters_warn_and_the_map_still_renders(app_url, dash):
    dash.open(app_url, "?from=2023&to=1999&metric=zzz&junk=1")
    notice = dash.page.get_by_test_id("stAlert").filter(has_text=NOTICE_VI)
    expect(notice).to_be_visible()
    for dropped in ("“junk”", "“2023” của “from”", "“1999” của “to”", "“zzz” của “metric”"):
        expect(notice).to_contain_text(dropped)
    expect(dash.map.locator(COMMUNE_PATHS)).to_have_count(N_COMMUNES)
    assert_fills(dash.fills())
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text("915")
    # the address bar is rewritten to the view actually shown
    dash.wait_query(**{"from": "2020", "to": "2022", "metric": "count", "junk": None})
    assert_no_traceback(dash)


def test_a_map_whose_shapes_cannot_be_fetched_says_so_in_its_frame(app_url, dash):
    """A shapes file that cannot be fetched (a proxy's error, a file removed under a running server) is a
    message in the frame, not a blank one, and the rest of the page still works."""
    asked = []
    dash.page.route("**/app/static/geo/**", lambda route: (asked.append(route.request.url),
                                                           route.fulfill(status=404, body="gone")))
    dash.page.goto(app_url)
    expect(dash.map.locator("#message")).to_have_text("Không tải được bản đồ. Vui lòng tải lại trang.",
                                                     timeout=60_000)
    expect(dash.map.locator(COMMUNE_PATHS)).to_have_count(0)
    expect(dash.kpi_value(KPI_MODELS_VI)).to_have_text("915")  # the rest of the page is there
    assert asked and len(asked) <= 2, asked  # tried, and once more at most
    assert_no_traceback(dash)


# --------------------------------------------------------------------------- issue 10, item 10

def test_the_staff_only_notice_stays_on_the_map_a_viewer_is_shown(app_url, dash):
    dash.open(app_url, "?page=import")
    notice = dash.page.get_by_test_id("stAlert").filter(has_text="chỉ dành cho cán bộ đã đăng nhập")
    expect(notice).to_be_visible()
    dash.page.wait_for_timeout(3_000)  # st_folium's automatic rerun once took it away after ~1.5 s
    sidebar = dash.page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Hiện mã QR của đường dẫn").click()  # a rerun of the same view
    expect(sidebar.locator(".share-qr img")).to_be_visible()
    dash.wait_idle()
    expect(notice).to_be_visible()
    dash.wait_query(page="map")
    assert_no_traceback(dash)


# --------------------------------------------------------------------------- issue 11, part 3: QR

def test_the_share_box_shows_the_links_qr_code_full_screen_for_the_room(app_url, dash):
    dash.open(app_url, "?field=kinh-te")
    sidebar = dash.page.get_by_test_id("stSidebar")
    assert sidebar.locator(".share-qr").count() == 0  # off until asked: a filter change does not carry it
    sidebar.get_by_text("Hiện mã QR của đường dẫn").click()
    qr = sidebar.locator(".share-qr")
    expect(qr.locator("img")).to_be_visible()
    assert "field=kinh-te" in sidebar.locator("textarea").input_value()  # the code of this view's link
    qr.click()
    expect(qr).to_have_class(re.compile(r"\bbig\b"))
    box, view = qr.locator("img").bounding_box(), dash.page.viewport_size
    assert box["height"] >= 0.8 * view["height"]  # across the screen, for the back of the room
    dash.page.keyboard.press("Escape")
    expect(qr).not_to_have_class(re.compile(r"\bbig\b"))
    assert_no_traceback(dash)


# --------------------------------------------------------------------------- issue 11, part 3: projector

def test_projector_mode_fills_a_720p_screen_and_the_arrow_keys_step_through_years_as_links(app_url, dash):
    dash.page.set_viewport_size({"width": 1280, "height": 720})
    dash.open(app_url, "?present=1&field=kinh-te")
    expect(dash.page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(dash.page.locator(".present-summary")).to_have_text("Lĩnh vực: Kinh tế · Năm 2020–2022 · "
                                                                "Tô màu theo: Số mô hình, điển hình")
    frame = dash.page.locator(MAP_IFRAME).bounding_box()
    assert frame["width"] >= 0.6 * 1280 and frame["y"] + frame["height"] <= 720  # large, and all on screen
    assert abs(dash.page.frame_locator(MAP_IFRAME).locator("#map").bounding_box()["height"] - frame["height"]) < 2
    dash.page.set_viewport_size({"width": 1920, "height": 1080})  # a larger projector: a larger map
    dash.page.wait_for_function(f"document.querySelector('{MAP_IFRAME}').getBoundingClientRect().height > 0.7 * 1080")
    dash.page.set_viewport_size({"width": 1280, "height": 720})
    dash.page.mouse.click(640, 60)  # focus the page (its title), as a presenter does before the clicker
    dash.page.keyboard.press("ArrowRight")
    dash.wait_query(**{"from": "2020", "to": "2020", "present": "1"})
    dash.wait_idle()  # a presenter's clicks come once the step is on the screen
    dash.page.keyboard.press("ArrowRight")
    dash.wait_query(**{"from": "2021", "to": "2021"})
    expect(dash.page.locator(".present-summary")).to_contain_text("Năm 2021 ·")
    dash.wait_idle()
    dash.page.keyboard.press("ArrowLeft")
    dash.wait_query(**{"from": "2020", "to": "2020"})
    assert_no_traceback(dash)


# --------------------------------------------------------------------------- issue 11, part 5: profile on paper

def printed(dash) -> tuple[int, str]:
    """The page printed on A4 (as Ctrl+P prints it): its number of pages and its text. Once its run is
    over and its style sheet applies (the list of models that only prints is shown)."""
    dash.wait_idle()
    dash.page.emulate_media(media="print")
    expect(dash.page.locator(".st-key-profile_printed")).to_be_visible()
    expect(dash.sidebar).to_be_hidden()  # the page's print style applies (not a run's half-drawn page)
    dash.wait_idle()
    pdf = pypdf.PdfReader(io.BytesIO(dash.page.pdf(format="A4", print_background=True)))
    dash.page.emulate_media(media="screen")
    return len(pdf.pages), " ".join(page.extract_text() for page in pdf.pages)


def test_the_commune_profile_prints_on_one_page_without_its_controls(app_url, dash):
    dash.page.goto(f"{app_url}/?page=commune&selected={XSS_CODE}")
    expect(dash.page.get_by_text("Dân số năm 2009")).to_be_visible(timeout=UI_TIMEOUT)
    dash.wait_idle()
    expect(dash.page.locator(".st-key-profile_printed")).to_be_attached()
    expect(dash.page.locator(".st-key-profile_printed")).to_be_hidden()  # on screen: the searchable table
    pages, text = printed(dash)
    assert pages == 1, text  # "printable as a one-page handout"
    assert "Theo lĩnh vực" in text and "Dân số năm 2009" in text
    assert "Tìm theo tên" not in text and "Chọn một mô hình" not in text  # the controls stay on screen
    own = sorted((r for r in demo_records() if r["commune_code"] == XSS_CODE),  # "its models", first by year, name
                 key=lambda r: (int(r["year"]), normalize(r["name"], keep_prefix=True), r["id"]))
    for record in own[:3]:
        assert record["name"] in text, text
    assert f"… và {len(own) - PRINTED_ROWS} mô hình, điển hình khác (xem đầy đủ trong" in text
    # the unit with the most models, a 2025 unit whose profile names the four communes it was formed from
    dash.page.goto(f"{app_url}/?page=commune&selected=02473&units=2025")
    expect(dash.page.get_by_text("Hình thành ngày 01/7/2025")).to_be_visible(timeout=UI_TIMEOUT)
    dash.wait_idle()
    pages, text = printed(dash)
    assert pages == 1, text
    assert "Mô hình, điển hình của Yên Sơn" in text and "mô hình, điển hình khác" in text


def test_a_link_as_of_a_moment_says_so_beside_its_way_back_and_the_map_starts_on_a_laptops_first_screen(app_url, dash):
    """The as-of banner and its "Xem số liệu mới nhất" button share one row (stacked, they pushed the map
    down by a row more); the button opens the live view."""
    moment = (datetime.now(timezone.utc) + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S")  # Vietnam's clock: after the demo was loaded
    dash.page.set_viewport_size({"width": 1440, "height": 900})
    live = dash.open(app_url).page.locator(MAP_IFRAME).bounding_box()["y"]
    dash.open(app_url, f"?asof={moment}")
    banner = dash.page.get_by_test_id("stAlert").filter(has_text="Số liệu tại thời điểm")
    button = dash.page.get_by_role("button", name="Xem số liệu mới nhất")
    note, back = banner.bounding_box(), button.bounding_box()
    assert note["y"] < back["y"] + back["height"] / 2 < note["y"] + note["height"]  # side by side
    assert back["x"] > note["x"] + note["width"] - 1
    lower = dash.page.locator(MAP_IFRAME).bounding_box()["y"] - live
    assert lower < note["height"] + 24 and dash.page.locator(MAP_IFRAME).bounding_box()["y"] < 900 - 300
    button.click()
    dash.wait_query(asof=None)
    expect(banner).to_have_count(0)
