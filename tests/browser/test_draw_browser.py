"""Draw in a real browser: tiny boxes dragged with the mouse add a minority and a majority point, the address carries
the drawing, the sidebar's navigation takes it to Explore, a reload keeps it, and the page reads on a projector."""

import re
from urllib.parse import unquote

import numpy as np

from browser_helpers import expect_rerun, new_page, no_exception, open_page, plotly_traces, screenshot, wait_for_app
from smote_core.data import drawn

# Where a data point is on the screen: the plot area's offset and length per axis, read from plotly's own layout.
_TO_PIXELS = """([x, y]) => {
  const gd = document.querySelector('.js-plotly-plot');
  const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  return [box.left + xa.d2p(x), box.top + ya.d2p(y)];
}"""


def _canvas(pg) -> tuple[np.ndarray, np.ndarray]:
    """The canvas' drawn points (majority trace, then minority) and their classes."""
    traces = plotly_traces(pg)
    assert [t["name"] for t in traces] == ["majority", "minority", "click grid"], [t["name"] for t in traces]
    maj, mino = traces[0], traces[1]
    xy = np.array(list(zip(maj["x"], maj["y"])) + list(zip(mino["x"], mino["y"])), dtype=float).reshape(-1, 2)
    return xy, np.repeat([False, True], [maj["n_x"], mino["n_x"]])


_COUNT = """() => { const gd = document.querySelector('.js-plotly-plot');
  return gd && gd._fullData && gd._fullData.length >= 3 ? gd._fullData[0].x.length + gd._fullData[1].x.length : -1; }"""


def _drag_tiny_box(pg, x, y, size_px=10):
    """Drag a tiny square box (plotly's select mode) centred on data point (x, y); wait for the canvas to show one
    point more."""
    before = pg.evaluate(_COUNT)
    px, py = pg.evaluate(_TO_PIXELS, [x, y])
    with expect_rerun(pg):
        pg.mouse.move(px - size_px / 2, py - size_px / 2)
        pg.mouse.down()
        pg.mouse.move(px, py, steps=3)
        pg.mouse.move(px + size_px / 2, py + size_px / 2, steps=3)
        pg.mouse.up()
    pg.wait_for_function(f"() => ({_COUNT})() === {before + 1}", timeout=30_000)


def _drawing_in_url(pg) -> str:
    found = re.search(r"dataset=(drawn(?:%3A|:)[A-Za-z0-9_-]+)", pg.url)
    assert found, pg.url
    return unquote(found.group(1))


def _choose(pg, label):
    with expect_rerun(pg):
        pg.get_by_role("radio", name=label).click()  # a segmented control's option


START = np.array([[-2.0, -1.0], [-1.0, -2.0], [-1.5, 0.5], [0.0, -1.0], [2.0, 2.0], [2.5, 1.5]])
START_MINORITY = np.array([False, False, False, False, True, True])


def test_dragging_tiny_boxes_adds_points_that_explore_then_shows(app_server, page):
    open_page(page, app_server, "/draw?dataset=" + drawn.PREFIX + drawn.encode(START, START_MINORITY))
    no_exception(page)
    xy, minority = _canvas(page)
    assert len(xy) == 6 and minority.sum() == 2
    _drag_tiny_box(page, 1.0, 1.5)  # "minority" is chosen at first
    no_exception(page)
    xy, minority = _canvas(page)
    assert len(xy) == 7 and minority.sum() == 3
    added = xy[minority][-1]  # the minority trace keeps the drawing's order: the new point last
    assert np.allclose(added, [1.0, 1.5], atol=0.08), added  # the box's centre, to a pixel or two
    _choose(page, "majority")
    _drag_tiny_box(page, -1.5, -0.5)
    xy, minority = _canvas(page)
    assert len(xy) == 8 and minority.sum() == 3
    assert np.allclose(xy[~minority][-1], [-1.5, -0.5], atol=0.08)
    name = _drawing_in_url(page)
    back, flags = drawn.decode(drawn.code_of(name))
    assert sorted(map(tuple, back)) == sorted(map(tuple, xy)) and flags.sum() == 3
    # a reload keeps the drawing: the address carries it
    page.reload()
    wait_for_app(page)
    assert sorted(map(tuple, _canvas(page)[0])) == sorted(map(tuple, xy))
    for trip in range(2):  # Explore by the sidebar's navigation, back to Draw for one more point, Explore again
        with expect_rerun(page):
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Explore").click()
        page.wait_for_url(re.compile(r"/explore"))
        wait_for_app(page)
        no_exception(page)
        assert _drawing_in_url(page) == name
        traces = {t["name"]: t for t in plotly_traces(page)}
        for label, is_min in (("majority (original)", False), ("minority (original)", True)):
            shown = np.array(list(zip(traces[label]["x"], traces[label]["y"])), dtype=float)
            assert np.allclose(shown, xy[minority == is_min], atol=1e-6), (trip, label)  # drawn in x and y
        if trip == 0:
            with expect_rerun(page):
                page.get_by_test_id("stSidebarNav").get_by_role("link", name="Draw").click()
            page.wait_for_url(re.compile(r"/draw"))
            wait_for_app(page)
            _drag_tiny_box(page, 0.5, 2.0)
            xy, minority = _canvas(page)
            assert len(xy) == 9
            name = _drawing_in_url(page)


