"""Benchmark (issue 9): the panels beside and under the map (totals, charts, records table and
record picker), before and after, for Yên Sơn's 915 records and for 1,000,000.

    python tests/benchmarks/bench_panels.py                 # 1,000,000 synthetic records and the demo
    python tests/benchmarks/bench_panels.py --rows 200000   # fewer synthetic records
    python tests/benchmarks/bench_panels.py --full          # also the naive search on every record (minutes)

"Before" is a copy of the panels as they were (BEFORE_* below: the whole filtered table
sorted, labelled and sent to st.dataframe, one picker label per row, the search text folded
on every search, kpis and charts through isin / value_counts); "after" is
dashboard/viewer/panels.py as it is. The parts are called in bare mode (no server): what
Streamlit does with them (Arrow conversion, protobuf) is in the times. Prints:

1. the demo (915 records, data/demo/records.csv): time per part, and what st.dataframe and
   the picker get (rows × columns, Arrow bytes, picker labels);
2. the map page in AppTest, a filter change per rerun: bytes of the panels' elements and of
   every element of the page (the protobuf Streamlit sends), before and after;
3. 1,000,000 synthetic records (tests/benchmarks/generate_records.py, every legacy commune):
   time per part with half the records filtered, the table's first page after a new records
   version (order computed), another page, the first search (search text folded) and later
   ones, and what folding distinct texts costs (real records repeat fewer texts than these).
   The naive search folds every row on every search (~140 s a million): it is timed on
   50,000 rows and scaled, unless --full.
"""
import argparse
import logging
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]
SCRATCH = Path(tempfile.mkdtemp(prefix="bench-panels-"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH / 'dvk.sqlite3'}")
os.environ.setdefault("DVK_BOUNDARY_SETS", str(SCRATCH / "boundary-sets"))
os.environ.pop("DVK_AREA", None)

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402
from streamlit import dataframe_util, logger  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from dashboard.viewer import panels  # noqa: E402
from tests.benchmarks import before_viewer  # noqa: E402
from dashboard.words.i18n import Words  # noqa: E402
from dashboard.words.markup import plain  # noqa: E402
from geo.choropleth.aggregate import totals_by  # noqa: E402
from geo.choropleth.query import Filter, query  # noqa: E402
from geo.dataset import Dataset  # noqa: E402
from geo.places.names import normalize  # noqa: E402
from geo.places.registry import legacy_units  # noqa: E402
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES, KINDS  # noqa: E402
from geo.records.schema import load_records, validate_records  # noqa: E402

YEARS = range(2020, 2025)
NAIVE_SEARCH_ROWS = 50_000


# --------------------------------------------------------------------------- before: the panels as they were

def BEFORE_kpis(words, data, filtered, selected):
    names = BEFORE_commune_names(data)
    first, second, third = st.columns(3)
    first.metric(words("kpi_models"), words.number(len(filtered)))
    codes = filtered["commune_code"]
    covered = codes[codes.isin(list(names))].nunique()
    label = words("kpi_communes_2025" if data.units == "2025" else "kpi_communes")
    second.metric(label, f"{words.number(covered)} / {words.number(len(names))}")
    third.metric(words("kpi_selected"), plain(names.get(selected, "")) if selected else words("kpi_none"))


def BEFORE_charts(words, filtered, years):
    by_field = totals_by(filtered, "field", list(FIELD_CODES))
    by_year = totals_by(filtered, "year", list(years))
    title = words("metric_count")
    by_field.index = [FIELD_BY_CODE[c].label(words.lang) for c in by_field.index]
    by_year.index = [str(y) for y in years]
    st.markdown(f"**{words('by_field')}**")
    st.altair_chart(before_viewer.bars(by_field, title, horizontal=True), width="stretch")
    st.markdown(f"**{words('by_year')}**")
    st.altair_chart(before_viewer.bars(by_year, title, horizontal=False), width="stretch")


def BEFORE_commune_names(data):
    return dict(zip(data.communes["code"], data.communes["name"]))


def BEFORE_readable(records, data, words):
    names = BEFORE_commune_names(data)
    lang = words.lang
    kind_index = 0 if lang == "vi" else 1
    return pd.DataFrame({
        "id": records["id"], "name": records["name"],
        "kind": records["kind"].map(lambda k: KINDS[k][kind_index]),
        "field": records["field"].astype(str).map(lambda c: FIELD_BY_CODE[c].label(lang)),
        "year": records["year"],
        "commune": records["commune_code"].astype(str).map(names).fillna(records["commune_name"]),
        "written": records["commune_name"], "unit": records["unit"],
        "description": records["description"], "result": records["result"],
        "source": records["source"],
        "illustrative": records["illustrative"].map({True: words("yes"), False: words("no")}),
    })


def BEFORE_search(table, query_text):
    fold = lambda text: normalize(text, keep_prefix=True)  # noqa: E731
    needles = fold(query_text).split()
    if not needles:
        return table
    haystack = (table["name"] + " " + table["unit"] + " " + table["description"] + " "
                + table["commune"]).map(fold)
    keep = pd.Series(True, index=table.index)
    for needle in needles:
        keep &= haystack.str.contains(rf"(?:^| ){re.escape(needle)}")
    return table[keep]


def BEFORE_records_section(words, data, records, selected, key, page_size=None):
    st.subheader(words("records_of", name=plain(BEFORE_commune_names(data)[selected])) if selected
                 else words("records_title"))
    table = BEFORE_readable(records.sort_values(["year", "commune_code", "id"]), data, words)
    query_text = st.text_input(words("search"), key=f"{key}_search")
    shown = BEFORE_search(table, query_text)
    st.caption(words("shown_of", shown=words.number(len(shown)), total=words.number(len(table))))
    st.dataframe(shown[list(panels.TABLE_COLUMNS)].rename(columns=lambda c: words(f"col_{c}")),
                 hide_index=True, width="stretch")
    st.markdown(f"**{words('detail')}**")
    if not shown.empty:
        labels = dict(zip(shown.index, panels.detail_labels(shown)))
        st.selectbox(words("detail_pick"), list(shown.index), key=f"{key}_detail", index=None,
                     placeholder=words("detail_placeholder"), format_func=labels.__getitem__)
    return shown


BEFORE = {"kpis": BEFORE_kpis, "charts": BEFORE_charts, "records_section": BEFORE_records_section}
AFTER = {name: getattr(panels, name) for name in BEFORE}


def install(variant: str) -> None:
    """Put the before or after parts into dashboard.viewer.panels (the pages call them from there)."""
    for name, function in (BEFORE if variant == "before" else AFTER).items():
        setattr(panels, name, function)


# --------------------------------------------------------------------------- data

def demo_dataset() -> Dataset:
    """The demo records and Yên Sơn's communes (names from the unit list, as the boundary file has them)."""
    records = load_records()
    codes = set(records["commune_code"].astype(str))
    units = [u for u in legacy_units() if u.code in codes]
    return Dataset(pd.DataFrame({"code": [u.code for u in units], "name": [u.name for u in units]}),
                   None, records, ())


def country_dataset(rows: int) -> Dataset:
    """`rows` seeded synthetic records over every legacy commune, typed as the app loads them."""
    from generate_records import generate
    units = legacy_units()
    communes = pd.DataFrame({"code": [u.code for u in units], "name": [u.name for u in units]})
    frame = generate(rows)
    text = [c for c in frame.columns if c not in ("field", "commune_code", "year")]
    return Dataset(communes, None, validate_records(frame.astype({c: "str" for c in text})), ())  # as a CSV gives


# --------------------------------------------------------------------------- measuring

def seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def spread(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):9.1f} ms ({min(ms):.1f}–{max(ms):.1f})"


