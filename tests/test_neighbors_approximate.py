"""SMOTE(neighbors="approximate"): recall against the exact search, provenance, determinism and the same errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors

from smote_core import SMOTE, SmoteError, interpolate
from smote_core.neighbors import ApproximateNeighbors, class_neighbors, make_neighbors


def _data(n_major=1500, n_minor=600, d=8, seed=0):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n_major, d)), rng.normal(1.0, 1, (n_minor, d))])
    y = np.array([0] * n_major + [1] * n_minor)
    return X, y


def recall_at_k(approx: np.ndarray, exact: np.ndarray) -> float:
    """Share of each row's exact k nearest neighbours that the approximate search also returned."""
    return float((approx[:, :, None] == exact[:, None, :]).any(axis=2).mean())


def assert_provenance_holds(X, y, X_res, y_res, sm):
    X, X_res = np.asarray(X), np.asarray(X_res)
    n = len(X)
    prov = sm.provenance_
    assert len(prov) == len(X_res) - n
    parents, nbrs, gaps = prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), prov["gap"].to_numpy()
    assert np.array_equal(X_res[n:], interpolate(X, parents, nbrs, gaps))
    assert np.array_equal(y[parents], prov["class"].to_numpy())
    assert np.array_equal(y[nbrs], prov["class"].to_numpy())
    assert np.array_equal(y_res[n:], prov["class"].to_numpy())
    assert np.all(parents != nbrs)
    assert np.all((gaps >= 0) & (gaps < 1))
    for c, table in sm.nn_indices_.items():
        members = np.flatnonzero(y == c)
        rows = np.searchsorted(members, parents[prov["class"].to_numpy() == c])
        # every neighbour drawn is one of its parent's k recorded neighbours
        assert np.all((table[rows] == nbrs[prov["class"].to_numpy() == c][:, None]).any(axis=1))


@pytest.mark.parametrize("d,k", [(8, 5), (20, 5), (20, 10)])
def test_recall_against_exact(d, k):
    X, y = _data(n_major=4000, n_minor=100, d=d)  # class 0, 4000 rows, is the one searched
    exact = SMOTE(k_neighbors=k, sampling_strategy={0: 4100}, random_state=0)
    approx = SMOTE(k_neighbors=k, sampling_strategy={0: 4100}, random_state=0, neighbors="approximate")
    exact.fit_resample(X, y)
    approx.fit_resample(X, y)
    assert set(approx.nn_indices_) == {0}
    for c in approx.nn_indices_:
        assert approx.nn_indices_[c].shape == exact.nn_indices_[c].shape
        assert recall_at_k(approx.nn_indices_[c], exact.nn_indices_[c]) >= 0.95


def test_provenance_and_nn_indices_hold():
    X, y = _data()
    sm = SMOTE(k_neighbors=4, random_state=3, neighbors="approximate")
    X_res, y_res = sm.fit_resample(X, y)
    assert X_res.shape == (3000, X.shape[1]) and np.sum(y_res == 1) == 1500
    assert_provenance_holds(X, y, X_res, y_res, sm)
    table = sm.nn_indices_[1]
    members = np.flatnonzero(y == 1)
    assert table.shape == (len(members), 4)
    assert np.all(y[table] == 1)
    assert np.all(table != members[:, None])  # never a row as its own neighbour
    assert all(len(set(row)) == 4 for row in table.tolist())


def test_multiclass_dataframe_and_series_keep_their_types():
    rng = np.random.RandomState(1)
    X = pd.DataFrame(rng.normal(size=(700, 3)), columns=["a", "b", "c"]).astype({"c": np.float32})
    y = pd.Series(np.array(["big"] * 400 + ["mid"] * 200 + ["small"] * 100), name="label")
    sm = SMOTE(k_neighbors=3, random_state=0, neighbors="approximate")
    X_res, y_res = sm.fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and list(X_res.columns) == ["a", "b", "c"]
    assert X_res.dtypes["c"] == np.float32
    assert isinstance(y_res, pd.Series) and y_res.name == "label"
    assert y_res.value_counts().to_dict() == {"big": 400, "mid": 400, "small": 400}
    assert list(sm.provenance_["class"].unique()) == ["mid", "small"]
    assert set(sm.nn_indices_) == {"mid", "small"}


def test_same_seed_same_rows_and_seed_changes_draws():
    X, y = _data()
    a = SMOTE(random_state=0, neighbors="approximate")
    b = SMOTE(random_state=0, neighbors="approximate")
    c = SMOTE(random_state=1, neighbors="approximate")
    Xa, _ = a.fit_resample(X, y)
    Xb, _ = b.fit_resample(X, y)
    Xc, _ = c.fit_resample(X, y)
    assert np.array_equal(Xa, Xb) and a.provenance_.equals(b.provenance_)
    assert np.array_equal(a.nn_indices_[1], c.nn_indices_[1])  # the graph does not depend on the seed
    assert not np.array_equal(Xa, Xc)


def test_draws_follow_the_exact_rule_when_the_neighbours_agree():
    # Small classes are searched exhaustively by the graph, so the neighbours and then every row match "exact"
    # except for the order of tied neighbours, which this continuous data does not have.
    X, y = _data(n_major=60, n_minor=25, d=3)
    e, a = SMOTE(k_neighbors=3, random_state=5), SMOTE(k_neighbors=3, random_state=5, neighbors="approximate")
    Xe, _ = e.fit_resample(X, y)
    Xa, _ = a.fit_resample(X, y)
    assert np.array_equal(e.nn_indices_[1], a.nn_indices_[1])
    assert np.array_equal(Xe, Xa)


