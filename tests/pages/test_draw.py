"""The Draw page through Streamlit's AppTest: empty, from a toy, Undo and Clear, the drawing in the address, and a
``dataset=drawn:<code>`` link opening the same points on every page."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _app, _arr, _figure, _no_exceptions
from smote_core.data import drawn

XY = np.array([[-1.5, -1.0], [-1.0, -0.5], [-0.5, -1.2], [0.0, 0.0], [0.4, 0.3], [1.0, -0.2], [-0.2, 0.8],
               [-1.2, 0.6], [0.8, 1.1], [-0.7, 0.2], [1.6, 1.6], [1.8, 1.2], [2.1, 1.5], [1.5, 2.0], [2.0, 2.2],
               [2.3, 1.9], [1.7, 2.4]])
MINORITY = np.array([False] * 10 + [True] * 7)
NAME = drawn.PREFIX + drawn.encode(XY, MINORITY)


def _q(at, name):
    return str(at.query_params[name]).strip("[]'") if name in at.query_params else None


def _draw(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({k: str(v) for k, v in query.items()})
    at.switch_page("pages/draw.py").run()
    _no_exceptions(at)
    return at


def _canvas(at) -> tuple[np.ndarray, np.ndarray]:
    """The canvas' points as drawn: (xy, minority), majority first (the traces' order)."""
    fig = _figure(at)
    maj, mino, grid = fig["data"][:3]
    assert grid["name"] == "click grid" and grid["marker"]["opacity"] == 0
    xy = [np.column_stack([_arr(t["x"]), _arr(t["y"])]) if "x" in t else np.empty((0, 2)) for t in (maj, mino)]
    return np.vstack(xy).reshape(-1, 2), np.repeat([False, True], [len(xy[0]), len(xy[1])])


def test_the_page_opens_empty_with_a_fixed_canvas_and_says_what_smote_needs():
    at = _draw()
    xy, _ = _canvas(at)
    assert len(xy) == 0
    layout = _figure(at)["layout"]
    assert layout["dragmode"] == "select"
    assert layout["xaxis"]["range"] == [-3, 3] and layout["yaxis"]["range"] == [-3, 3]
    assert layout["xaxis"]["fixedrange"] and layout["uirevision"]
    assert any("k + 1 = 6" in i.value for i in at.info)  # k = 5
    assert not (_q(at, "dataset") or "").startswith(drawn.PREFIX)  # nothing drawn: the link carries no drawing
    assert "d_explore" not in [b.key for b in at.button]  # nothing to explore yet


def test_starting_from_a_toy_undo_and_clear():
    at = _draw()
    at.selectbox(key="d_start").set_value("moons").run()
    at.button(key="d_start_now").click().run()
    _no_exceptions(at)
    xy, minority = _canvas(at)
    toy_xy, toy_min = drawn.from_toy("moons")
    assert len(xy) == len(toy_xy) <= 200 and minority.sum() == toy_min.sum()
    assert set(map(tuple, xy)) == set(map(tuple, toy_xy))
    dataset = _q(at, "dataset")
    assert dataset.startswith(drawn.PREFIX) and np.array_equal(drawn.decode(drawn.code_of(dataset))[0], toy_xy)
    assert _q(at, "projection") == "raw" and (_q(at, "fx"), _q(at, "fy")) == ("x", "y")
    assert "d_explore" in [b.key for b in at.button] and not at.info  # ready: nothing more to draw
    at.button(key="d_clear").click().run()
    assert len(_canvas(at)[0]) == 0 and not _q(at, "dataset").startswith(drawn.PREFIX)
    at.button(key="d_undo").click().run()  # Clear undone: the toy again
    assert len(_canvas(at)[0]) == len(toy_xy) and _q(at, "dataset") == dataset
    at.button(key="d_undo").click().run()  # the start undone: empty
    assert len(_canvas(at)[0]) == 0
    assert at.button(key="d_undo").disabled


def test_a_drawn_link_opens_its_points_on_draw_and_survives_a_reload():
    for _ in range(2):  # a second, fresh session: the reload (the address alone carries the drawing)
        at = _draw(dataset=NAME)
        xy, minority = _canvas(at)
        assert sorted(map(tuple, xy)) == sorted(map(tuple, XY)) and minority.sum() == 7
        assert _q(at, "dataset") == NAME
        assert [m.value for m in at.metric] == ["10", "7"]


def test_explore_opened_on_a_drawn_link_shows_those_points():
    at = _app(dataset=NAME, projection="raw", fx="x", fy="y", k=3)
    _no_exceptions(at)
    picker = at.selectbox(key="w_dataset")
    assert picker.value == NAME and "Drawn: 17 points (7 minority)" in picker.options  # AppTest lists the titles
    fig = _figure(at)
    originals = {t["name"]: np.column_stack([_arr(t["x"]), _arr(t["y"])]) for t in fig["data"]
                 if "(original)" in t.get("name", "")}
    # the raw-feature view draws the drawing's own coordinates (sent as float32)
    assert np.allclose(originals["majority (original)"], XY[~MINORITY], atol=1e-6)
    assert np.allclose(originals["minority (original)"], XY[MINORITY], atol=1e-6)
    counts = at.dataframe[0].value
    assert counts.loc["minority", "before"] == 7 and counts.loc["minority", "after"] == 10


def test_after_drawing_the_navigation_to_explore_shows_the_drawing():
    at = _draw()
    at.selectbox(key="d_start").set_value("blobs").run()
    at.button(key="d_start_now").click().run()
    name = _q(at, "dataset")
    at.query_params.clear()  # the sidebar's navigation: no query string, the session's view
    at.switch_page("pages/explore.py").run()
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value == name
    assert _q(at, "dataset") == name


@pytest.mark.parametrize("page", ["pages/learn.py", "pages/compare.py", "pages/tune.py", "pages/export.py"])
def test_every_page_opens_a_drawing(page):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"dataset": NAME, "k": "3"})
    at.switch_page(page).run()
    _no_exceptions(at)
    assert _q(at, "dataset") == NAME
    pickers = [s for s in at.selectbox if "Drawn: 17 points (7 minority)" in s.options]  # AppTest lists titles
    if page == "pages/export.py":  # no picker: the page names the data
        assert any("Drawn\\: 17 points" in m.value for m in at.markdown)
    else:
        assert pickers and pickers[0].value == NAME


@pytest.mark.parametrize("code, says", [("AAAA", "damaged"), ("abc$", "characters other than"),
                                        ("A" * 2000, "too long")])
def test_a_bad_drawn_link_falls_back_with_a_warning(code, says):
    at = _app(dataset=drawn.PREFIX + code)
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value == "moons"
    warnings = " ".join(w.value for w in at.warning)
    assert "Ignored dataset=" in warnings and says in warnings and "Draw" in warnings
    at = _draw(dataset=drawn.PREFIX + code)
    assert len(_canvas(at)[0]) == 0 and any(says in w.value for w in at.warning)


def test_too_few_minority_points_are_said_on_draw_and_handled_on_explore():
    few = drawn.PREFIX + drawn.encode(XY[:12], MINORITY[:12])  # 2 minority points
    at = _draw(dataset=few, k=3)
    assert any("k + 1 = 4 minority points: draw 2 more" in i.value for i in at.info)
    assert "d_explore" in [b.key for b in at.button]  # SMOTE runs, with k lowered
    at = _app(dataset=few, k=3)
    _no_exceptions(at)
    assert any("k lowered to 1" in i.value for i in at.info)
    one = drawn.PREFIX + drawn.encode(XY[:11], MINORITY[:11])  # 1 minority point: nothing to interpolate towards
    at = _draw(dataset=one, k=3)
    assert any("at least 2 minority points" in i.value for i in at.info)
    assert "d_explore" not in [b.key for b in at.button]
    for query in ({"dataset": one}, {}):  # a link, then the navigation from Draw (the session's view)
        at.query_params.clear()
        at.query_params.update(query)
        at.switch_page("pages/explore.py").run()
        _no_exceptions(at)  # Explore says what is wrong and shows a built-in
        assert at.selectbox(key="w_dataset").value == "moons"
        assert any("11 points (1 minority)" in w.value and "Add points on Draw" in w.value for w in at.warning)
        assert all("Drawn" not in o for o in at.selectbox(key="w_dataset").options)  # not offered yet
        at.switch_page("pages/draw.py").run()
        assert len(_canvas(at)[0]) == 11  # still there to grow


def test_the_share_link_carries_the_drawing():
    at = _draw(dataset=NAME)
    code = " ".join(c.value for c in at.code)
    assert "/explore?" in code and "dataset=drawn%3A" + drawn.code_of(NAME) in code
