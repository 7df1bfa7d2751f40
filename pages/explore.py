"""Explore: originals, synthetic points and the parent → neighbour segments that made them."""

import contextlib

import numpy as np
import pandas as pd
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis import diagnostics
from smote_core.views import explore
from smote_core.data import prepare
from smote_core.data.datasets import DEFAULT_TOY_SAMPLES
from smote_core.views.figures import ExploreFigureData, Layer, explore_figure, thin_points
from smote_core.views.projection import PROJECTION_LABELS
from smote_core.views.view_state import HIDEABLE, PROJECTIONS, SEGMENT_CHOICES, TOY_SIZES, USES_M, ViewState
from smote_core.samplers.registry import SAMPLERS

shared.ensure_router()

WIDGETS = {  # widget key -> ViewState field
    "w_dataset": "dataset", "w_variant": "variant", "w_k": "k", "w_ratio": "ratio", "w_seed": "seed", "w_projection": "projection",
    "w_fx": "fx", "w_fy": "fy", "w_standardize": "standardize", "w_segments": "segments", "w_m": "m",
    "w_out_step": "out_step", "w_n": "n",
}

view, link_warnings, from_link = shared.view_state()
for key, name in WIDGETS.items():
    if from_link or key not in st.session_state:
        value = getattr(view, name)
        if name == "n" and value is None:
            value = DEFAULT_TOY_SAMPLES  # a link without n shows the default toy
        if value is not None:
            st.session_state[key] = value

st.title("SMOTE Explorer")
for w in link_warnings:
    st.warning(w, icon="⚠️")

# ---------------------------------------------------------------------------------------------- controls
hidden = set(view.hide)


def shown(name, widget):
    """The control's widget value, or the link's value when the lesson link hides the control."""
    return getattr(view, name) if name in hidden else widget()


