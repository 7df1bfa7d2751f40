"""SMOTE on Dask: the same rows as :class:`smote_core.SMOTE` whatever the cluster, for tables larger than one machine.

``from smote_core.dask import DaskSMOTE, DaskBorderlineSMOTE`` (this module imports dask; ``import smote_core`` does
not). The classes that grow are small even when the table is huge, so:

1. one pass over the partitions checks them (as ``smote_core.SMOTE`` checks ``X`` and ``y``) and counts the rows
   of each partition and of each class;
2. a second pass gathers the rows of the classes to grow to the client — refused, with the size and what to do,
   when one is larger than ``memory_budget``;
3. the neighbour search runs on the workers: blocks of a class's rows queried against the whole class (broadcast),
   or, for :class:`DaskBorderlineSMOTE`'s search among all rows, against every partition, the top ``m`` of each
   partition merged;
4. the random pairs and gaps are drawn on the client, exactly as ``smote_core.SMOTE`` draws them (classes in sorted
   order, a fresh ``check_random_state(random_state)`` per class), so they do not depend on the cluster;
5. the new rows are interpolated per block on the workers when the result is computed: ``X_res`` and ``y_res`` are
   dask collections, the original partitions unchanged, then new partitions of synthetic rows.

What is gathered on the client: the class counts, the rows of the classes to grow (features, labels, row numbers),
their neighbour tables and the provenance (one row per new row). Everything that follows the majority — the two
passes and the interpolated rows — stays distributed.
"""

from __future__ import annotations

import math
import numbers
import uuid
import warnings
from collections import OrderedDict
from collections.abc import Mapping

import dask
import dask.array as da
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.utils import format_bytes, parse_bytes
from scipy import sparse
from sklearn.neighbors import NearestNeighbors
from sklearn.utils._param_validation import Interval, StrOptions

from ._validation import SmoteError, check_random_state, check_X, check_y
from .neighbors import NEIGHBOR_METHODS, ApproximateNeighbors, check_method, class_neighbors, make_neighbors
from .samplers._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, _as_input_type, check_class_sizes, provenance_block
from .samplers.borderline import (
    _borderline2_rows,
    check_kind,
    check_total_rows,
    danger_noise,
    typology_frame,
    typology_labels,
)
from .samplers.smote import interpolate, plan_from_neighbors
from .sampling import _from_dict, _from_name, _from_ratio, check_two_classes, class_counts

NOT_DASK = ("not a dask collection; use smote_core.SMOTE for in-memory data or dd.from_pandas(...) / "
            "da.from_array(...) to make one")
PROVENANCE_COLUMNS = ("row", "parent", "neighbor", "gap", "class")
_MIN_QUERY_ROWS = 4096  # a query block of a class is at least this large (fewer, larger tasks)


# ------------------------------------------------------------------------------------------------ inputs
def _check_budget(value):
    """``memory_budget`` as bytes: an int ≥ 1 or a string such as ``"2GiB"``."""
    try:
        n = parse_bytes(value) if isinstance(value, str) else value
    except ValueError:
        n = None
    if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
        raise SmoteError(f"memory_budget={value!r}: give a number of bytes ≥ 1 or a size such as '2GiB' or '500MB'.")
    return int(n)


class _Parts:
    """``X`` and ``y`` as aligned lists of delayed partitions, and what is needed to give the result back."""

    def __init__(self, X, y):
        if X is None:
            raise SmoteError("X is missing: pass a dask DataFrame or a 2-D dask array of numeric features.")
        if y is None:
            raise SmoteError("y is missing: pass the class labels as a dask Series (e.g. ddf['label']) or a 1-D "
                             "dask array, partitioned like X.")
        if isinstance(X, dd.DataFrame):
            self.kind = "dataframe"
            meta = X._meta
            bools = [c for c, dt in meta.dtypes.items() if pd.api.types.is_bool_dtype(dt)]
            self.X_orig = X.astype({c: np.float64 for c in bools}) if bools else X  # an interpolated flag is a fraction
            self.meta = self.X_orig._meta
            self.dtype = check_X(X._meta_nonempty)[0].dtype  # column types and names, without reading the data
            self.x_parts = None  # cut with y's, below
            self.n_features = meta.shape[1]
        elif isinstance(X, da.Array):
            self.kind = "array"
            if X.ndim != 2:
                raise SmoteError(f"X must be 2-D (rows × features); got a dask array with {X.ndim} dimension(s)."
                                 + (" For a single feature use X.reshape(-1, 1)." if X.ndim == 1 else ""))
            check_X(np.zeros((1, max(X.shape[1], 1)), dtype=X.dtype))
            X = X.rechunk({1: -1})
            self.X_orig = X.astype(np.float64) if X.dtype == bool else X
            self.meta = None
            self.dtype = self.X_orig.dtype
            self.x_parts = list(X.to_delayed().ravel())
            self.n_features = X.shape[1]
        else:
            raise SmoteError(f"X is {type(X).__name__}, {NOT_DASK}.")
        if self.n_features == 0:
            raise SmoteError("X has no feature columns: give at least one numeric feature.")
        self.y_frame = isinstance(y, dd.DataFrame)
        if self.y_frame:
            if len(y.columns) != 1:
                raise SmoteError(f"y has {len(y.columns)} columns; pass a single column of class labels.")
            y = y[y.columns[0]]
        if isinstance(y, dd.Series):
            self.y_kind = "series"
            self.y_name, self.y_meta = y.name, y._meta
            self.y_orig = y
            if self.kind == "dataframe":
                self.x_parts, self.y_parts = _joint_partitions(X, y)
            else:
                self.y_parts = list(y.to_delayed())
        elif isinstance(y, da.Array):
            if y.ndim == 2 and y.shape[1] == 1:
                y = y[:, 0]
            if y.ndim != 1:
                raise SmoteError(f"y must be one label per row (1-D); got a dask array of shape {y.shape}.")
            if isinstance(X, da.Array) and y.chunks[0] != X.chunks[0] and not any(map(math.isnan, y.shape)):
                if y.shape[0] == X.shape[0]:
                    y = y.rechunk({0: X.chunks[0]})
            self.y_kind = "array"
            self.y_name, self.y_meta = None, None
            self.y_dtype = y.dtype
            self.y_parts = list(y.to_delayed().ravel())
            self.y_orig = y
        else:
            raise SmoteError(f"y is {type(y).__name__}, {NOT_DASK}.")
        if self.x_parts is None:
            self.x_parts = list(X.to_delayed())
        if len(self.x_parts) != len(self.y_parts):
            raise SmoteError(
                f"X has {len(self.x_parts)} partitions but y has {len(self.y_parts)}: take both from one DataFrame "
                "(X = ddf.drop(columns=COL), y = ddf[COL]) or partition them alike."
            )

    def columns(self):
        return self.meta.columns if self.kind == "dataframe" else None


