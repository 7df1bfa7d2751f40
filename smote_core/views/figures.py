"""Pure plotly figure builders: no Streamlit, no SMOTE — coordinates and provenance in, a figure out.

The Explore figure is assembled as plain dicts and wrapped in ``go.Figure(..., _validate=False)``: plotly's
property validators cost more than everything else in a k-change rerun (about 20 ms for a 600-point view, against
about 2 ms without), and a class of students asks for new pictures many times a second. The figure is still a real
``go.Figure`` (its traces and layout read as usual); the tests validate it once with plotly's validators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: The legend entry of the outline of the region a Geometric SMOTE point was drawn from (the selected one).
REGION_NAME = "region x_new was drawn from"
SEGMENT_COLOUR = "rgba(90, 90, 90, 0.45)"
HIGHLIGHT = "#000000"


def class_colours(classes) -> dict:
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(classes)}


def segment_xy(start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x and y arrays drawing every segment ``start[i] → end[i]`` in one trace, separated by NaN."""
    m = len(start)
    xy = np.full((m, 3, 2), np.nan)
    xy[:, 0] = start
    xy[:, 1] = end
    xy = xy.reshape(-1, 2)
    return xy[:, 0], xy[:, 1]


def pick_segments(n: int, cap: int, seed: int = 0) -> np.ndarray:
    """Which of ``n`` synthetic points get their segment drawn: all when ``n <= cap``, else a seeded sample."""
    if n <= cap:
        return np.arange(n)
    return np.sort(np.random.RandomState(seed).choice(n, size=cap, replace=False))


#: At most this many original points, and as many synthetic ones, are drawn; above it a sample is (see thin_points).
MAX_POINTS = 20_000
#: Up to this many markers in a figure, its traces are SVG ``scatter``; above it WebGL ``scattergl``. Starting WebGL
#: costs a new browser more than drawing a few thousand SVG markers (in software-rendered Chromium, seconds).
SVG_MAX_POINTS = 3_000


def trace_type(n_markers: int) -> str:
    """The plotly trace type for a figure drawing ``n_markers`` markers: ``"scatter"`` (SVG) up to
    :data:`SVG_MAX_POINTS`, else ``"scattergl"`` (WebGL).

    >>> trace_type(600), trace_type(50_000)
    ('scatter', 'scattergl')
    """
    return "scatter" if n_markers <= SVG_MAX_POINTS else "scattergl"


def thin_points(labels, cap: int = MAX_POINTS, seed: int = 0) -> np.ndarray:
    """Which points to draw when there are more than ``cap``: positions, sorted.

    Small classes are kept whole and the budget left is shared by the larger ones, each sampled with a fixed seed,
    so the minority never thins before the majority and the same data always shows the same points.
    """
    labels = np.asarray(labels)
    n = len(labels)
    if n <= cap:
        return np.arange(n)
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    rng = np.random.RandomState(seed)
    keep, budget, left = [], cap, len(classes)
    for c in np.argsort(counts, kind="stable"):
        rows = np.flatnonzero(inverse == c)
        share = budget // left
        if len(rows) > share:
            rows = rng.choice(rows, size=share, replace=False)
        keep.append(rows)
        budget -= len(rows)
        left -= 1
    return np.sort(np.concatenate(keep))


def marker_size(n_points: int, base: float) -> float:
    """Markers shrink as the points drawn grow, so that dense data does not turn into one blot (``base`` up to
    2,000 points, about half of it at 20,000)."""
    if n_points <= 2_000:
        return base
    return max(3.0, base * (2_000 / n_points) ** 0.3)