with st.sidebar:
    st.header("Controls")
    names = shared.dataset_names()
    if st.session_state.get("w_dataset") not in names:
        st.session_state["w_dataset"] = names[0]
    titles = {name: shared.dataset_title(name) for name in names}
    dataset = shown("dataset", lambda: st.selectbox("Dataset", names, key="w_dataset", format_func=titles.get))
    n_points = view.n
    if shared.is_toy(dataset) and "dataset" not in hidden:
        if st.session_state.get("w_n") not in TOY_SIZES:
            st.session_state["w_n"] = DEFAULT_TOY_SAMPLES
        n_points = st.select_slider(
            "Toy size (points generated)", options=TOY_SIZES, key="w_n",
            help="How many points the toy is generated with, half per class, before its minority is thinned to "
            "about 10% of the rows. Above 20,000 points the figure draws a sample.",
        )
    n_points = n_points if shared.is_toy(dataset) and n_points != DEFAULT_TOY_SAMPLES else None
    with st.spinner("Generating the data…") if n_points and n_points > 10_000 else contextlib.nullcontext():
        data = shared.current_data(dataset, n_points)
    offered = shared.variants_for(data)
    if st.session_state.get("w_variant", "smote") not in offered:
        why = explore.variant_fits(st.session_state["w_variant"], data.encoding)
        st.warning(f"{why} Showing SMOTE.", icon="⚠️")
        st.session_state["w_variant"] = "smote"
    variant = shown("variant", lambda: st.selectbox(
        "Sampler", offered, key="w_variant", format_func=lambda v: SAMPLERS[v].title,
        help="SMOTE or one of its variants: each decides differently where new points go. SMOTE-NC and SMOTE-N "
        "are offered for data with category columns.",
    ))
    if variant not in offered:  # fixed by a lesson link made for other data
        variant = "smote"
    st.caption(SAMPLERS[variant].blurb)
    m_neighbors, out_step = view.m, view.out_step
    if variant in USES_M:
        m_neighbors = shown("m", lambda: st.slider(
            "m (neighbours that decide 'in danger')", 1, 30, key="w_m",
            help="A minority sample is in danger when at least half, but not all, of its m nearest neighbours "
            "(any class) are of another class; only those become parents.",
        )) if "variant" not in hidden else view.m
    if variant == "svm":
        out_step = shown("out_step", lambda: st.slider(
            "out_step (extrapolation)", 0.0, 1.0, step=0.05, key="w_out_step",
            help="Support vectors with few neighbours of another class extrapolate away from their neighbour by "
            "up to this fraction of the distance.",
        )) if "variant" not in hidden else view.out_step
    X, y = data.X, data.y
    ratio = shown("ratio", lambda: st.slider(
        "Sampling ratio", 0.05, 1.0, step=0.05, key="w_ratio",
        help="Each smaller class grows to this fraction of the largest class; 1.0 balances the classes.",
    ))
    k_max = explore.k_limit(y, ratio)
    if k_max >= 1 and "k" in hidden:
        k = min(view.k, k_max)
    elif k_max >= 1:
        if st.session_state.get("w_k", 5) > k_max:
            st.info(f"k lowered to {k_max}: the smallest class to grow has {k_max + 1} rows.")
            st.session_state["w_k"] = k_max
        if k_max == 1:
            k = 1
            st.caption("k = 1: the smallest class to grow has only 2 rows.")
        else:
            k = st.slider(
                "k (nearest neighbours)", 1, k_max, key="w_k",
                help="Each new point lies between a minority sample and one of its k nearest same-class neighbours.",
            )
    else:
        k = None
    seed = shown("seed", lambda: st.number_input("Random seed", min_value=0, max_value=2**31 - 1, step=1,
                                                 key="w_seed"))
    methods = PROJECTIONS if len(data.names) >= 2 else tuple(m for m in PROJECTIONS if m != "raw")
    if st.session_state.get("w_projection") not in methods:
        st.session_state["w_projection"] = "pca"
    method = shown("projection", lambda: st.selectbox(
        "Projection", methods, key="w_projection", format_func=lambda m: PROJECTION_LABELS[m],
        help="How the features are drawn in 2-D. PCA and raw features are linear: segments pass exactly "
        "through the synthetic points.",
    ))
    if method not in methods:
        method = "pca"
    fx = fy = None
    if method == "raw" and "projection" in hidden and view.fx in data.names and view.fy in data.names:
        fx, fy = view.fx, view.fy
    elif method == "raw":
        feats = data.names
        if st.session_state.get("w_fx") not in feats:
            st.session_state["w_fx"] = feats[0]
        fx = st.selectbox("x axis feature", feats, key="w_fx")
        others = [f for f in feats if f != fx]
        if st.session_state.get("w_fy") not in others:
            st.session_state["w_fy"] = others[0]
        fy = st.selectbox("y axis feature", others, key="w_fy")
    standardize = shown("standardize", lambda: st.toggle(
        "Standardise features before neighbour search", key="w_standardize",
        help="Off: neighbours are found on the raw feature values, as imbalanced-learn does, so large-valued "
        "features dominate the distance. On: each feature is z-scored for the search only; new points are still "
        "interpolated between the same parent and neighbour in the original units.",
    ))
    segments = shown("segments", lambda: st.select_slider(
        "Segments to draw (at most)", options=[0, *SEGMENT_CHOICES], key="w_segments",
        help="Browsers slow down with tens of thousands of lines; above this many synthetic points a sample of "
        "segments is drawn.",
    ))
    show_types = st.toggle(
        "Mark minority typology", key="w_types",
        help="Each minority sample as safe, borderline, rare or outlier, from how many of its 5 nearest "
        "neighbours in the whole data share its class (Napierała & Stefanowski).",
    )
    if hidden:
        st.caption("Some controls are fixed by this lesson link: " + ", ".join(sorted(hidden)) + ".")

view = ViewState(
    dataset=dataset, variant=variant, k=k or view.k, ratio=float(ratio), seed=int(seed), projection=method, fx=fx, fy=fy,
    standardize=bool(standardize), segments=int(segments), m=int(m_neighbors), out_step=float(out_step),
    hide=view.hide, n=n_points,
)
shared.write_view(view)
with st.sidebar.expander("Share this view", icon=":material/share:"):
    to_hide = st.multiselect(
        "Hide these controls for students", HIDEABLE, default=list(view.hide), key="w_hide",
        help="Whoever opens the link sees exactly this picture; the controls you tick are fixed and not shown.",
    )
    st.code(shared.share_link("explore", view.replace(hide=tuple(h for h in HIDEABLE if h in to_hide))),
            language=None, wrap_lines=True)

if k is None:
    st.error(
        "A class to grow has a single row: SMOTE needs at least two rows of a class to interpolate between. "
        "Lower the sampling ratio, or add rows of that class on the Data page."
    )
    st.stop()

# ---------------------------------------------------------------------------------------------- compute
try:
    params = tuple(sorted(view.sampler_params().items()))
    res = shared.resample_data(data, variant, k, view.ratio, view.seed, view.standardize, params)
    features = (data.names.index(fx), data.names.index(fy)) if method == "raw" else None
    proj = shared.fitted_projection(data.key, method, features, X, tuple(data.names))
    syn_xy = shared.cached_synthetic_xy(
        data.key, method, features, variant, k, view.ratio, view.seed, view.standardize, proj, res.X_syn, params
    )
