"""Names and record texts from data files are shown as written, not as Markdown.

HTML in them is already inert (test_dashboard.py); these tests use Markdown
syntax: a commune named "Nhữ [Khê](evil.example) *x* :smile:" and a record
description with a blank line followed by a Markdown heading and link.

Streamlit reads Markdown in metric values, subheaders and button labels, and a
blank line ends the raw-HTML block of the record-detail table; before
dashboard/words/markup.py (plain, html_cell) both rendered links, emphasis, emoji and
headings from the data.

Each test waits for a condition that holds with or without the bug, then
asserts at once, so a failure is quick and shows every difference together.
"""
import re

import pytest
from playwright.sync_api import expect

from browser_support import MD_CODE, MD_DESCRIPTION, MD_NAME, MD_RECORD_ID

pytestmark = pytest.mark.browser


def injected_links(dash) -> list[str]:
    return dash.page.locator('a[href*="evil.example"]').evaluate_all(
        "els => els.map(e => e.outerHTML)")


def test_commune_name_with_markdown_is_shown_as_written(markdown_app_url, dash):
    dash.open(markdown_app_url, f"?selected={MD_CODE}")
    heading = dash.page.get_by_role("heading", name=re.compile(r"^Mô hình, điển hình của "))
    button = dash.page.get_by_role("button", name=re.compile(r"^Bỏ chọn "))
    expect(heading).to_be_visible()  # the whole page has been drawn
    expect(button).to_be_visible()
    assert {
        "kpi": dash.kpi_value("Đang chọn").inner_text().strip(),
        "heading": heading.inner_text().strip(),
        "button": button.inner_text().strip(),
        "links": injected_links(dash),
    } == {
        "kpi": MD_NAME,
        "heading": f"Mô hình, điển hình của {MD_NAME}",
        "button": f"Bỏ chọn {MD_NAME}",
        "links": [],
    }


def test_record_text_with_a_blank_line_stays_in_the_detail_table(markdown_app_url, dash):
    dash.page.goto(f"{markdown_app_url}/?selected={MD_CODE}&page=records")
    search = dash.page.get_by_label("Tìm theo tên, đơn vị, mô tả")
    search.fill("nhiều đoạn")
    search.press("Enter")
    expect(dash.page.get_by_text(re.compile(r"^Tìm thấy 1 trong "))).to_be_visible()
    dash.open_combobox(dash.page.get_by_role("combobox", name="Chọn một mô hình để xem chi tiết"))
    dash.page.get_by_role("option").first.click()
    detail = dash.page.locator("table.record-detail")
    expect(detail.locator("th").last).to_be_visible()  # the whole table has been drawn
    cells = dict(zip(detail.locator("th").all_inner_texts(), detail.locator("td").all_inner_texts()))
    assert cells["Mã"] == MD_RECORD_ID
    assert {
        "description": cells.get("Mô tả"),
        "formatting": detail.locator("h1, h2, h3, strong, em").count(),
        "links": injected_links(dash),
    } == {"description": MD_DESCRIPTION, "formatting": 0, "links": []}
