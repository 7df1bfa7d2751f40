"""Data: upload a table, choose the target and the features, see what SMOTE will work with.

An upload is kept on the server (``smote_core.data.store``) under a random token that the URL carries as
``dataset=upload:<token>``: a reload, a restart or the navigation keeps it, and the choices made here are saved with
it and come back. Nobody else is ever offered the file; "Forget this file" removes it at once.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis import diagnostics
from smote_core.data import prepare
from smote_core.data.store import Choices, Expired, StoredUpload

#: The choice widgets: reset for a new file, filled from the saved choices when they are not on screen.
CHOICE_KEYS = ("w_sheet", "w_target", "w_merge_labels", "w_features", "w_categorical", "w_missing")
MISSING = {"drop": "Drop those rows",
           "median": "Fill missing numbers with the column median, categories with the most frequent"}


# ---------------------------------------------------------------------------------------------- the file
def uploader():
    """The file uploader (a new, empty one after “Forget this file”)."""
    limit_mb = st.get_option("server.maxUploadSize")
    days = shared.upload_store().expiry_days
    st.write(
        f"Upload a CSV, TSV, Parquet or Excel file (up to {limit_mb} MB). It is kept on this server for {days:g} "
        "days after its last use, under a random link that only you get (it is in the address bar): a reload "
        "keeps it, and nobody else is offered it. “Forget this file” removes it at once."
    )
    return st.file_uploader(
        "Table file", type=["csv", "tsv", "txt", "parquet", "pq", "xlsx", "xls"],
        key=f"w_upload_{st.session_state.get('_upload_generation', 0)}",
        help="One row per sample; one column holds the class labels.",
    )


def receive(upload) -> None:
    """A file just put in the uploader: read once, kept in the store, made this session's file."""
    if upload is None or st.session_state.get("_upload_file_id") == upload.file_id:
        return
    store = shared.upload_store()
    try:
        token = store.put(upload.getvalue(), upload.name)
    except SmoteError as exc:
        st.error(shared.plain(exc))  # the message quotes file and column names: shown as typed
        st.stop()
    try:
        sheets = shared.stored_sheets(token) if shared.is_workbook(upload.name) else [None]
        shared.stored_table(token, sheets[0])
    except SmoteError as exc:  # not a table: nothing is kept
        store.forget(token)
        st.error(shared.plain(exc))  # the message quotes file and column names: shown as typed
        st.stop()
    st.session_state["_upload_file_id"] = upload.file_id
    for key in CHOICE_KEYS:
        st.session_state.pop(key, None)
    shared.use_upload_token(token)


def no_upload() -> None:
    """What the page says without a file (just forgotten: said, and the address no longer names it)."""
    forgotten = st.session_state.pop("_forgotten", None)
    if forgotten:
        view = st.session_state.get("view")
        if view is not None:
            shared.write_view(view)
        st.success(f"“{shared.plain(forgotten)}” is forgotten: it is no longer on this server.")
    st.info("No file yet. Explore works on the built-in datasets meanwhile.")


def stored_file() -> StoredUpload | None:
    """The session's file from the store (None without one); an expired one is said so and dropped."""
    token = shared.upload_token()
    if token is None:
        return None
    try:
        return shared.upload_store().get(token, content=False)
    except Expired:
        shared.forget_upload()
        st.warning(shared.expired_warning(fallback=False), icon="⚠️")
        return None


def forget(filename: str) -> None:
    """“Forget this file”: out of the store and the session, a new empty uploader, the choices' widgets reset."""
    st.session_state["_forgotten"] = shared.forget_upload() or filename
    st.session_state["_upload_generation"] = st.session_state.get("_upload_generation", 0) + 1
    st.session_state.pop("_upload_file_id", None)
    for key in CHOICE_KEYS:
        st.session_state.pop(key, None)


def file_panel(stored: StoredUpload) -> None:
    """The file's name, how long the server keeps it, and the button that forgets it now."""
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(
        f"**{shared.plain(stored.filename)}** is kept on this server for "
        f"{shared.upload_store().expiry_days:g} days after its last use."
    )
    right.button("Forget this file", icon=":material/delete:", key="forget_upload", on_click=forget,
                 args=(stored.filename,), help="Remove the file from this server now; its links stop working.")