@dataclass
class ExploreFigureData:
    """Everything the Explore figure shows, already projected to 2-D (or to 3-D: three columns in ``orig_xy``,
    ``syn_xy`` and the marks, drawn by :func:`smote_core.views.figures3d.explore_figure_3d`)."""

    orig_xy: np.ndarray  # (n, 2)
    y: np.ndarray  # (n,)
    syn_xy: np.ndarray  # (m, 2)
    provenance: pd.DataFrame  # parent, neighbor, gap, class
    axis_labels: tuple = ("x", "y")
    max_segments: int = 1000
    uirevision: str = "explore"
    selected: int | None = None  # a synthetic point to explain
    selected_knn: np.ndarray | None = None  # the parent's k nearest neighbours (positions in the originals)
    classes: list = field(default_factory=list)
    removed_original: np.ndarray | None = None  # positions of originals a cleaning step removed
    removed_synthetic: np.ndarray | None = None  # numbers of synthetic points a cleaning step removed
    layers: list = field(default_factory=list)  # Layer: a variant's extra markers on the originals
    background: list = field(default_factory=list)  # traces drawn below the points (see boundary_traces)
    marks: list = field(default_factory=list)  # Mark: points that are neither originals nor synthetic rows
    lines: list = field(default_factory=list)  # Line: curves drawn below the points, e.g. a fitted curve
    syn_ends: np.ndarray | None = None  # per synthetic point, its segment's end when that is no original row (NaN:
    # none), e.g. the class mean of Polynomial-fit SMOTE's star
    selected_region: np.ndarray | None = None  # (v, 2): the closed outline of the region the selected point was
    # drawn from (Geometric SMOTE, linear views), already projected
    max_points: int = MAX_POINTS  # originals drawn at most, and as many synthetic points (see thin_points)
    height: int = 620
    showlegend: bool | None = None  # None: plotly's default (shown)
    title: str | dict | None = None

    @property
    def has_selection(self) -> bool:
        return self.selected is not None and 0 <= self.selected < len(self.provenance)


@dataclass
class Layer:
    """Extra markers over some original points, e.g. Borderline-SMOTE's samples in danger."""

    name: str
    rows: np.ndarray  # positions in the originals
    symbol: str = "circle-open"
    colour: str = "#000000"
    size: int = 14


@dataclass
class Mark:
    """Points at their own places in the picture, e.g. the candidates Lee's SMOTE rejected."""

    name: str
    xy: np.ndarray  # (n, 2), already projected
    symbol: str = "x-thin-open"
    colour: str = "#D55E00"
    size: int = 6
    opacity: float = 0.55
    outline: str | None = None  # the marker's outline colour (None: ``colour``)
    on_top: bool = False  # drawn above the points (a class's mean), not below them (rejected candidates)


@dataclass
class Line:
    """A line through points of the picture, e.g. the curve Polynomial-fit SMOTE fitted through a class."""

    name: str
    xy: np.ndarray  # (n, 2), already projected; NaN rows break the line
    colour: str = "#000000"
    width: float = 2.0
    on_top: bool = True  # drawn above the points (a curve the synthetic points lie on would hide under them)


#: What each synthetic marker carries as plotly ``customdata``, in this order (originals carry their row alone):
#: the hover text reads it, and :func:`selected_synthetic` reads a click back through it.
SYNTHETIC_CUSTOMDATA = ("synthetic", "parent", "neighbor", "gap")


def explore_figure(d: ExploreFigureData) -> tuple[go.Figure, int]:
    """The Explore picture: originals by class, synthetic points, parent → neighbour segments, a selection.

    With three coordinates per point (``d.orig_xy`` of shape (n, 3)) the picture is a rotatable 3-D scene
    (:func:`smote_core.views.figures3d.explore_figure_3d`; no decision boundary there).

    Returns
    -------
    fig : plotly Figure
    n_segments : int
        How many segments were drawn (at most ``d.max_segments``).
    """
    if np.ndim(d.orig_xy) == 2 and np.shape(d.orig_xy)[1] == 3:
        from .figures3d import explore_figure_3d

        return explore_figure_3d(d)
    classes = d.classes or list(pd.unique(d.y))
    colours = class_colours(classes)
    segments, n_seg = _segment_traces(d)
    lines = {on_top: [_trace(x=np.asarray(ln.xy)[:, 0], y=np.asarray(ln.xy)[:, 1], mode="lines", name=ln.name,
                             legendrank=3, line=dict(color=ln.colour, width=ln.width), hoverinfo="skip")
                      for ln in d.lines if len(ln.xy) and ln.on_top == on_top] for on_top in (False, True)}
    marks = {on_top: [_trace(x=np.asarray(m.xy)[:, 0], y=np.asarray(m.xy)[:, 1], mode="markers", name=m.name,
                             legendrank=3, hoverinfo="skip",
                             marker=dict(size=m.size, symbol=m.symbol, color=m.colour, opacity=m.opacity,
                                         line=dict(width=1, color=m.outline or m.colour)))
                      for m in d.marks if len(m.xy) and m.on_top == on_top] for on_top in (False, True)}
    traces = segments + lines[False] + marks[False] + _original_traces(d, classes, colours)  # below the points
    # the synthetic points: drawn after (above) the originals, where they are seen and clicked
    traces += _synthetic_traces(d, classes, colours)
    traces += [_layer_trace(d.orig_xy, layer) for layer in d.layers] + lines[True] + marks[True]
    if d.has_selection:
        traces += _selection_traces(d)
    kind = trace_type(sum(len(t["x"]) for t in traces if "markers" in t["mode"]))
    for t in traces:
        t["type"] = kind
        for name in ("x", "y", "customdata"):  # float32: half the bytes every rerun sends, exact to pixels
            if isinstance(t.get(name), np.ndarray) and len(t[name]) > 8:
                t[name] = t[name].astype(np.float32)
    traces = list(d.background) + traces
    return go.Figure({"data": traces, "layout": _explore_layout(d)}, _validate=False), n_seg


