"""The high-dimensions lesson drawn: four small charts against the number of noise features, and what they say.

:func:`dimensions_figure` draws :func:`smote_core.analysis.dimensions.high_dimension_study`'s table; the text
with its numbers is :func:`dimensions_summary`. Plain plotly, sized for a classroom projector (1280×720).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .._validation import SmoteError
from ..analysis.dimensions import RANDOM_NEIGHBOUR_VARIANCE
from ..analysis.evaluation import CLASSIFIER_LABELS, METRICS
from .figures import PALETTE

__all__ = ["PANELS", "dimensions_caption", "dimensions_figure", "dimensions_summary"]

#: The four charts' titles, in reading order (left to right, then the second row).
PANELS = (
    "Nearest ÷ farthest neighbour distance",
    "Share of the nearest neighbours kept",
    "Variance of SMOTE's new points ÷ the minority's",
    "Cross-validated score",
)
MEASURED = PALETTE[0]  # blue: what is measured, and the scores with SMOTE
BASELINE = "#555555"  # grey: no resampling, and the reference lines (as on Tune k)
FONT = 15
INK = "#262730"  # titles and labels: dark, for a projector (Streamlit's theme would draw them light grey)
_NEEDED = ("noise_features", "distance_ratio", "distance_ratio_q1", "distance_ratio_q3", "overlap", "overlap_chance",
           "variance_ratio", "cv_none", "cv_none_sd", "cv_smote", "cv_smote_sd", "cv_gain", "cv_gain_sd",
           "gain_within_noise")


def _check(summary) -> pd.DataFrame:
    if not isinstance(summary, pd.DataFrame) or any(c not in summary.columns for c in _NEEDED) or summary.empty:
        raise SmoteError("pass the table that smote_core.analysis.dimensions.high_dimension_study returned.")
    return summary.sort_values("noise_features", kind="stable").reset_index(drop=True)


def _score_name(summary: pd.DataFrame) -> str:
    """The score's name inside a sentence: "minority F1", "balanced accuracy", "PR-AUC …" (acronyms kept)."""
    name = METRICS.get(summary.attrs.get("metric", "f1"), "score")
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def dimensions_figure(summary: pd.DataFrame, *, height: int = 600) -> go.Figure:
    """Four charts against the number of noise features added (the x axis lists the levels, evenly spaced):

    1. the median nearest ÷ farthest distance ratio with its quartiles, and the line at 1 it approaches;
    2. the share of each minority sample's k nearest neighbours that are the same as without noise, and the share a
       random choice would keep;
    3. the variance of SMOTE's new points in the original features ÷ the minority's, with the line at 1 (no
       change) and at 2/3 (a neighbour picked at random);
    4. the cross-validated score with SMOTE and without resampling, ± one standard deviation over the folds.

    Parameters
    ----------
    summary : pandas.DataFrame
        :func:`~smote_core.analysis.dimensions.high_dimension_study`'s table.
    height : int, default=600

    Returns
    -------
    plotly.graph_objects.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> row = dict(distance_ratio=0.2, distance_ratio_q1=0.1, distance_ratio_q3=0.3, overlap=1.0,
    ...            overlap_chance=0.05, variance_ratio=0.8, cv_none=0.8, cv_none_sd=0.02, cv_smote=0.82,
    ...            cv_smote_sd=0.03, cv_gain=0.02, cv_gain_sd=0.02, gain_within_noise=False)
    >>> table = pd.DataFrame([{**row, "noise_features": 0}, {**row, "noise_features": 50, "overlap": 0.3}])
    >>> [t.name for t in dimensions_figure(table).data]
    ['nearest ÷ farthest (median)', 'neighbours kept', 'variance ratio', 'no resampling', 'with SMOTE']
    """
    from plotly.subplots import make_subplots

    s = _check(summary)
    x = [str(int(m)) for m in s["noise_features"]]
    k = summary.attrs.get("k")
    titles = list(PANELS)
    titles[1] = f"Share of the {k} nearest neighbours kept" if k else PANELS[1]
    titles[3] = f"Cross-validated {_score_name(summary)}"
    fig = make_subplots(rows=2, cols=2, subplot_titles=titles, horizontal_spacing=0.12, vertical_spacing=0.2)
    line = dict(color=MEASURED, width=3)
    marker = dict(color=MEASURED, size=10)

    ratio = s["distance_ratio"].to_numpy()
    fig.add_trace(go.Scatter(
        x=x, y=ratio, mode="lines+markers", name="nearest ÷ farthest (median)", line=line, marker=marker,
        showlegend=False,
        error_y=dict(type="data", symmetric=False, array=s["distance_ratio_q3"].to_numpy() - ratio,
                     arrayminus=ratio - s["distance_ratio_q1"].to_numpy(), color=MEASURED, thickness=2, width=6),
        hovertemplate="%{x} noise features<br>median ratio %{y:.2f} (bars: quartiles)<extra></extra>"), row=1, col=1)
    fig.add_hline(y=1, line=dict(color=BASELINE, dash="dash", width=2), row=1, col=1,
                  annotation_text="1: every neighbour as far", annotation_position="bottom right",
                  annotation_font=dict(size=14, color=BASELINE))

    fig.add_trace(go.Scatter(
        x=x, y=s["overlap"], mode="lines+markers", name="neighbours kept", line=line, marker=marker,
        showlegend=False, hovertemplate="%{x} noise features<br>%{y:.0%} of them the same<extra></extra>"),
        row=1, col=2)
    chance = float(s["overlap_chance"].iloc[0])
    fig.add_hline(y=chance, line=dict(color=BASELINE, dash="dash", width=2), row=1, col=2,
                  annotation_text=f"by chance: {chance:.0%}", annotation_position="top left",
                  annotation_font=dict(size=14, color=BASELINE))

    fig.add_trace(go.Scatter(
        x=x, y=s["variance_ratio"], mode="lines+markers", name="variance ratio", line=line, marker=marker,
        showlegend=False, hovertemplate="%{x} noise features<br>new points keep %{y:.0%} of the variance"
                                        "<extra></extra>"), row=2, col=1)
    fig.add_hline(y=1, line=dict(color=BASELINE, dash="dash", width=2), row=2, col=1,
                  annotation_text="1: no change", annotation_position="bottom right",
                  annotation_font=dict(size=14, color=BASELINE))
    fig.add_hline(y=RANDOM_NEIGHBOUR_VARIANCE, line=dict(color=BASELINE, dash="dot", width=2), row=2, col=1,
                  annotation_text="2/3: neighbour picked at random", annotation_position="bottom left",
                  annotation_font=dict(size=14, color=BASELINE))

    fig.add_trace(go.Scatter(
        x=x, y=s["cv_none"], mode="lines+markers", name="no resampling",
        line=dict(color=BASELINE, width=3, dash="dash"), marker=dict(color=BASELINE, size=10, symbol="square"),
        error_y=dict(type="data", array=s["cv_none_sd"].fillna(0).to_numpy(), color=BASELINE, thickness=2, width=6),
        hovertemplate="%{x} noise features<br>no resampling %{y:.3f}<extra></extra>"), row=2, col=2)
    fig.add_trace(go.Scatter(
        x=x, y=s["cv_smote"], mode="lines+markers", name="with SMOTE", line=line, marker=marker,
        error_y=dict(type="data", array=s["cv_smote_sd"].fillna(0).to_numpy(), color=MEASURED, thickness=2, width=6),
        hovertemplate="%{x} noise features<br>with SMOTE %{y:.3f}<extra></extra>"), row=2, col=2)

    low = float(np.nanmin(np.r_[s["cv_none"] - s["cv_none_sd"].fillna(0), s["cv_smote"] - s["cv_smote_sd"].fillna(0)]))
    fig.update_yaxes(range=[0, 1.05], row=1, col=1, title_text="ratio")
    fig.update_yaxes(range=[0, 1.05], row=1, col=2, title_text="same as with no noise", tickformat=".0%")
    top = max(1.05, float(s["variance_ratio"].max()) + 0.05)
    bottom = min(0.5, float(s["variance_ratio"].min()) - 0.05)
    fig.update_yaxes(range=[bottom, top], row=2, col=1, title_text="ratio")
    fig.update_yaxes(range=[max(0.0, min(low, 0.9) - 0.05), 1.02], row=2, col=2, title_text="mean ± sd over folds")
    for row in (1, 2):
        for col in (1, 2):
            fig.update_xaxes(type="category", title_text="noise features added", row=row, col=col,
                             title_font=dict(size=14, color=INK), tickfont=dict(size=14, color=INK))
            fig.update_yaxes(title_font=dict(size=14, color=INK), tickfont=dict(size=14, color=INK), row=row,
                             col=col)
    for title in titles:
        fig.update_annotations(selector=dict(text=title), font=dict(size=16, color=INK))
    fig.update_layout(height=height, font=dict(size=FONT, color=INK), margin=dict(l=10, r=10, t=40, b=20),
                      legend=dict(orientation="h", yanchor="top", y=-0.125, xanchor="right", x=1,
                                  font=dict(size=15, color=INK),
                                  title=dict(text="Scores:", side="left", font=dict(size=15, color=INK))),
                      hovermode="closest", uirevision="dimensions")
    return fig


