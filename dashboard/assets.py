"""Serve Leaflet from the app itself, so the map renders with no internet.

Leaflet comes from the XStatic-Leaflet package on PyPI; Streamlit's static
file serving (`server.enableStaticServing`, see .streamlit/config.toml) only
serves a `static/` folder beside the entry script, so the files are copied
there (a git-ignored folder) when the app starts.
"""
import shutil
from pathlib import Path

import streamlit as st
import xstatic.pkg.leaflet as xleaflet

ASSETS_PATH = "app/static/leaflet"  # under the server's base URL path
STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "leaflet"


def ensure_leaflet(target: Path = STATIC_DIR) -> Path:
    """Copy leaflet.js, leaflet.css and its images once; cheap when already there."""
    source = Path(xleaflet.BASE_DIR)
    stamp = target / f".version-{xleaflet.VERSION}"
    if not stamp.exists():
        target.mkdir(parents=True, exist_ok=True)
        for name in ("leaflet.js", "leaflet.css"):
            shutil.copy2(source / name, target / name)
        shutil.copytree(source / "images", target / "images", dirs_exist_ok=True)
        stamp.touch()
    return target


def assets_url() -> str:
    """Absolute path of the served Leaflet files (the map runs in an iframe), under any base URL path."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{ASSETS_PATH}" if base else f"/{ASSETS_PATH}"
