"""Each class's k-nearest-neighbour graph, searched once for the largest k and sliced for every smaller k.

SMOTE's neighbours depend on the data alone, not on k's draws, the ratio or the seed. The app searches them once per
dataset, for the largest k it offers, and a k change then takes the first k columns. A slice equals a fresh search
exactly when the distances a sample sees up to the (k + 1)-th neighbour are all different: the nearest k are then
the same set in the same order whatever k was asked. Where two of those distances tie (duplicate rows, integer
features), the order of the tied neighbours is whatever scikit-learn's search makes of that k, so the class is
searched afresh for that k (and the result kept): the output stays bit-identical to SMOTE's.
"""

from __future__ import annotations

import numpy as np

from .neighbors import class_neighbors, make_neighbors
from .sampling import class_counts

__all__ = ["NeighborGraph"]


class NeighborGraph:
    """Same-class k-NN graphs of every class of ``(X, y)`` but the largest, searched for ``k_max`` neighbours.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        The space neighbours are searched in.
    y : ndarray of shape (n,)
    k_max : int
        The largest k to serve; each class gets ``min(k_max, n_class - 1)``.

    Attributes
    ----------
    indices_ : dict
        ``{class: int array (n_class, k + 1)}``: positions within the class, nearest first, the sample (or a
        duplicate of it) first, as ``NearestNeighbors.kneighbors`` gives them.
    distances_ : dict
        ``{class: float array (n_class, k + 1)}``, the matching distances.
    searches_ : int
        How many class searches ran (the first ones, plus fresh ones where ties forbade a slice).
    """

    def __init__(self, X, y, k_max: int):
        self.X = np.asarray(X)
        self.y = np.asarray(y)
        self.k_max = int(k_max)
        self.indices_, self.distances_, self._fresh = {}, {}, {}
        self.searches_ = 0
        counts = class_counts(self.y)
        largest = max(counts.values())
        for c, n in counts.items():
            if n < 2 or n == largest:
                continue  # a single row has no neighbour; the largest classes never grow to a fraction ≤ 1 of theirs
            k = min(self.k_max, n - 1)
            est, _ = make_neighbors(k)
            members = np.flatnonzero(self.y == c)
            est.fit(self.X[members])
            dist, idx = est.kneighbors(self.X[members], return_distance=True)
            self.indices_[c], self.distances_[c] = idx, dist
            self.searches_ += 1

    def sliceable(self, c, k: int) -> bool:
        """Whether the first ``k`` neighbours of class ``c`` are exactly what a fresh search for ``k`` returns."""
        dist = self.distances_.get(c)
        if dist is None or dist.shape[1] < k + 1:
            return False
        if dist.shape[1] == k + 1:  # the search was for this very k
            return True
        head = dist[:, : k + 2]  # up to the first neighbour left out
        return bool(np.all(np.diff(head, axis=1) > 0))

    def neighbors(self, c, k: int) -> np.ndarray:
        """The ``k`` nearest same-class neighbours of every sample of class ``c`` (positions within the class,
        the sample itself left out), identical to ``class_neighbors(NearestNeighbors(k + 1), X_class)``."""
        if self.sliceable(c, k):
            return self.indices_[c][:, 1 : k + 1]
        key = (c, k)
        if key not in self._fresh:
            est, _ = make_neighbors(k)
            self._fresh[key] = class_neighbors(est, self.X[self.y == c])
            self.searches_ += 1
        return self._fresh[key]
