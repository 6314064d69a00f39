"""Filtering records and counting them per commune (geo.choropleth.query, geo.choropleth.aggregate).

Uses the committed demo records and the reference commune boundaries
(../shared/data/yen-son, licensed separately, read at test time).
"""
import numpy as np
import pandas as pd
import pytest

from geo.choropleth.aggregate import commune_values, count, tally, totals_by, unit_values
from geo.records.fields import FIELD_CODES
from geo.choropleth.query import Filter, query
from geo.records.schema import load_records
from tests.article import ARTICLE_FIELD_TOTALS, ARTICLE_TOTAL
from tests.boundaries.builders import yen_son_communes

DOI_BINH, DOI_BINH_POPULATION = "02533", 6303  # pop_census2009 of Xã Đội Bình
SPARSE = "02482"  # Phú Thịnh: the demo's smallest commune


@pytest.fixture(scope="module")
def communes():
    return yen_son_communes()


@pytest.fixture(scope="module")
def records():
    return load_records()


def values_for(communes, records, flt=Filter()):
    """The values counted from the filtered rows, checked equal to those read from the records' Counts."""
    values = commune_values(communes, records, query(records, flt))
    pd.testing.assert_frame_equal(unit_values(communes, count(records), flt), values)
    return values.set_index("code")


# --- no filter ---------------------------------------------------------------------------------

def test_unfiltered_counts_sum_to_all_records(communes, records):
    values = values_for(communes, records)
    assert len(values) == 28
    assert values["count"].sum() == ARTICLE_TOTAL
    assert values["covered"].all()
    assert values["count"].notna().all()


@pytest.mark.parametrize("field, total", ARTICLE_FIELD_TOTALS.items())
def test_unfiltered_per_field_sums(communes, records, field, total):
    assert values_for(communes, records)[field].sum() == total


def test_count_is_the_sum_of_the_field_columns(communes, records):
    values = values_for(communes, records, Filter(fields=("kinh-te", "khac"), year_from=2021))
    assert (values["count"] == values[list(FIELD_CODES)].sum(axis=1)).all()
    assert (values[["van-hoa-xa-hoi", "quoc-phong-an-ninh", "he-thong-chinh-tri", "nong-thon-moi"]] == 0).all().all()


def test_per_commune_count_matches_records(communes, records):
    values = values_for(communes, records)
    expected = records["commune_code"].value_counts()
    assert values["count"].astype(int).to_dict() == expected.to_dict()


# --- query -------------------------------------------------------------------------------------

@pytest.mark.parametrize("field, total", ARTICLE_FIELD_TOTALS.items())
def test_query_by_one_field(communes, records, field, total):
    picked = query(records, Filter(fields=(field,)))
    assert len(picked) == total
    assert set(picked["field"]) == {field}
    assert values_for(communes, records, Filter(fields=(field,)))["count"].sum() == total


@pytest.mark.parametrize("fields", [
    ("kinh-te", "khac"),
    ("nong-thon-moi", "quoc-phong-an-ninh", "he-thong-chinh-tri"),
    tuple(ARTICLE_FIELD_TOTALS),
])
def test_query_by_several_fields(records, fields):
    assert len(query(records, Filter(fields=fields))) == sum(ARTICLE_FIELD_TOTALS[f] for f in fields)


@pytest.mark.parametrize("year_from, year_to, years", [
    (2020, 2022, {2020, 2021, 2022}),
    (2021, 2021, {2021}),
    (2021, 2022, {2021, 2022}),
    (None, 2020, {2020}),
    (2022, None, {2022}),
    (2023, 2030, set()),
    (2022, 2020, set()),  # an inverted range selects nothing (the URL parser prevents it)
])
def test_query_by_years(records, year_from, year_to, years):
    picked = query(records, Filter(year_from=year_from, year_to=year_to))
    assert set(picked["year"]) == years
    assert len(picked) == records["year"].isin(years).sum()


@pytest.mark.parametrize("codes", [(DOI_BINH,), (DOI_BINH, SPARSE), ("99999",)])
def test_query_by_communes(records, codes):
    picked = query(records, Filter(communes=codes))
    assert set(picked["commune_code"]) <= set(codes)
    assert len(picked) == records["commune_code"].isin(codes).sum()


