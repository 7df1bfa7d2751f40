"""``sampling_strategy`` → how many new rows each class gets.

The meanings are imbalanced-learn's (0.14) for over-samplers, so that a strategy means the same thing here and there;
the messages are ours.
"""

from __future__ import annotations

import math
import numbers
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np

from ._validation import SmoteError, plural

STRATEGY_NAMES = ("auto", "minority", "not minority", "not majority", "all")


def class_counts(y) -> dict:
    """Samples per class, classes in sorted order."""
    labels, counts = np.unique(np.asarray(y), return_counts=True)
    return {label: int(count) for label, count in zip(labels.tolist(), counts.tolist())}


def _majority(counts: dict):
    # max() keeps the first of equal counts, i.e. the smallest label: the same tie-break as imbalanced-learn.
    return max(counts, key=counts.get)


def _minority(counts: dict):
    return min(counts, key=counts.get)


def resolve_sampling_strategy(sampling_strategy, y) -> OrderedDict:
    """Turn ``sampling_strategy`` into ``{class: number of new samples}``, classes in sorted order.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable
        - float in (0, 1]: binary targets only; the minority class is grown to ``int(n_majority * ratio)``.
        - ``"auto"`` / ``"not majority"``: every class but the majority grows to the majority's size.
        - ``"minority"``: only the smallest class grows to the majority's size.
        - ``"not minority"``: every class but the minority grows to the majority's size.
        - ``"all"``: every class grows to the majority's size.
        - dict (any mapping) ``{class: desired total}``; classes left out are not touched.
        - callable ``f(y) -> dict`` of the same form.
    y : array-like of shape (n_samples,)

    Returns
    -------
    OrderedDict
        ``{class: n_new}``; a class may map to 0.
    """
    counts = class_counts(y)
    check_two_classes(counts)

    if isinstance(sampling_strategy, str):
        return OrderedDict(sorted(_from_name(sampling_strategy, counts).items()))

    if isinstance(sampling_strategy, Mapping):
        return OrderedDict(sorted(_from_dict(dict(sampling_strategy), counts).items()))

    if isinstance(sampling_strategy, numbers.Real) and not isinstance(sampling_strategy, bool):
        return OrderedDict(sorted(_from_ratio(float(sampling_strategy), counts).items()))

    if callable(sampling_strategy):
        result = sampling_strategy(np.asarray(y))
        if not isinstance(result, dict):
            raise SmoteError(
                f"the sampling_strategy function returned {type(result).__name__}; it must return a dict "
                "{class: desired total}."
            )
        return OrderedDict(sorted(_from_dict(result, counts).items()))

    raise SmoteError(
        f"sampling_strategy={sampling_strategy!r} is not understood; use a float in (0, 1], one of "
        + ", ".join(repr(s) for s in STRATEGY_NAMES)
        + ", a dict {class: desired total} or a function returning one."
    )


def check_two_classes(counts: dict):
    """The one "only one class" check of the samplers: ``counts`` (:func:`class_counts`) must hold two classes."""
    if len(counts) < 2:
        only = next(iter(counts), None)
        raise SmoteError(
            f"y has only one class ({only!r}): SMOTE balances classes, so it needs at least two. "
            "Check that you picked the right target column."
        )


def _from_name(name: str, counts: dict) -> dict:
    if name not in STRATEGY_NAMES:
        raise SmoteError(
            f"sampling_strategy={name!r} is not known; use one of "
            + ", ".join(repr(s) for s in STRATEGY_NAMES)
            + ", a float in (0, 1] or a dict {class: desired total}."
        )
    n_major = counts[_majority(counts)]
    if name in ("auto", "not majority"):
        major = _majority(counts)
        return {c: n_major - n for c, n in counts.items() if c != major}
    if name == "minority":
        minor = _minority(counts)
        return {minor: n_major - counts[minor]}
    if name == "not minority":
        minor = _minority(counts)
        return {c: n_major - n for c, n in counts.items() if c != minor}
    return {c: n_major - n for c, n in counts.items()}  # "all"


def _from_dict(wanted: dict, counts: dict) -> dict:
    unknown = [c for c in wanted if c not in counts]
    if unknown:
        raise SmoteError(
            f"sampling_strategy names class(es) {', '.join(repr(c) for c in unknown)} that are not in y; "
            f"the classes are {', '.join(repr(c) for c in counts)}."
        )
    out = {}
    for c, total in wanted.items():
        if not isinstance(total, numbers.Integral) or isinstance(total, bool):
            raise SmoteError(
                f"sampling_strategy[{c!r}] = {total!r}: give the desired number of rows as a whole number."
            )
        if total < counts[c]:
            raise SmoteError(
                f"sampling_strategy asks for {total} rows of class {c!r}, which already has {counts[c]}: "
                f"an over-sampler only adds rows, so ask for {counts[c]} or more."
            )
        out[c] = int(total) - counts[c]
    return out


def _from_ratio(ratio: float, counts: dict) -> dict:
    if len(counts) != 2:
        raise SmoteError(
            f"a float sampling_strategy only works with two classes, and y has {len(counts)}: "
            "use a dict {class: desired total}, or 'auto'."
        )
    if not (0 < ratio <= 1) or math.isnan(ratio):
        raise SmoteError(
            f"sampling_strategy={ratio} is outside (0, 1]: it is the minority's target size as a fraction of the "
            "majority's, so 1.0 means balanced."
        )
    major = _majority(counts)
    n_major = counts[major]
    out = {c: int(n_major * ratio - n) for c, n in counts.items() if c != major}
    for c, n_new in out.items():
        if n_new <= 0:
            need = counts[c] / n_major
            raise SmoteError(
                f"sampling_strategy={ratio} asks for {int(n_major * ratio)} rows of class {c!r}, which already has "
                f"{plural(counts[c], 'row')}: an over-sampler cannot remove rows, so use a ratio above {need:.3g}."
            )
    return out


def fraction_of_majority(y, ratio: float) -> dict:
    """A ``{class: desired total}`` dict growing every class to at least ``ratio`` × the majority's size.

    The app's single "sampling ratio" control, for any number of classes. Classes already that large are left as
    they are.
    """
    counts = class_counts(y)
    if not (0 < ratio <= 1):
        raise SmoteError(f"ratio={ratio} is outside (0, 1]: 1.0 means every class as large as the majority.")
    n_major = max(counts.values())
    return {c: max(n, int(n_major * ratio)) for c, n in counts.items()}
