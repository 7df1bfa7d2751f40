"""Bad files through the real upload path (AppTest's file uploader on the Data page): a clear message, never a
traceback, and the app still works with a good file afterwards."""

import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, TIMEOUT, _csv_bytes, _no_exceptions


def _frame_bytes(df: pd.DataFrame, **kw) -> bytes:
    return df.to_csv(index=False, **kw).encode(kw.pop("encoding", "utf-8") if "encoding" in kw else "utf-8")


def _excel_two_sheets() -> bytes:
    buf = io.BytesIO()
    df = pd.read_csv(io.BytesIO(_csv_bytes()))
    with pd.ExcelWriter(buf) as xl:
        pd.DataFrame({"notes": ["a", "b"]}).to_excel(xl, sheet_name="readme", index=False)
        df.to_excel(xl, sheet_name="data", index=False)
    return buf.getvalue()


def _nested_parquet() -> bytes:
    buf = io.BytesIO()
    df = pd.read_csv(io.BytesIO(_csv_bytes()))
    df["nested"] = [{"a": i} for i in range(len(df))]
    df.to_parquet(buf)
    return buf.getvalue()


def _with_missing() -> bytes:
    df = pd.read_csv(io.BytesIO(_csv_bytes()))
    df.loc[3, "f1"] = np.nan
    df.loc[5, "f2"] = np.inf
    return df.to_csv(index=False).encode()


REFUSED = {  # file -> words the error must contain
    "empty.csv": (b"", "empty"),
    "header_only.csv": (b"f1,f2,label\n", "no data rows"),
    "binary.csv": (bytes(range(256)) * 40, "does not look like a text table"),
    "one_class.csv": (b"f1,f2,label\n1,2,a\n3,4,a\n5,6,a\n", "only one class"),
    "regression.csv": (
        ("f1,target\n" + "\n".join(f"{i},{i * 0.731 + 0.05:.3f}" for i in range(60))).encode(), "continuous"),
}
ACCEPTED = {  # file -> (bytes, what the page must then show)
    "semicolon_latin1.csv": (_csv_bytes().decode().replace(",", ";").replace("ok", "Zürich").encode("latin-1"),
                             "Ready"),
    "utf16_bom.csv": (b"\xff\xfe" + _csv_bytes().decode().encode("utf-16-le"), "Ready"),
    "quoted_newlines.csv": (_csv_bytes().decode().replace("text", '"two\nlines"').encode(), "Ready"),
    "sheets.xlsx": (_excel_two_sheets(), "Ready"),
    "nested.parquet": (_nested_parquet(), "Ready"),
    "duplicate_names.csv": (_csv_bytes().decode().replace("f1,f2,f3", "f1,f1,f3", 1).encode(), "Ready"),
}


def _upload(name: str, raw: bytes) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value((name, raw, "application/octet-stream")).run()
    _no_exceptions(at)
    return at


@pytest.mark.parametrize("name", list(REFUSED))
def test_bad_files_are_refused_with_a_clear_message_and_the_app_recovers(name):
    raw, words = REFUSED[name]
    at = _upload(name, raw)
    errors = " ".join(e.value for e in at.error)
    assert words in errors, errors
    at.file_uploader[0].set_value(("good.csv", _csv_bytes(), "text/csv")).run()  # the same session goes on
    _no_exceptions(at)
    assert not at.error and any("Ready" in s.value for s in at.success)


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_awkward_but_valid_files_are_read(name):
    raw, words = ACCEPTED[name]
    at = _upload(name, raw)
    if name.endswith(".xlsx"):
        assert at.selectbox[0].label == "Sheet"
        at.selectbox[0].set_value("data").run()
        _no_exceptions(at)
    assert not at.error, [e.value for e in at.error]
    assert any(words in s.value for s in at.success)
    assert at.multiselect[0].value[:1] == [at.multiselect[0].value[0]] and at.multiselect[0].value


