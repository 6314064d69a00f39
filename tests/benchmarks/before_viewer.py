"""The viewer's rerun as it was before issue 9, kept only to be measured against (not used by the app).

- the share box: `st.code`, which loads Streamlit's 1.56 MB syntax highlighter;
- the record picker: one `DataFrame.at` lookup per label, per rerun;
- the two charts: altair specs built and validated on every rerun;
- commune values: a pandas groupby over two categorical columns, and a join;
- natural breaks: mapclassify's FisherJenks on every value.

`install()` swaps these into the running app's modules (in this process, for
AppTest); `before_app.py` is the same app started with them, for the browser.
"""
from urllib.parse import urlencode
import warnings

import altair as alt
import mapclassify
import numpy as np
import pandas as pd
import streamlit as st

from dashboard.viewer import panels, share as share_box
from dashboard.viewer.pages import map as map_page
from dashboard.words.i18n import Words
from geo.choropleth.aggregate import totals_by
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES


def share(words: Words, query: dict[str, str]) -> None:
    """The link to this exact view, in a code box whose copy button copies it."""
    st.subheader(words("share"))
    base = (st.context.url or "").split("?")[0].rstrip("/") + "/"
    st.code(f"{base}?{urlencode(query)}", language=None, wrap_lines=True)
    st.caption(words("share_help"))


def detail_labels(shown: pd.DataFrame) -> list[str]:
    """The picker's labels as the old format_func built them, one `.at` lookup per cell."""
    return [f"{shown.at[i, 'name']} · {shown.at[i, 'commune']} · {shown.at[i, 'year']}" for i in shown.index]


def detail(words: Words, shown: pd.DataFrame, key: str) -> None:
    """The old record picker (the detail table below it is unchanged)."""
    if shown.empty:
        return
    pick = st.selectbox(words("detail_pick"), list(shown.index), key=f"{key}_detail", index=None,
                        placeholder=words("detail_placeholder"),
                        format_func=lambda i: f"{shown.at[i, 'name']} · {shown.at[i, 'commune']} · "
                                              f"{shown.at[i, 'year']}")
    if pick is not None:
        panels.record_table(words, shown.loc[pick])


def charts(words: Words, filtered: pd.DataFrame, years: range) -> None:
    """The old charts: two altair charts, validated on every rerun."""
    by_field = totals_by(filtered, "field", list(FIELD_CODES))
    by_field.index = [FIELD_BY_CODE[c].label(words.lang) for c in by_field.index]
    by_year = totals_by(filtered, "year", list(years))
    by_year.index = [str(y) for y in years]
    st.markdown(f"**{words('by_field')}**")
    st.altair_chart(bars(by_field, words("metric_count"), horizontal=True), width="stretch")
    st.markdown(f"**{words('by_year')}**")
    st.altair_chart(bars(by_year, words("metric_count"), horizontal=False), width="stretch")


def bars(counts: pd.Series, title: str, horizontal: bool) -> alt.Chart:
    """The old altair chart, verbatim."""
    frame = pd.DataFrame({"label": counts.index, "count": counts.values})
    label = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=190)) if horizontal \
        else alt.X("label:N", sort=None, title=None, axis=alt.Axis(labelAngle=0))
    value = (alt.X if horizontal else alt.Y)("count:Q", title=None,
                                             axis=alt.Axis(format="d", tickMinStep=1))
    chart = alt.Chart(frame).mark_bar(color="#2c7fb8").encode(label, value,
                                                               tooltip=[alt.Tooltip("count:Q", title=title)])
    text = chart.mark_text(align="left" if horizontal else "center", dx=3 if horizontal else 0,
                           dy=0 if horizontal else -6, color="#333").encode(text="count:Q")
    return (chart + text).properties(height=200 if horizontal else 170)


def commune_values(communes: pd.DataFrame, all_records: pd.DataFrame, filtered: pd.DataFrame) -> pd.DataFrame:
    """The old per-commune values, verbatim."""
    by_field = (filtered.groupby(["commune_code", "field"], observed=True).size()
                .unstack(fill_value=0).reindex(columns=list(FIELD_CODES), fill_value=0))
    out = pd.DataFrame({"code": communes["code"].values,
                        "population": communes["population"].values})
    out = out.join(by_field, on="code").fillna({c: 0 for c in FIELD_CODES})
    out[list(FIELD_CODES)] = out[list(FIELD_CODES)].astype(int)
    out["count"] = out[list(FIELD_CODES)].sum(axis=1)
    out["covered"] = out["code"].isin(all_records["commune_code"].unique())
    population = out["population"].where(out["population"] > 0)
    out["per1000"] = out["count"] / population * 1000
    out.loc[~out["covered"], ["count", "per1000"]] = np.nan
    return out


def natural_breaks(values, k: int = 5) -> tuple[float, ...]:
    """Natural breaks as before: exact Fisher-Jenks on every value (pure Python without numba)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "numba not installed"
        return tuple(float(b) for b in mapclassify.FisherJenks(values, k=k).bins)


_SWAPPED = ((share_box, "render", share), (panels, "detail", detail), (panels, "charts", charts),
            (map_page, "commune_values", commune_values))
_AFTER = {(module, name): getattr(module, name) for module, name, _ in _SWAPPED}


def install(before: bool = True) -> None:
    """Swap the old parts into the app's modules (before=False puts the new ones back)."""
    for module, name, old in _SWAPPED:
        setattr(module, name, old if before else _AFTER[module, name])
