"""Explore: originals, synthetic points and the parent → neighbour segments that made them."""

import contextlib
from dataclasses import dataclass

import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis.boundary import BOUNDARIES, BOUNDARY_LABELS
from smote_core.data.datasets import DEFAULT_TOY_SAMPLES
from smote_core.samplers.registry import PARAMS, SAMPLERS
from smote_core.views import explore
from smote_core.views.boundary import boundary_table
from smote_core.views.figures import finished, gap_histogram_figure, selected_synthetic
from smote_core.views.keep_view import KEEP_VIEW_JS
from smote_core.views.projection import PROJECTION_LABELS
from smote_core.views.view_state import (
    HIDE_LABELS,
    HIDEABLE,
    PROJECTIONS,
    SCALES,
    SEED_MAX,
    SEGMENT_CHOICES,
    TOY_SIZES,
    WIDGETS,
    ViewState,
)

FIGURE = "explore_fig"  # the figure's key: its selection is in st.session_state[FIGURE]
FIGURE_3D = "explore_fig_3d"  # a 3-D figure's key (a 3-D scene sends no selection)
SCALE_LABELS = {"z": "standardised", "raw": "raw units"}


# ---------------------------------------------------------------------------------------------- controls
def seed_widgets(view: ViewState, from_link: bool) -> None:
    """Put the view in the controls: every control after a new link, else only those this session has not shown."""
    for key, name in WIDGETS.items():
        if from_link or key not in st.session_state:
            value = getattr(view, name)
            if name == "n" and value is None:
                value = DEFAULT_TOY_SAMPLES  # a link without n shows the default toy
            if value is not None:
                st.session_state[key] = value


def shown(view: ViewState, name: str, widget):
    """The control's widget value, or the link's value when the lesson link hides the control."""
    return getattr(view, name) if name in view.hide else widget()


def data_controls(view: ViewState):
    """The dataset picker (and a toy's size): the dataset's name, the toy size asked for (None: default), the data."""
    names = shared.dataset_names()
    if st.session_state.get("w_dataset") not in names:
        st.session_state["w_dataset"] = names[0]
    titles = {name: shared.dataset_title(name) for name in names}
    dataset = shown(view, "dataset", lambda: st.selectbox(
        "Dataset", names, key="w_dataset", format_func=titles.get,
        help=f"Showing: {shared.plain(titles.get(st.session_state.get('w_dataset'), ''))}. Built-in tables and "
        "toys, or your own file from the Data page.",
    ))
    n_points = view.n
    if shared.is_toy(dataset) and "dataset" not in view.hide:
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
    return dataset, n_points, data


def sampler_controls(view: ViewState, data: shared.CurrentData) -> tuple[str, dict]:
    """The sampler picker and a control per parameter of its own (a slider, or a picker for a choice; one that
    applies only with another parameter's value is shown only then): the sampler and {parameter name: value}."""
    offered = shared.variants_for(data)
    if st.session_state.get("w_variant", "smote") not in offered:
        why = explore.variant_fits(st.session_state["w_variant"], data.encoding)
        st.warning(f"{why} Showing SMOTE.", icon="⚠️")
        st.session_state["w_variant"] = "smote"
    variant = shown(view, "variant", lambda: st.selectbox(
        "Sampler", offered, key="w_variant", format_func=lambda v: SAMPLERS[v].title,
        help="SMOTE or one of its variants: each decides differently where new points go. SMOTE-NC and SMOTE-N "
        "are offered for data with category columns.",
    ))
    if variant not in offered:  # fixed by a lesson link made for other data
        variant = "smote"
    st.caption(SAMPLERS[variant].blurb)
    own = {}
    for p in SAMPLERS[variant].params:
        key = f"w_{p.name}"
        if "variant" in view.hide:
            own[p.name] = getattr(view, p.name)
            continue
        if p.applies_when and own.get(p.applies_when[0]) != p.applies_when[1]:
            continue  # e.g. the curve's degree, with a topology that fits no curve: the view keeps its value
        if p.is_choice:
            if st.session_state.get(key) not in p.choices:
                st.session_state[key] = getattr(view, p.name) if getattr(view, p.name) in p.choices else p.choices[0]
            own[p.name] = st.selectbox(p.label, p.choices, key=key, format_func=p.choice_label, help=p.help)
            continue
        high = max(p.high, st.session_state.get(key, p.high))  # a link may ask for more than the slider offers
        own[p.name] = st.slider(p.label, p.low, high, step=p.step, key=key, help=p.help)
    return variant, own


