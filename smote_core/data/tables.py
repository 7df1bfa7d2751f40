"""Reading the user's tables and writing safe exports.

Only text, Parquet and Excel readers are used: nothing from a file is ever unpickled or evaluated. Every problem
with a file is a ``SmoteError`` whose message says what is wrong and what to do, ready to show as it is.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io as _io
import itertools
import re
import warnings
import zipfile

import numpy as np
import pandas as pd

from .._validation import SmoteError

#: Column names that usually hold class labels, most likely first (compared in lower case, spaces stripped).
TARGET_NAMES = ("target", "class", "label", "y", "outcome", "diagnosis", "labels", "classes", "response")
#: A column with more distinct values than this is not guessed as the target.
MAX_GUESSED_CLASSES = 50
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
PARQUET_EXTENSIONS = (".parquet", ".pq")
EXCEL_EXTENSIONS = (".xlsx", ".xls", ".xlsm")
SEPARATORS = (",", ";", "\t", "|")
_SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SNIFF_CHARS = 64 * 1024
_SNIFF_RECORDS = 50
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Signatures of files people upload by mistake. Pickles are named so that they are refused, never loaded.
_OTHER_BINARY = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive: decompress it"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract it"),
    (b"Rar!", "a RAR archive: extract it"),
    (b"SQLite format 3\x00", "an SQLite database: export the table as CSV"),
    (b"\x80\x02", "a Python pickle (never loaded here, it could run code): save the table as CSV or Parquet"),
    (b"\x80\x03", "a Python pickle (never loaded here, it could run code): save the table as CSV or Parquet"),
    (b"\x80\x04", "a Python pickle (never loaded here, it could run code): save the table as CSV or Parquet"),
    (b"\x80\x05", "a Python pickle (never loaded here, it could run code): save the table as CSV or Parquet"),
)
_ID_NAMES = {"id", "index", "unnamed: 0", "row", "rowid", "row_id", "row id"}
_AUTO_NAME = re.compile(r"^(Unnamed: \d+|column_\d+)(\.\d+)?$")


# ---------------------------------------------------------------------------------------------- bytes in
def _label(filename) -> str:
    return f"“{filename}”" if filename else "this file"


def _empty_error(filename) -> SmoteError:
    return SmoteError(f"{_label(filename)} is empty: upload a table with a header row and at least one data row.")


def _as_bytes(data) -> bytes:
    """The bytes of ``data``: bytes-like, or a binary (or text) file-like object, read from its start."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str) or hasattr(data, "__fspath__"):
        raise SmoteError(
            "got a path or a string, not the file's contents: pass its bytes, e.g. open(path, 'rb').read() or "
            "the uploaded file itself."
        )
    if hasattr(data, "getvalue"):
        content = data.getvalue()
    elif hasattr(data, "read"):
        if hasattr(data, "seek"):
            try:
                data.seek(0)
            except (OSError, ValueError):
                pass
        content = data.read()
    else:
        raise SmoteError(f"cannot read a {type(data).__name__}: give the file's bytes or an open binary file.")
    if isinstance(content, str):  # a text-mode file or StringIO
        content = content.encode("utf-8")
    return bytes(content)


def _extension(filename) -> str:
    name = str(filename or "").lower().strip()
    return "." + name.rsplit(".", 1)[1] if "." in name else ""


