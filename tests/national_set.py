"""The national commune set for tests of the whole country, and a small stand-in for the country.

The national file (../shared/data/vn-communes-2009, licensed separately) is
read at test time and never copied. Without it these tests skip, except
under CI=true, where a missing file is a failure (CI must not go green by
skipping). Preparing the real country takes minutes (cleaning 9,465
communes); the tests use a "country" of two provinces instead, Cao Bằng
(04) and Tuyên Quang (08, where Yên Sơn's demo records are drawn), built
once per test process (about 5-10 s).
"""
import os
from functools import lru_cache

import pytest

from geo import prepared
from geo.boundaries.national import National, load_national
from geo.prepared import build  # bound here: tests replace prepared.build with small_country
from tests.paths import SHARED

NATIONAL = SHARED / "vn-communes-2009" / "communes-2009.gpkg"
PROVINCES = ("04", "08")  # Cao Bằng, Tuyên Quang
SONG_HIEN = "01267"  # Phường Sông Hiến (Cao Bằng): its 2009 polygon lies wholly inside Đề Thám's


def require_national() -> None:
    """Skip without the national file; under CI=true fail instead."""
    if NATIONAL.is_file():
        return
    reason = f"national commune set not found at {NATIONAL}"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason} (CI=true: not skipping)", pytrace=False)
    pytest.skip(reason)


@lru_cache(maxsize=1)
def national() -> National:
    """The coded national set, loaded once per test process (about 2 s)."""
    return load_national(NATIONAL)


def provinces(whole: National, codes=PROVINCES) -> National:
    """The national set cut down to some provinces, as if it were the whole country."""
    keep = whole.frame["province_code"].isin(codes)
    return National(whole.frame[keep], whole.report[whole.report.index.isin(whole.frame.index[keep])],
                    whole.census[keep])


@lru_cache(maxsize=1)
def small_country() -> tuple[prepared.Country, dict]:
    """The two-province stand-in, built (not stored) once per test process, with its timings."""
    return build(provinces(national()))
