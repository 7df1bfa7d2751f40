"""What a person does in a real browser: open a link, move k with the keyboard, upload a CSV, click a point."""

import re

import numpy as np
import pandas as pd

from browser_helpers import new_page, no_exception, open_app, plotly_traces, screenshot, trace, wait_for_app

LINK = "/explore?dataset=moons&k=3&seed=0&projection=pca"


def _synthetic_xy(pg):
    t = trace(pg, "(synthetic)")
    return np.array([t["x"], t["y"]], dtype=float).T


def test_a_link_shows_the_same_picture_to_everyone(app_server, browser):
    pictures = []
    for _ in range(2):  # two people, two separate browser sessions
        pg = new_page(browser)
        open_app(pg, app_server, LINK)
        no_exception(pg)
        assert re.search(r"dataset=moons", pg.url) and re.search(r"k=3", pg.url) and "projection=pca" in pg.url
        assert "/explore" in pg.url
        traces = plotly_traces(pg)
        names = [t["name"] for t in traces]
        assert "majority (original)" in names and "minority (original)" in names
        assert all(t["type"] == "scatter" for t in traces)  # a few hundred points: SVG, no WebGL start-up
        seg = trace(pg, "segments")
        xs = seg["x"]
        assert len(xs) % 3 == 0 and all(v is None for v in xs[2::3])  # NaN-separated, one trace
        n_syn = int(pg.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))
        assert len(_synthetic_xy(pg)) == n_syn > 0
        pictures.append(_synthetic_xy(pg))
        screenshot(pg, "explore-link")
        pg.context.close()
    assert np.array_equal(pictures[0], pictures[1])


def test_home_redirects_to_explore_keeping_the_link(app_server, page):
    open_app(page, app_server, "/?dataset=blobs&k=4")
    assert "/explore" in page.url and "dataset=blobs" in page.url and "k=4" in page.url
    assert page.get_by_text("Page not found").count() == 0
    no_exception(page)


def test_a_bad_link_falls_back_with_a_warning(app_server, page):
    open_app(page, app_server, "/explore?dataset=nope&k=999&projection=lda")
    no_exception(page)
    warnings = page.get_by_test_id("stAlertContentWarning").all_inner_texts()
    assert any("dataset" in w for w in warnings) and any("k=" in w for w in warnings)
    assert "dataset=moons" in page.url and "k=5" in page.url


def test_changing_k_with_the_keyboard_changes_the_synthetic_points(app_server, page):
    open_app(page, app_server, LINK)
    before = _synthetic_xy(page)
    slider = page.get_by_test_id("stSlider").filter(has_text="k (nearest neighbours)")
    thumb = slider.get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowRight")
    page.wait_for_url(re.compile(r"k=4"))
    wait_for_app(page)
    no_exception(page)
    assert slider.get_by_test_id("stSliderThumbValue").inner_text() == "4"
    after = _synthetic_xy(page)
    assert len(after) == len(before) and not np.array_equal(before, after)
    screenshot(page, "explore-k4")
    # k is drawn by the picture's fragment into the sidebar: in its place between the ratio and the seed, and the
    # share link (also the fragment's) follows it
    sidebar = page.get_by_test_id("stSidebar")
    labels = sidebar.get_by_test_id("stWidgetLabel").all_inner_texts()
    at = {name: next(i for i, t in enumerate(labels) if t.startswith(name))
          for name in ("Sampling ratio", "k (nearest neighbours)", "Random seed")}
    assert at["Sampling ratio"] < at["k (nearest neighbours)"] < at["Random seed"], labels
    sidebar.get_by_text("Share this view").click()
    assert "k=4" in sidebar.get_by_test_id("stCode").inner_text()
    # a control outside the fragment reruns the page: k stays 4; a reload keeps it too
    ratio = sidebar.get_by_test_id("stSlider").filter(has_text="Sampling ratio").get_by_role("slider")
    ratio.focus()
    ratio.press("ArrowLeft")
    page.wait_for_url(re.compile(r"ratio=0\.95"))
    wait_for_app(page)
    assert "k=4" in page.url and slider.get_by_test_id("stSliderThumbValue").inner_text() == "4"
    page.reload()
    wait_for_app(page)
    no_exception(page)
    assert slider.get_by_test_id("stSliderThumbValue").inner_text() == "4" and "ratio=0.95" in page.url


def test_upload_a_csv_and_see_it_resampled(app_server, page, tmp_path):
    rng = np.random.RandomState(1)
    frame = pd.DataFrame(np.vstack([rng.normal(0, 1, (80, 3)), rng.normal(2, 1, (16, 3))]), columns=["a", "b", "c"])
    frame["label"] = ["ok"] * 80 + ["fraud"] * 16
    path = tmp_path / "transactions.csv"
    frame.to_csv(path, index=False)
    open_app(page, app_server, "/data")
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.get_by_text("Explore this data").wait_for()
    wait_for_app(page)
    no_exception(page)
    screenshot(page, "data-uploaded")
    page.get_by_role("button", name="Explore this data").click()
    page.wait_for_url(re.compile(r"/explore\?.*dataset=upload"))
    wait_for_app(page)
    no_exception(page)
    assert len(_synthetic_xy(page)) == 64  # fraud grows from 16 to 80
    names = [t["name"] for t in plotly_traces(page)]
    assert "fraud (synthetic)" in names and "ok (original)" in names
    screenshot(page, "explore-uploaded")


