"""Decision boundaries before and after resampling, and their held-out scores (smote_core.analysis.boundary)."""

import numpy as np
import pytest

from smote_core import SmoteError
from smote_core.analysis.boundary import (
    BOUNDARIES,
    SVM_MAX_ROWS,
    boundary_classifier,
    decision_boundaries,
    held_out_scores,
    held_out_split,
)


def _imbalanced(seed=0, n_major=200, n_minor=20, gap=2.0):
    rng = np.random.RandomState(seed)
    xy = np.vstack([rng.normal(0, 1, (n_major, 2)), rng.normal(gap, 1, (n_minor, 2))])
    return xy, np.r_[[0] * n_major, [1] * n_minor]


@pytest.mark.parametrize("name", BOUNDARIES[1:])
def test_synthetic_minority_points_move_every_classifiers_boundary_towards_the_majority(name):
    xy, y = _imbalanced()
    syn = np.random.RandomState(1).normal(2.0, 0.8, (180, 2))
    b = decision_boundaries(xy, y, syn, np.ones(180, int), classifier=name, positive=1, resolution=40)
    assert b.before.shape == b.after.shape == (40, 40) and len(b.xs) == len(b.ys) == 40
    before, after = b.share_positive
    assert after > before  # more of the plane is given to the class that grew
    # the grid covers every point, synthetic ones included
    assert b.xs[0] <= min(xy[:, 0].min(), syn[:, 0].min()) and b.xs[-1] >= max(xy[:, 0].max(), syn[:, 0].max())


def test_points_a_cleaning_step_removed_do_not_train_the_after_model():
    xy, y = _imbalanced()
    syn = np.random.RandomState(1).normal(-1.0, 0.5, (100, 2))  # synthetic minority deep in the majority
    args = dict(classifier="knn", positive=1, resolution=30)
    kept = decision_boundaries(xy, y, syn, np.ones(100, int), **args)
    removed = decision_boundaries(xy, y, syn, np.ones(100, int), kept_synthetic=np.zeros(100, bool), **args)
    assert kept.share_positive[1] > removed.share_positive[1]
    np.testing.assert_allclose(removed.after, removed.before)  # nothing kept: the same data, the same model


def test_a_boundary_needs_both_sides():
    xy, _ = _imbalanced()
    with pytest.raises(SmoteError, match="class that grows and of the others"):
        decision_boundaries(xy, np.ones(len(xy), int), xy[:5], np.ones(5, int), classifier="tree", positive=1)
    with pytest.raises(SmoteError, match="no decision boundary 'forest'"):
        boundary_classifier("forest")


def test_the_held_out_split_is_stratified_disjoint_and_reproducible():
    y = np.r_[[0] * 200, [1] * 20]
    train, test = held_out_split(y, random_state=4)
    assert set(train).isdisjoint(test) and len(train) + len(test) == len(y)
    assert (y[test] == 1).sum() == 6 and (y[train] == 1).sum() == 14  # 30% of each class held out
    again = held_out_split(y, random_state=4)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    assert not np.array_equal(test, held_out_split(y, random_state=5)[1])


def test_held_out_scores_count_the_positive_class_on_the_held_out_rows():
    xy, y = _imbalanced(gap=8.0)  # far apart: every model is perfect
    train, test = held_out_split(y)
    syn = np.random.RandomState(2).normal(8.0, 0.5, (100, 2))
    scores = held_out_scores(xy[train], y[train], syn, np.ones(100, int), xy[test], y[test], classifier="logreg",
                             positive=1)
    assert list(scores.index) == ["before", "after"] and list(scores.columns) == ["recall", "precision", "f1"]
    assert (scores.to_numpy() == 1.0).all()
    # synthetic minority points put on top of the majority: the after model calls majority rows minority
    bad = np.random.RandomState(3).normal(0.0, 0.3, (300, 2))
    worse = held_out_scores(xy[train], y[train], bad, np.ones(300, int), xy[test], y[test], classifier="knn",
                            positive=1)
    assert worse.loc["after", "precision"] < worse.loc["before", "precision"] == 1.0


def test_an_svm_is_fitted_on_a_sample_of_a_large_table():
    rng = np.random.RandomState(0)
    n = SVM_MAX_ROWS * 2
    xy = rng.normal(size=(n, 2))
    y = (xy[:, 0] > 1.0).astype(int)
    b = decision_boundaries(xy, y, np.empty((0, 2)), np.empty(0, int), classifier="svm", positive=1, resolution=20)
    assert np.isfinite(b.after).all()
    model = boundary_classifier("svm").fit(xy[:50], y[:50])
    assert not hasattr(model, "predict_proba") or model[-1].probability is False  # decision_function, no CV fits
