"""The sources page: licences, vintages and what is illustrative, with figures from the loaded data."""
from pathlib import Path

import streamlit as st

from dashboard import url
from dashboard.config import load_config
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from dashboard.words.markup import plain

CONTENT = Path(__file__).resolve().parents[2] / "content"
NATIONAL_COMMUNES = 11163  # polygons in the national 2009 commune set


def render(view: url.View, data: Dataset) -> None:
    """The text is written per language in dashboard/content; the figures come from this load."""
    words = Words(view.lang)
    st.subheader(words("sources_title"))
    records = data.records
    text = (CONTENT / f"sources.{view.lang}.md").read_text(encoding="utf-8")
    st.markdown(text.format(
        total=words.number(len(records)),
        synthetic=words.number(int(records["illustrative"].sum())),
        real=words.number(int((~records["illustrative"]).sum())),
        communes=words.number(len(data.registered.communes)),
        national_communes=words.number(NATIONAL_COMMUNES),
        display=_display_note(data, words),
        shown=_boundary_source(data, words),
    ))


def _boundary_source(data: Dataset, words: Words) -> str:
    """Which boundaries the map draws: an area of the national set, a staff-loaded version, or the file."""
    base = data.registered
    if base.title:
        return words("source_area", area=plain(base.title))
    if base.version is not None:
        return words("source_version", label=plain(base.version.label), id=base.version.id,
                     file=plain(base.version.source_name), user=plain(base.version.user))
    return words("source_default", file=plain(load_config().boundaries.name))


def _display_note(data: Dataset, words: Words) -> str:
    """What cleaning and simplifying did to the boundaries the map draws (figures from this load)."""
    report = data.registered.communes.attrs.get("display")
    if not report:
        return words("display_plain")
    cleaned = report["cleaned"]
    figures = {"before": report["geojson_bytes_before"] / 1024, "after": report["geojson_bytes_after"] / 1024,
               "vertices_before": report["vertices_before"], "vertices_after": report["vertices_after"],
               "shift": report["max_displacement_m"], "tolerance": report["tolerance_m"],
               "gaps": cleaned["gaps_filled"]}
    return words("display_report", overlap=words.number(cleaned["overlap_m2"] / 1e4, 2),
                 **{key: words.number(value) for key, value in figures.items()})
