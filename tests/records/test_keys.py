"""The one duplicate key (geo.records.keys): what counts as the same model, and what does not."""
import unicodedata

from geo.records.keys import natural_key, record_key


def test_spelling_noise_is_not_a_difference():
    key = natural_key("Mô hình Hòa bình", "02533", 2021, "kinh-te")
    for name in ("MÔ HÌNH  Hoà  bình.", unicodedata.normalize("NFD", "mô hình hòa bình"), " Mô hình, Hòa bình "):
        assert natural_key(name, "02533", 2021, "kinh-te") == key


def test_diacritics_commune_year_and_field_are_differences():
    key = natural_key("Nuôi bò", "02533", 2021, "kinh-te")
    assert natural_key("Nuôi bơ", "02533", 2021, "kinh-te") != key
    assert natural_key("Nuôi bò", "02536", 2021, "kinh-te") != key
    assert natural_key("Nuôi bò", "02533", 2022, "kinh-te") != key
    assert natural_key("Nuôi bò", "02533", 2021, "khac") != key


def test_types_do_not_matter_but_a_missing_part_means_no_key():
    assert natural_key("A", "02533", "2021", "kinh-te") == natural_key("A", "02533", 2021, "kinh-te")
    assert record_key({"name": "A", "commune_code": "02533", "year": 2021, "field": "kinh-te"}) is not None
    assert record_key({"name": "", "commune_code": "02533", "year": 2021, "field": "kinh-te"}) is None
    assert record_key({"name": "A", "commune_code": None, "year": 2021, "field": "kinh-te"}) is None
