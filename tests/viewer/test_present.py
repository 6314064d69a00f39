"""Projector mode (dashboard/viewer/present.py): the view in words, the steps, the page in AppTest."""
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import url
from dashboard.viewer import present
from dashboard.words.i18n import Words
from geo.choropleth.query import Filter
from tests.paths import APP

NAMES = {"02533": "Đội Bình", "02530": "Nhữ Khê"}


@pytest.mark.parametrize("flt, lang, said", [
    (Filter(year_from=2020, year_to=2022), "vi",
     "Lĩnh vực: tất cả · Năm 2020–2022 · Tô màu theo: Số mô hình, điển hình"),
    (Filter(fields=("kinh-te", "nong-thon-moi"), year_from=2021, year_to=2022, communes=("02533", "02530"),
            metric="per1000"), "vi",
     "Lĩnh vực: Kinh tế, Xây dựng nông thôn mới · Năm 2021–2022 · 2 xã được chọn · "
     "Tô màu theo: Số mô hình, điển hình/1.000 dân (dân số năm 2009)"),
    (Filter(year_from=2021, year_to=2021, selected="02533"), "en",
     "Fields: all · Year 2021 · Showing: Đội Bình · Coloured by: Models and exemplars"),
])
def test_the_filter_is_said_in_words(flt, lang, said):
    assert present.summary(Words(lang), flt, NAMES) == said


def test_years_step_from_all_to_the_first_then_on_and_stop_at_the_ends():
    view = url.View(filter=Filter(year_from=2020, year_to=2022), present=True)
    years = (2020, 2022)
    seen = []
    for _ in range(4):
        view = present.stepped(view, years, +1)
        seen.append((view.filter.year_from, view.filter.year_to))
    assert seen == [(2020, 2020), (2021, 2021), (2022, 2022), (2022, 2022)]
    assert present.stepped(view, years, -1).filter.year_from == 2021
    assert present.stepped(url.View(filter=Filter(year_from=2020, year_to=2022)), years, -1).filter.year_to == 2022


def test_fields_step_round_through_all_fields():
    view = url.View(filter=Filter(year_from=2020, year_to=2022), step="field")
    codes = []
    for _ in range(7):
        view = present.stepped(view, (2020, 2022), +1)
        codes.append(view.filter.fields)
    assert codes[0] == ("kinh-te",) and codes[5] == ("khac",) and codes[6] == ()
    back = url.View(filter=Filter(fields=("kinh-te",), year_from=2020, year_to=2022), step="field")
    assert present.stepped(back, (2020, 2022), -1).filter.fields == ()


def run(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def summary_of(at: AppTest) -> str:
    return next(m.value for m in at.markdown if 'class="present-summary"' in m.value)


def test_a_present_link_opens_projector_mode_and_the_buttons_step_as_links():
    at = run(present="1", field="kinh-te")
    assert not at.exception
    head = summary_of(at)
    assert "Lĩnh vực: Kinh tế · Năm 2020–2022" in head
    assert any('data-testid="stSidebar"' in h.value and "display: none" in h.value for h in at.html)
    at.button(key="present_next").click().run()
    assert (at.query_params["from"], at.query_params["to"], at.query_params["present"]) == ("2020", "2020", "1")
    at.button(key="present_next").click().run()
    assert at.query_params["from"] == "2021" and "Năm 2021 ·" in summary_of(at)
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params and at.get("download_button")  # the whole map page again


def test_the_sidebar_button_enters_projector_mode_and_step_field_is_kept_in_the_link():
    at = run(step="field")
    at.button(key="present_enter").click().run()
    assert at.query_params["present"] == "1" and at.query_params["step"] == "field"
    at.button(key="present_next").click().run()
    assert at.query_params["field"] == "kinh-te"


def test_a_bad_present_or_step_value_is_reported_not_raised():
    at = run(present="maybe", step="commune")
    assert not at.exception and "present" not in at.query_params
    assert "“maybe” của “present”" in "\n".join(w.value for w in at.warning)
