"""SMOTENC and SMOTEN: bit-identical to imbalanced-learn 0.14 where it behaves, provenance that explains every row,
and errors that say what to do.

Parity compares exactly (DataFrame.equals plus dtypes, np.array_equal plus dtype). Left out of parity are the
documented differences: all-integer (or boolean) continuous features, "auto" taking non-category columns, missing
values, CSC output.
"""

from __future__ import annotations

import warnings
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from imblearn.metrics.pairwise import ValueDifferenceMetric
from imblearn.over_sampling import SMOTEN as ImbSMOTEN
from imblearn.over_sampling import SMOTENC as ImbSMOTENC
from scipy import sparse
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.utils import check_array

from parity import assert_same
from smote_core import SmoteError
from smote_core.samplers.nc import SMOTEN, SMOTENC, class_probabilities, value_difference_distances

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.DataConversionWarning")

# --------------------------------------------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------------------------------------------


def run_both(ours_cls, theirs_cls, X, y, *, rs_kind="int", seed=0, theirs_may_fail=False, **params):
    """fit_resample with both libraries, each with its own equivalent random_state, and compare.

    ``theirs_may_fail``: imbalanced-learn may raise (then only ours is run); returns None for theirs then.
    """

    def random_state():
        if rs_kind == "int":
            return seed
        if rs_kind == "rs":
            return np.random.RandomState(seed)
        np.random.seed(seed)
        return None

    ours = ours_cls(random_state=random_state(), **params)
    out_ours = ours.fit_resample(X, y)
    theirs = theirs_cls(random_state=random_state(), **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out_theirs = theirs.fit_resample(X, y)
        except ValueError:
            if not theirs_may_fail:
                raise
            event("imbalanced-learn fails")
            return ours, None, out_ours
    assert list(ours.sampling_strategy_.items()) == list(theirs.sampling_strategy_.items())
    assert_same(out_ours[0], out_theirs[0])
    assert_same(out_ours[1], out_theirs[1])
    return ours, theirs, out_ours


# --------------------------------------------------------------------------------------------------------------
# Generated datasets
# --------------------------------------------------------------------------------------------------------------

LABEL_SETS = {"int": [0, 1, 2, 3], "sparse-int": [7, -3, 42, 0], "str": ["fraud", "ok", "review", "a"]}
CAT_KINDS = ["str", "object", "category", "bool", "int"]
WORDS = ["red", "green", "blue", "amber"]


def cat_column(rng, n, kind, n_values):
    codes = rng.randint(0, n_values, size=n)
    if kind == "bool":
        return pd.Series(codes % 2 == 1)
    if kind == "int":
        return pd.Series(np.array([3, -1, 10, 0])[codes])
    values = np.array(WORDS)[codes]
    if kind == "object":
        return pd.Series(values.astype(object), dtype=object)
    if kind == "category":
        return pd.Series(pd.Categorical(values, categories=WORDS))
    return pd.Series(values)  # pandas' str dtype


def num_column(rng, n, values, dtype):
    if values == "normal":
        raw = rng.normal(scale=3.0, size=n)
    elif values == "small_int":
        raw = rng.randint(0, 3, size=n).astype(np.float64)
    else:  # "constant": the class's median standard deviation may be 0
        raw = np.full(n, 1.5)
    if np.dtype(dtype).kind == "i":
        raw = np.round(raw)
    return raw.astype(dtype)


def grow_the_minority_by_half(y):
    labels, counts = np.unique(y, return_counts=True)
    i = int(np.argmin(counts))
    return {labels[i]: int(counts[i] + counts[i] // 2 + 1)}


def draw_labels_and_strategy(draw, rng, k):
    n_classes = draw(st.integers(2, 4))
    sizes = draw(st.lists(st.integers(k + 1, k + 12), min_size=n_classes, max_size=n_classes))
    labels = LABEL_SETS[draw(st.sampled_from(sorted(LABEL_SETS)))][:n_classes]
    y = np.repeat(np.array(labels), sizes)
    y = y[rng.permutation(len(y))]
    counts = dict(zip(*np.unique(y, return_counts=True)))
    form = draw(st.sampled_from(["str", "dict", "callable"] + (["float"] if n_classes == 2 else [])))
    if form == "str":
        strategy = draw(st.sampled_from(["auto", "minority", "not minority", "not majority", "all"]))
    elif form == "dict":
        chosen = draw(st.lists(st.sampled_from(sorted(counts)), min_size=1, unique=True))
        strategy = {c: int(counts[c]) + draw(st.integers(0, 12)) for c in chosen}
    elif form == "callable":
        strategy = grow_the_minority_by_half
    else:
        n_min, n_maj = min(counts.values()), max(counts.values())
        if n_min == n_maj:  # nothing for a ratio to add
            strategy = "all"
        else:  # a ratio that adds at least one row
            low = (n_min + 1) / n_maj
            strategy = min(low + 1e-9 + draw(st.floats(0, 1)) * (1 - low), 1.0)
    return y, strategy


def wrap_y(draw, y):
    kind = draw(st.sampled_from(["ndarray", "list", "series"]))
    return y.tolist() if kind == "list" else pd.Series(y, name="target") if kind == "series" else y


def draw_k_neighbors(draw, k):
    if draw(st.booleans()):
        return k
    return NearestNeighbors(n_neighbors=k + 1, algorithm=draw(st.sampled_from(["auto", "brute"])))


@st.composite
def mixed_cases(draw, containers=("dataframe", "object array", "numeric array")):
    """Data for SMOTENC that imbalanced-learn handles as documented (at least one float continuous column)."""
    k = draw(st.integers(1, 5))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    y, strategy = draw_labels_and_strategy(draw, rng, k)
    n = len(y)
    container = draw(st.sampled_from(containers))
    values = draw(st.sampled_from(["normal", "small_int", "constant"]))
    num_dtypes = draw(st.lists(st.sampled_from([np.float64, np.float32, np.int64, np.int32]), min_size=1,
                               max_size=3))
    if not any(np.dtype(d).kind == "f" for d in num_dtypes):
        num_dtypes[0] = draw(st.sampled_from([np.float64, np.float32]))
    cat_kinds = draw(st.lists(st.sampled_from(CAT_KINDS if container != "numeric array" else ["int"]),
                              min_size=1, max_size=3))
    columns = {f"num{j}": num_column(rng, n, values, dt) for j, dt in enumerate(num_dtypes)}
    columns.update({f"cat{j}": cat_column(rng, n, kind, draw(st.integers(1, 4))) for j, kind in enumerate(cat_kinds)})
    names = list(columns)
    order = draw(st.permutations(names))
    frame = pd.DataFrame({c: columns[c] for c in order})
    cat_names = [c for c in order if c.startswith("cat")]
    cat_names = draw(st.permutations(cat_names))  # the order given need not be the columns' order
    positions = [order.index(c) for c in cat_names]

    if container == "dataframe":
        X = frame
        forms = ["names", "positions", "negative", "mask"]
        if all(k_ == "category" for k_ in cat_kinds):
            forms.append("auto")
    else:
        X = frame.to_numpy() if container == "object array" else frame.to_numpy(dtype=np.float64)
        forms = ["positions", "negative", "mask"]
    form = draw(st.sampled_from(forms))
    if form == "names":
        categorical_features = list(cat_names)
    elif form == "positions":
        categorical_features = positions
    elif form == "negative":
        categorical_features = [p - len(order) for p in positions]
    elif form == "mask":
        categorical_features = [c in cat_names for c in order]
    else:
        categorical_features = "auto"
    return dict(X=X, y=wrap_y(draw, y), categorical_features=categorical_features,
                k_neighbors=draw_k_neighbors(draw, k),
                sampling_strategy=strategy, rs_kind=draw(st.sampled_from(["int", "none", "rs"])),
                seed=draw(st.integers(0, 2**32 - 1)))


@st.composite
def categorical_cases(draw):
    """All-categorical data for SMOTEN: a DataFrame, an object or string array, a list, or numeric codes."""
    k = draw(st.integers(1, 5))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    y, strategy = draw_labels_and_strategy(draw, rng, k)
    n = len(y)
    container = draw(st.sampled_from(["dataframe", "object array", "str array", "list", "int array", "csr"]))
    n_features = draw(st.integers(1, 4))
    if container in ("int array", "csr"):
        X = rng.randint(0, draw(st.integers(1, 5)), size=(n, n_features)).astype(np.int64)
        if container == "csr":
            X = sparse.csr_matrix(X)
    else:
        # A list mixing strings and numbers: numpy (and so imbalanced-learn) turns the numbers into strings, while
        # smote_core keeps them (a documented difference), so generated lists hold strings only.
        kinds = ["str"] if container in ("str array", "list") else CAT_KINDS
        frame = pd.DataFrame({
            f"c{j}": cat_column(rng, n, draw(st.sampled_from(kinds)), draw(st.integers(1, 4)))
            for j in range(n_features)
        })
        if container == "dataframe":
            X = frame
        elif container == "str array":
            X = frame.to_numpy().astype(str)
        else:
            X = frame.to_numpy()
            X = X.tolist() if container == "list" else X
    return dict(X=X, y=wrap_y(draw, y), k_neighbors=draw_k_neighbors(draw, k), sampling_strategy=strategy,
                rs_kind=draw(st.sampled_from(["int", "none", "rs"])), seed=draw(st.integers(0, 2**32 - 1)))


def nc_params(case):
    return {k: v for k, v in case.items() if k not in ("X", "y", "rs_kind", "seed")}


# --------------------------------------------------------------------------------------------------------------
# Parity
# --------------------------------------------------------------------------------------------------------------


@settings(max_examples=250)
@given(case=mixed_cases())
def test_smotenc_parity_on_generated_data(case):
    event(f"X: {type(case['X']).__name__}")
    case = dict(case)
    X, y, rs_kind, seed = case.pop("X"), case.pop("y"), case.pop("rs_kind"), case.pop("seed")
    run_both(SMOTENC, ImbSMOTENC, X, y, rs_kind=rs_kind, seed=seed, **case)


@settings(max_examples=250)
@given(case=categorical_cases())
def test_smoten_parity_on_generated_data(case):
    event(f"X: {type(case['X']).__name__}")
    case = dict(case)
    X, y, rs_kind, seed = case.pop("X"), case.pop("y"), case.pop("rs_kind"), case.pop("seed")
    # scikit-learn's check_array, which imbalanced-learn applies to X, fails on a frame mixing bool columns with
    # category or string ones; smote_core reads those as objects.
    may_fail = isinstance(X, pd.DataFrame) and any(pd.api.types.is_bool_dtype(d) for d in X.dtypes)
    run_both(SMOTEN, ImbSMOTEN, X, y, rs_kind=rs_kind, seed=seed, theirs_may_fail=may_fail, **case)


def app_frame(seed=0, n=90):
    """A fraud-style table: numeric amounts and counts, string, category and boolean columns."""
    rng = np.random.RandomState(seed)
    X = pd.DataFrame({
        "amount": rng.lognormal(3, 1, size=n),
        "channel": rng.choice(["web", "shop", "phone"], size=n, p=[0.6, 0.3, 0.1]),
        "n_items": rng.randint(1, 9, size=n).astype(np.int64),
        "country": pd.Categorical(rng.choice(["DE", "FR", "NL", "BE"], size=n)),
        "score": rng.normal(size=n).astype(np.float32),
        "returning": rng.uniform(size=n) < 0.4,
    })
    y = pd.Series(rng.choice(["ok", "fraud", "review"], size=n, p=[0.7, 0.18, 0.12]), name="status")
    return X, y


STRATEGIES = ["auto", "minority", "not minority", "all", {"fraud": 70, "review": 40}, grow_the_minority_by_half]


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda s: getattr(s, "__name__", repr(s)))
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_smotenc_every_strategy_and_random_state_on_a_frame(strategy, rs_kind):
    X, y = app_frame()
    ours, _, (X_res, _) = run_both(SMOTENC, ImbSMOTENC, X, y, rs_kind=rs_kind, seed=123, k_neighbors=4,
                                   sampling_strategy=strategy, categorical_features=["channel", "country", "returning"])
    assert X_res.dtypes.tolist() == X.dtypes.tolist()
    assert X_res["country"].cat.categories.tolist() == X["country"].cat.categories.tolist()


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda s: getattr(s, "__name__", repr(s)))
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_smoten_every_strategy_and_random_state_on_a_frame(strategy, rs_kind):
    X, y = app_frame()
    run_both(SMOTEN, ImbSMOTEN, X[["channel", "country", "returning", "n_items"]], y, rs_kind=rs_kind, seed=321,
             k_neighbors=4, sampling_strategy=strategy)


def test_imblearn_docstring_examples():
    # imbalanced-learn's own examples: SMOTENC on make_classification with two categorical columns; SMOTEN on one
    # string column.
    from sklearn.datasets import make_classification

    X, y = make_classification(n_classes=2, class_sep=2, weights=[0.1, 0.9], n_informative=3, n_redundant=1,
                               flip_y=0, n_features=20, n_clusters_per_class=1, n_samples=1000, random_state=10)
    X[:, -2:] = np.random.RandomState(10).randint(0, 4, size=(1000, 2))
    _, _, (X_res, y_res) = run_both(SMOTENC, ImbSMOTENC, X, y, seed=42, categorical_features=[18, 19])
    assert Counter(y_res.tolist()) == {0: 900, 1: 900}
    assert set(np.unique(X_res[1000:, -2:])) <= {0.0, 1.0, 2.0, 3.0}

    X = np.array(["A"] * 10 + ["B"] * 20 + ["C"] * 30, dtype=object).reshape(-1, 1)
    y = np.array([0] * 20 + [1] * 40, dtype=np.int32)
    _, _, (X_res, y_res) = run_both(SMOTEN, ImbSMOTEN, X, y, seed=0)
    assert Counter(y_res.tolist()) == {0: 40, 1: 40}


def test_a_random_state_instance_is_consumed_identically():
    # Draws, tie-break shuffles and classes in one stream: the two libraries must leave it in the same state.
    X, y = app_frame(seed=4)
    for ours_cls, theirs_cls, params in [
        (SMOTENC, ImbSMOTENC, {"categorical_features": ["channel", "country", "returning"]}),
        (SMOTEN, ImbSMOTEN, {}),
    ]:
        data = X if ours_cls is SMOTENC else X[["channel", "country"]]
        rs_ours, rs_theirs = np.random.RandomState(9), np.random.RandomState(9)
        a = ours_cls(random_state=rs_ours, k_neighbors=3, sampling_strategy="all", **params).fit_resample(data, y)
        b = theirs_cls(random_state=rs_theirs, k_neighbors=3, sampling_strategy="all", **params).fit_resample(data, y)
        assert_same(a[0], b[0])
        assert rs_ours.randint(2**31) == rs_theirs.randint(2**31)


def test_smotenc_zero_median_std_and_many_ties():
    # Constant continuous features: median std 0, categories drop out of the distance, imbalanced-learn then votes
    # with the plain one-hot codes — and every vote among few values ties often.
    rng = np.random.RandomState(5)
    n = 60
    X = pd.DataFrame({"const": np.full(n, 2.0), "a": rng.choice(["x", "y"], n), "b": rng.choice(["p", "q", "r"], n)})
    y = np.array([0] * 40 + [1] * 20)
    for seed in range(8):
        ours, theirs, _ = run_both(SMOTENC, ImbSMOTENC, X, y, seed=seed, k_neighbors=4, categorical_features=["a", "b"])
        assert ours.median_std_ == theirs.median_std_ == {1: 0.0}


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_smotenc_numeric_array_with_codes_given_in_any_order(dtype):
    rng = np.random.RandomState(6)
    X = rng.normal(size=(70, 5)).astype(dtype)
    X[:, [4, 1]] = rng.randint(0, 4, size=(70, 2))
    y = rng.choice(3, size=70, p=[0.6, 0.25, 0.15])
    ours, theirs, _ = run_both(SMOTENC, ImbSMOTENC, X, y, seed=1, categorical_features=[4, 1], sampling_strategy="all")
    assert ours.categorical_features_.tolist() == [4, 1] == theirs.categorical_features_.tolist()
    assert ours.continuous_features_.tolist() == [0, 2, 3] == theirs.continuous_features_.tolist()


def test_custom_encoders_and_their_category_order():
    X, y = app_frame(seed=7)
    ohe = OneHotEncoder(categories=[["shop", "web", "phone", "fax"], [False, True]], handle_unknown="ignore",
                        sparse_output=False)
    run_both(SMOTENC, ImbSMOTENC, X[["amount", "channel", "returning"]], y, seed=3, categorical_encoder=ohe,
             categorical_features=["channel", "returning"])
    ordinal = OrdinalEncoder(categories=[["web", "shop", "phone", "fax"], ["NL", "FR", "DE", "BE"]])
    ours, _, _ = run_both(SMOTEN, ImbSMOTEN, X[["channel", "country"]], y, seed=3, categorical_encoder=ordinal)
    assert ours.categorical_encoder is ordinal and not hasattr(ordinal, "categories_")  # cloned, not fitted


def test_smoten_large_classes_take_scipys_row_by_row_path():
    # distance_matrix switches to a row-by-row loop above 1e6 entries; the distances must still be the same bits.
    rng = np.random.RandomState(8)
    X = np.column_stack([rng.choice(list("abcde"), 1300), rng.choice(list("xyz"), 1300)]).astype(object)
    y = np.array([0] * 700 + [1] * 600)
    run_both(SMOTEN, ImbSMOTEN, X, y, seed=0, k_neighbors=3)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_sparse_input(fmt):
    rng = np.random.RandomState(9)
    X = rng.normal(size=(60, 4))
    X[:, 2] = rng.randint(0, 3, size=60)
    X[rng.uniform(size=X.shape) < 0.3] = 0
    y = np.array([0] * 42 + [1] * 18)
    Xs = getattr(sparse, f"{fmt}_matrix")(X)
    a = SMOTENC([2], random_state=0).fit_resample(Xs, y)[0]
    b = ImbSMOTENC(categorical_features=[2], random_state=0).fit_resample(Xs, y)[0]
    assert a.format == fmt  # imbalanced-learn gives CSR for CSC: a documented difference
    assert np.array_equal(a.toarray(), b.toarray())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        b = ImbSMOTEN(random_state=0).fit_resample(getattr(sparse, f"{fmt}_matrix")(X[:, [2]]), y)[0]
    a = SMOTEN(random_state=0).fit_resample(getattr(sparse, f"{fmt}_matrix")(X[:, [2]]), y)[0]
    assert_same(a, b)


def test_value_difference_distances_are_imblearns_bits():
    rng = np.random.RandomState(10)
    codes = np.column_stack([rng.randint(0, 4, 80), rng.randint(0, 2, 80), rng.randint(0, 7, 80)])
    y = rng.choice(["a", "b", "c"], size=80)
    sizes = [4, 2, 7]
    probas = class_probabilities(codes, y, sizes)
    vdm = ValueDifferenceMetric(n_categories=sizes).fit(codes.astype(np.int32), y)
    for mine, theirs in zip(probas, vdm.proba_per_class_):
        assert np.array_equal(mine, theirs)
    members = np.flatnonzero(y == "b")
    assert np.array_equal(value_difference_distances(codes[members], probas),
                          vdm.pairwise(codes[members].astype(np.int32)))


# --------------------------------------------------------------------------------------------------------------
# Provenance and properties
# --------------------------------------------------------------------------------------------------------------


def as_frame(X):
    if isinstance(X, pd.DataFrame):
        return X.reset_index(drop=True)
    if sparse.issparse(X):
        X = X.toarray()
    return pd.DataFrame(np.asarray(X, dtype=object) if isinstance(X, list) else X)


def expected_continuous(X_cont: np.ndarray, prov) -> np.ndarray:
    """The documented formula, row by row: float data differenced in its own dtype, combined in float64."""
    p, q, g = prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), prov["gap"].to_numpy()[:, None]
    return (X_cont[p].astype(np.float64) + g * (X_cont[q] - X_cont[p])).astype(X_cont.dtype)


