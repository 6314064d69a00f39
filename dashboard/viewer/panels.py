"""Panels beside and below the map: totals, charts, the records table and a record's detail, unselecting.

Cheap at any size (issue 9: a rerun of the country's 1,000,000 records in ≤150 ms, ≤15 KB a
filter change for Yên Sơn):

- the table sends one page of rows (20 on the map page, 100 on the records page) with a page
  number when there are more; the search still covers every record the filter gives, and the
  detail picker lists the page's rows;
- only the page's rows are labelled (`readable`);
- what is derived from the cached, read-only records frame is computed once per frame object
  (`remember`), so once per records version: the table order (each row's rank; a page is then
  a linear partition of the matching rows' ranks, not a sort), the search text folded (each
  column's distinct texts, word by word), the last searches' results;
- the map page's totals and charts are sums over the records' Counts (geo.choropleth.aggregate,
  made once per records frame: `unit_counts`), not a pass over the records; the commune
  profile counts its own unit's rows (`count_by`: a bincount of category codes or years).
tests/benchmarks/bench_panels.py measures them against the naive version, at both sizes.
"""
from collections import OrderedDict
from dataclasses import replace
from html import escape
import threading
import weakref

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import streamlit as st

from dashboard import state, url
from dashboard.data import Dataset
from dashboard.viewer.bars import bars_html
from dashboard.words.i18n import Words
from dashboard.words.markup import html_cell, plain
from geo.choropleth.aggregate import Counts, Tally, count
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES, KINDS
from geo.places.names import normalize, words as name_words

TABLE_COLUMNS = ("name", "kind", "field", "year", "commune", "unit", "illustrative")
DETAIL_COLUMNS = ("id", "name", "kind", "field", "year", "commune", "written", "unit",
                  "description", "result", "source", "illustrative")
SORT_COLUMNS = ("year", "commune_code", "id")  # the table's order
KEY_COLUMNS = ("id", "field", "year", "commune_code")  # what counts and charts read (record_keys)
SEARCHED_COLUMNS = ("name", "unit", "description")  # and the commune's name
SEARCHES_KEPT = 16  # searches remembered per records frame (a million records: 1 MB each)
RECORDS_PAGE_SIZE = 100  # rows of the records page's table

_MEMO: dict[int, tuple[weakref.ref, dict]] = {}
_MEMO_LOCK = threading.Lock()


class _Slot:
    """One remembered value, and the lock its first computation holds."""

    def __init__(self):
        self.lock, self.done, self.value = threading.Lock(), False, None


def remember(frame, key, build):
    """`build()` once per (frame object, `key`), for as long as the frame lives.

    The datasets are cached and shared read-only (dashboard/data.py), so what is derived
    from one of their frames (table order, search text, names) holds for every rerun and
    session showing it, and a new records version is a new frame. What `build` returns must
    not refer to the frame (it would never be freed). Sessions asking for the same value
    wait for one computation instead of each doing it; other values do not wait.
    """
    with _MEMO_LOCK:
        entry = _MEMO.get(id(frame))
        if entry is None or entry[0]() is not frame:
            entry = _MEMO[id(frame)] = (weakref.ref(frame, lambda _, k=id(frame): _MEMO.pop(k, None)), {})
        slot = entry[1].setdefault(key, _Slot())
    with slot.lock:
        if not slot.done:
            slot.value, slot.done = build(), True
    return slot.value


def kpis(words: Words, data: Dataset, matching: int, units_with_records: int, selected: str | None) -> None:
    """How many records match, how many units have one, and which unit is selected."""
    columns = st.container(key="kpis").columns(3)  # one row on a phone too (style.css .st-key-kpis)
    for column, (label, value) in zip(columns, kpi_values(words, data, matching, units_with_records, selected,
                                                          name=plain)):
        column.metric(label, value)


