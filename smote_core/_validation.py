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
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.multiclass import type_of_target


class SmoteError(ValueError):
    """Bad input or parameters for a smote_core sampler.

    A subclass of ``ValueError`` so that code written for scikit-learn's errors keeps working. The message is
    meant for a person: it names what is wrong and says what to do.
    """


class DataTypeError(SmoteError, TypeError):
    """``X`` holds values of a type that is no number at all (a dict, a list, ...): a :class:`SmoteError` and a
    ``TypeError``, as numpy's conversion raises one."""


class ParameterError(SmoteError, InvalidParameterError):
    """A parameter of a smote_core sampler breaks its declared constraint (``_parameter_constraints``).

    A :class:`SmoteError` and scikit-learn's ``InvalidParameterError`` (a ``ValueError`` and a ``TypeError``): the
    message is smote_core's own, followed by scikit-learn's standard sentence ("The 'k_neighbors' parameter of SMOTE
    must be ... Got ... instead.") that scikit-learn's and imbalanced-learn's parameter checks look for.
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


def check_shape(n_rows: int, n_features: int, *, rows_hint: str = "SMOTE needs data to interpolate between.",
                features_hint: str = "Give at least one numeric feature."):
    """Refuse an ``X`` without rows or without columns, in scikit-learn's words as well as ours."""
    if n_rows == 0:
        raise SmoteError(
            f"X has no rows: 0 sample(s) (shape=(0, {n_features})) while a minimum of 1 is required. {rows_hint}"
        )
    if n_features == 0:
        raise SmoteError(
            f"X has no feature columns: 0 feature(s) (shape=({n_rows}, 0)) while a minimum of 1 is required. "
            + features_hint
        )


def refuse_complex(what: str, dtype, where: str = ""):
    """A complex-valued ``X`` or ``y`` (``dtype`` of kind ``"c"``) is refused, with scikit-learn's standard phrase."""
    dtype = np.dtype(dtype)
    if dtype.kind != "c":
        return
    if what == "y":
        raise SmoteError(
            f"y has complex labels (dtype {dtype}): Complex data not supported. Use whole numbers or strings as class "
            "labels."
        )
    raise SmoteError(
        f"X has complex values (dtype {dtype}){where}: Complex data not supported. Give real numbers, e.g. the real "
        "and imaginary parts as two columns (np.real(X), np.imag(X))."
    )


def refuse_complex_objects(values):
    """:func:`refuse_complex` for objects (a table that failed to convert): any complex number among them."""
    values = values.to_numpy() if isinstance(values, pd.DataFrame) else np.asarray(values, dtype=object)
    if any(isinstance(v, complex) for v in values.ravel().tolist()):
        refuse_complex("X", np.complex128, " among its values")


def refuse_complex_columns(df: pd.DataFrame):
    """:func:`refuse_complex` for a DataFrame: names the complex columns."""
    complex_columns = [c for c, dt in df.dtypes.items() if _numpy_dtype(dt).kind == "c"]
    if complex_columns:
        first = _numpy_dtype(df.dtypes[complex_columns[0]])
        refuse_complex("X", first, f" in column(s) {_quote_list(complex_columns)}")


def _numpy_dtype(dtype):
    """The numpy dtype behind a pandas column dtype (a sparse column's values, a nullable column's numbers)."""
    if isinstance(dtype, pd.SparseDtype):
        return np.dtype(dtype.subtype)
    try:
        return np.dtype(getattr(dtype, "numpy_dtype", dtype))
    except TypeError:  # strings, categories, ...: held as objects
        return np.dtype(object)


def is_sparse_frame(df: pd.DataFrame) -> bool:
    """Every column of ``df`` is a pandas sparse column with fill value 0 (it converts to a scipy matrix as it is)."""
    return df.shape[1] > 0 and all(isinstance(dt, pd.SparseDtype) and dt.fill_value == 0 for dt in df.dtypes)


