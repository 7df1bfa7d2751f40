"""The Learn page's engine: step views, positions from links, the lesson figure."""

import numpy as np
import pytest

from smote_core.views import explore, lesson
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


# The lesson links as they were published before lessons were views: they must keep opening the same lesson.
OLD_LINKS = {
    "What k does": {"dataset": "moons", "k": "1", "seed": "0", "projection": "raw",
                    "hide": "dataset,variant,projection"},
    "Noise and overlap": {"dataset": "overlap", "k": "5", "seed": "0", "projection": "raw",
                          "hide": "dataset,projection"},
    "One point, step by step": {"dataset": "blobs", "k": "3", "seed": "0", "sample": "0", "step": "1"},
    "Why not resample before cross-validation": {"dataset": "overlap", "leaky": "1"},
    "Variants side by side": {"dataset": "overlap", "k": "5", "variants": "smote,smote_tomek,smote_enn"},
}


def test_a_lesson_is_a_page_and_a_view_and_old_lesson_links_open_the_same_view():
    from smote_core.views.view_state import from_query

    datasets = ("moons", "overlap", "blobs")
    assert [ready.title for ready in lesson.LESSONS] == list(OLD_LINKS)
    for ready in lesson.LESSONS:
        assert ready.page in ("explore", "learn", "tune", "compare")
        new, warnings = from_query(ready.query(), datasets)
        old, old_warnings = from_query(OLD_LINKS[ready.title], datasets)
        assert new == old == ready.view and not warnings and not old_warnings


def test_explanations_quote_labels_as_given():
    res = _result()
    for step in range(1, 6):
        text = lesson.step_view(res, 0, step).explanation(3, "{odd} %s")
        assert "{" not in text.replace("{odd}", "")
    assert "**{odd} %s**" in lesson.step_view(res, 0, 1).explanation(3, "{odd} %s")
    assert "**λ = " in lesson.step_view(res, 0, 4).explanation(3, "min")
