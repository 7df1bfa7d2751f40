"""GeometricSMOTE: every row inside its truncated, deformed sphere, the three selection strategies, the shape of
the distribution, and imbalanced-learn-extra's ``GeometricSMOTE`` on the same data."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from oracles import DATASETS, SEEDS, minority_f1, noise, split
from test_contract import assert_in_geometric_region

from smote_core import GeometricSMOTE, SmoteError


@functools.cache
def overlapping(n_classes=2, d=3):
    rng = np.random.RandomState(6)
    sizes = [80, 25, 20][:n_classes]
    centers = [np.zeros(d), np.r_[1.5, 0.5, np.zeros(d - 2)], np.r_[-0.5, 1.5, np.ones(d - 2)]]
    X = np.vstack([rng.normal(c, 1.0, (n, d)) for c, n in zip(centers, sizes)])
    return X, np.repeat(np.arange(n_classes), sizes)


def brute_nearest_other(X, y, c):
    members, others = np.flatnonzero(y == c), np.flatnonzero(y != c)
    d = ((X[members][:, None] - X[others][None]) ** 2).sum(axis=2)
    return others[d.argmin(axis=1)]


@pytest.mark.parametrize("truncation, deformation", [(1.0, 0.0), (0.0, 0.0), (-1.0, 0.3), (0.4, 0.7), (-0.6, 1.0)])
@pytest.mark.parametrize("selection", ["combined", "majority", "minority"])
def test_every_row_is_inside_its_region(selection, truncation, deformation):
    X, y = overlapping(3)
    gs = GeometricSMOTE(truncation_factor=truncation, deformation_factor=deformation, selection_strategy=selection,
                        random_state=0)
    X_res, y_res = gs.fit_resample(X, y)
    prov = gs.provenance_
    assert np.array_equal(np.bincount(y_res), [80, 80, 80]) and prov["gap"].isna().all()
    p, s = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    assert_in_geometric_region(gs, X[p], X[s], X_res[len(y):], prov["radius"].to_numpy())
    assert np.array_equal(prov["neighbor_other_class"], y[s] != prov["class"])
    assert np.all(y[p] == prov["class"])


def test_the_selection_strategies_pick_the_surface_point():
    X, y = overlapping()
    members = np.flatnonzero(y == 1)
    nearest_other = dict(zip(members, brute_nearest_other(X, y, 1)))

    def fitted(selection):
        gs = GeometricSMOTE(selection_strategy=selection, random_state=1)
        gs.fit_resample(X, y)
        return gs, gs.provenance_["parent"].to_numpy(), gs.provenance_["neighbor"].to_numpy()

    gs, p, s = fitted("minority")
    knn = dict(zip(members, gs.nn_indices_[1]))
    assert all(b in knn[a] for a, b in zip(p, s)) and np.all(y[s] == 1)
    gs, p, s = fitted("majority")
    assert np.array_equal(s, [nearest_other[a] for a in p])
    assert np.array_equal(gs.nearest_other_[1], brute_nearest_other(X, y, 1))
    gs, p, s = fitted("combined")
    dist = lambda a, b: np.linalg.norm(X[a] - X[b])  # noqa: E731
    other = y[s] != 1
    assert 0.05 < other.mean() < 0.95  # both kinds occur here
    for a, b, o in zip(p, s, other):
        to_other = dist(a, nearest_other[a])
        if o:  # the other class's sample was nearer than the minority neighbour drawn: nearer than the farthest
            assert b == nearest_other[a] and to_other < max(dist(a, n) for n in knn[a])
        else:
            assert b in knn[a] and dist(a, b) <= to_other
        if to_other < min(dist(a, n) for n in knn[a]):  # nearer than every minority neighbour: always chosen
            assert o


def test_the_points_fill_the_sphere_uniformly_and_truncation_halves_it():
    X, y = overlapping(d=2)
    big = {0: 80, 1: 4000}
    whole = GeometricSMOTE(truncation_factor=0.0, sampling_strategy=big, random_state=0)
    X_res, _ = whole.fit_resample(X, y)
    prov = whole.provenance_
    p, s, r = prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), prov["radius"].to_numpy()
    u = (X_res[len(y):] - X[p]) / r[:, None]
    e = (X[s] - X[p]) / r[:, None]
    along = np.sum(u * e, axis=1)
    # Uniform in the disc: P(|u| ≤ 1/2) = 1/4, and the half facing the surface point holds half the points.
    assert abs(np.mean(np.linalg.norm(u, axis=1) <= 0.5) - 0.25) < 0.03
    assert abs(np.mean(along > 0) - 0.5) < 0.03
    half = GeometricSMOTE(truncation_factor=1.0, sampling_strategy=big, random_state=0)
    X_half, _ = half.fit_resample(X, y)
    u = (X_half[len(y):] - X[p]) / r[:, None]  # the same draws: the same centres and surface points
    assert np.array_equal(half.provenance_["neighbor"], s)
    assert np.all(np.sum(u * e, axis=1) >= -1e-12)
    assert abs(np.mean(np.linalg.norm(u, axis=1) <= 0.5) - 0.25) < 0.03  # still uniform, in the half disc


def test_a_centre_that_is_its_own_surface_point_is_copied():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [1.0, 1.2], [1.2, 1], [1.1, 1.1], [0.9, 1.0]])
    y = np.array([1, 1, 1, 0, 0, 0, 0, 0])
    gs = GeometricSMOTE(k_neighbors=2, selection_strategy="minority", random_state=0)
    X_res, _ = gs.fit_resample(X, y)
    assert np.all(gs.provenance_["radius"] == 0) and np.array_equal(X_res[8:], np.zeros((2, 2)))


@pytest.mark.parametrize("params, match", [
    ({"truncation_factor": 1.5}, "truncation_factor=1.5: give a number from −1 to 1"),
    ({"deformation_factor": -0.1}, "deformation_factor=-0.1: give a number from 0"),
    ({"selection_strategy": "nearest"}, "selection_strategy='nearest': use 'combined'"),
])
def test_bad_parameters_say_what_to_give(params, match):
    X, y = overlapping()
    with pytest.raises(SmoteError, match=match):
        GeometricSMOTE(**params).fit_resample(X, y)


# ---------------------------------------------------------------------------------------------------- the oracle


@pytest.mark.parametrize("params", [{}, {"selection_strategy": "majority", "truncation_factor": 0.0,
                                         "deformation_factor": 0.5}])
def test_counts_and_minority_f1_agree_with_imbalanced_learn_extra(params):
    from imblearn_extra.gsmote import GeometricSMOTE as Theirs

    for name in DATASETS:
        ours, theirs = [], []
        for seed in SEEDS:
            X_train, X_test, y_train, y_test = split(name, seed)
            X_a, y_a = GeometricSMOTE(random_state=seed, **params).fit_resample(X_train, y_train)
            X_b, y_b = Theirs(random_state=seed, **params).fit_resample(X_train, y_train)
            assert np.bincount(y_a).tolist() == np.bincount(y_b).tolist()
            ours.append(minority_f1(X_a, y_a, X_test, y_test))
            theirs.append(minority_f1(X_b, y_b, X_test, y_test))
        assert abs(np.mean(ours) - np.mean(theirs)) <= noise(ours, theirs), (name, ours, theirs)