def kpi_values(words: Words, data: Dataset, matching: int, units_with_records: int, selected: str | None,
               name=str) -> list[tuple[str, str]]:
    """(label, value) of the three totals of a map (of the selected unit if any: Choropleth.tally.total and
    .units_with_records); `name` writes
    the selected unit's name (a name comes from a file: the page escapes it for Markdown, a printed
    handout draws it as it is). Records of codes off the map count in the first, not the second."""
    names = commune_names(data)
    label = words("kpi_communes_2025" if data.units == "2025" else "kpi_communes")
    return [(words("kpi_models"), words.number(matching)),
            (label, f"{words.number(units_with_records)} / {words.number(len(names))}"),
            (words("kpi_selected"), name(names.get(selected, "")) if selected else words("kpi_none"))]


def _code_counts(values: pd.Series) -> np.ndarray:
    """How many rows of a category column have each category (missing values left out)."""
    codes = values.cat.codes.to_numpy()
    if len(codes) and codes.min() < 0:
        codes = codes[codes >= 0]
    return np.bincount(codes, minlength=len(values.cat.categories))


def count_by(values: pd.Series, index: list) -> np.ndarray:
    """How many of `values` equal each item of `index` (0 when none), as totals_by counts them, in one
    bincount for a category or an integer column (a million records: ~2 ms, not ~6–8 with value_counts)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        by_code = _code_counts(values)
        return pd.Series(by_code, index=values.cat.categories).reindex(index, fill_value=0).to_numpy()
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu" and index \
            and all(isinstance(i, int) for i in index):
        low, high = min(index), max(index)
        array = values.to_numpy()
        if len(array) and (array.min() < low or array.max() > high):
            array = array[(array >= low) & (array <= high)]
        inside = array - low
        by_value = pd.Series(np.bincount(inside, minlength=high - low + 1), index=range(low, high + 1))
        return by_value.reindex(index, fill_value=0).to_numpy()
    return values.value_counts().reindex(index, fill_value=0).to_numpy()


def charts(words: Words, counted: Tally) -> None:
    """Counts by field and by year, with every field and year of the filter shown even when 0."""
    caption = words("metric_count")
    st.html("".join(bars_html(title, labels, counts, words, caption)
                    for title, labels, counts in chart_counts(words, counted)))


def chart_counts(words: Words, counted: Tally) -> list[tuple[str, list[str], np.ndarray]]:
    """(title, labels, counts) of the two charts: by field and by year, every field and year even when 0."""
    return [(words("by_field"), [FIELD_BY_CODE[c].label(words.lang) for c in FIELD_CODES], counted.by_field),
            (words("by_year"), [str(y) for y in counted.years], counted.by_year)]


def commune_names(data: Dataset) -> dict[str, str]:
    """Code → name of the units on the map (built once per commune set: read it, never change it)."""
    communes = data.communes
    return remember(communes, "names", lambda: dict(zip(communes["code"].tolist(), communes["name"].tolist())))


def _names_key(data: Dataset) -> int:
    """A key for what is derived from the units' names (their hash), computed once per commune set."""
    return remember(data.communes, "names_key", lambda: hash(tuple(commune_names(data).items())))


def readable(records: pd.DataFrame, data: Dataset, words: Words) -> pd.DataFrame:
    """Records with labels and commune names instead of codes, columns translated later.

    Meant for the rows shown (a page): values are taken out as lists and looked up in
    Python, which costs less than a pandas operation per column for a page (and mapping a
    column through a dict of the country's 10,000 names builds that dict as a column)."""
    names = commune_names(data)
    kind_index = 0 if words.lang == "vi" else 1
    yes_no = {True: words("yes"), False: words("no")}
    value = {c: records[c].tolist() for c in ("id", "name", "kind", "field", "year", "commune_code",
                                              "commune_name", "unit", "description", "result", "source",
                                              "illustrative")}  # a category's values, not its codes
    return pd.DataFrame({
        "id": value["id"], "name": value["name"],
        "kind": [KINDS[k][kind_index] for k in value["kind"]],
        "field": [FIELD_BY_CODE[str(c)].label(words.lang) for c in value["field"]],
        "year": value["year"],
        "commune": [names.get(str(code), written) for code, written in zip(value["commune_code"],
                                                                           value["commune_name"])],
        "written": value["commune_name"], "unit": value["unit"],
        "description": value["description"], "result": value["result"], "source": value["source"],
        "illustrative": [yes_no[bool(v)] for v in value["illustrative"]],
    }, index=records.index, dtype=object)  # as they are: inferring Arrow string columns costs more