def most_frequent(values) -> set:
    counts = Counter(values)
    top = max(counts.values())
    return {v for v, c in counts.items() if c == top}


def check_counts(y, y_res, strategy):
    """Class counts after resampling, worked out from the strategy's documented meaning."""
    before = Counter(np.asarray(y).tolist())
    labels = sorted(before)
    n_max = max(before.values())
    minority = min(labels, key=lambda c: before[c])  # the first smallest in sorted order
    if callable(strategy):
        strategy = strategy(np.asarray(y))
    if isinstance(strategy, dict):
        expected = {c: strategy.get(c, before[c]) for c in labels}
    elif isinstance(strategy, float):
        expected = {c: int(n_max * strategy) if c == minority else before[c] for c in labels}
    elif strategy == "minority":
        expected = {c: n_max if c == minority else before[c] for c in labels}
    elif strategy == "not minority":
        expected = {c: before[c] if c == minority else n_max for c in labels}
    else:  # "auto", "not majority", "all": everyone as large as the majority
        expected = {c: n_max for c in labels}
    assert Counter(np.asarray(y_res).tolist()) == expected


@settings(max_examples=100)
@given(case=mixed_cases(containers=("dataframe", "object array")))
def test_smotenc_provenance_explains_every_synthetic_row(case):
    sm = SMOTENC(**nc_params(case), random_state=case["seed"])
    X_res, y_res = sm.fit_resample(case["X"], case["y"])
    X, Xr = as_frame(case["X"]), as_frame(X_res)
    n, prov = len(X), sm.provenance_
    check_counts(case["y"], y_res, case["sampling_strategy"])
    assert list(prov.columns) == ["parent", "neighbor", "gap", "class", "voters"]
    assert len(prov) == len(Xr) - n
    assert Xr.iloc[:n].equals(X)
    y_arr = np.asarray(case["y"])
    assert np.array_equal(prov["class"].to_numpy(), np.asarray(y_res)[n:])
    assert (y_arr[prov["parent"]] == prov["class"].to_numpy()).all()
    assert ((0 <= prov["gap"]) & (prov["gap"] < 1)).all()

    cat, cont = sm.categorical_features_, sm.continuous_features_
    # Continuous: the interpolation formula, bit for bit, in the dtype scikit-learn's check_array gives them.
    X_cont = check_array(X.iloc[:, cont], dtype="numeric")
    expected = expected_continuous(X_cont, prov)
    if isinstance(case["X"], pd.DataFrame):  # each column then goes back to its own dtype
        expected = pd.DataFrame(expected).astype(dict(enumerate(X.dtypes.iloc[cont]))).to_numpy(dtype=X_cont.dtype)
    assert np.array_equal(Xr.iloc[n:, cont].to_numpy(dtype=X_cont.dtype), expected)

    # Categorical: the k voters are the parent's neighbours, and each value is among their most frequent.
    classes = prov["class"].to_numpy()
    for i, (parent, neighbor, voters) in enumerate(zip(prov["parent"], prov["neighbor"], prov["voters"])):
        members = np.flatnonzero(y_arr == classes[i])
        assert voters == sm.nn_indices_[classes[i]][np.searchsorted(members, parent)].tolist()
        assert len(voters) == sm.k_ and neighbor in voters
        for j in cat:
            assert Xr.iat[n + i, j] in most_frequent(X.iloc[voters, j].tolist())