def test_the_draw_page_on_a_projector(app_server, browser):
    toy, flags = drawn.from_toy("blobs")
    name = drawn.PREFIX + drawn.encode(toy, flags)
    pg = new_page(browser, {"width": 1280, "height": 720})
    try:
        open_page(pg, app_server, f"/draw?dataset={name}&k=5")
        no_exception(pg)
        before = len(_canvas(pg)[0])
        _drag_tiny_box(pg, 2.5, -2.0)
        xy, minority = _canvas(pg)
        assert len(xy) == before + 1 and minority.sum() == flags.sum() + 1
        # the canvas is wholly on screen, one unit as long on x as on y
        top, bottom, x_unit, y_unit = pg.evaluate("""() => {
            const gd = document.querySelector('.js-plotly-plot'), r = gd.querySelector('.nsewdrag').getBoundingClientRect();
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
            return [r.top, r.bottom, xa._length / (xa.range[1] - xa.range[0]), ya._length / (ya.range[1] - ya.range[0])]; }""")
        assert 0 < top and bottom <= 720 and abs(x_unit - y_unit) < 0.02 * y_unit, (top, bottom, x_unit, y_unit)
        screenshot(pg, "draw-1280x720", full_page=False)
    finally:
        pg.context.close()


def _click(pg, x, y):
    """Hover data point (x, y) (plotly picks the nearest point on hover), then click there."""
    px, py = pg.evaluate(_TO_PIXELS, [x, y])
    pg.mouse.move(px - 4, py - 4)
    pg.mouse.move(px, py, steps=4)
    pg.wait_for_function("() => (document.querySelector('.js-plotly-plot')._hoverdata || []).length > 0")
    with expect_rerun(pg):
        pg.mouse.down()
        pg.mouse.up()


def test_click_adds_and_removes_the_lasso_removes_and_undo_brings_back(app_server, page):
    open_page(page, app_server, "/draw?dataset=" + drawn.PREFIX + drawn.encode(START, START_MINORITY))
    _choose(page, "Click")
    _click(page, 0.5, 0.5)  # empty canvas there: a minority point at the nearest grid node
    xy, minority = _canvas(page)
    assert len(xy) == 7 and minority.sum() == 3 and np.allclose(xy[minority][-1], [0.5, 0.5], atol=0.1)
    _click(page, 2.0, 2.0)  # a drawn point: removed
    xy, minority = _canvas(page)
    assert len(xy) == 6 and not any(np.allclose(p, [2.0, 2.0]) for p in xy)
    _choose(page, "Lasso")
    corners = [(-2.6, -2.6), (0.5, -2.6), (0.5, -0.5), (-2.6, -0.5), (-2.6, -2.5)]  # around three majority points
    pixels = [page.evaluate(_TO_PIXELS, list(c)) for c in corners]
    with expect_rerun(page):
        page.mouse.move(*pixels[0])
        page.mouse.down()
        for p in pixels[1:]:
            page.mouse.move(*p, steps=8)
        page.mouse.up()
    xy, minority = _canvas(page)
    assert len(xy) == 3 and sorted(map(tuple, xy[~minority])) == [(-1.5, 0.5)]
    with expect_rerun(page):
        page.get_by_role("button", name="Undo").click()
    assert len(_canvas(page)[0]) == 6
    no_exception(page)
