"""The area under the title: from 01/7/2025 no district exists, so the 2025 view names it former."""
import pytest

from dashboard.data import Dataset
from dashboard.viewer.heading import area_title
from dashboard.words.i18n import Words


def dataset(title: str, units: str) -> Dataset:
    return Dataset(communes=None, context=None, records=None, unmatched=(), units=units, title=title)


@pytest.mark.parametrize("title, units, lang, said", [
    ("", "2020", "vi", "Huyện Yên Sơn, tỉnh Tuyên Quang"),
    ("", "2025", "vi", "Huyện Yên Sơn (cũ), tỉnh Tuyên Quang"),
    ("", "2025", "en", "Former Yên Sơn district, Tuyên Quang province"),
    ("Huyện Sơn Dương, tỉnh Tuyên Quang", "2020", "vi", "Huyện Sơn Dương, tỉnh Tuyên Quang"),
    ("Huyện Sơn Dương, tỉnh Tuyên Quang", "2025", "vi", "Huyện Sơn Dương (cũ), tỉnh Tuyên Quang"),
    ("Thành phố Tuyên Quang, tỉnh Tuyên Quang", "2025", "en", "Thành phố Tuyên Quang (former), tỉnh Tuyên Quang"),
    ("Tỉnh Tuyên Quang", "2025", "vi", "Tỉnh Tuyên Quang"),    # a province is not a district
    ("Việt Nam", "2025", "vi", "Việt Nam"),
])
def test_the_2025_view_names_the_district_as_former(title, units, lang, said):
    assert area_title(dataset(title, units), Words(lang)) == said