def _joint_partitions(X, y):
    """Delayed partitions of ``X`` and ``y`` cut alike: both taken from one frame (dask may otherwise fuse the
    partitions of a narrow selection, such as the label column, differently from the features')."""
    import operator

    key = f"__smote_y_{uuid.uuid4().hex}"
    try:
        joined = X.assign(**{key: y})
    except (ValueError, TypeError, NotImplementedError):
        raise SmoteError(
            f"X has {X.npartitions} partitions and y {y.npartitions}, and they cannot be aligned: take both from "
            "one DataFrame (X = ddf.drop(columns=COL), y = ddf[COL]) or partition them alike."
        ) from None
    columns = list(X.columns)
    parts = list(joined.to_delayed())
    return ([dask.delayed(operator.getitem)(p, columns) for p in parts],
            [dask.delayed(operator.getitem)(p, key) for p in parts])


def _scan_part(X_part, y_part):
    """Pass 1 on one partition: ``(rows, {label: count}, None)`` or ``(rows, None, error message)``."""
    n = len(X_part)
    try:
        if n:
            check_X(X_part)
        y_arr, _ = check_y(y_part, n)
    except SmoteError as exc:
        return n, None, str(exc)
    return n, class_counts(y_arr), None


def _gather_part(X_part, y_part, grow):
    """Pass 2 on one partition: the rows of the classes ``grow`` as ``(X rows, labels, positions in the part)``."""
    if not len(X_part):
        return None
    X_arr, _ = check_X(X_part)
    y_arr, _ = check_y(y_part, len(X_part))
    where = np.flatnonzero(pd.Series(y_arr, dtype=object).isin(grow).to_numpy())
    return X_arr[where], y_arr[where], where


# ------------------------------------------------------------------------------------------------ neighbours
def _threads() -> int:
    """OpenMP threads scikit-learn's brute-force search uses in this process."""
    try:
        from sklearn.utils._openmp_helpers import _openmp_effective_n_threads

        return int(_openmp_effective_n_threads())
    except Exception:  # noqa: BLE001 - a private helper: fall back on the cores
        import os

        return os.cpu_count() or 1


def _is_brute(estimator) -> bool:
    return getattr(estimator, "_fit_method", None) == "brute"


def _splits_alike(estimator, n_queries: int, n_fitted: int, chunk: int, threads: int) -> bool:
    """Whether queries in blocks give the same neighbours, ties included, as one query of all ``n_queries`` rows.

    A tree's answer for a row never depends on the other rows queried. scikit-learn's brute-force search
    parallelises over the queries (every row's answer alone) when there are more queries than fitted rows or more
    than ``4 · chunk · threads`` of them, and otherwise over the fitted rows, whose per-thread results are merged in
    an order that depends on the threads: such a search is done in one piece on the client, as in memory.
    """
    if not isinstance(estimator, NearestNeighbors):
        return False  # another library's search: in one piece, as in memory
    if not _is_brute(estimator):
        return True
    return n_fitted < n_queries or 4 * chunk * threads < n_queries


def _query_block(estimator, queries, chunk: int, drop_first: bool = True):
    """``estimator.kneighbors(queries)`` (without its first column), answered as scikit-learn's search over the
    queries answers it: the block is padded to more than ``4 · chunk`` rows and searched on one thread."""
    import sklearn
    from threadpoolctl import threadpool_limits

    n = queries.shape[0]
    pad = 4 * chunk + 1 - n if _is_brute(estimator) else 0
    if pad > 0:
        filler = queries[[0] * pad]
        queries = sparse.vstack([queries, filler]) if sparse.issparse(queries) else np.concatenate([queries, filler])
    with threadpool_limits(1, user_api="openmp"), sklearn.config_context(pairwise_dist_chunk_size=chunk):
        found = estimator.kneighbors(queries, return_distance=False)[:n]
    return found[:, 1:] if drop_first else found


def _query_block_rows(estimator, start: int, stop: int, chunk: int):
    """:func:`_query_block` of the fitted rows ``start:stop`` (the class queried against itself)."""
    return _query_block(estimator, estimator._fit_X[start:stop], chunk)


