"""The test-only oracles for the samplers imbalanced-learn does not have: smote-variants 1.0.1 on the same data.

Random streams cannot match another library's, so the samplers are compared on what must agree: the number of
rows of each class after resampling (exactly), and a downstream classifier's minority F1 on held-out data (within
noise), over several seeds and several datasets — two real ones shipped with scikit-learn and a generated one.
"""

from __future__ import annotations

import functools
import logging

import numpy as np
from sklearn.datasets import load_breast_cancer, load_wine, make_classification
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.preprocessing import StandardScaler

SEEDS = range(5)


def smote_variants():
    """``smote_variants`` 1.0.1, quiet (it logs every call at INFO)."""
    import smote_variants as sv

    logging.getLogger("smote_variants").setLevel(logging.ERROR)
    return sv


@functools.cache
def dataset(name):
    """``(X, y)`` with the minority as class 1: breast cancer (212 malignant of 569, 30 features), wine made binary
    (cultivar 0: 59 of 178, 13 features), and a generated one (about 15% minority, 5 features, 3% label noise)."""
    if name == "breast_cancer":
        X, y = load_breast_cancer(return_X_y=True)
        return X, (y == 0).astype(int)
    if name == "wine":
        X, y = load_wine(return_X_y=True)
        return X, (y == 0).astype(int)
    X, y = make_classification(n_samples=400, n_features=5, n_informative=3, n_redundant=0, weights=[0.85],
                               flip_y=0.03, class_sep=0.8, random_state=1)
    return X, y


DATASETS = ("breast_cancer", "wine", "generated")


@functools.cache
def split(name, seed):
    """A stratified 70/30 split of ``dataset(name)``, standardised on the training part."""
    X, y = dataset(name)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=seed)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def minority_f1(X_res, y_res, X_test, y_test) -> float:
    """3-nearest-neighbour classifier's F1 of class 1 (a classifier that feels where the new points are)."""
    model = KNeighborsClassifier(n_neighbors=3).fit(X_res, y_res)
    return f1_score(y_test, model.predict(X_test))


def compare(name, ours, theirs):
    """Resample every seed's training split with ``ours(seed)`` (``fit_resample``) and ``theirs(seed)``
    (smote-variants' ``sample``); the class counts must be equal. Returns the two arrays of minority F1."""
    f1_ours, f1_theirs = [], []
    for seed in SEEDS:
        X_train, X_test, y_train, y_test = split(name, seed)
        X_a, y_a = ours(seed).fit_resample(X_train, y_train)
        X_b, y_b = theirs(seed).sample(X_train, y_train)
        assert np.bincount(y_a).tolist() == np.bincount(y_b).tolist(), (name, seed)
        f1_ours.append(minority_f1(X_a, y_a, X_test, y_test))
        f1_theirs.append(minority_f1(X_b, y_b, X_test, y_test))
    return np.array(f1_ours), np.array(f1_theirs)


def noise(a, b) -> float:
    """How far the mean F1s may differ by chance: 0.02 plus 2.5 standard errors of the paired differences."""
    d = np.asarray(a) - np.asarray(b)
    return 0.02 + 2.5 * d.std(ddof=1) / np.sqrt(len(d))


def assert_agree(name, ours, theirs):
    a, b = compare(name, ours, theirs)
    assert abs(a.mean() - b.mean()) <= noise(a, b), (name, a.round(3), b.round(3))
