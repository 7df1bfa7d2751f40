"""Every sampler where imbalanced-learn's go: ``imblearn.pipeline.Pipeline`` with ``cross_validate``, ``GridSearchCV``
over k, ``BalancedBaggingClassifier(sampler=...)``, and k given as a neighbours object.

Where the registry records a sampler as bit-identical to imbalanced-learn's, the scores and predictions must equal
those of the same pipeline around imbalanced-learn's twin (``twins.twin``), to the last bit.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from imblearn.ensemble import BalancedBaggingClassifier
from imblearn.pipeline import Pipeline
from sklearn.compose import make_column_transformer
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.neighbors import NearestNeighbors
from sklearn.preprocessing import OneHotEncoder
from twins import K_KEYS, KEYS, NUMERIC_KEYS, build, default_k, twin

from smote_core.samplers.registry import SAMPLERS

CV = StratifiedKFold(3, shuffle=True, random_state=0)


@functools.cache
def data(categories):
    """240 rows, a quarter of them the minority, overlapping enough for every sampler to find parents in each fold:
    four numbers; or two numbers and two categories (a DataFrame); or four categories."""
    X, y = make_classification(n_samples=240, n_features=4, n_informative=2, n_redundant=0, n_clusters_per_class=1,
                               weights=[0.75, 0.25], flip_y=0.02, class_sep=1.0, random_state=0)
    if categories is None:
        return X, y
    levels = np.where(X > 0.5, "high", np.where(X < -0.5, "low", "mid")).astype(object)
    if categories == "only":
        return levels, y
    return pd.DataFrame({"x0": X[:, 0], "x1": X[:, 1], "c2": levels[:, 2], "c3": levels[:, 3]}), y


def sampler_of(key, **params):
    """Sampler ``key`` for this data (SMOTE-NC told which columns are categorical)."""
    if SAMPLERS[key].categories == "mixed":
        params["categorical_features"] = ["c2", "c3"]
    return build(key, **params)


def pipeline(sampler, categories):
    """sampler → (one-hot the categories) → logistic regression, in imbalanced-learn's Pipeline."""
    steps = [("sampler", sampler)]
    if categories == "only":
        steps.append(("encode", OneHotEncoder(handle_unknown="ignore")))
    elif categories == "mixed":
        steps.append(("encode", make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["c2", "c3"]),
                                                        remainder="passthrough")))
    return Pipeline([*steps, ("model", LogisticRegression(max_iter=500))])


def k_path(key):
    """The pipeline parameter that holds the sampler's k (the inner SMOTE's for the cleaning samplers)."""
    record = SAMPLERS[key]
    return "sampler__smote__k_neighbors" if record.wraps_smote else f"sampler__{record.k_argument}"


@pytest.mark.parametrize("key", KEYS)
def test_in_a_pipeline_with_cross_validate(key):
    categories = SAMPLERS[key].categories
    X, y = data(categories)
    sampler = sampler_of(key)
    scores = cross_validate(pipeline(sampler, categories), X, y, cv=CV, scoring="balanced_accuracy",
                            error_score="raise")["test_score"]
    assert len(scores) == 3 and np.all((scores > 0.5) & (scores <= 1))
    if SAMPLERS[key].identical:
        theirs = cross_validate(pipeline(twin(sampler), categories), X, y, cv=CV, scoring="balanced_accuracy",
                                error_score="raise")["test_score"]
        assert np.array_equal(scores, theirs)