def in_turn(rounds: int, measure) -> dict[str, list[float]]:
    """`measure(variant)` for before and after in every round, which goes first alternating
    (after one untimed call of each: what is remembered across reruns is remembered)."""
    got = {"before": [], "after": []}
    for variant in got:
        install(variant)
        measure(variant)
    for i in range(rounds):
        for variant in ("before", "after") if i % 2 == 0 else ("after", "before"):
            install(variant)
            got[variant].append(measure(variant))
    install("after")
    return got


def row(label: str, got: dict[str, list[float]]) -> None:
    ratio = statistics.median(got["after"]) / statistics.median(got["before"])
    print(f"{label:<44} {spread(got['before']):>30} {spread(got['after']):>30}  {ratio:7.3f}")


def header(title: str) -> None:
    print(f"\n{title}\n{'':<44} {'before':>30} {'after':>30}  after/before")


class Sent:
    """What st.dataframe and st.selectbox are handed, while installed: shape, Arrow bytes, labels."""

    def __init__(self):
        self.dataframe, self.selectbox = st.dataframe, st.selectbox
        self.got: dict = {}

    def __enter__(self):
        def dataframe(frame, *args, **kwargs):
            self.got["table"] = (frame.shape, len(dataframe_util.convert_anything_to_arrow_bytes(frame)))
            return self.dataframe(frame, *args, **kwargs)

        def selectbox(label, options, *args, format_func=str, **kwargs):
            labels = [format_func(o) for o in options]
            self.got["picker"] = (len(labels), sum(len(x.encode()) for x in labels))
            return self.selectbox(label, options, *args, format_func=format_func, **kwargs)
        st.dataframe, st.selectbox = dataframe, selectbox
        return self

    def __exit__(self, *exc):
        st.dataframe, st.selectbox = self.dataframe, self.selectbox

    def line(self) -> str:
        (rows, columns), arrow = self.got["table"]
        labels, label_bytes = self.got.get("picker", (0, 0))
        return (f"st.dataframe {rows:,} rows × {columns} columns, {arrow / 1000:8.1f} KB Arrow; "
                f"picker {labels:,} labels, {label_bytes / 1000:.1f} KB")


