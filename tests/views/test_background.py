"""smote_core.views.background: t-SNE and UMAP fitted in a worker process, one fit per key, progress, errors.

One pool (one worker process) serves the module; the data is small (a few hundred rows) so that the module takes
well under a minute, most of it the worker's start and UMAP's compilation there.
"""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from smote_core._validation import SmoteError
from smote_core.views import background
from smote_core.views.background import FitJob, Fits, fits
from smote_core.views.projection import (
    TSNE_EARLY_EXAGGERATION_ITER,
    TSNE_N_ITER,
    TSNE_REPORT_EVERY,
    Projection,
    fit_projection,
    project_resampled,
)

TSNE_ITERATIONS = TSNE_EARLY_EXAGGERATION_ITER + TSNE_N_ITER


def _blobs(n=240, d=4, seed=0):
    rng = np.random.RandomState(seed)
    centres = rng.normal(0, 5, (3, d))
    return centres[np.arange(n) % 3] + rng.normal(size=(n, d))


def _watch(job: FitJob, timeout=120.0) -> list:
    """Every distinct ``job.progress`` seen while it runs, polling often, then the final one."""
    seen = [job.progress]
    deadline = time.monotonic() + timeout
    while not job.done() and time.monotonic() < deadline:
        if job.progress != seen[-1]:
            seen.append(job.progress)
        time.sleep(0.002)
    seen.append(job.progress)
    return seen


@pytest.fixture(scope="module")
def pool():
    with Fits() as p:
        yield p
    assert not p.worker_pids(), "shutdown() left a worker process running"


# ---------------------------------------------------------------------------------------------- one fit per key
def test_the_same_key_gives_the_same_job_and_one_fit(pool):
    X = _blobs()
    job = pool.submit(("blobs", "tsne", "z"), X, "tsne", standardize=True)
    assert pool.submit(("blobs", "tsne", "z"), X, "tsne", standardize=True) is job  # while it waits or runs
    assert pool.get(("blobs", "tsne", "z")) is job
    proj = job.result(timeout=120)
    again = pool.submit(("blobs", "tsne", "z"), X, "tsne", standardize=True)  # after it finished
    assert again is job and again.result() is proj, "a second submit of a finished key fitted again"
    other = pool.submit(("blobs", "tsne", "raw"), X, "tsne")
    assert other is not job and pool.get(("nothing",)) is None
    other.result(timeout=120)
    assert job.worker_pid in pool.worker_pids() and job.worker_pid != os.getpid()
    assert job.elapsed == job.elapsed > 0  # frozen once done


# ---------------------------------------------------------------------------------------------- same result as here
def test_a_background_tsne_fit_equals_the_in_process_fit_and_transforms_here(pool):
    X = _blobs(seed=1)
    job = pool.submit("tsne-equal", X, "tsne", standardize=True, random_state=3)
    proj = job.result(timeout=120)
    here = fit_projection(X, "tsne", standardize=True, random_state=3)
    assert isinstance(proj, Projection) and proj.method == "tsne" and proj.standardized
    assert np.array_equal(proj.embedding, here.embedding)
    assert not proj.embedding.flags.writeable, "the embedding must come back read-only (it is shared)"
    X_syn = X[:30] + 0.05
    assert np.array_equal(proj.transform(X_syn), here.transform(X_syn))
    xy = project_resampled(proj, np.vstack([X, X_syn]), len(X))
    assert np.array_equal(xy[: len(X)], here.embedding)


def test_a_background_umap_fit_equals_the_in_process_fit_and_placing_runs_there_too(pool):
    X = _blobs(seed=2)
    job = pool.submit("umap-equal", X, "umap", standardize=True)  # the worker compiles UMAP's code meanwhile...
    seen = []
    here = fit_projection(X, "umap", standardize=True, report=lambda f, s: seen.append((f, s)))  # ...and so do we
    proj = job.result(timeout=300)
    assert np.array_equal(proj.embedding, here.embedding)
    X_syn = X[:20] + 0.05
    assert np.array_equal(proj.transform(X_syn), here.transform(X_syn))  # the model came back whole
    placed = pool.place(("umap-equal", "view"), proj, X_syn)
    assert pool.place(("umap-equal", "view"), proj, X_syn) is placed
    assert np.array_equal(placed.result(timeout=120), here.transform(X_syn))
    assert pool.get(("umap-equal", "view"), kind="place") is placed
    # UMAP's epochs are reported (through umap-learn's tqdm bar), the last one included.
    epochs = [s for _, s in seen if s.startswith("UMAP: epoch ")]
    assert epochs and epochs[-1] == "UMAP: epoch 500 of 500", seen
    assert [f for f, _ in seen] == sorted(f for f, _ in seen) and seen[-1] == (1.0, "UMAP ready.")


def test_a_placement_given_the_fit_job_waits_for_it_and_runs_where_the_projection_is(pool):
    X = _blobs(seed=6)
    X_syn = X[:25] + 0.05
    fit = pool.submit("fit-then-place", X, "tsne")
    placed = pool.place(("fit-then-place", "view"), fit, X_syn)  # at once, before the fit is done
    assert np.array_equal(placed.result(timeout=120), fit.result().transform(X_syn))
    assert placed.worker_pid == fit.worker_pid
    doomed = pool.place(("too-few-2", "view"), pool.submit("too-few-2", X[:3], "tsne"), X_syn)
    with pytest.raises(SmoteError, match="t-SNE needs at least 5 rows"):  # the fit's error
        doomed.result(timeout=120)
    with pytest.raises(SmoteError, match="Projection or the job of a fit"):
        pool.place("warm", pool.warm_up(), X_syn)


