"""Preparing a table for resampling: the target checked first, class labels merged, features chosen and cleaned."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import SmoteError, check_y, plural
from ..sampling import class_counts


def check_target(labels, name: str = "target") -> dict:
    """Check a column of class labels before anything else: not continuous, at least two classes, not a different
    value on every row (an identifier names rows, not classes).

    Returns the class counts. Rows without a label are ignored here (:func:`prepare_frame` drops them).
    """
    counts = _two_classes(pd.Series(labels).dropna(), name)
    if len(counts) > 2 and max(counts.values()) == 1:
        raise SmoteError(
            f"the target “{name}” has a different value on every row ({len(counts):,} classes of one row each): it "
            "names the rows rather than grouping them, and SMOTE needs two rows of a class to interpolate. Pick the "
            "column with the class labels."
        )
    return counts


def _two_classes(labels, name: str, when: str = "") -> dict:
    """The class counts of ``labels`` (checked by ``check_y``), or a ``SmoteError`` when there is only one class;
    ``when`` (e.g. " after cleaning") goes into the message."""
    y, _ = check_y(labels, len(labels))
    counts = class_counts(y)
    if len(counts) < 2:
        raise SmoteError(
            f"the target “{name}” has only one class ({next(iter(counts), None)!r}){when}: SMOTE needs at least two. "
            "Pick another target column."
        )
    return counts


def _quoted(columns) -> str:
    return ", ".join(f"“{c}”" for c in columns)


def near_duplicate_labels(labels) -> list[list]:
    """Groups of class labels that differ only by case or surrounding spaces ("Fraud", "fraud ")."""
    groups: dict = {}
    for label in pd.Series(labels).dropna().unique():
        if isinstance(label, str):
            groups.setdefault(label.strip().casefold(), []).append(label)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def merge_labels(labels, groups) -> pd.Series:
    """Replace every label of each group by the group's most frequent spelling."""
    labels = pd.Series(labels)
    counts = labels.value_counts()
    mapping = {}
    for group in groups:
        keep = max(group, key=lambda g: (counts.get(g, 0), g))
        mapping.update({g: keep for g in group})
    return labels.map(lambda v: mapping.get(v, v))


def prepare_frame(frame: pd.DataFrame, target: str, features, missing: str | None = None, categorical=(),
                  carry=()):
    """Keep ``features`` and ``target``, deal with missing values, and check the result can be resampled.

    Parameters
    ----------
    frame : DataFrame
    target : str
        The class-label column. Rows without a label are dropped.
    features : list of str
        Feature columns: numeric (or boolean) ones, plus the category columns named in ``categorical``.
    missing : {None, "drop", "median"}
        What to do with rows whose features have missing values; ``None`` refuses them with an error. ``"median"``
        fills a numeric column with its median and a category column with its most frequent category.
    categorical : list of str, default=()
        The features that hold categories; their values become text (``1`` and ``"1"`` are the same category).
    carry : list of str, default=()
        Other columns (an ``id``, say) that come along unchanged, row for row, but are neither checked nor resampled.

    Returns
    -------
    prepared : DataFrame
        The features in the order given — numeric ones as float64, category ones as text — then the target, then the
        ``carry`` columns.
    messages : list of str
        What was done, one sentence each, for the page.
    """
    features = list(features)
    categorical = [c for c in features if c in set(categorical)]
    numeric = _check_features(frame, target, features, categorical)
    carry = [c for c in carry if c in frame.columns and c != target and c not in set(features)]
    out = _selected(frame, target, features, categorical)
    for c in carry:
        out[c] = frame[c]
    messages = []
    out = _drop_unlabelled(out, target, messages)
    out = _handle_gaps(out, features, numeric, categorical, missing, messages)
    out = out.reset_index(drop=True)
    _two_classes(out[target], target, " after cleaning")
    return out, messages


