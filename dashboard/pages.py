"""The one list of pages: what a link may name, what the sidebar offers, what viewers are refused, who draws each.

dashboard/app.py passes the names to the URL parser (url.Context.pages), guards
the staff-only pages and calls `render`; the sidebar's page picker lists
`offered(...)`. A new page is one line here.
"""
from typing import Callable, NamedTuple

from dashboard.staff import batches_page, boundaries_page, import_page

from dashboard.viewer.pages import commune, map as map_page, records, sources

from dashboard import url
from dashboard.data import Dataset


class Page(NamedTuple):
    """A page: its name in links and message keys ("page_<name>"), who may open it, and what draws it.

    A staff page is drawn from the data as registered (the codes records are
    stored under), whatever unit system the viewer looks at.
    """

    name: str
    staff_only: bool
    render: Callable[[url.View, Dataset], None]


PAGES = (
    Page("map", False, map_page.render),
    Page("records", False, records.render),
    Page("commune", False, commune.render),
    Page("sources", False, sources.render),
    Page("import", True, import_page),
    Page("batches", True, batches_page),
    Page("boundaries", True, boundaries_page),
)
BY_NAME = {page.name: page for page in PAGES}
NAMES = tuple(BY_NAME)


def offered(staff: bool) -> tuple[str, ...]:
    """The pages the sidebar lists, in order: the staff pages only to signed-in staff."""
    return tuple(page.name for page in PAGES if staff or not page.staff_only)


def staff_only(name: str | None) -> bool:
    """Whether `name` is a page viewers are refused (False for no page, or no such page)."""
    page = BY_NAME.get(name)
    return page is not None and page.staff_only


def render(view: url.View, data: Dataset) -> None:
    """Draw the view's page; a staff page gets the data in its registered units."""
    page = BY_NAME[view.page]
    page.render(view, data.registered if page.staff_only else data)
