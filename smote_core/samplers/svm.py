"""SVM-SMOTE — imbalanced-learn 0.14's draws bit for bit, exactly the number of rows asked for, with provenance."""

from __future__ import annotations

import functools
import numbers

import numpy as np
import pandas as pd
from sklearn.svm import SVC
from sklearn.utils._param_validation import HasMethods, Interval

from .._validation import SmoteError, check_random_state, plural
from ..neighbors import make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes, fresh_estimator
from .borderline import (
    check_total_rows,
    danger_noise,
    neighbour_table,
    other_class_counts,
    typology_frame,
    typology_labels,
)
from .smote import draw_pairs, interpolate


def _check_out_step(step):
    if not isinstance(step, numbers.Real) or isinstance(step, bool) or not (0 <= step <= 1):
        raise SmoteError(
            f"out_step={step!r}: give a number from 0 to 1 (how far a safe support vector extrapolates, as a "
            "fraction of the distance to its neighbour; 0.5 is the usual choice)."
        )


def _check_svm(svm_estimator, random_state):
    """The SVM to fit: ``SVC(gamma="scale", random_state=random_state)`` for None, else a clone of the one given."""
    return fresh_estimator(
        svm_estimator, lambda: SVC(gamma="scale", random_state=random_state),
        f"svm_estimator={svm_estimator!r} has no fit/predict methods: give a classifier such as sklearn.svm.SVC(), "
        "or None for the default SVC.",
    )


