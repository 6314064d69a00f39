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

STATIC_PATH = "app/static"  # where Streamlit serves the static/ folder, under the server's base URL path
ASSETS_PATH = f"{STATIC_PATH}/leaflet"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static" / "leaflet"
GEOMETRY_DIR = STATIC_DIR.parent / "geo"  # the maps' shapes (geo/choropleth/shapes.py), one file per version


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
    return _served(ASSETS_PATH)


def static_url(geometry_name: str) -> str:
    """Absolute path of a geometry file in GEOMETRY_DIR, under any base URL path."""
    return _served(f"{STATIC_PATH}/geo/{geometry_name}")


def _served(path: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{path}" if base else f"/{path}"
