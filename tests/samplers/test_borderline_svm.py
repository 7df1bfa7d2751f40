"""BorderlineSMOTE and SVMSMOTE against imbalanced-learn 0.14, their provenance, typology and errors.

Both must be bit-identical to ``imblearn.over_sampling.BorderlineSMOTE`` / ``SVMSMOTE`` wherever imbalanced-learn
works as documented. The documented differences, each tested here, are:

- BorderlineSMOTE refuses a class with no sample in danger (imbalanced-learn silently leaves it unresampled);
- BorderlineSMOTE(kind="borderline-2") works on integer and sparse data (imbalanced-learn raises, or on sparse data
  with as many cross-class picks as features silently computes wrong rows);
- SVMSMOTE makes exactly the number of rows asked for when one group of support vectors (in danger / safe) is
  empty: imbalanced-learn's rows for the class come first, bit for bit, and the missing ones follow.
"""

from __future__ import annotations

import doctest
import inspect

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SVMSMOTE as ImbSVM
from imblearn.over_sampling import BorderlineSMOTE as ImbBorderline
from scipy import sparse
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_wine, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors
from sklearn.svm import SVC

import smote_core.samplers.borderline as borderline_module
import smote_core.samplers.svm as svm_module
from parity import assert_same
from smote_core import SmoteError, interpolate
from smote_core._validation import check_X
from smote_core.samplers.borderline import BorderlineSMOTE
from smote_core.samplers.svm import SVMSMOTE
from smote_core.sampling import class_counts, resolve_sampling_strategy

# imbalanced-learn's reference fixture (imblearn/over_sampling/_smote/tests/test_svm_smote.py, 0.14.2).
REF_X = np.array([
    [0.11622591, -0.0317206], [0.77481731, 0.60935141], [1.25192108, -0.22367336], [0.53366841, -0.30312976],
    [1.52091956, -0.49283504], [-0.28162401, -2.10400981], [0.83680821, 1.72827342], [0.3084254, 0.33299982],
    [0.70472253, -0.73309052], [0.28893132, -0.38761769], [1.15514042, 0.0129463], [0.88407872, 0.35454207],
    [1.31301027, -0.92648734], [-1.11515198, -0.93689695], [-0.18410027, -0.45194484], [0.9281014, 0.53085498],
    [-0.14374509, 0.27370049], [-0.41635887, -0.38299653], [0.08711622, 0.93259929], [1.70580611, -0.11219234],
])
REF_Y = np.array([0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0])


# ==============================================================================================================
# Helpers
# ==============================================================================================================


def as_array(X):
    if sparse.issparse(X):
        return X.toarray()
    if isinstance(X, pd.DataFrame):
        return X.to_numpy()
    return np.asarray(X)


def random_state_for(rs_kind, seed):
    """An equivalent random_state for each library: the same int, a fresh RandomState, or None with np.random seeded."""
    if rs_kind == "int":
        return seed
    if rs_kind == "rs":
        return np.random.RandomState(seed)
    np.random.seed(seed)
    return None


def run_both(ours_cls, theirs_cls, X, y, *, rs_kind="int", seed=0, **params):
    ours = ours_cls(random_state=random_state_for(rs_kind, seed), **params)
    res_ours = ours.fit_resample(X, y)
    theirs = theirs_cls(random_state=random_state_for(rs_kind, seed), **params)
    res_theirs = theirs.fit_resample(X, y)
    return ours, res_ours, theirs, res_theirs


def check_provenance(sampler, X, y, X_res, y_res, *, exact=True):
    """Every synthetic row is its provenance formula, computed as smote_core.interpolate does.

    The formula is evaluated on ``X`` as the sampler sees it and given back like the output (a DataFrame's columns
    cast back to their own dtypes). ``exact=False`` (borderline-2 on floating-point data) allows a few units in
    the last place for rows whose neighbour is of another class; every other row must match exactly.
    """
    X_arr, props = check_X(X)
    y_arr = np.asarray(y)
    n = len(y_arr)
    prov = sampler.provenance_
    new = as_array(X_res)[n:].astype(np.float64)
    assert len(prov) == len(new) == len(np.asarray(y_res)) - n
    assert np.array_equal(np.asarray(y_res)[n:], prov["class"].to_numpy())
    parents, neighbors, gaps = (prov[c].to_numpy() for c in ("parent", "neighbor", "gap"))
    assert parents.dtype.kind == neighbors.dtype.kind == "i"
    assert np.array_equal(y_arr[parents], prov["class"].to_numpy())
    formula = interpolate(X_arr, parents, neighbors, gaps)
    formula = formula.toarray() if sparse.issparse(formula) else formula
    dtypes = [formula.dtype]
    if isinstance(X, pd.DataFrame):
        formula = pd.DataFrame(formula, columns=X.columns).astype(X.dtypes.to_dict()).to_numpy(dtype=np.float64)
        dtypes = list(X.dtypes)
    formula = formula.astype(np.float64)
    loose = prov["neighbor_other_class"].to_numpy() if not exact else np.zeros(len(prov), dtype=bool)
    assert np.array_equal(formula[~loose], new[~loose])
    if loose.any():
        eps = max(np.finfo(dt).eps for dt in dtypes if np.dtype(dt).kind == "f")
        dense = X_arr.toarray() if sparse.issparse(X_arr) else np.asarray(X_arr, dtype=np.float64)
        scale = np.abs(dense[parents[loose]]) + np.abs(dense[neighbors[loose]])
        assert np.all(np.abs(formula[loose] - new[loose]) <= 4 * eps * scale)


def check_counts(sampler, y, y_res, strategy):
    wanted = resolve_sampling_strategy(strategy, np.asarray(y))
    before, after = class_counts(np.asarray(y)), class_counts(np.asarray(y_res))
    assert after == {c: before[c] + wanted.get(c, 0) for c in before}
    assert dict(sampler.sampling_strategy_) == dict(wanted)


def m_neighbour_counts(X, y, positions, m):
    """Brute force: how many of the m nearest neighbours in X of each row are of another class (sample dropped)."""
    nn = NearestNeighbors(n_neighbors=m + 1).fit(X)
    idx = nn.kneighbors(X[positions], return_distance=False)[:, 1:]
    return np.sum(y[idx] != y[positions][:, None], axis=1)


