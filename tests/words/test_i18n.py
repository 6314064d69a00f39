"""Every screen text exists in both languages with the same placeholders."""
import string
from datetime import datetime, timezone

import pytest

from dashboard.words.i18n import STRINGS, Words, moment, number, t
from dashboard.words.boundary import MESSAGES as BOUNDARY
from dashboard.words.staff import MESSAGES as STAFF
from dashboard.words.viewer import MESSAGES as VIEWER
from geo.intake.messages import MESSAGES as INTAKE


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_tables_do_not_share_keys():
    tables = [set(VIEWER), set(INTAKE), set(STAFF), set(BOUNDARY)]
    assert len(STRINGS) == sum(map(len, tables))  # no key defined twice, in any pair of tables


@pytest.mark.parametrize("key", sorted(STRINGS))
def test_both_languages_present_with_same_placeholders(key):
    vi, en = STRINGS[key]
    assert vi and en
    assert placeholders(vi) == placeholders(en)


@pytest.mark.parametrize("value, lang, expected", [
    (1234.5, "vi", "1.234,5"), (1234.5, "en", "1,234.5"), (915, "vi", "915"),
    (12000, "vi", "12.000"), (float("nan"), "vi", "–"), (2.25, "en", "2.2"),
])
def test_numbers_are_written_the_local_way(value, lang, expected):
    assert number(value, lang) == expected


def test_a_parameter_named_key_is_allowed():
    assert "junk" in t("bad_param", "vi", key="junk")


@pytest.mark.parametrize("raw", ["a\r\rb", "a\n\n# x", "x\r\n\r\ny"])
def test_record_text_never_leaves_its_table_cell(raw):
    from dashboard.words.markup import html_cell
    cell = html_cell(raw)
    assert "\n" not in cell and "\r" not in cell


def test_plain_keeps_entities_literal():
    from dashboard.words.markup import plain
    assert plain("&amp;") == "\\&amp;"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_words_are_t_and_number_bound_to_one_language(lang):
    words = Words(lang)
    assert words.lang == lang
    assert words("shown_of", shown="1", total="2") == t("shown_of", lang, shown="1", total="2")
    assert words("legend") == t("legend", lang)
    assert (words.number(1234.5), words.number(2, 1)) == (number(1234.5, lang), number(2, lang, 1))


def test_words_accept_a_parameter_named_key():
    assert "junk" in Words("en")("bad_param", key="junk")


def test_the_viewer_table_is_merged_as_it_is():
    assert all(STRINGS[key] == text for key, text in VIEWER.items())


@pytest.mark.parametrize("when, lang, written", [
    (datetime(2025, 7, 1, 7, 5, tzinfo=timezone.utc), "vi", "01/7/2025 14:05"),  # Vietnam's clock, UTC+7
    (datetime(2025, 2, 8, 20, 30, tzinfo=timezone.utc), "vi", "09/02/2025 03:30"),  # months 1 and 2: a zero
    (datetime(2025, 12, 15, 1, 0, tzinfo=timezone.utc), "vi", "15/12/2025 08:00"),
    (datetime(2025, 7, 1, 7, 5, tzinfo=timezone.utc), "en", "2025-07-01 14:05"),
])
def test_dates_are_written_on_vietnams_clock_the_local_way(when, lang, written):
    assert moment(when, lang) == written == Words(lang).moment(when)
