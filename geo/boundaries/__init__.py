"""Boundaries: commune polygons from a file to a map-ready, saved set.

    from geo.boundaries.file import read_boundary_file, to_wgs84
    from geo.boundaries.pipeline import prepare
    raw = read_boundary_file(data, "ranh-gioi.zip")     # the configured file: layers.load_communes(path)
    prepared = prepare(to_wgs84(raw), columns, registry)  # saved with sets.BoundarySets(root).save(...) if accepted

Modules, in the order boundaries go through them:
`layers` (reading the configured file: BoundaryError, to_wgs84, label points),
`file` (reading an uploaded file, any format), with `archive` (unpacking zips
without trusting them), `encoding` (.dbf text in UTF-8, Windows-1258, TCVN3 or
VNI) and `crs` (which CRS the coordinates are in), `vn2000` (VN-2000 zones,
the official datum shift, zone suggestions), `national` (any district or
province of the national 2009 set, coded by name) with `fallback` (a code found
by name in the province only, kept when geography confirms it), `sets` (matching features
to units; saved versions), `coverage` (cleaning into a coverage and simplifying
it as one), `pipeline` (match, clean, measure: what the CLI and the staff page share).
Pure Python: no Streamlit.
"""