def grow_the_minority_by_half(y):
    labels, counts = np.unique(y, return_counts=True)
    i = int(np.argmin(counts))
    return {labels[i]: int(counts[i] + counts[i] // 2 + 1)}


def everyone_to_the_largest_plus_two(y):
    labels, counts = np.unique(y, return_counts=True)
    return {label: int(counts.max() + 2) for label in labels}


def overlapping_blobs(seed=0, sizes=(40, 14, 9), n_features=2, spread=1.2):
    rng = np.random.RandomState(seed)
    centers = rng.uniform(-spread, spread, size=(len(sizes), n_features))
    X = np.vstack([rng.normal(c, 1.0, size=(n, n_features)) for c, n in zip(centers, sizes)])
    y = np.repeat(np.arange(len(sizes)), sizes)
    perm = rng.permutation(len(y))
    return X[perm], y[perm]


# ==============================================================================================================
# Generated datasets (hypothesis)
# ==============================================================================================================

LABEL_SETS = {"int": [0, 1, 2, 3], "sparse-int": [7, -3, 42, 0], "str": ["fraud", "ok", "review", "a"]}
STRING_STRATEGIES = ["auto", "minority", "not minority", "not majority", "all"]


def make_values(rng, y, n_features, values, dtype, spread=1.5):
    """Overlapping classes (so that some samples are in danger), small integers (distance ties) or duplicates."""
    n = len(y)
    if values == "normal":
        centers = rng.uniform(-spread, spread, size=(y.max() + 1, n_features))
        raw = centers[y] + rng.normal(size=(n, n_features))
        raw = raw * 3.0
    elif values == "small_int":
        raw = rng.randint(0, 4, size=(n, n_features)).astype(np.float64)
    else:  # duplicates
        pool = rng.randint(-4, 5, size=(4, n_features)).astype(np.float64) + rng.normal(size=(4, n_features))
        raw = pool[rng.randint(0, 4, size=n)]
    if np.dtype(dtype).kind in "iu":
        raw = np.round(raw)
    return raw.astype(dtype)


@st.composite
def datasets(draw, *, sampler):
    """A dataset and parameters for ``sampler`` ("borderline-1", "borderline-2" or "svm") imbalanced-learn accepts."""
    n_classes = draw(st.integers(2, 4))
    k = draw(st.integers(1, 5))
    sizes = draw(st.lists(st.integers(k + 1, k + 16), min_size=n_classes, max_size=n_classes))
    n = sum(sizes)
    # m = 1 puts no sample in danger (m/2 ≤ m' < 1 has no solution): covered once below, not in every other draw.
    m = draw(st.integers(1 if sampler == "svm" else 2, min(12, n - 1)))
    n_features = draw(st.integers(1, 4))
    values = draw(st.sampled_from(["normal", "normal", "small_int", "duplicates"]))
    spread = draw(st.sampled_from([1.0, 1.5, 3.0]))  # how far apart the class centres are, in noise units
    # imbalanced-learn's borderline-2 fails on integer and sparse data: those are tested separately.
    containers = ["ndarray", "list", "dataframe"] + ([] if sampler == "borderline-2" else ["csr", "csc"])
    container = draw(st.sampled_from(containers))
    float_only = sampler == "borderline-2"
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    codes = np.repeat(np.arange(n_classes), sizes)
    codes = codes[rng.permutation(n)]
    labels = np.array(LABEL_SETS[draw(st.sampled_from(sorted(LABEL_SETS)))][:n_classes])
    y = labels[codes]

    if container == "dataframe":
        pool = [np.float64, np.float32] + ([] if float_only else [np.int64, np.int32])
        col_dtypes = draw(st.lists(st.sampled_from(pool), min_size=n_features, max_size=n_features))
        X = pd.DataFrame({f"f{j}": make_values(rng, codes, 1, values, dt, spread)[:, 0]
                          for j, dt in enumerate(col_dtypes)})
    else:
        pool = [np.float64, np.float32] + ([] if float_only else [np.int64, np.int32])
        X = make_values(rng, codes, n_features, values, draw(st.sampled_from(pool)), spread)
        if container in ("csr", "csc"):
            X[rng.uniform(size=X.shape) < 0.3] = 0
            X = getattr(sparse, f"{container}_matrix")(X)
        elif container == "list":
            X = X.tolist()

    y_container = draw(st.sampled_from(["ndarray", "list", "series"]))
    if y_container == "list":
        y = y.tolist()
    elif y_container == "series":
        y = pd.Series(y, name="target")

    algorithms = ["auto", "brute"] if container in ("csr", "csc") else ["auto", "brute", "kd_tree", "ball_tree"]
    k_neighbors = k if draw(st.booleans()) else NearestNeighbors(n_neighbors=k + 1,
                                                                 algorithm=draw(st.sampled_from(algorithms)))
    m_neighbors = m if draw(st.booleans()) else NearestNeighbors(n_neighbors=m + 1)

    counts = dict(zip(*np.unique(np.asarray(y), return_counts=True)))
    form = draw(st.sampled_from(["str", "dict", "callable"] + (["float"] if n_classes == 2 else [])))
    if form == "str":
        strategy = draw(st.sampled_from(STRING_STRATEGIES))
    elif form == "dict":
        chosen = draw(st.lists(st.sampled_from(sorted(counts)), min_size=1, unique=True))
        strategy = {c: int(counts[c]) + draw(st.integers(0, 15)) for c in chosen}
    elif form == "callable":
        strategy = draw(st.sampled_from([grow_the_minority_by_half, everyone_to_the_largest_plus_two]))
    else:
        n_min, n_maj = min(counts.values()), max(counts.values())
        strategy = min(max(n_min / n_maj + draw(st.floats(0.0, 1.0)) * (1 - n_min / n_maj), 1e-9), 1.0)

    params = dict(k_neighbors=k_neighbors, m_neighbors=m_neighbors, sampling_strategy=strategy)
    if sampler == "svm":
        params["out_step"] = draw(st.sampled_from([0.5, 0.0, 1.0, 0.25]))
    else:
        params["kind"] = sampler
    return dict(X=X, y=y, params=params, rs_kind=draw(st.sampled_from(["int", "none", "rs"])),
                seed=draw(st.integers(0, 2**32 - 1)))


def refused_ratio(case, theirs_cls):
    """A float ratio that leaves nothing to add: both libraries must refuse it."""
    assert isinstance(case["params"]["sampling_strategy"], float)
    with pytest.raises(ValueError):
        theirs_cls(random_state=0, **case["params"]).fit_resample(case["X"], case["y"])


@settings(max_examples=250)
@given(case=datasets(sampler="borderline-1") | datasets(sampler="borderline-2"))
def test_borderline_parity_on_generated_datasets(case):
    X, y, params = case["X"], case["y"], case["params"]
    event(f"{params['kind']}, X: {type(X).__name__}")
    try:
        ours, (X_ours, y_ours), theirs, (X_theirs, y_theirs) = run_both(
            BorderlineSMOTE, ImbBorderline, X, y, rs_kind=case["rs_kind"], seed=case["seed"], **params)
    except SmoteError as exc:
        if "is in danger" not in str(exc):
            event("ratio refused by both")
            refused_ratio(case, ImbBorderline)
            return
        event("no sample in danger: refused here, skipped silently by imbalanced-learn")
        # The documented difference: imbalanced-learn leaves each such class as it was and resamples the others.
        sampler = BorderlineSMOTE(random_state=0, **params)
        with pytest.raises(SmoteError, match="Borderline-SMOTE generates nothing here; try SMOTE"):
            sampler.fit_resample(X, y)
        skipped = [c for c, d in sampler.in_danger_.items() if not d.any()]
        assert skipped
        theirs = ImbBorderline(random_state=0, **params)
        _, y_theirs = theirs.fit_resample(X, y)
        before, after = class_counts(np.asarray(y)), class_counts(np.asarray(y_theirs))
        for c in skipped:
            assert after[c] == before[c] and c not in theirs.in_danger_indices
        return
    assert_same(X_ours, X_theirs)
    assert_same(y_ours, y_theirs)
    check_counts(ours, y, y_ours, params["sampling_strategy"])
    check_provenance(ours, X, y, X_ours, y_ours, exact=params["kind"] == "borderline-1")
    for c, positions in theirs.in_danger_indices.items():
        assert np.array_equal(np.flatnonzero(np.asarray(y) == c)[ours.in_danger_[c]], positions)
    assert set(theirs.in_danger_indices) == {c for c, n in ours.sampling_strategy_.items() if n}


def svm_groups(sampler):
    """{class: (any support vector in danger, any safe)} from the fitted typology."""
    t = sampler.typology_
    sv = t[t["support_vector"]]
    return {
        c: (bool(((sv["class"] == c) & (sv["type"] == "danger")).any()),
            bool(((sv["class"] == c) & (sv["type"] == "safe")).any()))
        for c in sampler.support_
    }


def assert_svm_prefix_per_class(ours, X_ours, y_ours, X_theirs, y_theirs, n, classes):
    """For each class in ``classes``, imbalanced-learn's new rows are the first rows of ours for that class."""
    new_ours, new_theirs = as_array(X_ours)[n:], as_array(X_theirs)[n:]
    yo, yt = np.asarray(y_ours)[n:], np.asarray(y_theirs)[n:]
    for c in classes:
        mine, theirs = new_ours[yo == c], new_theirs[yt == c]
        assert len(theirs) <= len(mine)
        assert np.array_equal(mine[: len(theirs)], theirs)


@settings(max_examples=200)
@given(case=datasets(sampler="svm"))
def test_svm_parity_on_generated_datasets(case):
    X, y, params = case["X"], case["y"], case["params"]
    event(f"X: {type(X).__name__}")
    try:
        ours, (X_ours, y_ours), theirs, (X_theirs, y_theirs) = run_both(
            SVMSMOTE, ImbSVM, X, y, rs_kind=case["rs_kind"], seed=case["seed"], **params)
    except SmoteError as exc:
        if "are noise" in str(exc):
            event("all support vectors noise: refused by both")
            with pytest.raises(ValueError, match="All support vectors are considered as noise"):
                ImbSVM(random_state=0, **params).fit_resample(X, y)
            return
        event("ratio refused by both")
        refused_ratio(case, ImbSVM)
        return
    check_counts(ours, y, y_ours, params["sampling_strategy"])
    check_provenance(ours, X, y, X_ours, y_ours)
    groups = svm_groups(ours)
    if all(d and s for d, s in groups.values()):
        event("both groups non-empty: bit-identical")
        assert_same(X_ours, X_theirs)
        assert_same(y_ours, y_theirs)
        return
    event("a group of support vectors is empty: imbalanced-learn's rows, then the missing ones")
    n = len(np.asarray(y))
    # With an int random_state every class's rows start as imbalanced-learn's; with a shared generator only those
    # up to the first class with an empty group (later classes' draws are shifted by the extra rows).
    classes = list(groups)
    if case["rs_kind"] != "int":
        first = next(i for i, (d, s) in enumerate(groups.values()) if not (d and s))
        classes = classes[: first + 1]
    assert_svm_prefix_per_class(ours, X_ours, y_ours, X_theirs, y_theirs, n, classes)
    # imbalanced-learn is short by exactly the empty group's share (which can round to 0).
    counts_ours, counts_theirs = class_counts(np.asarray(y_ours)), class_counts(np.asarray(y_theirs))
    for c in classes:
        assert counts_ours[c] - counts_theirs[c] == svm_missing_share(ours, c)


def svm_missing_share(sampler, c):
    """How many rows imbalanced-learn leaves out for class ``c``: the share of its empty group, if any."""
    has_danger, has_safe = svm_groups(sampler)[c]
    n_new = sampler.sampling_strategy_[c]
    n_interpolated = int(sampler.fraction_[c] * (n_new + 1))
    if not has_danger:
        return n_interpolated
    if not has_safe:
        return n_new - n_interpolated
    return 0


# ==============================================================================================================
# Fixed datasets: every form of every parameter on every run
# ==============================================================================================================

ALL_STRATEGIES = ["auto", "minority", "not minority", "not majority", "all", {1: 30, 2: 20}, {0: 44},
                  grow_the_minority_by_half, everyone_to_the_largest_plus_two]


@pytest.mark.parametrize("strategy", ALL_STRATEGIES)
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
def test_borderline_every_strategy_and_random_state(strategy, rs_kind, kind):
    X, y = overlapping_blobs(seed=3)
    ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
        BorderlineSMOTE, ImbBorderline, X, y, rs_kind=rs_kind, seed=12345, kind=kind, k_neighbors=4,
        m_neighbors=8, sampling_strategy=strategy)
    assert_same(X_ours, X_theirs)
    assert_same(y_ours, y_theirs)
    check_counts(ours, y, y_ours, strategy)


@pytest.mark.parametrize("strategy", ALL_STRATEGIES)
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_svm_every_strategy_and_random_state(strategy, rs_kind):
    X, y = overlapping_blobs(seed=3, spread=3.0)
    ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
        SVMSMOTE, ImbSVM, X, y, rs_kind=rs_kind, seed=54321, k_neighbors=4, sampling_strategy=strategy)
    assert all(d and s for d, s in svm_groups(ours).values())  # the bit-identical case
    assert_same(X_ours, X_theirs)
    assert_same(y_ours, y_theirs)
    check_counts(ours, y, y_ours, strategy)


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
@pytest.mark.parametrize("seed", [0, 1, 42])
def test_borderline_on_imblearn_reference_data(kind, seed):
    ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
        BorderlineSMOTE, ImbBorderline, REF_X, REF_Y, seed=seed, kind=kind)
    assert_same(X_ours, X_theirs)
    assert_same(y_ours, y_theirs)


