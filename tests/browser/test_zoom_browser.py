"""Explore's 2-D zoom in a real browser: a zoom or pan stays when k moves or a point is clicked (Streamlit mounts a
new plot for new data; the page's keep-the-view script puts the ranges back), a double-click forgets it, and a
different picture (another projection) opens unzoomed."""

import re

from browser_helpers import expect_rerun, new_page, no_exception, open_page, plotly_traces, screenshot, wait_for_app

LINK = "/explore?dataset=moons&projection=raw&k=5&seed=0"
_FIGURE = "() => [...document.querySelectorAll('.js-plotly-plot')].find(gd => gd.layout && " \
          "String(gd.layout.uirevision).startsWith('keep-view|explore|'))"
_RANGES = f"""() => {{ const gd = ({_FIGURE})(); return gd && gd._fullLayout.xaxis ? {{
    x: gd._fullLayout.xaxis.range.slice(), y: gd._fullLayout.yaxis.range.slice(),
    auto: [gd._fullLayout.xaxis.autorange, gd._fullLayout.yaxis.autorange], rev: gd.layout.uirevision,
    old: !!gd.__oldPlot }} : null; }}"""
_MARK_OLD = f"() => {{ ({_FIGURE})().__oldPlot = true; }}"
_HAS = f"""([want, tol]) => {{ const r = ({_RANGES})(); return !!r && !r.old &&
    ['x', 'y'].every(a => r[a].every((v, i) => Math.abs(v - want[a][i]) < tol)); }}"""


def _ranges(pg) -> dict:
    return pg.evaluate(_RANGES)


def _close(got: dict, want: dict, tol: float = 1e-9) -> bool:
    return all(abs(g - w) < tol for a in "xy" for g, w in zip(got[a], want[a]))


def _new_plot_with(pg, want: dict, tol: float = 1e-9) -> None:
    """Wait until a plot other than the one marked old shows ``want``'s ranges."""
    pg.wait_for_function(_HAS, arg=[want, tol], timeout=30_000)


def _move_k_left(pg) -> None:
    pg.evaluate(_MARK_OLD)
    thumb = pg.get_by_test_id("stSlider").filter(has_text="k (nearest neighbours)").get_by_role("slider")
    thumb.focus()
    with expect_rerun(pg):
        thumb.press("ArrowLeft")
    wait_for_app(pg)
    no_exception(pg)
    pg.wait_for_function(f"() => {{ const r = ({_RANGES})(); return r && !r.old; }}", timeout=30_000)


def _synthetic_xy(pg) -> list:
    t = next(t for t in plotly_traces(pg) if t["name"] and "(synthetic)" in t["name"])
    return list(zip(t["x"], t["y"]))


def _click_a_synthetic_point_in_view(pg) -> int:
    """Click the synthetic point in the zoomed view farthest from every original; return its number."""
    pos = pg.evaluate(f"""() => {{
        const gd = ({_FIGURE})();
        const t = gd._fullData.find(t => (t.name || '').includes('(synthetic)'));
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
        const inside = (a, v) => {{ const p = a.l2p(v); return p > 0.1 * a._length && p < 0.9 * a._length; }};
        const orig = gd._fullData.filter(t => (t.name || '').includes('(original)'));
        let best = -1, bestD = -1;
        for (let j = 0; j < t.x.length; j++) {{
            if (!inside(xa, t.x[j]) || !inside(ya, t.y[j])) continue;
            let d = Infinity;
            for (const o of orig) for (let i = 0; i < o.x.length; i++) {{
                const dx = xa.l2p(o.x[i]) - xa.l2p(t.x[j]), dy = ya.l2p(o.y[i]) - ya.l2p(t.y[j]);
                d = Math.min(d, dx * dx + dy * dy);
            }}
            if (d > bestD) {{ bestD = d; best = j; }}
        }}
        return best < 0 ? null : {{x: r.left + xa._offset + xa.l2p(t.x[best]),
                                   y: r.top + ya._offset + ya.l2p(t.y[best]), id: t.customdata[best][0]}};
    }}""")
    assert pos is not None, "no synthetic point inside the zoomed view"
    pg.evaluate(_MARK_OLD)
    with expect_rerun(pg):
        pg.mouse.click(pos["x"], pos["y"])
    pg.get_by_text(f"Synthetic point #{int(pos['id'])} (class minority)").wait_for()
    wait_for_app(pg)
    return int(pos["id"])


def _choose_projection(pg, label: str) -> None:
    box = pg.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Projection")
    option = pg.get_by_role("option", name=label, exact=True)
    box.scroll_into_view_if_needed()
    for _ in range(3):  # a click during layout may not open the list
        box.click()
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try again
            pg.keyboard.press("Escape")
    pg.evaluate(_MARK_OLD)
    with expect_rerun(pg):
        option.click()
    wait_for_app(pg)
    no_exception(pg)


