"""The view's records as CSV and Excel for viewers, and its handout, drawn once a minute at most
(dashboard/viewer/downloads.py)."""
import csv
import io
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.viewer import downloads
from dashboard.words.i18n import Words
from geo.choropleth.query import Filter
from geo.records.schema import COLUMNS
from tests.handout.helpers import demo_data, view_of
from tests.paths import APP


@pytest.mark.parametrize("flt, stem", [
    (Filter(year_from=2020, year_to=2022), "mo-hinh_2020-2022"),
    (Filter(fields=("kinh-te",), year_from=2021, year_to=2022), "mo-hinh_kinh-te_2021-2022"),
    (Filter(fields=("kinh-te", "khac"), year_from=2021, year_to=2021, communes=("02533", "02530")),
     "mo-hinh_kinh-te-khac_2021_2-xa"),
    (Filter(year_from=2020, year_to=2022, communes=("02533",), selected="02533"), "mo-hinh_2020-2022_xa-02533"),
])
def test_the_file_name_says_the_view(flt, stem):
    assert downloads.file_stem(flt) == stem


class Recorder:
    """Stands in for streamlit: keeps what each download button was given."""

    def __init__(self):
        self.buttons, self.captions = {}, []

    def columns(self, n):
        return [self] * n

    def download_button(self, label, *, data, file_name, key, **_):
        self.buttons[key] = (label, data, file_name)

    def caption(self, text):
        self.captions.append(text)


@pytest.fixture
def recorder(monkeypatch) -> Recorder:
    fake = Recorder()
    monkeypatch.setattr(downloads, "st", fake)
    return fake


def test_the_files_hold_the_views_records_in_the_export_schema(recorder):
    rows = [{c: "" for c in COLUMNS} | {"id": "a1", "name": "=HYPERLINK(\"x\")", "year": 2021, "illustrative": False}]
    import pandas as pd
    frame = pd.DataFrame(rows)
    made = []
    downloads.buttons(Words("vi"), lambda: made.append(1) or frame, 1, Filter(fields=("kinh-te",), year_from=2021,
                                                                          year_to=2021))
    assert made == []                                     # nothing is written before a button is pressed
    label, data, name = recorder.buttons["download_csv"]
    assert label == "Tải về danh sách (CSV)" and name == "mo-hinh_kinh-te_2021.csv"
    table = list(csv.reader(io.StringIO(data().decode("utf-8-sig"))))
    assert table[0] == list(COLUMNS) and table[1][1] == "'=HYPERLINK(\"x\")"  # a formula stays text
    label, data, name = recorder.buttons["download_xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(data())).active
    assert [c.value for c in sheet[1]] == list(COLUMNS) and sheet["B2"].value == "'=HYPERLINK(\"x\")"


def test_too_many_records_for_a_workbook_offer_the_csv_only(recorder):
    downloads.buttons(Words("en"), lambda: None, downloads.XLSX_ROWS + 1, Filter())
    assert list(recorder.buttons) == ["download_csv"]
    assert "please download the CSV" in recorder.captions[0]


def test_the_map_page_offers_the_filtered_records_and_the_handout_without_sign_in():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["field"] = "kinh-te"
    at.query_params["from"] = "2021"
    at.run()
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Tải bản in (PDF, A4 ngang)", "Tải bản in (ảnh PNG)",
                                                "Tải về danh sách (CSV)", "Tải về danh sách (Excel)"]


def test_the_handout_is_drawn_only_when_its_button_is_pressed(recorder, monkeypatch):
    data = demo_data()
    view, data = view_of("field=kinh-te&from=2021&to=2022", data)
    drawn, draw = [], downloads.handout_file
    monkeypatch.setattr(downloads, "handout_file", lambda *args: drawn.append(args[0]) or draw(*args))
    downloads.handout_buttons(Words("vi"), view, data, "http://dvk.example.vn/?field=kinh-te")
    assert drawn == []
    label, pdf, name = recorder.buttons["handout_pdf"]
    assert (label, name) == ("Tải bản in (PDF, A4 ngang)", "ban-in_mo-hinh_kinh-te_2021-2022.pdf")
    assert pdf().startswith(b"%PDF") and drawn == ["pdf"]
    label, png, name = recorder.buttons["handout_png"]
    assert name == "ban-in_mo-hinh_kinh-te_2021-2022.png" and png().startswith(b"\x89PNG")


class Drawings:
    """Stands in for dashboard.handout's drawing: counts the pages drawn, each taking `seconds`."""

    def __init__(self, monkeypatch, seconds: float = 0.0):
        from dashboard import handout
        self.made = []
        monkeypatch.setattr(handout, "make", lambda view, data, link: self.made.append(link) or time.sleep(seconds)
                            or f"{link} {len(self.made)}")
        monkeypatch.setattr(handout, "pdf", lambda page: f"PDF {page}".encode())
        monkeypatch.setattr(handout, "png", lambda page: f"PNG {page}".encode())
        downloads.drawn.clear()


def test_the_same_handout_asked_again_is_drawn_once_and_another_view_or_data_again(monkeypatch):
    drawings, data = Drawings(monkeypatch), demo_data()
    view, shown = view_of("field=kinh-te&from=2021&to=2022", data)
    link = "http://dvk.example.vn/?field=kinh-te"
    first = downloads.handout_file("pdf", view, shown, link)
    assert downloads.handout_file("pdf", view, shown, link) == first and len(drawings.made) == 1
    other, _ = view_of("field=khac&from=2021&to=2022", data)
    english, _ = view_of("field=kinh-te&from=2021&to=2022&lang=en", data)
    downloads.handout_file("pdf", other, shown, link)
    downloads.handout_file("pdf", english, shown, link)
    downloads.handout_file("png", view, shown, link)
    downloads.handout_file("pdf", view, replace(shown, records=shown.records.copy()), link)  # after an import
    assert len(drawings.made) == 5
    assert downloads.handout_file("pdf", view, shown, link) == first and len(drawings.made) == 5


def test_a_room_asking_for_the_same_handout_at_once_waits_for_one_drawing(monkeypatch):
    drawings, data = Drawings(monkeypatch, seconds=0.3), demo_data()
    view, shown = view_of("from=2022&to=2022", data)
    with ThreadPoolExecutor(8) as pool:
        files = list(pool.map(lambda _: downloads.handout_file("png", view, shown, "http://x/"), range(8)))
    assert len(drawings.made) == 1 and set(files) == {files[0]}
