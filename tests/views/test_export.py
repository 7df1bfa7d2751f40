"""Export: the resampled table explains itself, and the Python snippet reproduces it bit for bit."""

import os

import numpy as np
import pytest

from smote_core.data import tables
from smote_core.data.datasets import load_builtin
from smote_core.samplers.registry import SAMPLERS
from smote_core.views import explore
from smote_core.views.export import provenance_frame, python_snippet, resampled_frame, safe_filename


def _view(name="breast_cancer", **kw):
    ds = load_builtin(name)
    features = [c for c in ds.frame.columns if c != ds.target]
    X, y = ds.frame[features].to_numpy(float), ds.frame[ds.target].to_numpy()
    params = dict(k=4, ratio=0.8, seed=7, standardize=False, variant="smote") | kw
    return ds, features, explore.resample(X, y, **params), params


def test_resampled_frame_rows_are_explained_by_their_provenance():
    ds, features, res, _ = _view()
    table = resampled_frame(res, features, ds.target)
    syn = table[table["is_synthetic"]]
    orig = table[~table["is_synthetic"]]
    assert len(orig) == len(ds.frame) and len(syn) == res.n_synthetic
    X = ds.frame[features].to_numpy(float)
    p, q, g = syn["parent"].to_numpy(int), syn["neighbor"].to_numpy(int), syn["gap"].to_numpy()
    assert np.array_equal(syn[features].to_numpy(), X[p] + g[:, None] * (X[q] - X[p]))
    assert orig["parent"].isna().all() and (orig["source_row"].to_numpy() == np.arange(len(orig))).all()


def test_cleaning_variants_export_only_survivors():
    ds, features, res, _ = _view("overlap", variant="smote_enn", k=3, ratio=1.0)
    table = resampled_frame(res, features, ds.target)
    assert len(table) == sum(res.counts_after.values())
    prov = provenance_frame(res)
    assert prov["removed_by_cleaning"].sum() == len(res.removed_synthetic)
    assert set(table.loc[table["is_synthetic"], "synthetic_index"]).isdisjoint(res.removed_synthetic)


@pytest.mark.parametrize("variant, extra", [("smote", {}), ("smote_tomek", {}), ("adasyn", {}),
                                            ("borderline1", {"m_neighbors": 7}), ("borderline2", {})])
def test_snippet_reproduces_the_export_with_imbalanced_learn(tmp_path, variant, extra):
    ds, features, res, params = _view(variant=variant, params=extra)
    table = resampled_frame(res, features, ds.target)
    csv = tmp_path / "orig.csv"
    csv.write_bytes(tables.to_csv_bytes(ds.frame[features + [ds.target]]))
    code = python_snippet(variant=variant, k=params["k"], ratio=params["ratio"], seed=params["seed"],
                          y=ds.frame[ds.target].to_numpy(), feature_names=features, target=ds.target,
                          csv_name=str(csv), params=extra)
    assert "imblearn" in code
    namespace = {}
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        exec(compile(code, "snippet", "exec"), namespace)  # our own generated code, in a test
    finally:
        os.chdir(cwd)
    X_res = namespace["X_res"].to_numpy()
    ours = table[features].to_numpy()
    assert np.array_equal(X_res, ours)  # Tomek keeps the surviving rows in order too
    assert list(namespace["y_res"]) == list(table[ds.target])


def test_snippet_for_standardised_search_uses_smote_core(tmp_path):
    ds, features, res, params = _view(standardize=True)
    code = python_snippet(variant="smote", k=4, ratio=0.8, seed=7, y=ds.frame[ds.target].to_numpy(),
                          feature_names=features, target=ds.target, csv_name="x.csv", standardize=True)
    assert "from smote_core.views import explore" in code and "standardize=True" in code


def test_labels_and_names_cannot_break_out_of_the_snippet():
    code = python_snippet(variant="smote", k=3, ratio=1.0, seed=0, y=np.array(["a'); import os #", "b", "b"]),
                          feature_names=["x\"]; evil()"], target="t'", csv_name="d.csv")
    compile(code, "snippet", "exec")  # still valid Python: every user string is a literal
    assert "evil()\"]" not in code.replace('\\"', "")


def test_safe_filename():
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("my data (1).csv") == "my_data_1_.csv"
    assert safe_filename("***") == "data"


