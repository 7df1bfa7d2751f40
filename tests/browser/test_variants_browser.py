"""The samplers past imbalanced-learn (issue #17), each drawn in a real browser with its points and provenance."""

import pytest

from browser_helpers import no_exception, open_app, plotly_traces, screenshot
from smote_core.samplers.registry import SAMPLERS

NEW = [key for key, record in SAMPLERS.items() if not record.imblearn]


def test_every_sampler_past_imbalanced_learn_is_in_the_picker():
    assert set(NEW) >= {"safe_level", "lee", "prowsyn", "smote_ipf", "geometric"}


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