class SVMSMOTE(BaseOverSampler):
    """SVM-SMOTE (Nguyen, Cooper & Kamei, 2009), with provenance: new rows around an SVM's support vectors.

    For every class to grow, an SVM is fitted on all of ``X`` and the support vectors of the class become the
    candidate parents. Each is classified by its ``m_neighbors`` nearest neighbours in all of ``X``: with ``m'`` of
    them of another class it is **noise** when ``m' = m`` (dropped), **in danger** when ``m/2 ≤ m' < m`` and
    **safe** otherwise. With ``x_nn`` one of the ``k_neighbors`` nearest same-class neighbours of a parent ``x``
    and ``u`` uniform in [0, 1):

    - a support vector in danger **interpolates**: ``x + u·(x_nn − x)``, gap ``u`` in [0, 1);
    - a safe support vector **extrapolates** away from its neighbour: ``x − out_step·u·(x_nn − x)``, gap
      ``−out_step·u`` in (−out_step, 0] (the class is widened towards the border, where there is room).

    A fraction ``f ~ Beta(10, 10)`` of the new rows, ``int(f·(n_new + 1))``, comes from the support vectors in
    danger, the rest from the safe ones.

    The output is bit-identical to ``imblearn.over_sampling.SVMSMOTE`` 0.14 for the same inputs and
    ``random_state`` whenever both groups are non-empty; see Notes for the one case where it is not.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
        ``"auto"`` grows every class but the majority to the majority's size.
    random_state : None, int or numpy.random.RandomState, default=None
        As in imbalanced-learn: one generator made from it draws every class's Beta fraction; each group's
        draws use ``check_random_state(random_state)`` again (a fresh ``RandomState(int)`` for an int, the same
        generator for a ``RandomState`` or ``None``); it is also the default SVM's ``random_state``.
    k_neighbors : int or estimator, default=5
        Number of same-class nearest neighbours to step towards (or away from), or an object with ``fit``
        and ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    m_neighbors : int or estimator, default=10
        Number of nearest neighbours in all of ``X`` that decide whether a support vector is noise, in danger or
        safe; or an estimator as for ``k_neighbors``.
    svm_estimator : estimator, default=None
        ``None``: ``sklearn.svm.SVC(gamma="scale", random_state=random_state)``. Otherwise a classifier with
        ``fit`` and ``predict`` that exposes ``support_`` (row positions of its support vectors) once fitted; it is
        cloned.
    out_step : float in [0, 1], default=0.5
        How far a safe support vector extrapolates, as a fraction of the distance to its neighbour.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    svm_estimator_ : estimator
        The fitted SVM.
    nn_k_, nn_m_ : estimator
        The neighbour estimators (``nn_k_`` fitted on the last class resampled, ``nn_m_`` on ``X``).
    k_, m_ : int
        The numbers of neighbours, without the sample itself.
    support_ : dict
        ``{class: int array}`` for every class that received new rows: the positions in ``X`` of the class's
        support vectors that were used as parents (noise left out), in the SVM's order.
    fraction_ : dict
        ``{class: float}``: the Beta(10, 10) draw ``f`` of each class.
    typology_ : pandas.DataFrame
        One row per sample of every class that received new rows (classes in sorted order, samples in the order of
        ``X``), with columns ``position`` (row in ``X``), ``class``, ``type`` (``"danger"``, ``"noise"`` or
        ``"safe"``), ``n_other_class`` (how many of its ``m_`` nearest neighbours in ``X`` are of another class)
        and ``support_vector`` (bool). Only support vectors that are not noise are parents: those in danger
        interpolate, the safe ones extrapolate. Samples that are not support vectors are classified the same way,
        for display.
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for each sample of the class, in the order of ``X``, the
        positions in ``X`` of its ``k_`` nearest same-class neighbours. For the parents these are exactly the
        neighbours new rows were drawn from; the other rows are searched separately, for display.
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``, with columns
        ``parent`` and ``neighbor`` (0-based positions in the ``X`` given to ``fit_resample``), ``gap``, ``class``
        and ``extrapolated`` (bool: made from a safe support vector). ``gap`` is the signed step, in [0, 1) for
        interpolated rows and in (−out_step, 0] for extrapolated ones, and
        ``X_res[n + i] == X[parent] + gap · (X[neighbor] − X[parent])`` holds exactly for every row (computed as
        :func:`smote_core.interpolate` does). Rows come class by class; within a class, the interpolated rows
        first, then the extrapolated ones (then, see Notes, any rows made up for an empty group).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Raises
    ------
    SmoteError
        Besides SMOTE's input errors (``k_neighbors`` too large for a class): ``m_neighbors`` too large for ``X``,
        ``out_step`` outside [0, 1], an ``svm_estimator`` without ``fit``/``predict`` or ``support_``, a class
        without support vectors, and a class whose support vectors are all noise (imbalanced-learn raises
        ``RuntimeError`` / ``ValueError`` for the last ones).

    Notes
    -----
    **Difference from imbalanced-learn: exactly the number of rows asked for.** imbalanced-learn splits the new
    rows into ``int(f·(n_new + 1))`` from the support vectors in danger and the rest from the safe ones — but when
    one of the two groups is empty it simply skips that group's share, so the class ends up short (often by about
    half) of what ``sampling_strategy`` asked for, without a warning. Here the missing rows come from the non-empty
    group instead: its draws continue from the same generator (for an int ``random_state``, the fresh generator of
    that group's draws), so imbalanced-learn's rows for the class are kept bit for bit and the missing ones follow
    them. With an int ``random_state`` the other classes are unaffected; with a ``RandomState`` or ``None`` the
    extra draws shift every later draw, so classes resampled after it differ from imbalanced-learn's.

    Integer and boolean features follow :class:`smote_core.SMOTE`'s fixes (no wrap-around of unsigned integers;
    booleans come back as float64); everywhere else the rows are bit-identical.

    As in imbalanced-learn, the SVM is fitted again for every class (the same fit; with a ``RandomState`` or
    ``None`` each fit takes one draw from it, which keeps the draws in step), and the first of the ``m + 1`` (or
    ``k + 1``) neighbours found is dropped, taking it to be the sample itself.

    References
    ----------
    Nguyen, H. M., Cooper, E. W. and Kamei, K. "Borderline over-sampling for imbalanced data classification",
    International Journal of Knowledge Engineering and Soft Data Paradigms, 3(1), pp. 4-21, 2011.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import SVMSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (12, 2))])
    >>> y = np.array([0] * 40 + [1] * 12)
    >>> sv = SVMSMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = sv.fit_resample(X, y)
    >>> int((y_res == 1).sum())
    40
    >>> bool((sv.provenance_["gap"][sv.provenance_["extrapolated"]] <= 0).all())
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "svm_estimator": [HasMethods(["fit", "predict"]), None],
        "out_step": [Interval(numbers.Real, 0, 1, closed="both")],
    }
    _value_checks = {"out_step": _check_out_step, "svm_estimator": functools.partial(_check_svm, random_state=None)}

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5, m_neighbors=10,
                 svm_estimator=None, out_step=0.5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.svm_estimator = svm_estimator
        self.out_step = out_step

    def _fit_resample(self, X, y):
        _check_out_step(self.out_step)
        svm = _check_svm(self.svm_estimator, self.random_state)
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        self.nn_m_, self.m_ = make_neighbors(self.m_neighbors, name="m_neighbors")
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_total_rows(len(y), self.sampling_strategy_, self.m_, "m_neighbors")
        fraction_rs = check_random_state(self.random_state)
        self.svm_estimator_ = svm

        self.support_, self.fraction_, self.nn_indices_ = {}, {}, {}
        rows, typology_blocks = NewRows(y.dtype, {"extrapolated": bool}), []
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            members = np.flatnonzero(y == c)
            kept, danger = self._parents(X, y, c, members, typology_blocks)
            parents, neighbors, gaps, extrapolated = self._draw_class(X, c, members, kept, danger, n_new, fraction_rs)
            rows.add(c, interpolate(X, parents, neighbors, gaps), parents, neighbors, gaps, extrapolated=extrapolated)
        self.typology_ = typology_frame(typology_blocks, y.dtype, {"support_vector": np.empty(0, dtype=bool)})
        return rows.result(X, y)

    def _parents(self, X, y, c, members, typology_blocks):
        """Class ``c``'s support vectors that are not noise (the parents) and which of them are in danger.

        Appends the class's typology to ``typology_blocks``; refuses a class whose support vectors are all noise.
        """
        support = self._class_support(X, y, c)
        self.nn_m_.fit(X)
        n_other_support = other_class_counts(self.nn_m_, X, y, support, c)
        noise = n_other_support == self.m_
        kept = support[~noise]
        if kept.size == 0:
            typology_blocks.append(self._typology(X, y, c, members, support, noise, n_other_support, kept,
                                                  np.empty(0, dtype=np.int64)))
            self.typology_ = typology_frame(typology_blocks, y.dtype)  # to show why
            raise SmoteError(
                f"all {plural(len(support), 'support vector')} of class {c!r} are noise (all of their "
                f"m_neighbors={self.m_} nearest neighbours are of another class), so SVM-SMOTE has no parent "
                "to start from: SVM-SMOTE does not suit this data — try SMOTE or Borderline-SMOTE, or a larger "
                "m_neighbors."
            )
        n_other_kept = other_class_counts(self.nn_m_, X, y, kept, c)
        danger, _ = danger_noise(n_other_kept, self.m_)
        self.support_[c] = kept
        typology_blocks.append(self._typology(X, y, c, members, support, noise, n_other_support, kept, n_other_kept))
        return kept, danger

    def _draw_class(self, X, c, members, kept, danger, n_new, fraction_rs):
        """Class ``c``'s ``n_new`` draws, in imbalanced-learn's order: its Beta fraction, then each group's draws.

        The parents in danger interpolate (step 1), the safe ones extrapolate (step ``−out_step``); when one group
        is empty the other makes up its share. Stores ``fraction_[c]`` and ``nn_indices_[c]``.

        Returns
        -------
        parents, neighbors, gaps, extrapolated : arrays of shape (n_new,)
        """
        self.nn_k_.fit(X[members])
        fraction = fraction_rs.beta(10, 10)
        self.fraction_[c] = float(fraction)
        n_interpolated = int(fraction * (n_new + 1))
        groups = [(kept[danger], 1.0, n_interpolated, False),
                  (kept[~danger], -self.out_step, n_new - n_interpolated, True)]
        parents_all, candidates_all, parts = [], [], []
        for parents_group, step, n_group, extrapolated in groups:
            if parents_group.size == 0:
                continue
            nns = self.nn_k_.kneighbors(X[parents_group], return_distance=False)[:, 1:]
            candidates = members[nns]
            rs = check_random_state(self.random_state)
            parts.append(_draw(rs, parents_group, candidates, n_group, step, extrapolated=extrapolated))
            if danger.all() or not danger.any():
                # The other group is empty: imbalanced-learn would leave its share out; make it up from this
                # group, continuing the same generator (imbalanced-learn's rows stay a bit-identical prefix).
                parts.append(_draw(rs, parents_group, candidates, n_new - n_group, step, extrapolated=extrapolated))
            parents_all.append(parents_group)
            candidates_all.append(candidates)
        self.nn_indices_[c] = self._neighbour_table(X, members, kept, parents_all, candidates_all)
        return tuple(np.concatenate([p[i] for p in parts]) for i in range(4))

    def _neighbour_table(self, X, members, kept, parents_all, candidates_all):
        """``nn_indices_`` of one class: the parents' neighbours as drawn from, the other rows' searched."""
        is_parent = np.isin(members, kept)
        order = np.searchsorted(members, np.concatenate(parents_all))
        known = np.empty((len(members), self.k_), dtype=np.int64)
        known[order] = np.concatenate(candidates_all)
        return neighbour_table(self.nn_k_, X, members, members, is_parent, known[is_parent])

    def _class_support(self, X, y, c):
        """Fit the SVM on all of ``X`` (again for each class, as imbalanced-learn does); the class's support vectors."""
        self.svm_estimator_.fit(X, y)
        support = getattr(self.svm_estimator_, "support_", None)
        if support is None:
            raise SmoteError(
                f"svm_estimator {type(self.svm_estimator_).__name__} has no support_ attribute after fitting: "
                "SVM-SMOTE needs a support vector machine (e.g. sklearn.svm.SVC) to find its support vectors."
            )
        support = np.asarray(support, dtype=np.int64)
        support = support[y[support] == c]
        if support.size == 0:
            raise SmoteError(
                f"the SVM has no support vector of class {c!r}, so SVM-SMOTE has no parent to start from: try "
                "SMOTE or Borderline-SMOTE, or another svm_estimator."
            )
        return support

    def _typology(self, X, y, c, members, support, noise, n_other_support, kept, n_other_kept):
        """One row per sample of class ``c``: the counts that decided the support vectors', the others' for display."""
        n_other = np.empty(len(members), dtype=np.int64)
        n_other[np.searchsorted(members, support[noise])] = n_other_support[noise]
        n_other[np.searchsorted(members, kept)] = n_other_kept
        is_support = np.isin(members, support)
        if (~is_support).any():
            n_other[~is_support] = other_class_counts(self.nn_m_, X, y, members[~is_support], c)
        return pd.DataFrame({
            "position": members.astype(np.int64), "class": np.full(len(members), c, dtype=y.dtype),
            "type": typology_labels(n_other, self.m_), "n_other_class": n_other, "support_vector": is_support,
        })


def _draw(rs, parents_group, candidates, n, step, *, extrapolated):
    """One group's draws: ``n`` (parent, neighbour) picks and ``n`` uniform ``u`` (:func:`draw_pairs`); gap ``step·u``.

    ``rs`` is a ``RandomState``, so that a second call continues its sequence. Returns
    ``(parents, neighbors, gaps, extrapolated)``.
    """
    rows, cols, u = draw_pairs(rs, candidates, n)
    return parents_group[rows], candidates[rows, cols], step * u, np.full(n, extrapolated, dtype=bool)
