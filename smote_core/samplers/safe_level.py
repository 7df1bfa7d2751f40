"""Safe-Level-SMOTE — the gap range shifted toward the safer end of each segment, one gap per feature."""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .._validation import SmoteError, check_random_state, plural
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes
from .borderline import other_class_counts
from .smote import interpolate


def interpolate_per_feature(X, parents, neighbors, gaps):
    """``X[parents] + gaps ⊙ (X[neighbors] − X[parents])`` with one gap per row *and feature*.

    Each column is :func:`smote_core.interpolate` of that column with its own gaps, so integer, boolean and sparse
    data are handled exactly as SMOTE handles them.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n, n_features)
    parents, neighbors : int arrays of shape (m,)
    gaps : float array of shape (m, n_features)

    Returns
    -------
    ndarray or sparse matrix of shape (m, n_features)
    """
    gaps = np.asarray(gaps, dtype=np.float64)
    columns = [interpolate(X[:, [j]], parents, neighbors, gaps[:, j]) for j in range(X.shape[1])]
    if sparse.issparse(X):
        return sparse.hstack(columns, format=X.format)
    return np.hstack(columns) if columns else np.empty((len(parents), 0), dtype=X.dtype)


def gap_ranges(safe_parent, safe_neighbor):
    """The interval each feature's gap is drawn from, given the two safe levels (the paper's five cases).

    With ``ratio = sl_p / sl_n``:

    - ``sl_p = sl_n = 0`` (case 1): no row — returned as NaN, NaN;
    - ``sl_n = 0 < sl_p`` (case 2, the neighbour is noise): [0, 0], a copy of the parent;
    - ``ratio = 1`` (case 3): [0, 1];
    - ``ratio > 1`` (case 4, the parent is safer): [0, 1/ratio], near the parent;
    - ``ratio < 1`` (case 5, the neighbour is safer): [1 − ratio, 1], near the neighbour.

    Returns
    -------
    low, high : float arrays
    """
    sl_p = np.asarray(safe_parent, dtype=np.float64)
    sl_n = np.asarray(safe_neighbor, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = sl_p / sl_n
        low = np.where(ratio < 1, 1 - ratio, 0.0)
        high = np.where(ratio > 1, 1 / ratio, 1.0)
    noise = (sl_n == 0) & (sl_p > 0)
    low[noise], high[noise] = 0.0, 0.0
    none = (sl_n == 0) & (sl_p == 0)
    low[none], high[none] = np.nan, np.nan
    return low, high


class SafeLevelSMOTE(BaseOverSampler):
    """Safe-Level-SMOTE (Bunkhumpornpat, Sinapiromsaran & Lursinsap, 2009), with provenance and the safe levels.

    The *safe level* of a sample of a class to grow is how many of its ``k_neighbors`` nearest neighbours in all of
    ``X`` are of its class (one class against the rest). For a sample ``p`` and one of its ``k_neighbors`` nearest
    same-class neighbours ``n``, with ``ratio = sl_p / sl_n``, each feature ``j`` of the new row is
    ``p_j + gap_j·(n_j − p_j)`` with its **own** ``gap_j`` drawn uniformly from

    - [0, 1] when ``ratio = 1`` (both equally safe),
    - [0, 1/ratio] when ``p`` is safer (``ratio > 1``): the row stays near ``p``,
    - [1 − ratio, 1] when ``n`` is safer (``ratio < 1``): the row moves near ``n``,
    - {0} when ``sl_n = 0 < sl_p`` (``n`` is noise): a copy of ``p``;

    and when both safe levels are 0 nothing is made from that pair. Because every feature has its own gap, the new
    row lies in the box spanned by ``p`` and ``n`` (restricted to the gap range), not on their segment.

    As in the paper, the samples of the class take turns: in each round every sample, in a random order, picks one
    of its neighbours at random and makes one row (or none, for two samples of safe level 0); rounds repeat until the
    class has its ``sampling_strategy_`` rows (the last round stops part-way).

    Parameters
    ----------
    k_neighbors : int or estimator, default=5
        The number of nearest neighbours, both for the safe levels (neighbours in all of ``X``) and for the
        neighbour a row is made towards (within the class); or an object with ``fit`` and ``kneighbors`` whose
        ``n_neighbors`` counts the sample itself (e.g. ``NearestNeighbors(n_neighbors=6)``).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class, as :class:`smote_core.SMOTE` does.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    nn_k_ : estimator
        The nearest-neighbour estimator (last fitted on the last class resampled).
    k_ : int
        The number of neighbours, without the sample itself.
    safe_levels_ : dict
        ``{class: int array}`` for every class that received new rows: for each sample of the class, in the order
        of ``X``, its safe level (0 … ``k_``).
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for each sample of the class, the positions in ``X`` of its
        ``k_`` nearest same-class neighbours (the ones it picks from).
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``: ``parent`` and
        ``neighbor`` (positions in ``X``), ``gap`` (always NaN: there is no single λ), ``class``, then ``feature_gaps``
        (one float64 array of ``n_features`` gaps per row), ``safe_level`` and ``neighbor_safe_level`` (``sl_p``
        and ``sl_n``) and ``gap_low``, ``gap_high`` (the range the gaps were drawn from), so that
        ``X_res[n + i] == X[parent] + feature_gaps · (X[neighbor] − X[parent])`` feature by feature (computed as
        :func:`interpolate_per_feature` does).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Raises
    ------
    SmoteError
        Besides SMOTE's input errors: when every sample of a class to grow and all of its neighbours have safe
        level 0 (no pair can make a row).

    Notes
    -----
    Follows the paper's algorithm (its Figure "Safe-Level-SMOTE algorithm"), including a gap drawn for each
    attribute inside the attribute loop. Where smote-variants 1.0.1 (``Safe_Level_SMOTE``) differs, this follows
    the paper:

    - smote-variants picks ``n`` among the ``k`` nearest neighbours in *all* of ``X`` (so a minority row can be made
      towards a majority sample); the paper takes ``n`` as a positive instance, and so does this class (the
      neighbours within the class, as in SMOTE).
    - smote-variants draws each row's (``p``, ``n``) pair uniformly among all allowed pairs; the paper loops over
      the positive instances, each picking one neighbour per pass, which is what this class does (so every sample
      is a parent about equally often, whatever its neighbours' safe levels).

    The gap ranges are the paper's half-open ones as drawn by ``uniform`` (e.g. [0, 1/ratio)). The first of the
    ``k + 1`` neighbours found is dropped, taking it to be the sample itself (with exact duplicates it can be a
    duplicate instead), as in :class:`smote_core.SMOTE`.

    References
    ----------
    Bunkhumpornpat, C., Sinapiromsaran, K. and Lursinsap, C. "Safe-Level-SMOTE: Safe-Level-Synthetic Minority
    Over-Sampling TEchnique for handling the class imbalanced problem", Advances in Knowledge Discovery and Data
    Mining (PAKDD 2009), LNCS 5476, pp. 475-482.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import SafeLevelSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (12, 2))])
    >>> y = np.array([0] * 40 + [1] * 12)
    >>> sl = SafeLevelSMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = sl.fit_resample(X, y)
    >>> int((y_res == 1).sum()), bool(sl.safe_levels_[1].max() <= 3)
    (40, True)
    >>> prov = sl.provenance_
    >>> lo, hi = prov["gap_low"].to_numpy(), prov["gap_high"].to_numpy()
    >>> bool(all((lo[i] <= g).all() and (g <= hi[i]).all() for i, g in enumerate(prov["feature_gaps"])))
    True
    """

    _parameter_constraints: dict = {**BaseOverSampler._parameter_constraints, "k_neighbors": NEIGHBORS_CONSTRAINT}

    def __init__(self, k_neighbors=5, sampling_strategy="auto", random_state=None):
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state

    def _fit_resample(self, X, y):
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        self.safe_levels_, self.nn_indices_ = {}, {}
        rows = NewRows(y.dtype, {"feature_gaps": object, "safe_level": np.int64, "neighbor_safe_level": np.int64,
                                 "gap_low": np.float64, "gap_high": np.float64})
        plans = {c: self._plan_class(X, y, c) for c, n_new in self.sampling_strategy_.items() if n_new}
        for c, (members, nns, safe) in plans.items():
            self._grow_class(X, c, members, nns, safe, rows)
        return rows.result(X, y)

    def _plan_class(self, X, y, c):
        """Class ``c``'s members, same-class neighbours (positions within the class) and safe levels; a class where
        no pair can make a row is refused before anything is drawn."""
        members = np.flatnonzero(y == c)
        self.nn_k_.fit(X)
        safe = self.k_ - other_class_counts(self.nn_k_, X, y, members, c)
        nns = class_neighbors(self.nn_k_, X[members])
        self.safe_levels_[c], self.nn_indices_[c] = safe, members[nns]
        if not ((safe[:, None] > 0) | (safe[nns] > 0)).any():
            raise SmoteError(
                f"Safe-Level-SMOTE cannot grow class {c!r}: every one of its {plural(len(members), 'sample')} has "
                f"safe level 0 (none of its k_neighbors={self.k_} nearest neighbours in X is of its class), and so "
                "have all their neighbours, so no pair may make a row. Try a larger k_neighbors, or SMOTE."
            )
        return members, nns, safe

    def _grow_class(self, X, c, members, nns, safe, rows):
        """Class ``c``'s rows, round after round (every sample once per round, in a random order)."""
        n_new = self.sampling_strategy_[c]
        rs = check_random_state(self.random_state)
        n_class = len(members)
        usable = (safe[:, None] > 0) | (safe[nns] > 0)  # not case 1
        per_round = usable.mean(axis=1).sum()  # rows a round makes on average
        picked, cols, draws, made = [], [], [], 0
        while made < n_new:
            n_rounds = int(np.ceil((n_new - made) / per_round)) + 1
            order = np.concatenate([rs.permutation(n_class) for _ in range(n_rounds)])
            col = rs.randint(0, self.k_, size=len(order))
            u = rs.uniform(size=(len(order), X.shape[1]))
            ok = usable[order, col]
            picked.append(order[ok])
            cols.append(col[ok])
            draws.append(u[ok])
            made += int(ok.sum())
        picked, cols, u = (np.concatenate(a)[:n_new] for a in (picked, cols, draws))
        sl_p, sl_n = safe[picked], safe[nns[picked, cols]]
        low, high = gap_ranges(sl_p, sl_n)
        gaps = low[:, None] + u * (high - low)[:, None]
        parents, neighbors = members[picked], members[nns[picked, cols]]
        rows.add(c, interpolate_per_feature(X, parents, neighbors, gaps), parents, neighbors,
                 np.full(n_new, np.nan), feature_gaps=list(gaps), safe_level=sl_p.astype(np.int64),
                 neighbor_safe_level=sl_n.astype(np.int64), gap_low=low, gap_high=high)
