"""What a handout says, as plain data in the view's language: computed from the view and its data, then drawn.

Everything comes from what the map page itself computes, through the same
functions: the query, values and classes (viewer.choropleth), each unit's
fill (geo.choropleth.paint), the legend's rows and their words
(map_view.legend_text), the totals and the two charts (panels), the filter
in words (present.summary). Nothing here knows how a page is laid out.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from dashboard import url
from dashboard.data import Dataset
from dashboard.viewer import panels
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
class Content:
    """Every word and number of a handout, and the map it shows (geo.choropleth.picture.Units)."""
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
    units: picture.Units
    context: object  # the outlines around the units (a GeoDataFrame), or None


def content(view: url.View, data: Dataset, link: str, made: datetime) -> Content:
    """The handout of `view` over `data` (in the view's units), whose address is `link`, made at `made`."""
    words, flt = Words(view.lang), view.filter
    shown = choropleth(view, data)
    painted = paint(shown.values, flt.metric, shown.classes, in_filter=set(flt.communes) or None,
                    selected=flt.selected)
    crowded = len(data.communes) > LABELS_UP_TO
    names = panels.commune_names(data)
    return Content(
        title=words("app_title"),
        area=words("app_subtitle", area=data.title or words("default_area"), units=words(f"subtitle_units_{view.units}")),
        summary=summary(words, flt, names, view.asof),
        kpis=panels.kpi_values(words, data, shown.panel_records, flt.selected)[:3 if flt.selected else 2],
        legend_title=f'{words("legend")}: {words("metric_" + flt.metric)}',
        legend=[Key(row.kind, row.colour, legend_text(words, row)) for row in shown.legend_rows],
        map_note=words("handout_labels_hidden", count=LABELS_UP_TO) if view.labels and crowded else "",
        charts=charts(words, shown, range(flt.year_from, flt.year_to + 1)) + [top(words, shown, flt, names)],
        notes=notes(words, data, shown) + [words("handout_made", when=words.moment(made))],
        link=link, link_title=words("share"), qr_caption=words("handout_qr"), north=words("handout_north"),
        units=picture.units(data.communes, painted, named=view.labels and not crowded),
        context=data.context)


def charts(words: Words, shown: Choropleth, years: range) -> list[Bars]:
    """The page's two charts, by field and by year, of the records the panels count."""
    caption = words("metric_count")
    return [Bars(title, caption, [(label, float(count), words.number(count)) for label, count in zip(labels, counts)])
            for title, labels, counts in panels.chart_counts(words, shown.panel_records, years)]


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
