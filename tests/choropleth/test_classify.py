"""Colour classes for the choropleth (geo.choropleth.classify)."""
import math

import mapclassify
import numpy as np
import pytest

from geo.choropleth import classify as classify_module
from geo.choropleth.classify import NO_DATA_COLOUR, PALETTE, SAMPLE_SIZE, SCHEMES, ZERO_COLOUR, classify

NAN = float("nan")
SKEWED = [1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 8, 9, 11, 11, 14, 17, 18, 20, 22, 24, 27, 28, 30, 33, 35, 36, 50, 90]
SPREAD = [0.35, 0.8, 1.2, 1.25, 2.0, 2.7, 3.3, 3.9, 4.1, 5.5, 6.0, 7.25, 8.0, 9.9, 12.5, 14.2]


# --- nothing to classify -----------------------------------------------------------------------

@pytest.mark.parametrize("values", [
    [],
    [NAN, NAN],
    [0, 0, 0],
    [0, NAN, 0],
    [-1, -2, 0],
    [float("inf"), 0],
    np.array([], dtype=float),
], ids=["empty", "all-nan", "all-zero", "zero-and-nan", "negative", "inf", "empty-array"])
def test_no_positive_values_no_classes(values):
    classes = classify(values)
    assert classes.bounds == ()
    assert classes.colours == ()
    assert classes.ranges() == []
    assert classes.colour(0) == ZERO_COLOUR
    assert classes.colour(NAN) == NO_DATA_COLOUR


# --- few distinct values -----------------------------------------------------------------------

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("values", [[5], [5, 5, 5], [0, 5, NAN, 5]])
def test_one_distinct_positive_value_is_one_class(values, scheme):
    classes = classify(values, scheme=scheme)
    assert classes.bounds == (5.0,)
    assert classes.colours == (PALETTE[-1],)  # the darkest colour: it stands out from zero
    assert classes.lower == 5.0
    assert classes.colour(5) == PALETTE[-1]


@pytest.mark.parametrize("values, k", [
    ([1, 2, 3], 5),
    ([3, 1, 2, 2, 0, NAN], 5),
    ([0.5, 1.5], 5),
    ([1, 2, 3, 4, 5], 5),
    ([7, 9, 11], 3),
])
def test_fewer_distinct_values_than_k_gives_one_class_per_value(values, k):
    classes = classify(values, k=k)
    distinct = sorted({v for v in values if v == v and v > 0})
    assert classes.bounds == tuple(float(v) for v in distinct)
    assert len(classes.colours) == len(distinct)
    assert len(set(classes.colours)) == len(distinct)  # every class its own colour
    assert classes.colours[0] == PALETTE[0] and classes.colours[-1] == PALETTE[-1]
    for value, colour in zip(distinct, classes.colours):
        assert classes.colour(value) == colour


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_spread_colours_follow_palette_order(n):
    classes = classify(list(range(1, n + 1)))
    positions = [PALETTE.index(c) for c in classes.colours]
    assert positions == sorted(positions)
    assert positions[0] == 0 and positions[-1] == len(PALETTE) - 1


# --- the three schemes -------------------------------------------------------------------------

