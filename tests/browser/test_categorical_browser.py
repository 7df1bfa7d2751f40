"""Category columns in a real browser: SMOTE-NC draws voted rows; switching to SMOTE shows fractional categories."""

from browser_helpers import expect_rerun, no_exception, open_page, plotly_traces, screenshot, trace


def _fraction_note(pg) -> list[str]:
    return [t for t in pg.get_by_test_id("stAlertContentInfo").all_inner_texts() if "fractional categories" in t]


def test_smotenc_on_mixed_data_then_plain_smote_for_contrast(app_server, page):
    open_page(page, app_server, "/explore?dataset=shapes&variant=smotenc&k=5&seed=0")
    no_exception(page)
    names = [t["name"] for t in plotly_traces(page)]
    assert "minority (synthetic)" in names and "parent → neighbour segments" in names
    n_syn = len(trace(page, "minority (synthetic)")["x"])
    assert n_syn == 267  # 33 minority rows grown to the majority's 300
    assert not _fraction_note(page)
    screenshot(page, "explore-smotenc")

    page.get_by_test_id("stSelectbox").filter(has_text="Sampler").click()
    with expect_rerun(page):
        page.get_by_role("option", name="SMOTE", exact=True).click()
    no_exception(page)
    assert "variant=smote&" in page.url or page.url.endswith("variant=smote")
    note = _fraction_note(page)
    assert len(note) == 1 and "SMOTE-NC" in note[0]
    assert len(trace(page, "minority (synthetic)")["x"]) == n_syn
