"""The compare view in a real browser: the small maps are drawn, and its link reopens it."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

IMAGES = ".compare-grid img"


def test_a_compare_link_draws_its_small_maps_and_a_fresh_browser_reopens_the_same_view(app_url, new_context):
    first = new_context().new_page()
    first.page.goto(f"{app_url}/?compare=change&from=2020&to=2022&field=kinh-te")
    expect(first.page.locator(IMAGES)).to_have_count(1, timeout=90_000)  # the server's first page
    first.page.wait_for_function(f"() => [...document.querySelectorAll('{IMAGES}')].every(i => i.naturalWidth > 0)")
    expect(first.page.get_by_text("Năm 2022 so với năm 2020", exact=False)).to_be_visible()
    first.wait_query(compare="change", field="kinh-te")
    link = first.page.url
    again = new_context().new_page()
    again.page.goto(link)
    expect(again.page.locator(IMAGES)).to_have_count(1)
    assert again.query() == first.query()
    assert again.page.locator(".legend").inner_text() == first.page.locator(".legend").inner_text()