def boundary_traces(xs, ys, before, after, colour: str, positive) -> list:
    """Two classifiers' decisions over a grid (``before``/``after``: shape ``(len(ys), len(xs))``, positive where
    the model predicts ``positive``): the "after" model's side of ``positive`` shaded in ``colour``, its boundary
    as a solid line, the "before" model's as a dashed one. Plain dicts, for :class:`ExploreFigureData`'s
    ``background``.
    """
    xs, ys = np.asarray(xs, dtype=np.float32), np.asarray(ys, dtype=np.float32)
    shade = dict(type="heatmap", x=xs, y=ys, z=(np.asarray(after) > 0).astype(np.float32),
                 colorscale=[[0, "rgba(0,0,0,0)"], [1, colour]], zmin=0, zmax=1, opacity=0.16, showscale=False,
                 hoverinfo="skip", name=f"predicted {legend_text(positive)} after resampling", showlegend=False)

    def line(z, name, dash, rank):
        return dict(type="contour", x=xs, y=ys, z=np.asarray(z, dtype=np.float32), name=name, showlegend=True,
                    legendrank=rank, autocontour=False, contours=dict(start=0, end=0, size=1, coloring="lines"),
                    colorscale=[[0, HIGHLIGHT], [1, HIGHLIGHT]], showscale=False, hoverinfo="skip",
                    line=dict(width=2.5 if dash == "solid" else 2, dash=dash, smoothing=0.6))

    return [shade, line(before, "boundary before resampling", "dash", 4),
            line(after, "boundary after resampling", "solid", 5)]


class _Finished(go.Figure):
    """A finished figure for a page that draws it many times: ``to_dict`` returns one dict, made once."""

    def __init__(self, spec: dict):
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec

    def to_plotly_json(self) -> dict:
        return self._spec


def finished(fig: go.Figure) -> go.Figure:
    """``fig`` as a figure whose ``to_dict`` is computed once and then handed out as it is, not copied.

    A page that sends the same cached figure on every rerun (Streamlit's ``st.plotly_chart`` calls ``to_dict`` twice
    per call: a deep copy, typed arrays encoded) pays for it once. ``fig`` must not change afterwards; a figure
    from :func:`explore_figure` is never changed once drawn.

    >>> fig = go.Figure({"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}]})
    >>> finished(fig).to_dict() is finished(fig).to_dict()
    True
    """
    done = getattr(fig, "_finished", None)
    if done is None:
        done = fig._finished = _Finished(fig.to_dict())
    return done


def _trace(**props) -> dict:
    """A scatter trace as a plain dict (its ``type``, SVG or WebGL, is set once the figure's size is known)."""
    return props


def segment_rows(d: ExploreFigureData) -> tuple[np.ndarray, np.ndarray]:
    """Which synthetic points get a segment drawn (a capped sample, :func:`pick_segments`): those whose segment
    ends at a neighbour row, and those whose segment ends at ``d.syn_ends`` (Polynomial-fit SMOTE's star: the class
    mean). The others have none: SMOTE-N copies votes, a point on a fitted curve has no parent pair.

    >>> prov = pd.DataFrame({"parent": [0, 1, -1], "neighbor": [1, -1, -1], "gap": [0.5, 0.5, np.nan],
    ...                      "class": [1, 1, 1]})
    >>> d = ExploreFigureData(orig_xy=np.zeros((2, 2)), y=np.array([1, 1]), syn_xy=np.zeros((3, 2)),
    ...                       provenance=prov, syn_ends=np.array([[np.nan] * 2, [1.0, 1.0], [np.nan] * 2]))
    >>> [rows.tolist() for rows in segment_rows(d)]
    [[0], [1]]
    """
    prov = d.provenance
    chosen = pick_segments(len(prov), d.max_segments)
    parents, neighbours = prov["parent"].to_numpy()[chosen], prov["neighbor"].to_numpy()[chosen]
    pairs = chosen[(neighbours >= 0) & (parents >= 0)]
    if d.syn_ends is None:
        return pairs, chosen[:0]
    ends = np.isfinite(np.asarray(d.syn_ends, dtype=np.float64)[chosen]).all(axis=1) & (neighbours < 0) & (parents >= 0)
    return pairs, chosen[ends]


