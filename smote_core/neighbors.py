"""Nearest-neighbour search behind one small interface.

Two back-ends, picked with ``method`` (``SMOTE(neighbors=...)``):

- ``"exact"`` — scikit-learn's ``NearestNeighbors``: it is the only one that reproduces imbalanced-learn's
  neighbour order when distances tie (duplicate rows, integer features), which bit-identical output depends on.
- ``"approximate"`` — :class:`ApproximateNeighbors`, a hierarchical navigable small-world graph (HNSW) from
  ``hnswlib``. It was chosen by measurement against faiss-cpu's HNSW, IVF and flat indexes and pynndescent (see
  ``benchmarks/results.md``): on a 104,000-row class of 20 features it finds about 0.98 of the exact 5 nearest
  neighbours in about a third of the time of scikit-learn's exact brute-force search.

Everything a sampler needs is :func:`make_neighbors` (check the parameters, build the estimator) and
:func:`class_neighbors` (the k nearest same-class neighbours of every row of a class, never the row itself).
"""

from __future__ import annotations

import numbers
import os

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, clone
from sklearn.neighbors import NearestNeighbors

from ._validation import SmoteError

NEIGHBOR_METHODS = ("exact", "approximate")
# Dense copies of a sparse class larger than this (float32 values) are refused rather than risking memory.
_MAX_DENSE_VALUES = 2**31


def check_method(method, name: str = "neighbors") -> str:
    """``method`` if it names a back-end, else a ``SmoteError`` that lists them."""
    if not isinstance(method, str) or method not in NEIGHBOR_METHODS:
        raise SmoteError(
            f"{name}={method!r} is not known: use 'exact' (the default; bit-identical to imbalanced-learn) or "
            "'approximate' (an HNSW index: much faster on classes of tens of thousands of rows, ≥ 95% of the "
            "exact neighbours)."
        )
    return method


def make_neighbors(k_neighbors, name: str = "k_neighbors", method: str = "exact"):
    """Validate ``k_neighbors`` (and ``method``) and return ``(estimator, k)``.

    ``k_neighbors`` is an int ≥ 1 (a ``NearestNeighbors(n_neighbors=k + 1)`` is made — or, with
    ``method="approximate"``, an ``ApproximateNeighbors(n_neighbors=k + 1)``: the first neighbour of a sample is
    itself) or a neighbours object: anything with ``fit`` and ``kneighbors`` (scikit-learn's ``NearestNeighbors``,
    or a wrapper of another library; ``kneighbors_graph`` is not needed) and an ``n_neighbors`` attribute. It is
    cloned (copied, if it is not a scikit-learn estimator); its ``n_neighbors`` counts the sample itself, so
    ``k = n_neighbors - 1``. An estimator already decides how it searches, so it cannot be combined with
    ``method="approximate"``.
    """
    check_method(method)
    if isinstance(k_neighbors, numbers.Integral) and not isinstance(k_neighbors, bool):
        if k_neighbors < 1:
            raise SmoteError(f"{name}={k_neighbors}: it must be at least 1 (5 is the usual choice).")
        k = int(k_neighbors)
        if method == "approximate":
            return ApproximateNeighbors(n_neighbors=k + 1), k
        return NearestNeighbors(n_neighbors=k + 1), k
    if hasattr(k_neighbors, "kneighbors") and hasattr(k_neighbors, "fit"):
        if method == "approximate" and not isinstance(k_neighbors, ApproximateNeighbors):
            raise SmoteError(
                f"neighbors='approximate' needs a whole number for {name}; you gave an estimator "
                f"({type(k_neighbors).__name__}), which decides the search itself. Give {name}=k, or keep the "
                "estimator with neighbors='exact'."
            )
        est = clone(k_neighbors, safe=False)
        n = getattr(est, "n_neighbors", None)
        if not isinstance(n, numbers.Integral) or n < 2:
            raise SmoteError(
                f"the {name} estimator has n_neighbors={n!r}; it must be at least 2 "
                "(the sample itself plus one neighbour)."
            )
        return est, int(n) - 1
    raise SmoteError(
        f"{name}={k_neighbors!r}: give a whole number ≥ 1, or a neighbours object with fit and kneighbors methods "
        "such as sklearn.neighbors.NearestNeighbors(n_neighbors=6)."
    )