def _gain_words(row, sampler: str = "SMOTE") -> str:
    gain, sd = float(row["cv_gain"]), float(np.nan_to_num(row["cv_gain_sd"]))
    if bool(row["gain_within_noise"]):
        shown = "0.000" if abs(gain) < 5e-4 else f"{gain:+.3f}"
        return f"{sampler} makes no difference the folds can tell ({shown} ± {sd:.3f})"
    if gain > 0:
        return f"{sampler} raises it by {gain:.3f} (± {sd:.3f} over the folds)"
    return f"{sampler} lowers it by {-gain:.3f} (± {sd:.3f} over the folds)"


def dimensions_summary(summary: pd.DataFrame) -> str:
    """What the charts show, with the study's own numbers, as Markdown: the data without added features against
    the most noise features added.

    Examples
    --------
    >>> import pandas as pd
    >>> row = dict(distance_ratio=0.2, distance_ratio_q1=0.1, distance_ratio_q3=0.3, overlap=1.0,
    ...            overlap_chance=0.05, variance_ratio=0.8, cv_none=0.8, cv_none_sd=0.02, cv_smote=0.82,
    ...            cv_smote_sd=0.03, cv_gain=0.02, cv_gain_sd=0.01, gain_within_noise=False)
    >>> table = pd.DataFrame([{**row, "noise_features": 0},
    ...                       {**row, "noise_features": 200, "distance_ratio": 0.9, "overlap": 0.1}])
    >>> "with 200 noise features the nearest is 0.90 as far" in dimensions_summary(table)
    True
    """
    s = _check(summary)
    first, last = s.iloc[0], s.iloc[-1]
    m0, m1 = int(first["noise_features"]), int(last["noise_features"])
    k = summary.attrs.get("k")
    none = "no added features" if m0 == 0 else f"{m0} noise features"
    many = f"{m1} noise features"
    score = _score_name(summary)
    score = score[:1].upper() + score[1:]
    clf = CLASSIFIER_LABELS.get(summary.attrs.get("classifier"), summary.attrs.get("classifier") or "the classifier")
    clf = clf[:1].lower() + clf[1:] if clf[1:2].islower() else clf
    folds = int(s["n_folds"].iloc[0]) if "n_folds" in s.columns else summary.attrs.get("folds")
    over = f"cross-validated over {folds} folds" if folds else "cross-validated"
    neighbours = f"{k} nearest neighbours" if k else "nearest neighbours"
    parts = [
        f"**Distances bunch up.** With {none} a minority sample's nearest neighbour is "
        f"{first['distance_ratio']:.2f} as far as its farthest (median); with {many} the nearest is "
        f"{last['distance_ratio']:.2f} as far: near and far stop meaning much.",
        f"**Neighbours become arbitrary.** With {many} only {last['overlap']:.0%} of each sample's {neighbours} are "
        f"still the ones it had without noise (a random pick would keep {last['overlap_chance']:.0%}).",
        f"**The new points shrink towards the middle.** SMOTE's new points keep {first['variance_ratio']:.0%} of the "
        f"minority's variance in the original features with {none}, {last['variance_ratio']:.0%} with {many} "
        f"(a neighbour picked at random gives 2/3: Blagus & Lusa, 2013).",
        f"**And the classifier?** {score} of {clf}, {over}: with {none} {first['cv_none']:.3f} without "
        f"resampling and {first['cv_smote']:.3f} with SMOTE — {_gain_words(first)}; with {many} "
        f"{last['cv_none']:.3f} and {last['cv_smote']:.3f} — {_gain_words(last)}.",
    ]
    return "\n\n".join(parts)


