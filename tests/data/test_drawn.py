"""Drawn datasets: the link code's exact round trip, clear refusals of bad codes, the lasso's point in polygon, the
box's points, the limits, and the drawing as a table like the toys'."""

import base64
import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from smote_core import SmoteError
from smote_core.data import drawn
from smote_core.data.datasets import TARGET, load_builtin


def _random_drawing(n, seed=0):
    rng = np.random.RandomState(seed)
    return drawn.quantize(rng.uniform(-drawn.LIMIT, drawn.LIMIT, (n, 2))), rng.rand(n) < 0.3


@pytest.mark.parametrize("n", [0, 1, 2, 7, 8, 9, 150, drawn.MAX_POINTS])
def test_round_trip_is_exact_on_the_grid(n):
    xy, minority = _random_drawing(n, seed=n)
    code = drawn.encode(xy, minority)
    back, flags = drawn.decode(code)
    assert back.shape == (n, 2) and np.array_equal(back, xy) and np.array_equal(flags, minority)
    assert code.replace("-", "").replace("_", "").isalnum() and "=" not in code  # URL-safe as it is
    assert len(code) <= drawn.MAX_CODE_CHARS


def test_a_full_drawing_fits_a_link_of_about_a_thousand_characters():
    xy, minority = _random_drawing(drawn.MAX_POINTS)
    assert 1000 < len(drawn.encode(xy, minority)) == drawn.MAX_CODE_CHARS <= 1100


@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5), st.booleans()), max_size=40))
def test_round_trip_is_within_half_a_step_of_any_point(points):
    xy = np.array([p[:2] for p in points], dtype=float).reshape(-1, 2)
    minority = np.array([p[2] for p in points], dtype=bool)
    back, flags = drawn.decode(drawn.encode(xy, minority))
    assert np.all(np.abs(back - xy) <= drawn.STEP / 2 + 1e-9)
    assert np.array_equal(flags, minority)
    assert np.array_equal(drawn.decode(drawn.encode(back, flags))[0], back)  # quantised points come back exactly


def test_the_code_is_canonical_and_order_is_kept():
    xy = np.array([[1.0, 2.0], [-1.0, 0.5]])
    a = drawn.encode(xy, [True, False])
    assert a == drawn.encode(xy + 1e-4, [True, False])  # same grid points, same code
    assert a != drawn.encode(xy[::-1], [False, True])  # order matters (it decides SMOTE's rows)
    assert drawn.content_key(a) == drawn.content_key(a) != drawn.content_key(drawn.encode(xy, [True, True]))


def test_encode_refuses_too_many_points_and_points_off_the_square():
    xy, minority = _random_drawing(drawn.MAX_POINTS + 1)
    with pytest.raises(SmoteError, match=r"at most 300 points, this one has 301: remove 1"):
        drawn.encode(xy, minority)
    with pytest.raises(SmoteError, match=r"from -5 to 5"):
        drawn.encode([[6.0, 0.0]], [True])
    with pytest.raises(SmoteError, match=r"from -5 to 5"):
        drawn.encode([[np.nan, 0.0]], [True])
    with pytest.raises(SmoteError, match=r"2 points but 1 class flags"):
        drawn.encode([[0, 0], [1, 1]], [True])


def _code(body: bytes, check: bytes | None = None) -> str:
    check = (zlib.crc32(body) & 0xFFFF).to_bytes(2, "big") if check is None else check
    return base64.urlsafe_b64encode(body + check).decode().rstrip("=")


GOOD = drawn.encode([[0.0, 0.0], [1.0, 1.0], [2.5, -2.5]], [False, True, True])


@pytest.mark.parametrize("code, says", [
    ("", "empty"),
    ("abc$def", "characters other than letters"),
    ("ünï", "characters other than letters"),
    ("A", "not base64url"),
    ("AQA", "too short"),
    (GOOD[:-3], "characters are missing or extra"),
    (GOOD + "AAAA", "characters are missing or extra"),
    (GOOD[:6] + ("B" if GOOD[6] != "B" else "C") + GOOD[7:], "checksum does not match"),
    (_code(bytes([2, 0, 0])), "format 2"),
    (_code(bytes([1, 0x0F, 0xFF])), "claims 4,095 points"),
    (_code(bytes([1, 0, 1]) + bytes([0xFF, 0xFF, 0xF8])), "outside -5 to 5"),
    (_code(bytes([1, 0, 1]) + bytes([0, 0, 1])), "stray bits"),
    ("A" * (drawn.MAX_CODE_CHARS + 1), "too long"),
])
def test_bad_codes_say_what_is_wrong_and_what_to_do(code, says):
    with pytest.raises(SmoteError, match="drawing in this link") as info:
        drawn.decode(code)
    message = str(info.value)
    assert says in message
    assert "Draw" in message and "whole link" in message  # what to do


