"""Save a full-page screenshot of the running dashboard, for a person to look at.

    python tests/browser/screenshot.py URL OUT.png [HEIGHT]

URL is any page of a running app (e.g. http://localhost:8501/?lang=en&selected=02533).
HEIGHT is the height of the picture in pixels; without it the picture is as
tall as the page's content. (Streamlit scrolls its main area inside a 100vh
container, so Playwright's full_page alone would stop at the window's bottom:
the window is made as tall as the content instead.)

Uses Debian's Chromium with the same flags as the browser tests, blocks every
host but the app's, and waits for the map's polygons before shooting. Not a test.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from browser_support import CHROMIUM, VIEWPORT, OfflineContext, launch  # noqa: E402


CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
        .map(e => e.scrollHeight))"""


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    url, out = argv[0], Path(argv[1])
    height = int(argv[2]) if len(argv) == 3 else None
    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing", file=sys.stderr)
        return 1
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            context = OfflineContext(browser, viewport=dict(VIEWPORT))
            dash = context.new_page()
            dash.page.goto(url)
            dash.page.get_by_role("heading", level=1).wait_for()
            if "page=records" not in url and "page=sources" not in url:
                dash.wait_map(None)
            dash.page.wait_for_timeout(500)  # fonts and fit-bounds animation; a picture, not a test
            if height is None:
                height = dash.page.evaluate(CONTENT_HEIGHT_JS)
            dash.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
            dash.page.wait_for_timeout(500)
            out.parent.mkdir(parents=True, exist_ok=True)
            dash.page.screenshot(path=str(out), full_page=True)
        finally:
            browser.close()
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
