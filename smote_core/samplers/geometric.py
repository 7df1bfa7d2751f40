"""Geometric SMOTE — new rows anywhere inside a truncated, deformed hypersphere around each parent."""

from __future__ import annotations

import numbers

import numpy as np
from scipy import sparse
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import Interval, StrOptions

from .._validation import SmoteError, check_random_state
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes
from .polynom_fit import cast_like
from .smote import draw_pairs

SELECTION_STRATEGIES = ("combined", "majority", "minority")


def check_truncation(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not -1 <= value <= 1:
        raise SmoteError(f"truncation_factor={value!r}: give a number from −1 to 1 (1: the half of the sphere that "
                         "faces the surface point; 0: the whole sphere; −1: the half that faces away).")


def check_deformation(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise SmoteError(f"deformation_factor={value!r}: give a number from 0 (a sphere) to 1 (flattened onto the "
                         "line through the centre and the surface point).")


def check_selection(value):
    if value not in SELECTION_STRATEGIES:
        raise SmoteError(f"selection_strategy={value!r}: use 'combined', 'majority' or 'minority'.")


def geometric_points(centers, surfaces, truncation, deformation, directions, scales):
    """Points of the truncated, deformed hyperspheres (Douzas & Bacao's Algorithm 1), row by row.

    Each point starts as ``scales^(1/d) · directions/|directions|`` — uniform in the unit ball when ``directions``
    are standard normal and ``scales`` uniform in [0, 1) —, is reflected through the hyperplane orthogonal to
    ``e = (surface − center)/R`` when it lies beyond the truncation (``u·e < t − 1`` for ``t > 0``, ``u·e > t + 1``
    for ``t < 0``), has its part orthogonal to ``e`` shrunk by ``1 − deformation``, and is scaled by ``R`` and
    moved to ``center``. A centre that is its own surface point (``R = 0``) gives the centre.

    Parameters
    ----------
    centers, surfaces : float arrays of shape (m, d)
    truncation, deformation : float
    directions : float array of shape (m, d)
    scales : float array of shape (m,)

    Returns
    -------
    points : float array of shape (m, d)
    radii : float array of shape (m,)
    """
    d = centers.shape[1]
    offsets = surfaces - centers
    radii = np.linalg.norm(offsets, axis=1)
    unit = np.divide(offsets, radii[:, None], out=np.zeros_like(offsets), where=radii[:, None] > 0)
    u = directions / np.linalg.norm(directions, axis=1, keepdims=True) * (scales ** (1 / d))[:, None]
    along = np.sum(u * unit, axis=1)
    beyond = (along < truncation - 1) if truncation > 0 else (along > truncation + 1) if truncation < 0 else False
    u = u - (2 * along * beyond)[:, None] * unit
    along = np.sum(u * unit, axis=1)
    u = along[:, None] * unit + (1 - deformation) * (u - along[:, None] * unit)
    return centers + radii[:, None] * u, radii


class GeometricSMOTE(BaseOverSampler):
    """Geometric SMOTE (Douzas & Bacao, 2019), with provenance and the region every row was drawn from.

    For every new row of a class to grow, a *centre* ``x`` is drawn among the class's samples and a *surface
    point* is chosen by ``selection_strategy``:

    - ``"minority"``: one of the ``k_neighbors`` nearest same-class neighbours of ``x``, at random;
    - ``"majority"``: the nearest sample of another class;
    - ``"combined"``: both, and the one nearer to ``x``.

    The row is drawn uniformly inside the hypersphere of centre ``x`` and radius ``R = |surface − x|``, then
    *truncated* (``truncation_factor`` ``t``: with ``t > 0`` the part ``u·e < t − 1`` is mirrored into the rest, so
    ``t = 1`` keeps the half facing the surface point; ``t < 0`` keeps the part facing away; ``t = 0`` the whole
    sphere) and *deformed* (``deformation_factor`` ``δ``: the part orthogonal to ``e = (surface − x)/R`` shrinks
    by ``1 − δ``, so ``δ = 1`` is the segment's line), where ``u`` is the position relative to ``x`` in units of
    ``R``.

    Parameters
    ----------
    k_neighbors : int or estimator, default=5
        The number of same-class nearest neighbours a surface point may be (``"minority"``, ``"combined"``); or an
        object with ``fit`` and ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class, as :class:`smote_core.SMOTE` does.
    truncation_factor : float in [−1, 1], default=1.0
    deformation_factor : float in [0, 1], default=0.0
    selection_strategy : {"combined", "majority", "minority"}, default="combined"

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    nn_k_ : estimator
        The same-class neighbour estimator (fitted on the last class resampled).
    k_ : int
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: each sample's ``k_`` nearest same-class neighbours
        (positions in ``X``), the minority surface points it may take.
    nearest_other_ : dict
        ``{class: int array of shape (n_class,)}``: each sample's nearest sample of another class (positions in
        ``X``; only with ``"majority"`` or ``"combined"``).
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``: ``parent`` (the
        centre), ``neighbor`` (the surface point; positions in ``X``), ``gap`` (NaN: the row is not on the
        segment), ``class``, ``neighbor_other_class`` (the surface point is of another class) and ``radius``
        (``R``). The region a row was drawn from is the sphere of centre ``X[parent]`` through ``X[neighbor]``,
        truncated and deformed by ``truncation_factor`` and ``deformation_factor``: with
        ``u = (x_new − X[parent]) / R``, ``e`` the unit vector toward ``X[neighbor]``, ``a = u·e`` and
        ``p = |u − a·e|``, every row has ``a² + (p / (1 − δ))² ≤ 1`` (``p = 0`` when ``δ = 1``), ``a ≥ t − 1``
        when ``t > 0`` and ``a ≤ t + 1`` when ``t < 0``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Notes
    -----
    Follows the paper's algorithm, as imbalanced-learn-extra 0.2.10 (``imblearn_extra.gsmote.GeometricSMOTE``)
    does; this is not smote-variants' ``G_SMOTE``, which is another method (Sandhan & Choi, 2014). Differences from
    imbalanced-learn-extra, none in what is drawn from:

    - its random draws go one row at a time through one generator for all classes; here each class's draws are
      made at once (SMOTE's draws of centre and neighbour, then the directions) from a generator per class, so the
      rows differ for the same seed while their distribution is the same;
    - with more than two classes, "majority" means every other class (as there);
    - integer features are computed in float64 and cast back (truncated toward zero); booleans come back float64.

    Categorical features (imbalanced-learn-extra's ``categorical_features``) are not supported here. A sparse ``X``
    is made dense for the computation (the rows come back sparse).

    References
    ----------
    Douzas, G. and Bacao, F. "Geometric SMOTE a geometrically enhanced drop-in replacement for SMOTE",
    Information Sciences 501 (2019), pp. 118-135.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import GeometricSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (12, 2))])
    >>> y = np.array([0] * 40 + [1] * 12)
    >>> gs = GeometricSMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = gs.fit_resample(X, y)
    >>> prov = gs.provenance_
    >>> centre, surface = X[prov["parent"]], X[prov["neighbor"]]
    >>> bool(np.all(np.linalg.norm(X_res[52:] - centre, axis=1) <= prov["radius"] + 1e-12))
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "truncation_factor": [Interval(numbers.Real, -1, 1, closed="both")],
        "deformation_factor": [Interval(numbers.Real, 0, 1, closed="both")],
        "selection_strategy": [StrOptions(set(SELECTION_STRATEGIES))],
    }
    _value_checks = {"truncation_factor": check_truncation, "deformation_factor": check_deformation,
                     "selection_strategy": check_selection}

    def __init__(self, k_neighbors=5, sampling_strategy="auto", random_state=None, truncation_factor=1.0,
                 deformation_factor=0.0, selection_strategy="combined"):
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.truncation_factor = truncation_factor
        self.deformation_factor = deformation_factor
        self.selection_strategy = selection_strategy

    def _fit_resample(self, X, y):
        check_truncation(self.truncation_factor)
        check_deformation(self.deformation_factor)
        check_selection(self.selection_strategy)
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        if self.selection_strategy != "majority":
            check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        else:
            check_class_sizes(class_counts(y), self.sampling_strategy_, 1, param="the class size")
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        X_dense = X.toarray() if sparse.issparse(X) else np.asarray(X)
        X_dense = X_dense.astype(np.float64)
        self.nn_indices_ = {}
        if self.selection_strategy != "minority":
            self.nearest_other_ = {}
        rows = NewRows(y.dtype, {"neighbor_other_class": bool, "radius": np.float64})
        for c, n_new in self.sampling_strategy_.items():
            if n_new:
                self._grow_class(X, X_dense, y, c, n_new, rows)
        return rows.result(X, y)

    def _grow_class(self, X, X_dense, y, c, n_new, rows):
        members = np.flatnonzero(y == c)
        rs = check_random_state(self.random_state)
        if self.selection_strategy == "majority":
            nns = np.zeros((len(members), 1), dtype=np.int64)  # the centre is drawn; no same-class neighbour needed
        else:
            nns = class_neighbors(self.nn_k_, X[members])
            self.nn_indices_[c] = members[nns]
        picked, cols, scales = draw_pairs(rs, nns, n_new)
        centers = members[picked]
        surfaces = members[nns[picked, cols]]
        if self.selection_strategy != "minority":
            others = np.flatnonzero(y != c)
            nearest = others[NearestNeighbors(n_neighbors=1).fit(X_dense[others])
                             .kneighbors(X_dense[members], return_distance=False)[:, 0]]
            self.nearest_other_[c] = nearest
            candidate = nearest[picked]
            if self.selection_strategy == "majority":
                surfaces = candidate
            else:
                d_same = np.linalg.norm(X_dense[surfaces] - X_dense[centers], axis=1)
                d_other = np.linalg.norm(X_dense[candidate] - X_dense[centers], axis=1)
                surfaces = np.where(d_same > d_other, candidate, surfaces)
        directions = rs.normal(size=(n_new, X.shape[1]))
        points, radii = geometric_points(X_dense[centers], X_dense[surfaces], float(self.truncation_factor),
                                         float(self.deformation_factor), directions, scales)
        rows.add(c, cast_like(X, points), centers, surfaces, np.full(n_new, np.nan),
                 neighbor_other_class=y[surfaces] != c, radius=radii)
