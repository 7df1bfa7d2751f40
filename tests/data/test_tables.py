"""Reading uploads (CSV/TSV/Parquet/Excel, separators, encodings) with clear errors; safe CSV export; hashes."""

import codecs
import io
import os
import pathlib
import subprocess
import sys
import zipfile

import numpy as np
import pandas as pd
import pytest

from smote_core import SmoteError
from smote_core.data.tables import (
    content_hash,
    excel_sheets,
    guess_target,
    load_table,
    neutralise_cell,
    split_features,
    summarize,
    to_csv_bytes,
)

DATA = pathlib.Path(__file__).parents[1] / "files"
ROOT = pathlib.Path(__file__).parents[2]
FRAME = pd.DataFrame({"x1": [1.5, 2.0, 3.25], "x2": [4, 5, 6], "city": ["Zürich", "Köln", "Paris"],
                      "Class": ["a", "b", "a"]})


def xlsx_bytes(sheets: dict) -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        for name, frame in sheets.items():
            frame.to_excel(xl, sheet_name=name, index=False)
    return buf.getvalue()


def parquet_bytes(frame, **kw) -> bytes:
    buf = io.BytesIO()
    frame.to_parquet(buf, **kw)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------- text files
@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_csv_separators_are_detected(sep):
    raw = FRAME.to_csv(index=False, sep=sep).encode()
    pd.testing.assert_frame_equal(load_table(raw, "data.csv"), FRAME)
    pd.testing.assert_frame_equal(load_table(raw, "data.txt"), FRAME)
    pd.testing.assert_frame_equal(load_table(raw, "data"), FRAME)  # no extension: tried as CSV


def test_separator_inside_quotes_does_not_fool_the_sniffer():
    raw = b'name,notes,label\nfoo,"a;b;c;d",1\nbar,"p;q;r;s",0\nbaz,"x;y;z;w",1\n'
    got = load_table(raw, "q.csv")
    assert list(got.columns) == ["name", "notes", "label"] and got.loc[0, "notes"] == "a;b;c;d"


def test_tsv_is_always_tab_separated():
    raw = b"a,b\tlabel\n1,5\tx\n2,5\ty\n"  # the comma would win if sniffed; .tsv says tab
    got = load_table(raw, "d.tsv")
    assert list(got.columns) == ["a,b", "label"] and got["a,b"].tolist() == [1.5, 2.5]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-16-be",
                                      "utf-16-le", "utf-32"])
def test_encodings(encoding):
    frame = FRAME.assign(city=["Zürich", "Köln", "Genève"])
    raw = frame.to_csv(index=False, sep=";").encode(encoding)
    got = load_table(raw, "data.csv")
    pd.testing.assert_frame_equal(got, frame)


def test_windows_1252_characters_outside_latin_1():
    raw = "item;price\nEuro sign €;1\n“quoted”;2\n".encode("cp1252")
    assert load_table(raw, "d.csv")["item"].tolist() == ["Euro sign €", "“quoted”"]


def test_real_files_from_spreadsheets():
    # Excel's "Unicode Text": UTF-16 with BOM, tab-separated, CRLF line ends.
    uni = load_table((DATA / "excel_unicode_text.txt").read_bytes(), "excel_unicode_text.txt")
    assert list(uni.columns) == ["Größe", "Gewicht", "Stadt", "label"]
    assert uni["Stadt"].tolist() == ["Zürich", "Köln", "München", "Genève"] and uni["Größe"].dtype == float
    # A German-locale CSV: Windows-1252, semicolons, decimal commas.
    eu = load_table((DATA / "european_cp1252.csv").read_bytes(), "european_cp1252.csv")
    assert list(eu.columns) == ["Länge", "Breite", "Preis (€)", "Qualität"]
    assert eu["Länge"].tolist() == [1.5, 3.0, 2.75, 0.5] and eu["Breite"].tolist() == [2.25, 4.5, 1.0, -1.25]
    assert split_features(eu, "Qualität") == (["Länge", "Breite", "Preis (€)"], {})