def _blocks(n: int, n_workers: int, minimum: int | None = None):
    """``[(start, stop), …]`` covering ``range(n)``: about four blocks per worker, none smaller than ``minimum``."""
    minimum = _MIN_QUERY_ROWS if minimum is None else minimum
    size = max(minimum, math.ceil(n / max(1, 4 * n_workers)))
    starts = list(range(0, n, size))
    bounds = [(s, min(s + size, n)) for s in starts]
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] < minimum:  # no small last block: merge it
        last = bounds.pop()
        bounds[-1] = (bounds[-1][0], last[1])
    return bounds


def _partition_top(X_part, queries, offset: int, n_top: int, labels_of):
    """The ``n_top`` nearest rows of one partition to every query: ``(squared distances, rows of X, labels)``.

    Distances are recomputed as plain sums of squares (the same for every partition) before they are merged.
    """
    n = len(X_part)
    q = queries.shape[0]
    if n == 0:
        return (np.empty((q, 0)), np.empty((q, 0), dtype=np.int64), np.empty((q, 0), dtype=object))
    P, _ = check_X(X_part)
    y_arr, _ = check_y(labels_of, n)
    take = min(n_top, n)
    nn = NearestNeighbors(n_neighbors=take).fit(P)
    local = nn.kneighbors(queries, return_distance=False)
    d2 = _squared_distances(P, queries, local)
    rows = local.astype(np.int64) + offset
    order = np.lexsort((rows, d2), axis=1)
    return (np.take_along_axis(d2, order, 1), np.take_along_axis(rows, order, 1),
            np.take_along_axis(y_arr[local].astype(object), order, 1))


def _squared_distances(P, queries, local):
    Q = queries.toarray() if sparse.issparse(queries) else np.asarray(queries, dtype=np.float64)
    out = np.zeros(local.shape, dtype=np.float64)
    for j in range(local.shape[1]):
        rows = P[local[:, j]]
        rows = rows.toarray() if sparse.issparse(rows) else np.asarray(rows, dtype=np.float64)
        diff = rows - Q
        out[:, j] = np.einsum("ij,ij->i", diff, diff)
    return out


def _merge_top(a, b, n_top: int):
    """Two ``_partition_top`` answers merged: the ``n_top`` smallest by (distance, row of X)."""
    d = np.concatenate([a[0], b[0]], axis=1)
    idx = np.concatenate([a[1], b[1]], axis=1)
    lab = np.concatenate([a[2], b[2]], axis=1)
    order = np.lexsort((idx, d), axis=1)[:, :n_top]
    return (np.take_along_axis(d, order, 1), np.take_along_axis(idx, order, 1), np.take_along_axis(lab, order, 1))


def _members(y_g, c) -> np.ndarray:
    """Positions in the gathered labels ``y_g`` of class ``c``."""
    return np.flatnonzero(pd.Series(y_g, dtype=object).eq(c).to_numpy())


def _fetch_rows(X_part, wanted_local):
    if not len(wanted_local):
        return None
    X_arr, _ = check_X(X_part)
    return X_arr[wanted_local]


# ------------------------------------------------------------------------------------------------ output blocks
def _smote_block(X_class, parents, neighbors, gaps, lo, hi, start, props):
    """New rows ``lo:hi`` of a class (``parents``, ``neighbors``: positions in ``X_class``), as X's container."""
    rows = interpolate(X_class, parents[lo:hi], neighbors[lo:hi], gaps[lo:hi])
    return rows if props is None else _frame_of(rows, start, props)


def _frame_of(rows, start, props):
    frame = _as_input_type(rows, props)
    frame.index = pd.RangeIndex(start, start + len(frame), name=props.index_name)
    return frame


def _b2_block(X_pool, parents, neighbors, steps, gaps, other, scales, lo, hi, start, props):
    """New rows ``lo:hi`` of borderline-2 (``scales``: one per new row whose neighbour is of another class)."""
    first = int(other[:lo].sum())
    o = other[lo:hi]
    rows = _borderline2_rows(X_pool, parents[lo:hi], neighbors[lo:hi], steps[lo:hi], gaps[lo:hi], o,
                             scales[first:first + int(o.sum())])
    return rows if props is None else _frame_of(rows, start, props)


def _labels_series(c, n, start, name, dtype, index_name):
    series = pd.Series(np.full(n, c, dtype=object), name=name, index=pd.RangeIndex(start, start + n, name=index_name))
    try:
        return series.astype(dtype)
    except (TypeError, ValueError):
        return series


