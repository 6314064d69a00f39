"""The floor of a cold load: a Streamlit app that draws one title and nothing else (bench_cold.py).

    streamlit run tests/benchmarks/bare_app.py

Whatever an app draws, its first element waits for Streamlit's own page, bundle, websocket and
run; this app measures that wait on the same machine and server as the other two.
"""
import streamlit as st

st.title("Dân vận khéo")
