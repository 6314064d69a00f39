"""Counts as bars of HTML (dashboard/viewer/bars.py)."""
import re

from dashboard.viewer.bars import bars_html
from dashboard.words.i18n import Words


def widths(html: str) -> list[float]:
    return [float(w) for w in re.findall(r'width:([\d.]+)%', html)]


def test_rows_keep_the_order_given_with_bars_proportional_to_the_largest_count():
    html = bars_html("Theo lĩnh vực", ["Kinh tế", "Khác", "Văn hóa – xã hội"], [3, 0, 12], Words("vi"), "Số mô hình")
    assert re.findall(r'<th scope="row">(.*?)</th>', html) == ["Kinh tế", "Khác", "Văn hóa – xã hội"]
    assert widths(html) == [25.0, 0.0, 100.0]
    assert "<caption>Theo lĩnh vực <span>(số mô hình)</span></caption>" in html


def test_counts_are_written_the_way_the_language_writes_numbers():
    assert '<td class="count">1.234</td>' in bars_html("t", ["a"], [1234], Words("vi"), "n")
    assert '<td class="count">1,234</td>' in bars_html("t", ["a"], [1234], Words("en"), "n")


def test_no_records_draws_empty_bars_not_a_division_by_zero():
    assert widths(bars_html("t", ["2020", "2021"], [0, 0], Words("vi"), "n")) == [0.0, 0.0]


def test_labels_and_titles_are_escaped():
    html = bars_html('<img src=x onerror="a">', ["<b>x</b>"], [1], Words("vi"), "<i>")
    assert "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
