"""K-means SMOTE — imbalanced-learn 0.14's draws, exactly the number of rows asked for, and every row's cluster."""

from __future__ import annotations

import functools
import math
import numbers

import numpy as np
import pandas as pd
from sklearn.cluster import MiniBatchKMeans
from sklearn.metrics import pairwise_distances
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions

from .._validation import SmoteError, check_random_state, plural
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import N_JOBS_CONSTRAINT, NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes, fresh_estimator
from .smote import draw_pairs, interpolate

SUMMARY_COLUMNS = ("class", "cluster", "n_samples", "n_class", "class_fraction", "eligible", "sparsity", "weight",
                   "n_new")


def _check_auto_or_number(name, value):
    if isinstance(value, str) and value == "auto":
        return
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or math.isnan(value):
        raise SmoteError(f"{name}={value!r}: give 'auto' or a number.")


def _make_kmeans(km, random_state):
    """The clustering estimator ``kmeans_estimator`` stands for (a fresh one: cloned if it is given)."""
    if isinstance(km, numbers.Integral) and not isinstance(km, bool):
        if km < 1:
            raise SmoteError(f"kmeans_estimator={km}: the number of clusters must be at least 1.")
        return MiniBatchKMeans(n_clusters=int(km), random_state=random_state)
    return fresh_estimator(
        km, lambda: MiniBatchKMeans(random_state=random_state),
        f"kmeans_estimator={km!r}: give None (MiniBatchKMeans with 8 clusters), a number of clusters, or a "
        "clustering estimator with fit and predict methods such as sklearn.cluster.KMeans.",
    )


