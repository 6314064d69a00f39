"""The one filter object and the query that applies it to records.

Everything a user can choose (from widgets or a shared URL) ends up in a
`Filter`; the map, charts and table all read records through `query`, so they
can never disagree about what is selected.
"""
from dataclasses import dataclass

import pandas as pd

METRICS = ("count", "per1000")


@dataclass(frozen=True)
class Filter:
    """What the user is looking at. Empty tuples mean "all"."""

    fields: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    communes: tuple[str, ...] = ()
    metric: str = "count"
    selected: str | None = None  # the commune clicked on the map


def query(records: pd.DataFrame, flt: Filter, with_selected: bool = False) -> pd.DataFrame:
    """Records that pass the filter; `with_selected` also narrows to the clicked commune."""
    mask = pd.Series(True, index=records.index)
    if flt.fields:
        mask &= records["field"].isin(flt.fields)
    if flt.year_from is not None:
        mask &= records["year"] >= flt.year_from
    if flt.year_to is not None:
        mask &= records["year"] <= flt.year_to
    if flt.communes:
        mask &= records["commune_code"].isin(flt.communes)
    if with_selected and flt.selected:
        mask &= records["commune_code"] == flt.selected
    # Nothing left out (the opening view): the records themselves, not a copy of a million rows
    # (~40 ms); callers only read them.
    return records if mask.all() else records[mask]
