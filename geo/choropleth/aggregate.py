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
    coverage, `filtered` the counts.
    """
    by_field = (filtered.groupby(["commune_code", "field"], observed=True).size()
                .unstack(fill_value=0).reindex(columns=list(FIELD_CODES), fill_value=0))
    out = pd.DataFrame({"code": communes["code"].values,
                        "population": communes["population"].values})
    out = out.join(by_field, on="code").fillna({c: 0 for c in FIELD_CODES})
    out[list(FIELD_CODES)] = out[list(FIELD_CODES)].astype(int)
    out["count"] = out[list(FIELD_CODES)].sum(axis=1)
    out["covered"] = out["code"].isin(all_records["commune_code"].unique())
    population = out["population"].where(out["population"] > 0)
    out["per1000"] = out["count"] / population * 1000
    out.loc[~out["covered"], ["count", "per1000"]] = np.nan
    return out


def totals_by(filtered: pd.DataFrame, column: str, index: list) -> pd.Series:
    """Counts by one column, with every expected key present (0 when empty)."""
    return filtered[column].value_counts().reindex(index, fill_value=0)
