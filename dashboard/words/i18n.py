"""Every word the UI shows, in Vietnamese (first) and English: the merged tables and how to ask for them.

One merged table so a screen can never mix languages: code asks for a key,
never for literal text. A renderer is handed `Words` (the table bound to one
language) rather than the whole view it would only read `lang` from.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
import math

from dashboard.words.boundary import MESSAGES as BOUNDARY
from dashboard.words.staff import MESSAGES as STAFF
from dashboard.words.viewer import MESSAGES as VIEWER
from geo.intake.messages import MESSAGES as INTAKE

LANGS = ("vi", "en")
VIETNAM = timezone(timedelta(hours=7))  # times are stored in UTC and shown on Vietnam's clock

# The four tables never share a key (tests/words/test_i18n.py), so none hides another.
STRINGS: dict[str, tuple[str, str]] = VIEWER | INTAKE | STAFF | BOUNDARY


def t(key: str, lang: str, /, **params) -> str:
    """The text for `key` in `lang`, with {placeholders} filled."""
    vi, en = STRINGS[key]
    text = vi if lang == "vi" else en
    return text.format(**params) if params else text


def number(value: float, lang: str, decimals: int | None = None) -> str:
    """Vietnamese writes 1.234,5; English 1,234.5. Whole numbers lose their decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def moment(value: datetime, lang: str) -> str:
    """A date and time on Vietnam's clock: 01/7/2025 14:05 in Vietnamese (Nghị định 30/2020: a day below
    10 and the months 1 and 2 take a leading zero, other months none), 2025-07-01 14:05 in English."""
    local = value.astimezone(VIETNAM)
    if lang != "vi":
        return f"{local:%Y-%m-%d %H:%M}"
    month = f"{local.month:02d}" if local.month < 3 else str(local.month)
    return f"{local.day:02d}/{month}/{local.year} {local:%H:%M}"


@dataclass(frozen=True)
class Words:
    """The words of one language: what a renderer needs of the view when all it reads is `lang`."""

    lang: str

    def __call__(self, key: str, /, **params) -> str:
        """The text for `key`, with {placeholders} filled (a placeholder may be named `key`)."""
        return t(key, self.lang, **params)

    def number(self, value: float, decimals: int | None = None) -> str:
        """`value` written the way this language writes numbers."""
        return number(value, self.lang, decimals)

    def moment(self, value: datetime) -> str:
        """`value` as a date and time on Vietnam's clock, written the way this language writes them."""
        return moment(value, self.lang)
