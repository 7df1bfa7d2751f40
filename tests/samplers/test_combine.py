"""SMOTETomek and SMOTEENN: bit-identical to imbalanced-learn, provenance of survivors, what was removed."""

import numpy as np
import pytest
from imblearn.combine import SMOTEENN as ImbSMOTEENN
from imblearn.combine import SMOTETomek as ImbSMOTETomek
from sklearn.datasets import load_breast_cancer, load_wine, make_classification

from smote_core import SMOTE, SmoteError
from smote_core.samplers.combine import SMOTEENN, SMOTETomek, edited_nearest_neighbours, tomek_links

PAIRS = [(SMOTETomek, ImbSMOTETomek), (SMOTEENN, ImbSMOTEENN)]


def _data(seed, n=240, classes=2, dtype=np.float64):
    weights = [0.75, 0.25] if classes == 2 else [0.6, 0.3, 0.1]
    X, y = make_classification(n_samples=n, n_features=4, n_informative=3, n_redundant=0, n_classes=classes,
                               weights=weights, flip_y=0.05, random_state=seed)
    return X.astype(dtype), y


@pytest.mark.parametrize("ours, theirs", PAIRS)
@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("classes, dtype, strategy", [(2, np.float64, "auto"), (2, np.float32, 0.7),
                                                      (3, np.float64, "not majority"), (3, np.float64, "all")])
def test_bit_identical_to_imbalanced_learn(ours, theirs, seed, classes, dtype, strategy):
    X, y = _data(seed, classes=classes, dtype=dtype)
    a = theirs(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    b = ours(sampling_strategy=strategy, random_state=seed).fit_resample(X, y)
    assert b[0].dtype == a[0].dtype
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.mark.parametrize("ours, theirs", PAIRS)
def test_dataframes_and_string_labels_match(ours, theirs):
    X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    y = y.map({0: "malignant", 1: "benign"}).rename("diagnosis")
    a = theirs(random_state=1).fit_resample(X, y)
    b = ours(random_state=1).fit_resample(X, y)
    assert a[0].equals(b[0]) and list(a[0].columns) == list(b[0].columns)
    assert a[1].equals(b[1]) and b[1].name == "diagnosis"


@pytest.mark.parametrize("ours, theirs", PAIRS)
def test_a_custom_smote_is_used(ours, theirs):
    from imblearn.over_sampling import SMOTE as ImbSMOTE

    X, y = load_wine(return_X_y=True)
    a = theirs(smote=ImbSMOTE(k_neighbors=2, random_state=3)).fit_resample(X, y)
    b = ours(smote=SMOTE(k_neighbors=2, random_state=3)).fit_resample(X, y)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@pytest.mark.parametrize("ours", [SMOTETomek, SMOTEENN])
@pytest.mark.parametrize("seed", range(4))
def test_provenance_explains_every_surviving_synthetic_row(ours, seed):
    X, y = _data(seed, classes=3)
    sm = ours(random_state=seed)
    X_res, y_res = sm.fit_resample(X, y)
    p = sm.provenance_
    rows = p["row"].to_numpy()
    assert np.all(np.diff(rows) > 0), "provenance is in output order"
    expected = X[p["parent"]] + p["gap"].to_numpy()[:, None] * (X[p["neighbor"]] - X[p["parent"]])
    assert np.array_equal(X_res[rows], expected)
    assert np.array_equal(y_res[rows], p["class"].to_numpy())
    # every output row is either an original (bit-equal to its row of X) or a listed synthetic row
    is_syn = np.zeros(len(y_res), dtype=bool)
    is_syn[rows] = True
    originals = X_res[~is_syn]
    kept_originals = np.setdiff1d(np.arange(len(X)), sm.removed_.query("source == 'original'")["index"])
    assert len(originals) == len(kept_originals)
    assert {tuple(r) for r in originals} == {tuple(r) for r in X[kept_originals]}
    # the counts add up: originals + synthetic made - removed = output
    n_made = len(sm.smote_.provenance_)
    assert len(y) + n_made - len(sm.removed_) == len(y_res)
    assert set(sm.removed_.query("source == 'synthetic'")["index"]).isdisjoint(p["synthetic_index"])


def test_tomek_links_are_mutual_nearest_neighbours_of_different_classes():
    X = np.array([[0.0], [0.1], [5.0], [5.05], [9.0], [20.0]])
    y = np.array([0, 1, 0, 0, 1, 1])
    links = tomek_links(X, y)
    assert links.tolist() == [True, True, False, False, False, False]


def test_enn_keeps_rows_whose_neighbours_agree():
    X = np.array([[0.0], [0.1], [0.2], [0.3], [0.15], [10.0], [10.1], [10.2], [10.3]])
    y = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1])
    kept = edited_nearest_neighbours(X, y, n_neighbors=3)
    assert 4 not in kept  # the lone 1 among 0s goes
    assert set(kept) >= {5, 6, 7, 8}
    assert list(kept) == sorted(kept, key=lambda i: (y[i], i))  # class by class


def test_enn_mode_is_more_lenient_than_all():
    X, y = _data(0)
    assert len(edited_nearest_neighbours(X, y, kind_sel="mode")) >= len(edited_nearest_neighbours(X, y))


def test_errors():
    X, y = _data(0)
    with pytest.raises(SmoteError, match="kind_sel"):
        SMOTEENN(kind_sel="some").fit_resample(X, y)
    with pytest.raises(SmoteError, match="n_neighbors"):
        SMOTEENN(n_neighbors=0).fit_resample(X, y)
    with pytest.raises(SmoteError, match="smote_core over-sampler"):
        SMOTETomek(smote="SMOTE").fit_resample(X, y)
    with pytest.raises(SmoteError, match="only one class"):
        SMOTETomek().fit_resample(X, np.zeros(len(y)))
    small = np.r_[np.zeros(20), np.ones(3)]
    with pytest.raises(SmoteError, match="k_neighbors=5 needs at least 6"):
        SMOTEENN().fit_resample(np.random.RandomState(0).normal(size=(23, 2)), small)