def test_decode_refuses_what_is_not_text():
    with pytest.raises(SmoteError, match="not text"):
        drawn.decode(b"AQAA")


def test_names():
    name = drawn.PREFIX + GOOD
    assert drawn.is_drawn(name) and drawn.code_of(name) == GOOD and drawn.check_name(name) == 3
    assert not drawn.is_drawn("moons") and drawn.code_of("moons") is None and not drawn.is_drawn(None)
    with pytest.raises(SmoteError, match="not a drawing"):
        drawn.check_name("moons")
    with pytest.raises(SmoteError, match="damaged"):
        drawn.check_name("drawn:%%%")


def test_the_frame_is_like_a_toys():
    xy, minority = drawn.decode(GOOD)
    frame = drawn.drawn_frame(xy, minority)
    toy = load_builtin("moons").frame
    assert frame.columns.tolist() == ["x", "y", TARGET]
    assert set(frame[TARGET]) == set(toy[TARGET]) == {"majority", "minority"}
    assert frame[TARGET].tolist() == ["majority", "minority", "minority"]
    assert frame["x"].dtype == np.float64 and frame[["x", "y"]].to_numpy().tolist() == xy.tolist()
    assert drawn.title(xy, minority) == "Drawn: 3 points (2 minority)"
    assert drawn.title(xy[:1], minority[:1]) == "Drawn: 1 point (0 minority)"


@pytest.mark.parametrize("toy", ["moons", "blobs", "circles", "overlap"])
def test_a_drawing_can_start_from_each_toy(toy):
    xy, minority = drawn.from_toy(toy)
    assert 0 < len(xy) <= 200 and minority.sum() >= 6  # enough minority for k = 5
    assert np.abs(xy).max() <= drawn.LIMIT
    back, flags = drawn.decode(drawn.encode(xy, minority))
    assert np.array_equal(back, xy) and np.array_equal(flags, minority)


def test_only_toys_start_a_drawing():
    with pytest.raises(SmoteError, match="2-D toy only"):
        drawn.from_toy("wine")


# ---------------------------------------------------------------------------------------------- editing
def test_point_in_polygon_square_triangle_and_concave():
    square = ([0, 2, 2, 0], [0, 0, 2, 2])
    pts = [[1, 1], [3, 1], [-0.5, 1], [1, 2.5], [1.999, 0.001]]
    assert drawn.points_in_polygon(pts, *square).tolist() == [True, False, False, False, True]
    triangle = ([0, 4, 0], [0, 0, 4])
    assert drawn.points_in_polygon([[1, 1], [3, 3], [0.5, 3]], *triangle).tolist() == [True, False, True]
    # a "U": the notch between the arms is outside
    u = ([0, 3, 3, 2, 2, 1, 1, 0], [0, 0, 3, 3, 1, 1, 3, 3])
    assert drawn.points_in_polygon([[0.5, 2], [1.5, 2], [2.5, 2], [1.5, 0.5]], *u).tolist() == [
        True, False, True, True]
    assert drawn.points_in_polygon([[0, 0]], [0, 1], [0, 1]).tolist() == [False]  # not a polygon
    assert drawn.points_in_polygon(np.empty((0, 2)), *square).shape == (0,)


def test_point_in_polygon_matches_a_dense_check_on_a_circle():
    t = np.linspace(0, 2 * np.pi, 200, endpoint=False)
    xs, ys = 2 * np.cos(t), 2 * np.sin(t)
    pts = np.random.RandomState(1).uniform(-3, 3, (2000, 2))
    r = np.hypot(pts[:, 0], pts[:, 1])
    clear = np.abs(r - 2) > 0.01  # away from the edge, where the 200-gon and the circle differ
    assert np.array_equal(drawn.points_in_polygon(pts, xs, ys)[clear], (r < 2)[clear])


def test_remove_inside_keeps_order_and_counts():
    xy = np.array([[0.0, 0.0], [1.0, 1.0], [-2.0, 2.0], [0.5, 0.2]])
    minority = np.array([True, False, True, False])
    kept, flags, removed = drawn.remove_inside(xy, minority, [-0.2, 0.8, 0.8, -0.2], [-0.2, -0.2, 0.5, 0.5])
    assert removed == 2 and kept.tolist() == [[1.0, 1.0], [-2.0, 2.0]] and flags.tolist() == [False, True]