@pytest.mark.parametrize("variant, extra", [("svm", {"m_neighbors": 8, "out_step": 0.3}), ("kmeans", {})])
def test_snippet_for_variants_imbalanced_learn_gets_wrong_runs_smote_core(tmp_path, variant, extra):
    ds, features, res, params = _view("overlap" if variant == "svm" else "blobs", variant=variant, params=extra, k=3,
                                      ratio=1.0)
    table = resampled_frame(res, features, ds.target)
    csv = tmp_path / "orig.csv"
    csv.write_bytes(tables.to_csv_bytes(ds.frame[features + [ds.target]]))
    code = python_snippet(variant=variant, k=3, ratio=1.0, seed=params["seed"], y=ds.frame[ds.target].to_numpy(),
                          feature_names=features, target=ds.target, csv_name=str(csv), params=extra)
    assert "imblearn" not in code and "smote_core" in code
    namespace = {}
    exec(compile(code, "snippet", "exec"), namespace)  # our own generated code, in a test
    assert np.array_equal(namespace["result"].X_syn, res.X_syn) and len(table) == sum(res.counts_after.values())


@pytest.mark.parametrize("key", [k for k, r in SAMPLERS.items() if r.imblearn and r.identical and not r.categories])
def test_the_snippets_constructor_comes_from_the_samplers_record(key):
    record = SAMPLERS[key]
    code = python_snippet(variant=key, k=4, ratio=1.0, seed=3, y=np.array([0] * 10 + [1] * 5), feature_names=["a"],
                          target="t", csv_name="d.csv", params={"m_neighbors": 6})
    module, cls = record.imblearn.rsplit(".", 1)
    assert f"from {module} import {cls}" in code and f"sampler = {cls}(" in code
    inner = "k_neighbors=4" if record.wraps_smote else f"{record.k_argument}=4"
    assert inner in code and "random_state=3" in code
    assert all(f"{name}={value!r}" in code for name, value in record.fixed.items())
    assert all(f"{p.argument}=6" in code for p in record.params)
    compile(code, "snippet", "exec")


def test_the_provenance_export_keeps_each_samplers_own_columns():
    from smote_core.data.datasets import load_builtin
    from smote_core.views import explore
    from smote_core.views.export import provenance_frame

    ds = load_builtin("moons")
    X, y = ds.frame.drop(columns=ds.target).to_numpy(float), ds.frame[ds.target].to_numpy()
    safe = provenance_frame(explore.resample(X, y, k=5, ratio=1.0, seed=0, variant="safe_level"))
    gaps = safe["feature_gaps"].iloc[0].split(" ")
    assert len(gaps) == 2 and all(0 <= float(g) <= 1 for g in gaps)  # one λ per feature, in one cell
    assert {"safe_level", "neighbor_safe_level", "gap_low", "gap_high"} <= set(safe.columns)
    geo = provenance_frame(explore.resample(X, y, k=5, ratio=1.0, seed=0, variant="geometric"))
    assert (geo["radius"] >= 0).all() and geo.columns[-1] == "removed_by_cleaning"


@pytest.mark.parametrize("topology", ["star", "bus", "mesh", "polynomial"])
def test_polynomial_fit_smote_exports_rows_without_a_pair_honestly_and_its_snippet_reproduces_them(tmp_path, topology):
    from smote_core.views.export import provenance_note

    extra = {"topology": topology, "degree": 3}
    ds, features, res, params = _view("moons", variant="polynom_fit", params=extra, k=5, ratio=1.0)
    table = resampled_frame(res, features, ds.target)
    syn = table[table["is_synthetic"]]
    kind = {"star": "to_mean", "bus": "pair", "mesh": "pair", "polynomial": "curve"}[topology]
    assert set(syn["kind"]) == {kind}
    assert syn["neighbor"].isna().all() == (kind != "pair") and syn["parent"].isna().all() == (kind == "curve")
    assert (syn["neighbor"].dropna() >= 0).all() and (syn["parent"].dropna() >= 0).all()  # never row −1
    X = ds.frame[features].to_numpy(float)
    if kind == "to_mean":  # parent + λ · (the class mean − parent)
        mean = X[ds.frame[ds.target] == "minority"].mean(axis=0)
        p, g = syn["parent"].to_numpy(int), syn["gap"].to_numpy()[:, None]
        assert np.allclose(syn[features].to_numpy(), X[p] + g * (mean - X[p]))
    if kind == "curve":
        assert syn["gap"].isna().all() and syn["position"].between(0, 32).all()
    prov = provenance_frame(res)
    assert prov["parent"].isna().all() == (kind == "curve") and "kind" in prov and "position" in prov
    assert "no neighbour row" in provenance_note(res) and provenance_note(_view()[2]) is None
    csv = tmp_path / "orig.csv"
    csv.write_bytes(tables.to_csv_bytes(ds.frame[features + [ds.target]]))
    code = python_snippet(variant="polynom_fit", k=5, ratio=1.0, seed=params["seed"], y=ds.frame[ds.target].to_numpy(),
                          feature_names=features, target=ds.target, csv_name=str(csv), params=extra)
    assert "imblearn" not in code and "k is ignored" in code and f"'topology': '{topology}'" in code
    namespace = {}
    exec(compile(code, "snippet", "exec"), namespace)  # our own generated code, in a test
    assert np.array_equal(namespace["result"].X_syn, res.X_syn)
