"""Explore's decision boundaries: what one classifier learns before and after resampling, in the picture's plane.

:func:`boundary_view` draws on :mod:`smote_core.analysis.boundary`: the two models behind the lines (fitted on every
original point, and on the resampled points of the picture), and, for the table under the figure, the same two models
fitted the honest way — the originals split first, only the training rows resampled, both scored on the held-out
rows in the same plane.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..analysis.boundary import (
    BOUNDARY_LABELS,
    Boundaries,
    decision_boundaries,
    held_out_scores,
    held_out_split,
)
from ..analysis.evaluation import positive_class
from .explore import ResampleResult, k_limit, resample


@dataclass(frozen=True)
class BoundaryView:
    """The boundaries drawn and the held-out scores of the same two models (None when the split leaves a class to
    grow with fewer than two training rows)."""

    boundaries: Boundaries
    scores: pd.DataFrame | None
    n_train: int
    n_test: int
    k_train: int | None  # the k the training rows were resampled with (lowered when a class got too small)
    real: bool  # True when the plane is the data's own two features: the boundary is the model's real one

    def caption(self, feature_count: int, plane: str) -> str:
        """What the lines are and in which space the models were fitted (``plane``: the picture's name for it)."""
        label = BOUNDARY_LABELS[self.boundaries.classifier]
        lines = (f"{label}: the **dashed line** is the boundary learned from the originals, the **solid line** the "
                 f"one learned after resampling; the shaded side is where the second predicts "
                 f"**{self.boundaries.positive}**.")
        if self.real:
            return lines + " The data has these two features only: this is the models' real boundary."
        if feature_count == 2:
            return lines + (f" The models were fitted on the picture's two coordinates ({plane}), which only rotate "
                            "and rescale the data's two features: close to the models' real boundary (exact in the "
                            "raw-feature view).")
        return lines + (f" The models were fitted on the picture's two coordinates ({plane}), not on the "
                        f"{feature_count} features: a model fitted on all of them has a boundary in "
                        f"{feature_count} dimensions, which no 2-D picture shows.")


def boundary_view(result: ResampleResult, projection, syn_xy, *, classifier: str, seed: int, ratio: float,
                  standardize: bool, params: dict | None = None, categorical=None) -> BoundaryView:
    """The boundaries of ``classifier`` in the plane of ``projection`` (linear: PCA or two raw features) for the
    resample ``result`` drawn there (``syn_xy``: its synthetic points placed), and held-out scores.

    ``seed``, ``ratio``, ``standardize``, ``params`` and ``categorical``: as the view resampled ``result`` (the
    training rows are resampled the same way, with ``result.k`` lowered if a class of the training rows needs it).
    """
    y = np.asarray(result.y)
    positive = positive_class(y)
    kept_original = ~np.isin(np.arange(len(y)), result.removed_original)
    kept_synthetic = ~np.isin(np.arange(result.n_synthetic), result.removed_synthetic)
    drawn = decision_boundaries(projection.embedding, y, syn_xy, result.y_syn, classifier=classifier,
                                positive=positive, kept_original=kept_original, kept_synthetic=kept_synthetic,
                                random_state=seed)
    train, test = held_out_split(y, random_state=seed)
    k_train = min(result.k, k_limit(y[train], ratio))
    scores = None
    if k_train >= 1:
        X_in = result.frame.iloc[train] if categorical is not None else result.X[train]
        part = resample(X_in, y[train], k=k_train, ratio=ratio, seed=seed, standardize=standardize,
                        variant=result.variant, params=params, categorical=categorical)
        keep_o = ~np.isin(np.arange(len(train)), part.removed_original)
        keep_s = ~np.isin(np.arange(part.n_synthetic), part.removed_synthetic)
        syn_train = projection.transform(part.X_syn) if part.n_synthetic else np.empty((0, 2))
        scores = held_out_scores(projection.embedding[train], y[train], np.asarray(syn_train)[keep_s],
                                 part.y_syn[keep_s], projection.embedding[test], y[test], classifier=classifier,
                                 positive=positive, kept_train=keep_o, random_state=seed)
    real = projection.method == "raw" and result.X.shape[1] == 2
    return BoundaryView(drawn, scores, len(train), len(test), k_train if k_train >= 1 else None, real)


def boundary_table(scores: pd.DataFrame, positive) -> pd.DataFrame:
    """:func:`~smote_core.analysis.boundary.held_out_scores` as the page shows it: one row per model, the class
    scored named in the columns (``positive``: its label as the page may show it)."""
    table = scores.rename(index={"before": "fitted on the originals", "after": "fitted after resampling"},
                          columns={"recall": f"recall of {positive}", "precision": "precision", "f1": "F1"})
    table.index.name = "model"
    return table
