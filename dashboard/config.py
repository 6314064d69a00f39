"""Where the dashboard reads its data from, set by environment variables.

Boundary files are licensed separately and live outside the repository
(default: ../shared/data beside the project), so their paths are
configuration, not code. Records live in the record store (geo/store.py):
DATABASE_URL, or by default the SQLite file var/dvk.sqlite3; setting
DVK_RECORDS instead shows that CSV file as it is (read-only, no database).
"""
import os
from dataclasses import dataclass
from pathlib import Path

from geo.records import DEFAULT_RECORDS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "yen-son"
NATIONAL = ROOT.parent / "shared" / "data" / "vn-communes-2009" / "communes-2009.gpkg"


@dataclass(frozen=True)
class Config:
    boundaries: Path
    context: Path
    records: Path
    database_url: str | None = None  # None: the SQLite file var/dvk.sqlite3
    read_only: bool = False  # True when DVK_RECORDS is set: that CSV is read, no database
    boundary_sets: Path = ROOT / "var" / "boundaries"  # versions loaded by staff (geo/boundarysets.py)
    national: Path = NATIONAL  # all communes of Vietnam (2009), for any other district or province
    area: tuple[str, str | None] | None = None  # (province, district) shown by default; None: `boundaries`


def parse_area(text: str | None) -> tuple[str, str | None] | None:
    """DVK_AREA "08/075" (a district) or "08" (a whole province), as GSO codes; empty: None."""
    parts = [part.strip() for part in (text or "").split("/") if part.strip()]
    if not parts:
        return None
    return parts[0].zfill(2), parts[1].zfill(3) if len(parts) > 1 else None


def load_config(env=os.environ) -> Config:
    """Settings from DVK_BOUNDARIES, DVK_CONTEXT, DVK_RECORDS, DVK_BOUNDARY_SETS, DVK_NATIONAL,
    DVK_AREA and DATABASE_URL, with the defaults the README names."""
    return Config(
        boundaries=Path(env.get("DVK_BOUNDARIES", SHARED / "communes-2020.geojson")),
        context=Path(env.get("DVK_CONTEXT", SHARED / "tuyen-quang-districts-2019.geojson")),
        records=Path(env.get("DVK_RECORDS", DEFAULT_RECORDS)),
        database_url=env.get("DATABASE_URL") or None,
        read_only=bool(env.get("DVK_RECORDS")),
        boundary_sets=Path(env.get("DVK_BOUNDARY_SETS", ROOT / "var" / "boundaries")),
        national=Path(env.get("DVK_NATIONAL", NATIONAL)),
        area=parse_area(env.get("DVK_AREA")),
    )
