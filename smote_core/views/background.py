"""t-SNE and UMAP fits in a worker process, so that no page waits for them and no session stalls.

A fit in the server's own process runs in the session's script thread (the page waits) and, for UMAP, in numba
code that holds the GIL (every other session's reruns wait too). :class:`Fits` runs
:func:`~smote_core.views.projection.fit_projection` in separate worker processes instead: one by default, started
on the first job with ``multiprocessing``'s ``spawn`` method (never ``fork`` from a threaded server), shared by
every session through :func:`fits`, stopped at exit. No Streamlit.

- **One fit per key.** The caller names each fit with a hashable key that identifies the data and the parameters,
  e.g. ``(data_key, "umap", "z")``. Submitting a key that is running, waiting or finished returns the same
  :class:`FitJob`; the last ``max_results`` finished jobs are kept (least recently used first out), so the pages'
  own caches hold the projections after that.
- **Progress.** The worker sends ``(fraction, sentence)`` as the fit goes (``fit_projection``'s ``report``: t-SNE's
  iterations, UMAP's epochs counted through umap-learn's tqdm bar); :attr:`FitJob.progress` has the latest.
- **Results.** :meth:`FitJob.result` gives the :class:`~smote_core.views.projection.Projection`, pickled back from
  the worker: the same coordinates as a fit in this process with the same seed, and a ``transform`` that works
  here. A :class:`~smote_core._validation.SmoteError` raised by the fit is raised again with its message.
- **Placing rows.** :meth:`Fits.place` runs a projection's ``transform`` in the worker too: umap-learn's transform
  is numba and Python code that holds the GIL for seconds, and compiles in a process that has not run it.
- **Start-up.** A new worker imports numpy, scikit-learn, openTSNE and umap-learn (a few seconds), and its first UMAP
  fit compiles umap-learn's numba code (10-20 s): :meth:`Fits.warm_up` does both before a fit asks.
- **Failures.** When a worker dies (killed, out of memory), its job fails with a SmoteError that says so and the next
  job starts a new worker.

Examples
--------
A page, with Streamlit's calls as comments (``X`` the original rows, ``X_syn`` the synthetic ones)::

    from smote_core.views.background import fits

    job = fits().submit((data_key, "umap", "z"), X, "umap", standardize=True)
    if not job.done():
        fraction, sentence = job.progress           # st.progress(fraction or 0.0, text=sentence)
        ...                                         # draw PCA meanwhile; rerun in a second (st.fragment(run_every=1))
    else:
        proj = job.result()                         # raises SmoteError with the worker's message
        placed = fits().place((data_key, "umap", "z", view_key), proj, X_syn)
        if placed.done():
            xy_syn = placed.result()                # (len(X_syn), 2)

At start-up (``make run``): ``fits().warm_up()``, so that the first person to pick UMAP does not wait for the
compiler.

>>> import numpy as np
>>> with Fits() as pool:                                        # doctest: +SKIP
...     job = pool.submit("demo", np.random.RandomState(0).normal(size=(100, 3)), "tsne")
...     job.result(timeout=120).embedding.shape
(100, 2)
"""

from __future__ import annotations

import atexit
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
import time
import traceback
from collections import OrderedDict, deque
from collections.abc import Hashable

from .._validation import SmoteError
from .projection import MAX_FIT_ROWS, PROJECTION_LABELS

__all__ = ["DEFAULT_MAX_RESULTS", "DEFAULT_WORKERS", "KEPT_IN_WORKER", "FitJob", "Fits", "fits"]

#: Worker processes of :func:`fits`: one, so that a fit takes one core and the other serves the pages.
DEFAULT_WORKERS = 1
#: Finished jobs :class:`Fits` keeps by default (the pages cache the projections too).
DEFAULT_MAX_RESULTS = 16
#: Fitted projections a worker keeps for :meth:`Fits.place` given a fit's job (a t-SNE of 10,000 rows: about 36 MB).
KEPT_IN_WORKER = 4

_WAITING = "Waiting for the fitting process…"