def test_svm_on_imblearn_reference_data_and_its_estimator_equivalence():
    # imbalanced-learn's test_svm_smote: default estimators and the equivalent explicit ones give the same rows.
    default = SVMSMOTE(random_state=42)
    explicit = SVMSMOTE(random_state=42, k_neighbors=NearestNeighbors(n_neighbors=6),
                        m_neighbors=NearestNeighbors(n_neighbors=11), svm_estimator=SVC(gamma="scale",
                                                                                        random_state=42))
    a, b = default.fit_resample(REF_X, REF_Y), explicit.fit_resample(REF_X, REF_Y)
    assert_same(a[0], b[0])
    assert_same(a[0], ImbSVM(random_state=42).fit_resample(REF_X, REF_Y)[0])
    assert default.provenance_.equals(explicit.provenance_)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
@pytest.mark.parametrize("values", ["normal", "small_int", "duplicates"])
def test_borderline_1_and_svm_dtypes_and_ties(dtype, values):
    rng = np.random.RandomState(7)
    codes = np.repeat([0, 1, 2], [45, 15, 12])[rng.permutation(72)]
    X = make_values(rng, codes, 3, values, dtype)
    for cls, theirs_cls, params in [(BorderlineSMOTE, ImbBorderline, {"k_neighbors": 3, "m_neighbors": 6}),
                                    (SVMSMOTE, ImbSVM, {"k_neighbors": 3})]:
        try:
            ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(cls, theirs_cls, X, codes, seed=9, **params)
        except SmoteError as exc:  # duplicates can leave a class with nothing in danger
            assert "is in danger" in str(exc) and values == "duplicates"
            continue
        if cls is SVMSMOTE and not all(d and s for d, s in svm_groups(ours).values()):
            assert_svm_prefix_per_class(ours, X_ours, y_ours, X_theirs, y_theirs, len(codes), ours.support_)
        else:
            assert_same(X_ours, X_theirs)
            assert_same(y_ours, y_theirs)
        check_provenance(ours, X, codes, X_ours, y_ours)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_borderline_2_float_dtypes(dtype):
    X, y = overlapping_blobs(seed=11, n_features=3)
    for seed in range(4):
        ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
            BorderlineSMOTE, ImbBorderline, X.astype(dtype), y, seed=seed, kind="borderline-2")
        assert_same(X_ours, X_theirs)
        assert ours.provenance_["neighbor_other_class"].any()
        check_provenance(ours, X.astype(dtype), y, X_ours, y_ours, exact=False)