def sent(variant: str, data: Dataset, records: pd.DataFrame, words: Words) -> str:
    install(variant)
    with Sent() as capture:
        panels.records_section(words, data, records, None, key=f"bench_{variant}")
    install("after")
    return capture.line()


class Typed:
    """st.text_input answering `text` (bare mode has no browser to type into the search box)."""

    def __init__(self, text: str):
        self.text, self.original = text, st.text_input

    def __enter__(self):
        st.text_input = lambda *args, **kwargs: self.text
        return self

    def __exit__(self, *exc):
        st.text_input = self.original


def parts(data: Dataset, filtered: pd.DataFrame, rounds: int) -> None:
    """Each panel alone on `filtered`, before and after in turn; then what the table sends."""
    words = Words("vi")
    years = range(int(filtered["year"].min()), int(filtered["year"].max()) + 1)
    row("totals (kpis)", in_turn(rounds, lambda v: seconds(lambda: panels.kpis(words, data, filtered, None))))
    row("two charts", in_turn(rounds, lambda v: seconds(lambda: panels.charts(words, filtered, years))))
    row("records table + picker (page 1)", in_turn(rounds, lambda v: seconds(
        lambda: panels.records_section(words, data, filtered, None, key=f"parts_{v}"))))

    def all_three(variant: str) -> float:
        return seconds(lambda: (panels.kpis(words, data, filtered, None), panels.charts(words, filtered, years),
                                panels.records_section(words, data, filtered, None, key=f"parts_{variant}")))
    row("all three (a filter change's panels)", in_turn(rounds, all_three))
    for variant in ("before", "after"):
        print(f"  {variant:<7} {sent(variant, data, filtered, words)}")


def table_moments(data: Dataset, flt: Filter, rounds: int) -> None:
    """After: the first table of a new records version, another page, the first and later searches."""
    words = Words("vi")
    fresh = Dataset(data.communes, None, data.records.copy(), ())  # a new records version: nothing remembered
    filtered = query(fresh.records, flt)

    def table(query_text: str = "") -> float:
        with Typed(query_text):
            return seconds(lambda: panels.records_section(words, fresh, filtered, None, key="moments"))
    print(f"{'first table of a new records version':<44} {'':>30} {table() * 1000:9.1f} ms (order computed)")
    pages = len(filtered) // panels.RECORDS_PAGE_SIZE
    times = []
    for page in np.linspace(2, pages, rounds).astype(int):
        st.session_state["moments_page"] = int(page)
        times.append(table())
    print(f"{'another page (2 … last)':<44} {'':>30} {spread(times):>30}")
    print(f"{'first search (search text folded)':<44} {'':>30} {table('nuoi ca long') * 1000:9.1f} ms")
    print(f"{'same search again (remembered: paging, filter)':<44} {'':>30} "
          f"{spread([table('nuoi ca long') for _ in range(rounds)]):>30}")
    print(f"{'other searches (new words)':<44} {'':>30} "
          f"{spread([table(q) for q in ('hoa giai', 'doan thanh nien', 'quy khuyen hoc xa', 'camera')]):>30}")
    one = Filter(selected=str(filtered["commune_code"].iloc[0]))
    few = query(fresh.records, one, with_selected=True)
    with Typed("thon"):
        took = [seconds(lambda: panels.records_section(words, fresh, few, None, key="moments")) for _ in range(rounds)]
    print(f"{f'one commune ({len(few)} records), a search':<44} {'':>30} {spread(took):>30}")


