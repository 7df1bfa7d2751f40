"""SMOTE for categorical data: SMOTE-NC (numeric + categorical features) and SMOTE-N (categorical only).

Both take categorical columns as they are — strings, pandas categories, booleans, numeric codes — and give them back
in the caller's types. Synthetic categorical values are *voted*: each takes the most frequent value among a set of
same-class neighbours, which ``provenance_`` lists per synthetic row (column ``voters``). The outputs are
bit-identical to imbalanced-learn's ``SMOTENC`` and ``SMOTEN`` (0.14) for the same inputs and ``random_state``,
except for the deliberate differences listed in each class's Notes.
"""

from __future__ import annotations

import functools
import numbers

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.spatial import distance_matrix
from sklearn.base import clone
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.utils import check_array
from sklearn.utils._param_validation import HasMethods
from sklearn.utils.sparsefuncs import mean_variance_axis

from .._validation import (
    DataTypeError,
    InputProps,
    SmoteError,
    _column_is_numeric,
    _quote_list,
    check_random_state,
    check_shape,
    densify_sparse_columns,
    plural,
    refuse_complex,
    refuse_complex_columns,
    refuse_complex_objects,
)
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes
from .smote import draw_pairs, interpolate

__all__ = ["SMOTEN", "SMOTENC"]

#: The columns of ``provenance_`` for both samplers: smote_core.SMOTE's four, plus the voters.
PROVENANCE_COLUMNS_CATEGORICAL = ("parent", "neighbor", "gap", "class", "voters")


# --------------------------------------------------------------------------------------------------------------
# Reading X: numeric, string, categorical and boolean columns alike
# --------------------------------------------------------------------------------------------------------------


def _read_table(X):
    """Validate the shape of ``X`` and return ``(data, props)``.

    ``data`` is the DataFrame itself, or a 2-D numpy array (any dtype, object included). Sparse matrices are made
    dense, and so are a DataFrame's pandas sparse columns (given back sparse): categorical data cannot stay sparse
    through encoding. Missing values and complex numbers are refused.
    """
    if X is None:
        raise SmoteError("X is missing: pass a 2-D array or a DataFrame of features.")
    if isinstance(X, pd.DataFrame):
        props = InputProps("dataframe", columns=X.columns, dtypes=X.dtypes, index_name=X.index.name)
        data = densify_sparse_columns(X)
        if X.columns.has_duplicates:
            dups = X.columns[X.columns.duplicated()].unique()
            raise SmoteError(f"X has duplicate column names {_quote_list(dups)}: rename them so each is unique.")
        refuse_complex_columns(X)
    elif sparse.issparse(X):
        props = InputProps("sparse", extra={"format": X.format})
        if X.ndim != 2:
            raise SmoteError(f"X must be 2-D (rows × features); got {X.ndim} dimensions.")
        data = X.toarray()
    else:
        props = InputProps("list" if isinstance(X, list) else "ndarray")
        try:
            data = np.asarray(X)
            if isinstance(X, list) and data.dtype.kind in "USV":
                # A list mixing numbers and strings: numpy would turn every number into a string.
                data = np.asarray(X, dtype=object)
        except (ValueError, TypeError) as exc:
            raise SmoteError(f"X could not be read as a table ({exc}): give every row the same length.") from None
        if data.ndim != 2:
            raise SmoteError(
                f"X must be 2-D (rows × features); got an array with {data.ndim} dimension(s) and shape "
                f"{data.shape}." + (" For a single feature use X.reshape(-1, 1)." if data.ndim == 1 else "")
            )
    check_shape(*data.shape, rows_hint="There is nothing to over-sample.", features_hint="Give at least one feature.")
    if not isinstance(data, pd.DataFrame):
        refuse_complex("X", data.dtype)
    _refuse_missing(data, props)
    _refuse_infinite(data, props)
    return data, props


def _column_names(props: InputProps, n_features: int):
    return list(props.columns) if props.kind == "dataframe" else list(range(n_features))


def _refuse_missing(data, props):
    missing = data.isna().to_numpy() if isinstance(data, pd.DataFrame) else _isna_array(data)
    if missing.any():
        cols = np.flatnonzero(missing.any(axis=0))
        names = [_column_names(props, data.shape[1])[j] for j in cols]
        where = "column(s)" if props.kind == "dataframe" else "column(s) (0-based)"
        raise SmoteError(
            f"X has missing values (NaN/None) in {where} {_quote_list(names)}, "
            f"{plural(int(missing.any(axis=1).sum()), 'row')} affected: drop those rows or impute them before "
            "resampling (for a categorical column, a category of its own such as 'missing' works)."
        )


