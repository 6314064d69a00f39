"""Panels beside and below the map: totals, charts, the records table and a record's detail, unselecting."""
from html import escape
import re

import pandas as pd
import streamlit as st

from dashboard import state, url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from dashboard.words.markup import html_cell, plain
from geo.choropleth.aggregate import totals_by
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES, KINDS
from geo.places.names import normalize

TABLE_COLUMNS = ("name", "kind", "field", "year", "commune", "unit", "illustrative")
DETAIL_COLUMNS = ("id", "name", "kind", "field", "year", "commune", "written", "unit",
                  "description", "result", "source", "illustrative")
VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"  # a name only: nothing fetches it


def kpis(words: Words, data: Dataset, filtered: pd.DataFrame, selected: str | None) -> None:
    """How many records match, how many units have one, and which unit is selected."""
    names = commune_names(data)
    first, second, third = st.columns(3)
    first.metric(words("kpi_models"), words.number(len(filtered)))
    codes = filtered["commune_code"]
    covered = codes[codes.isin(list(names))].nunique()  # records of undrawn codes are reported apart
    label = words("kpi_communes_2025" if data.units == "2025" else "kpi_communes")
    second.metric(label, f"{words.number(covered)} / {words.number(len(names))}")
    third.metric(words("kpi_selected"), plain(names.get(selected, "")) if selected else words("kpi_none"))


def charts(words: Words, filtered: pd.DataFrame, years: range) -> None:
    """Counts by field and by year, with every field and year of the filter shown even when 0."""
    by_field = totals_by(filtered, "field", list(FIELD_CODES))
    by_year = totals_by(filtered, "year", list(years))
    title = words("metric_count")
    st.markdown(f"**{words('by_field')}**")
    st.vega_lite_chart(bars([FIELD_BY_CODE[c].label(words.lang) for c in by_field.index], by_field.values,
                            title, horizontal=True), width="stretch")
    st.markdown(f"**{words('by_year')}**")
    st.vega_lite_chart(bars([str(y) for y in years], by_year.values, title, horizontal=False), width="stretch")


def bars(labels: list[str], counts, title: str, horizontal: bool) -> dict:
    """A Vega-Lite bar chart with its numbers on the bars, in the given order (fields in the
    movement's order, years in time order).

    Written as the plain spec altair produced for the same chart: altair built and
    validated it against the Vega-Lite schema on every rerun (~28 ms for the two);
    a dict needs neither, and draws the same.
    """
    label = {"field": "label", "type": "nominal", "sort": None, "title": None,
             "axis": {"labelLimit": 190} if horizontal else {"labelAngle": 0}}
    value = {"field": "count", "type": "quantitative", "title": None,
             "axis": {"format": "d", "tickMinStep": 1}}  # counts: no 0.000000
    encoding = {"x": value, "y": label} if horizontal else {"x": label, "y": value}
    encoding["tooltip"] = [{"field": "count", "type": "quantitative", "title": title}]
    text = {"type": "text", "align": "left" if horizontal else "center", "color": "#333",
            "dx": 3 if horizontal else 0, "dy": 0 if horizontal else -6}
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "data": {"name": "counts"},  # a named dataset, as altair sends it (inline values draw a little apart)
        "datasets": {"counts": [{"label": str(n), "count": int(c)} for n, c in zip(labels, counts)]},
        "layer": [{"mark": {"type": "bar", "color": "#2c7fb8"}, "encoding": encoding},
                  {"mark": text, "encoding": {**encoding, "text": {"field": "count", "type": "quantitative"}}}],
        "height": 200 if horizontal else 170,
    }


def commune_names(data: Dataset) -> dict[str, str]:
    """Code → name of the units on the map."""
    return dict(zip(data.communes["code"], data.communes["name"]))