#: What the sidebar says instead of the k slider for a sampler that searches no neighbours.
NO_K = "{title} uses no neighbours: k does not apply."


def k_control(view: ViewState, data_key: str, y, ratio: float) -> int | None:
    """The k slider, within what the data allows; None when a class to grow has a single row (no k works). A
    sampler that takes no k gets a caption instead, and the view's k is kept for the next sampler.

    Drawn by :func:`picture_part` (a fragment) into the sidebar's slot for it: moving k reruns only the picture."""
    k_max = shared.shelved(("k_limit", data_key, ratio), lambda: explore.k_limit(y, ratio))
    if k_max < 1:
        return None
    if not SAMPLERS[view.variant].takes_k:
        st.caption(NO_K.format(title=SAMPLERS[view.variant].title))
        return view.k
    if "k" in view.hide:
        return min(view.k, k_max)
    if st.session_state.get("w_k", 5) > k_max:
        st.info(f"k lowered to {k_max}: the smallest class to grow has {k_max + 1} rows.")
        st.session_state["w_k"] = k_max
    if k_max == 1:
        st.caption("k = 1: the smallest class to grow has only 2 rows.")
        return 1
    return st.slider(
        "k (nearest neighbours)", 1, k_max, key="w_k",
        help="Each new point lies between a minority sample and one of its k nearest same-class neighbours.",
    )


def offered_projections(n_features: int) -> tuple:
    """The projections data with ``n_features`` feature columns can be drawn in: two raw features need two
    columns, three features (3-D) three."""
    needs = {"raw": 2, "raw3d": 3}
    return tuple(m for m in PROJECTIONS if n_features >= needs.get(m, 1))


def too_few_features(method: str, methods: tuple, n_features: int) -> str:
    """The projection drawn instead of ``method`` (not in ``methods``), said in a warning when it is raw3d."""
    instead = "raw" if method == "raw3d" and "raw" in methods else "pca"
    if method == "raw3d":
        st.warning(f"{PROJECTION_LABELS['raw3d']} needs at least three feature columns and this data has "
                   f"{n_features}: showing {PROJECTION_LABELS[instead]} instead.", icon="⚠️")
    return instead


def projection_controls(view: ViewState, data: shared.CurrentData) -> tuple[str, str | None, str | None, str | None]:
    """The projection picker, and for raw features the two (or three) to draw: (method, fx, fy, fz)."""
    methods = offered_projections(len(data.names))
    if st.session_state.get("w_projection") not in methods:
        st.session_state["w_projection"] = too_few_features(st.session_state.get("w_projection"), methods,
                                                            len(data.names))
    method = shown(view, "projection", lambda: st.selectbox(
        "Projection", methods, key="w_projection", format_func=lambda m: PROJECTION_LABELS[m],
        help="How the features are drawn: in 2-D, or in a 3-D scene you turn with the mouse (PCA 3-D, UMAP 3-D, "
        "three features). PCA and raw features are linear: segments pass exactly through the synthetic points.",
    ))
    if method not in methods:  # fixed by a lesson link made for other data
        method = too_few_features(method, methods, len(data.names))
    if method not in ("raw", "raw3d"):
        return method, None, None, None
    dims = 3 if method == "raw3d" else 2
    st.caption("Two raw features are drawn in their own units." if dims == 2 else
               "The three features are drawn in their own units.")
    feats = data.names
    fixed = (view.fx, view.fy, view.fz)[:dims]
    if "projection" in view.hide and all(f in feats for f in fixed) and len(set(fixed)) == dims:
        return method, view.fx, view.fy, view.fz if dims == 3 else None
    if st.session_state.get("w_fx") not in feats:
        st.session_state["w_fx"] = feats[0]
    fx = st.selectbox("x axis feature", feats, key="w_fx")
    others = [f for f in feats if f != fx]
    if st.session_state.get("w_fy") not in others:
        st.session_state["w_fy"] = others[0]
    fy = st.selectbox("y axis feature", others, key="w_fy")
    if dims == 2:
        return method, fx, fy, None
    rest = [f for f in others if f != fy]
    if st.session_state.get("w_fz") not in rest:
        st.session_state["w_fz"] = rest[0]
    return method, fx, fy, st.selectbox("z axis feature", rest, key="w_fz")


