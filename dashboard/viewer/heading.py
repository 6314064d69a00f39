"""The area a page is about, named as the 2020 or the 2025 view must name it.

From 01/7/2025 no district exists: in the 2025 view the district a map shows
is named as the former one ("Huyện Yên Sơn (cũ), tỉnh Tuyên Quang"), never as
if it still existed. The subtitle and the projector's head both say it.
"""
from dashboard.data import Dataset
from dashboard.words.i18n import Words


def area_title(data: Dataset, words: Words) -> str:
    """The area's name, unescaped: the deployment's own district, or an area of the national set.

    A national area's title is "district, province" when it is a district
    (geo.boundaries.national._title), so the part before the first comma is the district.
    """
    if not data.title:
        return words("default_area_2025" if data.units == "2025" else "default_area")
    district, comma, province = data.title.partition(", ")
    if data.units != "2025" or not comma:
        return data.title
    return words("former_district", district=district) + comma + province