except SmoteError as exc:
    st.error(str(exc))
    st.stop()

# ---------------------------------------------------------------------------------------------- selection
generation = (data.key, variant, k, view.ratio, view.seed, view.standardize, params)
if st.session_state.get("_selection_generation") != generation:
    st.session_state["_selection_generation"] = generation
    st.session_state.pop("selected_syn", None)
    st.session_state.pop("w_pick", None)


def on_select():
    points = st.session_state["explore_fig"].selection.points
    for p in points:
        custom = p.get("customdata")
        if isinstance(custom, dict):  # the browser sends an array as {"0": .., "1": ..}
            custom = [custom[i] for i in sorted(custom, key=int)]
        if isinstance(custom, list) and len(custom) == 4:  # synthetic points carry (index, parent, neighbour, λ)
            st.session_state["selected_syn"] = int(custom[0])
            st.session_state["w_pick"] = int(custom[0])
            return


def on_pick():
    st.session_state["selected_syn"] = st.session_state["w_pick"]


selected = st.session_state.get("selected_syn")
if selected is not None and not 0 <= selected < res.n_synthetic:
    selected = None
knn = None
if selected is not None:
    knn = explore.neighbors_of(res, int(res.provenance["parent"].iloc[selected]))

typology = shared.cached_typology(data.key, X, y)
layers = explore.variant_layers(res)
if show_types:
    for kind, symbol in (("borderline", "square-open"), ("rare", "triangle-up-open"), ("outlier", "x-thin-open")):
        rows = typology.loc[typology["type"] == kind, "row"].to_numpy()
        if len(rows):
            layers.append(Layer(f"{kind} minority ({len(rows)})", rows, symbol=symbol, size=15))

fig_data = ExploreFigureData(
    orig_xy=proj.embedding, y=y, syn_xy=syn_xy, provenance=res.provenance, axis_labels=proj.axis_labels,
    max_segments=view.segments, uirevision=f"{data.key}|{method}|{fx}|{fy}", selected=selected,
    selected_knn=knn, removed_original=res.removed_original, removed_synthetic=res.removed_synthetic, layers=layers,
    classes=sorted(res.counts_before, key=res.counts_before.get, reverse=True),
)
fig, n_drawn = explore_figure(fig_data)

left, right = st.columns([3, 1], gap="medium")  # figure | counts
with left:
    st.plotly_chart(
        fig, key="explore_fig", on_select=on_select, selection_mode="points", config={"displaylogo": False}
    )
    notes = []
    if not res.interpolates:
        spots = len(np.unique(proj.embedding.round(9), axis=0))
        notes.append(
            "SMOTE-N copies voted categories, so there is no parent → neighbour segment to draw. With only "
            f"categories, rows sharing every category sit on one spot: {spots:,} distinct spots for "
            f"{len(y):,} rows."
        )
    elif res.n_synthetic > n_drawn:
        notes.append(
            f"Showing segments for {n_drawn:,} of {res.n_synthetic:,} synthetic points "
            "(raise “Segments to draw” to see more)."
        )
    n_orig_drawn, n_syn_drawn = len(thin_points(y)), len(thin_points(res.y_syn))
    if n_orig_drawn < len(y) or n_syn_drawn < res.n_synthetic:
        notes.append(
            f"Drawing {n_orig_drawn:,} of {len(y):,} original and {n_syn_drawn:,} of {res.n_synthetic:,} synthetic "
            "points (a fixed sample, smaller classes kept whole) so the browser stays quick; the counts and "
            "diagnostics use every row."
        )
    if not proj.is_linear:
        notes.append(proj.linear_note())
    if proj.note:
        notes.append(proj.note)
    for n in notes:
        st.caption(n)
    fractional = explore.fractional_categories(res)
    if fractional and fractional["rows"]:
        i, col, shares = fractional["example"]
        mix = " + ".join(f"{share:.2f} “{shared.plain(cat)}”" for cat, share in shares.items())
        st.info(
            f"{fractional['rows']:,} of {res.n_synthetic:,} synthetic points have **fractional categories**: "
            f"{SAMPLERS[variant].title} interpolates the one-hot columns, so synthetic #{i} has “{shared.plain(col)}” "
            f"= {mix}, which no real row can be. SMOTE-NC (numbers + categories) and SMOTE-N (categories only) vote "
            "for a category among the neighbours instead — pick one under Sampler.",
            icon=":material/category:",
        )
    elif data.categorical and not res.votes:
        st.caption("Category columns are drawn one-hot encoded (one 0/1 column per category).")

