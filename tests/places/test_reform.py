"""The 2025 reform crosswalk and new-unit polygons (geo.places.reform).

Checked against the reference crosswalk and boundaries in ../shared/data/yen-son
(licensed separately, read at test time, never copied).
"""
import pandas as pd
import pytest

from geo.places.reform import (COLUMNS, crosswalk, dissolve, history, recode, successors, to_new_codes,
                               to_old_codes)
from tests.boundaries.builders import YEN_SON, yen_son_communes

REFERENCE = YEN_SON / "crosswalk-2025.csv"

NHU_KHE, LUC_HANH, THAI_BINH = "02530", "02434", "02494"
UTM48N = "EPSG:32648"


@pytest.fixture(scope="module")
def xwalk():
    return crosswalk(province="Tuyên Quang", district="Yên Sơn")


@pytest.fixture(scope="module")
def reference():
    if not REFERENCE.is_file():
        pytest.skip(f"reference crosswalk not found: {REFERENCE}")
    return pd.read_csv(REFERENCE, dtype=str)


@pytest.fixture(scope="module")
def communes():
    return yen_son_communes()


@pytest.fixture(scope="module")
def dissolved(communes, xwalk):
    return dissolve(communes, xwalk).set_index("code")


def test_crosswalk_covers_the_28_yen_son_units(xwalk):
    assert list(xwalk.columns) == COLUMNS
    assert len(xwalk) == 28 and xwalk["old_code"].is_unique
    assert xwalk["old_code"].str.fullmatch(r"\d{5}").all() and xwalk["new_code"].str.fullmatch(r"\d{5}").all()


def test_every_old_code_maps_to_the_reference_new_code(xwalk, reference):
    got = dict(zip(xwalk["old_code"], xwalk["new_code"]))
    want = dict(zip(reference["old_gso_code"], reference["new_2025_code"]))
    assert got == want


def test_national_crosswalk_has_one_row_per_legacy_commune():
    national = crosswalk()
    assert len(national) == 10035 and national["old_code"].is_unique
    assert set(national["new_type"]) <= {"Xã", "Phường", "Đặc khu"}


def test_merges_and_the_split(xwalk):
    by_new = xwalk.groupby("new_code")["old_code"].apply(set)
    assert by_new[NHU_KHE] == {"02527", "02530", "02533"}   # Nhữ Hán + Nhữ Khê + Đội Bình
    assert by_new[LUC_HANH] == {"02431", "02434", "02443"}  # Quý Quân + Lực Hành + Chiêu Yên
    assert xwalk.loc[xwalk["split"], "old_code"].tolist() == [THAI_BINH]
    row = xwalk.set_index("old_code").loc[NHU_KHE]
    assert (row["new_name"], row["new_type"]) == ("Nhữ Khê", "Xã")


def test_dissolve_gives_one_polygon_per_new_unit(dissolved, xwalk, communes):
    assert len(dissolved) == xwalk["new_code"].nunique()
    assert set(dissolved.index) == set(xwalk["new_code"])
    before = communes.to_crs(UTM48N).area.sum()
    after = dissolved.set_crs(communes.crs).to_crs(UTM48N).area.sum()
    assert after == pytest.approx(before, rel=1e-3)
    assert dissolved["population"].sum() == pytest.approx(communes["population"].sum())


def test_dissolve_members_and_approximate_flags(dissolved):
    assert set(dissolved.loc[NHU_KHE, "members"]) == {"02527", "02530", "02533"}
    assert dissolved.loc[THAI_BINH, "approximate"]              # Thái Bình was split
    assert not dissolved.loc[NHU_KHE, "approximate"]             # three whole Yên Sơn communes
    assert not dissolved.loc[LUC_HANH, "approximate"]
    assert dissolved.loc["02215", "approximate"]                 # Minh Xuân: mostly city wards
    assert dissolved.loc["02545", "approximate"]                 # Tân Trào: also Sơn Dương communes


def test_dissolve_refuses_codes_outside_the_crosswalk(communes, xwalk):
    with pytest.raises(ValueError):
        dissolve(communes, xwalk[xwalk["old_code"] != NHU_KHE])


def test_history_both_ways(xwalk):
    old = history("02533", xwalk)                    # Đội Bình became Nhữ Khê
    assert old.became == (NHU_KHE, "Nhữ Khê", False) and old.absorbed == ()
    new = history(LUC_HANH, xwalk)                    # code of both the old and the new Lực Hành
    assert new.absorbed == ("02431", "02434", "02443")
    assert history(THAI_BINH, xwalk).became == (THAI_BINH, "Thái Bình", True)
    assert history("2215").absorbed[-1] == "02488"   # national: city wards + Trung Môn


def test_dissolved_units_carry_their_type(dissolved):
    assert dissolved.loc[NHU_KHE, "type"] == "Xã" and dissolved.loc["02215", "type"] == "Phường"


def test_recode_counts_records_under_the_new_unit_and_keeps_the_registered_code(xwalk):
    records = pd.DataFrame({"commune_code": pd.Categorical(["02533", "02527", "02434", "99999"]),
                            "year": [2020, 2021, 2022, 2022]})
    out = recode(records, xwalk)
    assert out["commune_code"].astype(str).tolist() == [NHU_KHE, NHU_KHE, LUC_HANH, "99999"]
    assert out["registered_code"].tolist() == ["02533", "02527", "02434", "99999"]
    assert isinstance(out["commune_code"].dtype, pd.CategoricalDtype)
    assert records["commune_code"].astype(str).tolist()[0] == "02533"  # input untouched


def test_codes_translate_both_ways(xwalk):
    assert to_new_codes(["02533", "02527", "02434", "99999"], xwalk) == (NHU_KHE, LUC_HANH)
    assert to_old_codes([NHU_KHE], xwalk) == ("02527", "02530", "02533")
    assert to_old_codes([], xwalk) == ()


def test_successors_of_a_split_commune():
    assert successors(THAI_BINH) == ("02212", THAI_BINH)   # part to phường Nông Tiến
    assert successors("02533") == (NHU_KHE,)
