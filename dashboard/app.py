"""Assemble one run of the dashboard: data → view → sidebar → page → URL."""
from pathlib import Path

import streamlit as st

from dashboard import pages, sidebar, state, url
from dashboard.assets import ensure_leaflet
from dashboard.config import load_config
from dashboard.data import Dataset, load_dataset
from dashboard.i18n import number, t
from dashboard.text import plain
from geo.boundaries import BoundaryError
from geo.records import RecordsError

STYLE = Path(__file__).resolve().parent / "style.css"


def main() -> None:
    st.set_page_config(page_title="Dân vận khéo · Yên Sơn", page_icon="🗺️", layout="wide")
    st.markdown(f"<style>{STYLE.read_text()}</style>", unsafe_allow_html=True)
    ensure_leaflet()
    lang = _url_lang()
    data = _load(lang)
    years = (int(data.records["year"].min()), int(data.records["year"].max()))
    ctx = url.Context(years=years, communes=frozenset(data.communes["code"]))
    view = state.init(ctx)
    sidebar.render(data, ctx)
    view = state.current()
    st.title(t("app_title", view.lang))
    st.caption(t("app_subtitle", view.lang))
    _banners(view, data)
    pages.PAGES[view.page](view, data)
    state.publish()


def _url_lang() -> str:
    """The language to report load errors in, before the view exists."""
    if state.VIEW_KEY in st.session_state:
        return state.current().lang
    return "en" if st.query_params.get("lang") == "en" else "vi"


def _load(lang: str) -> Dataset:
    """Load the data or stop with a message in the user's language (never a traceback)."""
    config = load_config()
    try:
        return load_dataset(str(config.boundaries), str(config.context), str(config.records))
    except (BoundaryError, RecordsError) as exc:
        details = {k: ", ".join(map(str, v)) if isinstance(v, list) else v for k, v in exc.details.items()}
        st.error(f"**{t('error_title', lang)}**\n\n{plain(t(exc.key, lang, **details))}")
        st.stop()


def _banners(view: url.View, data: Dataset) -> None:
    """What the user must know about this view: illustrative data, dropped URL values."""
    lang, records = view.lang, data.records
    synthetic = int(records["illustrative"].sum())
    if synthetic:
        st.info(t("illustrative_banner", lang, synthetic=number(synthetic, lang),
                  total=number(len(records), lang), real=number(len(records) - synthetic, lang)),
                icon="ℹ️")
    notices = st.session_state.get(state.NOTICES_KEY) or []
    if notices:
        items = "\n".join(f"- {plain(t(n.key, lang, **dict(n.params)))}" for n in notices)
        st.warning(f"{t('notice_title', lang)}\n\n{items}", icon="⚠️")
    if data.unmatched:
        unmatched = data.records["commune_code"].isin(data.unmatched).sum()
        st.warning(plain(t("records_unmatched", lang, count=number(unmatched, lang),
                            codes=", ".join(data.unmatched[:10]))))
    repaired = data.communes.attrs.get("repaired", 0)
    if repaired:
        st.caption(t("boundary_repaired", lang, count=repaired))

