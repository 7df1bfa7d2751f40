"""Data: upload a table, choose the target and the features, see what SMOTE will work with."""

import pandas as pd
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError, explorer, io

shared.ensure_router()

st.title("Your data")
limit_mb = st.get_option("server.maxUploadSize")
st.write(
    f"Upload a CSV, TSV, Parquet or Excel file (up to {limit_mb} MB). It stays in your browser session only: "
    "nothing is stored on the server after you leave."
)

upload = st.file_uploader(
    "Table file", type=["csv", "tsv", "txt", "parquet", "pq", "xlsx", "xls"], key="w_upload",
    help="One row per sample; one column holds the class labels.",
)

if upload is None:
    current = shared.uploaded()
    if current is not None:
        st.success(
            f"Using **{shared.plain(current.title)}**: {len(current.frame):,} rows, target “{shared.plain(current.target)}”, "
            f"{len(current.features)} features. Choose “Uploaded” as the dataset on Explore."
        )
    else:
        st.info("No file yet. Explore works on the built-in datasets meanwhile.")
    st.stop()

raw = upload.getvalue()
try:
    sheet = None
    if upload.name.lower().endswith((".xlsx", ".xls")):
        sheets = io.excel_sheets(raw)
        if len(sheets) > 1:
            sheet = st.selectbox("Sheet", sheets, help="This workbook has several sheets; pick the table to use.")
    frame = io.load_table(raw, upload.name, sheet=sheet)
except SmoteError as exc:
    st.error(str(exc))
    st.stop()

columns = list(frame.columns)
guess = io.guess_target(frame)
target = st.selectbox(
    "Target column (the class labels)", columns, index=columns.index(guess),
    help="Defaults to a column named target, class, label or y; otherwise the last column.",
)
similar = explorer.near_duplicate_labels(frame[target])
if similar:
    listed = "; ".join(" / ".join(f"“{shared.plain(v)}”" for v in g) for g in similar)
    st.warning(f"Some class labels differ only by case or spaces: {listed}. They are probably the same class.",
               icon="⚠️")
    if st.toggle("Treat them as one class", value=True, key="w_merge_labels"):
        frame = frame.assign(**{target: explorer.merge_labels(frame[target], similar).to_numpy()})
try:
    explorer.check_target(frame[target], target)
except SmoteError as exc:
    st.error(f"{exc}")
    st.stop()
candidates, excluded = io.split_features(frame, target)
features = st.multiselect(
    "Feature columns", [c for c in columns if c != target], default=candidates,
    help="Numeric columns are chosen by default. SMOTE interpolates numbers, so text columns cannot be features.",
)
if excluded:
    st.caption(
        "Left out by default: " + "; ".join(f"“{shared.plain(c)}” ({why})" for c, why in excluded.items())
    )
    if any(why in ("text column", "categorical") for why in excluded.values()):
        st.info(
            "Category columns cannot simply be one-hot encoded for SMOTE: interpolating between a 0 and a 1 makes "
            "fractions such as 0.37 “red”, which no real row has. SMOTE-NC (numbers and categories) and SMOTE-N "
            "(categories only) vote for a category among the neighbours instead; they are in the library "
            "(`smote_core.variants.SMOTENC`, `SMOTEN`) and not yet in this app, so these columns are left out here.",
            icon=":material/category:",
        )

summary = io.summarize(frame, target)
c1, c2, c3 = st.columns(3)
c1.metric("Rows", f"{summary['n_rows']:,}")
c2.metric("Columns", f"{summary['n_cols']:,}")
ratio = summary.get("imbalance_ratio")
c3.metric("Imbalance (majority : minority)", f"{ratio:.1f} : 1" if ratio else "—")

left, right = st.columns([2, 1])
with left:
    st.subheader("First rows")
    st.dataframe(frame.head(20), width="stretch")
with right:
    st.subheader("Class counts")
    counts = pd.Series(summary["class_counts"], name="rows").rename_axis(target)
    counts.index = counts.index.map(str)
    st.dataframe(counts, width="stretch")
    if summary["missing"]:
        st.subheader("Missing values")
        st.dataframe(pd.Series(summary["missing"], name="missing").rename_axis("column"), width="stretch")

if not features:
    st.warning("Choose at least one feature column.")
    st.stop()

how = None
if frame[features + [target]].isna().to_numpy().any():
    how = st.radio(
        "Rows with missing values",
        ["drop", "median"],
        format_func={"drop": "Drop those rows", "median": "Fill missing features with the column median"}.get,
        help="SMOTE cannot interpolate a missing value. Rows with a missing class label are always dropped.",
    )
try:
    prepared, messages = explorer.prepare_frame(frame, target, features, missing=how)
except SmoteError as exc:
    st.error(str(exc))
    st.stop()
for m in messages:
    st.caption(m)

data = shared.set_uploaded(prepared, upload.name, target, features)
st.success(
    f"Ready: {len(prepared):,} rows, {len(features)} features, target “{shared.plain(target)}”. "
    "Explore now offers “Uploaded” as a dataset."
)
if st.button("Explore this data", type="primary"):
    view = st.session_state.get("view") or shared.ViewState()
    st.switch_page("pages/explore.py", query_params=view.replace(dataset=shared.UPLOADED).to_query())