@settings(max_examples=100)
@given(case=categorical_cases())
def test_smoten_provenance_explains_every_synthetic_row(case):
    sm = SMOTEN(k_neighbors=case["k_neighbors"], sampling_strategy=case["sampling_strategy"], random_state=case["seed"])
    X_res, y_res = sm.fit_resample(case["X"], case["y"])
    X, Xr = as_frame(case["X"]), as_frame(X_res)
    n, prov = len(X), sm.provenance_
    check_counts(case["y"], y_res, case["sampling_strategy"])
    assert len(prov) == len(Xr) - n and Xr.iloc[:n].equals(X)
    assert (prov["neighbor"] == -1).all() and prov["gap"].isna().all()
    assert sm.categorical_features_.tolist() == list(range(X.shape[1]))
    y_arr = np.asarray(case["y"])
    classes = prov["class"].to_numpy()
    for i, (parent, voters) in enumerate(zip(prov["parent"], prov["voters"])):
        members = np.flatnonzero(y_arr == classes[i])
        assert y_arr[parent] == classes[i]
        assert voters == sm.nn_indices_[classes[i]][np.searchsorted(members, parent)].tolist()
        assert len(voters) == sm.k_ + 1 and (y_arr[voters] == classes[i]).all()
        for j in range(X.shape[1]):
            top = most_frequent(X.iloc[voters, j].tolist())
            # the most frequent value; on ties the first in sorted order (the default encoder's order)
            assert Xr.iat[n + i, j] == sorted(top)[0]


