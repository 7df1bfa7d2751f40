"""Polynomial-fit SMOTE — new rows on fixed topologies of a class: toward its mean, along its rows, between all
pairs, or on a curve fitted through it."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.utils._param_validation import Interval, StrOptions

from .._validation import SmoteError, check_random_state, plural
from ..sampling import class_counts
from ._base import BaseOverSampler, NewRows

TOPOLOGIES = ("star", "bus", "mesh", "polynomial")
#: ``provenance_["kind"]``: a row between two rows, between a row and its class's mean, or on the fitted curve.
KINDS = ("pair", "to_mean", "curve")


def check_topology(topology):
    if not isinstance(topology, str) or topology not in TOPOLOGIES:
        raise SmoteError(f"topology={topology!r} is not known; use 'star', 'bus', 'mesh' or 'polynomial'.")


def check_degree(degree):
    if isinstance(degree, bool) or not isinstance(degree, numbers.Integral) or degree < 1:
        raise SmoteError(f"degree={degree!r}: give a whole number ≥ 1 (2, a parabola, is the usual choice).")


def links_and_steps(n_links: int, n_new: int, rs):
    """Which link each new row is on and where: ``n_new`` rows shared over ``n_links`` links as evenly as can be.

    Every link gets ``m = n_new // n_links`` rows and ``n_new % n_links`` links drawn at random get one more; the
    ``m`` rows of a link sit at ``1/(m + 1), 2/(m + 1), …, m/(m + 1)`` of the way (one row: the midpoint).

    Returns
    -------
    links : int array of shape (n_new,)
    steps : float array of shape (n_new,)
    """
    base, extra = divmod(n_new, n_links)
    per_link = np.full(n_links, base, dtype=np.int64)
    per_link[rs.choice(n_links, size=extra, replace=False)] += 1
    links = np.repeat(np.arange(n_links), per_link)
    rank = np.arange(n_new) - np.repeat(np.cumsum(per_link) - per_link, per_link)  # 0 … m − 1 on each link
    return links, (rank + 1) / (per_link[links] + 1)


def mesh_pair(link, n):
    """The pair ``(i, j)``, ``i < j``, of link number ``link`` among the ``n·(n − 1)/2`` pairs of ``n`` rows (in
    the order (0, 1), (0, 2), …, (0, n − 1), (1, 2), …)."""
    link = np.asarray(link, dtype=np.int64)
    starts = np.cumsum(np.concatenate([[0], np.arange(n - 1, 0, -1)]))  # first link of each i
    i = np.searchsorted(starts, link, side="right") - 1
    return i, i + 1 + (link - starts[i])


class PolynomFitSMOTE(BaseOverSampler):
    """Polynomial-fit SMOTE (Gazzah & Amara, 2008): new rows on a fixed topology of each class to grow.

    - ``topology="star"``: every sample is linked to the class's mean; new rows lie on those links.
    - ``topology="bus"``: the samples are linked one after the next, in the order they occur in ``X``.
    - ``topology="mesh"``: every pair of samples is linked.
    - ``topology="polynomial"``: the samples are ordered along the class (by the mean of their features) and, for
      every feature, a polynomial of ``degree`` is fitted to it as a function of the position ``t = 0, 1, …,
      n − 1``; new rows are the curve's points at positions ``t`` drawn uniformly from [0, n − 1]. These rows
      have no parent: they come from the curve, not from two samples.

    On the three linked topologies the rows are shared over the links as evenly as can be: each link gets ``m``
    or ``m + 1`` rows (the links with one more drawn at random), evenly spaced, at ``j/(m + 1)`` of the way
    (``m = 1``: the midpoint; with fewer rows than links, that many links drawn at random get one each).

    Parameters
    ----------
    topology : {"star", "bus", "mesh", "polynomial"}, default="star"
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class. It only decides which links get one more row
        (and, for ``"polynomial"``, the positions): when a class's new rows are a multiple of its links, the
        star, bus and mesh rows do not depend on it.
    degree : int, default=2
        The polynomials' degree (``topology="polynomial"`` only); a class needs more than ``degree`` samples.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    centers_ : dict
        ``{class: float array of shape (n_features,)}``: the class's mean (``"star"``: the other end of every link).
    curves_ : dict
        ``{class: float array of shape (n_features, degree + 1)}`` (``"polynomial"`` only): each feature's
        coefficients, highest power first (``numpy.polyval`` order).
    order_ : dict
        ``{class: int array}`` (``"polynomial"`` only): the positions in ``X`` of the class's samples in curve
        order (the sample at ``t = i`` is ``order_[c][i]``).
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``: ``parent``,
        ``neighbor``, ``gap``, ``class``, ``kind`` and ``position``.

        - ``kind="pair"`` (bus, mesh): ``X_res[n + i] == X[parent] + gap · (X[neighbor] − X[parent])``;
        - ``kind="to_mean"`` (star): ``neighbor`` is −1 — the other end is no row but ``centers_[class]``, and
          ``X_res[n + i] == X[parent] + gap · (centers_[class] − X[parent])``;
        - ``kind="curve"`` (polynomial): ``parent`` and ``neighbor`` are −1 and ``gap`` NaN (there is no pair);
          ``position`` is ``t`` and each feature ``j`` is ``polyval(curves_[class][j], t)``.

        ``position`` is NaN on the other kinds. Integer features are computed in float64 and cast back
        (truncated toward zero); boolean ones come back float64.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Notes
    -----
    smote-variants 1.0.1 (``polynom_fit_SMOTE_star``, ``_bus``, ``_mesh``, ``_poly``) differs:

    - star and bus put ``round(G / n)`` rows on every link, so they make a multiple of the number of links, not
      the ``G`` rows asked for; here exactly ``G`` are made (some links get one more);
    - its mesh samples simplices of random pairs (a random position), not evenly spaced rows on every link;
    - its polynomial positions are drawn from [0, n), slightly past the last sample; here [0, n − 1].

    Like smote-variants, the polynomial topology orders the samples by the mean of their features (the paper does
    not say how they are ordered, and the fitted curve depends on it).

    References
    ----------
    Gazzah, S. and Amara, N. E. B. "New Oversampling Approaches Based on Polynomial Fitting for Imbalanced Data
    Sets", The Eighth IAPR International Workshop on Document Analysis Systems (DAS 2008), pp. 677-684.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import PolynomFitSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(2, 1, (10, 2))])
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> star = PolynomFitSMOTE(topology="star", random_state=0)
    >>> X_res, y_res = star.fit_resample(X, y)
    >>> sorted(set(star.provenance_["gap"].round(4)))  # two rows on each link, at 1/3 and 2/3
    [0.3333, 0.6667]
    >>> poly = PolynomFitSMOTE(topology="polynomial", random_state=0)
    >>> _ = poly.fit_resample(X, y)
    >>> poly.curves_[1].shape, set(poly.provenance_["kind"])
    ((2, 3), {'curve'})
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "topology": [StrOptions(set(TOPOLOGIES))],
        "degree": [Interval(numbers.Integral, 1, None, closed="left")],
    }
    _value_checks = {"topology": check_topology, "degree": check_degree}

    def __init__(self, topology="star", sampling_strategy="auto", random_state=None, degree=2):
        self.topology = topology
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.degree = degree

    def _fit_resample(self, X, y):
        check_topology(self.topology)
        check_degree(self.degree)
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        self._check_class_sizes(class_counts(y))
        self.centers_ = {}
        if self.topology == "polynomial":
            self.curves_, self.order_ = {}, {}
        rows = NewRows(y.dtype, {"kind": object, "position": np.float64})
        for c, n_new in self.sampling_strategy_.items():
            if n_new:
                members = np.flatnonzero(y == c)
                X_class = X[members].toarray() if sparse.issparse(X) else np.asarray(X[members])
                X_class = X_class.astype(np.float64)
                self.centers_[c] = X_class.mean(axis=0)
                X_new, parents, neighbors, gaps, kind, position = self._rows(X_class, members, c, n_new)
                rows.add(c, cast_like(X, X_new), parents, neighbors, gaps, kind=np.full(n_new, kind, dtype=object),
                         position=position)
        return rows.result(X, y)

    def _check_class_sizes(self, counts):
        need = self.degree + 1 if self.topology == "polynomial" else 2
        for c, n_new in self.sampling_strategy_.items():
            if n_new and counts[c] < need:
                why = (f"topology='polynomial' with degree={self.degree} fits a curve through at least "
                       f"{need} samples — use degree ≤ {counts[c] - 1}" if self.topology == "polynomial" and
                       counts[c] > 1 else "every new row is made from at least two samples of its class")
                raise SmoteError(f"class {c!r} has {plural(counts[c], 'sample')}: {why}, or leave the class out of "
                                 "sampling_strategy.")

    def _rows(self, X_class, members, c, n_new):
        """``(rows, parents, neighbors, gaps, kind, position)`` of class ``c``'s new rows (float64 rows)."""
        rs = check_random_state(self.random_state)
        n = len(members)
        nan = np.full(n_new, np.nan)
        if self.topology == "polynomial":
            order = np.argsort(X_class.mean(axis=1), kind="stable")
            t = np.arange(n, dtype=np.float64)
            curves = np.vstack([np.polyfit(t, X_class[order, j], self.degree) for j in range(X_class.shape[1])])
            self.curves_[c], self.order_[c] = curves, members[order]
            positions = rs.uniform(0, n - 1, size=n_new)
            X_new = np.column_stack([np.polyval(coef, positions) for coef in curves])
            none = np.full(n_new, -1, dtype=np.int64)
            return X_new, none, none, nan, "curve", positions
        n_links = {"star": n, "bus": n - 1, "mesh": n * (n - 1) // 2}[self.topology]
        links, steps = links_and_steps(n_links, n_new, rs)
        if self.topology == "star":
            start, end = X_class[links], self.centers_[c]
            X_new = start + steps[:, None] * (end - start)
            return X_new, members[links], np.full(n_new, -1, dtype=np.int64), steps, "to_mean", nan
        i, j = (links, links + 1) if self.topology == "bus" else mesh_pair(links, n)
        X_new = X_class[i] + steps[:, None] * (X_class[j] - X_class[i])
        return X_new, members[i], members[j], steps, "pair", nan


def cast_like(X, rows):
    """Float64 ``rows`` in ``X``'s kind: its dtype (integers truncated toward zero; booleans stay float64), sparse
    if it is."""
    dtype = np.float64 if X.dtype == bool else X.dtype
    rows = rows.astype(dtype)
    return type(X)(rows) if sparse.issparse(X) else rows