def test_choosing_a_decision_boundary_draws_it_and_scores_it(app_server, page):
    open_app(page, app_server, "/explore?dataset=moons&k=5&seed=0&projection=pca")
    sidebar = page.get_by_test_id("stSidebar")
    box = sidebar.get_by_test_id("stSelectbox").filter(has_text="Decision boundary")
    option = page.get_by_role("option", name="SVM (RBF kernel)")
    box.scroll_into_view_if_needed()
    for _ in range(3):  # the last control of a long sidebar: a click during layout may not open the list
        box.click()
        try:
            option.wait_for(timeout=5_000)
            break
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try again
            page.keyboard.press("Escape")
    option.click()
    page.wait_for_url(re.compile(r"boundary=svm"))
    wait_for_app(page)
    no_exception(page)
    traces = plotly_traces(page)
    kinds = {t["name"]: t["type"] for t in traces}
    assert traces[0]["type"] == "heatmap"  # the shaded side, below every point
    assert kinds["boundary before resampling"] == kinds["boundary after resampling"] == "contour"
    table = page.get_by_test_id("stDataFrame").filter(has_text="recall of minority")
    table.wait_for(timeout=30_000)  # the data grid draws its cells after its script has loaded
    assert table.count() == 1
    assert page.get_by_text("fitted on the picture's two coordinates").count() == 1
    screenshot(page, "explore-boundary", full_page=False)
    # the points stay clickable over the shading
    _click_a_lonely_synthetic_point(page)
    no_exception(page)


def _click_a_lonely_synthetic_point(page) -> int:
    """Click the synthetic point farthest from every original; wait for its explanation; return its number."""
    pos = page.evaluate(
        """() => {
            const gd = document.querySelector('.js-plotly-plot');
            const t = gd._fullData.find(t => (t.name || '').includes('(synthetic)'));
            const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis, r = gd.getBoundingClientRect();
            // the synthetic point farthest from every original, so that no original marker covers it
            const orig = gd._fullData.filter(t => (t.name || '').includes('(original)'));
            let best = 0, bestD = -1;
            for (let j = 0; j < t.x.length; j++) {
                let d = Infinity;
                for (const o of orig) for (let i = 0; i < o.x.length; i++) {
                    const dx = xa.l2p(o.x[i]) - xa.l2p(t.x[j]), dy = ya.l2p(o.y[i]) - ya.l2p(t.y[j]);
                    d = Math.min(d, dx * dx + dy * dy);
                }
                if (d > bestD) { bestD = d; best = j; }
            }
            return {x: r.left + xa._offset + xa.l2p(t.x[best]), y: r.top + ya._offset + ya.l2p(t.y[best]),
                    id: t.customdata[best][0]};
        }"""
    )
    page.mouse.click(pos["x"], pos["y"])
    page.get_by_text(f"Synthetic point #{int(pos['id'])} (class minority)").wait_for()
    wait_for_app(page)
    return int(pos["id"])


def test_clicking_a_synthetic_point_explains_it(app_server, page):
    open_app(page, app_server, "/explore?dataset=blobs&k=4&projection=raw&segments=100")
    _click_a_lonely_synthetic_point(page)
    no_exception(page)
    names = [t["name"] for t in plotly_traces(page)]
    assert "chosen segment" in names and "selected x (parent)" in names
    assert any("nearest neighbours" in n for n in names)
    screenshot(page, "explore-selected")


def test_animate_plays_the_births_in_the_browser(app_server, page):
    open_app(page, app_server, "/explore?dataset=moons&k=5&seed=0&animate=1")
    no_exception(page)
    n_syn = int(page.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))
    born = """() => {
        const gd = document.querySelectorAll('.js-plotly-plot')[1];
        const t = gd._fullData.find(t => (t.name || '').includes('(synthetic)'));
        return t.x.filter(v => v !== null && !Number.isNaN(v)).length;
    }"""
    assert page.evaluate(born) == 0  # nobody born before Play
    page.get_by_text("Watch the points being born").scroll_into_view_if_needed()
    page.get_by_text("▶▶ Fast").click()
    page.wait_for_timeout(600)
    partway = page.evaluate(born)
    page.wait_for_function(f"() => ({born})() === {n_syn}", timeout=30_000)  # all landed, by the browser alone
    assert partway < n_syn
    screenshot(page, "explore-animated", full_page=False)
