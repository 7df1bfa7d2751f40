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
    "What the classifier learns": {"dataset": "moons", "k": "5", "seed": "0", "projection": "raw",
                                   "boundary": "logreg", "hide": "dataset,projection"},
    "When does SMOTE help at all?": {"dataset": "overlap", "seed": "0"},
    "Variants side by side": {"dataset": "overlap", "k": "5", "variants": "smote,smote_enn,safe_level,geometric"},
    "SMOTE in high dimensions": {"dataset": "breast_cancer", "k": "5", "seed": "0", "dims": "1"},
}


def test_a_lesson_is_a_page_and_a_view_and_old_lesson_links_open_the_same_view():
    """Today's links add the lesson's name (its task is shown) and the Learn lesson no longer fixes sample 0 (it
    starts where x, x_nn and x_new stand apart); an old link's explicit sample=0 still opens sample 0."""
    from smote_core.views.view_state import from_query

    datasets = ("moons", "overlap", "blobs", "breast_cancer")
    assert [ready.title for ready in lesson.LESSONS] == list(OLD_LINKS)
    for ready in lesson.LESSONS:
        assert ready.page in ("explore", "learn", "tune", "compare")
        new, warnings = from_query(ready.query(), datasets)
        old, old_warnings = from_query(OLD_LINKS[ready.title], datasets)
        assert new == ready.view and not warnings and not old_warnings
        assert old.replace(sample=None) == new.replace(lesson=None)
        assert ready.query()["lesson"] == ready.name == new.lesson
    assert from_query(OLD_LINKS["One point, step by step"], datasets)[0].sample == 0


def test_every_lesson_has_a_short_slug_and_a_task_shown_by_name():
    from smote_core.views.view_state import from_query

    names = [ready.name for ready in lesson.LESSONS]
    assert len(set(names)) == len(names)
    for ready in lesson.LESSONS:
        assert ready.name == ready.name.lower() and len(ready.name) <= 20
        assert from_query({"lesson": ready.name}, ("moons",))[0].lesson == ready.name  # the URL field accepts it
        text = lesson.lesson_task(ready.name)
        assert ready.title in text and ready.task in text
        assert lesson.lesson_named(ready.name) is ready
    assert lesson.lesson_task(None) is None and lesson.lesson_task("no-such-lesson") is None


def test_explanations_quote_labels_as_given():
    res = _result()
    for step in range(1, 6):
        text = lesson.step_view(res, 0, step).explanation(3, "{odd} %s")
        assert "{" not in text.replace("{odd}", "")
    assert "**{odd} %s**" in lesson.step_view(res, 0, 1).explanation(3, "{odd} %s")
    assert "**λ = " in lesson.step_view(res, 0, 4).explanation(3, "min")


def test_with_lambda_set_by_hand_the_text_says_so_and_not_that_it_was_drawn():
    res = _result()
    drawn = lesson.step_view(res, 2, 4)
    assert "drawn uniformly" in drawn.explanation(3, "min") and not drawn.by_hand
    for step in (4, 5):
        v = lesson.step_view(res, 2, step, gap=0.8)
        text = v.explanation(3, "min")
        assert v.by_hand and v.gap == 0.8 and v.drawn == drawn.gap
        assert "drawn uniformly" not in text and "uniformly" not in text
        assert "0.800" in text
    text = lesson.step_view(res, 2, 4, gap=0.8).explanation(3, "min")
    assert "by hand" in text and f"{drawn.gap:.3f}" in text  # says what SMOTE itself drew


def test_previous_goes_back_across_samples_and_next_forward():
    n = 10
    assert lesson.back(3, 4, n) == (3, 3)
    assert lesson.back(3, 1, n) == (2, len(STEPS))  # step 1 of sample i -> the last step of sample i - 1
    assert lesson.back(0, 1, n) == (0, 1) and not lesson.can_go_back(0, 1)
    assert lesson.can_go_back(0, 2) and lesson.can_go_back(1, 1)
    position = (4, 2)
    for _ in range(3 * len(STEPS)):  # back then forward is where we were
        assert lesson.advance(*lesson.back(*position, n), n) == position
        position = lesson.back(*position, n)
    assert position == (1, 2)


def test_read_position_starts_at_the_lessons_first_sample_unless_the_link_names_one():
    assert lesson.read_position({}, 10, first=6) == (6, 1, [])
    assert lesson.read_position({"sample": None, "step": None}, 10, first=6) == (6, 1, [])
    assert lesson.read_position({"sample": "0", "step": "3"}, 10, first=6) == (0, 3, [])  # the link wins
    sample, step, warnings = lesson.read_position({"sample": "99"}, 10, first=6)
    assert (sample, step) == (6, 1) and "using 6" in warnings[0]


