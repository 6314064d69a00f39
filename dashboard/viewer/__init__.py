"""What anyone with a link sees: the pages and the parts they are drawn from.

- `pages/`: one module per page (`map`, `records`, `sources`), each a `render(view, data)`
  listed in dashboard/pages.py, the one page registry;
- `sidebar`: language, page, area, filters and map options, each bound to the view;
- `share`: the link to the view on screen, in a read-only field with a copy button;
- `map_view`: the choropleth (the `mapcomponent` Leaflet component), what a click on it does, the legend
  drawn from the rows geo/choropleth/legend.py computes;
- `choropleth`: what a view's map shows (values, classes, legend rows), for the map page, projector
  mode and the handout alike;
- `panels`: totals, charts (bars of HTML), the searchable records table and a record's detail;
- `profile`: the selected unit and what the 2025-07-01 reform made of it;
- `present`: projector mode; `downloads`: the view's records (CSV, Excel) and its handout (PDF, PNG).

Pages build `Words` (dashboard/words/i18n.py) from the view's language and hand
the parts that, and the filter values they use, rather than the whole view.
"""