def test_smotenc_neighbours_are_nearest_in_the_documented_space():
    # Worked out independently with dense numpy: continuous features as they are, each category's one-hot entry
    # median_std / √2, median_std the median of the class's (population) standard deviations.
    X, y = app_frame(seed=15)
    cat = ["channel", "country", "returning"]
    sm = SMOTENC(cat, k_neighbors=4, random_state=0, sampling_strategy="all")
    sm.fit_resample(X, y)
    cont = X.drop(columns=cat).to_numpy(dtype=np.float64)
    one_hot = pd.get_dummies(X[cat].astype(str)).to_numpy(dtype=np.float64)
    for c, nn in sm.nn_indices_.items():
        members = np.flatnonzero(y.to_numpy() == c)
        median_std = np.median(cont[members].std(axis=0))
        assert np.isclose(sm.median_std_[c], median_std, rtol=1e-6)
        space = np.hstack([cont[members], one_hot[members] * median_std / np.sqrt(2)])
        d = np.sqrt(((space[:, None, :] - space[None, :, :]) ** 2).sum(axis=2))
        pos = {m: i for i, m in enumerate(members)}
        for i, row in enumerate(nn):
            chosen = d[i, [pos[m] for m in row]]
            others = np.delete(d[i], [i] + [pos[m] for m in row])
            assert (np.diff(chosen) >= -1e-9).all()
            assert others.size == 0 or chosen.max() <= others.min() + 1e-9


