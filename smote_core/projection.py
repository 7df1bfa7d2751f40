"""2-D projections for the picture: fitted on the ORIGINAL rows only, synthetic rows placed with ``transform``.

Fitting on the originals only means the original layout does not move when k, the ratio or the seed change.
PCA and raw features are linear, so a synthetic point x + λ·(x_nn − x) lands exactly on the segment between its
projected parent and neighbour; t-SNE and UMAP are not, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ._validation import SmoteError

METHODS = ("pca", "tsne", "umap", "raw")
PROJECTION_LABELS = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP", "raw": "Two raw features"}
NONLINEAR_NOTE = (
    "t-SNE and UMAP are not linear: segments are drawn between projected endpoints and may not pass exactly "
    "through the projected synthetic point."
)
MIN_ROWS_NONLINEAR = 5
MAX_FIT_ROWS = 5000


@dataclass
class Projection:
    """A fitted 2-D projection.

    Attributes
    ----------
    method : str
    embedding : ndarray of shape (n, 2)
        Coordinates of the originals, in input order.
    axis_labels : tuple of str
    is_linear : bool
        True for PCA and raw features: projected synthetic points lie exactly on the projected segments.
    note : str or None
        A sentence for the page when the fit used a sample of the rows.
    """

    method: str
    embedding: np.ndarray
    axis_labels: tuple
    is_linear: bool
    note: str | None = None
    _transform: Callable = field(default=None, repr=False)

    def transform(self, X_new) -> np.ndarray:
        """Place new rows (e.g. synthetic points) in the fitted projection; shape (m, 2)."""
        X_new = np.asarray(X_new, dtype=np.float64)
        if len(X_new) == 0:
            return np.empty((0, 2))
        return np.asarray(self._transform(X_new), dtype=np.float64)


def fit_projection(
    X,
    method: str,
    *,
    features=None,
    feature_names=None,
    random_state: int = 0,
    max_fit_rows: int = MAX_FIT_ROWS,
    progress: Callable[[str], None] | None = None,
) -> Projection:
    """Fit a 2-D projection on the original rows.

    Parameters
    ----------
    X : array-like of shape (n, d)
        Original rows only.
    method : {"pca", "tsne", "umap", "raw"}
    features : (int, int), optional
        For ``raw``: the two column positions to plot.
    feature_names : sequence of str, optional
        Column names, for axis labels.
    random_state : int
    max_fit_rows : int
        t-SNE and UMAP are fitted on a seeded sample of at most this many rows; the rest are placed with
        ``transform``.
    progress : callable(str), optional
        Called with a sentence before each long step.

    Returns
    -------
    Projection
    """
    if method not in METHODS:
        raise SmoteError(f"projection {method!r} is not known; use one of {', '.join(METHODS)}.")
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or len(X) == 0:
        raise SmoteError("nothing to project: give a 2-D table with at least one row.")
    if not np.isfinite(X).all():
        raise SmoteError("the data has missing or infinite values: drop or impute them before projecting.")
    say = progress or (lambda message: None)
    names = list(feature_names) if feature_names is not None else [f"feature {j}" for j in range(X.shape[1])]
    if method == "raw":
        return _raw(X, features, names)
    if method == "pca":
        return _pca(X, random_state)
    n = len(X)
    if n < MIN_ROWS_NONLINEAR:
        raise SmoteError(
            f"{PROJECTION_LABELS[method]} needs at least {MIN_ROWS_NONLINEAR} rows and there are {n}: use PCA."
        )
    fit_rows = np.arange(n)
    note = None
    if n > max_fit_rows:
        fit_rows = np.sort(np.random.RandomState(random_state).choice(n, size=max_fit_rows, replace=False))
        note = (
            f"{PROJECTION_LABELS[method]} was fitted on a sample of {max_fit_rows:,} of {n:,} rows; "
            "the rest were placed with transform."
        )
    fit = _tsne if method == "tsne" else _umap
    say(f"Fitting {PROJECTION_LABELS[method]} on {len(fit_rows):,} rows…")
    transform, fitted = fit(X[fit_rows], random_state)
    embedding = np.empty((n, 2))
    embedding[fit_rows] = fitted
    rest = np.setdiff1d(np.arange(n), fit_rows)
    if len(rest):
        say(f"Placing the other {len(rest):,} rows…")
        embedding[rest] = transform(X[rest])
    label = PROJECTION_LABELS[method]
    return Projection(method, embedding, (f"{label} 1", f"{label} 2"), False, note, transform)


def _raw(X, features, names):
    if features is None:
        features = (0, 1 if X.shape[1] > 1 else 0)
    i, j = (int(f) for f in features)
    d = X.shape[1]
    if not (0 <= i < d and 0 <= j < d):
        raise SmoteError(f"raw features {features} are out of range: the data has {d} feature columns.")
    return Projection("raw", X[:, [i, j]].copy(), (str(names[i]), str(names[j])), True, None,
                      lambda Z: Z[:, [i, j]])


def _pca(X, random_state):
    from sklearn.decomposition import PCA

    d = X.shape[1]
    if d == 1 or len(X) < 2:
        # One feature (or one row): the feature itself on x, nothing on y.
        centre = X.mean(axis=0)

        def transform(Z):
            out = np.zeros((len(Z), 2))
            out[:, 0] = (Z - centre)[:, 0]
            return out

        return Projection("pca", transform(X), ("feature 1", "(none)"), True, None, transform)
    pca = PCA(n_components=2, random_state=random_state).fit(X)
    var = pca.explained_variance_ratio_ * 100
    labels = (f"PC1 ({var[0]:.0f}% of variance)", f"PC2 ({var[1]:.0f}% of variance)")
    return Projection("pca", pca.transform(X), labels, True, None, pca.transform)


def _tsne(X, random_state):
    from openTSNE import TSNE

    perplexity = float(max(2.0, min(30.0, (len(X) - 1) / 3)))
    embedding = TSNE(n_components=2, perplexity=perplexity, random_state=random_state, n_jobs=2,
                     verbose=False).fit(X)
    return (lambda Z: np.asarray(embedding.transform(Z))), np.asarray(embedding)


def _umap(X, random_state):
    import warnings

    import umap

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = umap.UMAP(n_components=2, n_neighbors=min(15, len(X) - 1), random_state=random_state,
                          n_jobs=1)
        fitted = model.fit_transform(X)

    def transform(Z):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return model.transform(Z)

    return transform, fitted


def project_resampled(projection: Projection, X_res, n_orig: int) -> np.ndarray:
    """Coordinates for every row of ``X_res``: the stored embedding for the originals, ``transform`` for the rest."""
    X_res = np.asarray(X_res, dtype=np.float64)
    return np.vstack([projection.embedding[:n_orig], projection.transform(X_res[n_orig:])])
