"""ADASYN and KMeansSMOTE against imbalanced-learn 0.14, their provenance, and their errors.

ADASYN must be bit-identical to ``imblearn.over_sampling.ADASYN`` (including its rounded totals). KMeansSMOTE must be
bit-identical to ``imblearn.over_sampling.KMeansSMOTE`` whenever that makes the number of rows asked for; when
imbalanced-learn over-generates (per-cluster counts rounded up), ours must be imbalanced-learn's output with exactly
the surplus rows left out: at most the last row of a cluster's block, from the clusters rounded up the most.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import ADASYN as ImbADASYN
from imblearn.over_sampling import KMeansSMOTE as ImbKMeansSMOTE
from scipy import sparse
from sklearn.base import clone
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import load_breast_cancer, load_wine, make_classification
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._testing import assert_allclose
from threadpoolctl import threadpool_limits

from parity import assert_same
from smote_core import SMOTE, SmoteError, interpolate
from smote_core.samplers.adasyn import ADASYN
from smote_core.samplers.kmeans import KMeansSMOTE, _cluster_weights, _trim_to_total

# k-means on data with fewer distinct points than clusters warns (in both libraries); that is not under test here.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """k-means on these tiny datasets is fastest on one thread, and a busy machine's cores are not wasted spinning."""
    with threadpool_limits(limits=1):
        yield

# imbalanced-learn's reference fixture (imblearn/over_sampling/tests/test_adasyn.py and
# _smote/tests/test_kmeans_smote.py, 0.14.2, RND_SEED = 0); expected rows printed to 8 decimals there.
REF_X = np.array([
    [0.11622591, -0.0317206], [0.77481731, 0.60935141], [1.25192108, -0.22367336], [0.53366841, -0.30312976],
    [1.52091956, -0.49283504], [-0.28162401, -2.10400981], [0.83680821, 1.72827342], [0.3084254, 0.33299982],
    [0.70472253, -0.73309052], [0.28893132, -0.38761769], [1.15514042, 0.0129463], [0.88407872, 0.35454207],
    [1.31301027, -0.92648734], [-1.11515198, -0.93689695], [-0.18410027, -0.45194484], [0.9281014, 0.53085498],
    [-0.14374509, 0.27370049], [-0.41635887, -0.38299653], [0.08711622, 0.93259929], [1.70580611, -0.11219234],
])
REF_Y = np.array([0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 0])
REF_ADASYN_NEW = np.array([
    [0.88161986, -0.2829741], [0.35681689, -0.18814597], [1.4148276, 0.05308106], [0.3136591, -0.31327875],
])


# ==============================================================================================================
# Helpers
# ==============================================================================================================


def as_array(X):
    if sparse.issparse(X):
        return X.toarray()
    if isinstance(X, pd.DataFrame):
        return X.to_numpy()
    return np.asarray(X)


def take_rows(X, rows):
    """Rows ``rows`` of any container, as fit_resample would have returned them (fresh RangeIndex for frames)."""
    if isinstance(X, (pd.DataFrame, pd.Series)):
        return X.iloc[rows].reset_index(drop=True)
    if isinstance(X, list):
        return [X[i] for i in rows]
    if sparse.issparse(X):
        return X[rows]
    return X[rows]


def random_states(rs_kind, seed):
    """Two equivalent random_state values, one per library (for "none", np.random is seeded right before use)."""
    if rs_kind == "int":
        return lambda: seed
    if rs_kind == "rs":
        return lambda: np.random.RandomState(seed)

    def seeded_global():
        np.random.seed(seed)

    return seeded_global


def fit_both(ours, theirs, X, y, rs_kind, seed):
    """fit_resample with both, each with its own equivalent random_state. Returns (ours, theirs): each the
    ``(X_res, y_res)`` or the exception raised (SmoteError for ours; RuntimeError or ValueError for theirs)."""
    make_rs = random_states(rs_kind, seed)
    results = []
    for sampler, errors in ((ours, SmoteError), (theirs, (RuntimeError, ValueError))):
        sampler.set_params(random_state=make_rs())
        try:
            results.append(sampler.fit_resample(X, y))
        except errors as exc:
            results.append(exc)
    return tuple(results)


def assert_provenance_explains_rows(sampler, X, y, X_res, y_res):
    """Every synthetic row is X[parent] + gap·(X[neighbor] − X[parent]), parent and neighbour of its class."""
    X_arr = as_array(X)
    y_arr = np.asarray(y)
    n = len(y_arr)
    prov = sampler.provenance_
    assert len(as_array(X_res)) == n + len(prov)
    parents, neighbors = prov["parent"].to_numpy(), prov["neighbor"].to_numpy()
    gaps = prov["gap"].to_numpy()
    assert np.all((gaps >= 0) & (gaps < 1))
    classes = prov["class"].to_numpy()
    assert np.array_equal(y_arr[parents], classes) and np.array_equal(y_arr[neighbors], classes)
    assert np.array_equal(np.asarray(y_res)[n:], y_arr[parents])
    X_in = X if sparse.issparse(X) else (X.to_numpy() if isinstance(X, pd.DataFrame) else np.asarray(X))
    if isinstance(X, pd.DataFrame) and len(set(X.dtypes)) > 1:
        # Mixed column dtypes: each column is computed in the common dtype, then cast back to its own.
        expected = pd.DataFrame(interpolate(X_in, parents, neighbors, gaps), columns=X.columns).astype(X.dtypes)
        assert expected.equals(X_res.iloc[n:].reset_index(drop=True))
    else:
        expected = interpolate(X_in, parents, neighbors, gaps)
        assert np.array_equal(as_array(X_res)[n:], as_array(expected))
    # the originals come first, untouched
    assert np.array_equal(as_array(X_res)[:n], X_arr)


def final_counts(y_res):
    labels, counts = np.unique(np.asarray(y_res), return_counts=True)
    return dict(zip(labels.tolist(), counts.tolist()))


