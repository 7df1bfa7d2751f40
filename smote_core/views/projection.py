"""2-D projections for the picture: fitted on the ORIGINAL rows only, synthetic rows placed with ``transform``.

Fitting on the originals only means the original layout does not move when k, the ratio or the seed change.
PCA and raw features are linear (affine), so a synthetic point x + λ·(x_nn − x) lands exactly on the segment
between its projected parent and neighbour, at the same λ. t-SNE and UMAP are not linear: the page draws the
segment between the projected endpoints and says that the projected synthetic point may lie off it.

Everything here is deterministic for a given ``random_state``. No Streamlit.

Examples
--------
>>> proj = fit_projection(X, "pca")                       # doctest: +SKIP
>>> xy = project_resampled(proj, X_res, n_orig=len(X))    # doctest: +SKIP
"""

from __future__ import annotations

import numbers
import os
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._validation import SmoteError

__all__ = [
    "MAX_FIT_ROWS",
    "METHODS",
    "MIN_ROWS_NONLINEAR",
    "NONLINEAR_NOTE",
    "PROJECTION_LABELS",
    "Projection",
    "fit_projection",
    "project_resampled",
]

METHODS = ("pca", "tsne", "umap", "raw")
#: Human labels for :data:`METHODS`, for select boxes and captions.
PROJECTION_LABELS = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP", "raw": "Two raw features"}
#: The caption shown under a non-linear projection.
NONLINEAR_NOTE = (
    "t-SNE and UMAP are not linear: segments are drawn between projected endpoints and may not pass exactly "
    "through the projected synthetic point."
)
#: t-SNE and UMAP need at least this many original rows.
MIN_ROWS_NONLINEAR = 5
#: Default cap on the rows t-SNE and UMAP are fitted on; the rest are placed with ``transform``.
MAX_FIT_ROWS = 5000
#: openTSNE threads. One: on this two-core machine two threads fit 2,000 rows in 3.0 s instead of 5.5 s when
#: the other core was idle, but were 10-25× slower than one thread when it was busy (another session, a test
#: run): 1,000 rows took 21 s instead of 2.2 s.
TSNE_N_JOBS = 1

#: Where numba keeps compiled kernels on disk (pynndescent's, used by UMAP, are cached), unless the environment
#: already says: compiled once per machine, even where the installed packages are read-only.
NUMBA_CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "smote-explorer" / "numba"
os.environ.setdefault("NUMBA_CACHE_DIR", str(NUMBA_CACHE_DIR))

_AXIS_NAMES = {"tsne": ("t-SNE 1", "t-SNE 2"), "umap": ("UMAP 1", "UMAP 2")}
_umap_compiled = False  # numba compiles UMAP's kernels on the first fit in a process (~20 s)


# ---------------------------------------------------------------------------------------------- result
@dataclass(eq=False)
class Projection:
    """A 2-D projection fitted on the original rows.

    Attributes
    ----------
    method : str
        One of :data:`METHODS`.
    embedding : ndarray of shape (n_orig, 2), float64, read-only
        Coordinates of the originals, in input order. Read-only because a fitted projection is shared (cached)
        between sessions.
    axis_labels : tuple of (str, str)
        Axis titles, e.g. ``("PC1 (63% of variance)", "PC2 (20% of variance)")``, ``("t-SNE 1", "t-SNE 2")``
        or the two feature names for ``raw``.
    is_linear : bool
        True for ``pca`` and ``raw``: a projected synthetic point lies exactly on the segment between its
        projected parent and neighbour. False for ``tsne`` and ``umap``.
    note : str or None
        A sentence for the page when t-SNE or UMAP was fitted on a sample of the rows, else None.
    n_features : int
        Columns the projection expects in :meth:`transform`.
    fit_rows : ndarray of int or None
        Positions of the rows the projection was fitted on when it was fitted on a sample; None when it was
        fitted on every row.
    standardized : bool
        True when it was fitted on standardised (z-scored) features (``fit_projection(..., standardize=True)``
        with PCA, t-SNE or UMAP); False for raw units.
    """

    method: str
    embedding: np.ndarray
    axis_labels: tuple
    is_linear: bool
    note: str | None = None
    n_features: int = 0
    fit_rows: np.ndarray | None = None
    _transformer: Any = field(default=None, repr=False)
    standardized: bool = False

    @property
    def label(self) -> str:
        """The method's human label, e.g. ``"t-SNE"``."""
        return PROJECTION_LABELS[self.method]

    def linear_note(self) -> str | None:
        """None for a linear projection; for t-SNE and UMAP, the sentence explaining why segments may miss."""
        if self.is_linear:
            return None
        return (
            f"{self.label} is not linear: segments are drawn between projected endpoints and may not pass "
            "exactly through the projected synthetic point."
        )

    def transform(self, X_new) -> np.ndarray:
        """Place new rows (e.g. synthetic points) in the fitted projection.

        Parameters
        ----------
        X_new : array-like of shape (m, n_features)
            Rows with the same columns as the data the projection was fitted on. ``m`` may be 0.

        Returns
        -------
        ndarray of shape (m, 2), float64
        """
        Z = _as_matrix(X_new, "the rows to place", allow_empty=True)
        if Z.shape[1] != self.n_features:
            raise SmoteError(
                f"the rows to place have {Z.shape[1]} feature column(s) but the {self.label} projection was "
                f"fitted on {self.n_features}: pass rows with the same columns, in the same order."
            )
        if len(Z) == 0:
            return np.empty((0, 2))
        return np.asarray(self._transformer.transform(Z), dtype=np.float64).reshape(len(Z), 2)


