"""ADASYN — bit-identical to imbalanced-learn 0.14, with where every synthetic row came from and why there."""

from __future__ import annotations

import numpy as np

from .._validation import SmoteError, check_random_state, plural
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes
from .smote import interpolate


class ADASYN(BaseOverSampler):
    """Adaptive Synthetic sampling (ADASYN), with provenance.

    ADASYN is SMOTE with an uneven budget: a sample of a class to grow gets more new rows the more of its
    ``n_neighbors`` nearest neighbours (among all of ``X``) belong to other classes. For each sample ``x_i``

    - the *difficulty* ``d_i`` is the fraction of its ``n_neighbors`` nearest neighbours in ``X`` that are of
      another class (one-vs-rest, also with more than two classes);
    - its weight is ``r_i = d_i / Σ d``, and it gets ``round(r_i · n_new)`` new rows (``np.rint``: halves go
      to the even number);
    - each new row is ``x_i + λ·(x_nn − x_i)``, with ``x_nn`` one of the ``n_neighbors`` nearest neighbours of
      ``x_i`` within its own class and ``λ`` uniform in [0, 1), as in SMOTE.

    The output is bit-identical to ``imblearn.over_sampling.ADASYN`` 0.14 for the same inputs and
    ``random_state`` (apart from SMOTE's documented fixes for integer and boolean features, see Notes).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
        ``"auto"`` grows every class but the majority to the majority's size. Because of the per-sample
        rounding, the number of rows actually added can differ slightly from the number asked for (see Notes).
    random_state : None, int or numpy.random.RandomState, default=None
        One random generator is made from it for the whole call and used class after class, as imbalanced-learn
        does (unlike SMOTE, where an int restarts the generator for each class).
    n_neighbors : int or estimator, default=5
        Number of nearest neighbours, used both to measure difficulty (neighbours among all samples) and to
        interpolate (neighbours within the class); or an object with ``fit`` and ``kneighbors``
        (e.g. ``NearestNeighbors(n_neighbors=6)``; its ``n_neighbors`` counts the sample itself, as in
        imbalanced-learn).

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows asked for}``, classes in sorted order. The number actually made is
        ``n_generated_per_sample_[class].sum()``.
    nn_ : estimator
        The nearest-neighbour estimator used (last fitted on the last class resampled).
    k_ : int
        The number of neighbours (``n_neighbors`` without the sample itself).
    difficulty_ : dict
        ``{class: float array}`` for every class that received new rows: for each sample of the class, in the
        order they occur in ``X``, the fraction of its ``k_`` nearest neighbours in ``X`` of another class.
    weights_ : dict
        ``{class: float array}``: the difficulties normalised to sum to 1 (ADASYN's ``r_i``), same order.
    n_generated_per_sample_ : dict
        ``{class: int array}``: how many new rows each sample of the class is the parent of, same order.
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for each sample of the class, the positions in ``X`` of its
        ``k_`` nearest same-class neighbours (the ones it interpolates towards).
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``, with columns
        ``parent`` and ``neighbor`` (0-based row positions in the ``X`` given to ``fit_resample``), ``gap`` (λ)
        and ``class``, so that ``X_res[n + i] == X[parent] + gap · (X[neighbor] − X[parent])`` (computed as
        :func:`smote_core.interpolate` does). Rows of a class come parent by parent, in the order of ``X``.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Raises
    ------
    SmoteError
        Besides SMOTE's input errors: when none of a class's samples has a neighbour of another class (ADASYN's
        weights would divide by zero), and when every per-sample count rounds to 0.

    Notes
    -----
    - **The total is rounded per sample**, as in imbalanced-learn: each sample's share ``r_i · n_new`` is rounded
      on its own, so a class can gain a few rows more or fewer than ``sampling_strategy`` asked for (for example
      three equally difficult samples sharing 4 new rows get ``rint(4/3) = 1`` each: 3 rows). This is kept so
      the output matches imbalanced-learn; ``sampling_strategy_`` still holds the numbers asked for.
    - Difficulty drops the first of the ``k + 1`` neighbours found in ``X``, taking it to be the sample itself. With
      exact duplicate rows that first neighbour can be a duplicate (possibly of another class) instead, exactly as
      in imbalanced-learn.
    - Integer and boolean features are interpolated as :class:`smote_core.SMOTE` does (exact integer differences,
      no wrap-around of unsigned integers; booleans come back as float64); imbalanced-learn can wrap around or
      fail there. Everywhere else the rows are bit-identical.
    - imbalanced-learn raises ``RuntimeError`` / ``ValueError`` for the two ADASYN-specific failures; these raise
      :class:`smote_core.SmoteError` (a ``ValueError``) with a message saying what to do.

    References
    ----------
    He, H., Bai, Y., Garcia, E. A. and Li, S. "ADASYN: Adaptive synthetic sampling approach for imbalanced
    learning", IEEE IJCNN 2008, pp. 1322-1328.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import ADASYN
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1, 1, (10, 2))])
    >>> y = np.array([0] * 40 + [1] * 10)
    >>> ada = ADASYN(n_neighbors=3, random_state=0)
    >>> X_res, y_res = ada.fit_resample(X, y)
    >>> int(ada.n_generated_per_sample_[1].sum()) == len(ada.provenance_) == len(y_res) - len(y)
    True
    """

    _parameter_constraints: dict = {**BaseOverSampler._parameter_constraints, "n_neighbors": NEIGHBORS_CONSTRAINT}

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors

    def _fit_resample(self, X, y):
        self.nn_, self.k_ = make_neighbors(self.n_neighbors, name="n_neighbors")
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_, param="n_neighbors")
        # One generator for the whole call (imbalanced-learn's order of draws); a bad random_state is refused here
        # even when no class needs new rows.
        rs = check_random_state(self.random_state)
        self.difficulty_, self.weights_, self.n_generated_per_sample_, self.nn_indices_ = {}, {}, {}, {}
        rows = NewRows(y.dtype)
        for c, n_asked in self.sampling_strategy_.items():
            if n_asked == 0:
                continue
            members = np.flatnonzero(y == c)
            counts = self._counts_per_sample(X, y, c, members, n_asked)
            parents, neighbors, gaps = self._draw(X, c, members, counts, rs)
            rows.add(c, interpolate(X, parents, neighbors, gaps), parents, neighbors, gaps)
        return rows.result(X, y)

    def _draw(self, X, c, members, counts, rs):
        """ADASYN's own draws for class ``c``, in imbalanced-learn's order (on purpose not SMOTE's ``draw_pairs``):
        ``counts[i]`` rows from sample ``i``, then a neighbour column for each (``rs.choice``), then the λ.

        Returns ``(parents, neighbors, gaps)``, positions in ``X``; stores the class's ``nn_indices_``.
        """
        n_new = int(counts.sum())
        nns = class_neighbors(self.nn_, X[members])
        self.nn_indices_[c] = members[nns]
        rows = np.repeat(np.arange(len(members)), counts)
        cols = rs.choice(self.k_, size=n_new)
        gaps = rs.uniform(size=n_new)
        return members[rows], members[nns[rows, cols]], gaps

    def _counts_per_sample(self, X, y, c, members, n_asked):
        """Difficulty, weight and number of new rows of every sample of class ``c`` (stored on self)."""
        # Neighbours among all samples; the first one found is taken to be the sample itself and dropped.
        self.nn_.fit(X)
        nns_all = self.nn_.kneighbors(X[members], return_distance=False)[:, 1:]
        difficulty = np.sum(y[nns_all] != c, axis=1) / self.k_
        total = np.sum(difficulty)
        if not total:
            raise SmoteError(
                f"ADASYN cannot grow class {c!r}: none of its {plural(len(members), 'sample')} has a neighbour of "
                f"another class among its {self.k_} nearest, so every sample's difficulty is 0 and ADASYN has no "
                "weights to share the new rows by (the class is well separated). Use SMOTE, which does not need "
                "difficulty weights, or try a larger n_neighbors."
            )
        weights = difficulty / total
        counts = np.rint(weights * n_asked).astype(int)
        if not counts.sum():
            raise SmoteError(
                f"ADASYN would add no rows of class {c!r}: {plural(int(n_asked), 'new row')} shared by difficulty "
                f"among {plural(int(np.count_nonzero(weights)), 'sample')} rounds to 0 for each of them. Ask for "
                "more rows in sampling_strategy, or use SMOTE, which adds exactly the number asked for."
            )
        self.difficulty_[c], self.weights_[c], self.n_generated_per_sample_[c] = difficulty, weights, counts
        return counts
