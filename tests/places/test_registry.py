"""Commune registry: written names -> 5-digit GSO codes, never a guess."""
import unicodedata

import pytest

from geo.places.names import normalize, split_prefix
from geo.places.registry import CommuneRegistry, legacy_units

# Huyện Yên Sơn, Tuyên Quang, 2020-2025: thị trấn Yên Sơn + 27 xã.
YEN_SON = {
    "02431": "Quý Quân", "02434": "Lực Hành", "02437": "Kiến Thiết", "02440": "Trung Minh",
    "02443": "Chiêu Yên", "02446": "Trung Trực", "02449": "Xuân Vân", "02452": "Phúc Ninh",
    "02455": "Hùng Lợi", "02458": "Trung Sơn", "02461": "Tân Tiến", "02464": "Tứ Quận",
    "02467": "Đạo Viện", "02470": "Tân Long", "02473": "Yên Sơn", "02476": "Kim Quan",
    "02479": "Lang Quán", "02482": "Phú Thịnh", "02485": "Công Đa", "02488": "Trung Môn",
    "02491": "Chân Sơn", "02494": "Thái Bình", "02500": "Tiến Bộ", "02506": "Mỹ Bằng",
    "02518": "Hoàng Khai", "02527": "Nhữ Hán", "02530": "Nhữ Khê", "02533": "Đội Bình",
}


@pytest.fixture(scope="module")
def yen_son():
    return CommuneRegistry.legacy(province="Tuyên Quang", district="Yên Sơn")


@pytest.fixture(scope="module")
def country():
    return CommuneRegistry(legacy_units())


@pytest.mark.parametrize("text", [
    "Xã Đội Bình", "đội bình", "DOI BINH", "Doi Binh", "  Đội   Bình ", "xa doi binh",
    unicodedata.normalize("NFD", "Đội Bình"), unicodedata.normalize("NFD", "XÃ ĐỘI BÌNH"),
    "Xã Đội-Bình,",
])
def test_normalize_doi_binh(text):
    assert normalize(text) == "doi binh"


@pytest.mark.parametrize("a, b", [
    ("Quí Quân", "Quý Quân"), ("Kì Anh", "Kỳ Anh"), ("Lí Nhân", "Lý Nhân"), ("Mĩ Bằng", "Mỹ Bằng"),
    ("Hi Cương", "Hy Cương"), ("Thuỵ Hương", "Thụy Hương"), ("Hoá", "Hóa"), ("Hoà", "Hòa"),
])
def test_spelling_variants_share_both_keys(a, b):
    assert normalize(a) == normalize(b)
    assert normalize(a, keep_marks=True) == normalize(b, keep_marks=True)


@pytest.mark.parametrize("text, unit_type, rest", [
    ("TT. Yên Sơn", "Thị trấn", ["yên", "sơn"]),
    ("thị trấn Yên Sơn", "Thị trấn", ["yên", "sơn"]),
    ("P. Tân Hà", "Phường", ["tân", "hà"]),
    ("Phương Mai", None, ["phương", "mai"]),  # a name, not "phường"
    ("Xã", None, ["xã"]),                      # nothing left: not a prefix
])
def test_split_prefix(text, unit_type, rest):
    assert split_prefix(text) == (unit_type, rest)


def test_yen_son_has_the_28_units_of_2020_2025(yen_son):
    assert {u.code: u.name for u in yen_son.units} == YEN_SON
    assert [u.type for u in yen_son.units if u.type != "Xã"] == ["Thị trấn"]
    assert yen_son.by_code["02473"].full_name == "Thị trấn Yên Sơn"


@pytest.mark.parametrize("province, district", [
    ("Tuyên Quang", "Yên Sơn"), ("Tỉnh Tuyên Quang", "Huyện Yên Sơn"), ("08", "075"), (None, "75"),
])
def test_scope_by_name_or_code(province, district):
    assert len(CommuneRegistry.legacy(province=province, district=district).units) == 28


@pytest.mark.parametrize("province, district", [(None, "Châu Thành"), ("Tuyên Quang", "Hà Nội Mới")])
def test_bad_scope_is_an_error(province, district):
    with pytest.raises(ValueError):
        CommuneRegistry.legacy(province=province, district=district)


