"""Learn: step through SMOTE one synthetic sample at a time, with the same engine, seed and picture as Explore."""

import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis.dimensions import DEFAULT_NOISE, high_dimension_study
from smote_core.views import explore, lesson
from smote_core.views.dimensions import dimensions_caption, dimensions_figure, dimensions_summary
from smote_core.views.figures import finished
from smote_core.views.lesson import STEPS
from smote_core.views.projection import two_d
from smote_core.views.view_state import SEED_MAX, ViewState


def controls(view: ViewState, from_link: bool) -> tuple[ViewState, shared.CurrentData]:
    """The sidebar: the lesson's dataset, k and seed (a lesson link's win over this session's); the view carries
    whether the high-dimensions section is shown (its toggle is under the picture)."""
    if from_link:
        st.session_state.update(l_dataset=view.dataset, l_k=view.k, l_seed=view.seed, l_dims=view.dims)
        st.session_state.pop("l_key", None)
    st.session_state.setdefault("l_dims", view.dims)
    names = shared.dataset_names()
    with st.sidebar:
        st.header("Lesson")
        if st.session_state.get("l_dataset") not in names:
            st.session_state["l_dataset"] = view.dataset if view.dataset in names else "moons"
        dataset, data = shared.dataset_picker("l_dataset", names, view.n)
        k_max = explore.k_limit(data.y, 1.0)
        if k_max < 1:
            st.error("A class has a single row: SMOTE cannot interpolate. Pick another dataset.")
            st.stop()
        if "l_k" not in st.session_state:
            st.session_state["l_k"] = min(view.k, k_max)
        st.session_state["l_k"] = min(st.session_state["l_k"], k_max)
        k = st.slider("k (nearest neighbours)", 1, max(2, k_max), key="l_k", disabled=k_max < 2)
        if "l_seed" not in st.session_state:
            st.session_state["l_seed"] = view.seed
        seed = st.number_input("Random seed", 0, SEED_MAX, step=1, key="l_seed")
    return view.replace(dataset=dataset, k=k, seed=int(seed), dims=bool(st.session_state["l_dims"])), data


def lesson_view(view: ViewState) -> ViewState:
    """What Learn shows: SMOTE at ratio 1 with the view's data, k, seed, neighbour search and picture (a 3-D
    picture's 2-D counterpart: Learn draws in the plane)."""
    return view.replace(variant="smote", ratio=1.0, sample=None, step=None, projection=two_d(view.projection))


def start_position(view: ViewState, data: shared.CurrentData, res, orig_xy, syn_xy) -> list[str]:
    """A new lesson starts at the link's sample and step, else at the first sample that shows x, x_nn and x_new
    apart; returns the warnings about link values out of range."""
    lesson_key = (data.key, view.k, view.seed, view.standardize)
    if st.session_state.get("l_key") == lesson_key:
        return []
    first = lesson.first_sample(res, orig_xy, syn_xy)
    sample, step, warnings = lesson.read_position({"sample": view.sample, "step": view.step}, res.n_synthetic, first)
    st.session_state.update(l_key=lesson_key, l_sample=sample, l_step=step, l_first=first, l_playing=False)
    return warnings


def go_to(position: tuple[int, int], n: int) -> None:
    sample, step = position
    st.session_state["l_sample"], st.session_state["l_step"] = sample % n, min(max(step, 1), len(STEPS))


def by_hand_changed() -> None:
    """Setting λ by hand starts from the λ SMOTE drew, at the step that uses it."""
    state = st.session_state
    if state.get("l_by_hand"):
        state["l_lambda"] = round(state.get("_l_drawn", 0.5), 2)
        state["l_step"] = max(state["l_step"], 4)


def reset(n: int) -> None:
    """Back to the lesson's first sample and step, paused."""
    state = st.session_state
    go_to((state.get("l_first", 0), 1), n)
    state.update(_l_replay=state["l_playing"], l_playing=False)