with right:
    st.subheader(shared.plain(data.title))
    counts = pd.DataFrame(
        {"before": pd.Series(res.counts_before), "after": pd.Series(res.counts_after)}
    ).rename_axis("class")
    counts.index = counts.index.map(str)
    st.dataframe(counts, width="stretch", column_config={
        c: st.column_config.NumberColumn(c, format="localized") for c in ("before", "after")})
    st.metric("Synthetic points", f"{res.n_synthetic:,}")
    n_removed = len(res.removed_original) + len(res.removed_synthetic)
    if n_removed:
        st.markdown(
            f"**Removed by cleaning:** {len(res.removed_original):,} original and "
            f"{len(res.removed_synthetic):,} synthetic rows (faded in the figure)."
        )
    st.markdown(f"**Sampler:** {SAMPLERS[variant].title}")
    st.markdown(f"**Projection:** {PROJECTION_LABELS[method]}")
    st.markdown(f"**k:** {k} · **seed:** {view.seed} · **ratio:** {view.ratio:g}")
    if res.n_synthetic == 0:
        st.info("Every class already has at least the ratio's share of rows: nothing to generate. Raise the ratio.")

# ---------------------------------------------------------------------------------------------- explanation
st.subheader("Where did a synthetic point come from?")
if res.n_synthetic:
    st.caption("Click a synthetic point (◆) in the figure, or pick its number here.")
    pick_col, _ = st.columns([1, 3])
    pick_col.number_input(
        "Synthetic point #", min_value=0, max_value=res.n_synthetic - 1, step=1, value=None,
        placeholder="none selected", key="w_pick", on_change=on_pick,
    )
    if selected is not None:
        p = res.provenance.iloc[selected]
        if res.interpolates:
            st.markdown(
                f"Synthetic point **#{selected}** (class **{shared.plain(p['class'])}**) = parent row "
                f"**{int(p['parent'])}** + λ · (neighbour row **{int(p['neighbor'])}** − parent row), with "
                f"**λ = {p['gap']:.4f}**. The parent's {len(knn)} nearest same-class neighbours are ringed in the "
                "figure."
                + (" Its categories are the ones most common among those neighbours." if res.votes else "")
            )
            st.dataframe(explore.explain(res, selected, data.names), hide_index=True, width="stretch")
        else:
            st.markdown(
                f"Synthetic point **#{selected}** (class **{shared.plain(p['class'])}**): SMOTE-N drew row "
                f"**{int(p['parent'])}** and gave the new row, column by column, the category most common among "
                f"it and its nearest same-class rows ({len(knn)} voters, ringed in the figure). Nothing is "
                "interpolated."
            )
        if res.votes:
            st.markdown("**How each category was chosen**")
            st.dataframe(explore.explain_votes(res, selected), hide_index=True, width="stretch")
else:
    st.caption("No synthetic points in this view.")

# ---------------------------------------------------------------------------------------------- diagnostics
st.subheader("Diagnostics")
d1, d2, d3 = st.columns(3, gap="medium")
with d1:
    st.markdown("**Minority typology** (5 nearest neighbours in the whole data)")
    counts = diagnostics.typology_counts(typology)
    counts.index = counts.index.map(str)
    st.dataframe(counts, width="stretch")
    st.caption("Safe: 4–5 of 5 neighbours share the class; borderline 2–3; rare 1; outlier 0.")
with d2:
    st.markdown("**Where the synthetic points land**")
    if res.n_synthetic:
        intr = shared.cached_intrusion(data.key, generation, X, y, res.X_syn, res.y_syn)
        st.metric("Nearest original is of another class", f"{intr['share']:.0%}",
                  help="Synthetic points whose nearest original row belongs to another class: SMOTE put them "
                  "inside another class's territory.")
        gaps = diagnostics.gap_summary(res.provenance) if res.interpolates else None
        if gaps is not None:
            st.bar_chart(pd.DataFrame({"λ": [f"{a:.1f}" for a in gaps["bin_edges"][:-1]], "points": gaps["counts"]}),
                         x="λ", y="points", height=160)
    else:
        st.caption("No synthetic points.")
with d3:
    st.markdown("**Which originals became parents**")
    if res.n_synthetic:
        usage = diagnostics.usage_summary(res.provenance, y)
        for c, row in usage.iterrows():
            st.markdown(
                f"Class **{shared.plain(c)}**: {int(row['never_parent'])} of {int(row['n_samples'])} samples were never a parent "
                f"({row['share_never_parent']:.0%}; uniform random picks would leave about "
                f"{row['expected_share_never_parent']:.0%}). The busiest was used {int(row['max_uses'])} times."
            )
    else:
        st.caption("No synthetic points.")
