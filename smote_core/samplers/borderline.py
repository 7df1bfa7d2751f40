"""Borderline-SMOTE — imbalanced-learn 0.14's draws bit for bit, with provenance and every sample's danger status."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils._param_validation import StrOptions

from .._validation import SmoteError, check_random_state, plural
from ..neighbors import make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes
from .smote import draw_pairs, interpolate

KINDS = ("borderline-1", "borderline-2")
TYPOLOGY_TYPES = ("danger", "noise", "safe")


# --------------------------------------------------------------------------------------------------------------
# Helpers shared with SVM-SMOTE
# --------------------------------------------------------------------------------------------------------------


def check_kind(kind):
    """Borderline-SMOTE's ``kind``: ``"borderline-1"`` or ``"borderline-2"``."""
    if not isinstance(kind, str) or kind not in KINDS:
        raise SmoteError(f"kind={kind!r} is not known; use 'borderline-1' or 'borderline-2'.")


def check_total_rows(n_rows: int, strategy: dict, n_neighbors: int, param: str):
    """A neighbour search over all of ``X`` needs at least ``n_neighbors + 1`` rows (the sample and its neighbours).

    Only checked when some class gets new rows (as for the per-class sizes).
    """
    if n_rows > n_neighbors or not any(n for n in strategy.values()):
        return
    raise SmoteError(
        f"{param}={n_neighbors} needs at least {n_neighbors + 1} rows in X (each sample plus its {n_neighbors} nearest "
        f"neighbours among all classes), but X has {plural(n_rows, 'row')} — use {param} ≤ {n_rows - 1}."
    )


def other_class_counts(nn_m, X, y, positions, target) -> np.ndarray:
    """How many of the m nearest neighbours (in all of ``X``) of each row ``positions`` are not of class ``target``.

    ``nn_m`` is fitted on ``X`` already. The first neighbour found is dropped, taking it to be the sample itself (with
    exact duplicates it can be a duplicate instead), as imbalanced-learn does.
    """
    nns = nn_m.kneighbors(X[positions], return_distance=False)[:, 1:]
    return np.sum(y[nns] != target, axis=1).astype(np.int64)


def danger_noise(n_other: np.ndarray, m: int):
    """imbalanced-learn's rule: *danger* when ``m/2 ≤ n_other < m``, *noise* when ``n_other == m``, else *safe*."""
    danger = (n_other >= m / 2) & (n_other < m)
    noise = n_other == m
    return danger, noise


def typology_labels(n_other: np.ndarray, m: int) -> np.ndarray:
    danger, noise = danger_noise(n_other, m)
    return np.where(danger, "danger", np.where(noise, "noise", "safe")).astype(object)


def typology_frame(blocks: list, y_dtype, extra_columns: dict | None = None) -> pd.DataFrame:
    """Concatenate per-class typology blocks, or an empty frame with the right columns and dtypes."""
    if blocks:
        return pd.concat(blocks, ignore_index=True)
    columns = {
        "position": np.empty(0, dtype=np.int64),
        "class": np.empty(0, dtype=y_dtype),
        "type": np.empty(0, dtype=object),
        "n_other_class": np.empty(0, dtype=np.int64),
    }
    columns.update(extra_columns or {})
    return pd.DataFrame(columns)


def neighbour_table(nn_k, X, pool, queries, known_rows=None, known=None) -> np.ndarray:
    """Positions in ``X`` of the k nearest neighbours (within ``pool``) of every row ``queries``.

    ``nn_k`` is fitted on ``X[pool]``. Rows whose neighbours were already found (``known_rows``, a bool mask over
    ``queries``, with their ``known`` neighbours) are kept as they are; the others are searched here. This keeps the
    neighbours that generated rows exactly those of the search that generated them.
    """
    k = nn_k.n_neighbors - 1 if known is None else known.shape[1]
    table = np.empty((len(queries), k), dtype=np.int64)
    todo = np.ones(len(queries), dtype=bool)
    if known_rows is not None:
        table[known_rows] = known
        todo = ~known_rows
    if todo.any():
        table[todo] = pool[nn_k.kneighbors(X[queries[todo]], return_distance=False)[:, 1:]]
    return table


