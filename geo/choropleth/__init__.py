"""The choropleth: from records and communes to the map, in the order data flows.

    flt = Filter(fields=("kinh-te",), year_from=2021, year_to=2022)
    values = commune_values(communes, records, query(records, flt))
    classes = classify(values["count"], "quantiles", integer=True)
    first, detail = shapes.write_map(communes, context, folder)  # the shapes, once per boundary version
    args = paint(values, "count", classes)                       # the colours and numbers, every rerun

Modules: `query` (the one Filter and the query every panel reads records
through), `aggregate` (counts per commune, field and year; 0 apart from no
data), `classify` (breaks and colours, zeros and no data kept apart, natural
breaks on thousands of values from a seeded sample), `shapes` (the map's
geometry as a compact static file named by its content; a big map's overview
drawn first), `paint` (what a filter change sends: a palette index and the
numbers per unit), `legend` (what the legend says, as plain data), `drawing`
(the staff's boundary preview drawn with folium, Leaflet served by the app),
`picture` and `furniture` (the same map drawn with matplotlib for print: units
in `paint`'s fills, names, scale bar and north arrow).
"""
