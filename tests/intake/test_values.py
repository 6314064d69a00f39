"""Free-typed cell values -> record values, one rule at a time."""
import unicodedata
from datetime import date, datetime

import pytest

from geo.intake.values import clean_text, commune_in_unit, parse_field, parse_kind, parse_year


@pytest.mark.parametrize("text, code", [
    ("Kinh tế", "kinh-te"), ("KINH TẾ", "kinh-te"), ("kinh te", "kinh-te"), ("Phát triển kinh tế", "kinh-te"),
    ("Lĩnh vực kinh tế", "kinh-te"), ("kinh-te", "kinh-te"), ("Economy", "kinh-te"),
    ("Văn hóa - Xã hội", "van-hoa-xa-hoi"), ("Văn hoá – xã hội", "van-hoa-xa-hoi"), ("VH-XH", "van-hoa-xa-hoi"),
    ("VHXH", "van-hoa-xa-hoi"), ("Văn hóa, xã hội", "van-hoa-xa-hoi"), ("Văn hóa và xã hội", "van-hoa-xa-hoi"),
    ("QP-AN", "quoc-phong-an-ninh"), ("Quốc phòng, an ninh", "quoc-phong-an-ninh"),
    ("Quốc phòng – an ninh", "quoc-phong-an-ninh"), ("An ninh - Quốc phòng", "quoc-phong-an-ninh"),
    ("QP&AN", "quoc-phong-an-ninh"),
    ("Xây dựng NTM", "nong-thon-moi"), ("Nông thôn mới", "nong-thon-moi"), ("XD nông thôn mới", "nong-thon-moi"),
    ("Xây dựng nông thôn mới", "nong-thon-moi"), ("NTM", "nong-thon-moi"),
    ("XD hệ thống chính trị", "he-thong-chinh-tri"), ("Xây dựng HTCT", "he-thong-chinh-tri"),
    ("Xây dựng hệ thống chính trị", "he-thong-chinh-tri"), ("Hệ thống chính trị", "he-thong-chinh-tri"),
    ("Khác", "khac"), ("Lĩnh vực khác", "khac"), ("Các lĩnh vực khác", "khac"), ("KHÁC", "khac"),
    ("I. LĨNH VỰC KINH TẾ", "kinh-te"), (unicodedata.normalize("NFD", "Văn hóa – xã hội"), "van-hoa-xa-hoi"),
    ("Y tế", None), ("abc", None), ("Kinh tế, Văn hóa", None),
])
def test_parse_field(text, code):
    assert parse_field(text) == code


@pytest.mark.parametrize("value, year", [
    (2021, 2021), ("2021", 2021), ("Năm 2021", 2021), ("năm 2021", 2021), (2021.0, 2021), ("2021.0", 2021),
    (datetime(2021, 3, 1), 2021), (date(2020, 12, 31), 2020), (44197, 2021), ("44197", 2021),
    ("12/5/2021", 2021), ("tháng 5/2021", 2021), (" 2021 ", 2021), (2031, 2031), (1899, 1899),
    ("2020-2021", None), ("21", None), ("abc", None), (None, None), (True, None), (2021.5, None), ("", None),
    (float("nan"), None),
])
def test_parse_year(value, year):
    assert parse_year(value) == year


@pytest.mark.parametrize("text, kind", [
    ("Mô hình", "mo-hinh"), ("MÔ HÌNH", "mo-hinh"), ("MH", "mo-hinh"), ("mo-hinh", "mo-hinh"),
    ("Điển hình", "dien-hinh"), ("ĐH", "dien-hinh"), ("dien hinh", "dien-hinh"), ("Gương điển hình", "dien-hinh"),
    ("Tập thể", "dien-hinh"), ("xyz", None),
])
def test_parse_kind(text, kind):
    assert parse_kind(text) == kind


@pytest.mark.parametrize("value, text", [
    ("  Xã   Đội Bình  ", "Xã Đội Bình"), (unicodedata.normalize("NFD", "Đội Bình"), "Đội Bình"),
    ("a\x00b\x07c", "abc"), ("dòng 1\r\ndòng 2", "dòng 1 dòng 2"), (2021.0, "2021"), (2021.5, "2021.5"),
    (datetime(2021, 3, 1), "2021-03-01"), (None, ""), ("<b>x</b>", "<b>x</b>"), ("\u00a0x\u00a0", "x"),
])
def test_clean_text(value, text):
    assert clean_text(value) == text


def test_clean_text_keeps_line_breaks_in_long_text():
    assert clean_text("a  b\r\n  c", single_line=False) == "a b\nc"


@pytest.mark.parametrize("unit, commune", [
    ("UBND xã Đội Bình", "xã Đội Bình"), ("Chi bộ thôn 5, xã Lực Hành", "xã Lực Hành"),
    ("Thị trấn Yên Sơn", "Thị trấn Yên Sơn"), ("Công an huyện Yên Sơn", None), ("Hội Nông dân", None),
])
def test_commune_in_unit(unit, commune):
    assert commune_in_unit(unit) == commune
