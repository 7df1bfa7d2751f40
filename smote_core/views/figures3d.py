"""The Explore picture in three dimensions: originals, synthetic points, parent → neighbour segments and the point
explained, as WebGL ``scatter3d`` traces in a scene the mouse rotates. No Streamlit, no SMOTE.

It draws what :func:`smote_core.views.figures.explore_figure` draws in 2-D, from the same
:class:`~smote_core.views.figures.ExploreFigureData` with three coordinates per point, and caps the same way: at
most ``max_points`` originals and as many synthetic points (:func:`~smote_core.views.figures.thin_points`), at most
``max_segments`` segments, all in one trace separated by NaN. The variant's rings (``layers``) and marks are drawn
with the few marker symbols a 3-D scene has (:func:`symbol_3d`); decision boundaries (``background``) are not:
they are drawn on a plane. The camera is kept across reruns by ``uirevision`` on the layout and on the scene (and,
across the new plots Streamlit mounts, by :data:`smote_core.views.keep_view.KEEP_VIEW_JS`).

Examples
--------
>>> import numpy as np, pandas as pd
>>> prov = pd.DataFrame({"parent": [0], "neighbor": [1], "gap": [0.5], "class": ["b"]})
>>> from smote_core.views.figures import ExploreFigureData
>>> fig, n = explore_figure_3d(ExploreFigureData(
...     orig_xy=np.array([[0., 0, 0], [2, 2, 2], [5, 0, 1]]), y=np.array(["b", "b", "a"]),
...     syn_xy=np.array([[1., 1, 1]]), provenance=prov))
>>> n, sorted({t.type for t in fig.data})
(1, ['scatter3d'])
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .figures import (
    HIGHLIGHT,
    SEGMENT_COLOUR,
    SYNTHETIC_CUSTOMDATA,
    ExploreFigureData,
    class_colours,
    escape_text,
    legend_text,
    made_text,
    marker_size,
    segment_rows,
    selected_end,
    thin_points,
)

__all__ = ["SYMBOLS_3D", "explore_figure_3d", "segment_xyz", "symbol_3d"]

#: Where the camera starts: a little farther and lower than plotly's (1.25, 1.25, 1.25), so that the long axis
#: titles ("PC1 (44% of variance, standardised)") fit in the figure at 1280×720.
CAMERA_EYE = dict(x=1.6, y=1.6, z=0.9)
#: The marker symbols plotly's 3-D scenes draw (a 2-D figure has dozens more).
SYMBOLS_3D = ("circle", "circle-open", "cross", "diamond", "diamond-open", "square", "square-open", "x")
#: 2-D symbols the Explore figure uses for its rings and marks, and the 3-D symbol that stands for each. Those
#: that share a layer set stay apart: danger ✱ → +, noise ✕ → x; borderline □, rare △ → +, outlier ✕ → x.
_STAND_INS = {"x-thin-open": "x", "x-thin": "x", "x-open": "x", "star-open": "cross", "star": "cross",
              "triangle-up-open": "cross", "triangle-up": "cross", "hexagon-open": "circle-open",
              "hexagon": "circle", "cross-thin-open": "cross", "cross-open": "cross", "circle-open-dot": "circle-open"}


def symbol_3d(symbol: str) -> str:
    """The 3-D scene's stand-in for a 2-D marker symbol: itself when a scene has it, else the nearest look-alike.

    >>> symbol_3d("diamond-open"), symbol_3d("x-thin-open"), symbol_3d("star-open"), symbol_3d("bowtie")
    ('diamond-open', 'x', 'cross', 'circle-open')
    """
    if symbol in SYMBOLS_3D:
        return symbol
    return _STAND_INS.get(symbol, "circle-open")


def segment_xyz(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, y and z arrays drawing every segment ``start[i] → end[i]`` (rows of three coordinates) in one trace,
    separated by NaN.

    >>> x, y, z = segment_xyz(np.array([[0., 0, 0]]), np.array([[1., 2, 3]]))
    >>> z.tolist()
    [0.0, 3.0, nan]
    """
    start, end = np.asarray(start, dtype=np.float64), np.asarray(end, dtype=np.float64)
    xyz = np.full((len(start), 3, 3), np.nan)
    xyz[:, 0] = start
    xyz[:, 1] = end
    xyz = xyz.reshape(-1, 3)
    return xyz[:, 0], xyz[:, 1], xyz[:, 2]


