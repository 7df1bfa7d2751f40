"""Explore's decision boundaries: the time of one redraw (a k, ratio or seed change) at a given number of rows.

``python -m benchmarks.bench_boundary [--rows 2000] [--repeats 3] [--out benchmarks/boundary.md]``

One redraw is :func:`smote_core.views.boundary.boundary_view` for a view not seen before: the two models behind the
lines fitted on every point and evaluated on the grid, the honest split, the training rows resampled, the two
held-out models fitted and scored. Resampling and projecting the picture itself are not counted (the page has them
already). Timed on the moons toy (two features, PCA) and on breast cancer (30 features, PCA), each classifier, a new
k each repeat.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import numpy as np

from benchmarks.machine import cpu_model, nproc
from smote_core.analysis.boundary import BOUNDARIES, BOUNDARY_LABELS
from smote_core.data.datasets import load_builtin
from smote_core.views import explore, projection
from smote_core.views.boundary import boundary_view


def _table(name: str, rows: int | None):
    ds = load_builtin(name, n_samples=rows * 9 // 5) if rows and name == "moons" else load_builtin(name)
    X = ds.frame.drop(columns=ds.target).to_numpy(float)
    return X, ds.frame[ds.target].to_numpy()


def redraw_seconds(X, y, classifier: str, k: int) -> float:
    res = explore.resample(X, y, k=k, ratio=1.0, seed=0)
    proj = projection.fit_projection(X, "pca", random_state=0, standardize=True)
    syn = proj.transform(res.X_syn)
    start = time.perf_counter()
    boundary_view(res, proj, syn, classifier=classifier, seed=0, ratio=1.0, standardize=False)
    return time.perf_counter() - start


def main(argv=None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows of the moons toy (about)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    lines = [f"## Decision boundary redraw ({cpu_model()}, {nproc()} cores, load {os.getloadavg()[0]:.1f})", "",
             "| data | rows | classifier | redraw median | max |", "| --- | ---: | --- | ---: | ---: |"]
    for name, rows in (("moons", args.rows), ("breast_cancer", None)):
        X, y = _table(name, rows)
        for clf in BOUNDARIES[1:]:
            times = [redraw_seconds(X, y, clf, k) for k in range(3, 3 + args.repeats)]
            lines.append(f"| {name} | {len(y):,} | {BOUNDARY_LABELS[clf]} | {statistics.median(times):.2f} s | "
                         f"{max(times):.2f} s |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report)
    return report


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
