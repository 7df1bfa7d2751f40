"""Export: the resampled data with provenance, the provenance alone, code that reproduces it, the figure."""

import io as _io

import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.data import tables
from smote_core.samplers.registry import SAMPLERS
from smote_core.views import export
from smote_core.views.figures import escape_text
from smote_core.views.view_state import ViewState


def data_downloads(res, data: shared.CurrentData, stem: str) -> None:
    table = export.resampled_frame(res, data.names, data.target, ids=data.ids)
    provenance = export.provenance_frame(res)
    st.subheader("Resampled data")
    kept = ""
    if data.ids is not None:
        kept = (" " + ", ".join(f"“{shared.plain(c)}”" for c in data.ids.columns)
                + " (left out of the features) name the original rows and are empty for synthetic rows.")
    st.caption(
        f"{len(table):,} rows: the originals (less any a cleaning step removed), then "
        f"{int(table['is_synthetic'].sum()):,} synthetic rows, each with its parent, neighbour and λ.{kept} Text "
        "cells that a spreadsheet would run as a formula are neutralised."
    )
    note = export.provenance_note(res)
    if note:
        st.caption(note)
    st.dataframe(table.tail(8), width="stretch")
    c1, c2, c3 = st.columns(3)
    c1.download_button("Resampled data (CSV)", tables.to_csv_bytes(table), f"{stem}_resampled.csv", "text/csv")
    buf = _io.BytesIO()
    table.to_parquet(buf, index=False)
    c2.download_button("Resampled data (Parquet)", buf.getvalue(), f"{stem}_resampled.parquet",
                       "application/octet-stream")
    c3.download_button("Provenance only (CSV)", tables.to_csv_bytes(provenance), f"{stem}_provenance.csv",
                       "text/csv")


def code_download(view: ViewState, data: shared.CurrentData, stem: str) -> None:
    st.subheader("Reproduce it in Python")
    csv_name = f"{stem}_original.csv"
    originals = data.frame[data.features + [data.target]]
    st.download_button("Original data (CSV), for the code below", tables.to_csv_bytes(originals), csv_name,
                       "text/csv")
    st.code(
        export.python_snippet(
            variant=view.variant, k=view.k, ratio=view.ratio, seed=view.seed, y=data.y, feature_names=data.features,
            target=data.target, csv_name=csv_name, standardize=view.standardize, params=view.sampler_params(),
            categorical=data.categorical,
        ),
        language="python",
    )


def figure_download(view: ViewState, data: shared.CurrentData, stem: str) -> None:
    st.subheader("The figure")
    k = f" · k = {view.k}" if SAMPLERS[view.variant].takes_k else ""
    title = f"{escape_text(data.title)} · {SAMPLERS[view.variant].title}{k} · seed = {view.seed}"
    fig = shared.view_figure(data, view, title=title).figure
    st.download_button("Figure (interactive HTML, works offline)", fig.to_html(include_plotlyjs=True, full_html=True),
                       f"{stem}_figure.html", "text/html")
    st.caption("For a PNG, use the camera button above the plot on Explore.")


def main() -> None:
    shared.ensure_router()
    st.title("Export")
    view, link_warnings, _ = shared.view_state()
    shared.lesson_banner(view)
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    if view.dataset not in shared.dataset_names():
        view = view.replace(dataset="moons")
    shared.write_view(view)  # a reload of this page shows the same data
    data = shared.current_data(view.dataset, view.n)
    st.write(
        f"The current Explore view: **{shared.plain(data.title)}**, {SAMPLERS[view.variant].title}, "
        f"{f'k = {view.k}' if SAMPLERS[view.variant].takes_k else 'no k'}, "
        f"ratio = {view.ratio:g}, seed = {view.seed}{', standardised neighbour search' if view.standardize else ''}."
    )
    try:
        res = shared.resample_view(data, view)
    except SmoteError as exc:
        st.error(f"{exc} Change the view on Explore, then come back.")
        st.stop()
    title = data.title.rsplit(".", 1)[0] if data.title.lower().endswith(".csv") else data.title
    stem = export.safe_filename(title)
    data_downloads(res, data, stem)
    code_download(view, data, stem)
    figure_download(view, data, stem)


main()
