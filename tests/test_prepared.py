"""The whole country, prepared once and kept on disk (geo.prepared), and how it is assembled (geo.dataset).

Built on a two-province stand-in for the country (tests/national_set.py):
the real one takes minutes to clean, which is what the cache is for. The
real country is prepared by `python -m dashboard areas --prepare`.
"""
import json
import os
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pandas as pd
import pytest
import shapely

from geo import prepared
from geo.places.registry import legacy_units
from tests.national_set import NATIONAL, PROVINCES, SONG_HIEN, national, provinces, require_national, small_country


@pytest.fixture(scope="module")
def built() -> prepared.Country:
    require_national()
    return small_country()[0]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder; building is replaced by the stand-in already built (no minutes of cleaning)."""
    require_national()
    calls = []

    def build(whole):
        calls.append(len(whole.frame))
        return small_country()
    monkeypatch.setattr(prepared, "build", build)
    return SimpleNamespace(folder=tmp_path / "areas", calls=calls)


def loader_that_fails(path):
    raise AssertionError("the national set was read although a prepared copy was there")


# --- the country, assembled ----------------------------------------------------------------------

def test_the_country_is_every_coded_commune_with_todays_names(built):
    area = built.area
    frame = provinces(national()).frame
    coded = set(frame["code"].dropna())
    # Sông Hiến's 2009 polygon lies inside Đề Thám's: emptied by cleaning (whole country) or, here, by
    # snapping to the display grid; either way it cannot be drawn, so it is left off and named
    assert set(area.communes["code"]) == coded - {SONG_HIEN}
    display = area.communes.attrs["display"]
    assert display["valid_after"] and display["dropped"] == [SONG_HIEN]  # one coverage, not merely snapped
    assert not area.communes.geometry.is_empty.any()
    assert area.communes["code"].is_unique and area.communes.has_sindex and "label" in area.communes
    names = dict(zip(area.communes["code"], area.communes["name"]))
    assert names["02473"] == "Yên Sơn"  # "Thắng Quân" in 2009, Thị trấn Yên Sơn since 2020
    assert area.title == "Việt Nam"
    assert area.scope == frozenset(u.code for u in legacy_units())  # records of every unit count
    assert len(area.uncoded) == frame["code"].isna().sum() and list(area.uncoded.columns) == ["name", "reason"]


def test_the_country_context_is_the_uncoded_polygons_and_one_outline_per_province(built):
    context = built.area.context
    assert list(context.columns) == ["name", "label", "level", "geometry"]
    lines = context[context["level"] == "province_line"]
    assert sorted(lines["name"]) == ["Cao Bằng", "Tuyên Quang"] and len(PROVINCES) == 2
    assert lines["label"].isna().all()
    uncoded = context[context["level"] == "uncoded"]
    assert len(uncoded) == len(built.area.uncoded) and set(context["level"]) == {"uncoded", "province_line"}
    tuyen_quang = lines.set_index("name").geometry["Tuyên Quang"]
    communes = built.area.communes
    assert communes.geometry.iloc[communes.sindex.query(tuyen_quang, predicate="intersects")].size > 100


def test_the_2025_units_of_the_country_dissolve_its_coverage(built):
    units, communes = built.units_2025, built.area.communes
    assert units is not None and units["code"].is_unique and units.has_sindex and "label" in units
    assert sum(len(m) for m in units["members"]) == len(communes)
    assert isinstance(units["members"].iloc[0], tuple)
    assert shapely.coverage_is_valid(units.geometry.values)
    assert abs(shapely.area(units.geometry.values).sum() - shapely.area(communes.geometry.values).sum()) < 1e-9
    assert units["approximate"].any() and not units["approximate"].all()


# --- kept on disk ----------------------------------------------------------------------------------

def test_the_prepared_country_reads_back_as_it_was_built(built, tmp_path):
    where = prepared.save(built, tmp_path / "areas" / "k")
    back = prepared.load(where)
    for before, after in ((built.area.communes, back.area.communes), (built.units_2025, back.units_2025)):
        assert list(after["code"]) == list(before["code"]) and after["code"].dtype == object
        assert list(after["name"]) == list(before["name"])
        assert after.geometry.geom_equals_exact(before.geometry, 0).all()
        assert after["label"].geom_equals(before["label"]).all() and after.has_sindex
    assert json.dumps(back.area.communes.attrs) == json.dumps(built.area.communes.attrs)  # NaN == NaN
    assert list(back.units_2025["members"]) == list(built.units_2025["members"])
    pd.testing.assert_frame_equal(back.area.uncoded.astype(str), built.area.uncoded.astype(str).reset_index(drop=True))
    assert list(back.area.context["level"]) == list(built.area.context["level"])
    assert (back.area.title, back.area.scope) == (built.area.title, built.area.scope)
    assert sorted(p.name for p in where.iterdir()) == ["country-communes.parquet", "country-context.parquet",
                                                       "country-units-2025.parquet", "country.json"]


def test_prepare_builds_once_then_reads_the_copy(cache):
    first = prepared.prepare(NATIONAL, cache.folder, loader=lambda path: national())
    assert first.built and cache.calls == [len(national().frame)] and first.error is None
    assert first.folder == cache.folder / prepared.key(NATIONAL) and prepared.is_prepared(first.folder)
    assert set(first.seconds) == {"national", "communes", "units_2025", "save"}
    assert first.sizes["country-communes.parquet"] > 10_000
    again = prepared.prepare(NATIONAL, cache.folder, loader=loader_that_fails)
    assert not again.built and cache.calls == [len(national().frame)] and set(again.seconds) == {"load"}
    assert list(again.country.area.communes["code"]) == list(first.country.area.communes["code"])
    assert [p.name for p in cache.folder.iterdir() if p.is_dir()] == [first.folder.name]  # no temporary one left


def test_processes_preparing_at_once_wait_for_the_first(cache):
    """Ten threads stand in for processes (the lock is a file lock): one builds, the others read its copy."""
    with ThreadPoolExecutor(10) as pool:
        done = list(pool.map(lambda _: prepared.prepare(NATIONAL, cache.folder, loader=lambda p: national()),
                             range(10)))
    assert len(cache.calls) == 1 and sum(d.built for d in done) == 1
    assert {len(d.country.area.communes) for d in done} == {len(small_country()[0].area.communes)}


def test_the_key_follows_the_national_files_content_and_the_preparation(tmp_path, monkeypatch):
    one, same, other = tmp_path / "a.gpkg", tmp_path / "b.gpkg", tmp_path / "c.gpkg"
    one.write_bytes(b"national set, version 1")
    same.write_bytes(b"national set, version 1")
    other.write_bytes(b"national set, version 2")
    assert prepared.key(one) == prepared.key(same) != prepared.key(other)
    assert len(prepared.key(one)) == 16 and prepared.folder(tmp_path, one) == tmp_path / prepared.key(one)
    before = prepared.key(one)
    monkeypatch.setattr(prepared, "FORMAT", prepared.FORMAT + 1)
    assert prepared.key(one) != before


def test_a_copy_another_process_wrote_first_is_kept(built, tmp_path):
    where = prepared.save(built, tmp_path / "k")
    manifest = json.loads((where / prepared.MANIFEST).read_text(encoding="utf-8"))
    (where / "theirs").write_text("")
    assert prepared.save(built, where) == where  # the rename finds a complete copy: ours is dropped
    assert (where / "theirs").exists() and json.loads((where / prepared.MANIFEST).read_text()) == manifest
    assert [p.name for p in tmp_path.iterdir()] == ["k"]


def test_an_incomplete_or_damaged_copy_is_built_again(cache):
    where = cache.folder / prepared.key(NATIONAL)
    where.mkdir(parents=True)
    (where / prepared.FILES["communes"]).write_bytes(b"half a file")  # no manifest: never complete
    assert not prepared.is_prepared(where)
    assert prepared.prepare(NATIONAL, cache.folder, loader=lambda path: national()).built
    (where / prepared.FILES["communes"]).write_bytes(b"not parquet")  # a manifest, but a broken frame
    again = prepared.prepare(NATIONAL, cache.folder, loader=lambda path: national())
    assert again.built and len(cache.calls) == 2 and prepared.load(where) is not None


def test_a_cache_that_cannot_be_written_still_gives_the_country(cache, tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    done = prepared.prepare(NATIONAL, blocked / "areas", loader=lambda path: national())
    assert done.built and done.error and len(done.country.area.communes) > 100
    assert not os.path.exists(blocked / "areas")