def grow_the_minority_by_half(y):
    labels, counts = np.unique(y, return_counts=True)
    i = int(np.argmin(counts))
    return {labels[i]: int(counts[i] + counts[i] // 2 + 1)}


# ==============================================================================================================
# Generated datasets
# ==============================================================================================================

LABEL_SETS = {"int": [0, 1, 2, 3], "sparse-int": [7, -3, 42, 0], "str": ["fraud", "ok", "review", "a"]}


def feature_values(rng, centers_of_rows, values, dtype):
    """Rows around their centers: continuous, small integers (distance ties) or from a tiny pool (duplicates)."""
    n, n_features = centers_of_rows.shape
    if values == "normal":
        raw = centers_of_rows + rng.normal(size=(n, n_features))
    elif values == "small_int":
        raw = np.round(centers_of_rows / 3) + rng.randint(0, 3, size=(n, n_features))
    else:  # "duplicates": every row is one of 4 points near its center
        offsets = rng.randint(-2, 3, size=(4, n_features)) + rng.normal(size=(4, n_features))
        raw = centers_of_rows + offsets[rng.randint(0, 4, size=n)]
    if np.dtype(dtype).kind in "iu":
        raw = np.round(raw)
    return raw.astype(dtype)


@st.composite
def datasets(draw, *, min_size, max_size, spread):
    """A dataset, its containers and a sampling_strategy. Each class lies around two random centers ``spread``
    apart on average, so classes overlap more or less."""
    n_classes = draw(st.integers(2, 3))
    sizes = draw(st.lists(st.integers(min_size, max_size), min_size=n_classes, max_size=n_classes))
    n_features = draw(st.integers(1, 3))
    values = draw(st.sampled_from(["normal", "normal", "small_int", "duplicates"]))
    container = draw(st.sampled_from(["ndarray", "ndarray", "list", "dataframe", "csr", "csc"]))
    rng = np.random.RandomState(draw(st.integers(0, 2**32 - 1)))
    labels = LABEL_SETS[draw(st.sampled_from(sorted(LABEL_SETS)))][:n_classes]
    codes = np.repeat(np.arange(n_classes), sizes)[rng.permutation(sum(sizes))]
    y = np.array(labels)[codes]
    centers = rng.normal(scale=spread, size=(n_classes, 2, n_features))
    row_centers = centers[codes, rng.randint(0, 2, size=len(codes))]

    if container == "dataframe":
        col_dtypes = draw(st.lists(st.sampled_from([np.float64, np.float32, np.int64]),
                                   min_size=n_features, max_size=n_features))
        X = pd.DataFrame({f"f{j}": feature_values(rng, row_centers[:, [j]], values, dt)[:, 0]
                          for j, dt in enumerate(col_dtypes)})
    else:
        sparse_x = container in ("csr", "csc")
        dtype = draw(st.sampled_from([np.float64, np.float32, np.int64] + ([] if sparse_x else [np.int32])))
        X = feature_values(rng, row_centers, values, dtype)
        if sparse_x:
            X[rng.uniform(size=X.shape) < 0.3] = 0
            X = getattr(sparse, f"{container}_matrix")(X)
        elif container == "list":
            X = X.tolist()

    y_container = draw(st.sampled_from(["ndarray", "list", "series"]))
    y = y.tolist() if y_container == "list" else (pd.Series(y, name="target") if y_container == "series" else y)

    counts = dict(zip(*np.unique(np.asarray(y), return_counts=True)))
    form = draw(st.sampled_from(["str", "dict", "callable"] + (["float"] if n_classes == 2 else [])))
    if form == "str":
        strategy = draw(st.sampled_from(["auto", "minority", "not minority", "all"]))
    elif form == "dict":
        chosen = draw(st.lists(st.sampled_from(sorted(counts)), min_size=1, unique=True))
        strategy = {c: int(counts[c]) + draw(st.integers(0, 25)) for c in chosen}
    elif form == "callable":
        strategy = grow_the_minority_by_half
    else:
        n_min, n_maj = min(counts.values()), max(counts.values())
        strategy = min(1.0, n_min / n_maj + draw(st.floats(0.05, 1.0)) * (1 - n_min / n_maj))
    return dict(X=X, y=y, sampling_strategy=strategy, rs_kind=draw(st.sampled_from(["int", "none", "rs"])),
                seed=draw(st.integers(0, 2**32 - 1)))


# ==============================================================================================================
# ADASYN
# ==============================================================================================================


@pytest.mark.parametrize("n_neighbors", [5, NearestNeighbors(n_neighbors=6)], ids=["int", "estimator"])
def test_adasyn_imblearn_reference_fixture(n_neighbors):
    ada = ADASYN(random_state=0, n_neighbors=n_neighbors)
    X_res, y_res = ada.fit_resample(REF_X, REF_Y)
    assert_allclose(X_res[20:], REF_ADASYN_NEW, rtol=1e-4)
    assert np.array_equal(y_res, np.r_[REF_Y, [0, 0, 0, 0]])
    X_imb, y_imb = ImbADASYN(random_state=0, n_neighbors=n_neighbors).fit_resample(REF_X, REF_Y)
    assert_same(X_res, X_imb)
    assert_same(y_res, y_imb)
    assert ada.nn_.n_neighbors == 6 and ada.k_ == 5


@settings(max_examples=300)
@given(case=datasets(min_size=6, max_size=22, spread=1.5), k=st.integers(1, 5), k_form=st.sampled_from(["int", "nn"]))
def test_adasyn_bit_identical_on_generated_datasets(case, k, k_form):
    n_neighbors = k if k_form == "int" else NearestNeighbors(n_neighbors=k + 1)
    ours, theirs = ADASYN(n_neighbors=n_neighbors), ImbADASYN(n_neighbors=clone(n_neighbors) if k_form == "nn" else k)
    ours.set_params(sampling_strategy=case["sampling_strategy"])
    theirs.set_params(sampling_strategy=case["sampling_strategy"])
    ours_res, theirs_res = fit_both(ours, theirs, case["X"], case["y"], case["rs_kind"], case["seed"])
    if isinstance(ours_res, SmoteError):
        # ADASYN's own refusals, or a float ratio that adds nothing: imbalanced-learn must refuse them too.
        event("refused by both")
        assert "ADASYN" in str(ours_res) or isinstance(case["sampling_strategy"], float), ours_res
        assert isinstance(theirs_res, Exception), "imbalanced-learn accepted what we refused"
        return
    assert not isinstance(theirs_res, Exception), theirs_res
    (X_ours, y_ours), (X_theirs, y_theirs) = ours_res, theirs_res
    assert_same(X_ours, X_theirs)
    assert_same(y_ours, y_theirs)
    assert_provenance_explains_rows(ours, case["X"], case["y"], X_ours, y_ours)
    made = {c: int(v.sum()) for c, v in ours.n_generated_per_sample_.items()}
    assert made == dict(final_counts(ours.provenance_["class"]))
    if made != {c: n for c, n in ours.sampling_strategy_.items() if n}:
        event("ADASYN total differs from the request (as in imbalanced-learn)")


def adasyn_data(seed=0, n=160, classes=3, dtype=np.float64):
    weights = [0.6, 0.3, 0.1][:classes] if classes == 3 else [0.8, 0.2]
    X, y = make_classification(n_samples=n, n_features=4, n_informative=3, n_redundant=0, n_classes=classes,
                               weights=weights, class_sep=0.8, flip_y=0.02, random_state=seed)
    return X.astype(dtype), y


@pytest.mark.parametrize("strategy", ["auto", "all", "minority", "not minority", {1: 70, 2: 60},
                                      grow_the_minority_by_half])
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_adasyn_every_strategy_and_random_state_kind(strategy, rs_kind):
    X, y = adasyn_data(seed=1)
    ours = ADASYN(sampling_strategy=strategy, n_neighbors=4)
    theirs = ImbADASYN(sampling_strategy=strategy, n_neighbors=4)
    (X_o, y_o), (X_t, y_t) = fit_both(ours, theirs, X, y, rs_kind, seed=77)
    assert_same(X_o, X_t)
    assert_same(y_o, y_t)


def test_adasyn_one_random_state_for_all_classes():
    # imbalanced-learn makes one generator for the whole call: with an int seed the classes do NOT restart it
    # (unlike SMOTE), and a shared RandomState is left in the same state by both.
    X, y = adasyn_data(seed=2)
    rs_ours, rs_theirs = np.random.RandomState(9), np.random.RandomState(9)
    assert_same(ADASYN(random_state=rs_ours).fit_resample(X, y)[0],
                ImbADASYN(random_state=rs_theirs).fit_resample(X, y)[0])
    assert rs_ours.randint(2**31) == rs_theirs.randint(2**31)
    # The draw sequence, rebuilt by hand from one RandomState(3): per class, the neighbour choices, then the gaps.
    ada = ADASYN(random_state=3, sampling_strategy="all", n_neighbors=5)
    ada.fit_resample(X, y)
    rs = np.random.RandomState(3)
    assert list(ada.n_generated_per_sample_) == [1, 2]
    for c, counts in ada.n_generated_per_sample_.items():
        block = ada.provenance_[ada.provenance_["class"] == c]
        cols = rs.choice(5, size=counts.sum())
        assert np.array_equal(block["gap"].to_numpy(), rs.uniform(size=counts.sum()))
        nn_of = dict(zip(np.flatnonzero(y == c), ada.nn_indices_[c]))
        assert np.array_equal(block["neighbor"].to_numpy(),
                              [nn_of[p][j] for p, j in zip(block["parent"], cols)])


@pytest.mark.parametrize("as_frame", [False, True])
def test_adasyn_real_datasets_with_string_labels(as_frame):
    X, y = load_breast_cancer(return_X_y=True, as_frame=as_frame)
    y = (y.map({0: "malignant", 1: "benign"}).rename("diagnosis") if as_frame
         else np.array(["malignant", "benign"], dtype=object)[y])
    for seed in (0, 1):
        ours = ADASYN(random_state=seed, n_neighbors=7).fit_resample(X, y)
        theirs = ImbADASYN(random_state=seed, n_neighbors=7).fit_resample(X, y)
        assert_same(ours[0], theirs[0])
        assert_same(ours[1], theirs[1])


@pytest.mark.parametrize("dtype", [np.float32, np.int64])
def test_adasyn_wine_dtypes(dtype):
    X, y = load_wine(return_X_y=True)
    X = (X * 10).astype(dtype)
    assert_same(ADASYN(random_state=4, sampling_strategy="all", n_neighbors=3).fit_resample(X, y)[0],
                ImbADASYN(random_state=4, sampling_strategy="all", n_neighbors=3).fit_resample(X, y)[0])


def test_adasyn_weights_counts_and_provenance():
    X, y = adasyn_data(seed=5, classes=3)
    ada = ADASYN(n_neighbors=5, random_state=0, sampling_strategy="all")
    X_res, y_res = ada.fit_resample(X, y)
    assert_provenance_explains_rows(ada, X, y, X_res, y_res)
    prov = ada.provenance_
    nn_all = NearestNeighbors(n_neighbors=6).fit(X)
    for c, weights in ada.weights_.items():
        members = np.flatnonzero(y == c)
        # difficulty: share of the 5 nearest neighbours among all of X (first one dropped) of another class
        others = nn_all.kneighbors(X[members], return_distance=False)[:, 1:]
        assert np.array_equal(ada.difficulty_[c], (y[others] != c).mean(axis=1))
        assert_allclose(weights.sum(), 1.0)
        assert_allclose(weights, ada.difficulty_[c] / ada.difficulty_[c].sum())
        counts = ada.n_generated_per_sample_[c]
        assert np.array_equal(counts, np.rint(weights * ada.sampling_strategy_[c]).astype(int))
        # provenance: the rows of class c come parent by parent, each parent as often as its count says
        block = prov[prov["class"] == c]
        assert np.array_equal(block["parent"].to_numpy(), np.repeat(members, counts))
        # every neighbour is one of the parent's k nearest same-class neighbours
        nn_of = dict(zip(members, ada.nn_indices_[c]))
        assert all(nb in nn_of[p] for p, nb in zip(block["parent"], block["neighbor"]))
        assert np.all(y[ada.nn_indices_[c]] == c)
    assert set(ada.weights_) == {c for c, n in ada.sampling_strategy_.items() if n} == {1, 2}  # 0: the majority
    made = {c: int(ada.n_generated_per_sample_[c].sum()) if c in ada.weights_ else 0 for c in (0, 1, 2)}
    assert final_counts(y_res) == {c: int((y == c).sum()) + made[c] for c in (0, 1, 2)}
    # harder samples (more neighbours of other classes) get at least as many rows
    for c in ada.weights_:
        order = np.argsort(ada.difficulty_[c], kind="stable")
        assert np.all(np.diff(ada.n_generated_per_sample_[c][order]) >= 0)


# Class 1: three samples far apart, each between two samples of class 0, so all three are equally hard (both of
# their 2 nearest neighbours are of class 0): they share the new rows equally.
THREE_EQUALLY_HARD = (
    np.array([[0.0], [-0.1], [0.1], [10.0], [9.9], [10.1], [20.0], [19.9], [20.1], [30.0], [31.0], [32.0]]),
    np.array([1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]),
)


def test_adasyn_total_follows_imblearn_rounding():
    # 4 new rows shared by three equally hard samples: rint(4/3) = 1 each, so 3 rows are made, not 4 -- exactly
    # as imbalanced-learn does.
    X, y = THREE_EQUALLY_HARD
    ada = ADASYN(n_neighbors=2, sampling_strategy={1: 7}, random_state=0)
    X_res, y_res = ada.fit_resample(X, y)
    assert ada.sampling_strategy_[1] == 4
    assert np.array_equal(ada.difficulty_[1], [1.0, 1.0, 1.0])
    assert np.array_equal(ada.n_generated_per_sample_[1], [1, 1, 1])
    assert (y_res == 1).sum() == 6 and len(ada.provenance_) == 3
    assert_same(X_res, ImbADASYN(n_neighbors=2, sampling_strategy={1: 7}, random_state=0).fit_resample(X, y)[0])


def test_adasyn_unsigned_integers_do_not_wrap_around():
    # The SMOTE fix applies: imbalanced-learn differences uint8 values in uint8 and can wrap around.
    rng = np.random.RandomState(0)
    X = rng.randint(0, 250, size=(60, 3)).astype(np.uint8)
    y = np.array([0] * 45 + [1] * 15)
    ada = ADASYN(n_neighbors=3, random_state=1)
    X_res, _ = ada.fit_resample(X, y)
    p = ada.provenance_
    exact = X[p["parent"]].astype(float) + p["gap"].to_numpy()[:, None] * (
        X[p["neighbor"]].astype(float) - X[p["parent"]].astype(float))
    assert X_res.dtype == np.uint8
    assert np.array_equal(X_res[60:], exact.astype(np.uint8))
    lo = np.minimum(X[p["parent"]], X[p["neighbor"]])
    hi = np.maximum(X[p["parent"]], X[p["neighbor"]])
    assert np.all((X_res[60:] >= lo) & (X_res[60:] <= hi))


def test_adasyn_well_separated_class_is_a_clear_error():
    rng = np.random.RandomState(0)
    X = np.r_[rng.normal(size=(20, 2)), rng.normal(size=(6, 2)) + 50]
    y = np.array(["ok"] * 20 + ["fraud"] * 6)
    with pytest.raises(SmoteError) as info:
        ADASYN(n_neighbors=3).fit_resample(X, y)
    msg = str(info.value)
    for part in ("class 'fraud'", "none of its 6 samples", "3 nearest", "Use SMOTE", "larger n_neighbors"):
        assert part in msg, msg
    with pytest.raises(RuntimeError, match="Not any neigbours"):
        ImbADASYN(n_neighbors=3).fit_resample(X, y)
    # SMOTE handles the same data
    SMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)


def test_adasyn_counts_all_rounding_to_zero_is_a_clear_error():
    X, y = THREE_EQUALLY_HARD
    with pytest.raises(SmoteError) as info:
        ADASYN(n_neighbors=2, sampling_strategy={1: 4}).fit_resample(X, y)
    msg = str(info.value)
    for part in ("no rows of class 1", "1 new row", "3 samples", "rounds to 0", "Ask for more rows", "SMOTE"):
        assert part in msg, msg
    with pytest.raises(ValueError, match="No samples will be generated"):
        ImbADASYN(n_neighbors=2, sampling_strategy={1: 4}).fit_resample(X, y)


def test_adasyn_class_too_small_names_n_neighbors():
    X = np.random.RandomState(0).normal(size=(14, 2))
    y = np.array([0] * 10 + [1] * 4)
    expected = r"class 1 has 4 samples; n_neighbors=5 needs at least 6 — use n_neighbors ≤ 3"
    with pytest.raises(SmoteError, match=expected):
        ADASYN().fit_resample(X, y)


# ==============================================================================================================
# KMeansSMOTE
# ==============================================================================================================


def spy_on_cluster_sizes(imb_sampler):
    """Record how many rows imbalanced-learn makes in each cluster, in order (class by class, cluster by
    cluster), by wrapping its per-cluster SMOTE call."""
    sizes = []
    make_samples = imb_sampler._make_samples

    def wrapped(*args, **kwargs):
        X_new, y_new = make_samples(*args, **kwargs)
        sizes.append(X_new.shape[0])
        return X_new, y_new

    imb_sampler._make_samples = wrapped
    return sizes


def assert_imblearn_minus_surplus(ours, ours_res, theirs_res, theirs_sizes, n):
    """Ours is theirs with the surplus left out: per cluster, the same first rows, at most one fewer; exactly the
    rows asked for; the trimmed clusters are those rounded up the most."""
    summary = ours.cluster_summary_
    eligible = summary[summary["eligible"]]
    kept = eligible["n_new"].to_numpy()
    assert len(kept) == len(theirs_sizes)
    theirs_sizes = np.asarray(theirs_sizes)
    assert np.all((theirs_sizes - kept >= 0) & (theirs_sizes - kept <= 1)), (theirs_sizes, kept)
    for c, n_new in ours.sampling_strategy_.items():
        if n_new:
            assert eligible.loc[eligible["class"] == c, "n_new"].sum() == n_new
            mine = (eligible["class"] == c).to_numpy()
            excess = theirs_sizes[mine] - n_new * eligible.loc[mine, "weight"].to_numpy()
            trimmed = theirs_sizes[mine] > kept[mine]
            if trimmed.any() and (~trimmed).any():
                assert excess[trimmed].min() >= excess[~trimmed].max() - 1e-9
    starts = n + np.r_[0, np.cumsum(theirs_sizes)[:-1]]
    keep_rows = np.r_[np.arange(n), np.concatenate([s + np.arange(k) for s, k in zip(starts, kept)]
                                                   + [np.empty(0, dtype=int)]).astype(int)]
    assert_same(ours_res[0], take_rows(theirs_res[0], keep_rows))
    assert_same(ours_res[1], take_rows(theirs_res[1], keep_rows))
    return int(theirs_sizes.sum() - kept.sum())


def kmeans_estimators(seed):
    return st.sampled_from([
        None, 1, 2, 3, 5,
        MiniBatchKMeans(n_clusters=3, n_init=1, random_state=seed % 1000),
        KMeans(n_clusters=4, n_init=1, random_state=seed % 1000),
    ])


@pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")  # imblearn's 0/0
@settings(max_examples=300)
@given(case=datasets(min_size=8, max_size=40, spread=4.0), k=st.integers(1, 4), k_form=st.sampled_from(["int", "nn"]),
       km_seed=st.integers(0, 999), data=st.data(),
       threshold=st.sampled_from(["auto", "auto", 0.0, 0.2, 0.5]), exponent=st.sampled_from(["auto", "auto", 1.5]))
def test_kmeans_smote_matches_imblearn_on_generated_datasets(case, k, k_form, km_seed, data, threshold, exponent):
    kmeans = data.draw(kmeans_estimators(km_seed))
    n = len(case["y"])
    if kmeans is None and n < 8:
        kmeans = 3
    params = dict(k_neighbors=k if k_form == "int" else NearestNeighbors(n_neighbors=k + 1),
                  kmeans_estimator=kmeans, cluster_balance_threshold=threshold, density_exponent=exponent,
                  sampling_strategy=case["sampling_strategy"])
    ours, theirs = KMeansSMOTE(**params), ImbKMeansSMOTE(**params)
    sizes = spy_on_cluster_sizes(theirs)
    ours_res, theirs_res = fit_both(ours, theirs, case["X"], case["y"], case["rs_kind"], case["seed"])
    if isinstance(ours_res, SmoteError):
        assert isinstance(theirs_res, Exception), "imbalanced-learn accepted what we refused"
        if "found no cluster" in str(ours_res) and "NaN" in str(theirs_res):
            # imbalanced-learn failed earlier, on a class whose qualifying clusters all have sparsity 0 (0/0)
            event("imbalanced-learn failed on zero sparsity first, then no cluster qualifies")
            first = next(c for c, n_new in ours.sampling_strategy_.items() if n_new)
            assert f"grow class {first!r} in" not in str(ours_res)
        elif "found no cluster" in str(ours_res):
            event("no cluster qualifies: refused by both")
            assert isinstance(theirs_res, RuntimeError) and "No clusters found" in str(theirs_res)
        else:
            event("refused a ratio")
            assert isinstance(case["sampling_strategy"], float), ours_res
        return
    assert_provenance_explains_rows(ours, case["X"], case["y"], *ours_res)
    requested = {c: n_new for c, n_new in ours.sampling_strategy_.items() if n_new}
    assert dict(final_counts(ours.provenance_["class"])) == requested
    original = final_counts(case["y"])
    assert final_counts(ours_res[1]) == {c: original[c] + requested.get(c, 0) for c in original}
    if isinstance(theirs_res, Exception):
        # imbalanced-learn divides 0 by 0 when every qualifying cluster's class rows are identical (sparsity 0).
        event("imbalanced-learn failed on zero sparsity")
        assert "NaN" in str(theirs_res), theirs_res
        summary = ours.cluster_summary_
        assert any((summary[(summary["class"] == c) & summary["eligible"]]["sparsity"] == 0).all()
                   for c in requested)
        return
    surplus = assert_imblearn_minus_surplus(ours, ours_res, theirs_res, sizes, n)
    event("bit-identical" if surplus == 0 else "imbalanced-learn over-generated")


def test_kmeans_smote_single_cluster_is_smote():
    # imbalanced-learn's own check: one cluster and threshold 0 make KMeansSMOTE plain SMOTE.
    params = dict(kmeans_estimator=1, random_state=42, cluster_balance_threshold=0.0, k_neighbors=5)
    ours = KMeansSMOTE(**params)
    X_res, y_res = ours.fit_resample(REF_X, REF_Y)
    smote_res = SMOTE(random_state=42).fit_resample(REF_X, REF_Y)
    assert_same(X_res, smote_res[0])
    assert_same(y_res, smote_res[1])
    assert_same(X_res, ImbKMeansSMOTE(**params).fit_resample(REF_X, REF_Y)[0])
    assert ours.nn_k_.n_neighbors == 6 and ours.kmeans_estimator_.n_clusters == 1
    assert "batch_size" in ours.kmeans_estimator_.get_params()
    assert ours.cluster_balance_threshold_ == -np.inf
    assert (ours.provenance_["cluster"] == 0).all()


@pytest.mark.parametrize("k_neighbors", [2, NearestNeighbors(n_neighbors=3)], ids=["int", "estimator"])
@pytest.mark.parametrize("kmeans_estimator", [3, KMeans(n_clusters=3, n_init=1, random_state=42),
                                              MiniBatchKMeans(n_clusters=3, n_init=1, random_state=42)],
                         ids=["int", "KMeans", "MiniBatchKMeans"])
def test_kmeans_smote_imblearn_custom_estimators(k_neighbors, kmeans_estimator):
    params = dict(random_state=42, kmeans_estimator=kmeans_estimator, k_neighbors=k_neighbors)
    ours = KMeansSMOTE(**params)
    X_res, y_res = ours.fit_resample(REF_X, REF_Y)
    assert X_res.shape == (24, 2) and y_res.shape == (24,)
    assert ours.nn_k_.n_neighbors == 3 and ours.kmeans_estimator_.n_clusters == 3
    theirs = ImbKMeansSMOTE(**params)
    sizes = spy_on_cluster_sizes(theirs)
    assert_imblearn_minus_surplus(ours, (X_res, y_res), theirs.fit_resample(REF_X, REF_Y), sizes, 20)


def blobs(seed=0, n=(120, 30, 18), dtype=np.float64):
    """Three classes; the minorities in two places each, so that several clusters qualify."""
    rng = np.random.RandomState(seed)
    centers = {0: [(0, 0), (6, 0)], 1: [(0, 6), (6, 6)], 2: [(3, 3), (9, 3)]}
    X, y = [], []
    for c, size in enumerate(n):
        where = rng.randint(0, 2, size=size)
        X.append(np.asarray(centers[c])[where] + rng.normal(scale=1.2, size=(size, 2)))
        y += [c] * size
    return np.vstack(X).astype(dtype), np.array(y)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("strategy", ["auto", "all", {1: 50}, 0.9])
@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_kmeans_smote_strategies_random_states_and_float32(dtype, strategy, rs_kind):
    X, y = blobs(dtype=dtype)
    if strategy == 0.9:
        X, y = X[y != 2], y[y != 2]
    params = dict(kmeans_estimator=6, cluster_balance_threshold=0.1, sampling_strategy=strategy)
    ours, theirs = KMeansSMOTE(**params), ImbKMeansSMOTE(**params)
    sizes = spy_on_cluster_sizes(theirs)
    ours_res, theirs_res = fit_both(ours, theirs, X, y, rs_kind, seed=11)
    assert_imblearn_minus_surplus(ours, ours_res, theirs_res, sizes, len(y))
    assert_provenance_explains_rows(ours, X, y, *ours_res)


def test_kmeans_smote_surplus_case_is_exercised_and_fixed():
    # A case where imbalanced-learn makes more rows than asked for: ours makes exactly the number asked for.
    X, y = blobs(seed=3)
    params = dict(kmeans_estimator=6, cluster_balance_threshold=0.1, random_state=0)
    theirs = ImbKMeansSMOTE(**params)
    X_t, y_t = theirs.fit_resample(X, y)
    ours = KMeansSMOTE(**params)
    X_o, y_o = ours.fit_resample(X, y)
    assert final_counts(y_o) == {0: 120, 1: 120, 2: 120}
    assert len(y_t) > len(y_o), "this dataset should make imbalanced-learn over-generate"
    assert set(map(tuple, X_o)) <= set(map(tuple, X_t))


@pytest.mark.parametrize("rs_kind", ["int", "none", "rs"])
def test_kmeans_smote_rows_are_bit_identical_when_the_counts_add_up(rs_kind):
    # Class 2 lives in one of two far-apart groups: one cluster qualifies, it gets ceil(n · 1.0) = n rows, so
    # imbalanced-learn is not defective here and the output must be bit-identical.
    rng = np.random.RandomState(4)
    X = np.r_[rng.normal(size=(40, 2)), rng.normal(size=(40, 2)) + 30, rng.normal(size=(15, 2))]
    y = np.array([0] * 80 + [2] * 15)
    params = dict(kmeans_estimator=2, cluster_balance_threshold=0.0, sampling_strategy={2: 61})
    ours, theirs = KMeansSMOTE(**params), ImbKMeansSMOTE(**params)
    (X_o, y_o), (X_t, y_t) = fit_both(ours, theirs, X, y, rs_kind, seed=5)
    assert list(ours.cluster_weights_[2].values()) == [1.0]
    assert_same(X_o, X_t)
    assert_same(y_o, y_t)
    assert len(y_o) == 95 + 46


def five_equal_groups():
    """Five far-apart groups, each 4 rows of class 1 on a unit square and 10 of class 0 around it: integer
    float32 coordinates, so the five sparsities are equal to the bit and each weight is float32(1/5) > 0.2."""
    square = [(0, 0), (1, 0), (0, 1), (1, 1)]
    around = [(3, 0), (0, 3), (3, 3), (4, 1), (1, 4), (5, 5), (2, 5), (5, 2), (4, 4), (6, 0)]
    X, y = [], []
    for cx, cy in [(0, 0), (100, 0), (0, 100), (100, 100), (200, 0)]:
        X += [(cx + a, cy + b) for a, b in square + around]
        y += [1] * 4 + [0] * 10
    return np.array(X, dtype=np.float32), np.array(y)


@pytest.mark.parametrize("strategy, imblearn_makes", [(0.5, 5), ({1: 25}, 10)], ids=["ratio", "dict"])
def test_kmeans_smote_float32_weights_round_as_in_imblearn(strategy, imblearn_makes):
    # 5 new rows, weight float32(0.2) each: imbalanced-learn computes 5 · w in float32 (= 1.0, ceil 1) when the
    # count is a Python int (float ratio) but in float64 (1.0000000149, ceil 2) when it is an np.int64 (dict).
    # The first is exact and must be bit-identical; the second over-generates and must be trimmed to 5.
    X, y = five_equal_groups()
    params = dict(kmeans_estimator=KMeans(n_clusters=5, n_init=1, random_state=0), cluster_balance_threshold=0.0,
                  random_state=0, sampling_strategy=strategy)
    ours, theirs = KMeansSMOTE(**params), ImbKMeansSMOTE(**params)
    sizes = spy_on_cluster_sizes(theirs)
    ours_res, theirs_res = ours.fit_resample(X, y), theirs.fit_resample(X, y)
    assert len(theirs_res[1]) - len(y) == imblearn_makes
    assert ours.cluster_summary_["n_new"].tolist() == [1] * 5
    assert assert_imblearn_minus_surplus(ours, ours_res, theirs_res, sizes, len(y)) == imblearn_makes - 5


def test_kmeans_smote_dataframe_and_string_labels():
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    y = y.map({0: "malignant", 1: "benign"}).rename("diagnosis")
    for kmeans in (1, 4, None):
        params = dict(kmeans_estimator=kmeans, random_state=1, cluster_balance_threshold=0.1)
        ours, theirs = KMeansSMOTE(**params), ImbKMeansSMOTE(**params)
        sizes = spy_on_cluster_sizes(theirs)
        ours_res = ours.fit_resample(X, y)
        assert_imblearn_minus_surplus(ours, ours_res, theirs.fit_resample(X, y), sizes, len(y))
        assert isinstance(ours_res[0], pd.DataFrame) and ours_res[1].name == "diagnosis"
        assert (ours_res[1] == "malignant").sum() == (ours_res[1] == "benign").sum()


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_kmeans_smote_sparse(fmt):
    X, y = blobs(seed=6)
    X = np.where(np.abs(X) < 1, 0, X)
    X = getattr(sparse, f"{fmt}_matrix")(X)
    params = dict(kmeans_estimator=5, cluster_balance_threshold=0.1, random_state=2)
    ours, theirs = KMeansSMOTE(**params), ImbKMeansSMOTE(**params)
    sizes = spy_on_cluster_sizes(theirs)
    ours_res = ours.fit_resample(X, y)
    assert_imblearn_minus_surplus(ours, ours_res, theirs.fit_resample(X, y), sizes, len(y))
    assert_provenance_explains_rows(ours, X, y, *ours_res)


def test_kmeans_smote_clusters_weights_and_summary():
    X, y = blobs(seed=7)
    km = KMeansSMOTE(kmeans_estimator=6, cluster_balance_threshold=0.15, random_state=3, k_neighbors=3)
    X_res, y_res = km.fit_resample(X, y)
    prov = km.provenance_
    assert list(prov.columns) == ["parent", "neighbor", "gap", "class", "cluster"]
    assert final_counts(y_res) == {0: 120, 1: 120, 2: 120}
    for c in (1, 2):
        labels = km.cluster_labels_[c]
        assert labels.shape == (len(y),)
        block = prov[prov["class"] == c]
        # parent and neighbour lie in the synthetic row's cluster, which qualified
        assert np.array_equal(labels[block["parent"]], block["cluster"])
        assert np.array_equal(labels[block["neighbor"]], block["cluster"])
        assert set(block["cluster"]) <= set(km.cluster_weights_[c])
        assert_allclose(sum(km.cluster_weights_[c].values()), 1.0)
        # every qualifying cluster meets the threshold and holds k + 1 rows of the class
        summary = km.cluster_summary_[km.cluster_summary_["class"] == c]
        for row in summary.itertuples():
            in_cluster = labels == row.cluster
            assert row.n_samples == in_cluster.sum() and row.n_class == (y[in_cluster] == c).sum()
            assert row.eligible == (row.class_fraction >= 0.15 and row.n_class >= 4)
            assert row.n_new == (block["cluster"] == row.cluster).sum()
        assert summary["n_new"].sum() == km.sampling_strategy_[c]
        # sparsity: mean pairwise distance ** exponent / n, and weights proportional to it
        for row in summary[summary["eligible"]].itertuples():
            pts = X[(labels == row.cluster) & (y == c)]
            m = len(pts)
            d = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1)).sum() / (m * m - m)
            assert_allclose(row.sparsity, d ** (math.log(m, 1.6) ** 1.8 * 0.16) / m, rtol=1e-10)
        eligible = summary[summary["eligible"]]
        assert_allclose(eligible["weight"], eligible["sparsity"] / eligible["sparsity"].sum())
    # an int random_state clusters the same way for every class
    assert np.array_equal(km.cluster_labels_[1], km.cluster_labels_[2])
    assert np.array_equal(km.cluster_labels_[2], km.kmeans_estimator_.labels_)