# ---------------------------------------------------------------------------------------------- the picture
def _moons(k=5, seed=0, method="pca"):
    from smote_core.data import datasets
    from smote_core.views import projection

    ds = datasets.load_builtin("moons")
    X, y = ds.frame[["x1", "x2"]].to_numpy(float), ds.frame[ds.target].to_numpy()
    res = explore.resample(X, y, k=k, ratio=1.0, seed=seed)
    proj = projection.fit_projection(X, method, standardize=True)
    return res, proj.embedding, proj.transform(res.X_syn)


def _cases():
    """(orig_xy, step view, x_new's place) over the first samples of a few data sets and k."""
    for k, seed in ((1, 0), (3, 1), (5, 0), (10, 2)):
        res, orig_xy, syn_xy = _moons(k, seed)
        for i in range(0, 60, 3):
            yield orig_xy, lesson.step_view(res, i, 5), syn_xy[i]
    res = _result()
    for i in range(0, res.n_synthetic, 2):
        yield res.X, lesson.step_view(res, i, 5), res.X_syn[i]


def test_the_zoom_holds_x_its_neighbours_x_nn_and_x_new_and_is_much_smaller_than_the_data():
    data_spans = []
    for orig_xy, v, new_xy in _cases():
        box = lesson.lesson_layout(orig_xy, v, new_xy).view
        assert box.contains(orig_xy[v.parent]) and box.contains(orig_xy[v.knn])
        assert box.contains(orig_xy[v.neighbor]) and box.contains(new_xy)
        assert box.width / box.height == pytest.approx(lesson.PLOT_PX[0] / lesson.PLOT_PX[1])
        # a margin: nothing it zooms to touches the edge
        inner = lesson.focus_points(orig_xy, v, new_xy)
        assert inner[:, 0].min() - box.x0 >= 0.1 * box.width * 0.5 and box.y1 - inner[:, 1].max() > 0
        data_spans.append(box.height / np.ptp(orig_xy[:, 1]))
    res, orig_xy, syn_xy = _moons(5, 0)
    v = lesson.step_view(res, lesson.first_sample(res, orig_xy, syn_xy), 5)
    box = lesson.lesson_layout(orig_xy, v, syn_xy[v.sample]).view
    assert box.width < 0.6 * np.ptp(orig_xy[:, 0])  # the default moons: zoomed in, not the whole data


def test_zoom_box_of_coinciding_points_still_has_a_size():
    box = lesson.zoom_box(np.zeros((4, 2)), aspect=2.0, min_span=0.5)
    assert box.width == pytest.approx(2 * box.height) and box.height >= 0.5 and box.contains([0, 0])
    assert lesson.zoom_box(np.ones((3, 2))).width > 0


def _check_labels(layout, orig_xy, v, new_xy):
    labels = layout.labels
    assert set(labels) == {"x", "x_nn", "x_new"}
    ppu = layout.px_per_unit
    boxes = [lab.box for lab in labels.values()]
    for i, a in enumerate(boxes):
        assert a.inside(layout.view)
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)
    for lab in labels.values():
        w, h = lesson.label_size(lab.text)
        assert lab.box.width == pytest.approx(w / ppu) and lab.box.height == pytest.approx(h / ppu)
        for name, point in (("x", orig_xy[v.parent]), ("x_nn", orig_xy[v.neighbor]), ("x_new", new_xy)):
            r = lesson.MARKER_RADIUS[name] / ppu
            assert not lab.box.overlaps(lesson.Box.around(*point, r, r)), (lab.text, "covers", name)
    return boxes


def test_labels_never_overlap_each_other_nor_cover_x_x_nn_or_x_new():
    crossing = 0
    for orig_xy, v, new_xy in _cases():
        layout = lesson.lesson_layout(orig_xy, v, new_xy)
        boxes = _check_labels(layout, orig_xy, v, new_xy)
        crossing += any(b.crosses(orig_xy[v.parent], orig_xy[v.neighbor]) for b in boxes)
    assert crossing == 0  # and none hides the segment x -> x_nn


@pytest.mark.parametrize("lam", [0.0, 0.02, 0.5, 0.98, 1.0])
def test_labels_stay_apart_when_x_new_sits_on_x_or_x_nn(lam):
    res, orig_xy, syn_xy = _moons(5, 0)
    for i in range(0, 40, 4):
        v = lesson.step_view(res, i, 5, gap=lam)
        x, x_nn = orig_xy[v.parent], orig_xy[v.neighbor]
        new_xy = x + lam * (x_nn - x)
        _check_labels(lesson.lesson_layout(orig_xy, v, new_xy), orig_xy, v, new_xy)


