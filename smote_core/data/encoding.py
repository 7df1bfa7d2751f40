"""Tables with category columns as numbers: numeric columns as they are, each category column one-hot encoded.

The picture (PCA, t-SNE, UMAP), plain SMOTE and its numeric variants all need numbers. A category column becomes
one 0/1 column per category, so the numeric samplers can run on it — and show what goes wrong: interpolating
between a 0 and a 1 gives fractions such as 0.37 "red", which no real row has. SMOTE-NC and SMOTE-N vote for a
category instead; their rows are encoded the same way to be drawn in the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import SmoteError

__all__ = ["FeatureEncoding", "fit_encoding", "fractional_rows", "is_one_hot"]


def _sorted_categories(values: pd.Series) -> tuple:
    """A column's distinct values, sorted (by their text when the values cannot be compared)."""
    unique = list(pd.unique(values.dropna()))
    try:
        return tuple(sorted(unique))
    except TypeError:
        return tuple(sorted(unique, key=str))


@dataclass(frozen=True)
class FeatureEncoding:
    """How a table's feature columns become the float matrix the numeric samplers and the projections see.

    Attributes
    ----------
    features : tuple
        The feature columns, in table order.
    categorical : tuple
        The category columns among them, in table order.
    categories : tuple of tuple
        For each category column, its categories in sorted order: one encoded column each.
    """

    features: tuple
    categorical: tuple
    categories: tuple

    @property
    def numeric(self) -> tuple:
        return tuple(f for f in self.features if f not in self.categorical)

    @property
    def names(self) -> list[str]:
        """The encoded columns: the numeric features, then ``"column = category"`` per category."""
        names = [str(f) for f in self.numeric]
        for col, cats in zip(self.categorical, self.categories):
            names.extend(f"{col} = {v}" for v in cats)
        return names

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """The encoded float64 matrix of ``frame``'s feature columns (a category not seen when fitting: all 0)."""
        parts = [frame[list(self.numeric)].to_numpy(dtype=np.float64)] if self.numeric else []
        for col, cats in zip(self.categorical, self.categories):
            codes = pd.Index(list(cats), dtype=object).get_indexer(frame[col].to_numpy(dtype=object))
            block = np.zeros((len(frame), len(cats)))
            known = codes >= 0
            block[np.flatnonzero(known), codes[known]] = 1.0
            parts.append(block)
        if not parts:
            return np.empty((len(frame), 0))
        return np.hstack(parts)

    def column_groups(self) -> dict:
        """``{category column: positions of its encoded columns}``."""
        groups, start = {}, len(self.numeric)
        for col, cats in zip(self.categorical, self.categories):
            groups[col] = np.arange(start, start + len(cats))
            start += len(cats)
        return groups


def fit_encoding(frame: pd.DataFrame, features, categorical=()) -> FeatureEncoding:
    """Learn the encoding of ``frame[features]``, with the columns named in ``categorical`` one-hot encoded.

    Parameters
    ----------
    frame : DataFrame
    features : list
        The feature columns.
    categorical : list, default=()
        The features holding categories; every other feature must be numeric (or boolean).

    Returns
    -------
    FeatureEncoding
    """
    features = tuple(features)
    missing = [c for c in (*features, *categorical) if c not in frame.columns]
    if missing:
        raise SmoteError(f"the table has no column(s) {', '.join(map(repr, missing))}: choose among its columns.")
    outside = [c for c in categorical if c not in features]
    if outside:
        raise SmoteError(f"category column(s) {', '.join(map(repr, outside))} are not among the features: add them "
                         "to the features or unmark them.")
    cat = tuple(f for f in features if f in set(categorical))
    text = [f for f in features if f not in cat
            and not (pd.api.types.is_numeric_dtype(frame[f]) or pd.api.types.is_bool_dtype(frame[f]))]
    if text:
        raise SmoteError(
            "column(s) " + ", ".join(f"“{c}”" for c in text) + " hold text: mark them as category columns, or "
            "remove them from the features."
        )
    return FeatureEncoding(features=features, categorical=cat,
                           categories=tuple(_sorted_categories(frame[c]) for c in cat))


def is_one_hot(block) -> np.ndarray:
    """Whether each row of one category column's encoded block (or a single row) holds only 0s and 1s."""
    block = np.asarray(block, dtype=np.float64)
    return np.all(np.isclose(block, 0.0) | np.isclose(block, 1.0), axis=-1)


def fractional_rows(encoding: FeatureEncoding, X_encoded: np.ndarray) -> np.ndarray:
    """Which encoded rows hold a category that is not a clean 0/1 one-hot (e.g. 0.37 "red" + 0.63 "blue")."""
    X_encoded = np.asarray(X_encoded, dtype=np.float64)
    bad = np.zeros(len(X_encoded), dtype=bool)
    for cols in encoding.column_groups().values():
        bad |= ~is_one_hot(X_encoded[:, cols])
    return bad
