"""Domain core of the "Dân vận khéo" map dashboard.

Pure Python: places, records, joins, aggregation, classification and map
building. Nothing here imports streamlit, so every function can be tested and
benchmarked on its own and reused by the command line.
"""
