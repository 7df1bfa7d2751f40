"""Built-in datasets: 2-D teaching toys with a controllable imbalance, and real tables shipped with scikit-learn.

Nothing is downloaded at run time: the toys come from scikit-learn's generators and the real tables from the
files installed with scikit-learn.

Examples
--------
>>> ds = load_builtin("moons")
>>> ds.frame.columns.tolist()
['x1', 'x2', 'class']
>>> ds.frame["class"].value_counts().to_dict()
{'majority': 300, 'minority': 33}
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import SmoteError

TARGET = "class"
DEFAULT = "moons"
DEFAULT_IMBALANCE = 0.1
DEFAULT_TOY_SAMPLES = 600
MIN_TOY_SAMPLES = 20
MAX_TOY_SAMPLES = 100_000


@dataclass
class Dataset:
    """A table ready for the app: feature columns plus the ``target`` column of class labels.

    Attributes
    ----------
    name : str
        The key in ``BUILTIN``.
    title : str
        A human title for pickers and headings.
    frame : DataFrame
        The feature columns, then the target column. Features are numeric, except those in ``categorical``.
    target : str
        The name of the class-label column (``"class"``).
    description : str
        One or two sentences for a teacher: what the data is and what it shows about SMOTE.
    is_toy : bool
        True for the 2-D teaching data (features ``x1`` and ``x2``).
    categorical : tuple of str
        The feature columns holding categories (as text); empty for all-numeric data.
    """

    name: str
    title: str
    frame: pd.DataFrame
    target: str
    description: str
    is_toy: bool
    categorical: tuple = ()

    @property
    def features(self) -> list[str]:
        """The feature columns: every column but the target, in order."""
        return [c for c in self.frame.columns if c != self.target]


@dataclass(frozen=True)
class BuiltinInfo:
    """What a built-in dataset is, known without loading it.

    Attributes
    ----------
    name, title, description : str
        As on the loaded ``Dataset``.
    is_toy : bool
        True for the 2-D teaching data, which take ``n_samples`` and ``noise``.
    noise : str or None
        For toys, what ``noise`` controls and its default; None for the real tables.
    """

    name: str
    title: str
    description: str
    is_toy: bool
    noise: str | None = None


BUILTIN: dict[str, BuiltinInfo] = {
    info.name: info
    for info in (
        BuiltinInfo(
            "moons", "Two moons (2-D toy)",
            "Two interleaved half-circles; the lower moon is the minority. Shows SMOTE filling in a curved class "
            "between its samples, and cutting across the gap when k is large.",
            True, "standard deviation of the Gaussian noise added to every point (default 0.12)",
        ),
        BuiltinInfo(
            "blobs", "Two blobs (2-D toy)",
            "Two Gaussian clusters, well apart: the easy case, where every segment stays inside the minority.",
            True, "standard deviation of each cluster (default 1.0)",
        ),
        BuiltinInfo(
            "circles", "Circles (2-D toy)",
            "A minority disc inside a majority ring: segments between far-apart neighbours cut across.",
            True, "standard deviation of the Gaussian noise added to every point (default 0.06)",
        ),
        BuiltinInfo(
            "overlap", "Noise and overlap (2-D toy)",
            "Two overlapping clouds with some mislabelled points: SMOTE also interpolates from noisy minority "
            "samples, putting synthetic points deep inside the majority.",
            True, "share of labels flipped at random before the minority is thinned, 0 to 0.5 (default 0.05)",
        ),
        BuiltinInfo(
            "breast_cancer", "Breast cancer (Wisconsin)",
            "569 tumours, 30 measurements; malignant (212) is the minority. A real table with correlated features, "
            "seen through a projection.",
            False,
        ),
        BuiltinInfo(
            "wine", "Wine (one cultivar vs rest)",
            "178 wines, 13 chemical measurements; the smallest cultivar (class 2, 48 wines) against the other two.",
            False,
        ),
        BuiltinInfo(
            "digits", "Digits (eight vs other)",
            "1,797 8×8 handwritten digits (64 pixel features); the eights (174) against every other digit.",
            False,
        ),
        BuiltinInfo(
            "shapes", "Colours and sizes (numbers + categories)",
            "Two overlapping clouds (x1, x2) with two category columns: colour (the minority is mostly red) and "
            "size. Plain SMOTE interpolates their one-hot columns into fractions; SMOTE-NC votes for real "
            "categories.",
            False,
        ),
        BuiltinInfo(
            "diabetes", "Diabetes (high progression vs rest)",
            "442 patients, 9 measurements and sex (a category); the 15% whose disease progressed most after a "
            "year (69) against the rest. Real data with a category column, for SMOTE-NC.",
            False,
        ),
    )
}


def dataset_choices() -> list[tuple[str, str]]:
    """``(name, title)`` pairs for a picker, the default (moons) first.

    Returns
    -------
    list of (str, str)
    """
    return [(name, info.title) for name, info in BUILTIN.items()]


# ---------------------------------------------------------------------------------------------- thinning
def _thin(y01: np.ndarray, imbalance: float, rng: np.random.RandomState) -> np.ndarray:
    """Indices to keep: every majority row (label 0) and a seeded sample of the minority (label 1).

    The minority is sized so that it makes up ``imbalance`` of the rows kept (at least 2 rows, at most all of
    them). ``RandomState.choice`` without replacement takes the head of one permutation, so for one seed a smaller
    ``imbalance`` keeps a subset of the minority rows that a larger one keeps.
    """
    maj = np.flatnonzero(y01 == 0)
    mino = np.flatnonzero(y01 == 1)
    n_min = max(2, int(round(len(maj) * imbalance / (1 - imbalance))))
    n_min = min(n_min, len(mino))
    return np.sort(np.concatenate([maj, rng.choice(mino, size=n_min, replace=False)]))


def _toy(X, y01, name, imbalance, seed) -> Dataset:
    keep = _thin(y01, imbalance, np.random.RandomState(seed))
    frame = pd.DataFrame(np.round(X[keep], 4), columns=["x1", "x2"])
    frame[TARGET] = np.where(y01[keep] == 1, "minority", "majority")
    info = BUILTIN[name]
    return Dataset(name, info.title, frame, TARGET, info.description, True)


# ---------------------------------------------------------------------------------------------- toys
def _moons(n_samples, imbalance, noise, seed):
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_samples, noise=0.12 if noise is None else noise, random_state=seed)
    return _toy(X, y, "moons", imbalance, seed)


def _blobs(n_samples, imbalance, noise, seed):
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n_samples=n_samples, centers=[[-2, 0], [2, 1.5]], cluster_std=1.0 if noise is None else noise,
                      random_state=seed)
    return _toy(X, y, "blobs", imbalance, seed)


def _circles(n_samples, imbalance, noise, seed):
    from sklearn.datasets import make_circles

    # make_circles labels the inner circle 1: the minority disc sits inside the majority ring.
    X, y = make_circles(n_samples=n_samples, noise=0.06 if noise is None else noise, factor=0.5, random_state=seed)
    return _toy(X, y, "circles", imbalance, seed)


def _overlap(n_samples, imbalance, noise, seed):
    rng = np.random.RandomState(seed)
    half = n_samples // 2
    X = np.vstack([rng.normal([0, 0], 1.0, (half, 2)), rng.normal([1.2, 0.8], 0.9, (n_samples - half, 2))])
    y = np.array([0] * half + [1] * (n_samples - half))
    flip = rng.rand(n_samples) < (0.05 if noise is None else noise)
    y = np.where(flip, 1 - y, y)
    return _toy(X, y, "overlap", imbalance, seed)


# ---------------------------------------------------------------------------------------------- real tables
def _real(name, data: pd.DataFrame, is_minority: np.ndarray, labels: tuple[str, str], imbalance, seed,
          categorical: tuple = ()) -> Dataset:
    """``labels`` is (minority, majority). ``imbalance`` None keeps the table as shipped. ``categorical``: the
    columns of ``data`` holding categories."""
    frame = data.copy()
    frame[TARGET] = np.where(is_minority, labels[0], labels[1])
    if imbalance is not None:
        natural = float(is_minority.mean())
        if imbalance > natural + 1e-12:
            raise SmoteError(
                f"imbalance={imbalance:g} asks for more minority rows than {name!r} has: its minority "
                f"({labels[0]!r}) is {natural:.1%} of the rows, and imbalance can only thin it out. Use a value up to "
                f"{np.floor(natural * 1000) / 1000:g}, or leave imbalance unset for the table as shipped."
            )
        keep = _thin(is_minority.astype(int), imbalance, np.random.RandomState(seed))
        frame = frame.iloc[keep].reset_index(drop=True)
    info = BUILTIN[name]
    return Dataset(name, info.title, frame, TARGET, info.description, False, tuple(categorical))


def _breast_cancer(imbalance, seed):
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    # scikit-learn codes malignant as 0 and benign as 1.
    return _real("breast_cancer", bunch.data, bunch.target.to_numpy() == 0, ("malignant", "benign"), imbalance,
                 seed)


def _wine(imbalance, seed):
    from sklearn.datasets import load_wine

    bunch = load_wine(as_frame=True)
    target = bunch.target.to_numpy()
    smallest = int(np.argmin(np.bincount(target)))
    return _real("wine", bunch.data, target == smallest, (f"cultivar_{smallest}", "rest"), imbalance, seed)


def _digits(imbalance, seed):
    from sklearn.datasets import load_digits

    bunch = load_digits(as_frame=True)
    return _real("digits", bunch.data, bunch.target.to_numpy() == 8, ("eight", "other"), imbalance, seed)


_TOYS = {"moons": _moons, "blobs": _blobs, "circles": _circles, "overlap": _overlap}
def _shapes(imbalance, seed):
    rng = np.random.RandomState(seed)
    n = DEFAULT_TOY_SAMPLES // 2
    X = np.vstack([rng.normal([0, 0], 1.0, (n, 2)), rng.normal([1.8, 1.2], 0.8, (n, 2))])
    is_minority = np.repeat([False, True], n)
    colour = np.where(is_minority, rng.choice(["red", "blue", "green"], 2 * n, p=[0.7, 0.2, 0.1]),
                      rng.choice(["red", "blue", "green"], 2 * n, p=[0.15, 0.45, 0.4]))
    size = np.where(is_minority, rng.choice(["S", "M", "L"], 2 * n, p=[0.2, 0.3, 0.5]),
                    rng.choice(["S", "M", "L"], 2 * n, p=[0.4, 0.4, 0.2]))
    data = pd.DataFrame({"x1": np.round(X[:, 0], 4), "x2": np.round(X[:, 1], 4),
                         "colour": pd.Series(colour, dtype=object), "size": pd.Series(size, dtype=object)})
    return _real("shapes", data, is_minority, ("minority", "majority"),
                 DEFAULT_IMBALANCE if imbalance is None else imbalance, seed, categorical=("colour", "size"))


def _diabetes(imbalance, seed):
    from sklearn.datasets import load_diabetes

    bunch = load_diabetes(as_frame=True, scaled=False)
    data = bunch.data.copy()
    data["sex"] = pd.Series([str(int(v)) for v in data["sex"]], dtype=object)  # coded 1 and 2 in the source
    progression = bunch.target.to_numpy()
    return _real("diabetes", data, progression >= np.quantile(progression, 0.85), ("high", "rest"), imbalance, seed,
                 categorical=("sex",))


_REAL = {"breast_cancer": _breast_cancer, "wine": _wine, "digits": _digits, "shapes": _shapes,
         "diabetes": _diabetes}


# ---------------------------------------------------------------------------------------------- checks
def _is_real_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _check_imbalance(imbalance) -> float | None:
    if imbalance is None:
        return None
    if not _is_real_number(imbalance) or not 0 < float(imbalance) <= 0.5:
        raise SmoteError(
            f"imbalance={imbalance!r} is not a share between 0 and 0.5: it is the minority's share of the rows, "
            "e.g. 0.1 for one minority row in ten."
        )
    return float(imbalance)


def _check_seed(seed) -> int:
    if not isinstance(seed, numbers.Integral) or isinstance(seed, bool) or not 0 <= int(seed) < 2**32:
        raise SmoteError(f"seed={seed!r} is not usable: give a whole number from 0 to {2**32 - 1}.")
    return int(seed)


def _check_toy_args(name, n_samples, noise) -> tuple[int, float | None]:
    if n_samples is None:
        n = DEFAULT_TOY_SAMPLES
    elif not isinstance(n_samples, numbers.Integral) or isinstance(n_samples, bool):
        raise SmoteError(f"n_samples={n_samples!r} is not a whole number: give how many points to generate, e.g. 600.")
    else:
        n = int(n_samples)
    if not MIN_TOY_SAMPLES <= n <= MAX_TOY_SAMPLES:
        raise SmoteError(
            f"n_samples={n} is outside {MIN_TOY_SAMPLES} to {MAX_TOY_SAMPLES:,}: a toy needs enough points to show "
            "neighbours, and few enough to draw quickly."
        )
    if noise is not None:
        high = 0.5 if name == "overlap" else 10.0
        if not _is_real_number(noise) or not 0 <= float(noise) <= high:
            raise SmoteError(f"noise={noise!r} is outside 0 to {high:g} for {name!r}: it is the "
                             f"{BUILTIN[name].noise}.")
        noise = float(noise)
    return n, noise


def load_builtin(name: str, *, n_samples: int | None = None, imbalance: float | None = None,
                 noise: float | None = None, seed: int = 0) -> Dataset:
    """Load a built-in dataset; the same arguments always give the same table.

    Parameters
    ----------
    name : str
        One of ``BUILTIN``: the toys ``"moons"`` (the default in the app), ``"blobs"``, ``"circles"``,
        ``"overlap"``; the real tables ``"breast_cancer"``, ``"wine"``, ``"digits"``; with category columns
        (``Dataset.categorical``) the generated ``"shapes"`` (10% minority by default) and ``"diabetes"``.
    n_samples : int, optional
        Toys only: points generated, half per class, before the minority is thinned out (default 600, so the
        default toy has 300 majority and 33 minority rows).
    imbalance : float, optional
        The minority's share of the rows, in (0, 0.5]. Toys default to 0.1. The real tables are shipped as they
        are unless it is given; then their minority is thinned to that share (it cannot be raised above the
        table's own share). Only minority rows are dropped, and for one seed a smaller share keeps a subset of
        the rows a larger one keeps.
    noise : float, optional
        Toys only; what it controls differs per toy (``BUILTIN[name].noise`` says): point noise for moons and
        circles, cluster spread for blobs, the share of flipped labels for overlap.
    seed : int
        Seeds the generator and the thinning.

    Returns
    -------
    Dataset
        Toys have the features ``x1``, ``x2`` and the labels ``"majority"`` and ``"minority"``; the real tables
        keep scikit-learn's feature names. The target column is ``"class"``.

    Raises
    ------
    SmoteError
        For an unknown name (the message lists the valid ones) or a parameter out of range.
    """
    if not isinstance(name, str) or name not in BUILTIN:
        raise SmoteError(f"there is no built-in dataset {name!r}; choose one of {', '.join(BUILTIN)}.")
    imbalance = _check_imbalance(imbalance)
    seed = _check_seed(seed)
    if name in _TOYS:
        n, noise = _check_toy_args(name, n_samples, noise)
        return _TOYS[name](n, DEFAULT_IMBALANCE if imbalance is None else imbalance, noise, seed)
    given = [p for p, v in (("n_samples", n_samples), ("noise", noise)) if v is not None]
    if given:
        raise SmoteError(
            f"{' and '.join(given)} only apply to the generated 2-D toys, not to the real table {name!r}: "
            "leave them unset (imbalance and seed do work here)."
        )
    return _REAL[name](imbalance, seed)


__all__ = ["BUILTIN", "BuiltinInfo", "DEFAULT", "Dataset", "TARGET", "dataset_choices", "load_builtin"]