def readable(records: pd.DataFrame, data: Dataset, words: Words) -> pd.DataFrame:
    """Records with labels and commune names instead of codes, columns translated later."""
    names = commune_names(data)
    lang = words.lang
    kind_index = 0 if lang == "vi" else 1
    return pd.DataFrame({
        "id": records["id"], "name": records["name"],
        "kind": records["kind"].map(lambda k: KINDS[k][kind_index]),
        "field": records["field"].astype(str).map(lambda c: FIELD_BY_CODE[c].label(lang)),
        "year": records["year"],
        "commune": records["commune_code"].astype(str).map(names).fillna(records["commune_name"]),
        "written": records["commune_name"], "unit": records["unit"],
        "description": records["description"], "result": records["result"],
        "source": records["source"],
        "illustrative": records["illustrative"].map({True: words("yes"), False: words("no")}),
    })


def search(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose name, unit, description or commune have words starting with every
    word of the query, accents and case ignored ("doi binh ong" finds bee-keeping
    in Đội Bình, not every "công" or "không")."""
    needles = _fold(query).split()
    if not needles:
        return table
    haystack = (table["name"] + " " + table["unit"] + " " + table["description"] + " "
                + table["commune"]).map(_fold)
    keep = pd.Series(True, index=table.index)
    for needle in needles:
        keep &= haystack.str.contains(rf"(?:^| ){re.escape(needle)}")
    return table[keep]


def records_section(words: Words, data: Dataset, records: pd.DataFrame, selected: str | None,
                    key: str) -> pd.DataFrame:
    """Heading (naming the selected unit, if any), table and record detail; returns the rows shown."""
    st.subheader(words("records_of", name=plain(commune_names(data)[selected])) if selected
                 else words("records_title"))
    shown = records_table(words, data, records, key=key)
    st.markdown(f"**{words('detail')}**")
    detail(words, shown, key=key)
    return shown


def clear_selection_button(words: Words, data: Dataset, selected: str | None) -> None:
    """An "Unselect …" button under a selection: a second click on the map does the same, less visibly."""
    if selected:
        name = plain(commune_names(data)[selected])
        st.button(words("clear_selection", name=name), key="clear_selection",
                  on_click=lambda: state.set_view(url.with_filter(state.current(), selected=None)))


def records_table(words: Words, data: Dataset, records: pd.DataFrame, key: str) -> pd.DataFrame:
    """Searchable table of records; returns the rows shown, for the detail picker."""
    table = readable(records.sort_values(["year", "commune_code", "id"]), data, words)
    query = st.text_input(words("search"), key=f"{key}_search")
    shown = search(table, query)
    st.caption(words("shown_of", shown=words.number(len(shown)), total=words.number(len(table))))
    st.dataframe(shown[list(TABLE_COLUMNS)].rename(columns=lambda c: words(f"col_{c}")),
                 hide_index=True, width="stretch")
    return shown


def detail(words: Words, shown: pd.DataFrame, key: str) -> None:
    """A picker over the rows shown, then the picked record in full."""
    if shown.empty:
        return
    labels = dict(zip(shown.index, detail_labels(shown)))
    pick = st.selectbox(words("detail_pick"), list(shown.index), key=f"{key}_detail", index=None,
                        placeholder=words("detail_placeholder"), format_func=labels.__getitem__)
    if pick is not None:
        record_table(words, shown.loc[pick])


def detail_labels(shown: pd.DataFrame) -> pd.Series:
    """ "Name · commune · year" per row (blank where a value is missing), built column-wise: one
    lookup per cell cost ~31 ms a rerun for 915 rows, and the picker is drawn on every rerun."""
    name, commune, year = (shown[c].astype(str).fillna("") for c in ("name", "commune", "year"))
    return name.str.cat([commune, year], sep=" · ")


def record_table(words: Words, row: pd.Series) -> None:
    """One record, every column, escaped: a record's text is never trusted as HTML."""
    cells = "".join(f"<tr><th>{escape(words(f'col_{c}'))}</th><td>{html_cell(row[c])}</td></tr>"
                    for c in DETAIL_COLUMNS)
    st.markdown(f'<table class="record-detail">{cells}</table>', unsafe_allow_html=True)


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: "Đội  Bình" and "doi binh" find each other."""
    return normalize(text, keep_prefix=True)