# ---------------------------------------------------------------------------------------------- fitting
def fit_projection(
    X,
    method: str,
    *,
    features=None,
    feature_names=None,
    random_state: int = 0,
    max_fit_rows: int = MAX_FIT_ROWS,
    progress: Callable[[str], None] | None = None,
    standardize: bool = False,
) -> Projection:
    """Fit a 2-D projection on the original rows.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The ORIGINAL rows only, numeric, no NaN or infinite values.
    method : {"pca", "tsne", "umap", "raw"}
        ``pca``: scikit-learn PCA with 2 components (one feature: PC1 and a zero second axis).
        ``tsne``: openTSNE, perplexity ``min(30, (n - 1) / 3)``, new rows placed with openTSNE's ``transform``.
        ``umap``: umap-learn, ``n_neighbors = min(15, n - 1)``.
        ``raw``: the two columns given by ``features``, unchanged.
    features : (int, int), optional
        For ``raw``: the 0-based positions of the x and y columns; they must differ. Defaults to the first two
        columns. Ignored by the other methods.
    feature_names : sequence of str, optional
        One name per column of X; ``raw`` uses them as axis labels.
    random_state : int, default 0
        Seed for t-SNE, UMAP, PCA's randomized solver and the fitting sample. Same seed, same picture.
    max_fit_rows : int, default 5000
        t-SNE and UMAP are fitted on a seeded random sample of at most this many rows; the other rows are
        placed with ``transform`` and :attr:`Projection.note` says so. PCA and raw always use every row.
    progress : callable(str), optional
        Called with a short status sentence before each slow step, e.g. ``"Fitting t-SNE on 2,000 rows…"``.
    standardize : bool, default False
        PCA, t-SNE and UMAP: fit on z-scored features (each column's mean and standard deviation over the
        original rows; a constant column is left as it is), so that a column in large units does not carry the
        picture alone. Synthetic rows are scaled the same way before they are placed; z-scoring is affine, so PCA
        stays exact on the segments. The axis titles say "standardised". ``raw`` always shows the raw units.

    Returns
    -------
    Projection

    Raises
    ------
    SmoteError
        Unknown method; X empty, not 2-D, not numeric or with NaN/infinite values; fewer than
        :data:`MIN_ROWS_NONLINEAR` rows for t-SNE or UMAP; bad ``features``, ``feature_names``,
        ``random_state`` or ``max_fit_rows``.
    """
    if not isinstance(method, str) or method not in METHODS:
        choices = ", ".join(f"{m!r} ({PROJECTION_LABELS[m]})" for m in METHODS)
        raise SmoteError(f"projection {method!r} is not known: use one of {choices}.")
    X = _as_matrix(X, "the data to project")
    n, d = X.shape
    names = _check_names(feature_names, d)
    random_state = _check_seed(random_state)
    say = progress or (lambda message: None)
    label = PROJECTION_LABELS[method]

    if method == "raw":
        i, j = _check_features(features, d, names)
        tr = _Columns(i, j)
        return _result("raw", tr.transform(X), (names[i], names[j]), True, d, tr)
    scaler = _Standardizer(X) if standardize else None
    if scaler is not None:
        X = scaler.transform(X)
    if method == "pca":
        embedding, labels, tr = _fit_pca(X, random_state)
        return _result("pca", embedding, _scaled_labels(labels, scaler), True, d, _then(scaler, tr),
                       standardized=scaler is not None)

    # t-SNE and UMAP
    if isinstance(max_fit_rows, bool) or not isinstance(max_fit_rows, numbers.Integral) or (
        max_fit_rows < MIN_ROWS_NONLINEAR
    ):
        raise SmoteError(
            f"max_fit_rows must be a whole number of at least {MIN_ROWS_NONLINEAR}; got {max_fit_rows!r}."
        )
    if n < MIN_ROWS_NONLINEAR:
        raise SmoteError(
            f"{label} needs at least {MIN_ROWS_NONLINEAR} rows and the data has {n}: choose PCA (or two raw "
            "features) for data this small."
        )
    fit_rows = None
    note = None
    X_fit = X
    if n > max_fit_rows:
        fit_rows = np.sort(np.random.RandomState(random_state).choice(n, size=int(max_fit_rows), replace=False))
        X_fit = X[fit_rows]
        note = (
            f"{label} was fitted on a sample of {int(max_fit_rows):,} of {n:,} rows; "
            "the rest were placed with transform."
        )
    global _umap_compiled
    extra = ""
    if method == "umap" and not _umap_compiled:
        extra = " The first UMAP fit after start-up also compiles UMAP's code (about 20 s)."
    say(f"Fitting {label} on {len(X_fit):,} rows…{extra}")
    fitted, tr = (_fit_tsne if method == "tsne" else _fit_umap)(X_fit, random_state)
    if method == "umap":
        _umap_compiled = True
    if fit_rows is None:
        embedding = fitted
    else:
        embedding = np.empty((n, 2))
        embedding[fit_rows] = fitted
        rest = np.setdiff1d(np.arange(n), fit_rows, assume_unique=True)
        say(f"Placing the other {len(rest):,} rows with transform…")
        embedding[rest] = tr.transform(X[rest])
    return _result(method, embedding, _scaled_labels(_AXIS_NAMES[method], scaler), False, d, _then(scaler, tr), note,
                   fit_rows, standardized=scaler is not None)