def test_warm_up_is_one_job_until_done(pool):
    warm = pool.warm_up()
    assert pool.warm_up() is warm and warm.kind == "warm"
    assert warm.result(timeout=300) >= 0 and warm.progress[0] == 1.0
    assert pool.warm_up() is warm


# ---------------------------------------------------------------------------------------------- progress
def test_progress_arrives_never_goes_down_and_ends_at_one(pool):
    job = pool.submit("progress", _blobs(600, seed=3), "tsne")
    seen = _watch(job)
    job.result(timeout=120)
    fractions = [f for f, _ in seen if f is not None]
    sentences = [s for _, s in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in fractions)
    assert any(s.startswith("t-SNE: iteration ") and s.endswith(f" of {TSNE_ITERATIONS}") for s in sentences), sentences
    assert job.progress == (1.0, "t-SNE ready.")


def test_report_gives_the_same_sentences_in_process():
    seen = []
    fit_projection(_blobs(60), "tsne", report=lambda fraction, sentence: seen.append((fraction, sentence)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert [s for _, s in seen[:3]] == ["Fitting t-SNE on 60 rows…", "t-SNE: finding each row's nearest neighbours…",
                                        f"t-SNE: iteration {TSNE_REPORT_EVERY} of {TSNE_ITERATIONS}"]
    iterations = [s for _, s in seen if s.startswith("t-SNE: iteration ")]
    assert iterations[-1] == f"t-SNE: iteration {TSNE_ITERATIONS} of {TSNE_ITERATIONS}"
    assert seen[-1] == (1.0, "t-SNE ready.")


# ---------------------------------------------------------------------------------------------- errors
def test_a_fit_error_comes_back_as_smote_error_with_its_message(pool):
    job = pool.submit("too-few", _blobs()[:3], "tsne")
    with pytest.raises(SmoteError, match="t-SNE needs at least 5 rows and the data has 3"):
        job.result(timeout=120)
    assert job.done() and job.progress[1].startswith("Failed: t-SNE needs at least 5 rows")
    assert pool.submit("too-few", _blobs()[:3], "tsne") is job  # the data's fault: not tried again


def test_result_with_a_timeout_raises_timeout_error_and_the_job_goes_on(pool):
    job = pool.submit("timeout", _blobs(400, seed=4), "tsne")
    with pytest.raises(TimeoutError, match="goes on"):
        job.result(timeout=0.001)
    assert job.result(timeout=120).embedding.shape == (400, 2)


def test_a_killed_worker_fails_its_job_clearly_and_the_next_submit_works(pool):
    X = _blobs(1500, seed=5)
    job = pool.submit("killed", X, "tsne")
    deadline = time.monotonic() + 120
    while not (job.progress[1] or "").startswith("t-SNE: iteration") and time.monotonic() < deadline:
        time.sleep(0.005)
    pid = job.worker_pid
    assert pid is not None and not job.done()
    os.kill(pid, signal.SIGKILL)
    with pytest.raises(SmoteError, match=r"The fitting process ended \(killed by SIGKILL\) before the t-SNE fit "
                                         r"of 1,500 rows was done.*Try again"):
        job.result(timeout=60)
    retry = pool.submit("killed", X[:300], "tsne")
    assert retry is not job, "a job lost with its worker must not be handed out again"
    assert retry.result(timeout=120).embedding.shape == (300, 2)
    assert retry.worker_pid != pid and pool.worker_pids() == [retry.worker_pid]


# ---------------------------------------------------------------------------------------------- bounded memory
def test_at_most_max_results_finished_jobs_are_kept(pool):
    X = _blobs(50)
    pool.max_results = 2
    try:
        jobs = [pool.submit(("few", name), X, "pca") for name in "abc"]
        for job in jobs:
            job.result(timeout=120)
        assert [pool.get(("few", name)) for name in "abc"] == [None, jobs[1], jobs[2]]
        assert pool.submit(("few", "b"), X, "pca") is jobs[1]  # used again: now the most recent
        d = pool.submit(("few", "d"), X, "pca")
        d.result(timeout=120)
        assert [pool.get(("few", name)) for name in "bcd"] == [jobs[1], None, d]
        fresh = pool.submit(("few", "a"), X, "pca")
        assert fresh is not jobs[0]
        assert np.array_equal(fresh.result(timeout=120).embedding, jobs[0].result().embedding)
    finally:
        pool.max_results = background.DEFAULT_MAX_RESULTS


def test_a_pool_that_was_shut_down_takes_no_more_jobs():
    closed = Fits()
    closed.shutdown()
    with pytest.raises(SmoteError, match="shut down"):
        closed.submit("e", _blobs(50), "pca")
    assert closed.worker_pids() == []


def test_bad_pool_settings_are_refused():
    with pytest.raises(SmoteError, match="workers"):
        Fits(workers=0)
    with pytest.raises(SmoteError, match="max_results"):
        Fits(max_results=True)
    with pytest.raises(SmoteError, match="fork"):
        Fits(start_method="fork")


def test_the_process_wide_pool_is_one_and_starts_nothing_until_asked():
    pool = fits()
    assert fits() is pool and pool.worker_pids() == []
    background._shutdown_default()  # what atexit runs
    assert fits() is not pool
