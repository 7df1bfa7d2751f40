"""What a classifier learns from the data before and after resampling, in the plane a picture is drawn in.

:func:`decision_boundaries` fits one classifier on the original points and one on the resampled points (the originals
a cleaning step kept, plus the synthetic points it kept) and evaluates both on a grid over the plane: where each
predicts the class that grew. :func:`held_out_scores` says how well each does on rows that took no part in anything:
the caller splits the originals *before* resampling (:func:`held_out_split`), resamples the training rows only and
passes both parts here.

Everything is binary: the smallest class (:func:`smote_core.analysis.evaluation.positive_class`) against the rest,
so that a picture of three or more classes still has one boundary per model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from .._validation import SmoteError
from .evaluation import make_classifier

#: The classifiers a picture can show the boundary of (``boundary=`` in a link); ``none`` shows none.
BOUNDARIES = ("none", "logreg", "knn", "tree", "svm")
BOUNDARY_LABELS = {
    "none": "None",
    "logreg": "Logistic regression",
    "knn": "k-nearest neighbours (5)",
    "tree": "Decision tree",
    "svm": "SVM (RBF kernel)",
}
#: Grid points per axis: fine enough for a smooth line at 1280×720, cheap enough to redraw on every k change.
RESOLUTION = 120
#: Rows an SVM is fitted on at most (a random sample beyond): its fit grows with the square of the rows.
SVM_MAX_ROWS = 2_000
#: The share of the originals held out for :func:`held_out_scores`.
TEST_SHARE = 0.3


def boundary_classifier(name: str, random_state: int = 0):
    """A new unfitted classifier for ``boundary=name`` (see :data:`BOUNDARIES`; not ``none``).

    >>> type(boundary_classifier("tree")).__name__
    'DecisionTreeClassifier'
    """
    if name == "svm":
        return make_pipeline(StandardScaler(), SVC(kernel="rbf", gamma="scale", C=1.0, random_state=random_state))
    named = {"logreg": "logistic_regression", "knn": "knn", "tree": "decision_tree"}
    if name not in named:
        raise SmoteError(f"there is no decision boundary {name!r}; use one of {', '.join(BOUNDARIES[1:])}.")
    return make_classifier(named[name], random_state=random_state)


def _fit(name: str, X: np.ndarray, truth: np.ndarray, random_state: int):
    """The classifier fitted on ``X`` and the 0/1 labels ``truth`` (an SVM on a sample of at most SVM_MAX_ROWS)."""
    if name == "svm" and len(X) > SVM_MAX_ROWS:
        keep, _ = train_test_split(np.arange(len(X)), train_size=SVM_MAX_ROWS, stratify=truth,
                                   random_state=random_state)
        X, truth = X[keep], truth[keep]
    return boundary_classifier(name, random_state).fit(X, truth)


def _score_of(model, X: np.ndarray) -> np.ndarray:
    """Positive where ``model`` predicts the positive class (0 on its boundary): P(positive) − ½, or an SVM's
    decision function."""
    if hasattr(model, "predict_proba"):
        return model.predict_proba(X)[:, list(model.classes_).index(True)] - 0.5
    return model.decision_function(X)


@dataclass(frozen=True)
class Boundaries:
    """Two classifiers' decisions over a grid of the plane: before and after resampling.

    ``before`` and ``after`` have shape ``(len(ys), len(xs))``; a value is positive where that model predicts
    ``positive`` (the class that grew), negative where it predicts the rest, 0 on its boundary.
    """

    classifier: str
    positive: object
    xs: np.ndarray
    ys: np.ndarray
    before: np.ndarray
    after: np.ndarray

    @property
    def share_positive(self) -> tuple[float, float]:
        """The share of the grid each model gives to the positive class: (before, after)."""
        return float(np.mean(self.before > 0)), float(np.mean(self.after > 0))


def _grid(points: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    low, high = points.min(axis=0), points.max(axis=0)
    pad = np.where(high > low, (high - low) * 0.05, 1.0)
    return (np.linspace(low[0] - pad[0], high[0] + pad[0], resolution),
            np.linspace(low[1] - pad[1], high[1] + pad[1], resolution))


def decision_boundaries(xy, y, syn_xy, syn_y, *, classifier: str, positive, kept_original=None, kept_synthetic=None,
                        resolution: int = RESOLUTION, random_state: int = 0) -> Boundaries:
    """Fit ``classifier`` on the originals and on the resampled points, both in the plane, and evaluate them on a
    grid covering every point.

    Parameters
    ----------
    xy : ndarray of shape (n, 2)
        The original points in the plane; ``y`` their labels.
    syn_xy : ndarray of shape (m, 2)
        The synthetic points in the plane; ``syn_y`` their labels.
    classifier : str
        One of :data:`BOUNDARIES` but ``none``.
    positive
        The class whose region is drawn (the others are "the rest").
    kept_original, kept_synthetic : boolean ndarray, optional
        Which originals and synthetic points the resampled data keeps (a cleaning step removes some); default all.
    resolution : int
        Grid points per axis.

    Returns
    -------
    Boundaries

    Examples
    --------
    >>> rng = np.random.RandomState(0)
    >>> xy = np.vstack([rng.normal(0, 1, (60, 2)), rng.normal(2, 1, (6, 2))]); y = np.r_[[0] * 60, [1] * 6]
    >>> syn = rng.normal(2, 0.5, (54, 2))
    >>> b = decision_boundaries(xy, y, syn, np.ones(54, int), classifier="logreg", positive=1, resolution=30)
    >>> before, after = b.share_positive
    >>> after > before
    True
    """
    xy, syn_xy = np.asarray(xy, dtype=np.float64), np.asarray(syn_xy, dtype=np.float64).reshape(-1, 2)
    y, syn_y = np.asarray(y), np.asarray(syn_y)
    truth = y == positive
    if truth.all() or not truth.any():
        raise SmoteError("a decision boundary needs points of the class that grows and of the others.")
    kept_o = np.ones(len(xy), bool) if kept_original is None else np.asarray(kept_original, bool)
    kept_s = np.ones(len(syn_xy), bool) if kept_synthetic is None else np.asarray(kept_synthetic, bool)
    before = _fit(classifier, xy, truth, random_state)
    after = _fit(classifier, np.vstack([xy[kept_o], syn_xy[kept_s]]),
                 np.concatenate([truth[kept_o], syn_y[kept_s] == positive]), random_state)
    xs, ys = _grid(np.vstack([xy, syn_xy]), resolution)
    gx, gy = np.meshgrid(xs, ys)
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    shape = (len(ys), len(xs))
    return Boundaries(classifier, positive, xs, ys, _score_of(before, grid).reshape(shape),
                      _score_of(after, grid).reshape(shape))


def held_out_split(y, *, random_state: int = 0, test_share: float = TEST_SHARE) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the training and the held-out originals: a stratified split, made before any resampling.

    >>> train, test = held_out_split([0] * 20 + [1] * 10, random_state=0)
    >>> len(train), len(test), sorted(set(train) & set(test))
    (21, 9, [])
    """
    rows = np.arange(len(y))
    train, test = train_test_split(rows, test_size=test_share, stratify=np.asarray(y), random_state=random_state)
    return np.sort(train), np.sort(test)