def scale_control(view: ViewState, method: str) -> str:
    """The picture's units (``scale``): standardised or raw. The raw-feature view is always drawn in raw units, and
    keeps the view's choice for the other projections."""
    if method in ("raw", "raw3d"):
        return view.scale
    if st.session_state.get("w_scale") not in SCALES:
        st.session_state["w_scale"] = view.scale if view.scale in SCALES else "z"
    return shown(view, "scale", lambda: st.radio(
        "Picture", SCALES, key="w_scale", format_func=SCALE_LABELS.get, horizontal=True,
        help="Standardised: the projection is fitted on z-scored features (each column's mean 0, standard "
        "deviation 1), so a column in large units does not carry the picture alone. Raw units: fitted on the "
        "values as they are. Only the picture changes; the neighbour search has its own switch below.",
    ))


def drawing_controls(view: ViewState) -> tuple[bool, int, bool, str, bool]:
    """How neighbours are searched and what is drawn: (standardize, segments, show the typology, the classifier
    whose decision boundary is drawn, animate the births)."""
    standardize = shown(view, "standardize", lambda: st.toggle(
        "Standardise features for the neighbour search and diagnostics", key="w_standardize",
        help="Off: neighbours — and every distance the diagnostics measure — are found on the raw feature values, "
        "as imbalanced-learn does, so large-valued features dominate the distance. On: each feature is z-scored "
        "for the search and the diagnostics; new points are still interpolated between the same parent and "
        "neighbour in the original units.",
    ))
    segments = shown(view, "segments", lambda: st.select_slider(
        "Segments to draw (at most)", options=[0, *SEGMENT_CHOICES], key="w_segments",
        help="Browsers slow down with tens of thousands of lines; above this many synthetic points a sample of "
        "segments is drawn.",
    ))
    show_types = st.toggle(
        "Mark minority typology", key="w_types",
        help="Each minority sample as safe, borderline, rare or outlier, from how many of its 5 nearest "
        "neighbours in the whole data share its class (Napierała & Stefanowski).",
    )
    if st.session_state.get("w_boundary") not in BOUNDARIES:
        st.session_state["w_boundary"] = "none"
    boundary = shown(view, "boundary", lambda: st.selectbox(
        "Decision boundary", BOUNDARIES, key="w_boundary", format_func=BOUNDARY_LABELS.get,
        help="Trains this classifier on the original points and on the resampled ones, in the picture's plane, and "
        "draws both boundaries (dashed: before, solid: after); a table under the figure scores both on held-out "
        "rows. Drawn in the 2-D PCA and raw-feature views.",
    ))
    animate = shown(view, "animate", lambda: st.toggle(
        "Animate the births", key="w_animate",
        help="Under the figure: the synthetic points leave their parents a batch at a time and travel λ of the way "
        "to their neighbour. Played in your browser: Play, Fast, Pause, or drag the batch slider.",
    ))
    return standardize, segments, show_types, boundary, animate


@dataclass
class Slots:
    """Places in the sidebar that :func:`picture_part` (a fragment) fills on each of its runs."""

    k: object  # the k slider
    share: object  # the share box