@pytest.mark.parametrize("values", [SKEWED, SPREAD], ids=["skewed", "spread"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_bounds_ascend_and_end_at_the_max(scheme, values):
    classes = classify(values + [0, NAN], scheme=scheme)
    bounds = classes.bounds
    assert 1 < len(bounds) <= len(PALETTE)
    assert all(a < b for a, b in zip(bounds, bounds[1:]))
    assert bounds[-1] == pytest.approx(max(values))
    assert bounds[0] >= min(values)
    assert classes.lower == min(values)
    assert len(classes.colours) == len(bounds)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_k_limits_the_number_of_classes(scheme, k):
    classes = classify(SKEWED, scheme=scheme, k=k)
    assert len(classes.bounds) <= k
    assert classes.bounds[-1] == max(SKEWED)


def test_schemes_really_differ():
    results = {name: classify(SKEWED, scheme=name).bounds for name in SCHEMES}
    assert len(set(results.values())) == len(SCHEMES)


def test_equal_interval_bounds_are_evenly_spaced():
    bounds = classify(list(range(1, 101)), scheme="equal").bounds
    steps = np.diff((1.0,) + bounds)
    assert steps == pytest.approx([steps[0]] * len(steps))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("values", [SKEWED, [v * 3 + 1 for v in SKEWED], list(range(1, 40, 3))],
                         ids=["skewed", "scaled", "steps"])
def test_integer_bounds_are_whole_numbers(scheme, values):
    classes = classify(values, scheme=scheme, integer=True)
    assert classes.bounds
    assert all(float(b).is_integer() for b in classes.bounds)
    assert all(a < b for a, b in zip(classes.bounds, classes.bounds[1:]))
    assert classes.bounds[-1] == max(values)


def test_without_integer_quantile_bounds_may_be_fractional():
    # the same data gives a fractional break unless integer=True: the flag does something
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]
    assert not all(float(b).is_integer() for b in classify(values).bounds)
    assert all(float(b).is_integer() for b in classify(values, integer=True).bounds)


# --- colour() and ranges() ---------------------------------------------------------------------

@pytest.fixture(params=list(SCHEMES))
def classes(request):
    return classify(SKEWED, scheme=request.param, integer=True)


@pytest.mark.parametrize("value, expected", [
    (0, ZERO_COLOUR),
    (0.0, ZERO_COLOUR),
    (NAN, NO_DATA_COLOUR),
    (np.nan, NO_DATA_COLOUR),
    (None, NO_DATA_COLOUR),
])
def test_special_values_have_their_own_colours(classes, value, expected):
    assert classes.colour(value) == expected


def test_max_gets_the_last_colour_min_the_first(classes):
    assert classes.colour(max(SKEWED)) == classes.colours[-1] == PALETTE[-1]
    assert classes.colour(min(SKEWED)) == classes.colours[0] == PALETTE[0]
    assert classes.colour(max(SKEWED) * 10) == PALETTE[-1]  # above the max stays in the last class


def test_zero_and_no_data_colours_are_not_class_colours():
    assert ZERO_COLOUR not in PALETTE and NO_DATA_COLOUR not in PALETTE
    assert ZERO_COLOUR != NO_DATA_COLOUR


def test_colours_never_go_down_as_values_grow(classes):
    indices = [classes.colours.index(classes.colour(v)) for v in sorted(SKEWED)]
    assert indices == sorted(indices)


def test_ranges_are_contiguous(classes):
    ranges = classes.ranges()
    assert [c for c, _, _ in ranges] == list(classes.colours)
    lows = [low for _, low, _ in ranges]
    highs = [high for _, _, high in ranges]
    assert lows[0] == classes.lower == min(SKEWED)
    assert highs == list(classes.bounds)
    assert lows[1:] == highs[:-1]
    assert all(low <= high for low, high in zip(lows, highs))


def test_every_value_falls_in_the_range_of_its_colour(classes):
    for value in SKEWED:
        i = classes.colours.index(classes.colour(value))
        _, low, high = classes.ranges()[i]
        assert value <= high
        assert (low <= value) if i == 0 else (low < value), (value, low, high)


def test_fewer_values_than_k_ranges_are_single_values():
    ranges = classify([2, 4, 4, 8]).ranges()
    assert [(low, high) for _, low, high in ranges] == [(2.0, 2.0), (2.0, 4.0), (4.0, 8.0)]


def test_colour_accepts_numpy_scalars():
    classes = classify(SKEWED)
    assert classes.colour(np.int64(0)) == ZERO_COLOUR
    assert classes.colour(np.float64(max(SKEWED))) == PALETTE[-1]
    assert math.isnan(np.float32("nan")) and classes.colour(np.float32("nan")) == NO_DATA_COLOUR


# --- natural breaks on many values: a seeded sample ----------------------------------------------

COUNTRY = 11_163  # communes of Vietnam (2009)


@pytest.fixture
def uncached():
    """Natural breaks are cached by value; these tests must see them computed."""
    classify_module._natural_breaks.cache_clear()
    yield
    classify_module._natural_breaks.cache_clear()


def country_counts(seed: int = 7) -> np.ndarray:
    """Counts per commune for the whole country, skewed like real ones (many ties, a long tail)."""
    return np.random.default_rng(seed).negative_binomial(3, 3 / 93, COUNTRY).astype(float)


@pytest.mark.filterwarnings("ignore:Numba not installed")
def test_below_the_threshold_natural_breaks_are_exact(uncached):
    classes = classify(SKEWED, scheme="natural")
    assert classes.bounds == tuple(float(b) for b in mapclassify.FisherJenks(np.array(SKEWED, float), k=5).bins)
    assert classes.sample_of is None


def test_above_the_threshold_natural_breaks_come_from_a_sample(uncached):
    values = country_counts()
    classes = classify(values, scheme="natural", integer=True)  # exact: ~108 s; sampled: about a second
    positive = int((values > 0).sum())
    assert classes.sample_of == (SAMPLE_SIZE, positive)
    assert len(classes.bounds) == len(PALETTE)
    assert classes.bounds[-1] == values.max()  # the sample keeps the largest value: every value has a class
    assert classes.lower == values[values > 0].min()
    assert classify(values, scheme="quantiles").sample_of is None  # quantiles need no sample


def test_the_same_values_give_the_same_sampled_breaks(uncached):
    values = country_counts()
    first = classify(values, scheme="natural", integer=True)
    classify_module._natural_breaks.cache_clear()  # computed again, not remembered
    again = classify(np.random.default_rng(1).permutation(values), scheme="natural", integer=True)
    assert again == first  # a shared link reopens the same map, in any row order


def test_the_threshold_counts_positive_values(uncached, monkeypatch):
    monkeypatch.setattr(classify_module, "SAMPLE_ABOVE", 40)
    monkeypatch.setattr(classify_module, "SAMPLE_SIZE", 20)
    values = list(range(1, 41))
    assert classify(values + [0] * 10 + [NAN], scheme="natural").sample_of is None
    sampled = classify(values + [41], scheme="natural")
    assert sampled.sample_of == (20, 41)
    assert sampled.bounds[-1] == 41 and sampled.lower == 1