def _xyz(points) -> dict:
    """``x``, ``y`` and ``z`` of a trace from rows of three coordinates."""
    p = np.asarray(points, dtype=np.float64).reshape(-1, 3)
    return dict(x=p[:, 0], y=p[:, 1], z=p[:, 2])


def _flags(n: int, positions) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    if positions is not None and len(positions):
        mask[np.asarray(positions, dtype=int)] = True
    return mask


def explore_figure_3d(d: ExploreFigureData) -> tuple[go.Figure, int]:
    """The Explore picture in 3-D: originals by class, synthetic points, the parent → neighbour segments (one
    NaN-separated trace), the variant's rings and marks, and the selected point explained.

    Parameters
    ----------
    d : ExploreFigureData
        As for :func:`~smote_core.views.figures.explore_figure`, with ``orig_xy`` of shape (n, 3), ``syn_xy`` of
        shape (m, 3), ``marks`` with three coordinates per point and three ``axis_labels``. ``background`` (decision
        boundaries) is ignored.

    Returns
    -------
    fig : plotly Figure
        Every trace ``scatter3d``; the scene keeps the camera the user turned to as long as ``d.uirevision`` stays.
    n_segments : int
        How many segments were drawn (at most ``d.max_segments``).
    """
    if np.ndim(d.orig_xy) != 2 or np.shape(d.orig_xy)[1] != 3:
        raise ValueError(f"a 3-D figure needs three coordinates per original point; got shape {np.shape(d.orig_xy)}")
    classes = d.classes or list(pd.unique(d.y))
    colours = class_colours(classes)
    segments, n_seg = _segments(d)
    lines = {on_top: [dict(**_xyz(ln.xy), mode="lines", name=ln.name, legendrank=3, hoverinfo="skip",
                           line=dict(color=ln.colour, width=ln.width * 2))
                      for ln in d.lines if len(ln.xy) and ln.on_top == on_top] for on_top in (False, True)}
    marks = {on_top: [dict(**_xyz(m.xy), mode="markers", name=m.name, legendrank=3, hoverinfo="skip",
                           marker=dict(size=max(3, m.size - 2), symbol=symbol_3d(m.symbol), color=m.colour,
                                       opacity=m.opacity))
                      for m in d.marks if len(m.xy) and m.on_top == on_top] for on_top in (False, True)}
    traces = segments + lines[False] + marks[False] + _originals(d, classes, colours) + _synthetic(d, classes, colours)
    traces += [_layer(d.orig_xy, layer) for layer in d.layers] + lines[True] + marks[True]
    if d.has_selection:
        traces += _selection(d)
    for t in traces:
        t["type"] = "scatter3d"
        for name in ("x", "y", "z", "customdata"):  # float32: half the bytes every rerun sends
            if isinstance(t.get(name), np.ndarray) and len(t[name]) > 8:
                t[name] = t[name].astype(np.float32)
    return go.Figure({"data": traces, "layout": _layout(d)}, _validate=False), n_seg