SPARSE_SEED = 0


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
def test_sparse_borderline_1_and_svm(fmt, dtype):
    dense, y = overlapping_blobs(seed=SPARSE_SEED, spread=3.0, n_features=5, sizes=(40, 18, 12))
    dense = dense * 3
    dense[np.abs(dense) < 1.5] = 0
    dense = (np.round(dense) if np.dtype(dtype).kind == "i" else dense).astype(dtype)
    X = getattr(sparse, f"{fmt}_matrix")(dense)
    for rs_kind in ("int", "rs"):
        ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
            BorderlineSMOTE, ImbBorderline, X, y, rs_kind=rs_kind, seed=11, k_neighbors=3, sampling_strategy="all")
        assert_same(X_ours, X_theirs)
        check_provenance(ours, X, y, X_ours, y_ours)
        ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
            SVMSMOTE, ImbSVM, X, y, rs_kind=rs_kind, seed=11, k_neighbors=3)
        assert all(d and s for d, s in svm_groups(ours).values())
        assert_same(X_ours, X_theirs)
        check_provenance(ours, X, y, X_ours, y_ours)


@pytest.mark.parametrize("y_kind", ["int64", "str", "object"])
def test_dataframe_and_series_in_same_types_out(y_kind):
    raw, codes = overlapping_blobs(seed=0, spread=3.0, n_features=4, sizes=(45, 16, 12))
    X = pd.DataFrame({
        "amount": raw[:, 0] * 20 + 50,
        "count": np.round(raw[:, 1] * 3 + 10).astype(np.int64),
        "score": raw[:, 2].astype(np.float32),
        "age": np.round(raw[:, 3] * 10 + 50).astype(np.int32),
    })
    names = np.array(["a", "b", "c"], dtype=object if y_kind == "object" else str)
    y = pd.Series(codes if y_kind == "int64" else names[codes], name="label")
    for cls, theirs_cls, params in [(BorderlineSMOTE, ImbBorderline, {"kind": "borderline-1"}),
                                    (BorderlineSMOTE, ImbBorderline, {"kind": "borderline-2"}),
                                    (SVMSMOTE, ImbSVM, {})]:
        if params.get("kind") == "borderline-2":  # imbalanced-learn fails on integer columns there
            X_used = X.astype({"count": np.float64, "age": np.float64})
        else:
            X_used = X
        for rs_kind in ("int", "none", "rs"):
            ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
                cls, theirs_cls, X_used, y, rs_kind=rs_kind, seed=4, k_neighbors=3, **params)
            if cls is SVMSMOTE:
                assert all(d and s for d, s in svm_groups(ours).values())
            assert_same(X_ours, X_theirs)
            assert_same(y_ours, y_theirs)
            assert list(X_ours.columns) == ["amount", "count", "score", "age"]
            assert list(ours.feature_names_in_) == list(X.columns)


def test_a_shared_random_state_is_consumed_identically():
    X, y = overlapping_blobs(seed=1, spread=3.0, sizes=(40, 15, 12, 10))
    for cls, theirs_cls, params in [(BorderlineSMOTE, ImbBorderline, {"kind": "borderline-2"}),
                                    (SVMSMOTE, ImbSVM, {})]:
        rs_ours, rs_theirs = np.random.RandomState(5), np.random.RandomState(5)
        ours = cls(random_state=rs_ours, k_neighbors=3, **params)
        a = ours.fit_resample(X, y)
        b = theirs_cls(random_state=rs_theirs, k_neighbors=3, **params).fit_resample(X, y)
        if cls is SVMSMOTE:
            assert all(d and s for d, s in svm_groups(ours).values())
        assert_same(a[0], b[0])
        assert rs_ours.randint(2**31) == rs_theirs.randint(2**31)


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
def test_borderline_breast_cancer_and_wine(kind):
    for loader, strategy in [(load_breast_cancer, "auto"), (load_wine, "all"), (load_wine, {0: 80, 2: 100})]:
        X, y = loader(return_X_y=True)
        ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
            BorderlineSMOTE, ImbBorderline, X, y, seed=1, kind=kind, sampling_strategy=strategy)
        assert_same(X_ours, X_theirs)
        assert_same(y_ours, y_theirs)


def test_svm_breast_cancer_and_wine():
    for loader, strategy in [(load_breast_cancer, "auto"), (load_wine, "all")]:
        X, y = loader(return_X_y=True)
        ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(
            SVMSMOTE, ImbSVM, X, y, seed=1, sampling_strategy=strategy)
        assert all(d and s for d, s in svm_groups(ours).values())
        assert_same(X_ours, X_theirs)
        assert_same(y_ours, y_theirs)


# ==============================================================================================================
# Documented differences
# ==============================================================================================================


def imblearn_no_danger_data():
    """imbalanced-learn's own test_borderline_smote_no_in_danger_samples data: no sample in danger with m = 3."""
    return make_classification(n_samples=500, n_features=2, n_informative=2, n_redundant=0, n_repeated=0,
                               n_clusters_per_class=1, n_classes=3, weights=[0.1, 0.2, 0.7], class_sep=1.5,
                               random_state=1)


