"""Pictures of standardised features: a column in large units no longer carries the picture alone."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_wine

from smote_core.views.projection import fit_projection


def _pc1_share(label: str) -> int:
    return int(label.split("(")[1].split("%")[0])


@pytest.mark.parametrize("loader", [load_breast_cancer, load_wine])
def test_pc1_of_a_mixed_scale_table_no_longer_carries_nearly_all_variance(loader):
    X, _ = loader(return_X_y=True)
    raw = fit_projection(X, "pca")
    std = fit_projection(X, "pca", standardize=True)
    assert _pc1_share(raw.axis_labels[0]) >= 98  # the issue: one column in large units is the whole picture
    assert _pc1_share(std.axis_labels[0]) < 50
    assert all("standardised" in label for label in std.axis_labels)
    assert not any("standardised" in label for label in raw.axis_labels)


def test_standardised_pca_places_synthetic_points_on_their_segment():
    X, _ = load_wine(return_X_y=True)
    proj = fit_projection(X, "pca", standardize=True)
    rng = np.random.RandomState(0)
    a, b, lam = X[rng.randint(0, len(X), 50)], X[rng.randint(0, len(X), 50)], rng.uniform(size=(50, 1))
    pa, pb, pn = proj.transform(a), proj.transform(b), proj.transform(a + lam * (b - a))
    assert np.allclose(pn, pa + lam * (pb - pa))
    assert np.allclose(proj.transform(X), proj.embedding)


def test_a_constant_column_and_the_raw_view_are_left_in_their_units():
    X = np.column_stack([np.arange(10.0), np.full(10, 7.0), np.arange(10.0) * 1000])
    proj = fit_projection(X, "pca", standardize=True)
    assert np.isfinite(proj.embedding).all()
    raw = fit_projection(X, "raw", features=(0, 2), standardize=True)
    assert np.array_equal(raw.embedding, X[:, [0, 2]]) and raw.axis_labels == ("feature 0", "feature 2")


def test_tsne_on_standardised_features_says_so():
    X, _ = load_wine(return_X_y=True)
    proj = fit_projection(X[:60], "tsne", standardize=True)
    assert proj.axis_labels == ("t-SNE 1 (standardised)", "t-SNE 2 (standardised)")
    assert proj.transform(X[:3]).shape == (3, 2)


def test_a_projection_says_whether_it_was_fitted_on_standardised_features():
    X, _ = load_wine(return_X_y=True)
    assert fit_projection(X, "pca", standardize=True).standardized
    assert not fit_projection(X, "pca").standardized
    assert not fit_projection(X, "raw", features=(0, 1), standardize=True).standardized  # raw units, always
    assert fit_projection(X[:60], "tsne", standardize=True).standardized