def test_a_zoom_survives_k_and_a_click_and_is_forgotten_by_a_double_click_or_another_picture(app_server, browser):
    pg = new_page(browser, viewport={"width": 1280, "height": 720})
    try:
        open_page(pg, app_server, LINK)
        no_exception(pg)
        if pg.get_by_role("button", name="Got it").count():
            with expect_rerun(pg):  # the introduction makes room for the figure
                pg.get_by_role("button", name="Got it").click()
        chart = pg.get_by_test_id("stPlotlyChart").first
        chart.scroll_into_view_if_needed()
        home = _ranges(pg)
        assert home["auto"] == [True, True] and home["rev"].startswith("keep-view|explore|builtin:moons|raw|")

        # a mouse drag pans the plot (Explore's drag mode) and the pan is kept
        box = chart.bounding_box()
        cx, cy = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.45
        pg.mouse.move(cx, cy)
        pg.mouse.down()
        pg.mouse.move(cx + 80, cy + 40, steps=8)
        pg.mouse.up()
        pg.wait_for_function(f"h => {{ const r = ({_RANGES})(); return r && r.x[0] !== h.x[0]; }}", arg=home)
        panned = _ranges(pg)
        assert panned["auto"] == [False, False] and panned["x"][0] < home["x"][0]  # dragged right: shows the left
        before = _synthetic_xy(pg)
        _move_k_left(pg)
        assert "k=4" in pg.url and _synthetic_xy(pg) != before  # a new picture …
        _new_plot_with(pg, panned)  # … on the new plot, the same pan

        # a zoom set from code (a relayout, as the zoom box makes) is kept the same way
        width, height = home["x"][1] - home["x"][0], home["y"][1] - home["y"][0]
        zoom = {"x": [home["x"][0] + 0.2 * width, home["x"][0] + 0.6 * width],
                "y": [home["y"][0] + 0.25 * height, home["y"][0] + 0.75 * height]}
        pg.evaluate(f"z => Plotly.relayout(({_FIGURE})(), {{'xaxis.range': z.x, 'yaxis.range': z.y}})", zoom)
        assert _close(_ranges(pg), zoom)
        _move_k_left(pg)
        assert "k=3" in pg.url
        _new_plot_with(pg, zoom)

        # a click on a synthetic point explains it (Streamlit's selection still works) and keeps the zoom
        number = _click_a_synthetic_point_in_view(pg)
        assert f"point={number}" in pg.url
        assert any(t["name"] == "chosen segment" for t in plotly_traces(pg))
        _new_plot_with(pg, zoom)
        no_exception(pg)
        chart.scroll_into_view_if_needed()
        pg.wait_for_timeout(300)
        screenshot(pg, "explore-zoom-kept-1280x720", full_page=False)

        # a double-click autoscales and forgets the zoom: the next new plot opens unzoomed
        r = _ranges(pg)
        gd_box = pg.evaluate(f"""() => {{ const gd = ({_FIGURE})(), xa = gd._fullLayout.xaxis,
            ya = gd._fullLayout.yaxis, b = gd.getBoundingClientRect();
            return {{x: b.left + xa._offset + 5, y: b.top + ya._offset + 5}}; }}""")  # a corner, no point there
        pg.mouse.dblclick(gd_box["x"], gd_box["y"])
        pg.wait_for_function(f"() => {{ const r = ({_RANGES})(); return r && r.auto[0] === true; }}")
        wait_for_app(pg)
        assert not _close(_ranges(pg), r, 1e-3)
        _move_k_left(pg)
        assert "k=2" in pg.url
        pg.wait_for_timeout(500)  # time for the script to (wrongly) put a zoom back
        now = _ranges(pg)
        assert now["auto"] == [True, True] and not now["old"], now

        # zoomed again, then another projection: a different picture, so not zoomed
        pg.evaluate(f"z => Plotly.relayout(({_FIGURE})(), {{'xaxis.range': z.x, 'yaxis.range': z.y}})", zoom)
        assert _close(_ranges(pg), zoom)
        raw_rev = _ranges(pg)["rev"]
        _choose_projection(pg, "PCA")
        pg.wait_for_url(re.compile(r"projection=pca"))
        pg.wait_for_function(f"() => {{ const r = ({_RANGES})(); return r && !r.old && r.rev.includes('|pca|'); }}",
                             timeout=30_000)
        pg.wait_for_timeout(500)
        pca = _ranges(pg)
        assert pca["rev"] != raw_rev and pca["auto"] == [True, True], pca
        assert {t["type"] for t in plotly_traces(pg)} == {"scatter"}
        no_exception(pg)
    finally:
        pg.context.close()


_PANELS = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.layout &&
    String(gd.layout.uirevision).startsWith('keep-view|compare|')).map(gd => ({
    x: gd._fullLayout.xaxis.range.slice(), auto: gd._fullLayout.xaxis.autorange, old: !!gd.__oldPlot}))"""


def test_each_compare_panel_keeps_its_own_zoom_when_k_moves(app_server, page):
    open_page(page, app_server, "/compare?dataset=moons&k=5&variants=smote,borderline1")
    no_exception(page)
    page.wait_for_function(f"() => ({_PANELS})().length === 2")
    home = page.evaluate(_PANELS)
    zoom = [home[0]["x"][0] * 0.5, home[0]["x"][1] * 0.5]
    page.evaluate("""z => { const gds = [...document.querySelectorAll('.js-plotly-plot')].filter(gd =>
        String(gd.layout.uirevision).startsWith('keep-view|compare|'));
        gds.forEach(gd => { gd.__oldPlot = true; });
        return Plotly.relayout(gds[0], {'xaxis.range': z}); }""", zoom)
    thumb = page.get_by_test_id("stSlider").filter(has_text="k (nearest neighbours)").get_by_role("slider")
    thumb.focus()
    with expect_rerun(page):
        thumb.press("ArrowLeft")
    no_exception(page)
    page.wait_for_function(f"""z => {{ const p = ({_PANELS})(); return p.length === 2 && !p[0].old && !p[1].old &&
        Math.abs(p[0].x[0] - z[0]) < 1e-9 && Math.abs(p[0].x[1] - z[1]) < 1e-9; }}""", arg=zoom, timeout=30_000)
    assert page.evaluate(_PANELS)[1]["auto"] is True  # the other panel was not zoomed, and is not
