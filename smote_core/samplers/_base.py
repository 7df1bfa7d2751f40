"""What every over-sampler shares: input checks, the sampling strategy, and giving back the caller's types."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator

from .._validation import InputProps, SmoteError, check_X, check_y
from ..sampling import resolve_sampling_strategy

PROVENANCE_COLUMNS = ("parent", "neighbor", "gap", "class")


class BaseOverSampler(BaseEstimator):
    """Base class: subclasses implement ``_fit_resample(X, y) -> (X_new_blocks, y_new_blocks, provenance)``.

    ``X`` reaching ``_fit_resample`` is a 2-D numpy array (numeric or bool) or a CSR/CSC matrix, ``y`` a 1-D
    array; ``sampling_strategy_`` is set.
    """

    _sampling_type = "over-sampling"
    _read_X = staticmethod(check_X)  # samplers that take categorical columns read X their own way

    def _check_inputs(self, X, y):
        X_arr, x_props = self._read_X(X)
        y_arr, y_props = check_y(y, X_arr.shape[0])
        self.n_features_in_ = X_arr.shape[1]
        if x_props.kind == "dataframe" and all(isinstance(c, str) for c in x_props.columns):
            self.feature_names_in_ = np.asarray(x_props.columns, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        self.sampling_strategy_ = resolve_sampling_strategy(self.sampling_strategy, y_arr)
        return X_arr, y_arr, x_props, y_props

    def fit(self, X, y):
        """Check the inputs and work out ``sampling_strategy_`` without generating anything.

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
            Numeric features. A DataFrame gives a DataFrame back with the same columns and dtypes.
        y : array-like or Series of shape (n_samples,)
            Class labels of any type; a Series gives a Series back.

        Returns
        -------
        X_resampled : same type as X, shape (n_samples + n_new, n_features)
            The original rows in their order, then the new rows class by class (classes in sorted order).
        y_resampled : same type as y, shape (n_samples + n_new,)
        """
        for name in [a for a in vars(self) if a.endswith("_") and not a.startswith("_")]:
            delattr(self, name)  # a refit that fails must not leave the last run's provenance_ behind
        X_arr, y_arr, x_props, y_props = self._check_inputs(X, y)
        X_blocks, y_blocks, provenance = self._fit_resample(X_arr, y_arr)
        self.provenance_ = provenance
        if sparse.issparse(X_arr):
            X_res = sparse.vstack([X_arr, *X_blocks], format=X_arr.format)
        else:
            X_res = np.vstack([X_arr, *X_blocks]) if X_blocks else X_arr.copy()
        if X_res.dtype == bool:  # boolean features come back as float64 even when no row was added
            X_res = X_res.astype(np.float64)
        y_res = np.concatenate([y_arr, *y_blocks]) if y_blocks else y_arr.copy()
        return _as_input_type(X_res, x_props), _as_input_type_y(y_res, y_props)


def empty_provenance(y_dtype) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "parent": np.empty(0, dtype=np.int64),
            "neighbor": np.empty(0, dtype=np.int64),
            "gap": np.empty(0, dtype=np.float64),
            "class": np.empty(0, dtype=y_dtype),
        }
    )


def _as_input_type(X_res, props: InputProps):
    if props.kind == "dataframe":
        if sparse.issparse(X_res):
            X_res = X_res.toarray()
        frame = pd.DataFrame(X_res, columns=props.columns)
        # Back to each column's own dtype; boolean columns stay float, since an interpolated flag is a fraction.
        dtypes = {c: dt for c, dt in props.dtypes.items() if not pd.api.types.is_bool_dtype(dt)}
        frame = frame.astype(dtypes)
        frame.index.name = props.index_name
        return frame
    if props.kind == "list":
        return X_res.tolist()
    return X_res


def _as_input_type_y(y_res, y_props: dict):
    if y_props["kind"] == "series":
        series = pd.Series(y_res, name=y_props["name"])
        try:
            series = series.astype(y_props["dtype"])
        except (TypeError, ValueError):
            pass
        return series
    if y_props["kind"] == "list":
        return y_res.tolist()
    return y_res


def check_class_sizes(counts: dict, strategy: dict, k: int, param: str = "k_neighbors"):
    """Every class that gets new rows needs at least k + 1 samples (itself plus k neighbours)."""
    for c, n_new in strategy.items():
        n = counts[c]
        if n_new <= 0 or n > k:
            continue
        if n == 1:
            raise SmoteError(
                f"class {c!r} has 1 sample: SMOTE interpolates between a sample and its neighbours, so a class "
                "needs at least 2 samples. Add samples of this class or leave it out of sampling_strategy."
            )
        raise SmoteError(
            f"class {c!r} has {n} samples; {param}={k} needs at least {k + 1} — use {param} ≤ {n - 1}."
        )