def controls(view: ViewState):
    """The sidebar but k: the data, the view its controls now show (k as it was), the slots for k and the share box,
    whether to mark typology."""
    with st.sidebar:
        st.header("Controls")
        dataset, n_points, data = data_controls(view)
        variant, own = sampler_controls(view, data)
        ratio = shown(view, "ratio", lambda: st.slider(
            "Sampling ratio", 0.05, 1.0, step=0.05, key="w_ratio",
            help="Each smaller class grows to this fraction of the largest class; 1.0 balances the classes.",
        ))
        k_slot = st.container()
        seed = shown(view, "seed", lambda: st.number_input("Random seed", min_value=0, max_value=SEED_MAX, step=1,
                                                           key="w_seed"))
        method, fx, fy, fz = projection_controls(view, data)
        scale = scale_control(view, method)
        standardize, segments, show_types, boundary, animate = drawing_controls(view)
        if view.hide:
            st.caption("Some controls are fixed by this lesson link: "
                       + ", ".join(HIDE_LABELS.get(h, h) for h in HIDEABLE if h in view.hide) + ".")
        share_slot = st.container()
    params = {p.name: p.cast(own.get(p.name, getattr(view, p.name))) for p in PARAMS.values()}
    chosen = ViewState(
        dataset=dataset, variant=variant, k=view.k, ratio=float(ratio), seed=int(seed), projection=method,
        fx=fx, fy=fy, fz=fz, standardize=bool(standardize), scale=scale, segments=int(segments), hide=view.hide,
        n=n_points, types=bool(show_types), lesson=view.lesson, boundary=boundary,
        animate=bool(animate), **params,
    )
    return data, chosen, Slots(k_slot, share_slot), show_types


def share_box(view: ViewState, slot) -> None:
    """A link to exactly this view (the typology marks and the selected point included), some controls hidden."""
    with slot.expander("Share this view", icon=":material/share:"):
        to_hide = st.multiselect(
            "Hide these controls for students", HIDEABLE, default=list(view.hide), key="w_hide",
            format_func=lambda h: HIDE_LABELS.get(h, h),
            help="Whoever opens the link sees exactly this picture; the controls you tick are fixed and not shown.",
        )
        st.code(shared.share_link("explore", view.replace(hide=tuple(h for h in HIDEABLE if h in to_hide))),
                language=None, wrap_lines=True)
        if view.dataset.startswith("upload:"):
            st.caption("This link opens your uploaded file for whoever has it, on this server, for as long as the "
                       "file is kept (7 days after its last use, or until you forget it on the Data page).")


# ---------------------------------------------------------------------------------------------- guidance
def dismiss_intro() -> None:
    st.session_state["intro_dismissed"] = True


def introduction() -> None:
    """What SMOTE does and what to try first, until the student dismisses it (remembered for the session)."""
    if st.session_state.get("intro_dismissed"):
        return
    with st.container(border=True):
        for line in explore.INTRO:
            st.markdown(line)
        learn, got_it = st.columns([3, 1], vertical_alignment="center")
        learn.page_link(shared.page_path("learn"), label="New to SMOTE? Learn builds one point step by step",
                        icon=":material/school:")
        got_it.button("Got it", key="intro_ok", on_click=dismiss_intro, icon=":material/close:",
                      help="Hide this introduction for the rest of the session.")


def turn_standardising_on() -> None:
    st.session_state["w_standardize"] = True


def scale_advice(data: shared.CurrentData, view: ViewState) -> None:
    """On a table whose feature scales differ more than tenfold, with a raw neighbour search: which columns decide
    the distances, and a button that standardises the search."""
    sentence = shared.shelved(("scales", data.key, view.standardize),
                              lambda: explore.scale_warning(data.X, data.names, standardize=view.standardize))
    if sentence is None:
        return
    if "standardize" in view.hide:  # a lesson fixed the search: say it, offer nothing to click
        st.warning(shared.plain(sentence), icon=":material/straighten:")
        return
    text, button = st.columns([5, 1], vertical_alignment="center")
    text.warning(shared.plain(sentence), icon=":material/straighten:")
    button.button("Standardise", key="w_standardise_now", on_click=turn_standardising_on, type="primary",
                  width="stretch", help="Turns on “Standardise features for the neighbour search and diagnostics” in "
                  "the sidebar: neighbours, typology and where the points land are then measured in standardised "
                  "units.")


# ---------------------------------------------------------------------------------------------- compute
def forget_stale_selection(key: tuple) -> None:
    """A selected synthetic point means nothing once the synthetic points change (``key``: what made them)."""
    if st.session_state.get("_selection_generation") != key:
        st.session_state["_selection_generation"] = key
        st.session_state.pop("selected_syn", None)
        st.session_state.pop("w_pick", None)


