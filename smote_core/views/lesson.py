"""Step through SMOTE one synthetic sample at a time: the text and the picture of each step (pure functions).

The picture is drawn for a classroom projector: it zooms to the neighbourhood of the picked sample x (x, its k
neighbours, x_nn and x_new, with a margin; the rest of the data faded behind), and labels x, x_nn and x_new in large
type, each placed where it covers neither another label nor the points and the segment it explains.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from .explore import ResampleResult, neighbors_of
from .figures import HIGHLIGHT, class_colours, legend_text, segment_xy
from .view_state import ViewState

STEPS = (
    "Pick a minority sample x",
    "Find its k nearest neighbours",
    "Choose one neighbour x_nn at random",
    "Draw λ and apply the formula",
    "Place the new point x_new",
)


@dataclass
class StepView:
    """Everything one step shows, for synthetic sample ``sample``."""

    sample: int
    step: int  # 1..5
    parent: int
    neighbor: int
    knn: np.ndarray
    gap: float  # λ (SMOTE's, or the one set by hand)
    x: np.ndarray  # the parent's features
    x_nn: np.ndarray
    x_new: np.ndarray
    drawn: float | None = None  # the λ SMOTE drew for this sample (differs from ``gap`` when λ is set by hand)
    by_hand: bool = False  # λ set by hand

    @property
    def title(self) -> str:
        """The step's name (with λ set by hand, step 4 sets λ rather than drawing it)."""
        if self.by_hand and self.step == 4:
            return "Set λ by hand and apply the formula"
        return STEPS[min(max(self.step, 1), len(STEPS)) - 1]

    def explanation(self, k: int, label) -> str:
        """A few sentences for the step, with the actual numbers (``label``: the parent's class, as text)."""
        texts = _BY_HAND if self.by_hand else _EXPLANATIONS
        text = texts[min(max(self.step, 1), len(texts)) - 1]
        drawn = self.gap if self.drawn is None else self.drawn
        return text.format(cls=str(label), k=k, parent=self.parent, neighbor=self.neighbor, gap=self.gap,
                           drawn=drawn)


#: What each step says, in Markdown: ``{cls}`` the class, ``{k}``, ``{parent}``, ``{neighbor}`` rows, ``{gap}`` λ.
_EXPLANATIONS = (
    "SMOTE picks a sample of class **{cls}** uniformly at random: row **{parent}**, ringed. Every minority sample "
    "is equally likely to be picked, each time.",
    "It looks up the **{k}** nearest samples *of the same class* to row {parent} (dotted lines). Samples of other "
    "classes are ignored, even when they are closer.",
    "One of those {k} neighbours is chosen at random: row **{neighbor}** (the square). The new point will lie on the "
    "segment between the two.",
    "λ is drawn uniformly from [0, 1): **λ = {gap:.3f}**. Then x_new = x + λ·(x_nn − x), feature by feature (table "
    "below).",
    "The new point sits a fraction λ = {gap:.3f} of the way from x to x_nn. SMOTE repeats this until the class has "
    "as many rows as asked.",
)
#: The same with λ set by hand (``{drawn}``: the λ SMOTE drew): steps 1-3 do not involve λ.
_BY_HAND = (
    *_EXPLANATIONS[:3],
    "You set λ by hand: **λ = {gap:.3f}** (for this sample SMOTE itself drew λ = {drawn:.3f}). Then "
    "x_new = x + λ·(x_nn − x), feature by feature (table below).",
    "The new point sits a fraction λ = {gap:.3f} of the way from x to x_nn: at λ = 0 it is x, at λ = 1 it is x_nn. "
    "Slide λ and watch it move along the segment.",
)
assert len(_EXPLANATIONS) == len(_BY_HAND) == len(STEPS)


def step_view(result: ResampleResult, sample: int, step: int, gap: float | None = None) -> StepView:
    """The state of the lesson at ``step`` (1..5) of synthetic sample ``sample``; ``gap`` sets λ by hand."""
    p = result.provenance.iloc[sample]
    parent, neighbor = int(p["parent"]), int(p["neighbor"])
    drawn = float(p["gap"])
    lam = drawn if gap is None else float(gap)
    x, x_nn = result.X[parent], result.X[neighbor]
    x_new = result.X_syn[sample] if gap is None else x + lam * (x_nn - x)
    return StepView(sample=sample, step=int(step), parent=parent, neighbor=neighbor,
                    knn=neighbors_of(result, parent), gap=lam, x=x, x_nn=x_nn, x_new=x_new, drawn=drawn,
                    by_hand=gap is not None)