class FitJob:
    """One job of :class:`Fits`: a fit, a placement (:meth:`Fits.place`) or the warm-up (:meth:`Fits.warm_up`).

    Attributes
    ----------
    key : hashable
        The key it was submitted with (None for the warm-up).
    kind : {"fit", "place", "warm"}
    description : str
        What it does, e.g. ``"t-SNE fit of 10,000 rows"``.
    label : str or None
        The projection's label, e.g. ``"t-SNE"`` (None for the warm-up).
    worker_pid : int or None
        The process id of the worker that runs (or ran) it; None until a worker has taken it.
    """

    def __init__(self, key, kind: str, description: str, label: str | None = None):
        self.key = key
        self.kind = kind
        self.description = description
        self.label = label
        self.worker_pid: int | None = None
        self._fit: FitJob | None = None  # a placement's fit job, when it was given one
        self._id = 0
        self._internal = False  # a warm-up a new worker runs without anyone waiting for it
        self._payload = None  # what the worker needs; dropped once sent
        self._progress: tuple = (None, _WAITING)
        self._submitted = time.monotonic()
        self._finished_at: float | None = None
        self._value = None
        self._error: BaseException | None = None
        self._done = threading.Event()

    def done(self) -> bool:
        """True once the job has finished, with a result or with an error."""
        return self._done.is_set()

    @property
    def progress(self) -> tuple:
        """``(fraction, sentence)``: the share done (0 to 1, never decreasing; None until the worker starts it) and
        what the worker is doing, e.g. ``(0.42, "t-SNE: iteration 100 of 250")``. Once finished: ``(1.0, ...)``
        after success, ``(fraction so far, "Failed: <the error>")`` after an error."""
        return self._progress

    @property
    def elapsed(self) -> float:
        """Seconds from submission (waiting included) to now, or to the end once finished."""
        end = self._finished_at if self._finished_at is not None else time.monotonic()
        return end - self._submitted

    def result(self, timeout: float | None = None):
        """Wait for the job and return its result.

        Parameters
        ----------
        timeout : float, optional
            Seconds to wait at most; None waits as long as it takes.

        Returns
        -------
        Projection, ndarray or float
            A fit's :class:`~smote_core.views.projection.Projection`; a placement's coordinates, shape (m, 2); the
            warm-up's seconds.

        Raises
        ------
        TimeoutError
            Not finished within ``timeout`` seconds (the job goes on).
        SmoteError
            The fit's own error (e.g. too few rows for t-SNE), with its message; or the worker died, or the pool was
            shut down, before the job was done.
        """
        if not self._done.wait(timeout):
            raise TimeoutError(f"the {self.description} is not done after {timeout} s; it goes on in the background.")
        if self._error is not None:
            raise self._error.with_traceback(None)  # the same error each time, without the last raise's frames
        return self._value

    def __repr__(self) -> str:
        state = "done" if self.done() else "running" if self.worker_pid else "waiting"
        return f"<FitJob {self.description} key={self.key!r} {state}>"

    # -- updated by the dispatcher thread
    def _report(self, fraction, sentence):
        if self.done():
            return
        last = self._progress[0]
        if fraction is not None and last is not None:
            fraction = max(fraction, last)
        self._progress = (fraction if fraction is not None else last, sentence)

    def _finish(self, value=None, error: BaseException | None = None):
        if self.done():
            return
        self._value, self._error = value, error
        self._payload = None
        self._finished_at = time.monotonic()
        if error is None:
            self._progress = (1.0, self._progress[1] if self._progress[0] == 1.0 else "Done.")
        else:
            self._progress = (self._progress[0], f"Failed: {error}")
        self._done.set()


class _Worker:
    """One worker process, its end of the pipe, and the job it runs."""

    def __init__(self, ctx, warm: bool):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child,), name="smote-fits-worker", daemon=True)
        self.process.start()
        child.close()
        self.job: FitJob | None = None
        self.ready = False  # True once the process has started (imported smote_core) and can take jobs
        self.warm = warm  # the next thing it runs is a warm-up
        self.kept: OrderedDict = OrderedDict()  # ids of the fits the worker keeps, as _worker_main keeps them

    def keep(self, fit_id: int) -> None:
        """Mirror of the worker's own bookkeeping: it keeps the projections of its last KEPT_IN_WORKER fits."""
        self.kept[fit_id] = True
        self.kept.move_to_end(fit_id)
        while len(self.kept) > KEPT_IN_WORKER:
            self.kept.popitem(last=False)

    def describe_exit(self) -> str:
        """How the process ended, e.g. ``"killed by SIGKILL"`` or ``"exit code 1"``."""
        code = self.process.exitcode
        if code is None:
            return "not answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"


