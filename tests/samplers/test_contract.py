"""The contract every sampler of the registry keeps, checked for each record of ``SAMPLERS``.

A sampler added to :data:`smote_core.samplers.registry.SAMPLERS` is held to all of it without a line here (a record
with a choice parameter, e.g. Polynomial-fit SMOTE's topology, once per choice):

(a) a refit that fails leaves nothing of the last fit behind (no stale ``provenance_``);
(b) every synthetic row with a neighbour is ``X[parent] + gap · (X[neighbor] − X[parent])`` on the numeric columns
    (negative gaps too: SVM-SMOTE's extrapolation; a vector of gaps, one per feature, where the provenance has
    ``feature_gaps``: Safe-Level-SMOTE; inside its region where it has a ``radius``: Geometric SMOTE), every voted
    category is one of its voters', and a row without a neighbour row is what its ``kind`` says (Polynomial-fit
    SMOTE: ``to_mean``, toward its class's mean; ``curve``, on the fitted curve, with no parent at all);
(c) the same seed gives the same output, bit for bit (and another seed other rows, unless the sampler's rows are
    documented not to depend on it here: :data:`SEED_FREE`);
(d) scikit-learn's ``clone``, ``get_params`` and ``set_params`` work, and ``__init__`` only stores parameters; k
    reaches the sampler's k keyword, or is ignored by a record that takes none;
(e) a DataFrame and a Series come back as a DataFrame and a Series with the same columns, dtypes and name;
(f) each class grows by ``sampling_strategy_`` (cleaners: before cleaning; ADASYN: by its per-sample counts).
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, clone

from parity import assert_same
from smote_core import SmoteError
from smote_core.samplers.registry import SAMPLERS
from smote_core.sampling import class_counts

CLASSES = (2, 3)

#: Samplers whose per-class totals are rounded per sample (documented), with the attribute holding the counts made.
ROUNDED_COUNTS = {"adasyn": "n_generated_per_sample_"}


def _cases() -> dict:
    """``{case: (key, choices)}``: every record once, and a record with a choice parameter once per choice."""
    cases = {}
    for key, record in SAMPLERS.items():
        choice = next((p for p in record.params if p.is_choice), None)
        if choice is None:
            cases[key] = (key, ())
        else:
            cases.update({f"{key}[{value}]": (key, ((choice.argument, value),)) for value in choice.choices})
    return cases


CASES = _cases()
KEYS = list(CASES)

#: Cases whose rows do not depend on the seed on the contract's data (documented): Polynomial-fit SMOTE's star puts
#: the same rows on every link when a class's new rows are a multiple of its links (40 on 20, 45 on 15 here).
SEED_FREE = {"polynom_fit[star]"}


# --------------------------------------------------------------------------------------------------------------
# Data and running
# --------------------------------------------------------------------------------------------------------------


@functools.cache
def dataset(categories, n_classes, as_frame):
    """Overlapping classes of 60, 20 (and 15) rows: numbers, numbers + string categories, or string categories only.

    Returns ``(X, y)``: numpy arrays for numeric data unless ``as_frame``; a DataFrame and a named Series otherwise.
    """
    rng = np.random.RandomState(0)
    sizes = [60, 20, 15][:n_classes]
    centers = [(0.0, 0.0), (1.6, 0.8), (-0.8, 1.3)]
    X = np.vstack([rng.normal(center, 1.0, (size, 2)) for center, size in zip(centers, sizes)])
    y = np.repeat(np.arange(n_classes), sizes)
    # Categories that lean towards a class, so that neighbours and votes mean something.
    colour = np.where(rng.uniform(size=len(y)) < 0.6, np.array(["red", "green", "blue"])[y],
                      rng.choice(["red", "green", "blue"], size=len(y)))
    shape = rng.choice(["round", "square"], size=len(y), p=[0.7, 0.3])
    size = np.where(X[:, 0] > 0.5, "large", "small")
    if categories is None and not as_frame:
        return X, y
    columns = {"x0": X[:, 0], "x1": X[:, 1]}
    if categories == "mixed":
        columns.update(colour=colour, shape=shape)
    elif categories == "only":
        columns = {"colour": colour, "shape": shape, "size": size}
    return pd.DataFrame(columns), pd.Series(y, name="label")


def record_of(case):
    return SAMPLERS[CASES[case][0]]


def build(case, **params):
    """``record.build(k=3, …)`` with the case's choice, plus ``categorical_features="auto"`` for a sampler that
    cannot do without it."""
    record = record_of(case)
    required = [p.name for p in inspect.signature(record.cls).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD]
    if "categorical_features" in required:
        params.setdefault("categorical_features", "auto")
    return record.build(3, **{"sampling_strategy": "auto", "random_state": 0, **dict(CASES[case][1]), **params})


@functools.cache
def resampled(key, n_classes, as_frame):
    """One fit_resample per (case, data), shared by the tests that only read it."""
    X, y = dataset(record_of(key).categories, n_classes, as_frame)
    sampler = build(key)
    X_res, y_res = sampler.fit_resample(X, y)
    return sampler, X, y, X_res, y_res


def synthetic_positions(sampler, n):
    """Where each provenance row's synthetic sample is in X_resampled: after the originals, or ``row`` (cleaners)."""
    prov = sampler.provenance_
    if "row" in prov.columns:
        return prov["row"].to_numpy()
    return n + np.arange(len(prov))