def unique_texts(rows: int = 100_000) -> None:
    """The first search folds each distinct text once; the synthetic records repeat a few texts,
    real ones would not: folding `rows` distinct texts of 12 words from the demo's vocabulary."""
    vocabulary = sorted(set(" ".join(load_records()["description"]).split()))
    rng = np.random.default_rng(1)
    texts = [" ".join(rng.choice(vocabulary, 12)) for _ in range(rows)]
    took = seconds(lambda: panels.fold_all(texts))
    print(f"{f'folding {rows:,} distinct texts (real records)':<44} {'':>30} {took * 1000:9.1f} ms "
          f"({took / rows * 1e6:.1f} µs a text: 3 columns of 1,000,000 distinct rows ≈ {took / rows * 3e6:.0f} s)")


def naive_search(data: Dataset, filtered: pd.DataFrame, full: bool) -> None:
    """The naive search (fold every row, then a regex per word): on every row with --full, else scaled."""
    words = Words("vi")
    sample = filtered if full else filtered.iloc[:NAIVE_SEARCH_ROWS]
    with Typed("nuoi ca long"):
        took = seconds(lambda: BEFORE_records_section(words, data, sample, None, key="naive"))
    scale = len(filtered) / len(sample)
    how = "every row" if full else f"{len(sample):,} rows × {scale:.1f}"
    print(f"{'before: a search (' + how + ')':<44} {took * scale * 1000:12.0f} ms")


def page_bytes(rounds: int) -> None:
    """The map page (demo data) in AppTest, one filter change per rerun: protobuf bytes of its elements."""
    changes = (["kinh-te"], [], ["nong-thon-moi", "khac"], [])
    app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=300).run()
    got = {"before": [], "after": []}
    for i in range(rounds):
        for variant in ("before", "after") if i % 2 == 0 else ("after", "before"):
            install(variant)
            app.multiselect(key="w_field").set_value(changes[i % len(changes)]).run()
            assert not app.exception, app.exception
            got[variant].append(element_bytes(app))
    install("after")
    print(f"\nMap page, Yên Sơn demo (AppTest), bytes of the elements after a filter change (median of {rounds})")
    print(f"{'':<44} {'before':>14} {'after':>14}")
    for part in got["after"][0]:
        before, after = (statistics.median(g[part] for g in got[v]) for v in ("before", "after"))
        print(f"{part:<44} {before / 1000:11.1f} KB {after / 1000:11.1f} KB")


PANEL_PARTS = {"dataframe": "records table (st.dataframe)", "selectbox": "record picker and selects",
               "vega_lite_chart": "two charts (Vega-Lite)", "markdown": "text, legend, charts as HTML", "metric": "totals (kpis)", "number_input": "page number"}


def element_bytes(app: AppTest) -> dict[str, int]:
    """Bytes of the page's element protobufs (what a rerun sends, less framing), by part and in all."""
    sizes = {label: 0 for label in PANEL_PARTS.values()} | {"every element of the page": 0}

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        children = getattr(node, "children", None)
        if children:
            for child in children.values():
                walk(child)
        elif proto is not None:
            size = proto.ByteSize()
            sizes["every element of the page"] += size
            label = PANEL_PARTS.get(node.type)
            if label:
                sizes[label] += size
    walk(app._tree)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="synthetic records (default 1,000,000)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--full", action="store_true", help="the naive search on every row (minutes)")
    args = parser.parse_args()
    logger.set_log_level("error")
    logging.disable(logging.WARNING)  # bare-mode calls warn of a missing script context, at ~1 ms a warning

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work on the machine inflates "
          "every figure; the ratios come from interleaved rounds)")
    demo = demo_dataset()
    header(f"Yên Sơn demo: {len(demo.records):,} records, no filter (bare mode)")
    parts(demo, demo.records, args.rounds * 4)
    page_bytes(args.rounds * 2)

    start = time.perf_counter()
    country = country_dataset(args.rows)
    flt = Filter(fields=("kinh-te", "van-hoa-xa-hoi", "nong-thon-moi"))
    filtered = query(country.records, flt)
    print(f"\n{args.rows:,} synthetic records over {len(country.communes):,} communes "
          f"(made in {time.perf_counter() - start:.0f} s); filter: 3 fields, {len(filtered):,} records")
    header("The parts, bare mode")
    parts(country, filtered, args.rounds)
    print(f"{'query() itself (the pages call it, for scale)':<44} {'':>30} "
          f"{spread([seconds(lambda: query(country.records, flt)) for _ in range(args.rounds)]):>30}")
    table_moments(country, flt, args.rounds)
    unique_texts()
    naive_search(country, filtered, args.full)


if __name__ == "__main__":
    main()
