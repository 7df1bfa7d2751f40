"""smote_core.analysis.dimensions: the same data padded with noise features — distances bunching up, neighbours
becoming arbitrary, SMOTE's new points losing variance, and the cross-validated gain, computed leakage-free."""

from __future__ import annotations

import numpy as np
import pytest
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.pipeline import Pipeline as ImbPipeline
from sklearn.metrics import euclidean_distances, f1_score, make_scorer
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from smote_core import SmoteError
from smote_core.analysis.dimensions import (
    DEFAULT_NOISE,
    RANDOM_NEIGHBOUR_VARIANCE,
    high_dimension_study,
    pad_with_noise,
)
from smote_core.analysis.evaluation import fold_leak_check
from smote_core.data import datasets

FOLDS = 3  # few folds: the suite stays quick; the page uses 5


@pytest.fixture(scope="module")
def cancer():
    ds = datasets.load_builtin("breast_cancer")
    return ds.frame[ds.features].to_numpy(float), ds.frame[ds.target].to_numpy()


@pytest.fixture(scope="module")
def study(cancer):
    X, y = cancer
    calls = []
    summary, folds = high_dimension_study(X, y, k=5, seed=0, folds=FOLDS, return_folds=True,
                                          progress=lambda done, total: calls.append((done, total)))
    return summary, folds, calls


def _small(seed=0, n_maj=60, n_min=20, d=3):
    rng = np.random.RandomState(seed)
    X = np.vstack([rng.normal(0, 1, (n_maj, d)), rng.normal(1.5, 1, (n_min, d))])
    return X, np.array([0] * n_maj + [1] * n_min)


def test_one_row_per_level_with_every_column(study, cancer):
    summary, folds, _ = study
    X, y = cancer
    assert summary["noise_features"].tolist() == list(DEFAULT_NOISE)
    assert summary["n_features"].tolist() == [X.shape[1] + m for m in DEFAULT_NOISE]
    for column in ("distance_ratio", "distance_ratio_q1", "distance_ratio_q3", "overlap", "overlap_chance",
                   "variance_ratio", "cv_none", "cv_none_sd", "cv_smote", "cv_smote_sd", "cv_gain", "cv_gain_sd",
                   "cv_gain_se", "gain_within_noise", "n_folds"):
        assert column in summary.columns and summary[column].notna().all(), column
    assert (summary["n_folds"] == FOLDS).all()
    assert len(folds) == FOLDS * len(DEFAULT_NOISE)
    attrs = summary.attrs
    assert attrs["positive_class"] == "malignant" and attrs["minority_rows"] == int((y == "malignant").sum())
    assert attrs["metric"] == "f1" and attrs["classifier"] == "knn" and attrs["k"] == 5 and attrs["folds"] == FOLDS
    assert attrs["rows"] == attrs["rows_total"] == len(y) and attrs["original_features"] == X.shape[1]


def test_the_distance_ratio_rises_towards_one_with_noise(study, cancer):
    summary, _, _ = study
    ratio = summary["distance_ratio"].to_numpy()
    assert np.all(np.diff(ratio) > 0) and ratio[-1] < 1
    assert ratio[-1] > 3 * ratio[0]  # 200 noise features: the nearest is most of the way to the farthest
    assert (summary["distance_ratio_q1"] <= summary["distance_ratio"]).all()
    assert (summary["distance_ratio"] <= summary["distance_ratio_q3"]).all()
    # Without noise it is what a direct computation on the z-scored minority gives
    X, y = cancer
    A = StandardScaler().fit_transform(X)[y == "malignant"]
    D = euclidean_distances(A)
    np.fill_diagonal(D, np.nan)
    assert summary["distance_ratio"].iloc[0] == pytest.approx(np.median(np.nanmin(D, 1) / np.nanmax(D, 1)))


