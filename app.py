"""The frame: page config, navigation over pages/, the shared sidebar.

Run with ``make run`` (``streamlit run app.py``).
"""

import streamlit as st

from ui.levers import sidebar

st.set_page_config(
    page_title="AI infrastructure planner",
    page_icon=":material/query_stats:",
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("pages/explore.py", title="Explore", icon=":material/tune:", default=True),
    st.Page("pages/methodology.py", title="Methodology", icon=":material/menu_book:"),
]

nav = st.navigation(PAGES)
sidebar()
nav.run()
