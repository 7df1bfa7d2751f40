"""SMOTE Explorer — Streamlit entry point: page config and the page router, nothing else."""

import streamlit as st

st.set_page_config(page_title="SMOTE Explorer", page_icon=":material/scatter_plot:", layout="wide")

explore = st.Page("pages/explore.py", title="Explore", icon=":material/scatter_plot:", url_path="explore")
data = st.Page("pages/data.py", title="Data", icon=":material/table:", url_path="data")
learn = st.Page("pages/learn.py", title="Learn", icon=":material/school:", url_path="learn")
compare = st.Page("pages/compare.py", title="Compare", icon=":material/compare:", url_path="compare")
tune = st.Page("pages/tune.py", title="Tune k", icon=":material/tune:", url_path="tune")
export = st.Page("pages/export.py", title="Export", icon=":material/download:", url_path="export")
draw = st.Page("pages/draw.py", title="Draw", icon=":material/draw:", url_path="draw")


def _home():
    """``/`` shows Explore under its own URL, keeping any query parameters of the link."""
    st.switch_page(explore, query_params=st.query_params.to_dict())


home = st.Page(_home, title="Home", url_path="home", default=True, visibility="hidden")
st.navigation([home, explore, learn, compare, tune, data, draw, export]).run()
