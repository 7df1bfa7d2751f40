"""ProWSyn: proximity levels peeled from the border, the exp(−θ(l − 1)) shares, rows between two samples of one
level, and smote-variants' ``ProWSyn`` on the same data."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from oracles import DATASETS, assert_agree, smote_variants

from smote_core import ProWSyn, SmoteError


@functools.cache
def overlapping(n_classes=2):
    rng = np.random.RandomState(5)
    sizes = [100, 40, 30][:n_classes]
    centers = [(0, 0), (2.0, 0.5), (-1.0, 2.0)]
    X = np.vstack([rng.normal(c, 1.0, (n, 2)) for c, n in zip(centers, sizes)])
    return X, np.repeat(np.arange(n_classes), sizes)


def brute_levels(X, y, c, K, L):
    """The paper's steps 3-4 with a distance matrix: level l = the class rows among the K nearest (of those left)
    to any row of another class; after L − 1 levels the rest are level L."""
    mine, other = X[y == c], X[y != c]
    d = ((other[:, None, :] - mine[None, :, :]) ** 2).sum(axis=2)
    levels = np.full(len(mine), L)
    left = np.ones(len(mine), dtype=bool)
    for level in range(1, L):
        if not left.any():
            break
        masked = np.where(left[None, :], d, np.inf)
        nearest = np.argsort(masked, axis=1, kind="stable")[:, :min(K, left.sum())]
        claimed = np.unique(nearest)
        levels[claimed] = level
        left[claimed] = False
    return levels


@pytest.mark.parametrize("n_classes, K, L", [(2, 5, 5), (3, 3, 4), (2, 2, 8)])
def test_levels_are_peeled_from_the_border(n_classes, K, L):
    X, y = overlapping(n_classes)
    pw = ProWSyn(n_neighbors=K, n_levels=L, random_state=0)
    pw.fit_resample(X, y)
    for c, levels in pw.levels_.items():
        assert np.array_equal(levels, brute_levels(X, y, c, K, L))
        assert levels.min() == 1 and len(np.unique(levels)) >= 3


@pytest.mark.parametrize("theta", [0.0, 0.5, 1.0, 3.0])
def test_each_level_gets_its_exp_weight_share_of_the_rows(theta):
    X, y = overlapping()
    pw = ProWSyn(theta=theta, random_state=0)
    pw.fit_resample(X, y)
    levels = pw.levels_[1]
    occupied = np.isin(np.arange(1, 6), levels)
    weights = np.exp(-theta * np.arange(5)) * occupied
    weights /= weights.sum()
    assert np.allclose(pw.level_weights_[1], weights)
    made = np.bincount(pw.provenance_["level"], minlength=6)[1:]
    assert made.sum() == 60 and np.all(np.abs(made - 60 * weights) < 1)
    if theta == 0.0:
        assert made[occupied].max() - made[occupied].min() <= 1
    if theta == 3.0:
        assert made[0] >= 0.9 * 60


def test_every_row_joins_two_different_samples_of_one_level():
    X, y = overlapping(3)
    pw = ProWSyn(random_state=4)
    X_res, _ = pw.fit_resample(X, y)
    prov = pw.provenance_
    for c in (1, 2):
        part = prov[prov["class"] == c]
        level_of = dict(zip(np.flatnonzero(y == c), pw.levels_[c]))
        p, n = part["parent"].to_numpy(), part["neighbor"].to_numpy()
        assert np.array_equal([level_of[i] for i in p], part["level"]) and np.array_equal([level_of[i] for i in n],
                                                                                           part["level"])
        sizes = np.bincount(pw.levels_[c])
        assert np.all((p != n) | (sizes[part["level"]] == 1))
    g = prov["gap"].to_numpy()[:, None]
    p, n = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    assert np.allclose(X_res[len(y):], X[p] + g * (X[n] - X[p]), rtol=0, atol=1e-12)
    assert np.all((g >= 0) & (g < 1))
    # Not only neighbours: pairs of a level can be far apart (here: beyond the 5 nearest of the class).
    nearest = {int(i): set(row) for c in (1, 2) for i, row in zip(np.flatnonzero(y == c), pw.nn_indices_[c])}
    assert np.mean([nb not in nearest[pa] for pa, nb in zip(p, n)]) > 0.5


def test_one_level_is_random_pairs_of_the_class():
    X, y = overlapping()
    pw = ProWSyn(n_levels=1, random_state=0)
    pw.fit_resample(X, y)
    assert np.all(pw.levels_[1] == 1) and np.array_equal(pw.level_weights_[1], [1.0])


@pytest.mark.parametrize("params, match", [
    ({"n_levels": 0}, "n_levels=0: give a whole number ≥ 1"),
    ({"theta": -1.0}, "theta=-1.0: give a number ≥ 0"),
    ({"n_neighbors": 40}, "class 1 has 40 samples; n_neighbors=40 needs at least 41"),
])
def test_bad_parameters_say_what_to_give(params, match):
    X, y = overlapping()
    with pytest.raises(SmoteError, match=match):
        ProWSyn(**params).fit_resample(X, y)


# ---------------------------------------------------------------------------------------------------- the oracle


@pytest.mark.parametrize("name", DATASETS)
def test_counts_and_minority_f1_agree_with_smote_variants(name):
    sv = smote_variants()
    assert_agree(name, lambda s: ProWSyn(random_state=s), lambda s: sv.ProWSyn(random_state=s))
