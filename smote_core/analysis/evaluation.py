"""Does SMOTE help a classifier, and for which k? Cross-validation with SMOTE inside each training fold.

The honest protocol, used by :func:`evaluate_k` by default: split the original rows into stratified folds, and for
each fold grow the classes of the *training* rows only, fit the classifier on them, and score it on the untouched
test rows. The test rows never take part in SMOTE, neither as rows nor as parents or neighbours of synthetic rows.

``leaky=True`` runs the common mistake for comparison: SMOTE on the whole data set first, then cross-validation on
the result. Synthetic rows are then built from rows that end up in test folds, land in training folds next to the
very rows they were made from, and also appear in test folds themselves (where they are easy to get right and make
the test set as balanced as the training set). The scores it gives are typically inflated.

:func:`iter_folds` yields the exact training and test sets that :func:`evaluate_k` fits and scores on, with the
origin of every row, and :func:`fold_leak_check` checks them for leaks.

Any numeric sampler of the registry can take SMOTE's place (``sampler="borderline1"``, with its own ``params``), and
``standardize=True`` searches its neighbours on z-scored features — z-scored with the mean and standard deviation
of the rows the sampler is fitted on (the training fold), never with test rows — while the rows it makes are
computed in the original units from the same parents, neighbours and λ, as the Explore page does.

Nothing here imports imbalanced-learn: the pipeline is the small loop in :func:`iter_folds`.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, balanced_accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from .._validation import SmoteError, _quote_list, check_random_state, check_X, check_y, plural
from ..samplers._base import empty_provenance
from ..samplers.registry import SAMPLERS, make_sampler
from ..samplers.smote import interpolate
from ..sampling import class_counts, fraction_of_majority

__all__ = [
    "BASELINE_K",
    "CLASSIFIERS",
    "CLASSIFIER_LABELS",
    "METRICS",
    "Fold",
    "evaluate_k",
    "evaluate_sampler",
    "fold_leak_check",
    "iter_folds",
    "make_classifier",
    "max_k",
    "positive_class",
    "sampler_scores",
    "summarize",
]

BASELINE_K = 0
"""The ``k`` of the "no resampling" baseline rows in :func:`evaluate_k`'s result."""


def _logistic_regression(random_state=0):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, random_state=random_state))


def _knn(random_state=0):  # k-NN has no randomness; the argument keeps every factory's signature the same
    return make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))


def _decision_tree(random_state=0):
    return DecisionTreeClassifier(random_state=random_state)


def _random_forest(random_state=0):
    return RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=random_state)


CLASSIFIERS: dict[str, Callable] = {
    "logistic_regression": _logistic_regression,
    "knn": _knn,
    "decision_tree": _decision_tree,
    "random_forest": _random_forest,
}
"""``{name: factory}``; ``factory(random_state=0)`` returns a new unfitted scikit-learn classifier.

- ``"logistic_regression"``: ``StandardScaler`` then ``LogisticRegression(max_iter=5000)``.
- ``"knn"``: ``StandardScaler`` then ``KNeighborsClassifier(n_neighbors=5)``.
- ``"decision_tree"``: ``DecisionTreeClassifier()`` with default settings.
- ``"random_forest"``: ``RandomForestClassifier(n_estimators=100, n_jobs=1)``.

The same ``random_state`` gives the same fitted model on the same data.
"""

CLASSIFIER_LABELS = {
    "logistic_regression": "Logistic regression",
    "knn": "k-nearest neighbours (k = 5)",
    "decision_tree": "Decision tree",
    "random_forest": "Random forest (100 trees)",
}
"""Display names for :data:`CLASSIFIERS`."""

METRICS = {
    "f1": "Minority F1",
    "balanced_accuracy": "Balanced accuracy",
    "pr_auc": "PR-AUC (average precision, minority)",
    "roc_auc": "ROC-AUC (minority vs rest)",
}
"""``{column: display name}`` of the scores in :func:`evaluate_k`'s result, in display order."""


def make_classifier(classifier="logistic_regression", random_state=0):
    """A new unfitted classifier: a name from :data:`CLASSIFIERS`, or a clone of a scikit-learn classifier.

    Parameters
    ----------
    classifier : str or estimator, default="logistic_regression"
    random_state : int, default=0
        Passed to the factory of a named classifier; an estimator given as such keeps its own settings.

    Returns
    -------
    estimator

    Examples
    --------
    >>> make_classifier("decision_tree", random_state=3).random_state
    3
    """
    if isinstance(classifier, str):
        if classifier not in CLASSIFIERS:
            raise SmoteError(
                f"classifier={classifier!r} is not known; use one of {_quote_list(CLASSIFIERS)}, "
                "or pass a scikit-learn classifier."
            )
        return CLASSIFIERS[classifier](random_state=random_state)
    if hasattr(classifier, "fit") and hasattr(classifier, "predict"):
        return clone(classifier)
    raise SmoteError(
        f"classifier={classifier!r} is neither a name ({_quote_list(CLASSIFIERS)}) nor a scikit-learn "
        "classifier with fit and predict."
    )


def positive_class(y):
    """The class scored as "positive" by :func:`evaluate_k`: the smallest class (ties: the first in sorted order).

    For two classes that is the minority; for more, the smallest class against all the others.

    Examples
    --------
    >>> positive_class(["a", "b", "b", "c", "c", "c"])
    'a'
    """
    counts = class_counts(y)
    return min(counts, key=counts.get)


# ----------------------------------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------------------------------


