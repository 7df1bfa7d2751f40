"""Explore in 3-D in a real browser (#16 part 3): a PCA 3-D link draws a WebGL scene, the mouse turns it, the camera
stays where it was turned when k moves, and a point chosen by its number is highlighted."""

import re

from browser_helpers import expect_rerun, new_page, no_exception, open_page, plotly_traces, screenshot, wait_for_app

LINK = "/explore?dataset=breast_cancer&projection=pca3d&k=5&seed=0"
SLOW = 180_000  # software WebGL in headless Chromium: a scene takes seconds to draw
_EYE = "() => { const gd = document.querySelector('.js-plotly-plot'); return gd && gd._fullLayout.scene ? " \
       "gd._fullLayout.scene.camera.eye : null; }"
_Z = """name => { const gd = document.querySelector('.js-plotly-plot');
  const t = gd._fullData.find(t => t.name === name); return t ? Array.from(t.z, v => Number.isNaN(v) ? null : v) : null; }"""


def _close(a: dict, b: dict, tol: float = 1e-6) -> bool:
    return all(abs(a[c] - b[c]) < tol for c in "xyz")


def _synthetic_xyz(pg) -> list:
    t = next(t for t in plotly_traces(pg) if t["name"] == "malignant (synthetic)")
    return list(zip(t["x"], t["y"], pg.evaluate(_Z, "malignant (synthetic)")))


def test_a_pca_3d_link_draws_a_scene_that_keeps_its_camera_when_k_moves(app_server, browser):
    pg = new_page(browser, viewport={"width": 1280, "height": 720})
    try:
        open_page(pg, app_server, LINK, timeout=SLOW)
        no_exception(pg)
        traces = plotly_traces(pg, timeout=SLOW)
        assert {t["type"] for t in traces} == {"scatter3d"}, [t["type"] for t in traces]
        by = {t["name"]: t for t in traces}
        n_syn = int(pg.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))
        assert by["benign (original)"]["n_x"] == 357 and by["malignant (original)"]["n_x"] == 212
        assert by["malignant (synthetic)"]["n_x"] == n_syn == 145
        seg = by["parent → neighbour segments"]
        assert seg["n_x"] == 3 * n_syn and all(v is None for v in seg["x"][2::3])  # one trace, NaN-separated
        z = pg.evaluate(_Z, "parent → neighbour segments")
        assert len(z) == 3 * n_syn and all(v is None for v in z[2::3]) and all(v is not None for v in z[0::3])
        titles = pg.evaluate("() => ['xaxis', 'yaxis', 'zaxis'].map(a => "
                             "document.querySelector('.js-plotly-plot')._fullLayout.scene[a].title.text)")
        assert [t.split(" ")[0] for t in titles] == ["PC1", "PC2", "PC3"] and all("% of variance" in t for t in titles)
        assert pg.get_by_text("Rotate with the mouse").count() == 1

        with expect_rerun(pg):  # the introduction makes room for the figure
            pg.get_by_role("button", name="Got it").click()
        chart = pg.get_by_test_id("stPlotlyChart").first
        chart.scroll_into_view_if_needed()
        # the mouse turns the scene
        start = pg.evaluate(_EYE)
        box = chart.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.45
        pg.mouse.move(cx, cy)
        pg.mouse.down()
        pg.mouse.move(cx + 140, cy + 30, steps=10)
        pg.mouse.up()
        pg.wait_for_function(f"start => {{ const e = ({_EYE})(); return e && Math.abs(e.x - start.x) > 0.05; }}",
                             arg=start, timeout=30_000)
        # a camera set from code (as a relayout) is kept the same way
        eye = {"x": -1.7, "y": 0.9, "z": 1.1}
        pg.evaluate("eye => Plotly.relayout(document.querySelector('.js-plotly-plot'), {'scene.camera.eye': eye})",
                    eye)
        assert _close(pg.evaluate(_EYE), eye)
        before = _synthetic_xyz(pg)

        slider = pg.get_by_test_id("stSlider").filter(has_text="k (nearest neighbours)")
        thumb = slider.get_by_role("slider")
        thumb.focus()
        with expect_rerun(pg, timeout=SLOW):
            thumb.press("ArrowLeft")
        pg.wait_for_url(re.compile(r"k=4"))
        wait_for_app(pg, timeout=SLOW)
        no_exception(pg)
        after = _synthetic_xyz(pg)
        assert len(after) == len(before) and after != before  # a new picture …
        pg.wait_for_function(f"eye => {{ const e = ({_EYE})(); return e && ['x', 'y', 'z'].every("
                             "c => Math.abs(e[c] - eye[c]) < 1e-6); }", arg=eye, timeout=30_000)  # … same camera
        assert {t["type"] for t in plotly_traces(pg)} == {"scatter3d"}

        # a point chosen by its number is highlighted in the scene
        box_in = pg.get_by_test_id("stNumberInput").filter(has_text="Synthetic point #").locator("input")
        box_in.fill("12")
        with expect_rerun(pg, timeout=SLOW):
            box_in.press("Enter")
        pg.get_by_text("Synthetic point #12 (class malignant)").wait_for(timeout=SLOW)
        names = {t["name"]: t for t in plotly_traces(pg)}
        for name in ("selected x (parent)", "selected x_nn (neighbour)", "selected x_new (synthetic)",
                     "chosen segment"):
            assert names[name]["type"] == "scatter3d", name
        assert "point=12" in pg.url
        pg.wait_for_function(f"eye => {{ const e = ({_EYE})(); return e && Math.abs(e.x - eye.x) < 1e-6; }}",
                             arg=eye, timeout=30_000)  # the camera stays through the selection too
        pg.evaluate("() => Plotly.relayout(document.querySelector('.js-plotly-plot'), "
                    "{'scene.camera.eye': {x: 1.6, y: 1.6, z: 0.9}})")  # the starting view, for the screenshot
        chart.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        no_exception(pg)
        screenshot(pg, "explore-3d-1280x720", full_page=False)
    finally:
        pg.context.close()


def test_three_features_on_two_feature_data_fall_back_with_a_message(app_server, page):
    open_page(page, app_server, "/explore?dataset=moons&projection=raw3d")
    no_exception(page)
    warnings = " ".join(page.get_by_test_id("stAlertContentWarning").all_inner_texts())
    assert "needs at least three feature columns" in warnings
    assert {t["type"] for t in plotly_traces(page)} == {"scatter"}
    assert "projection=raw" in page.url and "projection=raw3d" not in page.url
