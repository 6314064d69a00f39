"""Exports (geo/records/export.py) are safe to open in Excel, and the import template imports.

The files are read back the way a person's spreadsheet program would see
them: the CSV as text (BOM, then cells), the workbooks with openpyxl.
"""
import csv
import io

import openpyxl
import pandas as pd
import pytest

from geo.intake import preview
from geo.records.export import (DATA_SHEET, HELP_SHEET, LISTS_SHEET, TEMPLATE_HEADERS, neutralise, records_csv,
                                records_xlsx, template_bytes, template_units)
from geo.records.fields import FIELDS
from geo.records.keys import natural_key
from geo.records.schema import COLUMNS, load_records, validate_records, year_range, year_rule
from tests.intake.builders import YEN_SON

HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
           "\tTab", "\rCR", "＝1+1"]


@pytest.fixture(scope="module")
def demo():
    return load_records()


def records_with(names: list[str], **columns) -> pd.DataFrame:
    """Valid records whose names (and any other text column) are the given strings."""
    rows = [{"id": f"T-{i}", "name": name, "kind": "mo-hinh", "field": "kinh-te", "year": 2021,
             "commune_code": "02533", "commune_name": "Xã Đội Bình", "unit": "", "description": "",
             "result": "", "source": "test", "illustrative": False} | columns for i, name in enumerate(names)]
    return validate_records(pd.DataFrame(rows, columns=list(COLUMNS)))


@pytest.mark.parametrize("value", HOSTILE)
def test_formula_starts_get_a_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Mô hình", "Điển hình: bà A", "2021", "", "a=b", "x-y", 2021, None, True])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_csv_has_bom_schema_header_and_neutralised_cells():
    data = records_csv(records_with(HOSTILE, unit="=1+1", description="-x"))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    body = [dict(zip(COLUMNS, r)) for r in rows[1:]]
    assert [r["name"] for r in body] == ["'" + v for v in HOSTILE]
    assert all(r["unit"] == "'=1+1" and r["description"] == "'-x" for r in body)
    assert body[0]["year"] == "2021" and body[0]["illustrative"] == "False" and body[0]["commune_code"] == "02533"


def test_csv_of_the_demo_records_reads_back_as_the_same_records(demo, tmp_path):
    path = tmp_path / "records.csv"
    path.write_bytes(records_csv(demo))
    again = load_records(path)           # pandas reads the BOM as a BOM, not as part of "id"
    pd.testing.assert_frame_equal(again, demo)


