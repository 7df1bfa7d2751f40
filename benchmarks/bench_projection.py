"""Time smote_core.views.projection on this machine: the cold picture, i.e. the fit on the originals and the
synthetic rows placed with ``transform``.

Usage::

    .venv/bin/python -m benchmarks.bench_projection                    # 2,000 and 10,000 rows, every method
    .venv/bin/python -m benchmarks.bench_projection --rows 10000 --methods tsne,umap --repeats 3
    .venv/bin/python -m benchmarks.bench_projection --methods tsne,umap --worker   # + the worker process's costs

What is timed:

- The data is :func:`_data` (10 features, a 10% minority, SMOTE-like synthetic rows growing the minority to the
  majority's size), standardised as the app draws it by default (``standardize=True``).
- One core: BLAS and OpenMP are held to one thread (threadpoolctl), as in the worker process of
  :mod:`smote_core.views.background`; openTSNE and UMAP run one thread anyway.
- Cold: every repeat fits data the process has not seen (a new seed), in a process that has already imported the
  libraries and compiled UMAP's numba code (:func:`smote_core.views.projection.warm_up`). That compilation is
  timed on its own, in a fresh subprocess, and so is the worker process's start (``--worker``).
- Wall and CPU seconds, the median and the range over the repeats, and the load average (other work on the machine
  slows wall time; CPU time less so). Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

from smote_core.views.projection import MAX_FIT_ROWS, METHODS, fit_projection, warm_up


def _data(n, d=10, seed=0):
    """Majority N(0, 1) and a 10% minority N(1.5, 1), plus SMOTE-like synthetic rows growing the minority."""
    rng = np.random.RandomState(seed)
    n_min = max(2, n // 10)
    X = np.vstack([rng.normal(0, 1, (n - n_min, d)), rng.normal(1.5, 1, (n_min, d))])
    minority = X[n - n_min:]
    m = n - 2 * n_min
    a, b = rng.randint(n_min, size=m), rng.randint(n_min, size=m)
    X_syn = minority[a] + rng.uniform(size=(m, 1)) * (minority[b] - minority[a])
    return X, X_syn


def _clock():
    return time.perf_counter(), time.process_time()


def bench(method, n, seed=0):
    """One cold picture: ``fit_projection`` on the originals, then ``transform`` of the synthetic rows.

    Returns a dict of wall and CPU seconds (``fit``, ``place``, ``total``), the number of synthetic rows and the
    projection's note.
    """
    X, X_syn = _data(n, seed=seed)
    kwargs = {"features": (0, 1)} if method == "raw" else {"standardize": True}
    w0, c0 = _clock()
    proj = fit_projection(X, method, random_state=0, **kwargs)
    w1, c1 = _clock()
    proj.transform(X_syn)
    w2, c2 = _clock()
    return {"fit": w1 - w0, "place": w2 - w1, "total": w2 - w0, "cpu": c2 - c0, "m": len(X_syn), "note": proj.note}


_COMPILE = """
import json, time
t0 = time.perf_counter()
from threadpoolctl import threadpool_limits
threadpool_limits(1)
import openTSNE, umap
from smote_core.views import projection
t1 = time.perf_counter()
projection.warm_up()
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "compile": t2 - t1}))
"""


def compile_cost() -> dict:
    """A fresh interpreter's import of the libraries and UMAP's compilation (seconds), in a subprocess."""
    out = subprocess.run([sys.executable, "-c", _COMPILE], capture_output=True, text=True, check=True, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])


def worker_costs(n: int = 10_000, methods=("umap", "tsne")) -> list[tuple[str, float]]:
    """The worker process of :mod:`smote_core.views.background`, from the server's side: (what, wall seconds).

    A fresh pool each time: start + the first UMAP fit of ``n`` rows (importing and compiling in the worker), the
    same after ``warm_up()``, and per method a warm fit of new data, and that fit with its synthetic rows placed.
    """
    from smote_core.views.background import Fits

    rows = []
    X, _ = _data(n, seed=11)
    with Fits() as pool:  # cold worker: the first submit starts it
        t0 = time.perf_counter()
        pool.submit(("cold", n), X, "umap", standardize=True).result()
        rows.append((f"cold worker: start + first UMAP fit of {n:,} rows (imports, compiles)",
                     time.perf_counter() - t0))
    with Fits() as pool:
        t0 = time.perf_counter()
        pool.warm_up().result()
        rows.append(("cold worker: start + warm_up() (imports, compiles UMAP)", time.perf_counter() - t0))
        for i, method in enumerate(methods):
            X, X_syn = _data(n, seed=20 + i)
            t0 = time.perf_counter()
            fit = pool.submit(("warm", method, n), X, method, standardize=True)
            placed = pool.place(("warm", method, n, "synthetic"), fit, X_syn)  # queued behind the fit at once
            fit.result()
            t1 = time.perf_counter()
            placed.result()
            t2 = time.perf_counter()
            rows.append((f"warm worker: {method} fit of {n:,} new rows (sent, fitted, sent back)", t1 - t0))
            rows.append((f"warm worker: {method} fit + {len(X_syn):,} synthetic rows placed (place() given the "
                         "fit's job): the cold picture through the worker", t2 - t0))
    return rows


def _spread(values) -> str:
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.2f} s"
    return f"{med:.2f} s ({min(values):.2f}–{max(values):.2f})"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="2000,10000", help="comma-separated row counts")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated, from " + ", ".join(METHODS))
    parser.add_argument("--repeats", type=int, default=3, help="cold pictures per method and size (new data each)")
    parser.add_argument("--worker", action="store_true", help="also time the background worker process")
    args = parser.parse_args(argv)
    rows = [int(r) for r in args.rows.split(",")]
    methods = [m.strip() for m in args.methods.split(",")]

    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d %H:%M')}. One thread. MAX_FIT_ROWS = {MAX_FIT_ROWS:,}. Load average at the "
          f"start: {os.getloadavg()[0]:.2f}.\n", flush=True)
    if "umap" in methods or "tsne" in methods:
        cost = compile_cost()
        print(f"A fresh process: importing numpy, scikit-learn, openTSNE, umap-learn and smote_core "
              f"{cost['import']:.1f} s; compiling UMAP's numba code (projection.warm_up) {cost['compile']:.1f} s.\n",
              flush=True)
        warm_up()
    print("| projection | rows | fit on the originals | place the synthetic rows | cold picture (fit + place) "
          "| CPU | load | note |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for method in methods:
        for n in rows:
            runs = [bench(method, n, seed=1 + r) for r in range(max(1, args.repeats))]
            m = runs[0]["m"]
            print(f"| {method} | {n:,} | {_spread([r['fit'] for r in runs])} | "
                  f"{_spread([r['place'] for r in runs])} ({m:,} rows) | **{_spread([r['total'] for r in runs])}** | "
                  f"{statistics.median(r['cpu'] for r in runs):.2f} s | {os.getloadavg()[0]:.2f} | "
                  f"{runs[0]['note'] or ''} |", flush=True)
    if args.worker:
        print("\n| background worker (smote_core.views.background, one process) | wall |")
        print("| --- | ---: |")
        for what, seconds in worker_costs(max(rows)):
            print(f"| {what} | {seconds:.1f} s |", flush=True)


if __name__ == "__main__":
    main()
