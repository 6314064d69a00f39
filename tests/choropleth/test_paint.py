"""What a filter change sends (geo.choropleth.paint): one palette index per unit, numbers, nothing else."""
import numpy as np
import pandas as pd
import pytest

from geo.choropleth import paint
from geo.choropleth.classify import DIM_COLOUR, NO_DATA_COLOUR, ZERO_COLOUR, classify
from geo.records.fields import FIELD_CODES


def values(counts, covered=None):
    n = len(counts)
    frame = pd.DataFrame({"code": [f"0{2400 + i}" for i in range(n)], "population": [1000.0] * n,
                          **{f: [0] * n for f in FIELD_CODES}})
    frame[FIELD_CODES[0]] = [0 if np.isnan(c) else int(c) for c in counts]
    frame["count"] = counts
    frame["covered"] = covered if covered is not None else [not np.isnan(c) for c in counts]
    frame["per1000"] = frame["count"]
    return frame


def test_each_unit_gets_the_colour_classes_would_give_it():
    counts = [0, float("nan"), 1, 2, 5, 9, 30, 31]
    frame = values(counts)
    classes = classify(frame["count"], integer=True)
    out = paint.paint(frame, "count", classes)
    colours = [out["palette"][paint.DIGITS.index(ch)] for ch in out["fill"]]
    assert colours == [classes.colour(v) for v in counts]
    assert colours[:2] == [ZERO_COLOUR, NO_DATA_COLOUR]
    assert out["counts"] == [0, -1, 1, 2, 5, 9, 30, 31] and out["dim"] == "" and out["selected"] is None


def test_units_outside_the_commune_filter_are_dimmed_and_the_selection_is_a_position():
    frame = values([1.0, 2.0, 3.0])
    out = paint.paint(frame, "count", classify(frame["count"]), in_filter={"02401"}, selected="02402",
                      notes={1: "Gồm <b>xã</b> A", 2: ""})
    assert out["dim"] == "101"
    assert [out["palette"][int(ch)] for ch in out["fill"][::2]] == [DIM_COLOUR, DIM_COLOUR]
    assert out["selected"] == 2
    assert out["notes"] == {"1": "Gồm <b>xã</b> A"}  # plain text, shown as text in the browser


def test_field_counts_are_left_out_for_many_units():
    few = paint.paint(values([1.0] * 3), "count", classify([1.0]))
    assert few["fields"] == [[1, 0, 0, 0, 0, 0]] * 3
    many = values([1.0] * (paint.FIELDS_UP_TO + 1))
    assert paint.paint(many, "count", classify([1.0]))["fields"] is None


@pytest.mark.parametrize("scheme", ["quantiles", "natural", "equal"])
def test_vectorised_indexes_match_classes_colour(scheme):
    rng = np.random.default_rng(4)
    column = np.where(rng.random(500) < 0.1, np.nan, rng.integers(0, 60, 500).astype(float))
    classes = classify(column, scheme)
    palette = [ZERO_COLOUR, NO_DATA_COLOUR, DIM_COLOUR, *classes.colours]
    assert [palette[i] for i in paint.fill_indexes(column, classes)] == [classes.colour(v) for v in column]
