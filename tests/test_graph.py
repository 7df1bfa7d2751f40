"""The neighbour graph searched once per dataset: slices equal fresh searches, SMOTE on it equals SMOTE."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smote_core import SmoteError
from smote_core.graph import NeighborGraph
from smote_core.neighbors import class_neighbors, make_neighbors
from smote_core.views import explore


def fresh(X, y, c, k):
    est, _ = make_neighbors(k)
    return class_neighbors(est, X[y == c])


@st.composite
def tied_data(draw):
    """Small tables full of exact distance ties: few integer values, duplicated rows."""
    n_min = draw(st.integers(3, 25))
    n_maj = draw(st.integers(n_min + 1, 60))
    d = draw(st.integers(1, 4))
    values = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.RandomState(seed)
    X = rng.randint(0, values + 1, size=(n_min + n_maj, d)).astype(float)
    if draw(st.booleans()):
        X += rng.normal(scale=1e-3, size=X.shape) * draw(st.sampled_from([0.0, 1.0]))
    y = np.array([1] * n_min + [0] * n_maj)
    return X, y


@settings(max_examples=60)
@given(data=tied_data(), k=st.integers(1, 24))
def test_every_k_gets_exactly_the_fresh_search(data, k):
    X, y = data
    graph = NeighborGraph(X, y, k_max=30)
    n_min = int((y == 1).sum())
    if k >= n_min:
        return
    np.testing.assert_array_equal(graph.neighbors(1, k), fresh(X, y, 1, k))
    assert 0 not in graph.indices_  # the majority is never searched


def test_distinct_distances_are_sliced_without_a_new_search():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 3))
    y = np.array([1] * 40 + [0] * 260)
    graph = NeighborGraph(X, y, k_max=30)
    assert graph.searches_ == 1
    for k in (1, 5, 17, 30):
        assert graph.sliceable(1, k)
        np.testing.assert_array_equal(graph.neighbors(1, k), fresh(X, y, 1, k))
    assert graph.searches_ == 1  # every k came from the one search


def test_ties_at_the_edge_fall_back_to_a_fresh_search_once():
    X = np.array([[0.0], [1.0], [-1.0], [2.0], [5.0], [9.0]] + [[100.0 + i] for i in range(10)])
    y = np.array([1] * 6 + [0] * 10)
    graph = NeighborGraph(X, y, k_max=5)
    assert not graph.sliceable(1, 1)  # row 0: neighbours 1 and -1 tie at distance 1
    first = graph.neighbors(1, 1)
    np.testing.assert_array_equal(first, fresh(X, y, 1, 1))
    assert graph.neighbors(1, 1) is first and graph.searches_ == 2  # the fresh search is kept


@pytest.mark.parametrize("standardize", [False, True])
@pytest.mark.parametrize("name", ["moons", "digits", "wine"])
def test_smote_on_the_graph_is_smote(name, standardize):
    from smote_core.data.datasets import load_builtin

    ds = load_builtin(name)
    X, y = ds.frame[ds.features].to_numpy(float), ds.frame[ds.target].to_numpy()
    graph = explore.neighbor_graph(X, y, standardize=standardize)
    for k, seed, ratio in ((1, 0, 1.0), (3, 5, 0.5), (8, 1, 0.8), (30, 2, 1.0)):
        a = explore.resample(X, y, k=k, ratio=ratio, seed=seed, standardize=standardize)
        b = explore.resample(X, y, k=k, ratio=ratio, seed=seed, standardize=standardize, graph=graph)
        np.testing.assert_array_equal(a.X_syn, b.X_syn)
        assert a.provenance.equals(b.provenance) and a.counts_after == b.counts_after
        assert all(np.array_equal(a.nn_indices[c], b.nn_indices[c]) for c in a.nn_indices)


def test_errors_on_the_graph_are_smotes_errors():
    X = np.arange(24, dtype=float).reshape(12, 2)
    y = np.array([1] * 3 + [0] * 9)
    graph = explore.neighbor_graph(X, y)
    with pytest.raises(SmoteError, match="class 1 has 3 samples; k_neighbors=5 needs at least 6"):
        explore.resample(X, y, k=5, ratio=1.0, seed=0, graph=graph)
