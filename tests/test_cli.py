"""``python -m smote_core resample``: the same rows as smote_core.SMOTE, streamed, safe CSV, one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from smote_core import SMOTE, cli, fraction_of_majority, interpolate

ROOT = Path(__file__).resolve().parents[1]


def make_table(n=3000, seed=0, labels=("ok", "mid", "fraud"), shares=(0.75, 0.17, 0.08)) -> pd.DataFrame:
    rng = np.random.RandomState(seed)
    frame = pd.DataFrame(rng.normal(size=(n, 4)), columns=["a", "b", "c", "d"])
    frame["count"] = rng.randint(0, 50, n)
    frame["label"] = rng.choice(list(labels), size=n, p=list(shares))
    return frame


def read(path: Path) -> pd.DataFrame:
    return pq.read_table(path).to_pandas() if path.suffix == ".parquet" else pacsv.read_csv(path).to_pandas()


def expected(frame: pd.DataFrame, target="label", k=5, ratio=1.0, seed=0, neighbors="exact"):
    X, y = frame.drop(columns=target), frame[target]
    sm = SMOTE(k_neighbors=k, sampling_strategy=fraction_of_majority(y.to_numpy(), ratio), random_state=seed,
               neighbors=neighbors)
    X_res, y_res = sm.fit_resample(X, y)
    return X_res.assign(**{target: np.asarray(y_res)}), sm


def run_main(argv, capsys):
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def small_batches(monkeypatch):
    """Many batches on small files, so that streaming and block writing are really exercised."""
    monkeypatch.setattr(cli, "BATCH_ROWS", 256)
    monkeypatch.setattr(cli, "CSV_BLOCK_BYTES", 16 << 10)
    monkeypatch.setattr(cli, "WRITE_ROWS", 300)


def test_subprocess_csv_matches_smote_bit_for_bit(tmp_path):
    frame = make_table()
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    frame.to_csv(src, index=False)
    proc = subprocess.run(
        [sys.executable, "-m", "smote_core", "resample", str(src), "--target", "label", "--out", str(out),
         "--k", "3", "--seed", "7"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert "pass 2 of 2" in proc.stderr and "100%" in proc.stderr  # progress on stderr
    want, sm = expected(pacsv.read_csv(src).to_pandas(), k=3, seed=7)
    got = read(out)
    assert list(got.columns) == list(want.columns)
    assert np.array_equal(got.drop(columns="label").to_numpy(), want.drop(columns="label").to_numpy())
    assert got["label"].tolist() == want["label"].tolist()
    prov = read(tmp_path / "out.provenance.csv")
    assert list(prov.columns) == ["row", "parent", "neighbor", "gap", "class"]
    assert np.array_equal(prov["row"], np.arange(len(frame), len(want)))
    for col in ("parent", "neighbor", "gap"):
        assert np.array_equal(prov[col].to_numpy(), sm.provenance_[col].to_numpy())


@pytest.mark.parametrize("neighbors", ["exact", "approximate"])
def test_parquet_streamed_in_small_batches(tmp_path, capsys, small_batches, neighbors):
    frame = make_table(n=2500, seed=1)
    src, out = tmp_path / "in.parquet", tmp_path / "res.parquet"
    frame.to_parquet(src, index=False)
    code, stdout, err = run_main(["resample", src, "--target", "label", "--out", out, "--ratio", "0.6",
                                  "--neighbors", neighbors], capsys)
    assert code == 0, err
    got, prov = read(out), read(tmp_path / "res.provenance.parquet")
    n_major = frame["label"].value_counts().max()
    counts = got["label"].value_counts()
    assert counts["ok"] == n_major and counts["mid"] == int(0.6 * n_major) and counts["fraud"] == int(0.6 * n_major)
    assert got.iloc[: len(frame)].reset_index(drop=True).equals(frame)  # the originals, in order, untouched
    X = frame.drop(columns="label").to_numpy(dtype=float)
    new = got.iloc[len(frame):]
    rebuilt = interpolate(X, prov["parent"].to_numpy(), prov["neighbor"].to_numpy(), prov["gap"].to_numpy())
    assert np.array_equal(new[["a", "b", "c", "d"]].to_numpy(), rebuilt[:, :4])
    assert np.array_equal(new["count"].to_numpy(), rebuilt[:, 4].astype(np.int64))  # ints truncated back
    assert (frame["label"].to_numpy()[prov["parent"]] == prov["class"]).all()
    assert (frame["label"].to_numpy()[prov["neighbor"]] == prov["class"]).all()
    assert (prov["parent"] != prov["neighbor"]).all()
    if neighbors == "exact":
        want, _ = expected(frame, ratio=0.6)
        assert got.reset_index(drop=True).equals(want.reset_index(drop=True))


def test_only_the_classes_to_grow_are_held_in_memory(tmp_path, capsys, small_batches, monkeypatch):
    frame = make_table(n=4000, seed=2, labels=("major", "minor"), shares=(0.9, 0.1))
    frame.loc[frame["label"] == "major", "a"] = np.nan  # never looked at: majority rows only pass through
    src, out = tmp_path / "in.csv", tmp_path / "out.parquet"
    frame.to_csv(src, index=False)
    seen, batch_sizes = [], []
    real_check, real_batches = cli.check_X, cli._Source.batches
    monkeypatch.setattr(cli, "check_X", lambda X: seen.append(len(X)) or real_check(X))

    def batches(self, columns=None):
        for b in real_batches(self, columns):
            batch_sizes.append(b.num_rows)
            yield b

    monkeypatch.setattr(cli._Source, "batches", batches)
    code, _, err = run_main(["resample", src, "--target", "label", "--out", out], capsys)
    assert code == 0, err
    assert seen == [int((frame["label"] == "minor").sum())]
    assert len(batch_sizes) > 10 and max(batch_sizes) < len(frame) / 5
    got = read(out)
    n_major = int((frame["label"] == "major").sum())
    assert got["label"].value_counts().to_dict() == {"major": n_major, "minor": n_major}
    assert got["a"].iloc[: len(frame)].isna().sum() == (frame["label"] == "major").sum()


def test_csv_output_is_safe_for_spreadsheets(tmp_path, capsys):
    frame = make_table(n=600, labels=("=cmd|' /C calc'!A0", "+ok", "plain"), shares=(0.2, 0.3, 0.5))
    frame = frame.rename(columns={"a": "@risk"})
    src, out = tmp_path / "in.parquet", tmp_path / "out.csv"
    frame.to_parquet(src, index=False)
    code, _, err = run_main(["resample", src, "--target", "label", "--out", out, "--k", "2"], capsys)
    assert code == 0, err
    text = out.read_text()
    header = text.splitlines()[0]
    assert header.startswith('"\'@risk"')
    assert '"\'=cmd|' in text and "\n=cmd" not in text and ',=cmd' not in text
    assert '"\'+ok"' in text and '"plain"' in text
    prov_text = (tmp_path / "out.provenance.csv").read_text()
    assert '"\'=cmd|' in prov_text and ',"=cmd' not in prov_text


def test_integer_column_that_turns_decimal_later_is_widened(tmp_path, capsys, small_batches):
    frame = make_table(n=3000, seed=3)
    frame["count"] = frame["count"].astype(float)
    frame.loc[2900, "count"] = 2.5  # the first blocks hold only whole numbers
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    frame.to_csv(src, index=False, float_format="%g")
    code, _, err = run_main(["resample", src, "--target", "label", "--out", out], capsys)
    assert code == 0, err
    assert read(out)["count"].iloc[2900] == 2.5


def test_features_option_and_other_variants(tmp_path, capsys):
    frame = make_table(n=800, seed=4).assign(note="text")
    src = tmp_path / "in.csv"
    frame.to_csv(src, index=False)
    code, _, err = run_main(["resample", src, "--target", "label", "--out", tmp_path / "o.csv"], capsys)
    assert code == 2 and "'note'" in err and "--features" in err
    code, _, err = run_main(["resample", src, "--target", "label", "--out", tmp_path / "o.csv",
                             "--features", "a,b,count"], capsys)
    assert code == 0, err
    assert list(read(tmp_path / "o.csv").columns) == ["a", "b", "count", "label"]
    code, _, err = run_main(["resample", src, "--target", "label", "--out", tmp_path / "b.parquet",
                             "--features", "a,b,c,d", "--variant", "borderline1", "--k", "3"], capsys)
    assert code == 0, err
    prov = read(tmp_path / "b.provenance.parquet")
    assert {"row", "parent", "neighbor", "gap", "class"} <= set(prov.columns)


# ---------------------------------------------------------------------------------------------- errors


@pytest.fixture
def table_csv(tmp_path):
    frame = make_table(n=400, seed=5)
    frame.loc[frame.index[:3], "label"] = "tiny"
    path = tmp_path / "in.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "extra, fragment",
    [
        (["--target", "nope"], "no column 'nope'"),
        (["--k", "0"], "--k 0"),
        (["--k", "3"], "class 'tiny' has 3 samples; --k=3 needs at least 4"),
        (["--ratio", "1.5"], "--ratio 1.5 is outside (0, 1]"),
        (["--neighbors", "fast"], "invalid choice: 'fast'"),
        (["--k", "five"], "invalid int value: 'five'"),
        (["--variant", "nope"], "--variant nope"),
        (["--variant", "adasyn", "--neighbors", "approximate"], "works with --variant smote only"),
        (["--out", "OUT.json"], "end the name with .csv, .tsv or .parquet"),
        (["--target", "a"], "are not numeric"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(table_csv, capsys, extra, fragment):
    argv = ["resample", table_csv, "--target", "label", "--out", table_csv.with_name("out.csv")]
    for i in range(0, len(extra), 2):
        if extra[i] in argv:
            argv[argv.index(extra[i]) + 1] = extra[i + 1]
        else:
            argv += extra[i: i + 2]
    if "OUT.json" in extra:
        argv[argv.index("--out") + 1] = table_csv.with_name("OUT.json")
    code, _, err = run_main(argv, capsys)
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[-1].startswith("error: ") and fragment in lines[-1], err
    assert "Traceback" not in err
    assert not table_csv.with_name("out.csv").exists()
    assert not list(table_csv.parent.glob("*.part"))


def test_missing_file_and_one_class_and_empty_target(tmp_path, capsys):
    code, _, err = run_main(["resample", tmp_path / "nope.csv", "--target", "y", "--out", tmp_path / "o.csv"],
                            capsys)
    assert code == 2 and "nope.csv: no such file" in err
    one = tmp_path / "one.csv"
    pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": ["a", "a", "a"]}).to_csv(one, index=False)
    for variant in ("smote", "adasyn"):  # streamed, and read into memory: the same sentence
        code, _, err = run_main(["resample", one, "--target", "y", "--out", tmp_path / "o.csv", "--variant", variant],
                                capsys)
        assert code == 2 and "the target has only one class ('a')" in err and "Check --target" in err, err
    holes = tmp_path / "holes.csv"
    holes.write_text("x,y\n1,a\n2,\n3,b\n4,a\n")
    code, _, err = run_main(["resample", holes, "--target", "y", "--out", tmp_path / "o.csv"], capsys)
    assert code == 2 and "empty on some rows (the first is data row 1" in err
    code, _, err = run_main(["resample", one, "--target", "y", "--out", one], capsys)
    assert code == 2 and "would overwrite the input" in err


def test_subprocess_error_has_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "smote_core", "resample", str(tmp_path / "missing.parquet"), "--target", "y",
         "--out", str(tmp_path / "o.parquet")],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and proc.stderr.startswith("error: ")
    assert "Traceback" not in proc.stderr


def test_the_installed_console_script_is_main():
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        dist = distribution("smote-explorer")
    except PackageNotFoundError:
        pytest.skip("smote-explorer is not installed (make installs it with pip install -e . --no-deps)")
    scripts = {ep.name: ep.value for ep in dist.entry_points if ep.group == "console_scripts"}
    assert scripts == {"smote-core": "smote_core.cli:main"}
    import smote_core

    assert dist.version == smote_core.__version__  # pyproject.toml reads the version from the package
