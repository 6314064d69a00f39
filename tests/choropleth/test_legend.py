"""The legend as data (geo.choropleth.legend): which rows, in which order, with which colours and numbers."""
import pandas as pd
import pytest

from geo.choropleth.classify import DIM_COLOUR, NO_DATA_COLOUR, UNCODED_COLOUR, ZERO_COLOUR, Classes, classify
from geo.choropleth.legend import Item, decimals, items

NAN = float("nan")


def legend_of(values, metric="count", **shown) -> list[Item]:
    series = pd.Series(values, dtype=float)
    return items(classify(series, integer=metric == "count"), series, metric, **shown)


def test_classes_start_one_step_above_the_previous_upper_bound():
    rows = legend_of(list(range(1, 31)))
    classes = [r for r in rows if r.kind == "class"]
    assert len(classes) == 5
    assert classes[0].low == 1
    for before, after in zip(classes, classes[1:]):
        assert after.low == before.high + 1  # counts: (20, 29] reads "21 – 29"
    assert all(r.decimals == 0 and r.key is None for r in classes)


def test_rates_step_by_one_tenth():
    rows = legend_of([0.55, 1.25, 3.0], metric="per1000")
    assert all(r.kind == "class" and r.decimals == 1 for r in rows)
    assert rows[0].low == 0.55 and rows[0].high is None  # "0,6" alone, not "0,6 – 0,6"
    assert [(round(r.low, 6), r.high) for r in rows[1:]] == [(0.6, 1.25), (1.3, 3.0)]


@pytest.mark.parametrize("bound, next_low", [(0.5, 0.6), (0.3, 0.4), (0.7, 0.8), (1.0, 1.1), (2.9, 3.0)])
def test_a_bound_on_a_tenth_is_followed_by_the_next_tenth(bound, next_low):
    """Float floor division would put 0.5 // 0.1 at 4 and start the next class at 0.5 again."""
    rows = legend_of([0.1, bound, 9.0], metric="per1000")
    following = next(r for r in rows if r.kind == "class" and r.low > bound - 1e-9 and r.low != 0.1)
    assert following.low == next_low


def test_a_class_of_one_value_shows_that_value_once():
    rows = legend_of([5, 5, 7])
    assert [(r.low, r.high) for r in rows] == [(5, None), (6, 7)]


def test_zero_comes_first_and_no_data_after_the_classes():
    rows = legend_of([0, 3, NAN, 9])
    assert [r.kind for r in rows] == ["zero", "class", "class", "no_data"]
    assert (rows[0].colour, rows[-1].colour) == (ZERO_COLOUR, NO_DATA_COLOUR)


def test_rows_only_for_what_the_map_shows():
    assert [r.kind for r in legend_of([3, 9])] == ["class", "class"]


def test_dimmed_uncoded_and_approximate_units_follow_in_that_order():
    rows = legend_of([3, NAN], dimmed=True, uncoded=True, approximate=True)
    assert [r.kind for r in rows] == ["class", "no_data", "dim", "uncoded", "approximate"]
    assert [r.colour for r in rows[2:]] == [DIM_COLOUR, UNCODED_COLOUR, None]  # approximate: an outline only


@pytest.mark.parametrize("values, kinds", [
    ([], ["empty"]),
    ([0, 0], ["zero", "empty"]),
    ([NAN, 0], ["zero", "no_data", "empty"]),
])
def test_no_class_says_so(values, kinds):
    assert [r.kind for r in legend_of(values)] == kinds


def test_colours_are_the_ones_the_map_fills_with():
    values = pd.Series([0, 2, 4, 8, NAN])
    classes = classify(values, integer=True)
    for row in items(classes, values, "count"):
        probe = {"zero": 0, "no_data": NAN}.get(row.kind, row.high if row.high is not None else row.low)
        assert row.colour == classes.colour(probe)


def test_every_row_that_is_words_has_them_in_both_languages():
    from dashboard.words.i18n import STRINGS
    rows = legend_of([0, 1, NAN], dimmed=True, uncoded=True, approximate=True) + legend_of([])
    assert {r.key for r in rows if r.key} == {"legend_zero", "legend_no_data", "legend_dim", "legend_uncoded",
                                              "legend_approximate", "legend_empty"}
    assert all(r.key in STRINGS for r in rows if r.key)


def test_decimals_by_metric():
    assert (decimals("count"), decimals("per1000")) == (0, 1)


def test_sampled_classes_end_with_a_note_saying_so():
    classes = Classes((10.0, 20.0), ("#ffffcc", "#253494"), 1.0, sample_of=(500, 11163))
    rows = items(classes, pd.Series([1.0, 20.0, NAN]), "count")
    assert rows[-1] == Item("sampled", None, 500, 11163)
    assert rows[-1].key == "legend_sampled"
    assert [r.kind for r in rows] == ["class", "class", "no_data", "sampled"]
    assert all(r.kind != "sampled" for r in legend_of([1, 2, 3, 4, 5, 6, 7]))
