"""Drawn datasets: 2-D points a student places by hand, carried inside a link as compact URL-safe text.

A drawing is at most :data:`MAX_POINTS` points ``(x, y)`` in the square ``[-LIMIT, LIMIT]²``, each of class
``"majority"`` or ``"minority"``. It travels in a link as ``dataset=drawn:<code>``: the coordinates quantised to a
grid of :data:`STEP` (1/100), each point packed into 21 bits (10 for x, 10 for y, 1 for its class), with a version
byte and the point count in front and a 16-bit checksum behind, written as base64url without padding. 300 points
make about 1,060 characters. Decoding checks everything (version, length, grid range, checksum): nothing in a link
is ever unpickled or evaluated.

Also here, so the page only wires widgets to them: the points a dragged box adds, the points a lasso removes
(point in polygon), the canvas' axis ranges, the drawing as a DataFrame like the toys', and what it needs before
SMOTE can run on it.

Examples
--------
>>> import numpy as np
>>> xy = np.array([[0.0, 0.0], [1.25, -0.5], [1.0, 1.0]])
>>> code = encode(xy, [False, True, True])
>>> code
'AQADfR9E4uFliWLqqg'
>>> back, minority = decode(code)
>>> back.tolist(), minority.tolist()
([[0.0, 0.0], [1.25, -0.5], [1.0, 1.0]], [False, True, True])
>>> drawn_frame(back, minority)["class"].tolist()
['majority', 'minority', 'minority']
>>> title(back, minority)
'Drawn: 3 points (2 minority)'
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import zlib

import numpy as np
import pandas as pd

from .._validation import SmoteError
from .datasets import BUILTIN, TARGET, load_builtin

#: How a drawn dataset is named in the view and the URL: ``drawn:<code>``.
PREFIX = "drawn:"
#: The most points a drawing holds (and a link carries).
MAX_POINTS = 300
#: Coordinates lie in ``[-LIMIT, LIMIT]``.
LIMIT = 5.0
#: Coordinates are kept on a grid of this step (1/100): the round trip through a link is exact up to it.
STEP = 0.01
#: The feature columns of a drawn dataset, and its class labels (False → majority, True → minority).
FEATURES = ("x", "y")
CLASSES = ("majority", "minority")
#: The canvas shows at least ``[-CANVAS, CANVAS]`` on both axes (more when the points reach further), and keeps
#: every point at least ``MARGIN`` inside its edges (a marker on the edge would be cut in half).
CANVAS = 3
MARGIN = 0.25
#: The fewest points the other pages take a drawing with (the typology looks at each point's 5 nearest neighbours).
MIN_POINTS = 6
#: Points a toy starts a drawing with: generated at this size (half per class), the minority thinned to 15%.
TOY_START_SAMPLES = 200
TOY_START_IMBALANCE = 0.15

_VERSION = 1
_LEVELS = int(round(2 * LIMIT / STEP))  # 1000: grid indices 0..1000 need 10 bits
_BITS = 10
_POINT_BITS = 2 * _BITS + 1
_HEADER = 3  # version byte, then the point count as a big-endian uint16
_CHECK = 2  # the checksum's bytes: crc32 of everything before it, low 16 bits
#: The longest code a full drawing makes; anything longer is refused before it is decoded.
MAX_CODE_CHARS = math.ceil((_HEADER + math.ceil(MAX_POINTS * _POINT_BITS / 8) + _CHECK) * 4 / 3)
_WHAT_TO_DO = "Ask for the whole link again (it may have been cut short or mistyped), or draw the points again on Draw."


# ---------------------------------------------------------------------------------------------- names
def is_drawn(name) -> bool:
    """Whether the dataset name ``name`` is a drawing (``drawn:<code>``); says nothing about the code's validity."""
    return isinstance(name, str) and name.startswith(PREFIX)


def code_of(name) -> str | None:
    """The code of the dataset name ``drawn:<code>``, or None for any other name."""
    return name[len(PREFIX):] if is_drawn(name) else None