@pytest.mark.parametrize("query, code", [
    ("Xã Đội Bình", "02533"), ("đội bình", "02533"), ("DOI BINH", "02533"), ("Doi Binh", "02533"),
    (unicodedata.normalize("NFD", "Đội Bình"), "02533"), ("  Đội   Bình ", "02533"),
    ("Đội Bình\t", "02533"), ("02533", "02533"), ("2533", "02533"), (" 02533 ", "02533"),
    ("TT Yên Sơn", "02473"), ("Thị trấn Yên Sơn", "02473"), ("tt. yen son", "02473"),
    ("Thắng Quân", "02473"), ("xã Thắng Quân", "02473"), ("THANG QUAN", "02473"),
    ("Quí Quân", "02431"), ("Quý Quân", "02431"), ("quy quan", "02431"),
    ("Lực Hành", "02434"), ("Mĩ Bằng", "02506"),
])
def test_matched_in_yen_son(yen_son, query, code):
    m = yen_son.resolve(query)
    assert (m.status, m.code, m.query) == ("matched", code, query)
    assert [u.code for u in m.candidates] == [code]


@pytest.mark.parametrize("query", ["Hà Nội Mới", "Doi Bin", "Kim Phú", "Tân Bình", "02497", "99999"])
def test_unknown_in_yen_son(yen_son, query):
    # Kim Phú (02497) and Tân Bình left Yên Sơn for Tuyên Quang city on 2020-01-01.
    m = yen_son.resolve(query)
    assert (m.status, m.code) == ("unknown", None)
    assert len(m.candidates) <= 3


def test_typo_is_only_a_suggestion(yen_son):
    m = yen_son.resolve("Doi Bin")
    assert (m.status, m.code) == ("unknown", None)
    assert "Đội Bình" in [u.name for u in m.candidates]


def test_unknown_name_gets_suggestions(country):
    m = country.resolve("Hà Nội Mới")
    assert (m.status, m.code) == ("unknown", None)
    assert 1 <= len(m.candidates) <= 3


@pytest.mark.parametrize("query", [None, "", "   ", "\t\n", ".", float("nan")])
def test_empty(yen_son, query):
    m = yen_son.resolve(query)
    assert (m.status, m.code, m.candidates) == ("empty", None, ())


@pytest.mark.parametrize("query, province, n", [
    ("Tân Tiến", None, 17), ("Trung Sơn", None, 9), ("Tan Thanh", "Tuyên Quang", 2),
    ("Huong Van", None, 2),  # Hương Vân / Hương Văn, one town: diacritics missing
    ("Xã Yên Sơn", None, 8),  # narrowed (not the thị trấn, not Yến Sơn), still 8
])
def test_ambiguous(country, query, province, n):
    m = country.resolve(query, province=province)
    assert (m.status, m.code) == ("ambiguous", None)
    assert len(m.candidates) == n


@pytest.mark.parametrize("query, province, district, code", [
    ("Tân Tiến", "Tuyên Quang", "Yên Sơn", "02461"),
    ("Trung Sơn", "Tuyên Quang", "Yên Sơn", "02458"),
    ("Tân Thành", "Tuyên Quang", None, "02401"),         # diacritics tell it from Tân Thanh
    ("Tân Thanh", "Tuyên Quang", None, "02590"),
    ("Hương Vân", None, None, "20008"),
    ("Hương Văn", None, None, "20011"),
    ("Thị trấn Yên Sơn", None, None, "02473"),          # the type tells it from 8 xã Yên Sơn
    ("Thắng Quân", None, None, "02473"),
    ("Trung Hoà", "Tuyên Quang", None, "02347"),
    ("Thuỵ Hương", None, None, "10057"),
    ("Phuong Mai", None, None, "00232"),                # "phuong" here is the name, not "phường"
    ("Xa Dung", None, None, "03373"),
])
def test_scope_and_diacritics_disambiguate(country, query, province, district, code):
    m = country.resolve(query, province=province, district=district)
    assert (m.status, m.code) == ("matched", code)


def test_yen_son_names_are_unique_in_scope(yen_son):
    for u in yen_son.units:
        assert yen_son.resolve(u.name).code == u.code
        assert yen_son.resolve(normalize(u.full_name, keep_prefix=True)).code == u.code


def test_resolve_many_keeps_order_and_queries(yen_son):
    names = ["Đội Bình", None, "Thắng Quân", "Doi Bin", "Đội Bình"] * 1000
    got = yen_son.resolve_many(names)
    assert [m.code for m in got[:5]] == ["02533", None, "02473", None, "02533"]
    assert [m.status for m in got[:5]] == ["matched", "empty", "matched", "unknown", "matched"]
    assert len(got) == len(names) and got[0] is got[4]
