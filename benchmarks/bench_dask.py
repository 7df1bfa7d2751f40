"""SMOTE on Dask against the single-machine streaming CLI and imbalanced-learn in memory, same data, same rows.

``python -m benchmarks.bench_dask --rows 10000000 --features 20 --minority 0.01 --out benchmarks/dask.md``

1. Generates ``--rows`` × ``--features`` float64 features with a binary label (``--minority`` of the rows in class 1,
   shifted by one standard deviation), written as ``--parts`` Parquet files in a folder and, for the single-machine
   CLI, as one Parquet file (the same rows in the same order).
2. Runs, one after the other, each in its own process tree (peak RSS of every process sampled with psutil every
   0.1 s, workers and nannies included):

   - ``python -m smote_core resample FOLDER --engine dask --workers W`` (a ``LocalCluster`` of W worker processes;
     OUT a partitioned Parquet dataset), with the time of each stage from its progress lines;
   - ``python -m smote_core resample FILE`` (the streaming single-machine CLI);
   - ``imblearn.over_sampling.SMOTE(random_state=0).fit_resample`` on the whole table read into memory (only up to
     ``--imblearn-rows``; above that it is measured on the first ``--imblearn-rows`` rows, and said so).

   All use k=5, seed 0 and ``sampling_strategy="auto"``; the new rows of each are hashed (SHA-256 of their float64
   values, row after row) and the hashes compared: the same hash is the same synthetic rows, bit for bit.
3. ``--scaling``: where the time goes as the table grows: DaskSMOTE's stages at smaller sizes (rows, minority share,
   workers).

Writes a Markdown report (``--out``) with the machine, the tables and the model of a billion rows on 32 workers.
Run it alone: it uses every core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from benchmarks.machine import cpu_model, memory_gib, nproc

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


# ------------------------------------------------------------------------------------------------ data
def make_data(folder: Path, rows: int, features: int, minority: float, parts: int, seed: int = 0):
    """``folder/parts/part-*.parquet`` and ``folder/table.parquet`` (one row group per part): the same rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    part_dir = folder / "parts"
    part_dir.mkdir(parents=True)
    names = [f"f{j:02d}" for j in range(features)] + ["y"]
    writer = None
    for i, idx in enumerate(np.array_split(np.arange(rows), parts)):
        rng = np.random.RandomState(seed + i)
        y = (rng.rand(len(idx)) < minority).astype(np.int64)
        X = rng.normal(size=(len(idx), features)) + y[:, None]
        table = pa.Table.from_arrays([pa.array(X[:, j]) for j in range(features)] + [pa.array(y)], names=names)
        pq.write_table(table, part_dir / f"part-{i:04d}.parquet")
        if writer is None:
            writer = pq.ParquetWriter(folder / "table.parquet", table.schema)
        writer.write_table(table)
    writer.close()
    return part_dir, folder / "table.parquet"


def synthetic_hash(paths: list[Path], skip: int, columns: list[str]) -> str:
    """SHA-256 of the rows after the first ``skip`` rows of the Parquet ``paths`` (in order), features only."""
    import pyarrow.parquet as pq

    digest = hashlib.sha256()
    seen = 0
    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=262_144, columns=columns):
            values = np.column_stack([batch.column(j).to_numpy() for j in range(batch.num_columns)])
            start = max(0, skip - seen)
            if start < len(values):
                digest.update(np.ascontiguousarray(values[start:], dtype=np.float64).tobytes())
            seen += len(values)
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------------ running
def run_tree(cmd: list[str]) -> dict:
    """Run ``cmd``; its wall time, the peak RSS of each process of its tree and of their sum, its stderr lines
    with the time each arrived (seconds from the start), its stdout."""
    import psutil

    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    lines, out = [], []

    def read(stream, sink, stamp):
        for line in stream:
            sink.append((time.perf_counter() - start, line.rstrip("\n")) if stamp else line)

    readers = [threading.Thread(target=read, args=(proc.stderr, lines, True), daemon=True),
               threading.Thread(target=read, args=(proc.stdout, out, False), daemon=True)]
    for t in readers:
        t.start()
    peaks, roles, peak_total = {}, {}, 0
    while proc.poll() is None:
        total = 0
        try:
            tree = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            tree = [proc]
        for p in tree:
            try:
                rss = p.memory_info().rss
                if p.pid not in roles:
                    roles[p.pid] = _role(p, proc)
            except psutil.Error:
                continue
            peaks[p.pid] = max(peaks.get(p.pid, 0), rss)
            total += rss
        peak_total = max(peak_total, total)
        time.sleep(0.1)
    for t in readers:
        t.join()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n" + "\n".join(line for _, line in lines[-20:]))
    by_role = {}
    for pid, rss in peaks.items():
        by_role.setdefault(roles.get(pid, "other"), []).append(rss)
    return {"wall": wall, "peak_total": peak_total, "by_role": by_role, "stderr": lines, "stdout": "".join(out)}


