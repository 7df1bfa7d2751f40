"""Data: upload a table, choose the target and the features, see what SMOTE will work with."""

import pandas as pd
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.data import prepare, tables


def no_upload() -> None:
    """What the page says before a file is chosen (or after it was removed from the uploader)."""
    current = shared.uploaded()
    if current is not None:
        st.success(
            f"Using **{shared.plain(current.title)}**: {len(current.frame):,} rows, target "
            f"“{shared.plain(current.target)}”, {len(current.features)} features. Choose “Uploaded” as the dataset "
            "on Explore."
        )
    else:
        st.info("No file yet. Explore works on the built-in datasets meanwhile.")


def read_table(upload) -> pd.DataFrame:
    """The uploaded file as a table (for a workbook with several sheets, the one picked)."""
    raw = upload.getvalue()
    try:
        sheet = None
        if upload.name.lower().endswith((".xlsx", ".xls")):
            sheets = tables.excel_sheets(raw)
            if len(sheets) > 1:
                sheet = st.selectbox("Sheet", sheets, help="This workbook has several sheets; pick the table to use.")
        return tables.load_table(raw, upload.name, sheet=sheet)
    except SmoteError as exc:
        st.error(str(exc))
        st.stop()


def choose_target(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The target column, checked; labels that differ only by case or spaces merged when asked."""
    columns = list(frame.columns)
    guess = tables.guess_target(frame)
    target = st.selectbox(
        "Target column (the class labels)", columns, index=columns.index(guess),
        help="Defaults to a column named target, class, label or y; otherwise the last column.",
    )
    similar = prepare.near_duplicate_labels(frame[target])
    if similar:
        listed = "; ".join(" / ".join(f"“{shared.plain(v)}”" for v in g) for g in similar)
        st.warning(f"Some class labels differ only by case or spaces: {listed}. They are probably the same class.",
                   icon="⚠️")
        if st.toggle("Treat them as one class", value=True, key="w_merge_labels"):
            frame = frame.assign(**{target: prepare.merge_labels(frame[target], similar).to_numpy()})
    try:
        prepare.check_target(frame[target], target)
    except SmoteError as exc:
        st.error(f"{exc}")
        st.stop()
    return frame, target


def choose_features(frame: pd.DataFrame, target: str) -> tuple[list, list]:
    """The feature columns, and those of them that hold categories."""
    candidates, excluded = tables.split_features(frame, target)
    categories = tables.category_columns(frame, target)
    features = st.multiselect(
        "Feature columns", [c for c in frame.columns if c != target],
        default=[c for c in frame.columns if c in candidates or c in categories],
        help="Numeric columns and columns that look like categories are chosen by default.",
    )
    left_out = {c: why for c, why in excluded.items() if c not in categories}
    if left_out:
        st.caption(
            "Left out by default: " + "; ".join(f"“{shared.plain(c)}” ({why})" for c, why in left_out.items())
        )
    numeric = {c for c in features
               if pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c])}
    categorical = st.multiselect(
        "Category columns among the features", features,
        default=[c for c in features if c in categories or c not in numeric],
        help="Values that name a group (colour, country, yes/no) rather than measure an amount. Number codes such "
        "as 1/2/3 can be categories too: add them here.",
    )
    if categorical:
        st.info(
            f"{len(categorical)} category column(s): {', '.join(f'“{shared.plain(c)}”' for c in categorical)}. "
            "SMOTE interpolates numbers, so on Explore they are one-hot encoded (one 0/1 column per category) — and "
            "plain SMOTE then makes fractions such as 0.37 “red” + 0.63 “blue”, which no real row has. SMOTE-NC "
            "(numbers and categories) and SMOTE-N (categories only) vote for a category among the neighbours "
            "instead: pick them under Sampler on Explore.",
            icon=":material/category:",
        )
    return features, categorical


def summary_panel(frame: pd.DataFrame, target: str) -> None:
    """Rows, columns and imbalance; the first rows; class counts and missing values."""
    summary = tables.summarize(frame, target)
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
        st.dataframe(counts, width="stretch",
                     column_config={"rows": st.column_config.NumberColumn("rows", format="localized")})
        if summary["missing"]:
            st.subheader("Missing values")
            st.dataframe(pd.Series(summary["missing"], name="missing").rename_axis("column"), width="stretch")


def prepared_table(frame: pd.DataFrame, target: str, features: list, categorical: list) -> pd.DataFrame:
    """The table SMOTE will work with: missing values handled as chosen."""
    how = None
    if frame[features + [target]].isna().to_numpy().any():
        how = st.radio(
            "Rows with missing values",
            ["drop", "median"],
            format_func={"drop": "Drop those rows",
                         "median": "Fill missing numbers with the column median, categories with the most "
                         "frequent"}.get,
            help="SMOTE cannot interpolate a missing value. Rows with a missing class label are always dropped.",
        )
    try:
        prepared, messages = prepare.prepare_frame(frame, target, features, missing=how, categorical=categorical)
    except SmoteError as exc:
        st.error(str(exc))
        st.stop()
    for m in messages:
        st.caption(m)
    return prepared


def main() -> None:
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
        no_upload()
        st.stop()
    frame, target = choose_target(read_table(upload))
    features, categorical = choose_features(frame, target)
    summary_panel(frame, target)
    if not features:
        st.warning("Choose at least one feature column.")
        st.stop()
    prepared = prepared_table(frame, target, features, categorical)
    shared.set_uploaded(prepared, upload.name, target, features, categorical)
    st.success(
        f"Ready: {len(prepared):,} rows, {len(features):,} features"
        + (f" ({len(categorical)} of them categories)" if categorical else "") + f", target “{shared.plain(target)}”. "
        "Explore now offers “Uploaded” as a dataset."
    )
    if st.button("Explore this data", type="primary"):
        view = st.session_state.get("view") or shared.ViewState()
        shared.write_view(view.replace(dataset=shared.UPLOADED), page="explore")


main()
