"""Compare: two to four samplers side by side on the same data, projection, k and seed."""

import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.samplers.registry import SAMPLERS
from smote_core.views import explore
from smote_core.views.keep_view import KEEP_VIEW_JS
from smote_core.views.projection import PROJECTION_LABELS, two_d
from smote_core.views.view_state import COMPARE_MAX, ViewState

#: The pair a first visit shows: they differ on every built-in (Borderline-SMOTE grows only the minority samples
#: in danger), where SMOTE + ENN removes nothing on the clean toys.
DEFAULT_PAIR = ["smote", "borderline1"]


def seed_widgets(view: ViewState, from_link: bool, names) -> None:
    if from_link or "c_variants" not in st.session_state:
        st.session_state["c_variants"] = list(view.variants) if len(view.variants) >= 2 else DEFAULT_PAIR
        st.session_state["c_dataset"] = view.dataset if view.dataset in names else "moons"
        st.session_state["c_k"] = view.k


def controls(view: ViewState, names):
    """The sidebar (the same for every panel): the dataset's name, its data and k."""
    with st.sidebar:
        st.header("Same for every panel")
        dataset, data = shared.dataset_picker("c_dataset", names, view.n)
        k_max = explore.k_limit(data.y, view.ratio)
        if k_max < 1:
            st.error("A class to grow has a single row: SMOTE cannot interpolate. Pick another dataset.")
            st.stop()
        st.session_state["c_k"] = min(st.session_state.get("c_k", 5), k_max)
        k = st.slider("k (nearest neighbours)", 1, max(2, k_max), key="c_k", disabled=k_max < 2)
        projection = panel_projection(view.projection)
        units = "standardised" if view.scale == "z" else "raw units"
        st.caption(f"As on Explore: ratio {view.ratio:g}, seed {view.seed}, projection {PROJECTION_LABELS[projection]} "
                   f"({units}), neighbours searched {explore.space_name(view.standardize)}.")
    return dataset, data, k


def panel_projection(method: str) -> str:
    """The projection every panel is drawn in: Explore's, in 2-D (a 3-D view's 2-D counterpart), PCA for raw
    features (each panel's own features would differ)."""
    flat = two_d(method)
    return "pca" if flat == "raw" else flat


def choose_samplers(data: shared.CurrentData) -> list[str]:
    offered = shared.variants_for(data)
    st.session_state["c_variants"] = [v for v in st.session_state.get("c_variants", []) if v in offered]
    chosen = st.multiselect(
        f"Samplers (2 to {COMPARE_MAX})", offered, key="c_variants", max_selections=COMPARE_MAX,
        format_func=lambda v: SAMPLERS[v].title,
    )
    if len(chosen) < 2:
        st.info("Pick at least two samplers to compare.")
        st.stop()
    return chosen


def panel(data: shared.CurrentData, view: ViewState) -> None:
    """One sampler: its picture and how its synthetic points came out."""
    st.subheader(SAMPLERS[view.variant].title)
    try:  # every panel runs its sampler with that sampler's default parameters
        pic = shared.view_figure(data, view, params=(), place=f"compare|{view.variant}",
                                 max_segments=min(view.segments, 500), height=430, showlegend=False)
    except SmoteError as exc:
        st.error(str(exc))
        return
    st.plotly_chart(pic.figure, key=f"compare_fig_{view.variant}", config={"displaylogo": False})
    if not SAMPLERS[view.variant].takes_k:
        st.caption(f"{SAMPLERS[view.variant].title} uses no neighbours: k does not apply (drawn with its default "
                   "parameters, as every panel is).")
    res = pic.result
    found = shared.diagnosis(data, view, res, ()) if res.n_synthetic else None
    space = explore.space_name(view.standardize)
    c1, c2 = st.columns(2)
    c1.metric("Land nearest another class", "—" if found is None or not found.n_kept else f"{found.share:.0%}",
              help=f"Synthetic points (those the cleaning kept) whose nearest original row, {space}, is of another "
              "class.")
    if found is not None and found.usage is not None:
        c2.metric("Minority never a parent", f"{found.usage['share_never_parent'].mean():.0%}",
                  help="Share of the grown classes' samples that no synthetic point (of those kept) came from.")
    removed = len(res.removed_original) + len(res.removed_synthetic)
    st.caption(
        f"{res.n_synthetic:,} synthetic points made"
        + (f"; cleaning removed {len(res.removed_original):,} original and {len(res.removed_synthetic):,} "
           "synthetic rows, and the numbers above count the rows it kept." if removed else ".")
        + " Class counts after: " + ", ".join(f"{shared.plain(c)}: {n:,}" for c, n in res.counts_after.items())
    )


def main() -> None:
    shared.ensure_router()
    st.title("Compare samplers")
    view, link_warnings, from_link = shared.view_state()
    shared.lesson_banner(view)
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    names = shared.dataset_names()
    seed_widgets(view, from_link, names)
    dataset, data, k = controls(view, names)
    chosen = choose_samplers(data)
    shared.write_view(view.replace(variants=tuple(chosen), dataset=dataset, k=k))
    st.caption("● originals by class · ◇ synthetic points · grey lines: parent → neighbour · faded grey: rows a "
               "cleaning step removed. Hover a point for details.")
    # The same data, k, projection and units in every panel (PCA for raw features); fitted once, before the panels.
    same = view.replace(dataset=dataset, k=k, projection=panel_projection(view.projection))
    shared.view_projection(data, same)
    panels = st.columns(2, gap="medium")
    for i, variant in enumerate(chosen):
        with panels[i % 2]:
            panel(data, same.replace(variant=variant))
    st.html(f"<script>{KEEP_VIEW_JS}</script>", unsafe_allow_javascript=True)  # each panel's zoom, across k


main()
