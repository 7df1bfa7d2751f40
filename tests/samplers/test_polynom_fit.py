"""PolynomFitSMOTE: each topology's rows where its provenance says (toward the mean, along the row chain, between
pairs, on the fitted curve), evenly shared over the links, the estimator checks, and smote-variants' four samplers.

The registry's record (``polynom_fit``, which takes no k) is held to the shared contract once per topology
(tests/samplers/test_contract.py); this file checks what is particular to each topology."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from imblearn.utils import estimator_checks as imblearn_checks
from oracles import DATASETS, SEEDS, minority_f1, noise, smote_variants, split
from sklearn.utils import estimator_checks as sklearn_checks

from smote_core import PolynomFitSMOTE, SmoteError
from smote_core.samplers.polynom_fit import TOPOLOGIES, mesh_pair


@functools.cache
def blobs(n_classes=2):
    rng = np.random.RandomState(8)
    sizes = [60, 12, 9][:n_classes]
    centers = [(0, 0, 0), (2, 1, 0), (-1, 2, 1)]
    X = np.vstack([rng.normal(c, 1.0, (n, 3)) for c, n in zip(centers, sizes)])
    return X, np.repeat(np.arange(n_classes), sizes)


def explained(sampler, X, y, X_res):
    """Every new row recomputed from its provenance alone (and the fitted centres and curves)."""
    prov = sampler.provenance_
    out = np.empty((len(prov), X.shape[1]))
    for i, row in enumerate(prov.itertuples()):
        if row.kind == "pair":
            out[i] = X[row.parent] + row.gap * (X[row.neighbor] - X[row.parent])
        elif row.kind == "to_mean":
            out[i] = X[row.parent] + row.gap * (sampler.centers_[row._4] - X[row.parent])
        else:
            out[i] = [np.polyval(coef, row.position) for coef in sampler.curves_[row._4]]
    return np.allclose(X_res[len(y):], out, rtol=0, atol=1e-10)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("topology", TOPOLOGIES)
def test_every_row_is_where_its_provenance_says(topology, n_classes):
    X, y = blobs(n_classes)
    sampler = PolynomFitSMOTE(topology=topology, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    prov = sampler.provenance_
    assert np.array_equal(np.bincount(y_res), [60] * n_classes)
    assert explained(sampler, X, y, X_res)
    kind = {"star": "to_mean", "bus": "pair", "mesh": "pair", "polynomial": "curve"}[topology]
    assert set(prov["kind"]) == {kind}
    if kind == "curve":  # no pair: said so, not faked
        assert (prov["parent"] == -1).all() and (prov["neighbor"] == -1).all() and prov["gap"].isna().all()
    else:
        assert np.all(y[prov["parent"]] == prov["class"]) and prov["position"].isna().all()
        assert ((prov["neighbor"] == -1) == (kind == "to_mean")).all()
    for c in range(1, n_classes):
        assert np.allclose(sampler.centers_[c], X[y == c].mean(axis=0))


@pytest.mark.parametrize("topology", ["star", "bus", "mesh"])
def test_rows_are_shared_evenly_over_the_links_and_evenly_spaced(topology):
    X, y = blobs()
    members = np.flatnonzero(y == 1)
    n = len(members)
    sampler = PolynomFitSMOTE(topology=topology, random_state=1)
    sampler.fit_resample(X, y)
    prov = sampler.provenance_
    links = list(zip(prov["parent"], prov["neighbor"]))
    n_links = {"star": n, "bus": n - 1, "mesh": n * (n - 1) // 2}[topology]
    counts = pd.Series(links).value_counts()
    if 48 >= n_links:
        assert len(counts) == n_links and counts.max() - counts.min() <= 1
    else:  # fewer rows than links: distinct links, one row each, at the midpoint
        assert counts.max() == 1 and np.allclose(prov["gap"], 0.5)
    for (_, _), gaps in prov.groupby(["parent", "neighbor"])["gap"]:
        m = len(gaps)
        assert np.allclose(np.sort(gaps), np.arange(1, m + 1) / (m + 1))
    if topology == "bus":  # each row of the class to the next one (in the order of X)
        nxt = dict(zip(members[:-1], members[1:]))
        assert all(nxt[p] == nb for p, nb in links)
    if topology == "mesh":
        assert all(p < nb for p, nb in links)


def test_mesh_pairs_are_numbered_in_order():
    i, j = mesh_pair(np.arange(10), 5)
    assert list(zip(i, j)) == [(a, b) for a in range(5) for b in range(a + 1, 5)]


def test_the_polynomial_is_fitted_along_the_class():
    X, y = blobs()
    sampler = PolynomFitSMOTE(topology="polynomial", degree=3, random_state=2)
    X_res, _ = sampler.fit_resample(X, y)
    order = sampler.order_[1]
    assert np.array_equal(np.sort(order), np.flatnonzero(y == 1))
    assert np.all(np.diff(X[order].mean(axis=1)) >= 0)
    t = np.arange(len(order))
    assert np.allclose(sampler.curves_[1], [np.polyfit(t, X[order, j], 3) for j in range(3)])
    positions = sampler.provenance_["position"].to_numpy()
    assert positions.min() >= 0 and positions.max() <= len(order) - 1 and positions.std() > 2


def test_without_a_remainder_star_bus_and_mesh_do_not_depend_on_the_seed():
    X, y = blobs()
    X = X[:72]  # 12 minority rows; 48 new: 4 per star link
    a = PolynomFitSMOTE(topology="star", random_state=0).fit_resample(X, y)[0]
    b = PolynomFitSMOTE(topology="star", random_state=9).fit_resample(X, y)[0]
    assert np.array_equal(a, b)
    c = PolynomFitSMOTE(topology="polynomial", random_state=9).fit_resample(X, y)[0]
    d = PolynomFitSMOTE(topology="polynomial", random_state=0).fit_resample(X, y)[0]
    assert not np.array_equal(c, d)


def test_errors_say_what_to_do():
    X, y = blobs()
    with pytest.raises(SmoteError, match="topology='ring' is not known"):
        PolynomFitSMOTE(topology="ring").fit_resample(X, y)
    with pytest.raises(SmoteError, match="class 1 has 12 samples: .*degree=12 .* use degree ≤ 11"):
        PolynomFitSMOTE(topology="polynomial", degree=12).fit_resample(X, y)
    y1 = np.where(np.arange(len(y)) == 60, 1, 0)
    with pytest.raises(SmoteError, match="class 1 has 1 sample: every new row is made from at least two"):
        PolynomFitSMOTE().fit_resample(X, y1)


def test_pandas_in_pandas_out_and_integers_stay_integers():
    X, y = blobs()
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).astype({"c": np.int64})
    X_res, y_res = PolynomFitSMOTE(topology="mesh", random_state=0).fit_resample(frame, pd.Series(y, name="t"))
    assert list(X_res.columns) == ["a", "b", "c"] and X_res.dtypes.equals(frame.dtypes) and y_res.name == "t"


@sklearn_checks.parametrize_with_checks([PolynomFitSMOTE(topology=t, random_state=0) for t in TOPOLOGIES])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


_IMBLEARN = imblearn_checks.parametrize_with_checks([PolynomFitSMOTE(topology=t, random_state=0)
                                                     for t in ("star", "polynomial")])


@pytest.mark.parametrize(*_IMBLEARN.args[:1], list(_IMBLEARN.args[1]), **_IMBLEARN.kwargs)
def test_imbalanced_learn_sampler_checks(estimator, check):
    check(estimator)


# ---------------------------------------------------------------------------------------------------- the oracle


@pytest.mark.parametrize("topology, theirs", [("star", "polynom_fit_SMOTE_star"), ("bus", "polynom_fit_SMOTE_bus"),
                                              ("mesh", "polynom_fit_SMOTE_mesh"),
                                              ("polynomial", "polynom_fit_SMOTE_poly")])
def test_minority_f1_agrees_with_smote_variants(topology, theirs):
    """Counts: ours are exactly those asked for; smote-variants' star and bus make round(G/n) per link (see Notes),
    its mesh and polynomial agree exactly. Minority F1 within noise on every dataset."""
    sv_class = getattr(smote_variants(), theirs)
    for name in DATASETS:
        ours, other = [], []
        for seed in SEEDS[:3]:
            X_train, X_test, y_train, y_test = split(name, seed)
            X_a, y_a = PolynomFitSMOTE(topology=topology, random_state=seed).fit_resample(X_train, y_train)
            X_b, y_b = sv_class(random_state=seed).sample(X_train, y_train)
            counts = np.bincount(y_train)
            assert np.bincount(y_a).tolist() == [counts.max()] * 2
            if topology in ("mesh", "polynomial"):
                assert np.bincount(y_b).tolist() == np.bincount(y_a).tolist()
            ours.append(minority_f1(X_a, y_a, X_test, y_test))
            other.append(minority_f1(X_b, y_b, X_test, y_test))
        assert abs(np.mean(ours) - np.mean(other)) <= noise(ours, other), (name, ours, other)
