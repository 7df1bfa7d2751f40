"""Bad files through the real uploader, a file over the upload limit, and two people's sessions kept apart."""

import os
import re

import numpy as np
import pandas as pd

from browser_helpers import new_page, no_exception, open_page, upload_file, wait_for_app

GOOD = "good.csv"


def _good_csv(path):
    rng = np.random.RandomState(1)
    frame = pd.DataFrame(np.vstack([rng.normal(0, 1, (60, 2)), rng.normal(2, 1, (12, 2))]), columns=["a", "b"])
    frame["label"] = ["ok"] * 60 + ["fraud"] * 12
    frame.to_csv(path, index=False)
    return path


def _alerts(pg, kind: str) -> str:
    return " ".join(pg.get_by_test_id(f"stAlertContent{kind}").all_inner_texts())


def _ready(pg) -> bool:
    return "Ready:" in _alerts(pg, "Success") and pg.get_by_role("button", name="Explore this data").count() == 1


BAD = {  # file name -> (contents, words the error on the page must contain)
    "empty.csv": (b"", "is empty"),
    "photo.csv": (bytes(np.random.RandomState(0).randint(0, 256, 5000, dtype=np.uint8)),
                  "does not look like a text table"),
    "one_class.csv": (b"f1,f2,label\n1,2,a\n3,4,a\n5,6,a\n", "only one class"),
    "regression.csv": (("f1,target\n" + "\n".join(f"{i},{i * 0.731 + 0.05:.3f}" for i in range(60))).encode(),
                       "continuous"),
}


def test_a_sample_of_bad_files_through_the_real_uploader(app_server, page, tmp_path):
    """Each bad file: a clear error on the page, no exception box; then a good file in the same session works."""
    open_page(page, app_server, "/data")
    for name, (raw, words) in BAD.items():
        path = tmp_path / name
        path.write_bytes(raw)
        upload_file(page, path, label="Table file")
        no_exception(page)
        errors = _alerts(page, "Error")
        assert words in errors, (name, errors)
        assert "Traceback" not in errors and not _ready(page)
    upload_file(page, _good_csv(tmp_path / GOOD), label="Table file")
    no_exception(page)
    assert _ready(page) and not _alerts(page, "Error")


def test_a_column_name_with_html_and_script_is_shown_as_text(app_server, page, tmp_path):
    evil = '<img src=x onerror="window.__xss=1">'
    frame = pd.read_csv(_good_csv(tmp_path / GOOD))
    frame.columns = ["a", evil, "label"]
    path = tmp_path / "evil.csv"
    frame.to_csv(path, index=False)
    open_page(page, app_server, "/data")
    upload_file(page, path, label="Table file")
    no_exception(page)
    assert _ready(page)
    assert page.evaluate("window.__xss") is None, "a column name ran as HTML"
    assert page.locator("img[src='x']").count() == 0
    # the name is shown as typed, e.g. as a chosen feature in the multiselect
    assert evil in page.get_by_test_id("stMultiSelect").filter(has_text="Feature columns").inner_text()


def test_a_file_over_the_upload_limit_is_refused_by_the_uploader_and_the_app_goes_on(app_server, page, tmp_path):
    """Streamlit's uploader refuses a file over ``server.maxUploadSize`` in the browser (it is never sent); the
    Data page states the limit; a good file uploads afterwards."""
    limit_mb = 200
    config = (os.path.join(os.path.dirname(__file__), "..", "..", ".streamlit", "config.toml"))
    assert re.search(rf"^maxUploadSize\s*=\s*{limit_mb}\s*$", open(config).read(), re.M), "limit changed: update me"
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:  # a sparse file: its size is what the uploader checks, nothing is read
        f.write(b"a,b,label\n")
        f.truncate((limit_mb + 1) * 1024 * 1024)
    open_page(page, app_server, "/data")
    assert f"up to {limit_mb} MB" in page.get_by_test_id("stMarkdown").first.inner_text()
    field = page.get_by_test_id("stFileUploaderDropzoneInput")
    runs_before = page.evaluate("window.__stWatch.finished")
    field.set_input_files(str(big))
    message = page.get_by_text(re.compile(r"must be .*or smaller"))
    message.first.wait_for(timeout=15_000)
    assert re.search(r"200(\.0)?\s*MB", message.first.inner_text()), message.first.inner_text()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__stWatch.finished") == runs_before, "the oversized file reached the script"
    no_exception(page)
    upload_file(page, _good_csv(tmp_path / GOOD), label="Table file")
    no_exception(page)
    assert _ready(page)


def _picker_options(pg) -> list[str]:
    box = pg.get_by_test_id("stSelectbox").filter(has_text="Dataset")
    box.first.click()
    options = pg.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    pg.keyboard.press("Escape")
    return texts


def test_two_people_an_upload_stays_with_its_owner(app_server, browser, tmp_path):
    secret = "zq7secretcol"
    frame = pd.read_csv(_good_csv(tmp_path / GOOD))
    frame.columns = [f"{secret}_a", f"{secret}_b", "label"]
    path = tmp_path / "alice_private.csv"
    frame.to_csv(path, index=False)
    alice, bob = new_page(browser), new_page(browser)
    try:
        open_page(alice, app_server, "/data")
        upload_file(alice, path, label="Table file")
        assert _ready(alice)
        alice.get_by_role("button", name="Explore this data").click()
        alice.wait_for_url(re.compile(r"dataset=upload(%3A|:)"))
        wait_for_app(alice)
        no_exception(alice)
        assert any("alice_private.csv" in o for o in _picker_options(alice))  # the check below can fail

        open_page(bob, app_server, "/explore?dataset=uploaded&k=3")
        no_exception(bob)
        assert "Ignored dataset='uploaded'" in _alerts(bob, "Warning")
        assert "dataset=moons" in bob.url
        options = _picker_options(bob)
        assert options and not any("Uploaded" in o or "alice" in o for o in options), options
        for where in ("/data",):
            open_page(bob, app_server, where + "?dataset=uploaded")
            no_exception(bob)
            body = bob.locator("body").inner_text()
            assert secret not in body and "alice_private" not in body, where
            if where == "/data":
                assert "No file yet" in _alerts(bob, "Info")
    finally:
        alice.context.close()
        bob.context.close()