def test_xlsx_never_holds_a_formula():
    data = records_xlsx(records_with(HOSTILE, result="=SUM(1,2)", unit="@x"))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [cell for row in ws.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    names = [ws.cell(r, COLUMNS.index("name") + 1).value for r in range(2, ws.max_row + 1)]
    assert names == ["'" + v.replace("\r", "\n") for v in HOSTILE]   # XML stores a bare CR as LF
    assert ws.cell(2, COLUMNS.index("result") + 1).value == "'=SUM(1,2)"


def test_xlsx_layout_header_frozen_widths_types(demo):
    ws = openpyxl.load_workbook(io.BytesIO(records_xlsx(demo.head(20)))).active
    assert tuple(c.value for c in ws[1]) == COLUMNS
    assert ws.freeze_panes == "A2"
    assert ws.max_row == 21
    assert ws.column_dimensions["B"].width >= 40
    year = ws.cell(2, COLUMNS.index("year") + 1)
    assert isinstance(year.value, int) and year.data_type == "n"
    assert ws.cell(2, COLUMNS.index("commune_code") + 1).value == demo.iloc[0]["commune_code"]  # "02431", not 2431


def test_xlsx_drops_characters_a_workbook_cannot_hold():
    ws = openpyxl.load_workbook(io.BytesIO(records_xlsx(records_with(["Mô hình\x00\x07 A"])))).active
    assert ws["B2"].value == "Mô hình A"


def test_exported_workbook_previews_as_duplicates_of_what_was_exported(demo):
    """The export's header is the schema, which the intake also reads: re-importing it adds nothing."""
    part = demo[demo["year"] == 2022].head(30)
    keys = {natural_key(r.name, r.commune_code, r.year, r.field) for r in part.itertuples()}
    result = preview(records_xlsx(part), "export.xlsx", existing_keys=keys, scope=YEN_SON)
    assert len(result.rows) == 30
    assert {r.key for r in result.rows} == keys
    # notes may say how a name as written was recognised ("Thắng Quân"): nothing else but the duplicate
    assert all([x.key for x in r.reasons if x.level != "note"] == ["duplicate_existing"] for r in result.rows)


# --- the import template ---

@pytest.fixture(scope="module")
def template():
    return openpyxl.load_workbook(io.BytesIO(template_bytes(scope=YEN_SON)))


def test_template_sheets_and_header(template):
    assert template.sheetnames[0] == DATA_SHEET and template.active.title == DATA_SHEET
    assert template[LISTS_SHEET].sheet_state == "hidden"
    assert template[HELP_SHEET].sheet_state == "visible"
    ws = template[DATA_SHEET]
    assert tuple(c.value for c in ws[1]) == TEMPLATE_HEADERS
    assert ws.freeze_panes == "A2"
    assert "Unicode" in "\n".join(str(c.value) for c in template[HELP_SHEET]["A"])


def test_template_lists_are_ranges_of_the_hidden_sheet(template):
    ws, lists = template[DATA_SHEET], template[LISTS_SHEET]
    validations = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}

    def values(dv):
        sheet, ref = dv.formula1.split("!")
        assert sheet == f"'{LISTS_SHEET}'"
        return [c.value for (c,) in lists[ref.replace("$", "")]]

    column = {h: chr(ord("A") + i) for i, h in enumerate(TEMPLATE_HEADERS)}
    assert values(validations[column["Lĩnh vực"]]) == [f.vi for f in FIELDS]
    assert values(validations[column["Loại"]]) == ["Mô hình", "Điển hình"]
    communes = values(validations[column["Xã, phường, thị trấn"]])
    assert len(communes) == 28 and set(communes) == set(template_units(YEN_SON))
    assert {"Xã Đội Bình", "Thị trấn Yên Sơn", "Xã Nhữ Khê"} <= set(communes)
    assert sum(len(c) + 1 for c in communes) > 255       # why the list cannot be a literal
    year = validations[column["Năm"]]
    # the one year rule (geo.records.schema.year_range), the upper bound worked out by Excel when the cell is typed
    assert (year.type, year.operator, year.formula1, year.formula2) == ("whole", "between", "2015", "YEAR(TODAY())")
    assert year_rule("vi") in year.error
    assert all(dv.showErrorMessage for dv in validations.values())


def test_template_communes_are_those_of_the_scope_it_is_given():
    """No district is built in: the drop-down list is the scope's (Config.scope in the app and the CLI)."""
    assert template_units(("Tuyên Quang", "Yên Sơn")) == template_units(YEN_SON)
    other = template_units(("08", "076"))                   # Sơn Dương, the next district
    assert other and not set(other) & set(template_units(YEN_SON))
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(scope=("08", "076"))))
    assert [c.value for (c,) in wb[LISTS_SHEET]["C2:C1000"] if c.value] == other


def test_filled_template_previews_with_every_row_ready():
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(scope=YEN_SON)))
    ws = wb[DATA_SHEET]
    units = template_units(YEN_SON)
    rows = [[i + 1, f"Mô hình thử số {i + 1}", "Điển hình" if i % 3 == 0 else "Mô hình", FIELDS[i % 6].vi,
             2020 + i % 3, units[i % len(units)], "Hội Nông dân", "Mô tả", "Kết quả", "Báo cáo 2022"]
            for i in range(12)]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    result = preview(buf.getvalue(), "mau.xlsx", scope=YEN_SON)
    assert result.counts() == {"ready": 12, "warning": 0, "error": 0}
    assert [s.status for s in result.sheets] == ["used", "hidden", "no_header"]
    got = result.records()
    assert [g["field"] for g in got] == [FIELDS[i % 6].code for i in range(12)]
    assert [g["kind"] for g in got][:2] == ["dien-hinh", "mo-hinh"]
    assert all(g["commune_code"] and len(g["commune_code"]) == 5 for g in got)


# --- Formula triggers after a separator (issue 10, item 12) ------------------------------------

