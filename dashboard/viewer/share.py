"""The share box: the link to the view on screen, in a read-only field with a copy button.

Streamlit's `st.code` box has a copy button, but it loads a 1.56 MB syntax
highlighter into every page for it. This box is plain HTML drawn by `st.html`
in the page itself (no iframe) with a few lines of script, served by the app,
so it works offline:

- `navigator.clipboard` exists only in a secure context (https, localhost); on
  plain http, as on a meeting room's own network, the script selects the link
  and uses `document.execCommand("copy")`, which browsers still honour on a click;
- if that fails too, the link stays selected and the button says to copy it by hand.

The link is the only text from outside (the address the browser reports): it
is escaped into the field, and the script reads it back from the field, never
from its own source.

A link is live: it shows the records as they are when it is opened. "Giữ nguyên số
liệu tại thời điểm này" makes it a link as of now instead (`asof=`), whose numbers a
later import or rollback does not change (geo/records/asof.py).

In a meeting the room scans the link instead: "Hiện mã QR" adds a QR code of it
(segno: pure Python, drawn as one SVG path of ~3 KB, so off by default: a filter
change should not carry it), and a click on the code shows it across the screen
for the projector; a click or Escape puts it back.
"""
from datetime import datetime, timedelta
from html import escape

import segno
import streamlit as st

from dashboard import rerun, state, url
from dashboard.words.i18n import VIETNAM, Words

COPY_SCRIPT = """(() => {
  const box = document.currentScript.parentElement;
  const field = box.querySelector("textarea"), button = box.querySelector("button");
  const say = (copied) => { button.textContent = copied ? button.dataset.copied : button.dataset.failed; };
  const byCommand = () => { try { say(document.execCommand("copy")); } catch (e) { say(false); } };
  field.addEventListener("focus", () => field.select());
  button.addEventListener("click", () => {
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(() => say(true), byCommand);
    } else {
      byCommand();
    }
  });
  const qr = box.querySelector(".share-qr");
  if (!qr) return;
  const toggle = () => qr.classList.toggle("big");
  qr.addEventListener("click", toggle);
  qr.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " " || (event.key === "Escape" && qr.classList.contains("big"))) {
      event.preventDefault();
      toggle();
    }
  });
})();"""


@rerun.fragment(rerun.SHARE)
def box(history: bool) -> None:
    """The share box of the view of now: a fragment, so a filter change reruns it with the map page
    (dashboard/rerun.py). Run alone (its switches) while a value dropped is unsaid or a full run is
    due, it asks for the full run, which says so and draws every control from the view."""
    if rerun.fragment_only() and (state.forged_pending() or rerun.full_run_pending()):
        st.rerun()
    rerun.drawn(rerun.SHARE)
    view = state.current()
    render(Words(view.lang), url.to_query(view), history)


def render(words: Words, query: dict[str, str], history: bool) -> None:
    """Heading, the link to the view whose URL query is `query` (on the address the app is open at),
    its copy button and what it is for.

    With a `history` (the records are in the store), a switch makes it a link as of
    now (url.View.asof) that keeps today's numbers after later imports and rollbacks;
    a view already as of a moment is shared as it is.
    """
    st.subheader(words("share"))
    if history and "asof" not in query and st.toggle(words("share_asof"), key="share_asof") is True:
        query = {**query, "asof": url.asof_value(_next_second())}
    with_qr = st.toggle(words("share_qr"), key="share_qr") is True  # a forged non-bool shows no code
    st.html(box_html(words, link_to(query), qr=with_qr), unsafe_allow_javascript=True)
    if "asof" in query:
        st.caption(words("share_asof_help", moment=words.moment(url.asof_moment(query["asof"]))))
    else:
        st.caption(words("share_help"))


def _next_second() -> datetime:
    """Now, rounded up to the second a link writes: a write done just before the click is in its numbers."""
    return datetime.now(VIETNAM).replace(microsecond=0) + timedelta(seconds=1)


def link_to(query: dict[str, str]) -> str:
    """The link to the view whose URL query is `query`, on the address the app is open at."""
    return url.address(st.context.url or "", query)


def box_html(words: Words, link: str, qr: bool = False) -> str:
    """The field holding `link`, the button that copies it and, if asked, its QR code; every word escaped."""
    rows = max(2, min(6, len(link) // 30 + 1))  # the whole link in view, up to a long one
    return (f'<div class="share-link"><textarea readonly rows="{rows}" spellcheck="false" '
            f'aria-label="{escape(words("share"))}">{escape(link)}</textarea>'
            f'<button type="button" data-copied="{escape(words("share_copied"))}" '
            f'data-failed="{escape(words("share_copy_failed"))}">{escape(words("share_copy"))}</button>'
            + (qr_html(words, link) if qr else "") + f"<script>{COPY_SCRIPT}</script></div>")


def qr_html(words: Words, link: str) -> str:
    """The QR code of `link` as an SVG image (a data URI: st.html's sanitiser drops inline SVG; the
    link reaches it only as the code's black modules), in a focusable box whose click shows it full screen;
    a note instead for a link longer than a QR code holds (hundreds of communes in the filter)."""
    try:
        uri = qr_uri(link)
    except segno.DataOverflowError:
        return f'<p class="share-qr-note">{escape(words("share_qr_too_long"))}</p>'
    return (f'<div class="share-qr" role="button" tabindex="0" title="{escape(words("share_qr_big"))}">'
            f'<img src="{escape(uri)}" alt="{escape(words("share_qr_title"))}">'
            f'<span>{escape(words("share_qr_big"))}</span></div>')


def qr_uri(link: str) -> str:
    """The QR code of `link` as a data: URI of an SVG that scales (no fixed size)."""
    return segno.make(link, error="m").svg_data_uri(scale=4, border=2, omitsize=True)
