"""Built-in datasets: 2-D teaching toys with a controllable imbalance, and real tables shipped with scikit-learn.

Nothing is downloaded at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._validation import SmoteError

TARGET = "class"


@dataclass
class Dataset:
    """A table ready for the app: feature columns plus the ``target`` column of class labels."""

    name: str
    title: str
    frame: pd.DataFrame
    target: str
    description: str
    is_toy: bool


def _toy(X, y01, name, title, description, imbalance, seed):
    """Keep every majority row (label 0) and a seeded share of the minority (label 1)."""
    rng = np.random.RandomState(seed)
    maj = np.flatnonzero(y01 == 0)
    mino = np.flatnonzero(y01 == 1)
    n_min = max(2, int(round(len(maj) * imbalance / (1 - imbalance))))
    n_min = min(n_min, len(mino))
    keep = np.sort(np.concatenate([maj, rng.choice(mino, size=n_min, replace=False)]))
    frame = pd.DataFrame(np.round(X[keep], 4), columns=["x1", "x2"])
    frame[TARGET] = np.where(y01[keep] == 1, "minority", "majority")
    return Dataset(name, title, frame, TARGET, description, True)


def _moons(n_samples, imbalance, noise, seed):
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_samples, noise=0.12 if noise is None else noise, random_state=seed)
    return _toy(X, y, "moons", "Two moons (2-D toy)",
                "Two interleaved half-circles; the lower moon is the minority. Shows SMOTE filling in a curved "
                "class between its samples.", imbalance, seed)


def _blobs(n_samples, imbalance, noise, seed):
    from sklearn.datasets import make_blobs

    X, y = make_blobs(n_samples=n_samples, centers=[[-2, 0], [2, 1.5]], cluster_std=1.0 if noise is None else noise,
                      random_state=seed)
    return _toy(X, y, "blobs", "Two blobs (2-D toy)",
                "Two Gaussian clusters, well apart: the easy case, where every segment stays inside the minority.",
                imbalance, seed)


def _circles(n_samples, imbalance, noise, seed):
    from sklearn.datasets import make_circles

    X, y = make_circles(n_samples=n_samples, noise=0.06 if noise is None else noise, factor=0.5, random_state=seed)
    # make_circles labels the inner circle 1: the minority ring sits inside the majority.
    return _toy(X, y, "circles", "Circles (2-D toy)",
                "A minority disc inside a majority ring: segments between far-apart neighbours cut across.",
                imbalance, seed)


def _overlap(n_samples, imbalance, noise, seed):
    rng = np.random.RandomState(seed)
    half = n_samples // 2
    X = np.vstack([rng.normal([0, 0], 1.0, (half, 2)), rng.normal([1.2, 0.8], 0.9, (n_samples - half, 2))])
    y = np.array([0] * half + [1] * (n_samples - half))
    flip = rng.rand(n_samples) < (0.05 if noise is None else noise)
    y = np.where(flip, 1 - y, y)
    return _toy(X, y, "overlap", "Noise and overlap (2-D toy)",
                "Two overlapping clouds with some mislabelled points: SMOTE also interpolates from noisy minority "
                "samples, putting synthetic points deep inside the majority.", imbalance, seed)


def _breast_cancer(**_):
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer(as_frame=True)
    frame = bunch.data.copy()
    frame[TARGET] = np.where(bunch.target.to_numpy() == 0, "malignant", "benign")
    return Dataset("breast_cancer", "Breast cancer (Wisconsin)", frame, TARGET,
                   "569 tumours, 30 measurements; malignant (212) is the minority.", False)


def _wine(**_):
    from sklearn.datasets import load_wine

    bunch = load_wine(as_frame=True)
    frame = bunch.data.copy()
    counts = np.bincount(bunch.target)
    smallest = int(np.argmin(counts))
    frame[TARGET] = np.where(bunch.target.to_numpy() == smallest, f"cultivar_{smallest}", "rest")
    return Dataset("wine", "Wine (one cultivar vs rest)", frame, TARGET,
                   f"178 wines, 13 chemical measurements; cultivar {smallest} ({counts[smallest]} wines) against the "
                   "other two.", False)


def _digits(**_):
    from sklearn.datasets import load_digits

    bunch = load_digits(as_frame=True)
    frame = bunch.data.copy()
    frame[TARGET] = np.where(bunch.target.to_numpy() == 8, "eight", "other")
    return Dataset("digits", "Digits (eight vs other)", frame, TARGET,
                   "1,797 8×8 handwritten digits (64 pixel features); the eights (174) against every other digit.",
                   False)


_TOYS = {"moons": _moons, "blobs": _blobs, "circles": _circles, "overlap": _overlap}
_REAL = {"breast_cancer": _breast_cancer, "wine": _wine, "digits": _digits}
BUILTIN = {
    "moons": "Two moons (2-D toy)",
    "blobs": "Two blobs (2-D toy)",
    "circles": "Circles (2-D toy)",
    "overlap": "Noise and overlap (2-D toy)",
    "breast_cancer": "Breast cancer (Wisconsin)",
    "wine": "Wine (one cultivar vs rest)",
    "digits": "Digits (eight vs other)",
}


def dataset_choices() -> list[tuple[str, str]]:
    """``(name, title)`` pairs for a picker, the default (moons) first."""
    return list(BUILTIN.items())


def load_builtin(name: str, *, n_samples: int | None = None, imbalance: float | None = None,
                 noise: float | None = None, seed: int = 0) -> Dataset:
    """Load a built-in dataset.

    Parameters
    ----------
    name : str
        One of ``BUILTIN``.
    n_samples : int, optional
        Toys only: rows generated before the minority is thinned out (default 600).
    imbalance : float, optional
        Toys only: the minority's share of the rows, in (0, 0.5] (default 0.1).
    noise : float, optional
        Toys only: the generator's noise.
    seed : int
        Toys only.

    Returns
    -------
    Dataset
    """
    if name in _TOYS:
        imbalance = 0.1 if imbalance is None else float(imbalance)
        if not 0 < imbalance <= 0.5:
            raise SmoteError(f"imbalance={imbalance} is outside (0, 0.5]: it is the minority's share of the rows.")
        n = 600 if n_samples is None else int(n_samples)
        if n < 20:
            raise SmoteError(f"n_samples={n} is too small for a toy dataset: use 20 or more.")
        return _TOYS[name](n, imbalance, noise, seed)
    if name in _REAL:
        return _REAL[name]()
    raise SmoteError(f"there is no built-in dataset {name!r}; choose one of {', '.join(BUILTIN)}.")