# ------------------------------------------------------------------------------------------------ the samplers
class _DaskOverSampler(BaseOverSampler):
    """What :class:`DaskSMOTE` and :class:`DaskBorderlineSMOTE` share: the cluster, the two passes, the result."""

    _value_checks = {"neighbors": check_method, "memory_budget": _check_budget}

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        return tags

    # --- cluster -------------------------------------------------------------------------------------------
    def _connect(self):
        """The current ``distributed.Client``, or a ``LocalCluster`` started for this call (and said so)."""
        from distributed import Client, LocalCluster, get_client

        try:
            return get_client(), None
        except ValueError:
            pass
        cluster = LocalCluster(dashboard_address=":0", threads_per_worker=1)
        warnings.warn(
            f"{type(self).__name__}: no distributed.Client is running, so a LocalCluster with "
            f"{len(cluster.workers)} worker(s) was started for this call and is closed when it returns. To use a "
            "cluster, connect first: distributed.Client('tcp://scheduler:8786') (or Client(n_workers=N)).",
            UserWarning, stacklevel=3,
        )
        return Client(cluster), cluster

    def _share(self, *objs):
        """Values the lazy result depends on: futures on the user's cluster (one scatter), else embedded in the
        graph (the cluster started for the call is gone when the result is computed)."""
        if self._own_cluster:
            return [dask.delayed(obj, name=f"smote-data-{uuid.uuid4().hex}") for obj in objs]
        return self._client.scatter(list(objs), hash=False)

    # --- passes --------------------------------------------------------------------------------------------
    def _first_pass(self, parts: _Parts):
        """Rows per partition and ``{class: rows}`` (pass 1); the first bad partition is an error."""
        tasks = [dask.delayed(_scan_part)(x, y) for x, y in zip(parts.x_parts, parts.y_parts)]
        scanned = self._client.compute(tasks, sync=True)
        lengths = np.array([n for n, _, _ in scanned], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        for i, (n, _, error) in enumerate(scanned):
            if error is not None:
                span = f"rows {offsets[i]:,}–{offsets[i] + n - 1:,}" if n else "no rows"
                raise SmoteError(f"in partition {i} of X ({span}): {error}")
        counts = {}
        for _, part_counts, _ in scanned:
            for c, n in part_counts.items():
                counts[c] = counts.get(c, 0) + n
        if offsets[-1] == 0:
            raise SmoteError("X has no rows: SMOTE needs data to interpolate between.")
        try:
            counts = dict(sorted(counts.items()))
        except TypeError:
            raise SmoteError("y mixes label types across partitions: convert all labels to one type, e.g. "
                             "y.astype(str).") from None
        return lengths, offsets, counts

    def _resolve(self, counts: dict, y):
        """``sampling_strategy_`` from the class counts, with the meanings of ``smote_core.SMOTE``."""
        check_two_classes(counts)
        s = self.sampling_strategy
        if isinstance(s, str):
            wanted = _from_name(s, counts)
        elif isinstance(s, Mapping):
            wanted = _from_dict(dict(s), counts)
        elif callable(s):
            result = s(dict(counts)) if getattr(s, "from_counts", False) else s(y)
            if not isinstance(result, dict):
                raise SmoteError(f"the sampling_strategy function returned {type(result).__name__}; it must return "
                                 "a dict {class: desired total}.")
            wanted = _from_dict(result, counts)
        else:
            wanted = _from_ratio(float(s), counts)
        return OrderedDict(sorted(wanted.items()))

    def _refuse_large_classes(self, counts, grow, parts):
        budget = _check_budget(self.memory_budget)
        for c in grow:
            size = counts[c] * parts.n_features * parts.dtype.itemsize
            if size > budget:
                raise SmoteError(
                    f"class {c!r} has {counts[c]:,} rows × {parts.n_features} features = {format_bytes(size)} to "
                    f"gather, more than memory_budget={self.memory_budget!r} ({format_bytes(budget)}): the rows of a "
                    "class to grow are held by the client and every worker. Raise memory_budget if they have the "
                    "memory, or grow a smaller sample of this class (or leave it out of sampling_strategy)."
                )

    def _gather(self, parts: _Parts, offsets, grow):
        """Pass 2: ``(X rows, labels, rows of X)`` of the classes ``grow``, in the order of ``X``."""
        tasks = [dask.delayed(_gather_part)(x, y, list(grow)) for x, y in zip(parts.x_parts, parts.y_parts)]
        got = self._client.compute(tasks, sync=True)
        blocks = [(X, y, pos + offsets[i]) for i, g in enumerate(got) if g is not None for X, y, pos in [g]]
        X = (sparse.vstack if sparse.issparse(blocks[0][0]) else np.concatenate)([b[0] for b in blocks])
        return X, np.concatenate([b[1] for b in blocks]), np.concatenate([b[2] for b in blocks]).astype(np.int64)

    def _start(self, X, y):
        """Everything before the sampler's own work (checks, cluster, pass 1, ``sampling_strategy_``): the parts,
        the first row of each partition (and the total), the class counts."""
        self._clear_fitted()
        parts = _Parts(X, y)
        self._check_params(np.array([0, 1]))
        check_random_state(self.random_state)
        self._client, cluster = self._connect()
        self._own_cluster = cluster is not None
        self._cluster = cluster
        lengths, offsets, counts = self._first_pass(parts)
        self.n_features_in_ = parts.n_features
        cols = parts.columns()
        if cols is not None and all(isinstance(c, str) for c in cols):
            self.feature_names_in_ = np.asarray(cols, dtype=object)
        self.partition_rows_ = lengths
        self.class_counts_ = counts
        self.sampling_strategy_ = self._resolve(counts, y)
        return parts, offsets, counts

    def _finish_cluster(self):
        cluster = getattr(self, "_cluster", None)
        client = getattr(self, "_client", None)
        if cluster is not None:
            client.close()
            cluster.close()
        self._client = self._cluster = None

    def fit(self, X, y):
        """Check ``X`` and ``y`` (one pass over the partitions), count the classes, work out
        ``sampling_strategy_``; generate nothing.

        Returns
        -------
        self
        """
        try:
            self._start(X, y)
        finally:
            self._finish_cluster()
        return self

    def fit_resample(self, X, y):
        """Resample dask ``X`` and ``y``.

        Parameters
        ----------
        X : dask DataFrame or 2-D dask array of shape (n_samples, n_features)
            Numeric (or boolean) features, in any number of partitions.
        y : dask Series, one-column dask DataFrame or 1-D dask array, partitioned like ``X``

        Returns
        -------
        X_resampled : dask DataFrame or dask array
            The partitions of ``X`` unchanged (boolean columns as float64), then new partitions of synthetic rows,
            class by class in sorted order; a DataFrame keeps the columns and their dtypes, and the new rows'
            index is their row number in the result.
        y_resampled : dask Series or dask array
        """
        try:
            parts, offsets, counts = self._start(X, y)
            self._check_data(counts)
            grow = [c for c, n in self.sampling_strategy_.items() if n > 0]
            self._refuse_large_classes(counts, grow, parts)
            if not grow:
                self.provenance_ = self._provenance([], None)
                return self._result(parts, [], [])
            X_g, y_g, pos_g = self._gather(parts, offsets, grow)
            n_total = int(offsets[-1])
            return self._resample(parts, offsets, X_g, y_g, pos_g, n_total)
        finally:
            self._finish_cluster()


    def _workers(self) -> int:
        return max(1, len(self._client.nthreads()))

    # --- result --------------------------------------------------------------------------------------------
    def _provenance(self, blocks, y_dtype):
        if blocks:
            return pd.concat(blocks, ignore_index=True)
        return pd.DataFrame({"row": np.empty(0, dtype=np.int64), "parent": np.empty(0, dtype=np.int64),
                             "neighbor": np.empty(0, dtype=np.int64), "gap": np.empty(0, dtype=np.float64),
                             "class": np.empty(0, dtype=y_dtype if y_dtype is not None else object)})

    def _result(self, parts: _Parts, x_blocks, y_blocks):
        """The lazy collections: the original partitions, then the new ones (``x_blocks``: delayed, with lengths)."""
        self._new_parts = (x_blocks, y_blocks)  # for the command line, which writes them with their labels
        if parts.kind == "dataframe":
            new_x = [dd.from_delayed([d], meta=parts.meta, verify_meta=False) for d, _ in x_blocks]
            X_res = dd.concat([parts.X_orig, *new_x]) if new_x else parts.X_orig
        else:
            new_x = [da.from_delayed(d, shape=(n, parts.n_features), dtype=parts.dtype) for d, n in x_blocks]
            X_res = da.concatenate([parts.X_orig, *new_x], axis=0) if new_x else parts.X_orig
        y_orig = parts.y_orig
        if parts.y_kind == "series":
            new_y = [dd.from_delayed([d], meta=parts.y_meta, verify_meta=False) for d, _ in y_blocks]
            y_res = dd.concat([y_orig, *new_y]) if new_y else y_orig
            if parts.y_frame:
                y_res = y_res.to_frame()
        else:
            new_y = [da.from_delayed(d, shape=(n,), dtype=parts.y_dtype) for d, n in y_blocks]
            y_res = da.concatenate([y_orig, *new_y]) if new_y else y_orig
        return X_res, y_res

    def _new_blocks(self, parts, c, n_new, row0, make_block, block_rows):
        """Delayed blocks of ``n_new`` rows of class ``c``: ``make_block(lo, hi, start)``; labels alongside."""
        x_blocks, y_blocks = [], []
        index_name = parts.meta.index.name if parts.kind == "dataframe" else None
        for lo in range(0, n_new, block_rows):
            hi = min(lo + block_rows, n_new)
            x_blocks.append((make_block(lo, hi, row0 + lo), hi - lo))
            if parts.y_kind == "series":
                y_blocks.append((dask.delayed(_labels_series)(c, hi - lo, row0 + lo, parts.y_name,
                                                              parts.y_meta.dtype, index_name), hi - lo))
            else:
                y_blocks.append((dask.delayed(np.full)(hi - lo, c, dtype=parts.y_dtype), hi - lo))
        return x_blocks, y_blocks

    def _block_rows(self, parts) -> int:
        lengths = self.partition_rows_
        return int(max(1, math.ceil(lengths.sum() / max(1, len(lengths)))))

    def _record(self, rows, parents, neighbors, gaps, c, y_dtype, **extra):
        block = provenance_block(parents, neighbors, gaps, np.full(len(parents), c, dtype=y_dtype), **extra)
        block.insert(0, "row", np.arange(rows, rows + len(parents), dtype=np.int64))
        return block


def _props_of(parts: _Parts):
    """``InputProps`` of the DataFrame ``X`` (columns, dtypes, index name) for :func:`_as_input_type`."""
    if parts.kind != "dataframe":
        return None
    from ._validation import InputProps, is_sparse_frame

    meta = parts.meta
    return InputProps("dataframe", columns=meta.columns, dtypes=meta.dtypes, index_name=meta.index.name,
                      extra={"sparse": is_sparse_frame(meta)})


class DaskSMOTE(_DaskOverSampler):
    """SMOTE on a Dask cluster: the same rows as :class:`smote_core.SMOTE` for the same seed, with provenance.

    The rows of the classes to grow are gathered (they are small even when the table is huge); their neighbour
    search and the interpolation of the new rows run on the workers; the random pairs and gaps are drawn as
    ``smote_core.SMOTE`` draws them, so with ``neighbors="exact"`` the new rows and ``provenance_`` are those of
    ``smote_core.SMOTE`` (and so of ``imblearn.over_sampling.SMOTE`` 0.14) on the whole table — whatever the number
    of workers and partitions.

    Uses the current ``distributed.Client`` (``distributed.get_client()``); without one, a ``LocalCluster`` is
    started for the call (with a ``UserWarning`` saying so) and closed before it returns.

    Parameters
    ----------
    k_neighbors : int or estimator, default=5
        Same-class nearest neighbours to interpolate towards, as in :class:`smote_core.SMOTE`.
    sampling_strategy : float, str, dict or callable, default="auto"
        As in :class:`smote_core.SMOTE`; a callable is called with ``y`` (the dask collection) — or, if it has
        an attribute ``from_counts = True``, with the class counts ``{class: rows}`` (no extra pass over ``y``).
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class, as imbalanced-learn does.
    neighbors : {"exact", "approximate"}, default="exact"
        ``"exact"``: scikit-learn's search, in blocks that give the same neighbours (ties included) as one search
        of the whole class in the client's process. ``"approximate"``:
        :class:`smote_core.neighbors.ApproximateNeighbors`, on the client (the same graph as in memory).
    memory_budget : int or str, default="2GiB"
        The largest class to grow that may be gathered (bytes, or a size such as ``"500MB"``): the client and
        every worker hold it. A larger class is refused with its size and what to do.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order.
    class_counts_ : dict
        ``{class: rows}`` in ``X``.
    partition_rows_ : ndarray of int
        Rows in each partition of ``X`` (global row numbers count through the partitions in order).
    nn_k_ : estimator
        The neighbour estimator (fitted on the last class resampled).
    k_ : int
    nn_indices_ : dict
        ``{class: (n_class, k) int array}``: global rows of each sample's k nearest same-class neighbours.
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals: ``row`` (its row number in
        ``X_res``), ``parent`` and ``neighbor`` (row numbers in ``X``), ``gap`` and ``class``;
        ``X_res[row] == X[parent] + gap · (X[neighbor] − X[parent])``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` is a DataFrame with string column names.

    Examples
    --------
    >>> import warnings
    >>> import dask.dataframe as dd, numpy as np, pandas as pd
    >>> from distributed import Client, LocalCluster
    >>> from smote_core import SMOTE
    >>> from smote_core.dask import DaskSMOTE
    >>> rng = np.random.RandomState(0)
    >>> frame = pd.DataFrame(rng.normal(size=(60, 2)), columns=["a", "b"]).assign(y=[0] * 48 + [1] * 12)
    >>> ddf = dd.from_pandas(frame, npartitions=3)
    >>> with LocalCluster(n_workers=2, processes=False, dashboard_address=":0") as cluster, Client(cluster):
    ...     sm = DaskSMOTE(k_neighbors=3, random_state=0)
    ...     X_res, y_res = sm.fit_resample(ddf[["a", "b"]], ddf["y"])
    ...     got = X_res.compute()
    >>> got.shape, list(sm.provenance_.columns)
    ((96, 2), ['row', 'parent', 'neighbor', 'gap', 'class'])
    >>> want, _ = SMOTE(k_neighbors=3, random_state=0).fit_resample(frame[["a", "b"]], frame["y"])
    >>> bool((got.to_numpy() == want.to_numpy()).all())
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "neighbors": [StrOptions(set(NEIGHBOR_METHODS))],
        "memory_budget": [Interval(numbers.Integral, 1, None, closed="left"), str],
    }

    def __init__(self, k_neighbors=5, sampling_strategy="auto", random_state=None, neighbors="exact",
                 memory_budget="2GiB"):
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.neighbors = neighbors
        self.memory_budget = memory_budget

    def _check_data(self, counts):
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors, method=self.neighbors)
        check_class_sizes(counts, self.sampling_strategy_, self.k_)

    def _class_nns(self, X_class):
        """The k nearest same-class neighbours of every row of ``X_class`` (positions within it), on the cluster."""
        import sklearn

        estimator, _ = make_neighbors(self.k_neighbors, method=self.neighbors)
        n = X_class.shape[0]
        if isinstance(estimator, ApproximateNeighbors) or not isinstance(estimator, NearestNeighbors):
            return estimator, class_neighbors(estimator, X_class)  # on the client, as in memory (one graph)
        estimator.fit(X_class)
        chunk = int(sklearn.get_config().get("pairwise_dist_chunk_size", 256))
        if not _splits_alike(estimator, n, n, chunk, _threads()):
            return estimator, class_neighbors(estimator, X_class)  # small: the client's search, as in memory
        shared = self._client.scatter(estimator, broadcast=True, hash=False)
        futures = [self._client.submit(_query_block_rows, shared, lo, hi, chunk, pure=False)
                   for lo, hi in _blocks(n, self._workers())]
        return estimator, np.concatenate(self._client.gather(futures))

    def _resample(self, parts, offsets, X_g, y_g, pos_g, n_total):
        props = _props_of(parts)
        self.nn_indices_ = {}
        prov, x_blocks, y_blocks = [], [], []
        row0 = n_total
        block_rows = self._block_rows(parts)
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            local = _members(y_g, c)
            X_class, positions = X_g[local], pos_g[local]
            self.nn_k_, nns = self._class_nns(X_class)
            _, parents, neighbors, gaps = plan_from_neighbors(nns, np.arange(len(local)), n_new, self.random_state)
            self.nn_indices_[c] = positions[nns]
            prov.append(self._record(row0, positions[parents], positions[neighbors], gaps, c, y_g.dtype))
            shared = self._share(X_class, parents, neighbors, gaps)

            def make(lo, hi, start, shared=shared):
                return dask.delayed(_smote_block)(*shared, lo, hi, start, props)

            xb, yb = self._new_blocks(parts, c, n_new, row0, make, block_rows)
            x_blocks += xb
            y_blocks += yb
            row0 += n_new
        self.provenance_ = self._provenance(prov, y_g.dtype)
        return self._result(parts, x_blocks, y_blocks)


class DaskBorderlineSMOTE(_DaskOverSampler):
    """Borderline-SMOTE on a Dask cluster: the rows of :class:`smote_core.BorderlineSMOTE` for the same seed.

    Each sample of a class to grow is classified (danger, noise, safe) by its ``m_neighbors`` nearest neighbours
    among *all* rows: the class's rows (gathered) are queried against every partition, and each partition's
    ``m + 1`` nearest rows are merged by (distance, row of ``X``). Only samples in danger become parents; the
    draws are ``smote_core.BorderlineSMOTE``'s. ``kind="borderline-1"`` interpolates towards same-class
    neighbours (searched within the gathered class, as :class:`DaskSMOTE` does); ``kind="borderline-2"`` towards
    the ``k_neighbors`` nearest rows of any class (searched against every partition like the ``m`` neighbours; the
    rows of other classes that are drawn are fetched from their partitions).

    Parameters
    ----------
    k_neighbors : int, default=5
    m_neighbors : int, default=10
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : None, int or numpy.random.RandomState, default=None
    memory_budget : int or str, default="2GiB"
        As in :class:`DaskSMOTE`.

    Attributes
    ----------
    sampling_strategy_, class_counts_, partition_rows_, k_, m_ :
        As in :class:`DaskSMOTE` and :class:`smote_core.BorderlineSMOTE`.
    in_danger_, noise_ : dict
        ``{class: bool array}`` per sample of the class, in the order of ``X``.
    in_danger_indices : dict
        ``{class: rows of X of its samples in danger}`` (imbalanced-learn's name).
    typology_ : pandas.DataFrame
        ``position``, ``class``, ``type``, ``n_other_class`` per sample of every class grown.
    provenance_ : pandas.DataFrame
        ``row``, ``parent``, ``neighbor``, ``gap``, ``class``, ``neighbor_other_class``, as in
        :class:`smote_core.BorderlineSMOTE` (plus ``row``, the row number in ``X_res``).

    Notes
    -----
    With exact ties in distance (duplicate rows, integer features) the order of equally distant neighbours is
    (distance, row of ``X``) here, while scikit-learn's in-memory search orders them by its own tree or heap. The
    rows are the same unless tied neighbours of *different* classes straddle the ``m``-th place (or a sample has
    an exact duplicate of another class), which can change a sample's danger status; for borderline-2, tied
    neighbours can also be swapped in ``provenance_["neighbor"]`` (the rows are the same when the tied rows are
    duplicates).

    Examples
    --------
    >>> import dask.dataframe as dd, numpy as np, pandas as pd
    >>> from distributed import Client, LocalCluster
    >>> from smote_core import BorderlineSMOTE
    >>> from smote_core.dask import DaskBorderlineSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (12, 2))])
    >>> y = np.array([0] * 40 + [1] * 12)
    >>> frame = pd.DataFrame(X, columns=["a", "b"]).assign(y=y)
    >>> ddf = dd.from_pandas(frame, npartitions=2)
    >>> with LocalCluster(n_workers=1, processes=False, dashboard_address=":0") as cluster, Client(cluster):
    ...     bs = DaskBorderlineSMOTE(k_neighbors=3, random_state=0)
    ...     X_res, y_res = bs.fit_resample(ddf[["a", "b"]], ddf["y"])
    ...     got = X_res.compute()
    >>> want, _ = BorderlineSMOTE(k_neighbors=3, random_state=0).fit_resample(X, y)
    >>> bool((got.to_numpy() == want).all()), len(bs.provenance_)
    (True, 28)
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "m_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "kind": [StrOptions({"borderline-1", "borderline-2"})],
        "memory_budget": [Interval(numbers.Integral, 1, None, closed="left"), str],
    }
    _value_checks = {"kind": check_kind}
    _fitted_names = ("in_danger_indices",)

    def __init__(self, k_neighbors=5, m_neighbors=10, kind="borderline-1", sampling_strategy="auto",
                 random_state=None, memory_budget="2GiB"):
        self.k_neighbors = k_neighbors
        self.m_neighbors = m_neighbors
        self.kind = kind
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.memory_budget = memory_budget

    def _check_data(self, counts):
        check_kind(self.kind)
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors)
        self.nn_m_, self.m_ = make_neighbors(self.m_neighbors, name="m_neighbors")
        n_rows = int(sum(counts.values()))
        if self.kind == "borderline-2":
            check_total_rows(n_rows, self.sampling_strategy_, self.k_, "k_neighbors")
        else:
            check_class_sizes(counts, self.sampling_strategy_, self.k_)
        check_total_rows(n_rows, self.sampling_strategy_, self.m_, "m_neighbors")

    def _all_rows_top(self, parts, offsets, queries, n_top):
        """The ``n_top`` nearest rows of all of ``X`` to every query row: ``(rows of X, labels)``."""
        shared = self._client.scatter(queries, broadcast=True, hash=False)
        idx_blocks = []
        for lo, hi in _blocks(queries.shape[0], self._workers(), minimum=1024):
            block = dask.delayed(lambda q, lo=lo, hi=hi: q[lo:hi])(shared)
            answers = [dask.delayed(_partition_top)(x, block, int(offsets[i]), n_top, yp)
                       for i, (x, yp) in enumerate(zip(parts.x_parts, parts.y_parts))]
            while len(answers) > 1:  # a tree of merges, so that no task holds every partition's answer
                answers = [dask.delayed(_merge_top)(answers[j], answers[j + 1], n_top) if j + 1 < len(answers)
                           else answers[j] for j in range(0, len(answers), 2)]
            idx_blocks.append(answers[0])
        merged = self._client.compute(idx_blocks, sync=True)
        return np.concatenate([m[1] for m in merged]), np.concatenate([m[2] for m in merged])

    def _resample(self, parts, offsets, X_g, y_g, pos_g, n_total):
        props = _props_of(parts)
        borderline_2 = self.kind == "borderline-2"
        self.in_danger_, self.noise_, typology, members_of = {}, {}, [], {}
        for c, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            local = _members(y_g, c)
            members_of[c] = local
            _, labels = self._all_rows_top(parts, offsets, X_g[local], self.m_ + 1)
            n_other = np.sum(labels[:, 1:] != c, axis=1).astype(np.int64)
            self.in_danger_[c], self.noise_[c] = danger_noise(n_other, self.m_)
            typology.append(pd.DataFrame({
                "position": pos_g[local], "class": np.full(len(local), c, dtype=y_g.dtype),
                "type": typology_labels(n_other, self.m_), "n_other_class": n_other,
            }))
        self.typology_ = typology_frame(typology, y_g.dtype)
        from .samplers.borderline import BorderlineSMOTE

        BorderlineSMOTE._refuse_classes_without_danger(self)
        self.in_danger_indices = {c: pos_g[local][self.in_danger_[c]] for c, local in members_of.items()}

        prov, x_blocks, y_blocks = [], [], []
        row0 = n_total
        block_rows = self._block_rows(parts)
        for c, local in members_of.items():
            n_new = self.sampling_strategy_[c]
            danger_local = local[self.in_danger_[c]]
            danger_in_class = np.flatnonzero(self.in_danger_[c])
            if borderline_2:
                cand, cand_labels = self._all_rows_top(parts, offsets, X_g[danger_local], self.k_ + 1)
                nns_global, nns_labels = cand[:, 1:], cand_labels[:, 1:]
            else:
                X_class = X_g[local]
                estimator, _ = make_neighbors(self.k_neighbors)
                estimator.fit(X_class)
                self.nn_k_ = estimator
                nns_in_class = self._class_queries(estimator, X_class, X_class[danger_in_class])
                nns_global = pos_g[local][nns_in_class]
            picked, cols, steps = _draws(self.random_state, nns_global, n_new)
            parents = pos_g[danger_local][picked]
            neighbors = nns_global[picked, cols]
            if borderline_2:
                other = nns_labels[picked, cols] != c
                scales = check_random_state(self.random_state).uniform(low=0.0, high=0.5, size=(other.sum(), 1))
                gaps = steps.copy()
                gaps[other] = steps[other] * scales[:, 0]
                X_pool, p_loc, n_loc = self._pool(parts, offsets, X_g, pos_g, parents, neighbors)
                shared = self._share(X_pool, p_loc, n_loc, steps, gaps, other, scales)

                def make(lo, hi, start, shared=shared):
                    return dask.delayed(_b2_block)(*shared, lo, hi, start, props)
            else:
                other = np.zeros(n_new, dtype=bool)
                gaps = steps
                p_loc, n_loc = danger_in_class[picked], nns_in_class[picked, cols]
                shared = self._share(X_g[local], p_loc, n_loc, gaps)

                def make(lo, hi, start, shared=shared):
                    return dask.delayed(_smote_block)(*shared, lo, hi, start, props)

            prov.append(self._record(row0, parents, neighbors, gaps, c, y_g.dtype, neighbor_other_class=other))
            xb, yb = self._new_blocks(parts, c, n_new, row0, make, block_rows)
            x_blocks += xb
            y_blocks += yb
            row0 += n_new
        self.provenance_ = self._provenance(prov, y_g.dtype) if prov else self._provenance([], y_g.dtype)
        return self._result(parts, x_blocks, y_blocks)

    def _class_queries(self, estimator, X_fit, queries):
        """``estimator.kneighbors(queries)[:, 1:]`` (``estimator`` fitted on ``X_fit``), on the cluster."""
        import sklearn

        chunk = int(sklearn.get_config().get("pairwise_dist_chunk_size", 256))
        n = queries.shape[0]
        if not _splits_alike(estimator, n, X_fit.shape[0], chunk, _threads()):
            return estimator.kneighbors(queries, return_distance=False)[:, 1:]
        shared = self._client.scatter(estimator, broadcast=True, hash=False)
        futures = [self._client.submit(_query_block, shared, queries[lo:hi], chunk, pure=False)
                   for lo, hi in _blocks(n, self._workers())]
        return np.concatenate(self._client.gather(futures))

    def _pool(self, parts, offsets, X_g, pos_g, parents, neighbors):
        """The rows borderline-2 interpolates between, as one array, and the parents' and neighbours' positions in
        it: gathered rows where they are, the others fetched from their partitions."""
        need = np.unique(np.concatenate([parents, neighbors]))
        have = np.isin(need, pos_g)
        fetch = need[~have]
        fetched = []
        if len(fetch):
            part_of = np.searchsorted(offsets, fetch, side="right") - 1
            tasks = []
            for i in np.unique(part_of):
                rows = fetch[part_of == i] - offsets[i]
                tasks.append(dask.delayed(_fetch_rows)(parts.x_parts[i], rows))
            fetched = [f for f in self._client.compute(tasks, sync=True) if f is not None]
        where = np.searchsorted(pos_g, need[have])
        X_pool = np.concatenate([X_g[where], *fetched]) if fetched else X_g[where]
        order = np.concatenate([need[have], fetch])
        lookup = pd.Series(np.arange(len(order)), index=order)
        return X_pool, lookup[parents].to_numpy(), lookup[neighbors].to_numpy()


def _draws(random_state, nns, n_new):
    from .samplers.smote import draw_pairs

    return draw_pairs(random_state, nns, n_new)