def _refuse_infinite(data, props):
    """Infinite values in a floating-point column, numeric or categorical, are refused."""
    if isinstance(data, pd.DataFrame):
        columns = [j for j, dt in enumerate(data.dtypes) if pd.api.types.is_float_dtype(dt)]
        values = data.iloc[:, columns].to_numpy(dtype=np.float64) if columns else np.empty((len(data), 0))
    else:
        columns = list(range(data.shape[1])) if data.dtype.kind == "f" else []
        values = data if columns else np.empty((len(data), 0))
    infinite = np.isinf(values).any(axis=0)
    if infinite.any():
        names = [_column_names(props, data.shape[1])[columns[j]] for j in np.flatnonzero(infinite)]
        raise SmoteError(f"X has infinite values in column(s) {_quote_list(names)}: drop or clip those rows first.")


def _isna_array(arr) -> np.ndarray:
    if arr.dtype.kind == "f":
        return np.isnan(arr)
    if arr.dtype.kind == "O":
        return np.asarray(pd.isna(arr), dtype=bool)
    return np.zeros(arr.shape, dtype=bool)


def _is_categorical_dtype(dtype) -> bool:
    """A column that ``categorical_features="auto"`` treats as categorical."""
    return (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_object_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
    )


def _refuse_unknown_spec(spec):
    """A ``categorical_features`` that is neither 'auto', a position, a name nor a list of them is refused."""
    if spec is None or not (isinstance(spec, (str, numbers.Integral)) or hasattr(spec, "__len__")):
        raise SmoteError(
            f"categorical_features={spec!r} is not understood: give column positions, column names, a boolean mask "
            "of length n_features, or 'auto' to take a DataFrame's category, string, object and bool columns."
        )


def _resolve_categorical_features(spec, data, props) -> np.ndarray:
    """``categorical_features`` → column positions, in the order given."""
    n_features = data.shape[1]
    if isinstance(spec, str) and spec in ("auto", "infer"):
        if props.kind != "dataframe":
            raise SmoteError(
                f"categorical_features={spec!r} reads the column types of a DataFrame, but X is "
                f"{'a sparse matrix' if props.kind == 'sparse' else 'a numpy array or list'}: give the categorical "
                "columns' positions (0-based) or a boolean mask instead, or pass a DataFrame."
            )
        return np.flatnonzero([_is_categorical_dtype(dt) for dt in data.dtypes]).astype(np.int64)
    if isinstance(spec, (str, numbers.Integral)) and not isinstance(spec, (bool, np.bool_)):
        spec = [spec]
    _refuse_unknown_spec(spec)
    items = list(np.asarray(spec, dtype=object).ravel()) if not isinstance(spec, pd.Index) else list(spec)
    if len(items) == 0:
        return np.empty(0, dtype=np.int64)
    if all(isinstance(v, (bool, np.bool_)) for v in items):
        return _positions_from_mask(items, n_features)
    if all(isinstance(v, numbers.Integral) and not isinstance(v, (bool, np.bool_)) for v in items):
        idx = _positions_from_positions(items, n_features)
    elif all(isinstance(v, str) for v in items):
        idx = _positions_from_names(items, props)
    else:
        raise SmoteError(
            f"categorical_features={spec!r} mixes kinds of entries: give only column positions, only column names, "
            "or a boolean mask."
        )
    if len(np.unique(idx)) != len(idx):
        names = _column_names(props, n_features)
        dups = sorted({names[i] for i in idx if (idx == i).sum() > 1}, key=str)
        raise SmoteError(f"categorical_features lists column(s) {_quote_list(dups)} more than once: list each once.")
    return idx


def _positions_from_mask(items, n_features) -> np.ndarray:
    if len(items) != n_features:
        raise SmoteError(
            f"categorical_features is a boolean mask of length {len(items)}, but X has "
            f"{plural(n_features, 'column')}: give one True/False per column."
        )
    return np.flatnonzero(items).astype(np.int64)


def _positions_from_positions(items, n_features) -> np.ndarray:
    bad = [v for v in items if not -n_features <= v < n_features]
    if bad:
        raise SmoteError(
            f"categorical_features has position(s) {', '.join(str(int(v)) for v in bad)} outside X's "
            f"{plural(n_features, 'column')}: "
            f"use positions from 0 to {n_features - 1} (or negative ones from the end)."
        )
    return np.array([int(v) % n_features for v in items], dtype=np.int64)


def _positions_from_names(items, props) -> np.ndarray:
    if props.kind != "dataframe":
        raise SmoteError(
            f"categorical_features names columns ({_quote_list(items)}), but X has no column names: give "
            "the columns' positions (0-based) or a boolean mask, or pass a DataFrame."
        )
    columns = list(props.columns)
    unknown = [v for v in items if v not in columns]
    if unknown:
        raise SmoteError(
            f"categorical_features names column(s) {_quote_list(unknown)} that are not in X; the columns are "
            f"{_quote_list(columns)}. Check the spelling (names are case-sensitive)."
        )
    return np.array([columns.index(v) for v in items], dtype=np.int64)