@pytest.mark.parametrize("key", K_KEYS)
def test_grid_search_over_k(key):
    categories = SAMPLERS[key].categories
    X, y = data(categories)
    grid = {k_path(key): [2, 4]}
    search = GridSearchCV(pipeline(sampler_of(key), categories), grid, cv=CV, scoring="balanced_accuracy",
                          error_score="raise").fit(X, y)
    assert search.best_params_[k_path(key)] in (2, 4)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.predict(X).shape == y.shape
    fitted = search.best_estimator_.named_steps["sampler"]
    assert hasattr(fitted, "provenance_")  # the refit kept the sampler's provenance
    if SAMPLERS[key].identical:
        theirs = GridSearchCV(pipeline(twin(sampler_of(key)), categories), grid, cv=CV, scoring="balanced_accuracy",
                              error_score="raise").fit(X, y)
        assert np.array_equal(search.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"])


@pytest.mark.parametrize("key", [k for k, r in SAMPLERS.items() if any(p.is_choice for p in r.params)])
def test_grid_search_over_a_choice_parameter(key):
    """A sampler without k (Polynomial-fit SMOTE) is tuned over its own choice (the topology) instead."""
    choice = next(p for p in SAMPLERS[key].params if p.is_choice)
    X, y = data(None)
    grid = {f"sampler__{choice.argument}": list(choice.choices)}
    search = GridSearchCV(pipeline(sampler_of(key), None), grid, cv=CV, scoring="balanced_accuracy",
                          error_score="raise").fit(X, y)
    assert len(search.cv_results_["mean_test_score"]) == len(choice.choices)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    fitted = search.best_estimator_.named_steps["sampler"]
    assert getattr(fitted, choice.argument) == search.best_params_[f"sampler__{choice.argument}"]
    assert set(fitted.provenance_["kind"]) <= {"pair", "to_mean", "curve"}


@pytest.mark.parametrize("key", NUMERIC_KEYS)
def test_as_the_sampler_of_balanced_bagging(key):
    X, y = data(None)
    bagging = BalancedBaggingClassifier(estimator=LogisticRegression(), sampler=sampler_of(key), n_estimators=3,
                                        random_state=0).fit(X, y)
    assert {type(e.named_steps["sampler"]) for e in bagging.estimators_} == {SAMPLERS[key].cls}
    predicted = bagging.predict(X)
    assert set(predicted) == {0, 1} and bagging.score(X, y) > 0.6
    if SAMPLERS[key].identical:
        theirs = BalancedBaggingClassifier(estimator=LogisticRegression(), sampler=twin(sampler_of(key)),
                                           n_estimators=3, random_state=0).fit(X, y)
        assert np.array_equal(bagging.predict_proba(X), theirs.predict_proba(X))


class KneighborsOnly:
    """A neighbours object as another library might wrap one: ``fit``, ``kneighbors`` and ``n_neighbors``; no
    ``kneighbors_graph``, no ``get_params`` (imbalanced-learn requires both)."""

    def __init__(self, n_neighbors):
        self.n_neighbors = n_neighbors
        self.metric = "minkowski"

    def set_params(self, **params):
        for name, value in params.items():
            setattr(self, name, value)
        return self

    def fit(self, X, y=None):
        self.nn_ = NearestNeighbors(n_neighbors=self.n_neighbors, metric=self.metric).fit(X)
        return self

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        return self.nn_.kneighbors(X, n_neighbors, return_distance)


@pytest.mark.parametrize("make", [NearestNeighbors, KneighborsOnly], ids=["NearestNeighbors", "kneighbors-only"])
@pytest.mark.parametrize("key", K_KEYS)
def test_k_neighbors_as_a_neighbours_object(key, make):
    """``k_neighbors`` (``n_neighbors`` for ADASYN; the inner SMOTE's for the cleaning samplers) given as an object
    whose ``n_neighbors`` counts the sample itself gives exactly the rows the int k gives."""
    record = SAMPLERS[key]
    X, y = data(record.categories)
    k = default_k(record)
    as_int = sampler_of(key, k=k)
    as_object = sampler_of(key, k=make(n_neighbors=k + 1))
    a, b = as_int.fit_resample(X, y), as_object.fit_resample(X, y)
    if isinstance(a[0], pd.DataFrame):
        assert a[0].equals(b[0])
    else:
        assert np.array_equal(a[0], b[0])
    assert np.array_equal(a[1], b[1])
    assert as_object.provenance_.equals(as_int.provenance_)
    if make is NearestNeighbors and record.identical:  # imbalanced-learn takes the same object
        theirs = twin(as_object).fit_resample(X, y)
        assert np.array_equal(np.asarray(theirs[0]), np.asarray(b[0])) and np.array_equal(theirs[1], b[1])
