"""What the choropleth's legend says, as plain data: one item per row, computed before anything draws it.

The dashboard draws these rows as HTML beside the map; a printed handout or
a projector view can draw the same items their own way. Nothing here is
translated: an item carries numbers and a message key the UI turns into words.
"""
from dataclasses import dataclass
import math

import pandas as pd

from geo.choropleth.classify import DIM_COLOUR, NO_DATA_COLOUR, UNCODED_COLOUR, ZERO_COLOUR, Classes

# The order rows appear in after the classes: what the map may show besides the classes.
EXTRA_KINDS = ("no_data", "dim", "uncoded", "approximate", "empty")
COLOURS = {"zero": ZERO_COLOUR, "no_data": NO_DATA_COLOUR, "dim": DIM_COLOUR, "uncoded": UNCODED_COLOUR}


@dataclass(frozen=True)
class Item:
    """One legend row.

    kind: "class" (a range of values, `low` to `high`, written with
    `decimals`), or what a colour means: "zero", "no_data", "dim" (outside
    the commune filter), "uncoded" (polygon without a commune code),
    "approximate" (a unit whose boundary is only approximate), "empty" (no
    class at all), "sampled" (a note: the breaks come from a sample of `low`
    of the `high` values). colour: the fill the map uses, None where the map
    draws no fill of its own (the dotted outline of approximate units, the notes).
    """

    kind: str
    colour: str | None = None
    low: float | None = None
    high: float | None = None  # None: the class shows a single value, `low`
    decimals: int = 0

    @property
    def key(self) -> str | None:
        """The message key of the row's words ("legend_zero", …); None for a class, which is numbers."""
        return None if self.kind == "class" else f"legend_{self.kind}"


def decimals(metric: str) -> int:
    """Counts are whole numbers; rates per 1,000 residents keep one decimal."""
    return 0 if metric == "count" else 1


def items(classes: Classes, values: pd.Series, metric: str, *, dimmed: bool = False,
          approximate: bool = False, uncoded: bool = False) -> list[Item]:
    """The rows for a map coloured by `classes` from `values` (the metric of the communes in scope).

    Zero and "no data" appear only when some commune has them; `dimmed`,
    `uncoded` and `approximate` say whether the map shows such units.
    """
    places = decimals(metric)
    rows = [_class_item(colour, low if i == 0 else _next_step(low, places), high, places)
            for i, (colour, low, high) in enumerate(classes.ranges())]
    if (values == 0).any():
        rows.insert(0, Item("zero", COLOURS["zero"]))
    shown = {"no_data": bool(values.isna().any()), "dim": dimmed, "uncoded": uncoded,
             "approximate": approximate, "empty": not classes.bounds}
    rows += [Item(kind, COLOURS.get(kind)) for kind in EXTRA_KINDS if shown[kind]]
    if classes.sample_of:  # last: a note on how the classes were found, not a colour
        rows.append(Item("sampled", None, *classes.sample_of))
    return rows


def _class_item(colour: str, low: float, high: float, places: int) -> Item:
    """A class whose two ends read the same once rounded shows one value, not "5 – 5"."""
    same = f"{low:.{places}f}" == f"{high:.{places}f}"
    return Item("class", colour, low, None if same else high, places)


def _next_step(low: float, places: int) -> float:
    """Classes are (low, high]: the first value shown in a class is one step above low.

    Counted in whole steps, not with float `//`: 0.5 // 0.1 is 4.0, which
    would start the class after 0.5 at 0.5 again instead of 0.6.
    """
    steps = math.floor(round(low * 10 ** places, 6))
    return round((steps + 1) / 10 ** places, places)