def records_section(words: Words, data: Dataset, records: pd.DataFrame, selected: str | None,
                    key: str, page_size: int = RECORDS_PAGE_SIZE) -> pd.DataFrame:
    """Heading (naming the selected unit, if any), one page of the table and a record's detail;
    returns the page's rows."""
    records_heading(words, data, selected)
    shown = records_table(words, data, records, key=key, page_size=page_size)
    st.markdown(f"**{words('detail')}**")
    detail(words, shown, key=key)
    return shown


def records_heading(words: Words, data: Dataset, selected: str | None) -> None:
    st.subheader(words("records_of", name=plain(commune_names(data)[selected])) if selected
                 else words("records_title"))


def records_link(words: Words, data: Dataset, matching: int, selected: str | None) -> None:
    """Under the map: how many records match, and a button to the records page, which lists them
    with the same filter (and the link says so).

    The table itself is not drawn here. On the map page it was a third of every filter
    change's rerun and 1.2 MB of a first load (Streamlit's table code), for a list that is
    opened on purpose; a leader changing filters is watching the map.
    """
    records_heading(words, data, selected)
    if matching:
        st.button(words("records_open", count=words.number(matching)), key="open_records",
                  icon=":material/table_rows:",
                  on_click=lambda: state.change(replace(state.current(), page="records")))
    else:
        st.caption(words("shown_none"))


def clear_selection_button(words: Words, data: Dataset, selected: str | None) -> None:
    """An "Unselect …" button under a selection: a second click on the map does the same, less visibly."""
    if selected:
        name = plain(commune_names(data)[selected])
        st.button(words("clear_selection", name=name), key="clear_selection",
                  on_click=lambda: state.change(url.with_filter(state.current(), selected=None)))


def profile_button(words: Words, selected: str | None) -> None:
    """Under a selection: open the selected unit's profile page (pages/commune.py)."""
    if selected:
        st.button(words("commune_profile_open"), key="open_profile", icon=":material/description:",
                  on_click=lambda: state.change(replace(state.current(), page="commune")))


