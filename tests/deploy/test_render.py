"""deploy/render.py and dashboard/cli/serve.py: the nginx site and the app process agree on the settings."""
import subprocess

import pytest

from dashboard.cli.serve import streamlit_argv
from dashboard.config import load_config
from deploy.render import Site, read_env_file, render
from tests.deploy.nginx import ENV_EXAMPLE, MAIN_CONF, nginx_binary, self_signed

SITE = Site("dvk.example.vn", "/etc/ssl/dvk/fullchain.pem", "/etc/ssl/dvk/privkey.pem",
            ("127.0.0.1:8501", "127.0.0.1:8502"))


def test_the_upload_limit_and_base_path_come_from_the_apps_environment_file(tmp_path):
    env = tmp_path / "dvk.env"
    env.write_text("# comment\nDVK_MAX_UPLOAD_MB=35\nDVK_BASE_PATH='/dvk/'\nDVK_STAFF='lan:scrypt$1$2'\n")
    config = load_config(read_env_file(env))
    assert read_env_file(env)["DVK_STAFF"] == "lan:scrypt$1$2"
    site = render(SITE, config)
    assert "client_max_body_size 36m;" in site and "location /dvk/ {" in site
    assert "server 127.0.0.1:8502 max_fails=1 fail_timeout=10s;" in site
    argv = streamlit_argv(config, 8502, "127.0.0.1")
    assert "--server.maxUploadSize=35" in argv and "--server.baseUrlPath=dvk" in argv
    assert "--client.showErrorDetails=none" in argv and "--server.headless=true" in argv


@pytest.mark.parametrize("bad", [{"server_name": "x; include /etc/passwd"}, {"upstreams": ("a b",)},
                                 {"certificate": "/tmp/a{b}"}])
def test_a_value_that_would_break_out_of_a_directive_is_refused(bad):
    with pytest.raises(ValueError):
        render(Site(**{**SITE.__dict__, **bad}), load_config({}))
    with pytest.raises(ValueError):
        render(SITE, load_config({"DVK_BASE_PATH": "a;b"}))


@pytest.mark.parametrize("path", ["..", "a/..", ".", "a/./b"])
def test_a_base_path_with_a_dot_segment_is_refused(path):
    """nginx never matches a location with "." or ".." in it: the site would serve nothing."""
    with pytest.raises(ValueError):
        render(SITE, load_config({"DVK_BASE_PATH": path}))


def test_the_production_site_passes_nginx_t(tmp_path):
    cert, key = self_signed(tmp_path)
    site = tmp_path / "site.conf"
    production = Site(**{**SITE.__dict__, "certificate": str(cert), "certificate_key": str(key)})
    site.write_text(render(production, load_config(read_env_file(ENV_EXAMPLE))).replace("/var/log/nginx", str(tmp_path))
                    .replace("/var/cache/nginx/dvk", str(tmp_path / "cache")))
    conf = tmp_path / "nginx.conf"
    conf.write_text(MAIN_CONF.format(user="root", tmp=tmp_path, site=site))
    checked = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf), "-e",
                              str(tmp_path / "error.log")], capture_output=True, text=True)
    assert checked.returncode == 0 and "syntax is ok" in checked.stderr, checked.stderr


def test_nginx_keeps_the_content_named_files_unless_told_not_to():
    """Streamlit's bundle and the map shapes: one copy from the app process, then nginx's own."""
    kept = render(SITE, load_config({}))
    assert "proxy_cache_path /var/cache/nginx/dvk " in kept
    static, shapes = kept.split("location ^~ /static/", 1)[1], kept.split('location ~ "^/app/static/geo/', 1)[1]
    for location in (static, shapes):
        block = location.split("\n    }", 1)[0]
        assert "proxy_cache dvk_static;" in block and "proxy_cache_lock on;" in block
    page = kept.split("location / {", 1)[1].split("\n    }", 1)[0]
    assert "proxy_cache" not in page  # the page and the websocket: never
    plain = render(Site(**{**SITE.__dict__, "cache_dir": None}), load_config({}))
    assert "proxy_cache_path" not in plain and "proxy_cache dvk_static" not in plain