# ---------------------------------------------------------------------------------------------- moving about
def read_position(params, n_samples: int, first: int = 0) -> tuple[int, int, list[str]]:
    """``sample`` and ``step`` from a lesson link, checked: (sample, step, warnings).

    ``first``: the sample to start at when the link names none (or a bad one), see :func:`first_sample`."""
    warnings = []

    def one(name, low, high, default):
        raw = params.get(name)
        if isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else None
        if raw is None:
            return default
        try:
            value = int(str(raw))
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            warnings.append(f"Ignored {name}={raw!r} in the link (use {low} to {high}); using {default}.")
            return default
        return value

    sample = one("sample", 0, max(0, n_samples - 1), min(max(first, 0), max(0, n_samples - 1)))
    step = one("step", 1, len(STEPS), 1)
    return sample, step, warnings


def advance(sample: int, step: int, n_samples: int) -> tuple[int, int]:
    """The next position (Next step, and Play): the next step, or step 1 of the next sample (wrapping round)."""
    if step < len(STEPS):
        return sample, step + 1
    return (sample + 1) % max(1, n_samples), 1


def back(sample: int, step: int, n_samples: int) -> tuple[int, int]:
    """The previous position (Previous step): the step before, or from step 1 the last step of the sample before;
    the very first position stays where it is."""
    if step > 1:
        return sample, min(step, len(STEPS) + 1) - 1
    if sample > 0:
        return min(sample, max(1, n_samples)) - 1, len(STEPS)
    return 0, 1


def can_go_back(sample: int, step: int) -> bool:
    return sample > 0 or step > 1


#: A lesson starts at the first sample whose λ lies in this range (x_new well apart from both ends) ...
LAMBDA_APART = (0.25, 0.75)
#: ... and whose segment x → x_nn is at least this share of its zoomed neighbourhood's size in the picture.
SEGMENT_SHARE = 0.3
FIRST_SAMPLE_SEARCH = 500  # samples looked at to choose where a lesson starts


def first_sample(result: ResampleResult, orig_xy, syn_xy, *, lam=LAMBDA_APART, share: float = SEGMENT_SHARE,
                 limit: int = FIRST_SAMPLE_SEARCH) -> int:
    """Where a lesson starts: the first synthetic sample whose picture shows x, x_nn and x_new well apart.

    That is the first whose λ lies within ``lam``, whose x_new lies in the picture at least ``lam[0]`` of the
    segment's length from both x and x_nn (always so in a linear picture; t-SNE and UMAP may put it elsewhere), and
    whose segment x → x_nn is at least ``share`` of the size of the neighbourhood the picture zooms to (x, its k
    neighbours, x_nn, x_new). ``orig_xy``: the originals in the picture, ``syn_xy``: the synthetic points. When
    none of the first ``limit`` samples qualifies, the one among them whose x_new stands furthest from both x and
    x_nn for the size of its neighbourhood.
    """
    orig_xy, syn_xy = np.asarray(orig_xy, dtype=float), np.asarray(syn_xy, dtype=float)
    n = min(result.n_synthetic, int(limit))
    best, best_score = 0, -1.0
    parents = result.provenance["parent"].to_numpy()[:n]
    neighbors = result.provenance["neighbor"].to_numpy()[:n]
    gaps = result.provenance["gap"].to_numpy(dtype=float)[:n]
    knn_of: dict[int, np.ndarray] = {}
    for i in range(n):
        p, q, g = int(parents[i]), int(neighbors[i]), float(gaps[i])
        if p not in knn_of:
            knn_of[p] = neighbors_of(result, p)
        x, x_nn, x_new = orig_xy[p], orig_xy[q], syn_xy[i]
        span = float(np.ptp(np.vstack([x, x_nn, x_new, orig_xy[knn_of[p]]]), axis=0).max())
        if not (span > 0 and np.isfinite(span)):
            continue
        length = float(np.hypot(*(x_nn - x)))
        apart = min(float(np.hypot(*(x_new - x))), float(np.hypot(*(x_new - x_nn))))
        if lam[0] <= g <= lam[1] and apart >= lam[0] * length * (1 - 1e-9) and length >= share * span:
            return i
        if apart / span > best_score:
            best, best_score = i, apart / span
    return best


