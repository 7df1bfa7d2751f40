"""LeeSMOTE: the acceptance rule holds for every kept row and fails for every rejected one; SMOTE's draws; the
rounds; the give-up error; and smote-variants' ``Lee`` on the same data."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from oracles import DATASETS, assert_agree, smote_variants

from smote_core import SMOTE, LeeSMOTE, SmoteError, interpolate


@functools.cache
def overlapping(n_classes=2):
    rng = np.random.RandomState(7)
    sizes = [90, 25, 20][:n_classes]
    centers = [(0, 0), (1.0, 0.5), (-0.5, 1.0)]
    X = np.vstack([rng.normal(c, 1.0, (n, 2)) for c, n in zip(centers, sizes)])
    return X, np.repeat(np.arange(n_classes), sizes)


def other_class_among_nearest(X, y, rows, c, k):
    """How many of each row's k nearest original rows (brute force) are not of class ``c``."""
    d = ((rows[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    return (y[np.argsort(d, axis=1, kind="stable")[:, :k]] != c).sum(axis=1)


@pytest.mark.parametrize("n_classes, k, level", [(2, 5, 0.5), (2, 4, 0.5), (3, 5, 0.3), (2, 6, 0.8)])
def test_every_kept_row_passes_and_every_rejected_candidate_fails_the_rule(n_classes, k, level):
    X, y = overlapping(n_classes)
    lee = LeeSMOTE(k_neighbors=k, rejection_level=level, random_state=0)
    X_res, y_res = lee.fit_resample(X, y)
    prov, rejected = lee.provenance_, lee.rejected_
    assert len(rejected) > 0
    for frame, rows in ((prov, X_res[len(y):]), (rejected, None)):
        rows = interpolate(X, frame["parent"], frame["neighbor"], frame["gap"]) if rows is None else rows
        for c in np.unique(frame["class"]):
            mine = (frame["class"] == c).to_numpy()
            counted = other_class_among_nearest(X, y, rows[mine], c, k)
            assert np.array_equal(counted, frame["n_other_class"].to_numpy()[mine])
    assert np.all(prov["n_other_class"] <= level * k)  # kept: at most that fraction of another class
    assert np.all(rejected["n_other_class"] > level * k)  # rejected: more
    if k == 4 and level == 0.5:  # exactly half is kept (the paper rejects when *most* are of another class)
        assert (prov["n_other_class"] == 2).any()
    assert np.array_equal(np.bincount(y_res), [90, 90, 90][:n_classes])


def test_each_round_draws_what_is_missing_and_the_first_round_is_smotes():
    X, y = overlapping()
    lee = LeeSMOTE(k_neighbors=5, random_state=11)
    lee.fit_resample(X, y)
    both = np.concatenate([lee.provenance_["round"], lee.rejected_["round"]])
    kept = np.bincount(lee.provenance_["round"], minlength=both.max() + 1)
    drawn = np.bincount(both)
    assert drawn[0] == 65 and np.array_equal(drawn[1:], 65 - np.cumsum(kept)[:-1])
    # Round 0 is SMOTE's draws with the same seed: the same (parent, neighbour, λ), kept or rejected.
    smote = SMOTE(k_neighbors=5, random_state=11)
    smote.fit_resample(X, y)
    first = [f[f["round"] == 0][["parent", "neighbor", "gap"]] for f in (lee.provenance_, lee.rejected_)]
    ours = sorted(map(tuple, np.vstack([f.to_numpy() for f in first])))
    assert ours == sorted(map(tuple, smote.provenance_[["parent", "neighbor", "gap"]].to_numpy()))


def test_nothing_rejected_is_smote():
    X, y = overlapping()
    X = X + 8.0 * y[:, None]  # far apart: no candidate has a neighbour of the other class
    lee = LeeSMOTE(random_state=2)
    X_res, y_res = lee.fit_resample(X, y)
    X_smote, _ = SMOTE(random_state=2).fit_resample(X, y)
    assert len(lee.rejected_) == 0 and np.array_equal(X_res, X_smote)
    assert list(lee.rejected_.columns) == list(lee.provenance_.columns)


def test_a_class_buried_in_another_is_given_up_with_advice():
    rng = np.random.RandomState(0)
    centers = np.array([[0, 0], [10, 0], [0, 10], [10, 10], [5, 5], [5, 0]], dtype=float)
    X = np.vstack([centers, *(c + rng.normal(0, 0.3, (10, 2)) for c in centers)])
    y = np.array([1] * 6 + [0] * 60)
    with pytest.raises(SmoteError, match=r"kept only 0 of the 54 rows asked for class 1 .*Raise rejection_level"):
        LeeSMOTE(k_neighbors=3, rejection_level=0.0, random_state=0).fit_resample(X, y)


@pytest.mark.parametrize("bad", [1.0, -0.1, "half", True])
def test_a_bad_rejection_level_says_what_to_give(bad):
    X, y = overlapping()
    with pytest.raises(SmoteError, match="rejection_level=.*give a fraction from 0 up to"):
        LeeSMOTE(rejection_level=bad).fit_resample(X, y)


# ---------------------------------------------------------------------------------------------------- the oracle


@pytest.mark.parametrize("name", DATASETS)
def test_counts_and_minority_f1_agree_with_smote_variants(name):
    sv = smote_variants()
    assert_agree(name, lambda s: LeeSMOTE(random_state=s), lambda s: sv.Lee(random_state=s))