def _encode_categories(encoder, X_cat, names, what: str):
    # ``what``: "categorical " for SMOTENC's categorical columns, "" for SMOTEN's (all) columns.
    """``encoder.fit_transform(X_cat)``, with the encoders' own errors turned into advice."""
    try:
        return encoder.fit_transform(X_cat)
    except (TypeError, ValueError) as exc:
        refuse_complex_objects(X_cat)
        mixed = [names[j] for j in range(X_cat.shape[1]) if _mixes_types(_column(X_cat, j))]
        if mixed and isinstance(exc, TypeError):
            raise SmoteError(
                f"{what}column(s) {_quote_list(mixed)} mix strings and numbers, which cannot be sorted into "
                "categories: convert each to one type, e.g. X[col].astype(str)."
            ) from None
        raise SmoteError(f"the categorical encoder could not encode the {what}columns ({exc}).") from None


def _column(X, j):
    return X.iloc[:, j].to_numpy() if isinstance(X, pd.DataFrame) else X[:, j]


def _mixes_types(values) -> bool:
    kinds = {str if isinstance(v, str) else numbers.Number if isinstance(v, numbers.Number) else type(v)
             for v in np.asarray(values, dtype=object).tolist()}
    return len(kinds) > 1


def _check_encoder(encoder, kind: str):
    if encoder is None:
        return None
    if not (hasattr(encoder, "fit_transform") and hasattr(encoder, "inverse_transform")):
        raise SmoteError(
            f"categorical_encoder={encoder!r} has no fit_transform/inverse_transform: give a scikit-learn "
            f"{kind} (or None for the default)."
        )
    return clone(encoder)


def _as_table_type(result, props: InputProps, keep_float: frozenset = frozenset()):
    """The resampled table in the caller's container; a DataFrame gets its columns' dtypes back.

    ``keep_float`` names DataFrame columns that stay float64 (interpolated booleans).
    """
    if props.kind == "dataframe":
        frame = pd.DataFrame(result, columns=props.columns)
        frame = frame.astype({c: dt for c, dt in props.dtypes.items() if c not in keep_float})
        if keep_float:
            frame = frame.astype({c: np.float64 for c in keep_float})
        frame.index.name = props.index_name
        return frame
    if props.kind == "list":
        return result.tolist()
    if props.kind == "sparse":
        return (sparse.csc_matrix if props.extra["format"] == "csc" else sparse.csr_matrix)(result)
    return result


def _voted(voter_codes: np.ndarray, n_categories: int) -> np.ndarray:
    """``counts[i, v]``: how many of row ``i``'s voters have category code ``v``."""
    counts = np.zeros((voter_codes.shape[0], n_categories), dtype=np.int64)
    np.add.at(counts, (np.repeat(np.arange(voter_codes.shape[0]), voter_codes.shape[1]), voter_codes.ravel()), 1)
    return counts


class _CategoricalOverSampler(BaseOverSampler):
    """Shared input handling: X may hold strings, categories and booleans, which smote_core's check_X refuses.

    Hooks into :class:`BaseOverSampler`'s ``fit_resample``: ``_read_X`` is :func:`_read_table` (any column types,
    no missing values); ``_prepare`` (per sampler) finds the columns and converts the numeric ones (``fit`` stops
    there); ``_fit_resample`` checks the parameters that need the data, encodes the categories and resamples;
    ``_give_back`` writes the resampled table back in the caller's container and column dtypes.
    """

    _read_X = staticmethod(_read_table)
    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "categorical_encoder": [HasMethods(["fit_transform", "inverse_transform"]), None],
    }
    _encoder_kind = ""  # what categorical_encoder must be, for the messages (each sampler says)

    def __sklearn_tags__(self):
        """A sampler's tags; ``X`` may hold strings and categories."""
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        return tags

    def _give_back(self, X_res, props: InputProps):
        return _as_table_type(X_res, props, self._float_columns(props))

    def _float_columns(self, props: InputProps) -> frozenset:
        """DataFrame columns that come back float64 instead of their own dtype (none here)."""
        return frozenset()

    @staticmethod
    def _voters_column(voters) -> pd.Series:
        """The provenance's ``voters``: one list of positions in X per new row."""
        return pd.Series([v.tolist() for v in voters], dtype=object)


# --------------------------------------------------------------------------------------------------------------
# SMOTE-NC
# --------------------------------------------------------------------------------------------------------------