def test_neighbours_are_all_kept_without_noise_and_become_arbitrary_with_it(study, cancer):
    summary, _, _ = study
    overlap = summary["overlap"].to_numpy()
    assert overlap[0] == 1.0
    assert np.all(np.diff(overlap) < 0)
    n_min = summary.attrs["minority_rows"]
    assert summary["overlap_chance"].iloc[0] == pytest.approx(5 / (n_min - 1))
    assert overlap[-1] < 0.5  # most neighbours changed, though a little better than chance
    assert overlap[-1] >= summary["overlap_chance"].iloc[-1]


def test_synthetic_variance_shrinks_as_neighbours_go_far(study):
    """var(x + λ (x_nn − x)) = 2/3 var(x) for a neighbour drawn independently of x (λ uniform): SMOTE's points have
    less variance than the minority's, and less still when the neighbours become arbitrary (Blagus & Lusa)."""
    summary, _, _ = study
    variance = summary["variance_ratio"].to_numpy()
    assert (variance < 1).all() and (variance > 0.4).all()
    assert variance[-1] < variance[0]
    assert abs(variance[-1] - RANDOM_NEIGHBOUR_VARIANCE) < 0.1


def test_the_variance_is_measured_on_the_original_features_of_the_synthetic_rows():
    X, y = _small()
    X[:, 2] = 7.0  # a constant feature: no variance to compare, left out rather than dividing by zero
    summary = high_dimension_study(X, y, noise=(0,), k=3, folds=2)
    assert 0 < summary["variance_ratio"].iloc[0] < 1.2


def test_cross_validation_is_leakage_free_and_matches_an_imbalanced_learn_pipeline(study, cancer):
    """SMOTE inside each training fold only: the scores equal imbalanced-learn's Pipeline (which resamples the
    training fold only) on the same padded data, and no test fold holds a synthetic row."""
    summary, folds, _ = study
    X, y = cancer
    assert (folds["n_test_synthetic"] == 0).all()
    splitter = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=0)
    scorer = make_scorer(f1_score, pos_label="malignant")
    for m in (0, 200):
        X_pad = np.hstack([X, pad_with_noise(X, m, seed=0)[:, X.shape[1]:]])
        smote = ImbPipeline([("z", StandardScaler()), ("smote", ImbSMOTE(k_neighbors=5, random_state=0)),
                             ("scale", StandardScaler()), ("knn", KNeighborsClassifier(5))])
        plain = Pipeline([("scale", StandardScaler()), ("knn", KNeighborsClassifier(5))])
        expected_smote = cross_validate(smote, X_pad, y, cv=splitter, scoring=scorer)["test_score"]
        expected_none = cross_validate(plain, X_pad, y, cv=splitter, scoring=scorer)["test_score"]
        got = folds[folds["noise_features"] == m].sort_values("fold")
        np.testing.assert_allclose(got["smote"], expected_smote, atol=1e-12)
        np.testing.assert_allclose(got["none"], expected_none, atol=1e-12)
        row = summary[summary["noise_features"] == m].iloc[0]
        assert row["cv_gain"] == pytest.approx(np.mean(expected_smote - expected_none))
        assert row["cv_gain_sd"] == pytest.approx(np.std(expected_smote - expected_none, ddof=1))
        # and the very folds used pass the leak check (test rows never parents, neighbours or synthetic rows)
        leaks = fold_leak_check(X_pad, y, [5], n_splits=FOLDS, random_state=0, standardize=True)
        assert leaks["leak_free"].all()


def test_the_gain_is_called_noise_only_within_one_standard_error(study):
    summary, _, _ = study
    se = summary["cv_gain_sd"] / np.sqrt(FOLDS)
    np.testing.assert_allclose(summary["cv_gain_se"], se)
    assert (summary["gain_within_noise"] == (summary["cv_gain"].abs() <= se + 1e-12)).all()


def test_progress_counts_every_level_and_fit(study):
    _, _, calls = study
    total = len(DEFAULT_NOISE) * (1 + 2 * FOLDS)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    done = [d for d, _ in calls]
    assert done == sorted(done) and {t for _, t in calls} == {total}
    assert set(done) == set(range(total + 1))


