"""``python -m smote_core resample IN --target COL --out OUT``: resample a CSV or Parquet file from the shell.

With ``--variant smote`` (the default) only the rows of the classes that grow are held in memory; every other row
is streamed from IN to OUT in batches with pyarrow, so memory follows the minority classes, not the majority:

1. one streaming pass counts the classes (and, for CSV, checks that every row parses with one schema);
2. a second pass copies every row to OUT in order and keeps the rows of the classes to grow;
3. SMOTE runs on those rows — the same code as ``smote_core.SMOTE`` — and the new rows are written in blocks
   after the originals, with their provenance in ``OUT``'s stem + ``.provenance`` + ``OUT``'s extension.

The result is the one ``SMOTE(k_neighbors=k, sampling_strategy=fraction_of_majority(y, ratio), random_state=seed,
neighbors=...)`` gives on the whole table, row for row. The other variants look at every row (danger sets, SVMs,
clusters, cleaning), so for them the whole table is read into memory.

With ``--engine dask`` (:func:`resample_dask`) the same SMOTE runs on a dask cluster (``--scheduler ADDRESS``, or a
``LocalCluster`` of ``--workers N``) through :mod:`smote_core.dask`: IN may also be a folder of Parquet files or a
glob, OUT is a new folder (a partitioned Parquet dataset: the original partitions, then partitions of new rows) and
the provenance goes beside it (``OUT.provenance.parquet``).

Errors are one line on stderr (``error: …``) and exit code 2; progress goes to stderr, nothing to stdout unless
asked.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ._validation import SmoteError, _quote_list, check_X
from .data.tables import PARQUET_EXTENSIONS, TEXT_EXTENSIONS, _sniff, load_table, neutralise_cell, to_csv_bytes
from .neighbors import NEIGHBOR_METHODS, make_neighbors
from .samplers._base import _as_input_type, check_class_sizes
from .samplers.smote import interpolate, plan_class

# Rows per Parquet batch and bytes per CSV block read; rows per block of new rows written. Small values are
# only useful to tests (they force many batches on small files).
BATCH_ROWS = 65_536
CSV_BLOCK_BYTES = 8 << 20
WRITE_ROWS = 65_536

_DANGEROUS = r"^[=+\-@\t\r]"


class CliError(SmoteError):
    """A problem with the command line or the files, reported as one line and exit code 2."""


# ---------------------------------------------------------------------------------------------- progress
class Progress:
    """Progress on stderr: a line per stage; within a stage, a percentage (redrawn in place on a terminal)."""

    def __init__(self, stream=None, enabled: bool = True):
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self.tty = enabled and hasattr(self.stream, "isatty") and self.stream.isatty()
        self._label, self._last, self._shown = "", 0.0, -1

    def stage(self, message: str):
        if self.enabled:
            self._end_line()
            print(message, file=self.stream, flush=True)
            self._label, self._shown = message, -1

    def update(self, done: int, total: int, what: str = "rows"):
        if not self.enabled or total <= 0:
            return
        pct = min(100, int(100 * done / total))
        now = time.monotonic()
        if self.tty:
            if pct != 100 and now - self._last < 0.2:
                return
            self.stream.write(f"\r  {pct:3d}%  {done:,} / {total:,} {what}")
            self.stream.flush()
            self._last = now
            self._shown = pct
        elif pct // 10 > self._shown // 10 if self._shown >= 0 else True:
            print(f"  {pct:3d}%  {done:,} / {total:,} {what}", file=self.stream, flush=True)
            self._shown = pct

    def tick(self, done: int, what: str = "rows"):
        """A count with no known total (redrawn on a terminal only)."""
        now = time.monotonic()
        if self.tty and now - self._last >= 0.2:
            self.stream.write(f"\r  {done:,} {what}")
            self.stream.flush()
            self._last, self._shown = now, 0

    def _end_line(self):
        if self.tty and self._shown >= 0:
            self.stream.write("\n")
            self.stream.flush()
            self._shown = -1

    def done(self, message: str):
        self.stage(message)


# ---------------------------------------------------------------------------------------------- reading
def _file_kind(path: Path) -> str:
    ext = path.suffix.lower()
    if ext in PARQUET_EXTENSIONS:
        return "parquet"
    if ext in TEXT_EXTENSIONS:
        return "csv"
    return ""


class _Source:
    """A CSV or Parquet file read in batches of rows, always with one schema."""

    def __init__(self, path: Path):
        self.path = path
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
        if not head:
            raise CliError(f"{path} is empty: give a table with a header row and data rows.")
        tail_ok = False
        if head[:4] == b"PAR1":
            with open(path, "rb") as fh:
                fh.seek(-4, os.SEEK_END)
                tail_ok = fh.read(4) == b"PAR1"
        if _file_kind(path) == "parquet" or tail_ok:
            self.kind = "parquet"
            try:
                # pre_buffer=False: pyarrow would otherwise read ahead and keep most of a large file in memory.
                self._pq = pq.ParquetFile(path, pre_buffer=False, buffer_size=1 << 20)
            except (pa.ArrowException, OSError) as exc:
                raise CliError(f"{path} is not a readable Parquet file ({_one_line(exc)}).") from None
            self.schema = self._pq.schema_arrow
        else:
            self.kind = "csv"
            if b"\x00" in head[:8192]:
                raise CliError(f"{path} does not look like a text table (it contains binary data): give a CSV, "
                               "TSV or Parquet file.")
            text = head.decode("utf-8", errors="replace").lstrip("\ufeff")
            self.delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff(text)[0]
            self._column_types = {}
            self.schema = self._open_csv().schema

    def _open_csv(self, columns=None):
        try:
            return pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(block_size=CSV_BLOCK_BYTES),
                parse_options=pacsv.ParseOptions(delimiter=self.delimiter, newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(column_types=self._column_types, include_columns=columns,
                                                   strings_can_be_null=True),
            )
        except pa.ArrowException as exc:
            raise CliError(f"{self.path} could not be read as CSV ({_one_line(exc)}): save it as UTF-8 CSV with a "
                           "header row.") from None

    def batches(self, columns=None):
        """Record batches of ``columns`` (all by default), in file order."""
        if self.kind == "parquet":
            yield from self._pq.iter_batches(batch_size=BATCH_ROWS, columns=columns)
            return
        reader = self._open_csv(columns)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowException as exc:
                raise CliError(f"{self.path}: {_one_line(exc)}") from None
            yield batch

    def widen_csv_numbers(self, keep: str):
        """Read the integer columns of a CSV but ``keep`` as float64 (a later block had a decimal where the first
        had none)."""
        self._column_types = {name: pa.float64() for name in _widenable(self.schema, keep)}
        self.schema = self._open_csv().schema


def _widenable(schema: pa.Schema, keep: str) -> list[str]:
    """The columns but ``keep`` that a CSV block with a decimal could contradict (integers, or all empty so far)."""
    return [f.name for f in schema if f.name != keep and (pa.types.is_integer(f.type) or pa.types.is_null(f.type))]


def _one_line(exc) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _count_classes(source: _Source, target: str, progress: Progress) -> tuple[dict, int]:
    """``({label: rows}, n_rows)`` in one streaming pass; for CSV every column is parsed, to fix the schema."""
    for attempt in (0, 1):
        counts, n_rows, first_missing = {}, 0, None
        try:
            columns = None if source.kind == "csv" else [target]
            for batch in source.batches(columns):
                col = batch.column(batch.schema.get_field_index(target))
                if col.null_count and first_missing is None:
                    first_missing = n_rows + int(pc.index(pc.is_null(col), True).as_py())
                for item in pc.value_counts(col.drop_null()).to_pylist():
                    counts[item["values"]] = counts.get(item["values"], 0) + item["counts"]
                n_rows += batch.num_rows
                progress.tick(n_rows, "rows counted")
        except CliError:
            if attempt == 0 and source.kind == "csv" and _widenable(source.schema, keep=target):
                source.widen_csv_numbers(keep=target)
                continue
            raise
        break
    if first_missing is not None:
        raise CliError(f"the target column {target!r} is empty on some rows (the first is data row {first_missing}, "
                       "counting from 0): drop those rows or give them a class.")
    if n_rows == 0:
        raise CliError(f"{source.path} has a header but no data rows.")
    return dict(sorted(counts.items())), n_rows


# ---------------------------------------------------------------------------------------------- writing
class _Sink:
    """Batches written to a CSV (made safe for spreadsheets, as ``io.to_csv_bytes``) or a Parquet file."""

    def __init__(self, path: Path, kind: str, schema: pa.Schema):
        self.path, self.kind = path, kind
        self.tmp = path.with_name(path.name + ".part")
        if kind == "csv":
            self.schema = pa.schema([f.with_name(neutralise_cell(f.name)) for f in schema])
            self._writer = pacsv.CSVWriter(
                str(self.tmp), self.schema,
                write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed",
                                                 delimiter="\t" if path.suffix.lower() == ".tsv" else ","),
            )
        else:
            self.schema = schema
            self._writer = pq.ParquetWriter(str(self.tmp), schema)
        self.rows = 0

    def write(self, table):
        if self.kind == "csv":
            table = _neutralised(table, self.schema)
        if isinstance(table, pa.RecordBatch):
            self._writer.write_batch(table)
        else:
            self._writer.write_table(table)
        self.rows += table.num_rows

    def close(self, keep: bool):
        self._writer.close()
        if keep:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def _neutralised(table, schema: pa.Schema):
    """Text cells that a spreadsheet would run as a formula get a leading ``'`` (see ``io.neutralise_cell``)."""
    arrays = []
    for col in table.columns:
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            if pc.any(pc.match_substring_regex(col, _DANGEROUS)).as_py():
                col = pa.array([neutralise_cell(v) for v in col.to_pylist()], type=col.type)
        arrays.append(col)
    if isinstance(table, pa.RecordBatch):
        return pa.RecordBatch.from_arrays(arrays, schema=schema)
    return pa.Table.from_arrays(arrays, schema=schema)