def test_decimal_commas_only_convert_whole_columns_and_never_with_comma_separators():
    raw = b"x;price;code;label\n1,5;1.234,5;A1;a\n2;12;B,2;b\n-0,25;,5;C3;a\n"
    got = load_table(raw, "d.csv")
    assert got["x"].tolist() == [1.5, 2.0, -0.25] and got["price"].tolist() == [1234.5, 12.0, 0.5]
    assert got["code"].tolist() == ["A1", "B,2", "C3"]
    got = load_table(b'x,label\n"1,5",a\n"2,5",b\n', "d.csv")
    assert got["x"].tolist() == ["1,5", "2,5"]  # with comma separators a quoted 1,5 stays text


def test_headerless_files_get_numbered_columns():
    iris = load_table((DATA / "iris_headerless.data").read_bytes(), "iris.data")
    assert list(iris.columns) == [f"column_{i}" for i in range(1, 6)] and len(iris) == 6
    assert iris.iloc[0].tolist() == [5.1, 3.5, 1.4, 0.2, "Iris-setosa"]
    assert guess_target(iris) == "column_5"
    numbers = load_table(b"6,148,72,0.627,1\n1,85,66,0.351,0\n", "pima.csv")
    assert list(numbers.columns)[0] == "column_1" and len(numbers) == 2
    # Names that happen to be numbers: a 0, 1, 2 … run or an increasing grid is a header.
    assert list(load_table(b"0,1,2\n5,6,7\n", "d.csv").columns) == ["0", "1", "2"]
    assert list(load_table(b"400,450,500,label\n0.1,0.2,0.3,a\n", "d.csv").columns) == ["400", "450", "500",
                                                                                         "label"]
    # Decimal names over a text column whose values never repeat the name: still a header.
    assert list(load_table(b"0.5,1.5,label\n0.1,0.2,a\n0.3,0.4,b\n", "d.csv").columns)[-1] == "label"


def test_spaces_empty_rows_trailing_separators_and_duplicate_names_are_tidied():
    raw = b"a, b ,label;\n1, 2, x;\n\n;;;\n3, 4, y;\n"
    got = load_table(raw.replace(b";", b","), "d.csv")
    assert list(got.columns) == ["a", "b", "label"]  # the empty column from the trailing comma is gone
    assert got["label"].tolist() == ["x", "y"] and len(got) == 2
    dup = load_table(b"a,a ,b\n1,2,3\n", "d.csv")
    assert list(dup.columns) == ["a", "a.1", "b"]


def test_quoted_newlines_and_crlf_survive():
    raw = b'a,b,label\r\n1,"two\r\nlines",x\r\n3,four,y\r\n'
    got = load_table(raw, "q.csv")
    assert got.shape == (2, 3) and got.loc[0, "b"] == "two\r\nlines" and got["a"].tolist() == [1, 3]


def test_file_like_inputs():
    raw = FRAME.to_csv(index=False).encode()
    stream = io.BytesIO(raw)
    stream.read(5)  # already partly read: still read from the start
    pd.testing.assert_frame_equal(load_table(stream, "d.csv"), FRAME)
    pd.testing.assert_frame_equal(load_table(io.StringIO(raw.decode()), "d.csv"), FRAME)
    pd.testing.assert_frame_equal(load_table(bytearray(raw), "d.csv"), FRAME)
    with open(DATA / "european_cp1252.csv", "rb") as fh:
        assert len(load_table(fh, "european_cp1252.csv")) == 4
    with pytest.raises(SmoteError, match="got a path or a string, not the file's contents"):
        load_table("data.csv", "data.csv")


# ---------------------------------------------------------------------------------------------- parquet, excel
def test_parquet_round_trip(tmp_path):
    frame = FRAME.assign(flag=[True, False, True], n=pd.array([1, None, 3], dtype="Int64"))
    path = tmp_path / "d.parquet"
    frame.to_parquet(path)
    pd.testing.assert_frame_equal(load_table(path.read_bytes(), "d.parquet"), frame)
    pd.testing.assert_frame_equal(load_table(path.read_bytes(), "d.pq"), frame)
    # A saved index is a column of the table, not lost.
    indexed = load_table(parquet_bytes(FRAME.set_index("city")), "d.parquet")
    assert list(indexed.columns) == ["city", "x1", "x2", "Class"]


def test_content_decides_when_the_extension_lies():
    assert len(load_table(parquet_bytes(FRAME), "actually_parquet.csv")) == 3
    assert len(load_table(xlsx_bytes({"s": FRAME}), "actually_excel.csv")) == 3
    assert len(load_table(xlsx_bytes({"s": FRAME}), "modern_but_named.xls")) == 3


