"""``make bench``: the app's speed on this machine, written to benchmarks/results.md.

- server-side rerun time of the Explore page after a k change (AppTest, PCA) at 1k and 10k rows;
- first-view time of each projection (fit on the originals + transform of the synthetic points) at 2k and 10k rows;
- smote_core.SMOTE against imbalanced-learn's SMOTE on the same data in the same run;
- the app where a person feels it (benchmarks/bench_app.py → benchmarks/app.md): rerun after a k change at 1k,
  10k and 50k rows, and slider-to-picture in headless Chromium at 50k rows;
- SMOTE at scale (benchmarks/bench_scale.py): exact and approximate neighbours against imbalanced-learn at 10k, 200k
  and 1M rows × 20 features, recall@k, peak memory, the candidate k-NN libraries and a downstream classifier.
Numbers are medians of several runs on the machine named in the table.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from smote_core import SMOTE
from smote_core.views.projection import fit_projection

ROOT = Path(__file__).resolve().parents[1]


def _data(n, d=10, minority=0.1, seed=0):
    rng = np.random.RandomState(seed)
    n_min = int(n * minority)
    X = np.vstack([rng.normal(0, 1, (n - n_min, d)), rng.normal(1.5, 1, (n_min, d))])
    y = np.array(["majority"] * (n - n_min) + ["minority"] * n_min)
    return X, y


def _median_time(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_rerun(n):
    from streamlit.testing.v1 import AppTest

    X, y = _data(n)
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])]).assign(label=y)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    at.switch_page("pages/data.py").run()
    at.file_uploader[0].set_value((f"bench{n}.csv", df.to_csv(index=False).encode(), "text/csv")).run()
    at.button[0].click().run()
    at.query_params["dataset"] = "uploaded"  # AppTest does not follow st.switch_page: open the link by hand
    at.switch_page("pages/explore.py").run()
    at.slider(key="w_k").set_value(3).run()  # first run of this k and of the projection, not timed
    times = []
    for k in (4, 3, 5, 2, 6):
        t0 = time.perf_counter()
        at.slider(key="w_k").set_value(k).run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return statistics.median(times)


def bench_projection(method, n):
    X, y = _data(n)
    sm = SMOTE(random_state=0)
    X_res, _ = sm.fit_resample(X, y)

    def first_view():
        proj = fit_projection(X, method, random_state=0)
        proj.transform(X_res[n:])

    return _median_time(first_view, repeat=1 if method != "pca" else 3)


def bench_smote(n, d=20):
    from imblearn.over_sampling import SMOTE as ImbSMOTE

    X, y = _data(n, d=d)
    ours = _median_time(lambda: SMOTE(random_state=0).fit_resample(X, y))
    theirs = _median_time(lambda: ImbSMOTE(random_state=0).fit_resample(X, y))
    return ours, theirs


def main():
    lines = [
        "# Benchmarks",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Medians of several runs unless noted; same data, same run.",
        f"Load average when the run started: {os.getloadavg()[0]:.2f} (other work on the machine slows every row).",
        "",
        "## Explore: server-side rerun after a k change (AppTest, PCA, 10 features)",
        "",
        "| rows | median rerun |",
        "| ---: | ---: |",
    ]
    for n in (1_000, 10_000):
        lines.append(f"| {n:,} | {bench_rerun(n):.3f} s |")
    lines += ["", "## First view of a projection: fit on the originals + transform the synthetic points", "",
              "| projection | rows | time |", "| --- | ---: | ---: |"]
    # UMAP's first fit in a process pays numba's compilation; warm it so the table shows the steady state,
    # and report the cold fit separately.
    t0 = time.perf_counter()
    fit_projection(_data(300)[0], "umap", random_state=0)
    cold = time.perf_counter() - t0
    for method in ("pca", "tsne", "umap"):
        for n in (2_000, 10_000):
            lines.append(f"| {method} | {n:,} | {bench_projection(method, n):.2f} s |")
    lines += ["", f"UMAP's first fit in a fresh process (numba compilation, 300 rows): {cold:.1f} s.", "",
              "## smote_core.SMOTE vs imbalanced-learn (20 features, 10% minority)", "",
              "| rows | smote_core | imbalanced-learn | ratio |", "| ---: | ---: | ---: | ---: |"]
    for n in (10_000, 200_000):
        ours, theirs = bench_smote(n)
        lines.append(f"| {n:,} | {ours:.3f} s | {theirs:.3f} s | {theirs / ours:.2f}× |")
    from benchmarks import bench_scale

    lines += [""] + bench_scale.run(log=lambda msg: print(msg, file=sys.stderr, flush=True))
    out = ROOT / "benchmarks" / "results.md"
    out.write_text("\n".join(lines) + "\n")
    print(out.read_text())
    from benchmarks import bench_app  # the server rerun at 1k-50k rows and slider-to-picture: benchmarks/app.md

    bench_app.main([])


if __name__ == "__main__":
    main()