def project_resampled(projection: Projection, X_res, n_orig: int) -> np.ndarray:
    """Coordinates for every row of a resampled table: originals first, then synthetic rows.

    Parameters
    ----------
    projection : Projection
        Fitted on the originals, i.e. on ``X_res[:n_orig]``.
    X_res : array-like of shape (n_orig + m, d)
        The originals followed by the ``m`` synthetic rows (``m`` may be 0), as samplers return them.
    n_orig : int
        How many leading rows of ``X_res`` are the originals; must equal ``len(projection.embedding)``.

    Returns
    -------
    ndarray of shape (n_orig + m, 2), float64
        The stored embedding for the first ``n_orig`` rows (not recomputed, so the originals never move) and
        ``projection.transform`` of the rest.
    """
    n_fitted = len(projection.embedding)
    if isinstance(n_orig, bool) or not isinstance(n_orig, numbers.Integral) or n_orig != n_fitted:
        raise SmoteError(
            f"n_orig is {n_orig!r} but the projection was fitted on {n_fitted:,} original rows: pass the number "
            "of original rows, which come first in the resampled table."
        )
    X_res = _as_matrix(X_res, "the resampled data", allow_empty=True)
    if len(X_res) < n_orig:
        raise SmoteError(
            f"the resampled data has {len(X_res):,} rows, fewer than the {n_orig:,} originals: pass the "
            "originals followed by the synthetic rows."
        )
    out = np.empty((len(X_res), 2))
    out[:n_orig] = projection.embedding
    out[n_orig:] = projection.transform(X_res[n_orig:])
    return out


