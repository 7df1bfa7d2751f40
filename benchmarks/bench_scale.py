"""SMOTE at scale: smote_core (exact and approximate neighbours) against imbalanced-learn, same data, same run.

``python -m benchmarks.bench_scale`` measures, at 10k, 200k and 1M rows × 20 features
(``make_classification(weights=[0.9], flip_y=0.01)``: about 10.4% minority, 104k minority rows at 1M):

- the time of ``fit_resample`` for imbalanced-learn's SMOTE, ``smote_core.SMOTE()`` and
  ``smote_core.SMOTE(neighbors="approximate")``: each run in a fresh subprocess, the three methods interleaved run
  after run, so that whatever else the machine does falls on all three alike; medians, and the ratio of each
  smote_core median to imbalanced-learn's from the same run;
- recall@k of the approximate neighbours against the exact ones (same class, same rows);
- peak memory: the subprocess's peak RSS (``ru_maxrss``) minus its RSS just before ``fit_resample`` (the input and
  the libraries already loaded), next to the size of the output ``X_res``;
- whether smote_core's exact output is bit-identical to imbalanced-learn's (up to 200k rows, where it is cheap to
  keep both);
- the candidate approximate-k-NN libraries on the largest minority class (why hnswlib), and a downstream
  classifier trained on exact and on approximate SMOTE output.

The results go to ``benchmarks/results.md`` between the markers of its "SMOTE at scale" section (the rest of the
file is left as it is); ``benchmarks/run.py`` (``make bench``) runs this too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.machine import cpu_model, nproc

ROOT = Path(__file__).resolve().parents[1]

SIZES = (10_000, 200_000, 1_000_000)
REPEATS = {10_000: 5, 200_000: 3, 1_000_000: 2}
METHODS = ("imblearn", "exact", "approximate")
K = 5
START, END = "<!-- bench_scale:start -->", "<!-- bench_scale:end -->"


def make_data(n: int, d: int = 20, seed: int = 0):
    """The issue's data: 20 features, 90/10 classes plus 1% flipped labels."""
    from sklearn.datasets import make_classification

    return make_classification(n_samples=n, n_features=d, weights=[0.9], flip_y=0.01, random_state=seed)


def machine() -> str:
    return f"{cpu_model()}, nproc {nproc()}, {platform.machine()}, Python {platform.python_version()}"


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# ---------------------------------------------------------------------------------------------- one run
def worker(method: str, data: str, keep: str | None) -> dict:
    """One ``fit_resample`` in this (fresh) process: time, memory, and optionally the neighbours and output."""
    arrays = np.load(data)
    X, y = arrays["X"], arrays["y"]
    if method == "imblearn":
        from imblearn.over_sampling import SMOTE as ImbSMOTE

        sampler = ImbSMOTE(k_neighbors=K, random_state=0)
    else:
        import smote_core.samplers.smote as smote_module
        from smote_core import SMOTE

        sampler = SMOTE(k_neighbors=K, random_state=0, neighbors=method)
        search = smote_module.class_neighbors

        def timed_search(*args, **kwargs):  # the neighbour search alone, to show where the time goes
            t = time.perf_counter()
            try:
                return search(*args, **kwargs)
            finally:
                knn_seconds.append(time.perf_counter() - t)

        smote_module.class_neighbors = timed_search
    knn_seconds = []
    before = _rss_kib()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    X_res, y_res = sampler.fit_resample(X, y)
    seconds = time.perf_counter() - t0
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if keep:
        extra = {"X_res": X_res} if len(X) <= 200_000 else {}
        if method != "imblearn":
            extra["nn"] = sampler.nn_indices_[1]
        np.savez(keep, **extra)
    return {"seconds": seconds, "cpu_seconds": cpu, "knn_seconds": sum(knn_seconds) if knn_seconds else None,
            "rss_before_mib": before / 1024, "peak_rss_mib": peak / 1024,
            "peak_added_mib": (peak - before) / 1024, "output_mib": X_res.nbytes / 2**20,
            "input_mib": X.nbytes / 2**20, "n_new": int(len(X_res) - len(X))}


