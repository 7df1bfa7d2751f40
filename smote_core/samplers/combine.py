"""Over-sampling then cleaning: SMOTE + Tomek links, SMOTE + Edited Nearest Neighbours.

Both first run a smote_core over-sampler (SMOTE by default), then remove rows — original or synthetic — that the
cleaning rule flags. The output is bit-identical to imbalanced-learn's ``SMOTETomek`` and ``SMOTEENN`` (0.14) with
their default cleaners, and says which rows were removed.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import mode
from sklearn.base import BaseEstimator, clone
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from .._validation import SmoteError
from ._base import N_JOBS_CONSTRAINT, BaseOverSampler
from .smote import SMOTE


def tomek_links(X, y, n_jobs=None) -> np.ndarray:
    """Rows that belong to a Tomek link: two rows of different classes that are each other's nearest neighbour.

    Every class is cleaned (imbalanced-learn's ``TomekLinks(sampling_strategy="all")``), so both rows of a link are
    flagged.

    Returns
    -------
    ndarray of bool, shape (n,)
    """
    nn = NearestNeighbors(n_neighbors=2, n_jobs=n_jobs).fit(X)
    first = nn.kneighbors(X, return_distance=False)[:, 1]
    y = np.asarray(y)
    return (y[first] != y) & (first[first] == np.arange(len(y)))


def edited_nearest_neighbours(X, y, n_neighbors: int = 3, kind_sel: str = "all", n_jobs=None) -> np.ndarray:
    """Positions of the rows Edited Nearest Neighbours keeps, class by class in sorted class order.

    A row is kept when all (``kind_sel="all"``) or most (``"mode"``) of its ``n_neighbors`` nearest rows share its
    class; every class is cleaned (imbalanced-learn's ``EditedNearestNeighbours(sampling_strategy="all")``).
    """
    _check_kind_sel(kind_sel)
    y = np.asarray(y)
    nn = NearestNeighbors(n_neighbors=n_neighbors + 1, n_jobs=n_jobs).fit(X)
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


def _check_kind_sel(kind_sel):
    if kind_sel not in ("all", "mode"):
        raise SmoteError(f"kind_sel={kind_sel!r}: use 'all' or 'mode'.")


def _check_enn_neighbors(n_neighbors):
    if not isinstance(n_neighbors, (int, np.integer)) or isinstance(n_neighbors, bool) or n_neighbors < 1:
        raise SmoteError(f"n_neighbors={n_neighbors!r}: give a whole number ≥ 1 (3 is the usual choice).")


def _check_estimator(value, name: str, methods: tuple, what: str):
    """``value`` is None or has ``methods``; else a SmoteError saying what to give (``what``)."""
    if value is not None and not all(hasattr(value, m) for m in methods):
        raise SmoteError(f"{name}={value!r}: give {what}, or None.")


SMOTE_WANTED = "a smote_core over-sampler such as SMOTE(k_neighbors=3)"
SMOTE_METHODS = ("fit_resample", "get_params")
CLEANER_WANTED = ("a cleaning sampler with fit_resample that sets sample_indices_, such as "
                  "imblearn.under_sampling.{}")


class TomekCleaner(BaseEstimator):
    """SMOTETomek's default cleaning step: remove both rows of every Tomek link (every class).

    imbalanced-learn's ``TomekLinks(sampling_strategy="all", n_jobs=n_jobs)``, bit for bit, without importing it.

    Parameters
    ----------
    n_jobs : int or None, default=None
        Jobs for the nearest-neighbour search.

    Attributes
    ----------
    sample_indices_ : ndarray of int
        Positions, in the ``X`` given to ``fit_resample``, of the rows kept, in output order.
    """

    def __init__(self, *, n_jobs=None):
        self.n_jobs = n_jobs

    def fit_resample(self, X, y):
        """The rows of ``X`` and ``y`` that are in no Tomek link.

        Returns
        -------
        X_resampled, y_resampled : ``X[sample_indices_]``, ``y[sample_indices_]``
        """
        self.sample_indices_ = np.flatnonzero(~tomek_links(X, y, self.n_jobs))
        return X[self.sample_indices_], np.asarray(y)[self.sample_indices_]


class ENNCleaner(BaseEstimator):
    """SMOTEENN's default cleaning step: Edited Nearest Neighbours over every class.

    imbalanced-learn's ``EditedNearestNeighbours(sampling_strategy="all", n_neighbors=..., kind_sel=...,
    n_jobs=...)``, bit for bit, without importing it.

    Parameters
    ----------
    n_neighbors : int, default=3
    kind_sel : {"all", "mode"}, default="all"
    n_jobs : int or None, default=None

    Attributes
    ----------
    sample_indices_ : ndarray of int
        Positions, in the ``X`` given to ``fit_resample``, of the rows kept, class by class (sorted class order).
    """

    def __init__(self, *, n_neighbors=3, kind_sel="all", n_jobs=None):
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def fit_resample(self, X, y):
        """The rows of ``X`` and ``y`` whose neighbours agree with their class.

        Returns
        -------
        X_resampled, y_resampled : ``X[sample_indices_]``, ``y[sample_indices_]``
        """
        _check_enn_neighbors(self.n_neighbors)
        if self.n_neighbors >= len(y):
            raise SmoteError(
                f"n_neighbors={self.n_neighbors} needs more than {self.n_neighbors} rows; there are {len(y)}."
            )
        self.sample_indices_ = edited_nearest_neighbours(X, y, self.n_neighbors, self.kind_sel, self.n_jobs)
        return X[self.sample_indices_], np.asarray(y)[self.sample_indices_]


class _OverThenClean(BaseOverSampler):
    """Run ``smote_`` and clean its output with the cleaner (``tomek_`` or ``enn_``); subclasses name the cleaner."""

    _cleaner = ""  # the parameter naming the cleaning step: "tomek" or "enn"
    _cleaner_example = ""  # imbalanced-learn's class for it, for the messages
    _value_checks = {"smote": functools.partial(_check_estimator, name="smote", methods=SMOTE_METHODS,
                                                what=SMOTE_WANTED)}

    def __sklearn_tags__(self):
        """A sampler's tags; ``sample_indices_`` is set (see the class's Attributes for what it holds)."""
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags

    def _validate_smote(self):
        _check_estimator(self.smote, "smote", SMOTE_METHODS, SMOTE_WANTED)
        if self.smote is None:
            return SMOTE(sampling_strategy=self.sampling_strategy, random_state=self.random_state)
        return clone(self.smote)

    def _validate_cleaner(self):
        given = getattr(self, self._cleaner)
        _check_estimator(given, self._cleaner, ("fit_resample",), CLEANER_WANTED.format(self._cleaner_example))
        return self._default_cleaner() if given is None else clone(given)

    def _fit_resample(self, X, y):
        """Over-sample with ``smote_``, then keep the rows the cleaner keeps, in its order.

        Returns ``(X_resampled, y_resampled, provenance)``: the surviving rows of (originals, then synthetic rows),
        and the provenance of the surviving synthetic rows, in output order, with their ``row`` in the output.
        """
        self.smote_ = self._validate_smote()
        cleaner = self._validate_cleaner()
        X_mid, y_mid = self.smote_.fit_resample(X, y)
        if not hasattr(self.smote_, "provenance_"):
            raise SmoteError(
                f"smote={self.smote!r} kept no provenance_: give {SMOTE_WANTED} (imbalanced-learn's own samplers do "
                "not say where their rows came from)."
            )
        X_mid, y_mid = (X_mid if sparse.issparse(X_mid) else np.asarray(X_mid)), np.asarray(y_mid)
        cleaner.fit_resample(X_mid, y_mid)
        setattr(self, f"{self._cleaner}_", cleaner)
        keep = getattr(cleaner, "sample_indices_", None)
        if keep is None:
            raise SmoteError(
                f"the {self._cleaner} cleaner {type(cleaner).__name__} has no sample_indices_ after fit_resample: "
                f"give {CLEANER_WANTED.format(self._cleaner_example)}."
            )
        keep = np.asarray(keep, dtype=np.int64)
        self.sample_indices_ = keep
        n = X.shape[0]
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


_COMBINED_CONSTRAINTS = {
    **BaseOverSampler._parameter_constraints,
    "smote": [HasMethods(["fit_resample", "get_params"]), None],
    "n_jobs": N_JOBS_CONSTRAINT,
}


class SMOTETomek(_OverThenClean):
    """SMOTE, then remove both rows of every Tomek link.

    The same parameters as ``imblearn.combine.SMOTETomek`` 0.14, and bit-identical output.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE; see :class:`smote_core.SMOTE`.
    random_state : None, int or RandomState, default=None
        Passed to the default SMOTE.
    smote : smote_core over-sampler, default=None
        Used instead of ``SMOTE(sampling_strategy, random_state)`` when given (cloned).
    tomek : cleaning sampler, default=None
        The cleaning step (cloned): anything with ``fit_resample`` that sets ``sample_indices_``, such as
        ``imblearn.under_sampling.TomekLinks(sampling_strategy="majority")``. None: both rows of every Tomek link
        go, every class (:class:`TomekCleaner`, which is imbalanced-learn's default
        ``TomekLinks(sampling_strategy="all")``).
    n_jobs : int or None, default=None
        Jobs for the default cleaner's nearest-neighbour search.

    Attributes
    ----------
    smote_ : the fitted over-sampler
    tomek_ : the fitted cleaner
        Its ``sample_indices_`` are positions in the over-sampler's output (originals, then synthetic rows), as in
        imbalanced-learn.
    provenance_ : DataFrame
        One row per SURVIVING synthetic row, in output order: ``synthetic_index`` (its number among the rows the
        over-sampler made), ``parent``, ``neighbor``, ``gap``, ``class`` as in SMOTE, and ``row`` (its position in
        ``X_resampled``).
    removed_ : DataFrame
        The rows the cleaning removed: ``source`` ("original" or "synthetic"), ``index`` (position in X, or
        synthetic number) and ``class``.
    sample_indices_ : ndarray of int
        ``tomek_.sample_indices_``: positions, in (originals then synthetic rows), of the rows kept, in output
        order, so that ``X_resampled`` is that block's rows ``sample_indices_``. The entries below ``len(X)`` are
        rows of ``X``. (imbalanced-learn's ``SMOTETomek`` has no ``sample_indices_``; its ``tomek_`` has these.)
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}`` from ``sampling_strategy`` (imbalanced-learn stores the parameter as given).
    nn_indices_ : dict
        The over-sampler's neighbour lists.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.
    """

    _cleaner, _cleaner_example = "tomek", "TomekLinks()"
    _value_checks = {"tomek": functools.partial(_check_estimator, name="tomek", methods=("fit_resample",),
                                                what=CLEANER_WANTED.format(_cleaner_example))}
    _parameter_constraints: dict = {**_COMBINED_CONSTRAINTS, "tomek": [HasMethods(["fit_resample"]), None]}

    def __init__(self, sampling_strategy="auto", random_state=None, smote=None, *, tomek=None, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.tomek = tomek
        self.n_jobs = n_jobs

    def _default_cleaner(self):
        return TomekCleaner(n_jobs=self.n_jobs)


class SMOTEENN(_OverThenClean):
    """SMOTE, then Edited Nearest Neighbours: remove rows whose neighbours disagree with their class.

    The same parameters as ``imblearn.combine.SMOTEENN`` 0.14 (plus ``n_neighbors`` and ``kind_sel`` for the
    default cleaner), and bit-identical output.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE.
    random_state : None, int or RandomState, default=None
        Passed to the default SMOTE.
    smote : smote_core over-sampler, default=None
        Used instead of the default SMOTE when given (cloned).
    n_neighbors : int, default=3
        The default cleaner's neighbourhood size.
    kind_sel : {"all", "mode"}, default="all"
        The default cleaner keeps a row when all (or most) of its neighbours share its class.
    enn : cleaning sampler, default=None
        The cleaning step (cloned): anything with ``fit_resample`` that sets ``sample_indices_``, such as
        ``imblearn.under_sampling.EditedNearestNeighbours(n_neighbors=5)``; then ``n_neighbors`` and ``kind_sel``
        must keep their defaults (give them to ``enn``). None: :class:`ENNCleaner` with ``n_neighbors``,
        ``kind_sel`` and ``n_jobs``, every class (imbalanced-learn's default
        ``EditedNearestNeighbours(sampling_strategy="all")``).
    n_jobs : int or None, default=None
        Jobs for the default cleaner's nearest-neighbour search.

    Attributes
    ----------
    smote_, enn_, provenance_, removed_, sample_indices_, sampling_strategy_, nn_indices_
        As in :class:`SMOTETomek` (``enn_`` for ``tomek_``). ENN returns rows class by class (sorted class order),
        so synthetic rows are interleaved with originals in ``X_resampled``: ``provenance_["row"]`` says where each
        one is.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Notes
    -----
    Bit-identical to imbalanced-learn's ``SMOTEENN`` with its default ``EditedNearestNeighbours`` (every class,
    ``n_neighbors=3``, ``kind_sel="all"``), and with any ``enn`` given to both.
    """

    _cleaner, _cleaner_example = "enn", "EditedNearestNeighbours()"
    _value_checks = {"enn": functools.partial(_check_estimator, name="enn", methods=("fit_resample",),
                                              what=CLEANER_WANTED.format(_cleaner_example)),
                     "n_neighbors": _check_enn_neighbors, "kind_sel": _check_kind_sel}
    _parameter_constraints: dict = {
        **_COMBINED_CONSTRAINTS,
        "enn": [HasMethods(["fit_resample"]), None],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "kind_sel": [StrOptions({"all", "mode"})],
    }

    def __init__(self, sampling_strategy="auto", random_state=None, smote=None, n_neighbors=3, kind_sel="all", *,
                 enn=None, n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.enn = enn
        self.n_jobs = n_jobs

    def _default_cleaner(self):
        return ENNCleaner(n_neighbors=self.n_neighbors, kind_sel=self.kind_sel, n_jobs=self.n_jobs)

    def _validate_cleaner(self):
        if self.enn is not None and (self.n_neighbors, self.kind_sel) != (3, "all"):
            raise SmoteError(
                f"n_neighbors={self.n_neighbors!r} and kind_sel={self.kind_sel!r} set up the default cleaner, and "
                f"enn={self.enn!r} is given: set them on enn instead, or leave enn=None."
            )
        return super()._validate_cleaner()
