"""What every command reports through: exit codes, Failure, say(), the refusal of a file, write_output().

Its own module so that the records, boundary and area commands share it
without importing each other.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from dashboard.words.i18n import t
from geo.intake.preview import default_registry
from geo.places.registry import CommuneRegistry

# 0 done (or nothing to do), 1 some rows or features are in error (nothing written),
# 2 the file, the options or the database could not be used (nothing written).
OK, ROWS_IN_ERROR, REJECTED = 0, 1, 2
STDOUT = "<stdout>"  # where write_output wrote when it was given no file
# A hostile file must not drive the terminal (control characters: escape sequences, bells) nor
# reorder what it shows (bidirectional embeddings, overrides and isolates U+202A-U+202E,
# U+2066-U+2069, the marks U+200E, U+200F and the Arabic letter mark U+061C).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class Failure(Exception):
    """A message (already in the user's language) that ends the command with exit code 2."""


def say(text: str, err: bool = False) -> None:
    """One line of output, without control or bidirectional formatting characters (cell text can
    contain escape sequences, and a name an override that shows it backwards)."""
    print(_CONTROL.sub("", text), file=sys.stderr if err else sys.stdout)


def rejected_file(path: Path, reason: str, lang: str) -> Failure:
    """The file cannot be used, and why (a message already in `lang`)."""
    return Failure(t("cli_file_rejected", lang, path=path, reason=reason))


def read_input(path: Path, max_bytes: int, too_large: Callable[[int], str], lang: str) -> bytes:
    """The bytes of a file handed to a command, refused before reading when over the upload limit.

    The same limit as the page's uploader (Config.max_upload_bytes); `too_large(size)` says why in
    the words of the file's own pipeline.
    """
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise rejected_file(path, too_large(size), lang)
        return path.read_bytes()
    except OSError as exc:
        raise Failure(t("cli_file_missing", lang, path=path, reason=exc.strerror or exc)) from exc


def scope_units(province: str | None, district: str | None, lang: str) -> CommuneRegistry:
    """The units of a scope (GSO codes or names); a scope with none (a mistyped DVK_AREA, --district)
    is said in words instead of ending in a traceback."""
    try:
        return default_registry(province, district)
    except ValueError as exc:
        raise Failure(t("bset_cli_bad_scope", lang, province=province or "—", district=district or "—",
                        reason=exc)) from exc


def write_output(data: bytes, out: str | None, binary: bool, lang: str) -> str:
    """Write to `out`, or to stdout when it is None or "-" (never a workbook onto a terminal)."""
    if out in (None, "-"):
        if binary and sys.stdout.isatty():
            raise Failure(t("cli_xlsx_to_terminal", lang))
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return STDOUT
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise Failure(t("cli_cannot_write", lang, path=out, reason=exc.strerror or exc)) from exc
    return out
