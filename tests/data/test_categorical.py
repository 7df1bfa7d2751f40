"""Data with category columns: encoding, preparation, SMOTE-NC / SMOTE-N through the explorer, figure and export."""

import numpy as np
import pandas as pd
import pytest

from smote_core import SmoteError
from smote_core.data import prepare, tables
from smote_core.data.datasets import load_builtin
from smote_core.data.encoding import fit_encoding, fractional_rows
from smote_core.samplers.registry import SMOTEN, SMOTENC
from smote_core.samplers.smote import interpolate
from smote_core.views import explore, export
from smote_core.views.figures import ExploreFigureData, explore_figure


def mixed(n_maj=80, n_min=20, seed=0):
    rng = np.random.RandomState(seed)
    n = n_maj + n_min
    frame = pd.DataFrame({
        "a": rng.normal(size=n),
        "colour": pd.Series(rng.choice(["red", "blue", "green"], n), dtype=object),
        "b": rng.normal(10, 5, size=n),
        "size": pd.Series(rng.choice(["S", "M"], n), dtype=object),
    })
    y = np.array(["maj"] * n_maj + ["min"] * n_min, dtype=object)
    return frame, y


CAT = ["colour", "size"]


# ---------------------------------------------------------------------------------------------- encoding
def test_encoding_names_and_one_hot_columns():
    frame, _ = mixed()
    enc = fit_encoding(frame, list(frame.columns), CAT)
    assert enc.numeric == ("a", "b") and enc.categorical == ("colour", "size")
    assert enc.names == ["a", "b", "colour = blue", "colour = green", "colour = red", "size = M", "size = S"]
    X = enc.transform(frame)
    assert X.shape == (len(frame), 7) and X.dtype == np.float64
    np.testing.assert_array_equal(X[:, :2], frame[["a", "b"]].to_numpy())
    np.testing.assert_array_equal(X[:, 2:5].sum(axis=1), 1.0)
    assert (X[:, 4] == 1.0).tolist() == (frame["colour"] == "red").tolist()
    unseen = frame.iloc[:1].assign(colour="purple")
    np.testing.assert_array_equal(enc.transform(unseen)[0, 2:5], 0.0)  # an unknown category is all zeros
    assert not fractional_rows(enc, X).any()
    half = X[:3].copy()
    half[1, 2:5] = [0.4, 0.0, 0.6]
    assert fractional_rows(enc, half).tolist() == [False, True, False]


def test_encoding_refuses_text_that_is_not_marked_as_categories():
    frame, _ = mixed()
    with pytest.raises(SmoteError, match="“colour”, “size” hold text: mark them as category columns"):
        fit_encoding(frame, list(frame.columns), [])
    with pytest.raises(SmoteError, match="not among the features"):
        fit_encoding(frame, ["a", "b"], ["colour"])


def test_category_columns_are_detected_but_not_free_text_or_ids():
    frame, y = mixed()
    frame["name"] = [f"patient {i}" for i in range(len(frame))]  # a different value on every row
    frame["constant"] = "x"
    frame["label"] = y
    assert tables.category_columns(frame, "label") == ["colour", "size"]


# ---------------------------------------------------------------------------------------------- preparation
def test_prepare_frame_keeps_categories_as_text_and_fills_them_with_the_most_frequent():
    frame, y = mixed()
    frame["code"] = np.where(np.arange(len(frame)) % 3 == 0, 1, 2)  # number codes can be categories too
    frame.loc[[0, 5], "colour"] = None
    frame.loc[[7], "a"] = np.nan
    frame["label"] = y
    with pytest.raises(SmoteError, match="3 rows have missing or infinite values"):
        prepare.prepare_frame(frame, "label", ["a", "colour", "code"], categorical=["colour", "code"])
    out, messages = prepare.prepare_frame(frame, "label", ["a", "colour", "code"], missing="median",
                                           categorical=["colour", "code"])
    assert out["a"].dtype == np.float64 and out["colour"].dtype == object
    assert set(out["code"]) == {"1", "2"}
    most = frame["colour"].value_counts().idxmax()
    assert out.loc[[0, 5], "colour"].tolist() == [most, most]
    assert any("most frequent category" in m for m in messages) and any("median" in m for m in messages)
    dropped, _ = prepare.prepare_frame(frame, "label", ["a", "colour"], missing="drop", categorical=["colour"])
    assert len(dropped) == len(frame) - 3
    with pytest.raises(SmoteError, match="mark them as category columns"):
        prepare.prepare_frame(frame, "label", ["a", "colour"])


