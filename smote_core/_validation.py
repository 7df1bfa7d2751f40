"""Input checks shared by every sampler, and the one error type they raise.

Every message says what is wrong and what to do about it, so that the app can show it as it is.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.utils import check_random_state as _sk_check_random_state
from sklearn.utils.multiclass import type_of_target


class SmoteError(ValueError):
    """Bad input or parameters for a smote_core sampler.

    A subclass of ``ValueError`` so that code written for scikit-learn's errors keeps working. The message is
    meant for a person: it names what is wrong and says what to do.
    """


def _quote_list(names, limit=8) -> str:
    names = [repr(str(n)) for n in names]
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown


def plural(n: int, word: str) -> str:
    """``plural(1, "row") -> "1 row"``, ``plural(3, "row") -> "3 rows"``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class InputProps:
    """What the caller gave us, so that the output can be given back in the same form."""

    kind: str  # "ndarray", "dataframe", "sparse", "list"
    columns: Any = None
    dtypes: Any = None
    index_name: Any = None
    extra: dict = field(default_factory=dict)


def check_X(X) -> tuple[Any, InputProps]:
    """Validate the feature matrix.

    Returns a 2-D numpy array (or a CSR/CSC matrix for sparse input) of a numeric or boolean dtype, and the
    properties needed to give the output back in the caller's type.
    """
    if X is None:
        raise SmoteError("X is missing: pass a 2-D array or a DataFrame of numeric features.")
    if sparse.issparse(X):
        return _check_sparse(X)
    if isinstance(X, pd.DataFrame):
        return _check_frame(X)
    return _check_array(X)


def _check_shape(n_rows: int, n_features: int):
    if n_rows == 0:
        raise SmoteError("X has no rows: SMOTE needs data to interpolate between.")
    if n_features == 0:
        raise SmoteError("X has no feature columns: give at least one numeric feature.")


def _check_sparse(X):
    props = InputProps("sparse", extra={"format": X.format, "type": type(X)})
    if X.format not in ("csr", "csc"):
        X = X.tocsr()
    if X.ndim != 2:
        raise SmoteError(f"X must be 2-D (rows × features); got {X.ndim} dimensions.")
    _check_shape(*X.shape)
    if not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise SmoteError(f"X has dtype {X.dtype}; SMOTE needs numeric features.")
    if np.issubdtype(X.dtype, np.floating) and not np.all(np.isfinite(X.data)):
        stored = X.tocoo()
        bad = ~np.isfinite(stored.data)
        raise SmoteError(
            f"X contains NaN or infinite values in column(s) {_quote_list(np.unique(stored.col[bad]))} "
            f"(0-based), {plural(len(np.unique(stored.row[bad])), 'row')} affected: drop those rows or impute "
            "them first."
        )
    return X, props


def _check_array(X):
    props = InputProps("list" if isinstance(X, list) else "ndarray")
    try:
        arr = np.asarray(X)
    except (ValueError, TypeError) as exc:
        raise SmoteError(f"X could not be read as a table of numbers ({exc}).") from None
    if arr.ndim != 2:
        raise SmoteError(
            f"X must be 2-D (rows × features); got an array with {arr.ndim} dimension(s) and shape {arr.shape}."
            + (" For a single feature use X.reshape(-1, 1)." if arr.ndim == 1 else "")
        )
    _check_shape(*arr.shape)
    if arr.dtype.kind in "OUSV":
        try:
            arr = arr.astype(np.float64)
        except (ValueError, TypeError):
            bad = [j for j in range(arr.shape[1]) if not _column_is_numeric(arr[:, j])]
            raise SmoteError(
                f"X has non-numeric values in column(s) {_quote_list(bad)} (0-based): "
                "encode or drop them before resampling."
            ) from None
    elif arr.dtype.kind not in "biuf":
        raise SmoteError(f"X has dtype {arr.dtype}; SMOTE needs numeric features.")
    if arr.dtype.kind == "f":
        finite = np.isfinite(arr)
        if not finite.all():
            bad_cols = np.flatnonzero(~finite.all(axis=0))
            bad_rows = np.flatnonzero(~finite.all(axis=1))
            raise SmoteError(
                f"X contains NaN or infinite values in column(s) {_quote_list(bad_cols)} (0-based), "
                f"{plural(len(bad_rows), 'row')} affected: drop those rows or impute them first."
            )
    return arr, props


def _column_is_numeric(col) -> bool:
    try:
        np.asarray(col).astype(np.float64)
        return True
    except (ValueError, TypeError):
        return False


