"""The Draw page's canvas: the figure a student draws on, and what a box, a lasso or a click on it does.

No Streamlit here: the page hands the chart's selection to :func:`selection_action` and applies the
:class:`Action` with :mod:`smote_core.data.drawn`.

The canvas has three traces, always in this order (so a selection's curve numbers are known):

0. the majority points, 1. the minority points — each carrying its row in the drawing as ``customdata``;
2. an invisible grid of tiny points, one every :func:`grid_step`, so that a click anywhere lands on a point and adds
   one there (a click on empty plot area sends the server nothing). Nodes within one step of a drawn point are left
   out: inside two markers plotly picks the smaller one, so a grid node under a drawn point would take its click.

What a selection does:

* a **box** (drag) adds points of the chosen class: one at its centre when both of its sides are at most
  :data:`SMALL_BOX` of the canvas' width (a tiny box: a "click-drag"), else ``spray`` points scattered inside it
  (new points are kept a little inside the canvas' edges, :func:`smote_core.data.drawn.keep_inside`);
* a **lasso** removes the points inside it;
* a **click** on a drawn point removes that point; a click elsewhere adds one point at the grid node nearest
  the click. Streamlit sends clicks only when the drag mode is neither a box nor a lasso: the page's "Click" tool
  sets ``dragmode="pan"`` (the axes are fixed, so a drag then moves nothing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from ..data import drawn
from .figures import PALETTE

#: A box whose sides are both at most this share of the canvas' width adds one point at its centre.
SMALL_BOX = 0.06
#: How many points a larger box scatters, by default.
DEFAULT_SPRAY = 5
MAJORITY_TRACE, MINORITY_TRACE, GRID_TRACE = 0, 1, 2
#: The classes' colours: as on Explore, where the larger class (majority) gets the palette's first colour.
COLOURS = {False: PALETTE[0], True: PALETTE[1]}
SYMBOLS = {False: "circle", True: "diamond"}
#: The drawn points' and the invisible grid's marker sizes.
POINT_MARKER, GRID_MARKER = 13, 2


@dataclass
class Action:
    """What a selection on the canvas asks for.

    Attributes
    ----------
    kind : str
        ``"add"`` (``xy`` holds the new points), ``"remove"`` (``rows`` holds the rows to drop) or ``"none"``.
    xy : ndarray of shape (m, 2)
    rows : ndarray of int
    lasso : tuple of (xs, ys), optional
        For a lasso: its polygon (the rows inside it are in ``rows``).
    """

    kind: str = "none"
    xy: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))
    rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))
    lasso: tuple | None = None


def grid_step(x_range, y_range) -> float:
    """The invisible grid's step: a round number giving at most 61 nodes along the longer axis.

    >>> grid_step((-3, 3), (-3, 3)), grid_step((-5, 5), (-3, 3))
    (0.1, 0.2)
    """
    span = max(x_range[1] - x_range[0], y_range[1] - y_range[0])
    return next(s for s in (0.05, 0.1, 0.125, 0.2, 0.25, 0.5) if span / s <= 60)


def _grid(x_range, y_range, xy) -> tuple[np.ndarray, np.ndarray]:
    """The click grid's nodes, but those within one step (on both axes) of a drawn point ``xy``."""
    step = grid_step(x_range, y_range)
    gx = np.round(np.arange(x_range[0], x_range[1] + step / 2, step), 4)
    gy = np.round(np.arange(y_range[0], y_range[1] + step / 2, step), 4)
    xx, yy = (a.ravel() for a in np.meshgrid(gx, gy))
    if len(xy):
        near = (np.abs(xx[:, None] - xy[:, 0]) <= step) & (np.abs(yy[:, None] - xy[:, 1]) <= step)
        keep = ~near.any(axis=1)
        xx, yy = xx[keep], yy[keep]
    return xx, yy


