"""The samplers as drop-ins for imbalanced-learn's: tags, feature names, the caller's containers for X and y (pandas,
pandas sparse, one-hot), complex data, the standard error phrases, and the same parameters and fitted attributes.

Every comparison with imbalanced-learn is exact (``parity.assert_same``) where the registry records the sampler as
bit-identical; the others are compared on what they share.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from imblearn.base import is_sampler
from imblearn.combine import SMOTEENN as ImbSMOTEENN
from imblearn.combine import SMOTETomek as ImbSMOTETomek
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.under_sampling import EditedNearestNeighbours, TomekLinks
from imblearn.utils._tags import get_tags
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.preprocessing import label_binarize
from sklearn.utils._param_validation import InvalidParameterError
from twins import KEYS, NUMERIC_KEYS, TWINNED_KEYS, build, imblearn_class, twin

from parity import assert_same
from smote_core import SMOTE, SMOTEENN, KMeansSMOTE, SmoteError, SMOTETomek
from smote_core._validation import ParameterError
from smote_core.samplers.registry import SAMPLERS

CATEGORICAL = [k for k in KEYS if SAMPLERS[k].categories]
CLEANING = [k for k in KEYS if SAMPLERS[k].wraps_smote]


@functools.cache
def numbers(n_classes=3):
    """Overlapping classes of 120 / 60 (/ 40) rows and 4 features."""
    weights = [0.55, 0.27, 0.18] if n_classes == 3 else [0.7, 0.3]
    return make_classification(n_samples=220, n_features=4, n_informative=3, n_redundant=0, n_classes=n_classes,
                               n_clusters_per_class=1, weights=weights, flip_y=0.02, class_sep=0.9, random_state=3)


def table(key, n_classes=3):
    """``(X, y)`` the sampler takes: numbers; two numbers and two string categories; or four categories."""
    X, y = numbers(n_classes)
    kind = SAMPLERS[key].categories
    if kind is None:
        return X, y
    levels = np.where(X > 0.3, "high", np.where(X < -0.3, "low", "mid")).astype(object)
    if kind == "only":
        return pd.DataFrame(levels, columns=["a", "b", "c", "d"]), y
    return pd.DataFrame({"a": X[:, 0], "b": levels[:, 1], "c": X[:, 2], "d": levels[:, 3]}), y


def sampler(key, **params):
    if SAMPLERS[key].categories == "mixed":
        params.setdefault("categorical_features", [1, 3])
    if key == "kmeans":
        params.setdefault("kmeans_estimator", 3)
        params.setdefault("cluster_balance_threshold", 0.2)
    return build(key, k=params.pop("k", 3), **params)


# ---------------------------------------------------------------------------------------------------- tags


@pytest.mark.parametrize("key", KEYS)
def test_tags_say_what_is_true(key):
    ours = sampler(key)
    tags = get_tags(ours)
    assert is_sampler(ours) and tags.estimator_type == "sampler" and tags.target_tags.required
    assert tags.input_tags.two_d_array and tags.input_tags.dataframe and tags.input_tags.sparse
    assert not tags.input_tags.allow_nan
    categorical = SAMPLERS[key].categories is not None
    assert tags.input_tags.string is categorical and tags.input_tags.categorical is categorical
    assert tags.sampler_tags.sample_indices is (key in CLEANING)
    X, y = table(key)
    ours.fit_resample(X, y)
    assert hasattr(ours, "sample_indices_") is tags.sampler_tags.sample_indices
    # Sparse input is accepted (SMOTE-NC and SMOTE-N resample it densely and give it back sparse).
    X_num = numbers()[0]
    X_sparse = sparse.csr_matrix(X_num if not categorical else np.round(X_num))
    params = {"categorical_features": [0]} if SAMPLERS[key].categories == "mixed" else {}
    assert sparse.issparse(sampler(key, **params).fit_resample(X_sparse, y)[0])


def test_tags_differ_from_imblearn_only_where_imblearn_says_less_than_it_does():
    for key in TWINNED_KEYS:
        ours, theirs = get_tags(sampler(key)), get_tags(twin(sampler(key)))
        differ = {name for name in ("sparse", "string", "categorical", "dataframe", "allow_nan")
                  if getattr(ours.input_tags, name) != getattr(theirs.input_tags, name)}
        if ours.sampler_tags.sample_indices != theirs.sampler_tags.sample_indices:
            differ.add("sample_indices")
        expected = {"smotenc": {"sparse", "categorical"}, "smoten": {"categorical"},
                    "smote_tomek": {"sample_indices"}, "smote_enn": {"sample_indices"}}.get(key, set())
        assert differ == expected, key


@pytest.mark.parametrize("key", KEYS)
def test_feature_names_out_are_the_input_names(key):
    X, y = table(key)
    ours = sampler(key)
    ours.fit_resample(X, y)
    names = ours.get_feature_names_out()
    assert names.dtype == object and names.tolist() == (list(X.columns) if hasattr(X, "columns") else
                                                         [f"x{i}" for i in range(X.shape[1])])
    if isinstance(X, pd.DataFrame):
        with pytest.raises(ValueError, match="input_features is not equal to feature_names_in_"):
            ours.get_feature_names_out(["w", "x", "y", "z"])
    if key in TWINNED_KEYS:
        theirs = twin(ours)
        theirs.fit_resample(X, y)
        assert np.array_equal(theirs.get_feature_names_out(), names)


# ---------------------------------------------------------------------------------------------------- y and X


def y_forms(y):
    """The forms a caller passes labels in, each with its expected form back."""
    onehot = label_binarize(y, classes=np.unique(y))
    return {
        "series": pd.Series(y, name="label"),
        "frame": pd.DataFrame({"label": y}),
        "list": y.tolist(),
        "column": y.reshape(-1, 1),
        "onehot": onehot,
        "onehot-float-list": onehot.astype(float).tolist(),
        "onehot-frame": pd.DataFrame(onehot.astype(bool), columns=["x", "y", "z"]),
    }


def names(labels) -> list:
    return list(labels.columns) if isinstance(labels, pd.DataFrame) else [labels.name]


@pytest.mark.parametrize("form", list(y_forms(np.arange(3))))
@pytest.mark.parametrize("key", KEYS)
def test_y_comes_back_in_its_own_form(key, form):
    X, y = table(key)
    y_in = y_forms(y)[form]
    X_res, y_res = sampler(key).fit_resample(X, y_in)
    X_ref, y_ref = sampler(key).fit_resample(X, y)
    assert_same(X_res, X_ref)  # the labels are the same, so the rows are
    if form in ("series", "frame"):
        assert type(y_res) is type(y_in) and y_res.shape[1:] == y_in.shape[1:]
        assert np.array_equal(np.asarray(y_res).ravel(), y_ref)
        assert names(y_res) == names(y_in)
    elif form.startswith("onehot"):
        assert type(y_res) is type(y_in)
        values = np.asarray(y_res)
        assert values.shape == (len(y_ref), 3) and values.dtype == np.asarray(y_in).dtype
        assert np.array_equal(values.argmax(axis=1), y_ref) and np.all(values.sum(axis=1) == 1)
        if form == "onehot-frame":
            assert y_res.dtypes.equals(y_in.dtypes) and list(y_res.columns) == ["x", "y", "z"]
    else:
        assert np.array_equal(np.asarray(y_res), y_ref) and (form != "list" or isinstance(y_res, list))
    if SAMPLERS[key].identical and form in ("series", "frame", "onehot"):
        X_imb, y_imb = twin(sampler(key)).fit_resample(X, y_in)
        assert_same(X_res, X_imb)
        assert_same(y_res, y_imb)


@pytest.mark.parametrize("y_bad, what", [
    (np.eye(3, dtype=int)[[0, 1, 2] * 73 + [0]] + np.eye(3, dtype=int)[[1, 2, 0] * 73 + [1]], "220 rows without"),
    (np.zeros((220, 3)), "220 rows without"),
    (np.full((220, 3), 2), "values other than 0 and 1"),
])
def test_multilabel_y_is_refused(y_bad, what):
    X, _ = numbers()
    with pytest.raises(SmoteError, match=f"exactly one 1.*{what}.*Multilabel and multioutput targets are not"):
        SMOTE().fit_resample(X, y_bad)


def test_a_onehot_y_keeps_a_column_for_a_class_without_samples():
    X, y = numbers(2)
    onehot = np.eye(3, dtype=np.int8)[y]  # class 2 has no sample
    X_res, y_res = SMOTE(random_state=0).fit_resample(X, onehot)
    assert y_res.shape == (len(X_res), 3) and y_res.dtype == np.int8 and not y_res[:, 2].any()


@pytest.mark.parametrize("key", KEYS)
def test_pandas_sparse_columns_come_back_sparse(key):
    X, y = numbers()
    # Numbers in sparse columns (for SMOTE-NC and SMOTE-N whole ones: the categories are codes).
    X = pd.DataFrame(np.round(X) if SAMPLERS[key].categories else X, columns=list("abcd"))
    X_sparse = X.astype(pd.SparseDtype(float, 0))
    params = {"categorical_features": [1, 3]} if SAMPLERS[key].categories == "mixed" else {}
    X_res, y_res = sampler(key, **params).fit_resample(X_sparse, pd.Series(y, name="t"))
    X_dense, _ = sampler(key, **params).fit_resample(X, y)
    assert isinstance(X_res, pd.DataFrame) and all(isinstance(dt, pd.SparseDtype) for dt in X_res.dtypes)
    assert list(X_res.columns) == list(X.columns) and y_res.name == "t"
    assert np.allclose(X_res.sparse.to_dense().to_numpy(dtype=float), X_dense.to_numpy(dtype=float))
    # imbalanced-learn's borderline-2 fails on sparse data (BorderlineSMOTE's Notes): nothing to compare with.
    if key in NUMERIC_KEYS and SAMPLERS[key].identical and key != "borderline2":
        assert_same(X_res, twin(sampler(key)).fit_resample(X_sparse, pd.Series(y, name="t"))[0])


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("kind", ["array", "frame", "sparse", "objects", "labels"])
def test_complex_data_is_refused_with_the_standard_phrase(key, kind):
    X, y = numbers()
    Xc = X + 1j
    X_in = {"array": Xc, "frame": pd.DataFrame(Xc), "sparse": sparse.csr_matrix(Xc),
            "objects": Xc.astype(object), "labels": X}[kind]
    y_in = y + 1j if kind == "labels" else y
    params = {"categorical_features": [0]} if SAMPLERS[key].categories == "mixed" else {}
    with pytest.raises(SmoteError, match="Complex data not supported"):
        sampler(key, **params).fit_resample(X_in, y_in)


@pytest.mark.parametrize("key", KEYS)
def test_empty_data_and_missing_y_use_the_standard_phrases(key):
    X, y = numbers()
    params = {"categorical_features": [0]} if SAMPLERS[key].categories == "mixed" else {}
    with pytest.raises(SmoteError, match=r"X has no rows: 0 sample\(s\) \(shape=\(0, 4\)\) while a minimum of 1"):
        sampler(key, **params).fit(np.empty((0, 4)), [])
    with pytest.raises(SmoteError, match=r"0 feature\(s\) \(shape=\(220, 0\)\) while a minimum of 1 is required"):
        sampler(key, **params).fit(np.empty((220, 0)), y)
    with pytest.raises(SmoteError, match="requires y to be passed, but the target y is None"):
        sampler(key, **params).fit(X, None)


# ---------------------------------------------------------------------------------------------------- parameters


@pytest.mark.parametrize("key", TWINNED_KEYS)
def test_imblearns_parameters_with_its_defaults(key):
    cls = SAMPLERS[key].cls
    ours = cls(categorical_features=[0]) if key == "smotenc" else cls()
    theirs = imblearn_class(ours)(categorical_features=[0]) if key == "smotenc" else imblearn_class(ours)()
    mine, imb = ours.get_params(deep=False), theirs.get_params(deep=False)
    assert {name: mine[name] for name in imb} == imb
    assert set(mine) - set(imb) == {"smote": {"neighbors"}, "smote_enn": {"n_neighbors", "kind_sel"}}.get(key, set())


@pytest.mark.parametrize("key", TWINNED_KEYS)
def test_imblearns_fitted_attributes(key):
    X, y = table(key)
    ours, theirs = sampler(key), twin(sampler(key))
    ours.fit_resample(X, y)
    theirs.fit_resample(X, y)
    fitted = {a for a in vars(theirs) if not a.startswith("_") and a not in theirs.get_params(deep=False)}
    assert fitted <= set(vars(ours)), fitted - set(vars(ours))
    for name in fitted - {"sampling_strategy_", "smote_", "enn_", "tomek_", "nn_k_", "nn_m_", "nn_",
                          "svm_estimator_", "kmeans_estimator_", "categorical_encoder_", "median_std_",
                          "in_danger_indices", "cluster_balance_threshold_"}:
        assert_same(np.asarray(getattr(ours, name)), np.asarray(getattr(theirs, name)))
    for name in ("nn_k_", "nn_m_", "nn_", "svm_estimator_", "kmeans_estimator_", "categorical_encoder_"):
        if name in fitted:
            assert type(getattr(ours, name)) is type(getattr(theirs, name))
            assert getattr(ours, name).get_params() == getattr(theirs, name).get_params()
    if key not in CLEANING:  # imbalanced-learn's cleaning samplers store the parameter as given
        assert list(ours.sampling_strategy_.items()) == list(theirs.sampling_strategy_.items())
    if "in_danger_indices" in fitted:
        assert ours.in_danger_indices.keys() == theirs.in_danger_indices.keys()
        for c, positions in theirs.in_danger_indices.items():
            assert_same(ours.in_danger_indices[c], positions)
    if "median_std_" in fitted:
        assert ours.median_std_ == theirs.median_std_
    for cleaner in ("enn_", "tomek_"):
        if cleaner in fitted:
            assert_same(getattr(ours, cleaner).sample_indices_, getattr(theirs, cleaner).sample_indices_)
            assert_same(ours.sample_indices_, getattr(ours, cleaner).sample_indices_)


@pytest.mark.parametrize("key", CLEANING)
def test_sample_indices_of_the_cleaning_samplers(key):
    X, y = numbers()
    ours = sampler(key)
    X_res, y_res = ours.fit_resample(X, y)
    X_mid, y_mid = ours.smote_.fit_resample(X, y)  # the over-sampler's output again: originals, then new rows
    assert np.array_equal(X_mid[ours.sample_indices_], X_res)
    assert np.array_equal(y_mid[ours.sample_indices_], y_res)
    originals = ours.sample_indices_[ours.sample_indices_ < len(X)]
    removed = ours.removed_.query("source == 'original'")["index"].to_numpy()
    assert np.array_equal(np.sort(np.concatenate([originals, removed])), np.arange(len(X)))


def test_in_danger_indices_go_with_a_failed_refit():
    from smote_core import BorderlineSMOTE

    X, y = numbers(2)
    sm = BorderlineSMOTE(random_state=0)
    sm.fit_resample(X, y)
    assert set(sm.in_danger_indices) == {1}
    assert np.array_equal(sm.in_danger_indices[1], np.flatnonzero(y == 1)[sm.in_danger_[1]])
    with pytest.raises(SmoteError):
        sm.fit_resample(X, np.zeros(len(y)))
    assert not hasattr(sm, "in_danger_indices")


@pytest.mark.parametrize("ours_cls, theirs_cls, name, cleaner", [
    (SMOTEENN, ImbSMOTEENN, "enn", EditedNearestNeighbours(n_neighbors=5, kind_sel="mode")),
    (SMOTETomek, ImbSMOTETomek, "tomek", TomekLinks(sampling_strategy="majority")),
])
def test_an_imblearn_cleaner_is_used_as_imblearn_uses_it(ours_cls, theirs_cls, name, cleaner):
    X, y = numbers()
    ours = ours_cls(random_state=1, n_jobs=1, **{name: cleaner})
    a = ours.fit_resample(X, y)
    b = theirs_cls(random_state=1, n_jobs=1, **{name: cleaner}).fit_resample(X, y)
    assert_same(a[0], b[0])
    assert_same(a[1], b[1])
    assert type(getattr(ours, f"{name}_")) is type(cleaner) and getattr(ours, f"{name}_") is not cleaner
    assert len(ours.removed_) == len(ours.smote_.provenance_) + len(X) - len(a[1])


def test_the_cleaning_samplers_refuse_what_they_cannot_use():
    X, y = numbers()
    with pytest.raises(SmoteError, match="set them on enn instead"):
        SMOTEENN(n_neighbors=5, enn=EditedNearestNeighbours()).fit_resample(X, y)
    with pytest.raises(SmoteError, match="kept no provenance_"):
        SMOTEENN(smote=ImbSMOTE()).fit_resample(X, y)
    with pytest.raises(SmoteError, match="has no sample_indices_"):
        SMOTETomek(tomek=ImbSMOTE()).fit_resample(X, y)


def test_kmeans_n_jobs_gives_the_same_rows():
    X, y = numbers(2)
    params = dict(kmeans_estimator=3, cluster_balance_threshold=0.2, random_state=0)
    a = KMeansSMOTE(**params).fit_resample(X, y)
    b = KMeansSMOTE(n_jobs=2, **params).fit_resample(X, y)
    assert_same(a[0], b[0])


@pytest.mark.parametrize("cls, params, ours, standard", [
    (SMOTE, {"k_neighbors": 0}, "k_neighbors=0: it must be at least 1",
     r"The 'k_neighbors' parameter of SMOTE must be an int in the range \[1, inf\) or an object implementing"),
    (SMOTEENN, {"kind_sel": "some"}, "kind_sel='some': use 'all' or 'mode'",
     "The 'kind_sel' parameter of SMOTEENN must be a str among"),
    (KMeansSMOTE, {"n_jobs": "all"}, None, "The 'n_jobs' parameter of KMeansSMOTE must be an instance of 'int'"),
])
def test_a_bad_parameter_says_it_twice(cls, params, ours, standard):
    """Our message first (what is wrong and what to do), then scikit-learn's sentence that its checks look for."""
    X, y = numbers()
    with pytest.raises(ParameterError, match=f"^{ours}.*{standard}" if ours else f"^{standard}") as info:
        cls(**params).fit(X, y)
    assert isinstance(info.value, InvalidParameterError) and isinstance(info.value, SmoteError)
