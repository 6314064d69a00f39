"""The choropleth: from records and communes to the map, in the order data flows.

    flt = Filter(fields=("kinh-te",), year_from=2021, year_to=2022)
    values = commune_values(communes, records, query(records, flt))
    classes = classify(values["count"], "quantiles", integer=True)
    spec = build_spec(communes, values, "count", classes, text)   # what to draw, as plain data
    layer = choropleth_layer(spec, show_labels=True)              # drawn with folium

Modules: `query` (the one Filter and the query every panel reads records
through), `aggregate` (counts per commune, field and year; 0 apart from no
data), `classify` (breaks and colours, zeros and no data kept apart, natural
breaks on thousands of values from a seeded sample), `spec`
(what the map shows, as plain data, text escaped), `legend` (what the legend
says, as plain data), `drawing` (the spec drawn with folium, Leaflet served by
the app).
"""