def _check_data(X, y):
    X_arr, _ = check_X(X)
    if sparse.issparse(X_arr):
        X_arr = X_arr.toarray()  # the classifiers (StandardScaler with centring) want dense data
    y_arr, _ = check_y(y, X_arr.shape[0])
    counts = class_counts(y_arr)
    if len(counts) < 2:
        raise SmoteError(
            f"y has only one class ({next(iter(counts))!r}): a classifier needs at least two. "
            "Check that you picked the right target column."
        )
    return X_arr, y_arr


def _check_n_splits(n_splits, y):
    if not isinstance(n_splits, numbers.Integral) or isinstance(n_splits, bool) or n_splits < 2:
        raise SmoteError(f"n_splits={n_splits!r}: the number of folds must be a whole number ≥ 2 (5 is usual).")
    n_splits = int(n_splits)
    counts = class_counts(y)
    small = {c: n for c, n in counts.items() if n < n_splits}
    if small:
        smallest = min(small.values())
        detail = ", ".join(f"{c!r} has {plural(n, 'row')}" for c, n in small.items())
        fix = (
            f"use fewer folds ({smallest} or fewer)"
            if smallest >= 2
            else "add rows of that class or drop it from the data (a class needs at least 2 rows)"
        )
        raise SmoteError(
            f"{n_splits}-fold stratified cross-validation needs at least {n_splits} rows of every class, so that "
            f"each test fold has one; class {detail}: {fix}."
        )
    return n_splits


def _check_k_values(k_values) -> list[int]:
    """Validated k values, without duplicates, in the order given; 0 and None (the baseline) are dropped."""
    if k_values is None or isinstance(k_values, (numbers.Number, str)):
        k_values = [] if k_values is None else [k_values]
    ks: list[int] = []
    bad = []
    for k in k_values:
        if k is None:
            continue
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 0:
            if isinstance(k, numbers.Real) and not isinstance(k, bool) and float(k).is_integer() and k >= 0:
                k = int(k)
            else:
                bad.append(k)
                continue
        if k != BASELINE_K and int(k) not in ks:
            ks.append(int(k))
    if bad:
        raise SmoteError(
            f"k_values contains {_quote_list(bad)}: every k must be a whole number ≥ 1 "
            "(0 or None stands for the no-resampling baseline, which is always included)."
        )
    return ks


def _check_ratio(ratio, y):
    if isinstance(ratio, bool) or not isinstance(ratio, numbers.Real):
        raise SmoteError(
            f"ratio={ratio!r}: give a number in (0, 1]; 1.0 means every class as large as the majority."
        )
    fraction_of_majority(y, float(ratio))  # raises the SmoteError for a value outside (0, 1]
    return float(ratio)


def _splitter(n_splits, random_state):
    return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)


def _new_rows(y_fit, ratio) -> dict:
    """``{class: rows SMOTE adds}`` for the rows SMOTE is fitted on."""
    counts = class_counts(y_fit)
    return {c: total - counts[c] for c, total in fraction_of_majority(y_fit, ratio).items()}


def _k_limit(y, ratio, n_splits, random_state, leaky):
    """``(largest usable k, the class that limits it, that class's fewest rows)``; Nones if SMOTE adds nothing."""
    if leaky:
        sets = [np.arange(len(y))]
    else:
        sets = [train for train, _ in _splitter(n_splits, random_state).split(np.zeros((len(y), 1)), y)]
    best = None
    for rows in sets:
        y_fit = y[rows]
        counts = class_counts(y_fit)
        for c, n_new in _new_rows(y_fit, ratio).items():
            if n_new > 0 and (best is None or counts[c] < best[1]):
                best = (c, counts[c])
    if best is None:
        return None, None, None
    return best[1] - 1, best[0], best[1]


def max_k(y, *, ratio=1.0, n_splits=5, random_state=0, leaky=False):
    """The largest ``k`` that :func:`evaluate_k` can use with these settings.

    SMOTE needs ``k + 1`` rows of every class it grows. In the honest mode it only sees a training fold, so the
    limit comes from the fewest rows any grown class has in any training fold; with ``leaky=True`` it sees the whole
    data.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
    ratio, n_splits, random_state, leaky
        As for :func:`evaluate_k`.

    Returns
    -------
    int or None
        ``None`` when SMOTE adds no rows at all (every class is already at least ``ratio`` × the majority), so any
        k works; ``0`` when no k works.

    Examples
    --------
    >>> max_k([0] * 40 + [1] * 10, n_splits=5)   # a training fold has 8 rows of class 1
    7
    """
    random_state = _check_seed(random_state)
    y_arr, _ = check_y(y, len(y))
    n_splits = _check_n_splits(n_splits, y_arr)
    ratio = _check_ratio(ratio, y_arr)
    return _k_limit(y_arr, ratio, n_splits, random_state, leaky)[0]


def _check_k_fits(ks, y, ratio, n_splits, random_state, leaky):
    limit, cls, n_rows = _k_limit(y, ratio, n_splits, random_state, leaky)
    if limit is None or not ks:
        return
    where = "the whole data set has" if leaky else f"with {n_splits} folds, a training fold has as few as"
    if limit < 1:
        raise SmoteError(
            f"SMOTE cannot grow class {cls!r}: {where} {plural(n_rows, 'row')} of it, and SMOTE needs at least 2 "
            "(a row and a neighbour). "
            + (
                "Add rows of that class."
                if leaky
                else "Use fewer folds (larger training folds) or add rows of that class."
            )
        )
    too_big = [k for k in ks if k > limit]
    if too_big:
        raise SmoteError(
            f"k = {', '.join(map(str, too_big))} cannot be used: {where} {plural(n_rows, 'row')} of class {cls!r}, "
            f"and SMOTE needs k + 1 rows of a class to grow it, so k can be at most {limit}. Remove the larger k "
            "values" + ("." if leaky else ", or use fewer folds (larger training folds).")
        )


