"""Projector mode (`?present=1`): the map large, and the view said in words the back of the room reads.

No sidebar, no Streamlit chrome: CSS hides them (their widgets still run, so leaving the mode
finds every choice as it was). A presentation clicker sends the arrow keys: left and right step
through the years, or through the fields with `step=field`. A few lines of script in the page
turn those keys into clicks on the two step buttons, so each step is an ordinary change of the
view - and, like every view, a link (state.publish writes it to the address bar).
"""
from dataclasses import replace
from html import escape

import streamlit as st

from dashboard import state, url
from dashboard.data import Dataset
from dashboard.viewer import panels
from dashboard.viewer.choropleth import choropleth
from dashboard.viewer.heading import area_title
from dashboard.viewer.pages.map import maps
from dashboard.words.i18n import Words
from geo.choropleth.query import Filter
from geo.records.fields import FIELD_BY_CODE, FIELD_CODES

# The map takes the screen's height but what the title, the view in words and the hint under it need
# (about 225 px at 1280×720 and 1920×1080 alike): at 720 px the whole map is on screen, at 1080 px it is large.
HIDE_CHROME = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
.block-container { padding: 0.8rem 1.5rem 0 1.5rem !important; max-width: none !important; }
[data-testid="stHeading"] h1 { font-size: 1.7rem; padding: 0; }
.st-key-present_map iframe { height: max(320px, calc(100vh - 225px)) !important; }
.compare-grid { grid-template-columns: repeat(3, minmax(0, 1fr)); }  /* six small maps on one screen */
.compare-grid img { max-height: 33vh; object-fit: contain; }
</style>"""
# Arrow keys (and a clicker's Page Up / Page Down) press the step buttons; set up once per page.
KEYS_SCRIPT = """(() => {
  if (window.dvkPresentKeys) return;
  window.dvkPresentKeys = true;
  const press = (key) => { const b = document.querySelector(`.st-key-${key} button`); if (b) b.click(); };
  document.addEventListener("keydown", (event) => {
    if (event.target.closest && event.target.closest("input, textarea, [contenteditable]")) return;
    if (!document.querySelector(".st-key-present_next")) return;  // not in projector mode
    if (event.key === "ArrowRight" || event.key === "PageDown") { event.preventDefault(); press("present_next"); }
    if (event.key === "ArrowLeft" || event.key === "PageUp") { event.preventDefault(); press("present_prev"); }
  });
})();"""


def summary(words: Words, flt: Filter, names: dict[str, str], asof: str = "") -> str:
    """The filter in words: "Lĩnh vực: Kinh tế · Năm 2021–2022 · 4 xã được chọn · Tô màu theo: Số mô hình",
    and for a link as of a moment (url.View.asof), that moment: a handout says which numbers it prints."""
    parts = fields_and_years(words, flt)
    if flt.selected:
        parts.append(words("sum_selected", name=names.get(flt.selected, flt.selected)))
    elif flt.communes:
        parts.append(words("sum_communes", count=words.number(len(flt.communes))))
    parts.append(words("sum_metric", metric=words(f"metric_{flt.metric}")))
    if asof:
        parts.append(words("sum_asof", moment=words.moment(url.asof_moment(asof))))
    return " · ".join(parts)


def fields_and_years(words: Words, flt: Filter) -> list[str]:
    """ "Lĩnh vực: Kinh tế", "Năm 2021–2022": the filter's fields and years in words."""
    fields = ", ".join(FIELD_BY_CODE[c].label(words.lang) for c in flt.fields) if flt.fields else words("sum_all_fields")
    years = (words("sum_year", year=flt.year_from) if flt.year_from == flt.year_to
             else words("sum_years", first=flt.year_from, last=flt.year_to))
    return [words("sum_fields", fields=fields), years]


def stepped(view: url.View, years: tuple[int, int], delta: int) -> url.View:
    """The view one step on (+1) or back (-1): the next year (from all years, the first), stopping
    at the ends; or the next field, round through all fields."""
    flt = view.filter
    if view.step == "field":
        order = [()] + [(code,) for code in FIELD_CODES]
        at = order.index(flt.fields) if flt.fields in order else 0
        return url.with_filter(view, fields=order[(at + delta) % len(order)])
    first, last = years
    if flt.year_from != flt.year_to:
        year = first if delta > 0 else last
    else:
        year = min(max(flt.year_from + delta, first), last)
    return url.with_filter(view, year_from=year, year_to=year)


def render(view: url.View, data: Dataset, years: tuple[int, int]) -> None:
    """Title, the view in words, the numbers, the map with its legend, the step and exit buttons."""
    words, flt = Words(view.lang), view.filter
    st.html(HIDE_CHROME)
    shown = choropleth(view, data)
    names = panels.commune_names(data)
    st.title(words("app_title"))  # the app's own heading, as on every page (sized down by HIDE_CHROME)
    st.markdown(f'<div class="present-head"><p class="present-area">{escape(area_title(data, words))}</p>'
                f'<p class="present-summary">{escape(summary(words, flt, names, view.asof))}</p></div>', unsafe_allow_html=True)
    left, right = st.columns([3, 1], gap="medium")
    with left:
        with st.container(key="present_map"):
            legend_html = maps(view, data, shown, stretch=True)
    with right:
        st.markdown(f'<div class="present-kpi"><span>{escape(words("kpi_models"))}</span>'
                    f'<b>{escape(words.number(shown.tally.total))}</b></div>', unsafe_allow_html=True)
        st.markdown(legend_html, unsafe_allow_html=True)
        back, on = st.columns(2)
        back.button(words(f"present_prev_{view.step}"), key="present_prev", width="stretch",
                    on_click=lambda: state.set_view(stepped(state.current(), years, -1)))
        on.button(words(f"present_next_{view.step}"), key="present_next", width="stretch",
                  on_click=lambda: state.set_view(stepped(state.current(), years, +1)))
        st.caption(words("present_keys"))
        st.button(words("present_exit"), key="present_exit",
                  on_click=lambda: state.set_view(replace(state.current(), present=False)))
    st.html(f"<script>{KEYS_SCRIPT}</script>", unsafe_allow_javascript=True)
