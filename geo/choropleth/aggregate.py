"""Counts per commune and field, and the per-commune values the map shows.

A commune with no records in the filtered period is 0; a commune the records
do not cover at all (no record in any year or field) is "no data". The map
must tell these apart, so they are kept apart here.
"""
import numpy as np
import pandas as pd

from geo.records.fields import FIELD_CODES


def commune_values(communes: pd.DataFrame, all_records: pd.DataFrame,
                   filtered: pd.DataFrame) -> pd.DataFrame:
    """One row per commune: count, per-field counts, per 1,000 residents, coverage.

    `communes` needs columns code and population; `all_records` decides
    coverage, `filtered` the counts. Built column by column in numpy and
    assembled once: every column set on a frame costs pandas a copy.
    """
    codes = pd.Series(communes["code"].values)
    per_field = _field_counts(codes, filtered)
    covered = pd.Index(_present(all_records["commune_code"])).get_indexer(codes) >= 0  # isin: 10x slower
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