def test_missing_and_infinite_values_ask_the_user_and_both_choices_work():
    at = _upload("missing.csv", _with_missing())
    radio = at.radio[0]
    assert radio.label == "Rows with missing values"
    assert any("Dropped 2 rows" in c.value for c in at.caption)  # drop is the first choice
    radio.set_value("median").run()
    _no_exceptions(at)
    assert any("median" in c.value for c in at.caption) and any("72 rows" in s.value for s in at.success)


def test_a_class_of_one_row_is_explained_on_explore():
    df = pd.read_csv(io.BytesIO(_csv_bytes(n_min=1)))
    at = _upload("tiny.csv", df.to_csv(index=False).encode())
    at.query_params["dataset"] = "uploaded"
    at.switch_page("pages/explore.py").run()
    _no_exceptions(at)
    assert any("single row" in e.value for e in at.error)


def test_labels_differing_only_by_case_or_spaces_are_flagged_and_merged_by_default():
    df = pd.read_csv(io.BytesIO(_csv_bytes()))
    df.loc[df.index[-3:], "Label"] = "Fraud "
    at = _upload("labels.csv", df.to_csv(index=False).encode())
    assert any("differ only by case or spaces" in w.value for w in at.warning)
    assert any("rows" in s.value for s in at.success)
    counts = next(d.value for d in at.dataframe if list(d.value.columns) == ["rows"])
    assert dict(counts["rows"]) == {"ok": 60, "fraud": 12}  # the three "Fraud " rows merged into "fraud"
    at.toggle(key="w_merge_labels").set_value(False).run()
    _no_exceptions(at)


# ---------------------------------------------------------------------------------------------- size extremes
WIDE_COLUMNS = 10_000
TALL_ROWS = 1_000_000


