"""Diagnostics: minority typology, intrusion, λ distribution, parent usage."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smote_core import SMOTE, SmoteError
from smote_core.analysis.diagnostics import (
    TYPES,
    _type_codes,
    gap_summary,
    intrusion,
    minority_typology,
    parent_usage,
    typology_counts,
    usage_summary,
)

RING = [(np.cos(a), np.sin(a)) for a in np.linspace(0, 2 * np.pi, 8, endpoint=False)]


def _known_typology():
    """Minority groups of 6, 3, 2 and 1 points, each far from the others; the small ones ringed by majority points.

    With k = 5: each point of the 6-group has 5 minority neighbours (safe), of the 3-group 2 (borderline), of the
    pair 1 (rare), and the lone point 0 (outlier).
    """
    X, y, expected = [], [], {}

    def minority(points, kind):
        for p in points:
            expected[len(X)] = kind
            X.append(p)
            y.append("min")

    def ring(cx):
        for dx, dy in RING:
            X.append((cx + dx, dy))
            y.append("maj")

    minority([(0, 0), (0, 0.1), (0.1, 0), (0.1, 0.1), (0.05, 0.05), (0.05, 0)], "safe")
    minority([(100, 0), (100, 0.1), (100.1, 0)], "borderline")
    ring(100)
    minority([(200, 0), (200, 0.1)], "rare")
    ring(200)
    minority([(300, 0)], "outlier")
    ring(300)
    ring(400)  # a majority cluster far away
    return np.array(X, dtype=float), np.array(y), expected


# --------------------------------------------------------------------------------------------------- typology


def test_typology_is_known_exactly_on_a_hand_built_data_set():
    X, y, expected = _known_typology()
    df = minority_typology(X, y)
    assert list(df.columns) == ["row", "class", "same_class_neighbours", "type"]
    assert df["row"].tolist() == sorted(expected)  # every minority sample, in the order of X
    assert (df["class"] == "min").all()
    assert dict(zip(df["row"], df["type"])) == expected
    same = dict(zip(df["row"], df["same_class_neighbours"]))
    assert {same[r] for r, t in expected.items() if t == "safe"} == {5}
    assert {same[r] for r, t in expected.items() if t == "borderline"} == {2}
    assert {same[r] for r, t in expected.items() if t == "rare"} == {1}
    assert {same[r] for r, t in expected.items() if t == "outlier"} == {0}


def test_typology_counts_has_all_four_types_even_when_zero():
    X, y, _ = _known_typology()
    counts = typology_counts(minority_typology(X, y))
    assert list(counts.columns) == list(TYPES)
    assert counts.loc["min"].tolist() == [6, 3, 2, 1]
    # only safe points: three columns stay, at zero
    Xs = np.vstack([np.random.RandomState(0).normal(0, 0.01, (8, 2)), np.random.RandomState(1).normal(50, 1, (20, 2))])
    ys = np.array([1] * 8 + [0] * 20)
    c = typology_counts(minority_typology(Xs, ys))
    assert c.to_dict("index") == {1: {"safe": 8, "borderline": 0, "rare": 0, "outlier": 0}}
    assert c.dtypes.eq(np.int64).all() and c.index.name == "class"


def test_lone_minority_point_among_majority_is_an_outlier():
    X = np.array([[0.0], [1], [2], [3], [4], [5], [2.1]])
    y = np.array([0, 0, 0, 0, 0, 0, 1])
    df = minority_typology(X, y)
    assert df.to_dict("records") == [{"row": 6, "class": 1, "same_class_neighbours": 0, "type": "outlier"}]


@pytest.mark.parametrize(
    "k, expected",
    [
        (5, ["outlier", "rare", "borderline", "borderline", "safe", "safe"]),
        (7, ["outlier", "rare", "rare", "borderline", "borderline", "safe", "safe", "safe"]),
        (10, ["outlier", "rare", "rare", "borderline", "borderline", "borderline", "borderline", "safe", "safe",
              "safe", "safe"]),
        (3, ["outlier", "borderline", "borderline", "safe"]),
        (1, ["outlier", "safe"]),
    ],
)
def test_type_thresholds_generalise_the_k5_proportions(k, expected):
    codes = _type_codes(np.arange(k + 1), k)
    assert [TYPES[c] for c in codes] == expected


def _brute_force_same(X, y, rows, k):
    d = ((X[rows][:, None, :] - X[None, :, :]) ** 2).sum(-1)
    d[np.arange(len(rows)), rows] = np.inf
    nearest = np.argsort(d, axis=1)[:, :k]
    return (y[nearest] == y[rows][:, None]).sum(1)


@settings(max_examples=25)
@given(seed=st.integers(0, 10_000), k=st.integers(1, 8), n_classes=st.integers(2, 4))
def test_typology_matches_a_brute_force_count(seed, k, n_classes):
    rng = np.random.RandomState(seed)
    n = 60
    X = rng.normal(size=(n, 3))  # continuous: no ties in distance
    y = rng.choice([f"c{i}" for i in range(n_classes)], size=n, p=np.r_[0.5, [0.5 / (n_classes - 1)] * (n_classes - 1)])
    if len(np.unique(y)) < 2:
        y[0] = "c1" if y[0] == "c0" else "c0"
    df = minority_typology(X, y, n_neighbors=k)
    counts = pd.Series(y).value_counts()
    majority = sorted(counts[counts == counts.max()].index)[0]
    assert set(df["class"]) == set(np.unique(y)) - {majority}
    rows = df["row"].to_numpy()
    assert np.array_equal(df["same_class_neighbours"].to_numpy(), _brute_force_same(X, y, rows, k))
    codes = _type_codes(df["same_class_neighbours"].to_numpy(), k)
    assert np.array_equal(df["type"].to_numpy(), np.asarray(TYPES)[codes])


def test_typology_for_chosen_classes_and_three_classes():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(90, 2))
    y = np.array(["a"] * 50 + ["b"] * 30 + ["c"] * 10)
    assert set(minority_typology(X, y)["class"]) == {"b", "c"}  # all but the majority
    assert set(minority_typology(X, y, classes="c")["class"]) == {"c"}
    assert len(minority_typology(X, y, classes=["a", "c"])) == 60
    df = minority_typology(pd.DataFrame(X, columns=["u", "v"]), pd.Series(y), classes=["b"])
    assert df["row"].tolist() == list(range(50, 80))


def test_typology_counts_duplicates_as_neighbours_but_not_the_sample_itself():
    # 7 copies of one minority point far from the majority: each has its 6 copies → 5 same-class neighbours
    X = np.vstack([np.zeros((7, 2)), np.full((10, 2), 50.0) + np.arange(10)[:, None]])
    y = np.array([1] * 7 + [0] * 10)
    df = minority_typology(X, y)
    assert df["same_class_neighbours"].tolist() == [5] * 7 and (df["type"] == "safe").all()
    # two copies ringed by majority points: each sees only the other copy → rare
    X2 = np.vstack([[[0.0, 0.0], [0.0, 0.0]], RING])
    y2 = np.array([1, 1] + [0] * 8)
    df2 = minority_typology(X2, y2)
    assert df2["same_class_neighbours"].tolist() == [1, 1] and (df2["type"] == "rare").all()


def test_typology_bad_input():
    X, y, _ = _known_typology()
    with pytest.raises(SmoteError, match="n_neighbors"):
        minority_typology(X, y, n_neighbors=0)
    with pytest.raises(SmoteError, match="n_neighbors"):
        minority_typology(X, y, n_neighbors=2.5)
    with pytest.raises(SmoteError, match="at most 6"):
        minority_typology(np.arange(7.0)[:, None], [0, 0, 0, 0, 0, 0, 1], n_neighbors=7)
    with pytest.raises(SmoteError, match="do not occur in y"):
        minority_typology(X, y, classes=["nope"])
    with pytest.raises(SmoteError, match="only one class"):
        minority_typology(X, np.zeros(len(X)))
    with pytest.raises(SmoteError, match="must match"):
        minority_typology(X, y[:-1])
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(SmoteError, match="NaN"):
        minority_typology(bad, y)
    with pytest.raises(SmoteError, match="minority_typology"):
        typology_counts(pd.DataFrame({"x": [1]}))
    with pytest.raises(SmoteError, match="unknown type"):
        typology_counts(pd.DataFrame({"class": [1], "type": ["weird"]}))


# --------------------------------------------------------------------------------------------------- intrusion


def test_intrusion_on_constructed_points():
    X = np.array([[0.0, 0], [1, 0], [10, 0], [11, 0]])
    y = np.array(["a", "a", "b", "b"])
    X_syn = np.array([[0.4, 0], [9.0, 0], [10.5, 0.1], [2.0, 0], [0.6, 5]])
    y_syn = np.array(["a", "a", "b", "b", "b"])
    out = intrusion(X, y, X_syn, y_syn)
    assert out["intruding"].tolist() == [False, True, False, True, True]
    assert out["nearest"].tolist() == [0, 2, 2, 1, 1]
    assert out["n_synthetic"] == 5 and out["n_intruding"] == 3
    assert out["share"] == pytest.approx(0.6)
    assert out["per_class"] == {"a": 0.5, "b": pytest.approx(2 / 3)}
    assert out["per_class_counts"] == {"a": (1, 2), "b": (2, 3)}


def test_intrusion_is_zero_for_smote_on_well_separated_classes_and_positive_across_a_gap():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (100, 2)), rng.normal(20, 1, (20, 2))])
    y = np.array([0] * 100 + [1] * 20)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    out = intrusion(X, y, X_res[len(X):], y_res[len(X):])
    assert out["n_synthetic"] == 80 and out["share"] == 0.0 and not out["intruding"].any()
    # minority in two far clumps with the majority between them: interpolations across the middle intrude
    X2 = np.vstack([rng.normal(0, 0.5, (100, 2)), [[-5.0, 0], [-5.1, 0], [5.0, 0], [5.1, 0]]])
    y2 = np.array([0] * 100 + [1] * 4)
    X2_res, y2_res = SMOTE(k_neighbors=3, random_state=0).fit_resample(X2, y2)
    out2 = intrusion(X2, y2, X2_res[len(X2):], y2_res[len(X2):])
    assert 0 < out2["share"] < 1 and out2["per_class"][1] == out2["share"]


def test_intrusion_with_no_synthetic_points():
    X = np.array([[0.0], [1.0]])
    out = intrusion(X, [0, 1], np.empty((0, 1)), np.array([], dtype=int))
    assert out["n_synthetic"] == 0 and math.isnan(out["share"]) and out["per_class"] == {}
    assert out["intruding"].dtype == bool and out["intruding"].size == 0


def test_intrusion_bad_input():
    X = np.array([[0.0, 0], [1, 0]])
    with pytest.raises(SmoteError, match="same columns"):
        intrusion(X, [0, 1], np.zeros((2, 3)), [0, 1])
    with pytest.raises(SmoteError, match="synthetic rows"):
        intrusion(X, [0, 1], np.zeros((2, 2)), [0])
    with pytest.raises(SmoteError, match="must match"):
        intrusion(X, [0], np.zeros((1, 2)), [0])


# --------------------------------------------------------------------------------------------------- gaps


def test_gap_histogram_of_smote_sums_to_the_number_of_rows_and_is_flat():
    rng = np.random.RandomState(1)
    X = rng.normal(size=(3000, 2))
    y = np.array([0] * 2000 + [1] * 1000)
    sm = SMOTE(random_state=1).fit(X, y)
    sm.fit_resample(X, y)
    s = gap_summary(sm.provenance_)
    assert s["count"] == 1000 and s["counts"].sum() == 1000 and s["outside"] == 0 and s["no_gap"] == 0
    assert np.allclose(s["bin_edges"], np.linspace(0, 1, 11))
    assert 0 <= s["min"] <= s["mean"] <= s["max"] < 1
    assert s["mean"] == pytest.approx(sm.provenance_["gap"].mean())
    assert np.all(np.abs(s["counts"] - 100) < 40)  # uniform λ: about 100 per bin


def test_gap_values_outside_the_unit_interval_are_counted_separately():
    s = gap_summary(pd.DataFrame({"gap": [-0.2, 0.0, 0.15, 0.999, 1.0, 1.5, np.nan]}))
    assert s["count"] == 6 and s["no_gap"] == 1
    assert (s["below"], s["above"], s["outside"]) == (1, 1, 2)
    assert s["counts"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert s["counts"].sum() + s["outside"] == s["count"]
    assert s["min"] == -0.2 and s["max"] == 1.5
    assert s["mean"] == pytest.approx(np.mean([-0.2, 0.0, 0.15, 0.999, 1.0, 1.5]))
    # λ values directly
    assert gap_summary([0.05, 0.95])["counts"].tolist() == [1] + [0] * 8 + [1]


def test_gap_summary_of_an_empty_provenance():
    s = gap_summary(pd.DataFrame({"parent": [], "neighbor": [], "gap": [], "class": []}))
    assert s["count"] == 0 and s["counts"].sum() == 0 and math.isnan(s["mean"]) and math.isnan(s["max"])


def test_gap_summary_bad_input():
    with pytest.raises(SmoteError, match="gap"):
        gap_summary(pd.DataFrame({"parent": [0]}))
    with pytest.raises(SmoteError, match="numbers"):
        gap_summary(["a", "b"])
    with pytest.raises(SmoteError, match="infinity"):
        gap_summary([0.5, np.inf])


# --------------------------------------------------------------------------------------------------- parent usage


def test_parent_usage_counts_sum_to_the_synthetic_rows_and_include_unused_samples():
    rng = np.random.RandomState(2)
    X = rng.normal(size=(130, 2))
    y = np.array(["a"] * 80 + ["b"] * 40 + ["c"] * 10)
    sm = SMOTE(k_neighbors=3, sampling_strategy={"b": 50, "c": 30}, random_state=2)
    sm.fit_resample(X, y)
    prov = sm.provenance_
    usage = parent_usage(prov, y)
    assert list(usage.columns) == ["row", "class", "as_parent", "as_neighbor"]
    assert usage["row"].tolist() == list(range(80, 130))  # every sample of b and c, used or not
    for c, n_new in {"b": 10, "c": 20}.items():
        part = usage[usage["class"] == c]
        assert part["as_parent"].sum() == n_new == part["as_neighbor"].sum()
    assert usage["as_parent"].sum() == len(prov)
    assert (usage["as_parent"] == 0).any()  # 10 new rows from 40 samples leave most unused
    expected = prov["parent"].value_counts()
    got = usage.set_index("row")["as_parent"]
    assert got[got > 0].sort_index().equals(expected.sort_index().rename("as_parent").rename_axis("row"))
    only_c = parent_usage(prov, y, classes="c")
    assert len(only_c) == 10 and only_c["as_parent"].sum() == 20


def test_parent_usage_ignores_missing_neighbours_and_handles_an_empty_provenance():
    y = np.array([0, 0, 1, 1])
    prov = pd.DataFrame({"parent": [2, 2, 3], "neighbor": [-1, -1, -1], "gap": [np.nan] * 3, "class": [1, 1, 1]})
    usage = parent_usage(prov, y)
    assert usage["as_parent"].tolist() == [2, 1] and usage["as_neighbor"].tolist() == [0, 0]
    empty = pd.DataFrame({"parent": [], "neighbor": [], "gap": [], "class": []})
    assert parent_usage(empty, y).empty and usage_summary(empty, y).empty
    assert parent_usage(empty, y, classes=[1])["as_parent"].tolist() == [0, 0]


def test_usage_summary_on_a_hand_example():
    y = np.array([0, 0, 0, 1, 1, 1])
    prov = pd.DataFrame({"parent": [3, 3, 4], "neighbor": [4, 5, 3], "gap": [0.1, 0.5, 0.9], "class": [1, 1, 1]})
    s = usage_summary(prov, y)
    row = s.loc[1]
    assert (row["n_samples"], row["n_new"], row["never_parent"], row["max_uses"]) == (3, 3, 1, 2)
    assert row["share_never_parent"] == pytest.approx(1 / 3)
    assert row["expected_share_never_parent"] == pytest.approx((2 / 3) ** 3)
    assert row["exp_approximation"] == pytest.approx(math.exp(-1))
    assert row["mean_uses"] == 1.0


@pytest.mark.parametrize("n_min, n_maj, seed", [(2000, 4000, 0), (1000, 4000, 1), (4000, 5000, 2)])
def test_share_never_used_as_parent_is_close_to_exp_minus_n_new_over_n_c(n_min, n_maj, seed):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_min + n_maj, 2))
    y = np.array([0] * n_maj + [1] * n_min)
    sm = SMOTE(k_neighbors=3, random_state=seed)
    sm.fit_resample(X, y)
    s = usage_summary(sm.provenance_, y).loc[1]
    n_new = n_maj - n_min
    assert s["n_new"] == n_new and s["n_samples"] == n_min
    expected = math.exp(-n_new / n_min)
    assert s["exp_approximation"] == pytest.approx(expected)
    assert s["expected_share_never_parent"] == pytest.approx(expected, rel=5e-3)  # (1 - 1/n)^m ≈ exp(-m/n)
    # binomial standard error of a share is at most sqrt(p(1-p)/n_c) ≈ 0.011 here; allow 4 of them
    sd = math.sqrt(expected * (1 - expected) / n_min)
    assert abs(s["share_never_parent"] - expected) < 4 * sd


def test_parent_usage_bad_input():
    y = np.array([0, 0, 1, 1])
    good = pd.DataFrame({"parent": [2], "neighbor": [3], "gap": [0.5], "class": [1]})
    with pytest.raises(SmoteError, match="DataFrame"):
        parent_usage(good.to_numpy(), y)
    with pytest.raises(SmoteError, match="no column"):
        parent_usage(good.drop(columns="neighbor"), y)
    with pytest.raises(SmoteError, match="refers to row"):
        parent_usage(good.assign(parent=[9]), y)
    with pytest.raises(SmoteError, match="refers to row"):
        parent_usage(good.assign(neighbor=[-3]), y)
    with pytest.raises(SmoteError, match="missing value"):
        parent_usage(good.assign(parent=[np.nan]), y)
    with pytest.raises(SmoteError, match="not row positions"):
        parent_usage(good.assign(parent=["x"]), y)
    with pytest.raises(SmoteError, match="non-integer"):
        parent_usage(good.assign(parent=[2.5]), y)
    with pytest.raises(SmoteError, match="do not occur in y"):
        parent_usage(good.assign(**{"class": [7]}), y)
    with pytest.raises(SmoteError, match="do not occur in y"):
        parent_usage(good, y, classes=[5])
    with pytest.raises(SmoteError, match="missing"):
        parent_usage(good, None)
