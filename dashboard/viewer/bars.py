"""Counts as bars drawn by the page's own HTML and CSS, not a chart library.

Why not Vega-Lite (st.vega_lite_chart): its renderer is a 775 KB script every
phone in a meeting downloads and parses before the page settles, and each filter
change sent two chart specs (4.5 KB) and spent ~9 ms marshalling them
(tests/benchmarks/bench_browser.py). Six fields and a handful of years read as
well from a small table of bars, which also prints and projects as it looks.
Labels are escaped: field labels are ours, but years and counts pass through too.
"""
from html import escape

from dashboard.words.i18n import Words


def bars_html(title: str, labels: list[str], counts, words: Words, caption: str) -> str:
    """A titled table, one row per label in the order given: label, bar (its length
    proportional to the largest count), the count in the language's digits."""
    counts = [int(c) for c in counts]
    top = max(counts, default=0) or 1
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th>'
        f'<td class="bar"><span style="width:{100 * count / top:.1f}%"></span></td>'
        f'<td class="count">{escape(words.number(count))}</td></tr>'
        for label, count in zip(labels, counts))
    return (f'<table class="count-bars"><caption>{escape(title)} <span>({escape(caption.lower())})</span></caption>'
            f'<tbody>{rows}</tbody></table>')


def pairs_html(title: str, labels: list[str], ours, theirs, words: Words, our_name: str, their_name: str) -> str:
    """Two bars per label (ours dark, theirs light, on one scale) with both numbers: a unit against
    the median of the area's units."""
    ours, theirs = [float(v) for v in ours], [float(v) for v in theirs]
    top = max(ours + theirs, default=0) or 1
    rows = "".join(
        f'<tr><th scope="row">{escape(label)}</th><td class="bar">'
        f'<span style="width:{100 * mine / top:.1f}%"></span>'
        f'<span class="other" style="width:{100 * other / top:.1f}%"></span></td>'
        f'<td class="count">{escape(words.number(mine))}<br><small>{escape(words.number(other, 1))}</small></td></tr>'
        for label, mine, other in zip(labels, ours, theirs))
    return (f'<table class="count-bars pairs"><caption>{escape(title)} <span>(<b class="key"></b>'
            f'{escape(our_name)} · <b class="key other"></b>{escape(their_name)})</span></caption>'
            f'<tbody>{rows}</tbody></table>')
