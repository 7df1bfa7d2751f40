"""evaluate_k with Explore's sampler and a standardised neighbour search: the default is unchanged, every sampler is
run inside the training fold only, and a standardised search is z-scored on the training fold only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_wine

from smote_core import SMOTE, SmoteError, fraction_of_majority, interpolate
from smote_core.analysis.evaluation import (
    evaluate_k,
    evaluate_sampler,
    fold_leak_check,
    iter_folds,
    sampler_scores,
    summarize,
    verdict,
)
from smote_core.samplers.registry import SAMPLERS, make_sampler


def _mixed_scales(seed=0):
    """Overlapping classes whose second column is in large units (it decides raw distances)."""
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(size=(120, 3)), rng.normal(size=(24, 3)) + 0.8]) * [1.0, 1000.0, 0.1]
    y = np.array([0] * 120 + [1] * 24)
    return X, y


def test_the_default_is_smote_and_explicit_smote_gives_the_same_table():
    X, y = _mixed_scales()
    default = evaluate_k(X, y, [2, 5], n_splits=4)
    explicit = evaluate_k(X, y, [2, 5], n_splits=4, sampler="smote", params={}, standardize=False)
    pd.testing.assert_frame_equal(default, explicit, check_exact=True)
    assert default.attrs["sampler"] == "smote" and default.attrs["standardize"] is False


def test_a_training_fold_is_grown_exactly_as_the_sampler_grows_it():
    X, y = _mixed_scales()
    for variant, params in (("smote", {}), ("borderline1", {"m_neighbors": 7}), ("svm", {"out_step": 0.3})):
        fold = next(f for f in iter_folds(X, y, [3], n_splits=4, sampler=variant, params=params) if f.k == 3)
        train = fold.train_origin[fold.train_origin >= 0]
        sampler = make_sampler(variant, k=3, sampling_strategy=fraction_of_majority(y[train], 1.0), random_state=0,
                               **params)
        X_res, y_res = sampler.fit_resample(X[train], y[train])
        assert np.array_equal(fold.X_train, X_res) and np.array_equal(fold.y_train, y_res)


def test_a_cleaning_sampler_trains_on_the_rows_it_kept():
    X, y = _mixed_scales()
    fold = next(f for f in iter_folds(X, y, [3], n_splits=4, sampler="smote_enn") if f.k == 3)
    test = set(fold.test_origin)
    train = np.array(sorted(set(range(len(y))) - test))
    sampler = make_sampler("smote_enn", k=3, sampling_strategy=fraction_of_majority(y[train], 1.0), random_state=0)
    X_res, _ = sampler.fit_resample(X[train], y[train])
    assert np.array_equal(fold.X_train, X_res) and len(sampler.removed_)  # ENN removed rows, and they are gone
    kept_orig = fold.train_origin[fold.train_origin >= 0]
    assert len(kept_orig) < len(train) and set(kept_orig) <= set(train)
    assert (fold.synthetic["split"] == "train").all() and len(fold.synthetic) == int((fold.train_origin < 0).sum())


@pytest.mark.parametrize("variant", ["smote", "borderline2", "svm", "adasyn", "smote_tomek", "smote_enn"])
@pytest.mark.parametrize("standardize", [False, True])
def test_every_numeric_sampler_is_leak_free_inside_the_folds_and_leaky_outside(variant, standardize):
    X, y = _mixed_scales()
    honest = fold_leak_check(X, y, [3], n_splits=4, sampler=variant, standardize=standardize)
    assert honest["leak_free"].all(), honest[~honest["leak_free"]]
    leaky = fold_leak_check(X, y, [3], n_splits=4, sampler=variant, standardize=standardize, leaky=True)
    assert not leaky.query("k == 3")["leak_free"].any()
    # the leaky way also z-scores with the test rows: the check says so
    assert leaky.query("k == 3")["scaled_on_train"].all() != standardize


def test_a_standardised_search_uses_the_training_folds_statistics_and_makes_rows_in_raw_units():
    X, y = _mixed_scales()
    for fold in iter_folds(X, y, [3], n_splits=4, standardize=True):
        if fold.k == 0:
            assert fold.search_mean is None
            continue
        train = np.array(sorted(set(range(len(y))) - set(fold.test_origin)))
        assert np.array_equal(fold.search_mean, X[train].mean(0))
        assert np.array_equal(fold.search_scale, X[train].std(0))
        # the rows: originals as they are, synthetic rows from the same parents, neighbours and λ in raw units
        syn = fold.synthetic
        assert np.array_equal(fold.X_train[syn["position"]], interpolate(X, syn["parent"], syn["neighbor"], syn["gap"]))
        originals = fold.train_origin >= 0
        assert np.array_equal(fold.X_train[originals], X[fold.train_origin[originals]])
        # and the neighbours were searched on z-scored training rows: SMOTE on them picks the same pairs
        Z = (X[train] - X[train].mean(0)) / X[train].std(0)
        sm = SMOTE(k_neighbors=3, sampling_strategy=fraction_of_majority(y[train], 1.0), random_state=0)
        sm.fit_resample(Z, y[train])
        assert np.array_equal(train[sm.provenance_["parent"]], syn["parent"])
        assert np.array_equal(train[sm.provenance_["neighbor"]], syn["neighbor"])


def test_standardising_the_search_changes_the_scores_on_mixed_scales():
    X, y = _mixed_scales()
    raw = evaluate_k(X, y, [3], n_splits=4, classifier="knn")
    z = evaluate_k(X, y, [3], n_splits=4, classifier="knn", standardize=True)
    assert z.attrs["standardize"] is True
    pd.testing.assert_frame_equal(raw.query("k == 0"), z.query("k == 0"))  # the baseline never resamples
    assert not raw.query("k == 3")["f1"].equals(z.query("k == 3")["f1"])


def test_bad_samplers_and_parameters_are_refused_with_a_reason():
    X, y = load_wine(return_X_y=True)
    with pytest.raises(SmoteError, match="not known"):
        evaluate_k(X, y, [3], sampler="nope")
    with pytest.raises(SmoteError, match="votes for categories"):
        evaluate_k(X, y, [3], sampler="smotenc")
    with pytest.raises(SmoteError, match="as a dict"):
        evaluate_k(X, y, [3], sampler="svm", params=[("out_step", 0.5)])
    with pytest.raises(SmoteError, match="True or False"):
        fold_leak_check(X, y, [3], standardize="yes")
    assert all(SAMPLERS[s].categories is None for s in ("smote", "borderline1", "smote_enn"))


def test_the_verdict_names_the_sampler_it_scored():
    X, y = _mixed_scales()
    said = verdict(summarize(evaluate_k(X, y, [1, 3], n_splits=4, sampler="borderline1")))
    assert "Borderline-SMOTE 1" in said.sentence or not (said.below_baseline or said.no_better)
    df = pd.DataFrame({"k": [0, 0, 1, 1], "fold": [0, 1, 0, 1], "f1": [0.8, 0.9, 0.5, 0.52]})
    table = summarize(df)
    table.attrs["sampler"] = "smote_enn"
    assert "Here SMOTE + ENN lowers the score" in verdict(table).sentence
    assert "Here SMOTE lowers the score" in verdict(summarize(df)).sentence


def test_a_sampler_without_k_is_scored_once_and_never_over_k():
    X, y = _mixed_scales()
    with pytest.raises(SmoteError, match="Polynomial-fit SMOTE takes no k .*evaluate_sampler"):
        evaluate_k(X, y, [2, 5], n_splits=4, sampler="polynom_fit")
    df = evaluate_sampler(X, y, sampler="polynom_fit", params={"topology": "star"}, n_splits=4)
    assert df["resampled"].tolist() == [False] * 4 + [True] * 4 and "k" not in df.columns
    assert (df.loc[df["resampled"], "n_synthetic"] > 0).all() and (df.loc[~df["resampled"], "n_synthetic"] == 0).all()
    table = sampler_scores(df)
    assert list(table.columns) == ["no resampling", "Polynomial-fit SMOTE"] and len(table) == 4


@pytest.mark.parametrize("topology", ["star", "bus", "polynomial"])
def test_polynomial_fit_smote_grows_only_the_training_fold_standardised_or_not(topology):
    """Its rows toward a mean or on a curve are made from training rows only, z-scoring undone, and their
    provenance names no row for "none" (-1), never the fold's last training row."""
    X, y = _mixed_scales()
    for standardize in (False, True):
        folds = [f for f in iter_folds(X, y, [1], n_splits=4, sampler="polynom_fit", params={"topology": topology},
                                       standardize=standardize) if f.k == 1]
        for fold in folds:
            train = np.array(sorted(set(range(len(y))) - set(fold.test_origin)))
            search = (X[train] - X[train].mean(0)) / X[train].std(0) if standardize else X[train]
            sampler = make_sampler("polynom_fit", k=1, sampling_strategy=fraction_of_majority(y[train], 1.0),
                                   random_state=0, topology=topology)
            X_res, _ = sampler.fit_resample(search, y[train])
            made = X_res[len(train):] * X[train].std(0) + X[train].mean(0) if standardize else X_res[len(train):]
            assert np.allclose(fold.X_train[len(train):], made, rtol=1e-12, atol=1e-9)
            syn = fold.synthetic
            assert set(syn["neighbor"]) <= ({-1} if topology != "bus" else set(train))
            assert (syn["parent"] == -1).all() == (topology == "polynomial")
            assert set(syn["parent"][syn["parent"] >= 0]) <= set(train)


