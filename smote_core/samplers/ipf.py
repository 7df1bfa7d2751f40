"""SMOTE-IPF: SMOTE, then the Iterative-Partitioning Filter removes the rows its trees call noise, of any class."""

from __future__ import annotations

import functools
import numbers

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.model_selection import StratifiedKFold
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from .._validation import SmoteError, check_random_state
from .combine import _COMBINED_CONSTRAINTS, CLEANER_WANTED, _check_estimator, _OverThenClean

VOTING = ("majority", "consensus")


def _check_voting(voting):
    if voting not in VOTING:
        raise SmoteError(f"voting={voting!r}: use 'majority' (more than half of the trees) or 'consensus' (all).")


def _check_whole(value, name, low, hint):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise SmoteError(f"{name}={value!r}: give a whole number ≥ {low} ({hint}).")


def _check_p(p):
    if isinstance(p, bool) or not isinstance(p, numbers.Real) or not 0 < p <= 1:
        raise SmoteError(f"p={p!r}: give a fraction above 0 and at most 1 (0.01: fewer than 1% of the rows).")


_VALUE_CHECKS = {
    "voting": _check_voting,
    "n_partitions": functools.partial(_check_whole, name="n_partitions", low=2, hint="9 is the usual choice"),
    "n_quiet": functools.partial(_check_whole, name="n_quiet", low=1, hint="3 is the usual choice"),
    "p": _check_p,
}


class IPFCleaner(BaseEstimator):
    """The Iterative-Partitioning Filter (Khoshgoftaar & Rebours, 2007), as SMOTE-IPF uses it.

    Each iteration splits the rows still there into ``n_partitions`` random parts of equal size (stratified by
    class), fits a tree **on each part**, lets every tree classify every row still there, and removes the rows
    misclassified by more than half of the trees (``voting="majority"``) or by all of them (``"consensus"``). It
    stops when ``n_quiet`` iterations in a row have each removed fewer than ``p`` × the number of rows it was given.

    Parameters
    ----------
    n_partitions : int, default=9
        The parts per iteration (fewer when a class has fewer rows than that).
    voting : {"majority", "consensus"}, default="majority"
    n_quiet : int, default=3
        ``k`` of the paper: quiet iterations in a row that stop the filter.
    p : float, default=0.01
        An iteration is quiet when it removes fewer than ``p`` × the rows the filter was given.
    estimator : classifier, default=None
        The tree fitted on each part (cloned); None: ``DecisionTreeClassifier(criterion="entropy",
        min_samples_leaf=2, random_state=0)``, scikit-learn's nearest to C4.5 (whose leaves hold at least 2 rows;
        a tree grown until every leaf is pure would classify every row of its own part right, so ``"consensus"``
        could never remove anything).
    random_state : None, int or numpy.random.RandomState, default=None
        Draws the parts; one generator for the whole run.

    Attributes
    ----------
    sample_indices_ : ndarray of int
        Positions, in the ``X`` given to ``fit_resample``, of the rows kept, in their order.
    iterations_ : list of dict
        One per iteration: ``rows`` (positions of the rows still there at its start), ``part`` (each one's part,
        0 … ``n_partitions − 1``), ``n_wrong`` (how many trees misclassified each) and ``removed`` (the positions
        it removed).
    """

    def __init__(self, *, n_partitions=9, voting="majority", n_quiet=3, p=0.01, estimator=None, random_state=None):
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_quiet = n_quiet
        self.p = p
        self.estimator = estimator
        self.random_state = random_state

    def fit_resample(self, X, y):
        """The rows of ``X`` and ``y`` the filter keeps.

        Returns
        -------
        X_resampled, y_resampled : ``X[sample_indices_]``, ``y[sample_indices_]``
        """
        for name, check in _VALUE_CHECKS.items():
            check(getattr(self, name))
        _check_estimator(self.estimator, "estimator", ("fit", "predict"), "a classifier such as "
                         "sklearn.tree.DecisionTreeClassifier()")
        y = np.asarray(y)
        rs = check_random_state(self.random_state)
        alive = np.arange(len(y))
        quiet, self.iterations_ = 0, []
        while quiet < self.n_quiet:
            smallest = np.unique(y[alive], return_counts=True)[1].min()
            n_parts = min(self.n_partitions, int(smallest))
            if n_parts < 2 or len(np.unique(y[alive])) < 2:  # nothing left to partition by class
                break
            n_wrong, part = self._votes(X[alive], y[alive], n_parts, rs)
            noisy = n_wrong > n_parts / 2 if self.voting == "majority" else n_wrong == n_parts
            self.iterations_.append({"rows": alive, "part": part, "n_wrong": n_wrong, "removed": alive[noisy]})
            alive = alive[~noisy]
            quiet = quiet + 1 if noisy.sum() < self.p * len(y) else 0
        self.sample_indices_ = alive
        return X[alive], y[alive]

    def _votes(self, X, y, n_parts, rs):
        """How many of the ``n_parts`` trees (each fitted on one part) misclassify each row, and each row's part."""
        folds = StratifiedKFold(n_parts, shuffle=True, random_state=rs.randint(np.iinfo(np.int32).max))
        part = np.empty(len(y), dtype=np.int64)
        n_wrong = np.zeros(len(y), dtype=np.int64)
        template = (DecisionTreeClassifier(criterion="entropy", min_samples_leaf=2, random_state=0)
                    if self.estimator is None else self.estimator)
        for i, (_, members) in enumerate(folds.split(X, y)):
            part[members] = i
            tree = clone(template).fit(X[members], y[members])
            n_wrong += tree.predict(X) != y
        return n_wrong, part