@pytest.mark.parametrize("kind", ["borderline-1", "borderline-2"])
def test_no_sample_in_danger_is_refused_where_imblearn_silently_does_nothing(kind, recwarn):
    X, y = imblearn_no_danger_data()
    theirs = ImbBorderline(kind=kind, m_neighbors=3, k_neighbors=5, random_state=0)
    X_theirs, y_theirs = theirs.fit_resample(X, y)
    # What imbalanced-learn does: no error, no warning, nothing added, nothing in danger recorded.
    assert np.array_equal(X_theirs, X) and np.array_equal(y_theirs, y)
    assert theirs.in_danger_indices == {} and len(recwarn) == 0

    ours = BorderlineSMOTE(kind=kind, m_neighbors=3, k_neighbors=5, random_state=0)
    with pytest.raises(SmoteError, match="^no sample of class 0 is in danger — Borderline-SMOTE generates nothing "
                                         "here; try SMOTE") as info:
        ours.fit_resample(X, y)
    assert "m_neighbors=3" in str(info.value)
    # The typology is there to show why.
    assert not ours.in_danger_[0].any()
    assert set(ours.typology_["type"]) <= {"safe", "noise"}


def test_no_danger_in_one_class_only_refuses_and_says_which():
    X, y = overlapping_blobs(seed=0, sizes=(40, 12))
    far = np.random.RandomState(1).normal(40, 1, size=(9, 2))
    X, y = np.vstack([X, far]), np.concatenate([y, np.full(9, 2)])
    with pytest.raises(SmoteError, match="^no sample of class 2 is in danger"):
        BorderlineSMOTE(random_state=0).fit_resample(X, y)
    # imbalanced-learn resamples class 1 and silently leaves class 2 at 9 rows.
    _, y_theirs = ImbBorderline(random_state=0).fit_resample(X, y)
    assert class_counts(y_theirs) == {0: 40, 1: 40, 2: 9}
    # Without class 2 in the strategy both agree.
    a = BorderlineSMOTE(random_state=0, sampling_strategy={1: 40}).fit_resample(X, y)
    b = ImbBorderline(random_state=0, sampling_strategy={1: 40}).fit_resample(X, y)
    assert_same(a[0], b[0])


def test_m_equal_to_one_never_puts_a_sample_in_danger():
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match="no sample of class 1 is in danger"):
        BorderlineSMOTE(m_neighbors=1).fit_resample(X, y)
    assert ImbBorderline(m_neighbors=1).fit_resample(X, y)[0].shape == X.shape


def test_string_labels_in_the_no_danger_message():
    X, y = imblearn_no_danger_data()
    names = np.array(["fraud", "ok", "legit"])[y]
    with pytest.raises(SmoteError, match="^no sample of class 'fraud' is in danger"):
        BorderlineSMOTE(m_neighbors=3).fit_resample(X, names)


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.uint8])
def test_borderline_2_on_integers_works_where_imblearn_fails(dtype):
    X, y = overlapping_blobs(seed=4)
    X = np.round(X * 5 + 20).astype(dtype)
    with pytest.raises(TypeError, match="Cannot cast ufunc 'multiply'"):
        ImbBorderline(kind="borderline-2", random_state=0).fit_resample(X, y)
    ours = BorderlineSMOTE(kind="borderline-2", random_state=0)
    X_res, y_res = ours.fit_resample(X, y)
    assert X_res.dtype == dtype
    assert ours.provenance_["neighbor_other_class"].any()
    check_provenance(ours, X, y, X_res, y_res)  # exact, also across classes
    check_counts(ours, y, y_res, "auto")
    # The same-class rows are borderline-1's arithmetic: imbalanced-learn's for integers.
    same = ~ours.provenance_["neighbor_other_class"].to_numpy()
    p = ours.provenance_[same]
    expected = (X[p["parent"]] + p["gap"].to_numpy()[:, None] * (X[p["neighbor"]].astype(np.int64)
                                                                 - X[p["parent"]])).astype(dtype)
    assert np.array_equal(X_res[len(y):][same], expected)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_borderline_2_on_sparse_works_where_imblearn_fails(fmt):
    X, y = overlapping_blobs(seed=8, n_features=4)
    X[np.abs(X) < 0.5] = 0
    Xs = getattr(sparse, f"{fmt}_matrix")(X)
    with pytest.raises(ValueError, match="dimension mismatch"):
        ImbBorderline(kind="borderline-2", random_state=0).fit_resample(Xs, y)
    ours = BorderlineSMOTE(kind="borderline-2", random_state=0)
    X_res, y_res = ours.fit_resample(Xs, y)
    assert sparse.issparse(X_res) and X_res.format == fmt
    check_provenance(ours, Xs, y, X_res, y_res)  # exact: computed with the effective gap
    # The same draws as on the dense matrix, so the same rows up to rounding.
    dense = BorderlineSMOTE(kind="borderline-2", random_state=0)
    X_dense, _ = dense.fit_resample(X, y)
    assert ours.provenance_.equals(dense.provenance_)
    assert np.allclose(X_res.toarray(), X_dense, rtol=1e-12, atol=1e-12)


def test_borderline_2_sparse_imblearn_silently_wrong_when_picks_equal_features():
    # The case the Notes describe: with as many cross-class picks as features, imbalanced-learn's matrix product
    # succeeds and gives wrong rows; ours are the dense rows.
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(1, 1, (8, 2))])
    y = np.array([0] * 30 + [1] * 8)
    params = dict(kind="borderline-2", random_state=1, k_neighbors=3, sampling_strategy={1: 10})
    ours = BorderlineSMOTE(**params)
    X_dense, _ = ours.fit_resample(X, y)
    assert ours.provenance_["neighbor_other_class"].sum() == X.shape[1]
    X_theirs, _ = ImbBorderline(**params).fit_resample(sparse.csr_matrix(X), y)
    assert not np.allclose(X_theirs.toarray(), X_dense)
    assert np.allclose(BorderlineSMOTE(**params).fit_resample(sparse.csr_matrix(X), y)[0].toarray(), X_dense)


def svm_group_empty_data(which):
    rng = np.random.RandomState(0)
    if which == "danger":  # well separated: every support vector of class 1 is safe
        X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(4, 1, (12, 2))])
        y = np.array([0] * 40 + [1] * 12)
    else:  # class 2's support vectors are all in danger (or noise)
        X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (12, 2)), rng.normal(-1, 1, (9, 2))])
        y = np.array([0] * 40 + [1] * 12 + [2] * 9)
    return X, y


