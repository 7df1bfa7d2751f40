"""feature_scales: which columns decide the distances on a mixed-scale table."""

import numpy as np
import pytest
from sklearn.datasets import load_breast_cancer, load_wine, make_moons

from smote_core import SmoteError
from smote_core.analysis.diagnostics import feature_scales


def test_real_mixed_scale_tables_are_flagged_with_the_columns_that_dominate():
    wine = load_wine()
    r = feature_scales(wine.data, wine.feature_names)
    assert r["mixed"] and r["dominant"] == ["proline"] and r["ratio"] > 1000
    assert "“proline”" in r["sentence"] and "carries" in r["sentence"] and "Standardise" in r["sentence"]
    cancer = load_breast_cancer()
    r = feature_scales(cancer.data, cancer.feature_names)
    assert r["mixed"] and set(r["dominant"]) == {"worst area", "mean area"} and "carry" in r["sentence"]
    assert abs(sum(r["share"].values()) - 1) < 1e-9


def test_tables_on_one_scale_are_not_flagged():
    X, _ = make_moons(300, random_state=0)
    r = feature_scales(X)
    assert not r["mixed"] and r["sentence"] is None and r["dominant"] == []
    z = (load_wine().data - load_wine().data.mean(0)) / load_wine().data.std(0)
    assert not feature_scales(z)["mixed"]


def test_constant_columns_and_bad_names():
    X = np.column_stack([np.ones(5), np.arange(5.0)])
    assert not feature_scales(X)["mixed"]
    with pytest.raises(SmoteError, match="one name per column"):
        feature_scales(X, ["a"])
