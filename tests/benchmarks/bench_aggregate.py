"""Benchmark: filter + aggregate at national scale, against a naive loop.

    python tests/benchmarks/bench_aggregate.py [N_RECORDS]

Synthetic records (1,000,000 by default) over 11,163 communes, the size of
the whole country. Prints seconds per step; not run by the test suite.
Then what a filter change costs the map page, in interleaved rounds (medians,
min–max, paired ratio): the rows filtered and counted (query, commune_values,
totals by field and year) against a slice of the records' Counts (unit_values,
tally), which are made once per records version.
"""
from collections import Counter
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
import statistics  # noqa: E402

from geo.choropleth.aggregate import commune_values, count, tally, totals_by, unit_values  # noqa: E402
from geo.records.fields import FIELD_CODES  # noqa: E402
from geo.choropleth.query import Filter, query  # noqa: E402

N_COMMUNES = 11_163


def synthetic(n: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    codes = np.array([f"{i:05d}" for i in range(1, N_COMMUNES + 1)])
    records = pd.DataFrame({
        "commune_code": codes[rng.integers(0, N_COMMUNES, n)],
        "field": np.array(FIELD_CODES)[rng.integers(0, len(FIELD_CODES), n)],
        "year": rng.integers(2020, 2025, n),
    })
    communes = pd.DataFrame({"code": codes, "population": rng.integers(500, 30_000, N_COMMUNES)})
    return records, communes


def naive(records: pd.DataFrame, flt: Filter) -> Counter:
    """What one would write first: a Python loop over every record."""
    counts = Counter()
    for code, field, year in zip(records["commune_code"], records["field"], records["year"]):
        if field in flt.fields and flt.year_from <= year <= flt.year_to:
            counts[code] += 1
    return counts


def timed(label: str, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    print(f"{label:<48} {time.perf_counter() - start:8.3f} s")
    return result


def main(n: int) -> None:
    records, communes = synthetic(n)
    flt = Filter(fields=("kinh-te", "nong-thon-moi"), year_from=2021, year_to=2023)
    print(f"{n:,} records, {N_COMMUNES:,} communes")

    def vectorised():
        return commune_values(communes, records, query(records, flt))

    values = timed("query + commune_values (object columns)", vectorised)
    counts = timed("naive Python loop", naive, records, flt)
    assert all(values.set_index("code")["count"].get(k) == v for k, v in counts.items())
    categorical = records.astype({"commune_code": "category", "field": "category"})
    timed("same, categorical columns (as load_records gives)",
          lambda: commune_values(communes, categorical, query(categorical, flt)))
    per_change(communes, categorical)


def per_change(communes: pd.DataFrame, records: pd.DataFrame, rounds: int = 15) -> None:
    """A filter change's counts from the rows, against from the Counts, alternating which goes first."""
    counts = timed("Counts of the records (once per records version)", count, records)
    years = range(2020, 2025)
    filters = [Filter(fields=("kinh-te",), year_from=2020, year_to=2024), Filter(year_from=2021, year_to=2023),
               Filter(fields=("khac", "nong-thon-moi"), year_from=2020, year_to=2024, communes=("00007", "00150"))]

    def rows(flt):
        kept = query(records, flt)
        return (commune_values(communes, records, kept), totals_by(kept, "field", list(FIELD_CODES)),
                totals_by(kept, "year", list(years)))

    def sliced(flt):
        return unit_values(communes, counts, flt), tally(counts, flt, years)

    times = {"rows": [], "counts": []}
    for i in range(rounds):
        flt = filters[i % len(filters)]
        for name, fn in (("rows", rows), ("counts", sliced))[::1 if i % 2 else -1]:
            start = time.perf_counter()
            fn(flt)
            times[name].append(time.perf_counter() - start)
    ratios = [c / r for c, r in zip(times["counts"], times["rows"])]
    for name, label in (("rows", "rows: query + commune_values + totals"), ("counts", "Counts: unit_values + tally")):
        ms = [t * 1000 for t in times[name]]
        print(f"{label:<48} {statistics.median(ms):8.1f} ms ({min(ms):.1f}–{max(ms):.1f}) per change")
    print(f"{'paired ratio Counts / rows, median':<48} {statistics.median(ratios):8.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
