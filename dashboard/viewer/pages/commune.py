"""The commune profile page (?page=commune&selected=02533, or a link's one commune): one unit in full.

For a commune leader's report: the unit's models and exemplars per field against
the median of the area's units, its years, its rank among them (by count and per
1,000 residents), what the 2025-07-01 reform made of it, and its models (on paper, a list of
the first ones: printed_models). The view's field and year filters apply, as on the map, so the
page and the map agree.
"""
from dataclasses import replace

import numpy as np
import streamlit as st

from dashboard.viewer import bars, panels, printed_models, profile

from dashboard import state, url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from dashboard.words.markup import plain
from geo.choropleth.aggregate import unit_values
from geo.choropleth.query import query
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES


def unit_of(view: url.View) -> str | None:
    """The unit the page is about: the selected one, or the commune filter's only commune."""
    flt = view.filter
    if flt.selected:
        return flt.selected
    return flt.communes[0] if len(flt.communes) == 1 else None


def render(view: url.View, data: Dataset) -> None:
    words, flt = Words(view.lang), view.filter
    names = panels.commune_names(data)
    code = unit_of(view)
    labels, ordered = data.choices
    st.selectbox(words("commune_profile_pick"), ["", *ordered],
                 format_func=lambda c: labels[c] if c else words("commune_profile_none"),
                 **state.bind("profile_unit", code or "", lambda v, c: url.with_filter(v, selected=c or None)))
    if code not in names:
        st.info(words("commune_profile_choose"))
        return
    keys = query(panels.record_keys(data), replace(flt, communes=()))  # ranked among all the area's units
    values = unit_values(data.communes, panels.unit_counts(data), replace(flt, communes=()))
    at = int(np.flatnonzero(values["code"].to_numpy() == code)[0])
    st.subheader(words("commune_profile_title", name=plain(names[code])))
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.markdown(_ranks(words, values, at), unsafe_allow_html=False)
        st.markdown(bars.pairs_html(words("commune_profile_fields"),
                                    [FIELD_BY_CODE[c].label(words.lang) for c in FIELD_CODES],
                                    values.loc[at, list(FIELD_CODES)].tolist(),
                                    values[list(FIELD_CODES)].median().tolist(), words,
                                    words("commune_profile_this"), words("commune_profile_median")),
                    unsafe_allow_html=True)
    own = keys[keys["commune_code"] == code]
    with right:
        years = range(flt.year_from, flt.year_to + 1)
        st.markdown(bars.bars_html(words("by_year"), [str(y) for y in years],
                                   panels.count_by(own["year"], list(years)), words, words("metric_count")),
                    unsafe_allow_html=True)
        profile.render(words, data, code)
    with st.container(key="profile_records"):  # left out when printed (dashboard/style.css)
        panels.records_section(words, data, own, code, key="profile_table")
    with st.container(key="profile_printed"):  # printed only, in the table's place (dashboard/style.css)
        st.markdown(printed_models.printed_html(words, data, own, names[code], flt), unsafe_allow_html=True)


def _ranks(words: Words, values, at: int) -> str:
    """ "Xếp thứ 3/28 theo số mô hình, điển hình; thứ 5/28 theo số trên 1.000 dân" (ties share a rank)."""
    lines = []
    for metric in ("count", "per1000"):
        column = values[metric]
        mine = column.iloc[at]
        if mine != mine:  # no data: not ranked
            continue
        rank = int((column > mine).sum()) + 1
        lines.append(words(f"commune_profile_rank_{metric}", rank=rank, of=int(column.notna().sum()),
                           value=words.number(mine, 0 if metric == "count" else 2)))
    return "\n".join(f"- {line}" for line in lines) or words("commune_profile_no_data")