# Cells that a spreadsheet splitting on ";" (Excel with a ";" list separator, as on many European
# Windows), on tabs or on line ends would start with a formula, while our CSV, split on ",", has them
# in the middle of a cell.
HIDDEN = {
    "x;=1+1;y": "x;'=1+1;y",
    "x,=1+1,y": "x,'=1+1,y",
    "x\t=1+1\ty": "x\t'=1+1\ty",
    "a; =HYPERLINK(\"http://evil\")": "a; '=HYPERLINK(\"http://evil\")",
    "a;\"=cmd|' /C calc'!A0": "a;\"'=cmd|' /C calc'!A0",
    "a;+1;-2;@SUM(A1)": "a;'+1;'-2;'@SUM(A1)",
    "x\t\t=1": "x\t\t'=1",
    "dòng 1\n=1+1": "dòng 1\n'=1+1",
    "dòng 1\r\n-2+3": "dòng 1\r\n'-2+3",
    "=1;=2": "'=1;'=2",
    "a;＝1": "a;'＝1",
}
TRIGGERS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")


@pytest.mark.parametrize("value, safe", HIDDEN.items())
def test_formula_starts_after_a_separator_get_a_quote(value, safe):
    assert neutralise(value) == safe


@pytest.mark.parametrize("value", ["Hội Nông dân, Đoàn Thanh niên", "2020-2022; 2023", "a;b", "x, y=1",
                                   "tỉ lệ 5%; tăng", "email: a@b.vn"])
def test_text_with_separators_but_no_formula_is_left_alone(value):
    assert neutralise(value) == value


def cells_seen_with(data: bytes, delimiter: str) -> list[str]:
    """Every cell of the CSV as a spreadsheet splitting on `delimiter` reads it: a quote opens a quoted
    cell only at the cell's start, so a line end inside our ","-quoted cell ends its row."""
    text = data.decode("utf-8-sig")
    return [cell.strip(" \"") for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            for cell in row]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_no_csv_cell_starts_a_formula_whatever_the_separator_excel_splits_on(delimiter):
    data = records_csv(records_with(list(HIDDEN), unit="Hội; =1+1", description="a\n-1+2", result="a\t@x"))
    cells = cells_seen_with(data, delimiter)
    assert [c for c in cells if c.startswith(TRIGGERS)] == []          # before: "=1+1" in a cell of its own
    body = [dict(zip(COLUMNS, r)) for r in list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1:]]
    assert [r["name"] for r in body] == list(HIDDEN.values())
    assert body[0]["unit"] == "Hội; '=1+1" and body[0]["description"] == "a\n'-1+2"


def test_xlsx_text_is_neutralised_the_same_way():
    """A workbook cell is never split, but an office that saves it as CSV ("Save as CSV", ";" or ",")
    hands the text on as it is: the cells carry the same quote as the CSV's."""
    data = records_xlsx(records_with(list(HIDDEN), unit="Hội; =1+1"))
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    names = [ws.cell(r, COLUMNS.index("name") + 1).value for r in range(2, ws.max_row + 1)]
    assert names == [v.replace("\r\n", "\n") for v in HIDDEN.values()]
    assert ws.cell(2, COLUMNS.index("unit") + 1).value == "Hội; '=1+1"
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_year_rule_is_one_rule_stated_the_same_way_everywhere(template):
    """Issue 13: the import said 2015–2026, the template's guide "from 2015", README 2015–2100."""
    from datetime import date

    from tests.intake.builders import simple_xlsx
    from tests.paths import ROOT

    first, last = year_range()
    assert (first, last) == (2015, date.today().year)
    assert year_rule("vi") == "từ 2015 đến năm hiện tại" and year_rule("en") == "from 2015 to the current year"
    guide = "\n".join(str(c.value) for c in template[HELP_SHEET]["A"])
    assert year_rule("vi") in guide
    rows = [[1, "Mô hình A", "Kinh tế", "Xã Đội Bình", "", year, "", ""] for year in (first - 1, last, last + 1)]
    p = preview(simple_xlsx(rows), "x.xlsx", scope=YEN_SON)
    assert [r.status for r in p.rows] == ["error", "ready", "error"]
    for row in (p.rows[0], p.rows[2]):
        assert row.reasons[0].key == "year_out_of_range"
        assert year_rule("vi") in row.reasons[0].text("vi") and year_rule("en") in row.reasons[0].text("en")
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"from 2015 to the current year (“{year_rule('vi')}”)" in readme and "2100" not in readme
