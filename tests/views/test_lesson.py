"""The Learn page's engine: step views, positions from links, the lesson figure."""

import numpy as np
import pytest

from smote_core.views import explore, lesson
from smote_core.data import prepare
from smote_core.views.lesson import STEPS


def _result():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(0, 1, (40, 2)), rng.normal(3, 0.5, (8, 2))])
    y = np.array(["maj"] * 40 + ["min"] * 8)
    return explore.resample(X, y, k=3, ratio=1.0, seed=0)


def test_step_view_matches_provenance_and_a_hand_set_lambda_moves_along_the_segment():
    res = _result()
    v = lesson.step_view(res, 5, 4)
    p = res.provenance.iloc[5]
    assert (v.parent, v.neighbor, v.gap) == (p["parent"], p["neighbor"], p["gap"])
    assert np.array_equal(v.x_new, res.X_syn[5]) and v.neighbor in v.knn and len(v.knn) == 3
    for lam in (0.0, 0.25, 1.0):
        w = lesson.step_view(res, 5, 5, gap=lam)
        assert np.allclose(w.x_new, w.x + lam * (w.x_nn - w.x))
    assert np.array_equal(lesson.step_view(res, 5, 5, gap=0.0).x_new, res.X[v.parent])


def test_each_step_adds_its_layer():
    res = _result()
    names = []
    for step in range(1, 6):
        v = lesson.step_view(res, 0, step)
        fig = lesson.lesson_figure(res.X, res.y, np.empty((0, 2)), v, v.x_new, classes=["maj", "min"])
        names.append({t.name or "" for t in fig.data})
    assert "x (picked sample)" in names[0] and not any("nearest" in n for n in names[0])
    assert any("nearest neighbours" in n for n in names[1]) and "segment x → x_nn" not in names[1]
    assert "segment x → x_nn" in names[2] and not any(n.startswith("x_new") for n in names[2])
    assert any(n.startswith("x_new") for n in names[3])
    for step in range(1, 6):
        assert lesson.step_view(res, 0, step).explanation(3, "min")


def test_read_position_and_advance():
    assert lesson.read_position({"sample": "3", "step": "2"}, 10) == (3, 2, [])
    sample, step, warnings = lesson.read_position({"sample": "99", "step": "x"}, 10)
    assert (sample, step) == (0, 1) and len(warnings) == 2
    assert lesson.advance(0, 1, 10) == (0, 2)
    assert lesson.advance(0, len(STEPS), 10) == (1, 1)
    assert lesson.advance(9, len(STEPS), 10) == (0, 1)


@pytest.mark.parametrize("step", [1, 5])
def test_figure_axes_have_equal_scale(step):
    res = _result()
    v = lesson.step_view(res, 0, step)
    fig = lesson.lesson_figure(res.X, res.y, res.X_syn[:0], v, v.x_new, classes=["maj", "min"], axis_labels=("a", "b"))
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.title.text == "b"