def read_table(stored: StoredUpload) -> tuple[pd.DataFrame, str | None]:
    """The stored file as a table (for a workbook with several sheets, the one picked) and the sheet."""
    sheet = None
    try:
        if shared.is_workbook(stored.filename):
            sheets = shared.stored_sheets(stored.token)
            sheet = sheets[0]
            if len(sheets) > 1:
                if st.session_state.get("w_sheet") not in sheets:
                    st.session_state["w_sheet"] = stored.choices.sheet if stored.choices.sheet in sheets else sheet
                sheet = st.selectbox("Sheet", sheets, key="w_sheet",
                                     help="This workbook has several sheets; pick the table to use.")
        return shared.stored_table(stored.token, sheet), sheet
    except SmoteError as exc:
        st.error(shared.plain(exc))  # the message quotes file and column names: shown as typed
        st.stop()


# ---------------------------------------------------------------------------------------------- the choices
def choose_target(frame: pd.DataFrame, stored: StoredUpload, sheet: str | None) -> str:
    """The target column: the saved choice, else the guess (:func:`smote_core.data.tables.guess_target`)."""
    columns = list(frame.columns)
    if st.session_state.get("w_target") not in columns:
        saved = stored.choices.target
        st.session_state["w_target"] = saved if saved in columns else shared.stored_guess(stored.token, sheet)
    return st.selectbox(
        "Target column (the class labels)", columns, key="w_target",
        help="The guess is a column with a few repeated values, named like target, class, label or diagnosis if "
        "there is one; a column of decimals is never guessed.",
    )


def merge_similar(frame: pd.DataFrame, target: str, saved: Choices) -> tuple[pd.DataFrame, bool]:
    """Labels that differ only by case or spaces, merged when asked; the table and whether they are merged."""
    similar = prepare.near_duplicate_labels(frame[target])
    if not similar:
        return frame, saved.merge_labels
    listed = "; ".join(" / ".join(f"“{shared.plain(v)}”" for v in g) for g in similar)
    st.warning(f"Some class labels differ only by case or spaces: {listed}. They are probably the same class.",
               icon="⚠️")
    if "w_merge_labels" not in st.session_state:
        st.session_state["w_merge_labels"] = bool(saved.merge_labels)
    merge = st.toggle("Treat them as one class", key="w_merge_labels")
    if merge:
        frame = frame.copy()
        frame[target] = prepare.merge_labels(frame[target], similar).to_numpy()
    return frame, merge


