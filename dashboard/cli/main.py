"""The parser and main(): which command runs, with the settings loaded once, and its exit code.

The commands live in dashboard.cli.records, dashboard.cli.boundaries and
dashboard.cli.areas; they report through dashboard.cli.output, so none imports another.
"""
from __future__ import annotations

import argparse
import logging

import streamlit  # noqa: F401 - its loggers exist once it is imported

# The commands use the dashboard's modules without a Streamlit session; Streamlit warns of that ("missing
# ScriptRunContext") on stderr, where a command's own problems go. It is not one: filtered out here (a
# filter, since Streamlit resets its loggers' levels when it reads its configuration).
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "ScriptRunContext" not in record.getMessage())

from dashboard.cli.areas import add_areas_parser
from dashboard.cli.backup import add_backup_parsers
from dashboard.cli.boundaries import add_boundaries_parser
from dashboard.cli.handout import add_handout_parser
from dashboard.cli.output import REJECTED, Failure, say
from dashboard.cli.records import add_records_parsers
from dashboard.cli.warm import add_warm_parser
from dashboard.cli.serve import add_serve_parser
from dashboard.config import Config, load_config
from dashboard.words.i18n import LANGS


def build_parser(config: Config) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGS, default="vi", help="language of messages (default: vi)")
    parser = argparse.ArgumentParser(prog="python -m dashboard",
                                     description="“Dân vận khéo” records: import, export, import template; "
                                                 "commune boundary sets; the codes of the national commune set; "
                                                 "the database's upkeep; serving the app; the handout of a shared view.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_records_parsers(commands, common)
    add_boundaries_parser(commands, common, config.scope)
    add_areas_parser(commands, common)
    add_backup_parsers(commands, common)
    add_warm_parser(commands, common)
    add_serve_parser(commands, common)
    add_handout_parser(commands, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (argparse itself exits 2 on bad options)."""
    config = load_config()
    args = build_parser(config).parse_args(argv)
    try:
        return args.run(args, config)
    except Failure as exc:
        say(str(exc), err=True)
        return REJECTED