class KMeansSMOTE(BaseOverSampler):
    """K-means SMOTE: cluster all of ``X`` with k-means, then run SMOTE inside the clusters rich in the class.

    For every class to grow, ``X`` is clustered and a cluster *qualifies* when at least
    ``cluster_balance_threshold`` of its rows are of the class and it holds at least ``k_neighbors + 1`` of them.
    Each qualifying cluster gets a share of the new rows proportional to its *sparsity*
    ``mean_distance ** density_exponent / n`` (``mean_distance``: the mean pairwise Euclidean distance between
    its ``n`` samples of the class), so sparse clusters get more; within a cluster, SMOTE interpolates between
    a sample of the class and one of its ``k_neighbors`` nearest same-class neighbours in that cluster.

    The random draws are imbalanced-learn's (``imblearn.over_sampling.KMeansSMOTE`` 0.14): whenever imbalanced-learn
    makes the number of rows asked for, the output is bit-identical. When it would make more (see Notes), this
    class makes the same draws and leaves the surplus rows out.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        Passed to the default k-means; an int restarts the generator for every cluster's draws, as in
        imbalanced-learn.
    k_neighbors : int or estimator, default=2
        Number of same-class nearest neighbours (within the cluster) to interpolate towards, or an object with
        ``fit`` and ``kneighbors`` whose ``n_neighbors`` counts the sample itself.
    n_jobs : int or None, default=None
        Jobs for the pairwise distances behind each cluster's sparsity (``sklearn.metrics.pairwise_distances``), as
        in imbalanced-learn; ``None`` means 1.
    kmeans_estimator : None, int or estimator, default=None
        ``None``: ``MiniBatchKMeans(random_state=random_state)`` (8 clusters); an int: that many clusters of a
        ``MiniBatchKMeans``; or a clustering estimator with ``fit`` and ``predict`` (cloned; its own
        ``random_state`` applies).
    cluster_balance_threshold : "auto" or float, default="auto"
        The least fraction of a cluster's rows that must be of the class for the cluster to qualify. ``"auto"``
        is imbalanced-learn's ``n_new(class) / n_new(all classes) / 2``. Ignored (every cluster qualifies on this
        count) when there is a single cluster.
    density_exponent : "auto" or float, default="auto"
        The exponent of the mean distance in the sparsity. ``"auto"`` is ``0.16 · log_1.6(n) ** 1.8`` for a
        cluster with ``n`` samples of the class, as in imbalanced-learn.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    kmeans_estimator_ : estimator
        The clustering estimator (fitted on ``X`` for the last class resampled).
    nn_k_ : estimator
        The nearest-neighbour estimator (fitted on the last cluster used).
    k_ : int
        The number of neighbours each sample chose from.
    cluster_balance_threshold_ : "auto" or float
        The threshold used: the parameter, or ``-inf`` when the clustering has a single cluster.
    cluster_labels_ : dict
        ``{class: int array of shape (n_samples,)}`` for every class that received new rows: the cluster of every
        row of ``X`` in the clustering made for that class. ``X`` is clustered anew for each class, as in
        imbalanced-learn; with an int ``random_state`` (or a single class to grow) the clusterings are the same.
    cluster_weights_ : dict
        ``{class: {cluster: weight}}``: the qualifying clusters of each class and their share of the new rows
        (sparsity normalised to sum to 1).
    cluster_summary_ : pandas.DataFrame
        One row per (class, non-empty cluster): columns ``class``, ``cluster``, ``n_samples`` (rows in the
        cluster), ``n_class`` (of them of the class), ``class_fraction``, ``eligible``, ``sparsity`` (NaN when not
        eligible), ``weight`` (0 when not eligible) and ``n_new`` (rows made in the cluster).
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``, with columns
        ``parent``, ``neighbor`` (0-based row positions in ``X``), ``gap`` (λ), ``class`` and ``cluster`` (the
        cluster the parent and neighbour belong to), so that ``X_res[n + i] == X[parent] + gap · (X[neighbor] −
        X[parent])`` (computed as :func:`smote_core.interpolate` does).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Raises
    ------
    SmoteError
        Besides SMOTE's input errors: when no cluster qualifies for a class (imbalanced-learn raises
        ``RuntimeError``), when the clustering asks for more clusters than ``X`` has rows, and for parameters of
        the wrong kind.

    Notes
    -----
    Differences from imbalanced-learn 0.14, all where it misbehaves:

    - **Exactly the number of rows asked for.** imbalanced-learn gives cluster ``j`` ``ceil(n_new · w_j)`` rows, so a
      class can gain up to (number of qualifying clusters − 1) rows more than ``sampling_strategy`` says. Here the
      rows are drawn the same way, then the surplus is left out: one row (the cluster's last) from each of the
      clusters whose count was rounded up the most (ties: the first cluster). The remaining rows and the state of
      a shared ``RandomState`` are exactly imbalanced-learn's, so the output is imbalanced-learn's output without
      its surplus rows.
    - When every qualifying cluster's samples of the class are identical rows (all sparsities 0), imbalanced-learn
      fails dividing 0 by 0; here those clusters share the new rows equally. Likewise when a sparsity is infinite
      (a negative ``density_exponent`` with identical rows) the infinite ones share the rows.
    - Integer and boolean features are interpolated as :class:`smote_core.SMOTE` does.
    - A clustering estimator without ``n_clusters`` is supported (its labels present in the data are used).

    References
    ----------
    Last, F., Douzas, G. and Bacao, F. "Oversampling for Imbalanced Learning Based on K-Means and SMOTE",
    https://arxiv.org/abs/1711.00837

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import KMeansSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (80, 2)), rng.normal(3, 0.5, (20, 2))])
    >>> y = np.array([0] * 80 + [1] * 20)
    >>> km = KMeansSMOTE(kmeans_estimator=4, random_state=0)
    >>> X_res, y_res = km.fit_resample(X, y)
    >>> int((y_res == 1).sum()), list(km.provenance_.columns)
    (80, ['parent', 'neighbor', 'gap', 'class', 'cluster'])
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "n_jobs": N_JOBS_CONSTRAINT,
        "kmeans_estimator": [HasMethods(["fit", "predict"]), Interval(numbers.Integral, 1, None, closed="left"), None],
        "cluster_balance_threshold": [StrOptions({"auto"}), numbers.Real],
        "density_exponent": [StrOptions({"auto"}), numbers.Real],
    }
    _value_checks = {
        "cluster_balance_threshold": functools.partial(_check_auto_or_number, "cluster_balance_threshold"),
        "density_exponent": functools.partial(_check_auto_or_number, "density_exponent"),
        "kmeans_estimator": functools.partial(_make_kmeans, random_state=None),
    }

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=2, n_jobs=None,
                 kmeans_estimator=None, cluster_balance_threshold="auto", density_exponent="auto"):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.n_jobs = n_jobs
        self.kmeans_estimator = kmeans_estimator
        self.cluster_balance_threshold = cluster_balance_threshold
        self.density_exponent = density_exponent

    # ---------------------------------------------------------------------------------------------- validation

    def _validate_params(self):
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        check_random_state(self.random_state)  # refused before k-means sees it, even when nothing is generated
        for name in ("cluster_balance_threshold", "density_exponent"):
            _check_auto_or_number(name, getattr(self, name))
        self.kmeans_estimator_ = _make_kmeans(self.kmeans_estimator, self.random_state)
        n_clusters = getattr(self.kmeans_estimator_, "n_clusters", None)
        self.cluster_balance_threshold_ = -np.inf if n_clusters == 1 else self.cluster_balance_threshold

    # ---------------------------------------------------------------------------------------------- resampling

    def _fit_resample(self, X, y):
        self._validate_params()
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        n_clusters = getattr(self.kmeans_estimator_, "n_clusters", None)
        if (any(self.sampling_strategy_.values()) and isinstance(n_clusters, numbers.Integral)
                and n_clusters > X.shape[0]):
            raise SmoteError(
                f"k-means is asked for {n_clusters} clusters but X has only {plural(X.shape[0], 'row')}: pass "
                f"kmeans_estimator=<number of clusters ≤ {X.shape[0]}>"
                + (" (the default MiniBatchKMeans makes 8)." if self.kmeans_estimator is None else ".")
            )
        total_new = sum(self.sampling_strategy_.values())
        self.cluster_labels_, self.cluster_weights_ = {}, {}
        rows, summaries = NewRows(y.dtype, {"cluster": np.int64}), []
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            labels = self._cluster(X)
            self.cluster_labels_[c] = labels
            summary, qualifying = self._qualifying_clusters(X, y, c, labels, n_new, total_new)
            weights = _cluster_weights(np.array([q[2] for q in qualifying]))
            self.cluster_weights_[c] = {int(q[0]): float(w) for q, w in zip(qualifying, weights)}
            made = self._grow_class(X, c, n_new, qualifying, weights, rows)
            summary["weight"] = summary["cluster"].map(self.cluster_weights_[c]).fillna(0.0)
            summary["n_new"] = summary["cluster"].map(made).fillna(0).astype(np.int64)
            summaries.append(summary[list(SUMMARY_COLUMNS)])
        self.cluster_summary_ = pd.concat(summaries, ignore_index=True) if summaries else _empty_summary(y.dtype)
        return rows.result(X, y)

    def _grow_class(self, X, c, n_new, qualifying, weights, rows):
        """Class ``c``'s ``n_new`` rows, cluster by cluster (added to ``rows``); ``{cluster: rows made}``.

        imbalanced-learn's draws: ``ceil(n_new · w_j)`` in cluster ``j``, each cluster with its own
        :func:`draw_pairs`; then exactly ``n_new`` of them: the surplus of the rounding up is left out.
        """
        n_typed = self._imblearn_count_type(n_new)
        counts = np.array([int(math.ceil(n_typed * w)) for w in weights])
        draws = []
        for (cluster, members, _), n_j in zip(qualifying, counts):
            nns = class_neighbors(self.nn_k_, X[members])
            picked, cols, gaps = draw_pairs(self.random_state, nns, n_j)
            draws.append((cluster, members[picked], members[nns[picked, cols]], gaps))
        keep = _trim_to_total(counts, n_new * np.asarray(weights, dtype=np.float64), n_new)
        for (cluster, parents, neighbors, gaps), n_keep in zip(draws, keep):
            if n_keep == 0:
                continue
            parents, neighbors, gaps = parents[:n_keep], neighbors[:n_keep], gaps[:n_keep]
            rows.add(c, interpolate(X, parents, neighbors, gaps), parents, neighbors, gaps,
                     cluster=np.full(n_keep, cluster, dtype=np.int64))
        return dict(zip((int(q[0]) for q in qualifying), keep.tolist()))

    def _cluster(self, X):
        est = self.kmeans_estimator_
        labels = est.fit_predict(X) if hasattr(est, "fit_predict") else est.fit(X).predict(X)
        return np.asarray(labels)

    def _qualifying_clusters(self, X, y, c, labels, n_new, total_new):
        """The summary of every non-empty cluster, and ``[(cluster, member positions, sparsity)]`` of those that
        qualify, in cluster order. Computed in imbalanced-learn's order and dtypes (the sparsities decide the
        counts)."""
        n_clusters = getattr(self.kmeans_estimator_, "n_clusters", None)
        clusters = range(n_clusters) if isinstance(n_clusters, numbers.Integral) else np.unique(labels).tolist()
        if self.cluster_balance_threshold_ == "auto":
            threshold = n_new / total_new / 2
        else:
            threshold = self.cluster_balance_threshold_
        rows, qualifying = [], []
        for cluster in clusters:
            in_cluster = np.flatnonzero(labels == cluster)
            if in_cluster.size == 0:
                continue
            is_c = y[in_cluster] == c
            fraction = is_c.mean()
            eligible = not (fraction < threshold or fraction * in_cluster.size < self.k_ + 1)
            sparsity = np.nan
            if eligible:
                members = in_cluster[is_c]
                sparsity = _sparsity(X[members], self.density_exponent, self.n_jobs)
                qualifying.append((cluster, members, sparsity))
            rows.append((c, cluster, in_cluster.size, int(is_c.sum()), float(fraction), eligible, float(sparsity)))
        summary = pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS[:7]))
        summary["class"] = summary["class"].astype(y.dtype)
        if not qualifying:
            self._raise_no_cluster(c, summary, threshold)
        return summary, qualifying

    def _raise_no_cluster(self, c, summary, threshold):
        best = summary.loc[summary["class_fraction"].idxmax()]
        how = ("cluster_balance_threshold='auto': half this class's share of all new rows"
               if self.cluster_balance_threshold == "auto" else "cluster_balance_threshold")
        raise SmoteError(
            f"KMeansSMOTE found no cluster to grow class {c!r} in. A cluster qualifies when at least "
            f"{threshold:.3g} of its rows are of class {c!r} ({how}) and at least {self.k_ + 1} of them are "
            f"(k_neighbors + 1). Of the {plural(len(summary), 'non-empty cluster')}, the richest in class {c!r} has "
            f"{int(best['n_class'])} of its {int(best['n_samples'])} rows of that class "
            f"({best['class_fraction']:.3g}). Try a lower cluster_balance_threshold, a different number of clusters "
            "(kmeans_estimator=N: more clusters are purer, fewer are larger), a smaller k_neighbors, or SMOTE."
        )

    def _imblearn_count_type(self, n_new):
        # imbalanced-learn multiplies the class's count by a cluster weight, which may be float32 (the sparsity of
        # float32 data); its count is a Python int for a float sampling_strategy and an np.int64 otherwise, and
        # int · float32 stays float32 while np.int64 · float32 is float64. The product is rounded up, so to make
        # the same number of draws we multiply with the same type.
        if isinstance(self.sampling_strategy, numbers.Real) and not isinstance(self.sampling_strategy, bool):
            return int(n_new)
        return np.int64(n_new)


def _empty_summary(y_dtype) -> pd.DataFrame:
    dtypes = [y_dtype, np.int64, np.int64, np.int64, np.float64, bool, np.float64, np.float64, np.int64]
    return pd.DataFrame({col: np.empty(0, dtype=dt) for col, dt in zip(SUMMARY_COLUMNS, dtypes)})


def _sparsity(X_class, density_exponent, n_jobs=None):
    """``mean_distance ** exponent / n`` for the ``n`` rows of one cluster's class, as imbalanced-learn computes it
    (same operations and dtypes: float32 data gives a float32 sparsity; ``n_jobs`` as imbalanced-learn passes it)."""
    distances = pairwise_distances(X_class, metric="euclidean", n_jobs=n_jobs)
    np.fill_diagonal(distances, 0)
    n = X_class.shape[0]
    mean_distance = distances.sum() / (n**2 - n)
    exponent = math.log(n, 1.6) ** 1.8 * 0.16 if density_exponent == "auto" else density_exponent
    with np.errstate(divide="ignore", over="ignore"):
        return (mean_distance**exponent) / n


def _cluster_weights(sparsities):
    """Shares of the new rows: sparsities normalised to sum to 1, as in imbalanced-learn; when they sum to 0 or to
    infinity (where imbalanced-learn divides 0 by 0 or inf by inf), the largest ones share equally."""
    with np.errstate(over="ignore"):
        total = sparsities.sum()
    if np.isfinite(total) and total > 0:
        return sparsities / total
    top = sparsities == sparsities.max()
    return top / top.sum()


def _trim_to_total(counts, exact, total):
    """Lower ``counts`` (each ≥ its ``exact`` share, summing to ``total`` or more) until they sum to ``total``.

    One at a time from the counts rounded up the most (``counts − exact``; ties: the first), round after round.
    """
    keep = np.array(counts, dtype=np.int64)
    surplus = int(keep.sum()) - int(total)
    order = np.argsort(-(keep - exact), kind="stable")
    while surplus > 0:
        for j in order:
            if surplus == 0:
                break
            if keep[j] > 0:
                keep[j] -= 1
                surplus -= 1
    return keep
