# The two commands the README starts with: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8501
CHROMIUM := /usr/bin/chromium

.PHONY: install chromium nginx run test test-store

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r requirements.txt

# Browser tests drive Debian's Chromium (Playwright cannot download its own here).
chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
	  || [ "$$CI" != "true" ] || (echo "chromium could not be installed" && exit 1)

# The cluster test (tests/browser/test_cluster.py) runs Debian's nginx as the current user, on loopback.
nginx:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null) \
	  || [ "$$CI" != "true" ] || (echo "nginx could not be installed" && exit 1)

# Streamlit's own upload limit is fixed at start: exactly DVK_MAX_UPLOAD_MB (dashboard/config.py), what the
# staff pages take, since Streamlit's upload endpoint accepts files from any session, a viewer's too.
# `dashboard warm` runs the script once as soon as the server answers: the first visitor finds it warm.
run: install
	$(PYTHON) -m dashboard warm --url http://localhost:$(PORT) & \
	$(PYTHON) -m streamlit run streamlit_app.py --server.port $(PORT) --server.scriptHealthCheckEnabled true \
	  --server.maxUploadSize $$($(PYTHON) -c 'from dashboard.config import load_config; print(load_config().max_upload_mb)')

test: install chromium nginx
	$(PYTHON) -m pytest

# The store tests on SQLite and on a throwaway PostgreSQL server (.ci/postgres.sh).
test-store: install
	@pg_env="$$(.ci/postgres.sh start)" && eval "$$pg_env" \
	  && trap '.ci/postgres.sh stop "$$DVK_PG_DIR"' EXIT \
	  && $(PYTHON) -m pytest -q tests/records/test_store.py
