"""The checked file handed back to a commune (geo/intake/returned.py): its own rows, plus status and "Lý do"."""
import io

import openpyxl

from geo.intake import preview
from geo.intake.returned import returned_name, returned_workbook
from tests.intake import builders
from tests.intake.builders import YEN_SON

LABELS = {"status": "Trạng thái", "reasons": "Lý do", "ready": "Sẵn sàng", "warning": "Cần xem lại",
          "error": "Lỗi – không nhập", "duplicate": "Trùng – bỏ qua", "skipped": "Bỏ qua"}


def returned(data: bytes, name: str = "bao-cao.xlsx", lang: str = "vi"):
    p = preview(data, name, scope=YEN_SON)
    return p, openpyxl.load_workbook(io.BytesIO(returned_workbook(data, p, LABELS, lang)))


def test_every_row_stays_where_the_commune_wrote_it_with_its_status_and_reason():
    data = builders.report_workbook()
    p, wb = returned(data)
    assert wb.sheetnames == ["2020", "Năm 2021", "2022"]
    original = openpyxl.load_workbook(io.BytesIO(data))
    for name in wb.sheetnames:
        ws, before = wb[name], original[name]
        width = before.max_column
        merged = {(r, c) for area in before.merged_cells.ranges for r, c in area.cells}
        for r in range(1, before.max_row + 1):                     # the original columns, cell for cell
            for c in range(1, width + 1):
                if (r, c) not in merged:                           # (a merged area's value fills the area)
                    assert ws.cell(r, c).value == before.cell(r, c).value
        header = p.sheets[wb.sheetnames.index(name)].header_rows[-1]
        assert [ws.cell(header, width + 1).value, ws.cell(header, width + 2).value] == ["Trạng thái", "Lý do"]
    ws = wb["2020"]
    width = original["2020"].max_column
    row = next(r for r in p.rows if r.values["name"] == "Mô hình trồng bưởi")
    assert ws.cell(row.row_number, 2).value == "Mô hình trồng bưởi"
    assert ws.cell(row.row_number, width + 1).value == "Sẵn sàng"
    total = next(s for s in p.skipped if s.sheet == "2020" and s.key == "skipped_total")
    assert (ws.cell(total.row_number, width + 1).value, ws.cell(total.row_number, width + 2).value) == (
        "Bỏ qua", "Dòng tổng cộng")
    by_sheet_year = next(r for r in p.rows if r.sheet == "2022")
    assert "lấy năm 2022" in wb["2022"].cell(by_sheet_year.row_number, original["2022"].max_column + 2).value


def test_the_reason_column_says_why_a_row_was_refused_in_the_page_language():
    rows = [[1, "Mô hình A", "Kinh tế", "Xã Đội Bìn", "", 2021, "", ""],
            [2, "Mô hình B", "Kinh tế", "Xã Thắng Quân", "", 2014, "", ""]]
    p, wb = returned(builders.simple_xlsx(rows))
    ws = wb["Sheet1"]
    assert ws.cell(2, 9).value == "Lỗi – không nhập"
    assert "Tên gần giống: Xã Đội Bình (02533)" in ws.cell(2, 10).value
    assert ws.cell(3, 10).value.split("\n") == [reason.text("vi") for reason in p.rows[1].reasons]
    assert "Tên cũ: Thắng Quân → TT. Yên Sơn" in ws.cell(3, 10).value
    _, english = returned(builders.simple_xlsx(rows), lang="en")
    assert "Closest names" in english["Sheet1"].cell(2, 10).value


def test_text_that_a_spreadsheet_could_run_is_kept_as_text():
    rows = [builders.HEADER, [1, "=HYPERLINK(\"http://x\";\"y\")", "Kinh tế", "Xã Đội Bình", "@cmd", 2021,
                              "a;=1+1", "+84"]]
    _, wb = returned(builders.csv_bytes(rows, "utf-8"), "bao-cao.csv")
    ws = wb.worksheets[0]
    assert [ws.cell(2, c).value for c in (2, 5, 7, 8)] == ["'=HYPERLINK(\"http://x\";\"y\")", "'@cmd", "a;'=1+1", "'+84"]
    assert all(cell.data_type != "f" for cell in ws[2])


def test_a_csv_comes_back_as_a_workbook_named_after_it():
    data = builders.csv_bytes([builders.HEADER[:6], [1, "Mô hình A", "Kinh tế", "Xã Đội Bình", "", 2021]], "utf-8")
    _, wb = returned(data, "bao cao xa.csv")
    assert wb.worksheets[0].cell(2, 2).value == "Mô hình A" and wb.worksheets[0].cell(1, 8).value == "Lý do"
    assert returned_name("bao cao xa.csv") == "bao cao xa-da-kiem-tra.xlsx"
    assert returned_name("") == "tep-da-kiem-tra.xlsx"
