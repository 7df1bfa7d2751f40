"""Smoke: the app starts under `streamlit run`, renders its title in a real browser and raises nothing."""

from browser_helpers import no_exception, open_page, screenshot


def test_home_renders_the_title_without_errors(app_server, page):
    open_page(page, app_server, "/")
    heading = page.get_by_role("heading", name="SMOTE Explorer", exact=True)
    heading.wait_for(state="visible")
    shot = screenshot(page, "smoke-home")  # before the checks, so that a failure leaves the picture
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert heading.is_visible()
    no_exception(page)  # no [data-testid='stException'] element; its text is the failure message
