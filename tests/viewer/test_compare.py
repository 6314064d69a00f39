"""The compare view on the map page and in projector mode (dashboard/viewer/compare.py), in AppTest, and its
legend drawn straight from a view."""
import base64
import re

from streamlit.testing.v1 import AppTest

from dashboard.viewer import compare
from tests.handout.helpers import demo_data, view_of
from tests.paths import APP

DEMO_BY_YEAR = {2020: 275, 2021: 302, 2022: 338}


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def grid(at: AppTest) -> str:
    return next(h.proto.body for h in at.get("html") if "compare-grid" in h.proto.body)


def figures(at: AppTest) -> list[tuple[str, str]]:
    """(caption, decoded SVG) of every small map on the page."""
    found = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"><figcaption>([^<]*)</figcaption>', grid(at))
    return [(caption, base64.b64decode(data).decode()) for data, caption in found]


def test_year_by_year_draws_one_small_map_per_year_with_its_total_and_one_legend():
    at = run(compare="year")
    assert not at.exception
    shown = figures(at)
    assert [caption for caption, _ in shown] == [f"Năm {y} · {n} mô hình, điển hình" for y, n in DEMO_BY_YEAR.items()]
    assert all(svg.count("<path") == 28 for _, svg in shown)
    assert at.query_params["compare"] == "year"
    legend = next(m.value for m in at.html if 'class="legend"' in m.value)
    fills = {fill for _, svg in shown for fill in re.findall(r'fill="(#[0-9a-f]{6})"', svg)}
    swatches = set(re.findall(r"background:(#[0-9a-f]{6})", legend))
    assert fills <= swatches | {"#ffffff"}   # one set of classes for every year


def test_field_by_field_follows_the_field_filter():
    shown = figures(run(compare="field", field="kinh-te,nong-thon-moi"))
    assert [caption for caption, _ in shown] == ["Kinh tế · 185 mô hình, điển hình",
                                                "Xây dựng nông thôn mới · 236 mô hình, điển hình"]


def test_the_change_view_says_up_and_down_and_needs_two_years():
    at = run(compare="change")
    (caption, svg), = figures(at)
    assert caption == f"Năm 2022 so với năm 2020 · tổng +{DEMO_BY_YEAR[2022] - DEMO_BY_YEAR[2020]} mô hình, điển hình"
    legend = next(m.value for m in at.html if "Tăng, giảm" in m.value)
    assert "Tăng" in legend and "Giảm" in legend and "Không đổi" in legend
    # one map: the note under it says what its colours mean, not that small maps share a legend
    assert [c.value for c in at.caption if "năm 2020" in c.value] == [
        "Màu xanh là tăng, màu đỏ là giảm so với năm 2020, ở từng đơn vị hành chính cấp xã."]
    assert not any("dùng chung một chú giải" in c.value for c in at.caption)
    one_year = run(compare="change", **{"from": "2021", "to": "2021"})
    assert any("năm đầu khác năm cuối" in i.value for i in one_year.info)


def test_the_compare_choice_is_in_the_sidebar_and_the_link():
    at = run()
    at.selectbox(key="w_compare").set_value("field").run()
    assert at.query_params["compare"] == "field"
    assert len(figures(at)) == 6
    at.selectbox(key="w_compare").set_value("").run()
    assert "compare" not in at.query_params
    assert not any("compare-grid" in h.proto.body for h in at.get("html"))


def test_a_wrong_compare_value_is_dropped_with_a_notice():
    at = run(compare="<b>x</b>")
    assert not at.exception
    assert "compare" not in at.query_params
    assert any("compare" in w.value for w in at.warning)


def test_projector_mode_shows_the_small_maps_too():
    at = run(compare="year", present="1")
    assert len(figures(at)) == 3
    assert at.button(key="present_next")


def test_an_area_with_too_many_units_asks_for_a_smaller_one(monkeypatch):
    """The whole country's small maps would be megabytes on every rerun (review of issue 11): above
    compare.UP_TO units the page says so instead (lowered here under Yên Sơn's 28)."""
    monkeypatch.setattr(compare, "UP_TO", 20)
    at = run(compare="field")
    assert not at.exception
    assert not any("compare-grid" in h.proto.body for h in at.get("html"))
    assert any("quá nhiều đơn vị để so sánh" in i.value for i in at.info)


def test_the_change_legend_explains_the_units_outside_the_commune_filter():
    data = demo_data()
    legend = compare.build(*view_of("compare=change&commune=02533,02530", data)).legend
    assert 'class="swatch dim"' in legend and "Ngoài bộ lọc xã" in legend
    assert "Ngoài bộ lọc xã" not in compare.build(*view_of("compare=change", data)).legend
