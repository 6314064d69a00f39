"""What the intake says about a file or a row: keys into `messages`, never prose.

A row-level finding is a `Reason` (key, params, level); a file that cannot be
read at all raises `IntakeError`. Both carry an i18n key and the values to
fill in, so the UI and the command line can show the same finding in
Vietnamese or English, and tests can assert on the key instead of wording.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from geo.intake.messages import MESSAGES
from geo.errors import KeyedError

Level = Literal["note", "warning", "error"]


def render(key: str, lang: str, params: dict[str, Any]) -> str:
    """The message for `key` in `lang` ("vi" or anything else = English)."""
    vi, en = MESSAGES[key]
    text = vi if lang == "vi" else en
    return text.format(**params) if params else text


@dataclass(frozen=True)
class Reason:
    """One finding about one row: an i18n key, its parameters, and how bad it is.

    "error" rows are not imported; "warning" rows are imported but shown so a
    person can check what the intake assumed (a year taken from the sheet
    title, text converted from TCVN3, ...); a "note" says what was recognised
    (a former commune name, another spelling) and leaves the row ready.
    """
    key: str
    params: dict[str, Any] = field(default_factory=dict, compare=True, hash=False)
    level: Level = "error"

    def text(self, lang: str = "vi") -> str:
        return render(self.key, lang, self.params)


class IntakeError(KeyedError):
    """A file that cannot be previewed at all."""

    def text(self, lang: str = "vi") -> str:
        return render(self.key, lang, self.details)