class SMOTENC(_CategoricalOverSampler):
    """SMOTE for Nominal and Continuous features, with provenance.

    Numeric (continuous) features are interpolated as in SMOTE: ``x + λ·(x_nn − x)`` with ``x_nn`` one of ``x``'s
    ``k`` nearest same-class neighbours and ``λ`` uniform in [0, 1). Each categorical feature takes the value most
    frequent among those ``k`` neighbours (ties broken at random). Neighbours are found in a space where every
    categorical feature is one-hot encoded with the "on" entries set to ``median_std / √2`` — the median standard
    deviation of the class's continuous features — so that a differing category adds ``median_std²`` to the
    squared distance, as in the SMOTE paper. Bit-identical to ``imblearn.over_sampling.SMOTENC`` 0.14 for the same
    inputs and ``random_state``, except as listed in the Notes.

    Parameters
    ----------
    categorical_features : "auto", "infer" or array-like
        Which features are categorical:

        - ``"auto"`` (alias ``"infer"``): a DataFrame's columns of category, string, object or bool dtype;
        - column positions (ints, negative ones count from the end);
        - column names (X must be a DataFrame);
        - a boolean mask with one entry per column;
        - a single position or name.

        At least one feature must be categorical and at least one not.
    categorical_encoder : estimator, default=None
        A one-hot encoder with one output column per category (``fit_transform``, ``inverse_transform`` and
        ``categories_``). ``None`` uses ``OneHotEncoder(handle_unknown="ignore")``, whose categories are each
        column's distinct values in sorted order. Its category order decides the order of tied categories before
        the random tie-break.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class's draws, and another fresh one for each class's
        tie-breaks, as imbalanced-learn does.
    k_neighbors : int or estimator, default=5
        Number of same-class nearest neighbours, or an estimator with ``fit`` and ``kneighbors`` whose
        ``n_neighbors`` counts the sample itself.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order.
    categorical_features_ : ndarray of int64
        Positions of the categorical features, in the order given (sorted for ``"auto"`` and masks).
    continuous_features_ : ndarray of int64
        Positions of the continuous features, sorted.
    n_features_ : int
        The number of features (imbalanced-learn's name; the same as ``n_features_in_``).
    categorical_encoder_ : estimator
        The fitted one-hot encoder.
    median_std_ : dict
        ``{class: median of its continuous features' standard deviations (ddof=0)}`` for every class that received
        rows.
    nn_k_ : estimator
        The nearest-neighbour estimator used (fitted on the last class resampled).
    k_ : int
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for every sample of the class, in the order they occur in X,
        the positions in X of its k nearest same-class neighbours in the encoded space.
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``:

        - ``parent``, ``neighbor`` (int64, 0-based row positions in X) and ``gap`` (λ, float64): every continuous
          feature of the new row is ``X[parent] + gap · (X[neighbor] − X[parent])``, computed as
          :func:`smote_core.interpolate` does on the continuous columns brought to one dtype as scikit-learn's
          ``check_array`` does (float64 for a mix such as float32 + int64), then, for a DataFrame, cast back to
          each column's own dtype;
        - ``class``;
        - ``voters``: list of the k positions in X (the parent's ``nn_indices_`` row) whose categorical values were
          counted. Every categorical feature of the new row holds a value that is most frequent among the voters'
          values of that feature; among equally frequent values one is drawn at random. ``neighbor`` is one of the
          voters; the parent is not one (unless a duplicate of it took its own first place).
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names.

    Notes
    -----
    Differences from imbalanced-learn:

    - When every continuous feature is of an integer (or boolean) dtype, imbalanced-learn builds its encoded matrix
      in that integer dtype, so ``median_std / √2`` is truncated — to 0 when the median standard deviation is below
      √2, which drops the categorical features from the distance and makes each synthetic category a uniform draw
      among *all* categories, voted for or not. Here the encoded matrix is float64 in that case; integer features
      are interpolated exactly as in :class:`smote_core.SMOTE` and cast back to their dtype (truncated toward zero,
      as imbalanced-learn does); boolean continuous features come back as float64. Results then differ from
      imbalanced-learn's.
    - The vote counts neighbours. imbalanced-learn compares sums of encoded entries with ``np.isclose``, which
      agrees except when the median standard deviation is positive but below about 1e-8, where it calls every
      category tied.
    - ``categorical_features="auto"`` also takes string, object and bool columns (imbalanced-learn takes only
      category columns and fails on string ones). ``"infer"`` is accepted as an alias. Repeated columns are
      refused (imbalanced-learn returns an extra column); a numpy boolean mask works (imbalanced-learn 0.14 fails).
    - Missing values are refused (imbalanced-learn makes NaN a category of its own).
    - A list mixing numbers and strings is read as objects, keeping the numbers (imbalanced-learn lets numpy turn
      it into strings and then fails on the continuous columns).
    - A sparse X is resampled densely and given back in its own format (imbalanced-learn returns CSR for CSC).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from smote_core import SMOTENC
    >>> rng = np.random.RandomState(0)
    >>> X = pd.DataFrame({"amount": rng.normal(size=40), "channel": rng.choice(["web", "shop"], size=40)})
    >>> y = np.array([0] * 30 + [1] * 10)
    >>> sm = SMOTENC(categorical_features=["channel"], k_neighbors=3, random_state=0)
    >>> X_res, y_res = sm.fit_resample(X, y)
    >>> X_res.shape, X_res.dtypes.tolist() == X.dtypes.tolist()
    ((60, 2), True)
    >>> list(sm.provenance_.columns)
    ['parent', 'neighbor', 'gap', 'class', 'voters']
    """

    _parameter_constraints: dict = {
        **_CategoricalOverSampler._parameter_constraints,
        "categorical_features": ["array-like", str, numbers.Integral],
    }
    _encoder_kind = "one-hot encoder such as OneHotEncoder()"
    _value_checks = {"categorical_encoder": functools.partial(_check_encoder, kind=_encoder_kind),
                     "categorical_features": _refuse_unknown_spec}

    def __init__(self, categorical_features, *, categorical_encoder=None, sampling_strategy="auto",
                 random_state=None, k_neighbors=5):
        self.categorical_features = categorical_features
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _prepare(self, data, props, y):
        """Find the categorical and continuous columns and convert the continuous ones.

        Returns the dict ``_fit_resample`` takes: the table ``data``, its column ``names``, the continuous part
        ``X_cont`` and the neighbour space's dtype ``work_dtype``.
        """
        names = _column_names(props, data.shape[1])
        self._split_columns(data, props)
        self.n_features_ = data.shape[1]
        X_cont = self._continuous_part(data, names)
        # The space neighbours are searched in: float32 or float64 (see Notes for integer and boolean features).
        work_dtype = X_cont.dtype if X_cont.dtype in (np.float32, np.float64) else np.dtype(np.float64)
        return dict(data=data, names=names, X_cont=X_cont, work_dtype=work_dtype)

    def _split_columns(self, data, props):
        """Set ``categorical_features_`` and ``continuous_features_``; each must hold at least one column."""
        cat = _resolve_categorical_features(self.categorical_features, data, props)
        cont = np.setdiff1d(np.arange(data.shape[1]), cat).astype(np.int64)
        if cat.size == 0:
            raise SmoteError(
                "categorical_features selects no column: SMOTENC needs at least one categorical feature. "
                "For all-numeric data use SMOTE"
                + (" (or mark the categorical columns; categorical_features='auto' found none in this DataFrame)."
                   if isinstance(self.categorical_features, str) else ".")
            )
        if cont.size == 0:
            raise SmoteError(
                f"every feature is categorical (n_features={data.shape[1]}, all in categorical_features): SMOTENC "
                "needs at least one numeric feature to interpolate. For all-categorical data use SMOTEN."
            )
        self.categorical_features_ = cat
        self.continuous_features_ = cont

    def _continuous_part(self, data, names):
        """The continuous columns, converted as scikit-learn's check_array (and so imbalanced-learn) converts them."""
        cont = self.continuous_features_
        X_cont_in = data.iloc[:, cont] if isinstance(data, pd.DataFrame) else data[:, cont]
        try:
            X_cont = check_array(X_cont_in, dtype="numeric", ensure_all_finite=False)
        except (ValueError, TypeError) as exc:
            refuse_complex_objects(X_cont_in)
            bad = [names[j] for j in cont if not _column_is_numeric(_column(data, j))]
            if not bad:
                raise SmoteError(f"the continuous columns could not be read as numbers ({exc}).") from None
            error = DataTypeError if isinstance(exc, TypeError) else SmoteError  # a TypeError stays one
            raise error(
                f"column(s) {_quote_list(bad)} hold non-numeric values but are not in categorical_features: "
                "SMOTENC interpolates every other column, so add these to categorical_features (or drop them)."
            ) from None
        if X_cont.dtype.kind == "f" and not np.isfinite(X_cont).all():
            bad = [names[cont[j]] for j in np.flatnonzero(~np.isfinite(X_cont).all(axis=0))]
            raise SmoteError(f"X has infinite values in column(s) {_quote_list(bad)}: drop or clip those rows first.")
        return X_cont

    def _categorical_part(self, data, names, encoder, work_dtype):
        """The categorical columns one-hot encoded (CSR, ``work_dtype``), their codes and the categories' sizes.

        Sets ``categorical_encoder_``.
        """
        cat = self.categorical_features_
        X_cat_in = data.iloc[:, cat] if isinstance(data, pd.DataFrame) else data[:, cat]
        if encoder is None:
            encoder = OneHotEncoder(handle_unknown="ignore", dtype=work_dtype)
        X_ohe = _encode_categories(encoder, X_cat_in, [names[j] for j in cat], "categorical ")
        categories = getattr(encoder, "categories_", None)
        if categories is None:
            raise SmoteError("the categorical_encoder has no categories_ after fitting: use a OneHotEncoder.")
        sizes = [len(c) for c in categories]
        X_ohe = sparse.csr_matrix(X_ohe, dtype=work_dtype)
        if X_ohe.shape[1] != sum(sizes):
            raise SmoteError(
                f"the categorical_encoder made {X_ohe.shape[1]} columns for {sum(sizes)} categories: SMOTENC needs one "
                "column per category, so do not drop categories or merge rare ones (OneHotEncoder(drop=...), "
                "min_frequency, max_categories). OneHotEncoder(handle_unknown='ignore') works."
            )
        codes = _one_hot_codes(X_ohe, sizes)
        self.categorical_encoder_ = encoder
        return X_ohe, codes, sizes

    def _fit_resample(self, prep, y):
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        encoder = _check_encoder(self.categorical_encoder, self._encoder_kind)
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        X_cont, work_dtype = prep["X_cont"], prep["work_dtype"]
        X_ohe, codes, sizes = self._categorical_part(prep["data"], prep["names"], encoder, work_dtype)
        X_encoded = sparse.hstack((X_cont.astype(work_dtype, copy=False), X_ohe), format="csr", dtype=work_dtype)
        out_dtype = np.float64 if X_cont.dtype == bool else X_cont.dtype

        self.median_std_, self.nn_indices_ = {}, {}
        rows, code_blocks = NewRows(y.dtype, {"voters": object}), []
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            members = np.flatnonzero(y == c)
            nns = self._class_neighbors(X_encoded, X_cont.shape[1], c, members, work_dtype)
            picked, cols, gaps = draw_pairs(self.random_state, nns, n_new)
            parents, neighbors, voters = members[picked], members[nns[picked, cols]], members[nns[picked]]
            X_new = interpolate(X_cont, parents, neighbors, gaps).astype(out_dtype, copy=False)
            code_blocks.append(self._vote(codes[voters], sizes))
            rows.add(c, X_new, parents, neighbors, gaps, voters=self._voters_column(voters))

        all_cont = np.vstack([X_cont.astype(out_dtype, copy=False), *rows.X_blocks])
        decoded = self._decode(np.vstack([codes, *code_blocks]), sizes, work_dtype)
        order = np.argsort(np.concatenate([self.continuous_features_, self.categorical_features_]))
        return np.hstack((all_cont, decoded))[:, order], rows.y_res(y), rows.provenance()

    def _class_neighbors(self, X_encoded, n_cont, c, members, work_dtype):
        """Class ``c``'s k nearest neighbours (positions in the class) in SMOTE-NC's space; sets ``median_std_[c]``
        and ``nn_indices_[c]``."""
        X_class = X_encoded[members]
        _, var = mean_variance_axis(X_class[:, :n_cont], axis=0)
        median_std = np.median(np.sqrt(var))
        self.median_std_[c] = median_std
        # A differing category adds median_std² to the squared distance: two entries of median_std / √2.
        X_class_cat = X_class[:, n_cont:].copy()
        X_class_cat.data[:] = median_std / np.sqrt(2)
        X_space = sparse.hstack((X_class[:, :n_cont], X_class_cat), format="csr", dtype=work_dtype)
        nns = class_neighbors(self.nn_k_, X_space)
        self.nn_indices_[c] = members[nns]
        return nns

    def _vote(self, voter_codes, sizes):
        """Each new row's categories: the most frequent among its voters', feature by feature.

        ``voter_codes``: (n_new, k, n_categorical). Ties are broken by one shuffle of all (row, tied category)
        pairs, from a fresh ``check_random_state(random_state)`` per class, as imbalanced-learn does.
        """
        tie_rs = check_random_state(self.random_state)
        new_codes = np.empty((voter_codes.shape[0], len(sizes)), dtype=np.int64)
        for f, size in enumerate(sizes):
            counts = _voted(voter_codes[:, :, f], size)
            tied = np.argwhere(counts == counts.max(axis=1, keepdims=True))
            shuffled = tie_rs.permutation(tied)
            _, first = np.unique(shuffled[:, 0], return_index=True)
            new_codes[:, f] = shuffled[first, 1]
        return new_codes

    def _decode(self, all_codes, sizes, work_dtype):
        """Category codes of every row back to the categories, through the encoder's ``inverse_transform``."""
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        n_all = all_codes.shape[0]
        one_hot = sparse.csr_matrix(
            (np.ones(all_codes.size, dtype=work_dtype), (np.repeat(np.arange(n_all), len(sizes)),
                                                         (all_codes + offsets).ravel())),
            shape=(n_all, sum(sizes)),
        )
        return np.asarray(self.categorical_encoder_.inverse_transform(one_hot))

    def _float_columns(self, props):
        """Continuous boolean columns of a DataFrame: interpolated, they stay float64."""
        if props.kind != "dataframe":
            return frozenset()
        return frozenset(
            props.columns[j] for j in self.continuous_features_ if pd.api.types.is_bool_dtype(props.dtypes.iloc[j])
        )


