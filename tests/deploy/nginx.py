"""The deployment of deploy/ brought up on loopback, for tests/browser/test_cluster.py. Not a test module.

Everything comes from the deploy/ files, as a server would run them: the app
processes and the migration are the ExecStart lines of the systemd units (the
venv's python replaced by this one, %i by a free port), with the settings of
deploy/dvk.env.example; the nginx site is deploy/nginx/dvk.conf rendered by
deploy/render.py for loopback ports, a temporary log folder and a self-signed
certificate, inside a main configuration like Debian's /etc/nginx/nginx.conf,
run by Debian's nginx as the current user (`-p` a temporary prefix,
`daemon off` so the test owns the process).
"""
from __future__ import annotations

import datetime
import getpass
import gzip
import http.client
import os
import shlex
import shutil
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from deploy.render import Site, read_env_file, render
from dashboard.config import load_config
from tests.browser.browser_support import REPO, _free_port, skip_or_fail

DEPLOY = REPO / "deploy"
APP_UNIT = DEPLOY / "systemd" / "dvk@.service"
MIGRATE_UNIT = DEPLOY / "systemd" / "dvk-migrate.service"
ENV_EXAMPLE = DEPLOY / "dvk.env.example"
MAIN_CONF = """# like Debian's /etc/nginx/nginx.conf, in a temporary prefix
user {user};
worker_processes 1;
pid {tmp}/nginx.pid;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {site};
}}
"""


def nginx_binary() -> str:
    """Debian's nginx (in /usr/sbin, which a user's PATH may lack); skips, or fails under CI=true."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    if not found:
        skip_or_fail("nginx is missing (apt-get install nginx, or `make nginx`)")
    return found


def unit_command(unit: Path, instance: str = "") -> list[str]:
    """A unit's ExecStart as this machine runs it: %i expanded, the deployment's venv python → this one."""
    lines = [line for line in unit.read_text(encoding="utf-8").splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, lines
    argv = shlex.split(lines[0].removeprefix("ExecStart=").replace("%i", instance))
    assert argv[0] == "/opt/dvk/venv/bin/python", argv
    return [sys.executable, *argv[1:]]


def app_env(database_url: str, folder: Path) -> dict[str, str]:
    """deploy/dvk.env.example as a server would have it, pointed at the test's database and folders."""
    env = read_env_file(ENV_EXAMPLE)
    return env | {"DATABASE_URL": database_url, "DVK_BOUNDARY_SETS": str(folder / "boundary-sets"),
                  # no national set: preparing "Khu vực" would cost each process seconds
                  "DVK_NATIONAL": str(folder / "no-national-set.gpkg")}


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, standing in for the office's own."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
    """One request (no certificate check: the test's certificate is self-signed); headers lower-cased."""
    scheme, _, rest = url.partition("://")
    host, _, path = rest.partition("/")
    if scheme == "https":
        conn = http.client.HTTPSConnection(host, timeout=30, context=ssl._create_unverified_context())
    else:
        conn = http.client.HTTPConnection(host, timeout=30)
    try:
        conn.request(method, "/" + path, headers=headers or {})
        answer = conn.getresponse()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
    finally:
        conn.close()


@dataclass
class Nginx:
    """deploy/nginx/dvk.conf rendered for `upstreams` and run on a free loopback https port."""
    folder: Path
    upstreams: tuple[str, ...]
    https_port: int = field(default_factory=_free_port)
    http_port: int = field(default_factory=_free_port)
    proc: subprocess.Popen | None = None
    tls: bool = True  # False: the site's main server block speaks plain http (a benchmark's light client)
    cache: bool = True  # nginx keeps its copy of the content-named files (deploy/render.py cache_dir)

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.https_port}"

    @property
    def access_log(self) -> Path:
        return self.folder / "dvk.access.log"

    def write(self, env: dict[str, str]) -> Path:
        cert, key = self_signed(self.folder)
        site = Site("localhost", str(cert), str(key), self.upstreams,
                    https_listen=(f"127.0.0.1:{self.https_port}{' ssl http2' if self.tls else ''}",),
                    http_listen=(f"127.0.0.1:{self.http_port}",), https_port_suffix=f":{self.https_port}",
                    log_dir=str(self.folder), cache_dir=str(self.folder / "cache") if self.cache else None)
        (self.folder / "site.conf").write_text(render(site, load_config(env)), encoding="utf-8")
        conf = self.folder / "nginx.conf"
        conf.write_text(MAIN_CONF.format(user=getpass.getuser(), tmp=self.folder, site=self.folder / "site.conf"),
                        encoding="utf-8")
        return conf

    def start(self, env: dict[str, str]) -> None:
        conf = self.write(env)
        argv = [nginx_binary(), "-p", str(self.folder), "-c", str(conf), "-e", str(self.folder / "error.log")]
        checked = subprocess.run([*argv, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.proc = subprocess.Popen([*argv, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if fetch(self.url + "/_stcore/health").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"nginx did not answer:\n{self.error_log()}")

    def error_log(self) -> str:
        paths = [self.folder / "error.log", self.folder / "dvk.error.log"]
        return "\n".join(p.read_text(errors="replace")[-3000:] for p in paths if p.exists())

    def route(self, cookie: str) -> str:
        """Which app process nginx sends a browser with this dvk_route cookie to (from its access log)."""
        path = f"/_stcore/health?route={cookie}"
        assert fetch(self.url + path, {"Cookie": f"dvk_route={cookie}"}).status == 200
        deadline = time.monotonic() + 5
        while True:  # nginx logs a request just after answering it
            lines = [line for line in self.access_log.read_text().splitlines() if path in line]
            if lines or time.monotonic() > deadline:
                return lines[-1].split("upstream=", 1)[1].split()[0]
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


def gunzip_once(body: bytes) -> bytes:
    """The body of a .json.gz: gzip exactly once (nginx must not have compressed it again)."""
    inner = gzip.decompress(body)
    assert inner[:2] != b"\x1f\x8b", "compressed twice"
    return inner
