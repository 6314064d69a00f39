"""What the choropleth shows, as plain data: one styled feature per commune.

Building the spec is separate from drawing it with folium so that colours,
tooltips and escaping can be tested without a browser. Every string that
comes from a file (commune names, field labels passed in) is HTML-escaped
here, because Leaflet tooltips insert their content as raw HTML.
"""
from dataclasses import dataclass
from html import escape
import json
from typing import Callable

import geopandas as gpd
import pandas as pd

from geo.choropleth.classify import DIM_COLOUR, Classes
from geo.records.fields import FIELD_CODES

Formatter = Callable[[float], str]


@dataclass(frozen=True)
class MapText:
    """Translated words the tooltips need, supplied by the UI layer."""

    total: str          # e.g. "Tổng số mô hình"
    per1000: str        # e.g. "Trên 1.000 dân (dân số 2009)"
    no_data: str        # e.g. "Chưa có dữ liệu"
    field_labels: dict  # field code → label
    number: Formatter   # locale-aware number formatting
    approximate: str = ""  # e.g. "Ranh giới gần đúng": said in the tooltip of approximate units


@dataclass(frozen=True)
class MapSpec:
    """Everything the drawing needs, already styled and escaped: drawing decides nothing."""

    geojson: dict                                 # FeatureCollection with style properties
    labels: tuple[tuple[float, float, str], ...]  # (lat, lon, escaped name)
    selected_geojson: dict | None                 # outline of the clicked commune
    bounds: tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def build_spec(communes: gpd.GeoDataFrame, values: pd.DataFrame, metric: str,
               classes: Classes, text: MapText, in_filter: set[str] | None = None,
               selected: str | None = None) -> MapSpec:
    """Style each commune from its value; communes outside the commune filter are dimmed.

    `communes` must carry display geometry and label points (see
    geo.boundaries.layers); `values` comes from geo.choropleth.aggregate.commune_values.
    Optional columns: `approximate` (the unit's boundary is only approximate:
    outlined differently, its label starred) and `note` (plain text for the
    tooltip, e.g. which old communes a 2025 unit absorbed).
    """
    rows = communes[["code", "name", "geometry", "label"]].merge(values, on="code", how="left")
    rows["name"] = rows["name"].fillna("").astype(str)
    rows["approx"] = communes["approximate"].values if "approximate" in communes else False
    rows["note"] = communes["note"].values if "note" in communes else ""
    rows["dim"] = [in_filter is not None and code not in in_filter for code in rows["code"]]
    rows["fill"] = [DIM_COLOUR if dim else classes.colour(v) for v, dim in zip(rows[metric], rows["dim"])]
    rows["tip"] = [_tooltip(row, text) for row in rows.to_dict("records")]
    shapes = gpd.GeoDataFrame(rows[["code", "name", "fill", "dim", "approx", "tip"]],
                              geometry=rows["geometry"], crs=communes.crs)
    shapes["name"] = shapes["name"].map(escape)
    chosen = shapes[shapes["code"] == selected]
    minx, miny, maxx, maxy = communes.total_bounds
    label_text = [f"{n} *" if approx else n for n, approx in zip(rows["name"], rows["approx"])]
    return MapSpec(
        geojson=json.loads(shapes.to_json(drop_id=True)),
        labels=tuple((p.y, p.x, escape(n)) for p, n in zip(rows["label"], label_text)),
        selected_geojson=json.loads(chosen.to_json(drop_id=True)) if len(chosen) else None,
        bounds=((miny, minx), (maxy, maxx)),
    )


def _tooltip(row: dict, text: MapText) -> str:
    """Commune name, notes, totals and counts by field, every value escaped."""
    head = [f"<b>{escape(str(row['name']))}</b>"]
    if row["approx"]:
        head.append(f"<i>* {escape(text.approximate)}</i>")
    if row["note"]:
        head.append(escape(str(row["note"])))
    if not row["covered"]:
        return "<br>".join(head + [escape(text.no_data)])
    lines = head + [f"{escape(text.total)}: <b>{text.number(row['count'])}</b>"]
    if pd.notna(row["per1000"]):
        lines.append(f"{escape(text.per1000)}: {text.number(row['per1000'])}")
    lines += [f"{escape(text.field_labels[code])}: {text.number(row[code])}" for code in FIELD_CODES]
    return "<br>".join(lines)
