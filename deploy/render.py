"""Render the nginx site (deploy/nginx/dvk.conf) for one server: `python -m deploy.render`.

    cd /opt/dvk/app && /opt/dvk/venv/bin/python -m deploy.render --env /etc/dvk/dvk.env \\
        --server-name dvk.yenson.tuyenquang.gov.vn \\
        --certificate /etc/ssl/dvk/fullchain.pem --certificate-key /etc/ssl/dvk/privkey.pem \\
        --app-port 8501 [--app-port 8502 ...] > /etc/nginx/sites-available/dvk

The template is an nginx file with @{name} holes (string.Template with "@" as
its delimiter, since nginx's own variables start with "$"). The upload limit
and the base path come from the same environment file as the app processes,
read through dashboard.config, so nginx, Streamlit and the staff pages agree
on them. The cluster test (tests/deploy/) renders the same template for
loopback ports.
"""
from __future__ import annotations

import argparse
import re
import string
import sys
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import Config, load_config

TEMPLATE = Path(__file__).resolve().parent / "nginx" / "dvk.conf"
# What may stand in a directive's argument unquoted: no spaces, ";", "{", "}", quotes or "$".
_WORD = re.compile(r"[A-Za-z0-9._~:/\[\]@+-]+")
_PATH = re.compile(r"(/(?!\.{1,2}(?:/|$))[A-Za-z0-9._~-]+)*")  # no "." or ".." segment: nginx never matches them


class Holes(string.Template):
    delimiter = "@"


@dataclass(frozen=True)
class Site:
    """One server's values for the template."""
    server_name: str
    certificate: str
    certificate_key: str
    upstreams: tuple[str, ...]                 # "127.0.0.1:8501", or "app:8501" in a compose network
    https_listen: tuple[str, ...] = ("443 ssl http2", "[::]:443 ssl http2")
    http_listen: tuple[str, ...] = ("80", "[::]:80")
    https_port_suffix: str = ""                # ":8443" when the https port is not 443
    log_dir: str = "/var/log/nginx"
    cache_dir: str | None = "/var/cache/nginx/dvk"  # nginx's copy of the content-named files; None: none
    max_fails: int = 1
    fail_timeout_s: int = 10


def render(site: Site, config: Config) -> str:
    """The site's nginx configuration; ValueError for a value that would break out of a directive."""
    base = f"/{config.base_path}" if config.base_path else ""
    if not _PATH.fullmatch(base):
        raise ValueError(f"DVK_BASE_PATH {config.base_path!r}: letters, digits, . _ ~ - and / only")
    for value in (site.server_name, site.certificate, site.certificate_key, site.log_dir, site.cache_dir or "x",
                  *site.upstreams):
        if not _WORD.fullmatch(value):
            raise ValueError(f"{value!r} cannot stand in an nginx directive")
    servers = [f"    server {u} max_fails={site.max_fails} fail_timeout={site.fail_timeout_s}s;"
               for u in site.upstreams]
    return Holes(TEMPLATE.read_text(encoding="utf-8")).substitute(
        summary=f"{site.server_name}, {len(site.upstreams)} app process(es): {' '.join(site.upstreams)}",
        upstream_servers="\n".join(servers),
        http_listen=_listen(site.http_listen), https_listen=_listen(site.https_listen),
        https_port_suffix=site.https_port_suffix, server_name=site.server_name, log_dir=site.log_dir,
        certificate=site.certificate, certificate_key=site.certificate_key,
        upload_mb=config.max_upload_mb, body_mb=config.max_upload_mb + 1, base_path=base,
        **_static_cache(site.cache_dir))


# The content-named files, kept by nginx (deploy/nginx/dvk.conf): 30 days unused before they go, at
# most 512 MB (Streamlit's bundle is ~25 MB a release, the country's shapes ~1.4 MB a version).
CACHE_PATH = "proxy_cache_path {dir} levels=1:2 keys_zone=dvk_static:10m max_size=512m inactive=30d use_temp_path=off;"
CACHE_LOCATION = """        proxy_cache dvk_static;
        proxy_cache_valid 200 30d;
        proxy_cache_lock on;
        proxy_cache_lock_timeout 30s;
        proxy_ignore_headers Cache-Control Expires Set-Cookie;
        proxy_hide_header Set-Cookie;
        add_header X-Cache-Status $upstream_cache_status always;"""


def _static_cache(cache_dir: str | None) -> dict[str, str]:
    """The template's cache holes: nginx keeps the content-named files in `cache_dir`, or (None) does not."""
    if cache_dir is None:
        return {"static_cache_path": "", "static_cache": ""}
    return {"static_cache_path": CACHE_PATH.format(dir=cache_dir), "static_cache": CACHE_LOCATION}


def _listen(values: tuple[str, ...]) -> str:
    return "\n".join(f"    listen {value};" for value in values)


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them (comments, blank lines, one level of
    quotes); enough for the settings the site needs."""
    env = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")) or "=" not in line:
            continue
        key, value = (part.strip() for part in line.split("=", 1))
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key] = value
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.render", description=__doc__.splitlines()[0])
    parser.add_argument("--env", type=Path, required=True, help="the app's environment file (/etc/dvk/dvk.env)")
    parser.add_argument("--server-name", required=True, help="the name in the office's certificate")
    parser.add_argument("--certificate", required=True, help="the certificate, full chain (PEM)")
    parser.add_argument("--certificate-key", required=True, help="its private key (PEM)")
    parser.add_argument("--app-port", dest="upstreams", action="append", required=True, metavar="[HOST:]PORT",
                        help="an app process (dvk@PORT.service); repeat for each (default host 127.0.0.1)")
    parser.add_argument("--cache-dir", default=Site.cache_dir,
                        help="where nginx keeps its copy of Streamlit's bundle and the map shapes "
                             "(default %(default)s; 'none': no copy)")
    args = parser.parse_args(argv)
    upstreams = tuple(u if ":" in u else f"127.0.0.1:{u}" for u in args.upstreams)
    cache_dir = None if args.cache_dir == "none" else args.cache_dir
    site = Site(args.server_name, args.certificate, args.certificate_key, upstreams, cache_dir=cache_dir)
    try:
        sys.stdout.write(render(site, load_config(read_env_file(args.env))))
    except (ValueError, OSError) as exc:
        print(f"deploy.render: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
