"""Learn: step through SMOTE one synthetic sample at a time, with the same engine and seed as Explore."""

import numpy as np
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.views import explore, lesson
from smote_core.data import prepare
from smote_core.views.lesson import STEPS

shared.ensure_router()

st.title("Learn: how SMOTE makes one point")

# ---------------------------------------------------------------------------------------------- state
view, link_warnings, from_link = shared.view_state()
if from_link:  # a lesson link: its dataset, k and seed win over what this session had
    st.session_state.update(l_dataset=view.dataset, l_k=view.k, l_seed=view.seed)
    st.session_state.pop("l_key", None)
names = shared.dataset_names()
with st.sidebar:
    st.header("Lesson")
    if st.session_state.get("l_dataset") not in names:
        st.session_state["l_dataset"] = view.dataset if view.dataset in names else "moons"
    titles = {n: shared.dataset_title(n) for n in names}
    dataset = st.selectbox("Dataset", names, key="l_dataset", format_func=titles.get)
    data = shared.current_data(dataset, view.n)
    X, y = data.X, data.y
    k_max = explore.k_limit(y, 1.0)
    if k_max < 1:
        st.error("A class has a single row: SMOTE cannot interpolate. Pick another dataset.")
        st.stop()
    if "l_k" not in st.session_state:
        st.session_state["l_k"] = min(view.k, k_max)
    st.session_state["l_k"] = min(st.session_state["l_k"], k_max)
    k = st.slider("k (nearest neighbours)", 1, max(2, k_max), key="l_k", disabled=k_max < 2)
    if "l_seed" not in st.session_state:
        st.session_state["l_seed"] = view.seed
    seed = st.number_input("Random seed", 0, 2**31 - 1, step=1, key="l_seed")

try:
    res = shared.resample_data(data, "smote", k, 1.0, int(seed), False)
except SmoteError as exc:
    st.error(str(exc))
    st.stop()
n = res.n_synthetic
if n == 0:
    st.info("The classes are already balanced: SMOTE has nothing to make here. Pick another dataset.")
    st.stop()

lesson_key = (data.key, k, int(seed))
if st.session_state.get("l_key") != lesson_key:  # a new lesson: start from the link's position, or the start
    sample, step, warnings = lesson.read_position(
        {k_: st.query_params.get(k_) for k_ in ("sample", "step")}, n
    )
    link_warnings += warnings
    st.session_state.update(l_key=lesson_key, l_sample=sample, l_step=step, l_playing=False)
for w in link_warnings:
    st.warning(w, icon="⚠️")

# 2-D picture: the two features of a toy, else PCA — both linear, so x_new lies exactly on the drawn segment.
method = "raw" if len(data.names) == 2 else "pca"
features = (0, 1) if method == "raw" else None
proj = shared.fitted_projection(data.key, method, features, X, tuple(data.names))


def go_to(sample: int, step: int) -> None:
    st.session_state["l_sample"], st.session_state["l_step"] = sample % n, min(max(step, 1), len(STEPS))


# ---------------------------------------------------------------------------------------------- controls
b1, b2, b3, b4, b5 = st.columns(5)
b1.button("Previous step", icon=":material/navigate_before:", on_click=lambda: go_to(st.session_state["l_sample"], st.session_state["l_step"] - 1),
          width="stretch")
b2.button("Next step", icon=":material/navigate_next:", on_click=lambda: go_to(*lesson.advance(st.session_state["l_sample"],
                                                               st.session_state["l_step"], n)),
          width="stretch", type="primary")
b3.button("Next sample", icon=":material/skip_next:", on_click=lambda: go_to(st.session_state["l_sample"] + 1, 1), width="stretch")
playing = st.session_state["l_playing"]
b4.button("Pause" if playing else "Play", icon=":material/pause:" if playing else ":material/play_arrow:",
          on_click=lambda: st.session_state.update(l_playing=not st.session_state["l_playing"]), width="stretch")
b5.button("Reset", icon=":material/restart_alt:", on_click=lambda: (go_to(0, 1), st.session_state.update(l_playing=False)), width="stretch")
by_hand = st.toggle("Set λ by hand", key="l_by_hand",
                    help="Slide λ and watch x_new move along the segment from x (λ = 0) towards x_nn (λ = 1).")
lam = st.slider("λ", 0.0, 1.0, 0.5, 0.01, key="l_lambda", disabled=not by_hand) if by_hand else None


@st.fragment(run_every=1.5 if playing else None)
def lesson_view():
    if st.session_state.get("l_playing"):
        if st.session_state.get("_l_ticked"):
            go_to(*lesson.advance(st.session_state["l_sample"], st.session_state["l_step"], n))
        st.session_state["_l_ticked"] = True
    else:
        st.session_state["_l_ticked"] = False
    sample, step = st.session_state["l_sample"], st.session_state["l_step"]
    v = lesson.step_view(res, sample, 4 if lam is not None and step < 4 else step, gap=lam)
    new_xy = proj.transform(v.x_new[None])[0]
    done_xy = shared.cached_synthetic_xy(data.key, method, features, "smote", k, 1.0, int(seed), False, proj,
                                         res.X_syn)[:sample]
    fig = lesson.lesson_figure(proj.embedding, y, done_xy, v, new_xy, classes=sorted(
        res.counts_before, key=res.counts_before.get, reverse=True), axis_labels=proj.axis_labels,
        uirevision=f"learn|{data.key}")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.plotly_chart(fig, key="learn_fig", config={"displaylogo": False})
    with right:
        st.markdown(f"**Synthetic sample {sample + 1} of {n:,}** · step **{v.step} of {len(STEPS)}**")
        st.progress(v.step / len(STEPS), text=STEPS[v.step - 1])
        st.markdown(v.explanation(k, y[v.parent]))
        if v.step >= 4:
            st.latex(r"x_{new} = x + \lambda\,(x_{nn} - x),\quad \lambda = " + f"{v.gap:.3f}")
            st.dataframe(
                {"feature": list(data.names), "x": v.x, "x_nn": v.x_nn, "x_new": v.x_new},
                hide_index=True, width="stretch", height=min(38 * (len(data.names) + 1), 260),
            )
    query = {"dataset": dataset, "k": str(k), "seed": str(int(seed)), "sample": str(sample), "step": str(v.step)}
    st.query_params.from_dict(query)
    st.session_state["_written_query"] = query


lesson_view()
st.caption(
    "The samples shown are exactly the ones SMOTE makes with this k and seed, in order: Explore with the same "
    "dataset, k, seed and ratio 1 shows them all at once."
)

st.subheader("Ready-made lessons")
for title, page, query, what in lesson.LESSONS:
    st.page_link(page, label=title, query_params=query, icon=":material/school:")
    st.caption(what)