def _role(p, root) -> str:
    if p.pid == root.pid:
        return "main"
    cmd = " ".join(p.cmdline())
    if "resource_tracker" in cmd:
        return "other"
    if "multiprocessing" in cmd or "spawn" in cmd:
        return "worker"
    return "other"


def stage_times(lines) -> dict:
    """The dask CLI's stages from the time of its progress lines."""
    def at(prefix):
        return next((t for t, line in lines if line.startswith(prefix)), None)

    t_cluster, t_read = at("started a local dask cluster"), at("reading ")
    t_classes, t_write, t_done = at("classes: "), at("writing "), at("wrote ")
    return {"start cluster": t_cluster, "pass 1: check + count": t_classes - t_read,
            "pass 2: gather + neighbours + draws": t_write - t_classes, "interpolate + write parts": t_done - t_write,
            "total": t_done}


def run_dask(parts_dir: Path, out: Path, workers: int) -> dict:
    res = run_tree([PY, "-m", "smote_core", "resample", str(parts_dir), "--engine", "dask", "--workers",
                    str(workers), "--target", "y", "--out", str(out), "--seed", "0"])
    res["stages"] = stage_times(res["stderr"])
    return res


def run_streaming(table: Path, out: Path) -> dict:
    return run_tree([PY, "-m", "smote_core", "resample", str(table), "--target", "y", "--out", str(out),
                     "--seed", "0"])


IMBLEARN = """
import hashlib, json, sys, time
import numpy as np, pyarrow.parquet as pq
from imblearn.over_sampling import SMOTE
path, rows = sys.argv[1], int(sys.argv[2])
t0 = time.perf_counter()
table = pq.read_table(path)
if rows < table.num_rows:
    table = table.slice(0, rows)
X = np.column_stack([table.column(j).to_numpy() for j in range(table.num_columns - 1)])
y = table.column("y").to_numpy()
del table
t1 = time.perf_counter()
X_res, y_res = SMOTE(k_neighbors=5, random_state=0).fit_resample(X, y)
t2 = time.perf_counter()
digest = hashlib.sha256(np.ascontiguousarray(X_res[len(X):]).tobytes()).hexdigest()
print(json.dumps({"read": t1 - t0, "fit_resample": t2 - t1, "hash": digest, "rows": len(X),
                  "new": len(X_res) - len(X)}))
"""


def run_imblearn(table: Path, rows: int) -> dict:
    res = run_tree([PY, "-c", IMBLEARN, str(table), str(rows)])
    res.update(json.loads(res["stdout"].strip().splitlines()[-1]))
    return res


def mib(n) -> str:
    return f"{n / 2**20:,.0f} MiB"


def rss_summary(res: dict) -> str:
    parts = []
    for role in ("main", "worker", "other"):
        values = res["by_role"].get(role, [])
        if values:
            label = {"main": "main", "worker": "worker", "other": "other"}[role]
            parts.append(f"{label} {' / '.join(mib(v) for v in sorted(values, reverse=True)[:4])}")
    return "; ".join(parts)


