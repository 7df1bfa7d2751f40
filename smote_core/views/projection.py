"""2-D and 3-D projections for the picture: fitted on the ORIGINAL rows only, synthetic rows placed with ``transform``.

Fitting on the originals only means the original layout does not move when k, the ratio or the seed change.
PCA and raw features are linear (affine), so a synthetic point x + λ·(x_nn − x) lands exactly on the segment
between its projected parent and neighbour, at the same λ. t-SNE and UMAP are not linear: the page draws the
segment between the projected endpoints and says that the projected synthetic point may lie off it.

Everything here is deterministic for a given ``random_state``. No Streamlit. t-SNE and UMAP are set up so that at
10,000 rows the fit and the placing of 8,000 synthetic rows take 10-13 s on one core (``python -m
benchmarks.bench_projection``; the choices are in :func:`fit_projection` and the constants below);
:mod:`smote_core.views.background` runs them in a worker process so that no page waits.

Examples
--------
>>> proj = fit_projection(X, "pca")                       # doctest: +SKIP
>>> xy = project_resampled(proj, X_res, n_orig=len(X))    # doctest: +SKIP
"""

from __future__ import annotations

import numbers
import os
import re
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
    "THREE_D",
    "Projection",
    "fit_projection",
    "project_resampled",
    "two_d",
    "umap_epochs",
    "warm_up",
    "warm_up_in_background",
]

METHODS = ("pca", "tsne", "umap", "raw", "pca3d", "umap3d", "raw3d")
#: The methods drawn in three dimensions: PCA and UMAP with three components, three raw features.
THREE_D = ("pca3d", "umap3d", "raw3d")
#: Human labels for :data:`METHODS`, for select boxes and captions.
PROJECTION_LABELS = {"pca": "PCA", "tsne": "t-SNE", "umap": "UMAP", "raw": "Two raw features", "pca3d": "PCA 3-D",
                     "umap3d": "UMAP 3-D", "raw3d": "Three features (3-D)"}
