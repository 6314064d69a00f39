"""The sidebar's commune list where there are too many units to offer them all (dashboard/viewer/sidebar.py).

The whole country's ~10,000 communes are what it is for; here SEARCH_ABOVE is lowered so that
Yên Sơn's 28 take the same path (AppTest runs the script in this process).
"""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.viewer import sidebar
from tests.paths import APP

DOI_BINH, LUC_HANH = "02533", "02434"


@pytest.fixture
def searched(monkeypatch) -> AppTest:
    monkeypatch.setattr(sidebar, "SEARCH_ABOVE", 10)
    return AppTest.from_file(APP, default_timeout=60).run()


def offered(at: AppTest) -> list[str]:
    return list(at.multiselect(key="w_commune").options)


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def test_the_list_offers_nothing_until_a_name_is_typed_and_says_how_many_there_are(searched):
    assert not searched.exception and offered(searched) == []
    assert "Có 28 đơn vị: gõ tên để chọn" in captions(searched)


def test_a_typed_name_offers_the_units_it_finds_and_one_of_them_is_picked(searched):
    searched.text_input(key=sidebar.SEARCH_KEY).input("xã đội bình").run()
    assert offered(searched) == ["Đội Bình"]
    searched.multiselect(key="w_commune").set_value([DOI_BINH]).run()
    assert searched.query_params["commune"] == DOI_BINH and "Kinh tế" in "\n".join(m.value for m in searched.html)


def test_what_is_chosen_stays_offered_whatever_is_typed_next(searched):
    searched.text_input(key=sidebar.SEARCH_KEY).input("doi binh").run()
    searched.multiselect(key="w_commune").set_value([DOI_BINH]).run()
    searched.text_input(key=sidebar.SEARCH_KEY).input("luc hanh").run()
    assert offered(searched) == ["Đội Bình", "Lực Hành"]
    assert searched.multiselect(key="w_commune").value == [DOI_BINH]
    searched.multiselect(key="w_commune").set_value([DOI_BINH, LUC_HANH]).run()
    assert sorted(searched.query_params["commune"].split(",")) == [LUC_HANH, DOI_BINH]


def test_a_link_with_communes_offers_them_before_any_search(monkeypatch):
    monkeypatch.setattr(sidebar, "SEARCH_ABOVE", 10)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["commune"] = DOI_BINH
    at.run()
    assert offered(at) == ["Đội Bình"] and at.multiselect(key="w_commune").value == [DOI_BINH]


def test_a_name_no_unit_has_says_so_and_many_matches_say_how_many_are_shown(searched, monkeypatch):
    searched.text_input(key=sidebar.SEARCH_KEY).input("zzz").run()
    assert offered(searched) == [] and "Không tìm thấy đơn vị nào có tên này." in captions(searched)
    monkeypatch.setattr(sidebar, "FOUND_AT_MOST", 2)
    searched.text_input(key=sidebar.SEARCH_KEY).input("a").run()  # in most of the 28 names
    assert len(offered(searched)) == 2 and "Hiện 2 trong" in captions(searched)


def test_a_search_longer_than_the_box_takes_is_no_search(searched):
    """The box takes SEARCH_MAX_CHARS; Streamlit reads a longer value, which only a forged message
    can send, as nothing typed."""
    searched.text_input(key=sidebar.SEARCH_KEY).input("đội bình" + " " * 100_000).run()
    assert not searched.exception and offered(searched) == []
    assert searched.text_input(key=sidebar.SEARCH_KEY).value == ""


def test_a_district_offers_every_commune_with_no_search_box():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert len(offered(at)) == 28 and not [t for t in at.text_input if t.key == sidebar.SEARCH_KEY]


def test_reset_clears_the_search_with_the_filter(searched):
    searched.text_input(key=sidebar.SEARCH_KEY).input("doi binh").run()
    searched.multiselect(key="w_commune").set_value([DOI_BINH]).run()
    searched.button(key="reset").click().run()
    assert searched.text_input(key=sidebar.SEARCH_KEY).value == "" and offered(searched) == []
    assert "commune" not in searched.query_params