# ----------------------------------------------------------------------------------------------------------------
# The folds
# ----------------------------------------------------------------------------------------------------------------


@dataclass
class Fold:
    """One training/test split, exactly as :func:`evaluate_k` fits and scores it.

    Attributes
    ----------
    k : int
        SMOTE's ``k_neighbors``; :data:`BASELINE_K` (0) for the baseline without resampling.
    fold : int
        0-based fold number.
    X_train, y_train : ndarray
        What the classifier is fitted on: original rows, then synthetic rows.
    X_test, y_test : ndarray
        What it is scored on.
    train_origin, test_origin : int ndarray
        For each row of ``X_train`` / ``X_test``: its position in the original ``X``, or -1 for a synthetic row.
    synthetic : pandas.DataFrame
        One row per synthetic row of this split, with ``parent``, ``neighbor`` (positions in the original ``X``),
        ``gap``, ``class``, ``split`` (``"train"`` or ``"test"``) and ``position`` (its row in ``X_train`` or
        ``X_test``), so that the row equals ``interpolate(X, [parent], [neighbor], [gap])``. A cleaning sampler
        (SMOTE + Tomek, SMOTE + ENN) lists the synthetic rows it kept; ``X_train`` then holds only the rows kept.
    search_mean, search_scale : ndarray or None
        With ``standardize``: the mean and scale the sampler's neighbour search z-scored with (those of the rows it
        was fitted on); None without standardising and for the baseline.
    """

    k: int
    fold: int
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_origin: np.ndarray
    test_origin: np.ndarray
    synthetic: pd.DataFrame
    search_mean: np.ndarray | None = None
    search_scale: np.ndarray | None = None


@dataclass(frozen=True)
class _How:
    """Which sampler grows the training rows: a registry key, its own parameters, a standardised search."""

    sampler: str = "smote"
    params: tuple = ()  # sorted (keyword, value) pairs
    standardize: bool = False


def _check_how(sampler, params, standardize) -> _How:
    numeric = [key for key, r in SAMPLERS.items() if r.categories is None]
    if not isinstance(sampler, str) or sampler not in SAMPLERS:
        raise SmoteError(f"sampler={sampler!r} is not known; use one of {_quote_list(numeric)}.")
    if SAMPLERS[sampler].categories is not None:
        raise SmoteError(
            f"{SAMPLERS[sampler].title} votes for categories, and these scores are computed on numeric (one-hot "
            f"encoded) features: use one of {_quote_list(numeric)}."
        )
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise SmoteError(f"params={params!r}: give the sampler's own parameters as a dict, e.g. {{'m_neighbors': 10}}.")
    if not isinstance(standardize, (bool, np.bool_)):
        raise SmoteError(f"standardize={standardize!r}: use True or False.")
    return _How(sampler, tuple(sorted(params.items())), bool(standardize))


def _z_scaler(X_fit) -> tuple[np.ndarray, np.ndarray]:
    """The mean and scale of ``X_fit``'s columns (a constant column keeps scale 1), as the Explore page z-scores."""
    scale = X_fit.std(axis=0)
    scale[scale == 0] = 1.0
    return X_fit.mean(axis=0), scale


def _resample(X_fit, y_fit, k, ratio, random_state, how: _How):
    """Grow ``X_fit``'s classes with ``how``'s sampler; nothing but these rows is seen.

    Returns ``(X_out, y_out, origin, provenance, scaler)``: the rows the classifier is fitted on (in the original
    units), each one's position in ``X_fit`` or -1 for a synthetic row, the synthetic rows' provenance (positions
    in ``X_fit``) with their ``position`` in ``X_out``, and the (mean, scale) of a standardised search or None.
    """
    sampler = make_sampler(how.sampler, k=k, sampling_strategy=fraction_of_majority(y_fit, ratio),
                           random_state=random_state, **dict(how.params))
    scaler = _z_scaler(X_fit) if how.standardize else None
    search = (X_fit - scaler[0]) / scaler[1] if scaler is not None else X_fit
    X_res, y_res = sampler.fit_resample(search, y_fit)
    X_res, y_res = np.asarray(X_res), np.asarray(y_res)
    n = len(y_fit)
    prov = sampler.provenance_.reset_index(drop=True)
    keep = getattr(sampler, "sample_indices_", None)  # a cleaning step: the rows it kept, in output order
    if keep is None:
        origin = np.concatenate([np.arange(n), np.full(len(prov), -1, dtype=np.int64)])
        position = np.arange(n, n + len(prov), dtype=np.int64)
    else:
        keep = np.asarray(keep, dtype=np.int64)
        origin = np.where(keep < n, keep, -1)
        position = prov["row"].to_numpy(dtype=np.int64)
    if scaler is not None:  # back in the original units: the originals as they are, new rows from the same λ
        made = X_res[position]
        X_res = np.empty((len(y_res), X_fit.shape[1]), dtype=X_fit.dtype)
        X_res[origin >= 0] = X_fit[origin[origin >= 0]]
        # A row with one λ is rebuilt from it; the others — placed by the sampler's own rule (Safe-Level-SMOTE's
        # per-feature gaps, Geometric SMOTE's region, Polynomial-fit SMOTE's mean or curve: no single λ) — are the
        # sampler's rows with the z-scoring undone.
        gaps = prov["gap"].to_numpy(dtype=np.float64) if "gap" in prov and "kind" not in prov else \
            np.full(len(prov), np.nan)
        own = ~np.isfinite(gaps)
        X_res[position[own]] = made[own] * scaler[1] + scaler[0]
        if (~own).any():
            X_res[position[~own]] = interpolate(X_fit, prov["parent"].to_numpy()[~own],
                                                prov["neighbor"].to_numpy()[~own], gaps[~own])
    prov["position"] = position
    return X_res, y_res, origin, prov, scaler


