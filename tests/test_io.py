"""Reading uploads (CSV/TSV/Parquet/Excel, separators, encodings) with clear errors; safe CSV export; hashes."""

import io

import numpy as np
import pandas as pd
import pytest

from smote_core import SmoteError
from smote_core.io import (
    content_hash,
    excel_sheets,
    guess_target,
    load_table,
    split_features,
    summarize,
    to_csv_bytes,
)

FRAME = pd.DataFrame({"x1": [1.5, 2.0, 3.25], "x2": [4, 5, 6], "city": ["Zürich", "Köln", "Paris"],
                      "Class": ["a", "b", "a"]})


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_separators_are_detected(sep):
    raw = FRAME.to_csv(index=False, sep=sep).encode()
    assert load_table(raw, "data.csv").equals(FRAME)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "utf-16"])
def test_encodings(encoding):
    raw = FRAME.to_csv(index=False, sep=";").encode(encoding)
    got = load_table(raw, "data.csv")
    assert list(got["city"]) == ["Zürich", "Köln", "Paris"] and list(got.columns) == list(FRAME.columns)


def test_tsv_parquet_and_excel_with_sheets():
    assert load_table(FRAME.to_csv(index=False, sep="\t").encode(), "d.tsv").equals(FRAME)
    buf = io.BytesIO()
    FRAME.to_parquet(buf)
    assert load_table(buf.getvalue(), "d.parquet").equals(FRAME)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf) as xl:
        FRAME.to_excel(xl, sheet_name="first", index=False)
        FRAME.head(2).to_excel(xl, sheet_name="second", index=False)
    raw = buf.getvalue()
    assert excel_sheets(raw) == ["first", "second"]
    assert len(load_table(raw, "d.xlsx")) == 3 and len(load_table(raw, "d.xlsx", sheet="second")) == 2


def test_quoted_newlines_survive():
    raw = b'a,b,label\n1,"two\nlines",x\n3,four,y\n'
    got = load_table(raw, "q.csv")
    assert got.shape == (2, 3) and got.loc[0, "b"] == "two\nlines"


@pytest.mark.parametrize(
    "raw, name, message",
    [
        (b"", "empty.csv", "is empty"),
        (b"   \n\n", "blank.csv", "is empty"),
        (b"a,b,label\n", "header.csv", "no data rows"),
        (bytes(range(256)) * 20, "junk.csv", "does not look like a text table"),
        (b"PAR1 not really", "broken.parquet", "not a readable Parquet"),
        (b"not a workbook", "broken.xlsx", "could not be read as Excel"),
    ],
)
def test_bad_files_get_clear_messages(raw, name, message):
    with pytest.raises(SmoteError, match=message):
        load_table(raw, name)


def test_guess_target_and_split_features():
    assert guess_target(FRAME) == "Class"
    assert guess_target(FRAME.rename(columns={"Class": "outcome"})) == "outcome"  # else the last column
    assert guess_target(pd.DataFrame({" Label ": [1], "z": [2]})) == " Label "
    frame = FRAME.assign(empty=np.nan, const=7, flag=[True, False, True])
    features, excluded = split_features(frame, "Class")
    assert features == ["x1", "x2", "flag"]
    assert excluded == {"city": "text column", "empty": "all values missing", "const": "constant"}


def test_summarize():
    frame = pd.DataFrame({"f": [1.0, None, 3, 4, 5], "t": ["a", "a", "a", "a", "b"]})
    s = summarize(frame, "t")
    assert s["n_rows"] == 5 and s["n_cols"] == 2
    assert s["class_counts"] == {"a": 4, "b": 1} and s["imbalance_ratio"] == 4
    assert s["missing"] == {"f": 1}


def test_csv_export_neutralises_formulas():
    frame = pd.DataFrame({"=cmd": ["=1+2", "+SUM(A1)", "-3", "@x", "\tTAB", "\rCR", "safe"], "n": range(7)})
    text = to_csv_bytes(frame).decode()
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == ["'=cmd", "n"]
    assert list(back["'=cmd"]) == ["'=1+2", "'+SUM(A1)", "'-3", "'@x", "'\tTAB", "'\rCR", "safe"]
    assert list(back["n"]) == list(range(7))  # numbers are left alone, negative ones included


def test_content_hash_is_stable_and_sensitive():
    assert content_hash(FRAME) == content_hash(FRAME.copy())
    changed = FRAME.copy()
    changed.loc[0, "x1"] = 1.5000001
    assert content_hash(changed) != content_hash(FRAME)
    assert content_hash(FRAME.rename(columns={"x1": "y1"})) != content_hash(FRAME)
    assert content_hash(FRAME.astype({"x2": "float64"})) != content_hash(FRAME)
