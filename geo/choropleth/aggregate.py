"""Counts per commune and field, and the per-commune values the map shows.

A commune with no records in the filtered period is 0; a commune the records
do not cover at all (no record in any year or field) is "no data". The map
must tell these apart, so they are kept apart here.

Two ways in: `commune_values` counts filtered rows; `unit_values` reads a
`Counts` table (records per code, field and year, made once per records
frame), so a filter change costs a slice of it, not a pass over a million rows.
"""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.choropleth.query import Filter
from geo.records.fields import FIELD_CODES


def commune_values(communes: pd.DataFrame, all_records: pd.DataFrame,
                   filtered: pd.DataFrame) -> pd.DataFrame:
    """One row per commune: count, per-field counts, per 1,000 residents, coverage.

    `communes` needs columns code and population; `all_records` decides
    coverage, `filtered` the counts. Built column by column in numpy and
    assembled once: every column set on a frame costs pandas a copy.
    """
    codes = pd.Series(communes["code"].values)
    covered = pd.Index(_present(all_records["commune_code"])).get_indexer(codes) >= 0  # isin: 10x slower
    return _values(communes, codes, _field_counts(codes, filtered), covered)


@dataclass(frozen=True)
class Counts:
    """Records per code (of any unit, drawn or not), field (FIELD_CODES order) and year."""
    codes: pd.Index
    years: np.ndarray  # the years the records have, ascending: one per slot of the last axis
    table: np.ndarray  # (codes, fields, years)


def count(records: pd.DataFrame) -> Counts:
    """One pass over the records: a million take ~40 ms, once per records frame.

    A slot per year the records have, not per year from the first to the last: a typed
    year of 20211 (a CSV is not checked against the years' rule) must not make the table
    18,000 years deep.
    """
    codes = pd.Index(_present(records["commune_code"]))
    row = _positions(codes, records["commune_code"])
    col = _positions(pd.Index(FIELD_CODES), records["field"])
    year = pd.to_numeric(records["year"], errors="coerce").to_numpy(dtype=float)
    keep = (row >= 0) & (col >= 0) & ~np.isnan(year)
    years, slot = np.unique(year[keep].astype(np.int64), return_inverse=True)
    cell = (row[keep] * len(FIELD_CODES) + col[keep]) * len(years) + slot
    table = np.bincount(cell, minlength=len(codes) * len(FIELD_CODES) * len(years))
    return Counts(codes, years, table.reshape(len(codes), len(FIELD_CODES), len(years)))


def unit_values(communes: pd.DataFrame, counts: Counts, flt: Filter) -> pd.DataFrame:
    """What commune_values gives for the records `query(records, flt)` keeps, read from their Counts."""
    codes = pd.Series(communes["code"].values)
    at = counts.codes.get_indexer(codes)
    # a last row of zeros for the codes the records lack (position -1): no data, as counts.codes are
    # the codes of the records (as commune_values' coverage), whatever their field and year
    per_code = np.vstack([_filtered(counts, flt), np.zeros((1, len(FIELD_CODES)), dtype=np.int64)])
    return _values(communes, codes, per_code[at], at >= 0)


def _filtered(counts: Counts, flt: Filter) -> np.ndarray:
    """(codes, fields): the records of each code and field within the filter's years, fields and communes."""
    return _kept(counts, flt)[0].sum(axis=2)


def _kept(counts: Counts, flt: Filter, with_selected: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The table's years within the filter's, with the fields and codes it leaves out at 0 (as query(),
    `with_selected` too), and those years."""
    years = counts.years
    low = 0 if flt.year_from is None else np.searchsorted(years, flt.year_from, side="left")
    high = len(years) if flt.year_to is None else np.searchsorted(years, flt.year_to, side="right")
    table = counts.table[:, :, low:max(high, low)]  # a view: the years are sorted
    keep_field = np.isin(np.array(FIELD_CODES), flt.fields) if flt.fields else np.ones(len(FIELD_CODES), bool)
    keep_code = counts.codes.isin(flt.communes) if flt.communes else np.ones(len(counts.codes), bool)
    if with_selected and flt.selected:
        keep_code = keep_code & (counts.codes == flt.selected)
    return table * (keep_code[:, None] & keep_field[None, :])[:, :, None], years[low:max(high, low)]


@dataclass(frozen=True)
class Tally:
    """What the panels count of the records `query(records, flt, with_selected=True)` keeps."""
    total: int
    by_field: np.ndarray  # FIELD_CODES order
    years: range
    by_year: np.ndarray  # one per year of `years`, 0 outside the records' years


def tally(counts: Counts, flt: Filter, years: range) -> Tally:
    """Totals by field and by year of the filter (and its selected unit), from the records' Counts."""
    kept, kept_years = _kept(counts, flt, with_selected=True)
    by_field = kept.sum(axis=(0, 2))
    per_year = dict(zip(kept_years.tolist(), kept.sum(axis=(0, 1)).tolist()))
    by_year = np.array([per_year.get(year, 0) for year in years], dtype=np.int64)
    return Tally(int(by_field.sum()), by_field, years, by_year)


def _values(communes: pd.DataFrame, codes: pd.Series, per_field: np.ndarray, covered: np.ndarray) -> pd.DataFrame:
    population = communes["population"].to_numpy(dtype=float)
    count = np.where(covered, per_field.sum(axis=1), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        per1000 = np.where(population > 0, count / population * 1000, np.nan)
    return pd.DataFrame({"code": codes, "population": population,
                         **{field: per_field[:, i] for i, field in enumerate(FIELD_CODES)},
                         "count": count, "covered": covered, "per1000": per1000})


def _field_counts(codes: pd.Series, records: pd.DataFrame) -> np.ndarray:
    """Records per commune (one row per entry of `codes`) and field (columns in FIELD_CODES order).

    Counted with numpy over positions: pandas' groupby over the two categorical
    columns took ~12 ms of every rerun for a few hundred records.
    """
    units = pd.Index(codes.dropna().unique())
    row = _positions(units, records["commune_code"])  # -1: a code not on the map, reported apart
    col = _positions(pd.Index(FIELD_CODES), records["field"])
    keep = (row >= 0) & (col >= 0)
    width = len(FIELD_CODES)
    grid = np.bincount(row[keep] * width + col[keep], minlength=len(units) * width).reshape(-1, width)
    at = units.get_indexer(codes)
    return np.where((at >= 0)[:, None], grid[at], 0)


def _positions(index: pd.Index, column: pd.Series) -> np.ndarray:
    """Position in `index` of each value of `column` (-1: absent).

    A categorical column (as geo.records.schema loads records) is looked up by
    its few categories and then by integer codes: 1,000,000 records take ~10 ms
    instead of ~300 ms of string hashing.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        at = np.append(index.get_indexer(column.cat.categories), -1)  # code -1 (missing) -> -1
        return at[column.cat.codes.to_numpy()]
    return index.get_indexer(column)


def _present(column: pd.Series) -> np.ndarray:
    """The distinct values of a column (for a categorical, only the categories in use)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        used = np.bincount(codes[codes >= 0], minlength=len(column.cat.categories)) > 0  # np.unique: 10x slower
        return column.cat.categories.to_numpy()[used]
    return column.unique()


def totals_by(filtered: pd.DataFrame, column: str, index: list) -> pd.Series:
    """Counts by one column, with every expected key present (0 when empty)."""
    return filtered[column].value_counts().reindex(index, fill_value=0)
