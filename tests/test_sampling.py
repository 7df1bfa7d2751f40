"""resolve_sampling_strategy and fraction_of_majority against imblearn.utils.check_sampling_strategy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from imblearn.utils import check_sampling_strategy

from smote_core import SmoteError, class_counts, fraction_of_majority, resolve_sampling_strategy

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STRING_STRATEGIES = ["auto", "minority", "not minority", "not majority", "all"]
# Class labels as scikit-learn understands them (non-integral floats would be a continuous target, refused
# before any strategy is resolved: see test_smote_errors.test_y_continuous).
LABEL_SETS = [[0, 1, 2, 3, 4, 5], [-7, 3, 10, 42, 99, 100], ["ok", "fraud", "review", "b", "a", "zz"],
              [0.0, 1.0, 2.0, -1.0, 3.0, 8.0]]


def theirs(strategy, y):
    return check_sampling_strategy(strategy, y, "over-sampling")


def assert_same_plan(ours, expected):
    """Same classes, in the same (sorted) order, with the same numbers of new rows."""
    assert list(ours.keys()) == list(expected.keys())
    assert [int(v) for v in ours.values()] == [int(v) for v in expected.values()]
    assert all(isinstance(v, int) for v in ours.values())


@st.composite
def targets(draw, min_classes=2, max_classes=6):
    """A label vector; counts come from a small range, so equal counts (ties for majority/minority) are common."""
    labels = draw(st.sampled_from(LABEL_SETS))
    n_classes = draw(st.integers(min_classes, max_classes))
    counts = draw(st.lists(st.integers(1, 8), min_size=n_classes, max_size=n_classes))
    y = np.repeat(np.array(labels[:n_classes]), counts)
    seed = draw(st.integers(0, 2**32 - 1))
    return y[np.random.RandomState(seed).permutation(len(y))]


@SETTINGS
@given(y=targets(), strategy=st.sampled_from(STRING_STRATEGIES))
def test_string_strategies_match_imblearn(y, strategy):
    assert_same_plan(resolve_sampling_strategy(strategy, y), theirs(strategy, y))


@SETTINGS
@given(y=targets(), data=st.data())
def test_dict_strategies_match_imblearn(y, data):
    counts = class_counts(y)
    chosen = data.draw(st.lists(st.sampled_from(sorted(counts)), min_size=1, unique=True))
    # Totals from "remove some" to "add many": when one side refuses, both must.
    wanted = {c: max(0, counts[c] + data.draw(st.integers(-3, 12))) for c in chosen}
    try:
        expected = theirs(wanted, y)
    except ValueError:
        with pytest.raises(SmoteError):
            resolve_sampling_strategy(wanted, y)
        return
    assert_same_plan(resolve_sampling_strategy(wanted, y), expected)


@SETTINGS
@given(y=targets(min_classes=2, max_classes=2), ratio=st.floats(0.0, 1.5, allow_nan=False))
def test_float_strategies_match_imblearn_for_binary_targets(y, ratio):
    try:
        expected = theirs(ratio, y)
    except ValueError:
        with pytest.raises(SmoteError):
            resolve_sampling_strategy(ratio, y)
        return
    assert_same_plan(resolve_sampling_strategy(ratio, y), expected)


@SETTINGS
@given(y=targets(min_classes=3), ratio=st.floats(0.01, 1.0))
def test_float_strategies_are_refused_for_multiclass_targets_by_both(y, ratio):
    with pytest.raises(ValueError):
        theirs(ratio, y)
    with pytest.raises(SmoteError, match="only works with two classes"):
        resolve_sampling_strategy(ratio, y)


def double_the_minority(y):
    labels, counts = np.unique(y, return_counts=True)
    i = int(np.argmin(counts))
    return {labels[i]: int(2 * counts[i])}


def all_to_ten(y):
    return {label: max(10, int(n)) for label, n in zip(*np.unique(y, return_counts=True))}


@SETTINGS
@given(y=targets(), f=st.sampled_from([double_the_minority, all_to_ten]))
def test_callable_strategies_match_imblearn(y, f):
    assert_same_plan(resolve_sampling_strategy(f, y), theirs(f, y))


def test_callable_receives_the_labels():
    seen = []
    y = ["b", "a", "b", "b"]
    resolve_sampling_strategy(lambda v: seen.append(v) or {"a": 3}, y)
    assert isinstance(seen[0], np.ndarray) and seen[0].tolist() == y


# --------------------------------------------------------------------------------------------------------------
# Ties: equal counts pick the first label in sorted order, as imbalanced-learn's max()/min() over sorted classes
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("strategy", STRING_STRATEGIES + [1.0, 0.9])
@pytest.mark.parametrize(
    "y",
    [
        ["a", "a", "b", "b", "c"],  # two majorities
        ["a", "b", "b", "c", "c", "c"],  # unique minority and majority
        ["c", "c", "a", "b", "b", "a", "d"],  # three-way majority tie (a, b, c: 2 each), d: 1
        ["z", "y", "z", "y", "x", "w"],  # minority tie w/x, majority tie y/z
        [3, 3, 1, 1, 2],
        [2, 2, 1, 1],  # everything ties
    ],
    ids=str,
)
def test_ties_break_like_imblearn(strategy, y):
    y = np.array(y)
    try:
        expected = theirs(strategy, y)
    except ValueError:
        with pytest.raises(SmoteError):
            resolve_sampling_strategy(strategy, y)
        return
    assert_same_plan(resolve_sampling_strategy(strategy, y), expected)


def test_tie_break_examples_spelled_out():
    y = np.array(["b", "b", "a", "a", "c"])
    # 'a' and 'b' both have 2: the majority is 'a' (first in sorted order), so 'b' is grown (by 0) but 'a' is not.
    assert list(resolve_sampling_strategy("not majority", y).items()) == [("b", 0), ("c", 1)]
    # Minority tie: 'w' and 'x' have 1; 'w' comes first.
    y = np.array(["z", "y", "z", "y", "x", "w"])
    assert list(resolve_sampling_strategy("minority", y).items()) == [("w", 1)]
    assert list(resolve_sampling_strategy("not minority", y).items()) == [("x", 1), ("y", 0), ("z", 0)]


def test_binary_bool_labels_and_list_input():
    y = [True, False, False, False, True, False]
    for strategy in STRING_STRATEGIES + [1.0, {True: 5}]:
        assert_same_plan(resolve_sampling_strategy(strategy, y), theirs(strategy, np.array(y)))


# --------------------------------------------------------------------------------------------------------------
# fraction_of_majority
# --------------------------------------------------------------------------------------------------------------


@SETTINGS
@given(y=targets(min_classes=1), ratio=st.floats(0.001, 1.0))
def test_fraction_of_majority(y, ratio):
    counts = class_counts(y)
    n_major = max(counts.values())
    wanted = fraction_of_majority(y, ratio)
    assert list(wanted) == sorted(counts)
    for c, n in counts.items():
        assert wanted[c] == max(n, int(n_major * ratio))
        assert wanted[c] >= n  # never asks to remove rows
    assert max(wanted.values()) == n_major  # the majority stays as it is
    if len(counts) >= 2:
        # A valid over-sampling dict for imbalanced-learn, and resolve agrees with it.
        assert_same_plan(resolve_sampling_strategy(wanted, y), theirs(wanted, y))
    if ratio == 1.0:
        assert set(wanted.values()) == {n_major}


@SETTINGS
@given(y=targets(min_classes=2, max_classes=2), ratio=st.floats(0.001, 1.0))
def test_fraction_of_majority_equals_the_float_strategy_for_binary_targets(y, ratio):
    # Where imbalanced-learn's float ratio adds rows, the app's ratio control must mean the same thing.
    try:
        expected = theirs(ratio, y)
    except ValueError:
        return  # the float would remove rows; fraction_of_majority then leaves the class alone (tested above)
    plan = resolve_sampling_strategy(fraction_of_majority(y, ratio), y)
    # The dict also lists the majority (0 new rows); the float strategy leaves it out.
    assert_same_plan(type(plan)((c, n) for c, n in plan.items() if n > 0), expected)
    assert sum(plan.values()) == sum(expected.values())


@pytest.mark.parametrize("ratio", [0, -0.1, 1.0001, 2, float("nan")])
def test_fraction_of_majority_outside_0_1(ratio):
    with pytest.raises(SmoteError, match=r"outside \(0, 1\]"):
        fraction_of_majority([0, 0, 1], ratio)


def test_class_counts_sorted():
    assert list(class_counts(["b", "a", "b", "c"]).items()) == [("a", 1), ("b", 2), ("c", 1)]
    assert list(class_counts(np.array([3, -1, 3])).items()) == [(-1, 1), (3, 2)]