def numeric_part(X):
    if isinstance(X, pd.DataFrame):
        return X.select_dtypes("number").to_numpy(dtype=np.float64)
    return np.asarray(X, dtype=np.float64)


def fitted_attributes(sampler):
    return {a: v for a, v in vars(sampler).items() if a.endswith("_") and not a.startswith("_")}


# --------------------------------------------------------------------------------------------------------------
# (a) A failed refit leaves nothing behind
# --------------------------------------------------------------------------------------------------------------


def _with_nan(X):
    X = X.copy()
    if isinstance(X, pd.DataFrame):
        X.iloc[5, 0] = np.nan
    else:
        X[5, 0] = np.nan
    return X


def _relabel(y, labels):
    return pd.Series(labels, name=y.name) if isinstance(y, pd.Series) else labels


BAD_INPUTS = {
    "nan in X": lambda X, y: (_with_nan(X), y),
    "one class": lambda X, y: (X, _relabel(y, np.zeros(len(y), dtype=np.int64))),
    "a class of one sample": lambda X, y: (X, _relabel(y, (np.arange(len(y)) == 70).astype(np.int64))),
}


@pytest.mark.parametrize("bad", list(BAD_INPUTS))
@pytest.mark.parametrize("key", KEYS)
def test_a_failed_refit_leaves_no_stale_provenance_or_fitted_state(key, bad):
    """Regression: SMOTENC/SMOTEN and SMOTETomek/SMOTEENN kept the last run's provenance_ after a failed refit."""
    record = record_of(key)
    X, y = dataset(record.categories, 2, record.categories is not None)
    sampler = build(key)
    sampler.fit_resample(X, y)
    first = fitted_attributes(sampler)
    assert "provenance_" in first and len(sampler.provenance_) > 0
    # Mark every attribute of the first fit, so that one left behind is recognised whatever its value.
    marks = {name: object() for name in first}
    for name, mark in marks.items():
        setattr(sampler, name, mark)
    with pytest.raises(SmoteError):
        sampler.fit_resample(*BAD_INPUTS[bad](X, y))
    assert not hasattr(sampler, "provenance_")
    left = [name for name, mark in marks.items() if getattr(sampler, name, None) is mark]
    assert not left, f"{key} kept {left} of the first fit after a failed refit"


@pytest.mark.parametrize("key", KEYS)
def test_fit_after_fit_resample_keeps_no_provenance(key):
    record = record_of(key)
    X, y = dataset(record.categories, 2, record.categories is not None)
    sampler = build(key)
    sampler.fit_resample(X, y)
    assert sampler.fit(X, y) is sampler
    assert not hasattr(sampler, "provenance_")
    assert dict(sampler.sampling_strategy_) == {1: 40}