def test_excel_with_two_sheets(tmp_path):
    raw = xlsx_bytes({"first": FRAME, "second": FRAME.head(2)})
    assert excel_sheets(raw) == ["first", "second"]
    assert excel_sheets(io.BytesIO(raw)) == ["first", "second"]
    pd.testing.assert_frame_equal(load_table(raw, "d.xlsx"), FRAME)  # the first sheet by default
    assert len(load_table(raw, "d.xlsx", sheet="second")) == 2
    assert len(load_table(raw, "d.xlsx", sheet=1)) == 2
    with pytest.raises(SmoteError, match=r"has no sheet named 'third': choose one of 'first', 'second'"):
        load_table(raw, "d.xlsx", sheet="third")
    with pytest.raises(SmoteError, match="there is no sheet number 2"):
        load_table(raw, "d.xlsx", sheet=2)
    saved = (DATA / "two_sheets.xlsx").read_bytes()
    assert excel_sheets(saved) == ["measurements", "notes"]
    assert load_table(saved, "two_sheets.xlsx", sheet="notes").to_dict("list") == {"note": ["second sheet"],
                                                                                   "value": [42]}


@pytest.mark.parametrize(
    "raw, name, message",
    [
        (b"", "empty.csv", "“empty.csv” is empty: upload a table with a header row"),
        (b"   \n\n", "blank.csv", "is empty"),
        (b"\xef\xbb\xbf", "bom_only.csv", "is empty"),
        (b"a,b,label\n", "header.csv", "“header.csv” has a header but no data rows: add rows"),
        (b"a,b,label\n,,\n", "header_and_blank.csv", "has a header but no data rows"),
        (bytes(range(256)) * 20, "junk.csv", "does not look like a text table"),
        (bytes(range(128, 256)) * 40, "high_bytes.csv", "does not look like a text table"),
        (b"\xff\xd8\xff\xe0" + bytes(range(128, 256)) * 10, "photo.csv", "it is a JPEG image"),
        (b"%PDF-1.7\n...", "paper.csv", "it is a PDF document"),
        (b"\x80\x04\x95\x10\x00", "model.csv", "a Python pickle \\(never loaded here"),
        (b"PAR1 not really", "broken.parquet", "“broken.parquet” is not a readable Parquet file .*upload it as CSV"),
        (b"not a workbook at all, no", "broken.xlsx", "it is a text file, not a workbook. Rename it to .csv"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "web.xls", "a web page or XML file"),
        (codecs.BOM_UTF16_LE + "a,b\n1,2\n".encode("utf-16-le")[:-1], "cut.csv", "is damaged"),
        (b"a,b\n1,2\n3,4,5,6\n", "ragged.csv", r"Expected 2 fields in line 3, saw 4\). Every row needs the same "
                                                 r"number of comma-separated fields"),
    ],
)
def test_bad_files_get_clear_messages(raw, name, message):
    with pytest.raises(SmoteError, match=message):
        load_table(raw, name)


def test_archives_and_old_workbooks_say_what_to_do():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data.csv", "a,b\n1,2\n")
    with pytest.raises(SmoteError, match="is a ZIP archive, not a table: unzip it"):
        load_table(buf.getvalue(), "data.zip")
    with pytest.raises(SmoteError, match="is a ZIP archive"):
        load_table(buf.getvalue(), "data.xlsx")
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    with pytest.raises(SmoteError, match="old Excel 97–2003 workbook .*save it as .xlsx or CSV"):
        load_table(ole2, "old.xls")
    with pytest.raises(SmoteError, match="old Excel 97–2003 workbook"):
        excel_sheets(ole2)
    broken = xlsx_bytes({"s": FRAME})[:-200]  # cut off: the ZIP directory is gone
    with pytest.raises(SmoteError, match="could not be read as Excel|is a ZIP archive"):
        load_table(broken, "cut.xlsx")
    with pytest.raises(SmoteError, match="this file could not be read as Excel: it is a text file"):
        excel_sheets(b"a,b\n1,2\n")


