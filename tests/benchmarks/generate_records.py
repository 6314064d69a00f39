"""A seeded, synthetic records file of N rows over every legacy commune of Vietnam, for the benchmarks.

    python -m tests.benchmarks.generate_records                       # 1,000,000 rows -> cache/bench/records-1000000.csv
    python -m tests.benchmarks.generate_records --rows 200000 --seed 7 --out /tmp/r.csv
    python -m tests.benchmarks.generate_records --check               # also read it back with the app's loader, timed

The rows follow the project's records CSV schema (geo.records.schema.COLUMNS,
data/README.md): ids `BM-<year>-<7-digit sequence>`, the six field codes, both
kinds, years 2020-2024, the 5-digit GSO code of one of the 10,035 units of
geo.places.registry.legacy_units() (all 63 provinces) with the unit's name as
written, short Vietnamese texts, `illustrative` True and a source that says the
rows are generated. Every row is synthetic.

Communes are not equally active: each gets a weight drawn from a gamma
distribution (and about 4 % get none, so the map has white communes), fields
and years have their own weights, so a filter change moves the classes.
Everything is drawn with numpy's default_rng(seed) in whole arrays (no Python
loop per row): one million rows take a few seconds, most of it writing the CSV.
The same seed and row count give a byte-identical file.

The default output is under cache/ (git-ignored): generated data never goes
into the repository.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.places.registry import legacy_units  # noqa: E402
from geo.records.fields import FIELD_CODES, KINDS  # noqa: E402
from geo.records.schema import COLUMNS, load_records  # noqa: E402

DEFAULT_ROWS = 1_000_000
DEFAULT_SEED = 20250701
YEARS = np.arange(2020, 2025)  # 2020..2024
YEAR_WEIGHTS = np.array([0.14, 0.17, 0.20, 0.23, 0.26])
FIELD_WEIGHTS = np.array([0.28, 0.22, 0.10, 0.14, 0.18, 0.08])  # FIELD_CODES order
KIND_CODES = tuple(KINDS)  # ("mo-hinh", "dien-hinh")
KIND_WEIGHTS = np.array([0.7, 0.3])
IDLE_SHARE = 0.04  # communes with no record at all

# Short texts per field (FIELD_CODES order): what a model is about.
TOPICS = (
    ("trồng chè an toàn", "nuôi cá lồng", "hợp tác xã rau sạch", "chăn nuôi bò vỗ béo"),
    ("gia đình văn hóa", "câu lạc bộ hát then", "tủ sách thôn", "xóa nhà tạm"),
    ("tổ an ninh tự quản", "camera an ninh thôn", "dân quân tự vệ giỏi", "hòa giải ở cơ sở"),
    ("chi bộ thôn kiểu mẫu", "dân vận chính quyền", "tiếp dân cuối tuần", "đảng viên gương mẫu"),
    ("đường giao thông nông thôn", "phân loại rác tại hộ", "hiến đất làm đường", "thắp sáng đường quê"),
    ("quỹ khuyến học", "bếp ăn bán trú", "phụ nữ tiết kiệm", "hỗ trợ người cao tuổi"),
)
UNITS = ("UBND", "Đảng ủy", "Hội Nông dân", "Hội Phụ nữ", "Đoàn Thanh niên", "Mặt trận")
RESULTS = ("Dân hưởng ứng.", "Nhiều hộ tham gia.", "Được nhân rộng.", "Kết quả tốt.")
SOURCE = "Benchmark: sinh tự động (seed {seed})"


def default_out(rows: int) -> Path:
    return ROOT / "cache" / "bench" / f"records-{rows}.csv"


def _pick(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """n indices drawn with these weights (vectorised)."""
    return rng.choice(len(weights), size=n, p=weights / weights.sum())


def generate(rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """`rows` records over the legacy communes, deterministic for (rows, seed)."""
    if rows < 0:
        raise ValueError("rows must be >= 0")
    rng = np.random.default_rng(seed)
    units = legacy_units()
    codes = [u.code for u in units]
    short_names = [u.name for u in units]
    full_names = [u.full_name for u in units]
    lower_names = [f"{u.type.lower()} {u.name}" for u in units]  # "xã Đội Bình"

    weight = rng.gamma(shape=1.6, scale=1.0, size=len(units))
    weight[rng.random(len(units)) < IDLE_SHARE] = 0.0
    commune = _pick(rng, rows, weight)
    field = _pick(rng, rows, FIELD_WEIGHTS)
    year = YEARS[_pick(rng, rows, YEAR_WEIGHTS)]
    kind = _pick(rng, rows, KIND_WEIGHTS)
    topic = rng.integers(0, 4, size=rows)
    unit_kind = rng.integers(0, len(UNITS), size=rows)
    result = rng.integers(0, len(RESULTS), size=rows)
    hamlet = rng.integers(1, 21, size=rows)
    # the name as written: "Xã Đội Bình" or, one row in four, the short name "Đội Bình"
    written = commune + len(units) * (rng.random(rows) < 0.25)

    # ids: BM-<year>-<sequence>, the sequence running over the whole file (unique)
    ids = np.char.add(np.char.add("BM-", year.astype("U4")), np.char.add("-", np.char.zfill(
        np.arange(1, rows + 1).astype("U7"), 7)))

    # Other texts come from small tables of every combination and are picked by index, as
    # categoricals: no string is built per row.
    topics = [t for field_topics in TOPICS for t in field_topics]  # index field * 4 + topic
    kind_words = ("Mô hình", "Điển hình")
    names = [f"{kind_words[k]} {t} thôn {h}" for k in range(2) for t in topics for h in range(1, 21)]
    units_done = [f"{u} {n}" for u in UNITS for n in lower_names]

    def pick(table, index) -> pd.Categorical:
        return pd.Categorical.from_codes(np.asarray(index, dtype=np.int32), categories=pd.Index(table).unique()) \
            if len(set(table)) == len(table) else pd.Categorical(np.asarray(table, dtype=object)[index])

    frame = pd.DataFrame({
        "id": ids,
        "name": pick(names, (kind * len(topics) + field * 4 + topic) * 20 + (hamlet - 1)),
        "kind": pick(KIND_CODES, kind),
        "field": pick(FIELD_CODES, field),
        "year": year,
        "commune_code": pick(list(codes), commune),
        "commune_name": pick(list(full_names) + list(short_names), written),
        "unit": pick(units_done, unit_kind * len(units) + commune),
        "description": pick([f"Vận động {t}" for t in topics], field * 4 + topic),
        "result": pick(RESULTS, result),
        "source": SOURCE.format(seed=seed),
        "illustrative": "True",
    })
    return frame[list(COLUMNS)]


def write(frame: pd.DataFrame, out: Path) -> None:
    """UTF-8, `\n` line ends, no quotes (no generated text holds a comma, quote or line break;
    should one ever, the whole file is written quoted). pyarrow's writer is ~10x faster than pandas'."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv
        table = pa.Table.from_pandas(frame, preserve_index=False)
        try:
            with open(tmp, "wb") as sink:  # the header unquoted too, like every other line
                sink.write((",".join(frame.columns) + "\n").encode())
                pacsv.write_csv(table, sink, pacsv.WriteOptions(include_header=False, quoting_style="none"))
        except pa.ArrowInvalid:
            pacsv.write_csv(table, tmp, pacsv.WriteOptions(quoting_style="all_valid"))
    except ImportError:
        frame.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    tmp.replace(out)  # a half-written file never has the final name


