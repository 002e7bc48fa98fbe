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
    # With client.toolbarMode "minimal" (.streamlit/config.toml) the menu at the
    # top right shows only items set here; having one, it also offers the theme
    # switch (system, light, dark: config.toml sets both variants).
    menu_items={
        "About": "**AI infrastructure planner.** When does the cost of running AI "
        "(inference) overtake the cost of building it (training), and what fleet, energy "
        "and carbon does that imply? Every formula and default is on the Methodology page."
    },
)

# KPI tiles show their whole label and value, never "…" (Streamlit cuts both to one
# line): a label wraps, with two lines kept for it in every narrow tile so the values
# of a row stay level; a value's type follows its tile's width (a 1280 px window with
# the sidebar open leaves ~160 px a tile) and it wraps only beyond that. (A tile is a
# size container, so st.metric(width="content") would collapse: keep tiles stretched.)
st.html(
    """<style>
    [data-testid="stMetric"] { container-type: inline-size; }
    [data-testid="stMetric"] .stMarkdownEllipsis { overflow: visible; text-overflow: clip; }
    [data-testid="stMetric"] .stMarkdownEllipsis,
    [data-testid="stMetric"] .stMarkdownEllipsis p { white-space: normal; }
    [data-testid="stMetric"] [data-testid="stMetricValue"] {
      font-size: clamp(1.5rem, 14cqi, 2.25rem); line-height: 1.25;
    }
    [data-testid="stMetric"] [data-testid="stMetricLabel"] p {
      font-size: var(--kpi-label-size, 0.875rem); line-height: 1.35;
    }
    @container (max-width: 16rem) {
      [data-testid="stMetric"] [data-testid="stMetricLabel"] {
        min-height: calc(2 * 1.35 * var(--kpi-label-size, 0.875rem)); align-items: end;
      }
    }
    </style>"""
)

PAGES = [
    st.Page("app_pages/explore.py", title="Explore", icon=":material/tune:", default=True),
    st.Page("app_pages/accelerators.py", title="Accelerators", icon=":material/memory:"),
    st.Page("app_pages/fleet.py", title="Fleet", icon=":material/warehouse:"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("app_pages/uncertainty.py", title="Uncertainty", icon=":material/ssid_chart:"),
    st.Page("app_pages/actuals.py", title="Actuals", icon=":material/fact_check:"),
    st.Page("app_pages/evidence.py", title="Evidence", icon=":material/verified:"),
    st.Page("app_pages/library.py", title="Library", icon=":material/folder_open:"),
    st.Page("app_pages/present.py", title="Present", icon=":material/slideshow:"),
    st.Page("app_pages/methodology.py", title="Methodology", icon=":material/menu_book:"),
]

nav = st.navigation(PAGES, expanded=True)  # every page listed, none behind "more"
sidebar()
nav.run()
