"""Tune k: cross-validated scores against k with SMOTE inside each training fold only, and why they move."""

import numpy as np
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis import evaluation
from smote_core.views.figures import tune_figure
from smote_core.views.view_state import ViewState


def controls(view: ViewState, names):
    """The sidebar: the dataset's name, its data, the k values to score, the cross-validation settings, leaky."""
    with st.sidebar:
        st.header("Cross-validation")
        dataset, data = shared.dataset_picker("t_dataset", names, view.n)
        classifier = st.selectbox("Classifier", list(evaluation.CLASSIFIERS), key="t_classifier",
                                  format_func=evaluation.CLASSIFIER_LABELS.get)
        n_splits = st.slider("Folds", 3, 10, 5, key="t_folds")
        try:
            k_top = evaluation.max_k(data.y, ratio=view.ratio, n_splits=n_splits, random_state=view.seed)
        except SmoteError as exc:
            st.error(str(exc))
            st.stop()
        if not k_top:
            st.error("No k can be used with these folds: a training fold would hold too few rows of a class. "
                     "Use fewer folds or another dataset.")
            st.stop()
        k_top = min(k_top, 30)
        k_range = st.slider("k from … to", 1, max(2, k_top), (1, min(k_top, 15)), key="t_range",
                            disabled=k_top < 2)
        n_values = st.slider("How many k values", 2, 10, 6, key="t_n")
        leaky = st.toggle("Also show the leaky way (resample before splitting)", key="t_leaky",
                          help="SMOTE on the whole data, then cross-validation: synthetic rows made from test rows "
                          "help train the model and sit in the test folds. Scores look better than they are.")
        st.caption(f"Ratio {view.ratio:g} and seed {view.seed}, as on Explore.")
    k_values = tuple(sorted({int(round(v)) for v in np.linspace(k_range[0], k_range[1], n_values)}))
    settings = dict(classifier=classifier, ratio=view.ratio, n_splits=n_splits, random_state=view.seed)
    return dataset, data, k_values, settings, leaky


def scores(data: shared.CurrentData, k_values: tuple, settings: dict, is_leaky: bool):
    """The cross-validated scores at each k (computed once, with a progress bar, then kept)."""
    key = (data.key, k_values, is_leaky, tuple(sorted(settings.items())))
    summary = shared.cached_result(key)
    if summary is not None:
        return summary
    what = "resampling the whole data first (leaky)" if is_leaky else "SMOTE inside each training fold"
    bar = st.progress(0.0, text=f"Cross-validating {len(k_values)} k values, {what}…")
    try:
        table = evaluation.evaluate_k(
            data.X, data.y, k_values, leaky=is_leaky, **settings,
            progress=lambda done, total: bar.progress(done / total, text=f"{what}: {done} of {total} fits"),
        )
    except SmoteError as exc:
        bar.empty()
        st.error(str(exc))
        st.stop()
    bar.empty()
    return shared.store_result(key, evaluation.summarize(table))


def score_report(results: dict) -> None:
    """The scores against k, the best k, and how much the leaky way inflates them."""
    fig = tune_figure(results["honest"], evaluation.METRICS, leaky=results.get("leaky"))
    st.plotly_chart(fig, key="tune_fig", config={"displaylogo": False})
    f1 = results["honest"].query("metric == 'f1'")
    best = f1.query("k > 0").sort_values("mean", ascending=False).iloc[0]
    base = f1.query("k == 0")["mean"].iloc[0]
    st.markdown(
        f"Best minority F1: **k = {int(best['k'])}** ({best['mean']:.3f} ± {best['sd']:.3f}); without resampling "
        f"{base:.3f}. Differences smaller than the ± band are within the noise of the folds."
    )
    if "leaky" in results:
        gap = (results["leaky"].query("metric == 'f1' and k > 0")["mean"].mean()
               - f1.query("k > 0")["mean"].mean())
        st.warning(
            f"Resampling before splitting inflates minority F1 by {gap:+.3f} on average here. Never choose k (or "
            "report a score) that way: put SMOTE inside the cross-validation, e.g. an imbalanced-learn Pipeline.",
            icon="⚠️",
        )


def small_pictures(data: shared.CurrentData, view: ViewState, k_values: tuple) -> None:
    """SMOTE's picture at the smallest, a middle and the largest k scored."""
    st.subheader("Why the scores move: the picture at a few k")
    shown_k = sorted({k_values[0], k_values[len(k_values) // 2], k_values[-1]})
    for col, k in zip(st.columns(len(shown_k)), shown_k):
        with col:
            try:
                pic = shared.view_figure(
                    data, view.replace(variant="smote", k=k, standardize=False, projection="pca"),
                    uirevision=f"tune|{data.key}", max_segments=300, height=300, showlegend=False,
                    title=dict(text=f"k = {k}", x=0.5),
                )
            except SmoteError as exc:
                st.error(str(exc))
                continue
            st.plotly_chart(pic.figure, key=f"tune_small_{k}", config={"displaylogo": False, "displayModeBar": False})
    st.caption("Larger k lets segments reach further neighbours, so synthetic points spread into the space between "
               "minority clusters — and sometimes into the majority.")


def main() -> None:
    shared.ensure_router()
    st.title("Tune k")
    st.write(
        "Which k gives the best classifier? Each score is a stratified cross-validation in which SMOTE grows the "
        "classes of the **training folds only**; the test folds keep only real rows. The dashed line is the same "
        "classifier without resampling."
    )
    view, link_warnings, from_link = shared.view_state()
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    names = shared.dataset_names()
    if from_link or "t_dataset" not in st.session_state:
        st.session_state["t_dataset"] = view.dataset if view.dataset in names else "moons"
        st.session_state["t_leaky"] = view.leaky
    dataset, data, k_values, settings, leaky = controls(view, names)
    shared.write_view(view.replace(dataset=dataset, leaky=bool(leaky)))
    runs = {"honest": False} | ({"leaky": True} if leaky else {})
    results = {name: scores(data, k_values, settings, is_leaky) for name, is_leaky in runs.items()}
    score_report(results)
    small_pictures(data, view, k_values)


main()
