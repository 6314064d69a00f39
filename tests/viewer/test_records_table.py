"""The records table sends one page (dashboard/viewer/panels.py): page number, caption, search over
every record, the detail picker over the page; and the parts that keep it cheap for a million
records (table order and search text remembered per frame, counts by bincount) agree with the
plain pandas they replace."""
import gc
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.viewer import panels
from dashboard.words.i18n import Words
from geo.choropleth.aggregate import totals_by
from geo.choropleth.query import Filter, query
from geo.dataset import Dataset
from geo.places.names import normalize
from geo.places.registry import legacy_units
from geo.records.fields import FIELD_CODES
from geo.records.schema import load_records
from tests.paths import APP

NAME = "Tên mô hình, điển hình"
ECONOMY = 185  # demo records of the field kinh-te


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if c.value.startswith(("Hiển thị", "Tìm thấy", "Không", "Showing")))


def names(at: AppTest) -> list[str]:
    return at.dataframe[0].value[NAME].tolist()


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return load_records()


@pytest.fixture(scope="module")
def economy(demo) -> pd.DataFrame:
    """The kinh-te records in the table's order, as the table used to sort all of them."""
    return demo[demo["field"] == "kinh-te"].sort_values(["year", "commune_code", "id"])


@pytest.fixture(scope="module")
def records_page() -> AppTest:
    return run(field="kinh-te", page="records")


# --- the pages in the app --------------------------------------------------------------------

def test_the_map_page_counts_the_records_and_its_button_opens_them_with_the_same_filter(economy):
    """No table under the map (it cost a third of each filter change): the count, and the way to the list."""
    at = run(field="kinh-te", selected="02533")
    assert not at.exception and not at.dataframe
    own = economy[economy["commune_code"] == "02533"]
    button = at.button(key="open_records")
    assert button.label == f"Xem danh sách {len(own)} mô hình, điển hình"
    button.click().run()
    assert not at.exception
    assert (at.query_params["page"], at.query_params["field"], at.query_params["selected"]) == (
        "records", "kinh-te", "02533")
    assert names(at) == own["name"].tolist()
    assert "Mô hình, điển hình của Đội Bình" in [h.value for h in at.subheader]


def test_a_map_page_with_nothing_to_list_says_so_and_offers_no_button():
    at = run(field="kinh-te", **{"from": "2022", "to": "2022"}, selected="02431")  # none there in 2022
    assert not at.exception and not [b for b in at.button if b.key == "open_records"]
    assert "Không có mô hình, điển hình nào phù hợp bộ lọc." in [c.value for c in at.caption]


def test_the_records_page_table_shows_the_first_page_and_says_which_rows(records_page, economy):
    assert not records_page.exception
    assert names(records_page) == economy["name"].tolist()[:100]
    assert caption(records_page) == f"Hiển thị 1–100 trong {ECONOMY} mô hình, điển hình"
    page = records_page.number_input(key="records_table_page")
    assert (page.label, page.value) == ("Trang (1–2)", 1)


def test_the_second_page_shows_the_next_rows_and_the_picker_only_those(economy):
    at = run(field="kinh-te", page="records")
    at.number_input(key="records_table_page").set_value(2).run()
    assert not at.exception
    assert names(at) == economy["name"].tolist()[100:]
    assert caption(at) == f"Hiển thị 101–{ECONOMY} trong {ECONOMY} mô hình, điển hình"
    table = at.dataframe[0].value
    picker = at.selectbox(key="records_table_detail")
    assert picker.options == [f"{r[NAME]} · {r['Xã, phường, thị trấn']} · {r['Năm']}" for _, r in table.iterrows()]
    picker.select_index(19).run()
    detail = next(m.value for m in at.markdown if m.value.startswith('<table class="record-detail">'))
    assert f"<td>{economy['id'].iloc[119]}</td>" in detail


@pytest.mark.parametrize("asked, page, rows", [(999, 2, (101, 185)), (3, 2, (101, 185)), (0, 1, (1, 100)),
                                               (-3, 1, (1, 100))])
def test_a_page_out_of_range_is_clamped_not_an_error(asked, page, rows):
    at = run(field="kinh-te", page="records")
    at.number_input(key="records_table_page").set_value(asked).run()
    assert not at.exception
    assert at.number_input(key="records_table_page").value == page
    assert caption(at) == f"Hiển thị {rows[0]}–{rows[1]} trong {ECONOMY} mô hình, điển hình"
    assert len(at.dataframe[0].value) == rows[1] - rows[0] + 1


