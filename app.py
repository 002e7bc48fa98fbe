"""The frame: page config, navigation over app_pages/, the shared sidebar.

The page files live in app_pages/, not pages/: Streamlit still maps a
direct URL such as /methodology to a script in a folder named pages/ and runs
it without this frame (no sidebar, no levers), which would break share links.

Run with ``make run`` (``streamlit run app.py``).
"""

import streamlit as st

from ui.levers import sidebar

st.set_page_config(
    page_title="AI infrastructure planner",
    page_icon="📈",  # an emoji is drawn locally; a material icon is fetched from a font CDN
    layout="wide",
    initial_sidebar_state="expanded",
)

PAGES = [
    st.Page("app_pages/explore.py", title="Explore", icon=":material/tune:", default=True),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("app_pages/uncertainty.py", title="Uncertainty", icon=":material/ssid_chart:"),
    st.Page("app_pages/library.py", title="Library", icon=":material/folder_open:"),
    st.Page("app_pages/present.py", title="Present", icon=":material/slideshow:"),
    st.Page("app_pages/methodology.py", title="Methodology", icon=":material/menu_book:"),
]

nav = st.navigation(PAGES, expanded=True)  # every page listed, none behind "more"
sidebar()
nav.run()
