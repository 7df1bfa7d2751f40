"""SMOTE in high dimensions: the same data padded with pure-noise features, and what happens to SMOTE's neighbours.

:func:`high_dimension_study` z-scores the features, appends 0, 10, 50, 200 … columns of standard normal noise (the
same seeded columns, nested: 50 noise features are the first 50 of the 200) and measures, at each level,

- how far a minority sample's nearest same-class neighbour is compared with its farthest one (the ratio goes
  towards 1 as distances concentrate: "nearest" stops meaning anything);
- how many of each minority sample's k nearest neighbours are still the ones it had without noise (neighbours
  becoming arbitrary);
- how much variance SMOTE's synthetic rows keep in the original features, against the original minority rows:
  with a neighbour drawn independently of its parent, ``var(x + λ (x_nn − x)) = 2/3 var(x)`` for λ uniform in
  [0, 1] — SMOTE shrinks the minority's variability, as Blagus & Lusa (BMC Bioinformatics 14:106, 2013) showed for
  high-dimensional data;
- the cross-validated score of a classifier with and without SMOTE (SMOTE inside each training fold only, by
  :func:`smote_core.analysis.evaluation.evaluate_k`) and the gain, with its spread over the folds.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np
import pandas as pd
from sklearn.metrics.pairwise import euclidean_distances
from threadpoolctl import threadpool_limits

from .._validation import SmoteError, _quote_list
from ..samplers.smote import SMOTE
from ..sampling import class_counts
from .evaluation import METRICS, _prepare, evaluate_k, make_classifier, positive_class

__all__ = ["DEFAULT_NOISE", "MAX_NOISE", "RANDOM_NEIGHBOUR_VARIANCE", "high_dimension_study", "pad_with_noise"]

DEFAULT_NOISE = (0, 10, 50, 200)
"""The noise features added by default: none, then 10, 50 and 200 columns."""

MAX_NOISE = 5000
"""The most noise features one level may add (the padded data is held in memory)."""

RANDOM_NEIGHBOUR_VARIANCE = 2 / 3
"""``var(synthetic) / var(original)`` when each neighbour is drawn independently of its parent (λ uniform)."""

_SYNTHETIC_FOR_VARIANCE = 2000  # synthetic rows the variance is measured on: enough that the ratio is not noise
_CHUNK_CELLS = 4_000_000  # distances computed at a time (32 MB of float64)


def pad_with_noise(X, n_noise: int, seed=0, *, standardize: bool = True) -> np.ndarray:
    """``X`` (z-scored column by column unless ``standardize=False``) with ``n_noise`` columns of standard normal
    noise appended.

    The noise columns are drawn from ``numpy.random.RandomState(seed)`` one column after the other, so a smaller
    level's columns are the first columns of a larger one: the same data, padded more.
    A constant column is only centred (scale 1).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    n_noise : int
        0 to :data:`MAX_NOISE`.
    seed : int, default=0
    standardize : bool, default=True

    Returns
    -------
    ndarray of shape (n_samples, n_features + n_noise)

    Examples
    --------
    >>> import numpy as np
    >>> X = np.arange(12.0).reshape(6, 2)
    >>> pad_with_noise(X, 3).shape
    (6, 5)
    >>> bool(np.allclose(pad_with_noise(X, 3)[:, :4], pad_with_noise(X, 2)[:, :4]))   # nested levels
    True
    """
    X = np.asarray(X, dtype=np.float64)
    n_noise = _check_levels([n_noise])[0]
    if standardize:
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        X = (X - X.mean(axis=0)) / scale
    return np.hstack([X, _noise(len(X), n_noise, seed)])


def _noise(n_rows: int, n_noise: int, seed) -> np.ndarray:
    # Drawn column by column (the transpose of a row-major draw): the first m columns are the same whatever the
    # number of columns drawn, so every level pads the same data with the same noise.
    return np.random.RandomState(seed).standard_normal((n_noise, n_rows)).T


def _check_levels(noise) -> list[int]:
    if isinstance(noise, (numbers.Number, str)) or noise is None:
        noise = [noise]
    levels, bad = [], []
    for m in noise:
        if isinstance(m, numbers.Real) and not isinstance(m, bool) and float(m).is_integer() \
                and 0 <= m <= MAX_NOISE:
            levels.append(int(m))
        else:
            bad.append(m)
    if bad or not levels:
        raise SmoteError(
            f"noise={list(noise)!r}: give the numbers of noise features to add, whole numbers from 0 to {MAX_NOISE} "
            f"(e.g. {DEFAULT_NOISE})" + (f"; {_quote_list(bad)} cannot be used." if bad else ".")
        )
    return sorted(set(levels))


def _check_whole(value, name: str, low: int, hint: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise SmoteError(f"{name}={value!r}: {hint}")
    return int(value)


def _subsample(y, max_rows, seed) -> np.ndarray:
    """Row positions: all of them, or a seeded sample of ``max_rows`` keeping each class's share (at least 2 rows
    of every class when there are that many)."""
    n = len(y)
    if max_rows is None or n <= max_rows:
        return np.arange(n)
    rng = np.random.RandomState(seed)
    keep = []
    for c, count in class_counts(y).items():
        rows = np.flatnonzero(y == c)
        take = min(count, max(2, int(round(max_rows * count / n))))
        keep.append(rng.choice(rows, take, replace=False))
    return np.sort(np.concatenate(keep))


def _geometry(A: np.ndarray, k: int, reference: np.ndarray | None):
    """For every row of ``A`` (the minority): nearest ÷ farthest distance to the other rows, and its k nearest."""
    n = len(A)
    ratio = np.empty(n)
    nearest = np.empty((n, k), dtype=np.int64)
    step = max(1, _CHUNK_CELLS // max(n, 1))
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        D = euclidean_distances(A[rows], A)
        D[np.arange(len(rows)), rows] = np.nan  # not its own neighbour
        far = np.nanmax(D, axis=1)
        near = np.nanmin(D, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio[rows] = np.where(far > 0, near / far, np.nan)
        D[np.arange(len(rows)), rows] = np.inf
        nearest[rows] = np.argsort(D, axis=1, kind="stable")[:, :k]
    if reference is None:
        return ratio, nearest, np.ones(n)
    same = np.array([len(np.intersect1d(a, b)) for a, b in zip(nearest, reference)]) / k
    return ratio, nearest, same


def _variance_ratio(Z_pad: np.ndarray, y, pos, k: int, seed, n_original: int) -> float:
    """Mean over the original features of var(synthetic) / var(original minority), SMOTE on the padded data."""
    n_min = int((y == pos).sum())
    sm = SMOTE(k_neighbors=k, sampling_strategy={pos: n_min + _SYNTHETIC_FOR_VARIANCE}, random_state=seed)
    X_res, _ = sm.fit_resample(Z_pad, y)
    synthetic = np.asarray(X_res)[len(y):, :n_original]
    original = Z_pad[y == pos, :n_original]
    var_orig = original.var(axis=0, ddof=1)
    used = var_orig > 0
    if not used.any():
        return float("nan")
    return float(np.mean(synthetic[:, used].var(axis=0, ddof=1) / var_orig[used]))


def high_dimension_study(X, y, *, noise=DEFAULT_NOISE, k=5, seed=0, classifier="knn", folds=5, metric="f1",
                         max_rows=None, progress: Callable | None = None, return_folds=False):
    """What SMOTE's neighbours, its synthetic rows and its benefit become as noise features are added.

    The features are z-scored and padded with standard normal noise columns (:func:`pad_with_noise`), so that a
    noise column weighs as much in a distance as a real one. At each level the smallest class (the minority, see
    :func:`~smote_core.analysis.evaluation.positive_class`) is measured with Euclidean distances among its own rows,
    as SMOTE searches them.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric features (category columns one-hot encoded).
    y : array-like of shape (n_samples,)
        Class labels, two or more classes.
    noise : iterable of int, default=(0, 10, 50, 200)
        How many noise features to add at each level (sorted, duplicates dropped). The overlap is always counted
        against the neighbours with 0 added features, whether 0 is a level or not.
    k : int, default=5
        SMOTE's ``k_neighbors``, and the number of neighbours whose overlap is counted.
    seed : int, default=0
        Seeds the noise, SMOTE, the folds, the classifier and the row sample: the same seed gives the same table.
    classifier : str or estimator, default="knn"
        As for :func:`~smote_core.analysis.evaluation.evaluate_k`; the default is k-nearest neighbours (k = 5),
        the classifier Blagus & Lusa found most affected.
    folds : int, default=5
        Stratified folds of the cross-validation.
    metric : str, default="f1"
        The score compared, a key of :data:`~smote_core.analysis.evaluation.METRICS`: minority F1 by default.
    max_rows : int, optional
        Study a seeded sample of at most this many rows, each class keeping its share (None: every row).
    progress : callable, optional
        ``progress(done, total)``: called with ``done = 0`` first, then after each level's geometry and each fit;
        ``total = len(noise) × (1 + 2 × folds)``.
    return_folds : bool, default=False
        Also return the score of every fold.

    Returns
    -------
    summary : pandas.DataFrame
        One row per level, in increasing order of noise, with columns

        - ``noise_features`` and ``n_features`` (the original features plus the noise);
        - ``distance_ratio``: the median over minority rows of (distance to the nearest other minority row) ÷
          (distance to the farthest), with ``distance_ratio_q1`` and ``distance_ratio_q3`` (quartiles); near 1,
          every row is about as far as every other;
        - ``overlap``: the mean share of each minority row's k nearest neighbours that are the same as with 0 added
          features (1 at 0), and ``overlap_chance``: the share a random choice of k would keep, k / (n − 1);
        - ``variance_ratio``: mean over the original features of var(synthetic) / var(original minority rows),
          SMOTE fitted on the padded data (measured on 2,000 synthetic rows of the minority, so the ratio is not
          the noise of a small sample); 1 is no change, :data:`RANDOM_NEIGHBOUR_VARIANCE` (2/3) what an
          arbitrary neighbour gives;
        - ``cv_none`` and ``cv_smote``: the mean score over the folds without resampling and with SMOTE (k = ``k``,
          ratio 1) inside each training fold, with ``cv_none_sd`` and ``cv_smote_sd`` (standard deviation over the
          folds);
        - ``cv_gain`` (``cv_smote − cv_none``, fold by fold, then averaged), ``cv_gain_sd``, ``cv_gain_se``
          (standard error, ``sd / √folds``), ``gain_within_noise`` (``|cv_gain| ≤ cv_gain_se``: no gain or loss
          the folds can tell apart from none) and ``n_folds``.

        ``attrs`` records ``metric``, ``classifier``, ``k``, ``seed``, ``folds``, ``positive_class``,
        ``original_features``, ``minority_rows``, ``rows`` (studied) and ``rows_total``.
    folds_table : pandas.DataFrame
        With ``return_folds``: one row per (level, fold), with ``noise_features``, ``fold``, ``none``, ``smote``,
        ``gain`` and ``n_test_synthetic`` (synthetic rows in the test fold: always 0).

    Notes
    -----
    The cross-validation is leakage-free: it runs :func:`~smote_core.analysis.evaluation.evaluate_k` on the
    features in their own units with the noise appended, SMOTE searching its neighbours z-scored with each training
    fold's own mean and standard deviation (``standardize=True``), so test rows never take part in SMOTE and no
    statistic of a test row reaches training. (The geometry and the variance are descriptive, on all rows.)

    Raises
    ------
    SmoteError
        For bad arguments, a minority too small for ``k`` or for the folds (the message says what to use).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (60, 3)), rng.normal(1.5, 1, (20, 3))]); y = np.array([0] * 60 + [1] * 20)
    >>> df = high_dimension_study(X, y, noise=(0, 100), k=3, folds=3)
    >>> df["noise_features"].tolist(), float(df["overlap"].iloc[0])
    ([0, 100], 1.0)
    >>> bool(df["distance_ratio"].iloc[1] > df["distance_ratio"].iloc[0])
    True
    """
    levels = _check_levels(noise)
    k = _check_whole(k, "k", 1, "k must be a whole number ≥ 1 (SMOTE's number of nearest neighbours).")
    folds = _check_whole(folds, "folds", 2, "the number of folds must be a whole number ≥ 2 (5 is usual).")
    if metric not in METRICS:
        raise SmoteError(f"metric={metric!r}: use one of {_quote_list(METRICS)}.")
    if max_rows is not None:
        max_rows = _check_whole(max_rows, "max_rows", 10, "give a whole number of rows ≥ 10, or None for all.")
    if progress is not None and not callable(progress):
        raise SmoteError(f"progress={progress!r} is not callable: pass a function progress(done, total) or None.")
    make_classifier(classifier, 0)  # an unknown classifier is refused before any work
    X_all, y_all, _, _, _, seed = _prepare(X, y, [], 1.0, folds, seed, False)
    rows = _subsample(y_all, max_rows, seed)
    X_arr, y_arr = X_all[rows], y_all[rows]
    # k against the training folds (SMOTE needs k + 1 minority rows in each): the message says which k to use
    X_arr, y_arr, _, _, folds, seed = _prepare(X_arr, y_arr, [k], 1.0, folds, seed, False)

    # One thread for BLAS and OpenMP: these fits are small, and the k-NN classifier's parallel distance search
    # made the study three times slower on a busy two-core machine (the results are the same).
    with threadpool_limits(limits=1):
        summary, fold_table = _study(X_arr, y_arr, len(y_all), levels, k, seed, classifier, folds, metric, progress)
    if return_folds:
        return summary, fold_table
    return summary


def _study(X_arr, y_arr, rows_total, levels, k, seed, classifier, folds, metric, progress):
    pos = positive_class(y_arr)
    n_min = int((y_arr == pos).sum())
    n_original = X_arr.shape[1]
    scale = X_arr.std(axis=0)
    scale[scale == 0] = 1.0
    Z = (X_arr - X_arr.mean(axis=0)) / scale
    all_noise = _noise(len(y_arr), max(levels), seed)
    is_min = y_arr == pos
    total = len(levels) * (1 + 2 * folds)
    done = 0
    if progress is not None:
        progress(0, total)
    _, reference, _ = _geometry(Z[is_min], k, None)
    rows_out, fold_rows = [], []
    for m in levels:
        Z_pad = np.hstack([Z, all_noise[:, :m]])
        ratio, _, same = _geometry(Z_pad[is_min], k, reference)
        variance = _variance_ratio(Z_pad, y_arr, pos, k, seed, n_original)
        done += 1
        if progress is not None:
            progress(done, total)

        def tick(fit, _total, start=done):
            if progress is not None and fit > 0:
                progress(start + fit, total)

        table = evaluate_k(np.hstack([X_arr, all_noise[:, :m]]), y_arr, [k], classifier=classifier, n_splits=folds,
                           random_state=seed, standardize=True, progress=tick)
        done += 2 * folds
        none = table[table["k"] == 0].set_index("fold")[metric]
        smote = table[table["k"] == k].set_index("fold")
        gain = smote[metric] - none
        for fold in none.index:
            fold_rows.append({"noise_features": m, "fold": int(fold), "none": float(none[fold]),
                              "smote": float(smote[metric][fold]), "gain": float(gain[fold]),
                              "n_test_synthetic": int(smote["n_test_synthetic"][fold])})
        se = float(gain.std(ddof=1)) / np.sqrt(len(gain))
        rows_out.append({
            "noise_features": m, "n_features": n_original + m,
            "distance_ratio": float(np.nanmedian(ratio)),
            "distance_ratio_q1": float(np.nanquantile(ratio, 0.25)),
            "distance_ratio_q3": float(np.nanquantile(ratio, 0.75)),
            "overlap": float(same.mean()), "overlap_chance": k / (n_min - 1),
            "variance_ratio": variance,
            "cv_none": float(none.mean()), "cv_none_sd": float(none.std(ddof=1)),
            "cv_smote": float(smote[metric].mean()), "cv_smote_sd": float(smote[metric].std(ddof=1)),
            "cv_gain": float(gain.mean()), "cv_gain_sd": float(gain.std(ddof=1)), "cv_gain_se": se,
            "gain_within_noise": bool(abs(float(gain.mean())) <= se + 1e-12), "n_folds": len(gain),
        })
    summary = pd.DataFrame(rows_out)
    summary.attrs.update(metric=metric, classifier=classifier if isinstance(classifier, str) else
                         type(classifier).__name__, k=k, seed=seed, folds=folds, positive_class=pos,
                         original_features=n_original, minority_rows=n_min, rows=len(y_arr), rows_total=rows_total)
    return summary, pd.DataFrame(fold_rows)
