"""Entry point: `streamlit run streamlit_app.py`. All logic lives in dashboard/ and geo/.

The process's first run imports the dashboard (~5 s): our own message is on
screen meanwhile (dashboard/starting.py), not a blank page.
"""
import sys

if "dashboard.app" not in sys.modules:
    from dashboard.starting import starting

    with starting():
        import dashboard.app  # noqa: F401

from dashboard.app import main

main()