def _synthetic_frame(provenance, rows, split, position):
    frame = provenance.reset_index(drop=True).drop(columns=["position", "row"], errors="ignore")
    for column in ("parent", "neighbor"):  # -1 (no such row: a class mean's link, a fitted curve) stays -1
        at = frame[column].to_numpy()
        frame[column] = np.where(at >= 0, np.asarray(rows, dtype=np.int64)[np.maximum(at, 0)], -1)
    frame["split"] = split
    frame["position"] = np.asarray(position, dtype=np.int64)
    return frame


def _iter_folds(X, y, ks, ratio, n_splits, random_state, leaky, how: _How = _How()) -> Iterator[Fold]:
    splits = list(_splitter(n_splits, random_state).split(X, y))
    for i, (train, test) in enumerate(splits):  # the baseline: plain cross-validation on the original rows
        none = _synthetic_frame(empty_provenance(y.dtype), np.empty(0, np.int64), "train", np.empty(0, np.int64))
        yield Fold(BASELINE_K, i, X[train], y[train], X[test], y[test], train, test, none)
    if not leaky:
        for i, (train, test) in enumerate(splits):
            for k in ks:
                X_res, y_res, origin, prov, scaler = _resample(X[train], y[train], k, ratio, random_state, how)
                origin = np.where(origin >= 0, train[np.maximum(origin, 0)], -1)
                synthetic = _synthetic_frame(prov, train, "train", prov["position"].to_numpy())
                yield Fold(k, i, X_res, y_res, X[test], y[test], origin, test, synthetic,
                           *(scaler if scaler is not None else (None, None)))
        return
    n = len(y)
    for k in ks:
        # The pitfall: the sampler (and a standardised search's scaler) on everything, then the folds are cut
        # from the resampled data.
        X_res, y_res, origin_all, prov, scaler = _resample(X, y, k, ratio, random_state, how)
        syn_rows = prov["position"].to_numpy()
        for i, (train, test) in enumerate(_splitter(n_splits, random_state).split(X_res, y_res)):
            in_train = np.zeros(len(y_res), dtype=bool)
            in_train[train] = True
            pos = np.empty(len(y_res), dtype=np.int64)
            pos[train], pos[test] = np.arange(len(train)), np.arange(len(test))
            synthetic = _synthetic_frame(prov, np.arange(n), np.where(in_train[syn_rows], "train", "test"),
                                         pos[syn_rows])
            yield Fold(
                k, i, X_res[train], y_res[train], X_res[test], y_res[test],
                origin_all[train], origin_all[test], synthetic, *(scaler if scaler is not None else (None, None)),
            )


def iter_folds(X, y, k_values, *, ratio=1.0, n_splits=5, random_state=0, leaky=False, sampler="smote", params=None,
               standardize=False) -> Iterator[Fold]:
    """The training and test sets of every (k, fold), exactly as :func:`evaluate_k` uses them.

    First the baseline folds (k = 0, no resampling), then, in the honest mode, fold by fold every k; with
    ``leaky=True``, k by k every fold.

    Parameters
    ----------
    X, y, k_values, ratio, n_splits, random_state, leaky, sampler, params, standardize
        As for :func:`evaluate_k`.

    Yields
    ------
    Fold

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 2)); y = np.array([0] * 45 + [1] * 15)
    >>> folds = list(iter_folds(X, y, [3], n_splits=3))
    >>> [(f.k, f.fold) for f in folds]
    [(0, 0), (0, 1), (0, 2), (3, 0), (3, 1), (3, 2)]
    >>> f = folds[3]; int((f.train_origin == -1).sum()), int((f.test_origin == -1).sum())
    (20, 0)
    """
    how = _check_how(sampler, params, standardize)
    X_arr, y_arr, ks, ratio, n_splits, random_state = _prepare(X, y, k_values, ratio, n_splits, random_state, leaky)
    return _iter_folds(X_arr, y_arr, ks, ratio, n_splits, random_state, leaky, how)


def _check_seed(random_state):
    if random_state is not None and (
        isinstance(random_state, bool) or not isinstance(random_state, numbers.Integral)
    ):
        raise SmoteError(
            f"random_state={random_state!r}: give a whole number (the same number gives the same table) or None."
        )
    check_random_state(random_state)  # the range
    if random_state is None:
        # One seed drawn for the whole run, so that the folds, SMOTE and the classifier agree with each other
        # (and with the k limit checked up front); evaluate_k records it in attrs.
        return int(np.random.randint(0, 2**31 - 1))
    return int(random_state)


def _prepare(X, y, k_values, ratio, n_splits, random_state, leaky):
    random_state = _check_seed(random_state)
    X_arr, y_arr = _check_data(X, y)
    ks = _check_k_values(k_values)
    n_splits = _check_n_splits(n_splits, y_arr)
    ratio = _check_ratio(ratio, y_arr)
    _check_k_fits(ks, y_arr, ratio, n_splits, random_state, leaky)
    return X_arr, y_arr, ks, ratio, n_splits, random_state


# ----------------------------------------------------------------------------------------------------------------
# Scores
# ----------------------------------------------------------------------------------------------------------------