# ---------------------------------------------------------------------------------------------- resampling
def test_smotenc_through_the_explorer_is_the_samplers_own_output():
    frame, y = mixed()
    res = explore.resample(frame, y, k=5, ratio=1.0, seed=3, variant="smotenc", categorical=CAT)
    sampler = SMOTENC(categorical_features=[1, 3], k_neighbors=5, sampling_strategy={"maj": 80, "min": 80},
                      random_state=3)
    X_res, _ = sampler.fit_resample(frame, y)
    pd.testing.assert_frame_equal(res.syn_frame, X_res.iloc[len(y):].reset_index(drop=True))
    assert res.votes and res.interpolates and res.n_synthetic == 60
    np.testing.assert_array_equal(res.X_syn, res.encoding.transform(res.syn_frame))
    assert not fractional_rows(res.encoding, res.X_syn).any()
    assert explore.fractional_categories(res) is None
    assert res.counts_after == {"maj": 80, "min": 80}


@pytest.mark.parametrize("standardize", [False, True])
def test_smotenc_rows_are_interpolated_numbers_and_voted_categories(standardize):
    frame, y = mixed(seed=1)
    res = explore.resample(frame, y, k=4, ratio=1.0, seed=0, variant="smotenc", categorical=CAT,
                            standardize=standardize)
    prov = res.provenance
    numbers = interpolate(frame[["a", "b"]].to_numpy(), prov["parent"].to_numpy(), prov["neighbor"].to_numpy(),
                          prov["gap"].to_numpy())
    np.testing.assert_allclose(res.syn_frame[["a", "b"]].to_numpy(), numbers, rtol=0, atol=1e-12)
    for i in range(res.n_synthetic):
        voters = list(prov["voters"].iloc[i])
        assert len(voters) == 4
        for col in CAT:
            tally = frame[col].iloc[voters].value_counts()
            assert tally[res.syn_frame[col].iloc[i]] == tally.max()  # a category with the most votes


def test_plain_smote_on_categories_makes_fractions_and_says_so():
    frame, y = mixed()
    res = explore.resample(frame, y, k=5, ratio=1.0, seed=0, variant="smote", categorical=CAT)
    assert not res.votes and res.X.shape[1] == 7
    frac = explore.fractional_categories(res)
    bad = fractional_rows(res.encoding, res.X_syn)
    assert frac["rows"] == int(bad.sum()) > 0
    i, col, shares = frac["example"]
    assert bad[i] and col in CAT and len(shares) >= 2 and sum(shares.values()) == pytest.approx(1.0)
    table = explore.explain(res, i)
    assert "colour = red" in table["feature"].tolist()


def test_smoten_votes_every_feature_and_has_no_segment():
    frame, y = mixed()
    cats = frame[CAT]
    res = explore.resample(cats, y, k=3, ratio=1.0, seed=2, variant="smoten", categorical=CAT)
    X_res, _ = SMOTEN(k_neighbors=3, sampling_strategy={"maj": 80, "min": 80}, random_state=2).fit_resample(cats, y)
    pd.testing.assert_frame_equal(res.syn_frame, X_res.iloc[len(y):].reset_index(drop=True))
    assert res.votes and not res.interpolates
    assert explore.explain(res, 0).empty
    votes = explore.explain_votes(res, 0)
    assert votes["feature"].tolist() == CAT and (votes["x_nn (neighbour)"] == "—").all()
    for _, row in votes.iterrows():  # the winner is listed first among the votes
        assert row["votes"].startswith(f"“{row['x_new (most votes)']}” ×")
    assert len(explore.neighbors_of(res, int(res.provenance["parent"].iloc[0]))) == 4  # k + 1 voters
    xy = np.random.RandomState(0).normal(size=(len(y), 2))
    fig, n_drawn = explore_figure(ExploreFigureData(orig_xy=xy, y=y, syn_xy=xy[:res.n_synthetic],
                                                    provenance=res.provenance, selected=0, selected_knn=np.arange(4)))
    names = [t.name for t in fig.data]
    assert n_drawn == 0 and "parent → neighbour segments" not in names and "chosen segment" not in names
    assert "selected x_new (synthetic)" in names and "selected x_nn (neighbour)" not in names