@pytest.mark.parametrize("empty", ["danger", "safe"])
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_svm_makes_up_the_rows_imblearn_leaves_out_when_a_group_is_empty(empty, rs_kind):
    X, y = svm_group_empty_data(empty)
    ours, (X_ours, y_ours), _, (X_theirs, y_theirs) = run_both(SVMSMOTE, ImbSVM, X, y, rs_kind=rs_kind, seed=0)
    groups = svm_groups(ours)
    short = [c for c, (d, s) in groups.items() if not (d if empty == "danger" else s)]
    assert short == ([1] if empty == "danger" else [2])
    c = short[0]
    n_new = ours.sampling_strategy_[c]
    n_interpolated = int(ours.fraction_[c] * (n_new + 1))
    missing = n_interpolated if empty == "danger" else n_new - n_interpolated
    assert missing > 0
    # imbalanced-learn is short by exactly the empty group's share; we make the number asked for.
    assert class_counts(y_theirs)[c] == class_counts(y)[c] + n_new - missing
    check_counts(ours, y, y_ours, "auto")
    check_provenance(ours, X, y, X_ours, y_ours)
    assert_svm_prefix_per_class(ours, X_ours, y_ours, X_theirs, y_theirs, len(y), [c])
    prov = ours.provenance_[ours.provenance_["class"] == c]
    assert prov["extrapolated"].all() if empty == "danger" else not prov["extrapolated"].any()
    # Every class resampled before the short one is untouched by the fix.
    for other in [o for o in groups if o < c]:
        assert_svm_prefix_per_class(ours, X_ours, y_ours, X_theirs, y_theirs, len(y), [other])
        assert class_counts(y_theirs)[other] == class_counts(y_ours)[other]


def test_svm_made_up_rows_are_new_draws_not_repeats():
    # With an int random_state imbalanced-learn restarts the generator for each group; the made-up rows must
    # continue it, not restart it (which would repeat the first rows).
    X, y = svm_group_empty_data("danger")
    ours = SVMSMOTE(random_state=0)
    X_res, _ = ours.fit_resample(X, y)
    new = X_res[len(y):]
    assert len(np.unique(new, axis=0)) == len(new)
    assert ours.provenance_.duplicated(["parent", "neighbor", "gap"]).sum() == 0


@pytest.mark.parametrize("cls, params", [(BorderlineSMOTE, {"kind": "borderline-1"}),
                                         (BorderlineSMOTE, {"kind": "borderline-2"}), (SVMSMOTE, {})])
def test_boolean_features_come_back_as_float64(cls, params):
    # As SMOTE does (imbalanced-learn fails on boolean arrays): a point between False and True is a fraction.
    X, y = overlapping_blobs(seed=3, n_features=4)
    Xb = X > 0.3
    sampler = cls(random_state=0, k_neighbors=3, **params)
    X_res, y_res = sampler.fit_resample(Xb, y)
    assert X_res.dtype == np.float64 and np.array_equal(X_res[: len(y)], Xb.astype(np.float64))
    check_provenance(sampler, Xb, y, X_res, y_res)  # exact for every row, also borderline-2's
    if params.get("kind") == "borderline-2":
        assert sampler.provenance_["neighbor_other_class"].any()
    check_counts(sampler, y, y_res, "auto")


# ==============================================================================================================
# Properties: provenance, typology, neighbours
# ==============================================================================================================


@settings(max_examples=40)
@given(seed=st.integers(0, 2**32 - 1), kind=st.sampled_from(["borderline-1", "borderline-2"]),
       dtype=st.sampled_from([np.float64, np.float32, np.int64]), k=st.integers(1, 6), m=st.integers(2, 12),
       n_features=st.integers(1, 4))
def test_borderline_properties(seed, kind, dtype, k, m, n_features):
    rng = np.random.RandomState(seed % 2**31)
    X, y = overlapping_blobs(seed=rng.randint(2**31), sizes=(35, 12 + rng.randint(8), 9), n_features=n_features)
    X = (np.round(X * 4) if np.dtype(dtype).kind == "i" else X * 4).astype(dtype)
    sampler = BorderlineSMOTE(kind=kind, k_neighbors=k, m_neighbors=m, random_state=seed)
    try:
        X_res, y_res = sampler.fit_resample(X, y)
    except SmoteError as exc:
        assert "is in danger" in str(exc)
        assert any(not d.any() for d in sampler.in_danger_.values())
        return
    check_counts(sampler, y, y_res, "auto")
    check_provenance(sampler, X, y, X_res, y_res, exact=kind == "borderline-1" or dtype is np.int64)
    prov = sampler.provenance_
    typ = sampler.typology_
    # Typology: brute-force m-neighbour counts, and the danger/noise rule.
    for c in sampler.in_danger_:
        members = np.flatnonzero(y == c)
        t = typ[typ["class"] == c]
        assert np.array_equal(t["position"].to_numpy(), members)
        n_other = m_neighbour_counts(X, y, members, m)
        assert np.array_equal(t["n_other_class"].to_numpy(), n_other)
        assert np.array_equal(sampler.in_danger_[c], (n_other >= m / 2) & (n_other < m))
        assert np.array_equal(sampler.noise_[c], n_other == m)
        assert np.array_equal(t["type"].to_numpy() == "danger", sampler.in_danger_[c])
        assert np.array_equal(t["type"].to_numpy() == "noise", sampler.noise_[c])
        # Parents are in danger; each neighbour is one of the parent's k neighbours (nn_indices_).
        p = prov[prov["class"] == c]
        rows = np.searchsorted(members, p["parent"].to_numpy())
        assert np.array_equal(members[rows], p["parent"].to_numpy())
        assert sampler.in_danger_[c][rows].all()
        table = sampler.nn_indices_[c]
        assert table.shape == (len(members), k)
        assert all(nb in table[r] for r, nb in zip(rows, p["neighbor"]))
        if kind == "borderline-1":
            assert np.all(y[table] == c)
        assert np.array_equal(p["neighbor_other_class"].to_numpy(), y[p["neighbor"].to_numpy()] != c)
    gaps, other = prov["gap"].to_numpy(), prov["neighbor_other_class"].to_numpy()
    assert np.all((gaps >= 0) & (gaps < 1))
    assert np.all(gaps[other] < 0.5)
    assert kind == "borderline-2" or not other.any()


@settings(max_examples=40)
@given(seed=st.integers(0, 2**32 - 1), dtype=st.sampled_from([np.float64, np.float32, np.int64]),
       k=st.integers(1, 5), m=st.integers(2, 12), out_step=st.sampled_from([0.0, 0.3, 0.5, 1.0]),
       spread=st.sampled_from([0.5, 1.5, 4.0]))