@pytest.mark.parametrize("variant", ["safe_level", "geometric"])
def test_samplers_without_one_gap_a_row_are_scored_with_a_standardised_search(variant):
    """Safe-Level-SMOTE (a gap per feature) and Geometric SMOTE (a point in a region) give no single λ to rebuild a
    row in raw units from: a standardised search gives their own rows with the z-scoring undone (once these rows
    were rebuilt from a missing λ, every value NaN, and Tune k failed)."""
    X, y = _mixed_scales()
    for fold in (f for f in iter_folds(X, y, [3], n_splits=4, sampler=variant, standardize=True) if f.k == 3):
        train = np.array(sorted(set(range(len(y))) - set(fold.test_origin)))
        mean, scale = X[train].mean(0), X[train].std(0)
        sampler = make_sampler(variant, k=3, sampling_strategy=fraction_of_majority(y[train], 1.0), random_state=0)
        X_res, _ = sampler.fit_resample((X[train] - mean) / scale, y[train])
        assert np.isfinite(fold.X_train).all()
        assert np.allclose(fold.X_train[len(train):], X_res[len(train):] * scale + mean, rtol=1e-12, atol=1e-9)
    scores = evaluate_k(X, y, [3, 5], n_splits=4, sampler=variant, standardize=True)
    assert np.isfinite(scores.select_dtypes("number").to_numpy()).all()
