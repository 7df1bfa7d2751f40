"""The other pages in a real browser: a variant's layers, Learn's buttons, Compare, Tune k and Export."""

import re

from browser_helpers import expect_rerun, no_exception, open_page, plotly_traces, screenshot


def _names(pg, index=0):
    return [t["name"] or "" for t in plotly_traces(pg, index)]


def test_cleaning_and_kmeans_variants_draw_their_layers(app_server, page):
    open_page(page, app_server, "/explore?dataset=overlap&variant=smote_enn&k=5")
    no_exception(page)
    names = _names(page)
    assert "removed by cleaning (original)" in names and "removed by cleaning (synthetic)" in names
    screenshot(page, "explore-smote-enn")
    open_page(page, app_server, "/explore?dataset=blobs&variant=kmeans&k=2")
    no_exception(page)
    assert any(n.startswith("in a sampled k-means cluster") for n in _names(page))


def test_learn_buttons_step_through_one_sample(app_server, page):
    open_page(page, app_server, "/learn?dataset=blobs&k=3&seed=0&sample=0&step=1")
    no_exception(page)
    assert "segment x → x_nn" not in _names(page)
    for _ in range(2):
        with expect_rerun(page):
            page.get_by_role("button", name="Next step").click()
    page.get_by_text("step 3 of 5").wait_for()
    assert "segment x → x_nn" in _names(page)
    assert not re.search(r"[?&]step=", page.url)  # stepping writes no history entry; the share link has the step
    screenshot(page, "learn-step3")


def test_compare_tune_and_export_pages_render(app_server, page):
    open_page(page, app_server, "/compare?dataset=overlap&k=3&variants=smote,smote_tomek")
    no_exception(page)
    assert page.locator(".js-plotly-plot").count() == 2
    screenshot(page, "compare")
    open_page(page, app_server, "/tune?dataset=blobs&leaky=1")
    no_exception(page)
    assert "resampled before splitting (leaky, inflated)" in _names(page)
    screenshot(page, "tune")
    open_page(page, app_server, "/export")
    no_exception(page)
    assert page.get_by_role("button", name="Resampled data (CSV)").count() == 1
    assert "fit_resample" in page.locator("[data-testid='stCode']").first.inner_text()


def test_every_other_variant_draws_in_the_browser(app_server, page):
    for variant, layer in (("borderline1", "in danger"), ("borderline2", "in danger"), ("svm", "support vectors"),
                           ("adasyn", None), ("smote_tomek", None)):
        open_page(page, app_server, f"/explore?dataset=overlap&variant={variant}&k=3")
        no_exception(page)
        names = _names(page)
        assert "minority (synthetic)" in names, (variant, names)
        assert layer is None or any(n.startswith(layer) for n in names), (variant, names)


def test_a_lesson_link_shows_its_task_on_the_page_it_opens(app_server, page):
    from urllib.parse import urlencode

    from smote_core.views.lesson import LESSONS

    for lesson in LESSONS:
        open_page(page, app_server, f"/{lesson.page}?{urlencode(lesson.view.to_query())}")
        no_exception(page)
        first_words = lesson.task.split(":")[0][:40]
        page.get_by_text(first_words, exact=False).first.wait_for(timeout=30_000)
    screenshot(page, "lesson-task-compare")