_TWO_D = {"pca3d": "pca", "umap3d": "umap", "raw3d": "raw"}
#: The caption shown under a non-linear projection.
NONLINEAR_NOTE = (
    "t-SNE and UMAP are not linear: distances and gaps in this picture are not the distances SMOTE used. Each "
    "segment is drawn between its projected endpoints and each synthetic point is placed by the projection's "
    "transform, so a point may sit off its segment, and neighbours that look far apart may be close in the "
    "features (and the other way round)."
)
#: t-SNE and UMAP need at least this many original rows.
MIN_ROWS_NONLINEAR = 5
#: Default cap on the rows t-SNE and UMAP are fitted on; above it they are fitted on a seeded sample of this many
#: rows and the rest are placed with ``transform``. Measured at 10,000 rows (t-SNE with openTSNE's iterations, one
#: core): fitting a 5,000-row sample and placing the other 5,000 took 24 s, fitting every row 26 s, and the picture
#: kept 0.18 of each row's 15 nearest neighbours against 0.28 (t-SNE's cost per iteration there follows the size
#: of the picture more than the rows).
MAX_FIT_ROWS = 10_000
#: openTSNE threads. One: on this two-core machine two threads fit 2,000 rows in 3.0 s instead of 5.5 s when
#: the other core was idle, but were 10-25× slower than one thread when it was busy (another session, a test
#: run): 1,000 rows took 21 s instead of 2.2 s.
TSNE_N_JOBS = 1
#: t-SNE's two phases (openTSNE's learning rates, exaggeration 12 and momentum): this many early-exaggeration
#: iterations, then :data:`TSNE_N_ITER` ordinary ones, instead of openTSNE's 250 + 500. Measured against 250 + 500
#: on digits (1,797 rows), moons, ten blobs and the benchmark's data (10,000 rows each): the same layout, the same
#: share of each row's 15 nearest neighbours kept in the picture (within 0.015), a KL divergence 5-27% higher (moons
#: the most), 2-7 times less time. The ordinary iterations left out mostly spread the picture further, and cost the
#: most (openTSNE's FFT grid grows with it); the early exaggeration's KL divergence levels off by about 100
#: iterations (on moons it keeps falling slowly). 150 ordinary iterations instead of 125 cost 1-2 s more at 10,000
#: rows, for a KL divergence 1-4% lower and the same neighbours (within 0.005).
TSNE_EARLY_EXAGGERATION_ITER = 125
#: See :data:`TSNE_EARLY_EXAGGERATION_ITER`.
TSNE_N_ITER = 125
#: t-SNE's ordinary phase computes the repulsive forces with openTSNE's FFT interpolation (FIt-SNE) from this many
#: fitted rows, with Barnes-Hut below (its cost follows the rows, FFT's the size of the picture). Measured fits,
#: one core: 2,000 rows 3.6 s with Barnes-Hut and 5.1 s with FFT; 2,500 rows 4.6 s and 3.6 s; 7,500 rows 14.5 s
#: and 7.8 s. The early-exaggeration phase, whose picture stays small, and ``transform`` always use FFT.
TSNE_FFT_MIN_ROWS = 2500
#: openTSNE's FFT grid has at least this many intervals per axis (its default is 50: a picture one unit wide gets
#: 50). An interval is never wider than one unit either way, openTSNE's own width for larger pictures; at 10,000
#: rows the early-exaggeration phase, whose picture is a unit or two wide, took 5-6 s instead of 7-8 s.
TSNE_MIN_NUM_INTERVALS = 10
#: t-SNE's progress callback runs every this many iterations.
TSNE_REPORT_EVERY = 50
#: UMAP's epochs for ``n`` fitted rows: ``UMAP_EPOCH_BUDGET // n``, between 200 and 500. umap-learn itself takes
#: 500 up to 10,000 rows and 200 above; an epoch's cost follows the rows, so this keeps 500 up to 4,000 rows and
#: reaches 200 at 10,000, without umap-learn's jump from 500 to 200 at 10,001 (see :func:`umap_epochs`). Measured
#: at 10,000 rows against 500 epochs: the same layout in less than half the time, each row's 15 nearest
#: neighbours kept a little less often (moons 0.754 against 0.757; blobs 0.125 against 0.133).
UMAP_EPOCH_BUDGET = 2_000_000

#: Where numba keeps compiled kernels on disk (pynndescent's, used by UMAP, are cached), unless the environment
#: already says: compiled once per machine, even where the installed packages are read-only.
NUMBA_CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "smote-explorer" / "numba"
os.environ.setdefault("NUMBA_CACHE_DIR", str(NUMBA_CACHE_DIR))

_AXIS_NAMES = {"tsne": ("t-SNE 1", "t-SNE 2"), "umap": ("UMAP 1", "UMAP 2"), "umap3d": ("UMAP 1", "UMAP 2", "UMAP 3")}


def two_d(method: str) -> str:
    """The 2-D counterpart of a projection method: ``pca`` for ``pca3d``, ``umap`` for ``umap3d``, ``raw`` for
    ``raw3d``; a 2-D method is its own. For pages that draw in the plane only (Learn, Compare).

    >>> two_d("umap3d"), two_d("raw3d"), two_d("tsne")
    ('umap', 'raw', 'tsne')
    """
    return _TWO_D.get(method, method)
_umap_compiled = False  # numba compiles UMAP's kernels on the first fit in a process (~20 s)


