"""What every sampler shares: the one ``fit_resample``, input checks, provenance, giving back the caller's types."""

from __future__ import annotations

import functools
import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, OneToOneFeatureMixin
from sklearn.utils import TargetTags
from sklearn.utils._param_validation import (
    HasMethods,
    Interval,
    InvalidParameterError,
    StrOptions,
    validate_parameter_constraints,
)

from .._validation import InputProps, ParameterError, SmoteError, check_random_state, check_X, check_y
from ..neighbors import make_neighbors
from ..sampling import STRATEGY_NAMES, resolve_sampling_strategy
from ._tags import InputTags, SamplerTags, Tags

PROVENANCE_COLUMNS = ("parent", "neighbor", "gap", "class")

#: The declared constraint of a neighbour count: a whole number ≥ 1, or a neighbours object.
NEIGHBORS_CONSTRAINT = [Interval(numbers.Integral, 1, None, closed="left"), HasMethods(["fit", "kneighbors"])]
#: ``n_jobs`` as scikit-learn declares it.
N_JOBS_CONSTRAINT = [numbers.Integral, None]


class BaseOverSampler(OneToOneFeatureMixin, BaseEstimator):
    """Base class of every smote_core sampler; :meth:`fit_resample` is the only one there is (a template method).

    ``fit_resample(X, y)`` runs, in this order:

    1. every fitted attribute of an earlier fit (public, name ending in ``_``, and those in ``_fitted_names``) is
       removed, so that a refit that fails leaves nothing of the last run behind;
    2. ``_read_X(X) -> (X_checked, props)`` reads and validates ``X`` (default :func:`smote_core._validation.check_X`:
       a 2-D numeric or boolean array, or a CSR/CSC matrix); ``y`` is checked (a one-hot ``y`` becomes the column
       positions of its ones); every parameter is checked against ``_parameter_constraints`` (:meth:`_check_params`);
       ``n_features_in_``, ``feature_names_in_`` and ``sampling_strategy_`` are set;
    3. ``_prepare(X_checked, props, y) -> X_work`` checks what needs the data and costs little (e.g. which columns
       are categorical) and brings ``X`` into the form ``_fit_resample`` works on (default: ``X_checked`` as it is);
       :meth:`fit` stops here;
    4. ``_fit_resample(X_work, y) -> (X_resampled, y_resampled, provenance)``: the sampler's own work, on arrays;
       it validates the parameters that need the data; ``provenance`` becomes ``provenance_``;
    5. ``_give_back(X_resampled, props)`` returns ``X_resampled`` in the caller's container (default
       :func:`_as_input_type`); ``y_resampled`` is given back as ``y`` was given (:func:`_as_input_type_y`).

    Samplers that only add rows build their result with :class:`NewRows`.

    The class is a scikit-learn estimator and an imbalanced-learn sampler: ``__sklearn_tags__`` carries
    imbalanced-learn's ``sampler_tags`` (so ``imblearn.base.is_sampler`` is True), ``get_feature_names_out`` gives
    the input's feature names (the features are the same), and ``_parameter_constraints`` declares every parameter
    in scikit-learn's style.
    """

    _sampling_type = "over-sampling"
    _estimator_type = "sampler"
    _read_X = staticmethod(check_X)  # samplers that take categorical columns read X their own way
    _fitted_names: tuple[str, ...] = ()  # fitted attributes named as imbalanced-learn names them, without the "_"
    #: ``{parameter: check(value)}``: smote_core's own check of a parameter, raising a SmoteError that says what to do;
    #: :meth:`_check_params` puts its message before scikit-learn's standard one. A subclass's entries are added to
    #: its bases' (``sampling_strategy``'s check, which needs ``y``, is :meth:`_check_params`'s own).
    _value_checks: dict = {
        "random_state": check_random_state,
        **{name: functools.partial(make_neighbors, name=name)
           for name in ("k_neighbors", "m_neighbors", "n_neighbors")},
    }

    _parameter_constraints: dict = {
        "sampling_strategy": [
            Interval(numbers.Real, 0, 1, closed="right"),
            StrOptions(set(STRATEGY_NAMES)),
            Mapping,
            callable,
        ],
        "random_state": ["random_state"],
    }

    def __sklearn_tags__(self):
        """scikit-learn's tags with imbalanced-learn's: a sampler of 2-D arrays, sparse matrices and DataFrames."""
        return Tags(
            estimator_type="sampler",
            target_tags=TargetTags(required=True),
            input_tags=InputTags(two_d_array=True, sparse=True, dataframe=True),
            sampler_tags=SamplerTags(sample_indices=False),
        )

    def _clear_fitted(self):
        names = [a for a in vars(self) if (a.endswith("_") and not a.startswith("_")) or a in self._fitted_names]
        for name in names:
            delattr(self, name)  # a refit that fails must not leave the last run's provenance_ behind

    def _check_params(self, y):
        """Every parameter against its declared constraint (``_parameter_constraints``), as scikit-learn checks it.

        A parameter that breaks it raises :class:`smote_core._validation.ParameterError`: smote_core's own message
        (from ``_value_checks``) followed by scikit-learn's standard sentence.
        """
        checks = {}
        for cls in reversed(type(self).__mro__):
            checks.update(vars(cls).get("_value_checks", {}))
        checks["sampling_strategy"] = functools.partial(resolve_sampling_strategy, y=y)
        params = self.get_params(deep=False)
        for name, constraints in self._parameter_constraints.items():
            try:
                validate_parameter_constraints({name: constraints}, {name: params[name]},
                                               caller_name=type(self).__name__)
            except InvalidParameterError as exc:
                ours = None
                try:
                    checks.get(name, lambda value: None)(params[name])
                except Exception as own:  # noqa: BLE001 - only our own message is worth adding
                    ours = str(own) if isinstance(own, SmoteError) else None
                raise ParameterError(f"{ours} ({exc})" if ours else str(exc)) from None

    def _check_inputs(self, X, y):
        """Steps 1–3 of :meth:`fit_resample`: ``(X_work, y_array, X props, y props)``."""
        self._clear_fitted()
        X_arr, x_props = self._read_X(X)
        y_arr, y_props = check_y(y, X_arr.shape[0], one_hot=True)
        self._check_params(y_arr)
        self.n_features_in_ = X_arr.shape[1]
        if x_props.kind == "dataframe" and all(isinstance(c, str) for c in x_props.columns):
            self.feature_names_in_ = np.asarray(x_props.columns, dtype=object)
        self.sampling_strategy_ = resolve_sampling_strategy(self.sampling_strategy, y_arr)
        return self._prepare(X_arr, x_props, y_arr), y_arr, x_props, y_props

    def _prepare(self, X, props, y):
        """Check what needs the data and return ``X`` as ``_fit_resample`` takes it (here: unchanged)."""
        return X

    def _fit_resample(self, X, y):
        """``(X_resampled, y_resampled, provenance)`` as arrays; every sampler implements it."""
        raise NotImplementedError

    def _give_back(self, X_res, props: InputProps):
        """``X_res`` in the container (and column dtypes) ``X`` came in."""
        return _as_input_type(X_res, props)

    def fit(self, X, y):
        """Steps 1–3 of :meth:`fit_resample`: check the inputs (and what ``_prepare`` checks), work out
        ``sampling_strategy_``, generate nothing. Fitted attributes of an earlier fit are removed first.

        Returns
        -------
        self
        """
        self._check_inputs(X, y)
        return self

    def fit_resample(self, X, y):
        """Resample ``X`` and ``y``.

        Parameters
        ----------
        X : {array-like, DataFrame, sparse matrix} of shape (n_samples, n_features)
            The features (numeric, or for SMOTE-NC and SMOTE-N also categorical). A DataFrame gives a DataFrame back
            with the same columns and dtypes (pandas sparse columns included).
        y : array-like, Series or one-column DataFrame of shape (n_samples,), or one-hot of shape (n_samples, n_classes)
            Class labels of any type but complex; a Series or a one-column DataFrame gives the same back. A
            label-binarized ``y`` (0/1, exactly one 1 per row) is resampled with the column positions of its ones
            as the labels (so ``sampling_strategy`` and ``provenance_["class"]`` use them) and given back one-hot,
            in the same container, dtype and columns.

        Returns
        -------
        X_resampled : same type as X
            For the over-samplers: the original rows in their order, then the new rows class by class (classes in
            sorted order), shape (n_samples + n_new, n_features). The cleaning samplers say their own order.
        y_resampled : same type as y
        """
        X_work, y_arr, x_props, y_props = self._check_inputs(X, y)
        X_res, y_res, self.provenance_ = self._fit_resample(X_work, y_arr)
        return self._give_back(X_res, x_props), _as_input_type_y(y_res, y_props)