# ---------------------------------------------------------------------------------------------- columns
def test_guess_target():
    assert guess_target(FRAME) == "Class"
    assert guess_target(FRAME.rename(columns={"Class": "outcome"})) == "outcome"  # else the last column
    assert guess_target(pd.DataFrame({" Label ": [1], "z": [2]})) == " Label "
    assert guess_target(pd.DataFrame({"y": [1], "LABEL": [2], "z": [3]})) == "LABEL"  # label before y
    assert guess_target(pd.DataFrame({"a": [1], "b": [2], "notes": [np.nan]})) == "b"  # not an empty column
    with pytest.raises(SmoteError, match="no columns"):
        guess_target(pd.DataFrame())


def test_split_features_reasons():
    frame = FRAME.assign(
        empty=np.nan,
        const=7,
        flag=[True, False, True],
        same_flag=[True, True, True],
        when=pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-03"]),
        kind=pd.Categorical(["p", "q", "p"]),
        dirty=["1.5", "?", "2"],
        row=[0, 1, 2],
        id=[17, 4, 99],
        partly_missing=[1.0, np.nan, 3.0],
    )
    features, excluded = split_features(frame, "Class")
    assert features == ["x1", "x2", "flag", "partly_missing"]
    assert excluded == {
        "city": "text column",
        "empty": "all values missing",
        "const": "constant",
        "same_flag": "constant",
        "when": "date or time column",
        "kind": "categorical column",
        "dirty": "numbers mixed with text, e.g. '?'",
        "row": "row number",
        "id": "identifier (a different value on every row)",
    }
    # The target is neither a feature nor excluded, whatever its type.
    features, excluded = split_features(frame, "x2")
    assert "x2" not in features and "x2" not in excluded and "Class" in excluded
    with pytest.raises(SmoteError, match="no column 'nope'"):
        split_features(frame, "nope")


def test_a_pandas_index_written_to_csv_is_not_a_feature():
    raw = FRAME.to_csv().encode()  # index=True: a first column "" holding 0, 1, 2
    got = load_table(raw, "d.csv")
    expected = (["x1", "x2"], {"Unnamed: 0": "row number", "city": "text column"})
    assert split_features(got, guess_target(got)) == expected


def test_summarize():
    frame = pd.DataFrame({"f": [1.0, None, 3, 4, 5, 6], "g": list("uvwxyz"), "t": ["a", "a", "a", "a", "b", None]})
    s = summarize(frame, "t")
    assert s == {"n_rows": 6, "n_cols": 3, "class_counts": {"a": 4, "b": 1}, "imbalance_ratio": 4.0,
                 "missing": {"f": 1, "t": 1}}
    assert list(summarize(pd.DataFrame({"t": [2, 1, 1, 0, 0, 0]}), "t")["class_counts"]) == [0, 1, 2]
    assert all(type(k) is int for k in summarize(pd.DataFrame({"t": np.array([2, 1, 1])}), "t")["class_counts"])
    assert summarize(pd.DataFrame({"t": ["a", "a"]}), "t")["imbalance_ratio"] is None
    with pytest.raises(SmoteError, match="no column 'label'"):
        summarize(frame, "label")


# ---------------------------------------------------------------------------------------------- export
def test_csv_export_neutralises_formulas():
    frame = pd.DataFrame({
        "=cmd": ["=1+2", "+SUM(A1)", "-3", "@x", "\tTAB", "\rCR", "safe", None],
        "n": [0, 1, 2, -3, 4, 5, 6, 7],
        "mixed": ["=HYPERLINK(\"http://x\")", -1.5, "ok", 2, "-2", "a,b", "say \"hi\"", "line\nbreak"],
        "+plus": list("abcdefgh"),
    })
    text = to_csv_bytes(frame).decode("utf-8")
    back = pd.read_csv(io.StringIO(text))
    assert list(back.columns) == ["'=cmd", "n", "mixed", "'+plus"]
    assert back["'=cmd"].tolist()[:7] == ["'=1+2", "'+SUM(A1)", "'-3", "'@x", "'\tTAB", "'\rCR", "safe"]
    assert pd.isna(back["'=cmd"].iloc[7])
    assert back["n"].tolist() == [0, 1, 2, -3, 4, 5, 6, 7]  # numbers are left alone, negative ones included
    assert back["mixed"].tolist() == ["'=HYPERLINK(\"http://x\")", "-1.5", "ok", "2", "'-2", "a,b", "say \"hi\"",
                                      "line\nbreak"]
    # No line of the file starts a formula, and a carriage return in a cell does not split its row.
    assert len(back) == 8
    assert not any(line.lstrip('"').startswith(("=", "+", "@")) for line in text.splitlines())
    assert neutralise_cell(-3) == -3 and neutralise_cell("3") == "3" and neutralise_cell(None) is None


