"""`python -m dashboard warm`: run the app's script once as soon as the server answers.

A Streamlit process imports the dashboard and loads the data on its first run,
which a visitor would otherwise wait for (~5-9 s on a small server). Streamlit's
script health check (`server.scriptHealthCheckEnabled`, which `make run` and
`python -m dashboard serve` turn on) runs the whole script in a session of its
own; calling it right after the server starts (`make run`, deploy/'s systemd
unit) leaves the process warm.
"""
from __future__ import annotations

import time
import urllib.error
import urllib.request

from dashboard.cli.output import OK, REJECTED, say
from dashboard.config import Config
from dashboard.words.i18n import number, t

HEALTH_PATH = "_stcore/script-health-check"
NOT_THE_CHECK = 404  # reported as such: the path answered, but not with the script health check


def cmd_warm(args, config: Config) -> int:
    """Ask the script health check until it answers (the server may still be starting), or time out."""
    base = f"/{config.base_path}" if config.base_path else ""  # DVK_BASE_PATH: the app answers under it
    url = args.url.rstrip("/") + base + "/" + HEALTH_PATH
    started = time.monotonic()
    while True:
        status = _ask(url)
        elapsed = time.monotonic() - started
        if status == 200:
            say(t("cli_warm_done", args.lang, seconds=number(elapsed, args.lang, 1)))
            return OK
        if status is not None or elapsed > args.timeout:  # a server that answers otherwise will not change its mind
            say(t("cli_warm_failed", args.lang, url=url, status=status or "–"), err=True)
            return REJECTED
        time.sleep(0.5)


def _ask(url: str) -> int | None:
    """The HTTP status of `url`, or None when nothing answers yet. A 200 counts only with the check's
    own answer, "ok": with the check off, Streamlit answers any path with its page (200, HTML)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status if response.read(16).strip() == b"ok" else NOT_THE_CHECK
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None


def add_warm_parser(commands, common) -> None:
    p = commands.add_parser("warm", parents=[common],
                            help="run the app's script once as soon as the server answers, so no visitor waits "
                                 "for the first load")
    p.add_argument("--url", default="http://localhost:8501",
                   help="the app process's address, without DVK_BASE_PATH, which is added (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=120, help="seconds to wait for the server (default: 120)")
    p.set_defaults(run=cmd_warm)