def _positive_scores(clf, X_test, pos):
    classes = list(clf.classes_)
    if hasattr(clf, "predict_proba"):
        return clf.predict_proba(X_test)[:, classes.index(pos)]
    if hasattr(clf, "decision_function"):
        scores = clf.decision_function(X_test)
        if scores.ndim == 1:  # binary: positive values favour classes_[1]
            return scores if classes[1] == pos else -scores
        return scores[:, classes.index(pos)]
    raise SmoteError(
        f"the classifier {type(clf).__name__} has neither predict_proba nor decision_function, which PR-AUC and "
        "ROC-AUC need: pick another classifier."
    )


def _score(clf, X_test, y_test, pos) -> dict:
    y_pred = clf.predict(X_test)
    truth = np.asarray(y_test == pos)
    scores = _positive_scores(clf, X_test, pos)
    return {
        "f1": float(f1_score(truth, np.asarray(y_pred == pos), zero_division=0.0)),
        "balanced_accuracy": float(balanced_accuracy_score(y_test, y_pred)),
        "pr_auc": float(average_precision_score(truth, scores)),
        "roc_auc": float(roc_auc_score(truth, scores)),
    }


def evaluate_k(
    X,
    y,
    k_values,
    *,
    classifier="logistic_regression",
    ratio=1.0,
    n_splits=5,
    random_state=0,
    leaky=False,
    progress=None,
    sampler="smote",
    params=None,
    standardize=False,
) -> pd.DataFrame:
    """Cross-validated scores of a classifier trained after SMOTE with each ``k``, and without SMOTE.

    Stratified k-fold cross-validation (shuffled, seeded with ``random_state``; the same folds for every k). For
    each fold and each k, ``SMOTE(k_neighbors=k, sampling_strategy=fraction_of_majority(y_train, ratio),
    random_state=random_state)`` grows the classes of the training fold only; the classifier is fitted on the
    result and scored on the untouched test fold. Rows with ``k = 0`` are the baseline: the same folds, no
    resampling.

    Parameters
    ----------
    X : array-like, DataFrame or sparse matrix of shape (n_samples, n_features)
        Numeric features (sparse input is made dense).
    y : array-like of shape (n_samples,)
        Class labels; two or more classes.
    k_values : iterable of int
        The k values to try, each ≥ 1. 0 or None (the baseline) may be included and is always added anyway.
    classifier : str or estimator, default="logistic_regression"
        A name from :data:`CLASSIFIERS`, built with ``random_state``; or a scikit-learn classifier, cloned for
        every fit.
    ratio : float in (0, 1], default=1.0
        Every class grows to at least ``ratio`` × the majority's size (see
        :func:`smote_core.sampling.fraction_of_majority`); 1.0 balances the classes.
    n_splits : int, default=5
        Number of folds. Every class needs at least ``n_splits`` rows.
    random_state : int or None, default=0
        Seeds the folds, SMOTE and the classifier: the same seed gives the same table. None draws a seed (a
        different table each time); ``attrs["random_state"]`` then says which.
    leaky : bool, default=False
        ``True`` shows the pitfall: SMOTE is run on the whole data first, and the folds are cut from the
        resampled data. Synthetic rows built from test rows then help train the model, and synthetic rows also
        sit in the test folds (which become as balanced as the training data), so scores are typically inflated.
        Do not use it to choose k. The baseline rows are the same in both modes.
    progress : callable, optional
        ``progress(done, total)`` is called with ``done = 0`` first and after every fit; ``total`` is
        ``n_splits × (1 + number of k values)``.
    sampler : str, default="smote"
        The sampler that grows the training rows, a key of :data:`smote_core.samplers.registry.SAMPLERS`
        (``"borderline1"``, ``"smote_enn"``, …; not the category samplers), built with
        :func:`~smote_core.samplers.registry.make_sampler` with k, the ratio's strategy and ``random_state``. A
        cleaning sampler's training set is the rows it kept.
    params : dict, optional
        The sampler's own parameters by keyword, e.g. ``{"m_neighbors": 10}``.
    standardize : bool, default=False
        Search the sampler's neighbours on z-scored features, z-scored with the mean and standard deviation of the
        training fold (in the leaky mode, of the whole data); the new rows are computed in the original units from
        the same parents, neighbours and λ. The classifier sees the original units either way.

    Returns
    -------
    pandas.DataFrame
        One row per (k, fold), sorted by k then fold, with columns

        - ``k`` (0 = no resampling) and ``fold`` (0-based);
        - the scores of :data:`METRICS`, with the smallest class as the positive class (see
          :func:`positive_class`; for more than two classes, that class against all the others):
          ``f1`` (F1 of the positive class), ``balanced_accuracy`` (mean recall over all classes),
          ``pr_auc`` (average precision of the positive class's predicted probability) and ``roc_auc`` (ROC AUC of
          the same score, i.e. one-vs-rest for the positive class);
        - ``n_train``, ``n_synthetic`` (synthetic rows in the training set), ``n_test`` and
          ``n_test_synthetic`` (synthetic rows in the test set: 0 unless ``leaky``).

        ``df.attrs`` records ``classifier``, ``positive_class``, ``ratio``, ``n_splits``, ``random_state``,
        ``leaky``, ``sampler``, ``params`` and ``standardize``.

    Raises
    ------
    SmoteError
        For a class with fewer than ``n_splits`` rows, a k larger than a training fold allows (the message names
        the k values and the largest usable k; see :func:`max_k`), an unknown classifier, or bad parameters.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(80, 3)); y = np.array([0] * 60 + [1] * 20); X[y == 1] += 1
    >>> df = evaluate_k(X, y, [1, 5], n_splits=4)
    >>> sorted(set(df["k"])), len(df)
    ([0, 1, 5], 12)
    >>> summarize(df).columns.tolist()
    ['k', 'metric', 'mean', 'sd', 'n_folds']
    """
    if isinstance(sampler, str) and sampler in SAMPLERS and not SAMPLERS[sampler].takes_k:
        raise SmoteError(
            f"{SAMPLERS[sampler].title} takes no k (it searches no neighbours): every k would give the same scores. "
            "Use evaluate_sampler for its scores with and without resampling."
        )
    return _evaluate(X, y, k_values, classifier=classifier, ratio=ratio, n_splits=n_splits, random_state=random_state,
                     leaky=leaky, progress=progress, sampler=sampler, params=params, standardize=standardize)


