"""Figures and exports built from a Projection; no Streamlit."""