def restore_point() -> None:
    """A new link's selected synthetic point (or none, kept by :func:`main` for this) becomes the one explained
    (checked when it is drawn)."""
    if "_link_point" not in st.session_state:
        return
    point = st.session_state.pop("_link_point")
    st.session_state.pop("w_pick", None)
    if point is None:
        st.session_state.pop("selected_syn", None)
    else:
        st.session_state["selected_syn"] = point


def keep_selection(pic: explore.Picture) -> None:
    """The point explained, as the number box shows it; a point the data does not have is forgotten."""
    if pic.selected is None:
        st.session_state.pop("selected_syn", None)
        st.session_state.pop("w_pick", None)
    elif st.session_state.get("w_pick") != pic.selected:
        st.session_state["w_pick"] = pic.selected


def compute(data: shared.CurrentData, view: ViewState, show_types: bool):
    """The view drawn (with the selected point, the sampler's markers, perhaps the typology and the decision
    boundaries), the typology, and the boundaries (None when none are drawn)."""
    typology = shared.cached_typology(data.key, data.X, data.y, view.standardize)
    try:
        fitting = (st.spinner(f"Training the {BOUNDARY_LABELS[view.boundary].lower()} before and after "
                              "resampling…") if view.boundary != "none" else contextlib.nullcontext())
        with fitting:
            bv = shared.view_boundary(data, view)
        pic = shared.view_figure(
            data, view, selected=st.session_state.get("selected_syn"), sampler_layers=True,
            layers=explore.typology_layers(typology) if show_types else (),
            place="explore", boundary=bv,
        )
    except SmoteError as exc:
        st.error(str(exc))
        st.stop()
    return pic, typology, bv


# ---------------------------------------------------------------------------------------------- figure
def on_select() -> None:
    """A click on the figure: the synthetic point clicked becomes the one explained."""
    picked = selected_synthetic(st.session_state[FIGURE].selection)
    if picked:
        st.session_state["selected_syn"] = st.session_state["w_pick"] = picked[0]


def on_pick() -> None:
    st.session_state["selected_syn"] = st.session_state["w_pick"]


def figure_and_selection(pic: explore.Picture, data: shared.CurrentData, view: ViewState, bv) -> None:
    """The figure (a click selects a synthetic point), the notes under it, and the counts beside it."""
    res = pic.result
    left, right = st.columns([3, 1], gap="medium")  # figure | counts
    with left:
        if pic.projection.n_components == 3:  # a 3-D scene sends no selection: the number box chooses
            st.plotly_chart(finished(pic.figure), key=FIGURE_3D, config={"displaylogo": False})
        else:
            st.plotly_chart(finished(pic.figure), key=FIGURE, on_select=on_select, selection_mode="points",
                            config={"displaylogo": False})
        st.html(f"<script>{KEEP_VIEW_JS}</script>", unsafe_allow_javascript=True)  # the zoom or camera, across k
        for note in explore.picture_notes(pic):
            st.caption(note)
        if not pic.projection.is_linear:
            st.page_link(shared.page_path("explore"), label="Check the same points in the PCA view (linear: "
                         "segments pass through their points)", icon=":material/straighten:",
                         query_params=view.replace(projection="pca", point=None).to_query())
            st.page_link(shared.page_path("explore"), label="Or turn them around in PCA 3-D (linear too, with a "
                         "third axis)", icon=":material/3d_rotation:",
                         query_params=view.replace(projection="pca3d", point=None).to_query())
        boundary_scores(bv, pic, data, view)
        category_note(res, data)
        if view.animate:
            births(pic, data, view)
    with right:
        counts_panel(pic, data, view)