def test_svm_properties(seed, dtype, k, m, out_step, spread):
    rng = np.random.RandomState(seed % 2**31)
    X, y = overlapping_blobs(seed=rng.randint(2**31), sizes=(35, 12 + rng.randint(8), 9), spread=spread)
    X = (np.round(X * 4) if np.dtype(dtype).kind == "i" else X * 4).astype(dtype)
    sampler = SVMSMOTE(k_neighbors=k, m_neighbors=m, out_step=out_step, random_state=seed)
    try:
        X_res, y_res = sampler.fit_resample(X, y)
    except SmoteError as exc:
        assert "are noise" in str(exc)
        return
    check_counts(sampler, y, y_res, "auto")  # always the number asked for, even with an empty group
    check_provenance(sampler, X, y, X_res, y_res)
    prov, typ = sampler.provenance_, sampler.typology_
    svm = sampler.svm_estimator_
    for c, used in sampler.support_.items():
        members = np.flatnonzero(y == c)
        t = typ[typ["class"] == c]
        assert np.array_equal(t["position"].to_numpy(), members)
        all_sv = svm.support_[y[svm.support_] == c]
        assert np.array_equal(np.sort(members[t["support_vector"].to_numpy()]), np.sort(all_sv))
        n_other = m_neighbour_counts(X, y, members, m)
        assert np.array_equal(t["n_other_class"].to_numpy(), n_other)
        labels = np.where((n_other >= m / 2) & (n_other < m), "danger", np.where(n_other == m, "noise", "safe"))
        assert np.array_equal(t["type"].to_numpy(), labels)
        # The support vectors used are the class's support vectors that are not noise.
        sv_types = dict(zip(t["position"], t["type"]))
        assert set(used) == {int(s) for s in all_sv if sv_types[s] != "noise"}
        p = prov[prov["class"] == c]
        assert set(p["parent"]) <= set(used)
        kinds = np.array([sv_types[q] for q in p["parent"]])
        assert np.array_equal(p["extrapolated"].to_numpy(), kinds == "safe")
        gaps = p["gap"].to_numpy()
        interp = ~p["extrapolated"].to_numpy()
        assert np.all((gaps[interp] >= 0) & (gaps[interp] < 1))
        assert np.all((gaps[~interp] <= 0) & (gaps[~interp] > -out_step if out_step else gaps[~interp] == 0))
        # Neighbours are same-class, among the parent's k nearest (nn_indices_).
        table = sampler.nn_indices_[c]
        assert table.shape == (len(members), k) and np.all(y[table] == c)
        rows = np.searchsorted(members, p["parent"].to_numpy())
        assert all(nb in table[r] for r, nb in zip(rows, p["neighbor"]))


def test_extrapolated_rows_lie_beyond_the_parent():
    X, y = svm_group_empty_data("danger")
    sampler = SVMSMOTE(random_state=3, out_step=1.0)
    X_res, _ = sampler.fit_resample(X, y)
    p = sampler.provenance_
    assert p["extrapolated"].all() and (p["gap"] < 0).sum() == len(p)
    # The new row is on the far side of the parent from the neighbour: (new − parent)·(neighbour − parent) < 0.
    new = X_res[len(y):]
    d_new = new - X[p["parent"]]
    d_nb = X[p["neighbor"]] - X[p["parent"]]
    assert np.all(np.sum(d_new * d_nb, axis=1) < 0)


def test_nn_indices_of_parents_are_the_neighbours_that_generated_rows():
    # Borderline-1: the danger rows of nn_indices_ are the class's k nearest neighbours (brute force).
    X, y = overlapping_blobs(seed=6)
    sampler = BorderlineSMOTE(k_neighbors=4, random_state=0)
    sampler.fit_resample(X, y)
    for c, table in sampler.nn_indices_.items():
        members = np.flatnonzero(y == c)
        nn = NearestNeighbors(n_neighbors=5).fit(X[members])
        assert np.array_equal(table, members[nn.kneighbors(X[members], return_distance=False)[:, 1:]])
    # Borderline-2: neighbours among all of X.
    sampler = BorderlineSMOTE(k_neighbors=4, kind="borderline-2", random_state=0)
    sampler.fit_resample(X, y)
    nn = NearestNeighbors(n_neighbors=5).fit(X)
    for c, table in sampler.nn_indices_.items():
        members = np.flatnonzero(y == c)
        assert np.array_equal(table, nn.kneighbors(X[members], return_distance=False)[:, 1:])


def test_attributes_cover_only_resampled_classes_and_empty_results():
    X, y = overlapping_blobs(seed=3)
    sampler = BorderlineSMOTE(sampling_strategy={1: 14}, random_state=0)  # nothing to add
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.array_equal(X_res, X) and len(sampler.provenance_) == 0
    assert list(sampler.provenance_.columns) == ["parent", "neighbor", "gap", "class", "neighbor_other_class"]
    assert sampler.in_danger_ == {} and sampler.nn_indices_ == {} and len(sampler.typology_) == 0
    assert list(sampler.typology_.columns) == ["position", "class", "type", "n_other_class"]
    sampler = SVMSMOTE(sampling_strategy={2: 9}, random_state=0)
    sampler.fit_resample(X, y)
    assert list(sampler.provenance_.columns) == ["parent", "neighbor", "gap", "class", "extrapolated"]
    assert sampler.support_ == {} and len(sampler.typology_) == 0
    assert list(sampler.typology_.columns) == ["position", "class", "type", "n_other_class", "support_vector"]
    # Only the classes resampled appear.
    sampler = BorderlineSMOTE(sampling_strategy={2: 20}, random_state=0).fit(X, y)
    sampler.fit_resample(X, y)
    assert set(sampler.in_danger_) == {2} and set(sampler.typology_["class"]) == {2}
    assert len(sampler.typology_) == 9


# ==============================================================================================================
# Errors
# ==============================================================================================================


@pytest.mark.parametrize("cls", [BorderlineSMOTE, SVMSMOTE])
def test_k_too_large_for_a_class(cls):
    X, y = overlapping_blobs(seed=3)  # class 2 has 9 samples
    with pytest.raises(SmoteError, match=r"class 2 has 9 samples; k_neighbors=9 needs at least 10 — use "
                                         r"k_neighbors ≤ 8"):
        cls(k_neighbors=9).fit_resample(X, y)


def test_borderline_2_k_counts_all_rows_not_the_class():
    # Borderline-2 draws neighbours from all of X: a class smaller than k is fine (as in imbalanced-learn) ...
    X, y = overlapping_blobs(seed=3)
    a = BorderlineSMOTE(kind="borderline-2", k_neighbors=9, random_state=0).fit_resample(X, y)
    b = ImbBorderline(kind="borderline-2", k_neighbors=9, random_state=0).fit_resample(X, y)
    assert_same(a[0], b[0])
    # ... but k must be below the number of rows.
    with pytest.raises(SmoteError, match=r"k_neighbors=63 needs at least 64 rows in X .* has 63 rows — use "
                                         r"k_neighbors ≤ 62"):
        BorderlineSMOTE(kind="borderline-2", k_neighbors=63).fit_resample(X, y)


