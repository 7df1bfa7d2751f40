"""The samplers past imbalanced-learn (issue #17), each drawn in a real browser with its points and provenance."""

import re

import pytest

from browser_helpers import expect_rerun, new_page, no_exception, open_app, open_page, plotly_traces, screenshot
from smote_core.samplers.registry import SAMPLERS

NEW = [key for key, record in SAMPLERS.items() if not record.imblearn]


def test_every_sampler_past_imbalanced_learn_is_in_the_picker():
    assert set(NEW) >= {"safe_level", "lee", "prowsyn", "smote_ipf", "geometric", "polynom_fit"}


@pytest.mark.parametrize("variant", NEW)
def test_each_new_sampler_is_drawn_and_a_point_explained(app_server, page, variant):
    open_app(page, app_server, f"/explore?dataset=overlap&k=5&seed=0&variant={variant}&point=0")
    no_exception(page)
    traces = plotly_traces(page)
    made = int(page.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))
    drawn = sum(len(t["x"]) for t in traces
                if "(synthetic)" in t["name"] and not t["name"].startswith(("removed", "selected")))
    faded = sum(len(t["x"]) for t in traces if t["name"] == "removed by cleaning (synthetic)")
    assert made > 0 and drawn + faded == made
    assert page.get_by_text("Synthetic point #0").count() >= 1  # the link's point is explained
    assert "nan" not in page.get_by_test_id("stMarkdown").filter(has_text="Synthetic point #0").inner_text()
    screenshot(page, f"explore-{variant}", full_page=False)


def test_polynomial_fit_smote_draws_its_curve_on_a_projector_and_its_star_on_request(app_server, browser):
    """No k slider (a caption says why), the curve its points lie on, a point explained without a parent pair; then
    the star topology picked in the sidebar: segments to the class mean (✚), none to a neighbour."""
    pg = new_page(browser, {"width": 1280, "height": 720})
    try:
        open_page(pg, app_server, "/explore?dataset=moons&seed=0&variant=polynom_fit&topology=polynomial&point=0")
        no_exception(pg)
        sidebar = pg.get_by_test_id("stSidebar")
        assert sidebar.get_by_text("Polynomial-fit SMOTE uses no neighbours: k does not apply.").count() == 1
        assert sidebar.get_by_test_id("stSlider").filter(has_text="k (nearest neighbours)").count() == 0
        assert sidebar.get_by_test_id("stSlider").filter(has_text="degree of the fitted curve").count() == 1
        by = {t["name"]: t for t in plotly_traces(pg)}
        made = int(pg.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))
        assert made == by["minority (synthetic)"]["n_x"] == 267
        assert by["curve fitted through minority"]["n_x"] == 200
        assert not any("segments" in name or "class mean" in name for name in by)
        assert "selected x (parent)" not in by and "selected x_new (synthetic)" in by
        said = pg.get_by_test_id("stMarkdown").filter(has_text="Synthetic point #0").inner_text()
        assert "on the curve fitted through class minority (no parent pair)" in said and "nan" not in said

        with expect_rerun(pg):  # the introduction makes room for the figure
            pg.get_by_role("button", name="Got it").click()
        chart = pg.get_by_test_id("stPlotlyChart").first
        chart.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        no_exception(pg)
        screenshot(pg, "explore-polynom-fit-1280x720", full_page=False)

        box = sidebar.get_by_test_id("stSelectbox").filter(has_text="topology")
        option = pg.get_by_role("option", name="star: toward the class mean")
        box.scroll_into_view_if_needed()
        for _ in range(3):  # a long sidebar: a click during layout may not open the list
            box.get_by_role("combobox").click()
            try:
                option.wait_for(timeout=5_000)
                break
            except Exception:  # noqa: BLE001 - Playwright's TimeoutError: try again
                pg.keyboard.press("Escape")
        with expect_rerun(pg):
            option.click()
        pg.wait_for_url(re.compile(r"topology=star"))
        no_exception(pg)
        by = {t["name"]: t for t in plotly_traces(pg)}
        assert by["parent → class mean"]["n_x"] == 3 * 267 and by["class mean of minority"]["n_x"] == 1
        assert "parent → neighbour segments" not in by and "curve fitted through minority" not in by
        assert sidebar.get_by_test_id("stSlider").filter(has_text="degree of the fitted curve").count() == 0
        assert "degree=" not in pg.url
        chart.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        screenshot(pg, "explore-polynom-fit-star-1280x720", full_page=False)
    finally:
        pg.context.close()


def test_geometric_smote_draws_the_region_of_the_selected_point(app_server, browser):
    """Raw features, point 0 selected: a closed outline named in the legend around the selected parent."""
    pg = new_page(browser, {"width": 1280, "height": 720})
    try:
        open_page(pg, app_server, "/explore?dataset=moons&seed=0&variant=geometric&projection=raw&point=0")
        no_exception(pg)
        by = {t["name"]: t for t in plotly_traces(pg)}
        region = by["region x_new was drawn from"]
        assert region["n_x"] == 73 and (region["x"][0], region["y"][0]) == (region["x"][-1], region["y"][-1])
        assert "selected x (parent)" in by and "selected x_new (synthetic)" in by
        with expect_rerun(pg):  # the introduction makes room for the figure
            pg.get_by_role("button", name="Got it").click()
        pg.get_by_test_id("stPlotlyChart").first.scroll_into_view_if_needed()
        pg.wait_for_timeout(500)
        no_exception(pg)
        screenshot(pg, "explore-geometric-region-1280x720", full_page=False)
    finally:
        pg.context.close()
