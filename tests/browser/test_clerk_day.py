"""Issue 13 in a real browser: pages open at their top, and a Vietnamese screen has no English
from Streamlit or Leaflet (the uploader, the running indicator, the menu, the scale bar)."""
import re

import pytest
from playwright.sync_api import expect

from browser_support import STAFF_PASSWORD, STAFF_USER

pytestmark = pytest.mark.browser

# Visible text nodes, minus icon ligatures (Material Symbols: "upload", "keyboard_arrow_down") and
# elements shown only to a keyboard's focus (1 px boxes: Streamlit's "Skip to main content").
VISIBLE_TEXTS_JS = """() => {
  const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const text = walk.currentNode.textContent.trim(), el = walk.currentNode.parentElement;
    if (!text || !el || el.closest('script, style, [data-testid="stIconMaterial"], [translate="no"]')) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width <= 1 || box.height <= 1 || style.visibility === 'hidden' || style.opacity === '0') continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('*')) {          // CSS-generated words count too
    const after = getComputedStyle(el, '::after').content;
    if (after && after !== 'none' && after !== 'normal' && after.startsWith('"')) out.push(after.slice(1, -1));
  }
  return out;
}"""
# The words Streamlit 1.67 and Leaflet would show on these screens (each seen there before issue 13; the
# multiselects' "Select all" / "Select 2 matches" in this stop, and their searches' "No results").
ENGLISH = re.compile(r"\b(Upload|Drag|per file|Browse|Stop|Running|Print|Record screen|Made with|Deploy|"
                     r"Download as|Search|Fullscreen|Show/hide|Copy to clipboard|Clear cache|Settings|\d+ (mi|ft)|"
                     r"Select all|Select \d+ matches|No results)\b")
MAIN = '[data-testid="stMain"]'


def english_on(page) -> list[str]:
    return [text for text in page.evaluate(VISIBLE_TEXTS_JS) if ENGLISH.search(text)]


def test_a_page_change_opens_the_new_page_at_its_top(app_url, dash):
    """Scrolled down the records list, "Bản đồ" opens with the map in view, not at the old scroll position."""
    page = dash.page
    page.goto(f"{app_url}/?page=records")
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=60_000)  # a first load on a busy machine
    dash.wait_idle()
    page.locator(MAIN).evaluate("main => main.scrollTop = main.scrollHeight")
    assert page.locator(MAIN).evaluate("main => main.scrollTop") > 200
    dash.sidebar.get_by_text("Bản đồ", exact=True).click()
    dash.wait_query(page="map")
    dash.wait_map()
    page.wait_for_function(f"() => document.querySelector('{MAIN}').scrollTop === 0")
    expect(page.locator('iframe[title*="mapcomponent"]')).to_be_in_viewport()


def test_the_vietnamese_map_import_and_history_pages_have_no_english(staff_app_url, dash):
    dash.open(staff_app_url)
    page = dash.page
    assert english_on(page) == []
    scale = dash.map.locator(".leaflet-control-scale-line")
    expect(scale).to_have_count(1)
    expect(scale).to_have_text(re.compile(r"^\d+ k?m$"))
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)
    for label, typed in (("Lĩnh vực", ""), ("Xã, phường, thị trấn", "Đ")):  # the lists the filters open
        box = dash.sidebar.get_by_test_id("stMultiSelect").filter(has_text=label).get_by_role("combobox")
        dash.open_combobox(box)
        if typed:
            box.press_sequentially(typed)
            expect(page.get_by_role("option").first).to_be_visible()
        assert english_on(page) == []
        box.press("Escape")
    box.press_sequentially("zzz")  # the commune list, searched for what no commune is called
    expect(page.locator('[role="listbox"][data-empty="true"]')).to_be_visible()
    assert english_on(page) == [] and "Không tìm thấy" in page.evaluate(VISIBLE_TEXTS_JS)
    box.press("Escape")
    dash.sign_in(STAFF_USER, STAFF_PASSWORD)
    page.get_by_test_id("stMain").get_by_role("button", name="Nhập dữ liệu").click()
    dash.wait_query(page="import")
    zone = page.get_by_test_id("stFileUploaderDropzone")
    expect(zone).to_be_visible()
    dash.wait_idle()
    assert english_on(page) == []
    texts = page.evaluate(VISIBLE_TEXTS_JS)
    assert "Chọn tệp" in texts and "Kéo thả tệp vào đây" in texts
    dash.sidebar.get_by_text("Lịch sử nhập", exact=True).click()
    dash.wait_query(page="batches")
    page.get_by_test_id("stDataFrame").first.wait_for()
    dash.wait_idle()
    page.get_by_test_id("stDataFrame").first.hover()
    assert english_on(page) == []
