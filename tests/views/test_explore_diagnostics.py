"""Diagnostics that mean what they say: counted on the rows a cleaning step keeps, measured in the space of the
neighbour search, and said in sentences that do not mislead."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer, load_wine

from smote_core.analysis import diagnostics
from smote_core.data import datasets
from smote_core.views import explore


def _overlap():
    ds = datasets.load_builtin("overlap")
    return ds.frame[["x1", "x2"]].to_numpy(float), ds.frame[ds.target].to_numpy()


def test_overlap_smote_tomek_and_enn_show_different_shares_counted_on_the_rows_they_keep():
    X, y = _overlap()
    shares = {}
    for variant in ("smote", "smote_tomek", "smote_enn"):
        res = explore.resample(X, y, k=5, ratio=1.0, seed=0, variant=variant)
        found = explore.diagnose(res)
        kept = explore.kept_synthetic(res)
        assert np.array_equal(found.kept, kept) and found.n_made == res.n_synthetic
        assert not np.isin(kept, res.removed_synthetic).any()
        assert len(kept) + len(res.removed_synthetic) == res.n_synthetic
        # the same as intrusion of the kept rows against every original (the real data)
        direct = diagnostics.intrusion(X, y, res.X_syn[kept], res.y_syn[kept])
        assert found.share == direct["share"] and found.landing["n_synthetic"] == len(kept)
        shares[variant] = round(100 * found.share)
    assert shares == {"smote": 52, "smote_tomek": 46, "smote_enn": 25}  # the issue measured 52% / 46% / 25%
    assert "kept" in found.counted_on() and "112 of 273 removed" in found.counted_on()


def test_the_gaps_and_the_parents_are_of_the_kept_rows_too():
    X, y = _overlap()
    res = explore.resample(X, y, k=5, ratio=1.0, seed=0, variant="smote_enn")
    found = explore.diagnose(res)
    kept = res.provenance.iloc[found.kept]
    assert found.gaps["count"] == len(kept) < res.n_synthetic
    assert int(found.usage["n_new"].sum()) == len(kept)
    plain = explore.diagnose(explore.resample(X, y, k=5, ratio=1.0, seed=0))
    assert plain.n_kept == plain.n_made and plain.counted_on().startswith("Counted on all 273 synthetic points")


def test_diagnostics_are_measured_in_the_space_of_the_neighbour_search():
    data = load_breast_cancer()
    X, y = data.data, data.target
    res = explore.resample(X, y, k=5, ratio=1.0, seed=0, standardize=True)
    raw, z = explore.diagnose(res), explore.diagnose(res, standardize=True)
    assert raw.space == "in raw units" and z.space == "in standardised units"
    Z = (X - X.mean(0)) / X.std(0)
    S = (res.X_syn - X.mean(0)) / X.std(0)
    assert z.share == diagnostics.intrusion(Z, y, S, res.y_syn)["share"] != raw.share
    t_raw, t_z = explore.typology(X, y), explore.typology(X, y, standardize=True)
    assert t_z.equals(diagnostics.minority_typology(Z, y)) and not t_raw.equals(t_z)
    assert explore.space_name(False) == "in raw units" and explore.space_name(True) == "in standardised units"


def test_the_typology_table_is_one_row_per_type_to_fit_a_narrow_column():
    X, y = load_wine(return_X_y=True)
    table = explore.typology_table(explore.typology(X, y))
    assert list(table.index) == ["safe", "borderline", "rare", "outlier"] and table.index.name == "type"
    assert list(table.columns) == ["0", "2"]  # the cultivars other than the largest (1), as text
    assert int(table.to_numpy().sum()) == int((y != 1).sum())


def test_usage_sentences_count_uses_in_good_english():
    usage = pd.DataFrame({"n_samples": [10, 4], "never_parent": [9, 0], "share_never_parent": [0.9, 0.0],
                          "expected_share_never_parent": [0.9, 0.1], "max_uses": [1, 3]},
                         index=pd.Index(["a*", "b"], name="class"))
    one, three = explore.usage_sentences(usage, quote=lambda c: str(c).replace("*", r"\*"))
    assert one.startswith(r"Class **a\***") and one.endswith("The busiest was used 1 time.")
    assert three.endswith("used 3 times.")


@pytest.mark.parametrize("loader, column", [(load_breast_cancer, "area"), (load_wine, "proline")])
def test_the_scale_warning_names_the_columns_that_decide_until_the_search_is_standardised(loader, column):
    data = loader()
    sentence = explore.scale_warning(data.data, data.feature_names, standardize=False)
    assert sentence and column in sentence and "Standardise" in sentence
    assert explore.scale_warning(data.data, data.feature_names, standardize=True) is None
    X, _ = _overlap()
    assert explore.scale_warning(X, ["x1", "x2"], standardize=False) is None  # one scale: nothing to say


def test_no_kept_rows_and_no_rows_at_all():
    X, y = _overlap()
    res = explore.resample(X, y, k=5, ratio=1.0, seed=0)
    res.removed_synthetic = np.arange(res.n_synthetic)
    found = explore.diagnose(res)
    assert found.n_kept == 0 and np.isnan(found.share) and found.gaps is None and found.usage is None
    nothing = explore.resample(X, y, k=5, ratio=0.05, seed=0)
    assert nothing.n_synthetic == 0 and explore.diagnose(nothing).n_made == 0