# ---------------------------------------------------------------------------------------------- methods
class _Standardizer:
    """z-scores with the originals' mean and standard deviation (a constant column keeps scale 1)."""

    def __init__(self, X):
        self.mean = X.mean(axis=0)
        sd = X.std(axis=0)
        self.scale = np.where(sd > 0, sd, 1.0)

    def transform(self, Z):
        return (Z - self.mean) / self.scale


class _Then:
    """First ``scaler``, then ``projection``'s transform."""

    def __init__(self, scaler, projection):
        self.scaler, self.projection = scaler, projection

    def transform(self, Z):
        return self.projection.transform(self.scaler.transform(Z))


def _then(scaler, tr):
    return tr if scaler is None else _Then(scaler, tr)


def _scaled_labels(labels, scaler) -> tuple:
    """Axis titles that say the picture is of standardised features."""
    if scaler is None:
        return tuple(labels)
    return tuple(f"{text[:-1]}, standardised)" if text.endswith(")") else f"{text} (standardised)" for text in labels)


class _Columns:
    """``raw``: the two chosen columns, unchanged."""

    def __init__(self, i: int, j: int):
        self.cols = [i, j]

    def transform(self, Z):
        return Z[:, self.cols].astype(np.float64)


class _PCA:
    """PCA to at most two components, padded with zero columns up to two (one feature, one row)."""

    def __init__(self, pca=None):
        self.pca = pca

    def transform(self, Z):
        if self.pca is None:  # no variance at all: every row projects to the origin
            return np.zeros((len(Z), 2))
        out = np.zeros((len(Z), 2))
        coords = self.pca.transform(Z)
        out[:, : coords.shape[1]] = coords
        return out


def _fit_pca(X, random_state):
    from sklearn.decomposition import PCA

    n, d = X.shape
    if n < 2 or not np.any(X.var(axis=0) > 0):
        tr = _PCA(None)
        return tr.transform(X), ("PC1 (no variance)", "PC2 (no variance)"), tr
    k = min(2, n, d)
    pca = PCA(n_components=k, random_state=random_state).fit(X)
    tr = _PCA(pca)
    pct = np.nan_to_num(pca.explained_variance_ratio_) * 100
    labels = [f"PC{c + 1} ({_percent(pct[c])} of variance)" for c in range(k)]
    if k < 2:
        labels.append("PC2 (none: one feature)" if d == 1 else "PC2 (none)")
    return tr.transform(X), tuple(labels), tr


def _percent(p: float) -> str:
    if 0 < p < 1:
        return "<1%"
    return f"{p:.0f}%"


class _TSNE:
    """openTSNE embedding + its ``transform`` with parameters that are valid for small fits."""

    def __init__(self, embedding):
        self.embedding = embedding

    def transform(self, Z):
        n_fit = len(self.embedding)
        # openTSNE's defaults (perplexity 5, k 25) are shrunk for tiny fits, which would otherwise log a
        # warning and change them anyway.
        perplexity = min(5.0, n_fit / 3)
        return np.asarray(self.embedding.transform(Z, perplexity=perplexity, k=min(25, n_fit)))


def _fit_tsne(X, random_state):
    from openTSNE import TSNE

    perplexity = float(min(30.0, (len(X) - 1) / 3))
    embedding = TSNE(
        n_components=2, perplexity=perplexity, random_state=random_state, n_jobs=TSNE_N_JOBS, verbose=False
    ).fit(X)
    # openTSNE's transform first centres the reference embedding IN PLACE on its bounding box. Do it now, so
    # the stored coordinates of the originals and the placed points share one frame (and the shared fitted
    # object never moves afterwards: the centring is then a no-op).
    embedding -= (np.max(embedding, axis=0) + np.min(embedding, axis=0)) / 2
    return np.asarray(embedding, dtype=np.float64).copy(), _TSNE(embedding)


class _UMAP:
    """A fitted ``umap.UMAP`` whose ``transform`` keeps umap's and numba's warnings off the page."""

    def __init__(self, model):
        self.model = model

    def transform(self, Z):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.model.transform(Z)


