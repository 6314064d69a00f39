"""What a filter change sends to the map: per unit a colour and the numbers its tooltip shows.

The shapes travel once (geo.choropleth.shapes); this is the part that changes
on every rerun, so it is kept small: a palette and one character per unit
indexing into it, the count per unit, the counts per field only while there
are few enough units for them to matter in a tooltip, and the few notes there
are. Arrays follow the unit order of the geometry document. Computed with
numpy over whole columns: the country has 9,474 units.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from geo.choropleth.classify import DIM_COLOUR, NO_DATA_COLOUR, ZERO_COLOUR, Classes
from geo.records.fields import FIELD_CODES

DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"  # one character per unit: a palette index in base 36
ZERO, NO_DATA, DIM, FIRST_CLASS = 0, 1, 2, 3    # palette positions of the colours outside the classes
LABELS_UP_TO = 40  # more names than this overlap into noise: the map then names units only when zoomed in
FIELDS_UP_TO = 2_000  # per-field counts only for this many units: the country's would be ~300 KB a rerun


def paint(values: pd.DataFrame, metric: str, classes: Classes, *, in_filter: set[str] | None = None,
          selected: str | None = None, notes: dict[int, str] | None = None) -> dict:
    """The per-rerun part of the map's arguments (contract: dashboard/viewer/mapcomponent).

    `values` is geo.choropleth.aggregate.commune_values, one row per unit in
    the geometry document's order; units outside `in_filter` (the commune
    filter) are dimmed; `selected` is outlined; `notes` are plain-text tooltip
    lines by unit position.
    """
    codes = values["code"].astype(str).to_numpy()
    dim = np.zeros(len(codes), bool) if in_filter is None else ~np.isin(codes, list(in_filter))
    fill = np.where(dim, DIM, fill_indexes(values[metric].to_numpy(dtype=float), classes))
    counts = np.where(values["covered"].to_numpy(bool), values["count"].fillna(0).to_numpy(), -1)
    at = np.flatnonzero(codes == selected) if selected else []
    return {
        "palette": [ZERO_COLOUR, NO_DATA_COLOUR, DIM_COLOUR, *classes.colours],
        "fill": "".join(DIGITS[i] for i in fill),
        "dim": "".join("1" if d else "0" for d in dim) if dim.any() else "",
        "counts": counts.astype(int).tolist(),
        "fields": (values[list(FIELD_CODES)].to_numpy(dtype=int).tolist()
                   if len(codes) <= FIELDS_UP_TO else None),
        "notes": {str(i): text for i, text in (notes or {}).items() if text},
        "selected": int(at[0]) if len(at) else None,
    }


def fills(painted: dict) -> list[str]:
    """Each unit's fill colour, read from `paint`'s palette and indexes as the browser reads them
    (mapcomponent's fillColour): what the printed map fills its units with."""
    return [painted["palette"][DIGITS.index(digit)] for digit in painted["fill"]]


def fill_indexes(values: np.ndarray, classes: Classes) -> np.ndarray:
    """Palette position per value, exactly as Classes.colour picks a colour, for a whole column at once."""
    index = np.full(len(values), NO_DATA)
    known = np.isfinite(values)
    index[known & (values == 0)] = ZERO
    positive = known & (values != 0)
    if classes.colours:
        found = np.searchsorted(np.asarray(classes.bounds), values[positive], side="left")
        index[positive] = FIRST_CLASS + np.minimum(found, len(classes.colours) - 1)
    return index