def test_smoten_neighbours_are_nearest_by_the_value_difference_metric():
    # The VDM worked out from its definition, with pandas crosstabs and plain loops.
    X, y = app_frame(seed=16)
    X = X[["channel", "country", "returning"]].astype(str)
    sm = SMOTEN(k_neighbors=3, random_state=0, sampling_strategy="all")
    sm.fit_resample(X, y)
    share = {f: pd.crosstab(X[f], y, normalize="index") for f in X.columns}

    def vdm(a, b):
        return sum(float(np.abs(share[f].loc[X[f].iat[a]] - share[f].loc[X[f].iat[b]]).sum()) ** 2 for f in X.columns)

    for c, nn in sm.nn_indices_.items():
        members = np.flatnonzero(y.to_numpy() == c)
        for i, m in enumerate(members[:25]):
            d = {o: vdm(m, o) for o in members}
            chosen = [d[o] for o in nn[i]]
            rest = [d[o] for o in members if o not in set(nn[i])]
            assert chosen[0] == pytest.approx(0, abs=1e-12)
            assert all(a <= b + 1e-9 for a, b in zip(chosen, chosen[1:]))
            assert max(chosen) <= min(rest) + 1e-9


def test_smoten_first_voter_is_at_distance_zero():
    X, y = app_frame(seed=11)
    X = X[["channel", "country"]]
    sm = SMOTEN(random_state=0, k_neighbors=4)
    sm.fit_resample(X, y)
    codes = sm.categorical_encoder_.transform(X.to_numpy())
    sizes = [len(c) for c in sm.categorical_encoder_.categories_]
    probas = class_probabilities(codes.astype(np.int64), y.to_numpy(), sizes)
    for row in sm.provenance_.itertuples():
        d = value_difference_distances(codes[[row.parent, row.voters[0]]].astype(np.int64), probas)
        assert d[0, 1] == 0.0