# ---------------------------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in the picture's units: ``x0 <= x <= x1``, ``y0 <= y <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def contains(self, points) -> bool:
        """Whether every point of ``points`` ((2,) or (m, 2)) lies inside (edges included)."""
        p = np.atleast_2d(np.asarray(points, dtype=float))
        return bool(np.all((p[:, 0] >= self.x0) & (p[:, 0] <= self.x1) & (p[:, 1] >= self.y0) & (p[:, 1] <= self.y1)))

    def inside(self, other: Box) -> bool:
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share any area (touching edges do not count)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def grown(self, d: float) -> Box:
        return Box(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def crosses(self, a, b) -> bool:
        """Whether the segment ``a`` → ``b`` passes through the rectangle (Liang–Barsky clipping)."""
        (ax, ay), (bx, by) = a, b
        dx, dy = bx - ax, by - ay
        t0, t1 = 0.0, 1.0
        for p, q in ((-dx, ax - self.x0), (dx, self.x1 - ax), (-dy, ay - self.y0), (dy, self.y1 - ay)):
            if p == 0:
                if q < 0:
                    return False
                continue
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
        return True

    @staticmethod
    def around(x: float, y: float, half_w: float, half_h: float) -> Box:
        return Box(x - half_w, y - half_h, x + half_w, y + half_h)


#: The plot area (pixels, width × height) the picture is laid out for: the Learn page's left column on a 1280×720
#: projector with the sidebar open. A wider plot keeps the scale and shows more context at the sides; the labels'
#: places are worked out for this size, so that a larger picture only moves them further apart.
PLOT_PX = (400, 390)
#: The bottom margin holds the axis title and two rows of legend; it stays the same at every step (so the zoom does
#: not move), except with more than two classes, when the legend may push it down.
FIGURE_MARGIN = dict(l=62, r=8, t=6, b=122)
FIGURE_HEIGHT = 520
LABEL_FONT = 26  # px: read from the back of a classroom
LABEL_PAD = 5  # px between the text and the label's border
ZOOM_MARGIN = 0.22  # each side of the neighbourhood, as a share of its larger side
#: The markers' radii in pixels (the labels keep clear of them): x, x_nn, x_new, the k neighbours.
MARKER_RADIUS = {"x": 17, "x_nn": 15, "x_new": 12, "knn": 10}


def focus_points(orig_xy, v: StepView, new_xy) -> np.ndarray:
    """The points the picture zooms to, in its units: x, its k neighbours, x_nn and x_new, one row each."""
    orig_xy = np.asarray(orig_xy, dtype=float)
    return np.vstack([orig_xy[v.parent][None], orig_xy[v.knn], orig_xy[v.neighbor][None],
                      np.asarray(new_xy, dtype=float).reshape(1, 2)])


def zoom_box(points, *, aspect: float = PLOT_PX[0] / PLOT_PX[1], margin: float = ZOOM_MARGIN,
             min_span: float = 0.0) -> Box:
    """The neighbourhood to show: the bounding box of ``points`` with ``margin`` (a share of its larger side) on
    every side, at least ``min_span`` across, widened to ``aspect`` (width / height) about its centre."""
    p = np.atleast_2d(np.asarray(points, dtype=float))
    lo, hi = p.min(axis=0), p.max(axis=0)
    span = max(float((hi - lo).max()), float(min_span))
    if not span > 0:
        span = 1.0
    w, h = np.maximum((hi - lo) + 2 * margin * span, span)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (lo + hi) / 2
    return Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


@dataclass(frozen=True)
class Label:
    """A text label over the picture: ``text`` with its centre at ``centre``, pointing (an arrow) at ``point``;
    ``box``: the space it takes, in the picture's units."""

    text: str
    point: tuple[float, float]
    centre: tuple[float, float]
    box: Box


def label_size(text: str, font_px: int = LABEL_FONT) -> tuple[float, float]:
    """A generous estimate of a label's size in pixels (width, height), border and padding included."""
    return 0.62 * font_px * max(1, len(text)) + 2 * LABEL_PAD + 2, 1.3 * font_px + 2 * LABEL_PAD + 2


_ANGLES = tuple(math.radians(a) for a in range(0, 360, 15))
_GAPS_PX = (8, 18, 32, 52, 80, 120, 170)


def place_labels(targets, view: Box, px_per_unit: float, *, markers=(), segment=None, lines=(), fixed=None,
                 font_px: int = LABEL_FONT) -> dict[str, Label]:
    """Places for the labels ``targets`` inside ``view``, none overlapping another.

    ``targets``: ``(text, point, marker radius in px, preferred angle in radians or None)``, in the order they are
    placed; ``fixed``: labels already placed (kept, and avoided). Each label keeps clear of every marker
    (``markers``: ``(point, radius px)``) and of ``segment`` (a pair of points: nothing may hide it), and if it can
    of ``lines`` (the dotted lines to the neighbours); among the places left it takes the one nearest its point,
    towards its preferred angle where there is a choice. When nothing near is free, the first free place in the view.
    """
    ppu = float(px_per_unit)
    placed: dict[str, Label] = dict(fixed or {})
    new: dict[str, Label] = {}
    marker_boxes = [Box.around(p[0], p[1], r / ppu, r / ppu) for p, r in markers]
    clearance = 3 / ppu  # between two labels
    for text, point, radius, prefer in targets:
        w, h = (s / ppu for s in label_size(text, font_px))
        px, py = float(point[0]), float(point[1])
        own = Box.around(px, py, radius / ppu, radius / ppu)
        best = None
        for strict in (2, 1, 0):  # 2: clear of every marker and the segment; 1: of the segment; 0: of own point
            for gap_px in _GAPS_PX:
                gap = (gap_px + radius) / ppu
                for angle in _ANGLES:
                    c, s = math.cos(angle), math.sin(angle)
                    cx, cy = px + c * (gap + w / 2), py + s * (gap + h / 2)
                    box = Box.around(cx, cy, w / 2, h / 2)
                    if not box.inside(view) or box.overlaps(own):
                        continue
                    if any(box.overlaps(o.box.grown(clearance)) for o in placed.values()):
                        continue
                    hits = sum(box.overlaps(m) for m in marker_boxes)
                    if strict >= 2 and hits:
                        continue
                    if strict >= 1 and segment is not None and box.grown(MARKER_RADIUS["x_new"] / ppu).crosses(
                            *segment):
                        continue
                    cost = gap_px + 40 * hits + 30 * sum(box.crosses(a, b) for a, b in lines)
                    if prefer is not None:
                        cost += 24 * (1 - math.cos(angle - prefer))
                    cost += 60 * sum(_segments_cross((cx, cy), (px, py), o.centre, o.point) for o in placed.values())
                    if best is None or cost < best[0]:
                        best = (cost, (cx, cy), box)
            if best is not None:
                break
        if best is None:
            best = _free_place(view, w, h, placed.values(), clearance)
        _, centre, box = best
        label = Label(text, (px, py), (float(centre[0]), float(centre[1])), box)
        placed[text] = new[text] = label
    return new


def _free_place(view: Box, w: float, h: float, placed, clearance: float):
    for cy in np.arange(view.y1 - h / 2, view.y0 + h / 2 - 1e-12, -(h + clearance)):
        for cx in np.arange(view.x0 + w / 2, view.x1 - w / 2 + 1e-12, w + clearance):
            box = Box.around(cx, cy, w / 2, h / 2)
            if not any(box.overlaps(o.box.grown(clearance)) for o in placed):
                return 0.0, (cx, cy), box
    raise ValueError("the picture is too small for its labels")


def _segments_cross(a, b, c, d) -> bool:
    def turn(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return turn(a, b, c) * turn(a, b, d) < 0 and turn(c, d, a) * turn(c, d, b) < 0


@dataclass(frozen=True)
class LessonLayout:
    """Where the picture of one sample looks (``view``, at ``px_per_unit`` pixels per unit) and where its labels
    go (``labels``: ``"x"``, ``"x_nn"``, ``"x_new"``)."""

    view: Box
    px_per_unit: float
    labels: dict


def lesson_layout(orig_xy, v: StepView, new_xy, *, plot_px=PLOT_PX, font_px: int = LABEL_FONT) -> LessonLayout:
    """The zoom and the labels for sample ``v`` (``orig_xy``: the originals in the picture; ``new_xy``: where x_new
    lands).

    The zoom and the labels of x and x_nn are the same for all five steps of a sample, so that nothing jumps while
    stepping: x and x_nn are labelled first, each on its side away from the other, then x_new across the segment.
    No label hides the segment x → x_nn, a marker it can avoid, or another label.
    """
    orig_xy = np.asarray(orig_xy, dtype=float)
    new_xy = np.asarray(new_xy, dtype=float).reshape(2)
    data_span = float(np.ptp(orig_xy, axis=0).max()) if len(orig_xy) else 1.0
    view = zoom_box(focus_points(orig_xy, v, new_xy), aspect=plot_px[0] / plot_px[1], min_span=0.04 * data_span)
    ppu = plot_px[1] / view.height
    x, x_nn = orig_xy[v.parent], orig_xy[v.neighbor]
    direction = math.atan2(x_nn[1] - x[1], x_nn[0] - x[0]) if np.any(x_nn != x) else math.pi / 2
    knn = [p for p in orig_xy[v.knn] if not (np.array_equal(p, x) or np.array_equal(p, x_nn))]
    markers = [(x, MARKER_RADIUS["x"]), (x_nn, MARKER_RADIUS["x_nn"]), *((p, MARKER_RADIUS["knn"]) for p in knn)]
    lines = [(x, p) for p in knn]
    ends = place_labels(
        [("x", x, MARKER_RADIUS["x"], direction + math.pi), ("x_nn", x_nn, MARKER_RADIUS["x_nn"], direction)],
        view, ppu, markers=markers, segment=(x, x_nn), lines=lines, font_px=font_px)
    middle = place_labels([("x_new", new_xy, MARKER_RADIUS["x_new"], direction + math.pi / 2)], view, ppu,
                          markers=[*markers, (new_xy, MARKER_RADIUS["x_new"])], segment=(x, x_nn), lines=lines,
                          fixed=ends, font_px=font_px)
    return LessonLayout(view, ppu, {**ends, **middle})


# ---------------------------------------------------------------------------------------------- the picture
def lesson_figure(orig_xy, y, done_xy, v: StepView, new_xy, classes, axis_labels=("x", "y"),
                  uirevision="learn", layout: LessonLayout | None = None) -> go.Figure:
    """The picture of one step, zoomed to the neighbourhood of x (:func:`lesson_layout`): the originals faded
    behind, the synthetic points made so far, and this step's layers, with x, x_nn and x_new labelled.

    ``orig_xy``: (n, 2) originals; ``done_xy``: (m, 2) synthetic points before this one; ``new_xy``: (2,) where the
    new point lands (drawn from step 4 on, as a ghost at step 4 and solid at step 5). Every point is in the figure:
    double-clicking it shows the whole data.
    """
    orig_xy = np.asarray(orig_xy, dtype=float)
    new_xy = np.asarray(new_xy, dtype=float).reshape(2)
    layout = layout or lesson_layout(orig_xy, v, new_xy)
    colours = class_colours(classes)
    y = np.asarray(y)
    lit_rows = [v.parent, *(v.knn if v.step >= 2 else [])]  # drawn in full colour: x, then its neighbours
    lit = np.zeros(len(y), dtype=bool)
    lit[lit_rows] = True
    fig = go.Figure()
    for c in classes:
        group = f"class {legend_text(c)}"
        mask = (y == c) & ~lit
        fig.add_trace(go.Scattergl(x=orig_xy[mask, 0], y=orig_xy[mask, 1], mode="markers", name=group,
                                   legendgroup=group, showlegend=False, hoverinfo="skip",
                                   marker=dict(color=colours[c], size=11, opacity=0.3)))
        fig.add_trace(go.Scattergl(x=[None], y=[None], mode="markers", name=legend_text(c), legendgroup=group,
                                   marker=dict(color=colours[c], size=14), hoverinfo="skip"))
    if len(done_xy):
        fig.add_trace(go.Scattergl(x=done_xy[:, 0], y=done_xy[:, 1], mode="markers", name="made before",
                                   marker=dict(symbol="diamond-open", size=10, color="rgba(80,80,80,0.55)"),
                                   hoverinfo="skip"))
    px, nx = orig_xy[v.parent], orig_xy[v.neighbor]
    own = colours.get(y[v.parent], HIGHLIGHT)
    fig.add_trace(go.Scattergl(x=orig_xy[lit_rows, 0], y=orig_xy[lit_rows, 1], mode="markers", showlegend=False,
                               name="x and its neighbours", marker=dict(color=own, size=14, line=dict(width=1.5,
                                                                                                      color="white")),
                               hoverinfo="skip"))
    if v.step >= 2:
        kx, ky = segment_xy(np.repeat(px[None], len(v.knn), axis=0), orig_xy[v.knn])
        fig.add_trace(go.Scattergl(x=kx, y=ky, mode="lines", name=f"{len(v.knn)} nearest neighbours",
                                   legendgroup="knn", showlegend=False,
                                   line=dict(color=HIGHLIGHT, width=2, dash="dot"), hoverinfo="skip"))
        fig.add_trace(go.Scattergl(x=orig_xy[v.knn, 0], y=orig_xy[v.knn, 1], mode="markers",
                                   name=f"{len(v.knn)} nearest neighbours of x", legendgroup="knn",
                                   marker=dict(size=2 * MARKER_RADIUS["knn"] + 4, color="rgba(0,0,0,0)",
                                               line=dict(width=2.5, color=HIGHLIGHT)), hoverinfo="skip"))
    if v.step >= 3:
        fig.add_trace(go.Scattergl(x=[px[0], nx[0]], y=[px[1], nx[1]], mode="lines", name="segment x → x_nn",
                                   showlegend=False, line=dict(color=HIGHLIGHT, width=4), hoverinfo="skip"))
        fig.add_trace(go.Scattergl(x=[nx[0]], y=[nx[1]], mode="markers", name="x_nn (neighbour)", showlegend=False,
                                   marker=dict(size=2 * MARKER_RADIUS["x_nn"], symbol="square-open", color=HIGHLIGHT,
                                               line=dict(width=3.5)), hoverinfo="skip"))
    fig.add_trace(go.Scattergl(x=[px[0]], y=[px[1]], mode="markers", name="x (picked sample)", showlegend=False,
                               marker=dict(size=2 * MARKER_RADIUS["x"], symbol="circle-open", color=HIGHLIGHT,
                                           line=dict(width=3.5)), hoverinfo="skip"))
    if v.step >= 4:
        fig.add_trace(go.Scattergl(x=[new_xy[0]], y=[new_xy[1]], mode="markers", name=f"x_new (λ = {v.gap:.3f})",
                                   showlegend=False,
                                   marker=dict(size=2 * MARKER_RADIUS["x_new"], symbol="diamond", color=HIGHLIGHT,
                                               opacity=0.35 if v.step == 4 else 1.0,
                                               line=dict(width=1.5, color="white")),
                                   hoverinfo="skip"))
    shown = ["x", *(["x_nn"] if v.step >= 3 else []), *(["x_new"] if v.step >= 4 else [])]
    view = layout.view
    fig.update_layout(
        uirevision=uirevision, height=FIGURE_HEIGHT, margin={**FIGURE_MARGIN, "autoexpand": len(classes) > 2},
        font=dict(size=17),
        xaxis=dict(title=dict(text=axis_labels[0], standoff=8, font=dict(size=16)), range=[view.x0, view.x1],
                   zeroline=False, tickfont=dict(size=14)),
        yaxis=dict(title=dict(text=axis_labels[1], standoff=8, font=dict(size=16)), range=[view.y0, view.y1],
                   zeroline=False, tickfont=dict(size=14),
                   scaleanchor="x", scaleratio=1),  # true distances: the k nearest look nearest
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0, font=dict(size=18), itemsizing="constant"),
        annotations=[_annotation(layout.labels[name]) for name in shown if name in layout.labels],
        dragmode="pan", hovermode=False,
    )
    return fig


def _annotation(label: Label) -> dict:
    radius = MARKER_RADIUS.get(label.text, 10)
    return dict(
        x=label.point[0], y=label.point[1], xref="x", yref="y", ax=label.centre[0], ay=label.centre[1],
        axref="x", ayref="y", text=f"<b>{label.text}</b>", showarrow=True, arrowhead=2, arrowsize=1.2,
        arrowwidth=2, arrowcolor=HIGHLIGHT, standoff=radius + 1, font=dict(size=LABEL_FONT, color=HIGHLIGHT),
        bgcolor="rgba(255,255,255,0.92)", bordercolor=HIGHLIGHT, borderwidth=1, borderpad=LABEL_PAD,
        name=label.text,
    )


# ---------------------------------------------------------------------------------------------- ready-made lessons
@dataclass(frozen=True)
class Lesson:
    """A ready-made lesson: an ordinary link to ``page`` (a page's name, e.g. ``"explore"``) showing ``view``,
    named ``name`` in the link (``lesson=<name>``), with the ``task`` shown on the page it opens."""

    name: str  # a short slug: letters, digits, - and _
    title: str
    page: str
    view: ViewState
    task: str  # what to do and look for (Markdown)

    def __post_init__(self):
        object.__setattr__(self, "view", self.view.replace(lesson=self.name))

    def query(self) -> dict[str, str]:
        """The link's query parameters (``lesson=<name>`` among them)."""
        return self.view.to_query()


LESSONS = (
    Lesson("what-k-does", "What k does", "explore",
           ViewState(dataset="moons", k=1, seed=0, projection="raw", hide=("dataset", "variant", "projection")),
           "Start at k = 1: new points only join each sample to its nearest neighbour. Raise k and watch segments "
           "reach further — across the gap between the moon's tips at large k."),
    Lesson("noise", "Noise and overlap", "explore",
           ViewState(dataset="overlap", k=5, seed=0, projection="raw", hide=("dataset", "projection")),
           "Mislabelled minority points inside the majority become parents too: SMOTE spreads the noise. Then switch "
           "the sampler to SMOTE + ENN and see which rows the cleaning removes."),
    Lesson("one-point", "One point, step by step", "learn", ViewState(dataset="blobs", k=3, seed=0, step=1),
           "Press Next step five times: pick x, find its 3 neighbours, choose one, draw λ, place the new point."),
    Lesson("leakage", "Why not resample before cross-validation", "tune", ViewState(dataset="overlap", leaky=True),
           "The red line resamples the whole data first, then cross-validates: synthetic copies of test rows help "
           "train the model, and the scores look better than they are. The blue line keeps SMOTE inside each "
           "training fold."),
    Lesson("boundary", "What the classifier learns", "explore",
           ViewState(dataset="moons", k=5, seed=0, projection="raw", boundary="logreg",
                     hide=("dataset", "projection")),
           "The dashed line is a logistic regression fitted on the originals, the solid one after SMOTE: the "
           "minority's side grows. Read the table under the figure — recall on held-out rows goes up, precision "
           "often down. Then try k-NN or the SVM under Decision boundary, and move k."),
    Lesson("tuning-k", "When does SMOTE help at all?", "tune", ViewState(dataset="overlap", seed=0),
           "Find the k with the best minority F1 for logistic regression, then switch the classifier to the random "
           "forest: strong classifiers often gain little or nothing from balancing (Elor & Averbuch-Elor, 2022, "
           "found it helps weak classifiers most). A \"best k\" among scores within each other's spread is no best "
           "k at all."),
    Lesson("variants", "Variants side by side", "compare",
           ViewState(dataset="overlap", k=5, variants=("smote", "smote_enn", "safe_level", "geometric")),
           "The same data, k and seed, four ideas: SMOTE on segments; SMOTE + ENN, which cleans afterwards; "
           "Safe-Level-SMOTE, which leans each new point toward the safer of its two rows; Geometric SMOTE, which "
           "fills a region around each sample. Where does each put its points, and what does the cleaner remove?"),
    Lesson("high-dimensions", "SMOTE in high dimensions", "learn",
           ViewState(dataset="breast_cancer", k=5, seed=0, dims=True),
           "Scroll down to the four charts: the same tumours padded with 10, 50 and 200 features of pure noise. As "
           "noise is added, a sample's nearest neighbour ends up almost as far as its farthest, SMOTE's 5 neighbours "
           "are soon other ones, its new points keep less of the minority's variance, and k-NN's cross-validated F1 "
           "with SMOTE falls below no resampling: in high dimensions SMOTE shrinks the minority's spread and biases "
           "k-NN towards it (Blagus & Lusa, BMC Bioinformatics 2013). Change k or the seed: which differences are "
           "larger than the error bars?"),
)


def lesson_named(name: str | None) -> Lesson | None:
    """The ready-made lesson called ``name`` (``lesson=<name>`` in a link), or None."""
    return next((ready for ready in LESSONS if name is not None and ready.name == name), None)


def lesson_task(name: str | None) -> str | None:
    """What a lesson link asks the student to do, as Markdown for the page it opens; None for no such lesson."""
    ready = lesson_named(name)
    return None if ready is None else f"**Lesson: {ready.title}.** {ready.task}"
