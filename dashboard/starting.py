"""What the first visitor after a server start sees while the process imports the dashboard.

The dashboard's modules take ~5 s to import (mapclassify alone pulls in scipy
and scikit-learn), and Streamlit shows a blank page until the script draws
something. So the entry point, on the process's first run only, draws our own
message first, with the page's style sheet (which hides Streamlit's English
"Stop"), using nothing heavier than Streamlit and the viewer's word table.
`python -m dashboard warm` spares even that first visitor: it runs the script
once as soon as the server answers (Streamlit's script health check).
"""
from contextlib import contextmanager
from pathlib import Path

import streamlit as st

from dashboard.words.viewer import MESSAGES

STYLE = (Path(__file__).resolve().parent / "style.css").read_text(encoding="utf-8")
PAGE_TITLE = "Dân vận khéo · Yên Sơn"
SET_UP_KEY = "page_set_up"  # this run drew the set-up already, with the starting message


def page_setup() -> None:
    """The browser tab's title and icon, the wide layout and our style sheet: the first thing of every run.

    Then the starting message's place, empty but on the process's first run, so
    that every run has the same elements in the same places: one element more on
    the first run put the map at another place, and the first visitor's first
    filter change drew the map anew (its geometry fetched and drawn again).
    """
    if st.session_state.pop(SET_UP_KEY, False):
        return
    _set_up()
    st.empty()


def _set_up() -> None:
    st.set_page_config(page_title=PAGE_TITLE, page_icon="🗺️", layout="wide")
    st.markdown(f"<style>{STYLE}</style>", unsafe_allow_html=True)


@contextmanager
def starting():
    """Our "starting" message on screen while the body runs, then gone."""
    note = show_starting()
    try:
        yield
    finally:
        note.empty()


def show_starting():
    """The page set up and our "starting" message (in the link's language) drawn; its placeholder."""
    _set_up()
    vi, en = MESSAGES["starting"]
    note = st.empty()
    note.info(en if st.query_params.get("lang") == "en" else vi, icon=":material/hourglass_top:")
    st.session_state[SET_UP_KEY] = True  # the run's page_setup() finds it done
    return note
