"""Lee's SMOTE with rejection: SMOTE candidates kept only where most of their neighbours are of their class."""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval

from .._validation import SmoteError, check_random_state, plural
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes, provenance_block
from .smote import draw_pairs, interpolate

#: Candidates drawn per row asked for before a class is given up (see :class:`LeeSMOTE`'s Raises).
MAX_CANDIDATES_PER_ROW = 50


def check_rejection_level(value):
    """``rejection_level``: a fraction in [0, 1)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise SmoteError(
            f"rejection_level={value!r}: give a fraction from 0 up to (not including) 1 — a candidate is rejected "
            "when more than this fraction of its neighbours are of another class (0.5: when most are)."
        )


class LeeSMOTE(BaseOverSampler):
    """SMOTE with rejection (Lee, Kim & Lee, 2015), with provenance and the rejected candidates.

    Each candidate is a SMOTE row ``x + λ·(x_nn − x)`` (``x_nn`` one of the ``k_neighbors`` nearest same-class
    neighbours of ``x``, ``λ`` uniform in [0, 1), drawn as :class:`smote_core.SMOTE` draws them). It is kept only
    when at most ``rejection_level`` of its ``k_neighbors`` nearest neighbours among the original rows of ``X`` are
    of another class (``0.5``: rejected when most of them are); otherwise it is rejected, and candidates are drawn
    again, as many as are still missing, until the class has its ``sampling_strategy_`` rows.

    Parameters
    ----------
    k_neighbors : int or estimator, default=5
        The number of nearest neighbours, both to interpolate towards (within the class) and to judge a candidate
        (among all original rows); or an object with ``fit`` and ``kneighbors`` whose ``n_neighbors`` counts the
        sample itself (e.g. ``NearestNeighbors(n_neighbors=6)``).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class; its draws continue from one round of candidates
        to the next.
    rejection_level : float, default=0.5
        A candidate is rejected when more than this fraction of its ``k_neighbors`` nearest original rows are of
        another class.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are kept.
    nn_k_ : estimator
        The nearest-neighbour estimator (last fitted on ``X``, to judge the last class's candidates).
    k_ : int
        The number of neighbours, without the sample itself.
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for each sample of the class, the positions in ``X`` of its
        ``k_`` nearest same-class neighbours.
    provenance_ : pandas.DataFrame
        One row per kept synthetic sample, in the order they follow the originals in ``X_resampled``: ``parent``,
        ``neighbor``, ``gap``, ``class`` as in :class:`smote_core.SMOTE`, ``n_other_class`` (how many of the
        candidate's ``k_`` nearest original rows are of another class) and ``round`` (0 for the first round of
        candidates, 1 for the next, …).
    rejected_ : pandas.DataFrame
        Every rejected candidate, with the same columns as ``provenance_``: its row is
        ``interpolate(X, parent, neighbor, gap)``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Raises
    ------
    SmoteError
        Besides SMOTE's input errors: when a class has fewer rows kept than asked for after
        ``MAX_CANDIDATES_PER_ROW`` (50) candidates per row asked for — its samples are mostly surrounded by other
        classes; raise ``rejection_level`` or use SMOTE.

    Notes
    -----
    The neighbours that judge a candidate are original rows only (not the rows kept so far), as in the paper and in
    smote-variants 1.0.1 (``Lee``). Where smote-variants differs, this follows the paper:

    - smote-variants rejects a candidate when the fraction of majority neighbours is ``≥ rejection_level``, so at
      exactly half (an even ``k``) it rejects; the paper rejects when *most* neighbours are of the majority, so
      here a candidate with exactly half is kept (``> rejection_level`` rejects).
    - when no candidate is accepted for several rounds, smote-variants raises the rejection level by 0.1 and goes
      on; here the level stays what was asked for, and after the candidate budget a :class:`SmoteError` says so.
    - with more than two classes, "majority" is every other class (one class against the rest).

    References
    ----------
    Lee, J., Kim, N.-R. and Lee, J.-H. "An over-sampling technique with rejection for imbalanced class learning",
    Proceedings of the 9th International Conference on Ubiquitous Information Management and Communication
    (IMCOM 2015), article 102.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import LeeSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (12, 2))])
    >>> y = np.array([0] * 40 + [1] * 12)
    >>> lee = LeeSMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = lee.fit_resample(X, y)
    >>> int((y_res == 1).sum()), bool((lee.provenance_["n_other_class"] <= 1).all())
    (40, True)
    >>> bool((lee.rejected_["n_other_class"] >= 2).all())
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "rejection_level": [Interval(numbers.Real, 0, 1, closed="left")],
    }
    _value_checks = {"rejection_level": check_rejection_level}

    def __init__(self, k_neighbors=5, sampling_strategy="auto", random_state=None, rejection_level=0.5):
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.rejection_level = rejection_level

    def _fit_resample(self, X, y):
        check_rejection_level(self.rejection_level)
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        self.nn_indices_ = {}
        extra = {"n_other_class": np.int64, "round": np.int64}
        rows, rejected = NewRows(y.dtype, extra), []
        for c, n_new in self.sampling_strategy_.items():
            if n_new:
                rejected.append(self._grow_class(X, y, c, n_new, rows))
        self.rejected_ = (pd.concat(rejected, ignore_index=True) if rejected
                          else NewRows(y.dtype, extra).provenance())
        return rows.result(X, y)

    def _grow_class(self, X, y, c, n_new, rows):
        """Class ``c``'s kept rows (added to ``rows``); returns the provenance of its rejected candidates."""
        members = np.flatnonzero(y == c)
        nns = class_neighbors(self.nn_k_, X[members])
        self.nn_indices_[c] = members[nns]
        self.nn_k_.fit(X)  # the judges: the original rows of every class
        rs = check_random_state(self.random_state)
        limit = self.rejection_level * self.k_
        kept, thrown, n_kept, n_drawn, round_ = [], [], 0, 0, 0
        while n_kept < n_new:
            if n_drawn >= MAX_CANDIDATES_PER_ROW * n_new:
                raise SmoteError(
                    f"LeeSMOTE kept only {n_kept} of the {plural(n_new, 'row')} asked for class {c!r} after "
                    f"{n_drawn} candidates: most candidates have more than rejection_level={self.rejection_level} "
                    f"of their {self.k_} nearest neighbours of another class. Raise rejection_level (e.g. 0.8), or "
                    "use SMOTE, which keeps every candidate."
                )
            n_missing = n_new - n_kept
            picked, cols, gaps = draw_pairs(rs, nns, n_missing)
            parents, neighbors = members[picked], members[nns[picked, cols]]
            X_cand = interpolate(X, parents, neighbors, gaps)
            judges = self.nn_k_.kneighbors(X_cand, n_neighbors=self.k_, return_distance=False)
            n_other = np.sum(y[judges] != c, axis=1)
            ok = n_other <= limit
            block = (X_cand, parents, neighbors, gaps, n_other, np.full(n_missing, round_, dtype=np.int64))
            kept.append(tuple(part[ok] for part in block))
            thrown.append(tuple(part[~ok] for part in block[1:]))
            n_kept += int(ok.sum())
            n_drawn += n_missing
            round_ += 1
        for X_new, parents, neighbors, gaps, n_other, rounds in kept:
            if len(parents):
                rows.add(c, X_new, parents, neighbors, gaps, n_other_class=n_other, round=rounds)
        parts = [np.concatenate(p) for p in zip(*thrown)]
        return provenance_block(parts[0], parts[1], parts[2], np.full(len(parts[0]), c, dtype=y.dtype),
                                n_other_class=parts[3].astype(np.int64), round=parts[4])