def records_table(words: Words, data: Dataset, records: pd.DataFrame, key: str,
                  page_size: int = RECORDS_PAGE_SIZE) -> pd.DataFrame:
    """One page of the searchable table of `records` (the search covers them all), with the page
    number when there is more than one; returns the page's rows, for the detail picker."""
    query = st.text_input(words("search"), key=f"{key}_search")
    base, positions = table_rows(data, records)
    total, needles = len(positions), _fold(query).split()
    scope = (total, int(positions.sum()), tuple(needles))  # a new filter or search starts at page 1
    if needles:
        positions = positions[found(base, data, positions, needles)]
    pages = max(1, -(-len(positions) // page_size))
    page = page_number(f"{key}_page", pages, scope)
    shown = readable(base.iloc[page_positions(base, positions, page, page_size)], data, words)
    first = (page - 1) * page_size + 1
    caption = table_caption(words, (first, first + len(shown) - 1), len(positions), total, bool(needles))
    if pages > 1:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.caption(caption)
        right.number_input(words("table_page", pages=words.number(pages)), min_value=1, step=1,
                           key=f"{key}_page")
    else:
        st.caption(caption)
    # an Arrow table of the page's values, without pandas' metadata (index, dtypes): 4.4 KB, not 5.8
    st.dataframe(pa.table({words(f"col_{c}"): pa.array(shown[c].tolist(), from_pandas=True) for c in TABLE_COLUMNS}),
                 hide_index=True, width="stretch")
    return shown


def table_caption(words: Words, rows: tuple[int, int], matched: int, total: int, searching: bool) -> str:
    """ "Hiển thị 1–20 trong 915 mô hình, điển hình", or what a search found among them."""
    first, last = rows
    shown = words.number(first) if first == last else f"{words.number(first)}–{words.number(last)}"
    if searching:
        if not matched:
            return words("found_none", total=words.number(total))
        return words("found_of", found=words.number(matched), total=words.number(total), shown=shown)
    return words("shown_of", shown=shown, total=words.number(total)) if total else words("shown_none")


def page_number(key: str, pages: int, scope: tuple) -> int:
    """The page the widget `key` asks for, kept within 1..pages, written back before the widget is drawn.

    A value from the browser (typed, stepped past the end, or stale after the rows
    changed) is clamped, never refused: above the last page gives the last page. When
    `scope` (the rows: filter and search) differs from the last run's, it is page 1.
    """
    asked = st.session_state.get(key, 1)
    if st.session_state.get(f"{key}_scope") != scope:
        st.session_state[f"{key}_scope"] = scope
        asked = 1
    try:
        page = min(max(int(asked), 1), pages)
    except (TypeError, ValueError, OverflowError):  # None (an emptied field), NaN, infinity
        page = 1
    if st.session_state.get(key) != page:
        st.session_state[key] = page
    return page


def record_keys(data: Dataset) -> pd.DataFrame:
    """The dataset's records with only the columns the counts read (KEY_COLUMNS), once per frame.

    Pages query these, not the records: a filter then copies four columns, not twelve
    (800,000 of a million records: ~135 ms for all the text, a few ms without it); the
    table takes its page of full rows by position (table_rows).
    """
    records = data.records
    return remember(records, "keys", lambda: records[list(KEY_COLUMNS)])


def unit_counts(data: Dataset) -> Counts:
    """The dataset's records counted per code, field and year, once per frame: each unit's values on
    a filter change are then a slice of it (geo.choropleth.aggregate.unit_values), not a pass over
    every record (a million: ~45 ms a rerun)."""
    records = data.records
    return remember(records, "counts", lambda: count(records))


def full_rows(data: Dataset, records: pd.DataFrame) -> pd.DataFrame:
    """The dataset's full rows (every column) of `records`, which may hold only some (record_keys)."""
    base, positions = table_rows(data, records)
    return base.iloc[np.sort(positions)]


def table_rows(data: Dataset, records: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The frame the table's rows are taken from, and their positions in it.

    `records` as query() gives them are rows of the dataset's records: their order and
    search text are then the dataset's, remembered across reruns. Anything else is its own
    frame (correct, only not remembered).
    """
    positions = positions_in(data.records, records)
    if positions is None:
        return records, np.arange(len(records))
    return data.records, positions


def positions_in(base: pd.DataFrame, records: pd.DataFrame) -> np.ndarray | None:
    """Where the rows of `records` are in `base`, by index label; None when they are not its rows.

    `records` may hold only some of base's columns (record_keys). Labels are looked up in an
    array when they are dense (remembered per frame), else by the index's hash: an area's
    records keep the labels they had in the whole store, however sparse.
    """
    if records is base:
        return np.arange(len(base))
    labels = records.index.to_numpy()
    if labels.dtype.kind not in "iu" or not records.columns.isin(base.columns).all() or "id" not in records:
        return None
    if not len(labels):
        return np.zeros(0, dtype=np.intp)
    lookup = remember(base, "label_positions", lambda: _label_positions(base.index))
    if lookup is not None and 0 <= labels.min() and labels.max() < len(lookup):
        positions = lookup[labels]
    elif base.index.is_unique:
        positions = base.index.get_indexer(labels)
    else:
        return None
    if (positions < 0).any():
        return None
    probe = np.unique([0, len(labels) // 2, len(labels) - 1])  # the same records, not others with these labels
    if records["id"].iloc[probe].tolist() != base["id"].iloc[positions[probe]].tolist():
        return None
    return positions


def _label_positions(index: pd.Index) -> np.ndarray | None:
    """label → position for an index of distinct, non-negative, not too sparse integers (else None)."""
    labels = index.to_numpy()
    if labels.dtype.kind not in "iu" or not index.is_unique:
        return None
    if len(labels) and (labels.min() < 0 or labels.max() > 4 * len(labels) + 1024):
        return None
    kind = np.int32 if len(labels) < 2 ** 31 else np.int64
    lookup = np.full(int(labels.max()) + 1 if len(labels) else 0, -1, dtype=kind)
    lookup[labels] = np.arange(len(labels))
    return lookup


def page_positions(base: pd.DataFrame, positions: np.ndarray, page: int, size: int) -> np.ndarray:
    """Positions in `base` of page `page` (from 1) of the rows at `positions`, in table order.

    Each row's rank in the table order is remembered per frame; a page is the ranks
    partitioned around its two ends (linear), then its own few rows sorted.
    """
    order, rank = remember(base, "order", lambda: table_order(base))
    ranks = rank[positions]
    start, end = (page - 1) * size, min(page * size, len(ranks))
    if end <= start:
        return np.zeros(0, dtype=np.intp)
    if len(ranks) > end - start:
        ranks = np.partition(ranks, (start, end - 1))
    return order[np.sort(ranks[start:end])]


def table_order(records: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Positions of `records` in the table's order (year, commune code, id, as sort_values orders
    them: a category by its categories' order), and each position's rank in it. One Arrow sort:
    about a second for a million records (sort_values: five times that), once per frame."""
    keys = {}
    for column in SORT_COLUMNS:
        values = records[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            keys[column] = values.cat.codes.to_numpy()
        elif pd.api.types.is_numeric_dtype(values.dtype):
            keys[column] = values.to_numpy()
        else:  # text: Arrow compares it as Python does, by code point
            keys[column] = pa.array(values.array, from_pandas=True)
    kind = np.int32 if len(records) < 2 ** 31 else np.int64  # half the memory to go through
    order = pc.sort_indices(pa.table(keys), sort_keys=[(c, "ascending") for c in SORT_COLUMNS])
    order = order.to_numpy().astype(kind)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order), dtype=kind)
    return order, rank


def found(base: pd.DataFrame, data: Dataset, positions: np.ndarray, needles: list[str]) -> np.ndarray:
    """Which rows at `positions` match the search (see `matching`).

    For many rows, the search is run over every row of `base` and remembered (the last
    SEARCHES_KEPT searches per frame): paging through the results, or changing the filter
    with the same search, is then one look-up. A few rows (one commune's) are searched alone.
    """
    if len(positions) * 8 < len(base):
        return matching(base, data, positions, needles)
    kept = remember(base, ("searches", _names_key(data)), OrderedDict)
    key = tuple(sorted(set(needles)))
    with _MEMO_LOCK:
        hits = kept.get(key)
        if hits is not None:
            kept.move_to_end(key)
    if hits is None:
        hits = matching(base, data, np.arange(len(base)), list(key))
        with _MEMO_LOCK:
            kept[key] = hits
            while len(kept) > SEARCHES_KEPT:
                kept.popitem(last=False)
    return hits[positions]


def matching(base: pd.DataFrame, data: Dataset, positions: np.ndarray, needles: list[str]) -> np.ndarray:
    """Which rows at `positions` have words starting with every needle in their name, unit,
    description or commune, accents and case ignored ("doi binh ong" finds bee-keeping in Đội
    Bình, not every "công" or "không").

    A needle has no space, so it matches within one word, thus within one column: each
    column's distinct texts are searched (folded once per frame, see `haystack`), and a row
    matches a needle when one of its columns does. Longer needles first, and each next one
    only among the rows still matching: the rows are gone through about once.
    """
    columns = haystack(base, data)
    alive = np.arange(len(positions))  # indices into positions of the rows matching so far
    for needle in sorted(set(needles), key=len, reverse=True):
        rows = positions[alive] if len(alive) < len(positions) else positions
        matched = np.zeros(len(alive), dtype=bool)
        for codes, folded in columns:
            hits = pc.match_substring(folded, " " + needle).to_numpy(zero_copy_only=False)
            if hits.any():
                matched |= hits[codes[rows]]
        alive = alive[matched]
        if not len(alive):
            break
    keep = np.zeros(len(positions), dtype=bool)
    keep[alive] = True
    return keep


def haystack(base: pd.DataFrame, data: Dataset) -> list[tuple[np.ndarray, pa.Array]]:
    """Per searched column: each row's code into the column's distinct texts, and those texts
    folded (" " + words without accents, so " needle" is a word start). Folded once per frame
    (the commune's names once per frame and commune set), then every search is a lookup."""
    names, names_key = commune_names(data), _names_key(data)
    text = remember(base, "haystack", lambda: [_folded(base[c]) for c in SEARCHED_COLUMNS])
    commune = remember(base, ("haystack_commune", names_key), lambda: _folded(
        base["commune_code"].astype(str).map(names).fillna(base["commune_name"])))
    return [*text, commune]


def _folded(column: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """A column as codes into its distinct texts, folded (one extra "" for a missing value)."""
    codes, distinct = pd.factorize(column)
    codes = np.where(codes < 0, len(distinct), codes).astype(np.int32)  # 4 bytes a row and column
    return codes, pa.array([" " + text for text in fold_all(distinct.tolist())] + [""], type=pa.large_string())


def fold_all(texts) -> list[str]:
    """`_fold` of each text, each distinct word folded once: a million texts share a few thousand
    syllables, and folding word by word (normalize) costs ~10 µs a word."""
    syllables: dict[str, str] = {}

    def syllable(word: str) -> str:
        folded = syllables.get(word)
        if folded is None:
            folded = syllables[word] = _fold(word)
        return folded
    return [" ".join(syllable(word) for word in name_words(text)) for text in texts]


def detail(words: Words, shown: pd.DataFrame, key: str) -> None:
    """A picker over the rows shown (the table's page), then the picked record in full."""
    if shown.empty:
        return
    labels = dict(zip(shown.index, detail_labels(shown)))
    pick = st.selectbox(words("detail_pick"), list(shown.index), key=f"{key}_detail", index=None,
                        placeholder=words("detail_placeholder"), format_func=lambda i: labels.get(i, str(i)),
                        help=words("detail_help"))
    if pick is not None:
        record_table(words, shown.loc[pick])


def detail_labels(shown: pd.DataFrame) -> pd.Series:
    """ "Name · commune · year" per row (blank where a value is missing), from each column's values
    at once: one `.at` lookup per cell cost ~31 ms a rerun for 915 rows."""
    def cells(column: str) -> list[str]:
        return ["" if pd.isna(v) else str(v) for v in shown[column].tolist()]
    return pd.Series([" · ".join(parts) for parts in zip(cells("name"), cells("commune"), cells("year"))],
                     index=shown.index, dtype=object)


def record_table(words: Words, row: pd.Series) -> None:
    """One record, every column, escaped: a record's text is never trusted as HTML."""
    cells = "".join(f"<tr><th>{escape(words(f'col_{c}'))}</th><td>{html_cell(row[c])}</td></tr>"
                    for c in DETAIL_COLUMNS)
    st.markdown(f'<table class="record-detail">{cells}</table>', unsafe_allow_html=True)


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: "Đội  Bình" and "doi binh" find each other."""
    return normalize(text, keep_prefix=True)
