"""Learn on a classroom projector (1280×720) in a real browser: stepping adds no browser-history entries, the
picture is zoomed to x's neighbourhood, its labels do not overlap and x, x_nn and x_new stand apart on screen."""

import math
import re

from browser_helpers import expect_rerun, new_page, no_exception, open_page, screenshot

PROJECTOR = {"width": 1280, "height": 720}

# The labels (plotly annotations) and the marked points, in CSS pixels of the page.
_GEOMETRY = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const L = gd._fullLayout, box = gd.getBoundingClientRect();
  const at = (x, y) => [box.left + L._size.l + L.xaxis.d2p(x), box.top + L._size.t + L.yaxis.d2p(y)];
  const point = name => { const t = gd._fullData.find(t => (t.name || '').startsWith(name)); return t ? at(t.x[0], t.y[0]) : null; };
  const labels = [...gd.querySelectorAll('.annotation')].map(a => {
    const r = a.querySelector('.annotation-text-g').getBoundingClientRect();
    return {text: a.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  });
  const plot = {left: box.left + L._size.l, top: box.top + L._size.t, right: box.left + L._size.l + L._size.w,
                bottom: box.top + L._size.t + L._size.h};
  const xs = gd._fullData.filter(t => (t.name || '').startsWith('class ')).flatMap(t => Array.from(t.x));
  return {labels, plot, x: point('x (picked'), x_nn: point('x_nn'), x_new: point('x_new'),
          dataWidth: Math.max(...xs) - Math.min(...xs),
          range: [L.xaxis.range, L.yaxis.range], fontSize: L.annotations.map(a => a.font.size)};
}"""


def _position(pg) -> str:
    text = pg.get_by_test_id("stMain").inner_text()
    return re.search(r"Synthetic sample \d+ of [\d,]+ · step \d of 5", text).group(0)


def _step(pg, button: str) -> None:
    with expect_rerun(pg):
        pg.get_by_role("button", name=button, exact=True).click()
    no_exception(pg)


def _overlap(a, b) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def test_learn_on_a_projector_steps_without_history_entries_and_labels_apart(app_server, browser):
    pg = new_page(browser, PROJECTOR)
    try:
        open_page(pg, app_server, "/learn?dataset=moons&k=5&seed=0")
        no_exception(pg)
        start = _position(pg)
        assert start.endswith("step 1 of 5")
        history = pg.evaluate("history.length")
        for expected in (2, 3, 4, 5):
            _step(pg, "Next step")
            assert _position(pg).endswith(f"step {expected} of 5")
            assert pg.evaluate("history.length") == history, "a step added a browser-history entry"
        assert "sample=" not in pg.url and "step=" not in pg.url
        g = pg.evaluate(_GEOMETRY)
        labels = {lab["text"]: lab for lab in g["labels"]}
        assert set(labels) == {"x", "x_nn", "x_new"} and min(g["fontSize"]) >= 24
        names = list(labels)
        for i, a in enumerate(names):
            lab = labels[a]
            assert g["plot"]["left"] <= lab["left"] and lab["right"] <= g["plot"]["right"] + 1, lab
            assert g["plot"]["top"] <= lab["top"] and lab["bottom"] <= g["plot"]["bottom"] + 1, lab
            for b in names[i + 1:]:
                assert not _overlap(lab, labels[b]), (a, b)
            for point in ("x", "x_nn", "x_new"):  # no label sits on a marked point
                px, py = g[point]
                assert not (lab["left"] <= px <= lab["right"] and lab["top"] <= py <= lab["bottom"]), (a, point)
        # x, x_nn and x_new clearly apart on the screen, and the picture zoomed in on them
        for a, b in (("x", "x_nn"), ("x", "x_new"), ("x_nn", "x_new")):
            assert math.dist(g[a], g[b]) >= 40, (a, b, g[a], g[b])
        (x0, x1), _ = g["range"]
        assert x1 - x0 < 0.6 * g["dataWidth"]
        screenshot(pg, "learn-projector", full_page=False)

        # Previous goes back across samples; Next sample and Previous add no history entries either
        _step(pg, "Next sample")
        after = _position(pg)
        assert after.endswith("step 1 of 5") and after != start
        _step(pg, "Previous step")
        assert _position(pg) == start.replace("step 1", "step 5")
        assert pg.evaluate("history.length") == history
        # the share box links to this very step
        pg.get_by_role("button", name="Share this step").click()
        code = pg.get_by_test_id("stCode").filter(has_text="/learn?").first
        code.wait_for()
        assert re.search(r"sample=\d+&step=5", code.inner_text())
    finally:
        pg.context.close()