def provenance_path(out: Path) -> Path:
    """Where the provenance of ``out`` goes: ``data.csv`` → ``data.provenance.csv``."""
    return out.with_name(out.stem + ".provenance" + out.suffix)


# ---------------------------------------------------------------------------------------------- resample
def _check_paths(in_path: Path, out_path: Path) -> str:
    if not in_path.exists():
        raise CliError(f"{in_path}: no such file.")
    if in_path.is_dir():
        raise CliError(f"{in_path} is a folder: give a CSV or Parquet file.")
    out_kind = _file_kind(out_path)
    if not out_kind:
        raise CliError(f"--out {out_path}: end the name with .csv, .tsv or .parquet to say which format to write.")
    if out_path.resolve() == in_path.resolve() or provenance_path(out_path).resolve() == in_path.resolve():
        raise CliError(f"--out {out_path} would overwrite the input: choose another name.")
    if not out_path.parent.exists():
        raise CliError(f"--out {out_path}: the folder {out_path.parent} does not exist.")
    return out_kind


def _pick_columns(schema: pa.Schema, target: str, features, path: Path) -> list[str]:
    names = schema.names
    if target not in names:
        raise CliError(f"{path} has no column {target!r}: the columns are {_quote_list(names)}.")
    if len(set(names)) != len(names):
        dups = sorted({n for n in names if names.count(n) > 1})
        raise CliError(f"{path} has duplicate column names {_quote_list(dups)}: rename them so each is unique.")
    if features is None:
        features = [n for n in names if n != target]
        not_numeric = [n for n in features if not _is_numeric(schema.field(n).type)]
        if not_numeric:
            raise CliError(
                f"column(s) {_quote_list(not_numeric)} are not numeric, and SMOTE interpolates numbers: list the "
                "columns to keep with --features a,b,c (the others are left out of OUT), or encode them first."
            )
    else:
        unknown = [f for f in features if f not in names]
        if unknown:
            raise CliError(f"--features names column(s) {_quote_list(unknown)} that {path} does not have: the "
                           f"columns are {_quote_list(names)}.")
        if target in features:
            raise CliError(f"--features includes the target {target!r}: list only the feature columns.")
        not_numeric = [n for n in features if not _is_numeric(schema.field(n).type)]
        if not_numeric:
            raise CliError(f"--features column(s) {_quote_list(not_numeric)} are not numeric: SMOTE interpolates "
                           "numbers, so leave them out or encode them first.")
    if not features:
        raise CliError(f"{path} has no feature column besides the target {target!r}.")
    keep = set(features) | {target}
    return [n for n in names if n in keep]


