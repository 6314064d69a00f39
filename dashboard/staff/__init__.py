"""Staff-only screens and actions: sign-in, import, import history, record editing, boundary sets.

What the rest of the app uses from here (the page registry and the records page):
"""
from dashboard.staff.boundary_page import boundaries_page
from dashboard.staff.pages import batches_page, editor, import_page

__all__ = ["import_page", "batches_page", "boundaries_page", "editor"]
