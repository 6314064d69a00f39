"""The choropleth map as a Streamlit v1 custom component (Leaflet in an iframe, no build step).

Why not streamlit-folium: folium re-sends every polygon, as GeoJSON inside HTML, on each rerun,
so a filter change on a province or the whole country moved megabytes and rebuilt the map.
Here the geometry travels once, as a static gzip file named by its content hash
(static/geo/<hash>.json.gz, written by geo/choropleth/shapes.py), which the browser also keeps
in IndexedDB; a rerun sends only small per-unit values (a palette index, a dim flag, counts),
and the frame recolours the existing Leaflet layers in place, keeping the zoom the user chose.

The frame speaks Streamlit's component protocol by hand (frontend/map.js), so there is no npm,
no bundle and no CDN: Leaflet comes from the app's own static files (dashboard/assets.py).
The argument and return formats are fixed in the map component contract (issue 9).
"""
from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import NamedTuple

import streamlit.components.v1 as components

FRONTEND_DIR = Path(__file__).resolve().parent / "frontend"
# Streamlit names the component after this module: "dashboard.viewer.mapcomponent.dvk_map".
_component = components.declare_component("dvk_map", path=str(FRONTEND_DIR))

# The frame counts clicks with a JavaScript number: beyond this it can no longer count exactly.
MAX_CLICK_COUNT = 2**53 - 1
# Far longer than any GSO code (5 digits); a longer string is forged and is not even looked up.
MAX_CODE_LENGTH = 64
# Argument names Streamlit itself takes from a component call, so a map argument may not use them.
RESERVED_ARGS = frozenset({"key", "default", "on_change"})


class Click(NamedTuple):
    """A click the frame reported: the unit's code, and the frame's click counter.

    The counter tells a new click from a rerun that hands back the same value again:
    compare the whole Click with the last one acted on, not just the code.
    """

    code: str
    n: int


def draw(args: dict, *, key: str, on_change: Callable[[], None] | None = None) -> object:
    """Draw (or recolour) the map with `args` (contract section 2); returns what the frame sent last.

    A fixed `key` keeps the same iframe across reruns whatever the args, which is what lets the
    frame recolour in place instead of reloading. The value is None until the first click, then
    the raw, unchecked dict the browser sent: pass it through `clicked` before trusting it.
    `on_change` runs (before the rerun's script) when a click sends a new value.
    """
    clash = RESERVED_ARGS & set(args)
    if clash:
        raise ValueError(f"map args may not use Streamlit's own names: {sorted(clash)}")
    return _component(**args, key=key, on_change=on_change, default=None)


def clicked(value: object, codes: Collection[str]) -> Click | None:
    """The click in `value` if it is well formed and names one of `codes`; None otherwise.

    What comes back from the browser is untrusted (anyone can post a message to the frame's
    parent), so it must be {"code": <one of codes>, "n": <int 0..2**53-1>}; anything else,
    including a bool for n or a code that is not a string, gives None and never raises.
    None in, None out: the caller tells "no click yet" (value is None) from a forged value
    (value is not None, result is None) to decide whether to say so.
    `codes` is a set of the dataset's unit codes (a list, pandas Index or Series works too:
    their values are used, not a Series' index).
    """
    if not isinstance(value, dict):
        return None
    code, n = value.get("code"), value.get("n")
    if not isinstance(code, str) or not 0 < len(code) <= MAX_CODE_LENGTH:
        return None
    if type(n) is not int or not 0 <= n <= MAX_CLICK_COUNT:  # type(): a bool is an int too
        return None
    return Click(code, n) if _contains(codes, code) else None


def _contains(codes: Collection[str], code: str) -> bool:
    """`code in codes` by value, whatever collection the caller has; False if it cannot say."""
    try:
        if isinstance(codes, (set, frozenset, dict)):
            return code in codes
        values = codes.tolist() if hasattr(codes, "tolist") else codes  # a Series' `in` reads its index
        return any(isinstance(c, str) and c == code for c in values)
    except Exception:  # an odd `codes` (None, a generator that fails) means no click, never a crash
        return False