def test_smotenc_ties_are_broken_at_random_and_each_tied_value_occurs():
    # Two constant features make the median std 0, so categories play no part in the distance and two voters
    # often disagree: across many such ties both values must be chosen.
    rng = np.random.RandomState(12)
    X = pd.DataFrame({"g": np.zeros(60), "h": np.ones(60), "f": rng.normal(size=60), "c": np.tile(["a", "b"], 30)})
    y = np.array([0] * 40 + [1] * 20)
    sm = SMOTENC(["c"], k_neighbors=2, random_state=0, sampling_strategy={1: 200})
    X_res, _ = sm.fit_resample(X, y)
    tied = [i for i, v in enumerate(sm.provenance_["voters"]) if len(set(X["c"].iloc[v])) == 2]
    chosen = X_res["c"].iloc[60:].to_numpy()[tied]
    assert sm.median_std_[1] == 0
    assert len(tied) > 20 and set(chosen) == {"a", "b"}


@pytest.mark.parametrize("seed", range(4))
def test_integer_continuous_features_keep_the_vote_honest(seed):
    # All continuous features integer with a small spread: imbalanced-learn truncates median_std/√2 to 0 and draws
    # categories no voter has. Here the vote holds and the integer columns stay integer.
    rng = np.random.RandomState(seed)
    n = 80
    X = pd.DataFrame({"kids": rng.randint(0, 3, n), "rooms": rng.randint(1, 4, n).astype(np.int32),
                      "city": rng.choice(["a", "b", "c", "d", "e"], n)})
    y = np.array([0] * 60 + [1] * 20)
    sm = SMOTENC(["city"], k_neighbors=3, random_state=seed)
    X_res, _ = sm.fit_resample(X, y)
    assert X_res.dtypes.tolist() == X.dtypes.tolist()
    assert 0 < sm.median_std_[1] < np.sqrt(2)  # where imbalanced-learn's encoding would be 0
    for i, row in enumerate(sm.provenance_.itertuples()):
        assert X_res["city"].iat[80 + i] in most_frequent(X["city"].iloc[row.voters].tolist())
        for col in ("kids", "rooms"):
            a, b = X[col].iat[row.parent], X[col].iat[row.neighbor]
            assert X_res[col].iat[80 + i] == np.trunc(a + row.gap * (b - a))


