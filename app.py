"""SMOTE Explorer — Streamlit entry point: page config and the page router, nothing else."""

import streamlit as st

st.set_page_config(page_title="SMOTE Explorer", page_icon="🔬", layout="wide")

pages = [
    st.Page("pages/explore.py", title="Explore", icon="🔎", url_path="explore", default=True),
    st.Page("pages/data.py", title="Data", icon="📄", url_path="data"),
]
st.navigation(pages).run()