def _segment_traces(d: ExploreFigureData) -> tuple[list, int]:
    """The parent → neighbour segments drawn (a capped sample), as one NaN-separated trace, then the segments to
    another end (:func:`segment_rows`), and how many in all."""
    prov = d.provenance
    if not len(prov):
        return [], 0
    pairs, to_ends = segment_rows(d)
    traces = []
    if len(pairs):
        sx, sy = segment_xy(d.orig_xy[prov["parent"].to_numpy()[pairs]], d.orig_xy[prov["neighbor"].to_numpy()[pairs]])
        traces.append(_trace(x=sx, y=sy, mode="lines", name="parent → neighbour segments", legendrank=3,
                             line=dict(color=SEGMENT_COLOUR, width=1), hoverinfo="skip"))
    if len(to_ends):
        sx, sy = segment_xy(d.orig_xy[prov["parent"].to_numpy()[to_ends]], np.asarray(d.syn_ends)[to_ends])
        traces.append(_trace(x=sx, y=sy, mode="lines", name="parent → class mean", legendrank=3,
                             line=dict(color=SEGMENT_COLOUR, width=1), hoverinfo="skip"))
    return traces, len(pairs) + len(to_ends)


def made_text(provenance: pd.DataFrame) -> str:
    """How a synthetic marker's hover says it was made (a plotly template reading :data:`SYNTHETIC_CUSTOMDATA`).

    >>> made_text(pd.DataFrame({"parent": [-1], "neighbor": [-1], "gap": [np.nan], "kind": ["curve"]}))
    'on the curve fitted through its class (no parent pair)'
    """
    kinds = set(provenance["kind"]) if "kind" in provenance else {"pair"}
    if kinds == {"curve"}:
        return "on the curve fitted through its class (no parent pair)"
    if kinds == {"to_mean"}:
        return "parent row %{customdata[1]} → its class's mean<br>λ = %{customdata[3]:.3f}"
    if (provenance["neighbor"].to_numpy() < 0).all():
        return "drawn row %{customdata[1]}: each category voted by its nearest rows"
    return "parent row %{customdata[1]} → neighbour row %{customdata[2]}<br>λ = %{customdata[3]:.3f}"


def _flags(n: int, positions) -> np.ndarray:
    """A boolean mask of length ``n``, True at ``positions`` (None or empty: all False)."""
    mask = np.zeros(n, dtype=bool)
    if positions is not None and len(positions):
        mask[positions] = True
    return mask


def _original_traces(d: ExploreFigureData, classes, colours) -> list:
    """One trace per class of the originals drawn (a sample above ``max_points``), then the removed ones faded."""
    rows = np.arange(len(d.y))
    gone = _flags(len(d.y), d.removed_original)
    shown = _flags(len(d.y), thin_points(d.y, d.max_points))
    size = marker_size(int(shown.sum()) + min(len(d.provenance), d.max_points), 9)
    traces = []
    for c in classes:
        mask = (d.y == c) & ~gone & shown
        traces.append(_trace(
            x=d.orig_xy[mask, 0], y=d.orig_xy[mask, 1], mode="markers", name=f"{legend_text(c)} (original)",
            legendrank=1,
            marker=dict(color=colours[c], size=size, opacity=0.85,
                        line=dict(width=1 if size > 5 else 0, color="white")),
            customdata=rows[mask][:, None],
            hovertemplate=f"row %{{customdata[0]}}<br>class {escape_text(c)}<extra>original</extra>",
        ))
    if gone.any():
        traces.append(_faded(d.orig_xy[gone], "removed by cleaning (original)", "circle"))
    return traces


def _synthetic_traces(d: ExploreFigureData, classes, colours) -> list:
    """The removed synthetic points faded, then one trace per class of those drawn, carrying
    :data:`SYNTHETIC_CUSTOMDATA`; the selected point is always drawn."""
    prov = d.provenance
    if not len(prov):
        return []
    custom = np.column_stack([np.arange(len(prov)), *(prov[c].to_numpy() for c in SYNTHETIC_CUSTOMDATA[1:])])
    syn_classes = prov["class"].to_numpy()
    made = made_text(prov)
    gone = _flags(len(prov), d.removed_synthetic)
    traces = [_faded(d.syn_xy[gone], "removed by cleaning (synthetic)", "diamond-open")] if gone.any() else []
    shown = _flags(len(prov), thin_points(syn_classes, d.max_points))
    size = marker_size(int(shown.sum()) + min(len(d.y), d.max_points), 8)
    if d.has_selection:
        shown[d.selected] = True
    for c in classes:
        mask = (syn_classes == c) & ~gone & shown
        if not mask.any():
            continue
        traces.append(_trace(
            x=d.syn_xy[mask, 0], y=d.syn_xy[mask, 1], mode="markers", name=f"{legend_text(c)} (synthetic)",
            legendrank=2,
            marker=dict(color=colours[c], size=size, symbol="diamond-open",
                        line=dict(width=1.5 if size > 5 else 1, color=colours[c])),
            customdata=custom[mask],
            hovertemplate=f"synthetic #%{{customdata[0]}} · class {escape_text(c)}<br>{made}<extra>synthetic</extra>",
        ))
    return traces