def boundary_scores(bv, pic: explore.Picture, data: shared.CurrentData, view: ViewState) -> None:
    """Under the figure: what the two boundaries are, and how both models do on held-out rows."""
    if view.boundary == "none":
        return
    if pic.projection.n_components == 3:
        st.caption("Decision boundaries are drawn in the 2-D views only (PCA or two raw features): in 3-D a "
                   "boundary is a surface that would hide the points. Choose PCA or Two raw features under "
                   "Projection to see it.")
        return
    if bv is None:
        st.caption(f"Decision boundaries are drawn in the PCA and raw-feature views: "
                   f"{PROJECTION_LABELS[view.projection]} has no map from the picture's plane back to the features, "
                   "so a classifier on its coordinates says little. Choose PCA or two raw features under Projection.")
        return
    st.markdown(bv.caption(len(data.names), PROJECTION_LABELS[pic.projection.method]))
    if bv.scores is None:
        st.caption("No held-out scores: holding out rows leaves a class to grow with a single training row.")
        return
    positive = shared.plain(bv.boundaries.positive)
    table = boundary_table(bv.scores, positive)
    st.dataframe(table, width="content", column_config={
        c: st.column_config.NumberColumn(c, format="%.2f") for c in table.columns})
    lowered = f" (k lowered to {bv.k_train} for them)" if bv.k_train != view.k and pic.result.takes_k else ""
    st.caption(f"Scored on {bv.n_test:,} held-out rows set aside before resampling; the models were refitted on "
               f"the other {bv.n_train:,}, resampled the same way{lowered}. The lines above are the models fitted on "
               "every row.")


def births(pic: explore.Picture, data: shared.CurrentData, view: ViewState) -> None:
    """The synthetic points' births as an animation (played by the browser, not the server); 2-D views only."""
    if pic.projection.n_components == 3:
        st.caption("The animation plays in the 2-D views: choose PCA, t-SNE, UMAP or two raw features under "
                   "Projection to watch the points being born.")
        return
    st.markdown("**Watch the points being born**")
    fig, n = shared.birth_animation(data, view, pic)
    if not n:
        st.caption("No synthetic points to animate.")
        return
    st.plotly_chart(fig, key="birth_animation", config={"displaylogo": False, "displayModeBar": False})
    shown = f"{n:,} synthetic points" if n == pic.result.n_synthetic else \
        f"a sample of {n:,} of the {pic.result.n_synthetic:,} synthetic points"
    st.caption(f"{shown}, a batch at a time, in the order the sampler made them: each leaves its parent and travels "
               "in a straight line to where it lands — for SMOTE λ of the way to its neighbour, along the segment "
               "drawn while it moves.")
    if (pic.result.kinds == "curve").any():
        st.caption("Points on a fitted curve have no parent to leave: they appear where they lie on the curve.")


def category_note(res: explore.ResampleResult, data: shared.CurrentData) -> None:
    fractional = explore.fractional_categories(res)
    if fractional and fractional["rows"]:
        i, col, shares = fractional["example"]
        mix = " + ".join(f"{share:.2f} “{shared.plain(cat)}”" for cat, share in shares.items())
        st.info(
            f"{fractional['rows']:,} of {res.n_synthetic:,} synthetic points have **fractional categories**: "
            f"{SAMPLERS[res.variant].title} interpolates the one-hot columns, so synthetic #{i} has "
            f"“{shared.plain(col)}” = {mix}, which no real row can be. SMOTE-NC (numbers + categories) and SMOTE-N "
            "(categories only) vote for a category among the neighbours instead — pick one under Sampler.",
            icon=":material/category:",
        )
    elif data.categorical and not res.votes:
        st.caption("Category columns are drawn one-hot encoded (one 0/1 column per category).")


def counts_panel(pic: explore.Picture, data: shared.CurrentData, view: ViewState) -> None:
    res = pic.result
    shorter = explore.breakable(data.title)  # a long file name wraps between its parts, never mid-word
    st.subheader(shared.plain(shorter), help=shared.plain(data.title) if shorter != data.title else None)
    counts = shared.shelved(("counts", shared.view_key(data, view)), lambda: explore.counts_table(res))
    st.dataframe(counts, width="stretch", column_config={
        c: st.column_config.NumberColumn(c, format="localized") for c in ("before", "after")})
    st.metric("Synthetic points", f"{res.n_synthetic:,}")
    if len(res.removed_original) + len(res.removed_synthetic):
        st.markdown(
            f"**Removed by cleaning:** {len(res.removed_original):,} original and "
            f"{len(res.removed_synthetic):,} synthetic rows (faded in the figure)."
        )
    st.markdown(f"**Sampler:** {SAMPLERS[view.variant].title}")
    units = "raw units" if pic.projection.method in ("raw", "raw3d") else SCALE_LABELS[view.scale]
    drawn = PROJECTION_LABELS[pic.projection.method]
    if pic.projection.method != view.projection and view.projection not in ("raw", "raw3d"):
        drawn += f", standing in for {PROJECTION_LABELS[view.projection]} until it is ready"
    st.markdown(f"**Projection:** {drawn} ({units})")
    if res.takes_k:
        st.markdown(f"**Neighbours searched** {explore.space_name(view.standardize)}")
    else:
        st.markdown("**Neighbours searched:** none"
                    + (" (linked on standardised features)" if view.standardize else ""))
    k = view.k if res.takes_k else "does not apply"
    st.markdown(f"**k:** {k} · **seed:** {view.seed} · **ratio:** {view.ratio:g}")
    if res.n_synthetic == 0:
        st.info("Every class already has at least the ratio's share of rows: nothing to generate. Raise the ratio.")


