"""Data that stays: an upload kept on the server under its token survives a reload, a restart and the navigation;
nobody without the token sees it; an expired token says so; "Forget this file" removes it; the Data page's choices
come back. Every test has its own store folder (``SMOTE_UPLOAD_DIR``)."""

import io as _io
import time

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _app, _no_exceptions, _synthetic_count
from smote_core.data.store import PREFIX, Expired, UploadStore

FILE = "cells_zq9.csv"


@pytest.fixture(autouse=True)
def store_dir(tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    monkeypatch.setenv("SMOTE_UPLOAD_DIR", str(folder))
    return folder


def _cells_csv(n_maj=90, n_min=30, seed=0) -> bytes:
    """An id first, features in very different units, the target (two values) in the middle."""
    rng = np.random.RandomState(seed)
    n = n_maj + n_min
    frame = pd.DataFrame({
        "id": np.arange(1001, 1001 + n),
        "radius": np.r_[rng.normal(12, 2, n_maj), rng.normal(18, 2, n_min)],
        "diagnosis": ["B"] * n_maj + ["M"] * n_min,
        "area": np.r_[rng.normal(450, 120, n_maj), rng.normal(1000, 200, n_min)],
        "smoothness": rng.normal(0.1, 0.01, n),
    })
    return frame.to_csv(index=False).encode()


def _upload(name=FILE, raw=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value((name, _cells_csv() if raw is None else raw, "text/csv")).run()
    _no_exceptions(at)
    return at


def _token(at: AppTest) -> str:
    return at.session_state["upload_token"]


def _ready(at: AppTest) -> bool:
    return any(s.value.startswith("Ready") for s in at.success)


def _navigate(at: AppTest, page: str) -> AppTest:
    """The sidebar navigation: another page, no query string (the session's view decides what it shows)."""
    for key in list(at.query_params):
        del at.query_params[key]
    at.switch_page(page).run()
    _no_exceptions(at)
    return at


def _warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning)


def test_the_data_page_guesses_the_target_keeps_the_file_and_puts_its_token_in_the_address(store_dir):
    at = _upload()
    assert at.selectbox(key="w_target").value == "diagnosis"  # named like a target, not the last column
    assert at.multiselect(key="w_features").value == ["radius", "area", "smoothness"]  # the id is left out
    assert _ready(at)
    token = _token(at)
    assert at.query_params["dataset"] == PREFIX + token
    assert (store_dir / token / "file").read_bytes() == _cells_csv()
    assert any("kept on this server for 7 days after its last use" in m.value for m in at.markdown)
    assert at.button(key="forget_upload").label == "Forget this file"
    assert any("Exported tables keep “id”" in c.value for c in at.caption)


def test_mixed_scales_say_which_columns_dominate_and_where_to_standardise():
    at = _upload()
    said = _warnings(at)
    assert "Feature scales differ" in said and "area" in said
    assert "Explore draws the features standardised" in said
    assert "**Standardise** switch on Explore" in said


def test_a_reload_and_a_restart_show_the_upload():
    token = _token(_upload())
    from pages import _shared

    _shared.forget_everything()  # a restarted server has no cached tables: the file comes back from the store
    at = _app(dataset=PREFIX + token)  # a fresh session opening the address the Data page left
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value == PREFIX + token
    assert _synthetic_count(at) == 60
    assert any(FILE in str(o) for o in at.selectbox(key="w_dataset").options)  # "Uploaded: cells_zq9.csv"
    data = _navigate(at, "pages/data.py")  # and the Data page shows the file with its choices
    assert data.selectbox(key="w_target").value == "diagnosis" and _ready(data)


def test_a_reload_of_the_data_page_shows_the_pickers_with_the_saved_choices():
    at = _upload()
    at.multiselect(key="w_features").set_value(["radius", "area"]).run()
    _no_exceptions(at)
    token = _token(at)
    again = AppTest.from_file(APP, default_timeout=TIMEOUT)
    again.query_params.update(dict(at.query_params))
    again.switch_page("pages/data.py").run()
    _no_exceptions(again)
    assert again.selectbox(key="w_target").value == "diagnosis"
    assert again.multiselect(key="w_features").value == ["radius", "area"]
    assert _token(again) == token and _ready(again)


def test_coming_back_to_data_shows_the_pickers_with_the_current_choices():
    at = _upload()
    at.selectbox(key="w_target").set_value("id").run()  # unusable: a different value on every row…
    _no_exceptions(at)
    assert at.error and not _ready(at)
    assert at.dataframe, "the preview (first rows, class counts) is shown for an unusable target too"
    at.selectbox(key="w_target").set_value("diagnosis").run()  # …and back, with no new upload
    at.multiselect(key="w_features").set_value(["area", "smoothness"]).run()
    assert _ready(at)
    _navigate(at, "pages/explore.py")
    _navigate(at, "pages/data.py")
    assert not at.file_uploader[0].value  # the uploader is empty, yet the file and its choices are back
    assert at.selectbox(key="w_target").value == "diagnosis"
    assert at.multiselect(key="w_features").value == ["area", "smoothness"]
    assert _ready(at)


def test_a_continuous_target_still_shows_the_preview():
    at = _upload()
    at.selectbox(key="w_target").set_value("radius").run()
    _no_exceptions(at)
    assert any("continuous" in e.value for e in at.error)
    assert [s.value for s in at.subheader][:2] == ["First rows", "Class counts of “radius”"]
    assert len(at.dataframe[0].value) == 20


def test_the_navigation_shows_the_upload_on_explore_tune_compare_learn_and_export():
    at = _upload()
    dataset = PREFIX + _token(at)
    _navigate(at, "pages/explore.py")
    assert at.selectbox(key="w_dataset").value == dataset and _synthetic_count(at) == 60
    assert at.query_params["dataset"] == dataset
    for page, key in (("pages/tune.py", "t_dataset"), ("pages/compare.py", "c_dataset"),
                      ("pages/learn.py", "l_dataset")):
        _navigate(at, page)
        assert at.selectbox(key=key).value == dataset, page
    _navigate(at, "pages/export.py")
    assert FILE in " ".join(m.value.replace("\\", "") for m in at.markdown)
    table = at.dataframe[0].value  # the last rows: synthetic ones, so without an id
    assert list(table.columns[:2]) == ["id", "radius"] and table["is_synthetic"].all() and table["id"].isna().all()
    assert at.query_params["dataset"] == dataset  # a reload of Export shows the same data
    _navigate(at, "pages/explore.py")
    at.selectbox(key="w_dataset").set_value("moons").run()  # until another dataset is picked
    _navigate(at, "pages/tune.py")
    assert at.selectbox(key="t_dataset").value == "moons"


def test_another_session_without_the_token_never_sees_the_upload():
    token = _token(_upload())
    b = _app()
    assert PREFIX + token not in b.selectbox(key="w_dataset").options
    assert not any(str(o).startswith("Uploaded") for o in b.selectbox(key="w_dataset").options)
    b = _app(dataset="uploaded")  # the old name means this session's upload: B has none
    assert b.selectbox(key="w_dataset").value == "moons" and "Ignored dataset='uploaded'" in _warnings(b)
    b = _navigate(b, "pages/data.py")
    assert any("No file yet" in i.value for i in b.info)
    assert FILE not in str(b._tree)


def test_the_old_name_uploaded_means_this_sessions_upload():
    at = _upload()
    at.query_params["dataset"] = "uploaded"
    at.switch_page("pages/explore.py").run()
    _no_exceptions(at)
    assert at.selectbox(key="w_dataset").value == PREFIX + _token(at)
    assert at.query_params["dataset"] == PREFIX + _token(at)


@pytest.mark.parametrize("how", ["unknown", "expired"])
def test_an_expired_or_unknown_token_says_so_and_falls_back_to_a_builtin(how, store_dir):
    if how == "unknown":
        token = "A" * 22
    else:
        token = _token(_upload())
        (store_dir / token / "used").write_text(repr(time.time() - 8 * 86400))  # last used 8 days ago
    at = _app(dataset=PREFIX + token, k=3)
    _no_exceptions(at)
    said = _warnings(at)
    assert "has expired" in said and "Upload it again on the Data page" in said
    assert at.selectbox(key="w_dataset").value == "moons" and at.slider(key="w_k").value == 3
    assert at.query_params["dataset"] == "moons"
    data = AppTest.from_file(APP, default_timeout=TIMEOUT)
    data.query_params["dataset"] = PREFIX + token
    data.switch_page("pages/data.py").run()
    _no_exceptions(data)
    assert "has expired" in _warnings(data) and any("No file yet" in i.value for i in data.info)


def test_forget_removes_the_file_from_the_store_and_the_session(store_dir):
    at = _upload()
    token = _token(at)
    at.button(key="forget_upload").click().run()
    _no_exceptions(at)
    with pytest.raises(Expired):
        UploadStore().get(token)
    assert not (store_dir / token).exists()
    assert any("forgotten" in s.value for s in at.success) and any("No file yet" in i.value for i in at.info)
    assert not at.file_uploader[0].value
    assert at.query_params.get("dataset") != PREFIX + token
    _navigate(at, "pages/explore.py")
    assert PREFIX + token not in at.selectbox(key="w_dataset").options
    assert at.selectbox(key="w_dataset").value == "moons"
    later = _app(dataset=PREFIX + token)  # its link now says it is gone
    assert "has expired" in _warnings(later)


def test_a_workbooks_sheet_is_saved_with_the_choices():
    buf = _io.BytesIO()
    cells = pd.read_csv(_io.BytesIO(_cells_csv()))
    with pd.ExcelWriter(buf, engine="openpyxl") as book:
        pd.DataFrame({"note": ["see the other sheet"]}).to_excel(book, sheet_name="readme", index=False)
        cells.to_excel(book, sheet_name="cells", index=False)
    at = _upload("cells.xlsx", buf.getvalue())
    at.selectbox(key="w_sheet").set_value("cells").run()
    _no_exceptions(at)
    assert at.selectbox(key="w_target").value == "diagnosis" and _ready(at)
    _navigate(at, "pages/tune.py")
    _navigate(at, "pages/data.py")
    assert at.selectbox(key="w_sheet").value == "cells" and at.selectbox(key="w_target").value == "diagnosis"


def test_the_label_merging_choice_comes_back():
    cells = pd.read_csv(_io.BytesIO(_cells_csv()))
    cells["diagnosis"] = ["B"] * 90 + ["M"] * 20 + ["m "] * 10
    at = _upload("labels.csv", cells.to_csv(index=False).encode())
    assert at.toggle(key="w_merge_labels").value is True and _ready(at)
    assert len(at.dataframe[1].value) == 2  # class counts: B, M
    at.toggle(key="w_merge_labels").set_value(False).run()
    assert len(at.dataframe[1].value) == 3
    _navigate(at, "pages/explore.py")
    _navigate(at, "pages/data.py")
    assert at.toggle(key="w_merge_labels").value is False and len(at.dataframe[1].value) == 3