def _check_frame(df: pd.DataFrame):
    props = InputProps("dataframe", columns=df.columns, dtypes=df.dtypes, index_name=df.index.name)
    _check_shape(*df.shape)
    if df.columns.has_duplicates:
        dups = df.columns[df.columns.duplicated()].unique()
        raise SmoteError(f"X has duplicate column names {_quote_list(dups)}: rename them so each is unique.")
    non_numeric = [
        c for c, dt in df.dtypes.items()
        if not (pd.api.types.is_numeric_dtype(dt) or pd.api.types.is_bool_dtype(dt))
        or isinstance(dt, pd.CategoricalDtype)
    ]
    if non_numeric:
        raise SmoteError(
            f"X has non-numeric column(s) {_quote_list(non_numeric)}: SMOTE interpolates numbers, so drop "
            "these columns or encode them as numbers first."
        )
    missing = df.isna()
    if missing.to_numpy().any():
        cols = df.columns[missing.any(axis=0).to_numpy()]
        n_rows = int(missing.any(axis=1).sum())
        raise SmoteError(
            f"X has missing values (NaN) in column(s) {_quote_list(cols)}, {plural(n_rows, 'row')} affected: "
            "drop those rows or impute them before resampling."
        )
    # One common dtype for the whole frame, as scikit-learn's check_array does.
    if any(isinstance(dt, pd.api.extensions.ExtensionDtype) for dt in df.dtypes):
        dtype = np.result_type(*[np.dtype(getattr(dt, "numpy_dtype", dt)) for dt in df.dtypes])
        arr = df.to_numpy(dtype=dtype)
    else:
        arr = df.to_numpy()
    if arr.dtype == object:
        arr = arr.astype(np.float64)
    if arr.dtype.kind == "f":
        inf = ~np.isfinite(arr)
        if inf.any():
            cols = df.columns[inf.any(axis=0)]
            raise SmoteError(
                f"X has infinite values in column(s) {_quote_list(cols)}, "
                f"{plural(int(inf.any(axis=1).sum()), 'row')} affected: drop or clip those rows first."
            )
    return arr, props


def check_y(y, n_rows: int) -> tuple[np.ndarray, dict]:
    """Validate the labels: one per row of X, no missing values, a classification target."""
    if y is None:
        raise SmoteError("y is missing: pass one class label per row of X.")
    props = {"kind": "ndarray"}
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            raise SmoteError(f"y has {y.shape[1]} columns; pass a single column of class labels.")
        y = y.iloc[:, 0]
    if isinstance(y, pd.Series):
        props = {"kind": "series", "name": y.name, "dtype": y.dtype}
        missing = y.isna().to_numpy()
        y_arr = y.to_numpy()
        if y_arr.dtype != object and not np.issubdtype(y_arr.dtype, np.number) and y_arr.dtype != bool:
            y_arr = y_arr.astype(object)
    else:
        if isinstance(y, list):
            props = {"kind": "list"}
        y_arr = np.asarray(y)
        if y_arr.ndim == 2 and y_arr.shape[1] == 1:
            y_arr = y_arr.ravel()
        missing = pd.isna(y_arr) if y_arr.ndim == 1 else None
    if y_arr.ndim != 1:
        raise SmoteError(f"y must be one label per row (1-D); got shape {y_arr.shape}.")
    if len(y_arr) != n_rows:
        raise SmoteError(
            f"X has {plural(n_rows, 'row')} but y has {plural(len(y_arr), 'label')}: they must match row for row."
        )
    if missing is not None and np.any(missing):
        rows = np.flatnonzero(missing)
        raise SmoteError(
            f"y has {plural(len(rows), 'missing label')} (rows {_quote_list(rows.tolist(), 5)}): "
            "drop those rows or give them a class."
        )
    if y_arr.dtype.kind in "OU":
        kinds = {type(v) for v in y_arr.tolist()}
        if len(kinds) > 1 and not all(issubclass(k, numbers.Number) for k in kinds):
            raise SmoteError(
                "y mixes label types ("
                + ", ".join(sorted(k.__name__ for k in kinds))
                + "): convert all labels to one type, e.g. y.astype(str)."
            )
    if y_arr.dtype.kind == "f":
        infinite = np.flatnonzero(np.isinf(y_arr))
        if len(infinite):
            raise SmoteError(
                f"y has {plural(len(infinite), 'infinite label')} (rows {_quote_list(infinite.tolist(), 5)}): a class "
                "label must be a name or a whole number; drop those rows or give them a class."
            )
        kind = type_of_target(y_arr)
        if kind == "continuous":
            raise SmoteError(
                f"y looks continuous ({len(np.unique(y_arr))} distinct decimal values): SMOTE is for class labels, "
                "not regression targets. Pick a column of classes."
            )
    return y_arr, props


def check_random_state(random_state):
    """None, an int or a ``numpy.random.RandomState``, as scikit-learn accepts."""
    try:
        return _sk_check_random_state(random_state)
    except ValueError:
        if isinstance(random_state, numbers.Integral):
            raise SmoteError(
                f"random_state={random_state} is out of range: use a whole number from 0 to {2**32 - 1}."
            ) from None
        raise SmoteError(
            f"random_state must be None, an int or a numpy.random.RandomState; got {random_state!r}."
        ) from None