def selected_synthetic(selection) -> list[int]:
    """The synthetic points a plotly selection holds, by number: what a click on the Explore figure picked.

    ``selection`` is the chart's selection state (a mapping or object with ``points``) or its list of points; a
    point of a synthetic marker carries :data:`SYNTHETIC_CUSTOMDATA` (originals carry one value and are skipped).
    The browser may send an array as ``{"0": .., "1": ..}``. In the order of the points, without repeats.
    """
    points = selection
    if isinstance(selection, dict) or hasattr(selection, "points"):
        points = selection.get("points") if isinstance(selection, dict) else selection.points
    picked = []
    for point in points or ():
        custom = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(custom, dict):
            try:
                custom = [custom[i] for i in sorted(custom, key=int)]
            except (TypeError, ValueError):
                continue
        if isinstance(custom, (list, tuple)) and len(custom) == len(SYNTHETIC_CUSTOMDATA):
            try:
                number = int(custom[0])
            except (TypeError, ValueError):
                continue
            if number not in picked:
                picked.append(number)
    return picked


def _layer_trace(orig_xy: np.ndarray, layer: Layer) -> dict:
    rows = np.asarray(layer.rows, dtype=int)
    return _trace(
        x=orig_xy[rows, 0], y=orig_xy[rows, 1], mode="markers", name=layer.name, legendrank=3,
        marker=dict(size=layer.size, symbol=layer.symbol, color=layer.colour, line=dict(width=1.5, color=layer.colour)),
        hoverinfo="skip",
    )


def _explore_layout(d: ExploreFigureData) -> dict:
    layout = dict(
        uirevision=d.uirevision,
        xaxis=dict(title=dict(text=d.axis_labels[0])),
        yaxis=dict(title=dict(text=d.axis_labels[1])),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0),
        margin=dict(l=10, r=10, t=40, b=10),
        height=d.height,
        clickmode="event+select",
        dragmode="pan",
        hovermode="closest",
        font=dict(size=14),
    )
    if d.showlegend is not None:
        layout["showlegend"] = d.showlegend
    if d.title is not None:
        layout["title"] = d.title if isinstance(d.title, dict) else dict(text=d.title)
    return layout


def selected_end(d: ExploreFigureData) -> np.ndarray | None:
    """The end of the selected point's segment when it is no original row (``d.syn_ends``: a class mean), or None."""
    if d.syn_ends is None:
        return None
    end = np.asarray(d.syn_ends, dtype=np.float64)[d.selected]
    return end if np.isfinite(end).all() else None