# ------------------------------------------------------------------------------------------------ main
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--features", type=int, default=20)
    parser.add_argument("--minority", type=float, default=0.01)
    parser.add_argument("--parts", type=int, default=0, help="Parquet files (default: one per 500,000 rows)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--imblearn-rows", type=int, default=10_000_000)
    parser.add_argument("--scaling", action="store_true", help="also DaskSMOTE's stages at smaller sizes")
    parser.add_argument("--scaling-runs", type=int, default=4, help="how many of the scaling runs")
    parser.add_argument("--scaling-from", type=Path, help="scaling results of an earlier run (JSON list), to report")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "dask.md")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    args = parser.parse_args(argv)
    parts = args.parts or max(1, args.rows // 500_000)
    features = [f"f{j:02d}" for j in range(args.features)]
    results = {"args": {k: str(v) for k, v in vars(args).items()},
               "scaling": json.loads(args.scaling_from.read_text()) if args.scaling_from else []}

    with tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp:
        tmp = Path(tmp)
        if args.scaling:
            for rows, share, workers in [(1_000_000, 0.01, 2), (3_000_000, 0.01, 2), (3_000_000, 0.03, 2),
                                         (3_000_000, 0.01, 1)][: args.scaling_runs]:
                folder = tmp / f"s-{rows}-{share}-{workers}"
                parts_dir, _ = make_data(folder, rows, args.features, share, max(1, rows // 500_000))
                res = run_dask(parts_dir, folder / "out", workers)
                results["scaling"].append({"rows": rows, "minority": share, "workers": workers,
                                           "stages": res["stages"], "peak_total": res["peak_total"]})
                print("scaling", rows, share, workers, res["stages"], flush=True)
                subprocess.run(["rm", "-rf", str(folder)], check=True)

        t0 = time.perf_counter()
        parts_dir, table = make_data(tmp / "data", args.rows, args.features, args.minority, parts)
        results["generate"] = time.perf_counter() - t0
        print(f"data: {args.rows:,} rows in {parts} parts, {results['generate']:.0f} s", flush=True)

        dask_res = run_dask(parts_dir, tmp / "dask-out", args.workers)
        out_parts = sorted((tmp / "dask-out").glob("part.*.parquet"))
        dask_hash = synthetic_hash(out_parts, args.rows, features)
        n_new = sum(__import__("pyarrow.parquet").parquet.read_metadata(p).num_rows for p in out_parts) - args.rows
        print("dask", dask_res["wall"], dask_res["stages"], flush=True)
        subprocess.run(["rm", "-rf", str(tmp / "dask-out")], check=True)

        stream_res = run_streaming(table, tmp / "stream.parquet")
        stream_hash = synthetic_hash([tmp / "stream.parquet"], args.rows, features)
        print("streaming", stream_res["wall"], flush=True)
        (tmp / "stream.parquet").unlink()

        imb_rows = min(args.rows, args.imblearn_rows)
        imb_res = run_imblearn(table, imb_rows)
        print("imblearn", imb_res["wall"], flush=True)

    results.update({
        "dask": {k: dask_res[k] for k in ("wall", "peak_total", "by_role", "stages")} | {"hash": dask_hash},
        "streaming": {k: stream_res[k] for k in ("wall", "peak_total", "by_role")} | {"hash": stream_hash},
        "imblearn": {k: imb_res[k] for k in ("wall", "peak_total", "by_role", "read", "fit_resample", "hash",
                                             "rows")},
        "n_new": n_new,
    })
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    args.out.write_text(report(args, parts, results, dask_res, stream_res, imb_res))
    print(f"wrote {args.out}")


def report(args, parts, results, dask_res, stream_res, imb_res) -> str:
    same_stream = results["dask"]["hash"] == results["streaming"]["hash"]
    imb_full = imb_res["rows"] == args.rows
    same_imb = imb_full and results["dask"]["hash"] == results["imblearn"]["hash"]
    mem = memory_gib()
    imb_label = "" if imb_full else f" ({imb_res['rows']:,} rows)"
    lines = [
        "# SMOTE on Dask — benchmark",
        "",
        f"`python -m benchmarks.bench_dask --rows {args.rows} --features {args.features} --minority {args.minority}"
        f"{' --scaling' if args.scaling else ''}` on {cpu_model()}, {nproc()} cores"
        + (f", {mem:.0f} GiB RAM" if mem else "") + f", Python {sys.version.split()[0]}. Other work was running on "
        "the machine at the same time, so the times are upper bounds.",
        "",
        f"Data: {args.rows:,} rows × {args.features} float64 features, {args.minority:.1%} minority "
        f"({int(round(args.rows * args.minority)):,} rows, shifted by one standard deviation), as {parts} Parquet "
        f"files (for the streaming CLI, the same rows as one Parquet file). Every run: k=5, seed 0, "
        f"`sampling_strategy=\"auto\"`: {results['n_new']:,} new rows.",
        "",
        "| run | wall time | peak RSS (each process) | peak RSS (sum of the tree) | same new rows as DaskSMOTE |",
        "|---|---|---|---|---|",
        f"| DaskSMOTE, `--engine dask --workers {args.workers}` (LocalCluster, {args.workers} worker processes) | "
        f"{dask_res['wall']:.0f} s | {rss_summary(dask_res)} | {mib(dask_res['peak_total'])} | — |",
        f"| streaming CLI (`--engine memory`), one process | {stream_res['wall']:.0f} s | {rss_summary(stream_res)} | "
        f"{mib(stream_res['peak_total'])} | {'yes, bit for bit' if same_stream else 'NO'} |",
        f"| imbalanced-learn 0.14 in memory{imb_label} | "
        f"{imb_res['wall']:.0f} s (read {imb_res['read']:.0f} s, fit_resample {imb_res['fit_resample']:.0f} s) | "
        f"{rss_summary(imb_res)} | {mib(imb_res['peak_total'])} | "
        f"{('yes, bit for bit' if same_imb else 'NO') if imb_full else 'not compared (fewer rows)'} |",
        "",
        "DaskSMOTE's stages (seconds from its progress lines): "
        + ", ".join(f"{k} {v:.0f} s" for k, v in dask_res["stages"].items() if v is not None) + ".",
        "",
    ]
    if results["scaling"]:
        lines += [
            "## Where the time goes as the table grows (DaskSMOTE through the CLI)",
            "",
            "| rows | minority | workers | start cluster | pass 1: check + count | pass 2: gather + neighbours + draws "
            "| interpolate + write parts | total | peak RSS (sum) |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for s in results["scaling"]:
            st = s["stages"]
            lines.append(f"| {s['rows']:,} | {s['minority']:.0%} | {s['workers']} | {st['start cluster']:.1f} s | "
                         f"{st['pass 1: check + count']:.1f} s | {st['pass 2: gather + neighbours + draws']:.1f} s | "
                         f"{st['interpolate + write parts']:.1f} s | {st['total']:.1f} s | "
                         f"{mib(s['peak_total']) if s.get('peak_total') else 'not kept'} |")
        lines.append("")
    lines += model(args, dask_res, imb_res)
    return "\n".join(lines) + "\n"


def model(args, dask_res, imb_res) -> list[str]:
    """The paper model of 1 billion rows on 32 workers, from this run's rates."""
    st = dask_res["stages"]
    w = args.workers
    rows = args.rows
    per_worker_pass1 = rows / (st["pass 1: check + count"] * w)  # rows/s per worker
    per_worker_write = rows * 2 / (st["interpolate + write parts"] * w)  # output rows/s per worker
    big_rows, big_workers, big_min = 1_000_000_000, 32, 1_000_000_000 * args.minority
    f = args.features
    pass1 = 2 * big_rows / (per_worker_pass1 * big_workers)  # pass 1 and the gathering pass read everything
    write = 2 * big_rows / (per_worker_write * big_workers)
    class_bytes = big_min * f * 8
    n_new = big_rows - 2 * big_min
    # imbalanced-learn's fit_resample is almost all the exact search of its minority (on every core here): scale it
    # by the square of the minority and share it among the workers' cores.
    imb_min = imb_res["rows"] * args.minority
    search_big = imb_res["fit_resample"] * (big_min / imb_min) ** 2 * nproc() / big_workers
    return [
        "## A billion rows on 32 workers (a model on paper, from the rates above)",
        "",
        f"1,000,000,000 rows × {f} features, {args.minority:.0%} minority ({big_min:,.0f} rows), 32 workers like "
        "these, balanced (`\"auto\"`).",
        "",
        "| part | scales with | what crosses the network | estimate |",
        "|---|---|---|---|",
        f"| pass 1 (check every partition, count classes and rows) and pass 2 (select the minority rows) | all rows "
        f"/ workers | per partition: a few counts; the selected minority rows to the client | "
        f"≈ {pass1 / 60:.0f} min ({per_worker_pass1:,.0f} rows/s per worker measured per pass) |",
        f"| gather the class to grow | minority | {class_bytes / 2**30:.1f} GiB to the client, then broadcast to "
        f"every worker ({32 * class_bytes / 2**30:.0f} GiB in all, less with a tree broadcast) | network bound |",
        f"| exact neighbour search | minority² / workers (brute force at {f} features) | query blocks out, "
        f"neighbour tables back ({big_min * 5 * 8 / 2**30:.1f} GiB) | ≈ {search_big / 3600:,.0f} h (imbalanced-learn's "
        f"fit_resample of {imb_min:,.0f} minority rows, × (minority ratio)², shared by 32 cores): use "
        "`neighbors=\"approximate\"` (n log n) |",
        f"| random draws (client) | new rows ({n_new:,.0f}) | — | {n_new * 24 / 2**30:.0f} GiB on the client "
        f"(parents, neighbours, gaps) plus the provenance frame ({n_new * 33 / 2**30:.0f} GiB) |",
        f"| interpolate + write | all rows + new rows / workers | each block's draws to its worker "
        f"({n_new * 24 / 2**30:.0f} GiB in all) | ≈ {write / 60:.0f} min |",
        "",
        "What stays small: the per-partition counts and the class's rows. What does not, at this size: the draws and "
        "the provenance, which grow with the number of new rows and all sit on the client, and the exact search, "
        "quadratic in the minority. A billion-row balanced resample therefore needs a client with tens of GiB and "
        "the approximate search; growing the minority by a factor rather than to the majority's size (a "
        "`sampling_strategy` dict) keeps both small.",
    ]


if __name__ == "__main__":
    main()