def test_labels_of_x_and_x_nn_stay_put_while_lambda_moves():
    res, orig_xy, _ = _moons(5, 0)
    v = lesson.step_view(res, 1, 5)
    x, x_nn = orig_xy[v.parent], orig_xy[v.neighbor]
    places = [lesson.lesson_layout(orig_xy, v, x + lam * (x_nn - x)).labels for lam in (0.2, 0.5, 0.8)]
    assert all(p["x"] == places[0]["x"] and p["x_nn"] == places[0]["x_nn"] for p in places)


def test_place_labels_falls_back_to_a_free_place_when_everything_near_is_taken():
    view = lesson.Box(0, 0, 10, 10)
    # 30 markers in a ring round the point: every near place covers one, and the labels still do not overlap
    ring = [((5 + 1.2 * np.cos(a), 5 + 1.2 * np.sin(a)), 20) for a in np.linspace(0, 2 * np.pi, 30)]
    placed = lesson.place_labels([("x", (5, 5), 10, None), ("x_nn", (5, 5), 10, None), ("x_new", (5, 5), 10, 0.0)],
                                 view, 40.0, markers=ring)
    boxes = [lab.box for lab in placed.values()]
    assert all(b.inside(view) for b in boxes)
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_the_figure_zooms_and_labels_what_each_step_shows():
    res, orig_xy, syn_xy = _moons(5, 0)
    i = lesson.first_sample(res, orig_xy, syn_xy)
    shown = []
    for step in range(1, 6):
        v = lesson.step_view(res, i, step)
        layout = lesson.lesson_layout(orig_xy, v, syn_xy[i])
        fig = lesson.lesson_figure(orig_xy, res.y, syn_xy[:i], v, syn_xy[i], classes=["majority", "minority"],
                                   layout=layout)
        assert tuple(fig.layout.xaxis.range) == (layout.view.x0, layout.view.x1)
        assert tuple(fig.layout.yaxis.range) == (layout.view.y0, layout.view.y1)
        shown.append([a.name for a in fig.layout.annotations])
        for a in fig.layout.annotations:
            assert a.font.size >= 24  # read from the back of the room
    assert shown == [["x"], ["x"], ["x", "x_nn"], ["x", "x_nn", "x_new"], ["x", "x_nn", "x_new"]]


def test_a_lesson_starts_where_x_new_stands_apart_from_x_and_x_nn():
    for k, seed in ((3, 0), (5, 0), (5, 3), (10, 1)):
        res, orig_xy, syn_xy = _moons(k, seed)
        i = lesson.first_sample(res, orig_xy, syn_xy)
        gap = float(res.provenance["gap"].iloc[i])
        assert lesson.LAMBDA_APART[0] <= gap <= lesson.LAMBDA_APART[1]
        v = lesson.step_view(res, i, 5)
        points = lesson.focus_points(orig_xy, v, syn_xy[i])
        length = np.hypot(*(orig_xy[v.neighbor] - orig_xy[v.parent]))
        assert length >= lesson.SEGMENT_SHARE * np.ptp(points, axis=0).max()
        for j in range(i):  # and it is the first such
            g = float(res.provenance["gap"].iloc[j])
            w = lesson.step_view(res, j, 5)
            ok_len = np.hypot(*(orig_xy[w.neighbor] - orig_xy[w.parent])) >= lesson.SEGMENT_SHARE * np.ptp(
                lesson.focus_points(orig_xy, w, syn_xy[j]), axis=0).max()
            assert not (lesson.LAMBDA_APART[0] <= g <= lesson.LAMBDA_APART[1] and ok_len)


def test_first_sample_without_a_good_one_takes_the_best_and_never_fails():
    res = _result()
    orig_xy, syn_xy = res.X, res.X_syn
    i = lesson.first_sample(res, orig_xy, syn_xy, lam=(2.0, 3.0))  # no λ qualifies: the best apart
    apart = [min(np.hypot(*(syn_xy[j] - orig_xy[p])), np.hypot(*(syn_xy[j] - orig_xy[q])))
             for j, (p, q) in enumerate(zip(res.provenance["parent"], res.provenance["neighbor"]))]
    assert 0 <= i < res.n_synthetic and apart[i] > 0
    assert lesson.first_sample(res, orig_xy, syn_xy, limit=1) == 0
