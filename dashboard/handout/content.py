"""What a handout says, as plain data in the view's language: computed from the view and its data, then drawn.

Everything comes from what the map page itself computes, through the same
functions: the query, values and classes (viewer.choropleth), each unit's
fill (geo.choropleth.paint), the legend's rows and their words
(map_view.legend_text), the totals and the two charts (panels), the filter
in words (present.summary). A compare view (?compare=year|field|change)
prints the page's own small maps instead of the one map: their captions,
fills and legend are viewer.compare.comparison's, which the page draws as
SVG, with the two charts (not the leading units). Nothing here knows how a
page is laid out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from dashboard import url
from dashboard.data import Dataset
from dashboard.viewer import panels
from dashboard.viewer.compare import Comparison, change_rows, change_title, comparison
from dashboard.viewer.map_view import legend_text
from dashboard.viewer.choropleth import Choropleth, choropleth
from dashboard.viewer.present import summary
from dashboard.words.i18n import Words
from geo.choropleth import picture
from geo.choropleth.paint import LABELS_UP_TO, paint

TOP = 5  # units in the list of the leading ones
SOURCES = 3  # record sources named in the data note, the most frequent first
SOURCE_CHARACTERS = 90  # a source longer than this is cut, so the note stays a note


@dataclass(frozen=True)
class Bars:
    """A titled list of rows (label, value, the value as written), drawn as bars proportional to the values."""
    title: str
    caption: str
    rows: list[tuple[str, float, str]]


@dataclass(frozen=True)
class Key:
    """One legend row: its kind (geo.choropleth.legend.Item.kind), its fill (None: none) and its words."""
    kind: str
    colour: str | None
    text: str


@dataclass(frozen=True)
class Small:
    """One small map of a comparison: its caption ("Năm 2021 · 302 mô hình, điển hình") and its units."""
    caption: str
    units: picture.Units


@dataclass(frozen=True)
class Content:
    """Every word and number of a handout, and what it maps: the one map (`units`, geo.choropleth.picture,
    with the outlines around it, `context`), or the small maps of a comparison (`small`; `units` None)."""
    title: str
    area: str
    summary: str
    kpis: list[tuple[str, str]]
    legend_title: str
    legend: list[Key]
    map_note: str
    charts: list[Bars]
    notes: list[str]
    link: str
    link_title: str
    qr_caption: str
    north: str
    units: picture.Units | None
    context: object  # the outlines around the units (a GeoDataFrame), or None
    small: list[Small] = field(default_factory=list)


def content(view: url.View, data: Dataset, link: str, made: datetime) -> Content:
    """The handout of `view` over `data` (in the view's units), whose address is `link`, made at `made`."""
    words, flt = Words(view.lang), view.filter
    shown = choropleth(view, data)
    names = panels.commune_names(data)
    compared = comparison(view, data) if view.compare else None
    by_field_and_year = charts(words, shown)
    if compared is not None and not compared.notice:
        drawn = compared_maps(words, flt.metric, data, compared, by_field_and_year)
    else:  # no comparison, or one the page cannot draw: the one map, and the page's notice under it
        drawn = one_map(words, view, data, shown, names, compared.notice if compared else None,
                        by_field_and_year + [top(words, shown, flt, names)])
    return Content(
        title=words("app_title"),
        area=words("app_subtitle", area=data.title or words("default_area"), units=words(f"subtitle_units_{view.units}")),
        summary=summary(words, flt, names, view.asof),
        kpis=panels.kpi_values(words, data, shown.tally.total, shown.units_with_records,
                              flt.selected)[:3 if flt.selected else 2],
        notes=notes(words, data, shown) + [words("handout_made", when=words.moment(made))],
        link=link, link_title=words("share"), qr_caption=words("handout_qr"), north=words("handout_north"),
        **drawn)


def one_map(words: Words, view: url.View, data: Dataset, shown: Choropleth, names: dict[str, str],
            notice: str | None, bars: list[Bars]) -> dict:
    """The one map's part of the page: legend, map and note (`notice`'s words, if any), and the charts `bars`."""
    flt = view.filter
    painted = paint(shown.values, flt.metric, shown.classes, in_filter=set(flt.communes) or None,
                    selected=flt.selected)
    crowded = len(data.communes) > LABELS_UP_TO
    note = words("handout_labels_hidden", count=LABELS_UP_TO) if view.labels and crowded else ""
    return dict(
        **class_legend(words, flt.metric, shown.legend_rows),
        map_note=" ".join(filter(None, [words(notice) if notice else "", note])),
        charts=bars,
        units=picture.units(data.communes, painted, named=view.labels and not crowded),
        context=data.context)


def compared_maps(words: Words, metric: str, data: Dataset, compared: Comparison, bars: list[Bars]) -> dict:
    """A comparison's part of the page: its small maps and their one legend, as the page computes them, and
    the charts by field and by year (`bars`), printed where the maps leave room (page.compared). Not the
    leading units: under maps that split the range, a ranking over the whole of it would read as one of them."""
    if compared.scale is not None:
        rows = change_rows(words, metric, compared.scale, dimmed=compared.outside is not None)
        legend = dict(legend_title=change_title(words, metric), legend=[Key(*row) for row in rows])
    else:
        legend = class_legend(words, metric, compared.rows)
    return dict(**legend, map_note="", charts=bars, units=None, context=None,
                small=[Small(caption, picture.small_map(data.communes, fills, compared.outside))
                       for caption, fills in compared.maps])


def class_legend(words: Words, metric: str, rows: list) -> dict:
    """A legend of classes (geo.choropleth.legend rows) in the page's words: its title and keys."""
    return dict(legend_title=f'{words("legend")}: {words("metric_" + metric)}',
                legend=[Key(row.kind, row.colour, legend_text(words, row)) for row in rows])


def charts(words: Words, shown: Choropleth) -> list[Bars]:
    """The page's two charts, by field and by year, of the records the panels count."""
    caption = words("metric_count")
    return [Bars(title, caption, [(label, float(count), words.number(count)) for label, count in zip(labels, counts)])
            for title, labels, counts in panels.chart_counts(words, shown.tally)]


def top(words: Words, shown: Choropleth, flt, names: dict[str, str]) -> Bars:
    """The units with the highest value of the map's metric (among those the commune filter keeps), best first."""
    values = shown.values
    if flt.communes:
        values = values[values["code"].isin(flt.communes)]
    values = values[values[flt.metric] > 0]
    order = values.assign(name=values["code"].map(names)).sort_values([flt.metric, "name"],
                                                                       ascending=[False, True]).head(TOP)
    decimals = 0 if flt.metric == "count" else 1
    rows = [(str(name), float(value), words.number(value, decimals))
            for name, value in zip(order["name"], order[flt.metric])]
    return Bars(words("handout_top"), words(f"metric_{flt.metric}"), rows)


def notes(words: Words, data: Dataset, shown: Choropleth) -> list[str]:
    """How many of the map's records are illustrative (when any are), and where the figures come from."""
    records = panels.full_rows(data, shown.filtered)
    synthetic = int(records["illustrative"].sum())
    lines = []
    if synthetic:
        lines.append(words("handout_illustrative", synthetic=words.number(synthetic),
                           total=words.number(len(records)), real=words.number(len(records) - synthetic)))
    lines.append(words("handout_sources", records=record_sources(words, records["source"]),
                       boundaries=boundary_source(words, data)))
    return lines


def record_sources(words: Words, sources: pd.Series) -> str:
    """The most frequent sources of the records, each with how many records name it."""
    counts = sources.astype(str).value_counts().head(SOURCES)
    if counts.empty:
        return words("handout_no_records")
    return "; ".join(f"{_cut(source)} ({words.number(count)})" for source, count in counts.items())


def boundary_source(words: Words, data: Dataset) -> str:
    """Where the map's boundaries come from: an area of the national set, a staff-loaded set, or the default file."""
    base = data.registered
    if base.title:
        return words("handout_bounds_area")
    if base.version is not None:
        return words("handout_bounds_version", label=base.version.label, id=base.version.id)
    return words("handout_bounds_default")


def _cut(text: str) -> str:
    return text if len(text) <= SOURCE_CHARACTERS else text[:SOURCE_CHARACTERS - 1] + "…"
