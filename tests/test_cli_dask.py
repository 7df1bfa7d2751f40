"""``python -m smote_core resample IN --engine dask``: the rows of the single-machine CLI, as a Parquet dataset."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster

from smote_core import cli
from test_cli import make_table, run_main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scheduler():
    """A scheduler with in-process workers, reachable over TCP (so that a subprocess can use it too)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                      dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The CLI tests' table as three Parquet files in a folder, and as one CSV file."""
    root = tmp_path_factory.mktemp("dask-in")
    frame = make_table(n=1800, seed=3)
    folder = root / "parts"
    folder.mkdir()
    for i, rows in enumerate(np.array_split(np.arange(len(frame)), 3)):
        frame.iloc[rows].to_parquet(folder / f"part-{i}.parquet", index=False)
    frame.to_csv(root / "table.csv", index=False)
    return frame, folder, root / "table.csv"


def expected(tmp_path, csv: Path, *options):
    """The single-machine CLI's OUT and provenance for the same options."""
    out = tmp_path / "memory.parquet"
    assert cli.main(["resample", str(csv), "--target", "label", "--out", str(out), "--quiet", *options]) == 0
    return pq.read_table(out).to_pandas(), pq.read_table(cli.provenance_path(out)).to_pandas()


def read_dataset(folder: Path) -> pd.DataFrame:
    return pq.read_table(folder).to_pandas()


def assert_same(got: pd.DataFrame, want: pd.DataFrame):
    assert list(got.columns) == list(want.columns)
    for column in want.columns:
        assert np.array_equal(got[column].to_numpy(), want[column].to_numpy()), column


def test_subprocess_folder_matches_the_single_machine_cli(tmp_path, dataset, scheduler):
    frame, folder, csv = dataset
    out = tmp_path / "res"
    proc = subprocess.run(
        [sys.executable, "-m", "smote_core", "resample", str(folder), "--engine", "dask", "--scheduler", scheduler,
         "--target", "label", "--out", str(out), "--k", "3", "--seed", "7"],
        capture_output=True, text=True, cwd=ROOT, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "parts written" in proc.stderr and "100%" in proc.stderr and "classes: 'fraud'" in proc.stderr
    want, want_prov = expected(tmp_path, csv, "--k", "3", "--seed", "7")
    parts = sorted(p.name for p in out.iterdir())
    assert parts[0] == "part.00000.parquet" and len(parts) > 3  # three original parts, then parts of new rows
    assert [pq.read_metadata(out / p).num_rows for p in parts[:3]] == [600, 600, 600]
    assert_same(read_dataset(out), want)
    prov = pq.read_table(tmp_path / "res.provenance.parquet").to_pandas()
    assert_same(prov, want_prov)
    assert list(prov.columns) == ["row", "parent", "neighbor", "gap", "class"]


@pytest.mark.parametrize("source", ["glob", "csv"])
def test_glob_and_csv_inputs(tmp_path, dataset, scheduler, capsys, source):
    frame, folder, csv = dataset
    spec = str(folder / "part-*.parquet") if source == "glob" else str(csv)
    out = tmp_path / "res.parquet"
    code, _, err = run_main(["resample", spec, "--engine", "dask", "--scheduler", scheduler, "--target", "label",
                             "--out", out, "--ratio", "0.5", "--seed", "2"], capsys)
    assert code == 0, err
    want, want_prov = expected(tmp_path, csv, "--ratio", "0.5", "--seed", "2")
    assert_same(read_dataset(out), want)
    assert_same(pq.read_table(tmp_path / "res.provenance.parquet").to_pandas(), want_prov)


def test_borderline_variant(tmp_path, dataset, scheduler, capsys):
    frame, folder, csv = dataset
    out = tmp_path / "res"
    code, _, err = run_main(["resample", folder, "--engine", "dask", "--scheduler", scheduler, "--target", "label",
                             "--out", out, "--variant", "borderline2", "--features", "a,b,c,d", "--quiet"], capsys)
    assert code == 0, err
    assert err == ""
    want, want_prov = expected(tmp_path, csv, "--variant", "borderline2", "--features", "a,b,c,d")
    assert_same(read_dataset(out), want)
    prov = pq.read_table(tmp_path / "res.provenance.parquet").to_pandas()
    assert_same(prov, want_prov)
    assert prov["neighbor_other_class"].any()


@pytest.mark.parametrize(("args", "message"), [
    (["--target", "nope"], "has no column 'nope': the columns are"),
    (["--target", "label", "--k", "500"], "class 'fraud' has .* samples; --k=500 needs at least 501"),
    (["--target", "label", "--variant", "svm"], "--engine dask runs --variant smote, borderline1, borderline2"),
    (["--target", "label", "--workers", "2"], "--workers sets the size of the local cluster; with --scheduler"),
    (["--target", "label", "--ratio", "2"], r"--ratio 2.0 is outside \(0, 1\]"),
    (["--target", "label", "--features", "a,zzz"], "--features names column\\(s\\) 'zzz'"),
])
def test_errors_are_one_line(tmp_path, dataset, scheduler, capsys, args, message):
    frame, folder, csv = dataset
    code, out, err = run_main(["resample", folder, "--engine", "dask", "--scheduler", scheduler,
                               "--out", tmp_path / "o", *args], capsys)
    assert code == 2
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in err

    assert re.search(message, lines[0]), lines[0]
    assert not (tmp_path / "o").exists() and not (tmp_path / "o.part").exists()


def test_path_errors(tmp_path, dataset, capsys):
    frame, folder, csv = dataset
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "x.txt").write_text("x")
    cases = [
        ([tmp_path / "missing", "--out", tmp_path / "o"], "no such file or folder"),
        ([str(tmp_path / "nothing-*.parquet"), "--out", tmp_path / "o"], "no file matches this pattern"),
        ([folder, "--out", taken], "already exists: with --engine dask OUT is a new folder"),
        ([folder, "--out", tmp_path / "no" / "o"], "the folder .* does not exist"),
    ]
    for argv, message in cases:
        code, _, err = run_main(["resample", *argv, "--engine", "dask", "--target", "label"], capsys)
        assert code == 2 and err.startswith("error:") and len(err.strip().splitlines()) == 1, err

        assert re.search(message, err), err
    code, _, err = run_main(["resample", csv, "--target", "label", "--out", tmp_path / "o.csv", "--workers", "2"],
                            capsys)
    assert code == 2 and "--scheduler and --workers are options of --engine dask" in err
