"""preview() end to end on files shaped like the ones offices keep."""
import pytest

from geo.intake import IntakeError, MESSAGES, preview
from geo.records.keys import natural_key
from geo.records.schema import COLUMNS
from tests.intake import builders
from tests.intake.builders import HEADER, YEAR_2021, YEN_SON

# (sheet, name) -> (field, year, commune_code, kind) as the report workbook means them
EXPECTED = {
    ("2020", "Mô hình trồng bưởi"): ("kinh-te", 2020, "02533", "mo-hinh"),
    ("2020", "Mô hình nuôi ong lấy mật"): ("kinh-te", 2020, "02533", "mo-hinh"),                   # "Doi Binh"
    ("2020", "Mô hình “Dân vận khéo” trong xây dựng NTM"): ("nong-thon-moi", 2020, "02473", "mo-hinh"),  # Thắng Quân
    ("2020", "Điển hình ông Nguyễn Văn A"): ("van-hoa-xa-hoi", 2020, "02473", "dien-hinh"),
    ("2020", "Mô hình tổ tự quản an ninh"): ("quoc-phong-an-ninh", 2020, "02431", "mo-hinh"),       # Quí Quân
    ("Năm 2021", "Mô hình hiến đất làm đường"): ("nong-thon-moi", 2021, "02434", "mo-hinh"),
    ("Năm 2021", "Mô hình chi bộ bốn tốt"): ("he-thong-chinh-tri", 2021, "02473", "mo-hinh"),
    ("Năm 2021", "Mô hình khu dân cư văn hóa"): ("van-hoa-xa-hoi", 2021, "02473", "mo-hinh"),     # serial date
    ("Năm 2021", "Mô hình phòng chống ma túy"): ("quoc-phong-an-ninh", 2021, "02443", "mo-hinh"),
    ("Năm 2021", "Mô hình tiết kiệm"): ("khac", 2021, "02476", "mo-hinh"),
    ("Năm 2021", "Mô hình Chi bộ thôn 5"): ("he-thong-chinh-tri", 2021, "02446", "mo-hinh"),
    ("Năm 2021", "Mô hình nhà văn hóa"): ("van-hoa-xa-hoi", 2021, "02452", "mo-hinh"),
    ("2022", "Mô hình trồng na"): ("kinh-te", 2022, "02434", "mo-hinh"),
    ("2022", "Mô hình thu gom rác"): ("nong-thon-moi", 2022, "02470", "mo-hinh"),
    ("2022", "Mô hình an toàn giao thông"): ("quoc-phong-an-ninh", 2022, "02527", "mo-hinh"),
}


@pytest.fixture(scope="module")
def report():
    return preview(builders.report_workbook(), "bao-cao-dan-van-kheo.xlsx", scope=YEN_SON)


def test_report_workbook_every_sheet_and_header(report):
    assert [(s.name, s.status, s.header_rows, s.year) for s in report.sheets] == [
        ("2020", "used", (6, 7), 2020), ("Năm 2021", "used", (6,), 2021), ("2022", "used", (6,), 2022)]
    two_row = report.sheets[0].mapping
    assert two_row.columns == {"stt": 0, "name": 1, "field": 2, "commune_name": 3, "unit": 4, "year": 5,
                               "description": 6, "result": 7}
    assert two_row.headers[3] == "Địa bàn / Xã/thị trấn"


def test_report_workbook_rows(report):
    got = {(r.sheet, r.values["name"]): (r.values["field"], r.values["year"], r.values["commune_code"],
                                         r.values["kind"]) for r in report.rows}
    assert got == EXPECTED
    for row in report.rows:
        assert tuple(row.values) == COLUMNS
        assert row.values["source"] == "bao-cao-dan-van-kheo.xlsx" and row.values["illustrative"] is False
    by_name = {r.values["name"]: r for r in report.rows}
    assert by_name["Mô hình nuôi ong lấy mật"].values["commune_name"] == "Doi Binh"   # as written
    assert by_name["Mô hình trồng bưởi"].row_number == 9                          # as Excel shows it