def class_neighbors(estimator, X_class) -> np.ndarray:
    """The k nearest neighbours of every row of ``X_class`` among ``X_class`` (positions within the class).

    With scikit-learn's estimators: fits ``estimator`` on the class and drops the first column of
    ``kneighbors`` (the query itself, or one of its exact duplicates), as imbalanced-learn does. With
    :class:`ApproximateNeighbors`: the ``n_neighbors - 1`` nearest rows other than the row itself.
    """
    estimator.fit(X_class)
    if isinstance(estimator, ApproximateNeighbors):
        return estimator.kneighbors(n_neighbors=estimator.n_neighbors - 1, return_distance=False)
    return estimator.kneighbors(X_class, return_distance=False)[:, 1:]


def _import_hnswlib():
    try:
        import hnswlib
    except ImportError:  # pragma: no cover - hnswlib is in requirements.txt
        raise SmoteError(
            "neighbors='approximate' needs the hnswlib package: pip install 'hnswlib>=0.8' "
            "(or use neighbors='exact')."
        ) from None
    return hnswlib


class ApproximateNeighbors(BaseEstimator):
    """Approximate k nearest neighbours (Euclidean) from an HNSW graph, with scikit-learn's ``kneighbors``.

    Parameters
    ----------
    n_neighbors : int, default=6
        Neighbours returned by ``kneighbors``. Through :func:`make_neighbors` it counts the sample itself
        (``k + 1``), as ``NearestNeighbors`` does there.
    M : int, default=16
        Links per node of the graph: more gives better recall, a bigger index and a slower build.
    ef_construction : int, default=60
        Candidate list size while building: more gives a better graph and a slower build.
    ef_search : int, default=30
        Candidate list size per query (raised to ``4 · n_neighbors`` when that is larger): more gives better
        recall and slower queries.
    n_jobs : int or None, default=None
        Threads for the queries; None uses every core. The graph is always built on one thread, so that the
        same data gives the same neighbours — and ``SMOTE`` the same rows for the same ``random_state``.
    random_state : int, default=0
        Seed of the graph's level assignment.

    Attributes
    ----------
    n_samples_fit_ : int
    index_ : hnswlib.Index
        The graph (vectors as float32).
    scale_ : float
        What the data was divided by before the float32 conversion (1.0 unless values are huge or tiny).

    Notes
    -----
    Defaults chosen by measurement on the 104,000-row minority class of ``make_classification`` with 20 features
    (``benchmarks/bench_scale.py``; 16 of the features are noise, a hard case for any graph index): recall@5
    against the exact search about 0.977, with the build about four fifths of the time. A larger ``M`` or
    ``ef_construction`` raises recall and build time; ``ef_search`` trades recall for query time.
    """

    def __init__(self, n_neighbors=6, *, M=16, ef_construction=60, ef_search=30, n_jobs=None, random_state=0):
        self.n_neighbors = n_neighbors
        self.M = M
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self.n_jobs = n_jobs
        self.random_state = random_state

    def _threads(self) -> int:
        return int(self.n_jobs) if self.n_jobs not in (None, -1) else (os.cpu_count() or 1)

    def _as_float32(self, X) -> np.ndarray:
        if sparse.issparse(X):
            if X.shape[0] * X.shape[1] > _MAX_DENSE_VALUES:
                raise SmoteError(
                    f"neighbors='approximate' needs dense features, and a class of {X.shape[0]:,} rows × "
                    f"{X.shape[1]:,} sparse features is too large to densify: use neighbors='exact'."
                )
            X = X.toarray()
        X = np.asarray(X)
        if X.dtype != np.float64:
            X = X.astype(np.float64)
        scale = getattr(self, "scale_", None)
        if scale is None:  # at fit time: keep float32 from overflowing or underflowing
            peak = float(np.abs(X).max()) if X.size else 0.0
            scale = peak if peak > 0 and not (1e-15 < peak < 1e15) else 1.0
            self.scale_ = scale
        if scale != 1.0:
            X = X / scale
        return np.ascontiguousarray(X, dtype=np.float32)

    def fit(self, X, y=None):
        """Build the graph on the rows of ``X``.

        Returns
        -------
        self
        """
        hnswlib = _import_hnswlib()
        if hasattr(self, "scale_"):
            del self.scale_
        data = self._as_float32(X)
        n, d = data.shape
        index = hnswlib.Index(space="l2", dim=d)
        index.init_index(
            max_elements=max(n, 1), M=int(self.M), ef_construction=int(self.ef_construction),
            random_seed=int(self.random_state),
        )
        index.add_items(data, np.arange(n), num_threads=1)
        self.index_ = index
        self._fit_X = data  # float32, for kneighbors() without X
        self.n_samples_fit_ = n
        self.n_features_in_ = d
        return self

    def _query(self, data, n_results):
        self.index_.set_ef(max(int(self.ef_search), 4 * n_results, n_results))
        try:
            labels, dist = self.index_.knn_query(data, k=n_results, num_threads=self._threads())
        except RuntimeError:
            # The graph could not produce n_results per query (tiny or degenerate data): search every row.
            self.index_.set_ef(self.n_samples_fit_)
            labels, dist = self.index_.knn_query(data, k=n_results, num_threads=self._threads())
        return labels.astype(np.intp), np.sqrt(np.maximum(dist, 0)).astype(np.float64) * self.scale_

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Approximate nearest neighbours, nearest first.

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), optional
            Query rows. Without it, the neighbours of every fitted row are returned, never counting the row itself
            (as scikit-learn does).
        n_neighbors : int, optional
            Defaults to the ``n_neighbors`` given at construction.
        return_distance : bool, default=True

        Returns
        -------
        distances : ndarray of shape (n_queries, n_neighbors)
            Only when ``return_distance``.
        indices : ndarray of shape (n_queries, n_neighbors)
            Row positions in the fitted data.
        """
        n_neighbors = self.n_neighbors if n_neighbors is None else int(n_neighbors)
        n_fit = self.n_samples_fit_
        if X is not None:
            if n_neighbors > n_fit:
                raise SmoteError(f"n_neighbors={n_neighbors} but only {n_fit} rows were fitted.")
            labels, dist = self._query(self._as_float32(X), n_neighbors)
        else:
            if n_neighbors > n_fit - 1:
                raise SmoteError(f"n_neighbors={n_neighbors} but only {n_fit - 1} other rows were fitted.")
            labels, dist = self._query(self._fit_X, n_neighbors + 1)
            # Drop each row itself — wherever the approximate search ranked it, or not at all (then the last).
            not_self = labels != np.arange(n_fit)[:, np.newaxis]
            order = np.argsort(~not_self, axis=1, kind="stable")[:, :n_neighbors]
            labels = np.take_along_axis(labels, order, axis=1)
            dist = np.take_along_axis(dist, order, axis=1)
        return (dist, labels) if return_distance else labels

    def kneighbors_graph(self, X=None, n_neighbors=None, mode="connectivity"):
        """The neighbours as a sparse CSR matrix of shape (n_queries, n_samples_fit_).

        ``mode`` is ``"connectivity"`` (ones) or ``"distance"`` (Euclidean distances).
        """
        dist, ind = self.kneighbors(X, n_neighbors, return_distance=True)
        n_q, n_k = ind.shape
        values = np.ones(ind.size) if mode == "connectivity" else dist.ravel()
        indptr = np.arange(0, n_q * n_k + 1, n_k)
        return sparse.csr_matrix((values, ind.ravel(), indptr), shape=(n_q, self.n_samples_fit_))
