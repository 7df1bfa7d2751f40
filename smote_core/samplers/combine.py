"""Over-sampling then cleaning: SMOTE + Tomek links, SMOTE + Edited Nearest Neighbours.

Both first run a smote_core over-sampler (SMOTE by default), then remove rows — original or synthetic — that the
cleaning rule flags. The output is bit-identical to imbalanced-learn's ``SMOTETomek`` and ``SMOTEENN`` (0.14) with
their default cleaners, and says which rows were removed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import mode
from sklearn.base import clone
from sklearn.neighbors import NearestNeighbors

from .._validation import SmoteError
from ._base import BaseOverSampler
from .smote import SMOTE


def tomek_links(X, y) -> np.ndarray:
    """Rows that belong to a Tomek link: two rows of different classes that are each other's nearest neighbour.

    Every class is cleaned (imbalanced-learn's ``TomekLinks(sampling_strategy="all")``), so both rows of a link are
    flagged.

    Returns
    -------
    ndarray of bool, shape (n,)
    """
    nn = NearestNeighbors(n_neighbors=2).fit(X)
    first = nn.kneighbors(X, return_distance=False)[:, 1]
    y = np.asarray(y)
    return (y[first] != y) & (first[first] == np.arange(len(y)))


def edited_nearest_neighbours(X, y, n_neighbors: int = 3, kind_sel: str = "all") -> np.ndarray:
    """Positions of the rows Edited Nearest Neighbours keeps, class by class in sorted class order.

    A row is kept when all (``kind_sel="all"``) or most (``"mode"``) of its ``n_neighbors`` nearest rows share its
    class; every class is cleaned (imbalanced-learn's ``EditedNearestNeighbours(sampling_strategy="all")``).
    """
    if kind_sel not in ("all", "mode"):
        raise SmoteError(f"kind_sel={kind_sel!r}: use 'all' or 'mode'.")
    y = np.asarray(y)
    nn = NearestNeighbors(n_neighbors=n_neighbors + 1).fit(X)
    kept = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        labels = y[nn.kneighbors(X[members], return_distance=False)[:, 1:]]
        if kind_sel == "all":
            ok = np.all(labels == c, axis=1)
        else:
            ok = np.ravel(mode(labels, axis=1, keepdims=False)[0]) == c
        kept.append(members[ok])
    return np.concatenate(kept) if kept else np.empty(0, dtype=int)


class _OverThenClean(BaseOverSampler):
    """Run ``smote_`` and clean its output; subclasses say which rows survive (``_keep``)."""

    _cleaner_name = ""

    def _validate_smote(self):
        if self.smote is None:
            return SMOTE(sampling_strategy=self.sampling_strategy, random_state=self.random_state)
        if not hasattr(self.smote, "fit_resample") or not hasattr(self.smote, "get_params"):
            raise SmoteError(
                f"smote={self.smote!r}: give a smote_core over-sampler such as SMOTE(k_neighbors=3), or None."
            )
        return clone(self.smote)

    def _fit_resample(self, X, y):
        """Over-sample with ``smote_``, then keep the rows ``_keep`` says, in its order.

        Returns ``(X_resampled, y_resampled, provenance)``: the surviving rows of (originals, then synthetic rows),
        and the provenance of the surviving synthetic rows, in output order, with their ``row`` in the output.
        """
        self.smote_ = self._validate_smote()
        X_mid, y_mid = self.smote_.fit_resample(X, y)
        X_mid, y_mid = (X_mid if sparse.issparse(X_mid) else np.asarray(X_mid)), np.asarray(y_mid)
        n = X.shape[0]
        keep = self._keep(X_mid, y_mid)
        self.sample_indices_ = keep
        kept_mask = np.zeros(len(y_mid), dtype=bool)
        kept_mask[keep] = True
        removed = np.flatnonzero(~kept_mask)
        self.removed_ = pd.DataFrame(
            {
                "source": np.where(removed < n, "original", "synthetic"),
                "index": np.where(removed < n, removed, removed - n),
                "class": y_mid[removed],
            }
        )
        prov = self.smote_.provenance_.copy()
        out_row = np.full(len(y_mid), -1)
        out_row[keep] = np.arange(len(keep))
        prov.insert(0, "synthetic_index", np.arange(len(prov)))
        prov["row"] = out_row[n:]
        prov = prov[prov["row"] >= 0].sort_values("row", kind="stable").reset_index(drop=True)
        self.nn_indices_ = getattr(self.smote_, "nn_indices_", {})
        return X_mid[keep], y_mid[keep], prov


class SMOTETomek(_OverThenClean):
    """SMOTE, then remove both rows of every Tomek link.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE; see :class:`smote_core.SMOTE`.
    random_state : None, int or RandomState, default=None
        Passed to the default SMOTE.
    smote : smote_core over-sampler, default=None
        Used instead of ``SMOTE(sampling_strategy, random_state)`` when given (cloned).

    Attributes
    ----------
    smote_ : the fitted over-sampler
    provenance_ : DataFrame
        One row per SURVIVING synthetic row, in output order: ``synthetic_index`` (its number among the rows the
        over-sampler made), ``parent``, ``neighbor``, ``gap``, ``class`` as in SMOTE, and ``row`` (its position in
        ``X_resampled``).
    removed_ : DataFrame
        The rows the cleaning removed: ``source`` ("original" or "synthetic"), ``index`` (position in X, or
        synthetic number) and ``class``.
    sample_indices_ : ndarray of int
        Positions, in (originals then synthetic rows), of the rows kept, in output order.
    nn_indices_ : dict
        The over-sampler's neighbour lists.

    Notes
    -----
    imbalanced-learn's ``SMOTETomek`` also takes a ``tomek`` estimator and ``n_jobs``; here the cleaner is always
    Tomek links over every class, which is imbalanced-learn's default, and the output is bit-identical to it.
    """

    def __init__(self, sampling_strategy="auto", random_state=None, smote=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote

    def _keep(self, X, y):
        return np.flatnonzero(~tomek_links(X, y))


class SMOTEENN(_OverThenClean):
    """SMOTE, then Edited Nearest Neighbours: remove rows whose neighbours disagree with their class.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE.
    random_state : None, int or RandomState, default=None
        Passed to the default SMOTE.
    smote : smote_core over-sampler, default=None
        Used instead of the default SMOTE when given (cloned).
    n_neighbors : int, default=3
        ENN's neighbourhood size.
    kind_sel : {"all", "mode"}, default="all"
        Keep a row when all (or most) of its neighbours share its class.

    Attributes
    ----------
    smote_, provenance_, removed_, sample_indices_, nn_indices_
        As in :class:`SMOTETomek`. ENN returns rows class by class (sorted class order), so synthetic rows are
        interleaved with originals in ``X_resampled``: ``provenance_["row"]`` says where each one is.

    Notes
    -----
    Bit-identical to imbalanced-learn's ``SMOTEENN`` with its default ``EditedNearestNeighbours`` (every class,
    ``n_neighbors=3``, ``kind_sel="all"``).
    """

    def __init__(self, sampling_strategy="auto", random_state=None, smote=None, n_neighbors=3, kind_sel="all"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel

    def _keep(self, X, y):
        if not isinstance(self.n_neighbors, (int, np.integer)) or self.n_neighbors < 1:
            raise SmoteError(f"n_neighbors={self.n_neighbors!r}: give a whole number ≥ 1 (3 is the usual choice).")
        if self.n_neighbors >= len(y):
            raise SmoteError(
                f"n_neighbors={self.n_neighbors} needs more than {self.n_neighbors} rows; there are {len(y)}."
            )
        return edited_nearest_neighbours(X, y, self.n_neighbors, self.kind_sel)
