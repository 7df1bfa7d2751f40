"""Nearest-neighbour search behind one small interface.

The exact back-end is scikit-learn's ``NearestNeighbors``: it is the only one that reproduces imbalanced-learn's
neighbour order when distances tie (duplicate rows, integer features), which bit-identical output depends on.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors

from ._validation import SmoteError


def make_neighbors(k_neighbors, name: str = "k_neighbors"):
    """Validate ``k_neighbors`` and return ``(estimator, k)``.

    ``k_neighbors`` is an int ≥ 1 (a ``NearestNeighbors(n_neighbors=k + 1)`` is made: the first neighbour of a
    sample is itself) or an object with ``kneighbors`` and ``kneighbors_graph``, which is cloned; its
    ``n_neighbors`` then counts the sample itself, so ``k = n_neighbors - 1``.
    """
    if isinstance(k_neighbors, numbers.Integral) and not isinstance(k_neighbors, bool):
        if k_neighbors < 1:
            raise SmoteError(f"{name}={k_neighbors}: it must be at least 1 (5 is the usual choice).")
        k = int(k_neighbors)
        return NearestNeighbors(n_neighbors=k + 1), k
    if hasattr(k_neighbors, "kneighbors") and hasattr(k_neighbors, "kneighbors_graph"):
        est = clone(k_neighbors)
        n = getattr(est, "n_neighbors", None)
        if not isinstance(n, numbers.Integral) or n < 2:
            raise SmoteError(
                f"the {name} estimator has n_neighbors={n!r}; it must be at least 2 "
                "(the sample itself plus one neighbour)."
            )
        return est, int(n) - 1
    raise SmoteError(
        f"{name}={k_neighbors!r}: give a whole number ≥ 1, or an estimator with kneighbors and "
        "kneighbors_graph methods such as sklearn.neighbors.NearestNeighbors."
    )


def class_neighbors(estimator, X_class) -> np.ndarray:
    """The k nearest neighbours of every row of ``X_class`` among ``X_class`` (positions within the class).

    Fits ``estimator`` on the class and drops the first column of ``kneighbors`` (the query itself, or one of its
    exact duplicates), as imbalanced-learn does.
    """
    estimator.fit(X_class)
    return estimator.kneighbors(X_class, return_distance=False)[:, 1:]