def _selection_traces(d: ExploreFigureData) -> list:
    """The selected synthetic point explained: the parent's k nearest neighbours, the chosen segment, x, x_nn, x_new.
    A point without a parent (on a fitted curve) is marked alone; one toward its class's mean has its segment to
    the mean and no neighbour."""
    p = d.provenance.iloc[d.selected]
    parent, neighbour = int(p["parent"]), int(p["neighbor"])
    sx = d.syn_xy[d.selected]
    if parent < 0:
        return [_trace(x=[sx[0]], y=[sx[1]], mode="markers", name="selected x_new (synthetic)", legendrank=4,
                       marker=dict(size=14, symbol="diamond", color=HIGHLIGHT, line=dict(width=3, color=HIGHLIGHT)),
                       hoverinfo="skip")]
    px = d.orig_xy[parent]
    traces = []
    end = selected_end(d) if neighbour < 0 else None
    if end is not None:
        traces.append(_trace(x=[px[0], end[0]], y=[px[1], end[1]], mode="lines", name="chosen segment (to the mean)",
                             line=dict(color=HIGHLIGHT, width=3), hoverinfo="skip"))
    if d.selected_knn is not None and len(d.selected_knn):
        kx, ky = segment_xy(np.repeat(px[None], len(d.selected_knn), axis=0), d.orig_xy[d.selected_knn])
        traces.append(_trace(
            x=kx, y=ky, mode="lines", name=f"parent's {len(d.selected_knn)} nearest neighbours",
            line=dict(color=HIGHLIGHT, width=1.5, dash="dot"), hoverinfo="skip",
        ))
        traces.append(_trace(
            x=d.orig_xy[d.selected_knn, 0], y=d.orig_xy[d.selected_knn, 1], mode="markers",
            name="k-NN set", showlegend=False,
            marker=dict(size=14, color="rgba(0,0,0,0)", line=dict(width=2, color=HIGHLIGHT)), hoverinfo="skip",
        ))
    if d.selected_region is not None and len(d.selected_region):
        region = np.asarray(d.selected_region, dtype=np.float64)
        traces.append(_trace(x=region[:, 0], y=region[:, 1], mode="lines", name=REGION_NAME, legendrank=4,
                             line=dict(color=HIGHLIGHT, width=1.5), fill="toself",
                             fillcolor="rgba(0,0,0,0.12)", hoverinfo="skip"))
    marks = [(px, "selected x (parent)", "circle-open", 20)]
    if neighbour >= 0:  # SMOTE-N: voted, no neighbour
        nx = d.orig_xy[neighbour]
        traces.append(_trace(
            x=[px[0], nx[0]], y=[px[1], nx[1]], mode="lines", name="chosen segment",
            line=dict(color=HIGHLIGHT, width=3), hoverinfo="skip",
        ))
        marks.append((nx, "selected x_nn (neighbour)", "square-open", 20))
    marks.append((sx, "selected x_new (synthetic)", "diamond", 14))
    for (x, y), name, symbol, size in marks:
        traces.append(_trace(
            x=[x], y=[y], mode="markers", name=name, legendrank=4,
            marker=dict(size=size, symbol=symbol, color=HIGHLIGHT, line=dict(width=3, color=HIGHLIGHT)),
            hoverinfo="skip",
        ))
    return traces


def _faded(xy: np.ndarray, name: str, symbol: str) -> dict:
    return _trace(
        x=xy[:, 0], y=xy[:, 1], mode="markers", name=name, legendrank=3, hoverinfo="skip",
        marker=dict(size=8, symbol=symbol, color="rgba(120,120,120,0.35)",
                    line=dict(width=1, color="rgba(90,90,90,0.6)")),
    )


def gap_histogram_figure(gaps: dict, height: int = 160) -> go.Figure:
    """The λ histogram under Explore's figure: :func:`smote_core.analysis.diagnostics.gap_summary`'s bins as bars.

    A plain plotly bar chart (no validators, no Altair schema check: either costs more than the rest of a rerun).
    """
    edges = np.asarray(gaps["bin_edges"], dtype=float)
    bar = dict(type="bar", x=(edges[:-1] + edges[1:]) / 2, y=np.asarray(gaps["counts"]), width=np.diff(edges) * 0.9,
               marker=dict(color=PALETTE[0]), hovertemplate="λ %{x:.2f}: %{y} points<extra></extra>")
    layout = dict(height=height, margin=dict(l=10, r=10, t=10, b=10), showlegend=False, font=dict(size=13),
                  xaxis=dict(title=dict(text="λ"), range=[0, 1], dtick=0.2, fixedrange=True),  # 0.1: crowded
                  yaxis=dict(title=dict(text="points"), fixedrange=True), bargap=0.05)
    return go.Figure({"data": [bar], "layout": layout}, _validate=False)


def legend_text(label) -> str:
    """A class label as plain text in a legend or title: plotly reads ``<b>``, ``<a href=…>`` and entities there."""
    return str(label).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_text(label) -> str:
    """A class label as plain text inside a hover template (no HTML, no template braces)."""
    text = str(label)
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("{", "&#123;"), ("}", "&#125;"), ("%", "&#37;")):
        text = text.replace(a, b)
    return text