def _segments(d: ExploreFigureData) -> tuple[list, int]:
    """The segments :func:`~smote_core.views.figures.segment_rows` chooses: to a neighbour row, or to another end."""
    prov = d.provenance
    if not len(prov):
        return [], 0
    pairs, to_ends = segment_rows(d)
    orig = np.asarray(d.orig_xy, dtype=np.float64)
    traces = []
    for rows, ends, name in ((pairs, orig[prov["neighbor"].to_numpy()[pairs]], "parent → neighbour segments"),
                             (to_ends, None, "parent → class mean")):
        if len(rows):
            ends = np.asarray(d.syn_ends, dtype=np.float64)[rows] if ends is None else ends
            sx, sy, sz = segment_xyz(orig[prov["parent"].to_numpy()[rows]], ends)
            traces.append(dict(x=sx, y=sy, z=sz, mode="lines", name=name, legendrank=3,
                               line=dict(color=SEGMENT_COLOUR, width=2), hoverinfo="skip"))
    return traces, len(pairs) + len(to_ends)


def _originals(d: ExploreFigureData, classes, colours) -> list:
    orig = np.asarray(d.orig_xy, dtype=np.float64)
    rows = np.arange(len(d.y))
    gone = _flags(len(d.y), d.removed_original)
    shown = _flags(len(d.y), thin_points(d.y, d.max_points))
    size = marker_size(int(shown.sum()) + min(len(d.provenance), d.max_points), 5)
    traces = []
    for c in classes:
        mask = (d.y == c) & ~gone & shown
        traces.append(dict(
            **_xyz(orig[mask]), mode="markers", name=f"{legend_text(c)} (original)", legendrank=1,
            marker=dict(color=colours[c], size=size, opacity=0.8), customdata=rows[mask][:, None],
            hovertemplate=f"row %{{customdata[0]}}<br>class {escape_text(c)}<extra>original</extra>",
        ))
    if gone.any():
        traces.append(_faded(orig[gone], "removed by cleaning (original)", "circle"))
    return traces


def _synthetic(d: ExploreFigureData, classes, colours) -> list:
    prov = d.provenance
    if not len(prov):
        return []
    syn = np.asarray(d.syn_xy, dtype=np.float64)
    custom = np.column_stack([np.arange(len(prov)), *(prov[c].to_numpy() for c in SYNTHETIC_CUSTOMDATA[1:])])
    syn_classes = prov["class"].to_numpy()
    made = made_text(prov)
    gone = _flags(len(prov), d.removed_synthetic)
    traces = [_faded(syn[gone], "removed by cleaning (synthetic)", "diamond-open")] if gone.any() else []
    shown = _flags(len(prov), thin_points(syn_classes, d.max_points))
    size = marker_size(int(shown.sum()) + min(len(d.y), d.max_points), 5)
    if d.has_selection:
        shown[d.selected] = True
    for c in classes:
        mask = (syn_classes == c) & ~gone & shown
        if not mask.any():
            continue
        traces.append(dict(
            **_xyz(syn[mask]), mode="markers", name=f"{legend_text(c)} (synthetic)", legendrank=2,
            marker=dict(color=colours[c], size=size, symbol="diamond-open", line=dict(width=1, color=colours[c])),
            customdata=custom[mask],
            hovertemplate=f"synthetic #%{{customdata[0]}} · class {escape_text(c)}<br>{made}<extra>synthetic</extra>",
        ))
    return traces


def _layer(orig_xy, layer) -> dict:
    rows = np.asarray(layer.rows, dtype=int)
    return dict(**_xyz(np.asarray(orig_xy, dtype=np.float64)[rows]), mode="markers", name=layer.name,
                legendrank=3, hoverinfo="skip",
                marker=dict(size=max(6, layer.size - 5), symbol=symbol_3d(layer.symbol), color=layer.colour,
                            line=dict(width=1.5, color=layer.colour)))


def _faded(points, name: str, symbol: str) -> dict:
    return dict(**_xyz(points), mode="markers", name=name, legendrank=3, hoverinfo="skip",
                marker=dict(size=4, symbol=symbol_3d(symbol), color="rgba(120,120,120,0.35)"))


