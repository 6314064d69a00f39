"""Streamlit's own upload limit is the staff pages' limit, not more (issue 10, item 14).

Streamlit's upload endpoint takes a file from any session, a viewer's
included, up to server.maxUploadSize; the staff pages never use more than
DVK_MAX_UPLOAD_MB (Config.max_upload_mb). So the server, however it is
started, is told that limit and nothing above it: `.streamlit/config.toml`
for `streamlit run`, and the command `make run` actually runs.
"""
import os
import subprocess
import sys
import tomllib

import pytest

from dashboard.config import load_config
from tests.paths import ROOT


def make_run_upload_limit(env: dict[str, str]) -> int:
    """The --server.maxUploadSize that `make run` hands Streamlit, as the shell would expand it."""
    dry = subprocess.run(["make", "-s", "-n", "run", f"PYTHON={sys.executable}"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120, check=True).stdout
    line = next(line for line in dry.replace("\\\n", " ").splitlines() if "streamlit run" in line)
    words = subprocess.run(["bash", "-c", "printf '%s\\n' " + line.split("streamlit run", 1)[1]], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=120, check=True).stdout.split()
    return int(words[words.index("--server.maxUploadSize") + 1])


def test_config_toml_lets_through_no_more_than_the_pages_take():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == load_config({}).max_upload_mb      # was 25 for 20


def test_streamlit_started_here_uses_that_limit():
    """What a server started from the repository (`streamlit run streamlit_app.py`) reads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    done = subprocess.run([sys.executable, "-c", "import streamlit as st; print(st.get_option('server.maxUploadSize'))"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert int(done.stdout.split()[-1]) == load_config({}).max_upload_mb


@pytest.mark.parametrize("configured", [None, "7", "40"])
def test_make_run_gives_streamlit_exactly_the_configured_limit(configured):
    env = {k: v for k, v in os.environ.items() if k != "DVK_MAX_UPLOAD_MB"}
    if configured:
        env["DVK_MAX_UPLOAD_MB"] = configured
    expected = load_config({"DVK_MAX_UPLOAD_MB": configured} if configured else {}).max_upload_mb
    assert make_run_upload_limit(env) == expected                                  # was the limit + 5


def test_readme_says_what_the_upload_limit_is_and_why():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `DVK_MAX_UPLOAD_MB` |"))
    assert "5 MB above" not in row and "25 in" not in row                       # was "5 MB above it", "25"
    assert "server.maxUploadSize" in row and "any session, a viewer's included" in row
