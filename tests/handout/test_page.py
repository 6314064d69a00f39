"""The handout (dashboard/handout): its PDF says the view in words, names every unit and says when it was made;
its PNG fills each unit with the web map's colour for the same link; names are printed, never interpreted;
the QR code is the link's."""
from dataclasses import replace

import numpy as np
import pytest
import segno
from matplotlib.figure import Figure

from dashboard import handout
from dashboard.handout import page
from dashboard.handout.page import PNG_DPI, QR_BORDER
from dashboard.viewer import panels
from dashboard.viewer.choropleth import choropleth
from dashboard.viewer.present import summary
from dashboard.words.i18n import Words
from geo.choropleth.classify import DIM_COLOUR
from tests.handout.helpers import MADE, Drawn, demo_data, pdf_text, unit_colours

LINKS = [
    "field=kinh-te,nong-thon-moi&from=2021&to=2022&commune=02533,02530,02431,02434&metric=per1000",
    "units=2025&selected=02494&lang=en",
    "field=khac&from=2022&to=2022&scheme=equal",
    "units=2025&field=van-hoa-xa-hoi&scheme=natural&metric=per1000&labels=0",
]


@pytest.fixture(scope="module")
def data():
    return demo_data()


@pytest.fixture(scope="module")
def drawn(data):
    made = {}

    def get(query: str) -> Drawn:
        if query not in made:
            made[query] = Drawn(query, data)
        return made[query]
    return get


@pytest.mark.parametrize("query, when", [(LINKS[0], "Lập lúc: 01/7/2025 14:05"),
                                         (LINKS[1], "Made: 2025-07-01 14:05")])
def test_the_pdf_says_the_filter_names_every_unit_and_the_time_it_was_made(drawn, query, when):
    made = drawn(query)
    text, words = made.text, Words(made.view.lang)
    said = summary(words, made.view.filter, panels.commune_names(made.data))
    assert said in text
    for name, approximate in zip(made.data.communes["name"], made.data.communes.get("approximate", [False] * 99)):
        assert (f"{name} *" if approximate else name) in text
    assert when in text and made.link in text.replace(" ", "")
    assert words("app_subtitle", area=words("default_area"), units=words(f"subtitle_units_{made.view.units}")) in text


def test_the_pdf_keeps_the_views_numbers_and_data_note(drawn):
    text = drawn(LINKS[0]).text
    for expected in ("Số mô hình, điển hình 44", "Xã, phường, thị trấn có mô hình 4 / 28", "Chú giải: Số mô hình, điển hình/1.000 dân",
                     "Theo lĩnh vực", "Theo năm", "Đơn vị hành chính cấp xã dẫn đầu",
                     "Lưu ý: 40/44 mô hình, điển hình phù hợp bộ lọc là dữ liệu giả định", "Ngoài bộ lọc xã",
                     "censusVN2009"):
        assert expected in text


@pytest.mark.parametrize("query", LINKS)
def test_each_unit_in_the_png_has_the_colour_of_the_web_maps_class(drawn, query):
    made = drawn(query)
    flt = made.view.filter
    shown = choropleth(made.view, made.data)
    values = dict(zip(shown.values["code"], shown.values[flt.metric]))
    expected = {code: DIM_COLOUR if flt.communes and code not in flt.communes else shown.classes.colour(value)
                for code, value in values.items()}
    assert len(set(expected.values())) >= 3  # a map of several classes, not one colour everywhere
    (placed,) = made.page.maps
    assert unit_colours(placed, made.data.communes, made.image) == expected


def test_a_hostile_unit_or_record_text_is_printed_as_written(data):
    hostile = "<b>Xã $\\alpha$</b> {0} %s"
    communes = data.communes.assign(name=data.communes["name"].where(data.communes["code"] != "02533", hostile))
    records = data.records.assign(source=data.records["source"].where(data.records["commune_code"] != "02533",
                                                                      "=cmd|' /C calc'!A0 $x^2$ <script>"))
    made = Drawn("commune=02533&field=kinh-te", replace(data, communes=communes, records=records))
    text = made.text
    assert hostile in text and "=cmd|' /C calc'!A0 $x^2$ <script>" in text
    assert "α" not in text  # no mathematics


def test_the_qr_code_in_the_png_is_the_links(drawn):
    made = drawn(LINKS[1])
    image, (left, bottom, width, height) = made.image, made.page.qr_box
    modules = np.pad(np.array(segno.make(made.link, error="m").matrix, dtype=int), QR_BORDER)
    rows, columns = image.shape[:2]
    size = len(modules)
    read = np.zeros_like(modules)
    for i in range(size):
        for j in range(size):
            x = (left + (j + 0.5) / size * width) * columns
            y = (1 - bottom - height + (i + 0.5) / size * height) * rows
            read[i, j] = image[int(y), int(x)].mean() < 128
    assert (read == modules).all()
    assert image.shape[:2] == (int(595.28 / 72 * PNG_DPI), int(841.89 / 72 * PNG_DPI))  # A4 landscape


def test_a_link_too_long_for_a_qr_code_prints_cut_short_and_without_a_code_in_seconds(data):
    """A link naming hundreds of communes (review of issue 11): broken by halving, not one character at
    a time (a 1,200-character link took a minute), printed cut short, and no QR code past its capacity."""
    codes = ",".join(sorted(data.communes["code"]))
    made = Drawn("field=kinh-te", data)
    long_link = made.link + "&x=" + (codes + ",") * 40   # ~7,000 characters, more than a QR code holds
    sheet = page.Sheet(Figure(figsize=(8, 6)))
    calls = []
    measure = sheet.width
    sheet.width = lambda *args, **kwargs: calls.append(1) or measure(*args, **kwargs)
    lines = sheet.wrap(long_link, 7, 600)
    assert "".join(lines) == long_link and len(calls) < 40 * len(lines)
    assert page.qr_matrix(long_link) is None
    drawn = handout.make(made.view, data, long_link, MADE)
    flat = "".join(pdf_text(handout.pdf(drawn)).split())  # the extracted text breaks lines and digits apart
    assert long_link[:200] in flat and long_link[:page.LINK_PRINTED - 1] + "…" in flat and long_link not in flat