def _run_worker(method: str, data: Path, keep: Path | None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_scale", "--worker", method, str(data)]
    if keep is not None:
        cmd += ["--keep", str(keep)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{method} on {data} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def recall_at_k(approx: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of each row's exact k nearest neighbours that the approximate search returned too."""
    hits = 0
    for start in range(0, len(exact), 20_000):  # blocks: the comparison is k × k per row
        a, e = approx[start:start + 20_000], exact[start:start + 20_000]
        hits += int((a[:, :, None] == e[:, None, :]).any(axis=2).sum())
    return hits / exact.size


def bench_size(n: int, repeats: int, tmp: Path, log=print) -> dict:
    X, y = make_data(n)
    data = tmp / f"data_{n}.npz"
    np.savez(data, X=X, y=y)
    runs = {m: [] for m in METHODS}
    keep = {m: tmp / f"keep_{m}_{n}.npz" for m in METHODS}
    for r in range(repeats):
        for m in METHODS:
            res = _run_worker(m, data, keep[m] if r == 0 else None)
            res["load"] = os.getloadavg()[0]
            runs[m].append(res)
            log(f"  {n:>9,} rows  run {r + 1}/{repeats}  {m:<11} {res['seconds']:8.2f} s  "
                f"(CPU {res['cpu_seconds']:7.2f} s, load {os.getloadavg()[0]:5.2f})  "
                f"peak +{res['peak_added_mib']:.0f} MiB")
    kept = {m: np.load(keep[m]) for m in METHODS}
    out = {"n": n, "minority": int((y == 1).sum()), "repeats": repeats, "runs": runs,
           "recall": recall_at_k(kept["approximate"]["nn"], kept["exact"]["nn"])}
    if "X_res" in kept["exact"].files:
        out["identical"] = bool(np.array_equal(kept["exact"]["X_res"], kept["imblearn"]["X_res"]))
    np.save(tmp / f"exact_nn_{n}.npy", kept["exact"]["nn"])
    for f in keep.values():
        f.unlink(missing_ok=True)
    data.unlink()
    return out


# ---------------------------------------------------------------------------------------------- candidates
def bench_backends(n: int, exact_nn: np.ndarray, log=print) -> list[tuple[str, float, float]]:
    """Build + query time and recall@K of each candidate library on the minority class of ``make_data(n)``.

    Each gets the same class (float32, as all of them search in float32), two threads where it can use them, and
    settings giving recall@5 around 0.98 on this data. Libraries that are not installed are left out.
    """
    X, y = make_data(n)
    members = np.flatnonzero(y == 1)
    Xm = np.ascontiguousarray(X[members], dtype=np.float32)
    exact_nn = np.searchsorted(members, exact_nn)  # rows of X → positions within the class
    rows = []

    def strip_self(labels):
        not_self = labels != np.arange(len(labels))[:, None]
        order = np.argsort(~not_self, axis=1, kind="stable")[:, :K]
        return np.take_along_axis(labels, order, axis=1)

    def timed(name, fn):
        t0 = time.perf_counter()
        labels = fn()
        seconds = time.perf_counter() - t0
        rows.append((name, seconds, recall_at_k(strip_self(np.asarray(labels, dtype=np.int64)), exact_nn)))
        log(f"  {name}: {seconds:.2f} s, recall@{K} {rows[-1][2]:.4f}")

    def smote_core_approx():
        from smote_core.neighbors import ApproximateNeighbors

        est = ApproximateNeighbors(n_neighbors=K + 1).fit(Xm)
        return est.kneighbors(n_neighbors=K, return_distance=False)

    timed("hnswlib HNSW as smote_core uses it (M=16, ef_construction=60, ef=30; 1-thread build, 2-thread query)",
          lambda: np.column_stack([np.arange(len(Xm)), smote_core_approx()]))
    try:
        import hnswlib

        def hnsw_2threads():
            index = hnswlib.Index(space="l2", dim=Xm.shape[1])
            index.init_index(max_elements=len(Xm), M=16, ef_construction=60, random_seed=0)
            index.add_items(Xm, np.arange(len(Xm)), num_threads=2)
            index.set_ef(30)
            return index.knn_query(Xm, k=K + 1, num_threads=2)[0]

        timed("hnswlib HNSW, same settings, 2-thread build (not reproducible run to run)", hnsw_2threads)
    except ImportError:
        pass
    try:
        import faiss

        faiss.omp_set_num_threads(2)
        n_lists = max(16, min(1024, len(Xm) // 100))

        def faiss_hnsw():
            index = faiss.IndexHNSWFlat(Xm.shape[1], 16)
            index.hnsw.efConstruction = 60
            index.add(Xm)
            index.hnsw.efSearch = 30
            return index.search(Xm, K + 1)[1]

        def faiss_ivf():
            quantizer = faiss.IndexFlatL2(Xm.shape[1])
            index = faiss.IndexIVFFlat(quantizer, Xm.shape[1], n_lists)
            index.train(Xm)
            index.add(Xm)
            index.nprobe = 32
            return index.search(Xm, K + 1)[1]

        def faiss_flat():
            index = faiss.IndexFlatL2(Xm.shape[1])
            index.add(Xm)
            return index.search(Xm, K + 1)[1]

        timed(f"faiss-cpu {faiss.__version__} HNSW, same settings (2-thread build)", faiss_hnsw)
        timed(f"faiss-cpu {faiss.__version__} IVF ({n_lists} lists, nprobe=32)", faiss_ivf)
        timed(f"faiss-cpu {faiss.__version__} flat (exact, float32 brute force)", faiss_flat)
    except ImportError:
        log("  faiss-cpu not installed: left out")
    try:
        import pynndescent

        t0 = time.perf_counter()
        _ = pynndescent.NNDescent(Xm[:2000], n_neighbors=K + 1, random_state=0, n_jobs=2).neighbor_graph  # computes it
        log(f"  pynndescent warm-up (numba compilation): {time.perf_counter() - t0:.1f} s (not counted below)")
        for nn in (K + 1, 15):
            timed(f"pynndescent {pynndescent.__version__} NN-descent (n_neighbors={nn}, after numba compilation)",
                  lambda nn=nn: pynndescent.NNDescent(Xm, n_neighbors=nn, random_state=0, n_jobs=2)
                  .neighbor_graph[0][:, : K + 1])
    except ImportError:
        log("  pynndescent not installed: left out")
    return rows


# ---------------------------------------------------------------------------------------------- downstream
def bench_downstream(n: int = 100_000, seeds=range(5), log=print) -> dict:
    """A gradient-boosted classifier trained on exact vs approximate SMOTE output, scored on a held-out 30%."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.metrics import balanced_accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    from smote_core import SMOTE

    X, y = make_data(n, seed=1)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)
    scores = {}
    for method in ("exact", "approximate"):
        f1s, bals = [], []
        for seed in seeds:
            X_res, y_res = SMOTE(k_neighbors=K, random_state=seed, neighbors=method).fit_resample(X_tr, y_tr)
            clf = HistGradientBoostingClassifier(random_state=0).fit(X_res, y_res)
            pred = clf.predict(X_te)
            f1s.append(f1_score(y_te, pred))
            bals.append(balanced_accuracy_score(y_te, pred))
        scores[method] = {"f1": (statistics.mean(f1s), statistics.stdev(f1s)),
                          "balanced_accuracy": (statistics.mean(bals), statistics.stdev(bals))}
        log(f"  downstream {method}: F1 {scores[method]['f1'][0]:.4f} ± {scores[method]['f1'][1]:.4f}, "
            f"balanced accuracy {scores[method]['balanced_accuracy'][0]:.4f} ± "
            f"{scores[method]['balanced_accuracy'][1]:.4f}")
    return {"n": n, "seeds": len(list(seeds)), "scores": scores}


# ---------------------------------------------------------------------------------------------- report
def _median(runs, key="seconds"):
    return statistics.median(r[key] for r in runs)


def section(results: list[dict], backends, downstream, load_before: float, started: str) -> list[str]:
    loads = [r.get("load", load_before) for res in results for runs in res["runs"].values() for r in runs]
    lines = [
        START,
        "## SMOTE at scale: smote_core (exact, approximate) vs imbalanced-learn",
        "",
        f"`python -m benchmarks.bench_scale`, {started}. Machine: {machine()}. Load average when the run started: "
        f"{load_before:.2f}; after each timed run it was {min(loads):.2f}–{max(loads):.2f} (other work shared the two "
        "cores; the three methods run interleaved, so each ratio compares runs made under the same conditions).",
        "",
        f"Data: `make_classification(n, 20 features, weights=[0.9], flip_y=0.01)`; k = {K}, sampling "
        "strategy \"auto\" (the minority grows to the majority's size), `random_state=0`. Each timing is one "
        "`fit_resample` in a fresh subprocess (input already loaded); median of the runs shown. \"vs imblearn\" is "
        "imbalanced-learn's median divided by this method's, both from this run. CPU time is user + system time "
        "of the process over all its threads: less disturbed by other work on the machine than wall time, but "
        "it counts both threads of a parallel search. Peak memory is the subprocess's "
        "peak RSS minus its RSS just before `fit_resample` (so it includes the output, not the input).",
        "",
        "| rows | minority | method | runs | median wall time | vs imblearn | median CPU time | vs imblearn (CPU) "
        "| recall@5 | peak memory added | output size | peak / output |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for res in results:
        imb = _median(res["runs"]["imblearn"])
        imb_cpu = _median(res["runs"]["imblearn"], "cpu_seconds")
        for m in METHODS:
            runs = res["runs"][m]
            t, cpu = _median(runs), _median(runs, "cpu_seconds")
            peak = max(r["peak_added_mib"] for r in runs)
            out = runs[0]["output_mib"]
            name = {"imblearn": "imbalanced-learn 0.14", "exact": "smote_core exact",
                    "approximate": "smote_core approximate"}[m]
            ratio = "—" if m == "imblearn" else f"{imb / t:.2f}×"
            ratio_cpu = "—" if m == "imblearn" else f"{imb_cpu / cpu:.2f}×"
            recall = {"imblearn": "1 (exact)", "exact": "1 (exact)", "approximate": f"{res['recall']:.4f}"}[m]
            if m == "exact" and "identical" in res:
                name += " (bit-identical: " + ("yes" if res["identical"] else "**NO**") + ")"
            lines.append(f"| {res['n']:,} | {res['minority']:,} | {name} | {len(runs)} | {t:.3f} s | {ratio} | "
                         f"{cpu:.3f} s | {ratio_cpu} | {recall} | {peak:.0f} MiB | {out:.0f} MiB | {peak / out:.2f}× |")
    big = results[-1]
    imb, approx = _median(big["runs"]["imblearn"]), _median(big["runs"]["approximate"])
    exact = _median(big["runs"]["exact"])
    knn_exact, knn_approx = _median(big["runs"]["exact"], "knn_seconds"), _median(big["runs"]["approximate"],
                                                                                  "knn_seconds")
    peak = max(r["peak_added_mib"] for r in big["runs"]["approximate"])
    out = big["runs"]["approximate"][0]["output_mib"]
    total = max(r["peak_rss_mib"] for r in big["runs"]["approximate"])
    lines += [
        "",
        f"Targets at {big['n']:,} rows: approximate ≥ 10× faster than imbalanced-learn — **{imb / approx:.1f}×** "
        f"({'met' if imb / approx >= 10 else 'NOT met'}); recall@5 ≥ 0.95 — **{big['recall']:.4f}** "
        f"({'met' if big['recall'] >= 0.95 else 'NOT met'}); peak memory ≤ 3× the output — "
        f"**{peak / out:.2f}×** ({peak:.0f} MiB added for a {out:.0f} MiB output; the whole process peaked at "
        f"{total:.0f} MiB with the {big['runs']['approximate'][0]['input_mib']:.0f} MiB input and the libraries) "
        f"({'met' if peak / out <= 3 else 'NOT met'}).",
        "",
        f"Where the time goes at {big['n']:,} rows (medians): the neighbour search is {knn_exact:.1f} s of "
        f"smote_core exact's {exact:.1f} s and {knn_approx:.1f} s of approximate's {approx:.1f} s (the HNSW graph "
        "is built on one thread so that a seed gives the same rows every time); validation, drawing, "
        f"interpolation and stacking take the other {approx - knn_approx:.1f} s. At ≥ 10× imbalanced-learn "
        f"({imb:.1f} s in this run) the whole resample would have to take ≤ {imb / 10:.1f} s.",
    ]
    if backends:
        lines += [
            "",
            f"### Approximate k-NN candidates on the {big['minority']:,}-row minority class ({big['n']:,} rows)",
            "",
            "Build + query of all rows for k = 5 (plus the row itself), two threads where the library can use "
            "them; recall@5 against the exact neighbours above. One run each, one after the other, in the same "
            "process: under a changing load, compare recall more than seconds.",
            "",
            "| library and settings | time | recall@5 |",
            "| --- | ---: | ---: |",
        ] + [f"| {name} | {t:.2f} s | {r:.4f} |" for name, t, r in backends]
    if downstream:
        s = downstream["scores"]
        lines += [
            "",
            f"### Downstream classifier ({downstream['n']:,} rows, 70/30 stratified split, "
            f"HistGradientBoostingClassifier, {downstream['seeds']} SMOTE seeds, mean ± sd)",
            "",
            "| neighbours | minority F1 | balanced accuracy |",
            "| --- | ---: | ---: |",
        ] + [f"| {m} | {s[m]['f1'][0]:.4f} ± {s[m]['f1'][1]:.4f} | {s[m]['balanced_accuracy'][0]:.4f} ± "
             f"{s[m]['balanced_accuracy'][1]:.4f} |" for m in ("exact", "approximate")]
    lines.append(END)
    return lines


def write_section(lines: list[str], path: Path | None = None) -> Path:
    """Put ``lines`` between the markers in results.md (replacing what was there), or append them."""
    path = path or ROOT / "benchmarks" / "results.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    block = "\n".join(lines)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
    return path


def run(sizes=SIZES, repeats=None, backends=True, downstream=True, log=print) -> list[str]:
    """Run everything and return the results.md section."""
    load_before = os.getloadavg()[0]
    started = time.strftime("%Y-%m-%d %H:%M")
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp:
        tmp = Path(tmp)
        for n in sizes:
            results.append(bench_size(n, (repeats or REPEATS).get(n, 3), tmp, log))
        rows = []
        if backends:
            log(f"candidates on the minority class of {sizes[-1]:,} rows")
            rows = bench_backends(sizes[-1], np.load(tmp / f"exact_nn_{sizes[-1]}.npy"), log)
    down = bench_downstream(log=log) if downstream else None
    return section(results, rows, down, load_before, started)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "DATA"), help=argparse.SUPPRESS)
    parser.add_argument("--keep", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated row counts")
    parser.add_argument("--repeats", type=int, help="runs per size (default: 5, 3 and 2 at 10k, 200k, 1M)")
    parser.add_argument("--no-backends", action="store_true", help="skip the candidate libraries")
    parser.add_argument("--no-downstream", action="store_true", help="skip the downstream classifier")
    parser.add_argument("--dry", action="store_true", help="print the section, do not write results.md")
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.keep)))
        return
    sizes = tuple(int(s) for s in args.sizes.split(","))
    repeats = {n: args.repeats for n in sizes} if args.repeats else None
    lines = run(sizes, repeats, backends=not args.no_backends, downstream=not args.no_downstream,
                log=lambda msg: print(msg, file=sys.stderr, flush=True))
    print("\n".join(lines))
    if not args.dry:
        print(f"written to {write_section(lines)}", file=sys.stderr)


if __name__ == "__main__":
    main()
