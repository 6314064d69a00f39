"""Every staff test: a fresh database, its own boundary-set folder, two accounts, no throttle history."""
import pytest

from dashboard.staff import auth
from geo.boundaries.sets import BoundarySets
from tests.staff.helpers import HASH


@pytest.fixture(autouse=True)
def staff_env(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'staff.sqlite3'}")
    monkeypatch.setenv("DVK_BOUNDARY_SETS", str(tmp_path / "sets"))
    monkeypatch.setenv("DVK_STAFF", f"lan:{HASH}, minh:{HASH}")
    monkeypatch.delenv("DVK_RECORDS", raising=False)
    auth.throttle.clear()
    yield
    auth.throttle.clear()


@pytest.fixture
def sets(tmp_path) -> BoundarySets:
    """The boundary sets the app under test reads and writes (DVK_BOUNDARY_SETS)."""
    return BoundarySets(tmp_path / "sets")