def _is_numeric(t) -> bool:
    return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t) or pa.types.is_null(t)


def _one_class_error(only) -> CliError:
    """The target has a single class (``only``): there is nothing to balance."""
    return CliError(f"the target has only one class ({only!r}): SMOTE balances classes, so it needs at least "
                    "two. Check --target.")


def _ratio_error(ratio) -> CliError:
    return CliError(f"--ratio {ratio} is outside (0, 1]: 1.0 means every class as large as the majority.")


def _wanted(counts: dict, ratio: float) -> dict:
    """``{class: new rows}``: every class grows to ``int(ratio × majority)`` — ``sampling.fraction_of_majority``."""
    if len(counts) < 2:
        raise _one_class_error(next(iter(counts), None))
    if not (0 < ratio <= 1):
        raise _ratio_error(ratio)
    n_major = max(counts.values())
    return {c: max(n, int(n_major * ratio)) - n for c, n in counts.items()}


def resample_file(in_path, target: str, out_path, *, k: int = 5, ratio: float = 1.0, seed: int | None = 0,
                  neighbors: str = "exact", variant: str = "smote", features=None, progress: Progress | None = None):
    """Resample the table in ``in_path`` and write ``out_path`` and its provenance file.

    Parameters
    ----------
    in_path, out_path : str or Path
        CSV (``.csv``/``.txt``; ``.tsv`` tab-separated; other separators are sniffed) or Parquet
        (``.parquet``/``.pq``). ``OUT`` has the input's columns (or ``features`` and the target, in the input's
        order): the original rows in their order, then the new rows class by class in sorted class order.
    target : str
        The class-label column.
    k : int, default=5
    ratio : float, default=1.0
        Every smaller class grows to ``int(ratio × majority size)`` rows (classes already that large are left as
        they are); see :func:`smote_core.sampling.fraction_of_majority`.
    seed : int or None, default=0
    neighbors : {"exact", "approximate"}, default="exact"
    variant : str, default="smote"
        A key of :data:`smote_core.samplers.registry.SAMPLERS`; only ``"smote"`` streams.
    features : list of str, optional
        Feature columns; default every column but the target (all must then be numeric).
    progress : Progress, optional

    Returns
    -------
    dict
        ``rows_in``, ``rows_out``, ``new_rows`` ({class: n}), ``out``, ``provenance``.

    Raises
    ------
    SmoteError
        With a one-line message (``CliError`` for file and option problems).
    """
    progress = progress or Progress(enabled=False)
    in_path, out_path = Path(in_path), Path(out_path)
    out_kind = _check_paths(in_path, out_path)
    _check_options(k=k, ratio=ratio, neighbors=neighbors, variant=variant)
    resample = _resample_streaming if variant == "smote" else _resample_in_memory
    return resample(in_path, target, out_path, out_kind, k=k, ratio=ratio, seed=seed, neighbors=neighbors,
                    variant=variant, features=features, progress=progress)


