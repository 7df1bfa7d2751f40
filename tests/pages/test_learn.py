"""The Learn page through Streamlit's AppTest: where a lesson starts, stepping (and back across samples), λ by hand,
the URL (the lesson, never the position), the share link, Explore's projection, a lesson link's task."""

import re

import numpy as np
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _arr, _figure, _no_exceptions


def _learn(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.switch_page("pages/learn.py").run()  # a fresh session opening the link
    _no_exceptions(at)
    return at


def _position(at) -> tuple[int, int]:
    """(sample, step) as the page shows them: sample counted from 1."""
    for m in at.markdown:
        found = re.search(r"Synthetic sample (\d+) of [\d,]+\*\* · step \*\*(\d) of 5", m.value)
        if found:
            return int(found.group(1)), int(found.group(2))
    raise AssertionError("no position on the page: " + repr([m.value for m in at.markdown]))


def _click(at, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    _no_exceptions(at)


def _share_link(at) -> str:
    return next(c.value for c in at.code if "/learn?" in c.value)


def _moons_lesson(k=5, seed=0, method="pca"):
    """The moons lesson computed without the page: the resample, the picture (standardised, as Explore's default)."""
    from smote_core.data import datasets
    from smote_core.views import explore, lesson, projection

    ds = datasets.load_builtin("moons")
    X, y = ds.frame[["x1", "x2"]].to_numpy(float), ds.frame[ds.target].to_numpy()
    res = explore.resample(X, y, k=k, ratio=1.0, seed=seed)
    proj = projection.fit_projection(X, method, standardize=True, feature_names=["x1", "x2"])
    syn_xy = proj.transform(res.X_syn)
    return res, proj, syn_xy, lesson.first_sample(res, proj.embedding, syn_xy)


def test_a_lesson_starts_where_x_new_stands_apart_and_the_picture_zooms_to_it():
    at = _learn(dataset="moons", k=5, seed=0)
    res, proj, syn_xy, first = _moons_lesson()
    assert _position(at) == (first + 1, 1)
    gap = float(res.provenance["gap"].iloc[first])
    assert 0.25 <= gap <= 0.75
    for _ in range(4):
        _click(at, "Next step")
    assert _position(at) == (first + 1, 5)
    fig = _figure(at)
    x0, x1 = fig["layout"]["xaxis"]["range"]
    y0, y1 = fig["layout"]["yaxis"]["range"]
    emb = proj.embedding
    assert (x1 - x0) < 0.6 * np.ptp(emb[:, 0])  # zoomed in on the neighbourhood, not the whole data
    p = res.provenance.iloc[first]
    for xy in (emb[int(p["parent"])], emb[int(p["neighbor"])], syn_xy[first]):
        assert x0 <= xy[0] <= x1 and y0 <= xy[1] <= y1
    labels = [a["text"] for a in fig["layout"]["annotations"]]
    assert labels == ["<b>x</b>", "<b>x_nn</b>", "<b>x_new</b>"]


def test_the_picture_is_explores_projection_with_the_same_points():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": "moons", "k": "5", "seed": "0"})
    at.run()  # Explore first: its picture of the data
    explore_fig = _figure(at)
    at.switch_page("pages/learn.py").run()
    _no_exceptions(at)
    learn_fig = _figure(at)
    for axis in ("xaxis", "yaxis"):
        assert learn_fig["layout"][axis]["title"]["text"] == explore_fig["layout"][axis]["title"]["text"]
    res, proj, syn_xy, first = _moons_lesson()
    shown = next(t for t in learn_fig["data"] if t.get("name") == "x (picked sample)")
    assert np.allclose([_arr(shown["x"])[0], _arr(shown["y"])[0]],
                       proj.embedding[int(res.provenance["parent"].iloc[first])])
    made = next(t for t in learn_fig["data"] if t.get("name") == "made before")
    assert np.allclose(np.c_[_arr(made["x"]), _arr(made["y"])], syn_xy[:first])
    # "Explore shows them all": the link opens Explore with SMOTE, this data, k, seed and ratio 1
    link = next(p.proto for p in at.get("page_link") if p.proto.page == "explore")
    query = dict(pair.split("=") for pair in link.query_string.split("&"))
    assert {k: query[k] for k in ("dataset", "variant", "k", "seed", "ratio")} == {
        "dataset": "moons", "variant": "smote", "k": "5", "seed": "0", "ratio": "1"}


def test_raw_features_picture_as_in_explore():
    at = _learn(dataset="moons", k=5, seed=0, projection="raw", fx="x2", fy="x1")
    fig = _figure(at)
    assert (fig["layout"]["xaxis"]["title"]["text"], fig["layout"]["yaxis"]["title"]["text"]) == ("x2", "x1")


def test_stepping_keeps_the_position_out_of_the_url_and_the_share_link_has_it():
    at = _learn(dataset="moons", k=5, seed=0)
    query = dict(at.query_params)
    first, _ = _position(at)
    for label in ("Next step", "Next step", "Next sample", "Previous step", "Next step"):
        _click(at, label)
        assert dict(at.query_params) == query  # nothing written while stepping: no browser-history entries
        assert "sample" not in at.query_params and "step" not in at.query_params
    assert _position(at) == (first + 1, 1)
    assert f"sample={first}&step=1" in _share_link(at)
    _click(at, "Next step")
    assert f"sample={first}&step=2" in _share_link(at)


def test_previous_goes_back_from_step_1_to_the_last_step_of_the_sample_before():
    at = _learn(dataset="moons", k=5, seed=0, sample=3, step=2)
    _click(at, "Previous step")
    assert _position(at) == (4, 1)
    _click(at, "Previous step")
    assert _position(at) == (3, 5)
    _click(at, "Previous step")
    assert _position(at) == (3, 4)
    at = _learn(dataset="moons", k=5, seed=0, sample=0, step=1)
    assert next(b for b in at.button if b.label == "Previous step").disabled  # nothing before the first step


def test_lambda_set_by_hand_is_said_so_and_moves_x_new():
    at = _learn(dataset="moons", k=5, seed=0, sample=2, step=1)
    at.toggle(key="l_by_hand").set_value(True).run()
    _no_exceptions(at)
    assert _position(at) == (3, 4)  # straight to the step that uses λ
    text = " ".join(m.value for m in at.markdown)
    assert "by hand" in text and "drawn uniformly" not in text
    at.slider(key="l_lambda").set_value(0.2).run()
    _click(at, "Next step")
    assert _position(at) == (3, 5)
    text = " ".join(m.value for m in at.markdown)
    assert "λ = 0.200" in text and "drawn uniformly" not in text
    table = at.dataframe[-1].value
    assert np.allclose(table["x_new"], table["x"] + 0.2 * (table["x_nn"] - table["x"]))
    at.toggle(key="l_by_hand").set_value(False).run()
    text = " ".join(m.value for m in at.markdown)
    assert _position(at) == (3, 5) and "by hand" not in text and "Slide λ" not in text and "λ = 0.200" not in text


def test_play_and_pause():
    at = _learn(dataset="moons", k=5, seed=0)
    _click(at, "Play")
    assert at.session_state["l_playing"] and any(b.label == "Pause" for b in at.button)
    _click(at, "Pause")
    assert not at.session_state["l_playing"] and any(b.label == "Play" for b in at.button)


def test_a_link_opens_at_its_sample_and_step_and_matches_smote():
    from smote_core import SMOTE, fraction_of_majority
    from smote_core.data import datasets

    at = _learn(dataset="blobs", k=3, seed=4, sample=7, step=5)
    assert _position(at) == (8, 5)
    assert "sample" not in at.query_params and "step" not in at.query_params
    assert "sample=7&step=5" in _share_link(at)
    ds = datasets.load_builtin("blobs")
    X, y = ds.frame[["x1", "x2"]].to_numpy(float), ds.frame["class"].to_numpy()
    sm = SMOTE(k_neighbors=3, sampling_strategy=fraction_of_majority(y, 1.0), random_state=4)
    X_res, _ = sm.fit_resample(X, y)
    table = at.dataframe[-1].value
    assert np.allclose(table["x_new"], X_res[len(X) + 7])
    assert np.allclose(table["x"], X[sm.provenance_["parent"].iloc[7]])


def test_a_bad_position_warns_once_per_value_and_starts_at_the_lessons_first_sample():
    _, _, _, first = _moons_lesson()
    for query, shown in (({"sample": "abc", "step": "9"}, ("sample=", "step=")),
                         ({"sample": "100000", "step": "0"}, ("sample=", "step="))):
        at = _learn(dataset="moons", k=5, **query)
        warnings = [w.value for w in at.warning]
        for name in shown:
            assert sum(name in w for w in warnings) == 1, warnings
        assert _position(at) == (first + 1, 1)


def test_reset_goes_back_to_where_the_lesson_started():
    at = _learn(dataset="moons", k=5, seed=0)
    start = _position(at)
    for label in ("Next sample", "Next sample", "Next step"):
        _click(at, label)
    assert _position(at) == (start[0] + 2, 2)
    _click(at, "Reset")
    assert _position(at) == start


def test_a_lesson_link_shows_its_task_and_the_ready_made_links_carry_their_names():
    from smote_core.views import lesson

    ready = lesson.lesson_named("one-point")
    at = _learn(**ready.query())
    assert any(ready.task in i.value for i in at.info)
    assert _position(at)[1] == 1
    links = {p.proto.label: p.proto.query_string for p in at.get("page_link")}
    for each in lesson.LESSONS:
        assert f"lesson={each.name}" in links[each.title]
    at = _learn(dataset="moons", lesson="no-such-lesson")
    assert not at.info