# ---------------------------------------------------------------------------------------------- explanation
def explanation(pic: explore.Picture, data: shared.CurrentData) -> None:
    """Where the selected synthetic point came from: its parent, neighbour and λ, feature by feature."""
    res, selected = pic.result, pic.selected
    st.subheader("Where did a synthetic point come from?")
    if not res.n_synthetic:
        st.caption("No synthetic points in this view.")
        return
    st.caption("In 3-D, choose a synthetic point by its number here (clicking picks a point in the 2-D views)."
               if pic.projection.n_components == 3 else
               "Click a synthetic point (◇) in the figure, or pick its number here.")
    pick_col, _ = st.columns([1, 3])
    pick_col.number_input(
        "Synthetic point #", min_value=0, max_value=res.n_synthetic - 1, step=1, value=None,
        placeholder="none selected", key="w_pick", on_change=on_pick,
    )
    if selected is None:
        return
    p = res.provenance.iloc[selected]
    linked = explore.topology_sentence(res, selected, quote=shared.plain)
    if linked is not None:  # Polynomial-fit SMOTE: toward the class mean, along a link, or on the fitted curve
        st.markdown(linked)
        st.dataframe(explore.explain(res, selected, data.names), hide_index=True, width="stretch")
    elif "radius" in p.index:  # Geometric SMOTE
        st.markdown(
            f"Synthetic point **#{selected}** (class **{shared.plain(p['class'])}**) was drawn inside a region "
            f"around row **{int(p['parent'])}**: a hypersphere of radius **{p['radius']:.4g}** reaching to row "
            f"**{int(p['neighbor'])}** (the surface point), truncated and deformed as the sampler's parameters say. "
            "Geometric SMOTE does not step along a segment, so there is no single λ."
        )
        st.dataframe(explore.explain(res, selected, data.names), hide_index=True, width="stretch")
    elif "feature_gaps" in p.index:  # Safe-Level-SMOTE
        st.markdown(
            f"Synthetic point **#{selected}** (class **{shared.plain(p['class'])}**) = parent row "
            f"**{int(p['parent'])}** + λⱼ · (neighbour row **{int(p['neighbor'])}** − parent row), **one λ per "
            "feature** (column λ below): Safe-Level-SMOTE draws each λ from a range shifted toward the safer of "
            "the two rows, so the new point lies in the box they span rather than on their segment."
        )
        st.dataframe(explore.explain(res, selected, data.names), hide_index=True, width="stretch")
    elif res.interpolates:
        st.markdown(
            f"Synthetic point **#{selected}** (class **{shared.plain(p['class'])}**) = parent row "
            f"**{int(p['parent'])}** + λ · (neighbour row **{int(p['neighbor'])}** − parent row), with "
            f"**λ = {p['gap']:.4f}**. The parent's {len(pic.knn)} nearest same-class neighbours are ringed in the "
            "figure."
            + (" Its categories are the ones most common among those neighbours." if res.votes else "")
        )
        st.dataframe(explore.explain(res, selected, data.names), hide_index=True, width="stretch")
    else:
        st.markdown(
            f"Synthetic point **#{selected}** (class **{shared.plain(p['class'])}**): SMOTE-N drew row "
            f"**{int(p['parent'])}** and gave the new row, column by column, the category most common among "
            f"it and its nearest same-class rows ({len(pic.knn)} voters, ringed in the figure). Nothing is "
            "interpolated."
        )
    if res.votes:
        st.markdown("**How each category was chosen**")
        st.dataframe(explore.explain_votes(res, selected), hide_index=True, width="stretch")