def content_key(code: str) -> str:
    """A short hash of ``code`` (codes are canonical: the same points always give the same code), for cache keys.

    >>> content_key("AQAA") == content_key("AQAA") != content_key("AQABAAA")
    True
    """
    return hashlib.sha256(str(code).encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------- the code
def _as_points(xy, minority) -> tuple[np.ndarray, np.ndarray]:
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.empty((0, 2))
    minority = np.asarray(minority, dtype=bool).reshape(-1)
    if len(minority) != len(xy):
        raise SmoteError(f"{len(xy)} points but {len(minority)} class flags: give one class per point.")
    return xy, minority


def quantize(xy) -> np.ndarray:
    """``xy`` moved onto the code's grid (steps of :data:`STEP`) and into ``[-LIMIT, LIMIT]``: what a link keeps.

    >>> quantize([[0.123, -7.0]]).tolist()
    [[0.12, -5.0]]
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    idx = np.clip(np.round((xy + LIMIT) / STEP), 0, _LEVELS)
    return np.round(idx * STEP - LIMIT, 2)


def encode(xy, minority) -> str:
    """The URL-safe code of a drawing (see the module's description of the format).

    Parameters
    ----------
    xy : array-like of shape (n, 2)
        The points, each coordinate in ``[-LIMIT, LIMIT]``; kept to the nearest :data:`STEP`.
    minority : array-like of bool, length n
        True for a minority point, False for a majority one.

    Returns
    -------
    str
        Letters, digits, ``-`` and ``_`` only; :func:`decode` gives the points back (quantised) in the same order.

    Raises
    ------
    SmoteError
        For more than :data:`MAX_POINTS` points, a coordinate outside the square or not a number, or a class
        flag per point missing.
    """
    xy, minority = _as_points(xy, minority)
    if len(xy) > MAX_POINTS:
        raise SmoteError(f"a drawing holds at most {MAX_POINTS} points, this one has {len(xy)}: remove "
                         f"{len(xy) - MAX_POINTS} (the lasso removes the points inside it).")
    if not np.isfinite(xy).all() or (np.abs(xy) > LIMIT + STEP / 2).any():
        raise SmoteError(f"every coordinate of a drawing must be a number from {-LIMIT:g} to {LIMIT:g}: move "
                         "the points inside that square (quantize() clips them).")
    idx = np.round((xy + LIMIT) / STEP).astype(np.uint16)
    bits = np.zeros((len(xy), _POINT_BITS), dtype=np.uint8)
    for j, col in enumerate((idx[:, 0], idx[:, 1])):
        bits[:, j * _BITS:(j + 1) * _BITS] = (col[:, None] >> np.arange(_BITS - 1, -1, -1)) & 1
    bits[:, -1] = minority
    body = bytes([_VERSION]) + len(xy).to_bytes(2, "big") + np.packbits(bits.reshape(-1)).tobytes()
    check = (zlib.crc32(body) & 0xFFFF).to_bytes(_CHECK, "big")
    return base64.urlsafe_b64encode(body + check).decode("ascii").rstrip("=")


def _damaged(why: str) -> SmoteError:
    return SmoteError(f"the drawing in this link is damaged: {why}. {_WHAT_TO_DO}")


def decode(code: str) -> tuple[np.ndarray, np.ndarray]:
    """The points of a code made by :func:`encode`: ``(xy, minority)``, in the order they were drawn.

    Raises
    ------
    SmoteError
        Saying what is wrong — not text, too long, characters outside base64url, a format version this app does
        not know, a length that does not match its point count, a coordinate off the grid, or a checksum that does
        not match (a character changed) — and what to do.
    """
    if not isinstance(code, str):
        raise _damaged(f"its code is a {type(code).__name__}, not text")
    if not code:
        raise _damaged("its code is empty (nothing follows “drawn:”)")
    if len(code) > MAX_CODE_CHARS:
        raise SmoteError(f"the drawing in this link is too long: {len(code):,} characters, while a drawing of "
                         f"{MAX_POINTS} points (the most a link carries) takes {MAX_CODE_CHARS:,}. {_WHAT_TO_DO}")
    if not code.isascii() or not code.replace("-", "").replace("_", "").isalnum():
        raise _damaged("its code holds characters other than letters, digits, - and _")
    try:
        raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    except (binascii.Error, ValueError):
        raise _damaged("its code is not base64url text (its length is off by a character)") from None
    if len(raw) < _HEADER + _CHECK:
        raise _damaged(f"its code is too short ({len(code)} characters)")
    if raw[0] != _VERSION:
        raise _damaged(f"it is in format {raw[0]}, and this app reads format {_VERSION} only")
    body, check = raw[:-_CHECK], raw[-_CHECK:]
    n = int.from_bytes(body[1:_HEADER], "big")
    expected = _HEADER + math.ceil(n * _POINT_BITS / 8)
    if n > MAX_POINTS:
        raise _damaged(f"it claims {n:,} points, more than the {MAX_POINTS} a drawing holds")
    if len(body) != expected:
        raise _damaged(f"it claims {n} points, which take {expected + _CHECK} bytes, but it holds {len(raw)} "
                       "(characters are missing or extra)")
    if (zlib.crc32(body) & 0xFFFF).to_bytes(_CHECK, "big") != check:
        raise _damaged("its checksum does not match (a character was changed)")
    bits = np.unpackbits(np.frombuffer(body[_HEADER:], dtype=np.uint8))
    bits, padding = bits[:n * _POINT_BITS].reshape(n, _POINT_BITS), bits[n * _POINT_BITS:]
    if padding.any():
        raise _damaged("its last character carries stray bits")
    weights = 1 << np.arange(_BITS - 1, -1, -1)
    idx = np.stack([bits[:, :_BITS] @ weights, bits[:, _BITS:2 * _BITS] @ weights], axis=1)
    if (idx > _LEVELS).any():
        raise _damaged(f"a coordinate lies outside {-LIMIT:g} to {LIMIT:g}")
    return np.round(idx * STEP - LIMIT, 2), bits[:, -1].astype(bool)


def check_name(name: str) -> int:
    """How many points the dataset name ``drawn:<code>`` holds; raises :class:`SmoteError` when it cannot be read."""
    if not is_drawn(name):
        raise SmoteError(f"{str(name)[:40]!r} is not a drawing: a drawn dataset is named drawn:<code>.")
    return len(decode(code_of(name))[0])


# ---------------------------------------------------------------------------------------------- as data
def drawn_frame(xy, minority) -> pd.DataFrame:
    """The drawing as a table like the toys': the features ``x`` and ``y``, then the target ``class`` holding
    ``"majority"`` or ``"minority"``, one row per point in the order drawn."""
    xy, minority = _as_points(xy, minority)
    frame = pd.DataFrame(xy, columns=list(FEATURES))
    frame[TARGET] = np.where(minority, CLASSES[1], CLASSES[0])
    return frame


def title(xy, minority) -> str:
    """A picker's title for the drawing, e.g. ``"Drawn: 24 points (8 minority)"``."""
    xy, minority = _as_points(xy, minority)
    return f"Drawn: {len(xy)} point{'s' * (len(xy) != 1)} ({int(minority.sum())} minority)"


def from_toy(name: str, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small sample of a built-in toy to start a drawing from: ``(xy, minority)``.

    The toy is generated with :data:`TOY_START_SAMPLES` points and its minority thinned to
    :data:`TOY_START_IMBALANCE` (100 majority and 18 minority points), then put on the code's grid (clipped to
    ``[-LIMIT, LIMIT]``).

    >>> xy, minority = from_toy("moons")
    >>> len(xy), int(minority.sum())
    (118, 18)
    """
    info = BUILTIN.get(name)
    if info is None or not info.is_toy:
        toys = ", ".join(n for n, i in BUILTIN.items() if i.is_toy)
        raise SmoteError(f"a drawing can start from a 2-D toy only ({toys}), not from {name!r}.")
    ds = load_builtin(name, n_samples=TOY_START_SAMPLES, imbalance=TOY_START_IMBALANCE, seed=seed)
    return quantize(ds.frame[ds.features].to_numpy()), (ds.frame[ds.target] == "minority").to_numpy()


# ---------------------------------------------------------------------------------------------- editing
def canvas_range(xy) -> tuple[tuple[float, float], tuple[float, float]]:
    """The canvas' x and y axis ranges: ``[-CANVAS, CANVAS]``, widened to whole numbers that hold every point with
    :data:`MARGIN` to spare.

    The ends are whole numbers and new points are kept :data:`MARGIN` inside them (:func:`keep_inside`), so adding
    a point never widens the canvas: the picture does not jump when a student draws near an edge.

    >>> canvas_range([[0.5, -4.2]])
    ((-3.0, 3.0), (-5.0, 3.0))
    >>> canvas_range([[2.9, 0]])
    ((-3.0, 4.0), (-3.0, 3.0))
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.empty((0, 2))
    low = np.minimum(-CANVAS, np.floor(xy.min(axis=0) - MARGIN)) if len(xy) else np.full(2, -CANVAS)
    high = np.maximum(CANVAS, np.ceil(xy.max(axis=0) + MARGIN)) if len(xy) else np.full(2, CANVAS)
    low, high = np.maximum(low, -LIMIT - 1), np.minimum(high, LIMIT + 1)
    return (float(low[0]), float(high[0])), (float(low[1]), float(high[1]))


def keep_inside(new_xy, xy) -> np.ndarray:
    """``new_xy`` moved (if need be) at least :data:`MARGIN` inside the canvas of the drawing ``xy`` and into
    ``[-LIMIT, LIMIT]``, on the code's grid: points added there never widen the canvas (:func:`canvas_range`).

    >>> keep_inside([[2.95, 0.1]], []).tolist()
    [[2.75, 0.1]]
    """
    (x0, x1), (y0, y1) = canvas_range(xy)
    new_xy = np.asarray(new_xy, dtype=np.float64).reshape(-1, 2)
    low = np.maximum([x0 + MARGIN, y0 + MARGIN], -LIMIT)
    high = np.minimum([x1 - MARGIN, y1 - MARGIN], LIMIT)
    return quantize(np.clip(new_xy, low, high))


def box_points(x_range, y_range, *, small: float, spray: int, seed: int = 0) -> np.ndarray:
    """The points a dragged box adds: one at its centre when both of its sides are at most ``small`` (a tiny box,
    or a click), else ``spray`` points scattered uniformly inside it (seeded by ``seed``); on the code's grid.

    Parameters
    ----------
    x_range, y_range : pair of float
        The box's x and y extent, in either order (as a plotly selection gives them).
    small : float
        The largest side, in data units, of a box that adds a single point.
    spray : int
        How many points a larger box scatters (at least 1).
    seed : int

    Returns
    -------
    ndarray of shape (m, 2)

    >>> box_points((0.98, 1.02), (2.0, 2.04), small=0.3, spray=5).tolist()
    [[1.0, 2.02]]
    >>> box_points((0, 1), (0, 1), small=0.3, spray=5).shape
    (5, 2)
    """
    (x0, x1), (y0, y1) = sorted(map(float, x_range)), sorted(map(float, y_range))
    if not all(math.isfinite(v) for v in (x0, x1, y0, y1)):
        raise SmoteError("the box has no finite corners: drag it again inside the canvas.")
    if max(x1 - x0, y1 - y0) <= small or spray <= 1:
        return quantize([[(x0 + x1) / 2, (y0 + y1) / 2]])
    rng = np.random.RandomState(seed)
    return quantize(np.column_stack([rng.uniform(x0, x1, int(spray)), rng.uniform(y0, y1, int(spray))]))


def points_in_polygon(xy, xs, ys) -> np.ndarray:
    """Which points lie inside the polygon with corners ``(xs[i], ys[i])`` (closed for you): the even-odd rule.

    A point exactly on an edge may fall either side; a polygon of fewer than three corners holds no point.

    >>> points_in_polygon([[0.5, 0.5], [2, 2]], [0, 1, 1, 0], [0, 0, 1, 1]).tolist()
    [True, False]
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.empty((0, 2))
    px, py = np.asarray(xs, dtype=np.float64).ravel(), np.asarray(ys, dtype=np.float64).ravel()
    inside = np.zeros(len(xy), dtype=bool)
    if len(px) < 3 or len(px) != len(py) or not len(xy):
        return inside
    x, y = xy[:, 0][:, None], xy[:, 1][:, None]
    x0, y0, x1, y1 = px, py, np.roll(px, -1), np.roll(py, -1)
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    return ((crosses & (x < at)).sum(axis=1) % 2).astype(bool)


def add_points(xy, minority, new_xy, is_minority: bool) -> tuple[np.ndarray, np.ndarray, str | None]:
    """The drawing with ``new_xy`` added (all of one class), up to :data:`MAX_POINTS` in all.

    Returns ``(xy, minority, note)``: ``note`` says how many points did not fit, or None when all did.
    """
    xy, minority = _as_points(xy, minority)
    new_xy = quantize(new_xy)
    room = MAX_POINTS - len(xy)
    note = None
    if len(new_xy) > room:
        note = (f"A drawing holds at most {MAX_POINTS} points (that is what a link can carry): "
                + (f"only {room} of these {len(new_xy)} were added. " if room > 0 else "no point was added. ")
                + "Remove some with the lasso to make room.")
        new_xy = new_xy[:max(room, 0)]
    return (np.vstack([xy, new_xy]), np.concatenate([minority, np.full(len(new_xy), bool(is_minority))]), note)


def remove_inside(xy, minority, xs, ys) -> tuple[np.ndarray, np.ndarray, int]:
    """The drawing without the points inside the lasso polygon ``(xs, ys)``, and how many were removed."""
    xy, minority = _as_points(xy, minority)
    keep = ~points_in_polygon(xy, xs, ys)
    return xy[keep], minority[keep], int((~keep).sum())


def can_resample(minority) -> bool:
    """Whether the drawing is a dataset the other pages can show: at least :data:`MIN_POINTS` points, two of them
    minority (one, and a neighbour to interpolate towards), and a majority point.

    >>> can_resample([False] * 4 + [True] * 2), can_resample([False] * 5 + [True]), can_resample([True] * 6)
    (True, False, False)
    >>> can_resample([False, True, True])
    False
    """
    minority = np.asarray(minority, dtype=bool).reshape(-1)
    n_min = int(minority.sum())
    return n_min >= 2 and len(minority) - n_min >= 1 and len(minority) >= MIN_POINTS


def too_small(minority) -> str | None:
    """Why the other pages cannot show the drawing yet (:func:`can_resample`), for a warning; None when they can.

    >>> print(too_small([False, True]))
    The drawing has 2 points (1 minority): the pages need at least 6 points, 2 of them minority and 1 majority.
    Add points on Draw.
    """
    minority = np.asarray(minority, dtype=bool).reshape(-1)
    if can_resample(minority):
        return None
    return (f"The drawing has {len(minority)} point{'s' * (len(minority) != 1)} ({int(minority.sum())} minority): "
            f"the pages need at least {MIN_POINTS} points, 2 of them minority and 1 majority. Add points on Draw.")


def readiness(minority, k: int) -> str | None:
    """What the drawing still needs before SMOTE with ``k`` neighbours runs on it as asked, or None when nothing.

    SMOTE interpolates between a minority point and one of its ``k`` nearest minority neighbours: it needs
    ``k + 1`` minority points. With 2 to ``k`` of them the app still runs, with k lowered to their number less one;
    with fewer, without majority points or with fewer than :data:`MIN_POINTS` points in all, it cannot
    (:func:`can_resample`).

    >>> readiness([False] * 5 + [True] * 3, k=5)
    'SMOTE with k = 5 needs k + 1 = 6 minority points: draw 3 more (until then k is lowered to 2).'
    >>> readiness([False] * 5 + [True], k=5)
    'SMOTE needs at least 2 minority points, and k + 1 = 6 for k = 5: draw 5 more.'
    >>> readiness([True] * 6, k=5)
    'Draw some majority points too: SMOTE grows the smaller class towards the larger one.'
    >>> readiness([False] * 9 + [True] * 6, k=5) is None
    True
    """
    minority = np.asarray(minority, dtype=bool).reshape(-1)
    n_min, n_maj = int(minority.sum()), int((~minority).sum())
    if n_min < 2:
        return f"SMOTE needs at least 2 minority points, and k + 1 = {k + 1} for k = {k}: draw {k + 1 - n_min} more."
    if n_maj == 0:
        return "Draw some majority points too: SMOTE grows the smaller class towards the larger one."
    if n_min + n_maj < MIN_POINTS:
        return (f"Draw at least {MIN_POINTS} points in all ({MIN_POINTS - n_min - n_maj} more): the pages look at "
                f"each point's {MIN_POINTS - 1} nearest neighbours.")
    if n_min < k + 1:
        return (f"SMOTE with k = {k} needs k + 1 = {k + 1} minority points: draw {k + 1 - n_min} more (until then k "
                f"is lowered to {n_min - 1}).")
    return None


__all__ = ["CANVAS", "CLASSES", "FEATURES", "LIMIT", "MARGIN", "MAX_CODE_CHARS", "MAX_POINTS", "MIN_POINTS", "PREFIX",
           "STEP", "add_points", "box_points", "can_resample", "canvas_range", "check_name", "code_of", "content_key",
           "decode", "drawn_frame", "encode", "from_toy", "is_drawn", "keep_inside", "points_in_polygon", "quantize",
           "readiness", "remove_inside", "title", "too_small"]
