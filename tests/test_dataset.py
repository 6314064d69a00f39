"""Assembling the dataset the map shows (geo.dataset): the join, the 2025 units, an area's records.

Uses the committed demo records (915, all in Yên Sơn's 28 communes), the Yên
Sơn communes and the national commune set of ../shared/data (licensed
separately, read at test time; the tests that need them skip without them).
"""
import pandas as pd
import pytest
import shapely

from geo.boundaries.national import load_national
from geo.boundaries.sets import Version
from geo.dataset import area_dataset, area_map, assemble, dissolved_units, joined, map_ready, new_units
from geo.places.registry import legacy_units
from geo.records.schema import load_records
from tests.boundaries.builders import yen_son_communes
from tests.paths import SHARED

NATIONAL = SHARED / "vn-communes-2009" / "communes-2009.gpkg"
TUYEN_QUANG, YEN_SON, SON_DUONG = "08", "075", "076"
DOI_BINH, NHU_KHE, THI_TRAN_YEN_SON = "02533", "02530", "02473"
NHU_KHE_2025 = ("02527", "02530", "02533")  # Nhữ Hán + Nhữ Khê + Đội Bình


@pytest.fixture(scope="module")
def communes():
    return map_ready(yen_son_communes())


@pytest.fixture(scope="module")
def records():
    return load_records()


@pytest.fixture(scope="module")
def yen_son(communes, records):
    return assemble(communes, None, records, new_units(communes))


@pytest.fixture(scope="module")
def national():
    if not NATIONAL.is_file():
        pytest.skip(f"national set not found: {NATIONAL}")
    return load_national(NATIONAL)


def test_record_codes_the_boundaries_lack_are_listed_as_unmatched_never_dropped(communes, records):
    assert joined(communes, None, records).unmatched == ()
    strays = records.head(3).assign(commune_code=["99999", "02212", DOI_BINH])  # unknown; a ward of the city
    data = joined(communes, None, pd.concat([records, strays], ignore_index=True))
    assert data.unmatched == ("02212", "99999")
    assert len(data.records) == len(records) + 3


def test_yen_son_has_13_units_from_2025(yen_son):
    reformed = yen_son.in_units("2025")
    assert reformed.units == "2025" and len(reformed.communes) == 13
    assert yen_son.in_units("2020") is yen_son
    assert reformed.registered.records is yen_son.records and reformed.registered.communes is yen_son.communes
    assert len(yen_son.xwalk) == 28 and set(reformed.communes["code"]) == set(yen_son.xwalk["new_code"])
    assert "label" in reformed.communes and reformed.communes.has_sindex  # map-ready, like the 2020 communes


def test_either_view_switches_to_the_other_and_keeps_its_boundary_version(communes, records):
    """The sources page of the 2025 view names the staff-loaded set, like the 2020 view's (it said "default file")."""
    version = Version(id="2026-11-28T131500Z-1", created="", label="Sở TN&MT 2024", source_name="ranh-gioi.zip",
                      user="lan", features=28, source_sha256="0" * 64)
    data = assemble(communes, None, records, new_units(communes), version=version)
    reformed = data.in_units("2025")
    assert reformed.version == version and reformed.registered.version == version
    assert reformed.in_units("2025") is reformed and reformed.in_units("2020").units == "2020"
    assert data.in_units("2025").in_units("2020").records is data.records


def test_records_counted_under_the_new_units_keep_their_totals(yen_son):
    before, after = yen_son.records, yen_son.in_units("2025").records
    per_unit = after.groupby("commune_code", observed=True).size()
    assert len(after) == len(before) == per_unit.sum() == 915
    assert per_unit[NHU_KHE] == before["commune_code"].isin(NHU_KHE_2025).sum()
    assert (after["registered_code"] == before["commune_code"].astype(str)).all()
    assert yen_son.in_units("2025").unmatched == ()


def test_a_set_the_reform_data_does_not_know_offers_2020_only(communes, records):
    odd = communes.assign(code=communes["code"].where(communes["code"] != DOI_BINH, "99999"))
    assert new_units(odd) is None
    data = assemble(odd, None, records, None)
    assert data.reformed is None and data.in_units("2025") is data
    assert data.unmatched == (DOI_BINH,)


def test_an_area_dataset_leaves_out_the_records_of_other_units(national, records):
    son_duong = [u.code for u in legacy_units() if (u.province_code, u.district_code) == (TUYEN_QUANG, SON_DUONG)]
    theirs = records.head(len(son_duong)).assign(commune_code=son_duong)
    area = area_map(national, TUYEN_QUANG, SON_DUONG)
    data = area_dataset(area, pd.concat([records, theirs], ignore_index=True), new_units(area.communes))
    assert sorted(data.records["commune_code"]) == sorted(son_duong)  # Yên Sơn's 915: not shown, not unmatched
    assert data.unmatched == tuple(sorted(set(son_duong) - set(area.communes["code"])))
    assert data.title == data.in_units("2025").title == "Huyện Sơn Dương, tỉnh Tuyên Quang"
    assert len(data.in_units("2025").records) == len(son_duong)


def test_an_area_map_names_its_communes_as_they_are_today(national):
    """The 2009 polygon of 02473 is "Thắng Quân"; since 2020 it is Thị trấn Yên Sơn."""
    area = area_map(national, TUYEN_QUANG, YEN_SON)
    today = area.communes.set_index("code").loc[THI_TRAN_YEN_SON]
    assert (today["name"], today["type"]) == ("Yên Sơn", "Thị trấn")
    assert len(area.scope) == 28 and "label" in area.communes


def test_the_2025_units_of_a_map_ready_set_dissolve_its_coverage_without_cleaning_again(communes, yen_son):
    """What the country uses: new_units would clean the country a second time (minutes)."""
    fast, slow = dissolved_units(communes), yen_son.in_units("2025").communes
    for column in ("code", "name", "type", "members", "approximate"):
        assert list(fast[column]) == list(slow[column])
    assert shapely.coverage_is_valid(fast.geometry.values) and fast.has_sindex and "label" in fast
    whole = shapely.area(communes.geometry.values).sum()
    assert abs(shapely.area(fast.geometry.values).sum() - whole) < 1e-9 * whole + 1e-12
    assert dissolved_units(communes.assign(code=communes["code"].replace(DOI_BINH, "99999"))) is None


def test_a_unit_inside_its_neighbour_is_left_off_the_map_when_asked():
    """The national set draws Sông Hiến (Cao Bằng) inside Đề Thám: cleaning empties it."""
    raw = yen_son_communes()
    inside = raw.geometry.iloc[0].representative_point().buffer(0.002)
    stray = raw.iloc[[0]].assign(code="01267", name="Sông Hiến", geometry=[inside])
    both = pd.concat([raw, stray], ignore_index=True).set_crs(raw.crs, allow_override=True)
    assert "display" not in map_ready(both).attrs  # not cleaned at all: only snapped to the display grid
    kept = map_ready(both, drop_emptied=True)
    assert list(kept["code"]) == list(raw["code"]) and kept.index.equals(pd.RangeIndex(len(raw)))
    assert kept.attrs["display"]["dropped"] == ["01267"] and kept.attrs["display"]["valid_after"]
    assert map_ready(raw, drop_emptied=True).attrs["display"]["dropped"] == []