def densify_sparse_columns(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every pandas sparse column made dense (its values' dtype); other columns as they are."""
    sparse_columns = {c: dt.subtype for c, dt in df.dtypes.items() if isinstance(dt, pd.SparseDtype)}
    return df.astype(sparse_columns) if sparse_columns else df


def _check_sparse(X):
    props = InputProps("sparse", extra={"format": X.format, "type": type(X)})
    if X.format not in ("csr", "csc"):
        X = X.tocsr()
    if X.ndim != 2:
        raise SmoteError(f"X must be 2-D (rows × features); got {X.ndim} dimensions.")
    check_shape(*X.shape)
    refuse_complex("X", X.dtype)
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
    check_shape(*arr.shape)
    refuse_complex("X", arr.dtype)
    if arr.dtype.kind in "OUSV":
        try:
            arr = arr.astype(np.float64)
        except (ValueError, TypeError) as exc:
            refuse_complex_objects(arr)
            bad = [j for j in range(arr.shape[1]) if not _column_is_numeric(arr[:, j])]
            message = (f"X has non-numeric values in column(s) {_quote_list(bad)} (0-based): encode or drop them "
                       "before resampling.")
            if isinstance(exc, TypeError):  # not even a string: numpy's own words say which type
                raise DataTypeError(f"{message} ({exc})") from None
            raise SmoteError(message) from None
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
    props = InputProps("dataframe", columns=df.columns, dtypes=df.dtypes, index_name=df.index.name,
                       extra={"sparse": is_sparse_frame(df)})
    check_shape(*df.shape)
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
    refuse_complex_columns(df)
    missing = df.isna()
    if missing.to_numpy().any():
        cols = df.columns[missing.any(axis=0).to_numpy()]
        n_rows = int(missing.any(axis=1).sum())
        raise SmoteError(
            f"X has missing values (NaN) in column(s) {_quote_list(cols)}, {plural(n_rows, 'row')} affected: "
            "drop those rows or impute them before resampling."
        )
    if props.extra["sparse"]:  # pandas sparse columns: a scipy matrix, as scikit-learn's check_array makes it
        return _check_sparse(df.sparse.to_coo())[0], props
    df = densify_sparse_columns(df)
    # One common dtype for the whole frame, as scikit-learn's check_array does.
    if any(isinstance(dt, pd.api.extensions.ExtensionDtype) for dt in df.dtypes):
        dtype = np.result_type(*[_numpy_dtype(dt) for dt in df.dtypes])
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


def check_y(y, n_rows: int, one_hot: bool = False) -> tuple[np.ndarray, dict]:
    """Validate the labels: one per row of X, no missing values, a classification target.

    Parameters
    ----------
    y : array-like, list, Series or one-column DataFrame of shape (n_rows,)
        With ``one_hot``, also a label-binarized (one-hot) 2-D array, list or DataFrame with exactly one 1 per row,
        as ``sklearn.preprocessing.label_binarize`` makes for more than two classes.
    n_rows : int
        The number of rows of ``X``.
    one_hot : bool, default=False
        Accept a one-hot ``y``: its labels are the column positions of the ones (imbalanced-learn's argmax).

    Returns
    -------
    y_array : ndarray of shape (n_rows,)
    props : dict
        What :func:`smote_core.samplers._base._as_input_type_y` needs to give labels back in ``y``'s form.
    """
    if y is None:
        raise SmoteError(
            "y is missing: a sampler requires y to be passed, but the target y is None. Pass one class label per "
            "row of X."
        )
    props = {"kind": "ndarray"}
    if isinstance(y, pd.DataFrame):
        if y.shape[1] != 1:
            if one_hot:
                return _check_one_hot(y, n_rows)
            raise SmoteError(f"y has {y.shape[1]} columns; pass a single column of class labels.")
        pandas_kind = "frame"  # a one-column DataFrame comes back as one
        y = y.iloc[:, 0]
    else:
        pandas_kind = "series"
    if isinstance(y, pd.Series):
        props = {"kind": pandas_kind, "name": y.name, "dtype": y.dtype}
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
        elif y_arr.ndim == 2 and one_hot:
            return _check_one_hot(y, n_rows)
        missing = pd.isna(y_arr) if y_arr.ndim == 1 else None
    if y_arr.ndim != 1:
        raise SmoteError(f"y must be one label per row (1-D); got shape {y_arr.shape}.")
    _check_length(len(y_arr), n_rows)
    if missing is not None and np.any(missing):
        rows = np.flatnonzero(missing)
        raise SmoteError(
            f"y has {plural(len(rows), 'missing label')} (rows {_quote_list(rows.tolist(), 5)}): "
            "drop those rows or give them a class."
        )
    refuse_complex("y", y_arr.dtype)
    if y_arr.dtype.kind in "OU":
        kinds = {type(v) for v in y_arr.tolist()}
        if any(issubclass(k, complex) for k in kinds):
            refuse_complex("y", np.complex128)
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
                f"y looks continuous ({len(np.unique(y_arr))} distinct decimal values; Unknown label type: "
                "continuous): SMOTE is for class labels, not regression targets. Pick a column of classes."
            )
    return y_arr, props


def _check_length(n_labels: int, n_rows: int):
    if n_labels != n_rows:
        raise SmoteError(
            f"X has {plural(n_rows, 'row')} but y has {plural(n_labels, 'label')}: they must match row for row."
        )


def _check_one_hot(y, n_rows: int) -> tuple[np.ndarray, dict]:
    """A label-binarized ``y`` (2-D, 0/1, exactly one 1 per row): its labels are the columns of the ones."""
    props = {"kind": "onehot", "container": "list" if isinstance(y, list) else "ndarray"}
    if isinstance(y, pd.DataFrame):
        props.update(container="frame", columns=y.columns, dtypes=y.dtypes)
        values = y.to_numpy()
    else:
        values = np.asarray(y)
    _check_length(values.shape[0], n_rows)
    try:
        numeric = values.astype(np.float64)
    except (TypeError, ValueError):
        numeric = np.full(values.shape, np.nan)
    zeros_and_ones = np.isin(numeric, (0, 1)).all()
    n_bad_rows = int(np.sum(numeric.sum(axis=1) != 1))
    if not zeros_and_ones or n_bad_rows:
        bad = f"{plural(n_bad_rows, 'row')} without exactly one 1" if zeros_and_ones else "values other than 0 and 1"
        raise SmoteError(
            f"y must be one label per row (1-D), or one-hot (exactly one 1 per row); got shape {values.shape} with "
            f"{bad}. Multilabel and multioutput targets are not supported: pass one class label per row."
        )
    props.update(n_columns=values.shape[1], dtype=values.dtype)
    return numeric.argmax(axis=1), props


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
