"""Shared test set-up: the app under test never reads or writes the repository's var/.

The dashboard keeps records in a database (dashboard/data.py, geo/records/store.py),
by default the SQLite file var/dvk.sqlite3. Every test session, including the
app servers the browser tests start (they inherit the environment), uses a
fresh SQLite file in pytest's temporary folder instead.

AppTest runs change the view with full reruns (`full_reruns`, dashboard/rerun.py): after
a rerun of fragments alone AppTest's element tree lacks everything else. The browser
tests' servers, in their own processes, rerun fragments as a visitor's browser does;
tests marked `partial_reruns` do so in AppTest.

`unfixed` is the separately licensed, realistically dirty Yên Sơn boundary file
(overlaps and slivers), read from ../shared/data at test time, never copied.
"""
from pathlib import Path

import geopandas as gpd
import pytest

UNFIXED = Path(__file__).resolve().parents[2] / "shared" / "data" / "yen-son" / "communes-2020-unfixed.geojson"


@pytest.fixture(scope="session")
def unfixed() -> gpd.GeoDataFrame:
    if not UNFIXED.is_file():
        pytest.skip(f"reference file not found: {UNFIXED}")
    return gpd.read_file(UNFIXED)[["gso_code", "name", "pop_census2009", "geometry"]]


@pytest.fixture(scope="session", autouse=True)
def _app_database(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", f"sqlite:///{tmp_path_factory.mktemp('db') / 'dvk.sqlite3'}")
        # a boundary set staff activated in the repository's var/boundaries, or a developer's
        # DVK_AREA, must not change what the tests see
        mp.setenv("DVK_BOUNDARY_SETS", str(tmp_path_factory.mktemp("boundary-sets")))
        mp.delenv("DVK_AREA", raising=False)
        yield


@pytest.fixture(autouse=True)
def full_reruns(request, monkeypatch):
    if request.node.get_closest_marker("partial_reruns") is None:
        monkeypatch.setattr("dashboard.rerun.ENABLED", False)