def test_kmeans_smote_identical_rows_share_equally_where_imblearn_fails():
    # Class 1 sits on two points, 5 copies each: every sparsity is 0, imbalanced-learn computes 0/0.
    X = np.r_[np.random.RandomState(0).normal(size=(30, 2)) * 3, np.repeat([[20.0, 20.0], [-20.0, 20.0]], 5, axis=0)]
    y = np.array([0] * 30 + [1] * 10)
    params = dict(kmeans_estimator=KMeans(n_clusters=3, n_init=1, random_state=0), random_state=0)
    with pytest.raises(ValueError, match="NaN"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ImbKMeansSMOTE(**params).fit_resample(X, y)
    km = KMeansSMOTE(**params)
    X_res, y_res = km.fit_resample(X, y)
    assert (y_res == 1).sum() == 30
    assert sorted(km.cluster_weights_[1].values()) == [0.5, 0.5]
    assert sorted(km.cluster_summary_.query("eligible")["n_new"]) == [10, 10]
    assert set(map(tuple, X_res[40:])) == {(20.0, 20.0), (-20.0, 20.0)}


def test_kmeans_smote_clusterer_without_n_clusters():
    # A GaussianMixture has fit and predict but no n_clusters (imbalanced-learn fails on it): the labels it gives
    # are the clusters.
    from sklearn.mixture import GaussianMixture

    X, y = blobs(seed=9)
    params = dict(kmeans_estimator=GaussianMixture(n_components=4, random_state=0), cluster_balance_threshold=0.1,
                  random_state=0)
    with pytest.raises(AttributeError):
        ImbKMeansSMOTE(**params).fit_resample(X, y)
    km = KMeansSMOTE(**params)
    X_res, y_res = km.fit_resample(X, y)
    assert final_counts(y_res) == {0: 120, 1: 120, 2: 120}
    assert_provenance_explains_rows(km, X, y, X_res, y_res)
    for c in (1, 2):
        assert set(km.cluster_summary_.query("`class` == @c")["cluster"]) == set(np.unique(km.cluster_labels_[c]))
        block = km.provenance_[km.provenance_["class"] == c]
        assert np.array_equal(km.cluster_labels_[c][block["parent"]], block["cluster"])


def test_cluster_weights_and_trimming_helpers():
    assert_allclose(_cluster_weights(np.array([1.0, 3.0])), [0.25, 0.75])
    assert_allclose(_cluster_weights(np.array([0.0, 0.0, 0.0])), [1 / 3] * 3)
    assert_allclose(_cluster_weights(np.array([np.inf, 2.0, np.inf])), [0.5, 0, 0.5])
    assert_allclose(_cluster_weights(np.array([1e308, 1e308, 1.0])), [0.5, 0.5, 0])
    # 10 rows, weights 0.15/0.3/0.55 -> exact 1.5, 3, 5.5 -> ceil 2, 3, 6 = 11: the first and third were rounded
    # up by 0.5 each; the tie goes to the first.
    assert _trim_to_total([2, 3, 6], np.array([1.5, 3.0, 5.5]), 10).tolist() == [1, 3, 6]
    assert _trim_to_total([2, 3, 6], np.array([1.2, 3.0, 5.8]), 10).tolist() == [1, 3, 6]
    assert _trim_to_total([2, 3, 6], np.array([1.8, 3.0, 5.2]), 10).tolist() == [2, 3, 5]
    assert _trim_to_total([3, 3, 3], np.array([2.0, 2.0, 2.0]) + 1e-15, 6).tolist() == [2, 2, 2]
    assert _trim_to_total([4, 3], np.array([4.0, 3.0]), 7).tolist() == [4, 3]


def test_kmeans_smote_no_cluster_qualifies_is_a_clear_error():
    with pytest.raises(SmoteError) as info:
        KMeansSMOTE(cluster_balance_threshold=10, random_state=42, kmeans_estimator=3).fit_resample(REF_X, REF_Y)
    msg = str(info.value)
    for part in ("no cluster to grow class 0", "at least 10 of its rows", "lower cluster_balance_threshold",
                 "number of clusters", "smaller k_neighbors", "SMOTE"):
        assert part in msg, msg
    with pytest.raises(RuntimeError, match="No clusters found"):
        ImbKMeansSMOTE(cluster_balance_threshold=10, random_state=42, kmeans_estimator=3).fit_resample(REF_X, REF_Y)
    # 'auto' says what the threshold was and why
    X, y = blobs(seed=8, n=(150, 12, 12))
    with pytest.raises(SmoteError, match=r"cluster_balance_threshold='auto': half this class's share"):
        KMeansSMOTE(kmeans_estimator=2, k_neighbors=5, random_state=0).fit_resample(X, y)


def test_kmeans_smote_more_clusters_than_rows():
    X = np.random.RandomState(0).normal(size=(7, 2))
    y = np.array([0, 0, 0, 0, 1, 1, 1])
    with pytest.raises(SmoteError, match=r"asked for 8 clusters but X has only 7 rows.*default MiniBatchKMeans"):
        KMeansSMOTE(k_neighbors=1).fit_resample(X, y)
    with pytest.raises(SmoteError, match=r"asked for 9 clusters.*kmeans_estimator=<number of clusters ≤ 7>"):
        KMeansSMOTE(k_neighbors=1, kmeans_estimator=9).fit_resample(X, y)
    # nothing to generate: no clustering, no error
    KMeansSMOTE(k_neighbors=1, sampling_strategy={1: 3}).fit_resample(X, y)


@pytest.mark.parametrize("name, value, expected", [
    ("kmeans_estimator", 0, "kmeans_estimator=0: the number of clusters must be at least 1"),
    ("kmeans_estimator", "eight", "kmeans_estimator='eight': give None"),
    ("kmeans_estimator", 2.5, "kmeans_estimator=2.5: give None"),
    ("cluster_balance_threshold", "high", "cluster_balance_threshold='high': give 'auto' or a number"),
    ("cluster_balance_threshold", float("nan"), "cluster_balance_threshold=nan"),
    ("density_exponent", None, "density_exponent=None: give 'auto' or a number"),
    ("density_exponent", True, "density_exponent=True"),
    ("k_neighbors", 0, "k_neighbors=0: it must be at least 1"),
])
def test_kmeans_smote_bad_parameters(name, value, expected):
    X, y = blobs()
    with pytest.raises(SmoteError) as info:
        KMeansSMOTE(**{name: value}).fit_resample(X, y)
    assert expected in str(info.value)


# ==============================================================================================================
# Both: sklearn conventions and SMOTE's input errors
# ==============================================================================================================

SAMPLERS = [ADASYN, KMeansSMOTE]
X20 = np.random.RandomState(0).normal(size=(20, 3))
Y20 = np.array([0] * 14 + [1] * 6)


@pytest.mark.parametrize("cls, imb", [(ADASYN, ImbADASYN), (KMeansSMOTE, ImbKMeansSMOTE)])
def test_same_parameters_and_defaults_as_imblearn(cls, imb):
    ours = cls().get_params()
    theirs = imb().get_params()
    assert ours == theirs  # KMeansSMOTE's n_jobs included
    est = cls(random_state=3)
    assert clone(est).get_params() == est.get_params()
    with pytest.raises(TypeError):
        cls(5)  # keyword-only, as in imbalanced-learn


@pytest.mark.parametrize("cls", SAMPLERS)
@pytest.mark.parametrize("X, y, params, expected", [
    (X20, np.zeros(20), {}, "only one class"),
    (np.where(np.arange(60).reshape(20, 3) == 7, np.nan, X20), Y20, {}, "NaN or infinite"),
    (X20, Y20[:19], {}, "X has 20 rows but y has 19 labels"),
    (X20[:, 0], Y20, {}, "reshape(-1, 1)"),
    (X20, Y20, {"random_state": "abc"}, "None, an int or a numpy.random.RandomState"),
    (X20, Y20, {"random_state": -1}, "out of range"),
    (X20, Y20, {"sampling_strategy": "majority"}, "is not known"),
    (X20, Y20, {"sampling_strategy": 0.3}, "cannot remove rows"),
    (X20, Y20, {"sampling_strategy": {0: 14, 1: 3}}, "only adds rows"),
    (X20, np.array(["a"] * 10 + ["b"] * 9 + [None], dtype=object), {}, "missing label"),
    (pd.DataFrame({"a": ["x"] * 20}), Y20, {}, "non-numeric"),
], ids=["one-class", "nan", "lengths", "1d", "bad-rs", "rs-range", "strategy", "ratio", "dict", "missing-y",
        "text-column"])
def test_smote_input_errors(cls, X, y, params, expected):
    with pytest.raises(SmoteError) as info:
        cls(**params).fit_resample(X, y)
    assert expected in str(info.value)


@pytest.mark.parametrize("cls, k_name", [(ADASYN, "n_neighbors"), (KMeansSMOTE, "k_neighbors")])
def test_neighbour_parameter_errors_name_the_parameter(cls, k_name):
    with pytest.raises(SmoteError, match=f"{k_name}=0: it must be at least 1"):
        cls(**{k_name: 0}).fit_resample(X20, Y20)
    with pytest.raises(SmoteError, match=f"{k_name}='a'"):
        cls(**{k_name: "a"}).fit_resample(X20, Y20)
    with pytest.raises(SmoteError, match="n_neighbors=1; it must be at least 2"):
        cls(**{k_name: NearestNeighbors(n_neighbors=1)}).fit_resample(X20, Y20)
    y = np.array([0] * 19 + [1])
    with pytest.raises(SmoteError, match="class 1 has 1 sample"):
        cls(**{k_name: 1}).fit_resample(X20, y)


@pytest.mark.parametrize("cls", SAMPLERS)
def test_fit_only_checks_and_nothing_to_generate(cls):
    sm = cls().fit(X20, Y20)
    assert dict(sm.sampling_strategy_) == {1: 8} and not hasattr(sm, "provenance_")
    X_res, y_res = cls(sampling_strategy={1: 6}, random_state=0).fit_resample(X20, Y20)
    assert np.array_equal(X_res, X20) and np.array_equal(y_res, Y20)
    sm = cls(sampling_strategy={1: 6})
    sm.fit_resample(X20, Y20)
    assert len(sm.provenance_) == 0 and len(sm.provenance_.columns) >= 4
    assert {"parent", "neighbor", "gap", "class"} <= set(sm.provenance_.columns)
