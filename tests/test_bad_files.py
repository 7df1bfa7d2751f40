"""Bad files through the real upload path (AppTest's file uploader on the Data page): a clear message, never a
traceback, and the app still works with a good file afterwards."""

import io

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from test_pages import APP, TIMEOUT, _csv_bytes, _no_exceptions


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