def test_a_filter_change_goes_back_to_the_first_page():
    at = run(field="kinh-te", page="records")
    at.number_input(key="records_table_page").set_value(2).run()
    at.multiselect(key="w_field").set_value(["kinh-te", "khac"]).run()
    assert not at.exception
    assert at.number_input(key="records_table_page").value == 1
    assert caption(at).startswith("Hiển thị 1–100 trong ")


def test_search_covers_every_filtered_record_not_only_the_page(economy):
    at = run(field="kinh-te", page="records")
    first_page = set(names(at))
    last = next(r for _, r in economy.iloc[::-1].iterrows() if r["name"] not in first_page)  # on the last page
    at.text_input(key="records_table_search").input(f"{last['name']} {last['unit']}").run()
    assert not at.exception
    assert last["name"] in names(at)
    assert re.fullmatch(rf"Tìm thấy (\d+) trong {ECONOMY} mô hình, điển hình; hiển thị 1(–\d+)?", caption(at))
    at.text_input(key="records_table_search").input("khong co tu nay").run()
    assert caption(at) == f"Không tìm thấy kết quả nào trong {ECONOMY} mô hình, điển hình phù hợp bộ lọc."
    assert names(at) == [] and [s for s in at.selectbox if s.key == "records_table_detail"] == []


def test_one_page_needs_no_page_number():
    at = run(selected="02533", field="khac", page="records")
    assert len(names(at)) <= 100
    assert [n for n in at.number_input if n.key == "records_table_page"] == []
    assert caption(at).startswith("Hiển thị 1")


def test_the_records_page_shows_a_hundred_rows_and_english_words():
    at = run(page="records", lang="en")
    assert not at.exception
    assert len(names_en(at)) == 100
    assert caption(at) == "Showing 1–100 of 915 models and exemplars"
    assert at.number_input(key="records_table_page").label == "Page (1–10)"


def names_en(at: AppTest) -> list[str]:
    return at.dataframe[0].value["Name"].tolist()


# --- the parts, against the plain pandas they replace ----------------------------------------

@pytest.fixture(scope="module")
def data(demo) -> Dataset:
    codes = set(demo["commune_code"].astype(str))
    units = [u for u in legacy_units() if u.code in codes]
    communes = pd.DataFrame({"code": [u.code for u in units], "name": [u.name for u in units]})
    return Dataset(communes, None, demo, ())