# --------------------------------------------------------------------------------------------------------------
# (b) Provenance explains every synthetic row
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_classes", CLASSES)
@pytest.mark.parametrize("key", KEYS)
def test_every_synthetic_row_is_its_provenance_formula(key, n_classes):
    record = record_of(key)
    for as_frame in sorted({record.categories is not None, True}):
        sampler, X, y, X_res, y_res = resampled(key, n_classes, as_frame)
        prov = sampler.provenance_
        y_arr, y_res_arr = np.asarray(y), np.asarray(y_res)
        rows = synthetic_positions(sampler, len(y_arr))
        assert len(prov) > 0
        assert len(np.unique(rows)) == len(rows) and np.all(rows >= 0) and np.all(rows < len(y_res_arr))
        assert prov["parent"].dtype == prov["neighbor"].dtype == np.int64 and prov["gap"].dtype == np.float64
        assert np.array_equal(y_res_arr[rows], prov["class"].to_numpy())
        parents, neighbors, gaps = (prov[c].to_numpy() for c in ("parent", "neighbor", "gap"))
        kinds = prov["kind"].to_numpy() if "kind" in prov.columns else np.full(len(prov), "pair", dtype=object)
        assert set(kinds) <= {"pair", "to_mean", "curve"}
        has_parent = parents >= 0
        assert np.array_equal(has_parent, kinds != "curve"), "only a row on a fitted curve has no parent"
        assert np.array_equal(y_arr[parents[has_parent]], prov["class"].to_numpy()[has_parent])
        X_num, X_res_num = numeric_part(X), numeric_part(X_res)
        without_pair = kinds != "pair"
        if without_pair.any():  # toward the class mean, or on the fitted curve: never a made-up neighbour
            assert (neighbors[without_pair] == -1).all()
            assert_without_pair(sampler, X_num, y_arr, X_res_num[rows[without_pair]], prov[without_pair])

        # A row is made from a neighbour (a gap along the segment) or by voters (categories only), or both.
        paired = neighbors >= 0
        assert np.all(paired | ("voters" in prov.columns) | without_pair)
        assert np.isnan(gaps[~paired & (kinds != "to_mean")]).all()
        # Neighbours are of the class, unless the provenance says otherwise (Borderline-SMOTE 2).
        other = prov["neighbor_other_class"].to_numpy() if "neighbor_other_class" in prov else np.zeros(len(prov), bool)
        assert np.array_equal(y_arr[neighbors[paired]] != prov["class"].to_numpy()[paired], other[paired])
        if X_num.shape[1] and not without_pair.all():
            assert paired.any()
            p, nb, g = parents[paired], neighbors[paired], gaps[paired][:, None]
            if "feature_gaps" in prov.columns:  # Safe-Level-SMOTE: one gap per feature, and no single λ
                assert np.isnan(gaps).all()
                g = np.vstack(prov["feature_gaps"].to_numpy()[paired])
                assert g.shape == (paired.sum(), X_num.shape[1]) and np.all((g >= 0) & (g <= 1))
            if "radius" in prov.columns:  # Geometric SMOTE: inside the region around the parent, not on a segment
                assert np.isnan(gaps).all()
                assert_in_geometric_region(sampler, X_num[p], X_num[nb], X_res_num[rows[paired]],
                                           prov["radius"].to_numpy()[paired])
                continue
            assert np.allclose(X_res_num[rows[paired]], X_num[p] + g * (X_num[nb] - X_num[p]), rtol=1e-12, atol=1e-12)
        if "extrapolated" in prov.columns:  # SVM-SMOTE: extrapolated rows step away from their neighbour
            extrapolated = prov["extrapolated"].to_numpy()
            assert extrapolated.any() and (~extrapolated).any()
            assert np.all(gaps[extrapolated] <= 0) and np.all(gaps[~extrapolated] >= 0)

        if "voters" in prov.columns:  # every voted category is one of its voters'
            categorical = [c for c in X.columns if not pd.api.types.is_numeric_dtype(X[c])]
            assert categorical
            for i, (row, voters) in enumerate(zip(rows, prov["voters"])):
                assert len(voters) > 0 and np.all(y_arr[voters] == prov["class"].iloc[i])
                for col in categorical:
                    assert X_res[col].iloc[row] in set(X[col].iloc[voters])


