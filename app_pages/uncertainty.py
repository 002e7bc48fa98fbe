"""Uncertainty: placeholder replaced by the full page in this change."""

import streamlit as st

st.title("Uncertainty")