class NewRows:
    """The rows an over-sampler makes, class by class, and the provenance of each: the one place it is assembled.

    Parameters
    ----------
    y_dtype : dtype
        The labels' dtype (the ``class`` column's).
    extra : dict, default=None
        ``{column: dtype}`` of the sampler's own provenance columns after ``parent``, ``neighbor``, ``gap`` and
        ``class`` (for the empty frame's dtypes; every :meth:`add` gives them).

    Attributes
    ----------
    X_blocks, y_blocks : list
        The new rows' features (when given) and labels, one block per :meth:`add`.
    """

    def __init__(self, y_dtype, extra: dict | None = None):
        self.y_dtype = y_dtype
        self.extra = dict(extra or {})
        self.X_blocks, self.y_blocks, self._provenance = [], [], []

    def add(self, c, X_new, parents, neighbors, gaps, **extra):
        """Record ``len(parents)`` new rows of class ``c`` (``X_new``: their features, or None if kept elsewhere)."""
        if set(extra) != set(self.extra):
            raise TypeError(f"provenance columns {sorted(extra)} given, {sorted(self.extra)} declared")
        y_new = np.full(len(parents), c, dtype=self.y_dtype)
        if X_new is not None:
            self.X_blocks.append(X_new)
        self.y_blocks.append(y_new)
        self._provenance.append(provenance_block(parents, neighbors, gaps, y_new, **extra))

    def provenance(self) -> pd.DataFrame:
        """Every recorded row's provenance, in the order added (an empty frame with the right dtypes if none)."""
        if self._provenance:
            return pd.concat(self._provenance, ignore_index=True)
        frame = empty_provenance(self.y_dtype)
        for name, dtype in self.extra.items():
            frame[name] = np.empty(0, dtype=dtype)
        return frame

    def y_res(self, y) -> np.ndarray:
        """``y`` followed by the new rows' labels."""
        return np.concatenate([y, *self.y_blocks]) if self.y_blocks else y.copy()

    def result(self, X, y):
        """``(X_resampled, y_resampled, provenance)``: the originals, then the new rows (``_fit_resample``'s return)."""
        return append_rows(X, self.X_blocks), self.y_res(y), self.provenance()


