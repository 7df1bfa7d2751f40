"""Step through SMOTE one synthetic sample at a time: the text and the picture of each step (pure functions)."""

from __future__ import annotations

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

    def explanation(self, k: int, label) -> str:
        """A few sentences for the step, with the actual numbers (``label``: the parent's class, as text)."""
        text = _EXPLANATIONS[self.step - 1] if 1 <= self.step < len(_EXPLANATIONS) else _EXPLANATIONS[-1]
        return text.format(cls=str(label), k=k, parent=self.parent, neighbor=self.neighbor, gap=self.gap)


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
assert len(_EXPLANATIONS) == len(STEPS)


def step_view(result: ResampleResult, sample: int, step: int, gap: float | None = None) -> StepView:
    """The state of the lesson at ``step`` (1..5) of synthetic sample ``sample``; ``gap`` overrides λ."""
    p = result.provenance.iloc[sample]
    parent, neighbor = int(p["parent"]), int(p["neighbor"])
    lam = float(p["gap"]) if gap is None else float(gap)
    x, x_nn = result.X[parent], result.X[neighbor]
    x_new = result.X_syn[sample] if gap is None else x + lam * (x_nn - x)
    return StepView(sample=sample, step=int(step), parent=parent, neighbor=neighbor,
                    knn=neighbors_of(result, parent), gap=lam, x=x, x_nn=x_nn, x_new=x_new)


def lesson_figure(orig_xy, y, done_xy, v: StepView, new_xy, classes, axis_labels=("x", "y"),
                  uirevision="learn") -> go.Figure:
    """The picture of one step: the originals, the synthetic points made so far, and this step's layers.

    ``orig_xy``: (n, 2) originals; ``done_xy``: (m, 2) synthetic points before this one; ``new_xy``: (2,) where the
    new point lands (drawn from step 4 on, as a ghost at step 4 and solid at step 5).
    """
    colours = class_colours(classes)
    fig = go.Figure()
    for c in classes:
        mask = y == c
        fig.add_trace(go.Scattergl(x=orig_xy[mask, 0], y=orig_xy[mask, 1], mode="markers",
                                 name=f"{legend_text(c)} (original)",
                                 marker=dict(color=colours[c], size=10, opacity=0.8, line=dict(width=1, color="white")),
                                 hoverinfo="skip"))
    if len(done_xy):
        fig.add_trace(go.Scattergl(x=done_xy[:, 0], y=done_xy[:, 1], mode="markers", name="synthetic so far",
                                 marker=dict(symbol="diamond-open", size=9, color="#555555"), hoverinfo="skip"))
    px, nx = orig_xy[v.parent], orig_xy[v.neighbor]
    if v.step >= 2:
        kx, ky = segment_xy(np.repeat(px[None], len(v.knn), axis=0), orig_xy[v.knn])
        fig.add_trace(go.Scattergl(x=kx, y=ky, mode="lines", name=f"{len(v.knn)} nearest neighbours",
                                 line=dict(color=HIGHLIGHT, width=1.5, dash="dot"), hoverinfo="skip"))
        fig.add_trace(go.Scattergl(x=orig_xy[v.knn, 0], y=orig_xy[v.knn, 1], mode="markers", showlegend=False,
                                 marker=dict(size=16, color="rgba(0,0,0,0)", line=dict(width=2, color=HIGHLIGHT)),
                                 hoverinfo="skip"))
    if v.step >= 3:
        fig.add_trace(go.Scattergl(x=[px[0], nx[0]], y=[px[1], nx[1]], mode="lines", name="segment x → x_nn",
                                 line=dict(color=HIGHLIGHT, width=3), hoverinfo="skip"))
        fig.add_trace(go.Scattergl(x=[nx[0]], y=[nx[1]], mode="markers+text", name="x_nn (neighbour)",
                                 text=["x_nn"], textposition="top center",
                                 marker=dict(size=20, symbol="square-open", color=HIGHLIGHT, line=dict(width=3)),
                                 hoverinfo="skip"))
    fig.add_trace(go.Scattergl(x=[px[0]], y=[px[1]], mode="markers+text", name="x (picked sample)", text=["x"],
                             textposition="top center",
                             marker=dict(size=22, symbol="circle-open", color=HIGHLIGHT, line=dict(width=3)),
                             hoverinfo="skip"))
    if v.step >= 4:
        fig.add_trace(go.Scattergl(x=[new_xy[0]], y=[new_xy[1]], mode="markers+text",
                                 name=f"x_new (λ = {v.gap:.3f})", text=["x_new"], textposition="bottom center",
                                 marker=dict(size=16, symbol="diamond", color=HIGHLIGHT,
                                             opacity=0.35 if v.step == 4 else 1.0),
                                 hoverinfo="skip"))
    fig.update_layout(uirevision=uirevision, xaxis_title=axis_labels[0], yaxis_title=axis_labels[1], height=560,
                      yaxis=dict(scaleanchor="x", scaleratio=1),  # true distances: the k nearest look nearest
                      margin=dict(l=10, r=10, t=30, b=10), font=dict(size=15),
                      legend=dict(orientation="h", yanchor="top", y=-0.12, x=0))
    return fig


def read_position(params, n_samples: int) -> tuple[int, int, list[str]]:
    """``sample`` and ``step`` from a lesson link, checked: (sample, step, warnings)."""
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

    sample = one("sample", 0, max(0, n_samples - 1), 0)
    step = one("step", 1, len(STEPS), 1)
    return sample, step, warnings


def advance(sample: int, step: int, n_samples: int) -> tuple[int, int]:
    """The next position when playing: the next step, or step 1 of the next sample (wrapping round)."""
    if step < len(STEPS):
        return sample, step + 1
    return (sample + 1) % max(1, n_samples), 1


@dataclass(frozen=True)
class Lesson:
    """A ready-made lesson: an ordinary link to ``page`` (a page's name, e.g. ``"explore"``) showing ``view``."""

    title: str
    page: str
    view: ViewState
    what: str  # what to look for

    def query(self) -> dict[str, str]:
        """The link's query parameters."""
        return self.view.to_query()


LESSONS = (
    Lesson("What k does", "explore",
           ViewState(dataset="moons", k=1, seed=0, projection="raw", hide=("dataset", "variant", "projection")),
           "Start at k = 1: new points only join each sample to its nearest neighbour. Raise k and watch segments "
           "reach further — across the gap between the moon's tips at large k."),
    Lesson("Noise and overlap", "explore",
           ViewState(dataset="overlap", k=5, seed=0, projection="raw", hide=("dataset", "projection")),
           "Mislabelled minority points inside the majority become parents too: SMOTE spreads the noise. Then switch "
           "the sampler to SMOTE + ENN and see which rows the cleaning removes."),
    Lesson("One point, step by step", "learn", ViewState(dataset="blobs", k=3, seed=0, sample=0, step=1),
           "Press Next step five times: pick x, find its 3 neighbours, choose one, draw λ, place the new point."),
    Lesson("Why not resample before cross-validation", "tune", ViewState(dataset="overlap", leaky=True),
           "The red line resamples the whole data first, then cross-validates: synthetic copies of test rows help "
           "train the model, and the scores look better than they are. The blue line keeps SMOTE inside each "
           "training fold."),
    Lesson("Variants side by side", "compare",
           ViewState(dataset="overlap", k=5, variants=("smote", "smote_tomek", "smote_enn")),
           "The same data, k and seed: where does each sampler put its points, and what do the cleaners remove?"),
)