def _zip_names(raw: bytes) -> list[str] | None:
    """The member names of a ZIP archive (read from its directory, nothing is extracted), or None."""
    try:
        with zipfile.ZipFile(_io.BytesIO(raw)) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _binary_kind(raw: bytes) -> str | None:
    """What a binary file is, from its first bytes.

    Returns ``"parquet"``, ``"xlsx"``, ``"ods"``, ``"zip"``, ``"ole2"`` (an old .xls, or an encrypted workbook),
    a description of some other known format, or None for anything else (probably text).
    """
    if raw[:4] == b"PAR1" and raw[-4:] == b"PAR1":
        return "parquet"
    if raw[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        names = _zip_names(raw)
        if names is None:
            return "zip"
        if "xl/workbook.xml" in names or any(n.startswith("xl/workbook") for n in names):
            return "xlsx"
        if "content.xml" in names and "mimetype" in names:
            return "ods"
        return "zip"
    if raw[:8] == _OLE2:
        return "ole2"
    for magic, what in _OTHER_BINARY:
        if raw.startswith(magic):
            return what
    return None


def _kind_error(kind: str, filename) -> SmoteError:
    label = _label(filename)
    if kind == "zip":
        return SmoteError(f"{label} is a ZIP archive, not a table: unzip it and upload the CSV, Parquet or Excel "
                          "file inside.")
    if kind == "ods":
        return SmoteError(f"{label} is an OpenDocument spreadsheet, which this app cannot read: save it as .xlsx "
                          "or CSV and upload that.")
    if kind == "ole2":
        return SmoteError(f"{label} is an old Excel 97–2003 workbook (or a password-protected one), which this app "
                          "cannot read: open it in Excel or LibreOffice, remove any password and save it as .xlsx "
                          "or CSV.")
    return SmoteError(f"{label} does not look like a text table: it is {kind}. Upload a CSV, TSV, Parquet or "
                      "Excel file.")


# ---------------------------------------------------------------------------------------------- text
def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when mostly-ASCII UTF-16 text lacks its byte-order mark."""
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.4 * len(odd) and even.count(0) <= 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.4 * len(even) and odd.count(0) <= 0.05 * len(odd):
        return "utf-16-be"
    return None


def _decode(raw: bytes, filename) -> tuple[str, str]:
    """Decode text: a BOM decides (UTF-32, UTF-16, UTF-8), else UTF-8, then Windows-1252, then Latin-1.

    Returns the text and the encoding used. Raises ``SmoteError`` for binary data.
    """
    not_text = SmoteError(
        f"{_label(filename)} does not look like a text table (it contains binary data). Upload a CSV, TSV, Parquet "
        "or Excel file; a text file must be saved as UTF-8, UTF-16 or Latin-1."
    )
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
    )
    encoding = None
    for bom, name in boms:
        if raw.startswith(bom):
            encoding, raw = name, raw[len(bom):]
            break
    else:
        if raw.startswith(codecs.BOM_UTF8):
            # The BOM says UTF-8; a stray bad byte is replaced rather than guessing another encoding.
            encoding, text = "utf-8-sig", raw[3:].decode("utf-8", errors="replace")
        else:
            encoding = _utf16_without_bom(raw[:4096])
    if encoding and encoding != "utf-8-sig":
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            raise SmoteError(
                f"{_label(filename)} looks like {encoding.upper()} text but is damaged (cut off or mixed with other "
                "bytes): save it again as a UTF-8 CSV."
            ) from None
    elif encoding is None:
        if b"\x00" in raw[:8192]:
            raise not_text
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = raw.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = raw.decode("latin-1"), "latin-1"
            # Western text in a one-byte encoding is still mostly ASCII; binary data is not.
            sample = text[:8192]
            if sample and sum(c < "\x80" for c in sample) < 0.7 * len(sample):
                raise not_text from None
    sample = text[:8192]
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r") + sample.count("\x7f")
    if "\x00" in sample or controls > 0.05 * max(1, len(sample)):
        raise not_text
    return text, encoding


def _records(sample: str, sep: str) -> list[list[str]]:
    try:
        rows = csv.reader(_io.StringIO(sample), delimiter=sep)
        return [r for r in itertools.islice(rows, _SNIFF_RECORDS + 1) if any(f.strip() for f in r)]
    except csv.Error:
        return []


def _sniff(text: str) -> tuple[str, list[list[str]]]:
    """The separator (among , ; tab |) and the first records split by it.

    The separator is the one that splits the header into two or more fields and then splits the most of the
    next 50 rows into the same number of fields (quotes respected); ties go to more fields, then to the order
    above. A table with a single column gets a comma.
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    best, best_score, best_records = ",", None, None
    for sep in SEPARATORS:
        records = _records(sample, sep)
        if not records or len(records[0]) < 2:
            continue
        n = len(records[0])
        body = records[1:]
        agree = sum(len(r) == n for r in body) / len(body) if body else 1.0
        score = (agree, n)
        if best_score is None or score > best_score:
            best, best_score, best_records = sep, score, records
    if best_records is None:
        best_records = _records(sample, ",")
    return best, best_records


def _to_number(value: str, decimal_comma: bool) -> float | None:
    value = value.strip()
    if decimal_comma and re.fullmatch(r"[+-]?\d*,\d+", value):
        value = value.replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if np.isfinite(number) else None


def _is_headerless(records: list[list[str]], decimal_comma: bool) -> bool:
    """True when the first record is data, not column names.

    That is when every field is a number, unless they are whole numbers in increasing order (0, 1, 2, … or a
    grid of wavelengths or years: column names); or when at least half the fields are decimals such as ``5.1``
    and every other field also occurs further down its column (a headerless file whose class column is text,
    like the UCI iris file, rather than a header naming a text column).
    """
    fields = [f.strip() for f in records[0]]
    numbers = [_to_number(f, decimal_comma) for f in fields]
    if all(x is not None for x in numbers):
        increasing = all(b > a for a, b in zip(numbers, numbers[1:]))
        return not (all(x == int(x) for x in numbers) and increasing)
    decimals = sum(1 for f, x in zip(fields, numbers) if x is not None and not re.fullmatch(r"[+-]?\d+", f))
    if decimals < max(2, len(fields) / 2):
        return False
    below = [{r[j].strip() for r in records[1:] if j < len(r)} for j in range(len(fields))]
    return all(x is not None or f in below[j] for j, (f, x) in enumerate(zip(fields, numbers)))


# 12 | 1,5 | ,5 | 1.234 | 1.234,5 (dots group thousands when the comma is the decimal mark)
_DECIMAL_COMMA = re.compile(r"^\s*[+-]?(\d+|\d{1,3}(\.\d{3})+)?(,\d+)?\s*$")


def _convert_decimal_commas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns written with decimal commas (1,5 or 1.234,5) become numbers, for ; tab and | separated files."""
    for c in frame.columns:
        col = frame[c]
        if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
            continue
        values = col.dropna()
        if values.empty or not all(isinstance(v, str) for v in values):
            continue
        text = values.astype(str)
        if (text.str.contains(",", regex=False).any() and text.str.contains(r"\d", regex=True).all()
                and text.str.match(_DECIMAL_COMMA).all()):
            plain = col.str.strip().str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
            frame[c] = pd.to_numeric(plain)
    return frame


def _read_text(raw: bytes, filename, sep: str | None) -> pd.DataFrame:
    text, _ = _decode(raw, filename)
    if not text.strip():
        raise _empty_error(filename)
    sniffed, records = _sniff(text)
    if sep is not None and sep != sniffed:
        records = _records(text[:_SNIFF_CHARS], sep)
    sep = sep or sniffed
    decimal_comma = sep != ","
    kwargs = dict(sep=sep, skipinitialspace=True, low_memory=False)
    if records and _is_headerless(records, decimal_comma):
        width = max(len(r) for r in records)
        kwargs.update(header=None, names=[f"column_{i + 1}" for i in range(width)])
    try:
        frame = pd.read_csv(_io.StringIO(text), **kwargs)
    except pd.errors.EmptyDataError:
        raise _empty_error(filename) from None
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        detail = str(exc).strip().replace("Error tokenizing data. C error: ", "").rstrip(".")
        raise SmoteError(
            f"{_label(filename)} could not be read as a table ({detail}). Every row needs the same number of "
            f"{_SEPARATOR_NAMES[sep]}-separated fields; a text cell that contains a {_SEPARATOR_NAMES[sep]} must be "
            "in double quotes."
        ) from None
    if decimal_comma:
        frame = _convert_decimal_commas(frame)
    return frame


# ---------------------------------------------------------------------------------------------- parquet, excel
def _read_parquet(raw: bytes, filename) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(_io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises several types for a damaged file
        raise SmoteError(
            f"{_label(filename)} is not a readable Parquet file ({type(exc).__name__}): export it again, or "
            "upload it as CSV."
        ) from None
    if not isinstance(frame.index, pd.RangeIndex):  # a saved index (e.g. an id) is a column of the table
        frame = frame.reset_index()
    return frame


def _workbook(raw: bytes, filename) -> pd.ExcelFile:
    """The open .xlsx workbook in ``raw``, or a ``SmoteError`` saying what the file is instead."""
    kind = _binary_kind(raw)
    if kind == "xlsx":
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's "no default style" and similar
                return pd.ExcelFile(_io.BytesIO(raw), engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise SmoteError(
                f"{_label(filename)} could not be read as Excel ({type(exc).__name__}): open it in Excel or "
                "LibreOffice, save it again as .xlsx, or export the sheet as CSV."
            ) from None
    if kind not in (None, "parquet"):
        raise _kind_error(kind, filename)
    if kind is None:
        try:
            head, _ = _decode(raw[:8192], filename)
        except SmoteError:
            head = None
        if head is not None and head.lstrip().lower().startswith(("<html", "<!doctype", "<?xml", "<table")):
            raise SmoteError(
                f"{_label(filename)} could not be read as Excel: it is a web page or XML file with an Excel name. "
                "Open it in Excel or LibreOffice and save it as .xlsx or CSV."
            )
        if head is not None:
            raise SmoteError(
                f"{_label(filename)} could not be read as Excel: it is a text file, not a workbook. Rename it to "
                ".csv (or .tsv if tab-separated) and upload it again."
            )
    raise SmoteError(
        f"{_label(filename)} could not be read as Excel: it is not an .xlsx workbook. Open it in Excel or "
        "LibreOffice and save it as .xlsx, or export the sheet as CSV."
    )


def excel_sheets(data, filename: str | None = None) -> list[str]:
    """Names of the sheets of an Excel (.xlsx) workbook, in workbook order.

    Parameters
    ----------
    data : bytes or binary file-like
        The workbook's contents.
    filename : str, optional
        Only used to name the file in error messages.

    Returns
    -------
    list of str

    Raises
    ------
    SmoteError
        When the contents are not a readable .xlsx workbook (an old .xls, a renamed text file, a damaged file…).
    """
    raw = _as_bytes(data)
    if not raw:
        raise SmoteError(f"{_label(filename)} is empty: upload a workbook with a header row and data rows.")
    with _workbook(raw, filename) as book:
        return [str(s) for s in book.sheet_names]


def _read_excel(raw: bytes, filename, sheet) -> pd.DataFrame:
    with _workbook(raw, filename) as book:
        names = [str(s) for s in book.sheet_names]
        if sheet is None:
            chosen = book.sheet_names[0]
        elif isinstance(sheet, (int, np.integer)) and not isinstance(sheet, bool):
            if not 0 <= sheet < len(names):
                raise SmoteError(f"{_label(filename)} has {len(names)} sheet(s), so there is no sheet number {sheet}"
                                 f" (counting from 0): choose one of {', '.join(map(repr, names))}.")
            chosen = book.sheet_names[sheet]
        elif str(sheet) in names:
            chosen = book.sheet_names[names.index(str(sheet))]
        else:
            raise SmoteError(f"{_label(filename)} has no sheet named {str(sheet)!r}: choose one of "
                             f"{', '.join(map(repr, names))}.")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                frame = book.parse(chosen)
        except Exception as exc:
            raise SmoteError(
                f"sheet {str(chosen)!r} of {_label(filename)} could not be read ({type(exc).__name__}): save the "
                "workbook again as .xlsx, or export the sheet as CSV."
            ) from None
    return frame.infer_objects()


# ---------------------------------------------------------------------------------------------- load_table
def _tidy(frame: pd.DataFrame, filename) -> pd.DataFrame:
    """String column names (stripped, unique); drop empty rows and empty unnamed columns; check what is left."""
    names, seen = [], set()
    for i, c in enumerate(frame.columns):
        name = str(c).strip() or f"column_{i + 1}"
        base, k = name, 1
        while name in seen:
            name, k = f"{base}.{k}", k + 1
        seen.add(name)
        names.append(name)
    frame.columns = names
    empty_cols = [c for c in frame.columns if _AUTO_NAME.match(c) and frame[c].isna().all()]
    if empty_cols:  # e.g. a separator at the end of every line
        frame = frame.drop(columns=empty_cols)
    if frame.shape[1] == 0:
        raise SmoteError(f"{_label(filename)} has no columns: it needs a header row and data rows.")
    frame = frame.dropna(how="all").reset_index(drop=True)
    if len(frame) == 0:
        raise SmoteError(f"{_label(filename)} has a header but no data rows: add rows to the file.")
    return frame


def load_table(data, filename: str, *, sheet: str | int | None = None) -> pd.DataFrame:
    """Read an uploaded table.

    Parameters
    ----------
    data : bytes or binary file-like
        The file's contents (a text file-like object is accepted too).
    filename : str
        Its extension picks the reader: .csv/.txt (separator sniffed among , ; tab |), .tsv, .parquet/.pq,
        .xlsx/.xlsm/.xls; anything else is read as CSV. A Parquet file or .xlsx workbook is recognised by its
        contents whatever its name.
    sheet : str or int, optional
        The Excel sheet to read, by name or 0-based position (default: the first); see ``excel_sheets``.

    Returns
    -------
    DataFrame
        Column names are strings, stripped of surrounding spaces and made unique. Rows that are entirely empty
        and empty unnamed columns (a trailing separator) are dropped. In text files, a first row of numbers is
        read as data (columns ``column_1``, ``column_2``, …), and with ; tab or | separators, columns of decimal
        commas (``1,5``) are read as numbers.

    Raises
    ------
    SmoteError
        With a sentence saying what is wrong with the file and what to do: empty, a header but no rows,
        binary data, a damaged Parquet or Excel file, an old .xls, an unknown sheet, ragged rows.

    Notes
    -----
    Text encodings: a byte-order mark decides (UTF-8, UTF-16, UTF-32; UTF-16 without one is recognised too),
    otherwise UTF-8, then Windows-1252, then Latin-1.
    """
    raw = _as_bytes(data)
    if not raw:
        raise _empty_error(filename)
    ext = _extension(filename)
    kind = _binary_kind(raw)
    if ext in PARQUET_EXTENSIONS or kind == "parquet":
        frame = _read_parquet(raw, filename)
    elif ext in EXCEL_EXTENSIONS or kind == "xlsx":
        frame = _read_excel(raw, filename, sheet)
    elif kind is not None:
        raise _kind_error(kind, filename)
    else:
        frame = _read_text(raw, filename, "\t" if ext == ".tsv" else None)
    return _tidy(frame, filename)


# ---------------------------------------------------------------------------------------------- columns
def guess_target(frame: pd.DataFrame) -> str:
    """The column that most likely holds the class labels.

    A column can hold class labels when it has from 2 to :data:`MAX_GUESSED_CLASSES` distinct values, repeats
    some of them, and is neither a column of decimals (continuous: a regression target or a measurement) nor a row
    number. Among those, a column named like a target (:data:`TARGET_NAMES`, in that order of preference; any case,
    surrounding spaces ignored) wins, then the one with the fewest distinct values (the last such column on a tie).

    Parameters
    ----------
    frame : DataFrame
        The table, e.g. as :func:`load_table` returns it.

    Returns
    -------
    target : str
        That column; when no column can hold class labels, the first column named like a target, else the last
        column that is not entirely empty (the page then says why it cannot be used).

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": [1, 2, 3, 4], "diagnosis": ["M", "B", "B", "B"],
    ...                       "radius": [17.9, 20.5, 19.6, 11.4], "area": [1001.0, 1326.0, 1203.0, 386.1]})
    >>> guess_target(frame)
    'diagnosis'
    """
    if frame.shape[1] == 0:
        raise SmoteError("the table has no columns, so there is no target to choose: load a table with data.")
    names = {c: str(c).strip().lower() for c in frame.columns}
    labels = [c for c in frame.columns if _can_hold_labels(frame[c])]
    named = [c for wanted in TARGET_NAMES for c in frame.columns if names[c] == wanted]
    for c in named:
        if c in labels:
            return c
    if labels:
        fewest = min(frame[c].nunique() for c in labels)
        return [c for c in labels if frame[c].nunique() == fewest][-1]
    if named:
        return named[0]
    filled = [c for c in frame.columns if not frame[c].isna().all()]
    return (filled or list(frame.columns))[-1]


def _can_hold_labels(col: pd.Series) -> bool:
    """2 to MAX_GUESSED_CLASSES distinct values, some repeated, no decimals, not a row number."""
    values = col.dropna()
    try:
        n_distinct = values.nunique()
    except TypeError:  # lists or dicts (nested Parquet): no labels
        return False
    if not 2 <= n_distinct <= MAX_GUESSED_CLASSES or n_distinct == len(values) or _is_row_number(col):
        return False
    if pd.api.types.is_float_dtype(values):
        numbers = values.to_numpy(dtype=np.float64)
        return bool(np.isfinite(numbers).all() and (numbers == np.floor(numbers)).all())
    return True


def _short(value, limit=20) -> str:
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _is_row_number(col: pd.Series) -> bool:
    if not pd.api.types.is_integer_dtype(col) or len(col) < 3 or col.isna().any():
        return False
    values = col.to_numpy()
    return values[0] in (0, 1) and np.array_equal(values, np.arange(values[0], values[0] + len(values)))


def _exclusion_reason(name, col: pd.Series) -> str | None:
    """Why ``col`` is not a default feature, or None when it is one."""
    if col.isna().all():
        return "all values missing"
    dtype = col.dtype
    if (pd.api.types.is_datetime64_any_dtype(dtype) or pd.api.types.is_timedelta64_dtype(dtype)
            or isinstance(dtype, pd.PeriodDtype)):
        return "date or time column"
    if isinstance(dtype, pd.CategoricalDtype):
        return "categorical column"
    if pd.api.types.is_bool_dtype(dtype):
        return "constant" if col.nunique(dropna=True) <= 1 else None
    if pd.api.types.is_complex_dtype(dtype):
        return "complex numbers"
    if pd.api.types.is_numeric_dtype(dtype):
        if col.nunique(dropna=True) <= 1:
            return "constant"
        if _is_row_number(col):
            return "row number"
        if (str(name).strip().lower() in _ID_NAMES and pd.api.types.is_integer_dtype(dtype)
                and col.is_unique):
            return "identifier (a different value on every row)"
        return None
    values = col.dropna()
    numbers = pd.to_numeric(values.astype(str).str.strip(), errors="coerce")
    n_numeric = int(numbers.notna().sum())
    if 0 < len(values) - n_numeric and n_numeric >= 0.5 * len(values):
        example = values[numbers.isna()].iloc[0]
        return f"numbers mixed with text, e.g. {_short(example)}"
    return "text column"


def _require_target(frame: pd.DataFrame, target):
    if target not in frame.columns:
        raise SmoteError(f"there is no column {str(target)!r} to use as the target: choose one of the table's "
                         "columns.")


def split_features(frame: pd.DataFrame, target: str) -> tuple[list, dict]:
    """The default feature columns, and why every other column is left out.

    Numeric (and boolean) columns other than the target are features, unless they are constant, all missing,
    or a row number / identifier.

    Parameters
    ----------
    frame : DataFrame
    target : str
        The class-label column; never a feature, and not listed in ``excluded``.

    Returns
    -------
    features : list of str
        In table order.
    excluded : dict
        ``{column: reason}`` for every other column, in table order. Reasons: ``"text column"``,
        ``"numbers mixed with text, e.g. 'n/a'"``, ``"all values missing"``, ``"constant"``,
        ``"date or time column"``, ``"categorical column"``, ``"complex numbers"``, ``"row number"``,
        ``"identifier (a different value on every row)"``.
    """
    _require_target(frame, target)
    features, excluded = [], {}
    for c in frame.columns:
        if c == target:
            continue
        reason = _exclusion_reason(c, frame[c])
        if reason is None:
            features.append(c)
        else:
            excluded[c] = reason
    return features, excluded


def id_columns(frame: pd.DataFrame, target: str, features) -> list:
    """The columns outside ``features`` that name rows: an export carries them for the original rows.

    A column other than the target and the features qualifies when it is named like an identifier (``id``,
    ``row_id``, ``patient id``, ``Unnamed: 0`` …) or holds whole numbers or text, none missing, different on every
    row (a row number, a sample code).

    Parameters
    ----------
    frame : DataFrame
    target : str
    features : list of str

    Returns
    -------
    list
        Column names, in table order.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"id": [7, 3, 9], "code": ["a", "b", "c"], "x": [0.1, 0.2, 0.3], "y": [0, 1, 0]})
    >>> id_columns(frame, "y", ["x"])
    ['id', 'code']
    """
    _require_target(frame, target)
    chosen = set(features)
    out = []
    for c in frame.columns:
        if c == target or c in chosen:
            continue
        col = frame[c]
        name = str(c).strip().lower()
        named = name in _ID_NAMES or name.endswith(("_id", " id", "-id")) or bool(_AUTO_NAME.match(str(c)))
        try:
            unique = bool(len(col) and not col.isna().any() and col.is_unique)
        except TypeError:  # unhashable cells (nested Parquet)
            unique = False
        kind_ok = pd.api.types.is_integer_dtype(col) or col.dtype == object or pd.api.types.is_string_dtype(col)
        if (named and not col.isna().all()) or (unique and kind_ok and not pd.api.types.is_bool_dtype(col)):
            out.append(c)
    return out


#: A text column with at most this many distinct values (and repeats) is taken for a category column.
MAX_CATEGORIES = 50


def category_columns(frame: pd.DataFrame, target: str, excluded: dict | None = None) -> list:
    """The columns that look like categories: text or pandas-categorical, with repeated values.

    A text column qualifies with 2 to :data:`MAX_CATEGORIES` distinct values, none of them numbers mixed with text,
    and on average at least two rows per value (free text and identifiers do not). SMOTE-NC and SMOTE-N can use
    these columns; numeric samplers see them one-hot encoded.

    Parameters
    ----------
    frame : DataFrame
    target : str
        The class-label column; never listed.
    excluded : dict, optional
        What :func:`split_features` left out (``{column: reason}``), when the caller has it already.

    Returns
    -------
    list
        Column names, in table order.
    """
    if excluded is None:
        _, excluded = split_features(frame, target)
    out = []
    for c, why in excluded.items():
        if why not in ("text column", "categorical column"):
            continue
        values = frame[c].dropna()
        try:
            n_values = values.nunique()
        except TypeError:  # lists or dicts in the cells (nested Parquet): not categories
            continue
        if 2 <= n_values <= MAX_CATEGORIES and len(values) >= 2 * n_values:
            out.append(c)
    return out


def _plain(value):
    """numpy scalars as Python ones, so that a summary prints and serialises cleanly."""
    return value.item() if isinstance(value, np.generic) else value


def summarize(frame: pd.DataFrame, target: str) -> dict:
    """What the table holds, for the data page.

    Parameters
    ----------
    frame : DataFrame
    target : str
        The class-label column.

    Returns
    -------
    dict
        ``n_rows``, ``n_cols``; ``class_counts`` ({label: rows}, largest first, missing labels not counted);
        ``imbalance_ratio`` (largest class / smallest class, None with fewer than two classes); ``missing``
        ({column: missing values}, only columns that have some, in table order).
    """
    _require_target(frame, target)
    counts = frame[target].value_counts(dropna=True, sort=True)
    counts = {_plain(k): int(v) for k, v in counts.items()}
    ratio = (max(counts.values()) / min(counts.values())) if len(counts) >= 2 else None
    missing = frame.isna().sum()
    return {
        "n_rows": int(len(frame)),
        "n_cols": int(frame.shape[1]),
        "class_counts": counts,
        "imbalance_ratio": ratio,
        "missing": {c: int(n) for c, n in missing.items() if n > 0},
    }


# ---------------------------------------------------------------------------------------------- export, hash
def neutralise_cell(value):
    """Prefix a single quote to text that a spreadsheet would run as a formula (OWASP CSV injection).

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'``; anything else
    (numbers included, negative ones too) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A CSV export that is safe to open in a spreadsheet.

    Parameters
    ----------
    frame : DataFrame
        Written without its index.

    Returns
    -------
    bytes
        UTF-8 CSV. Text cells and header names that start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
        return are prefixed with ``'`` (see ``neutralise_cell``); every text cell is quoted, so a carriage return
        inside a cell cannot split a row. Numbers are written as they are.
    """
    safe = frame.copy()
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    for i in range(safe.shape[1]):
        col = safe.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
            safe.isetitem(i, col.map(neutralise_cell))
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")


def _hashable_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns holding unhashable cells (lists, arrays, dicts: e.g. nested Parquet) as their text."""
    out = frame
    for i in range(frame.shape[1]):
        col = frame.iloc[:, i]
        if col.dtype == object:
            try:
                pd.util.hash_pandas_object(col, index=False)
            except TypeError:
                if out is frame:
                    out = frame.copy()
                out.isetitem(i, col.map(lambda v: f"{type(v).__name__}:{v!r}"))
    return out


def content_hash(frame: pd.DataFrame) -> str:
    """A stable hash of a table's content, for cache keys.

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    str
        32 hex characters. The same values, column names, dtypes, row order and index give the same hash in every
        process; changing any of them changes it.

    Notes
    -----
    Built from ``pandas.util.hash_pandas_object`` (fixed key, so independent of Python's hash seed) and SHA-256.
    Cells that cannot be hashed (lists, arrays) are hashed through their ``repr``.
    """
    h = hashlib.sha256()
    h.update(repr((frame.shape, [(str(c), str(t)) for c, t in frame.dtypes.items()])).encode())
    try:
        rows = pd.util.hash_pandas_object(frame, index=True)
    except TypeError:
        rows = pd.util.hash_pandas_object(_hashable_view(frame), index=True)
    h.update(np.ascontiguousarray(rows.to_numpy(dtype=np.uint64)).tobytes())
    return h.hexdigest()[:32]


__all__ = [
    "category_columns", "content_hash", "excel_sheets", "guess_target", "id_columns", "load_table", "neutralise_cell",
    "split_features", "summarize", "to_csv_bytes",
]