class Fits:
    """A small pool of worker processes that fit t-SNE and UMAP (and place rows) in the background.

    Parameters
    ----------
    workers : int, default 1
        Worker processes at most, started as jobs need them. Each fit runs on one core.
    max_results : int, default 16
        Finished jobs kept for :meth:`submit` to hand back; older ones are dropped, least recently used first.
        Jobs that are running or waiting are always kept.
    start_method : {"spawn", "forkserver"}, default "spawn"
        How worker processes start (``multiprocessing``). ``fork`` is refused: forking a threaded server copies
        its locks in whatever state they are.

    Notes
    -----
    Thread-safe: sessions submit from their own threads. A dispatcher thread (daemon) sends jobs to idle
    workers and reads their progress and results. Use :func:`fits` in the app: one pool for the process.
    """

    def __init__(self, workers: int = DEFAULT_WORKERS, max_results: int = DEFAULT_MAX_RESULTS,
                 start_method: str = "spawn"):
        for name, value in (("workers", workers), ("max_results", max_results)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SmoteError(f"{name} must be a whole number of at least 1; got {value!r}.")
        if start_method not in ("spawn", "forkserver"):
            raise SmoteError(
                f"start_method must be 'spawn' or 'forkserver'; got {start_method!r} (forking a threaded server "
                "is not safe)."
            )
        self.workers = workers
        self.max_results = max_results
        self._ctx = multiprocessing.get_context(start_method)
        self._lock = threading.RLock()
        self._jobs: OrderedDict = OrderedDict()  # (kind, key) -> FitJob: waiting, running, last finished
        self._queue: deque = deque()  # FitJobs waiting for a worker
        self._running: dict = {}  # job id -> FitJob
        self._pool: list[_Worker] = []
        self._ids = itertools.count(1)
        self._warm_job: FitJob | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)

    # ------------------------------------------------------------------------------------------ public
    def submit(self, key: Hashable, X, method: str, *, standardize: bool = False, random_state: int = 0,
               features=None, feature_names=None, max_fit_rows: int = MAX_FIT_ROWS) -> FitJob:
        """Fit ``fit_projection(X, method, ...)`` in a worker, once per ``key``.

        Parameters
        ----------
        key : hashable
            Names this fit: the same key gives the same job, whether it is waiting, running or finished (and
            still kept). It must identify the data and every parameter below, e.g. ``(data_key, method, scale)``.
        X, method, standardize, random_state, features, feature_names, max_fit_rows
            As :func:`~smote_core.views.projection.fit_projection`. ``X`` is sent to the worker (pickled) when the
            job starts; this process does not keep it.

        Returns
        -------
        FitJob
            Its result is a :class:`~smote_core.views.projection.Projection`.
        """
        label = PROJECTION_LABELS.get(method, str(method))
        rows = _rows(X)
        description = f"{label} fit" + (f" of {rows:,} rows" if rows is not None else "")
        payload = ("fit", (X, method, {"standardize": standardize, "random_state": random_state,
                                       "features": features, "feature_names": feature_names,
                                       "max_fit_rows": max_fit_rows}))
        return self._enqueue(("fit", key), key, "fit", description, payload, label)

    def place(self, key: Hashable, projection, X_new) -> FitJob:
        """``projection.transform(X_new)`` in a worker, once per ``key``.

        Parameters
        ----------
        key : hashable
            Names this placement, e.g. ``(data_key, method, scale, view_key)``; the same key gives the same job.
        projection : Projection or FitJob
            A fitted projection, sent to the worker with the rows; or the job of its fit (from :meth:`submit`), done
            or not: the placement then waits for the fit and runs in the worker that fitted it, which still has the
            projection (it keeps its last :data:`KEPT_IN_WORKER` fits), so nothing is sent back and forth and no
            rerun comes between the two. If the fit fails, so does the placement, with the fit's error.
        X_new : array-like of shape (m, n_features)

        Returns
        -------
        FitJob
            Its result is an ndarray of shape (m, 2), float64.
        """
        rows = _rows(X_new)
        if isinstance(projection, FitJob):
            if projection.kind != "fit":
                raise SmoteError(f"place() takes a Projection or the job of a fit, not the {projection.description}.")
            fit, label = projection, projection.label
        else:
            fit, label = None, getattr(projection, "label", "the projection")
        description = f"placing {rows:,} rows in {label}" if rows is not None else f"placing rows in {label}"
        return self._enqueue(("place", key), key, "place", description, ("place", (None, projection, X_new)), label,
                             fit)

    def warm_up(self) -> FitJob:
        """Start the worker(s) and have each import the libraries and compile UMAP's numba code
        (:func:`smote_core.views.projection.warm_up`) before its next job.

        Cheap to call on every page run: it returns the same job until a worker dies; then the next call warms the
        new worker (which otherwise compiles in its first UMAP fit, and says so in the progress).

        Returns
        -------
        FitJob
            Finishes when a worker is warm (its result: the seconds the warm-up took there).
        """
        with self._lock:
            self._check_open()
            if self._warm_job is not None:
                return self._warm_job
            job = FitJob(None, "warm", "warm-up (importing and compiling UMAP's code)")
            job._id = next(self._ids)
            self._warm_job = job
            for w in self._pool:
                w.warm = True
            while len(self._pool) < self.workers:
                self._pool.append(_Worker(self._ctx, warm=True))
            self._start_thread()
        self._wake()
        return job

    def get(self, key: Hashable, kind: str = "fit") -> FitJob | None:
        """The job of ``key`` (``kind`` ``"fit"`` or ``"place"``) if there is one (waiting, running or kept), else
        None. Does not submit anything."""
        with self._lock:
            return self._jobs.get((kind, key))

    def worker_pids(self) -> list[int]:
        """Process ids of the worker processes alive now."""
        with self._lock:
            return [w.process.pid for w in self._pool if w.process.is_alive()]

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the workers (a running fit is stopped: its job fails) and the dispatcher. Idempotent; the pool
        takes no more jobs afterwards."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pool, self._pool = self._pool, []
            pending = list(self._queue) + list(self._running.values())
            if self._warm_job is not None:
                pending.append(self._warm_job)
            self._queue.clear()
            self._running.clear()
        for job in pending:
            job._finish(error=SmoteError(f"The {job.description} was stopped: the fitting processes were shut "
                                         "down."))
        for w in pool:
            try:
                if w.job is None:
                    w.conn.send(None)  # idle: exit cleanly
                else:
                    w.process.terminate()
            except (OSError, ValueError):
                pass
        deadline = time.monotonic() + timeout
        for w in pool:
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join(1.0)
            w.conn.close()
        self._wake()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.shutdown()

    # ------------------------------------------------------------------------------------------ internals
    def _check_open(self):
        if self._closed:
            raise SmoteError("the fitting processes have been shut down: create a new Fits (or call fits()).")

    def _enqueue(self, table_key, key, kind, description, payload, label=None, fit=None) -> FitJob:
        hash(table_key)  # an unhashable key fails here, in the caller's thread
        with self._lock:
            self._check_open()
            job = self._jobs.get(table_key)
            if job is not None:
                self._jobs.move_to_end(table_key)
                return job
            job = FitJob(key, kind, description, label)
            job._id = next(self._ids)
            job._payload = payload
            job._fit = fit
            self._jobs[table_key] = job
            self._queue.append(job)
            if not any(w.ready and w.job is None for w in self._pool) and len(self._pool) < self.workers:
                self._pool.append(_Worker(self._ctx, warm=False))
            self._start_thread()
        self._wake()
        return job

    def _start_thread(self):
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._dispatch_loop, name="smote-fits-dispatcher", daemon=True)
            self._thread.start()

    def _wake(self):
        try:
            self._wake_w.send_bytes(b".")
        except (OSError, ValueError):
            pass

    def _dispatch_loop(self):
        while True:
            try:
                if not self._dispatch_once():
                    return
            except Exception:  # a bug here must not leave every job waiting forever: say so, and go on
                traceback.print_exc()
                time.sleep(0.1)

    def _dispatch_once(self) -> bool:
        """Send what can be sent, wait for the workers or a wake-up, handle what arrived. False once closed."""
        with self._lock:
            if self._closed:
                return False
            sends = self._assign()
            watch = {self._wake_r: None}
            for w in self._pool:
                watch[w.conn] = w
                watch[w.process.sentinel] = w
        while sends:
            self._send(*sends.pop())  # popped: once sent, the rows are not kept here
        try:
            ready = multiprocessing.connection.wait(list(watch))
        except (OSError, ValueError):  # a connection closed by shutdown()
            return True
        for obj in ready:
            if obj is self._wake_r:
                try:
                    while self._wake_r.poll():
                        self._wake_r.recv_bytes()
                except (OSError, EOFError):
                    pass
                continue
            w = watch[obj]
            if obj is w.conn:
                self._read(w)
            elif not w.process.is_alive():
                self._read(w)  # what it sent before it ended
                self._lost(w)
        return True

    def _assign(self) -> list:
        """Under the lock: (worker, message) pairs to send now."""
        sends = []
        idle = [w for w in self._pool if w.ready and w.job is None]
        for w in [w for w in idle if w.warm]:
            w.warm = False
            job = self._warm_job if self._warm_job is not None and not self._warm_job.done() else None
            if job is None:  # another worker finished the warm-up job: this one warms up all the same
                job = FitJob(None, "warm", "warm-up")
                job._id, job._internal = next(self._ids), True
            idle.remove(w)
            self._start(w, job, sends, (job._id, "warm", None))
        for job in list(self._queue):
            if not idle:
                break
            fit = job._fit
            if fit is None:
                self._queue.remove(job)
                self._start(idle.pop(0), job, sends, (job._id, *job._payload))
            elif fit.done():
                self._queue.remove(job)
                if fit._error is not None:
                    job._finish(error=fit._error)
                    self._forget(job)  # the fit may be tried again: then so may this
                    continue
                w = next((w for w in idle if fit._id in w.kept), idle[0])
                idle.remove(w)
                X_new = job._payload[1][2]
                sent = None if fit._id in w.kept else fit._value  # the worker has it, or it gets it
                w.keep(fit._id)
                self._start(w, job, sends, (job._id, "place", (fit._id, sent, X_new)))
            # else: its fit has not finished; the placement waits, the jobs behind it go on
        return sends

    def _start(self, w: _Worker, job: FitJob, sends: list, message):
        w.job = job
        self._running[job._id] = job
        job._report(0.0, f"Starting: {job.description}…")
        job._payload = None
        sends.append((w, message))

    def _send(self, w: _Worker, message):
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # e.g. X holds objects that do not pickle
            self._job_done(w, error=SmoteError(
                f"the data for the {w.job.description} cannot be sent to the fitting process: {error}"))
            return
        try:
            w.conn.send_bytes(data)
        except (OSError, ValueError):
            self._lost(w)

    def _read(self, w: _Worker):
        try:
            while w.conn.poll():
                self._handle(w, w.conn.recv())
        except (EOFError, OSError):  # the worker is gone (or going)
            w.process.join(1.0)
            self._lost(w)
        except Exception as error:  # a result that cannot be unpickled here
            self._job_done(w, error=SmoteError(f"the result of the {w.job.description if w.job else 'job'} could "
                                               f"not be read back from the fitting process: {error}"))

    def _handle(self, w: _Worker, message):
        what = message[0]
        if what == "ready":
            with self._lock:
                w.ready = True
            return
        job = w.job
        if job is None or message[1] != job._id:
            return
        if what == "started":
            job.worker_pid = message[2]
        elif what == "progress":
            job._report(message[2], message[3])
        elif what == "result":
            self._job_done(w, value=message[2])
        elif what == "error":
            error, trace = message[2], message[3]
            if not isinstance(error, SmoteError) and trace:
                error.add_note("In the fitting process:\n" + trace)
            self._job_done(w, error=error)

    def _job_done(self, w: _Worker, value=None, error=None):
        with self._lock:
            job, w.job = w.job, None
            if job is None:
                return
            self._running.pop(job._id, None)
            if job.kind == "warm":
                if job is self._warm_job:
                    job._finish(value, error)
                    if error is not None:
                        self._warm_job = None  # warm_up() tries again
                return
            job._finish(value, error)
            if job.kind == "fit" and error is None:
                w.keep(job._id)
            elif job.kind == "place" and error is not None and job._fit is not None:
                w.kept.pop(job._fit._id, None)  # next time, send the projection along
            if error is not None and not isinstance(error, SmoteError):
                self._forget(job)  # an accident, not the data's fault: the next submit tries again
            self._evict()

    def _lost(self, w: _Worker):
        """A worker ended or stopped answering: fail its job and drop the worker; the next job starts a new one.
        A worker that never got ready (it could not even start) fails the waiting jobs too."""
        with self._lock:
            if w not in self._pool:
                return
            self._pool.remove(w)
            job, w.job = w.job, None
            if job is not None:
                self._running.pop(job._id, None)
            if self._warm_job is not None and (job is self._warm_job or self._warm_job.done()):
                self._warm_job = None  # the next warm_up() warms the new worker
            failed = [job] if job is not None and not job._internal else []
            if not w.ready and not self._closed:
                failed += list(self._queue)
                self._queue.clear()
            elif self._queue and not self._closed and len(self._pool) < self.workers:
                self._pool.append(_Worker(self._ctx, warm=False))
        if w.process.is_alive():
            w.process.kill()
        w.process.join(1.0)
        try:
            w.conn.close()
        except OSError:
            pass
        for lost in failed:
            if w.ready:
                why = (f"The fitting process ended ({w.describe_exit()}) before the {lost.description} was done; "
                       "perhaps it was killed or ran out of memory. Try again: the next fit starts a new process.")
            else:
                why = (f"The fitting process could not start ({w.describe_exit()}; its error is on the server's "
                       f"standard error), so the {lost.description} did not run. Try again: the next fit starts a "
                       "new process.")
            lost._finish(error=SmoteError(why))
        with self._lock:
            for lost in failed:
                self._forget(lost)

    def _forget(self, job: FitJob):
        for table_key, kept in list(self._jobs.items()):
            if kept is job:
                del self._jobs[table_key]

    def _evict(self):
        """Keep the last ``max_results`` finished fits, and as many finished placements."""
        for kind in ("fit", "place"):
            finished = [k for k, job in self._jobs.items() if k[0] == kind and job.done()]
            for table_key in finished[: max(0, len(finished) - self.max_results)]:
                del self._jobs[table_key]


