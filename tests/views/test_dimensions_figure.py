"""smote_core.views.dimensions: the four charts of the high-dimensions lesson, readable on a projector, and the text
that reads the study's own numbers."""

from __future__ import annotations

import numpy as np
import pytest

from smote_core import SmoteError
from smote_core.analysis.dimensions import RANDOM_NEIGHBOUR_VARIANCE, high_dimension_study
from smote_core.views.dimensions import PANELS, dimensions_figure, dimensions_summary
from smote_core.views.figures import PALETTE


@pytest.fixture(scope="module")
def summary():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (90, 4)), rng.normal(1.2, 1, (30, 4))])
    y = np.array(["common"] * 90 + ["rare"] * 30)
    return high_dimension_study(X, y, noise=(0, 10, 50, 200), k=4, folds=3)


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def _lines(fig):
    """The reference lines (layout shapes) as (y, subplot's y axis)."""
    return sorted((round(s.y0, 6), s.yref) for s in fig.layout.shapes)


def test_four_charts_against_the_noise_levels_with_the_tables_numbers(summary):
    fig = dimensions_figure(summary)
    titles = [a.text for a in fig.layout.annotations if a.yref == "paper" and a.text in
              {*PANELS, "Share of the 4 nearest neighbours kept", "Cross-validated minority F1"}]
    assert titles == [PANELS[0], "Share of the 4 nearest neighbours kept", PANELS[2],
                      "Cross-validated minority F1"]
    levels = ["0", "10", "50", "200"]
    columns = {"nearest ÷ farthest (median)": "distance_ratio", "neighbours kept": "overlap",
               "variance ratio": "variance_ratio", "no resampling": "cv_none", "with SMOTE": "cv_smote"}
    for name, column in columns.items():
        t = _trace(fig, name)
        assert list(t.x) == levels
        np.testing.assert_allclose(t.y, summary[column])
    ratio = _trace(fig, "nearest ÷ farthest (median)")
    np.testing.assert_allclose(ratio.error_y.array, summary["distance_ratio_q3"] - summary["distance_ratio"])
    np.testing.assert_allclose(ratio.error_y.arrayminus, summary["distance_ratio"] - summary["distance_ratio_q1"])
    np.testing.assert_allclose(_trace(fig, "with SMOTE").error_y.array, summary["cv_smote_sd"])
    np.testing.assert_allclose(_trace(fig, "no resampling").error_y.array, summary["cv_none_sd"])
    for axis in ("xaxis", "xaxis2", "xaxis3", "xaxis4"):
        assert fig.layout[axis].type == "category" and fig.layout[axis].title.text == "noise features added"


def test_reference_lines_at_one_chance_and_two_thirds(summary):
    fig = dimensions_figure(summary)
    chance = round(float(summary["overlap_chance"].iloc[0]), 6)
    assert _lines(fig) == sorted([(1.0, "y"), (chance, "y2"), (1.0, "y3"), (round(RANDOM_NEIGHBOUR_VARIANCE, 6), "y3")])
    words = {a.text for a in fig.layout.annotations}
    assert {"1: every neighbour as far", f"by chance: {chance:.0%}", "1: no change",
            "2/3: neighbour picked at random"} <= words


def test_readable_on_a_projector_in_the_apps_colour_blind_safe_colours(summary):
    fig = dimensions_figure(summary)
    assert fig.layout.font.size >= 13 and fig.layout.legend.font.size >= 13
    assert all(a.font.size >= 13 for a in fig.layout.annotations)
    for axis in [a for a in fig.layout if a.startswith(("xaxis", "yaxis"))]:
        assert fig.layout[axis].tickfont.size >= 13 and fig.layout[axis].title.font.size >= 13
        assert fig.layout[axis].title.text  # every axis says what it shows
    assert _trace(fig, "with SMOTE").line.color == PALETTE[0]
    assert {t.line.color for t in fig.data} <= {PALETTE[0], "#555555"}
    assert [t.name for t in fig.data if t.showlegend is not False] == ["no resampling", "with SMOTE"]
    # every point of every chart is inside its axis range
    for t in fig.data:
        axis = fig.layout["yaxis" + t.yaxis[1:]]
        assert axis.range[0] <= min(t.y) and max(t.y) <= axis.range[1], t.name


def test_the_text_reads_the_first_and_last_levels(summary):
    text = dimensions_summary(summary)
    first, last = summary.iloc[0], summary.iloc[-1]
    assert f"nearest neighbour is {first['distance_ratio']:.2f} as far as its farthest" in text
    assert f"with 200 noise features the nearest is {last['distance_ratio']:.2f} as far" in text
    assert f"only {last['overlap']:.0%} of each sample's 4 nearest neighbours" in text
    assert f"keep {first['variance_ratio']:.0%} of the minority's variance" in text
    assert f"{last['variance_ratio']:.0%} with 200 noise features" in text
    assert "Blagus & Lusa, 2013" in text
    assert f"{last['cv_none']:.3f} and {last['cv_smote']:.3f}" in text
    assert "k-nearest neighbours (k = 5), cross-validated over 3 folds" in text


def test_the_gain_is_worded_as_the_folds_allow(summary):
    table = summary.copy()
    table.loc[table.index[-1], ["cv_gain", "cv_gain_sd", "gain_within_noise"]] = [0.0002, 0.03, True]
    assert "SMOTE makes no difference the folds can tell (0.000 ± 0.030)" in dimensions_summary(table)
    table.loc[table.index[-1], ["cv_gain", "cv_gain_sd", "gain_within_noise"]] = [-0.25, 0.02, False]
    assert "SMOTE lowers it by 0.250 (± 0.020 over the folds)" in dimensions_summary(table)
    table.loc[table.index[-1], ["cv_gain", "cv_gain_sd", "gain_within_noise"]] = [0.04, 0.01, False]
    assert "SMOTE raises it by 0.040 (± 0.010 over the folds)" in dimensions_summary(table)


def test_another_metric_is_named_as_such():
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(1.5, 1, (14, 2))])
    y = np.array([0] * 40 + [1] * 14)
    table = high_dimension_study(X, y, noise=(0, 20), k=3, folds=2, metric="balanced_accuracy",
                                 classifier="logistic_regression")
    titles = {a.text for a in dimensions_figure(table).layout.annotations}
    assert "Cross-validated balanced accuracy" in titles
    assert "Balanced accuracy of logistic regression, cross-validated over 2 folds" in dimensions_summary(table)


def test_anything_but_the_studys_table_is_refused():
    import pandas as pd

    for bad in (None, pd.DataFrame({"noise_features": [0]}), [1, 2]):
        with pytest.raises(SmoteError, match="high_dimension_study"):
            dimensions_figure(bad)
        with pytest.raises(SmoteError, match="high_dimension_study"):
            dimensions_summary(bad)


def test_the_caption_says_how_the_study_was_made(summary):
    from smote_core.views.dimensions import dimensions_caption

    text = dimensions_caption(summary)
    assert text.startswith("All 120 rows, 4 features; minority: rare (30 rows); k = 4, seed 0.")
    assert "k-nearest neighbours (k = 5), 3-fold stratified cross-validation with SMOTE inside each training fold" \
        in text
