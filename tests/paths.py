"""Where things are, for tests in any folder: the repository and the separately licensed data beside it."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "streamlit_app.py")
SHARED = ROOT.parent / "shared" / "data"
