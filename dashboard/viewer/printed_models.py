"""The commune profile's models on paper: a static table that only prints.

On screen a unit's models are a searchable table scrolling inside a fixed box
(panels.records_table); on paper that box would be cut mid-row, so printing
leaves it out (dashboard/style.css) and shows this list instead: the first
PRINTED_ROWS models of the view's filter, by year then name, one line each
(name, kind, field, year, responsible unit), and how many more the records
page lists. PRINTED_ROWS is what fits one A4 page with the rest of the profile,
for a 2025 unit that absorbed several communes too
(tests/browser/test_dashboard.py prints both). Every record text is escaped.
"""
from html import escape

import numpy as np
import pandas as pd

from dashboard.data import Dataset
from dashboard.viewer import panels
from dashboard.viewer.present import fields_and_years
from dashboard.words.i18n import Words
from dashboard.words.markup import html_cell
from geo.choropleth.query import Filter

PRINTED_ROWS = 25
COLUMNS = ("name", "kind", "field", "year", "unit")


def first_rows(data: Dataset, records: pd.DataFrame, count: int) -> pd.DataFrame:
    """The first `count` of `records` (which may hold only the key columns) as full rows, by year,
    then name (accents and case ignored, so "Đ" sorts with "D"), then id."""
    rows = panels.full_rows(data, records)
    order = np.lexsort((rows["id"].astype(str).to_numpy(),
                        np.array(panels.fold_all(rows["name"].fillna("").astype(str).tolist()), dtype=object),
                        rows["year"].to_numpy()))
    return rows.iloc[order[:count]]


def printed_html(words: Words, data: Dataset, records: pd.DataFrame, name: str, flt: Filter) -> str:
    """The unit `name`'s first models under a title saying the filter, then how many more there are."""
    title = (f'<p class="printed-title">{escape(words("records_of", name=name))} '
             f'<span>({escape(" · ".join(fields_and_years(words, flt)))})</span></p>')
    if records.empty:
        return f'{title}<p class="printed-more">{escape(words("shown_none"))}</p>'
    shown = panels.readable(first_rows(data, records, PRINTED_ROWS), data, words)
    head = "".join(f"<th>{escape(words(f'col_{c}'))}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html_cell(_cell(value))}</td>" for value in values) + "</tr>"
                   for values in zip(*(shown[c].tolist() for c in COLUMNS)))
    table = f'{title}<table class="printed-models"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    more = len(records) - len(shown)
    if more <= 0:
        return table
    line = words("commune_profile_more", count=words.number(more), page=words("page_records"))
    return f'{table}<p class="printed-more">{escape(line)}</p>'


def _cell(value) -> str:
    """A cell's text: blank for a missing value."""
    return "" if pd.isna(value) else str(value)
