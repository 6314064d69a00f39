"""The view on screen to take away, for anyone who looks at it (no sign-in): its records and its handout.

The records as CSV or Excel: the same files as `python -m dashboard export` (geo.records.export:
the records schema's columns, formula-like text neutralised), never a staff-only field. The
handout (dashboard/handout): the view as an A4 landscape PDF or a PNG, as `python -m dashboard
handout` draws it. A file is made only when its button is pressed (Streamlit's deferred
download), so a rerun costs nothing, and its name says the view: mo-hinh_kinh-te_2021-2022.xlsx,
ban-in_mo-hinh_kinh-te_2021-2022.pdf. A drawn handout is kept a minute (`drawn`), so a room
asking for the same one pays for one drawing.
"""
import threading
import uuid
from typing import Callable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import url
from dashboard.data import Dataset
from dashboard.viewer import panels
from dashboard.words.i18n import Words
from geo.choropleth.query import Filter
from geo.records.export import records_csv, records_xlsx

XLSX_ROWS = 200_000  # beyond this a workbook takes minutes to write and Excel struggles: CSV only


def file_stem(flt: Filter) -> str:
    """mo-hinh[_fields][_first-last][_N-xa | _xa-CODE]: the filter in the file name, ASCII only."""
    parts = ["mo-hinh"]
    if flt.fields:
        parts.append("-".join(flt.fields))
    first, last = flt.year_from, flt.year_to
    if first is not None and last is not None:
        parts.append(str(first) if first == last else f"{first}-{last}")
    if flt.selected:
        parts.append(f"xa-{flt.selected}")
    elif flt.communes:
        parts.append(f"{len(flt.communes)}-xa")
    return "_".join(parts)


def buttons(words: Words, rows: Callable[[], pd.DataFrame], count: int, flt: Filter) -> None:
    """CSV and Excel of the view's `count` records, whose full rows `rows()` gives when a button is
    pressed; Excel only up to XLSX_ROWS."""
    stem = file_stem(flt)
    left, right = st.columns(2)
    left.download_button(words("download_csv"), data=lambda: records_csv(rows()), file_name=f"{stem}.csv",
                         mime="text/csv", on_click="ignore", key="download_csv", icon=":material/download:")
    if count <= XLSX_ROWS:
        right.download_button(words("download_xlsx"), data=lambda: records_xlsx(rows()), file_name=f"{stem}.xlsx",
                              mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                              on_click="ignore", key="download_xlsx", icon=":material/download:")
    else:
        right.caption(words("download_xlsx_too_many", limit=words.number(XLSX_ROWS)))


def handout_buttons(words: Words, view: url.View, data: Dataset, link: str) -> None:
    """The handout of `view` over `data` (in its units), whose address is `link`, as PDF and as PNG."""
    stem = f"ban-in_{file_stem(view.filter)}"
    left, right = st.columns(2)
    left.download_button(words("handout_pdf"), data=lambda: handout_file("pdf", view, data, link),
                         file_name=f"{stem}.pdf", mime="application/pdf", on_click="ignore", key="handout_pdf",
                         icon=":material/print:")
    right.download_button(words("handout_png"), data=lambda: handout_file("png", view, data, link),
                          file_name=f"{stem}.png", mime="image/png", on_click="ignore", key="handout_png",
                          icon=":material/image:")


# A handout takes 1-2 s of CPU for a district and ~13 s for the whole country, and the buttons need no
# sign-in: the process draws one at a time, so a room pressing them together (or one visitor pressing
# again and again) queues, instead of taking every core from the leaders' map.
DRAWING = threading.Lock()
# A drawn handout is kept this long: its "made at" minute is printed on it, so not for longer; long
# enough that thirty phones scanning the projector's QR code and pressing the same button get one drawing.
KEPT_SECONDS = 60
KEPT = 8  # handouts kept at once (a PNG is ~0.5 MB; a PDF less)


def handout_file(kind: str, view: url.View, data: Dataset, link: str) -> bytes:
    """The handout as "pdf" or "png" bytes: drawn now (one at a time in the process), or the same view's
    drawn in the last minute over the same data."""
    return drawn(kind, urlencode(url.to_query(view)), link, data_token(data), view, data)


@st.cache_resource(ttl=KEPT_SECONDS, max_entries=KEPT, show_spinner=False)
def drawn(kind: str, query: str, link: str, token: tuple[str, str], _view: url.View, _data: Dataset) -> bytes:
    """The handout of the view whose canonical `query` (language included) it is, printing `link`, over the
    data `token` names. Streamlit keys the cache on all but `_view` and `_data` (which those three name),
    and lets one caller draw while the others asking for the same wait for its bytes. A resource cache,
    not a data cache: bytes cannot change, so every caller can share one copy instead of unpickling its
    own (and st.cache_data, made at import, warns each command-line run that it has no runtime)."""
    from dashboard import handout  # matplotlib loads with the first handout asked for, not with every app start
    with DRAWING:
        page = handout.make(_view, _data, link)
        return handout.pdf(page) if kind == "pdf" else handout.png(page)


def data_token(data: Dataset) -> tuple[str, str]:
    """Which data a handout is drawn from: a token per units frame and per records frame. The datasets are
    cached per records stamp and boundary set (dashboard/data.py), so an import, a rollback or another
    boundary set gives new frames, hence new tokens; a token is never reused, where a frame's id() could be."""
    return tuple(panels.remember(frame, "handout_token", lambda: uuid.uuid4().hex)
                 for frame in (data.communes, data.records))
