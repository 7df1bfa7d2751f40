"""Reading the user's tables and writing safe exports.

Only text, Parquet and Excel readers are used: nothing from a file is ever unpickled or evaluated.
"""

from __future__ import annotations

import csv
import hashlib
import io as _io

import numpy as np
import pandas as pd

from ._validation import SmoteError

TARGET_NAMES = ("target", "class", "label", "y")
TEXT_EXTENSIONS = (".csv", ".txt", ".tsv")
PARQUET_EXTENSIONS = (".parquet", ".pq")
EXCEL_EXTENSIONS = (".xlsx", ".xls", ".xlsm")
_DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _as_bytes(data) -> bytes:
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if hasattr(data, "getvalue"):
        return data.getvalue()
    if hasattr(data, "read"):
        return data.read()
    raise SmoteError(f"cannot read {type(data).__name__}: give the file's bytes or an open binary file.")


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _looks_binary(raw: bytes) -> bool:
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls > len(head) * 0.05


def _read_text(raw: bytes, filename: str, sep: str | None) -> pd.DataFrame:
    if _looks_binary(raw):
        raise SmoteError(
            f"“{filename}” does not look like a text table (it contains binary data). Upload a CSV, TSV, Parquet "
            "or Excel file."
        )
    text = _decode(raw)
    if not text.strip():
        raise SmoteError(f"“{filename}” is empty: upload a table with a header row and at least one data row.")
    if sep is None:
        sample = "\n".join(text.splitlines()[:50])
        try:
            sep = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
        except csv.Error:
            sep = ","
    try:
        frame = pd.read_csv(_io.StringIO(text), sep=sep)
    except (pd.errors.ParserError, ValueError) as exc:
        raise SmoteError(f"“{filename}” could not be read as a table ({exc}). Check that every row has the same "
                         "number of columns.") from None
    return frame


def excel_sheets(data) -> list[str]:
    """Names of the sheets of an Excel workbook."""
    raw = _as_bytes(data)
    try:
        return list(pd.ExcelFile(_io.BytesIO(raw)).sheet_names)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SmoteError(f"this Excel file could not be opened ({type(exc).__name__}): save it again as .xlsx "
                         "or export it as CSV.") from None


def load_table(data, filename: str, *, sheet: str | None = None) -> pd.DataFrame:
    """Read an uploaded table.

    Parameters
    ----------
    data : bytes or binary file-like
    filename : str
        Its extension picks the reader: .csv/.txt (separator sniffed among , ; tab |), .tsv, .parquet/.pq,
        .xlsx/.xls; anything else is tried as CSV.
    sheet : str, optional
        The Excel sheet to read (default: the first).

    Returns
    -------
    DataFrame

    Raises
    ------
    SmoteError
        With a sentence saying what is wrong with the file and what to do.
    """
    raw = _as_bytes(data)
    name = filename.lower()
    if not raw:
        raise SmoteError(f"“{filename}” is empty: upload a table with a header row and at least one data row.")
    if name.endswith(PARQUET_EXTENSIONS):
        try:
            frame = pd.read_parquet(_io.BytesIO(raw))
        except Exception as exc:
            raise SmoteError(f"“{filename}” is not a readable Parquet file ({type(exc).__name__}): export it again "
                             "or upload a CSV.") from None
    elif name.endswith(EXCEL_EXTENSIONS):
        try:
            frame = pd.read_excel(_io.BytesIO(raw), sheet_name=sheet or 0)
        except Exception as exc:
            raise SmoteError(f"“{filename}” could not be read as Excel ({type(exc).__name__}): save it as .xlsx or "
                             "export the sheet as CSV.") from None
    else:
        frame = _read_text(raw, filename, "\t" if name.endswith(".tsv") else None)
    if frame.shape[1] == 0:
        raise SmoteError(f"“{filename}” has no columns: it needs a header row and data rows.")
    if len(frame) == 0:
        raise SmoteError(f"“{filename}” has a header but no data rows: add rows to the file.")
    frame.columns = [str(c) for c in frame.columns]
    return frame


def guess_target(frame: pd.DataFrame) -> str:
    """A column named target, class, label or y (any case, spaces ignored), else the last column."""
    for wanted in TARGET_NAMES:
        for c in frame.columns:
            if str(c).strip().lower() == wanted:
                return c
    return frame.columns[-1]


def split_features(frame: pd.DataFrame, target: str) -> tuple[list, dict]:
    """Numeric (and boolean) columns other than the target are features; the rest are left out with a reason.

    Returns
    -------
    features : list of str
    excluded : dict
        ``{column: reason}``.
    """
    features, excluded = [], {}
    for c in frame.columns:
        if c == target:
            continue
        col = frame[c]
        if col.isna().all():
            excluded[c] = "all values missing"
        elif not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
            excluded[c] = "text column"
        elif col.nunique(dropna=True) <= 1:
            excluded[c] = "constant"
        else:
            features.append(c)
    return features, excluded


def summarize(frame: pd.DataFrame, target: str) -> dict:
    """Rows, columns, class counts (largest first), imbalance ratio and missing values per column."""
    counts = frame[target].value_counts(dropna=True)
    counts = {k: int(v) for k, v in counts.items()}
    ratio = (max(counts.values()) / min(counts.values())) if len(counts) >= 2 else None
    missing = frame.isna().sum()
    return {
        "n_rows": int(len(frame)),
        "n_cols": int(frame.shape[1]),
        "class_counts": counts,
        "imbalance_ratio": ratio,
        "missing": {c: int(n) for c, n in missing.items() if n > 0},
    }


def neutralise_cell(value):
    """Prefix a single quote to text that a spreadsheet would run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_DANGEROUS_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV export in UTF-8 with formula-like text cells and header names neutralised."""
    safe = frame.copy()
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    for c in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[c]) or pd.api.types.is_bool_dtype(safe[c])):
            safe[c] = safe[c].map(neutralise_cell)
    # Every text cell quoted: a bare carriage return inside a cell would otherwise split the row.
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8")


def content_hash(frame: pd.DataFrame) -> str:
    """A stable hash of a table's values, column names and dtypes, for cache keys."""
    h = hashlib.sha256()
    h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    h.update(np.asarray(pd.util.hash_pandas_object(frame, index=True).to_numpy()).tobytes())
    return h.hexdigest()[:32]


__all__ = [
    "content_hash", "excel_sheets", "guess_target", "load_table", "neutralise_cell", "split_features",
    "summarize", "to_csv_bytes",
]