def test_duplicate_rows_never_give_the_parent_as_neighbour():
    rng = np.random.RandomState(0)
    minority = np.repeat(rng.normal(size=(20, 2)), 8, axis=0)  # every point 8 times
    X = np.vstack([rng.normal(3, 1, (400, 2)), minority])
    y = np.array([0] * 400 + [1] * 160)
    sm = SMOTE(k_neighbors=5, random_state=0, neighbors="approximate")
    X_res, y_res = sm.fit_resample(X, y)
    assert_provenance_holds(X, y, X_res, y_res, sm)
    assert np.isfinite(X_res).all()


def test_sparse_input_is_supported():
    X, y = _data(n_major=300, n_minor=80, d=6)
    X[np.abs(X) < 0.8] = 0
    Xs = sparse.csr_matrix(X)
    sm = SMOTE(k_neighbors=3, random_state=0, neighbors="approximate")
    X_res, y_res = sm.fit_resample(Xs, y)
    assert sparse.isspmatrix_csr(X_res) or sparse.issparse(X_res)
    assert_provenance_holds(X, y, X_res.toarray(), y_res, sm)


def test_huge_and_tiny_values_do_not_overflow_float32():
    X, y = _data(n_major=200, n_minor=60, d=4)
    ref = SMOTE(k_neighbors=3, random_state=0, neighbors="approximate")
    ref.fit_resample(X, y)
    for factor in (1e200, 1e-200):
        sm = SMOTE(k_neighbors=3, random_state=0, neighbors="approximate")
        X_res, _ = sm.fit_resample(X * factor, y)
        assert np.isfinite(X_res).all()
        assert recall_at_k(sm.nn_indices_[1], ref.nn_indices_[1]) >= 0.95


def test_downstream_score_matches_exact():
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import balanced_accuracy_score

    rng = np.random.RandomState(0)
    X, y = _data(n_major=3000, n_minor=300, d=10, seed=1)
    test = rng.rand(len(y)) < 0.3
    scores = {}
    for method in ("exact", "approximate"):
        X_res, y_res = SMOTE(random_state=0, neighbors=method).fit_resample(X[~test], y[~test])
        clf = LogisticRegression(max_iter=1000).fit(X_res, y_res)
        scores[method] = balanced_accuracy_score(y[test], clf.predict(X[test]))
    assert scores["exact"] > 0.8
    assert abs(scores["exact"] - scores["approximate"]) < 0.01


# ---------------------------------------------------------------------------------------------- errors


@pytest.mark.parametrize("bad", ["fast", "Approximate", None, 1])
def test_bad_neighbors_value_is_refused_in_fit_resample(bad):
    sm = SMOTE(neighbors=bad)  # stored as given, checked when used (scikit-learn's convention)
    assert sm.get_params()["neighbors"] == bad
    X, y = _data(n_major=30, n_minor=10, d=2)
    with pytest.raises(SmoteError, match=r"neighbors=.*'exact'.*'approximate'"):
        sm.fit_resample(X, y)


def test_default_is_exact():
    assert SMOTE().get_params()["neighbors"] == "exact"
    est, k = make_neighbors(5)
    assert isinstance(est, NearestNeighbors) and k == 5
    est, k = make_neighbors(5, method="approximate")
    assert isinstance(est, ApproximateNeighbors) and est.n_neighbors == 6 and k == 5


def test_estimator_with_approximate_is_refused():
    X, y = _data(n_major=30, n_minor=10, d=2)
    with pytest.raises(SmoteError, match="needs a whole number for k_neighbors"):
        SMOTE(k_neighbors=NearestNeighbors(n_neighbors=4), neighbors="approximate").fit_resample(X, y)


@pytest.mark.parametrize("params", [dict(k_neighbors=0), dict(k_neighbors=6), dict(k_neighbors="5"),
                                    dict(random_state="x"), dict(sampling_strategy="most")])
def test_errors_are_the_same_as_exact(params):
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(20, 3)), np.array([0] * 14 + [1] * 6)
    messages = []
    for method in ("exact", "approximate"):
        with pytest.raises(SmoteError) as info:
            SMOTE(neighbors=method, **params).fit_resample(X, y)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_approximate_neighbors_estimator_interface():
    X, _ = _data(n_major=0, n_minor=500, d=5)
    est = ApproximateNeighbors(n_neighbors=4).fit(X)
    exact = NearestNeighbors(n_neighbors=4).fit(X)
    dist, ind = est.kneighbors(X[:50])
    e_dist, e_ind = exact.kneighbors(X[:50])
    assert ind.shape == (50, 4) and recall_at_k(ind, e_ind) >= 0.95
    assert np.allclose(dist[ind == e_ind], e_dist[ind == e_ind], rtol=1e-4, atol=1e-5)
    own = est.kneighbors(return_distance=False)  # the fitted rows, each without itself
    assert own.shape == (500, 4) and not np.any(own == np.arange(500)[:, None])
    graph = est.kneighbors_graph(X[:10], mode="distance")
    assert graph.shape == (10, 500) and graph.nnz == 40
    assert np.array_equal(class_neighbors(ApproximateNeighbors(n_neighbors=4), X), own[:, :3])
    with pytest.raises(SmoteError):
        est.kneighbors(X[:2], n_neighbors=501)