def held_out_scores(train_xy, train_y, syn_xy, syn_y, test_xy, test_y, *, classifier: str, positive,
                    kept_train=None, random_state: int = 0) -> pd.DataFrame:
    """Minority recall, precision and F1 on the held-out rows of a model fitted on the training originals
    ("before") and of one fitted on them plus the synthetic points made from them ("after").

    ``syn_xy``/``syn_y`` must come from resampling the training rows only, so that no held-out row took part;
    ``kept_train`` (boolean, default all): the training originals the resampled data keeps (a cleaning step
    removes some), for the "after" model.

    Returns
    -------
    DataFrame
        Index ``before``, ``after``; columns ``recall``, ``precision``, ``f1`` (of the class ``positive``).
    """
    train_xy, syn_xy, test_xy = (np.asarray(a, dtype=np.float64).reshape(-1, 2) for a in (train_xy, syn_xy, test_xy))
    truth_train, truth_test = np.asarray(train_y) == positive, np.asarray(test_y) == positive
    kept = np.ones(len(train_xy), bool) if kept_train is None else np.asarray(kept_train, bool)
    models = {
        "before": _fit(classifier, train_xy, truth_train, random_state),
        "after": _fit(classifier, np.vstack([train_xy[kept], syn_xy]),
                      np.concatenate([truth_train[kept], np.asarray(syn_y) == positive]), random_state),
    }
    rows = {}
    for name, model in models.items():
        predicted = model.predict(test_xy).astype(bool)
        rows[name] = {
            "recall": recall_score(truth_test, predicted, zero_division=0.0),
            "precision": precision_score(truth_test, predicted, zero_division=0.0),
            "f1": f1_score(truth_test, predicted, zero_division=0.0),
        }
    return pd.DataFrame.from_dict(rows, orient="index")[["recall", "precision", "f1"]]
