"""The command line, `python -m dashboard`: import, export, template, boundaries, areas, backup, restore,
migrate, serve, handout.

For the district's technical staff and for scripts: the same preview, store,
files and boundary pipeline as the staff pages, with the same scope and
upload limit (Config), so a file accepted here is accepted there. No
Streamlit. The report goes to stdout, problems to stderr, and the exit code
says what happened.

Modules: `main` (the parser and main()), `records` (import, export,
template), `boundaries` (load, list and activate boundary versions),
`areas` (how the national 2009 commune set is coded, with a CSV for review),
`backup` (backup, restore and migrate of the record store), `serve` (one app
process with the production settings), `handout` (a shared view's printed
page, as the map page's "Tải bản in" draws it),
`output` (exit codes, Failure, say, write_output: what the command modules
report through).
"""
from dashboard.cli.main import main

__all__ = ["main"]
