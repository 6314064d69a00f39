"""Words of the staff-only screens and the command line (import, export, editing, sign-in).

Kept apart from the viewer's words in i18n.py so each file stays readable;
i18n.STRINGS merges this table, so t() finds every key.
"""
MESSAGES: dict[str, tuple[str, str]] = {
    # (Vietnamese, English)
}
