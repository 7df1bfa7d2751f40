"""Explore's decision boundaries: the honest held-out pipeline, the caption, the table, the traces drawn."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from smote_core.data.datasets import load_builtin
from smote_core.views import boundary as boundary_module
from smote_core.views import explore, projection
from smote_core.views.boundary import boundary_table, boundary_view
from smote_core.views.figures import ExploreFigureData, boundary_traces, explore_figure


def _view(name="moons", method="pca", k=5, variant="smote", **kwargs):
    ds = load_builtin(name)
    X = ds.frame.drop(columns=ds.target).to_numpy(float)
    y = ds.frame[ds.target].to_numpy()
    res = explore.resample(X, y, k=k, ratio=1.0, seed=0, variant=variant)
    proj = projection.fit_projection(X, method, features=(0, 1) if method == "raw" else None, random_state=0,
                                     standardize=method != "raw")
    return res, proj, proj.transform(res.X_syn)


def test_the_held_out_models_never_see_a_held_out_row(monkeypatch):
    res, proj, syn = _view()
    seen = []
    real = boundary_module.resample

    def spy(X, y, **kwargs):
        seen.append(np.asarray(X))
        return real(X, y, **kwargs)

    monkeypatch.setattr(boundary_module, "resample", spy)
    bv = boundary_view(res, proj, syn, classifier="logreg", seed=0, ratio=1.0, standardize=False)
    train, test = boundary_module.held_out_split(res.y, random_state=0)
    assert len(seen) == 1 and np.array_equal(seen[0], res.X[train])  # only the training rows were resampled
    assert (bv.n_train, bv.n_test) == (len(train), len(test)) and bv.k_train == 5
    assert set(bv.scores.columns) == {"recall", "precision", "f1"}
    assert ((bv.scores >= 0) & (bv.scores <= 1)).all().all()


def test_the_caption_says_in_which_space_the_models_were_fitted():
    res, proj, syn = _view("breast_cancer")
    bv = boundary_view(res, proj, syn, classifier="tree", seed=0, ratio=1.0, standardize=False)
    assert not bv.real
    said = bv.caption(30, "PCA")
    assert "dashed line" in said and "solid line" in said and "not on the 30 features" in said
    res, proj, syn = _view("blobs", method="raw")
    raw = boundary_view(res, proj, syn, classifier="knn", seed=0, ratio=1.0, standardize=False)
    assert raw.real and "real boundary" in raw.caption(2, "two raw features")
    res, proj, syn = _view("blobs")
    assert "only rotate and rescale" in boundary_view(res, proj, syn, classifier="knn", seed=0, ratio=1.0,
                                                      standardize=False).caption(2, "PCA")


def test_a_cleaning_sampler_trains_the_after_model_on_what_it_kept():
    res, proj, syn = _view("breast_cancer", variant="smote_enn")
    assert len(res.removed_synthetic) > 0 and len(res.removed_original) > 0
    bv = boundary_view(res, proj, syn, classifier="knn", seed=0, ratio=1.0, standardize=False)
    kept_o = np.ones(len(res.y), bool)
    kept_o[res.removed_original] = False
    kept_s = np.ones(res.n_synthetic, bool)
    kept_s[res.removed_synthetic] = False
    on_kept = boundary_module.decision_boundaries(
        proj.embedding[kept_o], res.y[kept_o], syn[kept_s], res.y_syn[kept_s], classifier="knn",
        positive=bv.boundaries.positive, random_state=0)
    everything = boundary_module.decision_boundaries(
        proj.embedding, res.y, syn, res.y_syn, classifier="knn", positive=bv.boundaries.positive, random_state=0)
    assert np.array_equal(bv.boundaries.after > 0, on_kept.after > 0)  # same grid: the points span it either way
    assert not np.array_equal(bv.boundaries.after > 0, everything.after > 0)
    assert bv.scores is not None


def test_a_class_too_small_once_rows_are_held_out_lowers_k_or_gives_no_scores():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(3, 1, (4, 2))])
    y = np.r_[[0] * 40, [1] * 4]
    res = explore.resample(X, y, k=3, ratio=1.0, seed=0)
    proj = projection.fit_projection(X, "raw", features=(0, 1), random_state=0)
    bv = boundary_view(res, proj, proj.transform(res.X_syn), classifier="logreg", seed=0, ratio=1.0,
                       standardize=False)
    train, _ = boundary_module.held_out_split(y, random_state=0)
    left = int((y[train] == 1).sum())
    assert left < 4 and bv.k_train == left - 1 < 3 and bv.scores is not None  # fewer minority rows: k lowered
    X2, y2 = X[:42], y[:42]  # 2 minority rows: one is held out, one stays
    res2 = explore.resample(X2, y2, k=1, ratio=1.0, seed=0)
    proj2 = projection.fit_projection(X2, "raw", features=(0, 1), random_state=0)
    none = boundary_view(res2, proj2, proj2.transform(res2.X_syn), classifier="logreg", seed=0, ratio=1.0,
                         standardize=False)
    assert none.scores is None and none.k_train is None


def test_the_table_names_the_class_it_scores():
    scores = pd.DataFrame({"recall": [0.5, 0.9], "precision": [0.8, 0.6], "f1": [0.6, 0.7]},
                          index=["before", "after"])
    table = boundary_table(scores, "fraud")
    assert list(table.columns) == ["recall of fraud", "precision", "F1"]
    assert list(table.index) == ["fitted on the originals", "fitted after resampling"]


def test_the_boundary_is_drawn_below_the_points_as_valid_plotly():
    res, proj, syn = _view()
    bv = boundary_view(res, proj, syn, classifier="svm", seed=0, ratio=1.0, standardize=False)
    b = bv.boundaries
    background = boundary_traces(b.xs, b.ys, b.before, b.after, "#E69F00", b.positive)
    fig, _ = explore_figure(ExploreFigureData(orig_xy=proj.embedding, y=res.y, syn_xy=syn,
                                              provenance=res.provenance, background=background))
    types = [t["type"] for t in fig.to_dict()["data"]]
    assert types[:3] == ["heatmap", "contour", "contour"] and "scatter" in types[3:]
    checked = go.Figure(fig.to_dict())  # every property one plotly knows
    before, after = checked.data[1], checked.data[2]
    assert before.line.dash == "dash" and after.line.dash == "solid"
    assert before.contours.start == before.contours.end == 0 and before.name == "boundary before resampling"
    assert np.array_equal(np.asarray(background[0]["z"]) > 0, np.asarray(b.after) > 0)  # the after side shaded
    assert 0 < np.mean(background[0]["z"]) < 1


@pytest.mark.parametrize("name", ["logreg", "knn", "tree", "svm"])
def test_every_classifier_runs_on_a_real_table(name):
    res, proj, syn = _view("breast_cancer")
    bv = boundary_view(res, proj, syn, classifier=name, seed=1, ratio=1.0, standardize=True)
    assert bv.scores.loc["before", "recall"] > 0.5  # malignant vs benign is learnable in the PCA plane