def assert_without_pair(sampler, X, y, points, prov):
    """Rows without a neighbour row are what their ``kind`` says: ``to_mean`` is ``X[parent] + gap · (mean of the
    class − X[parent])`` with the sampler's ``centers_`` that mean; ``curve`` is each feature's fitted polynomial
    (``curves_``) at ``position`` — no parent, no gap."""
    for c in pd.unique(prov["class"]):
        assert np.allclose(sampler.centers_[c], X[y == c].mean(axis=0), rtol=1e-12, atol=1e-12)
    for point, row in zip(points, prov.itertuples()):
        c = row._4  # the "class" column
        if row.kind == "to_mean":
            assert 0 < row.gap < 1 and np.isnan(row.position)
            expected = X[row.parent] + row.gap * (X[y == c].mean(axis=0) - X[row.parent])
        else:
            assert row.kind == "curve" and row.parent == -1 and np.isnan(row.gap)
            expected = [np.polyval(coef, row.position) for coef in sampler.curves_[c]]
        assert np.allclose(point, expected, rtol=1e-10, atol=1e-10)


def assert_in_geometric_region(sampler, centers, surfaces, points, radii):
    """Every point is inside the sphere of its centre through its surface point, truncated and deformed as the
    sampler's ``truncation_factor`` t and ``deformation_factor`` δ say (GeometricSMOTE's provenance_)."""
    t, delta = sampler.truncation_factor, sampler.deformation_factor
    assert np.allclose(radii, np.linalg.norm(surfaces - centers, axis=1))
    moved = radii > 0
    e = (surfaces - centers)[moved] / radii[moved, None]
    u = (points - centers)[moved] / radii[moved, None]
    along = np.sum(u * e, axis=1)
    across = np.linalg.norm(u - along[:, None] * e, axis=1)
    eps = 1e-9
    if delta == 1:
        assert np.all(across <= eps)
    else:
        assert np.all(along**2 + (across / (1 - delta)) ** 2 <= 1 + eps)
    if t > 0:
        assert np.all(along >= t - 1 - eps)
    elif t < 0:
        assert np.all(along <= t + 1 + eps)
    assert np.allclose(points[~moved], centers[~moved])


# --------------------------------------------------------------------------------------------------------------
# (c) Same seed, same output
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_the_same_seed_gives_the_same_output_bit_for_bit(key):
    record = record_of(key)
    X, y = dataset(record.categories, 3, record.categories is not None)

    def run(seed):
        sampler = build(key, random_state=seed)
        X_res, y_res = sampler.fit_resample(X, y)
        return X_res, y_res, sampler.provenance_

    first, again, other = run(7), run(7), run(8)
    assert_same(again[0], first[0])
    assert_same(again[1], first[1])
    pd.testing.assert_frame_equal(again[2], first[2])
    if key in SEED_FREE:  # documented: nothing is left to chance on this data
        assert_same(other[0], first[0])
    else:
        assert not other[2].equals(first[2]), "another seed gave the same rows: is random_state used?"


# --------------------------------------------------------------------------------------------------------------
# (d) scikit-learn's estimator protocol
# --------------------------------------------------------------------------------------------------------------


def _same_params(a: dict, b: dict) -> bool:
    if a.keys() != b.keys():
        return False
    for name, value in a.items():
        other = b[name]
        if isinstance(value, BaseEstimator):
            if type(value) is not type(other) or not _same_params(value.get_params(deep=False),
                                                                  other.get_params(deep=False)):
                return False
        elif not (value is other or value == other):
            return False
    return True


