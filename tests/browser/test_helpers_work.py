"""The browser helpers themselves: keyboard slider setting (slider and select_slider), file upload, plotly traces."""

import re

import numpy as np
import pandas as pd

from browser_helpers import (
    no_exception,
    open_page,
    plotly_traces,
    set_slider_by_keyboard,
    slider_value,
    upload_file,
    wait_for_app,
)


def test_set_slider_by_keyboard_reaches_values_both_ways(app_server, page):
    open_page(page, app_server, "/explore?dataset=moons&k=3&seed=0&projection=pca")
    set_slider_by_keyboard(page, "k (nearest neighbours)", 5)
    assert slider_value(page, "k (nearest neighbours)")["text"] == "5"
    assert re.search(r"[?&]k=5(&|$)", page.url)
    set_slider_by_keyboard(page, "k (nearest neighbours)", 4)
    assert re.search(r"[?&]k=4(&|$)", page.url)
    set_slider_by_keyboard(page, "Sampling ratio", 0.9)  # shown as "0.90"
    assert slider_value(page, "Sampling ratio")["text"] == "0.90"
    set_slider_by_keyboard(page, "Segments to draw (at most)", 100)  # a select_slider: value is an index
    assert slider_value(page, "Segments to draw (at most)")["text"] == "100"
    no_exception(page)
    traces = plotly_traces(page)
    assert all({"name", "type", "mode", "n_x", "x", "y"} <= set(t) for t in traces)
    assert all(t["n_x"] == len(t["x"]) for t in traces)


def test_upload_file_reaches_the_app(app_server, page, tmp_path):
    frame = pd.DataFrame(np.arange(60, dtype=float).reshape(20, 3), columns=["a", "b", "c"])
    frame["label"] = ["x"] * 15 + ["y"] * 5
    path = tmp_path / "tiny.csv"
    frame.to_csv(path, index=False)
    open_page(page, app_server, "/data")
    upload_file(page, path, label="Table file")
    wait_for_app(page)
    no_exception(page)
    assert page.get_by_text("tiny.csv").count() >= 1
    assert page.get_by_role("button", name="Explore this data").is_visible()
