"""Built-in datasets: deterministic, imbalanced as asked, real feature names, no downloads."""

import numpy as np
import pandas as pd
import pytest

from smote_core import SmoteError
from smote_core.data.datasets import BUILTIN, Dataset, dataset_choices, load_builtin

TOYS = ["moons", "blobs", "circles", "overlap"]
REAL = ["breast_cancer", "wine", "digits", "shapes", "diabetes"]
MIXED = {"shapes": ("colour", "size"), "diabetes": ("sex",)}


def minority(ds):
    return ds.frame[ds.frame[ds.target] == "minority"]


@pytest.mark.parametrize("name", list(BUILTIN))
def test_every_builtin_loads_as_a_two_class_table(name):
    ds = load_builtin(name)
    info = BUILTIN[name]
    assert isinstance(ds, Dataset)
    assert (ds.name, ds.title, ds.description, ds.is_toy) == (name, info.title, info.description, info.is_toy)
    assert ds.target == "class" and list(ds.frame.columns)[-1] == "class"
    assert ds.features == [c for c in ds.frame.columns if c != "class"]
    counts = ds.frame[ds.target].value_counts()
    assert len(counts) == 2 and counts.min() < counts.max()
    assert ds.categorical == MIXED.get(name, ())
    X = ds.frame[[f for f in ds.features if f not in ds.categorical]]
    assert all(pd.api.types.is_float_dtype(dt) for dt in X.dtypes)
    assert np.isfinite(X.to_numpy()).all()
    for c in ds.categorical:  # categories as text, a few of them, every one used by several rows
        values = ds.frame[c]
        assert values.map(type).eq(str).all() and 2 <= values.nunique() <= 5 and values.value_counts().min() >= 5
    assert ds.frame.index.equals(pd.RangeIndex(len(ds.frame)))
    assert 20 < len(ds.description) < 300 and ds.description.endswith(".")


def test_names_titles_and_choices():
    assert list(BUILTIN) == TOYS + REAL
    assert dataset_choices() == [(n, BUILTIN[n].title) for n in BUILTIN]
    assert dataset_choices()[0] == ("moons", "Two moons (2-D toy)")
    assert len({t for _, t in dataset_choices()}) == len(BUILTIN)  # titles tell the datasets apart
    assert all(BUILTIN[n].is_toy and BUILTIN[n].noise for n in TOYS)
    assert not any(BUILTIN[n].is_toy or BUILTIN[n].noise for n in REAL)


@pytest.mark.parametrize("name", TOYS)
def test_toys_are_small_2d_and_deterministic(name):
    a, b = load_builtin(name, seed=3), load_builtin(name, seed=3)
    pd.testing.assert_frame_equal(a.frame, b.frame)
    assert a.is_toy and list(a.frame.columns) == ["x1", "x2", "class"]
    assert set(a.frame["class"]) == {"majority", "minority"}
    assert not a.frame.equals(load_builtin(name, seed=4).frame)
    default = load_builtin(name)
    assert 300 <= len(default.frame) <= 500  # small enough to open instantly
    share = len(minority(default)) / len(default.frame)
    assert 0.08 <= share <= 0.12  # default imbalance about 0.1: SMOTE has work to do


@pytest.mark.parametrize("name", TOYS)
def test_imbalance_thins_only_the_minority_and_nests(name):
    ds = {s: load_builtin(name, imbalance=s, seed=1) for s in (0.05, 0.1, 0.25, 0.5)}
    n_min = [len(minority(ds[s])) for s in sorted(ds)]
    assert n_min == sorted(n_min) and len(set(n_min)) == 4
    majority = [d.frame[d.frame["class"] == "majority"].reset_index(drop=True) for d in ds.values()]
    for m in majority[1:]:
        pd.testing.assert_frame_equal(m, majority[0])  # the majority never changes
    n_maj = len(majority[0])
    if name != "overlap":  # the generators are balanced: exactly the share asked for
        assert n_maj == 300
        assert n_min == [round(300 * s / (1 - s)) for s in (0.05, 0.1, 0.25, 0.5)]
    # For one seed, a smaller share keeps a subset of the minority points a larger one keeps.
    points = [set(map(tuple, minority(ds[s])[["x1", "x2"]].to_numpy())) for s in sorted(ds)]
    assert all(small <= large for small, large in zip(points, points[1:]))


def test_overlap_minority_includes_mislabelled_points_from_the_majority_cloud():
    clean = load_builtin("overlap", noise=0.0, imbalance=0.3)
    noisy = load_builtin("overlap", noise=0.3, imbalance=0.3)
    # The minority cloud is centred at (1.2, 0.8); flipped labels pull the minority's mean towards (0, 0).
    assert minority(clean)[["x1", "x2"]].mean().round(0).tolist() == [1.0, 1.0]
    assert minority(noisy)["x1"].mean() < minority(clean)["x1"].mean() - 0.2