def evaluate_sampler(X, y, *, sampler, params=None, classifier="logistic_regression", ratio=1.0, n_splits=5,
                     random_state=0, leaky=False, progress=None, standardize=False) -> pd.DataFrame:
    """Cross-validated scores of a classifier trained after a sampler that takes no k (Polynomial-fit SMOTE), and
    without resampling: :func:`evaluate_k`'s protocol at the sampler's one setting.

    Parameters
    ----------
    X, y, sampler, params, classifier, ratio, n_splits, random_state, leaky, progress, standardize
        As for :func:`evaluate_k`; ``sampler`` may be any numeric sampler of the registry (one that takes a k is
        run with k = 1).

    Returns
    -------
    pandas.DataFrame
        :func:`evaluate_k`'s table with ``resampled`` (False: the baseline, no resampling; True: with the sampler)
        in place of ``k``; ``attrs`` as there. :func:`sampler_scores` turns it into one row per metric.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(80, 3)); y = np.array([0] * 60 + [1] * 20); X[y == 1] += 1
    >>> df = evaluate_sampler(X, y, sampler="polynom_fit", params={"topology": "mesh"}, n_splits=4)
    >>> df["resampled"].tolist().count(True), sampler_scores(df).columns.tolist()
    (4, ['no resampling', 'Polynomial-fit SMOTE'])
    """
    df = _evaluate(X, y, [1], classifier=classifier, ratio=ratio, n_splits=n_splits, random_state=random_state,
                   leaky=leaky, progress=progress, sampler=sampler, params=params, standardize=standardize)
    df.insert(0, "resampled", df.pop("k") > 0)
    return df


