"""Safe-Level-SMOTE: safe levels, the paper's five gap ranges, one gap per feature, turns, and smote-variants."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from oracles import assert_agree, compare, noise, smote_variants
from scipy import sparse
from sklearn.neighbors import NearestNeighbors

from smote_core import SafeLevelSMOTE, SmoteError
from smote_core.samplers.safe_level import gap_ranges


@functools.cache
def overlapping(n_classes=2):
    """Overlapping blobs of 80 / 25 (/ 20) rows and 3 features: every safe level from 0 to k occurs."""
    rng = np.random.RandomState(4)
    sizes = [80, 25, 20][:n_classes]
    centers = [(0, 0, 0), (1.2, 0.6, 0), (-0.6, 1.2, 0.3)]
    X = np.vstack([rng.normal(c, 1.0, (n, 3)) for c, n in zip(centers, sizes)])
    return X, np.repeat(np.arange(n_classes), sizes)


def brute_safe_levels(X, y, c, k):
    """How many of each class-``c`` row's k nearest rows of X (itself left out) are of class ``c``."""
    d = ((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2)
    np.fill_diagonal(d, np.inf)
    members = np.flatnonzero(y == c)
    nearest = np.argsort(d[members], axis=1, kind="stable")[:, :k]
    return (y[nearest] == c).sum(axis=1)


@pytest.mark.parametrize("n_classes", [2, 3])
def test_safe_levels_count_the_class_among_the_k_nearest_rows(n_classes):
    X, y = overlapping(n_classes)
    sl = SafeLevelSMOTE(k_neighbors=5, random_state=0)
    sl.fit_resample(X, y)
    assert set(sl.safe_levels_) == set(range(1, n_classes))
    for c, levels in sl.safe_levels_.items():
        assert np.array_equal(levels, brute_safe_levels(X, y, c, 5))
        assert len(np.unique(levels)) >= 4  # the data exercise several cases


def test_every_row_is_its_parent_plus_per_feature_gaps_in_the_papers_range():
    X, y = overlapping()
    sl = SafeLevelSMOTE(k_neighbors=5, random_state=1)
    X_res, y_res = sl.fit_resample(X, y)
    prov = sl.provenance_
    members = np.flatnonzero(y == 1)
    levels = dict(zip(members, sl.safe_levels_[1]))
    p, n = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    gaps = np.vstack(prov["feature_gaps"].to_numpy())
    sl_p, sl_n = prov["safe_level"].to_numpy(), prov["neighbor_safe_level"].to_numpy()
    assert np.array_equal(sl_p, [levels[i] for i in p]) and np.array_equal(sl_n, [levels[i] for i in n])
    # n is one of p's k nearest neighbours of its class.
    table = dict(zip(members, sl.nn_indices_[1]))
    assert all(nb in table[pa] for pa, nb in zip(p, n))
    assert np.all(y[n] == 1) and prov["gap"].isna().all()
    # The paper's cases, written out here on their own.
    ratio = np.divide(sl_p, sl_n, out=np.full(len(p), np.inf), where=sl_n > 0)
    low = np.select([sl_n == 0, ratio == 1, ratio > 1, ratio < 1], [0, 0, 0, 1 - ratio], np.nan)
    high = np.select([sl_n == 0, ratio == 1, ratio > 1, ratio < 1], [0, 1, 1 / np.where(ratio > 0, ratio, 1), 1],
                     np.nan)
    assert not np.any((sl_p == 0) & (sl_n == 0))  # case 1 makes nothing
    assert np.allclose(prov["gap_low"], low) and np.allclose(prov["gap_high"], high)
    assert np.all(gaps >= low[:, None] - 1e-12) and np.all(gaps <= high[:, None] + 1e-12)
    for case in (ratio > 1, ratio < 1, ratio == 1):
        assert case.sum() >= 3  # each shifted range occurs
    assert np.allclose(X_res[len(y):], X[p] + gaps * (X[n] - X[p]), rtol=0, atol=1e-12)
    # One gap per feature: the rows are not on their segments.
    spread = gaps.max(axis=1) - gaps.min(axis=1)
    assert np.mean(spread[high - low > 0] > 0.05) > 0.8


def test_a_noise_neighbour_gives_a_copy_and_a_safer_neighbour_pulls_the_row_to_it():
    # Three minority rows together (safe level 2 of k=3), a fourth deep in the majority (safe level 0: noise).
    X = np.array([[0.0, 0], [0.3, 0], [0.0, 0.3], [3, 0], [3.1, 0], [3, 0.1], [2.9, 0], [3, -0.1]])
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0])
    ranges = dict(zip(["noise", "equal", "parent safer", "neighbour safer"], zip(*gap_ranges([2, 2, 2, 1],
                                                                                              [0, 2, 1, 2]))))
    assert ranges == {"noise": (0, 0), "equal": (0, 1), "parent safer": (0, 0.5), "neighbour safer": (0.5, 1)}
    assert np.isnan(gap_ranges([0], [0])).all()
    sl = SafeLevelSMOTE(k_neighbors=3, sampling_strategy={1: 60}, random_state=0)
    X_res, _ = sl.fit_resample(X, y)
    prov = sl.provenance_
    assert np.array_equal(sl.safe_levels_[1], [2, 2, 2, 0])
    from_noise = (prov["neighbor"] == 3).to_numpy()
    assert from_noise.any() and np.array_equal(X_res[8:][from_noise], X[prov["parent"][from_noise]])
    # The noise sample (safe level 0) as a parent with safe neighbours: ratio 0, the range [1, 1] — a copy of n.
    noise_parent = (prov["parent"] == 3).to_numpy()
    assert noise_parent.any()
    assert np.allclose(X_res[8:][noise_parent], X[prov["neighbor"][noise_parent]])