def test_padding_is_z_scored_nested_and_seeded():
    X, _ = _small()
    X = X * [1, 100, 1e-3] + 50
    small, big = pad_with_noise(X, 4, seed=3), pad_with_noise(X, 10, seed=3)
    np.testing.assert_allclose(small, big[:, :7])  # the same data, padded more
    np.testing.assert_allclose(small[:, :3].mean(0), 0, atol=1e-9)
    np.testing.assert_allclose(small[:, :3].std(0), 1)
    assert not np.allclose(pad_with_noise(X, 4, seed=4)[:, 3:], small[:, 3:])
    np.testing.assert_array_equal(pad_with_noise(X, 0), pad_with_noise(X, 5)[:, :3])
    assert pad_with_noise(X, 2, standardize=False)[:, :3].tolist() == X.tolist()


def test_same_seed_same_table_and_levels_sorted_without_duplicates():
    X, y = _small(1)
    a = high_dimension_study(X, y, noise=[30, 0, 30], k=3, folds=2, seed=5)
    b = high_dimension_study(X, y, noise=(0, 30), k=3, folds=2, seed=5)
    assert a["noise_features"].tolist() == [0, 30]
    assert a.equals(b)
    assert not a.equals(high_dimension_study(X, y, noise=(0, 30), k=3, folds=2, seed=6))


def test_overlap_is_counted_against_no_noise_even_when_zero_is_not_a_level():
    X, y = _small(2)
    with_zero = high_dimension_study(X, y, noise=(0, 20), k=3, folds=2)
    without = high_dimension_study(X, y, noise=(20,), k=3, folds=2)
    assert without["overlap"].iloc[0] == with_zero["overlap"].iloc[1] < 1


def test_max_rows_studies_a_sample_keeping_the_class_shares():
    X, y = _small(3, n_maj=300, n_min=60)
    summary = high_dimension_study(X, y, noise=(0,), k=3, folds=2, max_rows=120)
    assert summary.attrs["rows"] == 120 and summary.attrs["rows_total"] == 360
    assert summary.attrs["minority_rows"] == 20


def test_balanced_accuracy_can_be_compared_instead():
    X, y = _small(4)
    summary = high_dimension_study(X, y, noise=(0,), k=3, folds=2, metric="balanced_accuracy")
    assert summary.attrs["metric"] == "balanced_accuracy" and 0 <= summary["cv_smote"].iloc[0] <= 1


@pytest.mark.parametrize("kwargs, message", [
    (dict(noise=[-1]), "whole numbers from 0"),
    (dict(noise=[]), "numbers of noise features"),
    (dict(noise="ten"), "numbers of noise features"),
    (dict(noise=[2.5]), "2.5"),
    (dict(noise=[10**6]), "whole numbers from 0"),
    (dict(k=0), "k must be a whole number"),
    (dict(k=True), "k must be a whole number"),
    (dict(folds=1), "folds"),
    (dict(metric="accuracy"), "metric='accuracy'"),
    (dict(progress=3), "not callable"),
    (dict(classifier="svm"), "classifier='svm' is not known"),
    (dict(max_rows=3), "max_rows"),
    (dict(k=19, folds=2), "k can be at most 9"),
])
def test_bad_arguments_say_what_to_do(kwargs, message):
    X, y = _small()
    with pytest.raises(SmoteError, match=message.replace("(", r"\(")):
        high_dimension_study(X, y, **{"noise": (0, 5), "k": 3, "folds": 2, **kwargs})


def test_bad_data_says_what_is_wrong():
    X, y = _small()
    with pytest.raises(SmoteError, match="only one class"):
        high_dimension_study(X, np.zeros(len(y)), noise=(0,), k=3, folds=2)
    few = np.r_[np.arange(60), np.arange(60, 65)]  # 5 minority rows: a 5-fold training fold holds 4
    with pytest.raises(SmoteError, match="k can be at most 3"):
        high_dimension_study(X[few], y[few], noise=(0,), k=5, folds=5)