@pytest.mark.parametrize("key", KEYS)
def test_clone_get_params_and_set_params(key):
    record = record_of(key)
    X, y = dataset(record.categories, 2, record.categories is not None)
    sampler = build(key)
    params = sampler.get_params(deep=False)
    assert set(vars(sampler)) == set(params), "__init__ must store its parameters and nothing else"
    deep = sampler.get_params()
    k_name = "smote__k_neighbors" if record.wraps_smote else record.k_argument
    assert deep["random_state"] == 0 and deep["sampling_strategy"] == "auto"
    if k_name is None:  # takes no k: the app's k is ignored, not passed under some other name
        assert not record.takes_k and 3 not in params.values()
        assert record.build(7, random_state=0).get_params() == record.build(3, random_state=0).get_params()
    else:
        assert record.takes_k and deep[k_name] == 3

    sampler.fit_resample(X, y)
    copy = clone(sampler)
    assert not fitted_attributes(copy), "clone must not carry fitted state"
    assert _same_params(copy.get_params(deep=False), params)
    assert_same(copy.fit_resample(X, y)[0], sampler.fit_resample(X, y)[0])

    assert copy.set_params(random_state=5) is copy and copy.get_params()["random_state"] == 5
    assert copy.set_params(**params) is copy and _same_params(copy.get_params(deep=False), params)
    assert_same(copy.fit_resample(X, y)[0], sampler.fit_resample(X, y)[0])
    if k_name is not None:
        changed = copy.set_params(**{k_name: 2})
        assert changed.get_params()[k_name] == 2


# --------------------------------------------------------------------------------------------------------------
# (e) pandas in, pandas out
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_a_dataframe_and_series_come_back_as_such(key):
    sampler, X, y, X_res, y_res = resampled(key, 2, True)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X.columns)
    assert X_res.dtypes.equals(X.dtypes)
    assert y_res.name == y.name and y_res.dtype == y.dtype
    assert len(X_res) == len(y_res)
    assert list(sampler.feature_names_in_) == list(X.columns) and sampler.n_features_in_ == X.shape[1]
    if record_of(key).categories is None:  # numbers in an array come back as an array
        sampler_np, _, _, X_np, y_np = resampled(key, 2, False)
        assert isinstance(X_np, np.ndarray) and isinstance(y_np, np.ndarray)
        assert np.array_equal(X_np, X_res.to_numpy()) and np.array_equal(y_np, y_res.to_numpy())
        assert not hasattr(sampler_np, "feature_names_in_")


# --------------------------------------------------------------------------------------------------------------
# (f) The number of rows made
# --------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n_classes", CLASSES)
@pytest.mark.parametrize("key", KEYS)
def test_each_class_grows_by_its_sampling_strategy(key, n_classes):
    record = record_of(key)
    sampler, X, y, X_res, y_res = resampled(key, n_classes, record.categories is not None)
    before, after = class_counts(np.asarray(y)), class_counts(np.asarray(y_res))
    wanted = dict(sampler.sampling_strategy_)
    assert wanted == {c: 60 - n for c, n in before.items() if c != 0}
    synthetic = class_counts(sampler.provenance_["class"].to_numpy())
    if record.wraps_smote:  # the over-sampler makes exactly that many; then the cleaner removes rows of any kind
        removed = sampler.removed_
        assert class_counts(sampler.smote_.provenance_["class"].to_numpy()) == wanted
        assert len(removed) > 0
        for c in before:
            gone = removed[removed["class"] == c]
            assert after.get(c, 0) == before[c] + wanted.get(c, 0) - len(gone)
            assert synthetic.get(c, 0) == wanted.get(c, 0) - int((gone["source"] == "synthetic").sum())
        return
    grown = {c: after[c] - before[c] for c in before if after[c] != before[c]}
    assert synthetic == grown
    if key in ROUNDED_COUNTS:  # documented: the total is rounded per sample
        made = getattr(sampler, ROUNDED_COUNTS[key])
        assert grown == {c: int(counts.sum()) for c, counts in made.items()}
    else:
        assert grown == wanted
