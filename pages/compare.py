"""Compare: two to four samplers side by side on the same data, projection, k and seed."""

import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis import diagnostics
from smote_core.views import explore
from smote_core.data import prepare
from smote_core.views.figures import ExploreFigureData, explore_figure
from smote_core.views.projection import PROJECTION_LABELS
from smote_core.samplers.registry import SAMPLERS

shared.ensure_router()

st.title("Compare samplers")
view, link_warnings, from_link = shared.view_state()
for w in link_warnings:
    st.warning(w, icon="⚠️")
names = shared.dataset_names()
raw_pick = st.query_params.get("variants")
if from_link or "c_variants" not in st.session_state:
    picked = [v for v in (raw_pick or "").split(",") if v in SAMPLERS]
    st.session_state["c_variants"] = picked[:4] if len(picked) >= 2 else ["smote", "smote_enn"]
    st.session_state["c_dataset"] = view.dataset if view.dataset in names else "moons"
    st.session_state["c_k"] = view.k

with st.sidebar:
    st.header("Same for every panel")
    titles = {n: shared.dataset_title(n) for n in names}
    dataset = st.selectbox("Dataset", names, key="c_dataset", format_func=titles.get)
    data = shared.current_data(dataset, view.n)
    k_max = explore.k_limit(data.y, view.ratio)
    if k_max < 1:
        st.error("A class to grow has a single row: SMOTE cannot interpolate. Pick another dataset.")
        st.stop()
    st.session_state["c_k"] = min(st.session_state.get("c_k", 5), k_max)
    k = st.slider("k (nearest neighbours)", 1, max(2, k_max), key="c_k", disabled=k_max < 2)
    st.caption(f"Ratio {view.ratio:g}, seed {view.seed}, projection {PROJECTION_LABELS[view.projection]}: "
               "as on Explore.")

offered = shared.variants_for(data)
st.session_state["c_variants"] = [v for v in st.session_state.get("c_variants", []) if v in offered]
chosen = st.multiselect(
    "Samplers (2 to 4)", offered, key="c_variants", max_selections=4,
    format_func=lambda v: SAMPLERS[v].title,
)
if len(chosen) < 2:
    st.info("Pick at least two samplers to compare.")
    st.stop()
st.query_params.from_dict({"dataset": dataset, "k": str(k), "variants": ",".join(chosen)})
st.session_state["_written_query"] = dict(st.query_params)

st.caption("● originals by class · ◇ synthetic points · grey lines: parent → neighbour · faded grey: rows a "
           "cleaning step removed. Hover a point for details.")
method = view.projection if view.projection != "raw" else "pca"
X, y = data.X, data.y
proj = shared.fitted_projection(data.key, method, None, X, tuple(data.names))
classes = None
panels = st.columns(2, gap="medium")
for i, variant in enumerate(chosen):
    with panels[i % 2]:
        st.subheader(SAMPLERS[variant].title)
        try:
            res = shared.resample_data(data, variant, k, view.ratio, view.seed, view.standardize)
        except SmoteError as exc:
            st.error(str(exc))
            continue
        classes = classes or sorted(res.counts_before, key=res.counts_before.get, reverse=True)
        syn_xy = shared.cached_synthetic_xy(data.key, method, None, variant, k, view.ratio, view.seed,
                                            view.standardize, proj, res.X_syn)
        fig, _ = explore_figure(ExploreFigureData(
            orig_xy=proj.embedding, y=y, syn_xy=syn_xy, provenance=res.provenance, axis_labels=proj.axis_labels,
            max_segments=min(view.segments, 500), uirevision=f"compare|{data.key}|{method}", classes=classes,
            removed_original=res.removed_original, removed_synthetic=res.removed_synthetic,
        ))
        fig.update_layout(height=430, showlegend=False)
        st.plotly_chart(fig, key=f"compare_fig_{variant}", config={"displaylogo": False})
        removed = len(res.removed_original) + len(res.removed_synthetic)
        landed = (shared.cached_intrusion(data.key, (variant, k, view.ratio, view.seed, view.standardize), X, y,
                                          res.X_syn, res.y_syn)["share"] if res.n_synthetic else float("nan"))
        usage = diagnostics.usage_summary(res.provenance, y) if res.n_synthetic else None
        c1, c2 = st.columns(2)
        c1.metric("Land nearest another class", f"{landed:.0%}" if res.n_synthetic else "—",
                  help="Synthetic points whose nearest original row is of another class.")
        if usage is not None:
            c2.metric("Minority never a parent", f"{usage['share_never_parent'].mean():.0%}",
                      help="Share of the grown classes' samples that no synthetic point came from.")
        st.caption(
            f"{res.n_synthetic:,} synthetic points made"
            + (f"; cleaning removed {len(res.removed_original):,} original and {len(res.removed_synthetic):,} "
               "synthetic rows." if removed else ".")
            + " Class counts after: " + ", ".join(f"{shared.plain(c)}: {n:,}" for c, n in res.counts_after.items())
        )
