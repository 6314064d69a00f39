"""The whole country as an area (`?area=country`, “Cả nước” in “Khu vực”), driven by AppTest.

The real country takes minutes to prepare (geo.prepared); here the cache
holds the two-province stand-in of tests/national_set.py under the real
national file's key, so the app takes it for the country. Without the
national file these tests skip, except under CI=true.
"""
import pytest
from streamlit.testing.v1 import AppTest

from geo import prepared
from tests.national_set import NATIONAL, require_national, small_country
from tests.paths import APP


@pytest.fixture
def country_cache(tmp_path, monkeypatch):
    """A cache folder holding the stand-in as the prepared country of the national file."""
    require_national()
    monkeypatch.setenv("DVK_NATIONAL", str(NATIONAL))
    cache = tmp_path / "areas"
    monkeypatch.setattr(prepared, "CACHE", cache)
    prepared.save(small_country()[0], prepared.folder(cache, NATIONAL))
    return cache


def run(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.caption).replace("\\", "")


def districts(at: AppTest) -> list:
    return [s for s in at.selectbox if s.key == "w_district"]


def test_a_link_to_the_whole_country(country_cache):
    at = run({"area": "country", "units": "2025"})
    assert not at.exception and not at.error
    assert at.query_params["area"] == "country" and "province" not in at.query_params
    picker = at.selectbox(key="w_province")
    assert picker.value == "country" and picker.options[0] == "Cả nước"
    assert districts(at) == []  # the country has no district to pick
    assert "Việt Nam" in captions(at) and at.radio(key="w_units").value == "2025"
    assert not at.warning or "“country”" not in at.warning[0].value


def test_picking_the_whole_country_prepares_it_once_when_it_is_missing(tmp_path, monkeypatch):
    require_national()
    monkeypatch.setenv("DVK_NATIONAL", str(NATIONAL))
    monkeypatch.setattr(prepared, "CACHE", tmp_path / "areas")
    calls = []
    monkeypatch.setattr(prepared, "build", lambda whole: calls.append(1) or small_country())
    at = run({"lang": "en"})
    assert at.selectbox(key="w_province").options[0] == "Whole country"
    at.selectbox(key="w_province").set_value("country").run()
    assert not at.exception and not at.error and at.query_params["area"] == "country"
    assert prepared.is_prepared(prepared.folder(tmp_path / "areas", NATIONAL)) and calls == [1]
    assert districts(at) == []
    at.selectbox(key="w_province").set_value("08").run()  # back to a province: its district picker returns
    assert at.query_params["province"] == "08" and "area" not in at.query_params and districts(at)
    at.selectbox(key="w_province").set_value("country").run()
    assert calls == [1]  # prepared once


def test_the_whole_country_needs_the_national_set(tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_NATIONAL", str(tmp_path / "missing.gpkg"))
    at = run({"area": "country"})
    assert not at.exception
    assert "“country”" in at.warning[0].value and "area" not in at.query_params
    assert not [s for s in at.selectbox if s.key == "w_province"]