def _wide_csv(n_cols: int = WIDE_COLUMNS, n_rows: int = 40) -> bytes:
    """``n_cols`` columns: ``n_cols - 1`` small-integer features and a label (30 "ok", 10 "fraud")."""
    rng = np.random.RandomState(0)
    values = rng.randint(0, 10, (n_rows, n_cols - 1))
    labels = ["ok"] * (n_rows - n_rows // 4) + ["fraud"] * (n_rows // 4)
    header = ",".join([f"p{i}" for i in range(n_cols - 1)] + ["label"])
    body = "\n".join(",".join(map(str, row)) + "," + lab for row, lab in zip(values.tolist(), labels))
    return (header + "\n" + body + "\n").encode()


def _tall_csv(n_rows: int = TALL_ROWS) -> bytes:
    """``n_rows`` rows of one numeric feature and a 0/1 label (one row in ten is 1)."""
    x = np.round(np.random.RandomState(0).normal(size=n_rows), 3)
    frame = pd.DataFrame({"x": x, "label": (np.arange(n_rows) % 10 == 0).astype(int)})
    return frame.to_csv(index=False).encode()


def test_ten_thousand_columns_are_read_by_the_engine():
    from smote_core.data import tables as sio

    frame = sio.load_table(_wide_csv(), "wide.csv")
    assert frame.shape == (40, WIDE_COLUMNS)
    assert sio.guess_target(frame) == "label"
    features, excluded = sio.split_features(frame, "label")
    assert len(features) == WIDE_COLUMNS - 1 and not excluded
    summary = sio.summarize(frame, "label")
    assert summary["n_cols"] == WIDE_COLUMNS and summary["class_counts"] == {"ok": 30, "fraud": 10}
    assert len(sio.content_hash(frame)) == 32


# Run in a child process so that a slow prepare_frame costs this many seconds, not minutes.
_PREPARE_WIDE = """
import sys, warnings
warnings.simplefilter("ignore")
sys.path[:0] = [{tests!r}, {tests_root!r}, {root!r}]
from test_bad_files import _wide_csv
from smote_core.data import prepare, tables
from smote_core.views import explore
frame = tables.load_table(_wide_csv(), "wide.csv")
features, _ = tables.split_features(frame, "label")
prepared, _ = prepare.prepare_frame(frame, "label", features)
res = explore.resample(prepared[features].to_numpy(), prepared["label"].to_numpy(), k=3, ratio=1.0, seed=0)
assert res.X_syn.shape == (20, {width}), res.X_syn.shape
print("ok")
"""
# A hang guard, not a speed target: the quadratic regression took ~170 s; the whole child takes 6-16 s on these
# 2-core machines (imports included, 15 s with another process busy on the second core).
WIDE_BUDGET_S = 60


def test_ten_thousand_columns_are_prepared_in_seconds_then_go_through_the_upload_page():
    """prepare_frame (what the Data page runs after the column choice) must handle 10,000 columns in seconds; then
    the whole upload through the Data page must end in "Ready" with 9,999 features.

    prepare_frame once added columns to a DataFrame one at a time (quadratic: 10,000 columns took about 170 s on a
    2-core machine, the Data page hung); it now takes about 2 s. The child process stops a regression after
    WIDE_BUDGET_S seconds instead of hanging the suite."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    here = Path(__file__).resolve().parent
    code = _PREPARE_WIDE.format(tests=str(here), tests_root=str(here.parent), root=str(here.parents[1]),
                                width=WIDE_COLUMNS - 1)
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=WIDE_BUDGET_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"prepare.prepare_frame took over {WIDE_BUDGET_S} s on {WIDE_COLUMNS:,} columns: the Data page "
                    "would hang on such a file")
    assert done.returncode == 0 and "ok" in done.stdout, done.stderr[-2000:]
    at = _upload("wide.csv", _wide_csv())
    assert not at.error, [e.value for e in at.error]
    assert any("Ready" in s.value and re.search(r"9,?999 features", s.value) for s in at.success), \
        [s.value for s in at.success]
    assert next(m for m in at.metric if m.label == "Columns").value == f"{WIDE_COLUMNS:,}"


def test_a_million_row_file_is_read_by_the_engine_in_reasonable_time():
    import time

    from smote_core.data import tables as sio

    raw = _tall_csv()
    started = time.perf_counter()
    frame = sio.load_table(raw, "tall.csv")
    target = sio.guess_target(frame)
    features, _ = sio.split_features(frame, target)
    summary = sio.summarize(frame, target)
    elapsed = time.perf_counter() - started
    assert frame.shape == (TALL_ROWS, 2) and target == "label" and features == ["x"]
    assert summary["class_counts"] == {0: 900_000, 1: 100_000} and summary["imbalance_ratio"] == 9.0
    assert frame["x"].dtype == np.float64 and not summary["missing"]
    assert elapsed < 30, f"reading {TALL_ROWS:,} rows took {elapsed:.1f} s"


def test_a_million_row_file_through_the_upload_page():
    at = _upload("tall.csv", _tall_csv())
    assert not at.error, [e.value for e in at.error]
    assert any("Ready" in s.value and "1,000,000 rows" in s.value for s in at.success), [s.value for s in at.success]
    assert next(m for m in at.metric if m.label == "Rows").value == "1,000,000"


def test_the_upload_limit_is_configured_and_stated_on_the_data_page():
    """Streamlit itself refuses a file over ``server.maxUploadSize`` (the browser's uploader never sends it, and the
    server answers 413); AppTest bypasses both, so here: the limit is set, and the Data page states it. The refusal in
    the browser is tested in tests/browser/test_robustness_browser.py."""
    import re
    from pathlib import Path

    config = (Path(APP).parent / ".streamlit" / "config.toml").read_text()
    match = re.search(r"^maxUploadSize\s*=\s*(\d+)\s*$", config, re.M)
    assert match, "server.maxUploadSize is not set in .streamlit/config.toml"
    limit = int(match.group(1))
    assert 1 <= limit <= 500
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.switch_page("pages/data.py").run()
    _no_exceptions(at)
    assert any(f"up to {limit} MB" in m.value for m in at.markdown), [m.value for m in at.markdown]