def canvas_figure(xy, minority, *, dragmode: str = "select", height: int = 450, uirevision: str = "draw",
                  new_class_minority: bool = True) -> go.Figure:
    """The drawing canvas: the invisible click grid, then the majority and the minority points.

    Parameters
    ----------
    xy : array-like of shape (n, 2)
    minority : array-like of bool, length n
    dragmode : {"select", "lasso", "pan"}
        What a drag does: draw a box (adds points) or a lasso (removes them); "pan" for clicks (the axes are fixed,
        so a drag then does nothing; Streamlit sends clicks only in this mode).
    height : int
    uirevision : str
        Kept across reruns, so that plotly keeps what the student did to the chart.
    new_class_minority : bool
        The class a click adds, named in the grid's hover label (with ``dragmode="pan"``).

    Returns
    -------
    plotly.graph_objects.Figure
        Axis ranges fixed to :func:`smote_core.data.drawn.canvas_range` (a box never rescales the view), one unit
        on x as long as one on y.
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.empty((0, 2))
    minority = np.asarray(minority, dtype=bool).reshape(-1)
    x_range, y_range = drawn.canvas_range(xy)
    gx, gy = _grid(x_range, y_range, xy)
    clicks = dragmode == "pan"  # only then does a click do something (see the module's description)
    add_hint = f"click: add {drawn.CLASSES[int(new_class_minority)]}" if clicks else ""
    invisible = dict(marker=dict(opacity=0))
    rows = np.arange(len(xy))
    traces = []
    for is_min in (False, True):
        mask = minority == is_min
        name = drawn.CLASSES[int(is_min)]
        traces.append(dict(
            type="scatter", x=xy[mask, 0], y=xy[mask, 1], mode="markers", name=name,
            customdata=rows[mask][:, None],
            marker=dict(color=COLOURS[is_min], size=POINT_MARKER, symbol=SYMBOLS[is_min],
                        line=dict(width=1.5, color="white")),
            selected=dict(marker=dict(opacity=1)), unselected=dict(marker=dict(opacity=1)),
            hovertemplate=f"point %{{customdata[0]}}: {name}<br>x %{{x:.2f}}, y %{{y:.2f}}"
                          f"<extra>{'click: remove' if clicks else ''}</extra>",
        ))
    traces.append(dict(
        type="scatter", x=gx, y=gy, mode="markers", name="click grid", showlegend=False,
        marker=dict(size=GRID_MARKER, color="rgba(0,0,0,0)", opacity=0), selected=invisible, unselected=invisible,
        hovertemplate=f"x %{{x:.2f}}, y %{{y:.2f}}<extra>{add_hint}</extra>",
    ))
    axis = dict(fixedrange=True, showgrid=True, gridcolor="#e5e5e5", zeroline=True, zerolinecolor="#bbbbbb",
                dtick=1, tickfont=dict(size=16), automargin=True)
    layout = dict(
        uirevision=uirevision, height=height, dragmode=dragmode, hovermode="closest",
        margin=dict(l=10, r=10, t=10, b=10, autoexpand=True), font=dict(size=16), plot_bgcolor="white",
        xaxis=dict(axis, range=list(x_range), constrain="domain"),
        yaxis=dict(axis, range=list(y_range), scaleanchor="x", scaleratio=1, constrain="domain"),
        showlegend=False,  # the page names the classes beside the canvas, in their colours
        newselection=dict(line=dict(color="#333333", width=2)),
    )
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


def _get(obj, name, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_list(value) -> list:
    """A list from the browser's list, or its ``{"0": .., "1": ..}`` form of one."""
    if isinstance(value, Mapping):
        try:
            return [value[k] for k in sorted(value, key=int)]
        except (TypeError, ValueError):
            return []
    return list(value) if isinstance(value, (list, tuple)) else []


def _point_row(point) -> int | None:
    """The drawing's row of a clicked point of the majority or minority trace (None for the grid)."""
    curve = _get(point, "curve_number", _get(point, "curveNumber"))
    if curve not in (MAJORITY_TRACE, MINORITY_TRACE):
        return None
    custom = _as_list(_get(point, "customdata"))
    if not custom and isinstance(_get(point, "customdata"), (int, float)):
        custom = [_get(point, "customdata")]
    try:
        return int(custom[0])
    except (IndexError, TypeError, ValueError):
        return None


