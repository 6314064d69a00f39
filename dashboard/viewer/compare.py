"""The compare view (?compare=year|field|change): small maps side by side instead of the one map.

`?compare=year` draws one small map per year of the filter, `field` one per
field, all coloured by the same classes so a colour means the same number on
every map; `change` draws the change from the filter's first year to its last
on a diverging scale ("tăng / giảm"). What the maps show is computed once, as
data (`comparison`): the page draws it as SVG images (geo.choropleth.small),
which print and which a projector shows as they are, and the handout
(dashboard/handout) draws the same fills and legend on paper.
"""
import base64
from dataclasses import dataclass, field
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
class Comparison:
    """What the compare view shows, before anything draws it: per small map its caption and each unit's
    fill (in the frame's order), and the legend: the split's shared classes (`rows`, geo.choropleth.legend)
    or the change's diverging scale (`scale`). `notice`: a message key instead, when there is nothing to
    compare; `outside`: per unit, whether the commune filter leaves it out (None: no commune filter)."""

    maps: list[tuple[str, list[str]]] = field(default_factory=list)
    rows: list[legend.Item] = field(default_factory=list)
    scale: compare.Diverging | None = None
    outside: list[bool] | None = None
    notice: str | None = None


@dataclass(frozen=True)
class Shown:
    """What the page draws: the small maps (one HTML grid) and their legend (HTML), or a notice key."""

    grid: str
    legend: str
    notice: str | None = None


def comparison(view: url.View, data: Dataset) -> Comparison:
    """The small maps and legend of `view` (whose `compare` is set), as data."""
    words, flt = Words(view.lang), view.filter
    if len(data.communes) > UP_TO:
        return Comparison(notice="compare_too_many")
    keys = panels.record_keys(data)
    outside = (~data.communes["code"].isin(flt.communes)).tolist() if flt.communes else None
    if view.compare == "change":
        if flt.year_from == flt.year_to:
            return Comparison(notice="compare_change_one_year")
        panel = compare.change(data.communes, data.records, keys, flt)
        scale = compare.diverging(panel.values, integer=flt.metric == "count")
        caption = words("compare_change_caption", first=flt.year_from, last=flt.year_to,
                        total=_signed(words, panel.total))
        return Comparison([(caption, _fills(panel.values, scale.colour, outside))], scale=scale, outside=outside)
    parts = compare.split(view.compare, data.communes, data.records, keys, flt)
    values = pd.concat([part.values for part in parts], ignore_index=True)
    classes = classify(values, view.scheme, integer=flt.metric == "count")
    maps = [(_caption(words, view.compare, part), _fills(part.values, classes.colour, outside)) for part in parts]
    return Comparison(maps, legend.items(classes, values, flt.metric, dimmed=bool(flt.communes)), outside=outside)


def build(view: url.View, data: Dataset) -> Shown:
    """The small maps and legend of `view` (whose `compare` is set), as the page's HTML."""
    shown = comparison(view, data)
    if shown.notice:
        return Shown("", "", shown.notice)
    words, metric = Words(view.lang), view.filter.metric
    shapes = panels.remember(data.communes, "small_outlines", lambda: small.outlines(data.communes.geometry))
    if shown.scale is not None:
        legend_html = _change_legend(words, metric, shown.scale, dimmed=shown.outside is not None)
        return Shown(_grid(shapes, shown.maps, single=True), legend_html)
    return Shown(_grid(shapes, shown.maps), map_view.legend_html(words, metric, shown.rows))


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


def change_rows(words: Words, metric: str, scale: compare.Diverging, dimmed: bool) -> list[tuple[str, str, str]]:
    """The change legend's rows as (kind, colour, words), kinds as geo.choropleth.legend's: "tăng / giảm"
    classes from the largest increase to the largest fall, then no data, then (`dimmed`: a commune filter
    is set) the units outside it. The page and the handout both write these."""
    places = 0 if metric == "count" else 2
    rows = [("class", colour, words("compare_same") if direction == "same"
             else words(f"compare_{direction}", size=_size(words, low, high, places)))
            for colour, direction, low, high in scale.ranges()]
    rows.append(("no_data", NO_DATA_COLOUR, words("legend_no_data")))
    return rows + ([("dim", DIM_COLOUR, words("legend_dim"))] if dimmed else [])


def change_title(words: Words, metric: str) -> str:
    """The change legend's title: "Tăng, giảm: Số mô hình, điển hình"."""
    return f'{words("compare_change_legend")}: {words("metric_" + metric)}'


def _change_legend(words: Words, metric: str, scale: compare.Diverging, dimmed: bool) -> str:
    rows = "".join(f'<div class="legend-row"><span class="{map_view.SWATCH_CLASS.get(kind, "swatch")}" '
                   f'style="background:{colour}"></span>{escape(label)}</div>'
                   for kind, colour, label in change_rows(words, metric, scale, dimmed))
    return f'<div class="legend"><b>{escape(change_title(words, metric))}</b>{rows}</div>'


def _size(words: Words, low: float, high: float | None, places: int) -> str:
    """A class of change sizes (low, high] in words: "4 – 6", "3" (one whole number), "từ 7" (open)."""
    start = low + 1 if places == 0 else low
    if high is None:
        return words("compare_from", value=words.number(start, places))
    if start == high:
        return words.number(high, places)
    return f"{words.number(start, places)} – {words.number(high, places)}"