def test_report_workbook_statuses(report):
    assert report.counts() == {"ready": 12, "warning": 3, "error": 0}
    for row in report.rows:
        if row.sheet == "2022":      # no year column: the sheet's year, as a warning
            assert [r.key for r in row.reasons] == ["year_from_sheet"]
            assert row.reasons[0].params == {"year": 2022, "sheet": "2022"}


def test_report_workbook_skips_totals_numbering_and_signatures(report):
    assert {(s.sheet, s.key) for s in report.skipped} == {
        (sheet, key) for sheet in ("2020", "Năm 2021", "2022")
        for key in ("skipped_numbering", "skipped_total", "skipped_footer")}
    assert all(s.key in MESSAGES for s in report.skipped)


def _plain_rows():
    rows = [[i + 1, *r] for i, r in enumerate(YEAR_2021)]
    for row in rows:
        if not isinstance(row[5], (str, int)):
            row[5] = 2021
    return [HEADER, *rows]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_in_each_encoding_and_separator(encoding, delimiter):
    data = builders.csv_bytes(_plain_rows(), encoding, delimiter)
    result = preview(data, "danh-sach.csv", scope=YEN_SON)
    assert result.kind == "csv" and result.delimiter == delimiter
    assert result.counts() == {"ready": len(YEAR_2021), "warning": 0, "error": 0}
    assert [r.values["name"] for r in result.rows] == [r[0] for r in YEAR_2021]   # NFC, diacritics intact
    assert {"UTF-8": "utf-8", "UTF-8 (BOM)": "utf-8-sig", "UTF-16": "utf-16",
            "Windows-1258": "cp1258"}[result.encoding] == encoding


def test_cp1258_combining_tone_marks_come_back_composed():
    data = builders.csv_bytes([HEADER, [1, "Mô hình Đội Bình", "Kinh tế", "Xã Đội Bình", "", 2021]], "cp1258")
    assert "\u0323".encode("cp1258") in data            # the tone mark really is a separate byte
    row = preview(data, "x.csv", scope=YEN_SON).rows[0]
    assert row.values["name"] == "Mô hình Đội Bình" and row.values["commune_code"] == "02533"


@pytest.mark.skipif(not builders.iconv_available(), reason="glibc iconv not installed")
def test_old_font_csv_bytes():
    """A CSV written by an old program in TCVN3 bytes: read as 8-bit, converted per cell."""
    rows = [HEADER, [1, "Mô hình trồng bưởi", "Kinh tế", "Xã Đội Bình", "", 2021]]
    text = builders.to_tcvn3(builders.csv_text(rows))
    assert "M« h×nh trång b\xadëi" in text
    result = preview(text.encode("latin-1"), "tcvn3.csv", scope=YEN_SON)
    assert result.encoding == "8-bit (TCVN3/VNI)"
    row = result.rows[0]
    assert row.values["name"] == "Mô hình trồng bưởi" and row.values["field"] == "kinh-te"
    assert row.values["commune_code"] == "02533" and row.status == "warning"
    assert {r.key for r in row.reasons} == {"legacy_encoding_converted"}


def test_xls_with_merged_header_and_dates():
    pytest.importorskip("xlwt")
    rows = [
        ["BÁO CÁO MÔ HÌNH DÂN VẬN KHÉO NĂM 2021"],
        [],
        ["STT", "Tên mô hình", "Lĩnh vực", "Địa bàn", None, "Năm"],
        [None, None, None, "Xã, thị trấn", "Đơn vị", None],
        [1, "Mô hình trồng bưởi", "Kinh tế", "Đội Bình", "UBND xã", builders.datetime(2021, 4, 2)],
        [2, "Mô hình nuôi ong", "KINH TẾ", "Quí Quân", "", 2021.0],
        ["Tổng", None, 2],
    ]
    merges = [(0, 0, 0, 5), (2, 3, 0, 0), (2, 3, 1, 1), (2, 3, 2, 2), (2, 2, 3, 4), (2, 3, 5, 5)]
    result = preview(builders.xls(rows, "2021", merges), "cu.xls", scope=YEN_SON)
    assert result.kind == "xls"
    assert result.sheets[0].header_rows == (3, 4)
    assert [(r.values["name"], r.values["year"], r.values["commune_code"]) for r in result.rows] == [
        ("Mô hình trồng bưởi", 2021, "02533"), ("Mô hình nuôi ong", 2021, "02431")]
    assert result.counts()["ready"] == 2


