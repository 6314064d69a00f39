"""The handout of the view on screen: one A4 landscape page, as PDF or PNG, drawn on the server.

The same view gives the same page on every machine, offline (no browser
print, no font download). Modules, in the order data flows:

- `content`: what the handout says, in the view's language, computed through
  the map page's own functions (so its colours are the web map's; a compare
  view's small maps are the compare view's own, viewer.compare.comparison);
- `page`: the page laid out and drawn with matplotlib (the one map, or the
  small maps in a grid), saved as PDF or PNG.

The map on it is drawn by geo.choropleth.picture and geo.choropleth.furniture.

    page = make(view, data, link)   # data in the view's units; link: the view's address
    pdf(page), png(page)            # bytes
"""
from datetime import datetime

from dashboard import url
from dashboard.data import Dataset
from dashboard.handout.content import content
from dashboard.handout.page import Page, draw, pdf, png
from dashboard.words.i18n import VIETNAM

__all__ = ["make", "pdf", "png", "Page"]


def make(view: url.View, data: Dataset, link: str, made: datetime | None = None) -> Page:
    """The drawn handout of `view` over `data`, made now unless `made` says when."""
    return draw(content(view, data, link, made or datetime.now(VIETNAM)))
