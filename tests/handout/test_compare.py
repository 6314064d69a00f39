"""The handout of a compare view (?compare=year|field|change): the page's own small maps on paper, each with
its caption and total, one legend, the filter in words, and the charts by field and by year where the maps
leave room; a comparison the page cannot draw prints the one map with the page's notice."""
import base64
import re

import pytest

from dashboard.handout.page import COLUMN_A, COLUMN_B, WIDTH
from dashboard.viewer import compare, panels
from dashboard.viewer.present import summary
from dashboard.words.i18n import Words
from tests.handout.helpers import Drawn, demo_data, unit_colours

YEARS = "compare=year&field=kinh-te,nong-thon-moi&from=2020&to=2022"


@pytest.fixture(scope="module")
def data():
    return demo_data()


@pytest.fixture(scope="module")
def by_year(data):
    return Drawn(YEARS, data)


def web_fills(made: Drawn) -> list[list[str]]:
    """Each small map's fill per unit (frame order) in the SVG images the web page's compare view shows."""
    grid = compare.build(made.view, made.data).grid
    images = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', grid)
    return [re.findall(r'<path d="[^"]+" fill="([^"]+)"', base64.b64decode(image).decode()) for image in images]


def test_the_pdf_holds_every_years_caption_and_total_the_filter_and_the_legend(by_year):
    text, words, records = by_year.text, Words("vi"), by_year.data.records
    assert summary(words, by_year.view.filter, panels.commune_names(by_year.data)) in text
    chosen = records[records["field"].isin(["kinh-te", "nong-thon-moi"])]
    for year in (2020, 2021, 2022):
        total = int((chosen["year"] == year).sum())
        assert total > 0 and f"Năm {year} · {total} mô hình, điển hình" in text
    assert "Chú giải: Số mô hình, điển hình" in text and "Lập lúc: 01/7/2025 14:05" in text
    assert by_year.link in text.replace(" ", "") and "Đơn vị hành chính cấp xã dẫn đầu" not in text
    assert len(by_year.page.maps) == 3


def test_each_unit_of_two_small_maps_in_the_png_has_the_colour_the_web_compare_view_gives_it(by_year):
    fills, image, communes = web_fills(by_year), by_year.image, by_year.data.communes
    assert len(fills) == 3 and all(len(one) == len(communes) for one in fills)
    for at in (0, 2):  # the first map (with the scale bar and north arrow) and the last
        expected = dict(zip(communes["code"], fills[at]))
        assert len(set(expected.values())) >= 3  # several classes, not one colour everywhere
        assert unit_colours(by_year.page.maps[at], communes, image, named=False) == expected
    assert fills[0] != fills[2]  # the years differ: a page printing one map thrice would fail above


def test_a_change_the_page_cannot_draw_prints_the_one_map_and_the_pages_notice(data):
    made = Drawn("compare=change&from=2021&to=2021", data)
    text = made.text
    assert "Vui lòng chọn khoảng năm có năm đầu khác năm cuối để so sánh tăng, giảm." in text
    assert len(made.page.maps) == 1 and all(name in text for name in made.data.communes["name"])


def test_three_years_in_a_row_leave_a_band_under_them_for_the_charts_by_field_and_by_year(by_year):
    maps, charts = [m.box for m in by_year.page.maps], by_year.page.charts
    assert len(charts) == 2 and "Theo lĩnh vực" in by_year.text and "Theo năm" in by_year.text
    under = min(bottom for _, bottom, _, _ in maps)
    for left, bottom, width, height in charts:  # under the maps, side by side in their room
        assert bottom + height < under and left >= maps[0][0] and left + width <= maps[-1][0] + maps[-1][2] + 0.01
    assert charts[0][0] + charts[0][2] < charts[1][0]  # in one row: their tops level
    assert charts[0][1] + charts[0][3] == pytest.approx(charts[1][1] + charts[1][3])
    foot = by_year.page.qr_box[1] + by_year.page.qr_box[3]
    assert all(bottom > foot for _, bottom, _, _ in charts)  # clear of the foot


def test_one_map_of_change_prints_the_charts_beside_it_as_the_one_maps_page_does(data):
    page = Drawn("compare=change&from=2020&to=2022", data).page
    (map_left, _, map_width, _), = [m.box for m in page.maps]
    assert len(page.charts) == 2 and all(left >= COLUMN_B[0] / WIDTH for left, _, _, _ in page.charts)
    assert map_left + map_width <= COLUMN_A[0] / WIDTH


def test_two_years_that_fill_the_page_leave_the_charts_out(data):
    made = Drawn("compare=year&from=2021&to=2022", data)
    assert len(made.page.maps) == 2 and made.page.charts == [] and "Theo lĩnh vực" not in made.text
