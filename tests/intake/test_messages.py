"""The intake's message table: complete, consistent, and merged into dashboard.words.i18n without a clash."""
import re
import string
from pathlib import Path

from dashboard.words.i18n import VIEWER
from geo.intake.messages import MESSAGES

SOURCE = Path(__file__).resolve().parents[2] / "geo" / "intake"
USED = re.compile(r"""(?:Reason|IntakeError)\(\s*["']([a-z_0-9]+)["']|["'](skipped_[a-z]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_the_code_uses_has_a_message():
    used = set()
    for path in SOURCE.glob("*.py"):
        for m in USED.finditer(path.read_text(encoding="utf-8")):
            used.add(m.group(1) or m.group(2))
    assert used and used <= set(MESSAGES), used - set(MESSAGES)


def test_vietnamese_and_english_take_the_same_parameters():
    for key, (vi, en) in MESSAGES.items():
        assert isinstance(vi, str) and isinstance(en, str) and vi and en, key
        assert _placeholders(vi) == _placeholders(en), key


def test_keys_do_not_clash_with_the_dashboard_strings():
    assert not set(MESSAGES) & set(VIEWER)
