"""The records page: the selected unit and the searchable records table, with the editor for staff."""
from dashboard.staff import auth, editor

from dashboard.viewer import downloads, panels, profile

from dashboard import url
from dashboard.data import Dataset
from dashboard.words.i18n import Words
from geo.choropleth.query import query


def render(view: url.View, data: Dataset) -> None:
    """The records the map page counts (its "see the list" button opens this page with the same filter),
    searchable, a page at a time; for staff, the editor works on the record picked among the page's rows."""
    words, selected = Words(view.lang), view.filter.selected
    panels.clear_selection_button(words, data, selected)
    profile.render(words, data, selected)
    matching = query(panels.record_keys(data), view.filter, with_selected=True)
    shown = panels.records_section(words, data, matching, selected, key="records_table")
    downloads.buttons(words, lambda: panels.full_rows(data, matching), len(matching), view.filter)
    if auth.is_staff():  # viewers never get an editing widget
        editor(view, data.registered, shown, detail_key="records_table_detail")
