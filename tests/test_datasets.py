"""Built-in datasets: deterministic, imbalanced as asked, real feature names, no downloads."""

import numpy as np
import pytest

from smote_core import SmoteError
from smote_core.datasets import BUILTIN, dataset_choices, load_builtin

TOYS = ["moons", "blobs", "circles", "overlap"]


@pytest.mark.parametrize("name", list(BUILTIN))
def test_every_builtin_loads_as_a_two_class_table(name):
    ds = load_builtin(name)
    assert ds.name == name and ds.title == BUILTIN[name]
    assert ds.target in ds.frame.columns
    counts = ds.frame[ds.target].value_counts()
    assert len(counts) == 2 and counts.min() < counts.max()
    features = ds.frame.drop(columns=ds.target)
    assert all(np.issubdtype(dt, np.number) for dt in features.dtypes)
    assert not features.isna().any().any()
    assert ds.description


@pytest.mark.parametrize("name", TOYS)
def test_toys_are_2d_deterministic_and_follow_the_imbalance(name):
    a, b = load_builtin(name, seed=3), load_builtin(name, seed=3)
    assert a.frame.equals(b.frame) and a.is_toy and list(a.frame.columns) == ["x1", "x2", "class"]
    assert not a.frame.equals(load_builtin(name, seed=4).frame)
    share = lambda ds: (ds.frame["class"] == "minority").mean()  # noqa: E731
    assert share(load_builtin(name, imbalance=0.05)) < share(load_builtin(name, imbalance=0.2))
    assert abs(share(load_builtin(name, imbalance=0.2)) - 0.2) < 0.05


def test_real_datasets_keep_their_feature_names_and_minority():
    bc = load_builtin("breast_cancer")
    assert "mean radius" in bc.frame.columns and (bc.frame["class"] == "malignant").sum() == 212
    wine = load_builtin("wine")
    assert wine.frame.shape == (178, 14)
    digits = load_builtin("digits")
    assert (digits.frame["class"] == "eight").sum() == 174 and digits.frame.shape[1] == 65


def test_choices_start_with_the_default_and_unknown_names_are_refused():
    assert dataset_choices()[0][0] == "moons"
    with pytest.raises(SmoteError, match="no built-in dataset 'iris'.*moons"):
        load_builtin("iris")
    with pytest.raises(SmoteError, match="imbalance"):
        load_builtin("moons", imbalance=0.9)