@pytest.mark.parametrize("cls", [BorderlineSMOTE, SVMSMOTE])
def test_m_too_large_for_x(cls):
    X, y = REF_X, REF_Y
    with pytest.raises(SmoteError, match=r"m_neighbors=20 needs at least 21 rows in X .* X has 20 rows — use "
                                         r"m_neighbors ≤ 19"):
        cls(m_neighbors=20, k_neighbors=3).fit_resample(X, y)
    with pytest.raises(ValueError):  # imbalanced-learn: an obscure error from the neighbour search
        ImbBorderline(m_neighbors=20, k_neighbors=3).fit_resample(X, y)
    cls(m_neighbors=19, k_neighbors=3, random_state=0).fit_resample(X, y)


@pytest.mark.parametrize("cls", [BorderlineSMOTE, SVMSMOTE])
@pytest.mark.parametrize("param, value, message", [
    ("k_neighbors", 0, "k_neighbors=0: it must be at least 1"),
    ("m_neighbors", 0, "m_neighbors=0: it must be at least 1"),
    ("m_neighbors", 2.5, "m_neighbors=2.5: give a whole number"),
    ("m_neighbors", NearestNeighbors(n_neighbors=1), "the m_neighbors estimator has n_neighbors=1"),
    ("k_neighbors", "five", "k_neighbors='five': give a whole number"),
    ("random_state", "seed", "random_state must be None, an int or a numpy.random.RandomState"),
    ("sampling_strategy", "most", "sampling_strategy='most' is not known"),
])
def test_bad_parameters(cls, param, value, message):
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match=message):
        cls(**{param: value}).fit_resample(X, y)


@pytest.mark.parametrize("kind", ["borderline", "Borderline-1", None, 1])
def test_bad_kind(kind):
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match="is not known; use 'borderline-1' or 'borderline-2'"):
        BorderlineSMOTE(kind=kind).fit_resample(X, y)


@pytest.mark.parametrize("out_step", [-0.1, 1.5, "half", True, None, float("nan")])
def test_bad_out_step(out_step):
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match=r"out_step=.*: give a number from 0 to 1"):
        SVMSMOTE(out_step=out_step).fit_resample(X, y)


def test_svm_estimator_without_fit_predict_or_support():
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match="has no fit/predict methods"):
        SVMSMOTE(svm_estimator=NearestNeighbors()).fit_resample(X, y)
    # imbalanced-learn raises RuntimeError here; we say what to use instead.
    with pytest.raises(RuntimeError, match="support_"):
        ImbSVM(svm_estimator=LogisticRegression()).fit_resample(X, y)
    with pytest.raises(SmoteError, match="LogisticRegression has no support_ attribute after fitting"):
        SVMSMOTE(svm_estimator=LogisticRegression()).fit_resample(X, y)


def test_svm_estimator_is_cloned_and_used():
    X, y = overlapping_blobs(seed=3, spread=3.0)
    est = SVC(kernel="linear", C=0.5)
    ours = SVMSMOTE(svm_estimator=est, random_state=2, k_neighbors=3)
    a = ours.fit_resample(X, y)
    b = ImbSVM(svm_estimator=est, random_state=2, k_neighbors=3).fit_resample(X, y)
    assert all(d and s for d, s in svm_groups(ours).values())
    assert_same(a[0], b[0])
    assert not hasattr(est, "support_") and ours.svm_estimator_ is not est
    assert ours.svm_estimator_.kernel == "linear"


def test_svm_all_support_vectors_noise():
    # imbalanced-learn's test_svm_smote_all_noise data.
    X, y = make_classification(n_classes=3, class_sep=0.001, weights=[0.004, 0.451, 0.545], n_informative=3,
                               n_redundant=0, flip_y=0, n_features=3, n_clusters_per_class=2, n_samples=1000,
                               random_state=10)
    with pytest.raises(ValueError, match="SVM-SMOTE is not adapted to your dataset"):
        ImbSVM(k_neighbors=4, random_state=42).fit_resample(X, y)
    sampler = SVMSMOTE(k_neighbors=4, random_state=42)
    with pytest.raises(SmoteError, match=r"^all \d+ support vectors of class 0 are noise .* try SMOTE"):
        sampler.fit_resample(X, y)
    t = sampler.typology_  # kept to show why
    assert len(t) == 5 and (t["class"] == 0).all() and t["support_vector"].any()  # class 0 has 5 samples
    assert (t.loc[t["support_vector"], "type"] == "noise").all()


class _NoClassOneSupport(SVC):
    """An SVC that reports no support vectors of class 1 (a broken or unusual estimator)."""

    def fit(self, X, y, sample_weight=None):
        super().fit(X, y, sample_weight)
        self.support_ = self.support_[np.asarray(y)[self.support_] != 1]
        return self


def test_svm_class_without_support_vectors():
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match="the SVM has no support vector of class 1"):
        SVMSMOTE(svm_estimator=_NoClassOneSupport()).fit_resample(X, y)


@pytest.mark.parametrize("cls", [BorderlineSMOTE, SVMSMOTE])
def test_input_errors_are_smotes(cls):
    X, y = overlapping_blobs(seed=3)
    with pytest.raises(SmoteError, match="y has only one class"):
        cls().fit_resample(X, np.zeros(len(y)))
    with pytest.raises(SmoteError, match="X contains NaN"):
        cls().fit_resample(np.where(X > 2, np.nan, X), y)
    with pytest.raises(SmoteError, match="but y has"):
        cls().fit_resample(X, y[:-1])
    with pytest.raises(SmoteError, match="class 2 has 1 sample"):
        cls(k_neighbors=1).fit_resample(X[: len(y)], np.where((y == 2) & (np.cumsum(y == 2) > 1), 1, y))


# ==============================================================================================================
# Estimator conventions and documentation
# ==============================================================================================================


@pytest.mark.parametrize("ours, theirs", [(BorderlineSMOTE, ImbBorderline), (SVMSMOTE, ImbSVM)])
def test_same_parameters_and_defaults_as_imblearn(ours, theirs):
    sig_ours, sig_theirs = inspect.signature(ours), inspect.signature(theirs)
    assert list(sig_ours.parameters) == list(sig_theirs.parameters)
    assert {n: p.default for n, p in sig_ours.parameters.items()} == {
        n: p.default for n, p in sig_theirs.parameters.items()}
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in sig_ours.parameters.values())


@pytest.mark.parametrize("cls", [BorderlineSMOTE, SVMSMOTE])
def test_sklearn_conventions(cls):
    sampler = cls(k_neighbors=3, random_state=0)
    assert sampler.get_params()["k_neighbors"] == 3
    twin = clone(sampler).set_params(m_neighbors=7)
    assert twin.m_neighbors == 7 and sampler.m_neighbors == 10
    X, y = overlapping_blobs(seed=5, spread=0.8)
    assert sampler.fit(X, y) is sampler and not hasattr(sampler, "provenance_")
    a = sampler.fit_resample(X, y)
    b = clone(sampler).fit_resample(X, y)
    assert_same(a[0], b[0])  # refitting with an int seed is deterministic
    assert sampler.n_features_in_ == 2


@pytest.mark.parametrize("module", [borderline_module, svm_module])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
