"""smote_core.evaluation: SMOTE inside each training fold, the leaky pitfall, scores, parity with imbalanced-learn.

imbalanced-learn is used here only as the reference: its Pipeline applies the sampler to the training fold only,
which is what evaluate_k does by hand, and smote_core.SMOTE is bit-identical to its SMOTE, so the scores must be
equal.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    f1_score,
    make_scorer,
    roc_auc_score,
)
from sklearn.model_selection import StratifiedKFold, cross_validate

from smote_core import SMOTE, SmoteError, fraction_of_majority, interpolate
from smote_core.analysis.evaluation import (
    BASELINE_K,
    CLASSIFIER_LABELS,
    CLASSIFIERS,
    METRICS,
    evaluate_k,
    fold_leak_check,
    iter_folds,
    make_classifier,
    max_k,
    positive_class,
    summarize,
)

METRIC_COLUMNS = list(METRICS)


def overlapping(seed=0, n_major=160, n_minor=20, d=4, shift=0.5, labels=(0, 1)):
    """Two heavily overlapping Gaussian classes: the minority is hard to find, so leaks show."""
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(size=(n_major, d)), rng.normal(size=(n_minor, d)) + shift])
    y = np.array([labels[0]] * n_major + [labels[1]] * n_minor)
    order = rng.permutation(len(y))
    return X[order], y[order]


def three_classes(seed=0):
    rng = np.random.RandomState(seed)
    sizes = {"big": 60, "mid": 30, "small": 12}
    X = np.vstack([rng.normal(size=(n, 3)) + 1.2 * i for i, n in enumerate(sizes.values())])
    y = np.concatenate([[c] * n for c, n in sizes.items()]).astype(object)
    return X, y


# --------------------------------------------------------------------------------------------------------------
# The leak check: no synthetic row in a test fold, test rows untouched, synthetic rows built from training rows
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ratio", [1.0, 0.6])
def test_honest_folds_never_leak(ratio):
    """Checked independently of fold_leak_check: against our own StratifiedKFold split and our own SMOTE run."""
    X, y = three_classes()
    n_splits, seed, ks = 4, 7, [1, 3, 6]
    expected_splits = list(StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(X, y))
    seen = set()
    for f in iter_folds(X, y, ks, ratio=ratio, n_splits=n_splits, random_state=seed):
        seen.add((f.k, f.fold))
        train, test = expected_splits[f.fold]
        # The test fold is exactly the original test rows, in order, untouched, and nothing else.
        np.testing.assert_array_equal(f.test_origin, test)
        assert f.X_test.shape == X[test].shape and np.array_equal(f.X_test, X[test])
        assert np.array_equal(f.y_test, y[test])
        assert (f.test_origin >= 0).all()
        assert (f.synthetic["split"] == "train").all()
        # The training set is the original training rows, then the synthetic ones.
        n = len(train)
        np.testing.assert_array_equal(f.train_origin[:n], train)
        assert (f.train_origin[n:] == -1).all()
        assert np.array_equal(f.X_train[:n], X[train])
        if f.k == BASELINE_K:
            assert len(f.y_train) == n and f.synthetic.empty
            continue
        # The synthetic rows are what SMOTE makes from the training rows alone ...
        sm = SMOTE(k_neighbors=f.k, sampling_strategy=fraction_of_majority(y[train], ratio), random_state=seed)
        X_res, y_res = sm.fit_resample(X[train], y[train])
        assert np.array_equal(f.X_train, X_res) and np.array_equal(f.y_train, y_res)
        assert len(sm.provenance_) > 0 and len(f.y_train) == n + len(sm.provenance_)
        # ... every parent and neighbour is a training row of this fold, never a test row ...
        used = np.concatenate([f.synthetic["parent"].to_numpy(), f.synthetic["neighbor"].to_numpy()])
        assert np.isin(used, train).all() and not np.isin(used, test).any()
        np.testing.assert_array_equal(f.synthetic["parent"], train[sm.provenance_["parent"].to_numpy()])
        np.testing.assert_array_equal(f.synthetic["neighbor"], train[sm.provenance_["neighbor"].to_numpy()])
        # ... and the provenance, in original row numbers, rebuilds every synthetic row bit for bit.
        rebuilt = interpolate(X, f.synthetic["parent"], f.synthetic["neighbor"], f.synthetic["gap"])
        assert np.array_equal(f.X_train[f.synthetic["position"].to_numpy()], rebuilt)
    assert seen == {(k, i) for k in [0, *ks] for i in range(n_splits)}

    check = fold_leak_check(X, y, ks, ratio=ratio, n_splits=n_splits, random_state=seed)
    assert len(check) == n_splits * (1 + len(ks))
    assert check["leak_free"].all()
    assert (check["n_test_synthetic"] == 0).all()
    assert (check.query("k > 0")["n_train_synthetic"] > 0).all()


def test_leak_check_catches_the_leaky_mode():
    """The same check flags SMOTE-before-splitting: it is not vacuous."""
    X, y = overlapping()
    check = fold_leak_check(X, y, [2, 5], n_splits=4, leaky=True)
    base, resampled = check.query("k == 0"), check.query("k > 0")
    assert base["leak_free"].all()
    assert not resampled["leak_free"].any()
    assert (resampled["n_test_synthetic"] > 0).all()  # synthetic rows are scored on
    assert not resampled["parents_in_train"].any()  # test rows helped make training rows
    assert not resampled["test_only_original"].any()
    # What does still hold: the original rows are split cleanly, and the provenance is the true one.
    assert resampled["disjoint"].all() and resampled["test_untouched"].all()
    assert resampled["synthetic_reproduced"].all()

    for f in iter_folds(X, y, [5], n_splits=4, leaky=True):
        if f.k == 0:
            continue
        test_rows = f.test_origin[f.test_origin >= 0]
        train_syn = f.synthetic[f.synthetic["split"] == "train"]
        built_from_test = np.isin(train_syn["parent"], test_rows) | np.isin(train_syn["neighbor"], test_rows)
        assert built_from_test.any()
        # Every synthetic row, in the training or the test set, is where the provenance says and rebuilds exactly.
        for split, X_part, origin in (("train", f.X_train, f.train_origin), ("test", f.X_test, f.test_origin)):
            part = f.synthetic[f.synthetic["split"] == split]
            assert len(part) > 0
            positions = part["position"].to_numpy()
            assert (origin[positions] == -1).all() and (origin == -1).sum() == len(part)
            rebuilt = interpolate(X, part["parent"], part["neighbor"], part["gap"])
            assert np.array_equal(X_part[positions], rebuilt)


def test_evaluate_k_fits_on_the_checked_folds():
    """The row counts evaluate_k reports are those of the folds the leak check sees."""
    X, y = three_classes()
    df = evaluate_k(X, y, [2, 4], classifier="knn", n_splits=3, random_state=1)
    check = fold_leak_check(X, y, [2, 4], n_splits=3, random_state=1)
    np.testing.assert_array_equal(df["n_train"], check["n_train_original"] + check["n_train_synthetic"])
    np.testing.assert_array_equal(df["n_synthetic"], check["n_train_synthetic"])
    np.testing.assert_array_equal(df["n_test"], check["n_test_original"])
    assert (df["n_test_synthetic"] == 0).all()


# --------------------------------------------------------------------------------------------------------------
# The result table
# --------------------------------------------------------------------------------------------------------------


def test_table_shape_baseline_and_attrs():
    X, y = overlapping()
    df = evaluate_k(X, y, [5, 0, None, 5, 2], n_splits=4)  # 0 and None are the baseline; duplicates dropped
    counts = ["n_train", "n_synthetic", "n_test", "n_test_synthetic"]
    assert list(df.columns) == ["k", "fold", *METRIC_COLUMNS, *counts]
    assert df[["k", "fold"]].values.tolist() == [[k, i] for k in (0, 2, 5) for i in range(4)]
    assert df["k"].dtype == np.int64 and df["fold"].dtype == np.int64
    base = df[df["k"] == BASELINE_K]
    assert len(base) == 4 and (base["n_synthetic"] == 0).all()
    assert (base["n_train"] + base["n_test"] == len(y)).all()
    # Balanced training data after SMOTE: the minority grows to the majority's size in each training fold.
    smoted = df[df["k"] > 0]
    assert (smoted["n_train"] == 2 * 120).all() and (smoted["n_synthetic"] == 120 - 15).all()
    assert ((df[METRIC_COLUMNS] >= 0) & (df[METRIC_COLUMNS] <= 1)).all().all()
    assert df.attrs == {
        "classifier": "logistic_regression",
        "positive_class": 1,
        "ratio": 1.0,
        "n_splits": 4,
        "random_state": 0,
        "leaky": False,
        "sampler": "smote",
        "params": {},
        "standardize": False,
    }
    # Only the baseline when no k is asked for.
    only = evaluate_k(X, y, [], n_splits=4)
    assert set(only["k"]) == {0}
    pd.testing.assert_frame_equal(only, base.reset_index(drop=True), check_exact=True)


def test_baseline_is_plain_cross_validation():
    X, y = overlapping(seed=3)
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ref = cross_validate(CLASSIFIERS["logistic_regression"](0), X, y, cv=cv, scoring="f1")
    ours = evaluate_k(X, y, [3]).query("k == 0")
    np.testing.assert_array_equal(ours["f1"], ref["test_score"])
    # The baseline is the same with leaky=True: only resampled rows differ.
    leaky = evaluate_k(X, y, [3], leaky=True).query("k == 0")
    pd.testing.assert_frame_equal(ours, leaky, check_exact=True)


def test_metrics_match_sklearn_by_hand_for_one_fold():
    """String labels, the minority ('a') sorted first so it is column 0 of predict_proba; ratio below 1."""
    X, y = overlapping(seed=5, labels=("b", "a"))
    assert positive_class(y) == "a"
    k, fold, seed, ratio = 4, 2, 11, 0.7
    df = evaluate_k(X, y, [k], classifier="logistic_regression", ratio=ratio, n_splits=4, random_state=seed)
    train, test = list(StratifiedKFold(4, shuffle=True, random_state=seed).split(X, y))[fold]
    X_res, y_res = SMOTE(
        k_neighbors=k, sampling_strategy=fraction_of_majority(y[train], ratio), random_state=seed
    ).fit_resample(X[train], y[train])
    assert (y_res == "a").sum() == int(0.7 * (y[train] == "b").sum())
    clf = CLASSIFIERS["logistic_regression"](seed).fit(X_res, y_res)
    assert list(clf.classes_) == ["a", "b"]
    pred, proba = clf.predict(X[test]), clf.predict_proba(X[test])[:, 0]
    row = df[(df["k"] == k) & (df["fold"] == fold)].iloc[0]
    assert row["f1"] == f1_score(y[test], pred, pos_label="a")
    assert row["balanced_accuracy"] == balanced_accuracy_score(y[test], pred)
    assert row["pr_auc"] == average_precision_score(y[test], proba, pos_label="a")
    assert row["roc_auc"] == roc_auc_score(y[test] == "a", proba)
    assert row["n_train"] == len(y_res) and row["n_test"] == len(test)
    assert df.attrs["positive_class"] == "a"


def test_multiclass_positive_is_the_smallest_class():
    X, y = three_classes()
    df = evaluate_k(X, y, [2], classifier="logistic_regression", n_splits=3)
    assert df.attrs["positive_class"] == "small"
    train, test = list(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y))[0]
    X_res, y_res = SMOTE(k_neighbors=2, sampling_strategy=fraction_of_majority(y[train], 1.0),
                         random_state=0).fit_resample(X[train], y[train])
    clf = CLASSIFIERS["logistic_regression"](0).fit(X_res, y_res)
    proba = clf.predict_proba(X[test])[:, list(clf.classes_).index("small")]
    pred = clf.predict(X[test])
    row = df[(df["k"] == 2) & (df["fold"] == 0)].iloc[0]
    assert row["f1"] == f1_score(y[test], pred, labels=["small"], average="macro")
    assert row["balanced_accuracy"] == balanced_accuracy_score(y[test], pred)
    assert row["roc_auc"] == roc_auc_score(y[test] == "small", proba)
    assert row["pr_auc"] == average_precision_score(y[test] == "small", proba)
    # Every class grew to the majority's size in the training fold.
    assert row["n_train"] == 3 * 40


def test_dataframe_and_series_input_give_the_same_table():
    X, y = overlapping(seed=2)
    frame = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    a = evaluate_k(X, y, [3], classifier="decision_tree", n_splits=3)
    b = evaluate_k(frame, pd.Series(y, name="target"), [3], classifier="decision_tree", n_splits=3)
    pd.testing.assert_frame_equal(a, b, check_exact=True)


def test_deterministic_for_a_seed():
    X, y = overlapping(seed=1, n_major=60, n_minor=12)
    for clf in CLASSIFIERS:
        for leaky in (False, True) if clf != "random_forest" else (False,):  # the forest is the slow one
            first = evaluate_k(X, y, [4], classifier=clf, n_splits=2, random_state=5, leaky=leaky)
            again = evaluate_k(X, y, [4], classifier=clf, n_splits=2, random_state=5, leaky=leaky)
            pd.testing.assert_frame_equal(first, again, check_exact=True)
    # first is the random forest: another seed changes the folds, SMOTE and the forest.
    other = evaluate_k(X, y, [4], classifier="random_forest", n_splits=2, random_state=6)
    assert not other[METRIC_COLUMNS].equals(first[METRIC_COLUMNS])
    # None draws one seed for the whole run and records it, so the table can be reproduced.
    drawn = evaluate_k(X, y, [4], classifier="decision_tree", n_splits=2, random_state=None)
    seed = drawn.attrs["random_state"]
    assert isinstance(seed, int)
    again = evaluate_k(X, y, [4], classifier="decision_tree", n_splits=2, random_state=seed)
    pd.testing.assert_frame_equal(drawn, again, check_exact=True)


def test_summarize():
    X, y = overlapping()
    df = evaluate_k(X, y, [1, 5], classifier="knn", n_splits=4)
    s = summarize(df)
    assert list(s.columns) == ["k", "metric", "mean", "sd", "n_folds"]
    assert s[["k", "metric"]].values.tolist() == [[k, m] for k in (0, 1, 5) for m in METRIC_COLUMNS]
    for _, row in s.iterrows():
        values = df.loc[df["k"] == row["k"], row["metric"]]
        assert row["mean"] == pytest.approx(values.mean(), abs=1e-15)
        assert row["sd"] == pytest.approx(values.std(ddof=1), abs=1e-15)
        assert row["n_folds"] == 4
    assert s.attrs == df.attrs
    with pytest.raises(SmoteError, match="evaluate_k"):
        summarize(pd.DataFrame({"x": [1]}))
    with pytest.raises(SmoteError, match="score columns"):
        summarize(pd.DataFrame({"k": [1], "fold": [0]}))


def test_progress_callback():
    X, y = overlapping()
    calls = []
    evaluate_k(X, y, [1, 2, 3], classifier="knn", n_splits=3, progress=lambda *args: calls.append(args))
    total = 3 * (1 + 3)
    assert calls == [(i, total) for i in range(total + 1)]


# --------------------------------------------------------------------------------------------------------------
# The pitfall shows: leaky scores are inflated
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("classifier", ["logistic_regression", "knn", "decision_tree"])
def test_leaky_scores_are_inflated(classifier):
    """Measured before writing this test: the F1 gain from leaking is 0.37-0.79 here, PR-AUC 0.34-0.73."""
    gains = []
    for seed in range(3):
        X, y = overlapping(seed=seed)
        honest = summarize(evaluate_k(X, y, [1, 5], classifier=classifier, n_splits=4)).set_index(["k", "metric"])
        leaky = summarize(evaluate_k(X, y, [1, 5], classifier=classifier, n_splits=4, leaky=True))
        gain = (leaky.set_index(["k", "metric"])["mean"] - honest["mean"]).unstack()
        assert (gain.loc[0] == 0).all()  # same baseline
        assert (gain.loc[[1, 5], ["f1", "pr_auc"]] > 0.15).all().all()
        gains.append(gain.loc[[1, 5]])
    mean_gain = pd.concat(gains).mean()
    assert mean_gain["f1"] > 0.3 and mean_gain["pr_auc"] > 0.3
    assert mean_gain["balanced_accuracy"] > 0.02 and mean_gain["roc_auc"] > 0.02


# --------------------------------------------------------------------------------------------------------------
# Parity with imbalanced-learn's Pipeline + cross_validate
# --------------------------------------------------------------------------------------------------------------

SCORERS = {
    "f1": "f1",
    "balanced_accuracy": "balanced_accuracy",
    "pr_auc": make_scorer(average_precision_score, response_method="predict_proba"),
    "roc_auc": make_scorer(roc_auc_score, response_method="predict_proba"),
}


@pytest.mark.parametrize("classifier", list(CLASSIFIERS))
def test_parity_with_imblearn_pipeline(classifier):
    X, y = overlapping(seed=4, n_major=100, n_minor=24, shift=0.8)
    ks, n_splits, seed, ratio = [2, 5], 3, 3, 0.8
    ours = evaluate_k(X, y, ks, classifier=classifier, ratio=ratio, n_splits=n_splits, random_state=seed)
    for k in ks:
        pipe = ImbPipeline(
            [
                ("smote", ImbSMOTE(k_neighbors=k, sampling_strategy=lambda t: fraction_of_majority(t, ratio),
                                   random_state=seed)),
                ("clf", CLASSIFIERS[classifier](seed)),
            ]
        )
        cv = StratifiedKFold(n_splits, shuffle=True, random_state=seed)
        ref = cross_validate(pipe, X, y, cv=cv, scoring=SCORERS)
        mine = ours[ours["k"] == k]
        for metric in METRIC_COLUMNS:
            np.testing.assert_array_equal(mine[metric].to_numpy(), ref[f"test_{metric}"], err_msg=metric)


def test_parity_with_imblearn_pipeline_multiclass():
    X, y = three_classes(seed=2)

    def minority(metric, use_proba):
        def score(est, X_, y_):
            if use_proba:
                p = est.predict_proba(X_)[:, list(est.classes_).index("small")]
                return metric(y_ == "small", p)
            return metric(y_ == "small", est.predict(X_) == "small")
        return score

    scoring = {
        "f1": minority(f1_score, False),
        "balanced_accuracy": "balanced_accuracy",
        "pr_auc": minority(average_precision_score, True),
        "roc_auc": minority(roc_auc_score, True),
    }
    ours = evaluate_k(X, y, [3], classifier="knn", n_splits=4, random_state=2)
    pipe = ImbPipeline([("smote", ImbSMOTE(k_neighbors=3, random_state=2)), ("clf", CLASSIFIERS["knn"](2))])
    ref = cross_validate(pipe, X, y, cv=StratifiedKFold(4, shuffle=True, random_state=2), scoring=scoring)
    for metric in METRIC_COLUMNS:
        np.testing.assert_array_equal(ours.query("k == 3")[metric].to_numpy(), ref[f"test_{metric}"])


def test_estimator_instances_are_cloned():
    X, y = overlapping()
    est = CLASSIFIERS["decision_tree"](0)
    a = evaluate_k(X, y, [3], classifier=est, n_splits=3)
    b = evaluate_k(X, y, [3], classifier="decision_tree", n_splits=3)
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b, check_exact=True, check_flags=False)
    assert not hasattr(est, "classes_")  # never fitted itself
    assert a.attrs["classifier"] == "DecisionTreeClassifier"


def test_classifier_registry():
    names = {"logistic_regression", "knn", "decision_tree", "random_forest"}
    assert set(CLASSIFIERS) == set(CLASSIFIER_LABELS) == names
    lr = CLASSIFIERS["logistic_regression"](3)
    assert lr.steps[0][0] == "standardscaler" and lr[-1].max_iter >= 1000 and lr[-1].random_state == 3
    assert CLASSIFIERS["knn"](0).steps[0][0] == "standardscaler"
    rf = CLASSIFIERS["random_forest"](9)
    assert rf.n_estimators == 100 and rf.n_jobs == 1 and rf.random_state == 9
    assert make_classifier("decision_tree", 4).random_state == 4


# --------------------------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------------------------


def error_of(*args, **kwargs) -> str:
    with pytest.raises(SmoteError) as info:
        evaluate_k(*args, **kwargs)
    return str(info.value)


def assert_mentions(message, *parts):
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


X50 = np.random.RandomState(0).normal(size=(50, 3))
Y50 = np.array([0] * 40 + [1] * 10)


def test_k_too_large_for_a_training_fold():
    # 10 minority rows, 5 folds: every training fold has 8, so k ≤ 7.
    assert max_k(Y50, n_splits=5) == 7
    msg = error_of(X50, Y50, [3, 8, 10], n_splits=5)
    assert_mentions(msg, "k = 8, 10", "at most 7", "8 rows of class 1", "fewer folds")
    evaluate_k(X50, Y50, [7], classifier="knn", n_splits=5)  # the limit itself works
    # With leaky=True SMOTE sees the whole data: k ≤ 9.
    assert max_k(Y50, n_splits=5, leaky=True) == 9
    msg = error_of(X50, Y50, [10], n_splits=5, leaky=True)
    assert_mentions(msg, "k = 10", "at most 9", "whole data set")
    # A class SMOTE does not grow sets no limit.
    assert max_k(Y50, ratio=0.2, n_splits=5) is None
    evaluate_k(X50, Y50, [30], ratio=0.2, classifier="knn", n_splits=5)
    # The check is the same for fold_leak_check and iter_folds.
    with pytest.raises(SmoteError, match="k = 8"):
        fold_leak_check(X50, Y50, [8], n_splits=5)
    with pytest.raises(SmoteError, match="k = 8"):
        iter_folds(X50, Y50, [8], n_splits=5)


def test_class_too_small_for_the_folds():
    y = np.array([0] * 47 + [1] * 3)
    msg = error_of(X50, y, [1], n_splits=5)
    assert_mentions(msg, "5-fold", "class 1 has 3 rows", "use fewer folds (3 or fewer)")
    y = np.array([0] * 49 + [1])
    assert_mentions(error_of(X50, y, [1], n_splits=5), "class 1 has 1 row", "add rows")
    # Two rows and two folds: a training fold holds one row of the class, too few for any k.
    y = np.array([0] * 48 + [1] * 2)
    msg = error_of(X50, y, [1], n_splits=2)
    assert_mentions(msg, "cannot grow class 1", "1 row", "fewer folds")
    assert max_k(y, n_splits=2) == 0
    evaluate_k(X50, y, [], n_splits=2)  # the baseline alone still runs


@pytest.mark.parametrize(
    "kwargs, parts",
    [
        ({"k_values": [2, -1]}, ["'-1'", "whole number ≥ 1"]),
        ({"k_values": [2.5]}, ["'2.5'", "whole number"]),
        ({"k_values": [True]}, ["'True'"]),
        ({"k_values": ["3"]}, ["'3'"]),
        ({"n_splits": 1}, ["n_splits=1", "≥ 2"]),
        ({"n_splits": 2.5}, ["n_splits=2.5"]),
        ({"classifier": "svm"}, ["'svm'", "'random_forest'"]),
        ({"classifier": 42}, ["classifier=42"]),
        ({"ratio": 0}, ["ratio=0", "(0, 1]"]),
        ({"ratio": 1.5}, ["ratio=1.5"]),
        ({"ratio": "half"}, ["ratio='half'"]),
        ({"progress": 5}, ["progress=5", "callable"]),
        ({"random_state": 1.5}, ["random_state=1.5", "whole number"]),
        ({"random_state": -1}, ["random_state=-1", "out of range"]),
    ],
)
def test_bad_parameters(kwargs, parts):
    args = {"k_values": [2], **kwargs}
    assert_mentions(error_of(X50, Y50, args.pop("k_values"), **args), *parts)


def test_bad_data():
    assert_mentions(error_of(X50, np.zeros(50), [2]), "only one class")
    assert_mentions(error_of(X50, Y50[:40], [2]), "50 rows", "40 labels")
    X = X50.copy()
    X[3, 1] = np.nan
    assert_mentions(error_of(X, Y50, [2]), "NaN")


def test_whole_number_floats_are_accepted_as_k():
    a = evaluate_k(X50, Y50, [2.0, 3], classifier="knn", n_splits=5)
    assert sorted(set(a["k"])) == [0, 2, 3]


# ---------------------------------------------------------------------------------------------- verdict
def _table(scores: dict) -> pd.DataFrame:
    """{k: [f1 per fold]} -> an evaluate_k-shaped table."""
    rows = [{"k": k, "fold": i, "f1": v} for k, folds in scores.items() for i, v in enumerate(folds)]
    return pd.DataFrame(rows)


def test_verdict_reports_identical_scores_as_a_tie_not_a_best_k():
    from smote_core.analysis.evaluation import summarize, verdict

    same = [0.94, 1.0, 1.0, 0.97, 1.0]
    v = verdict(summarize(_table({0: [0.9, 0.95, 1.0, 0.9, 0.95], **{k: same for k in (1, 3, 5, 7, 9, 11)}})))
    assert not v.k_matters and v.alike == (1, 3, 5, 7, 9, 11)
    assert v.sentence.startswith("k makes no difference here") and "k = 1" not in v.sentence


def test_verdict_says_plainly_when_smote_lowers_the_score():
    from smote_core.analysis.evaluation import summarize, verdict

    v = verdict(summarize(_table({0: [0.74, 0.75, 0.73], 1: [0.61, 0.62, 0.60], 5: [0.66, 0.68, 0.67]})))
    assert v.below_baseline and v.no_better and v.k_matters and v.best_k == 5
    assert "SMOTE lowers the score" in v.sentence and "0.740" in v.sentence


def test_verdict_names_a_best_k_only_when_it_stands_out():
    from smote_core.analysis.evaluation import summarize, verdict

    v = verdict(summarize(_table({0: [0.5, 0.52, 0.51], 1: [0.6, 0.61, 0.6], 3: [0.8, 0.81, 0.8],
                                  5: [0.7, 0.71, 0.7]})))
    assert v.k_matters and v.alike == (3,) and not v.below_baseline and not v.no_better
    assert v.sentence.startswith("Best Minority F1: k = 3")
    with pytest.raises(SmoteError, match="metric="):
        verdict(summarize(_table({0: [1.0], 1: [1.0]})), metric="accuracy")
