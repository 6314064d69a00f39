"""Panels beside and below the map: totals, charts, the records table and a record's detail."""
from html import escape
import re

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import url
from dashboard.data import Dataset
from dashboard.words.i18n import number, t
from dashboard.words.markup import html_cell, plain
from geo.choropleth.aggregate import totals_by
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES, KINDS
from geo.places.names import normalize

TABLE_COLUMNS = ("name", "kind", "field", "year", "commune", "unit", "illustrative")
DETAIL_COLUMNS = ("id", "name", "kind", "field", "year", "commune", "written", "unit",
                  "description", "result", "source", "illustrative")


def kpis(view: url.View, data: Dataset, filtered: pd.DataFrame) -> None:
    lang = view.lang
    names = commune_names(data)
    first, second, third = st.columns(3)
    first.metric(t("kpi_models", lang), number(len(filtered), lang))
    codes = filtered["commune_code"]
    covered = codes[codes.isin(list(names))].nunique()  # records of undrawn codes are reported apart
    label = t("kpi_communes_2025" if data.units == "2025" else "kpi_communes", lang)
    second.metric(label, f"{number(covered, lang)} / {number(len(names), lang)}")
    selected = view.filter.selected
    third.metric(t("kpi_selected", lang), plain(names.get(selected, "")) if selected else t("kpi_none", lang))


def charts(view: url.View, filtered: pd.DataFrame) -> None:
    """Counts by field and by year, with every field and year shown even when 0."""
    lang, flt = view.lang, view.filter
    by_field = totals_by(filtered, "field", list(FIELD_CODES))
    by_field.index = [FIELD_BY_CODE[c].label(lang) for c in by_field.index]
    years = list(range(flt.year_from, flt.year_to + 1))
    by_year = totals_by(filtered, "year", years)
    by_year.index = [str(y) for y in years]
    st.markdown(f"**{t('by_field', lang)}**")
    st.altair_chart(_bars(by_field, t("metric_count", lang), horizontal=True), width="stretch")
    st.markdown(f"**{t('by_year', lang)}**")
    st.altair_chart(_bars(by_year, t("metric_count", lang), horizontal=False), width="stretch")


def _bars(counts: pd.Series, title: str, horizontal: bool) -> alt.Chart:
    """Bars in the given order (fields in the movement's order, years in time order)."""
    frame = pd.DataFrame({"label": counts.index, "count": counts.values})
    label = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=190)) if horizontal \
        else alt.X("label:N", sort=None, title=None, axis=alt.Axis(labelAngle=0))
    value = (alt.X if horizontal else alt.Y)("count:Q", title=None,
                                             axis=alt.Axis(format="d", tickMinStep=1))  # counts: no 0.000000
    bars = alt.Chart(frame).mark_bar(color="#2c7fb8").encode(label, value,
                                                              tooltip=[alt.Tooltip("count:Q", title=title)])
    text = bars.mark_text(align="left" if horizontal else "center", dx=3 if horizontal else 0,
                          dy=0 if horizontal else -6, color="#333").encode(text="count:Q")
    return (bars + text).properties(height=200 if horizontal else 170)


def commune_names(data: Dataset) -> dict[str, str]:
    return dict(zip(data.communes["code"], data.communes["name"]))


def readable(records: pd.DataFrame, data: Dataset, lang: str) -> pd.DataFrame:
    """Records with labels and commune names instead of codes, columns translated later."""
    names = commune_names(data)
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
        "illustrative": records["illustrative"].map({True: t("yes", lang), False: t("no", lang)}),
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


def records_table(view: url.View, data: Dataset, records: pd.DataFrame, key: str) -> pd.DataFrame:
    """Searchable table of records; returns the rows shown, for the detail picker."""
    lang = view.lang
    table = readable(records.sort_values(["year", "commune_code", "id"]), data, lang)
    query = st.text_input(t("search", lang), key=f"{key}_search")
    shown = search(table, query)
    st.caption(t("shown_of", lang, shown=number(len(shown), lang), total=number(len(table), lang)))
    st.dataframe(shown[list(TABLE_COLUMNS)].rename(columns=lambda c: _column_label(c, lang)),
                 hide_index=True, width="stretch")
    return shown


def detail(view: url.View, shown: pd.DataFrame, key: str) -> None:
    """One record, every column, escaped: a record's text is never trusted as HTML."""
    lang = view.lang
    if shown.empty:
        return
    options = list(shown.index)
    pick = st.selectbox(t("detail_pick", lang), options, key=f"{key}_detail", index=None,
                        placeholder=t("detail_placeholder", lang),
                        format_func=lambda i: f"{shown.at[i, 'name']} · {shown.at[i, 'commune']} · "
                                              f"{shown.at[i, 'year']}")
    if pick is None:
        return
    row = shown.loc[pick]
    cells = "".join(f"<tr><th>{escape(_column_label(c, lang))}</th><td>{html_cell(row[c])}</td></tr>"
                    for c in DETAIL_COLUMNS)
    st.markdown(f'<table class="record-detail">{cells}</table>', unsafe_allow_html=True)


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: "Đội  Bình" and "doi binh" find each other."""
    return normalize(text, keep_prefix=True)


def _column_label(column: str, lang: str) -> str:
    return t(f"col_{column}", lang)