def _rows(X) -> int | None:
    try:
        return int(len(X))
    except TypeError:
        return None


# ---------------------------------------------------------------------------------------------- the worker
def _worker_main(conn) -> None:
    """A worker process: runs the jobs it is sent, one at a time, on one core, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops the workers
    os.environ.setdefault("NUMBA_NUM_THREADS", "1")
    from . import projection

    _one_thread()
    conn.send(("ready", os.getpid()))
    kept: OrderedDict = OrderedDict()  # fit job id -> Projection: the last KEPT_IN_WORKER, for placements

    def keep(fit_id, proj):
        kept[fit_id] = proj
        kept.move_to_end(fit_id)
        while len(kept) > KEPT_IN_WORKER:
            kept.popitem(last=False)

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_id, kind, payload = message
        conn.send(("started", job_id, os.getpid()))

        def report(fraction, sentence, job_id=job_id):
            conn.send(("progress", job_id, fraction, sentence))

        try:
            _one_thread()
            if kind == "fit":
                X, method, kwargs = payload
                value = projection.fit_projection(X, method, report=report, **kwargs)
            elif kind == "place":
                fit_id, proj, X_new = payload
                if fit_id is not None:  # a fit's projection: sent now, or kept from before
                    proj = kept.get(fit_id) if proj is None else proj
                    if proj is None:
                        raise SmoteError("the fitting process no longer has that projection: try again.")
                    keep(fit_id, proj)
                report(0.0, f"Placing {len(X_new):,} rows in {proj.label}…")
                value = proj.transform(X_new)
                report(1.0, f"Placed {len(X_new):,} rows.")
            else:
                report(0.0, "Preparing t-SNE and UMAP: importing them and compiling UMAP's code (10-20 s the "
                            "first time)…")
                value = projection.warm_up()
                report(1.0, "t-SNE and UMAP are ready.")
        except BaseException as error:
            conn.send(("error", job_id, *_sendable(error)))
        else:
            try:
                conn.send(("result", job_id, value))
            except Exception as error:  # not picklable
                conn.send(("error", job_id, *_sendable(error)))
            else:
                if kind == "fit":
                    keep(job_id, value)


def _one_thread():
    """BLAS and OpenMP (openTSNE's) to one thread: a fit takes one core. Again before each job, for the libraries
    loaded since."""
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # threadpoolctl comes with scikit-learn; without it the fit still runs
        pass


def _sendable(error: BaseException) -> tuple:
    """``(exception, traceback text)`` that pickle: the exception itself when it can, else a SmoteError saying what
    it was."""
    trace = "" if isinstance(error, SmoteError) else traceback.format_exc()
    try:
        pickle.loads(pickle.dumps(error))
        return error, trace
    except Exception:
        return SmoteError(f"{type(error).__name__}: {error}"), trace


# ---------------------------------------------------------------------------------------------- the process's pool
_default: Fits | None = None
_default_lock = threading.Lock()


def fits() -> Fits:
    """The process-wide :class:`Fits` (:data:`DEFAULT_WORKERS` worker, :data:`DEFAULT_MAX_RESULTS` results kept),
    created on first use and shut down at exit. No worker starts until a job (or :meth:`Fits.warm_up`) asks."""
    global _default
    with _default_lock:
        if _default is None or _default._closed:
            _default = Fits()
        return _default


@atexit.register
def _shutdown_default() -> None:
    pool = _default
    if pool is not None:
        pool.shutdown(timeout=2.0)