def test_commune_filter_leaves_other_communes_at_zero_not_no_data(communes, records):
    values = values_for(communes, records, Filter(communes=(DOI_BINH,)))
    assert values.loc[DOI_BINH, "count"] == (records["commune_code"] == DOI_BINH).sum()
    others = values.drop(index=DOI_BINH)
    assert (others["count"] == 0).all()
    assert others["covered"].all()


def test_selected_narrows_only_when_asked(records):
    flt = Filter(fields=("kinh-te",), selected=DOI_BINH)
    assert len(query(records, flt)) == ARTICLE_FIELD_TOTALS["kinh-te"]
    picked = query(records, flt, with_selected=True)
    assert set(picked["commune_code"]) == {DOI_BINH}
    assert len(picked) == ((records["commune_code"] == DOI_BINH) & (records["field"] == "kinh-te")).sum()
    assert len(picked) > 0


def test_combined_filter(records):
    flt = Filter(fields=("kinh-te", "nong-thon-moi"), year_from=2021, year_to=2022,
                 communes=(DOI_BINH, "02506"))
    picked = query(records, flt)
    expected = records[records["field"].isin(flt.fields) & records["year"].between(2021, 2022)
                       & records["commune_code"].isin(flt.communes)]
    assert len(picked) > 0
    assert sorted(picked["id"]) == sorted(expected["id"])


def test_totals_by_lists_every_key(records):
    picked = query(records, Filter(fields=("khac",)))
    totals = totals_by(picked, "field", list(FIELD_CODES))
    assert list(totals.index) == list(FIELD_CODES)
    assert totals["khac"] == ARTICLE_FIELD_TOTALS["khac"] and totals.drop("khac").eq(0).all()


# --- zero versus no data -----------------------------------------------------------------------

def test_no_records_in_the_period_is_zero_and_covered(communes, records):
    thinned = records[~((records["commune_code"] == SPARSE) & (records["year"] == 2021))]
    assert (thinned["commune_code"] == SPARSE).any()  # still has records in other years
    values = commune_values(communes, thinned, query(thinned, Filter(year_from=2021, year_to=2021))).set_index("code")
    assert values.loc[SPARSE, "count"] == 0
    assert values.loc[SPARSE, "per1000"] == 0
    assert bool(values.loc[SPARSE, "covered"]) is True


def test_no_records_at_all_is_no_data(communes, records):
    without = records[records["commune_code"] != SPARSE]
    values = commune_values(communes, without, without).set_index("code")
    assert np.isnan(values.loc[SPARSE, "count"])
    assert np.isnan(values.loc[SPARSE, "per1000"])
    assert bool(values.loc[SPARSE, "covered"]) is False
    others = values.drop(index=SPARSE)
    assert others["covered"].all() and others["count"].notna().all()
    assert values["count"].sum() == len(without)


def test_zero_and_no_data_stay_apart_in_one_table(communes, records):
    # SPARSE: no records at all; 02467: records, but none in 2021.
    data = records[(records["commune_code"] != SPARSE)
                   & ~((records["commune_code"] == "02467") & (records["year"] == 2021))]
    values = commune_values(communes, data, query(data, Filter(year_from=2021, year_to=2021))).set_index("code")
    assert values.loc["02467", "count"] == 0
    assert np.isnan(values.loc[SPARSE, "count"])
    assert values["count"].isna().sum() == 1
    assert (values["count"] == 0).sum() == 1


def test_nothing_matches_gives_zeros_everywhere(communes, records):
    values = values_for(communes, records, Filter(year_from=1990, year_to=1990))
    assert len(values) == 28
    assert (values["count"] == 0).all()
    assert values["covered"].all()


def test_records_outside_the_boundaries_are_not_counted(communes, records):
    stray = records.head(3).assign(commune_code="99999", id=lambda d: d["id"] + "-x")
    data = pd.concat([records, stray], ignore_index=True)
    values = commune_values(communes, data, data)
    assert "99999" not in set(values["code"])
    assert values["count"].sum() == ARTICLE_TOTAL


# --- per 1,000 residents -----------------------------------------------------------------------

def test_per1000_for_a_known_commune(communes, records):
    values = values_for(communes, records)
    count = (records["commune_code"] == DOI_BINH).sum()
    assert values.loc[DOI_BINH, "population"] == DOI_BINH_POPULATION
    assert values.loc[DOI_BINH, "per1000"] == pytest.approx(count / DOI_BINH_POPULATION * 1000)