def _selection(d: ExploreFigureData) -> list:
    """The selected synthetic point explained: its parent's k nearest neighbours (dotted, ringed), the chosen
    segment, x ringed, x_nn in a square, x_new a filled diamond — as the 2-D figure marks them."""
    orig, syn = np.asarray(d.orig_xy, dtype=np.float64), np.asarray(d.syn_xy, dtype=np.float64)
    p = d.provenance.iloc[d.selected]
    parent, neighbour = int(p["parent"]), int(p["neighbor"])
    if parent < 0:  # on a fitted curve: no parent pair to show
        return [dict(**_xyz(syn[d.selected]), mode="markers", name="selected x_new (synthetic)", legendrank=4,
                     hoverinfo="skip", marker=dict(size=12, symbol="diamond", color=HIGHLIGHT,
                                                   line=dict(width=3, color=HIGHLIGHT)))]
    px = orig[parent]
    traces = []
    end = selected_end(d) if neighbour < 0 else None
    if end is not None:  # toward the class mean
        traces.append(dict(**_xyz(np.vstack([px, end])), mode="lines", name="chosen segment (to the mean)",
                           line=dict(color=HIGHLIGHT, width=6), hoverinfo="skip"))
    knn = d.selected_knn
    if knn is not None and len(knn):
        kx, ky, kz = segment_xyz(np.repeat(px[None], len(knn), axis=0), orig[knn])
        traces.append(dict(x=kx, y=ky, z=kz, mode="lines", name=f"parent's {len(knn)} nearest neighbours",
                           line=dict(color=HIGHLIGHT, width=3, dash="dot"), hoverinfo="skip"))
        traces.append(dict(**_xyz(orig[knn]), mode="markers", name="k-NN set", showlegend=False, hoverinfo="skip",
                           marker=dict(size=9, symbol="circle-open", color=HIGHLIGHT, line=dict(width=2))))
    marks = [(px, "selected x (parent)", "circle-open", 14)]
    if neighbour >= 0:  # SMOTE-N: voted, no neighbour
        traces.append(dict(**_xyz(np.vstack([px, orig[neighbour]])), mode="lines", name="chosen segment",
                           line=dict(color=HIGHLIGHT, width=6), hoverinfo="skip"))
        marks.append((orig[neighbour], "selected x_nn (neighbour)", "square-open", 14))
    marks.append((syn[d.selected], "selected x_new (synthetic)", "diamond", 12))
    for xyz, name, symbol, size in marks:
        traces.append(dict(**_xyz(xyz), mode="markers", name=name, legendrank=4, hoverinfo="skip",
                           marker=dict(size=size, symbol=symbol, color=HIGHLIGHT, line=dict(width=3, color=HIGHLIGHT))))
    return traces


def _axis(title: str) -> dict:
    return dict(title=dict(text=title, font=dict(size=13)), tickfont=dict(size=11), backgroundcolor="#f7f7f7",
                gridcolor="#d9d9d9", zerolinecolor="#aaaaaa", showspikes=False)


def _layout(d: ExploreFigureData) -> dict:
    labels = tuple(d.axis_labels) + ("z",) * max(0, 3 - len(d.axis_labels))
    layout = dict(
        uirevision=d.uirevision,
        scene=dict(uirevision=d.uirevision, xaxis=_axis(labels[0]), yaxis=_axis(labels[1]), zaxis=_axis(labels[2]),
                   aspectmode="cube", dragmode="turntable", camera=dict(eye=CAMERA_EYE)),
        legend=dict(orientation="h", yanchor="top", y=0, x=0),
        margin=dict(l=0, r=0, t=40 if d.title is not None else 10, b=0),
        height=d.height,
        hovermode="closest",
        font=dict(size=14),
    )
    if d.showlegend is not None:
        layout["showlegend"] = d.showlegend
    if d.title is not None:
        layout["title"] = d.title if isinstance(d.title, dict) else dict(text=d.title)
    return layout
