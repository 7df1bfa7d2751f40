"""Category columns in a real browser: SMOTE-NC draws voted rows; switching to SMOTE shows fractional categories."""

import re

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


def test_smoten_on_an_uploaded_all_category_table(app_server, page, tmp_path):
    import numpy as np
    import pandas as pd

    rng = np.random.RandomState(0)
    n_maj, n_min = 60, 12
    pd.DataFrame({
        "city": np.r_[rng.choice(["Lyon", "Oslo", "Porto"], n_maj, p=[0.2, 0.4, 0.4]),
                      rng.choice(["Lyon", "Oslo", "Porto"], n_min, p=[0.7, 0.2, 0.1])],
        "plan": rng.choice(["basic", "pro"], n_maj + n_min),
        "churn": ["no"] * n_maj + ["yes"] * n_min,
    }).to_csv(tmp_path / "plans.csv", index=False)
    from browser_helpers import upload_file

    open_page(page, app_server, "/data")
    upload_file(page, tmp_path / "plans.csv")
    no_exception(page)
    assert "2 category column(s)" in " ".join(page.get_by_test_id("stAlertContentInfo").all_inner_texts())
    with expect_rerun(page):
        page.get_by_role("button", name="Explore this data").click()
    assert "/explore" in page.url and re.search(r"dataset=upload(%3A|:)", page.url)
    page.get_by_test_id("stSelectbox").filter(has_text="Sampler").click()
    with expect_rerun(page):
        page.get_by_role("option", name="SMOTE-N (categories only)").click()
    no_exception(page)
    assert "variant=smoten" in page.url
    names = [t["name"] for t in plotly_traces(page)]
    assert "yes (synthetic)" in names and "parent → neighbour segments" not in names
    assert len(trace(page, "yes (synthetic)")["x"]) == n_maj - n_min
    screenshot(page, "explore-smoten")