class SMOTEIPF(_OverThenClean):
    """SMOTE-IPF (Sáez, Luengo, Stefanowski & Herrera, 2015): SMOTE, then the Iterative-Partitioning Filter.

    SMOTE first grows the classes (:class:`smote_core.SMOTE`, or the over-sampler given as ``smote``); then
    :class:`IPFCleaner` removes, iteration after iteration, the rows — original or synthetic, of any class — that
    trees fitted on random parts of the data misclassify by majority (or consensus), until ``n_quiet`` iterations in a
    row remove fewer than ``p`` of the rows. ``removed_`` says what went, as in :class:`smote_core.SMOTEENN`.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Passed to the default SMOTE.
    random_state : None, int or RandomState, default=None
        Passed to the default SMOTE and to the default filter (which draws the parts).
    smote : smote_core over-sampler, default=None
        Used instead of ``SMOTE(sampling_strategy, random_state)`` when given (cloned).
    n_partitions, voting, n_quiet, p, estimator
        The default filter's parameters (see :class:`IPFCleaner`): 9 parts, majority voting, 3 quiet iterations
        of fewer than 1% of the rows, an entropy decision tree.
    ipf : cleaning sampler, default=None
        The cleaning step (cloned): anything with ``fit_resample`` that sets ``sample_indices_``; then the
        filter's parameters above must keep their defaults. None: :class:`IPFCleaner` with those parameters.

    Attributes
    ----------
    smote_ : the fitted over-sampler
    ipf_ : the fitted filter
        Its ``iterations_`` say, iteration by iteration, which rows were voted noise and why.
    provenance_ : DataFrame
        One row per SURVIVING synthetic row, in output order: ``synthetic_index``, ``parent``, ``neighbor``,
        ``gap``, ``class`` as in SMOTE, and ``row`` (its position in ``X_resampled``).
    removed_ : DataFrame
        The rows the filter removed: ``source`` ("original" or "synthetic"), ``index`` (position in X, or
        synthetic number) and ``class``.
    sample_indices_ : ndarray of int
        ``ipf_.sample_indices_``: positions, in (originals then synthetic rows), of the rows kept, in order.
    sampling_strategy_ : OrderedDict
    nn_indices_ : dict
        The over-sampler's neighbour lists.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Notes
    -----
    Follows the paper's filter: each tree is fitted on one part and classifies all the rows. Where smote-variants
    1.0.1 (``SMOTE_IPF``) differs, this follows the paper:

    - smote-variants fits each tree on all parts but one (cross-validation folds), not on one part;
    - its parts are the same in every iteration (``StratifiedKFold`` without shuffling); here they are drawn again;
    - it calls an iteration quiet when it removes fewer than ``p`` × the rows *left*; the paper (and this class)
      compares with the size of the data given to the filter;
    - its majority vote is ``mean(predictions) > 0.5`` on 0/1 labels (binary only; a tie removes class 1 rows
      and keeps class 0 rows); here a row is noise when more than half of the trees misclassify it, any classes.

    C4.5 (the paper's tree) is approximated by scikit-learn's ``DecisionTreeClassifier(criterion="entropy",
    min_samples_leaf=2)`` (C4.5's at least two rows per leaf; scikit-learn has no confidence-based pruning). The
    defaults (9 parts, majority, 3 iterations, 1%) are smote-variants'.

    References
    ----------
    Sáez, J. A., Luengo, J., Stefanowski, J. and Herrera, F. "SMOTE-IPF: Addressing the noisy and borderline
    examples problem in imbalanced classification by a re-sampling method with filtering", Information Sciences
    291 (2015), pp. 184-203.

    Khoshgoftaar, T. M. and Rebours, P. "Improving software quality prediction by noise filtering techniques",
    Journal of Computer Science and Technology 22 (2007), pp. 387-396.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import SMOTEIPF
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (60, 2)), rng.normal(1, 1, (20, 2))])
    >>> y = np.array([0] * 60 + [1] * 20)
    >>> ipf = SMOTEIPF(random_state=0)
    >>> X_res, y_res = ipf.fit_resample(X, y)
    >>> len(y_res) == 120 - len(ipf.removed_)
    True
    >>> sorted(set(ipf.removed_["source"]))
    ['original', 'synthetic']
    """

    _cleaner, _cleaner_example = "ipf", "IPFCleaner()"
    _value_checks = {**_VALUE_CHECKS,
                     "ipf": functools.partial(_check_estimator, name="ipf", methods=("fit_resample",),
                                              what=CLEANER_WANTED.format(_cleaner_example))}
    _parameter_constraints: dict = {
        **{name: c for name, c in _COMBINED_CONSTRAINTS.items() if name != "n_jobs"},
        "ipf": [HasMethods(["fit_resample"]), None],
        "n_partitions": [Interval(numbers.Integral, 2, None, closed="left")],
        "voting": [StrOptions(set(VOTING))],
        "n_quiet": [Interval(numbers.Integral, 1, None, closed="left")],
        "p": [Interval(numbers.Real, 0, 1, closed="right")],
        "estimator": [HasMethods(["fit", "predict"]), None],
    }

    def __init__(self, sampling_strategy="auto", random_state=None, smote=None, *, n_partitions=9,
                 voting="majority", n_quiet=3, p=0.01, estimator=None, ipf=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.smote = smote
        self.n_partitions = n_partitions
        self.voting = voting
        self.n_quiet = n_quiet
        self.p = p
        self.estimator = estimator
        self.ipf = ipf

    def _filter_params(self) -> dict:
        return {name: getattr(self, name) for name in ("n_partitions", "voting", "n_quiet", "p", "estimator")}

    def _default_cleaner(self):
        return IPFCleaner(**self._filter_params(), random_state=self.random_state)

    def _validate_cleaner(self):
        defaults = IPFCleaner().get_params()
        changed = [n for n, v in self._filter_params().items() if v is not defaults[n]
                   and not (v is not None and v == defaults[n])]
        if self.ipf is not None and changed:
            raise SmoteError(
                f"{', '.join(changed)} set up the default filter, and ipf={self.ipf!r} is given: set them on ipf "
                "instead, or leave ipf=None."
            )
        return super()._validate_cleaner()