def player(n: int) -> float | None:
    """The buttons that move through the lesson, and λ when it is set by hand (else None)."""
    state = st.session_state
    at = (state["l_sample"], state["l_step"])
    b1, b2 = st.columns(2)
    b1.button("Previous step", icon=":material/navigate_before:", width="stretch",
              disabled=not lesson.can_go_back(*at), on_click=lambda: go_to(lesson.back(*at, n), n))
    b2.button("Next step", icon=":material/navigate_next:", width="stretch", type="primary",
              on_click=lambda: go_to(lesson.advance(*at, n), n))
    b3, b4 = st.columns(2)
    b3.button("Next sample", icon=":material/skip_next:", width="stretch", on_click=lambda: go_to((at[0] + 1, 1), n))
    playing = state["l_playing"]
    b4.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
              width="stretch", on_click=lambda: state.update(l_playing=not playing, _l_replay=True))
    if state.pop("_l_replay", False):
        st.rerun(scope="app")  # the fragment's timer is set by the whole page
    b5, b6 = st.columns([3, 2], vertical_alignment="center")
    by_hand = b5.toggle("Set λ by hand", key="l_by_hand", on_change=by_hand_changed,
                        help="Slide λ and watch x_new move along the segment from x (λ = 0) towards x_nn (λ = 1).")
    b6.button("Reset", icon=":material/restart_alt:", width="stretch", type="tertiary",
              help="Back to where this lesson started", on_click=lambda: reset(n))
    return st.slider("λ", 0.0, 1.0, 0.5, 0.01, key="l_lambda") if by_hand else None


def show_step(view: ViewState, data: shared.CurrentData, res, proj, syn_xy) -> None:
    """The lesson's current step: the picture, the buttons, the explanation, the formula, the link to this step.

    Runs as a fragment (a button reruns only this); while playing, it moves one step every tick. The URL keeps the
    lesson, not the position: a step is not a page of the browser's history (the share box links to it)."""
    n = res.n_synthetic
    state = st.session_state
    if state.get("l_playing"):
        if state.get("_l_ticked"):
            go_to(lesson.advance(state["l_sample"], state["l_step"], n), n)
        state["_l_ticked"] = True
    else:
        state["_l_ticked"] = False
    left, right = st.columns([3, 2], gap="medium")
    with right:
        lam = player(n)
    sample, step = state["l_sample"], state["l_step"]
    v = lesson.step_view(res, sample, step, gap=lam if step >= 4 else None)
    state["_l_drawn"] = v.drawn
    new_xy = proj.transform(v.x_new[None])[0]
    fig = lesson.lesson_figure(proj.embedding, res.y, syn_xy[:sample], v, new_xy, classes=explore.class_order(res),
                               axis_labels=proj.axis_labels, uirevision=f"learn|{data.key}|{proj.method}|{sample}")
    with left:
        st.plotly_chart(fig, key="learn_fig", config={"displaylogo": False})
    with right:
        st.markdown(f"**Synthetic sample {sample + 1} of {n:,}** · step **{v.step} of {len(STEPS)}**")
        st.progress(v.step / len(STEPS), text=v.title)
        st.markdown(v.explanation(view.k, shared.plain(res.y[v.parent])))
        if v.step >= 4:
            st.latex(r"x_{new} = x + \lambda\,(x_{nn} - x),\quad \lambda = " + f"{v.gap:.3f}")
            st.dataframe(
                {"feature": list(data.names), "x": v.x, "x_nn": v.x_nn, "x_new": v.x_new},
                hide_index=True, width="stretch", height=min(38 * (len(data.names) + 1), 260),
            )
        with st.popover("Share this step", icon=":material/link:"):
            st.caption("A link that opens this lesson at this sample and step:")
            st.code(shared.share_link("learn", view.replace(sample=sample, step=v.step)), language=None)
    shared.write_view(view.replace(sample=None, step=None))


#: The most rows the high-dimensions study looks at: a seeded sample of larger data (each class keeping its share)
#: keeps it to seconds.
DIMENSION_ROWS = 2000


