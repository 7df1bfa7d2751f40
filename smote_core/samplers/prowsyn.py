"""ProWSyn — proximity levels peeled from the border with the other classes, more rows from the nearer levels."""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval

from .._validation import SmoteError, check_random_state
from ..neighbors import class_neighbors, make_neighbors
from ..sampling import class_counts
from ._base import NEIGHBORS_CONSTRAINT, BaseOverSampler, NewRows, check_class_sizes
from .smote import interpolate


def check_n_levels(value):
    """``n_levels``: a whole number ≥ 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise SmoteError(f"n_levels={value!r}: give a whole number ≥ 1 (5 is the paper's choice).")


def check_theta(value):
    """``theta``: a number ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise SmoteError(f"theta={value!r}: give a number ≥ 0 (1 is the paper's choice; 0 weighs every level "
                         "the same).")


def proximity_levels(nn, X_class, X_other, k: int, n_levels: int) -> np.ndarray:
    """Each sample's proximity level: 1 for the nearest to the other classes, up to ``n_levels``.

    Level 1 is every sample that is one of the ``k`` nearest samples of the class to some sample of another class;
    those are removed and level 2 is found the same way among the rest, and so on for ``n_levels − 1`` levels; the
    samples left over get level ``n_levels`` (ProWSyn's steps 3-4).

    Parameters
    ----------
    nn : neighbour estimator (refitted on what is left of the class at each level)
    X_class, X_other : the class's rows and the other classes' rows
    k : int
    n_levels : int

    Returns
    -------
    int64 array of shape (n_class,)
    """
    levels = np.full(X_class.shape[0], n_levels, dtype=np.int64)
    remaining = np.arange(X_class.shape[0])
    for level in range(1, n_levels):
        if not len(remaining):
            break
        nn.fit(X_class[remaining])
        nearest = nn.kneighbors(X_other, n_neighbors=min(k, len(remaining)), return_distance=False)
        hit = np.unique(nearest)
        levels[remaining[hit]] = level
        remaining = np.delete(remaining, hit)
    return levels


def split_by_weight(n: int, weights) -> np.ndarray:
    """``n`` split in proportion to ``weights`` (summing to 1) by largest remainders (ties: the earlier part)."""
    shares = np.asarray(weights, dtype=np.float64) * n
    counts = np.floor(shares).astype(np.int64)
    rest = shares - counts
    order = np.argsort(-rest, kind="stable")
    counts[order[: n - int(counts.sum())]] += 1
    return counts