def test_commune_merged_over_several_model_rows():
    rows = [HEADER, [1, "Mô hình A", "Kinh tế", "Xã Đội Bình", "", 2021],
            [2, "Mô hình B", "Kinh tế", None, "", 2021], [3, "Mô hình C", "Khác", None, "", 2021]]
    data = builders.xlsx({"s": rows}, {"s": ["D2:D4"]})
    assert [r.values["commune_code"] for r in preview(data, "m.xlsx", scope=YEN_SON).rows] == ["02533"] * 3


def test_sections_give_field_and_commune():
    rows = [["STT", "Tên mô hình", "Lĩnh vực", "Xã", "Năm"],
            ["I", "LĨNH VỰC KINH TẾ"], [1, "Mô hình A", None, "Đội Bình", 2021],
            ["II", "Xã Lực Hành"], [2, "Mô hình B", "Khác", None, 2021]]
    result = preview(builders.xlsx({"s": rows}, {"s": ["B2:E2", "B4:E4"]}), "sec.xlsx", scope=YEN_SON)
    a, b = result.rows
    assert (a.values["field"], a.status, [r.key for r in a.reasons]) == ("kinh-te", "warning", ["field_from_section"])
    assert (b.values["commune_code"], [r.key for r in b.reasons]) == ("02434", ["commune_from_section"])
    assert [s.key for s in result.skipped] == ["skipped_section", "skipped_section"]


def test_commune_from_unit_and_code_columns():
    rows = [["Tên mô hình", "Năm", "Lĩnh vực", "Đơn vị thực hiện", "Mã xã", "Xã"],
            ["A", 2021, "Kinh tế", "UBND xã Đội Bình", None, None],
            ["B", 2021, "Kinh tế", "", 2533, None],
            ["C", 2021, "Kinh tế", "", "02533", "Lực Hành"],
            ["D", 2021, "Kinh tế", "Công an huyện Yên Sơn", None, None]]
    a, b, c, d = preview(builders.xlsx({"s": rows}), "u.xlsx", scope=YEN_SON).rows
    assert (a.values["commune_code"], [r.key for r in a.reasons]) == ("02533", ["commune_from_unit"])
    assert (b.values["commune_code"], b.values["commune_name"], b.status) == ("02533", "Xã Đội Bình", "ready")
    assert [r.key for r in c.reasons] == ["commune_mismatch"]
    assert [r.key for r in d.reasons] == ["missing_commune"]


def test_duplicates_in_file_and_against_existing():
    rows = [[1, "Mô hình trồng bưởi", "Kinh tế", "Đội Bình", "", 2021],
            [2, "mô hình  TRỒNG BƯỞI.", "KINH TẾ", "Xã Đội Bình", "", "2021"],   # same model, typed differently
            [3, "Mô hình trồng bưởi", "Kinh tế", "Đội Bình", "", 2022]]           # another year: not a duplicate
    first = preview(builders.simple_xlsx(rows), "d.xlsx", scope=YEN_SON)
    assert [r.status for r in first.rows] == ["ready", "error", "ready"]
    assert first.rows[1].reasons[0].key == "duplicate_in_file"
    assert first.rows[1].reasons[0].params == {"sheet": "Sheet1", "row": 2}
    existing = {r.key for r in first.importable}
    assert natural_key("Mô hình trồng bưởi", "02533", 2021, "kinh-te") in existing
    again = preview(builders.simple_xlsx(rows), "d.xlsx", existing_keys=existing, scope=YEN_SON)
    assert [r.reasons[0].key for r in again.rows] == ["duplicate_existing", "duplicate_existing", "duplicate_existing"]
    assert again.importable == ()


