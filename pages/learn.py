"""Learn: step through SMOTE one synthetic sample at a time, with the same engine and seed as Explore."""

import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.views import explore, lesson
from smote_core.views.lesson import STEPS
from smote_core.views.view_state import SEED_MAX, ViewState


def controls(view: ViewState, from_link: bool) -> tuple[ViewState, shared.CurrentData]:
    """The sidebar: the lesson's dataset, k and seed (a lesson link's win over this session's)."""
    if from_link:
        st.session_state.update(l_dataset=view.dataset, l_k=view.k, l_seed=view.seed)
        st.session_state.pop("l_key", None)
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
    return view.replace(dataset=dataset, k=k, seed=int(seed)), data


def start_position(view: ViewState, data: shared.CurrentData, n: int) -> list[str]:
    """A new lesson starts at the view's sample and step (a link's, or where the last lesson was), checked against
    its ``n`` samples; returns the warnings about values out of range."""
    lesson_key = (data.key, view.k, view.seed)
    if st.session_state.get("l_key") == lesson_key:
        return []
    sample, step, warnings = lesson.read_position({"sample": view.sample, "step": view.step}, n)
    st.session_state.update(l_key=lesson_key, l_sample=sample, l_step=step, l_playing=False)
    return warnings


def go_to(sample: int, step: int, n: int) -> None:
    st.session_state["l_sample"], st.session_state["l_step"] = sample % n, min(max(step, 1), len(STEPS))


def advance(n: int) -> None:
    go_to(*lesson.advance(st.session_state["l_sample"], st.session_state["l_step"], n), n)


def player(n: int) -> float | None:
    """The buttons that move through the lesson, and λ when it is set by hand (else None)."""
    state = st.session_state
    b1, b2, b3, b4, b5 = st.columns(5)
    b1.button("Previous step", icon=":material/navigate_before:", width="stretch",
              on_click=lambda: go_to(state["l_sample"], state["l_step"] - 1, n))
    b2.button("Next step", icon=":material/navigate_next:", on_click=lambda: advance(n), width="stretch",
              type="primary")
    b3.button("Next sample", icon=":material/skip_next:", width="stretch",
              on_click=lambda: go_to(state["l_sample"] + 1, 1, n))
    playing = state["l_playing"]
    b4.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
              on_click=lambda: state.update(l_playing=not state["l_playing"]), width="stretch")
    b5.button("Reset", icon=":material/restart_alt:", width="stretch",
              on_click=lambda: (go_to(0, 1, n), state.update(l_playing=False)))
    by_hand = st.toggle("Set λ by hand", key="l_by_hand",
                        help="Slide λ and watch x_new move along the segment from x (λ = 0) towards x_nn (λ = 1).")
    return st.slider("λ", 0.0, 1.0, 0.5, 0.01, key="l_lambda", disabled=not by_hand) if by_hand else None


def show_step(view: ViewState, data: shared.CurrentData, res, proj, syn_xy, lam: float | None) -> None:
    """The lesson's current step: the picture, the explanation, the formula; its position goes in the URL.

    Runs as a fragment: while playing, it moves one step every tick."""
    n = res.n_synthetic
    if st.session_state.get("l_playing"):
        if st.session_state.get("_l_ticked"):
            advance(n)
        st.session_state["_l_ticked"] = True
    else:
        st.session_state["_l_ticked"] = False
    sample, step = st.session_state["l_sample"], st.session_state["l_step"]
    v = lesson.step_view(res, sample, 4 if lam is not None and step < 4 else step, gap=lam)
    new_xy = proj.transform(v.x_new[None])[0]
    fig = lesson.lesson_figure(proj.embedding, res.y, syn_xy[:sample], v, new_xy, classes=explore.class_order(res),
                               axis_labels=proj.axis_labels, uirevision=f"learn|{data.key}")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(fig, key="learn_fig", config={"displaylogo": False})
    with right:
        st.markdown(f"**Synthetic sample {sample + 1} of {n:,}** · step **{v.step} of {len(STEPS)}**")
        st.progress(v.step / len(STEPS), text=STEPS[v.step - 1])
        st.markdown(v.explanation(view.k, shared.plain(res.y[v.parent])))
        if v.step >= 4:
            st.latex(r"x_{new} = x + \lambda\,(x_{nn} - x),\quad \lambda = " + f"{v.gap:.3f}")
            st.dataframe(
                {"feature": list(data.names), "x": v.x, "x_nn": v.x_nn, "x_new": v.x_new},
                hide_index=True, width="stretch", height=min(38 * (len(data.names) + 1), 260),
            )
    shared.write_view(view.replace(sample=sample, step=v.step))


def ready_made_lessons() -> None:
    st.subheader("Ready-made lessons")
    for ready in lesson.LESSONS:
        st.page_link(shared.page_path(ready.page), label=ready.title, query_params=ready.query(),
                     icon=":material/school:")
        st.caption(ready.what)


def main() -> None:
    shared.ensure_router()
    st.title("Learn: how SMOTE makes one point")
    view, link_warnings, from_link = shared.view_state()
    view, data = controls(view, from_link)
    try:
        res = shared.resample_data(data, "smote", view.k, 1.0, view.seed, False)
    except SmoteError as exc:
        st.error(str(exc))
        st.stop()
    if res.n_synthetic == 0:
        st.info("The classes are already balanced: SMOTE has nothing to make here. Pick another dataset.")
        st.stop()
    for w in link_warnings + start_position(view, data, res.n_synthetic):
        st.warning(w, icon="⚠️")
    # 2-D picture: the two features of a toy, else PCA — both linear, so x_new lies exactly on the drawn segment.
    method = "raw" if len(data.names) == 2 else "pca"
    features = (0, 1) if method == "raw" else None
    proj = shared.fitted_projection(data.key, method, features, data.X, tuple(data.names))
    syn_xy = shared.cached_synthetic_xy(data.key, method, features, "smote", view.k, 1.0, view.seed, False, proj,
                                        res.X_syn)
    lam = player(res.n_synthetic)
    st.fragment(show_step, run_every=1.5 if st.session_state["l_playing"] else None)(
        view, data, res, proj, syn_xy, lam)
    st.caption(
        "The samples shown are exactly the ones SMOTE makes with this k and seed, in order: Explore with the same "
        "dataset, k, seed and ratio 1 shows them all at once."
    )
    ready_made_lessons()


main()
