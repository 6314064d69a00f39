"""Column guesses, the matching report and versioned boundary sets (geo.boundaries.sets).

Frames are built here (a few unit squares stand for communes): matching only
reads attributes, and versions only need some polygons to write.
"""
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from geo.boundaries.layers import BoundaryError
from geo.boundaries.sets import (BoundarySets, Matching, code_of, column_key, match, population_numbers,
                              suggest_columns)
from geo.places.registry import CommuneRegistry
from tests.paths import SHARED

UNFIXED = SHARED / "yen-son" / "communes-2020-unfixed.geojson"
YEN_SON = {"province": "Tuyên Quang", "district": "Yên Sơn"}


@pytest.fixture(scope="module")
def registry():
    return CommuneRegistry.legacy()


def frame(**columns) -> gpd.GeoDataFrame:
    """Features with these attribute columns and one small square each (WGS 84, near Yên Sơn)."""
    n = len(next(iter(columns.values())))
    squares = [shapely.box(105.2 + i * 0.01, 21.9, 105.21 + i * 0.01, 21.91) for i in range(n)]
    return gpd.GeoDataFrame(columns, geometry=squares, crs="EPSG:4326")


def by_value(matching: Matching) -> dict:
    return {f.value: f for f in matching.features}


# --- suggest_columns -----------------------------------------------------------------------------

def test_the_reference_file_columns_are_recognised():
    if not UNFIXED.is_file():
        pytest.skip("reference file not found")
    columns = suggest_columns(gpd.read_file(UNFIXED))
    assert columns == {"code": "gso_code", "name": "name", "population": "pop_census2009"}


@pytest.mark.parametrize("code, name, population", [
    ("MA_XA", "TEN_XA", "DAN_SO"), ("maxa", "ten", "population"), ("Mã xã", "Tên xã", "Dân số"),
    ("ma_dvhc", "commune", "pop"), ("code", "name", "pop_2019"),
])
def test_column_names_in_any_case_and_spelling(code, name, population):
    columns = suggest_columns(frame(**{"id": [1, 2], code: ["02533", "02434"], name: ["Đội Bình", "Lực Hành"],
                                       population: [7000, 8000]}))
    assert columns == {"code": code, "name": name, "population": population}


def test_a_code_column_is_found_by_its_values_when_its_name_says_nothing():
    columns = suggest_columns(frame(f1=["Đội Bình", "Lực Hành"], f2=[2533, 2434]))
    assert columns == {"code": "f2", "name": None, "population": None}


def test_a_column_named_code_holding_other_numbers_is_not_taken_for_gso_codes():
    columns = suggest_columns(frame(code=[2110101, 2110102], ten=["A", "B"]))
    assert columns["code"] is None and columns["name"] == "ten"


def test_a_code_column_with_repeated_or_broken_codes_is_still_the_code_column():
    """Its faults must reach the matching report, not make the file match by name instead."""
    columns = suggest_columns(frame(gso_code=["02533", "02533", "abc"], name=["Đội Bình", "Lực Hành", "Nhữ Khê"]))
    assert columns["code"] == "gso_code"


def test_nothing_to_suggest():
    assert suggest_columns(frame(x=[1.5, 2.5])) == {"code": None, "name": None, "population": None}


@pytest.mark.parametrize("value, code", [
    (2533, "02533"), (2533.0, "02533"), ("02533", "02533"), (" 2533 ", "02533"), ("2533.0", "02533"),
    (None, None), (float("nan"), None), ("abc", None), ("123456", None), (253, None), ("", None),
])
def test_code_of(value, code):
    assert code_of(value) == code


def test_column_key():
    assert column_key("MA_XA") == column_key("Mã xã") == column_key("ma xa") == "maxa"


# --- match by code -------------------------------------------------------------------------------

def test_codes_as_numbers_are_padded_and_matched(registry):
    found = match(frame(gso=[2533, 2434.0, "02473"]), "gso", registry=registry, **YEN_SON)
    assert [(f.status, f.code) for f in found.features] == [
        ("matched", "02533"), ("matched", "02434"), ("matched", "02473")]
    assert found.features[2].registry_name == "Thị trấn Yên Sơn"
    assert found.by == "code" and found.accepted
    assert len(found.missing) == 25 and "02533" not in {u.code for u in found.missing}


