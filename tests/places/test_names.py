"""geo.places.names.sort_key: names listed in Vietnamese dictionary order."""
import pytest

from geo.places.names import sort_key


def test_names_sort_in_vietnamese_dictionary_order():
    """Not code-point order, which puts every "Đ…" after "Yên…"."""
    shuffled = ["Yên Sơn", "Đội Bình", "Phường 10", "Mạ", "Dương", "Ân", "Ma", "Ăn", "Đạo Viện", "Tân Tiến",
                "Mà", "An", "Phường 2", "Má", "Tân An", "Ê Đê", "Mã", "Tân Thành", "Mả", "Tân"]
    assert sorted(shuffled, key=sort_key) == [
        "An", "Ăn", "Ân", "Dương", "Đạo Viện", "Đội Bình", "Ê Đê", "Ma", "Mà", "Mả", "Mã", "Má", "Mạ",
        "Phường 2", "Phường 10", "Tân", "Tân An", "Tân Thành", "Tân Tiến", "Yên Sơn"]


@pytest.mark.parametrize("text", ["Đội Bình", "ĐỘI BÌNH", "\u0110o\u0302\u0323i Bi\u0300nh"])
def test_case_and_nfd_do_not_change_the_order(text):
    assert sort_key(text)[:2] == sort_key("đội bình")[:2]


@pytest.mark.parametrize("text", ["", " ", "a²", "Ｐ５", "x-1", "🙂", "e\u0301\u0301", "\u0306a"])
def test_any_text_has_a_key(text):
    assert sorted([text, "An"], key=sort_key)