def selection_action(selection, xy, *, spray: int = DEFAULT_SPRAY, seed: int = 0) -> Action:
    """What the canvas' selection asks for (see the module's description): add points, remove rows, or nothing.

    Parameters
    ----------
    selection : mapping or object
        The chart's selection (``points``, ``box``, ``lasso``, as Streamlit gives it).
    xy : array-like of shape (n, 2)
        The drawing the selection was made on (it decides the canvas, so what a "tiny" box is).
    spray : int
        How many points a larger box scatters.
    seed : int
        Seeds where they go.

    Returns
    -------
    Action

    >>> selection_action({"box": [{"x": [0.49, 0.52], "y": [1.0, 1.02]}], "points": []}, []).xy.tolist()
    [[0.5, 1.01]]
    >>> selection_action({"lasso": [{"x": [0, 1, 1, 0], "y": [0, 0, 1, 1]}]}, [[0.5, 0.5], [2, 2]]).rows.tolist()
    [0]
    >>> selection_action({"points": [{"curve_number": 2, "x": 1.2, "y": -0.3}]}, []).xy.tolist()
    [[1.2, -0.3]]
    >>> selection_action({"points": [{"curve_number": 1, "customdata": [7], "x": 0, "y": 0}]}, []).rows.tolist()
    [7]
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.empty((0, 2))
    boxes, lassos = _as_list(_get(selection, "box", [])), _as_list(_get(selection, "lasso", []))
    if boxes:
        box = boxes[-1]
        x_range, y_range = _as_list(_get(box, "x")), _as_list(_get(box, "y"))
        if len(x_range) >= 2 and len(y_range) >= 2:
            (cx0, cx1), _ = drawn.canvas_range(xy)
            small = SMALL_BOX * (cx1 - cx0)
            new = drawn.box_points((min(x_range), max(x_range)), (min(y_range), max(y_range)), small=small,
                                   spray=spray, seed=seed)
            return Action("add", xy=drawn.keep_inside(new, xy))
        return Action()
    if lassos:
        lasso = lassos[-1]
        xs, ys = _as_list(_get(lasso, "x")), _as_list(_get(lasso, "y"))
        rows = np.flatnonzero(drawn.points_in_polygon(xy, xs, ys))
        return Action("remove", rows=rows, lasso=(xs, ys))
    points = _as_list(_get(selection, "points", []))
    if not points:
        return Action()
    rows = [r for r in (_point_row(p) for p in points) if r is not None]
    if rows:
        return Action("remove", rows=np.unique(np.asarray(rows, dtype=int)))
    point = points[0]
    try:
        at = [[float(_get(point, "x")), float(_get(point, "y"))]]
    except (TypeError, ValueError):
        return Action()
    return Action("add", xy=drawn.keep_inside(at, xy))


def apply_action(xy, minority, action: Action, new_minority: bool) -> tuple[np.ndarray, np.ndarray, str | None]:
    """The drawing after ``action``: ``(xy, minority, note)``, ``note`` a sentence for the page (what happened when
    it is worth saying: nothing inside a lasso, the point limit reached), or None.

    >>> xy, minority, note = apply_action([[0, 0]], [False], Action("add", xy=np.array([[1.0, 1.0]])), True)
    >>> xy.tolist(), minority.tolist(), note
    ([[0.0, 0.0], [1.0, 1.0]], [False, True], None)
    >>> apply_action(xy, minority, Action("remove", rows=np.array([0])), True)[0].tolist()
    [[1.0, 1.0]]
    """
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2) if np.size(xy) else np.empty((0, 2))
    minority = np.asarray(minority, dtype=bool).reshape(-1)
    if action.kind == "add":
        return drawn.add_points(xy, minority, action.xy, new_minority)
    if action.kind == "remove":
        rows = np.asarray(action.rows, dtype=int)
        keep = np.ones(len(xy), dtype=bool)
        keep[rows[(rows >= 0) & (rows < len(xy))]] = False
        note = "No point was inside the lasso: draw it around the points to remove." if (
            action.lasso is not None and keep.all()) else None
        return xy[keep], minority[keep], note
    return xy, minority, None


__all__ = ["COLOURS", "DEFAULT_SPRAY", "SMALL_BOX", "Action", "apply_action", "canvas_figure", "grid_step",
           "selection_action"]