def provenance_block(parents, neighbors, gaps, classes, **extra) -> pd.DataFrame:
    """One block of provenance: ``parent``, ``neighbor`` (int64), ``gap`` (float64), ``class``, then ``extra``."""
    return pd.DataFrame({
        "parent": np.asarray(parents, dtype=np.int64),
        "neighbor": np.asarray(neighbors, dtype=np.int64),
        "gap": np.asarray(gaps, dtype=np.float64),
        "class": classes,
        **extra,
    })


def empty_provenance(y_dtype) -> pd.DataFrame:
    """A provenance frame without rows: the four columns of :data:`PROVENANCE_COLUMNS` with their dtypes."""
    return pd.DataFrame(
        {
            "parent": np.empty(0, dtype=np.int64),
            "neighbor": np.empty(0, dtype=np.int64),
            "gap": np.empty(0, dtype=np.float64),
            "class": np.empty(0, dtype=y_dtype),
        }
    )


def append_rows(X, X_blocks):
    """``X`` (dense or CSR/CSC) followed by the new rows; boolean features come back float64 even with none added."""
    if sparse.issparse(X):
        X_res = sparse.vstack([X, *X_blocks], format=X.format)
    else:
        X_res = np.vstack([X, *X_blocks]) if X_blocks else X.copy()
    if X_res.dtype == bool:  # an interpolated flag is a fraction
        X_res = X_res.astype(np.float64)
    return X_res


