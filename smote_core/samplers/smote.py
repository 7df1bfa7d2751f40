"""SMOTE — bit-identical to imbalanced-learn 0.14, and it says where every synthetic row came from."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.utils._param_validation import StrOptions

from .._validation import check_random_state
from ..neighbors import NEIGHBOR_METHODS, check_method, class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes

_BLOCK_ROWS = 65_536  # rows interpolated at a time: bounds the temporaries of a large resample


def interpolate(X, parents, neighbors, gaps):
    """``X[parents] + gaps · (X[neighbors] − X[parents])``, row by row, computed as imbalanced-learn does.

    Floating-point data is differenced in its own dtype and combined in float64, then cast back to the input dtype
    (which makes the result bit-identical to imbalanced-learn). Integer data is differenced exactly in int64 (so
    unsigned integers never wrap around and small signed integers never overflow; imbalanced-learn differences in
    the input dtype), combined in float64 and cast back (truncated toward zero, like imbalanced-learn); values
    beyond ±2**62, whose int64 difference could overflow, are differenced in float64 instead. Boolean data is
    computed in float64 and stays float64: a point between ``False`` and ``True`` is a fraction.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n, n_features)
    parents, neighbors : int arrays of shape (m,)
        Row positions in ``X``.
    gaps : float array of shape (m,)

    Returns
    -------
    ndarray or sparse matrix of shape (m, n_features)
    """
    gaps = np.asarray(gaps, dtype=np.float64)[:, np.newaxis]
    parents, neighbors = np.asarray(parents), np.asarray(neighbors)
    out_dtype = np.float64 if X.dtype == bool else X.dtype
    work = X if X.dtype.kind == "f" else X.astype(np.float64)
    diff_src = work
    if X.dtype.kind in "iu":
        values = X.data if sparse.issparse(X) else X
        if values.size == 0 or (values.min() > -(2**62) and values.max() < 2**62):
            # The exact integer difference, as imbalanced-learn takes it: float64 values beyond 2**53 would round.
            diff_src = X.astype(np.int64, copy=False)
    if sparse.issparse(work):
        base = work[parents]
        diffs = diff_src[neighbors] - diff_src[parents]
        steps = type(base)(gaps)
        return (base + steps.multiply(diffs)).astype(out_dtype)
    # Dense: in blocks of rows written into the result, so that the temporaries stay small whatever m is. Every
    # operation is element by element, so the blocks give the same bits as one pass over all rows.
    out = np.empty((len(parents), X.shape[1]), dtype=out_dtype)
    for start in range(0, len(parents), _BLOCK_ROWS):
        rows = slice(start, start + _BLOCK_ROWS)
        base = work[parents[rows]]
        start_rows = base if diff_src is work else diff_src[parents[rows]]  # float data: the same rows
        diffs = diff_src[neighbors[rows]] - start_rows
        out[rows] = base + gaps[rows] * diffs
    return out


def draw_pairs(random_state, nns, n_new):
    """SMOTE's random draws for one class, in imbalanced-learn's order: which (sample, neighbour) pairs, which λ.

    Every sampler that interpolates between a sample and one of its neighbours draws through this function:
    ``rs = check_random_state(random_state)`` (an int gives a fresh generator, so it restarts the sequence for every
    call; a ``RandomState`` is used as it is and so continues its sequence), then ``idx = rs.randint(0, n × k, n_new)``
    among the ``n × k`` pairs of ``nns``, then ``n_new`` uniform λ; the pair is row ``idx // k``, column ``idx % k``.

    Parameters
    ----------
    random_state : None, int or numpy.random.RandomState
    nns : int array of shape (n, k)
        Each candidate parent's k neighbours (in whatever numbering).
    n_new : int

    Returns
    -------
    rows, cols : int arrays of shape (n_new,)
        The sample's row and the neighbour's column in ``nns``.
    gaps : float array of shape (n_new,)
        λ, uniform in [0, 1).
    """
    rs = check_random_state(random_state)
    picks = rs.randint(low=0, high=nns.size, size=n_new)
    gaps = rs.uniform(size=n_new)
    rows, cols = np.divmod(picks, nns.shape[1])
    return rows, cols, gaps


def plan_class(estimator, X_class, members, n_new, random_state):
    """What SMOTE makes for one class, before any row is made: neighbour table, parents, neighbours and λ.

    Parameters
    ----------
    estimator : neighbour estimator from :func:`smote_core.neighbors.make_neighbors`
    X_class : ndarray or sparse matrix of shape (n_class, n_features)
        The class's rows.
    members : int array of shape (n_class,)
        Their positions (in whatever numbering the caller wants back: rows of ``X``, of a file, …).
    n_new : int
    random_state : None, int or numpy.random.RandomState
        As :func:`draw_pairs` takes it.

    Returns
    -------
    nn_indices : int array of shape (n_class, k)
        ``members`` of each row's k nearest same-class neighbours.
    parents, neighbors : int arrays of shape (n_new,)
        ``members`` of each new row's parent and neighbour.
    gaps : float array of shape (n_new,)
    """
    return plan_from_neighbors(class_neighbors(estimator, X_class), members, n_new, random_state)


def plan_from_neighbors(nns, members, n_new, random_state):
    """:func:`plan_class` for neighbours already found: ``nns`` (n_class, k) holds positions within the class."""
    rows, cols, gaps = draw_pairs(random_state, nns, n_new)
    return members[nns], members[rows], members[nns[rows, cols]], gaps


def generate(X, y, wanted, random_state, class_nns):
    """SMOTE's new rows for every class to grow, from the neighbours ``class_nns(c, members)`` gives.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n, n_features)
    y : ndarray of shape (n,)
    wanted : mapping
        ``{class: number of new rows}`` in the order classes are grown (``sampling_strategy_``).
    random_state : None, int or numpy.random.RandomState
    class_nns : callable
        ``class_nns(c, members)``: the k nearest same-class neighbours of each row ``members`` of class ``c``, as
        positions within the class (what :func:`smote_core.neighbors.class_neighbors` returns).

    Returns
    -------
    nn_indices : dict
        ``{class: (n_class, k) positions in X}``.
    X_blocks, y_blocks : lists of arrays, one per grown class
    provenance : DataFrame
        ``parent``, ``neighbor``, ``gap``, ``class`` per new row.
    """
    nn_indices, rows = _generate(X, y, wanted, random_state, class_nns)
    return nn_indices, rows.X_blocks, rows.y_blocks, rows.provenance()


def _generate(X, y, wanted, random_state, class_nns):
    """:func:`generate`, with the new rows as a :class:`~smote_core.samplers._base.NewRows`."""
    nn_indices, rows = {}, NewRows(y.dtype)
    for c, n_new in wanted.items():
        if n_new == 0:
            continue
        members = np.flatnonzero(y == c)
        nn_indices[c], parents, neighbors, gaps = plan_from_neighbors(class_nns(c, members), members, n_new,
                                                                      random_state)
        rows.add(c, interpolate(X, parents, neighbors, gaps), parents, neighbors, gaps)
    return nn_indices, rows


class SMOTE(BaseOverSampler):
    """Synthetic Minority Over-sampling Technique, with provenance.

    For a sample ``x`` of a class to grow, SMOTE takes one of its ``k`` nearest same-class neighbours ``x_nn`` and
    creates ``x + λ·(x_nn − x)`` with ``λ`` uniform in [0, 1). The output is bit-identical to
    ``imblearn.over_sampling.SMOTE`` 0.14 for the same inputs and ``random_state`` (see Notes for the two
    deliberate differences), and ``provenance_`` records, for every new row, the parent, the neighbour and ``λ``.

    Parameters
    ----------
    k_neighbors : int or estimator, default=5
        Number of same-class nearest neighbours to interpolate towards, or an object with ``fit`` and
        ``kneighbors`` (e.g. ``NearestNeighbors(n_neighbors=6)``; its ``n_neighbors`` includes the sample
        itself, as in imbalanced-learn).
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
        ``"auto"`` grows every class but the majority to the majority's size.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class, as imbalanced-learn does.
    neighbors : {"exact", "approximate"}, default="exact"
        How the k nearest same-class neighbours are found. ``"exact"``: scikit-learn's exact search, which makes
        the output bit-identical to imbalanced-learn. ``"approximate"``: an HNSW graph
        (:class:`smote_core.neighbors.ApproximateNeighbors`, hnswlib), faster on large classes (about 3× the speed
        of the exact search at a 104,000-row class of 20 features; no gain below about 20,000 rows, see
        ``benchmarks/results.md``); it finds ≥ 95% of the exact neighbours (about 0.98 measured on 20 features),
        never gives a row as its own neighbour, and is deterministic (same data and ``random_state``, same rows).
        ``provenance_``, ``nn_indices_`` and the errors are the same as with ``"exact"``. Needs an int
        ``k_neighbors``.

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order.
    nn_k_ : estimator
        The nearest-neighbour estimator used (fitted on the last class resampled).
    k_ : int
        The number of neighbours each sample chose from.
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``, with columns
        ``parent`` and ``neighbor`` (0-based row positions in the ``X`` given to ``fit_resample``), ``gap`` (λ)
        and ``class``, so that ``X_res[n + i] == X[parent] + gap · (X[neighbor] − X[parent])`` (computed as
        :func:`interpolate` does).
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}`` for every class that received new rows: for each sample of the
        class, in the order they occur in ``X``, the positions in ``X`` of its k nearest same-class neighbours.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Notes
    -----
    Differences from imbalanced-learn, both where it gives wrong results:

    - Integer features are interpolated in float64, so unsigned integers never wrap around (imbalanced-learn can
      turn uint8 values 10 and 15 into 167) and small signed integers never overflow; the result is cast back to
      the input dtype, truncated toward zero.
    - Boolean features are interpolated in float64 and come back as float64 (imbalanced-learn fails on a boolean
      array, and casts a boolean DataFrame column back to ``True``/``False``).

    With duplicate rows, a sample's first "neighbour" may be itself (its duplicate took the first place):
    imbalanced-learn does the same, and the new row is then a copy of the parent.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import SMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(30, 2)); y = np.array([0] * 24 + [1] * 6)
    >>> sm = SMOTE(k_neighbors=3, random_state=0)
    >>> X_res, y_res = sm.fit_resample(X, y)
    >>> X_res.shape, int((y_res == 1).sum())
    ((48, 2), 24)
    >>> list(sm.provenance_.columns)
    ['parent', 'neighbor', 'gap', 'class']
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "k_neighbors": NEIGHBORS_CONSTRAINT,
        "neighbors": [StrOptions(set(NEIGHBOR_METHODS))],
    }
    _value_checks = {"neighbors": check_method}

    def __init__(self, k_neighbors=5, sampling_strategy="auto", random_state=None, neighbors="exact"):
        self.k_neighbors = k_neighbors
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.neighbors = neighbors

    def _fit_resample(self, X, y):
        self.nn_k_, self.k_ = make_neighbors(self.k_neighbors, method=self.neighbors)
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_)
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        self.nn_indices_, rows = _generate(
            X, y, self.sampling_strategy_, self.random_state,
            lambda c, members: class_neighbors(self.nn_k_, X[members]),
        )
        return rows.result(X, y)