def _check_options(*, k, ratio, neighbors, variant):
    """The options of ``resample_file`` that do not depend on the file."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise CliError(f"--k {k}: it must be a whole number ≥ 1 (5 is the usual choice).")
    if neighbors not in NEIGHBOR_METHODS:
        raise CliError(f"--neighbors {neighbors}: use 'exact' or 'approximate'.")
    from .samplers.registry import SAMPLERS

    if variant not in SAMPLERS:
        raise CliError(f"--variant {variant}: choose one of {', '.join(SAMPLERS)}.")
    if variant != "smote" and neighbors != "exact":
        raise CliError(f"--neighbors approximate works with --variant smote only (not {variant}).")
    if not (isinstance(ratio, (int, float)) and 0 < ratio <= 1):
        raise _ratio_error(ratio)


def _result(rows_in: int, rows_out: int, new_rows: dict, out_path: Path) -> dict:
    """What ``resample_file`` returns."""
    return {"rows_in": rows_in, "rows_out": rows_out, "new_rows": new_rows, "out": str(out_path),
            "provenance": str(provenance_path(out_path))}


# ---------------------------------------------------------------------------------------------- resample: streaming
@dataclass(frozen=True)
class _Layout:
    """The columns of OUT (``columns``, in the input's order), with their types in IN and in OUT.

    Interpolated flags are fractions (as in ``smote_core.SMOTE``): boolean (and all-null) columns are float64 in OUT.
    """

    columns: list
    target: str
    in_schema: pa.Schema
    out_schema: pa.Schema

    @classmethod
    def of(cls, schema: pa.Schema, columns: list, target: str) -> _Layout:
        in_schema = pa.schema([schema.field(c) for c in columns])
        out_schema = pa.schema([f.with_type(pa.float64()) if pa.types.is_boolean(f.type) or pa.types.is_null(f.type)
                                else f for f in in_schema])
        return cls(columns, target, in_schema, out_schema)

    @property
    def features(self) -> list:
        return [c for c in self.columns if c != self.target]

    @property
    def target_type(self):
        return self.in_schema.field(self.target).type


@dataclass(frozen=True)
class _Grown:
    """The rows of the classes to grow: features ``X`` (as ``check_X`` returns them), labels, rows in IN."""

    X: object
    props: object
    labels: np.ndarray
    positions: np.ndarray


def _resample_streaming(in_path, target, out_path, out_kind, *, k, ratio, seed, neighbors, variant, features,
                        progress):
    """``--variant smote``: two passes over IN; only the rows of the classes that grow are held in memory."""
    source = _Source(in_path)
    layout, counts, n_rows = _first_pass(source, target, features, in_path, progress)
    new_rows = _wanted(counts, ratio)
    check_class_sizes(counts, new_rows, k, param="--k")
    grow = [c for c, n in new_rows.items() if n > 0]
    progress.stage("classes: " + ", ".join(f"{c!r} {n:,}" + (f" (+{new_rows[c]:,})" if new_rows[c] else "")
                                           for c, n in counts.items()))
    sink = _Sink(out_path, out_kind, layout.out_schema)
    prov_sink = None
    ok = False
    try:
        kept, positions = _second_pass(source, sink, layout, grow, n_rows, out_path, progress)
        if not grow:
            progress.stage("every class is already at least --ratio × the majority: nothing to add.")
        grown = _grown_rows(kept, positions, layout)
        prov_sink = _Sink(provenance_path(out_path), out_kind, _provenance_schema(layout.target_type))
        row_out = n_rows
        for c in grow:
            row_out = _write_class(c, new_rows[c], grown, sink, prov_sink, layout, row_out, k=k, neighbors=neighbors,
                                   seed=seed, progress=progress)
        ok = True
    finally:
        sink.close(keep=ok)
        if prov_sink is not None:
            prov_sink.close(keep=ok)
    added = {c: n for c, n in new_rows.items() if n}
    progress.done(f"wrote {sink.rows:,} rows to {out_path} ({sum(added.values()):,} new) and their provenance to "
                  f"{provenance_path(out_path)}")
    return _result(n_rows, sink.rows, added, out_path)


def _first_pass(source: _Source, target: str, features, in_path: Path, progress: Progress):
    """Pass 1: the columns of OUT, ``{class: rows}`` and the number of rows."""
    _pick_columns(source.schema, target, features, in_path)  # the options checked before the file is read
    progress.stage(f"reading {in_path} (pass 1 of 2: counting classes)")
    counts, n_rows = _count_classes(source, target, progress)
    columns = _pick_columns(source.schema, target, features, in_path)  # the schema may have been widened
    return _Layout.of(source.schema, columns, target), counts, n_rows


def _second_pass(source: _Source, sink: _Sink, layout: _Layout, grow: list, n_rows: int, out_path: Path,
                 progress: Progress) -> tuple[list, np.ndarray]:
    """Pass 2: every row to OUT as it comes; returns the batches of the rows of ``grow`` and their rows in IN."""
    progress.stage(f"copying {n_rows:,} rows to {out_path} (pass 2 of 2), keeping the rows of "
                   f"{', '.join(map(repr, grow)) or 'no class'}")
    columns, out_schema = layout.columns, layout.out_schema
    grow_set = pa.array(grow, type=layout.target_type)
    kept, kept_rows, offset = [], [], 0
    for batch in source.batches(columns):
        batch = batch.select(columns) if batch.schema.names != columns else batch
        batch = batch.cast(out_schema) if batch.schema != out_schema else batch
        sink.write(batch)
        mask = pc.is_in(batch.column(columns.index(layout.target)), value_set=grow_set)
        where = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
        if len(where):
            kept.append(batch.take(pa.array(where)))
            kept_rows.append(where + offset)
        offset += batch.num_rows
        progress.update(offset, n_rows, "rows copied")
    if offset != n_rows:
        raise CliError(f"{source.path} changed while it was being read: run the command again.")
    positions = np.concatenate(kept_rows) if kept_rows else np.empty(0, dtype=np.int64)
    return kept, positions


def _grown_rows(kept: list, positions: np.ndarray, layout: _Layout) -> _Grown:
    """The kept batches as checked features and labels. Empties ``kept``, so that each copy of the rows is freed
    as soon as the next one is made (Arrow → pandas → ``check_X``)."""
    table = pa.Table.from_batches(kept, schema=layout.out_schema) if kept else layout.out_schema.empty_table()
    kept.clear()
    features = layout.features
    frame = table.select(features).to_pandas()
    frame = frame.astype({c: np.float64 for c in features if pa.types.is_boolean(layout.in_schema.field(c).type)})
    labels = np.asarray(table.column(layout.target).to_pylist(), dtype=object)
    del table
    try:
        X, props = check_X(frame)
    except SmoteError as exc:
        raise CliError(f"in the rows of the classes to grow: {exc}") from None
    return _Grown(X, props, labels, positions)


def _write_class(c, n_new: int, grown: _Grown, sink: _Sink, prov_sink: _Sink, layout: _Layout, row_out: int, *,
                 k, neighbors, seed, progress: Progress) -> int:
    """The ``n_new`` new rows of class ``c`` to OUT and their provenance, in blocks; returns the next row number."""
    members = np.flatnonzero(grown.labels == c)
    estimator, _ = make_neighbors(k, name="--k", method=neighbors)
    progress.stage(f"class {c!r}: finding {k} {neighbors} nearest neighbours of {len(members):,} rows")
    _, parents, nbrs, gaps = plan_class(estimator, grown.X[members], members, n_new, seed)
    progress.stage(f"class {c!r}: writing {n_new:,} new rows")
    for start in range(0, n_new, WRITE_ROWS):
        part = slice(start, start + WRITE_ROWS)
        block = _as_input_type(interpolate(grown.X, parents[part], nbrs[part], gaps[part]), grown.props)
        n = len(block)
        sink.write(_new_rows_table(block, c, layout))
        prov_sink.write(pa.table({
            "row": pa.array(np.arange(row_out, row_out + n, dtype=np.int64)),
            "parent": pa.array(grown.positions[parents[part]].astype(np.int64)),
            "neighbor": pa.array(grown.positions[nbrs[part]].astype(np.int64)),
            "gap": pa.array(gaps[part]),
            "class": pa.array([c] * n, type=layout.target_type),
        }, schema=prov_sink.schema))
        row_out += n
        progress.update(start + n, n_new, "new rows")
    return row_out


def _new_rows_table(block, c, layout: _Layout) -> pa.Table:
    """A block of interpolated rows of class ``c`` (a DataFrame of the features) as a table of OUT's schema."""
    n = len(block)
    arrays = [pa.array(block[name].to_numpy(), type=layout.out_schema.field(name).type)
              if name != layout.target else pa.array([c] * n, type=layout.target_type) for name in layout.columns]
    return pa.Table.from_arrays(arrays, schema=layout.out_schema)


def _provenance_schema(target_type) -> pa.Schema:
    return pa.schema([("row", pa.int64()), ("parent", pa.int64()), ("neighbor", pa.int64()),
                      ("gap", pa.float64()), ("class", target_type)])


# ---------------------------------------------------------------------------------------------- resample: in memory
def _resample_in_memory(in_path, target, out_path, out_kind, *, k, ratio, seed, neighbors, variant, features,
                        progress):
    """The variants that need every row: read the whole table, resample, write OUT and the provenance.

    ``neighbors`` is always ``"exact"`` here (``_check_options`` refuses the others).
    """
    from .samplers.registry import make_sampler
    from .sampling import fraction_of_majority

    progress.stage(f"reading {in_path} into memory (--variant {variant} looks at every row)")
    frame = load_table(in_path.read_bytes(), in_path.name)
    features = _frame_features(frame, target, features, in_path)
    y = frame[target]
    if y.isna().any():
        raise CliError(f"the target column {target!r} is empty on some rows: drop those rows or give them a class.")
    if y.nunique() < 2:
        raise _one_class_error(y.unique().tolist()[0])
    sampler = make_sampler(variant, k=k, sampling_strategy=fraction_of_majority(y.to_numpy(), ratio),
                           random_state=seed)
    progress.stage(f"resampling {len(frame):,} rows with {variant}")
    X_res, y_res = sampler.fit_resample(frame[features], y)
    out = X_res.copy()
    out[target] = np.asarray(y_res)
    out = out[[c for c in frame.columns if c in set(features) | {target}]]
    prov = sampler.provenance_.copy()
    if "row" not in prov.columns:
        prov.insert(0, "row", np.arange(len(frame), len(frame) + len(prov)))
    for table, path in ((out, out_path), (prov, provenance_path(out_path))):
        _write_frame(table, path, out_kind)
    progress.done(f"wrote {len(out):,} rows to {out_path} and their provenance to {provenance_path(out_path)}")
    return _result(len(frame), len(out), sampler.sampling_strategy_, out_path)


def _frame_features(frame, target: str, features, in_path: Path) -> list:
    """``features`` (default: every column but ``target``), checked against the columns of ``frame``."""
    if target not in frame.columns:
        raise CliError(f"{in_path} has no column {target!r}: the columns are {_quote_list(frame.columns)}.")
    if features is None:
        return [c for c in frame.columns if c != target]
    unknown = [f for f in features if f not in frame.columns]
    if unknown:
        raise CliError(f"--features names column(s) {_quote_list(unknown)} that {in_path} does not have.")
    return features


def _write_frame(table, path: Path, kind: str):
    """A DataFrame to ``path`` as CSV (safe for spreadsheets) or Parquet, through a ``.part`` file."""
    tmp = path.with_name(path.name + ".part")
    if kind == "csv":
        tmp.write_bytes(to_csv_bytes(table))
    else:
        table.to_parquet(tmp, index=False)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------------------------- resample: dask
#: The variants ``--engine dask`` runs, and the smote_core.dask sampler (and its fixed keywords) of each.
DASK_VARIANTS = {"smote": ("DaskSMOTE", {}), "borderline1": ("DaskBorderlineSMOTE", {"kind": "borderline-1"}),
                 "borderline2": ("DaskBorderlineSMOTE", {"kind": "borderline-2"})}


def dask_provenance_path(out_dir: Path) -> Path:
    """Where ``--engine dask`` writes the provenance: beside OUT (inside, a reader of the dataset would take it for
    a part): ``res`` → ``res.provenance.parquet``, ``res.parquet`` → ``res.provenance.parquet``."""
    if out_dir.suffix.lower() in PARQUET_EXTENSIONS:
        return provenance_path(out_dir)
    return out_dir.with_name(out_dir.name + ".provenance.parquet")


def _dask_inputs(spec: str) -> tuple[list[str], str]:
    """IN for ``--engine dask``: a Parquet file, a folder of Parquet files, a glob, or a CSV file: (files, kind)."""
    import glob

    path = Path(spec)
    if any(ch in spec for ch in "*?["):
        files = sorted(glob.glob(spec))
        if not files:
            raise CliError(f"{spec}: no file matches this pattern.")
    elif path.is_dir():
        files = sorted(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
        if not files:
            raise CliError(f"{path} is an empty folder: give a folder of Parquet files.")
    elif path.exists():
        files = [str(path)]
    else:
        raise CliError(f"{path}: no such file or folder.")
    kinds = {_file_kind(Path(f)) or ("parquet" if _is_parquet(Path(f)) else "") for f in files}
    if kinds == {"parquet"}:
        return files, "parquet"
    if kinds == {"csv"}:
        return files, "csv"
    odd = [f for f in files if not _file_kind(Path(f))][:3]
    raise CliError(f"{spec}: give Parquet files (.parquet) or CSV files (.csv, .tsv), not a mix"
                   + (f" (e.g. {_quote_list(odd)})" if odd else "") + ".")


def _is_parquet(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PAR1"
    except OSError:
        return False


def _check_out_dir(out_dir: Path, files: list[str]):
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise CliError(f"--out {out_dir} already exists: with --engine dask OUT is a new folder (a Parquet dataset); "
                       "choose another name or remove it.")
    if not out_dir.parent.exists():
        raise CliError(f"--out {out_dir}: the folder {out_dir.parent} does not exist.")
    resolved = out_dir.resolve()
    if any(resolved in Path(f).resolve().parents for f in files):
        raise CliError(f"--out {out_dir} is inside the input: choose a folder elsewhere.")


def _dask_client(scheduler, workers, progress: Progress):
    """``(client, cluster or None)``: the scheduler at ``scheduler``, else a LocalCluster of ``workers`` workers."""
    from distributed import Client, LocalCluster

    if scheduler is not None and workers is not None:
        raise CliError("--workers sets the size of the local cluster; with --scheduler the cluster is already "
                       "running: leave out one of them.")
    if workers is not None and (isinstance(workers, bool) or workers < 1):
        raise CliError(f"--workers {workers}: it must be a whole number ≥ 1.")
    if scheduler is not None:
        progress.stage(f"connecting to the dask scheduler at {scheduler}")
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, ValueError) as exc:
            raise CliError(f"--scheduler {scheduler}: could not connect ({_one_line(exc)}). Give the address the "
                           "scheduler prints, e.g. tcp://10.0.0.5:8786.") from None
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0")
    progress.stage(f"started a local dask cluster: {len(cluster.workers)} worker(s)")
    return Client(cluster), cluster


def _dask_table(files, kind, target, features, spec):
    """IN as a dask DataFrame of the columns of OUT, in the input's order."""
    import dask.dataframe as dd

    try:
        ddf = dd.read_parquet(files) if kind == "parquet" else dd.read_csv(
            files, sep="\t" if all(f.lower().endswith(".tsv") for f in files) else ",")
    except (ValueError, TypeError, pa.ArrowException) as exc:
        raise CliError(f"{spec} could not be read as {kind} ({_one_line(exc)}).") from None
    schema = pa.Schema.from_pandas(ddf._meta, preserve_index=False)
    columns = _pick_columns(schema, target, features, Path(spec))
    return ddf[columns], columns


class _RatioStrategy:
    """``--ratio`` as a sampling strategy of smote_core.dask: the new rows of ``_wanted``, from the class counts the
    sampler makes in its first pass (so that IN is not read once more for them); checks ``--k`` and reports."""

    from_counts = True

    def __init__(self, ratio: float, k: int, progress: Progress):
        self.ratio, self.k, self.progress = ratio, k, progress
        self.counts, self.new_rows = {}, {}

    def __call__(self, counts: dict) -> dict:
        self.counts, self.new_rows = counts, _wanted(counts, self.ratio)
        check_class_sizes(counts, self.new_rows, self.k, param="--k")
        self.progress.stage("classes: " + ", ".join(
            f"{c!r} {n:,}" + (f" (+{self.new_rows[c]:,})" if self.new_rows[c] else "") for c, n in counts.items()))
        return {c: n + self.new_rows[c] for c, n in counts.items()}


def _write_dask_part(frame, y, target: str, columns: list, path: str, schema: pa.Schema) -> int:
    """One part of OUT: ``frame`` (with the target already, or its labels ``y``) as Parquet of ``schema``."""
    out = (frame if y is None else frame.assign(**{target: y.to_numpy()}))[columns]
    pq.write_table(pa.Table.from_pandas(out, preserve_index=False).cast(schema), path)
    return len(out)


def resample_dask(in_spec, target: str, out_dir, *, k: int = 5, ratio: float = 1.0, seed: int | None = 0,
                  neighbors: str = "exact", variant: str = "smote", features=None, scheduler=None, workers=None,
                  progress: Progress | None = None) -> dict:
    """``--engine dask``: resample IN on a dask cluster and write OUT as a partitioned Parquet dataset.

    IN is a Parquet file, a folder of Parquet files, a glob (``"data/*.parquet"``) or CSV; OUT is a new folder:
    ``part.00000.parquet`` … (the original partitions in order, then the partitions of new rows); the provenance
    (row, parent, neighbor, gap, class; rows counted from 0 through the parts in order) goes beside it, in
    :func:`dask_provenance_path` (``OUT.provenance.parquet``).
    The rows are those of ``resample_file`` (and so of ``smote_core.SMOTE``) for the same options.

    Returns
    -------
    dict
        ``rows_in``, ``rows_out``, ``new_rows``, ``out``, ``provenance``, ``parts`` (original, new).
    """
    from distributed import as_completed

    from . import dask as smote_dask

    progress = progress or Progress(enabled=False)
    _check_options(k=k, ratio=ratio, neighbors=neighbors, variant=variant)
    if variant not in DASK_VARIANTS:
        raise CliError(f"--engine dask runs --variant {', '.join(DASK_VARIANTS)} (not {variant}); use --engine "
                       "memory for the others.")
    if variant != "smote" and neighbors != "exact":
        raise CliError(f"--neighbors approximate works with --variant smote only (not {variant}).")
    files, kind = _dask_inputs(str(in_spec))
    out_dir = Path(out_dir)
    _check_out_dir(out_dir, files)
    client, cluster = _dask_client(scheduler, workers, progress)
    tmp = out_dir.with_name(out_dir.name + ".part")
    prov_path = dask_provenance_path(out_dir)
    prov_tmp = prov_path.with_name(prov_path.name + ".part")
    try:
        ddf, columns = _dask_table(files, kind, target, features, in_spec)
        progress.stage(f"reading {in_spec} ({len(files)} file(s)) on {len(client.nthreads())} worker(s): checking "
                       "every partition and counting the classes, then gathering the rows of the classes to grow "
                       "and finding their neighbours")
        strategy = _RatioStrategy(ratio, k, progress)
        name, fixed = DASK_VARIANTS[variant]
        options = {"neighbors": neighbors} if variant == "smote" else {}
        sampler = getattr(smote_dask, name)(k_neighbors=k, random_state=seed, sampling_strategy=strategy, **fixed,
                                            **options)
        features_ = [c for c in columns if c != target]
        sampler.fit_resample(ddf[features_], ddf[target])
        counts, new_rows = strategy.counts, strategy.new_rows
        out_meta = ddf._meta.astype({c: np.float64 for c in features_ if ddf._meta[c].dtype == bool})
        schema = pa.Schema.from_pandas(out_meta, preserve_index=False)
        tmp.mkdir()
        import dask

        originals = ddf.astype({c: np.float64 for c in features_ if ddf._meta[c].dtype == bool}).to_delayed()
        tasks = [dask.delayed(_write_dask_part)(part, None, target, columns, str(tmp / f"part.{i:05d}.parquet"),
                                                schema) for i, part in enumerate(originals)]
        tasks += [dask.delayed(_write_dask_part)(x, y, target, columns,
                                                 str(tmp / f"part.{len(tasks) + j:05d}.parquet"), schema)
                  for j, ((x, _), (y, _)) in enumerate(zip(*sampler._new_parts))]
        n_original = len(originals)
        progress.stage(f"writing {len(tasks)} parts to {out_dir} ({n_original} original, "
                       f"{len(tasks) - n_original} of new rows)")
        futures = client.compute(tasks)
        rows_out = 0
        for done, future in enumerate(as_completed(futures), 1):
            rows_out += future.result()
            progress.update(done, len(tasks), "parts written")
        prov = sampler.provenance_  # borderline's neighbor_other_class too, as the single-machine CLI writes it
        prov_schema = _provenance_schema(schema.field(target).type)
        for extra in prov.columns[len(prov_schema):]:
            prov_schema = prov_schema.append(pa.field(extra, pa.bool_()))
        pq.write_table(pa.Table.from_pandas(prov, preserve_index=False).cast(prov_schema), prov_tmp)
        if out_dir.exists():
            out_dir.rmdir()
        os.replace(tmp, out_dir)
        os.replace(prov_tmp, prov_path)
    except ValueError as exc:  # dask's own: e.g. a CSV column whose type changes after the first block
        raise CliError(f"{in_spec}: {_one_line(exc)}") from None
    finally:
        if tmp.exists():
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
        prov_tmp.unlink(missing_ok=True)
        client.close()
        if cluster is not None:
            cluster.close()
    added = {c: n for c, n in new_rows.items() if n}
    rows_in = int(sum(counts.values()))
    progress.done(f"wrote {rows_out:,} rows to {out_dir} ({sum(added.values()):,} new) and their provenance to "
                  f"{prov_path}")
    return {"rows_in": rows_in, "rows_out": rows_out, "new_rows": added, "out": str(out_dir),
            "provenance": str(prov_path), "parts": (n_original, len(tasks) - n_original)}


# ---------------------------------------------------------------------------------------------- main
class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit code 2 (argparse's usual code), no usage block
        self.exit(2, f"error: {message} (see python -m smote_core resample --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m smote_core", description="SMOTE for CSV and Parquet files.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    r = sub.add_parser(
        "resample", help="add synthetic rows of the smaller classes",
        description="Add SMOTE rows to IN and write OUT (originals first, then the new rows) and "
                    "OUT-stem.provenance.EXT (row, parent, neighbor, gap, class; rows counted from 0).",
    )
    r.add_argument("input", metavar="IN", help="CSV/TSV or Parquet file (with --engine dask also a folder of Parquet "
                                                "files or a glob)")
    r.add_argument("--target", required=True, metavar="COL", help="the class-label column")
    r.add_argument("--out", required=True, metavar="OUT", help="output file: .csv, .tsv or .parquet (with --engine "
                                                            "dask a new folder: a partitioned Parquet dataset)")
    r.add_argument("--k", type=int, default=5, help="nearest same-class neighbours to interpolate towards (5)")
    r.add_argument("--ratio", type=float, default=1.0,
                   help="each smaller class grows to RATIO × the majority's size (1.0 = balanced)")
    r.add_argument("--seed", type=int, default=0, help="random seed (0)")
    r.add_argument("--neighbors", choices=NEIGHBOR_METHODS, default="exact",
                   help="exact (bit-identical to imbalanced-learn) or approximate (HNSW; much faster on big classes)")
    r.add_argument("--variant", default="smote",
                   help="sampler: smote (streams the majority rows) or another smote_core variant (whole file in "
                        "memory)")
    r.add_argument("--features", metavar="A,B,C", help="feature columns (default: every column but the target)")
    r.add_argument("--engine", choices=("memory", "dask"), default="memory",
                   help="memory: this process (streams the majority for --variant smote); dask: a dask cluster, "
                        "OUT a new folder of Parquet parts, the provenance beside it in OUT.provenance.parquet")
    r.add_argument("--scheduler", metavar="ADDRESS", help="--engine dask: the scheduler to use (default: a local "
                                                          "cluster)")
    r.add_argument("--workers", type=int, metavar="N", help="--engine dask: workers of the local cluster (default: "
                                                            "one per core)")
    r.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser


def main(argv=None) -> int:
    """Run the command line; returns the exit code (0 done, 2 a problem, reported on one line)."""
    args = build_parser().parse_args(argv)
    progress = Progress(enabled=not args.quiet)
    features = None if args.features is None else [f.strip() for f in args.features.split(",") if f.strip()]
    try:
        if args.engine == "dask":
            resample_dask(args.input, args.target, args.out, k=args.k, ratio=args.ratio, seed=args.seed,
                          neighbors=args.neighbors, variant=args.variant, features=features,
                          scheduler=args.scheduler, workers=args.workers, progress=progress)
        elif args.scheduler is not None or args.workers is not None:
            raise CliError("--scheduler and --workers are options of --engine dask.")
        else:
            resample_file(args.input, args.target, args.out, k=args.k, ratio=args.ratio, seed=args.seed,
                          neighbors=args.neighbors, variant=args.variant, features=features, progress=progress)
    except (SmoteError, OSError, pa.ArrowException, MemoryError) as exc:
        progress._end_line()
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        progress._end_line()
        print("error: interrupted", file=sys.stderr)
        return 130
    return 0