def prepare_choices(frame: pd.DataFrame, target: str, features, *, categorical=(), missing: str | None = None,
                    merge_similar: bool = True, carry=()):
    """The Data page's choices applied in order: labels that differ only by case or spaces merged (when
    ``merge_similar``), the target checked, then :func:`prepare_frame`. Returns what :func:`prepare_frame` returns."""
    if target not in frame.columns:
        raise SmoteError(f"there is no column “{target}” to use as the target: choose one of the table's columns.")
    similar = near_duplicate_labels(frame[target])
    if similar and merge_similar:
        frame = frame.copy()
        frame[target] = merge_labels(frame[target], similar).to_numpy()
    check_target(frame[target], target)
    return prepare_frame(frame, target, features, missing=missing, categorical=categorical, carry=carry)


def _check_features(frame: pd.DataFrame, target: str, features: list, categorical: list) -> list:
    """The numeric features; a ``SmoteError`` for no features, the target among them, or a text column among the
    numeric ones."""
    if not features:
        raise SmoteError("no feature columns chosen: pick at least one numeric column.")
    if target in features:
        raise SmoteError(f"“{target}” is the target, so it cannot also be a feature: remove it from the features.")
    numeric = [c for c in features if c not in categorical]
    text = [c for c in numeric if not (pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c]))]
    if text:
        raise SmoteError(
            f"column(s) {_quoted(text)} are not numeric: SMOTE interpolates numbers, "
            "so mark them as category columns (SMOTE-NC and SMOTE-N vote for categories) or remove them from the "
            "features."
        )
    return numeric


def _selected(frame: pd.DataFrame, target: str, features: list, categorical: list) -> pd.DataFrame:
    """The features (numeric ones as float64, category ones as text) and the target, in that order."""
    columns = {}  # built at once: adding 10,000 columns one by one takes minutes
    for c in features:
        if c in categorical:
            columns[c] = pd.Series([v if pd.isna(v) else str(v) for v in frame[c].to_numpy(dtype=object)],
                                   index=frame.index, dtype=object)
        else:
            columns[c] = frame[c].astype(np.float64)
    columns[target] = pd.Series(frame[target].to_numpy(), index=frame.index)
    return pd.DataFrame(columns, index=frame.index)


def _drop_unlabelled(out: pd.DataFrame, target: str, messages: list) -> pd.DataFrame:
    no_label = out[target].isna()
    if no_label.any():
        out = out[~no_label]
        messages.append(f"Dropped {plural(int(no_label.sum()), 'row')} without a class label.")
    return out


def _handle_gaps(out: pd.DataFrame, features: list, numeric: list, categorical: list, missing, messages: list):
    """Missing (and, in numeric columns, infinite) feature values: dropped, filled, or refused, as ``missing`` says."""
    gaps = out[features].isna()
    if numeric:
        gaps[numeric] |= ~np.isfinite(out[numeric])
    if not gaps.to_numpy().any():
        return out
    bad_rows = gaps.any(axis=1)
    cols = [c for c in features if gaps[c].any()]
    if missing == "drop":
        messages.append(f"Dropped {plural(int(bad_rows.sum()), 'row')} with missing or infinite values.")
        return out[~bad_rows]
    if missing == "median":
        return _fill_gaps(out, gaps, cols, categorical, messages)
    raise SmoteError(
        f"{plural(int(bad_rows.sum()), 'row')} have missing or infinite values (in {_quoted(cols)}): choose to drop "
        "those rows or fill them with the median."
    )


def _fill_gaps(out: pd.DataFrame, gaps: pd.DataFrame, cols: list, categorical: list, messages: list):
    """Fill the gaps of ``cols``: a numeric column with its median, a category column with its most frequent value."""
    empty = [c for c in cols if gaps[c].all()]
    if empty:
        raise SmoteError(
            f"column(s) {_quoted(empty)} have no value to fill the gaps with (every row is missing): remove them "
            "from the features."
        )
    for c in cols:
        col = out[c].where(~gaps[c])
        fill = col.mode().iloc[0] if c in categorical else col.median()
        out[c] = col.fillna(fill) if c not in categorical else col.astype(object).where(~gaps[c], fill)
    num_cols = [c for c in cols if c not in categorical]
    cat_cols = [c for c in cols if c in categorical]
    if num_cols:
        messages.append(f"Filled missing values in {_quoted(num_cols)} with the column median.")
    if cat_cols:
        messages.append(f"Filled missing values in {_quoted(cat_cols)} with the most frequent category.")
    return out