@pytest.mark.parametrize("name", TOYS)
def test_n_samples_and_noise(name):
    small = load_builtin(name, n_samples=100)
    assert len(small.frame[small.frame["class"] == "majority"]) in range(45, 56)
    assert not load_builtin(name, noise=0.2).frame.equals(load_builtin(name, noise=0.3).frame)


def test_real_datasets_keep_their_feature_names_and_minority():
    bc = load_builtin("breast_cancer")
    assert bc.frame.shape == (569, 31) and bc.features[:2] == ["mean radius", "mean texture"]
    assert bc.frame["class"].value_counts().to_dict() == {"benign": 357, "malignant": 212}
    wine = load_builtin("wine")
    assert wine.frame.shape == (178, 14) and "alcohol" in wine.features and "proline" in wine.features
    assert wine.frame["class"].value_counts().to_dict() == {"rest": 130, "cultivar_2": 48}  # the smallest class
    digits = load_builtin("digits")
    assert digits.frame.shape == (1797, 65) and digits.features[0] == "pixel_0_0"
    assert digits.frame["class"].value_counts().to_dict() == {"other": 1623, "eight": 174}
    # sklearn codes malignant as 0: check the mapping against the raw data, not just the counts.
    from sklearn.datasets import load_breast_cancer

    raw = load_breast_cancer()
    assert np.array_equal(bc.frame["class"].to_numpy() == "malignant", raw.target == 0)
    assert np.array_equal(bc.frame[bc.features].to_numpy(), raw.data)


def test_real_datasets_can_be_thinned_but_not_enriched():
    thin = load_builtin("breast_cancer", imbalance=0.1, seed=5)
    counts = thin.frame["class"].value_counts().to_dict()
    assert counts == {"benign": 357, "malignant": round(357 * 0.1 / 0.9)}
    assert thin.frame.equals(load_builtin("breast_cancer", imbalance=0.1, seed=5).frame)
    assert not thin.frame.equals(load_builtin("breast_cancer", imbalance=0.1, seed=6).frame)
    assert thin.frame.index.equals(pd.RangeIndex(len(thin.frame)))
    with pytest.raises(SmoteError, match=r"'digits' has: its minority \('eight'\) is 9.7% .*up to 0.096"):
        load_builtin("digits", imbalance=0.2)


@pytest.mark.parametrize(
    "name, kwargs, message",
    [
        ("iris", {}, r"no built-in dataset 'iris'; choose one of moons, blobs, circles, overlap, breast_cancer, "
                     r"wine, digits, shapes, diabetes\."),
        (None, {}, "no built-in dataset None"),
        ("moons", {"imbalance": 0.9}, r"imbalance=0.9 is not a share between 0 and 0.5"),
        ("moons", {"imbalance": 0}, "imbalance=0 is not a share"),
        ("moons", {"imbalance": float("nan")}, "imbalance=nan is not a share"),
        ("moons", {"imbalance": True}, "imbalance=True is not a share"),
        ("moons", {"seed": -1}, "seed=-1 is not usable: give a whole number from 0"),
        ("moons", {"seed": 1.5}, "seed=1.5 is not usable"),
        ("moons", {"n_samples": 5}, "n_samples=5 is outside 20 to 100,000"),
        ("moons", {"n_samples": 50.5}, "n_samples=50.5 is not a whole number"),
        ("moons", {"noise": -0.1}, r"noise=-0.1 is outside 0 to 10 for 'moons': it is the standard deviation"),
        ("overlap", {"noise": 0.7}, r"noise=0.7 is outside 0 to 0.5 for 'overlap': it is the share of labels"),
        ("wine", {"noise": 0.1}, r"noise only apply to the generated 2-D toys, not to the real table 'wine'"),
        ("digits", {"n_samples": 100, "noise": 0.1}, "n_samples and noise only apply"),
    ],
)
def test_bad_arguments_are_refused_with_a_reason(name, kwargs, message):
    with pytest.raises(SmoteError, match=message):
        load_builtin(name, **kwargs)


def test_shapes_categories_carry_class_signal_and_follow_the_seed():
    ds = load_builtin("shapes")
    share_red = ds.frame.groupby("class")["colour"].apply(lambda c: (c == "red").mean())
    assert share_red["minority"] > 0.5 > share_red["majority"]  # colour tells the classes apart, as described
    assert 0.08 <= len(minority(ds)) / len(ds.frame) <= 0.12
    pd.testing.assert_frame_equal(ds.frame, load_builtin("shapes").frame)
    assert not ds.frame.equals(load_builtin("shapes", seed=1).frame)
    assert len(minority(load_builtin("shapes", imbalance=0.3))) > len(minority(ds))