def test_csv_export_round_trips_through_load_table():
    frame = pd.DataFrame({"x1": [0.1, -2.5, 3.0], "flag": [True, False, True], "class": ["a", "-b", "a"]})
    back = load_table(to_csv_bytes(frame), "export.csv")
    assert back["x1"].tolist() == [0.1, -2.5, 3.0] and back["flag"].tolist() == [True, False, True]
    assert back["class"].tolist() == ["a", "'-b", "a"]


# ---------------------------------------------------------------------------------------------- hashing
def test_content_hash_is_stable_and_sensitive():
    base = content_hash(FRAME)
    assert len(base) == 32 and base == content_hash(FRAME.copy())
    assert base == content_hash(load_table(FRAME.to_csv(index=False).encode(), "d.csv"))
    changed = FRAME.copy()
    changed.loc[0, "x1"] = 1.5000001
    variants = [
        changed,
        FRAME.rename(columns={"x1": "y1"}),
        FRAME.astype({"x2": "float64"}),
        FRAME[["x2", "x1", "city", "Class"]],  # column order
        FRAME.iloc[::-1].reset_index(drop=True),  # row order
        FRAME.iloc[::-1],  # same rows, index permuted with them
        FRAME.head(2),
        FRAME.assign(city=["Zürich", "Köln", "Paris "]),
        FRAME.set_axis([10, 11, 12]),
    ]
    hashes = {content_hash(v) for v in variants}
    assert base not in hashes and len(hashes) == len(variants)


def test_content_hash_handles_unhashable_cells():
    frame = pd.DataFrame({"a": [[1, 2], [3]], "b": [1, 2]})
    assert content_hash(frame) == content_hash(frame.copy())
    assert content_hash(frame) != content_hash(pd.DataFrame({"a": [[1, 2], [4]], "b": [1, 2]}))


def test_content_hash_is_the_same_in_a_fresh_process_and_no_streamlit_is_imported():
    code = (
        "import sys, pandas as pd\n"
        "from smote_core.data import datasets, tables\n"
        "frame = pd.DataFrame({'x1': [1.5, 2.0, 3.25], 'x2': [4, 5, 6], 'city': ['Zürich', 'Köln', 'Paris'],"
        " 'Class': ['a', 'b', 'a']})\n"
        "print(tables.content_hash(frame), 'streamlit' in sys.modules)\n"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert out.stdout.split() == [content_hash(FRAME), "False"]


def test_guess_target_reads_the_table_not_the_column_order():
    """The issue: a normal file opened with “y looks continuous (373 distinct decimal values)” while a two-valued
    `diagnosis` column sat right there."""
    from sklearn.datasets import load_breast_cancer

    cancer = load_breast_cancer(as_frame=True).frame
    frame = cancer.drop(columns="target")
    frame.insert(0, "id", np.arange(842302, 842302 + len(frame)))
    frame.insert(1, "diagnosis", np.where(cancer["target"] == 1, "B", "M"))
    assert guess_target(frame) == "diagnosis"
    renamed = frame.rename(columns={"diagnosis": "tumour"})
    assert guess_target(renamed) == "tumour"  # no telling name: the only column that can hold labels
    continuous = frame.assign(target=np.linspace(0, 1, len(frame)))  # a regression column named target
    assert guess_target(continuous) == "diagnosis"
    counted = pd.DataFrame({"a": [0.5, 1.5, 2.5, 3.5], "grade": [1, 2, 2, 3], "flag": [1.0, 0.0, 0.0, 1.0]})
    assert guess_target(counted) == "flag"  # whole-number floats may be labels; fewest distinct values wins
    assert guess_target(pd.DataFrame({"row": [1, 2, 3, 4], "x": [0.1, 0.2, 0.3, 0.4]})) == "x"  # nothing fits