class ProWSyn(BaseOverSampler):
    """Proximity Weighted Synthetic oversampling (Barua, Islam & Murase, 2013), with provenance and proximity levels.

    For every class to grow (one class against the rest), the samples are split into proximity levels: level 1
    holds every sample that is one of the ``n_neighbors`` nearest samples of the class to some sample of another
    class; they are removed and level 2 is found the same way, and so on; after ``n_levels − 1`` levels the samples
    left get level ``n_levels``. Level ``l`` weighs ``exp(−θ·(l − 1))``; the weights of the levels that hold samples
    are normalised, and level ``l`` receives that share of the class's new rows (rounded by largest remainders, so
    the total is exact). Each of its rows is ``x + λ·(y − x)`` for two different samples ``x`` and ``y`` of that
    level drawn at random (a level of one sample can only copy it) and ``λ`` uniform in [0, 1).

    Parameters
    ----------
    n_neighbors : int or estimator, default=5
        ``K``: how many nearest samples of the class each sample of another class claims for the current level;
        or an object with ``fit`` and ``kneighbors`` whose ``n_neighbors`` counts the sample itself. (Also the
        width of ``nn_indices_``.)
    sampling_strategy : float, str, dict or callable, default="auto"
        How many rows each class should end with; see :func:`smote_core.sampling.resolve_sampling_strategy`.
    random_state : None, int or numpy.random.RandomState, default=None
        An int gives a fresh ``RandomState(int)`` for each class.
    n_levels : int, default=5
        ``L``, the number of proximity levels.
    theta : float, default=1.0
        ``θ``: how fast the weight falls from one level to the next (0: every level the same).

    Attributes
    ----------
    sampling_strategy_ : OrderedDict
        ``{class: number of new rows}``, classes in sorted order; exactly that many are made.
    nn_ : estimator
        The nearest-neighbour estimator (last fitted on the last class resampled).
    k_ : int
        ``K``.
    levels_ : dict
        ``{class: int array}`` for every class that received new rows: for each sample of the class, in the order
        of ``X``, its proximity level (1 … ``n_levels``).
    level_weights_ : dict
        ``{class: float array of shape (n_levels,)}``: the normalised weight of each level (0 for a level with no
        sample); level ``l`` made ``level_weights_[c][l − 1]`` of the class's rows (up to rounding).
    nn_indices_ : dict
        ``{class: int array of shape (n_class, k)}``: for each sample of the class, the positions in ``X`` of its
        ``k_`` nearest same-class neighbours. ProWSyn does not draw neighbours from these (a row's ``neighbor`` is
        any other sample of its parent's level); they are there for display.
    provenance_ : pandas.DataFrame
        One row per synthetic sample, in the order they follow the originals in ``X_resampled``: ``parent``,
        ``neighbor``, ``gap``, ``class`` as in :class:`smote_core.SMOTE` (``X_res[n + i] == X[parent] + gap ·
        (X[neighbor] − X[parent])``), and ``level`` (the parent's and neighbour's proximity level). Rows of a class
        come level by level.
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when ``X`` was a DataFrame with string column names.

    Notes
    -----
    Where smote-variants 1.0.1 (``ProWSyn``) differs from the paper, this follows the paper:

    - smote-variants peels ``L`` levels from the border and gives the samples left over the level of the last
      one peeled (so two groups share level ``L``); the paper peels ``L − 1`` and the rest form level ``L``.
    - smote-variants draws the level of each new row at random with the level weights as probabilities; the paper
      gives level ``l`` exactly ``w_l · G`` rows, as this class does (largest remainders make the total exact).
    - within a level smote-variants samples a simplex of its members; the paper joins two random samples of the
      level, as here.

    With more than two classes, "the other class" is every other class.

    References
    ----------
    Barua, S., Islam, M. M. and Murase, K. "ProWSyn: Proximity Weighted Synthetic Oversampling Technique for
    Imbalanced Data Set Learning", Advances in Knowledge Discovery and Data Mining (PAKDD 2013), LNCS 7819,
    pp. 317-328.

    Examples
    --------
    >>> import numpy as np
    >>> from smote_core import ProWSyn
    >>> rng = np.random.RandomState(0)
    >>> X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (15, 2))])
    >>> y = np.array([0] * 40 + [1] * 15)
    >>> pw = ProWSyn(n_neighbors=3, random_state=0)
    >>> X_res, y_res = pw.fit_resample(X, y)
    >>> int((y_res == 1).sum()), int(pw.levels_[1].min())
    (40, 1)
    >>> made = np.bincount(pw.provenance_["level"], minlength=6)[1:] / 25
    >>> bool(np.allclose(made, pw.level_weights_[1], atol=1 / 25))
    True
    """

    _parameter_constraints: dict = {
        **BaseOverSampler._parameter_constraints,
        "n_neighbors": NEIGHBORS_CONSTRAINT,
        "n_levels": [Interval(numbers.Integral, 1, None, closed="left")],
        "theta": [Interval(numbers.Real, 0, None, closed="left")],
    }
    _value_checks = {"n_levels": check_n_levels, "theta": check_theta}

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5, n_levels=5, theta=1.0):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_levels = n_levels
        self.theta = theta

    def _fit_resample(self, X, y):
        check_n_levels(self.n_levels)
        check_theta(self.theta)
        self.nn_, self.k_ = make_neighbors(self.n_neighbors, name="n_neighbors")
        check_class_sizes(class_counts(y), self.sampling_strategy_, self.k_, param="n_neighbors")
        check_random_state(self.random_state)  # a bad one is refused even when no class needs new rows
        self.levels_, self.level_weights_, self.nn_indices_ = {}, {}, {}
        rows = NewRows(y.dtype, {"level": np.int64})
        for c, n_new in self.sampling_strategy_.items():
            if n_new:
                self._grow_class(X, y, c, n_new, rows)
        return rows.result(X, y)

    def _grow_class(self, X, y, c, n_new, rows):
        members = np.flatnonzero(y == c)
        self.nn_indices_[c] = members[class_neighbors(self.nn_, X[members])]
        levels = proximity_levels(self.nn_, X[members], X[y != c], self.k_, self.n_levels)
        occupied = np.bincount(levels, minlength=self.n_levels + 1)[1:] > 0
        weights = np.exp(-float(self.theta) * np.arange(self.n_levels)) * occupied
        weights /= weights.sum()
        self.levels_[c], self.level_weights_[c] = levels, weights
        rs = check_random_state(self.random_state)
        for level, n_level in enumerate(split_by_weight(n_new, weights), start=1):
            if not n_level:
                continue
            mates = members[levels == level]
            first = rs.randint(0, len(mates), size=n_level)
            # A different member of the level: an offset of 1 … m − 1 (none when the level has one sample).
            offset = rs.randint(1, len(mates), size=n_level) if len(mates) > 1 else np.zeros(n_level, dtype=int)
            gaps = rs.uniform(size=n_level)
            parents, neighbors = mates[first], mates[(first + offset) % len(mates)]
            rows.add(c, interpolate(X, parents, neighbors, gaps), parents, neighbors, gaps,
                     level=np.full(n_level, level, dtype=np.int64))
