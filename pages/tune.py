"""Tune k: cross-validated scores against k with the sampler inside each training fold only, and why they move."""

import numpy as np
import streamlit as st

from pages import _shared as shared
from smote_core import SmoteError
from smote_core.analysis import evaluation
from smote_core.samplers.registry import SAMPLERS
from smote_core.views.figures import tune_figure
from smote_core.views.view_state import ViewState


def sampler_of(view: ViewState) -> tuple[ViewState, str | None]:
    """Explore's sampler as Tune scores it, and a note when it cannot be (the category samplers vote, and the scores
    are computed on the numeric, one-hot encoded, features): then SMOTE."""
    if SAMPLERS[view.variant].categories is None:
        return view, None
    return view.replace(variant="smote"), (f"{SAMPLERS[view.variant].title} votes for categories; the scores here are "
                                           "computed on the one-hot encoded features, so Tune k uses SMOTE.")


LEAKY_HELP = ("The sampler on the whole data, then cross-validation: synthetic rows made from test rows help train the "
              "model and sit in the test folds. Scores look better than they are.")


def controls(view: ViewState, names):
    """The sidebar: the dataset's name, its data, the k values to score (none for a sampler that takes no k), the
    cross-validation settings, leaky."""
    with st.sidebar:
        st.header("Cross-validation")
        dataset, data = shared.dataset_picker("t_dataset", names, view.n)
        classifier = st.selectbox("Classifier", list(evaluation.CLASSIFIERS), key="t_classifier",
                                  format_func=evaluation.CLASSIFIER_LABELS.get)
        n_splits = st.slider("Folds", 3, 10, 5, key="t_folds")
        settings = dict(classifier=classifier, ratio=view.ratio, n_splits=n_splits, random_state=view.seed,
                        sampler=view.variant, params=view.sampler_params(), standardize=view.standardize)
        if not SAMPLERS[view.variant].takes_k:
            st.caption(f"{SAMPLERS[view.variant].title} uses no neighbours: there is no k to vary.")
            leaky = st.toggle("Also show the leaky way (resample before splitting)", key="t_leaky", help=LEAKY_HELP)
            return dataset, data, (), settings, leaky
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
        leaky = st.toggle("Also show the leaky way (resample before splitting)", key="t_leaky", help=LEAKY_HELP)
    k_values = tuple(sorted({int(round(v)) for v in np.linspace(k_range[0], k_range[1], n_values)}))
    return dataset, data, k_values, settings, leaky


def setting_caption(view: ViewState, note: str | None) -> None:
    """What the cross-validation resamples with: Explore's sampler, its parameters, the space of its search."""
    own = ", ".join(f"{p.name} = {getattr(view, p.name)}" if p.is_choice else f"{p.name} = {getattr(view, p.name):g}"
                    for p in SAMPLERS[view.variant].params
                    if not p.applies_when or getattr(view, p.applies_when[0]) == p.applies_when[1])
    search = ("neighbours searched in standardised units, z-scored with each training fold's own mean and standard "
              "deviation" if view.standardize else "neighbours searched in raw units")
    if not SAMPLERS[view.variant].takes_k:
        search = "on standardised features" if view.standardize else "on the raw features"
    st.caption(f"As on Explore: {SAMPLERS[view.variant].title}" + (f" ({own})" if own else "")
               + f", ratio {view.ratio:g}, seed {view.seed}, {search}. Change them on Explore."
               + (f" {note}" if note else ""))


def scores(data: shared.CurrentData, k_values: tuple, settings: dict, is_leaky: bool):
    """The cross-validated scores at each k (computed once, with a progress bar, then kept)."""
    hashable = {name: tuple(sorted(v.items())) if isinstance(v, dict) else v for name, v in settings.items()}
    key = (data.key, k_values, is_leaky, tuple(sorted(hashable.items())))
    summary = shared.cached_result(key)
    if summary is not None:
        return summary
    title = SAMPLERS[settings["sampler"]].title
    what = "resampling the whole data first (leaky)" if is_leaky else f"{title} inside each training fold"
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


