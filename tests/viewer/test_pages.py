"""The one page registry (dashboard/pages.py): what links may name, what the sidebar offers, who is refused."""
from types import SimpleNamespace

import pytest

from dashboard import pages, url
from dashboard.words.i18n import STRINGS
from geo.choropleth.query import Filter


def test_the_sidebar_order_and_who_sees_what():
    assert pages.NAMES == ("map", "records", "commune", "sources", "import", "batches", "boundaries")
    assert pages.offered(staff=False) == ("map", "records", "commune", "sources")
    assert pages.offered(staff=True) == pages.NAMES


@pytest.mark.parametrize("name, refused", [
    ("map", False), ("records", False), ("commune", False), ("sources", False),
    ("import", True), ("batches", True), ("boundaries", True),
    (None, False), ("nope", False),
])
def test_staff_only(name, refused):
    assert pages.staff_only(name) is refused


def test_the_default_page_is_a_viewer_page():
    assert url.DEFAULT_PAGE in pages.NAMES and not pages.staff_only(url.DEFAULT_PAGE)


@pytest.mark.parametrize("name", pages.NAMES)
def test_every_page_has_a_name_in_both_languages_and_a_link(name):
    assert f"page_{name}" in STRINGS
    ctx = url.Context(years=(2020, 2022), communes=frozenset(), pages=pages.NAMES)
    assert url.parse({"page": [name]}, ctx) == (url.View(filter=Filter(year_from=2020, year_to=2022),
                                                         page=name), [])


def test_a_staff_page_is_drawn_from_the_registered_data(monkeypatch):
    drawn = []
    fakes = {page.name: page._replace(render=lambda view, data: drawn.append((view.page, data)))
             for page in pages.PAGES}
    monkeypatch.setattr(pages, "BY_NAME", fakes)
    data = SimpleNamespace(registered="as registered")
    pages.render(url.View(page="import"), data)
    pages.render(url.View(page="map"), data)
    assert drawn == [("import", "as registered"), ("map", data)]
