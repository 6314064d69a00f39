"""Benchmark: what a run pays to know whether the cached records are stale (dashboard/data.py).

    python tests/benchmarks/bench_data_version.py [N_CHANGES]

Per run the app reads the store's data_version() (geo/records/store.py)
instead of trusting its cache blindly (stale after another process writes)
or re-reading every record (the naive way to stay current). Prints medians
(and min-max) of: data_version() on the demo store, records_stamp() as the
app calls it (with Streamlit's cache look-ups), read_records() (the naive
way), and data_version() again after N_CHANGES (1,000,000 by default) audit
rows and 10,000 batches (its cost must not grow with the store), on SQLite
and, when TEST_DATABASE_URL is set, on PostgreSQL (in a schema of its own,
dropped afterwards). Not run by the suite.
"""
import logging
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.benchmarks.databases import each_database  # noqa: E402
from geo.records import store as st  # noqa: E402
from geo.records.database import open_app_store  # noqa: E402

logging.getLogger("streamlit").setLevel(logging.ERROR)  # "missing ScriptRunContext": bare mode is intended


def timed(fn, n: int) -> str:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return f"{statistics.median(times):8.3f} ms (min {min(times):.3f}, max {max(times):.3f}; n={n})"


def grow(store: st.Store, n_changes: int, n_batches: int = 10_000) -> None:
    """Audit rows and batches as years of use would leave them (written directly: only their count matters)."""
    now = datetime.now(timezone.utc)
    with store.writer.begin() as conn:
        conn.execute(sa.insert(st.import_batches), [
            {"created_at": now, "user": "bench", "filename": f"f{i}.xlsx", "file_sha256": f"{i:064x}",
             "row_count": 0, "skipped_duplicates": 0, "status": "rolled_back" if i % 3 else "active"}
            for i in range(1, n_batches + 1)])
        for start in range(0, n_changes, 100_000):
            conn.execute(sa.insert(st.changes), [
                {"at": now, "user": "bench", "action": "insert", "record_id": f"B-{i}", "source": "bench"}
                for i in range(start, min(start + 100_000, n_changes))])


def run(label: str, url: str, n_changes: int) -> None:
    from dashboard import data

    store = open_app_store(url)
    print(f"{label}, demo store (915 records, version {st.data_version(store)}):")
    print(f"  data_version()               {timed(lambda: st.data_version(store), 2000)}")
    data.open_records_store(url)
    print(f"  records_stamp() (per run)    {timed(lambda: data.records_stamp(None, url), 2000)}")
    print(f"  read_records() (naive)       {timed(lambda: st.read_records(store), 50)}")
    t = time.perf_counter()
    grow(store, n_changes)
    print(f"{label}, after {n_changes:,} more audit rows and 10,000 batches "
          f"(written in {time.perf_counter() - t:.0f} s):")
    print(f"  data_version()               {timed(lambda: st.data_version(store), 2000)}")
    store.dispose()
    data.open_records_store.clear()


def main(n_changes: int) -> None:
    each_database(lambda label, url: run(label, url, n_changes))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