def high_dimensions(data: shared.CurrentData, view: ViewState) -> None:
    """SMOTE in high dimensions: this data padded with noise features, four charts and what they say (computed once
    per data, k and seed for everyone, with a progress bar)."""
    st.subheader("SMOTE in high dimensions")
    levels = ", ".join(map(str, DEFAULT_NOISE[1:-1])) + f" and {DEFAULT_NOISE[-1]}"
    st.markdown(
        f"The same data padded with {levels} features of pure noise (random numbers on the scale of the "
        "standardised features) — as a table with many useless columns (genes, pixels, sensor channels) looks to "
        "SMOTE. Across each chart: how many noise features were added. Bars: the middle half of the minority "
        "samples (first chart), ± one standard deviation over the folds (last chart)."
    )

    def compute():
        bar = st.progress(0.0, text="Padding the data with noise features…")
        try:
            study = high_dimension_study(
                data.X, data.y, noise=DEFAULT_NOISE, k=view.k, seed=view.seed, max_rows=DIMENSION_ROWS,
                progress=lambda done, total: bar.progress(
                    done / total, text=f"Measuring neighbours and cross-validating: {done} of {total} steps"))
        finally:
            bar.empty()
        return study, finished(dimensions_figure(study)), dimensions_summary(study), dimensions_caption(study)

    key = (data.key, view.k, view.seed, DEFAULT_NOISE, DIMENSION_ROWS)
    try:
        _, fig, summary, caption = shared.remembered(shared.DIMENSION_STUDIES, key, compute)
    except SmoteError as exc:
        st.error(f"The high-dimensions charts cannot be computed for this data: {exc}")
        return
    st.plotly_chart(fig, key="dims_fig", config={"displaylogo": False})
    st.markdown(summary)
    st.caption(caption)


def ready_made_lessons() -> None:
    st.subheader("Ready-made lessons")
    for ready in lesson.LESSONS:
        st.page_link(shared.page_path(ready.page), label=ready.title, query_params=ready.query(),
                     icon=":material/school:")
        st.caption(ready.task)


def main() -> None:
    shared.ensure_router()
    st.title("Learn: how SMOTE makes one point")
    view, link_warnings, from_link = shared.view_state()
    shared.lesson_banner(view)
    view, data = controls(view, from_link)
    shown = lesson_view(view)
    try:
        res = shared.resample_view(data, shown)
    except SmoteError as exc:
        st.error(str(exc))
        st.stop()
    if res.n_synthetic == 0:
        st.info("The classes are already balanced: SMOTE has nothing to make here. Pick another dataset.")
        st.stop()
    # Explore's picture of this data: the same projection (fitted once, shared), the same synthetic points in it.
    try:
        _, _, proj = shared.view_projection(data, shown)
    except SmoteError as exc:  # e.g. t-SNE on data too small for it: Learn still teaches, in PCA
        st.warning(f"{exc} Drawn in PCA instead.", icon="⚠️")
        shown = shown.replace(projection="pca")
        _, _, proj = shared.view_projection(data, shown)
    proj, syn_xy = shared.synthetic_xy(data, shown, proj, res)
    for w in link_warnings + start_position(view, data, res, proj.embedding, syn_xy):
        st.warning(w, icon="⚠️")
    st.fragment(show_step, run_every=1.5 if st.session_state["l_playing"] else None)(view, data, res, proj, syn_xy)
    notes = [f"Drawn in {proj.label}, as Explore draws this data; zoomed to x's neighbourhood, the rest faded "
             "(double-click the picture for all of it)."]
    if proj.linear_note():
        notes.append(proj.linear_note())
    st.caption(" ".join(notes))
    st.page_link(shared.page_path("explore"), query_params=shown.to_query(), icon=":material/scatter_plot:",
                 label=f"Explore shows all {res.n_synthetic:,} of these points at once: SMOTE with this dataset, "
                       f"k = {shown.k}, seed {shown.seed} and ratio 1, in the same picture")
    if st.toggle("SMOTE in high dimensions", key="l_dims", help="This data padded with 10, 50 and 200 noise "
                 "features: what becomes of SMOTE's neighbours, its new points and its benefit to a classifier."):
        high_dimensions(data, view)
    ready_made_lessons()


main()