@pytest.mark.parametrize("variant, data, message", [
    ("smotenc", "numeric", "this data has no category column — use SMOTE"),
    ("smotenc", "categories", "every feature here is a category — use SMOTE-N"),
    ("smoten", "mixed", "this data has numeric features — use SMOTE-NC"),
])
def test_voting_samplers_refuse_data_they_do_not_fit(variant, data, message):
    frame, y = mixed()
    args = {"numeric": (frame[["a", "b"]].to_numpy(), None), "categories": (frame[CAT], CAT),
            "mixed": (frame, CAT)}[data]
    with pytest.raises(SmoteError, match=message):
        explore.resample(args[0], y, k=3, ratio=1.0, seed=0, variant=variant, categorical=args[1])


def test_both_builtins_with_categories_resample_with_smotenc():
    for name in ("shapes", "diabetes"):
        ds = load_builtin(name)
        res = explore.resample(ds.frame[ds.features], ds.frame[ds.target].to_numpy(), k=5, ratio=1.0, seed=0,
                                variant="smotenc", categorical=list(ds.categorical))
        assert res.n_synthetic > 0 and set(res.syn_frame.columns) == set(ds.features)
        for col in ds.categorical:
            assert set(res.syn_frame[col]) <= set(ds.frame[col])


# ---------------------------------------------------------------------------------------------- export
def test_export_keeps_real_categories_and_the_voters():
    frame, y = mixed()
    res = explore.resample(frame, y, k=5, ratio=1.0, seed=0, variant="smotenc", categorical=CAT)
    table = export.resampled_frame(res, res.encoding.names, "label")
    assert list(table.columns[:4]) == list(frame.columns)
    syn = table[table["is_synthetic"]]
    assert set(syn["colour"]) <= {"red", "blue", "green"} and len(syn) == res.n_synthetic
    assert syn["voters"].iloc[0] == " ".join(map(str, res.provenance["voters"].iloc[0]))
    prov = export.provenance_frame(res)
    assert "voters" in prov.columns
    smoten = explore.resample(frame[CAT], y, k=3, ratio=1.0, seed=0, variant="smoten", categorical=CAT)
    assert "gap" not in export.resampled_frame(smoten, smoten.encoding.names, "label").columns


@pytest.mark.parametrize("variant, standardize", [("smotenc", False), ("smotenc", True), ("smote", False)])
def test_the_python_snippet_reproduces_categorical_results(tmp_path, monkeypatch, variant, standardize):
    frame, y = mixed()
    frame["code"] = np.where(np.arange(len(frame)) % 4 == 0, 1, 2)
    frame["label"] = y
    prepared, _ = prepare.prepare_frame(frame, "label", ["a", "colour", "b", "size", "code"],
                                         categorical=CAT + ["code"])
    features = ["a", "colour", "b", "size", "code"]
    res = explore.resample(prepared[features], prepared["label"].to_numpy(), k=4, ratio=0.8, seed=5,
                            standardize=standardize, variant=variant, categorical=CAT + ["code"])
    (tmp_path / "orig.csv").write_bytes(tables.to_csv_bytes(prepared))
    code = export.python_snippet(variant=variant, k=4, ratio=0.8, seed=5, y=prepared["label"].to_numpy(),
                                 feature_names=features, target="label", csv_name="orig.csv",
                                 standardize=standardize, categorical=CAT + ["code"])
    monkeypatch.chdir(tmp_path)
    scope = {}
    exec(compile(code, "snippet", "exec"), scope)
    np.testing.assert_array_equal(scope["result"].X_syn, res.X_syn)
    if res.votes:
        pd.testing.assert_frame_equal(scope["new_rows"].astype(object), res.syn_frame.astype(object))