def _one_hot_codes(X_ohe, sizes) -> np.ndarray:
    """Category codes ``(n_samples, n_categorical)`` from a one-hot matrix with blocks of ``sizes`` columns."""
    coo = X_ohe.tocoo()
    on = coo.data != 0
    rows, cols = coo.row[on].astype(np.int64), coo.col[on].astype(np.int64)
    ends = np.cumsum(sizes)
    block = np.searchsorted(ends, cols, side="right")
    key = rows * len(sizes) + block
    if not np.array_equal(np.bincount(key, minlength=X_ohe.shape[0] * len(sizes)),
                          np.ones(X_ohe.shape[0] * len(sizes), dtype=np.int64)):
        raise SmoteError(
            "the categorical_encoder does not turn on exactly one column per categorical feature in every row: "
            "use a plain one-hot encoder such as OneHotEncoder(handle_unknown='ignore')."
        )
    codes = np.empty(X_ohe.shape[0] * len(sizes), dtype=np.int64)
    codes[key] = cols - (ends - np.asarray(sizes))[block]
    return codes.reshape(X_ohe.shape[0], len(sizes))


# --------------------------------------------------------------------------------------------------------------
# SMOTE-N
# --------------------------------------------------------------------------------------------------------------


def value_difference_distances(codes_class, probas) -> np.ndarray:
    """Pairwise Value Difference Metric distances between the rows of ``codes_class``.

    ``Δ(a, b) = Σ_f (Σ_c |p(c | a_f) − p(c | b_f)|)²``, where ``p(c | v)`` is the share of class ``c`` among the
    samples whose feature ``f`` equals ``v`` (over all of X), i.e. imbalanced-learn's ``ValueDifferenceMetric`` with
    ``k=1, r=2``, computed with the same operations so that the distances, and so the neighbours, are the same bits.

    Parameters
    ----------
    codes_class : int array of shape (n, n_features)
        Category codes.
    probas : list of float arrays of shape (n_categories_f, n_classes)

    Returns
    -------
    ndarray of shape (n, n)
    """
    distances = np.zeros((codes_class.shape[0], codes_class.shape[0]), dtype=np.float64)
    for f, proba in enumerate(probas):
        rows = proba[codes_class[:, f]]
        distances += distance_matrix(rows, rows, p=1) ** 2
    return distances


