"""The viewer's pages, one module each, every one a `render(view, data)` listed in dashboard/pages.py.

- `map`: totals, the choropleth with its legend, the selected unit, charts and the matching records;
- `records`: the selected unit and the searchable records table (with the editor for staff);
- `sources`: licences, vintages and what the map draws, with figures from the loaded data.
"""