def choose_features(frame: pd.DataFrame, target: str, stored: StoredUpload, sheet: str | None) -> tuple[list, list]:
    """The feature columns, and those of them that hold categories: the saved choices for this target, else the
    defaults (numbers, and columns that look like categories)."""
    saved = stored.choices
    options = [c for c in frame.columns if c != target]
    candidates, excluded, categories = shared.stored_columns(stored.token, sheet, target)
    candidates, categories = set(candidates), set(categories)
    auto = [c for c in options if c in candidates or c in categories]
    same_target = saved.target == target
    if st.session_state.get("_features_for") != target or "w_features" not in st.session_state:
        kept = [c for c in saved.features if c in options] if same_target else []
        st.session_state["w_features"] = kept or auto
    st.session_state["_features_for"] = target
    features = st.multiselect(
        "Feature columns", options, key="w_features",
        help="Numeric columns and columns that look like categories are chosen by default.",
    )
    left_out = {c: why for c, why in excluded.items() if c not in categories}
    if left_out:
        st.caption(
            "Left out by default: "
            + "; ".join(f"“{shared.plain(c)}” ({shared.plain(why)})" for c, why in left_out.items())
        )
    numeric = {c for c in features
               if pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c])}

    def looks_categorical(c):
        return c in categories or c not in numeric

    chosen = st.session_state.get("w_categorical")
    if chosen is None or st.session_state.get("_categorical_for") != (target, tuple(features)):
        if chosen is None and same_target:  # back on the page: the saved choice, for the features it knew
            chosen = [c for c in features if c in saved.categorical or (c not in saved.features
                                                                         and looks_categorical(c))]
        elif chosen is not None:  # the features changed: keep what was ticked, new features by their looks
            before = st.session_state.get("_categorical_for", (None, ()))[1]
            chosen = [c for c in features if c in chosen or (c not in before and looks_categorical(c))]
        else:
            chosen = [c for c in features if looks_categorical(c)]
        st.session_state["w_categorical"] = chosen
    st.session_state["_categorical_for"] = (target, tuple(features))
    categorical = st.multiselect(
        "Category columns among the features", features, key="w_categorical",
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


def choose_missing(summary: dict, target: str, features: list, saved: Choices) -> str | None:
    """What to do with rows that have missing values (None: there are none)."""
    if not any(c in summary["missing"] for c in [*features, target]):
        return None
    if st.session_state.get("w_missing") not in MISSING:
        st.session_state["w_missing"] = saved.missing if saved.missing in MISSING else "drop"
    return st.radio(
        "Rows with missing values", list(MISSING), key="w_missing", format_func=MISSING.get,
        help="SMOTE cannot interpolate a missing value. Rows with a missing class label are always dropped.",
    )


def save(stored: StoredUpload, choices: Choices) -> None:
    """Keep the choices with the file: they come back after a reload or a visit to another page."""
    if choices != stored.choices:
        shared.upload_store().set_choices(stored.token, choices)


# ---------------------------------------------------------------------------------------------- what it shows
def summary_panel(frame: pd.DataFrame, target: str, summary: dict) -> None:
    """Rows, columns and imbalance; the first rows; class counts and missing values (``summary``:
    :func:`smote_core.data.tables.summarize` of ``frame``)."""
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
        st.subheader(f"Class counts of “{shared.plain(target)}”")
        counts = pd.Series(summary["class_counts"], name="rows").rename_axis(str(target))
        counts.index = counts.index.map(str)
        st.dataframe(counts, width="stretch",
                     column_config={"rows": st.column_config.NumberColumn("rows", format="localized")})
        if summary["missing"]:
            st.subheader("Missing values")
            st.dataframe(pd.Series(summary["missing"], name="missing").rename_axis("column"), width="stretch")


def scale_note(data: shared.CurrentData) -> None:
    """Which columns dominate the distances when the features' scales differ more than tenfold."""
    try:
        scales = diagnostics.feature_scales(data.X, data.names)
    except SmoteError:
        return
    if scales["mixed"]:
        st.warning(
            shared.plain(scales["sentence"]) + " Explore draws the features standardised (each column in standard "
            "deviations) by default, but SMOTE's neighbour search uses the raw values until you turn on its "
            "**Standardise** switch on Explore (the button beside the same warning there, or the switch in the "
            "sidebar).",
            icon=":material/straighten:",
        )


def ready(data: shared.CurrentData, view) -> None:
    """The file is the session's dataset: said, the view switched to it, and the way to Explore."""
    for note in data.notes:
        st.caption(note)
    shared.set_uploaded(data)
    shared.write_view(view.replace(dataset=data.dataset))
    n_cat = len(data.categorical)
    st.success(
        f"Ready: {len(data.frame):,} rows, {len(data.features):,} features"
        + (f" ({n_cat} of them categories)" if n_cat else "") + f", target “{shared.plain(data.target)}”. "
        "Explore, Compare, Tune k, Learn and Export now show this file (pick another dataset there to leave it)."
    )
    if data.ids is not None:
        st.caption("Exported tables keep " + ", ".join(f"“{shared.plain(c)}”" for c in data.ids.columns)
                   + " for the original rows (empty for synthetic rows).")
    scale_note(data)
    if st.button("Explore this data", type="primary", key="explore_upload"):
        shared.write_view(view.replace(dataset=data.dataset), page="explore")


def main() -> None:
    shared.ensure_router()
    view, link_warnings, _ = shared.view_state(upload_warnings=False)
    st.title("Your data")
    shared.lesson_banner(view)
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    receive(uploader())
    stored = stored_file()
    if stored is None:
        no_upload()
        st.stop()
    file_panel(stored)
    frame, sheet = read_table(stored)
    saved = stored.choices
    target = choose_target(frame, stored, sheet)
    frame, merge = merge_similar(frame, target, saved)
    summary = shared.stored_summary(stored.token, sheet, target, bool(merge))
    choices = Choices(target=target, features=list(saved.features), categorical=list(saved.categorical),
                      missing=saved.missing, merge_labels=bool(merge), sheet=sheet)
    shared.write_view(view.replace(dataset=stored.dataset))  # a reload of this page keeps the file
    try:
        prepare.check_target(frame[target], target)
    except SmoteError as exc:
        st.error(shared.plain(exc))
        save(stored, choices)
        shared.not_ready()
        summary_panel(frame, target, summary)
        st.stop()
    features, categorical = choose_features(frame, target, stored, sheet)
    summary_panel(frame, target, summary)
    if not features:
        save(stored, replace(choices, features=[], categorical=[]))
        shared.not_ready()
        st.warning("Choose at least one feature column.")
        st.stop()
    choices = Choices(target=target, features=list(features), categorical=list(categorical),
                      missing=choose_missing(summary, target, features, saved), merge_labels=bool(merge), sheet=sheet)
    save(stored, choices)
    try:
        data = shared.upload_data(stored, choices)
    except SmoteError as exc:
        st.error(shared.plain(exc))  # the message quotes file and column names: shown as typed
        shared.not_ready()
        st.stop()
    ready(data, view)


main()
