"""What the page says above the map about the data (dashboard/app.py _banners)."""
from streamlit.testing.v1 import AppTest


def _uncoded_banner(count: int, names: tuple[str, ...] = ()) -> None:
    import geopandas as gpd
    import pandas as pd

    from dashboard.app import _banners
    from dashboard.words.i18n import Words
    from geo.dataset import Dataset

    records = pd.DataFrame({"commune_code": pd.Series([], dtype=str), "illustrative": pd.Series([], dtype=bool)})
    uncoded = pd.DataFrame({"name": list(names) or [f"Vùng <{i:04d}>" for i in range(count)], "reason": "x"})
    _banners(Words("vi"), Dataset(gpd.GeoDataFrame({"code": []}), None, records, (), uncoded=uncoded))


def _caption(count: int, names: tuple[str, ...] = ()) -> str:
    at = AppTest.from_function(_uncoded_banner, args=(count, names), default_timeout=60)
    at.run()
    assert not at.exception
    return at.caption[0].value.replace("\\", "")  # names are Markdown-escaped (markup.plain)


def test_a_few_uncoded_polygons_are_all_named():
    text = _caption(3)
    assert text.startswith("3 vùng") and "Vùng <0002>" in text and "vùng khác" not in text


def test_many_uncoded_polygons_name_a_dozen_and_point_to_the_full_report():
    text = _caption(1698)
    assert text.startswith("1.698 vùng")
    assert "Vùng <0011>" in text and "Vùng <0012>" not in text
    assert "và 1.686 vùng khác" in text and "areas --report" in text


def test_names_are_listed_in_dictionary_order_without_empty_or_bare_number_ones():
    """The 2009 set has wards named "1", "10" and two polygons with no name: listed first in code-point
    order, they made the list read ", , 1, 1, 10…"."""
    text = _caption(6, ("Yên Thế", "", "10", " 1 ", "Đội Bình", "Ân Thi"))
    assert text.startswith("6 vùng") and ": Ân Thi, Đội Bình, Yên Thế và 3 vùng khác" in text


def _illustrative_banner() -> None:
    import geopandas as gpd
    import pandas as pd

    from dashboard.app import SEED_ARTICLE, _banners
    from dashboard.words.i18n import Words
    from geo.dataset import Dataset

    records = pd.DataFrame({"commune_code": ["02533"] * 6, "illustrative": [True, True, True, False, False, False],
                            "source": ["mẫu"] * 3 + [f"{SEED_ARTICLE} (2022)", "Nhập từ Excel xã", ""]})
    _banners(Words("vi"), Dataset(gpd.GeoDataFrame({"code": []}), None, records, ()))


def test_records_entered_by_staff_are_not_credited_to_the_article():
    at = AppTest.from_function(_illustrative_banner, default_timeout=60)
    at.run()
    text = at.info[0].value
    assert text.startswith("Lưu ý: 3/6 mô hình, điển hình là dữ liệu giả định")
    assert "1 mô hình, điển hình lấy từ bài báo năm 2022" in text and "2 mô hình, điển hình do cán bộ nhập" in text