def tune_figure(summary: pd.DataFrame, metric_labels: dict, leaky: pd.DataFrame | None = None,
                name: str = "SMOTE inside each training fold") -> go.Figure:
    """Cross-validated scores against k, one panel per metric: mean ± sd, the no-resampling baseline dashed.

    ``summary`` and ``leaky`` are :func:`smote_core.evaluation.summarize` tables; rows with ``k == 0`` are the
    baseline. ``leaky`` (optional) adds the inflated scores of resampling before splitting, in red. ``name`` is the
    legend's name for the honest scores. Every score lies in [0, 1], and so does the ± sd band drawn (clipped).
    """
    from plotly.subplots import make_subplots

    metrics = [m for m in metric_labels if m in set(summary["metric"])]
    fig = make_subplots(rows=(len(metrics) + 1) // 2, cols=2, subplot_titles=[metric_labels[m] for m in metrics],
                        horizontal_spacing=0.08, vertical_spacing=0.16)
    for i, m in enumerate(metrics):
        row, col = i // 2 + 1, i % 2 + 1
        part = summary[(summary["metric"] == m) & (summary["k"] > 0)].sort_values("k")
        base = summary[(summary["metric"] == m) & (summary["k"] == 0)]["mean"]
        ks, mean, sd = part["k"].to_numpy(), part["mean"].to_numpy(), part["sd"].fillna(0).to_numpy()
        band = np.clip(np.r_[mean + sd, (mean - sd)[::-1]], 0.0, 1.0)
        fig.add_trace(go.Scatter(x=np.r_[ks, ks[::-1]], y=band, fill="toself",
                                 mode="lines",
                                 fillcolor="rgba(0,114,178,0.15)", line=dict(width=0), hoverinfo="skip",
                                 showlegend=False), row=row, col=col)
        fig.add_trace(go.Scatter(x=ks, y=mean, mode="lines+markers", name=name,
                                 line=dict(color=PALETTE[0], width=2.5), showlegend=i == 0,
                                 hovertemplate="k = %{x}<br>mean %{y:.3f}<extra></extra>"), row=row, col=col)
        if len(base):
            fig.add_trace(go.Scatter(x=[ks.min(), ks.max()], y=[base.iloc[0]] * 2, mode="lines",
                                     name="no resampling", line=dict(color="#555555", dash="dash"),
                                     showlegend=i == 0, hovertemplate="no resampling %{y:.3f}<extra></extra>"),
                          row=row, col=col)
        if leaky is not None:
            lp = leaky[(leaky["metric"] == m) & (leaky["k"] > 0)].sort_values("k")
            fig.add_trace(go.Scatter(x=lp["k"], y=lp["mean"], mode="lines+markers",
                                     name="resampled before splitting (leaky, inflated)",
                                     line=dict(color=PALETTE[5], dash="dot"), showlegend=i == 0,
                                     hovertemplate="leaky k = %{x}<br>mean %{y:.3f}<extra></extra>"),
                          row=row, col=col)
        fig.update_xaxes(title_text="k", row=row, col=col, dtick=max(1, int(np.ceil(len(ks) / 10))))
    fig.update_layout(height=330 * ((len(metrics) + 1) // 2), margin=dict(l=10, r=10, t=40, b=10),
                      legend=dict(orientation="h", yanchor="top", y=-0.08, x=0), font=dict(size=13))
    return fig


#: Synthetic points an animation moves at most (a sample beyond: every frame carries every point's position).
ANIMATION_MAX_POINTS = 1_000


def birth_animation_figure(orig_xy, y, syn_xy, provenance: pd.DataFrame, *, classes=None, batches: int = 8,
                           steps: int = 4, axis_labels=("x", "y"), height: int = 520,
                           uirevision: str = "animation", syn_ends=None) -> tuple[go.Figure, int]:
    """The synthetic points being born, a batch at a time: each leaves its parent and travels to where it lands
    (``λ`` of the way to its neighbour), along the parent → neighbour segment drawn while it moves.

    ``syn_ends`` (optional, as :class:`ExploreFigureData`'s): a segment's end that is no original row (a class mean),
    drawn instead of a neighbour's. A point without a parent (on a fitted curve) appears where it lies.

    Plotly frames, played in the browser (Play slow / fast, Pause, a slider over the batches), so a class watching
    costs the server nothing. At most :data:`ANIMATION_MAX_POINTS` synthetic points are animated (an evenly spread
    sample beyond; :func:`thin_points`).

    Returns
    -------
    fig : plotly Figure
    n_animated : int
        How many synthetic points it moves.
    """
    orig_xy, syn_xy, y = np.asarray(orig_xy, dtype=np.float64), np.asarray(syn_xy, dtype=np.float64), np.asarray(y)
    classes = list(classes) if classes else list(pd.unique(y))
    colours = class_colours(classes)
    chosen = np.sort(thin_points(provenance["class"].to_numpy(), ANIMATION_MAX_POINTS)) if len(provenance) else \
        np.empty(0, dtype=int)
    parents = provenance["parent"].to_numpy()[chosen]
    neighbours = provenance["neighbor"].to_numpy()[chosen]
    end = syn_xy[chosen]
    start = np.where((parents >= 0)[:, None], orig_xy[np.maximum(parents, 0)], end)  # no parent: born in place
    other = np.full_like(end, np.nan)  # where each segment ends: the neighbour row, else syn_ends, else nowhere
    if syn_ends is not None:
        other = np.asarray(syn_ends, dtype=np.float64)[chosen]
    other = np.where((neighbours >= 0)[:, None], orig_xy[np.maximum(neighbours, 0)], other)
    other[parents < 0] = np.nan
    syn_classes = provenance["class"].to_numpy()[chosen]
    batch_of = (np.arange(len(chosen)) * batches) // max(len(chosen), 1)  # batch 0 … batches-1, in order made
    size = marker_size(len(y) + len(chosen), 8)
    traces = [dict(type="scatter", x=orig_xy[y == c, 0].astype(np.float32), y=orig_xy[y == c, 1].astype(np.float32),
                   mode="markers", name=f"{legend_text(c)} (original)", hoverinfo="skip",
                   marker=dict(color=colours[c], size=size, opacity=0.6)) for c in classes]
    grown = [c for c in classes if (syn_classes == c).any()]
    moving = len(traces)  # the segments of the batch moving, then one trace per class of synthetic points

    def state(batch: int, step: int) -> list:
        """The moving traces when ``batch`` has gone ``step`` of ``steps`` of its way (earlier batches have landed,
        later ones are not born yet: NaN)."""
        s = np.where(batch_of < batch, 1.0, np.where(batch_of == batch, step / steps, np.nan))[:, None]
        xy = start + s * (end - start)
        now = (batch_of == batch) & np.isfinite(other).all(axis=1)
        sx, sy = segment_xy(start[now], other[now]) if now.any() else (np.empty(0), np.empty(0))
        out = [dict(type="scatter", x=sx.astype(np.float32), y=sy.astype(np.float32), mode="lines",
                    name="parent → neighbour (being born)", hoverinfo="skip", line=dict(color=SEGMENT_COLOUR))]
        for c in grown:
            mask = syn_classes == c
            out.append(dict(type="scatter", x=xy[mask, 0].astype(np.float32), y=xy[mask, 1].astype(np.float32),
                            mode="markers", name=f"{legend_text(c)} (synthetic)", hoverinfo="skip",
                            marker=dict(color=colours[c], size=size, symbol="diamond-open",
                                        line=dict(width=1.5, color=colours[c]))))
        return out

    frames = [dict(name=f"{b + 1}.{s}", data=state(b, s), traces=list(range(moving, moving + 1 + len(grown))))
              for b in range(batches) for s in range(1, steps + 1)]
    traces += state(-1, 0)  # nobody born yet

    def play(label: str, ms: int) -> dict:
        return dict(label=label, method="animate", args=[None, dict(frame=dict(duration=ms, redraw=False),
                                                                    transition=dict(duration=0), fromcurrent=True,
                                                                    mode="immediate")])

    everything = np.vstack([orig_xy, end]) if len(end) else orig_xy
    low, high = everything.min(axis=0), everything.max(axis=0)
    pad = np.where(high > low, (high - low) * 0.05, 1.0)
    layout = dict(
        uirevision=uirevision, height=height, margin=dict(l=10, r=10, t=40, b=10), font=dict(size=14),
        xaxis=dict(title=dict(text=axis_labels[0]), range=[low[0] - pad[0], high[0] + pad[0]]),
        yaxis=dict(title=dict(text=axis_labels[1]), range=[low[1] - pad[1], high[1] + pad[1]]),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), dragmode="pan", hovermode=False,
        updatemenus=[dict(type="buttons", direction="left", x=0, y=1.1, xanchor="left", yanchor="bottom",
                          showactive=False, pad=dict(r=6, t=0),
                          buttons=[play("▶ Play slowly", 350), play("▶▶ Fast", 90),
                                   dict(label="❚❚ Pause", method="animate",
                                        args=[[None], dict(frame=dict(duration=0, redraw=False), mode="immediate",
                                                           transition=dict(duration=0))])])],
        sliders=[dict(active=0, x=0.5, len=0.5, y=1.1, yanchor="bottom", pad=dict(t=0, b=0),
                      currentvalue=dict(prefix="batch ", font=dict(size=13)),
                      steps=[dict(label=f"{b + 1}", method="animate",
                                  args=[[f"{b + 1}.{steps}"], dict(mode="immediate", frame=dict(duration=0,
                                                                                               redraw=False),
                                                                  transition=dict(duration=0))])
                             for b in range(batches)])],
    )
    return go.Figure({"data": traces, "layout": layout, "frames": frames}, _validate=False), len(chosen)