def sampler_scores(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`evaluate_sampler`'s table as one row per metric (its label), with the mean ± sd over the folds as text
    without resampling and with the sampler (the column named by its title).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"resampled": [False, False, True, True], "fold": [0, 1, 0, 1], "f1": [0.5, 0.7, 0.6, 0.6]})
    >>> df.attrs["sampler"] = "polynom_fit"
    >>> sampler_scores(df).to_dict("index")
    {'Minority F1': {'no resampling': '0.600 ± 0.141', 'Polynomial-fit SMOTE': '0.600 ± 0.000'}}
    """
    if not isinstance(df, pd.DataFrame) or "resampled" not in df.columns:
        raise SmoteError("sampler_scores needs the DataFrame that evaluate_sampler returned (a 'resampled' column).")
    title = SAMPLERS.get(df.attrs.get("sampler"), SAMPLERS["smote"]).title
    metrics = [m for m in METRICS if m in df.columns]
    out = {}
    for name, resampled in (("no resampling", False), (title, True)):
        part = df[df["resampled"] == resampled]
        out[name] = [f"{part[m].mean():.3f} ± {np.nan_to_num(part[m].std()):.3f}" for m in metrics]
    return pd.DataFrame(out, index=pd.Index([METRICS[m] for m in metrics], name="metric"))


def _evaluate(X, y, k_values, *, classifier, ratio, n_splits, random_state, leaky, progress, sampler, params,
              standardize) -> pd.DataFrame:
    """:func:`evaluate_k` without its check that the sampler takes a k."""
    make_classifier(classifier, random_state)  # an unknown name is refused before any work
    how = _check_how(sampler, params, standardize)
    if progress is not None and not callable(progress):
        raise SmoteError(f"progress={progress!r} is not callable: pass a function progress(done, total) or None.")
    X_arr, y_arr, ks, ratio, n_splits, random_state = _prepare(X, y, k_values, ratio, n_splits, random_state, leaky)
    pos = positive_class(y_arr)
    total = n_splits * (1 + len(ks))
    if progress is not None:
        progress(0, total)
    rows = []
    # One BLAS thread: these fits are small, and on a busy machine a multi-threaded BLAS made logistic regression
    # 3-6 times slower (the scores are the same).
    with threadpool_limits(limits=1, user_api="blas"):
        for done, f in enumerate(_iter_folds(X_arr, y_arr, ks, ratio, n_splits, random_state, leaky, how), start=1):
            clf = make_classifier(classifier, random_state)
            clf.fit(f.X_train, f.y_train)
            rows.append(
                {
                    "k": f.k,
                    "fold": f.fold,
                    **_score(clf, f.X_test, f.y_test, pos),
                    "n_train": len(f.y_train),
                    "n_synthetic": int((f.train_origin < 0).sum()),
                    "n_test": len(f.y_test),
                    "n_test_synthetic": int((f.test_origin < 0).sum()),
                }
            )
            if progress is not None:
                progress(done, total)
    df = pd.DataFrame(rows).sort_values(["k", "fold"], kind="stable").reset_index(drop=True)
    df = df.astype({"k": np.int64, "fold": np.int64, "n_train": np.int64, "n_synthetic": np.int64,
                    "n_test": np.int64, "n_test_synthetic": np.int64})
    df.attrs.update(
        classifier=classifier if isinstance(classifier, str) else type(classifier).__name__,
        positive_class=pos,
        ratio=float(ratio),
        n_splits=int(n_splits),
        random_state=random_state,
        leaky=bool(leaky),
        sampler=how.sampler,
        params=dict(how.params),
        standardize=how.standardize,
    )
    return df


def summarize(df: pd.DataFrame) -> pd.DataFrame:
    """Mean and standard deviation over the folds, per k and metric.

    Parameters
    ----------
    df : pandas.DataFrame
        The result of :func:`evaluate_k` (at least ``k``, ``fold`` and one column of :data:`METRICS`).

    Returns
    -------
    pandas.DataFrame
        Tidy: one row per (k, metric), sorted by k then in :data:`METRICS` order, with columns ``k``, ``metric``,
        ``mean``, ``sd`` (sample standard deviation over the folds, ddof = 1) and ``n_folds``. ``attrs`` are
        kept.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"k": [0, 0, 3, 3], "fold": [0, 1, 0, 1], "f1": [0.5, 0.7, 0.6, 0.6]})
    >>> summarize(df)[["k", "mean", "sd"]].round(3).values.tolist()
    [[0.0, 0.6, 0.141], [3.0, 0.6, 0.0]]
    """
    if not isinstance(df, pd.DataFrame) or "k" not in df.columns:
        raise SmoteError("summarize needs the DataFrame that evaluate_k returned (with a 'k' column).")
    metrics = [m for m in METRICS if m in df.columns]
    if not metrics:
        raise SmoteError(
            f"the table has none of the score columns {_quote_list(METRICS)}: pass the result of evaluate_k."
        )
    long = df.melt(id_vars=["k"], value_vars=metrics, var_name="metric", value_name="value")
    out = (
        long.groupby(["k", "metric"], sort=False)["value"]
        .agg(mean="mean", sd="std", n_folds="count")
        .reset_index()
    )
    out["metric"] = pd.Categorical(out["metric"], categories=metrics, ordered=True)
    out = out.sort_values(["k", "metric"], kind="stable").reset_index(drop=True)
    out["metric"] = out["metric"].astype(str)
    out["n_folds"] = out["n_folds"].astype(np.int64)
    out.attrs.update(df.attrs)
    return out


@dataclass(frozen=True)
class Verdict:
    """What a table of scores over k says, in words that do not claim more than the folds show."""

    metric: str
    best_k: int
    best_mean: float
    best_sd: float
    alike: tuple  # the k values whose mean is within the noise (one standard error) of the best
    baseline_mean: float
    baseline_sd: float
    k_matters: bool  # False: every k tried is within the noise of the best
    below_baseline: bool  # every k scores below no resampling
    no_better: bool  # the best k is within the noise of no resampling, or below it
    sentence: str


def verdict(summary: pd.DataFrame, metric: str = "f1") -> Verdict:
    """Read :func:`summarize`'s table for one metric: the best k, the ties, and resampling against none.

    Two scores count as alike when they are less than one standard error of the mean over the folds apart
    (``sd / sqrt(n_folds)``) — the noise of the folds. So six k values with the same score are reported as "k
    makes no difference here", not as a best k, and a resampled score below the no-resampling baseline is said
    plainly. The sentence names the sampler the table was made with (``summary.attrs["sampler"]``, SMOTE when the
    table does not say).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"k": [0, 0, 1, 1, 5, 5], "fold": [0, 1] * 3, "f1": [0.7, 0.8, 0.6, 0.62, 0.6, 0.62]})
    >>> v = verdict(summarize(df))
    >>> v.k_matters, v.below_baseline
    (False, True)
    """
    if metric not in METRICS:
        raise SmoteError(f"metric={metric!r}: use one of {_quote_list(METRICS)}.")
    rows = summary[summary["metric"] == metric]
    if rows.empty:
        raise SmoteError(f"the table has no {metric!r} scores: pass summarize(evaluate_k(...)).")
    tried = rows[rows["k"] > 0].sort_values(["mean", "k"], ascending=[False, True], kind="stable")
    base = rows[rows["k"] == 0]
    if tried.empty or base.empty:
        raise SmoteError(
            "the table needs the baseline (k = 0) and at least one k ≥ 1: pass summarize(evaluate_k(...))."
        )
    best = tried.iloc[0]
    se = lambda row: float(np.nan_to_num(row["sd"])) / np.sqrt(max(int(row["n_folds"]), 1))  # noqa: E731
    noise = se(best)
    alike = tuple(int(k) for k, mean in zip(tried["k"], tried["mean"]) if best["mean"] - mean <= noise + 1e-12)
    b = base.iloc[0]
    k_matters = len(alike) < len(tried)
    below = bool((tried["mean"] < b["mean"] - 1e-12).all())
    no_better = bool(best["mean"] - b["mean"] <= max(noise, se(b)) + 1e-12)
    name = METRICS[metric]
    sampler = SAMPLERS.get(summary.attrs.get("sampler", "smote"), SAMPLERS["smote"]).title
    low, high = float(tried["mean"].min()), float(tried["mean"].max())
    spread = f"{low:.3f}" if high - low < 5e-4 else f"{low:.3f}–{high:.3f}"
    if not k_matters:
        head = (f"k makes no difference here, within the noise of the folds: every k tried scores {spread} "
                f"({name}, ± {float(best['sd']):.3f} over the folds).")
    elif len(alike) > 1:
        head = (f"k = {', '.join(map(str, sorted(alike)))} score alike within the noise of the folds "
                f"(best: k = {int(best['k'])}, {float(best['mean']):.3f} ± {float(best['sd']):.3f}); the other k "
                "values score lower.")
    else:
        head = f"Best {name}: k = {int(best['k'])} ({float(best['mean']):.3f} ± {float(best['sd']):.3f})."
    if below:
        tail = (f" Here {sampler} lowers the score: every k ({spread}) is below no resampling "
                f"({float(b['mean']):.3f}).")
    elif no_better:
        tail = (f" {sampler} does no better than no resampling here ({float(b['mean']):.3f} ± {float(b['sd']):.3f}), "
                "within the noise of the folds.")
    else:
        tail = f" Without resampling: {float(b['mean']):.3f} ± {float(b['sd']):.3f}."
    return Verdict(metric, int(best["k"]), float(best["mean"]), float(best["sd"]), alike, float(b["mean"]),
                   float(b["sd"]), k_matters, below, no_better, head + tail)


# ----------------------------------------------------------------------------------------------------------------
# Leak check
# ----------------------------------------------------------------------------------------------------------------


def fold_leak_check(X, y, k_values, *, ratio=1.0, n_splits=5, random_state=0, leaky=False, sampler="smote",
                    params=None, standardize=False) -> pd.DataFrame:
    """Check every (k, fold) of :func:`iter_folds` for leaks between training and test data.

    Parameters
    ----------
    X, y, k_values, ratio, n_splits, random_state, leaky, sampler, params, standardize
        As for :func:`evaluate_k`.

    Returns
    -------
    pandas.DataFrame
        One row per (k, fold) with

        - ``n_train_original``, ``n_train_synthetic``, ``n_test_original``, ``n_test_synthetic``: row counts;
        - ``test_only_original``: the test set has no synthetic row;
        - ``test_untouched``: every original test row equals its row of ``X`` and label of ``y`` exactly;
        - ``disjoint``: no original row is in both the training and the test set;
        - ``parents_in_train``: every parent and neighbour of a synthetic training row is an original row on the
          training side of this fold (one a cleaning step then removed included) and none is a test row, i.e. no
          test row helped build training data;
        - ``synthetic_reproduced``: every synthetic row equals ``interpolate(X, parent, neighbor, gap)`` from the
          original ``X`` (exactly, or to 1e-12 of the column's largest value: Borderline-SMOTE 2 does the same
          arithmetic in another order), so the provenance checked above is the true one;
        - ``scaled_on_train``: a standardised search was z-scored with the mean and standard deviation of this
          fold's training rows only (always True without ``standardize``);
        - ``leak_free``: all of the above.

        In the honest mode every row is leak free; with ``leaky=True`` the resampled rows are not.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(60, 2)); y = np.array([0] * 45 + [1] * 15)
    >>> bool(fold_leak_check(X, y, [3], n_splits=3)["leak_free"].all())
    True
    >>> bool(fold_leak_check(X, y, [3], n_splits=3, leaky=True).query("k == 3")["leak_free"].any())
    False
    """
    how = _check_how(sampler, params, standardize)
    X_arr, y_arr, ks, ratio, n_splits, random_state = _prepare(X, y, k_values, ratio, n_splits, random_state, leaky)
    tolerance = 1e-12 * np.abs(X_arr).max(axis=0, initial=0.0)
    rows = []
    for f in _iter_folds(X_arr, y_arr, ks, ratio, n_splits, random_state, leaky, how):
        train_orig = f.train_origin[f.train_origin >= 0]
        test_mask = f.test_origin >= 0
        test_orig = f.test_origin[test_mask]
        syn = f.synthetic
        parents = syn.loc[syn["split"] == "train", ["parent", "neighbor"]].to_numpy().ravel()
        reproduced = True
        for split, X_part, y_part in (("train", f.X_train, f.y_train), ("test", f.X_test, f.y_test)):
            part = syn[syn["split"] == split]
            if len(part):
                expected = interpolate(
                    X_arr, part["parent"].to_numpy(), part["neighbor"].to_numpy(), part["gap"].to_numpy()
                )
                pos = part["position"].to_numpy()
                reproduced &= bool(
                    (np.abs(X_part[pos] - expected) <= tolerance).all()
                    and np.array_equal(y_part[pos], part["class"].to_numpy())
                )
        row = {
            "k": f.k,
            "fold": f.fold,
            "n_train_original": len(train_orig),
            "n_train_synthetic": int((f.train_origin < 0).sum()),
            "n_test_original": len(test_orig),
            "n_test_synthetic": int((~test_mask).sum()),
            "test_only_original": bool(test_mask.all()),
            "test_untouched": bool(
                np.array_equal(f.X_test[test_mask], X_arr[test_orig])
                and np.array_equal(f.y_test[test_mask], y_arr[test_orig])
            ),
            "disjoint": not np.intersect1d(train_orig, test_orig).size,
            "parents_in_train": bool(((parents >= 0) & (parents < len(y_arr))).all()
                                     and not np.isin(parents, test_orig).any()),
            "synthetic_reproduced": reproduced,
            "scaled_on_train": _scaled_on(f, X_arr, np.setdiff1d(np.arange(len(y_arr)), test_orig)),
        }
        row["leak_free"] = all(
            row[c] for c in ("test_only_original", "test_untouched", "disjoint", "parents_in_train",
                             "synthetic_reproduced", "scaled_on_train")
        )
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["k", "fold"], kind="stable").reset_index(drop=True)


def _scaled_on(fold: Fold, X, rows) -> bool:
    """Whether ``fold``'s standardised search (if any) was z-scored with the statistics of ``X[rows]`` alone."""
    if fold.search_mean is None:
        return True
    mean, scale = _z_scaler(X[rows])
    return bool(np.allclose(fold.search_mean, mean, rtol=1e-12, atol=0)
                and np.allclose(fold.search_scale, scale, rtol=1e-12, atol=0))
