"""Benchmark: importing rows into the record store (geo/records/store.py).

    python tests/benchmarks/bench_store.py [N_ROWS]

Imports N synthetic rows (10,000 by default) as one batch into a fresh SQLite
file, and into PostgreSQL when TEST_DATABASE_URL is set (in a schema of its
own, dropped afterwards), then reads them back and rolls the batch back.
Prints seconds per step; not run by the test suite.
"""
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.benchmarks.databases import each_database  # noqa: E402
from geo.records import store as st  # noqa: E402
from geo.records.fields import FIELD_CODES  # noqa: E402

WORDS = ["trồng", "chè", "nuôi", "ong", "bưởi", "cá", "lồng", "dân", "vận", "khéo", "đường",
         "giao", "thông", "an", "ninh", "tự", "quản", "thôn", "bản", "sạch", "đẹp", "hòa", "giải"]


def synthetic(n: int, seed: int = 1) -> pd.DataFrame:
    """Rows as an office file gives them: no id; names unique, from a small vocabulary."""
    rng = np.random.default_rng(seed)
    names = [" ".join(["Mô hình", *rng.choice(WORDS, 4), f"số {i}"]) for i in range(n)]
    return pd.DataFrame({
        "name": names,
        "kind": rng.choice(["mo-hinh", "dien-hinh"], n),
        "field": rng.choice(FIELD_CODES, n),
        "year": rng.integers(2020, 2026, n),
        "commune_code": [f"{c:05d}" for c in rng.integers(2400, 2600, n)],
        "commune_name": "Xã Đội Bình", "unit": "UBND xã", "description": "Mô tả ngắn.",
        "result": "Kết quả.", "source": "bench.xlsx",
    })


def run(label: str, url: str, rows: pd.DataFrame) -> None:
    store = st.open_store(url)
    st.upgrade(store)
    digest = hashlib.sha256(str(time.time()).encode()).hexdigest()
    t = time.perf_counter()
    result = st.import_batch(store, rows, "bench", "bench.xlsx", digest)
    imported = time.perf_counter() - t
    t = time.perf_counter()
    again = st.import_batch(store, rows, "bench", "bench (2).xlsx", digest[::-1])  # another file, all duplicates
    duplicates = time.perf_counter() - t
    t = time.perf_counter()
    n_read = len(st.read_records(store))
    read = time.perf_counter() - t
    t = time.perf_counter()
    st.rollback_batch(store, result.batch_id, "bench")
    rolled = time.perf_counter() - t
    store.dispose()
    print(f"{label:<11} import {result.added:>7,} rows {imported:6.2f} s | "
          f"re-import, all skipped ({again.skipped_duplicates:,}) {duplicates:5.2f} s | "
          f"read_records ({n_read:,}) {read:5.2f} s | rollback {rolled:5.2f} s")


def main(n: int) -> None:
    rows = synthetic(n)
    each_database(lambda label, url: run(label, url, rows))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
