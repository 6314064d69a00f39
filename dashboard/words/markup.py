"""Making text from files and URLs inert before Streamlit renders it.

Streamlit reads Markdown in many places (st.markdown, warnings, subheaders,
metric values, button labels), so a commune named "[x](http://…)" would
become a link. `plain` turns such text into literal characters; `html_cell`
does the same for text placed inside HTML the app builds itself.
"""
from html import escape

MARKDOWN_SPECIALS = "\\`*_{}[]()#+-.!|<>~$:&"


def plain(text: str) -> str:
    """Backslash-escape every Markdown special character, so text shows as written."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in str(text))


def html_cell(text: str) -> str:
    """HTML-escaped text whose line breaks stay inside the cell.

    A blank line would end Markdown's raw-HTML block and let the rest be read
    as Markdown, so newlines become <br>.
    """
    return escape(str(text)).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")
