"""The high-dimensions lesson in a real browser on a classroom projector (1280×720): its link opens Learn with the
four charts under the step-by-step picture, drawn from the data's own study, every text large enough to read."""

from urllib.parse import urlencode

from browser_helpers import PLOT, new_page, no_exception, open_page, plotly_traces, screenshot

PROJECTOR = {"width": 1280, "height": 720}

# Every text plotly drew in the second chart, its size and box; the chart's box; the page's width.
_TEXTS = """() => {
  const gd = document.querySelectorAll('.js-plotly-plot')[1];
  const box = gd.getBoundingClientRect();
  const texts = [...gd.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize),
            left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {texts, chart: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
          width: document.documentElement.clientWidth, height: innerHeight};
}"""


def test_the_high_dimensions_lesson_on_a_projector(app_server, browser):
    from smote_core.views import lesson

    ready = lesson.lesson_named("high-dimensions")
    pg = new_page(browser, PROJECTOR)
    try:
        open_page(pg, app_server, "/learn?" + urlencode(ready.query()))
        no_exception(pg)
        assert "dims=1" in pg.url and "lesson=high-dimensions" in pg.url
        main = pg.get_by_test_id("stMain").inner_text()
        assert "SMOTE in high dimensions" in main and "Blagus & Lusa" in main

        traces = {t["name"]: t for t in plotly_traces(pg, 1)}
        assert {"nearest ÷ farthest (median)", "neighbours kept", "variance ratio", "no resampling",
                "with SMOTE"} <= set(traces)
        for name in ("nearest ÷ farthest (median)", "neighbours kept", "with SMOTE"):
            assert traces[name]["x"] == ["0", "10", "50", "200"], name
        ratio = traces["nearest ÷ farthest (median)"]["y"]
        assert all(a < b for a, b in zip(ratio, ratio[1:])) and ratio[-1] < 1  # distances bunch up
        kept = traces["neighbours kept"]["y"]
        assert kept[0] == 1 and all(a > b for a, b in zip(kept, kept[1:]))
        assert all(v < 1 for v in traces["variance ratio"]["y"])
        assert f"{ratio[-1]:.2f} as far" in main  # the text quotes the chart's numbers

        chart = pg.locator(PLOT).nth(1)
        chart.scroll_into_view_if_needed()
        pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        g = pg.evaluate(_TEXTS)
        small = [(t["text"], t["size"]) for t in g["texts"] if t["size"] < 13]
        assert not small, f"text a class cannot read from the back: {small}"
        assert g["chart"]["right"] <= g["width"] + 1  # no sideways scrolling
        assert g["chart"]["bottom"] - g["chart"]["top"] <= g["height"]  # the four charts fit on the screen at once
        for t in g["texts"]:  # nothing drawn outside the chart (cut off)
            assert g["chart"]["left"] - 1 <= t["left"] and t["right"] <= g["chart"]["right"] + 1, t
        screenshot(pg, "learn-high-dimensions-1280x720", full_page=False)
        screenshot(pg, "learn-high-dimensions-full")  # the lesson's task, the picture, the section and its text
    finally:
        pg.context.close()
