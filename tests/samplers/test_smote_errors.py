"""Every way to call SMOTE wrongly gives a SmoteError whose message names the problem and the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.neighbors import NearestNeighbors

from smote_core import SMOTE, SmoteError, fraction_of_majority, resolve_sampling_strategy

RNG = np.random.RandomState(0)
X20 = RNG.normal(size=(20, 3))
Y20 = np.array([0] * 14 + [1] * 6)


def error_of(X, y, **params) -> str:
    """The message of the SmoteError that fit_resample raises (fails the test if it raises nothing or else)."""
    with pytest.raises(SmoteError) as info:
        SMOTE(**params).fit_resample(X, y)
    return str(info.value)


def assert_mentions(message: str, *parts: str):
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


def test_smote_error_is_a_value_error():
    assert issubclass(SmoteError, ValueError)
    with pytest.raises(ValueError):
        SMOTE(k_neighbors=0).fit_resample(X20, Y20)


# ------------------------------------------------------------------------------------------------ classes and k


@pytest.mark.parametrize("label", [0, "fraud"])
def test_only_one_class(label):
    msg = error_of(X20, np.array([label] * 20))
    assert_mentions(msg, "only one class", repr(label), "at least two")


def test_class_too_small_for_k():
    X = RNG.normal(size=(13, 2))
    y = np.array(["ok"] * 10 + ["fraud"] * 3)
    msg = error_of(X, y, k_neighbors=5)
    assert_mentions(msg, "class 'fraud' has 3 samples", "k_neighbors=5 needs at least 6", "k_neighbors ≤ 2")


def test_class_too_small_for_a_neighbors_estimator():
    X = RNG.normal(size=(14, 2))
    y = np.array([0] * 10 + [1] * 4)
    msg = error_of(X, y, k_neighbors=NearestNeighbors(n_neighbors=6))
    assert_mentions(msg, "class 1 has 4 samples", "k_neighbors=5 needs at least 6", "k_neighbors ≤ 3")


def test_small_class_is_fine_when_it_is_not_resampled():
    # The 3-sample class is left out of the strategy, so k=5 is no problem.
    X = RNG.normal(size=(26, 2))
    y = np.array(["a"] * 15 + ["b"] * 8 + ["c"] * 3)
    X_res, y_res = SMOTE(k_neighbors=5, sampling_strategy={"b": 15}, random_state=0).fit_resample(X, y)
    assert (y_res == "b").sum() == 15 and (y_res == "c").sum() == 3


def test_a_class_of_one_sample():
    X = RNG.normal(size=(11, 2))
    y = np.array(["ok"] * 10 + ["fraud"])
    msg = error_of(X, y, k_neighbors=1)
    assert_mentions(msg, "class 'fraud' has 1 sample", "at least 2 samples", "leave it out of sampling_strategy")


# ------------------------------------------------------------------------------------------------ X


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_an_array_names_the_columns(bad):
    X = X20.copy()
    X[2, 1] = bad
    X[7, 2] = bad
    msg = error_of(X, Y20)
    assert_mentions(msg, "NaN or infinite", "'1', '2'", "2 rows", "drop those rows or impute")
    assert "'0'" not in msg


@pytest.mark.parametrize("fmt", ["csr", "csc"])
def test_nan_in_a_sparse_matrix_names_the_columns(fmt):
    X = X20.copy()
    X[3, 2] = np.nan
    msg = error_of(getattr(sparse, f"{fmt}_matrix")(X), Y20)
    assert_mentions(msg, "NaN or infinite", "'2'", "1 row", "drop those rows or impute")


def test_nan_in_a_dataframe_names_the_columns_by_name():
    X = pd.DataFrame(X20, columns=["amount", "age", "score"])
    X.loc[4, "age"] = np.nan
    msg = error_of(X, Y20)
    assert_mentions(msg, "missing values", "'age'", "1 row", "drop those rows or impute")
    assert "amount" not in msg and "score" not in msg


def test_inf_in_a_dataframe_names_the_columns_by_name():
    X = pd.DataFrame(X20, columns=["amount", "age", "score"])
    X.loc[4, "score"] = np.inf
    X.loc[5, "score"] = -np.inf
    msg = error_of(X, Y20)
    assert_mentions(msg, "infinite", "'score'", "2 rows", "drop or clip")
    assert "amount" not in msg and "age" not in msg


def test_non_numeric_dataframe_columns_are_named():
    X = pd.DataFrame(X20, columns=["amount", "age", "score"])
    X["city"] = ["Oslo", "Lima"] * 10
    X["tier"] = pd.Categorical(["a", "b"] * 10)
    msg = error_of(X, Y20)
    assert_mentions(msg, "non-numeric", "'city'", "'tier'", "encode them as numbers")
    assert "amount" not in msg


def test_non_numeric_array_columns_are_named():
    X = X20.astype(object)
    X[:, 1] = "x"
    msg = error_of(X, Y20)
    assert_mentions(msg, "non-numeric", "'1'", "encode or drop")


def test_x_and_y_lengths_differ():
    msg = error_of(X20, Y20[:19])
    assert_mentions(msg, "X has 20 rows but y has 19 labels", "match row for row")


@pytest.mark.parametrize("X", [np.empty((0, 3)), pd.DataFrame({"a": [], "b": []}, dtype=float),
                               sparse.csr_matrix((0, 3))], ids=["ndarray", "dataframe", "csr"])
def test_empty_x(X):
    msg = error_of(X, np.array([], dtype=int))
    assert_mentions(msg, "X has no rows")


def test_x_with_no_columns_and_1d_x():
    assert_mentions(error_of(np.empty((20, 0)), Y20), "no feature columns")
    assert_mentions(error_of(X20[:, 0], Y20), "2-D", "reshape(-1, 1)")


# ------------------------------------------------------------------------------------------------ parameters


@pytest.mark.parametrize("k", [0, -1])
def test_k_neighbors_below_one(k):
    msg = error_of(X20, Y20, k_neighbors=k)
    assert_mentions(msg, f"k_neighbors={k}", "at least 1")


@pytest.mark.parametrize("k", ["a", 2.5, None, True])
def test_k_neighbors_not_a_whole_number(k):
    msg = error_of(X20, Y20, k_neighbors=k)
    assert_mentions(msg, f"k_neighbors={k!r}", "whole number ≥ 1", "NearestNeighbors")


def test_k_neighbors_estimator_with_too_few_neighbours():
    msg = error_of(X20, Y20, k_neighbors=NearestNeighbors(n_neighbors=1))
    assert_mentions(msg, "n_neighbors=1", "at least 2")


@pytest.mark.parametrize("rs", ["abc", 1.5, [1], np.random.default_rng(0)])
def test_bad_random_state(rs):
    msg = error_of(X20, Y20, random_state=rs)
    assert_mentions(msg, "random_state", "None, an int or a numpy.random.RandomState")


@pytest.mark.parametrize("rs", [-1, 2**32])
def test_random_state_out_of_range(rs):
    msg = error_of(X20, Y20, random_state=rs)
    assert_mentions(msg, f"random_state={rs}", "out of range", "0 to 4294967295")


def test_bad_random_state_is_refused_even_when_nothing_is_generated():
    msg = error_of(X20, Y20, random_state="abc", sampling_strategy={1: 6})
    assert_mentions(msg, "random_state")


@pytest.mark.parametrize("name", ["majority", "Auto", "balanced", ""])
def test_unknown_strategy_string(name):
    msg = error_of(X20, Y20, sampling_strategy=name)
    assert_mentions(msg, f"sampling_strategy={name!r} is not known", "'auto'", "'minority'", "'not majority'",
                    "a dict")


@pytest.mark.parametrize("bad", [[0, 1], (1,), object()], ids=["list", "tuple", "object"])
def test_strategy_of_the_wrong_type(bad):
    msg = error_of(X20, Y20, sampling_strategy=bad)
    assert_mentions(msg, "sampling_strategy=", "not understood", "a float in (0, 1]", "a dict")


def test_float_ratio_with_multiclass_y():
    y = np.array([0] * 10 + [1] * 6 + [2] * 4)
    msg = error_of(X20, y, sampling_strategy=0.5)
    assert_mentions(msg, "only works with two classes", "y has 3", "use a dict")


@pytest.mark.parametrize("ratio", [0.0, -0.5, 1.5, float("nan")])
def test_float_ratio_outside_0_1(ratio):
    msg = error_of(X20, Y20, sampling_strategy=ratio)
    assert_mentions(msg, "outside (0, 1]")


def test_ratio_that_would_remove_samples():
    # 14 majority × 0.3 = 4 rows wanted, but class 1 has 6 already.
    msg = error_of(X20, Y20, sampling_strategy=0.3)
    assert_mentions(msg, "asks for 4 rows of class 1", "already has 6", "cannot remove rows",
                    "use a ratio above 0.429")


def test_ratio_that_adds_nothing():
    # 14 × 0.43 = 6.02 -> 6 rows: nothing to add; imbalanced-learn refuses this too.
    msg = error_of(X20, Y20, sampling_strategy=0.43)
    assert_mentions(msg, "asks for 6 rows of class 1", "already has 6", "use a ratio above")


def test_dict_that_would_remove_samples():
    msg = error_of(X20, Y20, sampling_strategy={0: 14, 1: 3})
    assert_mentions(msg, "asks for 3 rows of class 1", "already has 6", "only adds rows", "ask for 6 or more")


@pytest.mark.parametrize("total", [7.5, "10", None, True])
def test_dict_with_a_total_that_is_not_a_whole_number(total):
    msg = error_of(X20, Y20, sampling_strategy={1: total})
    assert_mentions(msg, "sampling_strategy[1]", "whole number")


def test_dict_with_an_unknown_class():
    y = np.array(["ok"] * 14 + ["fraud"] * 6)
    msg = error_of(X20, y, sampling_strategy={"frad": 14})
    assert_mentions(msg, "'frad'", "not in y", "'fraud', 'ok'")


def test_callable_returning_something_else():
    msg = error_of(X20, Y20, sampling_strategy=lambda y: [1, 2])
    assert_mentions(msg, "function returned list", "must return a dict")


def test_callable_with_an_unknown_class():
    msg = error_of(X20, Y20, sampling_strategy=lambda y: {5: 30})
    assert_mentions(msg, "5", "not in y")


# ------------------------------------------------------------------------------------------------ y


def test_y_continuous():
    msg = error_of(X20, RNG.normal(size=20))
    assert_mentions(msg, "y looks continuous", "class labels", "not regression")


@pytest.mark.parametrize(
    "y",
    [
        [0] * 14 + [1] * 5 + [None],
        np.array([0.0] * 14 + [1.0] * 5 + [np.nan]),
        pd.Series(["a"] * 14 + ["b"] * 5 + [None]),
        pd.Series([0] * 14 + [1] * 5 + [None], dtype="Int64"),
        np.array(["a"] * 14 + ["b"] * 5 + [None], dtype=object),
    ],
    ids=["list-None", "float-nan", "str-series-None", "Int64-NA", "object-None"],
)
def test_y_with_missing_labels(y):
    msg = error_of(X20, y)
    assert_mentions(msg, "y has 1 missing label", "19", "drop those rows or give them a class")


def test_y_with_mixed_label_types():
    y = np.array([0] * 14 + ["a"] * 6, dtype=object)
    msg = error_of(X20, y)
    assert_mentions(msg, "mixes label types", "int", "str")


def test_y_with_two_columns():
    msg = error_of(X20, np.zeros((20, 2)))
    assert_mentions(msg, "y must be one label per row")


def test_missing_x_or_y():
    assert_mentions(error_of(None, Y20), "X is missing")
    assert_mentions(error_of(X20, None), "y is missing")


# ------------------------------------------------------------------------------------------------ helpers


def test_resolve_and_fraction_raise_smote_errors():
    with pytest.raises(SmoteError, match="only one class"):
        resolve_sampling_strategy("auto", np.zeros(5))
    with pytest.raises(SmoteError, match=r"outside \(0, 1\]"):
        fraction_of_majority(Y20, 0)
    with pytest.raises(SmoteError, match=r"outside \(0, 1\]"):
        fraction_of_majority(Y20, 1.01)


def test_fit_checks_without_generating():
    with pytest.raises(SmoteError, match="not known"):
        SMOTE(sampling_strategy="nope").fit(X20, Y20)
    sm = SMOTE().fit(X20, Y20)
    assert dict(sm.sampling_strategy_) == {1: 8}
    assert not hasattr(sm, "provenance_")


def test_a_failed_refit_leaves_no_stale_provenance():
    import numpy as np

    from smote_core import SMOTE, SmoteError

    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(30, 2)), np.array([0] * 24 + [1] * 6)
    sm = SMOTE(k_neighbors=3, random_state=0)
    sm.fit_resample(X, y)
    assert len(sm.provenance_) == 18
    with pytest.raises(SmoteError):
        sm.fit_resample(X, np.zeros(30))
    assert not hasattr(sm, "provenance_") and not hasattr(sm, "nn_indices_")