def test_unknown_bad_and_out_of_scope_codes_are_refused(registry):
    found = match(frame(gso=["99999", "abc", None, "00688"], ten=["Đội Bình", "", "", ""]),
                  "gso", "ten", registry=registry, **YEN_SON)
    statuses = [f.status for f in found.features]
    assert statuses == ["unmatched", "bad_code", "bad_code", "unmatched"]  # 00688 is in Hà Giang
    assert [u.code for u in found.features[0].suggestions] == ["02533"]     # what the name column says
    assert all(f.code is None for f in found.features)
    assert not found.accepted
    assert found.counts == {"matched": 0, "unmatched": 2, "ambiguous": 0, "duplicate": 0, "bad_code": 2}


def test_a_name_that_disagrees_with_its_code_is_a_warning_not_an_error(registry):
    found = match(frame(gso=["02533", "02434"], ten=["Nhữ Khê", "Lực Hành"]), "gso", "ten", registry=registry,
                  **YEN_SON)
    assert found.accepted
    assert [(f.code, f.name_in_file) for f in found.conflicts] == [("02533", "Nhữ Khê")]
    assert found.summary()["name_conflicts"] == 1


def test_two_features_with_one_code_are_both_duplicates(registry):
    found = match(frame(gso=["02533", "2533", "02434"]), "gso", registry=registry, **YEN_SON)
    assert [f.status for f in found.features] == ["duplicate", "duplicate", "matched"]
    assert not found.accepted
    assert "02533" not in {u.code for u in found.missing}  # reported as duplicated, not as missing


# --- match by name -------------------------------------------------------------------------------

def test_names_in_varied_spellings_are_matched_and_made_up_ones_are_not(registry):
    names = ["Xã Đội Bình", "doi binh ", "Quí Quân", "Thắng Quân", "Xã Hoa Mặt Trời"]
    found = by_value(match(frame(ten=names), name_column="ten", registry=registry, **YEN_SON))
    assert found["Xã Đội Bình"].status == "duplicate" and found["doi binh"].status == "duplicate"
    assert (found["Quí Quân"].status, found["Quí Quân"].code) == ("matched", "02431")
    assert found["Thắng Quân"].code == "02473"
    made_up = found["Xã Hoa Mặt Trời"]
    assert (made_up.status, made_up.code, made_up.unit) == ("unmatched", None, None)


def test_a_typo_gets_suggestions_but_no_code(registry):
    found = match(frame(ten=["Doi Bin"]), name_column="ten", registry=registry, **YEN_SON).features[0]
    assert (found.status, found.code) == ("unmatched", None)
    assert "Đội Bình" in [u.name for u in found.suggestions]


def test_an_ambiguous_name_lists_its_candidates_and_gets_no_code(registry):
    found = match(frame(ten=["Tan Thanh"]), name_column="ten", registry=registry, province="Tuyên Quang")
    feature = found.features[0]
    assert (feature.status, feature.code) == ("ambiguous", None)
    assert len(feature.suggestions) == 2
    assert found.by == "name" and not found.accepted


def test_match_needs_a_column():
    with pytest.raises(ValueError):
        match(frame(x=[1]))


def test_an_empty_file_is_not_accepted(registry):
    assert not match(frame(ten=[]), name_column="ten", registry=registry, **YEN_SON).accepted


# --- communes ------------------------------------------------------------------------------------

def test_communes_are_the_matched_features_with_the_registry_names(registry):
    features = frame(ten=["Thắng Quân", "xa doi binh", "Không có"], dan_so=["không rõ", 6500, None])
    found = match(features, name_column="ten", registry=registry, **YEN_SON)
    communes = found.communes(features, "dan_so")
    assert list(communes.columns) == ["code", "name", "type", "population", "geometry"]
    assert communes[["code", "name", "type"]].values.tolist() == [
        ["02473", "Yên Sơn", "Thị trấn"], ["02533", "Đội Bình", "Xã"]]
    assert communes["population"].tolist()[1] == 6500 and np.isnan(communes["population"].tolist()[0])
    assert communes.geometry.iloc[1].equals(features.geometry.iloc[1])
    assert communes.crs == features.crs


def test_communes_without_a_population_column():
    features = frame(gso=["02533"])
    communes = match(features, "gso", **YEN_SON).communes(features)
    assert communes["population"].isna().all() and len(communes) == 1


# --- versions ------------------------------------------------------------------------------------

