"""Staff-only screens and the writes behind them: sign-in, import, import history, record editing,
boundary sets.

Modules, from the door inwards:
`passwords` (scrypt hashes, throttling of failed tries), `auth` (accounts, the
sidebar sign-in, who is signed in), `guard` (`staff_action`: the one check every
write callback goes through, and the list of them), `actions` (the writes to
the record store, no widgets), `display` (notices kept across a click, store
errors in words, read-only mode, times in Vietnam's zone), then the pages:
`imports` (upload → preview → mapping → commit), `batches` (import history
and rollback), `editing` (add, edit and delete one record, with its history),
`boundary_page` (loading boundary sets, with the report from
`dashboard.words.boundary_report`, and switching the map
between them).

What the rest of the app uses from here (the page registry and the records page):
"""
from dashboard.staff.batches import batches_page
from dashboard.staff.boundary_page import boundaries_page
from dashboard.staff.editing import editor
from dashboard.staff.imports import import_page

__all__ = ["import_page", "batches_page", "boundaries_page", "editor"]