def class_probabilities(codes, y, sizes) -> list:
    """``p(class | category)`` per feature: arrays of shape (n_categories, n_classes), classes in sorted order.

    A category no sample has gets all zeros.
    """
    classes = np.unique(y)
    probas = []
    for f, size in enumerate(sizes):
        counts = np.empty((size, len(classes)), dtype=np.float64)
        for j, c in enumerate(classes):
            counts[:, j] = np.bincount(codes[y == c, f], minlength=size)
        with np.errstate(invalid="ignore"):
            proba = counts / counts.sum(axis=1).reshape(-1, 1)
        probas.append(np.nan_to_num(proba))
    return probas


class SMOTEN(_CategoricalOverSampler):
    """SMOTE for Nominal (all-categorical) features, with provenance.

    Nothing is interpolated. For each new row of a class, a sample of the class is drawn at random (uniformly,
    with replacement); the new row takes, feature by feature, the value most frequent among that sample's
    ``k + 1`` nearest same-class rows — the sample itself included — under the Value Difference Metric (two
    categories are close when they occur with similar class proportions; see :func:`value_difference_distances`).
    Ties go to the category that comes first in the encoder's order (sorted order by default). Bit-identical to
    ``imblearn.over_sampling.SMOTEN`` 0.14 for the same inputs and ``random_state``, except as listed in the Notes.

    Parameters
    ----------
    categorical_encoder : estimator, default=None
        An ordinal encoder (``fit_transform`` to non-negative integer codes, ``inverse_transform``,
        ``categories_``). ``None`` uses ``OrdinalEncoder(dtype=np.int32)``: codes in each column's sorted order.
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class, as imbalanced-learn does.
    k_neighbors : int or estimator, default=5
        Number of nearest neighbours besides the sample, or an estimator with ``fit`` and
        ``kneighbors`` whose ``n_neighbors`` counts the sample itself; its ``metric`` is set to
        ``"precomputed"``.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
    categorical_features_ : ndarray of int64
        ``arange(n_features)``: every feature is categorical.
    categorical_encoder_ : estimator
        The fitted ordinal encoder.
    nn_k_ : estimator
        The nearest-neighbour estimator (``metric="precomputed"``), fitted on the last class resampled.
    k_ : int
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k + 1)}``: for every sample of the class, in the order they occur in
        X, the positions in X of its ``k + 1`` nearest same-class rows, nearest first. The first is the sample
        itself or another row at distance 0 from it (a duplicate, or a row whose categories have the same class
        proportions).
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``:

        - ``parent`` (int64): position in X of the sample drawn;
        - ``neighbor`` (int64): always ``-1`` and ``gap`` (float64): always ``NaN`` — SMOTE-N does not interpolate;
        - ``class``;
        - ``voters``: list of the ``k + 1`` positions in X (the parent's ``nn_indices_`` row) whose values were
          counted. Every feature of the new row holds the value most frequent among the voters' values of that
          feature, the first in the encoder's category order on ties.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when X was a DataFrame with string column names.

    Notes
    -----
    Differences from imbalanced-learn:

    - Missing values are refused (imbalanced-learn refuses NaN in numeric arrays but encodes ``None`` in object
      ones as a category).
    - A list mixing numbers and strings is read as objects, keeping the numbers (numpy, and so imbalanced-learn,
      turns every number into a string).
    - A DataFrame mixing bool columns with category or string ones is read as objects (scikit-learn's
      ``check_array``, which imbalanced-learn applies, fails on it). Other inputs are converted by ``check_array``
      exactly as imbalanced-learn converts them.
    - A sparse X is resampled densely without a warning.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import SMOTEN
    >>> X = np.array(["A"] * 10 + ["B"] * 20 + ["C"] * 30, dtype=object).reshape(-1, 1)
    >>> y = np.array([0] * 20 + [1] * 40)
    >>> sm = SMOTEN(random_state=0)
    >>> X_res, y_res = sm.fit_resample(X, y)
    >>> X_res.shape, len(sm.provenance_), len(sm.provenance_.voters[0])
    ((80, 1), 20, 6)
    """

    _encoder_kind = "ordinal encoder such as OrdinalEncoder()"
    _value_checks = {"categorical_encoder": functools.partial(_check_encoder, kind=_encoder_kind)}

    def __init__(self, categorical_encoder=None, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.categorical_encoder = categorical_encoder
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _prepare(self, data, props, y):
        """Convert ``data`` as imbalanced-learn does; returns the dict ``_fit_resample`` takes (``arr``, the table as
        imbalanced-learn converts it, and its column ``names``)."""
        try:  # the conversion imbalanced-learn applies ...
            arr = check_array(data, dtype=None, ensure_all_finite=False)
        except ValueError:  # ... which fails on a frame mixing bool with category or string columns
            arr = data.astype(object).to_numpy()
        names = _column_names(props, arr.shape[1])
        self.categorical_features_ = np.arange(arr.shape[1], dtype=np.int64)
        return dict(arr=arr, names=names)

    def _check_data_params(self, y):
        """The neighbour estimator (``metric="precomputed"``), the encoder, the class sizes and ``random_state``."""
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        try:
            self.nn_k_.set_params(metric="precomputed")
        except (ValueError, AttributeError):
            raise SmoteError(
                "the k_neighbors estimator has no metric parameter: SMOTEN searches precomputed Value Difference "
                "Metric distances, so give an int or a NearestNeighbors."
            ) from None
        encoder = _check_encoder(self.categorical_encoder, self._encoder_kind)
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_random_state(self.random_state)
        return OrdinalEncoder(dtype=np.int32) if encoder is None else encoder

    def _encode(self, arr, names, encoder):
        """``arr`` encoded: ``(encoded, int64 codes, the categories' sizes)``; sets ``categorical_encoder_``."""
        encoded = np.asarray(_encode_categories(encoder, arr, names, ""))
        categories = getattr(encoder, "categories_", None)
        if categories is None or encoded.shape != arr.shape:
            raise SmoteError("the categorical_encoder must give one integer code per value and have categories_: "
                             "use an OrdinalEncoder.")
        sizes = [len(c) for c in categories]
        codes = encoded.astype(np.int64)
        if not np.array_equal(codes, encoded) or (codes < 0).any() or (codes >= np.array(sizes)).any():
            raise SmoteError("the categorical_encoder must give codes 0 … n_categories − 1: use an OrdinalEncoder.")
        self.categorical_encoder_ = encoder
        return encoded, codes, sizes

    def _fit_resample(self, prep, y):
        arr = prep["arr"]
        encoded, codes, sizes = self._encode(arr, prep["names"], self._check_data_params(y))
        probas = class_probabilities(codes, y, sizes)
        self.nn_indices_ = {}
        rows = NewRows(y.dtype, {"voters": object})
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            members = np.flatnonzero(y == c)
            distances = value_difference_distances(codes[members], probas)
            self.nn_k_.fit(distances)
            nn = self.nn_k_.kneighbors(distances, return_distance=False)
            self.nn_indices_[c] = members[nn]

            # SMOTE-N's own draw: a parent per new row, nothing to interpolate (no neighbour, no gap).
            rs = check_random_state(self.random_state)
            drawn = rs.choice(len(members), size=n_new, replace=True)
            voters = nn[drawn]
            new_codes = np.empty((n_new, len(sizes)), dtype=np.int64)
            for f, size in enumerate(sizes):
                new_codes[:, f] = np.argmax(_voted(codes[members][voters, f], size), axis=1)  # first = smallest
            X_new = self.categorical_encoder_.inverse_transform(new_codes.astype(encoded.dtype))
            rows.add(c, X_new, members[drawn], np.full(n_new, -1, dtype=np.int64), np.full(n_new, np.nan),
                     voters=self._voters_column(members[voters]))
        return np.vstack([arr.copy(), *rows.X_blocks]), rows.y_res(y), rows.provenance()