class Clock:
    """A clock that stands still unless moved, so ids are known in advance."""

    def __init__(self):
        self.now = datetime(2026, 11, 28, 13, 15, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now

    def tick(self, seconds=60):
        self.now = self.now.replace(second=0, minute=self.now.minute + seconds // 60)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def sets(tmp_path, clock):
    return BoundarySets(tmp_path / "boundaries", now=clock)


def communes(n=3) -> gpd.GeoDataFrame:
    codes = ["02533", "02434", "02473", "02431"][:n]
    return frame(code=codes, name=["Đội Bình", "Lực Hành", "Yên Sơn", "Quý Quân"][:n],
                 type=["Xã", "Xã", "Thị trấn", "Xã"][:n], population=[6000.0, 7000.0, float("nan"), 5000.0][:n])


def save(sets, n=3, **kwargs):
    args = {"label": "Bản đồ 2024", "source_name": "xa.geojson", "user": "lan",
            "report": {"matching": {"matched": n}}, "source_sha256": "ab" * 32} | kwargs
    return sets.save(communes(n), **args)


def test_save_writes_the_set_and_its_manifest_without_activating_it(sets):
    version = save(sets)
    assert version.id == "2026-11-28T131500Z-1" and not version.active
    assert version.folder == sets.root / version.id and version.path == sets.path(version.id)
    manifest = json.loads((version.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == {"id": version.id, "created": "2026-11-28T13:15:00+00:00", "label": "Bản đồ 2024",
                        "source_name": "xa.geojson", "user": "lan", "features": 3, "source_sha256": "ab" * 32,
                        "report": {"matching": {"matched": 3}},
                        "data_sha256": hashlib.sha256(version.path.read_bytes()).hexdigest()}
    stored = gpd.read_file(version.path)
    assert list(stored.columns) == ["code", "name", "type", "population", "geometry"]
    assert stored.crs == "EPSG:4326" and stored["code"].tolist() == ["02533", "02434", "02473"]
    assert [v.id for v in sets.versions()] == [version.id]
    assert sets.active() is None
    assert [p.name for p in sets.root.iterdir()] == [version.id]  # no temporary folder left


def test_a_set_in_another_crs_is_stored_in_wgs84(sets):
    version = sets.save(communes().to_crs("EPSG:32648"), label="", source_name="x", user="u", report={})
    assert gpd.read_file(version.path).crs == "EPSG:4326"


def test_save_activate_switch_back(sets, clock):
    first = save(sets, n=2, activate=True)
    assert first.active and sets.active().id == first.id
    clock.tick()
    second = save(sets, n=4, label="sửa lần 2")
    assert sets.active().id == first.id                       # saving did not switch
    assert [v.id for v in sets.versions()] == [second.id, first.id]
    assert sets.activate(second.id).active
    assert sets.active().id == second.id and sets.active().features == 4
    sets.activate(first.id)                                   # back to the earlier set: it was kept
    assert sets.active().path == first.path
    assert len(gpd.read_file(sets.active().path)) == 2
    assert [v.active for v in sets.versions()] == [False, True]


def test_ids_in_one_second_are_numbered_and_sorted_as_numbers(sets):
    ids = [save(sets, n=1).id for _ in range(11)]
    assert ids[0].endswith("Z-1") and ids[-1].endswith("Z-11") and len(set(ids)) == 11
    assert sets.versions()[0].id == ids[-1] and sets.versions()[-1].id == ids[0]


def test_an_id_taken_by_another_save_is_skipped(sets):
    taken = sets.root / "2026-11-28T131500Z-1"
    taken.mkdir(parents=True)
    (taken / "manifest.json").write_text("{}")
    assert save(sets).id == "2026-11-28T131500Z-2"
    assert (taken / "manifest.json").read_text() == "{}"


def hostile(sets, name, manifest: bytes | None, data=True) -> Path:
    folder = sets.root / name
    folder.mkdir(parents=True)
    if manifest is not None:
        (folder / "manifest.json").write_bytes(manifest)
    if data:
        (folder / "communes.gpkg").write_bytes(b"not really")
    return folder


def good_manifest(name, **changes) -> bytes:
    manifest = {"id": name, "created": "x", "label": "", "source_name": "", "user": "", "features": 1,
                "source_sha256": "", "report": {}} | changes
    return json.dumps(manifest).encode()


@pytest.mark.parametrize("manifest, data, key", [
    (b"{not json", True, "bset_skipped_manifest"),
    (b"\xff\xfe garbage", True, "bset_skipped_manifest"),
    (b"[1, 2, 3]", True, "bset_skipped_manifest"),
    (None, True, "bset_skipped_manifest"),
    (b" " * 1_000_001, True, "bset_skipped_manifest"),
    (good_manifest("2020-01-01T000000Z-9"), True, "bset_skipped_manifest"),  # id of another folder
    (good_manifest("2020-01-01T000000Z-1", features="28"), True, "bset_skipped_manifest"),
    (good_manifest("2020-01-01T000000Z-1", features=True), True, "bset_skipped_manifest"),
    (good_manifest("2020-01-01T000000Z-1", report=[]), True, "bset_skipped_manifest"),
    (good_manifest("2020-01-01T000000Z-1"), False, "bset_skipped_data"),
])
def test_a_damaged_version_is_skipped_and_reported_never_a_crash(sets, manifest, data, key):
    good = save(sets)
    hostile(sets, "2020-01-01T000000Z-1", manifest, data)
    versions, skipped = sets.scan()
    assert [v.id for v in versions] == [good.id]
    assert [(s.name, s.key) for s in skipped] == [("2020-01-01T000000Z-1", key)]
    with pytest.raises(BoundaryError) as raised:
        sets.activate("2020-01-01T000000Z-1")
    assert raised.value.key == key


def test_hostile_ids_and_active_files_lead_nowhere(sets):
    good = save(sets)
    for bad in ("../" + good.id, "/etc", "", "2026-11-28T131500Z-1/../x", "nonexistent"):
        with pytest.raises(BoundaryError) as raised:
            sets.path(bad)
        assert raised.value.key == "bset_unknown_version"
    (sets.root / "active").write_text("../../etc/passwd")
    assert sets.active() is None
    (sets.root / "active").write_text("2020-01-01T000000Z-1")  # well formed, but no such version
    assert sets.active() is None


def test_folders_that_are_not_versions_are_ignored(sets):
    (sets.root / ".saving-abc").mkdir(parents=True)
    (sets.root / "notes").mkdir()
    (sets.root / "README.txt").write_text("hi")
    assert sets.scan() == ([], [])


def test_an_empty_or_missing_root_has_no_versions(tmp_path):
    assert BoundarySets(tmp_path / "nowhere").scan() == ([], [])
    assert BoundarySets(tmp_path / "nowhere").active() is None


def test_the_active_version_whose_data_was_deleted_is_no_longer_active(sets):
    version = save(sets, activate=True)
    version.path.unlink()
    assert sets.active() is None
    assert sets.scan()[1][0].key == "bset_skipped_data"


def test_a_set_changed_after_saving_is_damaged_and_cannot_be_activated(sets):
    version = save(sets)
    assert sets.damage(version) is None
    version.path.write_bytes(version.path.read_bytes()[:-10])
    assert sets.damage(version) == "bset_damaged_changed"
    with pytest.raises(BoundaryError) as raised:
        sets.activate(version.id)
    assert raised.value.key == "bset_damaged_changed" and sets.active() is None


def test_an_active_folder_that_cannot_be_read_is_named(sets):
    version = save(sets, activate=True)
    assert sets.damaged_active() is None
    version.path.unlink()
    assert sets.damaged_active().name == version.id
    sets.deactivate()
    assert sets.damaged_active() is None


@pytest.mark.parametrize("checksum", ["xyz", 42, "AB" * 32])
def test_a_manifest_with_a_bad_checksum_field_is_skipped(sets, checksum):
    version = save(sets)
    manifest = json.loads((version.folder / "manifest.json").read_text(encoding="utf-8"))
    (version.folder / "manifest.json").write_text(json.dumps(manifest | {"data_sha256": checksum}))
    assert sets.scan()[1][0].key == "bset_skipped_manifest"


def test_unsaveable_frames_leave_nothing_behind(sets):
    with pytest.raises(KeyError):
        sets.save(communes().drop(columns="population"), label="", source_name="", user="", report={})
    with pytest.raises(TypeError):
        sets.save(communes(), label="", source_name="", user="", report={"x": object()})
    assert [p.name for p in sets.root.iterdir()] == []


def test_manifest_report_is_kept_as_given(sets):
    report = {"cleaning": {"overlap_m2": 12.5, "emptied": []}, "matching": {"missing": ["02431"]}}
    version = save(sets, report=report)
    assert sets.versions()[0].report == report == version.report


def test_versions_are_read_back_equal_to_what_save_returned(sets):
    version = save(sets)
    assert sets.versions()[0] == version
    assert pd.Timestamp(version.created).tz is not None


def test_deactivate_goes_back_to_the_configured_file_and_keeps_the_versions(sets, clock):
    first = save(sets, n=2, activate=True)
    sets.deactivate()
    assert sets.active() is None and [v.id for v in sets.versions()] == [first.id]
    sets.deactivate()  # twice is fine
    assert sets.activate(first.id).active


def test_population_text_with_thousands_separators():
    values = pd.Series(["12.345", "12,345", "1 234", "987", 4567, "1.234.567", "12,5", "khoảng 300", None])
    assert population_numbers(values).tolist()[:6] == [12345, 12345, 1234, 987, 4567, 1234567]
    assert all(v != v for v in population_numbers(values)[6:])  # NaN: not a head count