def ensure(rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED, out: Path | None = None) -> Path:
    """The records file for (rows, seed), generated if missing (for the browser benchmarks)."""
    out = out or default_out(rows)
    if not out.is_file():
        write(generate(rows, seed), out)
    return out


def _provinces(codes: pd.Series) -> int:
    province = {u.code: u.province_code for u in legacy_units()}
    return len({province[c] for c in codes.unique()})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help="number of records (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="CSV to write (default cache/bench/records-<rows>.csv)")
    parser.add_argument("--check", action="store_true",
                        help="read the file back with geo.records.schema.load_records and time it")
    args = parser.parse_args(argv)
    out = args.out or default_out(args.rows)

    start = time.perf_counter()
    frame = generate(args.rows, args.seed)
    generated = time.perf_counter()
    write(frame, out)
    written = time.perf_counter()
    size = out.stat().st_size
    print(f"{args.rows:,} records over {frame['commune_code'].nunique():,} communes "
          f"({_provinces(frame['commune_code'])} provinces), seed {args.seed}")
    print(f"generate {generated - start:.2f} s, write {written - generated:.2f} s -> {out} ({size / 1e6:.1f} MB)")
    if args.check:
        start = time.perf_counter()
        loaded = load_records(out)
        elapsed = time.perf_counter() - start
        if len(loaded) != args.rows:
            print(f"load_records read {len(loaded):,} rows, expected {args.rows:,}", file=sys.stderr)
            return 1
        print(f"geo.records.schema.load_records accepts it: {len(loaded):,} rows in {elapsed:.2f} s "
              f"({loaded.memory_usage(deep=True).sum() / 1e6:.0f} MB in memory)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