def test_boolean_continuous_features_come_back_float():
    rng = np.random.RandomState(13)
    X = pd.DataFrame({"flag": rng.uniform(size=50) < 0.5, "x": rng.normal(size=50), "c": rng.choice(["u", "v"], 50)})
    y = np.array([0] * 35 + [1] * 15)
    X_res, _ = SMOTENC(["c"], random_state=0).fit_resample(X, y)
    assert X_res["flag"].dtype == np.float64 and X_res["c"].dtype == X["c"].dtype
    assert X_res["flag"].between(0, 1).all() and X_res["flag"].iloc[:50].eq(X["flag"].astype(float)).all()


def test_auto_takes_category_string_object_and_bool_columns():
    X, y = app_frame()
    X = X.assign(note=X["channel"].astype(object))
    sm = SMOTENC("auto", random_state=0).fit(X, y)
    assert [X.columns[j] for j in sm.categorical_features_] == ["channel", "country", "returning", "note"]
    assert [X.columns[j] for j in sm.continuous_features_] == ["amount", "n_items", "score"]
    assert SMOTENC("infer").fit(X, y).categorical_features_.tolist() == sm.categorical_features_.tolist()
    X_res, _ = sm.fit_resample(X, y)
    assert X_res.dtypes.equals(X.dtypes)


def test_numpy_bool_mask_and_single_name():
    X, y = app_frame()
    X = X.drop(columns="returning")
    mask = np.array([c in ("channel", "country") for c in X.columns])
    a = SMOTENC(mask, random_state=1).fit_resample(X, y)[0]
    b = SMOTENC(["channel", "country"], random_state=1).fit_resample(X, y)[0]
    assert_same(a, b)
    assert SMOTENC("channel").fit(X, y).categorical_features_.tolist() == [1]


def test_list_in_list_out_and_mixed_list_rows():
    rng = np.random.RandomState(14)
    rows = [[float(rng.normal()), str(rng.choice(["a", "b"])), int(rng.randint(3))] for _ in range(40)]
    y = [0] * 28 + [1] * 12
    X_res, y_res = SMOTENC([1, 2], random_state=0).fit_resample(rows, y)
    assert isinstance(X_res, list) and isinstance(y_res, list) and len(X_res) == 56
    assert X_res[:40] == rows
    assert all(isinstance(r[1], str) and r[2] in (0, 1, 2) for r in X_res[40:])


def test_fit_clone_params_and_no_new_rows():
    X, y = app_frame()
    sm = SMOTENC(["channel", "country", "returning"], k_neighbors=3, random_state=0)
    assert sm.fit(X, y) is sm and not hasattr(sm, "provenance_")
    assert sm.n_features_in_ == 6 and list(sm.feature_names_in_) == list(X.columns)
    params = clone(sm).get_params()
    assert params["categorical_features"] == ["channel", "country", "returning"] and params["k_neighbors"] == 3
    assert set(SMOTEN().get_params()) == {"categorical_encoder", "sampling_strategy", "random_state", "k_neighbors"}
    counts = y.value_counts().to_dict()
    for sampler, data in [(sm, X), (SMOTEN(), X[["channel"]])]:
        X_res, y_res = sampler.set_params(sampling_strategy=counts).fit_resample(data, y)
        assert X_res.equals(data) and y_res.equals(y)
        assert len(sampler.provenance_) == 0
        assert list(sampler.provenance_.columns) == ["parent", "neighbor", "gap", "class", "voters"]


def test_same_seed_same_rows_other_seed_other_rows():
    X, y = app_frame()
    for make in (
        lambda seed: SMOTENC(["channel", "country", "returning"], random_state=seed).fit_resample(X, y)[0],
        lambda seed: SMOTEN(random_state=seed).fit_resample(X[["channel", "country"]], y)[0],
    ):
        assert make(5).equals(make(5)) and not make(5).equals(make(6))


# --------------------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------------------

RNG = np.random.RandomState(0)
XE = pd.DataFrame({"f": RNG.normal(size=30), "s": RNG.choice(["p", "q"], 30),
                   "o": RNG.choice(["a", "b"], 30).astype(object)})
YE = np.array([0] * 20 + [1] * 10)


