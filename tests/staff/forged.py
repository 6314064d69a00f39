"""Forged clicks: every guarded write callback, with arguments that really write.

The guard tests press a button wired to one callback of
dashboard.staff.guard.WRITE_ACTIONS in sessions of different people. For the
refusals to mean anything the arguments must be what the page would hand the
callback, so `arguments` builds them (inside the AppTest script, where the
session exists) and a signed-in test checks that they do write. `footprint` is
everything a write could change: records, batches, boundary sets.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.config import load_config
from dashboard.staff import actions
from geo.boundaries.file import read_boundary_file, to_wgs84
from geo.boundaries.pipeline import prepare
from geo.boundaries.sets import BoundarySets, suggest_columns
from geo.places.registry import CommuneRegistry
from geo.records import store
from tests.intake.builders import simple_xlsx
from tests.staff.helpers import NEW_ROWS

NAMES = {"02533": "Đội Bình", "02434": "Lực Hành"}


def footprint() -> tuple:
    """What the store and the boundary sets hold now."""
    s = actions.records_store()
    records = store.read_records(s).sort_values("id").to_json()
    batches = store.batches(s)[["id", "status"]].to_json()
    sets = BoundarySets(load_config().boundary_sets)
    active = sets.active()
    return records, batches, [v.id for v in sets.versions()], active.id if active else None


def save_version() -> str:
    """A saved, inactive boundary set (the configured file, as a version holds it); its id."""
    communes = gpd.read_file(load_config().boundaries)[["gso_code", "name", "pop_census2009", "geometry"]]
    communes = communes.rename(columns={"gso_code": "code", "pop_census2009": "population"}).assign(type="Xã")
    sets = BoundarySets(load_config().boundary_sets)
    return sets.save(communes, label="Bản có sẵn", source_name="co-san.geojson", user="lan", report={}).id


def arguments(name: str, lang: str) -> tuple:
    """The arguments the page hands the callback `name` (after the signed-in user, which the guard adds)."""
    return BUILDERS[name.removeprefix("dashboard.staff.")](lang)


def _commit(lang):
    data = simple_xlsx(NEW_ROWS)
    return actions.preview_upload(data, "gia.xlsx", actions.records_store()), data, "gia.xlsx", lang


def _rollback(lang):
    """The newest import (the demo records are not rolled back: batch 1 would be refused)."""
    batches = store.batches(actions.records_store())
    imports = batches[batches["kind"] == "import"]
    return int(imports["id"].iloc[-1]), lang


def import_one() -> None:
    """An import batch to roll back, made before a test measures the footprint (rows of its own, so
    that the commit callback still has new rows to write)."""
    data = simple_xlsx([[1, "Mô hình để hoàn tác", "Kinh tế", "Xã Lực Hành", "Hội Nông dân xã", 2021, "", ""]])
    s = actions.records_store()
    actions.commit(s, actions.preview_upload(data, "that.xlsx", s), data, "that.xlsx", "lan")


def first_record() -> dict:
    return store.read_records(actions.records_store()).sort_values("id").iloc[0].to_dict()


def _fill(prefix: str, record: dict) -> None:
    """The record form as the clerk left it: `record` with a new name."""
    for column in ("kind", "field", "commune_code", "unit", "description", "result", "source"):
        value = record.get(column)
        st.session_state[f"{prefix}_{column}"] = "" if value is None or pd.isna(value) else value
    st.session_state[f"{prefix}_year"] = int(record["year"])
    st.session_state[f"{prefix}_name"] = f"{record['name']} (giả)"


def _add(lang):
    _fill("add", {"kind": "mo-hinh", "field": "khac", "year": 2022, "commune_code": "02533", "name": "Mô hình"})
    return NAMES, lang


def _save(lang):
    record = first_record()
    _fill("gia", record)
    return record["id"], "gia", record, NAMES, lang


def _delete(lang):
    record = first_record()
    return record["id"], record["name"], lang


def _switch(lang):
    sets = BoundarySets(load_config().boundary_sets)
    return sets, sets.versions()[0].id, lang


def _save_set(lang):
    path = load_config().boundaries
    file_bytes = path.read_bytes()
    raw = read_boundary_file(file_bytes, path.name, load_config().max_upload_bytes)
    gdf = to_wgs84(raw)
    prepared = prepare(gdf, suggest_columns(gdf), CommuneRegistry.legacy(*load_config().scope))
    return prepared, raw, file_bytes, path.name, "", lang


BUILDERS = {
    "imports._commit_clicked": _commit,
    "batches._rollback_clicked": _rollback,
    "batches._remove_demo_clicked": lambda lang: (lang,),
    "editing._add_clicked": _add,
    "editing._save_clicked": _save,
    "editing._delete_clicked": _delete,
    "boundary_page._switch": _switch,
    "boundary_page._save_clicked": _save_set,
}