def scores_without_k(data: shared.CurrentData, settings: dict, is_leaky: bool):
    """A sampler that takes no k: its cross-validated scores at its one setting, and without resampling (computed
    once, with a progress bar, then kept)."""
    hashable = {name: tuple(sorted(v.items())) if isinstance(v, dict) else v for name, v in settings.items()}
    key = ("without k", data.key, is_leaky, tuple(sorted(hashable.items())))
    table = shared.cached_result(key)
    if table is not None:
        return table
    what = "resampling the whole data first (leaky)" if is_leaky else "inside each training fold"
    bar = st.progress(0.0, text=f"Cross-validating, {what}…")
    try:
        df = evaluation.evaluate_sampler(
            data.X, data.y, leaky=is_leaky, **settings,
            progress=lambda done, total: bar.progress(done / total, text=f"{what}: {done} of {total} fits"))
    except SmoteError as exc:
        bar.empty()
        st.error(str(exc))
        st.stop()
    bar.empty()
    return shared.store_result(key, evaluation.sampler_scores(df))


def report_without_k(data: shared.CurrentData, settings: dict, leaky: bool, title: str) -> None:
    """What Tune k shows for a sampler that takes no k: that k does not apply, and its scores against none."""
    st.info(f"**k does not apply to {title}**: it links the minority's samples in a fixed way (to their mean, "
            "along their rows, between all pairs, or on a fitted curve) and searches no neighbours, so there is no "
            "curve of scores against k to draw. Below: its cross-validated scores at its one setting, against the "
            "same classifier without resampling.", icon=":material/info:")
    table = scores_without_k(data, settings, False)
    if leaky:
        table[f"{title}, resampled before splitting (leaky)"] = scores_without_k(data, settings, True)[title]
    st.dataframe(table, width="content")
    st.caption("Mean ± standard deviation over the folds; the test folds keep only real rows"
               + (" (except in the leaky column, whose inflated scores are no guide)." if leaky else "."))


def score_report(results: dict, title: str) -> None:
    """The scores against k, what they say (ties as ties), and how much the leaky way inflates them."""
    fig = tune_figure(results["honest"], evaluation.METRICS, leaky=results.get("leaky"),
                      name=f"{title} inside each training fold")
    st.plotly_chart(fig, key="tune_fig", config={"displaylogo": False})
    said = evaluation.verdict(results["honest"], "f1")
    st.markdown(said.sentence)
    st.caption("The bands are ± one standard deviation over the folds; two k whose means are closer than the noise "
               "of the folds (one standard error) count as alike.")
    if "leaky" in results:
        f1 = results["honest"].query("metric == 'f1'")
        gap = (results["leaky"].query("metric == 'f1' and k > 0")["mean"].mean()
               - f1.query("k > 0")["mean"].mean())
        st.warning(
            f"Resampling before splitting inflates minority F1 by {gap:+.3f} on average here. Never choose k (or "
            "report a score) that way: put the sampler inside the cross-validation, e.g. an imbalanced-learn "
            "Pipeline.",
            icon="⚠️",
        )


def small_pictures(data: shared.CurrentData, view: ViewState, k_values: tuple) -> None:
    """The sampler's picture at the smallest, a middle and the largest k scored, in Explore's units."""
    st.subheader("Why the scores move: the picture at a few k")
    shown_k = sorted({k_values[0], k_values[len(k_values) // 2], k_values[-1]})
    for col, k in zip(st.columns(len(shown_k)), shown_k):
        with col:
            try:
                pic = shared.view_figure(
                    data, view.replace(k=k, projection="pca"),
                    place=f"tune|k={k}", max_segments=300, height=300, showlegend=False,
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
        "Which k gives the best classifier? Each score is a stratified cross-validation in which the sampler grows "
        "the classes of the **training folds only**; the test folds keep only real rows. The dashed line is the "
        "same classifier without resampling."
    )
    view, link_warnings, from_link = shared.view_state()
    shared.lesson_banner(view)
    for w in link_warnings:
        st.warning(w, icon="⚠️")
    names = shared.dataset_names()
    if from_link or "t_dataset" not in st.session_state:
        st.session_state["t_dataset"] = view.dataset if view.dataset in names else "moons"
        st.session_state["t_leaky"] = view.leaky
    scored, note = sampler_of(view)
    dataset, data, k_values, settings, leaky = controls(scored, names)
    shared.write_view(view.replace(dataset=dataset, leaky=bool(leaky)))
    setting_caption(scored, note)
    if not k_values:  # the sampler takes no k
        report_without_k(data, settings, leaky, SAMPLERS[scored.variant].title)
        return
    runs = {"honest": False} | ({"leaky": True} if leaky else {})
    results = {name: scores(data, k_values, settings, is_leaky) for name, is_leaky in runs.items()}
    score_report(results, SAMPLERS[scored.variant].title)
    small_pictures(data, scored, k_values)


main()
