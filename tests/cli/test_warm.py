"""`python -m dashboard warm`: it waits for the server, asks its script health check once, and says how it went."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dashboard.cli.main import main
from dashboard.cli.warm import HEALTH_PATH


def _server(status: int, prefix: str = "", body: bytes = b"ok"):
    """A local HTTP server answering `status` to the health check path under `prefix` (404 elsewhere);
    its URL and the paths asked."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(status if self.path == prefix + "/" + HEALTH_PATH else 404)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/", asked


@pytest.fixture
def health():
    servers = []

    def start(status: int, prefix: str = "", body: bytes = b"ok"):
        server, url, asked = _server(status, prefix, body)
        servers.append(server)
        return url, asked
    yield start
    for server in servers:
        server.shutdown()


def test_warm_runs_the_script_once_and_says_the_server_is_ready(health, capsys):
    url, asked = health(200)
    assert main(["warm", "--url", url]) == 0
    assert asked == ["/" + HEALTH_PATH]
    assert "Máy chủ đã sẵn sàng" in capsys.readouterr().out


def test_a_server_without_the_health_check_is_reported_not_waited_for(health, capsys):
    url, asked = health(404)
    assert main(["warm", "--url", url, "--lang", "en", "--timeout", "30"]) == 2
    assert len(asked) == 1
    err = capsys.readouterr().err
    assert "status 404" in err and "scriptHealthCheckEnabled" in err


def test_no_server_at_all_ends_after_the_timeout(capsys):
    assert main(["warm", "--url", "http://127.0.0.1:9/", "--timeout", "1"]) == 2
    assert "mã trả về –" in capsys.readouterr().err


def test_warm_asks_under_the_base_path_the_app_is_served_at(health, monkeypatch, capsys):
    """Behind a proxy path (DVK_BASE_PATH=dvk) the app answers under /dvk/: so does its health check."""
    url, asked = health(200, prefix="/dvk")
    monkeypatch.setenv("DVK_BASE_PATH", "dvk")
    assert main(["warm", "--url", url]) == 0
    assert asked == ["/dvk/" + HEALTH_PATH]


def test_a_server_whose_check_is_off_is_not_taken_for_ready(health, capsys):
    """With the check off Streamlit answers every path with its page, status 200: that is not "ready"."""
    url, asked = health(200, body=b"<!doctype html><title>Streamlit</title>")
    assert main(["warm", "--url", url, "--timeout", "5"]) == 2
    assert len(asked) == 1
