"""The share box (dashboard/viewer/share.py): the link to the view on screen, escaped into a
read-only field with a copy button, without Streamlit's code box and its syntax highlighter.

The copy itself (clipboard, and its fallback) runs in a browser: tests/browser/test_dashboard.py.
"""
import html
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import segno
from streamlit.testing.v1 import AppTest

from dashboard import url
from dashboard.viewer import share
from dashboard.words.i18n import Words
from tests.paths import APP


class Box(HTMLParser):
    """What a browser would build from the box: the field's text, the script, the button's words."""

    def __init__(self, html: str):
        super().__init__()
        self.tags, self.text = [], {}
        self._open = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag

    def handle_data(self, data):
        self.text[self._open] = self.text.get(self._open, "") + data


def box_in(at: AppTest) -> str:
    """The share box's HTML (the map page's legend and charts are HTML elements too)."""
    (box,) = [h.value for h in at.html if 'class="share-link"' in h.value]
    return box


def link_in(at: AppTest) -> str:
    return Box(box_in(at)).text["textarea"]


def test_the_link_is_text_in_the_field_whatever_the_address_holds():
    link = 'http://x/"><script>alert(1)</script></textarea><img src=x>?page=map&lang=vi'
    box = Box(share.box_html(Words("vi"), link))
    assert box.text["textarea"] == link
    assert [tag for tag, _ in box.tags] == ["div", "textarea", "button", "script"]
    assert box.text["script"] == share.COPY_SCRIPT  # the only script: ours, which reads the field
    assert dict(box.tags)["textarea"]["readonly"] is None  # present, without a value


def test_the_button_speaks_the_view_language():
    for lang, copy, copied in (("vi", "Sao chép", "Đã sao chép đường dẫn"), ("en", "Copy", "Link copied")):
        box = Box(share.box_html(Words(lang), "http://x/?lang=" + lang))
        assert box.text["button"] == copy
        assert dict(box.tags)["button"]["data-copied"] == copied


def test_the_sidebar_offers_the_link_to_the_view_and_follows_it():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.code  # no st.code box: its syntax highlighter is 1.56 MB of JavaScript
    assert link_in(at) == "/?" + urlencode(url.to_query(at.session_state["view"]))
    at.multiselect(key="w_field").set_value(["kinh-te"]).run()
    assert link_in(at) == "/?" + urlencode(url.to_query(at.session_state["view"]))
    assert parse_qs(urlsplit(link_in(at)).query) == {key: [at.query_params[key]] for key in at.query_params}
    assert "field=kinh-te" in link_in(at)


def qr_image(link: str) -> str:
    """The src of the QR code image of `link` as the page must hold it (escaped into the attribute)."""
    return html.escape(segno.make(link, error="m").svg_data_uri(scale=4, border=2, omitsize=True))


def test_the_qr_code_encodes_exactly_the_link_in_the_field():
    link = 'http://x/?page=map&lang=vi&field=kinh-te%2Ckhac&x="><img src=x>'
    page = share.box_html(Words("vi"), link, qr=True)
    box = Box(page)
    assert box.text["textarea"] == link
    assert f'<img src="{qr_image(link)}"' in page             # the modules of this link, nothing else
    assert [tag for tag, _ in box.tags].count("script") == 1 and [t for t, _ in box.tags].count("img") == 1


def test_the_qr_code_is_shown_only_when_asked():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert 'class="share-qr"' not in box_in(at)           # ~3 KB a filter change would carry
    at.toggle(key="share_qr").set_value(True).run()
    assert f'<img src="{qr_image(link_in(at))}"' in box_in(at)


def test_a_link_too_long_for_a_qr_code_gets_a_note_not_an_error():
    """Hundreds of communes in a filter make a link no QR code holds (~2,300 characters)."""
    from dashboard.viewer.share import qr_html
    note = qr_html(Words("vi"), "http://x/?commune=" + "02533," * 600)
    assert "quá dài để tạo mã QR" in note and "<img" not in note
