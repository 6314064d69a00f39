"""geo.places.labels: a repeated name gets its district, then its province, then its code."""
import unicodedata
from collections import Counter

from geo.places.labels import Labels, choices, distinct_labels, found, places_of, search_keys
from geo.places.registry import legacy_units

PLACES = {"1": ("Đồng Văn", "Hà Giang"), "2": ("Mèo Vạc", "Hà Giang"), "3": ("Đồng Văn", "Hà Giang")}


def test_a_name_that_does_not_repeat_stays_bare():
    assert distinct_labels({"1": "Tả Lủng", "2": "Lũng Cú"}, PLACES.get) == {"1": "Tả Lủng", "2": "Lũng Cú"}


def test_a_repeated_name_takes_only_as_much_place_as_tells_it_apart():
    labels = distinct_labels({"1": "Tả Lủng", "2": "Tả Lủng", "9": "Lũng Cú"}, PLACES.get)
    assert labels == {"1": "Tả Lủng (Đồng Văn)", "2": "Tả Lủng (Mèo Vạc)", "9": "Lũng Cú"}


def test_the_same_name_in_the_same_place_ends_with_its_code():
    labels = distinct_labels({"1": "Phường 1", "3": "Phường 1"}, PLACES.get)
    assert labels == {"1": "Phường 1 (Đồng Văn, Hà Giang, 1)", "3": "Phường 1 (Đồng Văn, Hà Giang, 3)"}


def test_codes_no_list_knows_are_told_apart_by_their_code():
    labels = distinct_labels({"A1": "Xóm Mới", "A2": "Xóm Mới"}, places_of("2020"))
    assert labels == {"A1": "Xóm Mới (A1)", "A2": "Xóm Mới (A2)"}
    assert labels["B7"] == "B7"  # a code it does not hold reads as itself


def test_every_legacy_unit_of_the_country_gets_its_own_label():
    units = legacy_units()
    labels = distinct_labels({u.code: u.name for u in units}, places_of("2020"))
    assert len(set(labels.values())) == len(units) == 10_035
    hanoi = {u.code: labels[u.code] for u in units if u.name == "Minh Khai" and u.province_code == "01"}
    assert hanoi == {"00295": "Minh Khai (Hai Bà Trưng)", "00613": "Minh Khai (Bắc Từ Liêm)",
                     "09838": "Minh Khai (Hoài Đức)"}
    assert Counter(label.count("(") for label in labels.values())[0] > 5_000  # most names stay bare


def test_units_of_2025_are_told_apart_by_their_province():
    labels = distinct_labels({"01": "Tân An", "02": "Tân An"},
                             lambda code: {"01": ("Lâm Đồng",), "02": ("Tây Ninh",)}[code])
    assert labels == {"01": "Tân An (Lâm Đồng)", "02": "Tân An (Tây Ninh)"}
    known = places_of("2025")
    assert known("00097") == ("Hà Nội",)  # Phường Hồng Hà


def test_the_labels_of_a_set_of_units_are_made_once_and_listed_in_label_order():
    """Every records version and as-of moment is a new dataset of the same units: one computation."""
    codes, names = ("00796", "00742", "00001"), ("Tả Lủng", "Tả Lủng", "Phúc Xá")
    labels, ordered = choices(codes, names, "2020")
    assert ordered == ("00001", "00742", "00796") and labels["00796"] == "Tả Lủng (Mèo Vạc)"
    assert choices(tuple(codes), tuple(names), "2020")[0] is labels


def test_a_search_finds_a_name_however_it_is_typed_in_label_order():
    labels = distinct_labels({"00742": "Tả Lủng", "00796": "Tả Lủng", "02533": "Đội Bình", "09999": "Phường 1"},
                             lambda code: {"00742": ("Đồng Văn",), "00796": ("Mèo Vạc",)}.get(code, ()))
    keys, ordered = search_keys(labels), ["02533", "09999", "00742", "00796"]
    for typed in ("ta lung", "Xã Tả Lủng", "TẢ LỦNG", unicodedata.normalize("NFD", "tả lủng")):
        assert found(keys, ordered, typed, 10) == (["00742", "00796"], 2), typed
    assert found(keys, ordered, "lung meo vac", 10) == (["00796"], 1)  # the place in a label counts too
    assert found(keys, ordered, "doi", 10) == (["02533"], 1)
    assert found(keys, ordered, "ta lung", 1) == (["00742"], 2)  # the first `limit`, and how many there are


def test_typing_nothing_or_what_no_unit_is_called_finds_nothing():
    keys = search_keys(Labels({"02533": "Đội Bình"}))
    for typed in ("", "   ", "?!", "zzz"):
        assert found(keys, ["02533"], typed, 10) == ([], 0), typed
