"""Properties of smote_core.SMOTE that hold for every input: provenance explains every synthetic row exactly."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.pipeline import Pipeline
from scipy import sparse
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors

from smote_core import SMOTE, interpolate

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------------------------
# An independent, element-by-element statement of interpolate's rules (Python scalars, no vectorised code)
# --------------------------------------------------------------------------------------------------------------


def expected_value(a, b, gap, dtype, exact_int_diff=True):
    """One feature of the new row between parent value ``a`` and neighbour value ``b``, for an array of ``dtype``.

    float: the difference in the array's own dtype, then ``a + gap * diff`` in float64, cast back to the dtype.
    int/uint: the exact integer difference (or, when the array holds values beyond ±2**62, the float64
    difference), ``a + gap * diff`` in float64, truncated toward zero.
    bool: in float64, and stays float64.
    """
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        diff = dtype.type(b) - dtype.type(a)  # in the array's own dtype
        return dtype.type(float(a) + gap * float(diff))
    if dtype.kind in "iu":
        diff = float(int(b) - int(a)) if exact_int_diff else float(int(b)) - float(int(a))
        return dtype.type(math.trunc(float(int(a)) + gap * diff))
    assert dtype.kind == "b"
    return np.float64(float(a) + gap * (float(b) - float(a)))


def expected_synthetic(X_arr, provenance):
    """The synthetic rows the provenance describes, for a dense numeric/bool array."""
    out_dtype = np.float64 if X_arr.dtype == bool else X_arr.dtype
    exact = X_arr.dtype.kind not in "iu" or (int(X_arr.min()) > -(2**62) and int(X_arr.max()) < 2**62)
    rows = np.empty((len(provenance), X_arr.shape[1]), dtype=out_dtype)
    for i, (p, nb, gap) in enumerate(zip(provenance["parent"], provenance["neighbor"], provenance["gap"])):
        for j in range(X_arr.shape[1]):
            rows[i, j] = expected_value(X_arr[p, j], X_arr[nb, j], gap, X_arr.dtype, exact)
    return rows


# --------------------------------------------------------------------------------------------------------------
# Generated inputs
# --------------------------------------------------------------------------------------------------------------

DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int8, np.uint8, np.uint16, bool]


def make_values(rng, n, n_features, values, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "b":
        return rng.uniform(size=(n, n_features)) < 0.5
    if values == "normal":
        raw = rng.normal(scale=4.0, size=(n, n_features))
    elif values == "small_int":
        raw = rng.randint(0, 3, size=(n, n_features)).astype(np.float64)
    elif values == "duplicates":
        pool = rng.normal(scale=3.0, size=(3, n_features))
        raw = pool[rng.randint(0, 3, size=n)]
    else:  # "full range": the dtype's extremes, where wrapping and overflow would show
        if dtype.kind in "iu":
            info = np.iinfo(dtype)
            return rng.randint(info.min, int(info.max) + 1, size=(n, n_features), dtype=dtype)
        raw = rng.normal(scale=1e6, size=(n, n_features))
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        raw = np.clip(np.round(raw) + (0 if dtype.kind == "i" else 5), info.min, info.max)
    return raw.astype(dtype)


@st.composite
def cases(draw, dtypes=DTYPES, containers=("ndarray", "dataframe", "csr")):
    n_classes = draw(st.integers(2, 4))
    k = draw(st.integers(1, 5))
    sizes = draw(st.lists(st.integers(k + 1, k + 12), min_size=n_classes, max_size=n_classes))
    n_features = draw(st.integers(1, 4))
    dtype = draw(st.sampled_from(dtypes))
    values = draw(st.sampled_from(["normal", "small_int", "duplicates", "full range"]))
    container = draw(st.sampled_from(containers))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    labels = np.array(draw(st.sampled_from([["a", "b", "c", "d"], [3, 1, 2, 0], [-5, 10, 7, 2]]))[:n_classes])
    y = np.repeat(labels, sizes)[rng.permutation(sum(sizes))]
    X = make_values(rng, len(y), n_features, values, dtype)
    if container == "dataframe":
        # Mixed float/int columns, and an index that is not 0..n-1: provenance must use positions.
        frame = pd.DataFrame(X.astype(np.float64) if np.dtype(dtype) != bool else X,
                             columns=[f"c{j}" for j in range(n_features)],
                             index=pd.Index(rng.permutation(len(y)) * 10 + 1000, name="id"))
        if np.dtype(dtype) != bool and n_features > 1:
            frame["c0"] = np.round(frame["c0"]).clip(-1e9, 1e9).astype(np.int64)
        X = frame
    elif container == "csr":
        X = sparse.csr_matrix(np.where(rng.uniform(size=X.shape) < 0.4, 0, X).astype(X.dtype))
    strategy = draw(st.one_of(
        st.sampled_from(["auto", "minority", "not minority", "not majority", "all"]),
        st.dictionaries(st.sampled_from(labels.tolist()), st.integers(0, 15), min_size=1),
    ))
    if isinstance(strategy, dict):
        counts = dict(zip(*np.unique(y, return_counts=True)))
        strategy = {c: int(counts[c]) + extra for c, extra in strategy.items()}
    random_state = draw(st.one_of(st.none(), st.integers(0, 2**32 - 1),
                                  st.integers(0, 1000).map(np.random.RandomState)))
    return dict(X=X, y=y, k=k, strategy=strategy, random_state=random_state)


def as_dense(X):
    if isinstance(X, pd.DataFrame):
        return X.to_numpy()  # the common dtype, as the sampler sees it
    if sparse.issparse(X):
        return X.toarray()
    return np.asarray(X)


# --------------------------------------------------------------------------------------------------------------
# Provenance explains every synthetic row
# --------------------------------------------------------------------------------------------------------------


@SETTINGS
@given(case=cases())
def test_provenance_explains_every_synthetic_row(case):
    X, y, k = case["X"], case["y"], case["k"]
    sm = SMOTE(k_neighbors=k, sampling_strategy=case["strategy"], random_state=case["random_state"])
    X_res, y_res = sm.fit_resample(X, y)
    n = len(y)
    prov = sm.provenance_
    n_new = sum(sm.sampling_strategy_.values())

    # Shape and types.
    assert list(prov.columns) == ["parent", "neighbor", "gap", "class"]
    assert len(prov) == n_new == X_res.shape[0] - n == len(y_res) - n
    assert prov["parent"].dtype.kind == "i" and prov["neighbor"].dtype.kind == "i"
    assert prov["gap"].dtype == np.float64
    assert type(X_res) is type(X)

    # Originals first, unchanged (bools come back as 0.0 / 1.0).
    X_dense, X_res_dense = as_dense(X), as_dense(X_res)
    assert np.array_equal(X_res_dense[:n], X_dense)
    assert np.array_equal(y_res[:n], y)
    if isinstance(X, pd.DataFrame):
        assert list(X_res.columns) == list(X.columns)
        expected_dtypes = [np.dtype(np.float64) if dt.kind == "b" else dt for dt in X.dtypes]
        assert X_res.dtypes.tolist() == expected_dtypes

    # 0 <= gap < 1; parent, neighbour and the new row share a class; rows are in output order.
    gaps = prov["gap"].to_numpy()
    assert np.all((gaps >= 0) & (gaps < 1))
    parents, neighbors = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    assert np.all((0 <= parents) & (parents < n) & (0 <= neighbors) & (neighbors < n))
    assert np.array_equal(prov["class"].to_numpy(), y_res[n:])
    assert np.array_equal(y[parents], y_res[n:])
    assert np.array_equal(y[neighbors], y_res[n:])
    order = [list(sm.sampling_strategy_).index(c) for c in prov["class"]]
    assert order == sorted(order), "new rows come class by class, in sorted class order"

    # The neighbour is among the parent's k nearest, as recorded in nn_indices_.
    assert set(sm.nn_indices_) == {c for c, m in sm.sampling_strategy_.items() if m > 0}
    for c, nn in sm.nn_indices_.items():
        members = np.flatnonzero(y == c)
        assert nn.shape == (len(members), k)
        assert np.all(y[nn] == c)
    for p, nb, c in zip(parents, neighbors, prov["class"]):
        row = np.searchsorted(np.flatnonzero(y == c), p)
        assert nb in sm.nn_indices_[c][row]

    # Every synthetic row is exactly X[parent] + gap * (X[neighbor] - X[parent]), by interpolate's rules.
    expected = expected_synthetic(X_dense, prov)
    if isinstance(X, pd.DataFrame):
        expected = pd.DataFrame(expected, columns=X.columns).astype(
            {c: dt for c, dt in X.dtypes.items() if dt.kind != "b"}).to_numpy()
    assert np.array_equal(X_res_dense[n:], expected)

    # Class counts after are those the strategy asked for.
    before = dict(zip(*np.unique(y, return_counts=True)))
    after = dict(zip(*np.unique(y_res, return_counts=True)))
    assert set(after) == set(before)
    for c in before:
        assert after[c] == before[c] + sm.sampling_strategy_.get(c, 0)
    check_counts_match_strategy(case["strategy"], before, after)


def check_counts_match_strategy(strategy, before, after):
    """The class sizes each strategy promises, worked out from the counts alone."""
    n_major = max(before.values())
    labels = sorted(before)
    majority = max(labels, key=before.get)  # the first (smallest) label among equal counts
    minority = min(labels, key=before.get)
    if isinstance(strategy, dict):
        want = {c: strategy.get(c, before[c]) for c in labels}
    elif isinstance(strategy, float):
        want = {c: before[c] if c == majority else int(n_major * strategy) for c in labels}
    elif strategy in ("auto", "not majority", "all"):
        want = {c: n_major for c in labels}
    elif strategy == "minority":
        want = {c: n_major if c == minority else before[c] for c in labels}
    else:  # "not minority"
        want = {c: before[c] if c == minority else n_major for c in labels}
    assert after == want


@pytest.mark.parametrize("strategy", ["auto", "minority", "not minority", "not majority", "all", 0.6, 1.0,
                                      {"b": 40}, {"a": 61, "c": 25}])
def test_class_counts_after_match_each_strategy_form(strategy):
    rng = np.random.RandomState(0)
    y = np.array(["a"] * 60 + ["b"] * 12 + ["c"] * 20)
    if isinstance(strategy, float):
        y = y[:72]
    X = rng.normal(size=(len(y), 3))
    _, y_res = SMOTE(k_neighbors=3, sampling_strategy=strategy, random_state=0).fit_resample(X, y)
    check_counts_match_strategy(strategy, dict(zip(*np.unique(y, return_counts=True))),
                                dict(zip(*np.unique(y_res, return_counts=True))))


def test_float64_rows_are_the_textbook_formula_exactly():
    rng = np.random.RandomState(5)
    X = rng.normal(size=(50, 4)) * [1, 1e-8, 1e8, 3]
    y = np.array([0] * 35 + [1] * 15)
    sm = SMOTE(k_neighbors=4, random_state=1)
    X_res, _ = sm.fit_resample(X, y)
    for i, (p, nb, gap) in enumerate(sm.provenance_[["parent", "neighbor", "gap"]].itertuples(index=False)):
        assert np.array_equal(X_res[50 + i], X[p] + gap * (X[nb] - X[p]))


@SETTINGS
@given(
    dtype=st.sampled_from(DTYPES),
    seed=st.integers(0, 2**32 - 1),
    fmt=st.sampled_from(["dense", "csr", "csc"]),
    values=st.sampled_from(["normal", "small_int", "full range"]),
)
def test_interpolate_follows_its_rules(dtype, seed, fmt, values):
    rng = np.random.RandomState(seed)
    X = make_values(rng, 12, 3, values, dtype)
    m = 20
    parents, neighbors = rng.randint(0, 12, size=m), rng.randint(0, 12, size=m)
    gaps = rng.uniform(size=m)
    src = X if fmt == "dense" else getattr(sparse, f"{fmt}_matrix")(X)
    out = interpolate(src, parents, neighbors, gaps)
    assert sparse.issparse(out) == (fmt != "dense")
    out = as_dense(out)
    assert out.dtype == (np.float64 if np.dtype(dtype) == bool else np.dtype(dtype))
    prov = pd.DataFrame({"parent": parents, "neighbor": neighbors, "gap": gaps})
    assert np.array_equal(out, expected_synthetic(X, prov))


# --------------------------------------------------------------------------------------------------------------
# Integer and boolean features: the documented differences from imbalanced-learn
# --------------------------------------------------------------------------------------------------------------


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 5), dtype=st.sampled_from([np.uint8, np.int8, np.uint16]))
def test_small_integers_never_wrap(seed, k, dtype):
    rng = np.random.RandomState(seed)
    info = np.iinfo(dtype)
    X = rng.randint(info.min, int(info.max) + 1, size=(40, 3)).astype(dtype)
    y = np.array([0] * 28 + [1] * 12)
    sm = SMOTE(k_neighbors=k, random_state=seed)
    X_res, _ = sm.fit_resample(X, y)
    assert X_res.dtype == dtype
    new = X_res[40:].astype(np.int64)
    p = X[sm.provenance_["parent"]].astype(np.int64)
    nb = X[sm.provenance_["neighbor"]].astype(np.int64)
    assert np.all(new >= np.minimum(p, nb)) and np.all(new <= np.maximum(p, nb))


def test_uint8_where_imblearn_wraps_around():
    # The contrast: imbalanced-learn differences uint8 in uint8, so 15 - 10 is fine but 10 - 15 is 251, and the
    # new value lands outside the segment. Ours stays between parent and neighbour.
    X = np.array([[10], [15], [12], [11], [14]] + [[200 + i] for i in range(25)], dtype=np.uint8)
    y = np.array([1] * 5 + [0] * 25)
    ours = SMOTE(k_neighbors=2, random_state=0)
    X_ours, _ = ours.fit_resample(X, y)
    X_imb, _ = ImbSMOTE(k_neighbors=2, random_state=0).fit_resample(X, y)
    new_ours, new_imb = X_ours[30:, 0], X_imb[30:, 0]
    assert len(new_ours) == 20
    assert new_ours.min() >= 10 and new_ours.max() <= 15
    assert np.any((new_imb < 10) | (new_imb > 15)), "imbalanced-learn wraps around"
    # Where imbalanced-learn does not wrap (neighbour at or above parent) the two agree bit for bit.
    up = X[ours.provenance_["neighbor"], 0] >= X[ours.provenance_["parent"], 0]
    assert up.any() and not up.all()
    assert np.array_equal(new_ours[up], new_imb[up])


def test_small_signed_ints_never_overflow():
    X = np.array([[-120], [120], [-100], [110], [0], [1], [2], [3], [4], [5], [6], [7]], dtype=np.int8)
    y = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    sm = SMOTE(k_neighbors=3, random_state=0)
    X_res, _ = sm.fit_resample(X, y)
    p = X[sm.provenance_["parent"], 0].astype(int)
    nb = X[sm.provenance_["neighbor"], 0].astype(int)
    new = X_res[12:, 0].astype(int)
    assert np.all(new >= np.minimum(p, nb)) and np.all(new <= np.maximum(p, nb))


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 4), frame=st.booleans())
def test_bool_features_come_back_float64_in_unit_interval(seed, k, frame):
    rng = np.random.RandomState(seed)
    X = rng.uniform(size=(30, 4)) < 0.5
    y = np.array([0] * 20 + [1] * 10)
    if frame:
        X = pd.DataFrame(X, columns=list("abcd"))
        X["n"] = rng.normal(size=30)
    sm = SMOTE(k_neighbors=k, random_state=seed)
    X_res, _ = sm.fit_resample(X, y)
    if frame:
        assert X_res.dtypes.tolist() == [np.dtype(np.float64)] * 5
        flags = X_res[list("abcd")].to_numpy()
        assert np.array_equal(flags[:30], X[list("abcd")].to_numpy().astype(np.float64))
    else:
        assert X_res.dtype == np.float64
        flags = X_res
        assert np.array_equal(flags[:30], X.astype(np.float64))
    assert np.all((flags >= 0) & (flags <= 1))


# --------------------------------------------------------------------------------------------------------------
# Neighbours
# --------------------------------------------------------------------------------------------------------------


@settings(SETTINGS, max_examples=60)
@given(case=cases(dtypes=[np.float64, np.int64], containers=("ndarray",)))
def test_nn_indices_are_the_k_nearest_same_class_neighbours(case):
    X, y, k = case["X"], case["y"], case["k"]
    sm = SMOTE(k_neighbors=k, sampling_strategy="all", random_state=0)
    sm.fit_resample(X, y)
    Xf = X.astype(np.float64)
    for c, nn in sm.nn_indices_.items():
        members = np.flatnonzero(y == c)
        # The same as a fresh scikit-learn query, position for position...
        fresh = NearestNeighbors(n_neighbors=k + 1).fit(X[members]).kneighbors(X[members], return_distance=False)
        assert np.array_equal(nn, members[fresh[:, 1:]])
        # ...and, independently of scikit-learn: the distances to the k recorded neighbours are the k smallest
        # distances to the other members (the dropped first neighbour is the sample or an exact duplicate of it).
        d = np.sqrt(((Xf[members][:, None, :] - Xf[members][None, :, :]) ** 2).sum(axis=2))
        for row, i in enumerate(members):
            d_all = np.sort(d[row])
            d_nn = np.sort(np.sqrt(((Xf[nn[row]] - Xf[i]) ** 2).sum(axis=1)))
            np.testing.assert_allclose(d_nn, d_all[1:k + 1], rtol=1e-9, atol=1e-9)


def test_neighbors_estimator_is_used_and_not_mutated():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 2))
    y = np.array([0] * 30 + [1] * 10)
    est = NearestNeighbors(n_neighbors=4, metric="manhattan")
    sm = SMOTE(k_neighbors=est, random_state=0)
    sm.fit_resample(X, y)
    assert sm.k_ == 3
    assert not hasattr(est, "n_samples_fit_"), "the estimator passed in stays unfitted (it is cloned)"
    members = np.flatnonzero(y == 1)
    fresh = NearestNeighbors(n_neighbors=4, metric="manhattan").fit(X[members])
    assert np.array_equal(sm.nn_indices_[1], members[fresh.kneighbors(X[members], return_distance=False)[:, 1:]])


# --------------------------------------------------------------------------------------------------------------
# scikit-learn integration and reproducibility
# --------------------------------------------------------------------------------------------------------------


def test_works_inside_an_imblearn_pipeline():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(120, 3))
    y = (X[:, 0] + 0.5 * rng.normal(size=120) > 1.2).astype(int)
    assert 5 < y.sum() < 60
    pipe = Pipeline([("smote", SMOTE(k_neighbors=4, random_state=3)), ("clf", LogisticRegression())])
    pipe.fit(X, y)
    pred = pipe.predict(X)
    assert pred.shape == (120,) and set(np.unique(pred)) <= {0, 1}
    # The classifier was trained on exactly what SMOTE.fit_resample gives.
    X_res, y_res = SMOTE(k_neighbors=4, random_state=3).fit_resample(X, y)
    direct = LogisticRegression().fit(X_res, y_res)
    assert np.array_equal(pipe.named_steps["clf"].coef_, direct.coef_)
    assert np.array_equal(pred, direct.predict(X))
    # Resampling happens only while fitting: predict sees the rows given.
    assert pipe.predict_proba(X[:7]).shape == (7, 2)


def test_clone_and_params():
    est = NearestNeighbors(n_neighbors=4)
    sm = SMOTE(k_neighbors=est, sampling_strategy={1: 30}, random_state=7)
    twin = clone(sm)
    assert twin is not sm
    assert twin.get_params()["sampling_strategy"] == {1: 30}
    assert twin.get_params()["random_state"] == 7
    assert twin.get_params()["k_neighbors"].get_params() == est.get_params()
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 2))
    y = np.array([0] * 30 + [1] * 10)
    a, b = sm.fit_resample(X, y), twin.fit_resample(X, y)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert sm.provenance_.equals(twin.provenance_)
    assert set(SMOTE().get_params()) == {"k_neighbors", "sampling_strategy", "random_state", "neighbors"}
    unfitted = clone(sm)
    assert not hasattr(unfitted, "provenance_")


def test_same_int_seed_same_output_and_different_seed_different_output():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 3))
    y = np.array([0] * 45 + [1] * 15)
    a = SMOTE(random_state=11).fit_resample(X, y)[0]
    b = SMOTE(random_state=11).fit_resample(X, y)[0]
    c = SMOTE(random_state=12).fit_resample(X, y)[0]
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_no_new_rows_when_already_balanced():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(20, 2))
    y = np.array([0, 1] * 10)
    sm = SMOTE(k_neighbors=3, random_state=0)
    X_res, y_res = sm.fit_resample(X, y)
    assert np.array_equal(X_res, X) and X_res is not X
    assert np.array_equal(y_res, y)
    assert len(sm.provenance_) == 0 and list(sm.provenance_.columns) == ["parent", "neighbor", "gap", "class"]
    assert sm.nn_indices_ == {}
