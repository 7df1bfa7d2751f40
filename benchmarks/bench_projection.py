"""Time smote_core.projection on this machine: fit on the originals, then place the synthetic rows.

Usage::

    .venv/bin/python -m benchmarks.bench_projection                 # 2,000 and 10,000 rows, every method
    .venv/bin/python -m benchmarks.bench_projection --rows 1000 --methods pca,tsne

Prints a Markdown table. UMAP's first fit in a process pays numba's compilation; it is timed separately (on
300 rows) so the table shows the steady state. Rows above ``MAX_FIT_ROWS`` exercise the fit-on-a-sample path.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from smote_core.views.projection import MAX_FIT_ROWS, METHODS, fit_projection


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


def bench(method, n):
    X, X_syn = _data(n)
    kwargs = {"features": (0, 1)} if method == "raw" else {}
    t0 = time.perf_counter()
    proj = fit_projection(X, method, random_state=0, **kwargs)
    t1 = time.perf_counter()
    proj.transform(X_syn)
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(X_syn), proj.note


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="2000,10000", help="comma-separated row counts")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated, from " + ", ".join(METHODS))
    args = parser.parse_args(argv)
    rows = [int(r) for r in args.rows.split(",")]
    methods = [m.strip() for m in args.methods.split(",")]

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}. MAX_FIT_ROWS = {MAX_FIT_ROWS:,}. One run each.\n")
    if "umap" in methods:
        t0 = time.perf_counter()
        fit_projection(_data(300)[0], "umap", random_state=0)
        print(f"UMAP's first fit in this process (numba compilation, 300 rows): {time.perf_counter() - t0:.1f} s\n")
    print("| projection | rows | fit on originals | transform synthetic | note |")
    print("| --- | ---: | ---: | ---: | --- |")
    for method in methods:
        for n in rows:
            fit_s, tr_s, m, note = bench(method, n)
            print(f"| {method} | {n:,} | {fit_s:.2f} s | {tr_s:.2f} s ({m:,} rows) | {note or ''} |", flush=True)


if __name__ == "__main__":
    main()