def dimensions_caption(summary: pd.DataFrame) -> str:
    """How the study was made, in one line for under the charts: rows, minority, k, seed, classifier, folds.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"noise_features": [0, 10]})
    >>> table.attrs.update(rows=2000, rows_total=10000, positive_class="rare", minority_rows=200, k=5, seed=0,
    ...                    classifier="knn", folds=5, original_features=2)
    >>> dimensions_caption(table).split(";")[0]
    'A sample of 2,000 of the 10,000 rows (each class keeping its share), 2 features'
    """
    a = summary.attrs
    rows, total = int(a.get("rows", 0)), int(a.get("rows_total", 0))
    head = (f"A sample of {rows:,} of the {total:,} rows (each class keeping its share)" if rows < total
            else f"All {rows:,} rows")
    clf = CLASSIFIER_LABELS.get(a.get("classifier"), a.get("classifier"))
    return (f"{head}, {a.get('original_features')} features; minority: {a.get('positive_class')} "
            f"({a.get('minority_rows'):,} rows); k = {a.get('k')}, seed {a.get('seed')}. Noise: standard normal "
            f"columns, the features z-scored so that every column weighs the same. Scores: {clf}, "
            f"{a.get('folds')}-fold stratified cross-validation with SMOTE inside each training fold only (ratio 1). "
            "The variance is measured on 2,000 synthetic points, in the original features only.")
