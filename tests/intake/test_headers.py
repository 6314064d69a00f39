"""Header row detection and the column mapping a user can correct."""
import pytest

from geo.intake.headers import ColumnMapping, apply_overrides, column_index, detect_header, letter, match_header
from geo.intake.reasons import IntakeError
from geo.intake.sheets import Sheet


@pytest.mark.parametrize("text, target", [
    ("Tên mô hình", "name"), ("Tên mô hình, điển hình", "name"), ("TÊN MÔ HÌNH/ĐIỂN HÌNH", "name"),
    ("Tên điển hình", "name"), ("Tên mô hình (ghi rõ tên)", "name"), ("Tên mô hình (2)", "name"),
    ("Lĩnh vực", "field"), ("lĩnh  vực", "field"), ("Linh vuc", "field"),
    ("Năm", "year"), ("Năm đăng ký", "year"), ("Năm đăng kí", "year"), ("Năm (5)", "year"),
    ("Xã, thị trấn", "commune_name"), ("Xã/thị trấn", "commune_name"), ("Xã", "commune_name"),
    ("Đơn vị", "unit"), ("Đơn vị thực hiện", "unit"), ("Tên đơn vị", "unit"),
    ("Loại", "kind"), ("Mô tả", "description"), ("Nội dung", "description"), ("Kết quả", "result"),
    ("Kết quả đạt được", "result"), ("Ghi chú", "note"), ("STT", "stt"), ("TT", "stt"),
    ("Mã xã", "commune_code"), ("commune_code", "commune_code"),
    ("Tªn m« h×nh", "name"),                                   # typed in TCVN3
    ("Báo cáo kết quả", None), ("Xã hội hóa", None), ("", None), (None, None),
])
def test_match_header(text, target):
    assert match_header(text)[0] == target


def _sheet(rows):
    return Sheet("s", [(n, list(v)) for n, v in rows])


def test_header_below_a_title_block():
    sheet = _sheet([
        (1, ["UBND HUYỆN YÊN SƠN"]), (2, ["BÁO CÁO MÔ HÌNH DÂN VẬN KHÉO NĂM 2021"] * 5),
        (8, ["STT", "Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Năm"]), (9, [1, "Mô hình A", "Kinh tế", "Đội Bình", 2021]),
    ])
    mapping = detect_header(sheet)
    assert mapping.header_rows == (8,)
    assert mapping.columns == {"stt": 0, "name": 1, "field": 2, "commune_name": 3, "year": 4}


def test_two_row_header_with_a_group_label():
    sheet = _sheet([
        (5, ["STT", "Tên mô hình", "Lĩnh vực", "Địa bàn", "Địa bàn", "Năm"]),
        (6, ["STT", "Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Đơn vị thực hiện", "Năm"]),
        (7, [1, "A", "Kinh tế", "Đội Bình", "UBND", 2021]),
    ])
    mapping = detect_header(sheet)
    assert mapping.header_rows == (5, 6)
    assert mapping.columns["commune_name"] == 3 and mapping.columns["unit"] == 4
    assert mapping.headers[4] == "Địa bàn / Đơn vị thực hiện"


def test_no_header():
    assert detect_header(_sheet([(1, ["a", "b"]), (2, [1, 2])])) is None
    assert detect_header(_sheet([(1, ["Tên mô hình", "Ghi chú"])])) is None   # a name column alone is not enough


def test_forced_header_row():
    sheet = _sheet([(1, ["Tên mô hình", "Lĩnh vực"]), (3, ["Tên", "Năm"])])
    assert detect_header(sheet, header_row=3).columns == {"name": 0, "year": 1}
    with pytest.raises(IntakeError) as err:
        detect_header(sheet, header_row=2)
    assert err.value.key == "bad_mapping_override"


def test_overrides():
    mapping = ColumnMapping({"name": 1, "unit": 2}, {1: "Tên", 2: "Đơn vị"}, (1,))
    assert apply_overrides(mapping, {"commune_name": "C"}).columns == {"name": 1, "commune_name": 2}
    assert apply_overrides(mapping, {"unit": None}).columns == {"name": 1}
    assert apply_overrides(mapping, {"year": 5, "name": "B"}).columns == {"name": 1, "unit": 2, "year": 5}
    assert apply_overrides(mapping, None) is mapping
    for bad in ({"nonsense": 1}, {"name": "ZZZZ"}, {"name": -1}, {"name": 500}, {"name": "Ă"}, {"name": True}):
        with pytest.raises(IntakeError) as err:
            apply_overrides(mapping, bad)
        assert err.value.key == "bad_mapping_override"


@pytest.mark.parametrize("col, text", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")])
def test_letters(col, text):
    assert letter(col) == text
    assert column_index(text) == col