def error_of(sampler, X, y=YE) -> str:
    with pytest.raises(SmoteError) as info:
        sampler.fit_resample(X, y)
    assert isinstance(info.value, ValueError)
    return str(info.value)


@pytest.mark.parametrize(
    "sampler, X, parts",
    [
        (SMOTENC([]), XE, ["no column", "use SMOTE"]),
        (SMOTENC("auto"), XE[["f"]], ["no column", "use SMOTE", "'auto' found none"]),
        (SMOTENC(["f", "s", "o"]), XE, ["every feature is categorical", "use SMOTEN"]),
        (SMOTENC([True, True, True]), XE, ["every feature is categorical", "use SMOTEN"]),
        (SMOTENC(["zz", "s"]), XE, ["'zz'", "not in X", "'f', 's', 'o'"]),
        (SMOTENC(["s"]), XE.to_numpy(), ["no column names", "positions"]),
        (SMOTENC("auto"), XE.to_numpy(), ["DataFrame", "positions"]),
        (SMOTENC(["s"]), XE, ["'o'", "non-numeric", "add these to categorical_features"]),
        (SMOTENC([5]), XE, ["5", "outside", "0 to 2"]),
        (SMOTENC([1, 1, 2]), XE, ["'s'", "more than once"]),
        (SMOTENC([True, False]), XE, ["boolean mask of length 2", "3 columns"]),
        (SMOTENC(["s", 1]), XE, ["mixes kinds"]),
        (SMOTENC(["s", "o"], k_neighbors=10), XE, ["class 1 has 10 samples", "k_neighbors ≤ 9"]),
        (SMOTENC(["s", "o"], k_neighbors=0), XE, ["k_neighbors=0", "at least 1"]),
        (SMOTENC(["s", "o"], sampling_strategy="bogus"), XE, ["'bogus'", "not known"]),
        (SMOTENC(["s", "o"], random_state=-1), XE, ["random_state=-1", "out of range"]),
        (SMOTENC(["s", "o"]), XE.assign(f=np.where(np.arange(30) == 3, np.nan, XE.f)), ["missing", "'f'", "1 row"]),
        (SMOTENC(["s", "o"]), XE.assign(s=XE.s.where(np.arange(30) % 10 != 0)), ["missing", "'s'", "3 rows",
                                                                                 "'missing'"]),
        (SMOTENC(["s", "o"]), XE.assign(f=np.inf), ["infinite", "'f'"]),
        (SMOTENC(["s"], categorical_encoder="x"), XE[["f", "s"]], ["fit_transform", "OneHotEncoder"]),
        (SMOTENC(["s"], categorical_encoder=OneHotEncoder(drop="first")), XE[["f", "s"]],
         ["1 columns for 2 categories", "drop"]),
        (SMOTENC(["s"], categorical_encoder=OneHotEncoder(categories=[["p"]], handle_unknown="ignore")),
         XE[["f", "s"]], ["exactly one column"]),
        (SMOTENC(["o"]), XE[["f", "o"]].assign(o=[1, "a"] * 15), ["'o'", "mix strings and numbers", "astype(str)"]),
        (SMOTEN(), XE[["s", "o"]].assign(o=[1, "a"] * 15), ["'o'", "mix strings and numbers"]),
        (SMOTEN(k_neighbors=10), XE[["s", "o"]], ["class 1 has 10 samples", "k_neighbors ≤ 9"]),
        (SMOTEN(), XE[["s"]].assign(s=XE.s.astype(object).where(np.arange(30) != 7, None)), ["missing", "'s'"]),
        (SMOTEN(categorical_encoder=OneHotEncoder()), XE[["s", "o"]], ["OrdinalEncoder"]),
        (SMOTEN(), np.array(["a", "b"]), ["2-D", "reshape(-1, 1)"]),
        (SMOTEN(), XE.iloc[:, []], ["no feature columns"]),
        (SMOTEN(), XE.rename(columns={"o": "s"}), ["duplicate column names", "'s'"]),
    ],
)
def test_errors_say_what_to_do(sampler, X, parts):
    msg = error_of(sampler, X)
    for part in parts:
        assert part in msg, f"{part!r} not in {msg!r}"


def test_tiny_classes():
    X = XE[["f", "s"]].iloc[:21]
    y = np.array([0] * 20 + [1])
    assert "1 sample" in error_of(SMOTENC(["s"], k_neighbors=1), X, y)
    msg = error_of(SMOTEN(k_neighbors=1), X[["s"]], y)
    assert "1 sample" in msg and "leave it out of sampling_strategy" in msg
    # a tiny class that is not resampled is fine
    SMOTEN(k_neighbors=1, sampling_strategy="not minority").fit_resample(X[["s"]], np.array([0] * 17 + [1] * 3 + [2]))


def test_labels_are_checked_as_for_smote():
    assert "only one class" in error_of(SMOTEN(), XE[["s"]], np.zeros(30))
    assert "30 rows but y has 29" in error_of(SMOTENC(["s"]), XE[["f", "s"]], YE[:29])
