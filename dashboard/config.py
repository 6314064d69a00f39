"""Where the dashboard reads its data from, set by environment variables.

Boundary files are licensed separately and live outside the repository
(default: ../shared/data beside the project), so their paths are
configuration, not code. Records live in the record store (geo/records/store.py):
DATABASE_URL, or by default the SQLite file var/dvk.sqlite3; setting
DVK_RECORDS instead shows that CSV file as it is (read-only, no database).
"""
import os
from dataclasses import dataclass
from pathlib import Path

from geo.records.schema import DEFAULT_RECORDS

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "yen-son"
NATIONAL = ROOT.parent / "shared" / "data" / "vn-communes-2009" / "communes-2009.gpkg"
# The district of the default boundary file (DVK_BOUNDARIES): whose communes records may name.
DEFAULT_SCOPE = ("08", "075")  # Tỉnh Tuyên Quang, Huyện Yên Sơn
# One limit for every file a person hands over (spreadsheets and boundary files, page and command
# line alike); Streamlit's own server.maxUploadSize is this too (.streamlit/config.toml, `make run`).
MAX_UPLOAD_MB = 20


@dataclass(frozen=True)
class Config:
    boundaries: Path
    context: Path
    records: Path
    database_url: str | None = None  # None: the SQLite file var/dvk.sqlite3
    read_only: bool = False  # True when DVK_RECORDS is set: that CSV is read, no database
    boundary_sets: Path = ROOT / "var" / "boundaries"  # versions loaded by staff (geo/boundaries/sets.py)
    national: Path = NATIONAL  # all communes of Vietnam (2009), for any other district or province
    area: tuple[str, str | None] | None = None  # (province, district) shown by default; None: `boundaries`
    max_upload_mb: int = MAX_UPLOAD_MB
    demo: bool = True  # DVK_DEMO: a brand-new store starts with the demo records (False: empty, for a real office)
    base_path: str = ""  # the URL path a reverse proxy serves the app under ("dvk": /dvk/), "" at the root

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 2**20

    @property
    def scope(self) -> tuple[str, str | None]:
        """(province, district) GSO codes whose communes imports, exports and boundary files name:
        the configured area (DVK_AREA), else the default file's district."""
        return self.area or DEFAULT_SCOPE


def parse_area(text: str | None) -> tuple[str, str | None] | None:
    """DVK_AREA "08/075" (a district) or "08" (a whole province), as GSO codes; empty: None."""
    parts = [part.strip() for part in (text or "").split("/") if part.strip()]
    if not parts:
        return None
    return parts[0].zfill(2), parts[1].zfill(3) if len(parts) > 1 else None


def load_config(env=os.environ) -> Config:
    """Settings from DVK_BOUNDARIES, DVK_CONTEXT, DVK_RECORDS, DVK_BOUNDARY_SETS, DVK_NATIONAL,
    DVK_AREA, DVK_MAX_UPLOAD_MB, DVK_DEMO, DVK_BASE_PATH and DATABASE_URL, with the defaults the README names."""
    return Config(
        boundaries=Path(env.get("DVK_BOUNDARIES", SHARED / "communes-2020.geojson")),
        context=Path(env.get("DVK_CONTEXT", SHARED / "tuyen-quang-districts-2019.geojson")),
        records=Path(env.get("DVK_RECORDS", DEFAULT_RECORDS)),
        database_url=env.get("DATABASE_URL") or None,
        read_only=bool(env.get("DVK_RECORDS")),
        boundary_sets=Path(env.get("DVK_BOUNDARY_SETS", ROOT / "var" / "boundaries")),
        national=Path(env.get("DVK_NATIONAL", NATIONAL)),
        area=parse_area(env.get("DVK_AREA")),
        max_upload_mb=_positive_int(env.get("DVK_MAX_UPLOAD_MB"), MAX_UPLOAD_MB),
        demo=(env.get("DVK_DEMO") or "1").strip().lower() not in ("0", "false", "no", "off"),
        base_path=(env.get("DVK_BASE_PATH") or "").strip().strip("/"),
    )


def _positive_int(text: str | None, default: int) -> int:
    """A whole number setting; anything else (empty, "abc", "0") keeps the default."""
    text = (text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else default