def _as_input_type(X_res, props: InputProps):
    if props.kind == "dataframe":
        if sparse.issparse(X_res) and props.extra.get("sparse"):  # pandas sparse columns in, pandas sparse out
            frame = pd.DataFrame.sparse.from_spmatrix(X_res, columns=props.columns)
        else:
            frame = pd.DataFrame(X_res.toarray() if sparse.issparse(X_res) else X_res, columns=props.columns)
        # Back to each column's own dtype; boolean columns stay float, since an interpolated flag is a fraction.
        dtypes = {c: dt for c, dt in props.dtypes.items() if not pd.api.types.is_bool_dtype(dt)}
        frame = frame.astype(dtypes)
        frame.index.name = props.index_name
        return frame
    if props.kind == "list":
        return X_res.tolist()
    return X_res


def _as_input_type_y(y_res, y_props: dict):
    """``y_res`` in the form ``y`` came in: Series, one-column DataFrame, list, one-hot (same container) or array."""
    kind = y_props["kind"]
    if kind in ("series", "frame"):
        series = pd.Series(y_res, name=y_props["name"])
        try:
            series = series.astype(y_props["dtype"])
        except (TypeError, ValueError):
            pass
        return series.to_frame() if kind == "frame" else series
    if kind == "onehot":
        one_hot = np.zeros((len(y_res), y_props["n_columns"]), dtype=y_props["dtype"])
        one_hot[np.arange(len(y_res)), np.asarray(y_res, dtype=np.int64)] = 1
        if y_props["container"] == "frame":
            return pd.DataFrame(one_hot, columns=y_props["columns"]).astype(y_props["dtypes"])
        return one_hot.tolist() if y_props["container"] == "list" else one_hot
    if kind == "list":
        return y_res.tolist()
    return y_res


def fresh_estimator(estimator, default, why: str):
    """A clone of ``estimator`` (an object with ``fit`` and ``predict``), ``default()`` for None, else a
    :class:`SmoteError` with ``why`` (what to give instead)."""
    if estimator is None:
        return default()
    if not (hasattr(estimator, "fit") and hasattr(estimator, "predict")):
        raise SmoteError(why)
    from sklearn.base import clone

    return clone(estimator)


def check_class_sizes(counts: dict, strategy: dict, k: int, param: str = "k_neighbors"):
    """Every class that gets new rows needs at least k + 1 samples (itself plus k neighbours).

    The one check of class sizes: every sampler that takes a sample's k nearest same-class neighbours calls it.
    """
    for c, n_new in strategy.items():
        n = counts[c]
        if n_new <= 0 or n > k:
            continue
        if n == 1:
            raise SmoteError(
                f"class {c!r} has 1 sample: every new row is made from a sample and its nearest neighbours of the "
                "same class, so a class needs at least 2 samples. Add samples of this class or leave it out of "
                "sampling_strategy."
            )
        raise SmoteError(
            f"class {c!r} has {n} samples; {param}={k} needs at least {k + 1} — use {param} ≤ {n - 1}."
        )