# --------------------------------------------------------------------------------------------------------------
# Borderline-SMOTE
# --------------------------------------------------------------------------------------------------------------


class BorderlineSMOTE(BaseOverSampler):
    """Borderline-SMOTE (Han, Wang & Mao, 2005), with provenance and the danger status of every sample.

    For every class to grow, each of its samples is classified by its ``m_neighbors`` nearest neighbours in all of
    ``X`` (one class against the rest): with ``m'`` of them of another class, the sample is

    - **noise** when ``m' = m`` (all neighbours are of other classes),
    - **in danger** when ``m/2 ≤ m' < m`` (on the border),
    - **safe** when ``m' < m/2``.

    Only samples in danger become parents. Each new row is ``x + λ·(x_nn − x)`` with ``λ`` uniform in [0, 1) and:

    - ``kind="borderline-1"``: ``x_nn`` one of the ``k_neighbors`` nearest neighbours of ``x`` *within its class*;
    - ``kind="borderline-2"``: ``x_nn`` one of the ``k_neighbors`` nearest neighbours of ``x`` *in all of X*. When
      ``x_nn`` is of another class, the difference ``x_nn − x`` is first multiplied by ``r`` uniform in [0, 0.5),
      so the new row stays in the half of the segment nearer to ``x``.

    The output is bit-identical to ``imblearn.over_sampling.BorderlineSMOTE`` 0.14 for the same inputs and
    ``random_state``, except for the documented differences in Notes.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
        ``"auto"`` grows every class but the majority to the majority's size.
    random_state : None, int or numpy.random.RandomState, default=None
        As in imbalanced-learn, an int gives a fresh ``RandomState(int)`` for each class's draws (and, for
        borderline-2, another fresh one for the scale factors ``r``).
    k_neighbors : int or estimator, default=5
        Number of nearest neighbours to interpolate towards (within the class for borderline-1, in all of ``X`` for
        borderline-2), or an object with ``fit`` and ``kneighbors`` whose ``n_neighbors`` counts the
        sample itself (e.g. ``NearestNeighbors(n_neighbors=6)``).
    m_neighbors : int or estimator, default=10
        Number of nearest neighbours in all of ``X`` that decide whether a sample is in danger, noise or safe; or
        an estimator as for ``k_neighbors`` (its ``n_neighbors`` counts the sample itself).
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    nn_k_ : estimator
        The ``k_neighbors`` estimator (fitted on the last class's pool of neighbours).
    nn_m_ : estimator
        The ``m_neighbors`` estimator (fitted on ``X``).
    k_, m_ : int
        The numbers of neighbours, without the sample itself.
    in_danger_ : dict
        ``{class: bool array}`` for every class that received new rows: for each sample of the class, in the order
        they occur in ``X``, whether it is in danger (only those are parents).
    in_danger_indices : dict
        ``{class: int array}``: the positions in ``X`` of the class's samples in danger, the ones new rows are made
        from (imbalanced-learn's attribute, with its name: no trailing underscore).
    noise_ : dict
        ``{class: bool array}``, same layout as ``in_danger_``: whether the sample is noise.
    typology_ : pandas.DataFrame
        One row per sample of every class that received new rows (classes in sorted order, samples in the order of
        ``X``), with columns ``position`` (row in ``X``), ``class``, ``type`` (``"danger"``, ``"noise"`` or
        ``"safe"``) and ``n_other_class`` (how many of its ``m_`` nearest neighbours are of another class).
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for each sample of the class, in the order of ``X``, the
        positions in ``X`` of its ``k_`` nearest neighbours — within the class for borderline-1, among all of
        ``X`` (any class) for borderline-2. For samples in danger these are exactly the neighbours new rows were
        drawn from; for the others (never parents) they are searched separately, for display.
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``, with columns
        ``parent`` and ``neighbor`` (0-based positions in the ``X`` given to ``fit_resample``), ``gap``, ``class``
        and ``neighbor_other_class`` (bool; always False for borderline-1). ``gap`` is the *effective* step:
        ``λ``, or ``λ·r`` when the neighbour is of another class, so that
        ``X_res[n + i] == X[parent] + gap · (X[neighbor] − X[parent])``. The equality is exact (computed as
        :func:`smote_core.interpolate` does) for every row except borderline-2 rows with a neighbour of another
        class on floating-point data, where the row is computed as imbalanced-learn does,
        ``x + λ·(r·(x_nn − x))``, and the formula holds up to rounding (a few units in the last place).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Raises
    ------
    SmoteError
        Besides SMOTE's input errors (``k_neighbors`` too large for a class — for borderline-1 — or for ``X``):
        ``m_neighbors`` too large for ``X``, an unknown ``kind``, and a class with no sample in danger (see Notes).

    Notes
    -----
    Differences from imbalanced-learn, all where it gives no or wrong results:

    - **No sample in danger is an error.** When no sample of a class to grow is in danger, imbalanced-learn
      silently skips the class: no error, no warning, the class keeps its original size and ``in_danger_indices``
      has no entry for it (the other classes are still resampled), so the result is not balanced as asked. Here
      this raises :class:`smote_core.SmoteError` ("no sample of class 'x' is in danger — Borderline-SMOTE
      generates nothing here; try SMOTE"), before anything is drawn.
    - **borderline-2 on integer or sparse data.** imbalanced-learn scales the differences in place in the input
      dtype and fails on integer arrays (``UFuncTypeError``: it cannot store the scaled float difference in an
      integer array — even when no neighbour of another class was drawn); on a sparse matrix it multiplies by the
      scale factors with a matrix product, which fails with a dimension mismatch or — when the number of
      cross-class picks happens to equal the number of features — silently gives wrong rows. Here integer,
      boolean and sparse data are interpolated as :func:`smote_core.interpolate` does with the effective gap
      (integers: exact differences, combined in float64, cast back, truncated toward zero), so the provenance
      formula holds exactly there. The draws are the same as on dense floating-point data.
    - Integer and boolean features otherwise follow :class:`smote_core.SMOTE`'s fixes (no wrap-around of
      unsigned integers; booleans come back as float64).

    As in imbalanced-learn, the first of the ``m + 1`` (or ``k + 1``) neighbours found is dropped, taking it to be
    the sample itself; with exact duplicate rows it can be a duplicate instead.

    References
    ----------
    Han, H., Wang, W.-Y. and Mao, B.-H. "Borderline-SMOTE: a new over-sampling method in imbalanced data sets
    learning", Advances in Intelligent Computing (ICIC 2005), pp. 878-887.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import BorderlineSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (12, 2))])
    >>> y = np.array([0] * 40 + [1] * 12)
    >>> bs = BorderlineSMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = bs.fit_resample(X, y)
    >>> int((y_res == 1).sum()), len(bs.provenance_)
    (40, 28)
    >>> bool(bs.in_danger_[1][np.searchsorted(np.flatnonzero(y == 1), bs.provenance_["parent"])].all())
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "kind": [StrOptions(set(KINDS))],
    }
    _value_checks = {"kind": check_kind}
    _fitted_names = ("in_danger_indices",)

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, m_neighbors=10,
                 kind="borderline-1"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.kind = kind

    def _fit_resample(self, X, y):
        self._check_data_params(y)
        # Every class's danger status first: a class with nothing in danger is refused before anything is drawn.
        members_of = self._classify(X, y)
        self._refuse_classes_without_danger()
        self.in_danger_indices = {c: members[self.in_danger_[c]] for c, members in members_of.items()}
        self.nn_indices_ = {}
        rows = NewRows(y.dtype, {"neighbor_other_class": bool})
        for c, members in members_of.items():
            self._grow_class(X, y, c, members, rows)
        return rows.result(X, y)

    def _check_data_params(self, y):
        """Check ``kind``, the neighbour counts against the data and ``random_state``; set ``nn_k_``, ``k_``, …"""
        check_kind(self.kind)
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        self.nn_m_, self.m_ = make_neighbors(self.m_neighbors, name="m_neighbors")
        if self.kind == "borderline-2":  # neighbours come from all of X
            check_total_rows(len(y), self.sampling_strategy_, self.k_, "k_neighbors")
        else:
            check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_total_rows(len(y), self.sampling_strategy_, self.m_, "m_neighbors")
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows

    def _classify(self, X, y):
        """Danger, noise and typology of every sample of every class to grow; ``{class: its positions in X}``."""
        self.in_danger_, self.noise_ = {}, {}
        typology_blocks, members_of = [], {}
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            members = np.flatnonzero(y == c)
            members_of[c] = members
            self.nn_m_.fit(X)
            n_other = other_class_counts(self.nn_m_, X, y, members, c)
            self.in_danger_[c], self.noise_[c] = danger_noise(n_other, self.m_)
            typology_blocks.append(pd.DataFrame({
                "position": members.astype(np.int64), "class": np.full(len(members), c, dtype=y.dtype),
                "type": typology_labels(n_other, self.m_), "n_other_class": n_other,
            }))
        self.typology_ = typology_frame(typology_blocks, y.dtype)
        return members_of

    def _refuse_classes_without_danger(self):
        for c, danger in self.in_danger_.items():
            if not danger.any():
                n_noise = int(self.noise_[c].sum())
                raise SmoteError(
                    f"no sample of class {c!r} is in danger — Borderline-SMOTE generates nothing here; try SMOTE. "
                    f"(A sample is in danger when at least half, but not all, of its m_neighbors={self.m_} nearest "
                    f"neighbours are of another class; of the {plural(len(danger), 'sample')} of this class, "
                    f"{len(danger) - n_noise} are safe and {n_noise} are noise. A different m_neighbors may also "
                    "help.)"
                )

    def _grow_class(self, X, y, c, members, rows):
        """Class ``c``'s new rows from its samples in danger (added to ``rows``); stores its ``nn_indices_``."""
        borderline_2 = self.kind == "borderline-2"
        n_new = self.sampling_strategy_[c]
        danger = self.in_danger_[c]
        danger_pos = members[danger]
        pool = np.arange(len(y)) if borderline_2 else members
        self.nn_k_.fit(X[pool])
        nns = self.nn_k_.kneighbors(X[danger_pos], return_distance=False)[:, 1:]
        candidates = pool[nns]  # positions in X, one row per sample in danger
        self.nn_indices_[c] = neighbour_table(self.nn_k_, X, pool, members, danger, candidates)

        picked, cols, steps = draw_pairs(self.random_state, nns, n_new)
        parents = danger_pos[picked]
        neighbors = candidates[picked, cols]
        if borderline_2:
            other = y[neighbors] != c
            # imbalanced-learn draws the scale factors from a fresh check_random_state(random_state).
            scales = check_random_state(self.random_state).uniform(low=0.0, high=0.5, size=(other.sum(), 1))
            gaps = steps.copy()
            gaps[other] = steps[other] * scales[:, 0]
            X_new = _borderline2_rows(X, parents, neighbors, steps, gaps, other, scales)
        else:
            other = np.zeros(n_new, dtype=bool)
            gaps = steps
            X_new = interpolate(X, parents, neighbors, gaps)
        rows.add(c, X_new, parents, neighbors, gaps, neighbor_other_class=other)


def _borderline2_rows(X, parents, neighbors, steps, gaps, other, scales):
    """The new rows of borderline-2.

    Dense floating-point data is computed exactly as imbalanced-learn does (bit-identical): the difference
    ``x_nn − x`` in the input dtype, the rows whose neighbour is of another class multiplied by ``r`` and stored back
    in that dtype, then ``x + λ·diff`` in float64, cast to the input dtype. Everything else (integer, boolean and
    sparse data, where imbalanced-learn fails) is :func:`smote_core.interpolate` with the effective gaps.
    """
    if sparse.issparse(X) or X.dtype.kind != "f":
        return interpolate(X, parents, neighbors, gaps)
    diffs = X[neighbors] - X[parents]
    diffs[other] = (diffs[other] * scales).astype(diffs.dtype, copy=False)
    return (X[parents] + steps[:, np.newaxis] * diffs).astype(X.dtype)
