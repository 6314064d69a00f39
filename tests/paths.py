"""Where things are, for tests in any folder: the repository and the separately licensed data beside it."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SHARED = ROOT.parent / "shared" / "data"
# The newest migration's revision ("0004"): what a migrated database's alembic_version holds.
NEWEST_REVISION = sorted(p.name[:4] for p in (ROOT / "geo" / "records" / "migrations" / "versions").glob("0*.py"))[-1]
