"""`python -m dashboard serve`: the app as a server runs it, behind nginx (README, Deploying).

    python -m dashboard serve [--port 8501] [--address 127.0.0.1]

The one way the deployment starts an app process (deploy/systemd/dvk@.service,
deploy/Dockerfile), so the production settings are written once, here, and
the ones that must agree with the rest of the configuration come from it:
Streamlit's upload limit is DVK_MAX_UPLOAD_MB (the limit the staff pages and
the command line apply; the nginx site is rendered with it too) and its base
URL path is DVK_BASE_PATH. The process is replaced by Streamlit's (exec), so
systemd or Docker supervise and signal Streamlit itself.
"""
from __future__ import annotations

import os
import sys

from dashboard.config import ROOT, Config


def streamlit_argv(config: Config, port: int, address: str) -> list[str]:
    """The `python -m streamlit run` command of one production app process."""
    options = {
        "server.port": port,
        "server.address": address,            # loopback: only the proxy on this machine reaches it
        "server.headless": "true",
        "server.baseUrlPath": config.base_path,
        "server.maxUploadSize": config.max_upload_mb,
        "server.fileWatcherType": "none",     # no watching the code: it changes only by an upgrade
        "server.runOnSave": "false",
        "server.scriptHealthCheckEnabled": "true",  # for `dashboard warm` (ExecStartPost); nginx refuses it
        "client.showErrorDetails": "none",    # visitors see our message; the trace goes to the journal
        "client.toolbarMode": "minimal",     # no Streamlit menu: its items are in English
        "browser.gatherUsageStats": "false",  # offices may have no internet
    }
    flags = [f"--{name}={value}" for name, value in options.items()]
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"), *flags]


def cmd_serve(args, config: Config) -> int:
    """Become the Streamlit server (never returns)."""
    sys.stdout.flush()
    os.chdir(ROOT)  # .streamlit/config.toml and the static/ folder are the repository's
    os.execv(sys.executable, streamlit_argv(config, args.port, args.address))
    return 0  # not reached


def add_serve_parser(commands, common) -> None:
    p = commands.add_parser("serve", parents=[common],
                            help="run one app process with the production settings (behind nginx)")
    p.add_argument("--port", type=int, default=8501, help="the port to listen on (default: 8501)")
    p.add_argument("--address", default="127.0.0.1",
                   help="the address to listen on (default: 127.0.0.1, for a proxy on this machine)")
    p.set_defaults(run=cmd_serve)