def test_a_tiny_box_adds_its_centre_and_a_large_one_scatters_points_inside_it():
    one = drawn.box_points((0.32, 0.28), (-1.0, -0.96), small=0.3, spray=5)
    assert one.tolist() == [[0.3, -0.98]]
    many = drawn.box_points((-1, 1), (0, 2), small=0.3, spray=7, seed=3)
    assert many.shape == (7, 2) and len(np.unique(many, axis=0)) == 7
    assert (many[:, 0] >= -1).all() and (many[:, 0] <= 1).all() and (many[:, 1] >= 0).all() and (many[:, 1] <= 2).all()
    assert np.array_equal(many, drawn.box_points((1, -1), (2, 0), small=0.3, spray=7, seed=3))  # seeded
    assert drawn.box_points((-1, 1), (0, 2), small=0.3, spray=1).tolist() == [[0.0, 1.0]]
    with pytest.raises(SmoteError, match="drag it again"):
        drawn.box_points((np.nan, 1), (0, 1), small=0.3, spray=5)


def test_adding_stops_at_the_limit_with_a_clear_note():
    xy, minority = _random_drawing(drawn.MAX_POINTS - 2)
    more = np.array([[0.0, 0.0], [0.1, 0.1], [0.2, 0.2]])
    xy2, minority2, note = drawn.add_points(xy, minority, more, True)
    assert len(xy2) == drawn.MAX_POINTS and minority2[-2:].all() and "only 2 of these 3 were added" in note
    _, _, note = drawn.add_points(xy2, minority2, more[:1], False)
    assert "no point was added" in note and "lasso" in note
    xy3, minority3, note = drawn.add_points(np.empty((0, 2)), [], [[0.123, 9]], False)
    assert note is None and xy3.tolist() == [[0.12, 5.0]] and minority3.tolist() == [False]


def test_canvas_range_holds_every_point_with_room_and_never_jumps_when_points_are_added():
    assert drawn.canvas_range(np.empty((0, 2))) == ((-3.0, 3.0), (-3.0, 3.0))
    xy = np.array([[4.2, -0.5], [0.0, -3.7]])
    xr, yr = drawn.canvas_range(xy)
    assert xr == (-3.0, 5.0) and yr == (-4.0, 3.0)
    for corner in ([4.99, -3.99], [-3.5, 3.5], [0, 0]):  # a click anywhere, even past an edge
        new = drawn.keep_inside([corner], xy)
        assert drawn.canvas_range(np.vstack([xy, new])) == (xr, yr), corner
    assert drawn.keep_inside([[4.99, -3.99]], xy).tolist() == [[4.75, -3.75]]
    assert drawn.canvas_range([[5.0, -5.0]]) == ((-3.0, 6.0), (-6.0, 3.0))  # the square's edge, with room
    assert np.abs(drawn.keep_inside([[9, -9]], [[5.0, -5.0]])).max() == drawn.LIMIT  # never off the square


def test_readiness_asks_for_k_plus_one_minority_points():
    assert "needs k + 1 = 4 minority points: draw 2 more" in drawn.readiness([False] * 10 + [True] * 2, k=3)
    assert "lowered to 1" in drawn.readiness([False] * 10 + [True] * 2, k=3)
    assert "at least 2 minority points" in drawn.readiness([False] * 10 + [True], k=3)
    assert drawn.readiness([False] * 10 + [True] * 4, k=3) is None
    assert "majority points too" in drawn.readiness([True] * 8, k=3)


def test_the_pages_take_six_points_two_of_them_minority_and_one_majority():
    assert drawn.can_resample([False] * 4 + [True] * 2) and drawn.too_small([False] * 4 + [True] * 2) is None
    assert drawn.can_resample([False] + [True] * 5)
    assert not drawn.can_resample([False, True, True])  # too few points in all
    assert not drawn.can_resample([False] * 50 + [True])  # nothing to interpolate towards
    assert not drawn.can_resample([True] * 8)  # no majority
    assert not drawn.can_resample([])
    assert "has 3 points (2 minority)" in drawn.too_small([False, True, True])
    assert "Add points on Draw" in drawn.too_small([])
    assert "6 points in all (3 more)" in drawn.readiness([False, True, True], k=1)


def test_a_link_may_name_a_drawing_and_a_damaged_one_falls_back_with_a_warning():
    from smote_core.views.view_state import ViewState, from_query

    name = drawn.PREFIX + GOOD
    view, warnings = from_query({"dataset": name, "k": "3"}, ["moons"])
    assert view.dataset == name and not warnings
    assert view.to_query()["dataset"] == name  # and it travels on in the view's links
    view, warnings = from_query({"dataset": name[:-2]}, ["moons"])
    assert view.dataset == ViewState().dataset
    assert len(warnings) == 1 and "Ignored dataset='drawn:" in warnings[0] and "damaged" in warnings[0]
    assert "…" in warnings[0] and GOOD not in warnings[0]  # a long code is shortened in the sentence
