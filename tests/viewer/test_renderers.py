"""The viewer's parts are handed what they use (words bound to a language, the filter's values), and the
legend rows computed in geo.choropleth.legend are drawn here as HTML."""
import inspect

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.viewer import map_view, panels, profile, share, sidebar
from dashboard.words import i18n
from dashboard.words.i18n import Words
from geo.choropleth.legend import Item
from tests.paths import APP

RENDERERS = [panels.kpis, panels.charts, panels.records_section, panels.clear_selection_button,
             panels.records_table, panels.detail, panels.readable, map_view.render, map_view.legend,
             profile.render, profile.member_note, sidebar._filters, sidebar._units, sidebar._area,
             sidebar._map_options, share.render, share.box_html, panels.record_table]


@pytest.mark.parametrize("function", RENDERERS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_renderers_take_words_not_the_view(function):
    parameters = inspect.signature(function).parameters
    assert "words" in parameters and parameters["words"].annotation is Words
    assert "view" not in parameters and "lang" not in parameters


def html(row: Item, lang: str = "vi") -> str:
    return map_view.legend_html(Words(lang), "count", [row])


@pytest.mark.parametrize("row, lang, label", [
    (Item("class", "#ffffcc", 1000, 2000.5, 1), "vi", "1.000,0 – 2.000,5"),
    (Item("class", "#ffffcc", 1000, 2000.5, 1), "en", "1,000.0 – 2,000.5"),
    (Item("class", "#253494", 112, None, 0), "vi", "112"),
])
def test_a_class_is_its_numbers_written_the_local_way(row, lang, label):
    assert f'<span class="swatch" style="background:{row.colour}"></span>{label}</div>' in html(row, lang)


def test_rows_of_words_are_translated_and_styled_by_kind():
    assert '<span class="swatch" style="background:#ffffff"></span>0 – no models match the filters' in html(Item("zero", "#ffffff"), "en")
    assert '<span class="swatch dim" style="background:#f4f4f2"></span>Ngoài bộ lọc xã' in html(Item("dim", "#f4f4f2"))
    assert '<span class="swatch uncoded" style="background:#e3d9c6">' in html(Item("uncoded", "#e3d9c6"))
    assert ('<div class="legend-row legend-approximate"><span class="swatch approximate"></span>* Ranh giới'
            in html(Item("approximate")))
    assert html(Item("empty")).endswith("</b><div>Không có mô hình, điển hình nào phù hợp bộ lọc.</div></div>")


@pytest.mark.parametrize("lang, note", [
    ("vi", "Ngưỡng ngắt tự nhiên tính trên mẫu cố định 500 trong 11.163 giá trị"),
    ("en", "Natural breaks computed from a fixed sample of 500 of the 11,163 values"),
])
def test_sampled_breaks_are_a_note_in_the_legend(lang, note):
    assert f'<div class="legend-note">{note}' in html(Item("sampled", None, 500, 11163), lang)


@pytest.mark.parametrize("lang, said", [
    ("vi", "khi có hơn 2.000 giá trị, các ngưỡng được tính trên một mẫu cố định 1.000 giá trị"),
    ("en", "with more than 2,000 values the breaks are computed from a fixed sample of 1,000 of them"),
])
def test_the_classification_help_says_when_natural_breaks_are_sampled(lang, said):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    assert said in at.run().selectbox(key="w_scheme").help


def test_the_heading_names_the_metric_and_words_are_escaped(monkeypatch):
    monkeypatch.setitem(i18n.STRINGS, "legend_dim", ("<b>x</b>", "<b>x</b>"))
    text = map_view.legend_html(Words("en"), "per1000", [Item("dim")])
    assert text.startswith('<div class="legend"><b>Legend: Models and exemplars per 1,000 residents')
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text