# ---------------------------------------------------------------------------------------------- result
@dataclass(eq=False)
class Projection:
    """A 2-D or 3-D projection fitted on the original rows.

    Attributes
    ----------
    method : str
        One of :data:`METHODS`.
    embedding : ndarray of shape (n_orig, 2) or (n_orig, 3), float64, read-only
        Coordinates of the originals, in input order; three columns for the methods of :data:`THREE_D`.
        Read-only because a fitted projection is shared (cached) between sessions.
    axis_labels : tuple of str
        One axis title per column, e.g. ``("PC1 (63% of variance)", "PC2 (20% of variance)")``,
        ``("t-SNE 1", "t-SNE 2")`` or the feature names for ``raw`` and ``raw3d``.
    is_linear : bool
        True for ``pca``, ``pca3d``, ``raw`` and ``raw3d``: a projected synthetic point lies exactly on the segment
        between its projected parent and neighbour. False for ``tsne``, ``umap`` and ``umap3d``.
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

    @property
    def n_components(self) -> int:
        """The picture's dimensions: 2, or 3 for the methods of :data:`THREE_D`."""
        return int(self.embedding.shape[1])

    def __setstate__(self, state):
        # A projection sent between processes (smote_core.views.background) or stored by pickling comes back with
        # its coordinates read-only again: numpy does not keep the flag.
        self.__dict__.update(state)
        if isinstance(self.embedding, np.ndarray):
            self.embedding.flags.writeable = False

    def linear_note(self) -> str | None:
        """None for a linear projection; for t-SNE and UMAP, :data:`NONLINEAR_NOTE` about this one: its distances
        are not SMOTE's, and why segments may miss their points."""
        if self.is_linear:
            return None
        return NONLINEAR_NOTE.replace("t-SNE and UMAP are", f"{self.label} is", 1)

    def transform(self, X_new) -> np.ndarray:
        """Place new rows (e.g. synthetic points) in the fitted projection.

        Parameters
        ----------
        X_new : array-like of shape (m, n_features)
            Rows with the same columns as the data the projection was fitted on. ``m`` may be 0.

        Returns
        -------
        ndarray of shape (m, n_components), float64
        """
        Z = _as_matrix(X_new, "the rows to place", allow_empty=True)
        if Z.shape[1] != self.n_features:
            raise SmoteError(
                f"the rows to place have {Z.shape[1]} feature column(s) but the {self.label} projection was "
                f"fitted on {self.n_features}: pass rows with the same columns, in the same order."
            )
        dims = self.n_components
        if len(Z) == 0:
            return np.empty((0, dims))
        return np.asarray(self._transformer.transform(Z), dtype=np.float64).reshape(len(Z), dims)


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
    report: Callable[[float, str], None] | None = None,
) -> Projection:
    """Fit a 2-D or 3-D projection on the original rows.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The ORIGINAL rows only, numeric, no NaN or infinite values.
    method : {"pca", "tsne", "umap", "raw", "pca3d", "umap3d", "raw3d"}
        ``pca``: scikit-learn PCA with 2 components (one feature: PC1 and a zero second axis).
        ``pca3d``: the same with 3 components (its first two axes are ``pca``'s, up to sign; fewer than three
        features: zero axes after them).
        ``tsne``: openTSNE, perplexity ``min(30, (n - 1) / 3)`` over each row's exact nearest neighbours
        (scikit-learn, brute force), PCA initialisation, :data:`TSNE_EARLY_EXAGGERATION_ITER` iterations with
        early exaggeration 12 then :data:`TSNE_N_ITER` without (openTSNE's defaults are 250 + 500), repulsive forces
        by FFT interpolation (Barnes-Hut in the second phase below :data:`TSNE_FFT_MIN_ROWS` fitted rows; see
        :data:`TSNE_MIN_NUM_INTERVALS`); new rows placed with openTSNE's ``transform``.
        ``umap``: umap-learn, ``n_neighbors = min(15, n - 1)`` exact nearest neighbours (scikit-learn, brute force,
        for the fit and for ``transform``), spectral initialisation, :func:`umap_epochs` epochs; new rows placed with
        umap-learn's ``transform``.
        ``umap3d``: the same with 3 components.
        ``raw``: the two columns given by ``features``, unchanged. ``raw3d``: three columns, unchanged.
    features : (int, int) or (int, int, int), optional
        For ``raw``: the 0-based positions of the x and y columns; for ``raw3d``, of the x, y and z columns. They
        must differ. Defaults to the first two (three) columns. Ignored by the other methods.
    feature_names : sequence of str, optional
        One name per column of X; ``raw`` and ``raw3d`` use them as axis labels.
    random_state : int, default 0
        Seed for t-SNE, UMAP, PCA's randomized solver and the fitting sample. Same seed, same picture.
    max_fit_rows : int, default 10000
        t-SNE and UMAP are fitted on a seeded random sample of at most this many rows; the other rows are
        placed with ``transform`` and :attr:`Projection.note` says so. PCA and raw always use every row.
    progress : callable(str), optional
        Called with a short status sentence before each slow step, e.g. ``"Fitting t-SNE on 2,000 rows…"`` and,
        when fitted on a sample, ``"Placing the other 5,000 rows with transform…"``.
    standardize : bool, default False
        PCA, t-SNE and UMAP: fit on z-scored features (each column's mean and standard deviation over the
        original rows; a constant column is left as it is), so that a column in large units does not carry the
        picture alone. Synthetic rows are scaled the same way before they are placed; z-scoring is affine, so PCA
        stays exact on the segments. The axis titles say "standardised". ``raw`` and ``raw3d`` always show the raw
        units.
    report : callable(float, str), optional
        Called as the fit goes with ``(fraction, sentence)``: the share of the fit done, from 0 to 1 and never
        decreasing (an estimate: each step has a share, and t-SNE's iterations and UMAP's epochs are counted), and
        what it is doing, e.g. ``"t-SNE: iteration 100 of 250"`` (every :data:`TSNE_REPORT_EVERY` iterations) or
        ``"UMAP: epoch 120 of 200"`` (at most every half second). The last call has fraction 1. Reporting does not
        change the result.

    Returns
    -------
    Projection

    Raises
    ------
    SmoteError
        Unknown method; X empty, not 2-D, not numeric or with NaN/infinite values; fewer than
        :data:`MIN_ROWS_NONLINEAR` rows for t-SNE or UMAP; bad ``features``, ``feature_names``,
        ``random_state`` or ``max_fit_rows``.

    Examples
    --------
    >>> X = np.random.RandomState(0).normal(size=(40, 3))
    >>> seen = []
    >>> proj = fit_projection(X, "pca", report=lambda fraction, sentence: seen.append((fraction, sentence)))
    >>> proj.embedding.shape, seen
    ((40, 2), [(1.0, 'PCA ready.')])
    """
    if not isinstance(method, str) or method not in METHODS:
        choices = ", ".join(f"{m!r} ({PROJECTION_LABELS[m]})" for m in METHODS)
        raise SmoteError(f"projection {method!r} is not known: use one of {choices}.")
    X = _as_matrix(X, "the data to project")
    n, d = X.shape
    names = _check_names(feature_names, d)
    random_state = _check_seed(random_state)
    label = PROJECTION_LABELS[method]
    step = _Steps(progress, report)

    dims = 3 if method in THREE_D else 2
    if method in ("raw", "raw3d"):
        positions = _check_features(features, d, names, dims)
        tr = _Columns(*positions)
        step(f"{label} ready.", 1.0)
        return _result(method, tr.transform(X), tuple(names[p] for p in positions), True, d, tr)
    scaler = _Standardizer(X) if standardize else None
    if scaler is not None:
        X = scaler.transform(X)
    if method in ("pca", "pca3d"):
        embedding, labels, tr = _fit_pca(X, random_state, dims)
        step(f"{label} ready.", 1.0)
        return _result(method, embedding, _scaled_labels(labels, scaler), True, d, _then(scaler, tr),
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
    if method in ("umap", "umap3d") and not _umap_compiled:
        extra = " The first UMAP fit after start-up also compiles UMAP's code (about 20 s)."
    step(f"Fitting {label} on {len(X_fit):,} rows…{extra}", 0.0, main=True)
    # The fit's share of the progress; placing the other rows (a sample was fitted) takes the rest.
    share = 1.0 if fit_rows is None else 0.85
    if method == "tsne":
        fitted, tr = _fit_tsne(X_fit, random_state, step.part(0.0, share))
    else:
        fitted, tr = _fit_umap(X_fit, random_state, step.part(0.0, share), n_components=dims)
        _umap_compiled = True
    if fit_rows is None:
        embedding = fitted
    else:
        embedding = np.empty((n, dims))
        embedding[fit_rows] = fitted
        rest = np.setdiff1d(np.arange(n), fit_rows, assume_unique=True)
        step(f"Placing the other {len(rest):,} rows with transform…", share, main=True)
        embedding[rest] = tr.transform(X[rest])
    step(f"{label} ready.", 1.0)
    return _result(method, embedding, _scaled_labels(_AXIS_NAMES[method], scaler), False, d, _then(scaler, tr), note,
                   fit_rows, standardized=scaler is not None)


def umap_epochs(n_rows: int) -> int:
    """UMAP's epochs for a fit on ``n_rows`` rows: ``UMAP_EPOCH_BUDGET // n_rows`` clipped to 200..500.

    umap-learn's own choice is 500 epochs up to 10,000 rows and 200 above; an epoch's cost follows the rows, so
    the budget keeps 500 where they are cheap and brings 10,000 rows to umap-learn's 200 for large data.

    Examples
    --------
    >>> [umap_epochs(n) for n in (300, 4_000, 5_000, 8_000, 10_000, 50_000)]
    [500, 500, 400, 250, 200, 200]
    """
    return int(min(500, max(200, UMAP_EPOCH_BUDGET // max(int(n_rows), 1))))


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
    ndarray of shape (n_orig + m, projection.n_components), float64
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
    out = np.empty((len(X_res), projection.n_components))
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
    """``raw`` and ``raw3d``: the chosen columns, unchanged."""

    def __init__(self, *cols: int):
        self.cols = list(cols)

    def transform(self, Z):
        return Z[:, self.cols].astype(np.float64)


class _PCA:
    """PCA to at most ``dims`` components (two or three), padded with zero columns up to ``dims`` (too few
    features or rows)."""

    def __init__(self, pca=None, dims: int = 2):
        self.pca = pca
        self.dims = dims

    def transform(self, Z):
        dims = getattr(self, "dims", 2)  # a projection pickled before 3-D existed
        if self.pca is None:  # no variance at all: every row projects to the origin
            return np.zeros((len(Z), dims))
        out = np.zeros((len(Z), dims))
        coords = self.pca.transform(Z)
        out[:, : coords.shape[1]] = coords
        return out


def _fit_pca(X, random_state, dims: int = 2):
    from sklearn.decomposition import PCA

    n, d = X.shape
    if n < 2 or not np.any(X.var(axis=0) > 0):
        tr = _PCA(None, dims)
        return tr.transform(X), tuple(f"PC{c + 1} (no variance)" for c in range(dims)), tr
    k = min(dims, n, d)
    pca = PCA(n_components=k, random_state=random_state).fit(X)
    tr = _PCA(pca, dims)
    pct = np.nan_to_num(pca.explained_variance_ratio_) * 100
    labels = [f"PC{c + 1} ({_percent(pct[c])} of variance)" for c in range(k)]
    for c in range(k, dims):  # too few features (or rows) for this axis
        few = {1: "one feature", 2: "two features"}.get(d) if d <= c else None
        labels.append(f"PC{c + 1} (none: {few})" if few else f"PC{c + 1} (none)")
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


def _fit_tsne(X, random_state, step):
    """openTSNE's two phases on X (see :func:`fit_projection`); ``step(sentence, fraction)`` hears the progress."""
    from openTSNE import TSNE

    n = len(X)
    tsne = TSNE(
        n_components=2, perplexity=float(min(30.0, (n - 1) / 3)), random_state=random_state, n_jobs=TSNE_N_JOBS,
        verbose=False, neighbors="exact", knn_kwargs={"algorithm": "brute"}, negative_gradient_method="fft",
        min_num_intervals=TSNE_MIN_NUM_INTERVALS, early_exaggeration_iter=TSNE_EARLY_EXAGGERATION_ITER,
        n_iter=TSNE_N_ITER,
    )
    step("t-SNE: finding each row's nearest neighbours…", 0.0)
    embedding = tsne.prepare_initial(X)  # exact neighbours, perplexity-based affinities, PCA initialisation

    # TSNE.fit's two phases, with a callback for the progress (it never stops the optimisation: it returns None,
    # and runs whether anyone listens or not, so that reporting cannot change the result). An ordinary iteration
    # costs about twice an early one.
    early, late = tsne.early_exaggeration_iter, tsne.n_iter
    total, work = early + late, early + 2 * late

    def every(before, weight, start):
        def callback(iteration, error, emb):
            step(f"t-SNE: iteration {before + iteration} of {total}", 0.1 + 0.9 * (start + weight * iteration) / work)
        return callback

    embedding.optimize(
        n_iter=early, exaggeration=tsne.early_exaggeration, momentum=tsne.initial_momentum, inplace=True,
        propagate_exception=True, negative_gradient_method="fft", callbacks=every(0, 1, 0),
        callbacks_every_iters=TSNE_REPORT_EVERY,
    )
    step(f"t-SNE: iteration {early} of {total}", 0.1 + 0.9 * early / work)
    embedding.optimize(
        n_iter=late, exaggeration=tsne.exaggeration, momentum=tsne.final_momentum, inplace=True,
        propagate_exception=True, negative_gradient_method="fft" if n >= TSNE_FFT_MIN_ROWS else "bh",
        callbacks=every(early, 2, early), callbacks_every_iters=TSNE_REPORT_EVERY,
    )
    step(f"t-SNE: iteration {total} of {total}", 1.0)
    # openTSNE's transform first centres the reference embedding IN PLACE on its bounding box, and its FFT
    # gradient lays an interpolation grid over it on first use. Do both now, so that the stored coordinates of
    # the originals and the placed points share one frame and the shared fitted object never changes afterwards:
    # centred until the centre is exactly 0, transform's centring subtracts 0. New rows are placed with FFT
    # gradients whatever the fit used: for 8,000 rows placed in 10,000, FFT takes 2 s, Barnes-Hut 15 s.
    for _ in range(8):
        centre = (np.max(embedding, axis=0) + np.min(embedding, axis=0)) / 2
        if not np.any(centre):
            break
        embedding -= centre
    embedding.gradient_descent_params["negative_gradient_method"] = "fft"
    embedding.prepare_interpolation_grid()
    return np.asarray(embedding, dtype=np.float64).copy(), _TSNE(embedding)


class _ExactNeighbours:
    """Exact nearest neighbours (scikit-learn's brute-force search over the fitted rows), given to umap-learn as
    ``precomputed_knn`` with this object as its search index, so that ``UMAP.transform`` finds new rows' neighbours
    with it too.

    umap-learn's own search is NN-descent (pynndescent) from 4,096 rows, which compiles for one to two minutes in a
    new process, and below 4,096 rows every distance is a Python call (2,000 rows: 8 s to fit, 9 s to place 1,600
    rows; now 3 s and 1 s); brute force takes under a second for 10,000 rows, and is exact.
    """

    #: Read by ``UMAP.transform`` to choose NN-descent's search epsilon; an exact search has none.
    _angular_trees = False

    def __init__(self, X):
        from sklearn.neighbors import NearestNeighbors

        self._search = NearestNeighbors(algorithm="brute").fit(X)
        self._n = len(X)

    def graph(self, k: int):
        """Each fitted row's ``k`` nearest fitted rows, the row itself first (umap-learn's convention), as
        umap-learn's search gives them: (indices int32, distances float32), each of shape (n, k)."""
        dist, ind = self._search.kneighbors(n_neighbors=k - 1)  # without each row itself
        own = np.arange(self._n)[:, None]
        return (np.hstack([own, ind]).astype(np.int32),
                np.hstack([np.zeros((self._n, 1)), dist]).astype(np.float32))

    def query(self, Z, k, epsilon=None):
        """The ``k`` nearest fitted rows of each row of ``Z`` (``epsilon``: NN-descent's, ignored)."""
        # umap-learn hands over float32 rows; in the fitted rows' float64, scikit-learn's fast search applies
        # (8,000 rows among 10,000: 0.4 s instead of 3 s).
        dist, ind = self._search.kneighbors(np.asarray(Z, dtype=np.float64), n_neighbors=k)
        return ind.astype(np.int32), dist.astype(np.float32)


class _EpochWriter:
    """A file for tqdm: umap-learn counts its epochs with tqdm, and each refresh (``bar_format="{n}/{total}"``)
    becomes ``on_epoch(done, total)``."""

    _COUNT = re.compile(r"(\d+)/(\d+)")

    def __init__(self, on_epoch):
        self.on_epoch = on_epoch

    def write(self, text):
        counts = self._COUNT.findall(text)
        if counts:
            done, total = (int(c) for c in counts[-1])
            if total > 0:
                self.on_epoch(done, total)

    def flush(self):
        pass


class _UMAP:
    """A fitted ``umap.UMAP`` whose ``transform`` keeps umap's and numba's warnings off the page."""

    def __init__(self, model):
        self.model = model

    def transform(self, Z):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self.model.transform(Z)


def _fit_umap(X, random_state, step, n_components: int = 2):
    """umap-learn on X with exact neighbours (see :func:`fit_projection`), to ``n_components`` dimensions;
    ``step(sentence, fraction)`` hears the progress."""
    n = len(X)
    k = min(15, n - 1)
    step(f"UMAP: finding each row's {k} nearest neighbours…", 0.0)
    index = _ExactNeighbours(X)
    knn_indices, knn_dists = index.graph(k)
    n_epochs = umap_epochs(n)
    step("UMAP: building the neighbour graph and the spectral layout…", 0.05)
    epochs = _EpochWriter(lambda done, total: step(f"UMAP: epoch {done} of {total}", 0.15 + 0.85 * done / total))
    with warnings.catch_warnings():
        # "precomputed_knn[2] is not an NNDescent object" (ours answers transform's queries), numba deprecations,
        # small-data spectral initialisation.
        warnings.simplefilter("ignore")
        import umap

        model = umap.UMAP(
            n_components=n_components, n_neighbors=k, n_epochs=n_epochs, random_state=random_state, n_jobs=1,
            precomputed_knn=(knn_indices, knn_dists, index),
            # The epochs' progress: tqdm writes "done/total" to our file at most every half second (it does not
            # change the result).
            tqdm_kwds={"disable": False, "file": epochs, "bar_format": "{n}/{total}", "mininterval": 0.5,
                       "leave": True},  # leave: the last epoch is written too
        )
        fitted = model.fit_transform(X)
    model.tqdm_kwds = None  # transform stays silent, and the fitted model holds no callback
    return np.asarray(fitted, dtype=np.float64), _UMAP(model)


class _Steps:
    """A fit's progress: ``step(sentence, fraction, main=False)`` passes ``(fraction, sentence)`` to ``report``
    (the fraction never goes down; None repeats the last), and the main steps' sentences to ``progress``."""

    def __init__(self, progress, report, start=0.0, stop=1.0, shared=None):
        self.progress, self.report = progress, report
        self.start, self.stop = start, stop
        self.done = shared if shared is not None else [0.0]

    def __call__(self, sentence, fraction=None, main=False):
        if main and self.progress is not None:
            self.progress(sentence)
        if self.report is not None:
            if fraction is not None:
                at = self.start + (self.stop - self.start) * min(max(float(fraction), 0.0), 1.0)
                self.done[0] = max(self.done[0], at)
            self.report(self.done[0], sentence)

    def part(self, start, stop):
        """The same progress, with fractions 0..1 mapped to ``start``..``stop`` of this one."""
        span = self.stop - self.start
        return _Steps(None, self.report, self.start + span * start, self.start + span * stop, self.done)


def warm_up() -> float:
    """Import openTSNE and umap-learn and compile UMAP's numba code in this process, on the code path every fit
    takes (a UMAP fit and transform of 300 rows; a tiny t-SNE fit). About 10-20 s the first time in a process, then
    nothing. Returns the seconds it took.

    The server should not call it in its own process (numba holds the GIL while it compiles: every session
    stalls); :meth:`smote_core.views.background.Fits.warm_up` runs it in the worker process.
    """
    import time

    global _umap_compiled
    t0 = time.perf_counter()
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 4))
    for method in ("umap", "tsne"):
        fit_projection(X[: 300 if method == "umap" else 30], method, random_state=0).transform(X[:5] + 0.01)
    _umap_compiled = True
    return time.perf_counter() - t0


_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def warm_up_in_background() -> threading.Thread:
    """Run :func:`warm_up` in a background thread of this process (once), so that the first person to pick UMAP
    does not wait ~20 s for the compiler. Returns the thread (already started).

    numba holds the GIL while it compiles, so the other threads of the process stall meanwhile; a server should
    prefer :meth:`smote_core.views.background.Fits.warm_up`, which compiles in the worker process.
    """
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=warm_up, name="umap-warm-up", daemon=True)
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


def _check_features(features, d: int, names, dims: int = 2) -> tuple[int, ...]:
    """The ``dims`` (two or three) raw feature positions to draw, checked."""
    if d < dims:
        if dims == 2:
            raise SmoteError(
                "Two raw features needs at least two feature columns and the data has one: choose PCA instead."
            )
        raise SmoteError(
            f"{PROJECTION_LABELS['raw3d']} needs at least three feature columns and the data has {d}: choose "
            f"{'two raw features or ' if d == 2 else ''}PCA 3-D instead."
        )
    if features is None:
        return tuple(range(dims))
    try:
        positions = tuple(features)
    except TypeError:
        positions = ()
    if len(positions) != dims:
        raise SmoteError(
            f"features must be two column positions (x, y), e.g. (0, 1); got {features!r}." if dims == 2 else
            f"features must be three column positions (x, y, z), e.g. (0, 1, 2); got {features!r}."
        )
    for f in positions:
        if isinstance(f, bool) or not isinstance(f, numbers.Integral) or not 0 <= f < d:
            raise SmoteError(
                f"raw feature position {f!r} is not a column: use 0-based positions from 0 to {d - 1}."
            )
    if dims == 2 and positions[0] == positions[1]:
        raise SmoteError(
            f"the x and y axes are both {names[positions[0]]!r}: pick two different features (or choose PCA)."
        )
    if len(set(positions)) < dims:
        axes = [a for a, f in zip("xyz", positions) if positions.count(f) > 1]
        twice = names[next(f for f in positions if positions.count(f) > 1)]
        raise SmoteError(
            f"the {' and '.join(axes)} axes are {'both' if len(axes) == 2 else 'all'} {twice!r}: pick three "
            "different features (or choose PCA 3-D)."
        )
    return tuple(int(f) for f in positions)