def test_overrides_fix_a_wrong_mapping():
    rows = [["Tên", "Ghi chú", "Năm", "Địa bàn"], ["Mô hình A", "Kinh tế", 2021, "Đội Bình"]]
    data = builders.xlsx({"2021": rows})
    before = preview(data, "o.xlsx", scope=YEN_SON)
    assert before.rows[0].reasons[0].key == "missing_field"
    after = preview(data, "o.xlsx", mapping_overrides={"field": "B"}, scope=YEN_SON)
    assert after.rows[0].status == "ready" and after.rows[0].values["field"] == "kinh-te"
    per_sheet = preview(data, "o.xlsx", mapping_overrides={"2021": {"field": 1}}, scope=YEN_SON)
    assert per_sheet.rows[0].status == "ready"
    forced = preview(builders.xlsx({"s": [["x"], ["Mô hình A", "Kinh tế", 2021, "Đội Bình"]]}), "f.xlsx",
                     mapping_overrides={"header_row": 1, "name": 0, "field": 1, "year": 2, "commune_name": 3},
                     scope=YEN_SON)
    assert forced.rows[0].status == "ready"
    with pytest.raises(IntakeError) as err:
        preview(data, "o.xlsx", mapping_overrides={"name": None}, scope=YEN_SON)
    assert err.value.key == "mapping_without_name"


def test_own_export_reimports_unchanged():
    """The dashboard's records CSV (header = COLUMNS) comes back as the same records."""
    import pandas as pd
    from geo.records.schema import DEFAULT_RECORDS

    result = preview(DEFAULT_RECORDS.read_bytes(), "records.csv", scope=YEN_SON)
    assert result.counts() == {"ready": 915, "warning": 0, "error": 0}
    source = pd.read_csv(DEFAULT_RECORDS, dtype=str, keep_default_na=False)
    got = [(r.values["name"], r.values["field"], str(r.values["year"]), r.values["commune_code"], r.values["kind"])
           for r in result.rows]
    assert got == list(source[["name", "field", "year", "commune_code", "kind"]].itertuples(index=False, name=None))


def test_scope_is_a_parameter():
    from geo.places.registry import CommuneRegistry

    rows = [[1, "Mô hình A", "Kinh tế", "Tân Tiến", "", 2021]]
    data = builders.simple_xlsx(rows)
    assert preview(data, "s.xlsx", scope=YEN_SON).rows[0].values["commune_code"] == "02461"  # Yên Sơn's Tân Tiến
    country = preview(data, "s.xlsx", registry=CommuneRegistry.legacy(), scope=None).rows[0]
    assert country.reasons[0].key == "ambiguous_commune" and "02461" in country.reasons[0].params["candidates"]


def test_the_scope_is_the_callers_choice_never_a_built_in_district():
    """The app and the command line pass Config.scope; by GSO codes or by names, the same communes."""
    data = builders.simple_xlsx([[1, "Mô hình A", "Kinh tế", "Đội Bình", "", 2021]])
    with pytest.raises(TypeError, match="scope"):
        preview(data, "s.xlsx")
    assert preview(data, "s.xlsx", scope=("Tuyên Quang", "Yên Sơn")).rows == preview(data, "s.xlsx",
                                                                                      scope=YEN_SON).rows
    other = preview(data, "s.xlsx", scope=("08", "076")).rows[0]                 # Sơn Dương
    assert [r.key for r in other.reasons] == ["unknown_commune"]
    assert other.reasons[0].params["scope"] == "Huyện Sơn Dương, Tỉnh Tuyên Quang"


def test_every_reason_renders_in_both_languages(report):
    for row in report.rows:
        for reason in row.reasons:
            assert reason.text("vi") and reason.text("en")


def test_repeated_header_kind_column_and_exemplar_sheet():
    rows = [["Tên mô hình", "Loại", "Lĩnh vực", "Xã", "Năm"],
            ["A", "Điển hình", "Kinh tế", "Đội Bình", 2021],
            ["Tên mô hình", "Loại", "Lĩnh vực", "Xã", "Năm"],          # the header again (printed pages)
            ["B", "Mô hình", "Kinh tế", "Đội Bình", 2021], ["C", "?", "Kinh tế", "Đội Bình", 2021]]
    result = preview(builders.xlsx({"s": rows}), "k.xlsx", scope=YEN_SON)
    assert [(r.values["name"], r.values["kind"]) for r in result.rows] == [
        ("A", "dien-hinh"), ("B", "mo-hinh"), ("C", "mo-hinh")]
    assert [r.key for r in result.rows[2].reasons] == ["unknown_kind"] and result.rows[2].status == "warning"
    assert [s.key for s in result.skipped] == ["skipped_header"]
    exemplars = preview(builders.xlsx({"s": [["Tên điển hình", "Lĩnh vực", "Xã", "Năm"],
                                              ["Ông Nguyễn Văn A", "Kinh tế", "Đội Bình", 2021]]}), "e.xlsx",
                         scope=YEN_SON)
    assert exemplars.rows[0].values["kind"] == "dien-hinh"