# ---------------------------------------------------------------------------------------------- diagnostics
def diagnostics_panel(pic: explore.Picture, data: shared.CurrentData, view: ViewState, typology) -> None:
    """The minority typology, where the synthetic points land, and which originals became parents: every distance
    in the space of the neighbour search, every count on the synthetic points a cleaning step kept."""
    res = pic.result
    space = explore.space_name(view.standardize)
    st.subheader("Diagnostics")
    found = shared.diagnosis(data, view, res) if res.n_synthetic else None
    if found is not None:
        st.caption(found.counted_on())
    d1, d2, d3 = st.columns(3, gap="medium")
    with d1:
        st.markdown(f"**Minority typology** (5 nearest neighbours in the whole data, {space})")
        table = shared.shelved(("typology", data.key, view.standardize), lambda: explore.typology_table(typology))
        st.dataframe(table, width="stretch")
        st.caption("Safe: 4–5 of 5 neighbours share the class; borderline 2–3; rare 1; outlier 0.")
    with d2:
        st.markdown("**Where the synthetic points land**")
        if found is None or not found.n_kept:
            st.caption("No synthetic points." if found is None else "The cleaning removed every synthetic point.")
        else:
            st.metric("Nearest original is of another class", f"{found.share:.0%}",
                      help=f"Synthetic points whose nearest original row ({space}) belongs to another class: the "
                      "sampler put them inside another class's territory.")
            if found.gaps is not None and not found.gaps["count"]:
                st.caption("No λ to show: these points lie on a fitted curve, not on a segment.")
            elif res.interpolates:
                gaps = shared.shelved(("gaps", shared.view_key(data, view)),
                                      lambda: finished(gap_histogram_figure(found.gaps)))
                st.plotly_chart(gaps, key="gap_histogram",
                                config={"displayModeBar": False, "staticPlot": True})
    with d3:
        st.markdown("**Which originals became parents**")
        if found is None or found.usage is None:
            st.caption(found.usage_note if found is not None and found.usage_note else "No synthetic points.")
        else:
            for sentence in explore.usage_sentences(found.usage, quote=shared.plain):
                st.markdown(sentence)


# ---------------------------------------------------------------------------------------------- the page
@st.fragment
def picture_part(data: shared.CurrentData, view: ViewState, slots: Slots, show_types: bool) -> None:
    """k, the picture and everything that depends on it: a fragment, so that moving k (or clicking a point) reruns
    only this, not the router, the sidebar and the checks above it (a class moving k at once shares one process).

    ``view`` is the sidebar's view with k as it was; k comes from the slider drawn here into ``slots.k``."""
    st.session_state["_run"] = st.session_state.get("_run", 0) + 1  # a new run for the progress bars (see waiting)
    with slots.k:
        k = k_control(view, data.key, data.y, view.ratio)
    if k is None:
        shared.write_view(view)
        share_box(view, slots.share)
        st.error(
            "A class to grow has a single row: SMOTE needs at least two rows of a class to interpolate between. "
            "Lower the sampling ratio, or add rows of that class on the Data page."
        )
        return
    view = view.replace(k=k)
    forget_stale_selection(shared.view_key(data, view))
    restore_point()
    shared.write_view(view.replace(point=st.session_state.get("selected_syn")))
    pic, typology, bv = compute(data, view, show_types)
    keep_selection(pic)
    view = view.replace(point=pic.selected)
    shared.write_view(view)
    share_box(view, slots.share)
    figure_and_selection(pic, data, view, bv)
    explanation(pic, data)
    diagnostics_panel(pic, data, view, typology)


def main() -> None:
    shared.ensure_router()
    view, link_warnings, from_link = shared.view_state()
    if from_link:
        st.session_state["_link_point"] = view.point  # the link's selected point, for restore_point
    seed_widgets(view, from_link)
    st.title("SMOTE Explorer")
    shared.lesson_banner(view)
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    introduction()
    data, view, slots, show_types = controls(view)
    scale_advice(data, view)
    picture_part(data, view, slots, show_types)


main()
