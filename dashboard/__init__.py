"""The Streamlit UI of the "Dân vận khéo" map dashboard."""
