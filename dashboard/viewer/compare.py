"""The compare view (?compare=year|field|change): small maps side by side instead of the one map.

`?compare=year` draws one small map per year of the filter, `field` one per
field, all coloured by the same classes so a colour means the same number on
every map; `change` draws the change from the filter's first year to its last
on a diverging scale ("tăng / giảm"). The maps are SVG images
(geo.choropleth.small): they print, and a projector shows them as they are.
"""
import base64
from dataclasses import dataclass
from html import escape

import pandas as pd

from dashboard.viewer import map_view, panels

from dashboard import url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.choropleth import compare, legend, small
from geo.choropleth.classify import DIM_COLOUR, NO_DATA_COLOUR, classify
from geo.records.fields import FIELD_BY_CODE


# Small maps of more units than this (a province has ~150-700; the country ~10,000) would be megabytes of
# SVG on every rerun (6.5 MB for the country's six fields): the page asks for a smaller area instead.
UP_TO = 2_000


@dataclass(frozen=True)
class Shown:
    """What the page draws: the small maps (one HTML grid) and their legend (HTML), or a notice key."""

    grid: str
    legend: str
    notice: str | None = None


def build(view: url.View, data: Dataset) -> Shown:
    """The small maps and legend of `view` (whose `compare` is set)."""
    words, flt = Words(view.lang), view.filter
    if len(data.communes) > UP_TO:
        return Shown("", "", "compare_too_many")
    shapes = panels.remember(data.communes, "small_outlines", lambda: small.outlines(data.communes.geometry))
    keys = panels.record_keys(data)
    outside = (~data.communes["code"].isin(flt.communes)).to_numpy() if flt.communes else None
    if view.compare == "change":
        if flt.year_from == flt.year_to:
            return Shown("", "", "compare_change_one_year")
        panel = compare.change(data.communes, data.records, keys, flt)
        scale = compare.diverging(panel.values, integer=flt.metric == "count")
        caption = words("compare_change_caption", first=flt.year_from, last=flt.year_to,
                        total=_signed(words, panel.total))
        maps = [(caption, _fills(panel.values, scale.colour, outside))]
        return Shown(_grid(shapes, maps, single=True), _change_legend(words, flt.metric, scale))
    parts = compare.split(view.compare, data.communes, data.records, keys, flt)
    values = pd.concat([part.values for part in parts], ignore_index=True)
    classes = classify(values, view.scheme, integer=flt.metric == "count")
    maps = [(_caption(words, view.compare, part), _fills(part.values, classes.colour, outside)) for part in parts]
    rows = legend.items(classes, values, flt.metric, dimmed=bool(flt.communes))
    return Shown(_grid(shapes, maps), map_view.legend_html(words, flt.metric, rows))


def _fills(values: pd.Series, colour, outside) -> list[str]:
    """Each unit's colour; units outside the commune filter are dimmed, as on the big map."""
    fills = [colour(value) for value in values]
    return fills if outside is None else [DIM_COLOUR if out else fill for fill, out in zip(fills, outside)]


def _caption(words: Words, kind: str, part: compare.Panel) -> str:
    what = (words("sum_year", year=part.key) if kind == "year"
            else FIELD_BY_CODE[part.key].label(words.lang))
    return words("compare_caption", what=what, total=words.number(part.total))


def _signed(words: Words, value: float) -> str:
    return ("+" if value > 0 else "") + words.number(value)


def _grid(shapes: small.Outlines, maps: list[tuple[str, list[str]]], single: bool = False) -> str:
    """The small maps as images with their captions, in a grid that wraps (CSS .compare-grid)."""
    figures = "".join(
        f'<figure><img alt="{escape(caption)}" src="data:image/svg+xml;base64,'
        f'{base64.b64encode(small.svg(shapes, fills).encode()).decode()}"><figcaption>{escape(caption)}</figcaption></figure>'
        for caption, fills in maps)
    return f'<div class="compare-grid{" single" if single else ""}">{figures}</div>'


def _change_legend(words: Words, metric: str, scale: compare.Diverging) -> str:
    """"Tăng / giảm" classes, from the largest increase to the largest fall, and no data."""
    places = 0 if metric == "count" else 2
    rows = []
    for colour, direction, low, high in scale.ranges():
        label = (words("compare_same") if direction == "same"
                 else words(f"compare_{direction}", size=_size(words, low, high, places)))
        rows.append(f'<div class="legend-row"><span class="swatch" style="background:{colour}"></span>'
                    f'{escape(label)}</div>')
    rows.append(f'<div class="legend-row"><span class="swatch" style="background:{NO_DATA_COLOUR}"></span>'
                f'{escape(words("legend_no_data"))}</div>')
    return (f'<div class="legend"><b>{escape(words("compare_change_legend"))}: '
            f'{escape(words("metric_" + metric))}</b>{"".join(rows)}</div>')


def _size(words: Words, low: float, high: float | None, places: int) -> str:
    """A class of change sizes (low, high] in words: "4 – 6", "3" (one whole number), "từ 7" (open)."""
    start = low + 1 if places == 0 else low
    if high is None:
        return words("compare_from", value=words.number(start, places))
    if start == high:
        return words.number(high, places)
    return f"{words.number(start, places)} – {words.number(high, places)}"
