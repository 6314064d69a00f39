"""Entry point: `streamlit run streamlit_app.py`. All logic lives in dashboard/ and geo/."""
from dashboard.app import main

main()