def test_per1000_follows_the_filter(communes, records):
    values = values_for(communes, records, Filter(fields=("kinh-te",)))
    count = ((records["commune_code"] == DOI_BINH) & (records["field"] == "kinh-te")).sum()
    assert values.loc[DOI_BINH, "per1000"] == pytest.approx(count / DOI_BINH_POPULATION * 1000)


@pytest.mark.parametrize("population", [np.nan, 0, -5])
def test_per1000_is_nan_without_a_usable_population(communes, records, population):
    changed = communes.copy()
    changed.loc[changed["code"] == DOI_BINH, "population"] = population
    values = commune_values(changed, records, records).set_index("code")
    assert np.isnan(values.loc[DOI_BINH, "per1000"])
    assert values.loc[DOI_BINH, "count"] == (records["commune_code"] == DOI_BINH).sum()
    assert values.drop(index=DOI_BINH)["per1000"].notna().all()


def test_a_filter_that_leaves_nothing_out_returns_the_records_themselves(records):
    assert query(records, Filter()) is records                        # no copy of a million rows
    assert query(records, Filter(year_from=2020, year_to=2022)) is records
    assert len(query(records, Filter(year_from=2021))) < len(records)


# --- Counts: the same values from a table made once ---------------------------------------------
FILTERS = [Filter(), Filter(fields=("kinh-te",)), Filter(fields=("khac", "quoc-phong-an-ninh", "no-such-field")),
           Filter(year_from=2021), Filter(year_to=2020), Filter(year_from=2021, year_to=2021),
           Filter(year_from=2023, year_to=2030), Filter(year_from=2010, year_to=2019),
           Filter(year_from=2022, year_to=2020), Filter(communes=(DOI_BINH, SPARSE)),
           Filter(fields=("van-hoa-xa-hoi",), year_from=2020, year_to=2021, communes=(DOI_BINH, "99999"),
                  metric="per1000", selected=DOI_BINH)]


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_counts_give_what_the_filtered_rows_give(communes, records, flt):
    """Also with records of a code off the map, as plain strings, and for a map lacking a unit."""
    elsewhere = records.head(40).assign(commune_code="99999")
    mixed = pd.concat([records, elsewhere], ignore_index=True)
    plain = mixed.astype({"commune_code": str, "field": str})
    for rows in (records, mixed, plain):
        for shown in (communes, communes.iloc[3:]):
            pd.testing.assert_frame_equal(unit_values(shown, count(rows), flt),
                                          commune_values(shown, rows, query(rows, flt)))


def test_counts_of_no_records_are_no_data(communes, records):
    values = unit_values(communes, count(records.head(0)), Filter())
    assert values["count"].isna().all() and not values["covered"].any()


@pytest.mark.parametrize("flt", FILTERS, ids=range(len(FILTERS)))
def test_a_tally_counts_what_the_query_keeps(records, flt):
    """Total, by field and by year of the rows query(..., with_selected=True) keeps, years outside the records' 0."""
    years = range(2018, 2025)
    for rows in (records, pd.concat([records, records.head(40).assign(commune_code="99999")], ignore_index=True)):
        kept = query(rows, flt, with_selected=True)
        counted = tally(count(rows), flt, years)
        assert counted.total == len(kept)
        assert counted.by_field.tolist() == totals_by(kept, "field", list(FIELD_CODES)).tolist()
        assert counted.by_year.tolist() == totals_by(kept, "year", list(years)).tolist()
    assert tally(count(records.head(0)), flt, years).by_year.tolist() == [0] * len(years)


def test_a_mistyped_year_takes_one_slot_not_the_years_between(communes, records):
    """A CSV is not checked against the years' rule: 20211 must not make an 18,000-year table."""
    typo = pd.concat([records, records.head(1).assign(id="TYPO", year=20211)], ignore_index=True)
    counts = count(typo)
    assert counts.table.shape[2] == records["year"].nunique() + 1
    for flt in (Filter(), Filter(year_from=2021, year_to=20211), Filter(year_from=2023, year_to=20210)):
        pd.testing.assert_frame_equal(unit_values(communes, counts, flt), commune_values(communes, typo, query(typo, flt)))
    assert tally(counts, Filter(year_from=2022), range(2022, 2024)).total == len(query(typo, Filter(year_from=2022)))