def test_title_year_ignores_the_signing_date():
    rows = [["HUYỆN ỦY YÊN SƠN", None, "Yên Sơn, ngày 20 tháng 11 năm 2022"],
            ["DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM 2021"],
            ["Tên mô hình", "Lĩnh vực", "Xã"], ["A", "Kinh tế", "Đội Bình"]]
    result = preview(builders.xlsx({"Sheet1": rows}), "t.xlsx", scope=YEN_SON)
    assert result.sheets[0].year == 2021 and result.rows[0].values["year"] == 2021


def test_a_new_numbered_part_inherits_nothing():
    rows = [["STT", "Tên mô hình", "Lĩnh vực", "Xã", "Năm"],
            ["I", "LĨNH VỰC KINH TẾ"], [1, "A", None, "Đội Bình", 2021],
            ["II", "CÁC MÔ HÌNH CẤP HUYỆN"], [2, "B", None, "Đội Bình", 2021]]
    a, b = preview(builders.xlsx({"s": rows}), "p.xlsx", scope=YEN_SON).rows
    assert a.values["field"] == "kinh-te" and [r.key for r in b.reasons] == ["missing_field"]


def test_rows_and_reasons_are_hashable_enough():
    data = builders.simple_xlsx([[1, "A", "Kinh tế", "Đội Bình", "", 2021]])
    row = preview(data, "h.xlsx", scope=YEN_SON).rows[0]
    assert len({row, row}) == 1 and len({*row.reasons}) == len(row.reasons)


def test_a_name_recognised_by_a_former_name_or_another_spelling_says_so():
    """Issue 13: "Xã Thắng Quân" and "xã Quí Quân" were changed without a word; a note (not an error) now
    says what was recognised and why, and the town is written "TT. Yên Sơn", apart from the district."""
    rows = [[1, "Mô hình A", "Kinh tế", "Xã Thắng Quân", "", 2021, "", ""],
            [2, "Mô hình B", "Kinh tế", "TT Yên Sơn", "", 2021, "", ""],
            [3, "Mô hình C", "Kinh tế", "xã Quí Quân", "", 2021, "", ""],
            [4, "Mô hình D", "Kinh tế", "Đội Bình", "", 2021, "", ""]]
    p = preview(builders.simple_xlsx(rows), "x.xlsx", scope=YEN_SON)
    assert [r.status for r in p.rows] == ["ready"] * 4
    assert [[(x.key, x.level) for x in r.reasons] for r in p.rows] == [
        [("commune_former_name", "note")], [], [("commune_recognised", "note")], []]
    assert p.rows[0].reasons[0].text("vi") == ("Tên cũ: Thắng Quân → TT. Yên Sơn từ 01/7/2021 (mã 02473); "
                                               "trong tệp ghi “Xã Thắng Quân”.")
    assert p.rows[2].reasons[0].text("en") == "“xã Quí Quân” was recognised as Xã Quý Quân (code 02431)."
    assert p.places == {"02473": "TT. Yên Sơn", "02431": "Xã Quý Quân", "02533": "Xã Đội Bình"}


def test_a_code_with_a_former_name_beside_it_says_so_too():
    header = ["STT", "Tên mô hình", "Lĩnh vực", "Xã, thị trấn", "Mã xã", "Năm"]
    p = preview(builders.simple_xlsx([[1, "Mô hình A", "Kinh tế", "Thắng Quân", "02473", 2021]], header=header),
                "x.xlsx", scope=YEN_SON)
    assert [r.key for r in p.rows[0].reasons] == ["commune_former_name"] and p.rows[0].status == "ready"
