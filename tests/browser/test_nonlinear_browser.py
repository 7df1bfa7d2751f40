"""t-SNE and UMAP never block the page: a link that asks for UMAP on 11,111 rows shows PCA at once, standing in
under a progress bar, and the UMAP picture replaces it by itself (issue #13)."""

from browser_helpers import new_page, no_exception, screenshot

LINK = "/explore?dataset=blobs&n=20000&k=5&seed=0&projection=umap"
_TITLE = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd._fullData || !gd._fullData.length) return null;
  const t = gd._fullLayout.title;
  return {title: (t && t.text) || '', x: (gd._fullLayout.xaxis.title || {}).text || ''};
}"""


def test_a_umap_link_shows_pca_standing_in_at_once_then_umap_by_itself(app_server, browser):
    pg = new_page(browser, viewport={"width": 1280, "height": 720})
    try:
        pg.goto(app_server + LINK)
        # A picture, while UMAP is still being computed: PCA, titled as standing in, with the fit's progress.
        first = pg.wait_for_function(f"() => {{ const s = ({_TITLE})(); return s && s.title ? s : null; }}",
                                     timeout=60_000, polling=100).json_value()
        assert "PCA, standing in while UMAP is computed" in first["title"], first  # (Streamlit bolds titles)
        assert first["x"].startswith("PC1"), first
        bar = pg.get_by_test_id("stProgress")
        bar.first.wait_for(timeout=30_000)
        assert "UMAP is being computed on 11,111 rows" in bar.first.inner_text()
        no_exception(pg)
        screenshot(pg, "umap-standing-in", full_page=False)
        # Nobody touches anything: the UMAP picture arrives by itself (fit, then the synthetic points placed).
        done = pg.wait_for_function(f"() => {{ const s = ({_TITLE})(); return s && !s.title.includes('standing') "
                                    "&& s.x.startsWith('UMAP 1') ? s : null; }", timeout=300_000,
                                    polling=500).json_value()
        assert done["x"] == "UMAP 1 (standardised)", done
        pg.wait_for_function("() => !document.querySelector(\"[data-testid='stProgress']\")", timeout=30_000)
        no_exception(pg)
        screenshot(pg, "umap-ready", full_page=False)
    finally:
        pg.context.close()
