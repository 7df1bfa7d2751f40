"""Data that stays, in a real browser: an upload with an id first, mixed scales and its target in the middle; the
sidebar navigation (not the button) to Explore shows it; a reload still shows it; "Forget this file" removes it.

Screenshots at 1280×720 of the Data page and of Explore: tests/browser/screenshots/uploads-*.png.
"""

import re
from urllib.parse import unquote

import numpy as np
import pandas as pd

from browser_helpers import (
    expect_rerun,
    new_page,
    no_exception,
    open_page,
    plotly_traces,
    screenshot,
    upload_file,
    wait_for_app,
    widget,
)

FILE = "cells.csv"
SMALL = {"width": 1280, "height": 720}


def _cells_csv(path):
    """120 rows: an id, measurements in units from tenths to thousands, the diagnosis (B / M) as third column."""
    rng = np.random.RandomState(0)
    n_maj, n_min = 90, 30
    n = n_maj + n_min
    pd.DataFrame({
        "id": np.arange(842_301, 842_301 + n),
        "radius": np.r_[rng.normal(12, 2, n_maj), rng.normal(18, 2, n_min)].round(2),
        "diagnosis": ["B"] * n_maj + ["M"] * n_min,
        "area": np.r_[rng.normal(450, 120, n_maj), rng.normal(1000, 200, n_min)].round(1),
        "smoothness": rng.normal(0.1, 0.01, n).round(4),
    }).to_csv(path, index=False)
    return path


def _alerts(pg, kind: str) -> str:
    return " ".join(pg.get_by_test_id(f"stAlertContent{kind}").all_inner_texts())


def _choice(pg, label: str) -> str:
    """What the select box labelled ``label`` shows (its combobox input's value)."""
    return widget(pg, "stSelectbox", label).get_by_role("combobox").input_value()


def _dataset(pg) -> str:
    return _choice(pg, "Dataset")


def _originals(pg) -> dict:
    """Points drawn per original class."""
    return {t["name"]: t["n_x"] for t in plotly_traces(pg) if (t["name"] or "").endswith("(original)")}


def _token(url: str) -> str:
    found = re.search(r"dataset=upload:([A-Za-z0-9_-]{22})", unquote(url))
    assert found, url
    return found.group(1)


def _nav(pg, name: str) -> None:
    with expect_rerun(pg):
        pg.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    no_exception(pg)


def test_an_upload_stays_through_the_navigation_and_a_reload_until_forgotten(app_server, browser, tmp_path):
    pg = new_page(browser, viewport=SMALL)
    try:
        open_page(pg, app_server, "/data")
        upload_file(pg, _cells_csv(tmp_path / FILE), label="Table file")
        no_exception(pg)
        assert _choice(pg, "Target column (the class labels)") == "diagnosis"
        assert "Ready:" in _alerts(pg, "Success")
        said = _alerts(pg, "Warning")
        assert "Feature scales differ" in said and "“area”" in said and "Standardise switch on Explore" in said
        assert "kept on this server for 7 days after its last use" in pg.locator("body").inner_text()
        token = _token(pg.url)
        screenshot(pg, "uploads-data-1280x720", full_page=False)
        screenshot(pg, "uploads-data-full")

        _nav(pg, "Explore")  # the sidebar, not the "Explore this data" button
        assert "/explore" in pg.url and _token(pg.url) == token
        assert FILE in _dataset(pg)
        assert _originals(pg) == {"B (original)": 90, "M (original)": 30}
        screenshot(pg, "uploads-explore-1280x720", full_page=False)
        screenshot(pg, "uploads-explore-full")

        pg.reload()
        wait_for_app(pg)
        no_exception(pg)
        assert FILE in _dataset(pg) and _token(pg.url) == token
        assert _originals(pg) == {"B (original)": 90, "M (original)": 30}

        _nav(pg, "Data")  # the pickers come back with the choices
        assert _choice(pg, "Target column (the class labels)") == "diagnosis"
        assert "Ready:" in _alerts(pg, "Success")
        with expect_rerun(pg):
            pg.get_by_role("button", name="Forget this file").click()
        no_exception(pg)
        assert "forgotten" in _alerts(pg, "Success") and "No file yet" in _alerts(pg, "Info")
        assert token not in unquote(pg.url)

        _nav(pg, "Explore")
        assert FILE not in _dataset(pg) and "B (original)" not in _originals(pg)
        open_page(pg, app_server, f"/explore?dataset=upload:{token}")  # the old address: gone, and said so
        no_exception(pg)
        assert "has expired" in _alerts(pg, "Warning") and FILE not in _dataset(pg)
    finally:
        pg.context.close()
