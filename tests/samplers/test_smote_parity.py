"""smote_core.SMOTE against imblearn.over_sampling.SMOTE (0.14): the same inputs must give the same bits.

Everything here compares exactly (np.array_equal on values, DataFrame.equals plus dtypes for frames). The only
inputs left out are the documented differences: unsigned integers and integer differences that would wrap or
overflow in imbalanced-learn, and boolean features.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImbSMOTE
from scipy import sparse
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._testing import assert_allclose

import smote_core
from parity import assert_same
from smote_core import SMOTE

# --------------------------------------------------------------------------------------------------------------
# imbalanced-learn's own reference fixture: X, Y and the expected synthetic rows are copied from
# imblearn/over_sampling/_smote/tests/test_smote.py (imbalanced-learn 0.14.2; tests test_sample_regular,
# test_sample_regular_half and test_sample_regular_with_nn, RND_SEED = 0). The expected rows there are printed to
# 8 decimals, so they are compared with imbalanced-learn's own tolerance (R_TOL = 1e-4); exactness is checked
# against the live library below.
# --------------------------------------------------------------------------------------------------------------
RND_SEED = 0
REF_X = np.array(
    [
        [0.11622591, -0.0317206],
        [0.77481731, 0.60935141],
        [1.25192108, -0.22367336],
        [0.53366841, -0.30312976],
        [1.52091956, -0.49283504],
        [-0.28162401, -2.10400981],
        [0.83680821, 1.72827342],
        [0.3084254, 0.33299982],
        [0.70472253, -0.73309052],
        [0.28893132, -0.38761769],
        [1.15514042, 0.0129463],
        [0.88407872, 0.35454207],
        [1.31301027, -0.92648734],
        [-1.11515198, -0.93689695],
        [-0.18410027, -0.45194484],
        [0.9281014, 0.53085498],
        [-0.14374509, 0.27370049],
        [-0.41635887, -0.38299653],
        [0.08711622, 0.93259929],
        [1.70580611, -0.11219234],
    ]
)
REF_Y = np.array([0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0])
REF_R_TOL = 1e-4
# test_sample_regular (and test_sample_regular_with_nn, which gives the same rows): the 4 rows after the 20 originals.
REF_NEW_REGULAR = np.array(
    [
        [0.29307743, -0.14670439],
        [0.84976473, -0.15570176],
        [0.61319159, -0.11571668],
        [0.66052536, -0.28246517],
    ]
)
# test_sample_regular_half, sampling_strategy={0: 9, 1: 12}: one new row.
REF_NEW_HALF = np.array([[0.36784496, -0.1953161]])


@pytest.mark.parametrize(
    "params, expected_new",
    [
        ({}, REF_NEW_REGULAR),
        ({"sampling_strategy": {0: 9, 1: 12}}, REF_NEW_HALF),
        ({"k_neighbors": NearestNeighbors(n_neighbors=6)}, REF_NEW_REGULAR),
    ],
    ids=["regular", "half", "with_nn"],
)
def test_imblearn_reference_fixture(params, expected_new):
    X_res, y_res = SMOTE(random_state=RND_SEED, **params).fit_resample(REF_X, REF_Y)
    assert X_res.shape == (20 + len(expected_new), 2)
    assert np.array_equal(X_res[:20], REF_X)
    assert_allclose(X_res[20:], expected_new, rtol=REF_R_TOL)
    assert np.array_equal(y_res, np.concatenate([REF_Y, np.zeros(len(expected_new), dtype=REF_Y.dtype)]))
    # ... and bit for bit what the installed imbalanced-learn gives.
    X_imb, y_imb = ImbSMOTE(random_state=RND_SEED, **params).fit_resample(REF_X, REF_Y)
    assert_same(X_res, X_imb)
    assert_same(y_res, y_imb)


# --------------------------------------------------------------------------------------------------------------
# Running both libraries and comparing
# --------------------------------------------------------------------------------------------------------------


def run_both(X, y, *, rs_kind="int", seed=0, k_neighbors=5, sampling_strategy="auto"):
    """fit_resample with both libraries, each with its own equivalent random_state. Returns (ours, theirs, sampler).

    rs_kind: "int" (the same int), "none" (np.random seeded globally right before each call), "rs" (a separate,
    freshly seeded RandomState for each library).
    """

    def random_state():
        if rs_kind == "int":
            return seed
        if rs_kind == "rs":
            return np.random.RandomState(seed)
        np.random.seed(seed)
        return None

    ours_sampler = SMOTE(k_neighbors=k_neighbors, sampling_strategy=sampling_strategy, random_state=random_state())
    ours = ours_sampler.fit_resample(X, y)
    theirs_sampler = ImbSMOTE(k_neighbors=k_neighbors, sampling_strategy=sampling_strategy,
                              random_state=random_state())
    theirs = theirs_sampler.fit_resample(X, y)
    assert list(ours_sampler.sampling_strategy_.items()) == list(theirs_sampler.sampling_strategy_.items())
    return ours, theirs, ours_sampler


def assert_parity(X, y, **kwargs):
    (X_ours, y_ours), (X_theirs, y_theirs), sampler = run_both(X, y, **kwargs)
    assert_same(X_ours, X_theirs)
    assert_same(y_ours, y_theirs)
    assert len(sampler.provenance_) == sum(sampler.sampling_strategy_.values())
    return sampler


def grow_the_minority_by_half(y):
    """A callable sampling_strategy: the smallest class (first in sorted order on ties) grows by half."""
    labels, counts = np.unique(y, return_counts=True)
    i = int(np.argmin(counts))
    return {labels[i]: int(counts[i] + counts[i] // 2 + 1)}


def everyone_to_the_largest_plus_two(y):
    labels, counts = np.unique(y, return_counts=True)
    return {label: int(counts.max() + 2) for label in labels}


# --------------------------------------------------------------------------------------------------------------
# Generated datasets (hypothesis)
# --------------------------------------------------------------------------------------------------------------

LABEL_SETS = {
    "int": [0, 1, 2, 3, 4],
    "sparse-int": [7, -3, 42, 0, 11],
    "str": ["fraud", "ok", "review", "chargeback", "a"],
}
DENSE_DTYPES = [np.float64, np.float32, np.int64, np.int32, np.int8]
STRING_STRATEGIES = ["auto", "minority", "not minority", "not majority", "all"]


def make_values(rng, n, n_features, values, dtype):
    """Feature values: continuous, small integers (many distance ties) or rows drawn from a tiny pool (duplicates)."""
    if values == "normal":
        raw = rng.normal(scale=3.0, size=(n, n_features))
    elif values == "small_int":
        raw = rng.randint(0, 3, size=(n, n_features)).astype(np.float64)
    else:  # "duplicates"
        pool = rng.randint(-4, 5, size=(3, n_features)).astype(np.float64) + rng.normal(size=(3, n_features))
        raw = pool[rng.randint(0, 3, size=n)]
    if np.dtype(dtype).kind in "iu":
        raw = np.round(raw)
    return raw.astype(dtype)


@st.composite
def datasets(draw, containers=("ndarray", "list", "dataframe", "csr", "csc")):
    n_classes = draw(st.integers(2, 5))
    k = draw(st.integers(1, 5))
    sizes = draw(st.lists(st.integers(k + 1, k + 14), min_size=n_classes, max_size=n_classes))
    n_features = draw(st.integers(1, 4))
    values = draw(st.sampled_from(["normal", "small_int", "duplicates"]))
    container = draw(st.sampled_from(containers))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.RandomState(seed)
    labels = LABEL_SETS[draw(st.sampled_from(sorted(LABEL_SETS)))][:n_classes]
    y = np.repeat(np.array(labels), sizes)
    y = y[rng.permutation(len(y))]  # classes interleaved
    n = len(y)

    if container == "dataframe":
        col_dtypes = draw(st.lists(st.sampled_from([np.float64, np.float32, np.int64, np.int32]),
                                   min_size=n_features, max_size=n_features))
        X = pd.DataFrame({f"f{j}": make_values(rng, n, 1, values, dt)[:, 0] for j, dt in enumerate(col_dtypes)})
    else:
        dtypes = [np.float64, np.float32, np.int64] if container in ("csr", "csc") else DENSE_DTYPES
        dtype = draw(st.sampled_from(dtypes))
        X = make_values(rng, n, n_features, values, dtype)
        if container in ("csr", "csc"):
            X[rng.uniform(size=X.shape) < 0.4] = 0  # real zeros, so the matrices are sparse
            X = getattr(sparse, f"{container}_matrix")(X)
        elif container == "list":
            X = X.tolist()

    y_container = draw(st.sampled_from(["ndarray", "list", "series"]))
    if y_container == "list":
        y = y.tolist()
    elif y_container == "series":
        y = pd.Series(y, name="target")

    if draw(st.booleans()):
        k_neighbors = k
    else:
        algorithms = ["auto", "brute"] if container in ("csr", "csc") else ["auto", "brute", "kd_tree", "ball_tree"]
        k_neighbors = NearestNeighbors(n_neighbors=k + 1, algorithm=draw(st.sampled_from(algorithms)))

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
        # Mostly valid ratios (above n_min / n_maj); truncation sometimes leaves nothing to add: then both must refuse.
        strategy = n_min / n_maj + draw(st.floats(0.0, 1.0)) * (1 - n_min / n_maj)
        strategy = min(max(strategy, 1e-9), 1.0)

    rs_kind = draw(st.sampled_from(["int", "none", "rs"]))
    return dict(X=X, y=y, k_neighbors=k_neighbors, sampling_strategy=strategy, rs_kind=rs_kind,
                seed=draw(st.integers(0, 2**32 - 1)))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=datasets())
def test_parity_on_generated_datasets(case):
    event(f"X: {type(case['X']).__name__}")  # shown by pytest --hypothesis-show-statistics
    try:
        assert_parity(**case)
    except smote_core.SmoteError:
        event("refused by both")
        # Only a float ratio that leaves nothing to add may be refused here; imbalanced-learn must refuse it too.
        assert isinstance(case["sampling_strategy"], float)
        with pytest.raises(ValueError):
            ImbSMOTE(k_neighbors=case["k_neighbors"], sampling_strategy=case["sampling_strategy"],
                     random_state=0).fit_resample(case["X"], case["y"])


# --------------------------------------------------------------------------------------------------------------
# Every form of every parameter, on fixed datasets (so they are all covered on every run)
# --------------------------------------------------------------------------------------------------------------


def fixed_dataset(n_classes=3, dtype=np.float64, values="normal", seed=3):
    rng = np.random.RandomState(seed)
    sizes = [30, 14, 9, 7, 6][:n_classes]
    y = np.repeat(np.arange(n_classes), sizes)[rng.permutation(sum(sizes))]
    return make_values(rng, len(y), 3, values, dtype), y


ALL_STRATEGIES = [
    "auto", "minority", "not minority", "not majority", "all",
    {1: 20, 2: 9}, {0: 31}, grow_the_minority_by_half, everyone_to_the_largest_plus_two,
]


@pytest.mark.parametrize("strategy", ALL_STRATEGIES)
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
@pytest.mark.parametrize("k_form", ["int", "estimator"])
def test_every_strategy_random_state_and_k_form(strategy, rs_kind, k_form):
    X, y = fixed_dataset()
    k_neighbors = 4 if k_form == "int" else NearestNeighbors(n_neighbors=5)
    assert_parity(X, y, sampling_strategy=strategy, rs_kind=rs_kind, seed=12345, k_neighbors=k_neighbors)


@pytest.mark.parametrize("ratio", [0.5, 0.75, 0.9999, 1.0])
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_float_ratio_binary(ratio, rs_kind):
    X, y = fixed_dataset(n_classes=2)
    assert_parity(X, y, sampling_strategy=ratio, rs_kind=rs_kind, seed=7)


@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int32])
@pytest.mark.parametrize("values", ["normal", "small_int", "duplicates"])
def test_dtypes_and_distance_ties(dtype, values):
    X, y = fixed_dataset(n_classes=4, dtype=dtype, values=values)
    assert_parity(X, y, k_neighbors=5, seed=99)


def test_a_random_state_instance_is_shared_across_classes_in_order():
    # One RandomState drawn from class after class: both libraries must consume it identically, and leave it in
    # the same state afterwards.
    X, y = fixed_dataset(n_classes=5)
    rs_ours, rs_theirs = np.random.RandomState(5), np.random.RandomState(5)
    a = SMOTE(k_neighbors=3, random_state=rs_ours).fit_resample(X, y)
    b = ImbSMOTE(k_neighbors=3, random_state=rs_theirs).fit_resample(X, y)
    assert_same(a[0], b[0])
    assert rs_ours.randint(2**31) == rs_theirs.randint(2**31)


def test_large_int64_values_are_differenced_exactly():
    # Beyond 2**53 int64 values are not all representable in float64: imbalanced-learn takes the difference of
    # two integers exactly (in int64) before multiplying by the gap; so must we.
    rng = np.random.RandomState(0)
    X = (rng.randint(-2**40, 2**40, size=(30, 2)) + 2**61).astype(np.int64)
    y = np.array([0] * 20 + [1] * 10)
    for seed in range(5):
        assert_parity(X, y, k_neighbors=3, seed=seed)


def test_small_signed_ints_that_do_not_overflow_match():
    # int8 values whose differences fit in int8: imbalanced-learn does not overflow, so the results must agree.
    rng = np.random.RandomState(1)
    X = rng.randint(-30, 30, size=(40, 3)).astype(np.int8)
    y = np.array([0] * 28 + [1] * 12)
    assert_parity(X, y, k_neighbors=4, seed=3)


def test_string_labels_in_an_object_array_and_a_series():
    X, y = fixed_dataset(n_classes=3)
    names = np.array(["legit", "fraud", "review"])
    assert_parity(X, names[y].astype(object), seed=1)
    assert_parity(X, pd.Series(names[y], name="status"), seed=1)


# --------------------------------------------------------------------------------------------------------------
# pandas and scipy containers
# --------------------------------------------------------------------------------------------------------------


def mixed_frame(seed=0, n=60):
    rng = np.random.RandomState(seed)
    return pd.DataFrame({
        "amount": rng.normal(50, 20, size=n),
        "count": rng.randint(0, 9, size=n).astype(np.int64),
        "score": rng.normal(size=n).astype(np.float32),
        "age": rng.randint(18, 90, size=n).astype(np.int32),
    })


@pytest.mark.parametrize("y_dtype", ["int64", "int8", "str", "category-free object"])
def test_dataframe_and_series_in_same_types_out(y_dtype):
    X = mixed_frame()
    rng = np.random.RandomState(1)
    codes = rng.choice(3, size=len(X), p=[0.6, 0.25, 0.15])
    if y_dtype == "str":
        y = pd.Series(np.array(["a", "b", "c"])[codes], name="label")
    elif y_dtype == "category-free object":
        y = pd.Series(np.array(["a", "b", "c"], dtype=object)[codes], name="label", dtype=object)
    else:
        y = pd.Series(codes, name="label").astype(y_dtype)
    for rs_kind in ("int", "none", "rs"):
        (X_ours, y_ours), (X_theirs, y_theirs), _ = run_both(X, y, k_neighbors=3, rs_kind=rs_kind, seed=4)
        assert_same(X_ours, X_theirs)
        assert_same(y_ours, y_theirs)
        assert list(X_ours.columns) == ["amount", "count", "score", "age"]
        assert X_ours.dtypes.tolist() == X.dtypes.tolist()


@pytest.mark.parametrize("int_only", [True, False])
def test_dataframe_all_int_or_all_float_columns(int_only):
    rng = np.random.RandomState(2)
    data = rng.randint(0, 6, size=(50, 3)) if int_only else rng.normal(size=(50, 3))
    X = pd.DataFrame(data, columns=["a", "b", "c"])
    y = np.array([0] * 35 + [1] * 15)
    assert_parity(X, y, k_neighbors=4, seed=0)
    assert_parity(X, pd.Series(y), k_neighbors=4, seed=0)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64])
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_sparse(fmt, dtype, rs_kind):
    rng = np.random.RandomState(3)
    dense = rng.normal(scale=3, size=(70, 8)) * (rng.uniform(size=(70, 8)) < 0.3)
    dense = (np.round(dense) if np.dtype(dtype).kind == "i" else dense).astype(dtype)
    X = getattr(sparse, f"{fmt}_matrix")(dense)
    y = rng.choice(3, size=70, p=[0.6, 0.25, 0.15])
    assert_parity(X, y, k_neighbors=3, rs_kind=rs_kind, seed=11, sampling_strategy="all")


def test_sparse_with_a_neighbors_estimator_and_dict():
    rng = np.random.RandomState(4)
    X = sparse.random(80, 20, density=0.2, format="csr", random_state=rng)
    y = np.array(["x"] * 50 + ["y"] * 20 + ["z"] * 10)
    assert_parity(X, y, k_neighbors=NearestNeighbors(n_neighbors=4, metric="manhattan"),
                  sampling_strategy={"y": 40, "z": 70}, seed=8)


# --------------------------------------------------------------------------------------------------------------
# Real scikit-learn datasets
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", ["auto", 0.8, {0: 400}])
def test_breast_cancer(strategy):
    X, y = load_breast_cancer(return_X_y=True)
    assert_parity(X, y, sampling_strategy=strategy, seed=0)


def test_breast_cancer_as_frame():
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    assert_parity(X, y, seed=42, k_neighbors=7)


@pytest.mark.parametrize("strategy", ["auto", "all", "minority", {0: 80, 2: 100}])
def test_wine(strategy):
    X, y = load_wine(return_X_y=True)
    assert_parity(X, y, sampling_strategy=strategy, seed=1)


_DIGITS = load_digits()


@pytest.mark.parametrize("digit", range(10))
def test_digits_one_vs_rest(digit):
    y = np.where(_DIGITS.target == digit, f"digit {digit}", "rest")
    assert_parity(_DIGITS.data, y, seed=digit)


def test_digits_one_vs_rest_bool_labels_float32():
    assert_parity(_DIGITS.data.astype(np.float32), _DIGITS.target == 3, seed=3, rs_kind="rs")


@pytest.mark.parametrize(
    "strategy",
    [{0: 50, 1: 70, 2: 100}, {2: 51}, {1: 150}, everyone_to_the_largest_plus_two, "all"],

)
def test_iris_with_dict_strategies(strategy):
    X, y = load_iris(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # neither side should need to warn about anything here
        assert_parity(X, y, sampling_strategy=strategy, seed=2)
    names = np.array(["setosa", "versicolor", "virginica"])
    if isinstance(strategy, dict):
        named = {names[c]: n for c, n in strategy.items()}
        assert_parity(X, names[y], sampling_strategy=named, seed=2)