def _fit_umap(X, random_state):
    with warnings.catch_warnings():
        # "n_jobs overridden to 1 by setting random_state", numba deprecations, small-data spectral init.
        warnings.simplefilter("ignore")
        import umap

        model = umap.UMAP(
            n_components=2, n_neighbors=min(15, len(X) - 1), random_state=random_state, n_jobs=1
        )
        fitted = model.fit_transform(X)
    return np.asarray(fitted, dtype=np.float64), _UMAP(model)


_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def warm_up_in_background() -> threading.Thread:
    """Compile UMAP's numba kernels in a background thread of this process (once), so that the first person to
    pick UMAP does not wait ~20 s for the compiler. Returns the thread (already started)."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            def warm():
                global _umap_compiled
                X = np.random.RandomState(0).normal(size=(60, 3))
                _fit_umap(X, 0)[1].transform(X[:5])
                _umap_compiled = True

            _warm_thread = threading.Thread(target=warm, name="umap-warm-up", daemon=True)
            _warm_thread.start()
    return _warm_thread


# ---------------------------------------------------------------------------------------------- checks
def _result(method, embedding, labels, is_linear, d, tr, note=None, fit_rows=None, standardized=False) -> Projection:
    embedding = np.array(embedding, dtype=np.float64, order="C")  # own copy
    embedding.flags.writeable = False
    return Projection(method, embedding, tuple(str(s) for s in labels), is_linear, note, d, fit_rows, tr,
                      standardized)


def _as_matrix(X, what: str, allow_empty: bool = False) -> np.ndarray:
    if X is None:
        raise SmoteError(f"{what} is missing: pass a 2-D table of numbers.")
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (ValueError, TypeError):
        raise SmoteError(f"{what} has non-numeric values: encode or drop those columns first.") from None
    if arr.ndim != 2:
        hint = " For a single feature use X.reshape(-1, 1)." if arr.ndim == 1 else ""
        raise SmoteError(f"{what} must be 2-D (rows × features); got shape {arr.shape}.{hint}")
    if arr.shape[1] == 0:
        raise SmoteError(f"{what} has no feature columns: give at least one numeric feature.")
    if arr.shape[0] == 0 and not allow_empty:
        raise SmoteError(f"{what} has no rows: there is nothing to project.")
    finite = np.isfinite(arr)
    if not finite.all():
        cols = np.flatnonzero(~finite.all(axis=0))
        n_rows = int((~finite.all(axis=1)).sum())
        shown = ", ".join(str(c) for c in cols[:8]) + (f" and {len(cols) - 8} more" if len(cols) > 8 else "")
        raise SmoteError(
            f"{what} has NaN or infinite values in column(s) {shown} (0-based), {n_rows:,} row(s) affected: "
            "drop those rows or impute them before projecting."
        )
    return arr


def _check_names(feature_names, d: int) -> list:
    if feature_names is None:
        return [f"feature {j}" for j in range(d)]
    names = [str(s) for s in feature_names]
    if len(names) != d:
        raise SmoteError(
            f"feature_names has {len(names)} name(s) but the data has {d} feature column(s): give one name per "
            "column."
        )
    return names


def _check_seed(random_state) -> int:
    if (
        isinstance(random_state, bool)
        or not isinstance(random_state, numbers.Integral)
        or not 0 <= random_state <= 2**32 - 1
    ):
        raise SmoteError(
            f"random_state must be a whole number from 0 to {2**32 - 1} so the projection is reproducible; "
            f"got {random_state!r}."
        )
    return int(random_state)


def _check_features(features, d: int, names) -> tuple[int, int]:
    if d < 2:
        raise SmoteError(
            "Two raw features needs at least two feature columns and the data has one: choose PCA instead."
        )
    if features is None:
        return 0, 1
    try:
        i, j = features
    except (TypeError, ValueError):
        raise SmoteError(
            f"features must be two column positions (x, y), e.g. (0, 1); got {features!r}."
        ) from None
    for f in (i, j):
        if isinstance(f, bool) or not isinstance(f, numbers.Integral) or not 0 <= f < d:
            raise SmoteError(
                f"raw feature position {f!r} is not a column: use 0-based positions from 0 to {d - 1}."
            )
    if i == j:
        raise SmoteError(
            f"the x and y axes are both {names[i]!r}: pick two different features (or choose PCA)."
        )
    return int(i), int(j)
