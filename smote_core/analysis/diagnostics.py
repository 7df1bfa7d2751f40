"""Diagnostics of a data set and of a SMOTE run, as pure functions: numpy/pandas in, numpy/pandas out.

- :func:`minority_typology` / :func:`typology_counts` — how "difficult" each minority sample is (safe, borderline,
  rare, outlier), from the classes of its nearest neighbours.
- :func:`intrusion` — which synthetic points landed nearer to an original of another class than to one of their own.
- :func:`gap_summary` — the distribution of the interpolation factor λ.
- :func:`parent_usage` / :func:`usage_summary` — how often each original sample was used as a parent or a neighbour.

Everything is vectorised (one nearest-neighbour search per call), so tens of thousands of rows take well under a
second or two.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.neighbors import NearestNeighbors

from .._validation import SmoteError, _quote_list, check_X, check_y, plural
from ..sampling import _majority, class_counts

TYPES = ("safe", "borderline", "rare", "outlier")
"""The four types of :func:`minority_typology`, from easiest to hardest."""

N_GAP_BINS = 10


# ---------------------------------------------------------------------------------------------------------------
# input helpers


def _check_Xy(X, y, what=None):
    """``check_X`` / ``check_y``, with the features as float64 (dense) or a float64 CSR matrix."""
    try:
        X_arr, _ = check_X(X)
        y_arr, _ = check_y(y, X_arr.shape[0])
    except SmoteError as exc:
        if what is None:
            raise
        raise SmoteError(f"{what}: {exc}") from None
    if sparse.issparse(X_arr):
        X_arr = sparse.csr_matrix(X_arr, dtype=np.float64)
    else:
        X_arr = np.asarray(X_arr, dtype=np.float64)
    return X_arr, y_arr


def _members(y_arr, classes) -> np.ndarray:
    """Positions of the samples whose label is in ``classes``."""
    return np.flatnonzero(pd.Series(y_arr).isin(list(classes)).to_numpy())


def _check_classes(classes, counts: dict, default: list, what: str = "y") -> list:
    if classes is None:
        return default
    if isinstance(classes, (str, bytes)) or np.ndim(classes) == 0:
        classes = [classes]
    classes = list(dict.fromkeys(np.asarray(classes).tolist()))
    unknown = [c for c in classes if c not in counts]
    if unknown:
        raise SmoteError(
            f"class(es) {_quote_list(unknown)} do not occur in {what}; the classes are {_quote_list(list(counts))}. "
            "Pick classes from that list (or leave classes=None)."
        )
    return sorted(classes, key=list(counts).index)


def _check_n_neighbors(n_neighbors) -> int:
    if isinstance(n_neighbors, bool) or not isinstance(n_neighbors, (int, np.integer)) or n_neighbors < 1:
        raise SmoteError(f"n_neighbors must be a whole number of at least 1; got {n_neighbors!r}.")
    return int(n_neighbors)


def _check_provenance(provenance, columns) -> pd.DataFrame:
    if not isinstance(provenance, pd.DataFrame):
        raise SmoteError(
            f"provenance must be a pandas DataFrame (a sampler's provenance_); got {type(provenance).__name__}."
        )
    missing = [c for c in columns if c not in provenance.columns]
    if missing:
        raise SmoteError(
            f"provenance has no column(s) {_quote_list(missing)}: pass a sampler's provenance_ (columns parent, "
            "neighbor, gap, class)."
        )
    return provenance


def _positions(values, n: int, name: str, allow_missing: bool = False) -> np.ndarray:
    """Row positions from a provenance column, as int64; -1 / NaN (no such row, e.g. SMOTE-N's neighbour) → -1."""
    values = pd.Series(values)
    missing = values.isna().to_numpy()
    numeric = pd.to_numeric(values, errors="coerce")
    not_numbers = numeric.isna().to_numpy() & ~missing
    if not_numbers.any():
        raise SmoteError(f"provenance column “{name}” has values that are not row positions: pass a sampler's "
                         "provenance_.")
    if missing.any() and not allow_missing:
        raise SmoteError(f"provenance column “{name}” has {plural(int(missing.sum()), 'missing value')}: every "
                         "synthetic row needs its parent. Pass a sampler's provenance_.")
    arr = numeric.to_numpy(dtype=np.float64, na_value=-1.0)
    if arr.size and not np.array_equal(arr, np.round(arr)):
        raise SmoteError(f"provenance column “{name}” has non-integer row positions: pass a sampler's provenance_.")
    arr = arr.astype(np.int64)
    bad = (arr < (-1 if allow_missing else 0)) | (arr >= n)
    if bad.any():
        rows = _quote_list(np.unique(arr[bad]).tolist(), 5)
        raise SmoteError(
            f"provenance column “{name}” refers to row(s) {rows}, but y has {plural(n, 'row')}: pass the same y "
            "that was resampled."
        )
    return arr


# ---------------------------------------------------------------------------------------------------------------
# 1. typology


def _type_codes(same: np.ndarray, k: int) -> np.ndarray:
    """Index into TYPES for ``same`` same-class neighbours out of ``k`` (exact integer thresholds)."""
    codes = np.full(same.shape, 1, dtype=np.int8)  # borderline
    codes[10 * same >= 7 * k] = 0  # safe: at least 70 %
    codes[10 * same < 3 * k] = 2  # rare: under 30 %
    codes[same == 0] = 3  # outlier: none
    return codes


def minority_typology(X, y, classes=None, n_neighbors: int = 5) -> pd.DataFrame:
    """Label every sample of the given classes safe, borderline, rare or outlier (Napierała & Stefanowski).

    For each sample, count how many of its ``n_neighbors`` nearest neighbours in the whole data set (all classes,
    the sample itself excluded; Euclidean distance) belong to its own class. With the paper's ``n_neighbors=5``:

    ========================  ===========
    same-class neighbours     type
    ========================  ===========
    5 or 4                    safe
    3 or 2                    borderline
    1                         rare
    0                         outlier
    ========================  ===========

    For other ``n_neighbors`` the same proportions are used, with the cut points halfway between the
    ``k = 5`` values: ``safe`` when at least 70 % of the neighbours share the class, ``borderline`` from 30 % up to
    70 %, ``rare`` when some but fewer than 30 % do, ``outlier`` when none does. For example with ``k = 7``: 7–5
    safe, 4–3 borderline, 2–1 rare, 0 outlier; with ``k = 3`` no count falls under 30 % but above 0, so there are
    no rare samples (3 safe, 2–1 borderline, 0 outlier).

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_samples, n_features)
        The original data (before resampling). Scale it first if the features have very different ranges: the
        typology uses the same distances SMOTE does.
    y : array-like of shape (n_samples,)
    classes : label or list of labels, optional
        Whose samples to label. By default every class except the majority (the largest class; of equal
        largest classes, the smallest label, as in the samplers).
    n_neighbors : int, default=5

    Returns
    -------
    pandas.DataFrame
        One row per sample of ``classes``, in the order of ``X``, with columns ``row`` (position in ``X``),
        ``class``, ``same_class_neighbours`` (0 … ``n_neighbors``) and ``type`` (one of :data:`TYPES`).

    Notes
    -----
    Duplicates of a sample count as its neighbours (at distance 0); only the sample itself is left out. Ties in
    distance are broken by scikit-learn's search.

    References
    ----------
    Napierała, K., Stefanowski, J. "Types of minority class examples and their influence on learning classifiers
    from imbalanced data", Journal of Intelligent Information Systems 46, 563–597 (2016).
    https://doi.org/10.1007/s10844-015-0368-1

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1], [2], [3], [4], [5], [2.1]])
    >>> y = np.array([0, 0, 0, 0, 0, 0, 1])        # one minority point among majority points
    >>> minority_typology(X, y)
       row  class  same_class_neighbours     type
    0    6      1                      0  outlier
    """
    k = _check_n_neighbors(n_neighbors)
    X_arr, y_arr = _check_Xy(X, y)
    counts = class_counts(y_arr)
    if len(counts) < 2:
        raise SmoteError(
            f"y has only one class ({next(iter(counts))!r}): the typology compares a class with the others, so it "
            "needs at least two."
        )
    majority = _majority(counts)
    chosen = _check_classes(classes, counts, [c for c in counts if c != majority])
    n = X_arr.shape[0]
    if n - 1 < k:
        raise SmoteError(
            f"n_neighbors={k} but X has only {plural(n, 'row')}, so a sample has {n - 1} other rows to look at: "
            f"use n_neighbors of at most {n - 1}."
        )
    rows = _members(y_arr, chosen)
    nn = NearestNeighbors(n_neighbors=k + 1).fit(X_arr)
    idx = nn.kneighbors(X_arr[rows], return_distance=False)
    # Drop the sample itself. With duplicates it may not come first, and may even be crowded out of the k + 1:
    # then drop the farthest instead.
    drop = idx == rows[:, None]
    drop[~drop.any(axis=1), -1] = True
    neigh = idx[~drop].reshape(rows.size, k)
    same = (y_arr[neigh] == y_arr[rows][:, None]).sum(axis=1)
    return pd.DataFrame(
        {
            "row": rows.astype(np.int64),
            "class": y_arr[rows],
            "same_class_neighbours": same.astype(np.int64),
            "type": np.asarray(TYPES, dtype=object)[_type_codes(same, k)],
        }
    )


def typology_counts(typology: pd.DataFrame) -> pd.DataFrame:
    """Count the samples of each type, per class.

    Parameters
    ----------
    typology : pandas.DataFrame
        The output of :func:`minority_typology` (columns ``class`` and ``type``).

    Returns
    -------
    pandas.DataFrame
        One row per class (the index, named ``class``, in sorted order) and the columns ``safe``, ``borderline``,
        ``rare`` and ``outlier`` — all four always, 0 where no sample has that type — as int64.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0], [1], [2], [3], [4], [5], [2.1]])
    >>> y = np.array([0, 0, 0, 0, 0, 0, 1])
    >>> typology_counts(minority_typology(X, y)).to_dict("index")
    {1: {'safe': 0, 'borderline': 0, 'rare': 0, 'outlier': 1}}
    """
    if not isinstance(typology, pd.DataFrame) or not {"class", "type"} <= set(typology.columns):
        raise SmoteError(
            "typology_counts needs the DataFrame minority_typology returns (columns class and type)."
        )
    unknown = sorted(set(typology["type"].tolist()) - set(TYPES))
    if unknown:
        raise SmoteError(f"unknown type(s) {_quote_list(unknown)}: the types are {_quote_list(TYPES)}.")
    classes = sorted(pd.unique(typology["class"]).tolist())
    rows = pd.Categorical(typology["class"], categories=classes).codes
    cols = pd.Categorical(typology["type"], categories=list(TYPES)).codes
    counts = np.zeros((len(classes), len(TYPES)), dtype=np.int64)
    np.add.at(counts, (rows, cols), 1)  # a crosstab without pandas' pivot machinery (~15 ms a rerun)
    return pd.DataFrame(counts, index=pd.Index(classes, name="class"), columns=list(TYPES))


# ---------------------------------------------------------------------------------------------------------------
# 2. intrusion


def intrusion(X, y, X_syn, y_syn) -> dict:
    """Which synthetic points have an original of another class as their nearest original neighbour.

    A synthetic point "intrudes" when the original sample nearest to it (Euclidean distance, over all classes)
    belongs to a different class than the point's own: SMOTE put it in another class's territory, typically by
    interpolating across a gap that the other class fills.

    Parameters
    ----------
    X : array-like or sparse matrix of shape (n_samples, n_features)
        The original data.
    y : array-like of shape (n_samples,)
    X_syn : array-like or sparse matrix of shape (n_synthetic, n_features)
        The synthetic rows (e.g. ``ResampleResult.X_syn``, or ``X_res[len(X):]``). May have no rows.
    y_syn : array-like of shape (n_synthetic,)
        Their classes.

    Returns
    -------
    dict
        - ``intruding``: bool ndarray of shape (n_synthetic,), True for a point whose nearest original is of
          another class;
        - ``nearest``: int ndarray of shape (n_synthetic,), the position in ``X`` of that nearest original;
        - ``n_synthetic``, ``n_intruding``: ints;
        - ``share``: ``n_intruding / n_synthetic`` (NaN when there are no synthetic points);
        - ``per_class``: ``{class: share}`` for every class that has synthetic points, classes in sorted order;
        - ``per_class_counts``: ``{class: (n_intruding, n_synthetic)}``, same classes.

    Notes
    -----
    Ties (two originals at exactly the same distance, e.g. a point halfway between a parent and a neighbour of
    another class) are broken by scikit-learn's search.

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[0.0, 0], [1, 0], [5, 0]]); y = np.array(["a", "a", "b"])
    >>> out = intrusion(X, y, np.array([[0.5, 0], [4.0, 0]]), np.array(["a", "a"]))
    >>> out["intruding"].tolist(), out["share"], out["per_class"]
    ([False, True], 0.5, {'a': 0.5})
    """
    X_arr, y_arr = _check_Xy(X, y)
    y_syn_arr = np.asarray(y_syn)
    if y_syn_arr.ndim == 2 and y_syn_arr.shape[1] == 1:
        y_syn_arr = y_syn_arr.ravel()
    if y_syn_arr.ndim != 1:
        raise SmoteError(f"y_syn must be one label per synthetic row (1-D); got shape {y_syn_arr.shape}.")
    if y_syn_arr.size == 0 and (np.ndim(X_syn) != 2 or np.shape(X_syn)[0] == 0):
        empty = np.empty(0, dtype=np.int64)
        return {"intruding": np.empty(0, dtype=bool), "nearest": empty, "n_synthetic": 0, "n_intruding": 0,
                "share": math.nan, "per_class": {}, "per_class_counts": {}}
    S_arr, y_syn_arr = _check_Xy(X_syn, y_syn_arr, what="in the synthetic rows (X_syn, y_syn)")
    if S_arr.shape[1] != X_arr.shape[1]:
        raise SmoteError(
            f"X_syn has {plural(S_arr.shape[1], 'feature')} but X has {X_arr.shape[1]}: pass the synthetic rows "
            "with the same columns as the original data."
        )
    nearest = NearestNeighbors(n_neighbors=1).fit(X_arr).kneighbors(S_arr, return_distance=False)[:, 0]
    intruding = np.asarray(y_arr[nearest] != y_syn_arr, dtype=bool)
    per_class, per_class_counts = {}, {}
    labels, inverse = np.unique(y_syn_arr, return_inverse=True)
    totals = np.bincount(inverse, minlength=labels.size)
    hits = np.bincount(inverse, weights=intruding, minlength=labels.size).astype(np.int64)
    for c, h, t in zip(labels.tolist(), hits.tolist(), totals.tolist()):
        per_class[c] = h / t
        per_class_counts[c] = (h, t)
    n_int = int(intruding.sum())
    return {
        "intruding": intruding,
        "nearest": nearest.astype(np.int64),
        "n_synthetic": int(intruding.size),
        "n_intruding": n_int,
        "share": n_int / intruding.size,
        "per_class": per_class,
        "per_class_counts": per_class_counts,
    }


# ---------------------------------------------------------------------------------------------------------------
# 3. gaps


def gap_summary(provenance) -> dict:
    """The distribution of λ (the ``gap`` column of a provenance table).

    Plain SMOTE draws λ uniformly from [0, 1), so the ten bins should hold about equal counts. Some variants draw
    elsewhere (SVM-SMOTE extrapolates away from the other class with λ beyond [0, 1]); such values are counted
    in ``outside`` rather than in the histogram.

    Parameters
    ----------
    provenance : pandas.DataFrame or array-like
        A provenance table with a ``gap`` column (a sampler's ``provenance_``), or the λ values themselves.
        Missing λ (NaN — SMOTE-N draws no λ) are counted in ``no_gap`` and left out of everything else.

    Returns
    -------
    dict
        - ``count``: how many λ values there are (NaN excluded);
        - ``mean``, ``min``, ``max``: floats over all of them (NaN when there are none);
        - ``bin_edges``: float ndarray of 11 edges, 0, 0.1, …, 1;
        - ``counts``: int ndarray of 10 counts of λ in ``[0, 0.1), [0.1, 0.2), …, [0.9, 1]`` (an exact 1.0 goes in
          the last bin, as in :func:`numpy.histogram`);
        - ``outside``: how many λ lie outside [0, 1], of which ``below`` are under 0 and ``above`` over 1;
        - ``no_gap``: how many rows had no λ.

        ``counts.sum() + outside == count``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = gap_summary(pd.DataFrame({"gap": [0.05, 0.15, 0.17, 0.95, 1.4]}))
    >>> s["count"], s["counts"].tolist(), s["outside"]
    (5, [1, 2, 0, 0, 0, 0, 0, 0, 0, 1], 1)
    """
    if isinstance(provenance, pd.DataFrame):
        _check_provenance(provenance, ["gap"])
        values = provenance["gap"]
    else:
        values = provenance
    try:
        gaps = pd.to_numeric(pd.Series(np.asarray(values).ravel() if np.ndim(values) else [values]), errors="raise")
        gaps = gaps.to_numpy(dtype=np.float64, na_value=np.nan)
    except (ValueError, TypeError):
        raise SmoteError("the gap values (λ) must be numbers: pass a sampler's provenance_.") from None
    missing = np.isnan(gaps)
    gaps = gaps[~missing]
    if np.isinf(gaps).any():
        raise SmoteError("the gap values (λ) include infinity: pass a sampler's provenance_.")
    edges = np.linspace(0.0, 1.0, N_GAP_BINS + 1)
    below = int((gaps < 0).sum())
    above = int((gaps > 1).sum())
    inside = gaps[(gaps >= 0) & (gaps <= 1)]
    counts, _ = np.histogram(inside, bins=edges)
    empty = gaps.size == 0
    return {
        "count": int(gaps.size),
        "mean": math.nan if empty else float(gaps.mean()),
        "min": math.nan if empty else float(gaps.min()),
        "max": math.nan if empty else float(gaps.max()),
        "bin_edges": edges,
        "counts": counts.astype(np.int64),
        "outside": below + above,
        "below": below,
        "above": above,
        "no_gap": int(missing.sum()),
    }


# ---------------------------------------------------------------------------------------------------------------
# 4. parent usage


def parent_usage(provenance, y, classes=None) -> pd.DataFrame:
    """How often each original sample of the resampled classes was a parent, and a neighbour, of a new row.

    Parameters
    ----------
    provenance : pandas.DataFrame
        A sampler's ``provenance_`` (columns ``parent``, ``neighbor``, ``class``; positions in the original ``X``).
        A ``neighbor`` of -1 or NaN (SMOTE-N, which has none) is not counted.
    y : array-like of shape (n_samples,)
        The labels that were resampled.
    classes : label or list of labels, optional
        Whose samples to list. By default the classes that appear in ``provenance["class"]`` (the ones that
        received new rows).

    Returns
    -------
    pandas.DataFrame
        One row per sample of ``classes``, in the order of ``y`` — samples never used included, with 0 — with
        columns ``row`` (position in ``y``), ``class``, ``as_parent`` and ``as_neighbor`` (int64). For plain SMOTE
        (parents and neighbours always of the new row's class) ``as_parent`` sums to the number of new rows of
        those classes, and so does ``as_neighbor``.

    See Also
    --------
    usage_summary : the share of samples never used, against what uniform sampling predicts.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> prov = pd.DataFrame({"parent": [3, 3, 4], "neighbor": [4, 5, 3], "gap": [0.1, 0.5, 0.9], "class": [1, 1, 1]})
    >>> parent_usage(prov, y)
       row  class  as_parent  as_neighbor
    0    3      1          2            1
    1    4      1          1            1
    2    5      1          0            1
    """
    provenance = _check_provenance(provenance, ["parent", "neighbor", "class"])
    y_arr, _ = check_y(y, len(y) if hasattr(y, "__len__") else 0)
    n = y_arr.size
    counts = class_counts(y_arr)
    default = [c for c in counts if c in set(pd.unique(provenance["class"]).tolist())]
    prov_classes = set(pd.unique(provenance["class"]).tolist()) - set(counts)
    if prov_classes:
        raise SmoteError(
            f"provenance has class(es) {_quote_list(sorted(prov_classes, key=str))} that do not occur in y: pass the "
            "same y that was resampled."
        )
    chosen = _check_classes(classes, counts, default)
    parents = _positions(provenance["parent"], n, "parent")
    neighbors = _positions(provenance["neighbor"], n, "neighbor", allow_missing=True)
    as_parent = np.bincount(parents, minlength=n)
    as_neighbor = np.bincount(neighbors[neighbors >= 0], minlength=n)
    rows = _members(y_arr, chosen)
    return pd.DataFrame(
        {
            "row": rows.astype(np.int64),
            "class": y_arr[rows],
            "as_parent": as_parent[rows].astype(np.int64),
            "as_neighbor": as_neighbor[rows].astype(np.int64),
        }
    )


def usage_summary(provenance, y, classes=None) -> pd.DataFrame:
    """Per class: how many samples were never used as a parent, against what uniform sampling predicts.

    SMOTE picks the parent of each new row uniformly at random among the ``n_c`` samples of the class, with
    replacement. After ``n_new`` picks a given sample has been missed with probability
    ``(1 − 1/n_c)^n_new ≈ exp(−n_new / n_c)``: doubling a class (``n_new = n_c``) leaves about
    ``exp(−1) ≈ 37 %`` of its samples unused, growing it ten-fold (``n_new = 9·n_c``) still about 0.01 %. Variants
    that choose parents on purpose (Borderline-SMOTE, ADASYN, …) depart from this expectation — that difference is
    what the comparison shows.

    Parameters
    ----------
    provenance : pandas.DataFrame
        A sampler's ``provenance_``.
    y : array-like of shape (n_samples,)
        The labels that were resampled.
    classes : label or list of labels, optional
        As in :func:`parent_usage`.

    Returns
    -------
    pandas.DataFrame
        One row per class (the index, named ``class``, sorted), with columns ``n_samples`` (``n_c``), ``n_new``
        (rows whose parent is of the class), ``never_parent`` (samples used 0 times), ``share_never_parent``,
        ``expected_share_never_parent`` (``(1 − 1/n_c)^n_new``), ``exp_approximation``
        (``exp(−n_new / n_c)``), ``mean_uses`` (``n_new / n_c``) and ``max_uses``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> y = np.array([0, 0, 0, 1, 1, 1])
    >>> prov = pd.DataFrame({"parent": [3, 3, 4], "neighbor": [4, 5, 3], "gap": [0.1, 0.5, 0.9], "class": [1, 1, 1]})
    >>> s = usage_summary(prov, y)
    >>> int(s.loc[1, "never_parent"]), round(float(s.loc[1, "expected_share_never_parent"]), 3)
    (1, 0.296)
    """
    usage = parent_usage(provenance, y, classes)
    columns = ["n_samples", "n_new", "never_parent", "share_never_parent", "expected_share_never_parent",
               "exp_approximation", "mean_uses", "max_uses"]
    records = []
    classes_in = sorted(pd.unique(usage["class"]).tolist())
    for c in classes_in:
        uses = usage.loc[usage["class"] == c, "as_parent"].to_numpy()
        n_c, n_new = uses.size, int(uses.sum())
        never = int((uses == 0).sum())
        records.append({
            "n_samples": n_c,
            "n_new": n_new,
            "never_parent": never,
            "share_never_parent": never / n_c,
            "expected_share_never_parent": (1.0 - 1.0 / n_c) ** n_new,
            "exp_approximation": math.exp(-n_new / n_c),
            "mean_uses": n_new / n_c,
            "max_uses": int(uses.max()),
        })
    out = pd.DataFrame.from_records(records, columns=columns, index=pd.Index(classes_in, name="class"))
    return out.astype({"n_samples": np.int64, "n_new": np.int64, "never_parent": np.int64, "max_uses": np.int64})


#: Feature scales differing by more than this factor (largest standard deviation over smallest) are "mixed".
SCALE_RATIO_WARN = 10.0


def feature_scales(X, feature_names=None, *, threshold: float = SCALE_RATIO_WARN) -> dict:
    """Whether a few columns dominate Euclidean distances because they are in larger units.

    SMOTE's neighbour search (and PCA, t-SNE, UMAP on raw values) measures plain Euclidean distance, so a column
    whose values spread over thousands outweighs one that spreads over tenths. This reports the spread of every
    column and which columns carry most of the squared distance.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    feature_names : sequence of str, optional
    threshold : float, default=10
        The data counts as mixed-scale when the largest standard deviation is more than ``threshold`` times the
        smallest non-zero one.

    Returns
    -------
    dict
        ``mixed`` (bool), ``ratio`` (largest / smallest non-zero standard deviation), ``dominant`` (the columns,
        largest first, that together carry at least 90% of the variance, i.e. of the average squared distance),
        ``share`` ({column: share of the total variance}) and ``sentence`` (None unless ``mixed``).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.column_stack([np.arange(10.0), np.arange(10.0) * 1000])
    >>> r = feature_scales(X, ["small", "area"])
    >>> r["mixed"], r["dominant"]
    (True, ['area'])
    """
    X = check_X(X)[0]
    X = np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)
    if feature_names is None:
        feature_names = [f"feature {j}" for j in range(X.shape[1])]
    names = [str(n) for n in feature_names]
    if len(names) != X.shape[1]:
        raise SmoteError(f"feature_names has {len(names)} names for {X.shape[1]} columns: give one name per column.")
    var = X.var(axis=0) if len(X) else np.zeros(X.shape[1])
    sd = np.sqrt(var)
    positive = sd[sd > 0]
    ratio = float(positive.max() / positive.min()) if len(positive) else 1.0
    total = float(var.sum())
    share = {n: (float(v) / total if total > 0 else 0.0) for n, v in zip(names, var)}
    order = np.argsort(-var, kind="stable")
    dominant, carried = [], 0.0
    for j in order:
        if carried >= 0.9 or total <= 0:
            break
        dominant.append(names[j])
        carried += var[j] / total
    mixed = ratio > threshold and len(dominant) < len(names)
    sentence = None
    if mixed:
        shown = ", ".join(f"“{n}” ({share[n]:.0%})" for n in dominant[:3]) + (
            f" and {len(dominant) - 3} more" if len(dominant) > 3 else "")
        one = len(dominant) == 1
        sentence = (f"Feature scales differ {ratio:,.0f}-fold: {shown} {'carries' if one else 'carry'} {carried:.0%} "
                    f"of the squared distances, so {'it decides' if one else 'they decide'} which rows are neighbours. "
                    "Standardise the features to weigh every column alike.")
    return {"mixed": bool(mixed), "ratio": ratio, "dominant": dominant if mixed else [], "share": share,
            "sentence": sentence}