def all_pages(base: pd.DataFrame, positions: np.ndarray, size: int) -> list:
    pages = -(-len(positions) // size)
    return [i for p in range(1, pages + 1) for i in base.index[panels.page_positions(base, positions, p, size)]]


@pytest.mark.parametrize("size", [1, 7, 20, 100, 2000])
def test_pages_put_together_are_the_sorted_records(demo, economy, size):
    positions = panels.positions_in(demo, economy.sample(frac=1, random_state=size))
    assert all_pages(demo, positions, size) == economy.index.tolist()
    assert len(panels.page_positions(demo, positions, 99_999, size)) == 0


def test_an_area_of_the_records_keeps_its_labels_and_its_order(demo):
    area = demo[demo["commune_code"].isin(["02533", "02530", "02431"])]  # as an area's dataset holds them
    some = area[area["year"] >= 2021]
    positions = panels.positions_in(area, some)
    assert positions is not None
    assert all_pages(area, positions, 20) == some.sort_values(["year", "commune_code", "id"]).index.tolist()


def test_rows_that_are_not_the_records_are_their_own_table(data, demo):
    other = demo.assign(id=demo["id"] + "-x").iloc[:50]  # same labels, other records
    assert panels.positions_in(demo, other) is None
    base, positions = panels.table_rows(data, other)
    assert base is other and positions.tolist() == list(range(50))
    assert panels.positions_in(demo, demo.iloc[:0]).tolist() == []


def regex_search(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """The search as it was: every row's text folded, then a regex per word."""
    fold = lambda text: normalize(text, keep_prefix=True)  # noqa: E731
    haystack = (table["name"] + " " + table["unit"] + " " + table["description"] + " " + table["commune"]).map(fold)
    keep = pd.Series(True, index=table.index)
    for needle in fold(query).split():
        keep &= haystack.str.contains(rf"(?:^| ){re.escape(needle)}")
    return table[keep]


@pytest.mark.parametrize("query", ["doi binh ong", "ĐỘI  Bình", "nuoi", "ong", "hoi phu nu xa", "thôn 7",
                                   "xa quy quan", "qui", "chè an toàn", "zzz", "a"])
def test_search_finds_what_the_regex_over_every_row_found(data, demo, query):
    table = panels.readable(demo, data, Words("vi"))
    positions = np.arange(len(demo))
    found = positions[panels.matching(demo, data, positions, panels._fold(query).split())]
    assert demo.index[found].tolist() == regex_search(table, query).index.tolist()


def test_a_search_over_many_rows_is_remembered_and_over_few_rows_is_not(data, demo):
    needles = ["ong", "doi"]
    every, few = np.arange(len(demo)), np.flatnonzero(demo["commune_code"] == "02533")
    for positions in (every, few, every[::2]):
        assert panels.found(demo, data, positions, needles).tolist() == \
            panels.matching(demo, data, positions, needles).tolist()
    kept = panels.remember(demo, ("searches", panels._names_key(data)), dict)
    assert list(kept) == [("doi", "ong")]
    for i in range(panels.SEARCHES_KEPT + 3):
        panels.found(demo, data, every, [f"w{i}"])
    assert len(kept) == panels.SEARCHES_KEPT and ("w2",) not in kept and ("w3",) in kept


@pytest.mark.parametrize("text", ["Xã ĐỘI   Bình", "Thuỵ  Hoà, KỲ Sơn; Quí", "thụy huy mỹ lý", "e\u0301 NFD",
                                  "a_b c-d (e) 12", "", "   ", "ß Straße", "Đường <b> & \"x\""])
def test_folding_word_by_word_is_folding_the_whole_text(text):
    assert panels.fold_all([text, text]) == [normalize(text, keep_prefix=True)] * 2


def test_counts_are_the_plain_pandas_ones(economy, demo):
    for frame in (demo, economy, demo.iloc[:0]):
        assert panels.count_by(frame["field"], list(FIELD_CODES)).tolist() == \
            totals_by(frame, "field", list(FIELD_CODES)).tolist()
        years = [2019, 2020, 2022, 2023]
        assert panels.count_by(frame["year"], years).tolist() == totals_by(frame, "year", years).tolist()


def test_what_is_remembered_of_a_frame_goes_with_it():
    built = []
    frame = pd.DataFrame({"a": [1, 2]})
    for _ in range(3):
        assert panels.remember(frame, "k", lambda: built.append(1) or "value") == "value"
    assert built == [1]
    key = id(frame)
    del frame
    gc.collect()
    assert key not in panels._MEMO
    other = pd.DataFrame({"a": [1, 2]})
    panels.remember(other, "k", lambda: built.append(2))
    assert built == [1, 2]  # a new frame, even at the same address, is computed anew


def test_full_rows_of_a_query_over_the_record_keys_are_the_querys_records(data, demo):
    keys = panels.record_keys(data)
    assert list(keys.columns) == list(panels.KEY_COLUMNS)
    flt = Filter(fields=("kinh-te", "khac"), year_from=2021)
    rows = panels.full_rows(data, query(keys, flt))
    expected = query(demo, flt)
    assert rows["id"].tolist() == expected["id"].tolist() and list(rows.columns) == list(demo.columns)
    assert panels.record_keys(data) is keys  # once per records frame


def test_an_areas_records_with_sparse_labels_still_give_full_rows(data, demo):
    """An area's records keep the labels they had among all the store's (a district of a big store:
    labels far apart): the table must still find their full rows (a crash, once)."""
    sparse = demo.set_axis(demo.index * 10_000 + 7)
    area = Dataset(data.communes, None, sparse, ())
    flt = Filter(fields=("kinh-te",))
    rows = panels.full_rows(area, query(panels.record_keys(area), flt))
    assert rows["id"].tolist() == query(demo, flt)["id"].tolist() and "name" in rows
    shown = panels.readable(rows.iloc[:5], area, Words("vi"))
    assert shown["name"].tolist() == rows["name"].iloc[:5].tolist()