def test_samples_take_turns_as_in_the_paper():
    """Every sample once per round, in a random order: the first 25 rows have 25 different parents."""
    X, y = overlapping()
    X = X + 6.0 * y[:, None]  # classes apart: every safe level is k, every pair may make a row
    sl = SafeLevelSMOTE(k_neighbors=5, random_state=3)
    sl.fit_resample(X, y)
    assert np.all(sl.safe_levels_[1] == 5)
    parents = sl.provenance_["parent"].to_numpy()
    assert len(parents) == 55
    assert len(set(parents[:25])) == 25 and len(set(parents[25:50])) == 25
    assert np.bincount(parents - 80).max() == 3


def test_a_class_where_no_pair_may_make_a_row_is_refused():
    rng = np.random.RandomState(0)
    # Four minority rows, each inside its own majority cluster: every safe level is 0.
    centers = np.array([[0, 0], [10, 0], [0, 10], [10, 10]], dtype=float)
    X = np.vstack([centers, *(c + rng.normal(0, 0.5, (8, 2)) for c in centers)])
    y = np.array([1] * 4 + [0] * 32)
    with pytest.raises(SmoteError, match="every one of its 4 samples has safe level 0.*larger k_neighbors"):
        SafeLevelSMOTE(k_neighbors=3).fit_resample(X, y)


def test_sparse_and_integer_data_give_the_same_rows():
    X, y = overlapping()
    dense = SafeLevelSMOTE(random_state=0).fit_resample(X, y)[0]
    assert np.allclose(SafeLevelSMOTE(random_state=0).fit_resample(sparse.csr_matrix(X), y)[0].toarray(), dense)
    X_int = np.round(X * 100).astype(np.int32)
    sl = SafeLevelSMOTE(random_state=0)
    X_res = sl.fit_resample(X_int, y)[0]
    assert X_res.dtype == np.int32
    p, n = sl.provenance_["parent"].to_numpy(), sl.provenance_["neighbor"].to_numpy()
    gaps = np.vstack(sl.provenance_["feature_gaps"].to_numpy())
    expected = np.trunc(X_int[p] + gaps * (X_int[n].astype(np.int64) - X_int[p]))
    assert np.array_equal(X_res[len(y):], expected.astype(np.int32))


def test_the_safe_level_neighbour_table_is_the_same_class_one():
    X, y = overlapping()
    sl = SafeLevelSMOTE(k_neighbors=4, random_state=0)
    sl.fit_resample(X, y)
    members = np.flatnonzero(y == 1)
    nn = NearestNeighbors(n_neighbors=5).fit(X[members])
    assert np.array_equal(sl.nn_indices_[1], members[nn.kneighbors(X[members], return_distance=False)[:, 1:]])


# ---------------------------------------------------------------------------------------------------- the oracle


def test_counts_and_minority_f1_agree_with_smote_variants_where_the_methods_agree():
    sv = smote_variants()
    for name in ("breast_cancer", "wine"):
        assert_agree(name, lambda s: SafeLevelSMOTE(random_state=s), lambda s: sv.Safe_Level_SMOTE(random_state=s))


def test_on_overlapping_data_smote_variants_all_class_neighbours_cost_minority_f1():
    """The documented difference: smote-variants draws ``n`` among neighbours of every class, so on overlapping
    classes its rows reach into the majority; the paper's (and this) same-class ``n`` does not do worse."""
    sv = smote_variants()
    ours, theirs = compare("generated", lambda s: SafeLevelSMOTE(random_state=s),
                           lambda s: sv.Safe_Level_SMOTE(random_state=s))
    assert ours.mean() > theirs.mean() + noise(ours, theirs) - 0.02
