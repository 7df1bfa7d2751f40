"""A classroom on the app, from one Python process: N websocket students open one lesson link and keep moving k.

``python -m benchmarks.classroom --students 30 --seconds 60 --link "/explore?dataset=moons&k=5&seed=0"``

Each student is a :class:`benchmarks.ws_student.Student`: Streamlit's real browser protocol over a websocket (HTTP page
load and cookies first, then ``rerun_script`` BackMsgs with the full widget state), so the server does exactly the
work a browser tab would ask of it — minus the static files, the drawing and the browser's own CPU — and one process
can play 60 students on a small machine. (The older ``tests/browser/test_load.py`` drives sessions over Streamlit's
agent API, which adds its own work per request; these numbers are the browser path's.)

**Load pattern** (issue #13): every student opens the same link at about the same moment (arrivals spread uniformly
over ``--spread`` seconds, 2 by default), then, for ``--seconds`` after its page opened, pauses ``--think-min`` to
``--think-max`` seconds (uniform), moves the k slider to a random value in ``--k-min``..``--k-max`` other than the
current one, and waits for that rerun to finish before the next pause. Randomness is seeded (``--seed``; each student
has its own stream), so a run is repeatable up to the server's timing.

**Measured:**

* the time to open the link (BackMsg sent → the ``script_finished`` that ends the page's run, reruns of the page
  included) and per k change the rerun latency (BackMsg sent → its ``script_finished``): p50, p95, max;
* the number of k changes, and errors by kind (see :mod:`benchmarks.ws_student`; plus ``wrong_value``: after a k
  change the URL's ``k`` or the slider is not the value sent);
* the server's resident memory, the sum of VmRSS over its processes sampled every 0.5 s (start, peak, end): the
  server this tool started and its children, or with ``--base`` the processes named by ``--server-pids`` or whose
  command line matches ``--server-pattern`` (a regex; this process and its ancestors are never counted), with their
  children;
* the server's CPU, cores busy (utime + stime from ``/proc/<pid>/stat`` over wall time) while the students arrive and
  while all of them explore (from the moment the last one has its page until the first one stops), and this client
  process's own CPU over the same stretch, so a starved client shows up as such.

Without ``--base`` each student count (``--students 10,30,60``) gets a fresh server started as ``make run`` does —
``MALLOC_ARENA_MAX=2 .venv/bin/python -m streamlit run app.py --server.port P --server.address 127.0.0.1
--server.headless true --browser.gatherUsageStats false`` in the repository, ready when ``/_stcore/health`` says
``ok`` — and stops it afterwards. (``make run`` also sets ``SMOTE_WARM_UP=1``, which compiles UMAP in the background
at the first visit; this tool does not, so that compile does not land in the measurement.) ``--workers N`` starts
``make serve WORKERS=N`` instead (:class:`smote_core.serve.Cluster`: N streamlit processes behind nginx, sessions kept
on their process by a cookie; the students go through nginx and every worker and nginx are measured). With
``--base`` the counts run one after another against that server.

Output: a Markdown section (machine, date, load average, a table row per run, and details) printed, and appended to
``--out`` when given (the file is created with a title if missing). :func:`run` is the same thing for tests and
wrappers: it returns a dict.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.machine import cpu_model, memory_gib, nproc
from benchmarks.ws_student import ERROR_KINDS, Student, run_coroutine

ROOT = Path(__file__).resolve().parents[1]
K_LABEL = "k (nearest neighbours)"
K_KEY = "w_k"
SAMPLE_EVERY = 0.5
_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------------------------------------- /proc
def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, utime + stime ticks) of ``pid``, or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[1]), int(fields[11]) + int(fields[12])
    except (OSError, ValueError, IndexError):
        return None


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * _PAGE // 1024
    except (OSError, ValueError, IndexError):
        return 0


def _all_pids() -> list[int]:
    return [int(e) for e in os.listdir("/proc") if e.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def _ancestors(pid: int) -> set[int]:
    seen = set()
    while pid > 1 and pid not in seen:
        seen.add(pid)
        st = _stat(pid)
        if st is None:
            break
        pid = st[0]
    return seen


def server_processes(roots=(), pattern: str | None = None) -> set[int]:
    """The server's processes: ``roots`` and every process matching ``pattern`` (a regex over command lines), with
    all their descendants; never this process or its ancestors.

    Parameters
    ----------
    roots : iterable of int
        Process ids to count (with their children).
    pattern : str, optional
        A regular expression searched in each process's command line (NULs read as spaces).

    Returns
    -------
    set of int
        The process ids, as of now.
    """
    me = _ancestors(os.getpid())
    parents = {}
    for pid in _all_pids():
        st = _stat(pid)
        if st is not None:
            parents[pid] = st[0]
    chosen = {p for p in roots if p in parents}
    if pattern:
        rx = re.compile(pattern)
        chosen |= {p for p in parents if p not in me and rx.search(_cmdline(p))}
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), list(chosen)
    while todo:
        pid = todo.pop()
        if pid in found or pid in me:
            continue
        found.add(pid)
        todo.extend(children.get(pid, ()))
    return found


class Sampler:
    """Every ``SAMPLE_EVERY`` seconds, in a thread: the server's RSS (MB) and cumulative CPU seconds, and this
    process's CPU seconds. CPU is summed per process as the change since it was last seen, so a process that exits or
    appears does not make the total jump."""

    def __init__(self, roots=(), pattern: str | None = None):
        self.roots, self.pattern = tuple(roots), pattern
        self.samples: list[tuple[float, float, float, float]] = []  # (monotonic, RSS MB, server CPU s, client CPU s)
        self._ticks: dict[int, int] = {}
        self._cpu = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="classroom sampler", daemon=True)
        self._first = True

    def sample(self) -> None:
        """Take one sample now."""
        pids = server_processes(self.roots, self.pattern)
        rss_kb, ticks = 0, {}
        for pid in pids:
            st = _stat(pid)
            if st is None:
                continue
            ticks[pid] = st[1]
            rss_kb += _rss_kb(pid)
        if not self._first:  # a process seen for the first time mid-run: all its CPU is this run's
            self._cpu += sum(t - self._ticks.get(pid, 0) for pid, t in ticks.items()) / _TICK
        self._first = False
        self._ticks = ticks
        own = os.times()
        self.samples.append((time.monotonic(), rss_kb / 1024, self._cpu, own.user + own.system))

    def _loop(self) -> None:
        while not self._stop.wait(SAMPLE_EVERY):
            self.sample()

    def start(self) -> Sampler:
        """Take a first sample and keep sampling in the background."""
        self.sample()
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling after one last sample."""
        self._stop.set()
        self._thread.join(5)
        self.sample()

    def cores(self, start: float, end: float, column: int = 2) -> float:
        """CPU cores busy between two monotonic times (server: column 2, this client: column 3); nan if unknown."""
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2 or inside[-1][0] - inside[0][0] <= 0:
            return float("nan")
        return (inside[-1][column] - inside[0][column]) / (inside[-1][0] - inside[0][0])


# ---------------------------------------------------------------------------------------------- the server
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` as ``make run`` starts it, on a free port of 127.0.0.1, in its own process group.

    Parameters
    ----------
    script : str
        The script to run, relative to ``cwd`` (``app.py``).
    cwd : Path
        Where to run it (the repository).
    start_timeout : float
        Seconds to wait for ``/_stcore/health`` to answer ``ok``.
    """

    def __init__(self, script: str = "app.py", cwd: Path = ROOT, start_timeout: float = 90.0):
        self.script, self.cwd, self.start_timeout = script, Path(cwd), start_timeout
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        fd, name = tempfile.mkstemp(prefix="classroom-server-", suffix=".log")
        os.close(fd)
        self.log_path = Path(name)

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> AppServer:
        """Start the server and wait until it is healthy; raises RuntimeError (with its log) when it is not."""
        python = ROOT / ".venv" / "bin" / "python"
        cmd = [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", self.script,
               "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
               "--browser.gatherUsageStats", "false"]
        env = {**os.environ, "MALLOC_ARENA_MAX": "2"}
        with self.log_path.open("w") as log:  # a file, not a pipe: a pipe nobody reads would block the server
            self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        why = f"exited with code {self.proc.returncode}" if self.proc.poll() is not None else "never became healthy"
        log = self.log()
        self.stop()
        raise RuntimeError(f"streamlit {why} ({' '.join(cmd)}):\n{log[-3000:]}")

    def log(self) -> str:
        """The server's output so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def pids(self) -> list[int]:
        return [self.proc.pid]

    def stop(self) -> None:
        """SIGTERM the server's process group (its own, nothing else), SIGKILL if it lingers; remove the log."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
            except ProcessLookupError:
                pass
        self.log_path.unlink(missing_ok=True)


class _ClusterServer:
    """``smote_core.serve.Cluster`` (``workers`` streamlit processes behind nginx) with :class:`AppServer`'s face."""

    def __init__(self, workers: int):
        from smote_core.serve import Cluster

        self.cluster = Cluster(workers, port=0, env={"SMOTE_WARM_UP": "0"})

    @property
    def base(self) -> str:
        return self.cluster.url

    @property
    def pids(self) -> list[int]:
        return [*self.cluster.pids, *([self.cluster.nginx_pid] if self.cluster.nginx_pid else [])]

    def start(self) -> _ClusterServer:
        self.cluster.start()
        return self

    def log(self) -> str:
        return "\n".join(self.cluster.worker_log_path(i).read_text(errors="replace")
                         for i in range(self.cluster.workers) if self.cluster.worker_log_path(i).exists())

    def stop(self) -> None:
        self.cluster.stop()


# ---------------------------------------------------------------------------------------------- students
@dataclass
class StudentResult:
    """What one student did: its page open, its k changes, its errors."""

    index: int
    arrived_at: float | None = None  # monotonic: when it started loading the page
    opened_at: float | None = None  # monotonic: when its page had opened (None: never)
    open_latency: float | None = None
    connect_seconds: float | None = None
    k_latencies: list = field(default_factory=list)
    k_bytes: list = field(default_factory=list)
    k_sent: list = field(default_factory=list)
    k_shown: str | None = None  # the URL's k after the last change
    k_slider: float | None = None  # the k slider's value as the client holds it at the end
    stopped_at: float | None = None
    errors: list = field(default_factory=list)  # (kind, detail)
    warnings: list = field(default_factory=list)
    bytes_received: int = 0
    open_bytes: int = 0
    refs_received: int = 0


def _current_k(student: Student) -> int | None:
    w = student.widget(label=K_LABEL) or student.widget(key=K_KEY)
    return int(w.value[0]) if w is not None and w.value else None


async def _lesson(student: Student, res: StudentResult, link: str, *, seconds: float, think: tuple[float, float],
                  k_range: tuple[int, int], rng: random.Random) -> None:
    """Open the link, then pause / move k / wait for the rerun until ``seconds`` after the page opened."""
    res.arrived_at = time.monotonic()
    opened = await student.open(link)
    res.connect_seconds, res.open_bytes = student.connect_seconds, opened.bytes
    if not opened.ok:
        return
    res.opened_at, res.open_latency = time.monotonic(), opened.latency
    k_now = _current_k(student)
    if k_now is None:
        student.errors.append(("unexpected", f"no “{K_LABEL}” slider on {link}"))
        return
    end = res.opened_at + seconds
    while student.alive:
        pause = rng.uniform(*think)
        if time.monotonic() + pause >= end:
            break
        await asyncio.sleep(pause)
        k = rng.choice([v for v in range(k_range[0], k_range[1] + 1) if v != k_now])
        slider = student.widget(label=K_LABEL) or student.widget(key=K_KEY)
        if slider is None:
            student.errors.append(("unexpected", f"the k slider is gone after k={k_now}"))
            break
        done = await student.set_slider(slider, k, "k")
        res.k_sent.append(k)
        if done.latency is not None and done.finished:
            res.k_latencies.append(done.latency)
            res.k_bytes.append(done.bytes)
        if not done.ok:
            if not student.alive:
                break
            continue
        res.k_shown = student.query_params.get("k")
        if res.k_shown != str(k) or _current_k(student) != k:
            student.errors.append(("wrong_value", f"sent k={k}; the URL says k={res.k_shown}, the slider "
                                   f"{_current_k(student)}"))
        k_now = _current_k(student) or k


async def _student(index: int, base: str, link: str, *, start: float, offset: float, seconds: float,
                   think: tuple[float, float], k_range: tuple[int, int], rng: random.Random, timeout: float,
                   cache: bool) -> StudentResult:
    res = StudentResult(index)
    await asyncio.sleep(max(0.0, start + offset - time.monotonic()))
    student = Student(base, name=f"student {index}", timeout=timeout, cache=cache)
    try:
        await _lesson(student, res, link, seconds=seconds, think=think, k_range=k_range, rng=rng)
    except Exception as exc:  # a bug in this client, not the server's doing: still counted, and shown
        student.errors.append(("unexpected", f"the client failed: {exc!r}"))
    finally:
        res.stopped_at = time.monotonic()
        slider = student.widget(label=K_LABEL) or student.widget(key=K_KEY)
        res.k_slider = slider.value[0] if slider is not None and slider.value else None
        await student.close()
        res.errors, res.warnings = list(student.errors), list(student.warnings)
        res.bytes_received, res.refs_received = student.bytes_received, student.refs_received
    return res


def _pct(values, q: float) -> float:
    """The q-th percentile (nearest rank on the sorted values; nan when there are none)."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * (len(s) - 1))))]


def _stats(values) -> dict:
    return {"n": len(values), "p50": _pct(values, 50), "p95": _pct(values, 95),
            "max": max(values) if values else float("nan"),
            "mean": statistics.fmean(values) if values else float("nan")}


async def _classroom(base, link, students, seconds, think, k_range, seed, timeout, spread, cache):
    start = time.monotonic() + 0.2
    tasks = []
    for i in range(students):
        rng = random.Random(f"{seed}:{i}")
        offset = rng.uniform(0, spread)
        tasks.append(_student(i, base, link, start=start, offset=offset, seconds=seconds, think=think,
                              k_range=k_range, rng=rng, timeout=timeout, cache=cache))
    return start, await asyncio.gather(*tasks)


async def _warm_up(base: str, link: str, timeout: float) -> None:
    async with Student(base, name="warm-up", timeout=timeout) as student:
        opened = await student.open(link)
    if not opened.ok:
        raise RuntimeError(f"warming the server up failed: {student.errors}")


def run(students: int = 30, seconds: float = 60.0, link: str = "/explore?dataset=moons&k=5&seed=0", *,
        base: str | None = None, think: tuple[float, float] = (0.5, 2.0), k_range: tuple[int, int] = (2, 12),
        seed: int = 0, timeout: float = 60.0, spread: float = 2.0, server_pids=(), server_pattern: str | None = None,
        cache: bool = True, label: str | None = None, warm_up: bool = False, workers: int = 0) -> dict:
    """Run one classroom: ``students`` websocket students on ``link`` for ``seconds``, measured.

    Parameters
    ----------
    students : int
        How many students.
    seconds : float
        How long each student moves k after its page opened.
    link : str
        The lesson link every student opens (path and query, ``/explore?dataset=moons&k=5&seed=0``).
    base : str, optional
        The app's address. None: start a fresh ``streamlit run app.py`` for this run and stop it after.
    think : (float, float)
        The pause before each k change, drawn uniformly between these seconds.
    k_range : (int, int)
        The values k is moved between (inclusive).
    seed : int
        Seeds every student's random stream (arrival, pauses, k values).
    timeout : float
        Seconds a rerun (or the page open) may take before it counts as a timeout and the student stops.
    spread : float
        Arrivals are spread uniformly over this many seconds.
    server_pids : iterable of int
        With ``base``: the server's process ids, for its memory and CPU (their children count too).
    server_pattern : str, optional
        With ``base``: a regex over /proc command lines naming the server's processes.
    cache : bool
        Students keep the ForwardMsg cache as the browser does (see :mod:`benchmarks.ws_student`).
    label : str, optional
        The setup's name in the report (default: "single process" for a server started here, else ``base``).
    warm_up : bool
        Before the class (and the measurement) starts, one extra student opens the link once, so the server's
        first-visit costs (imports, the router's first rerun, cold caches) are paid before the class arrives.
    workers : int
        Without ``base``: 0 starts one ``streamlit run``; N ≥ 1 starts ``smote_core.serve.Cluster`` (N processes
        behind nginx with sticky sessions, as ``make serve WORKERS=N``) and measures all of them and nginx.

    Returns
    -------
    dict
        ``students``, ``link``, ``k_changes``, ``open`` and ``rerun`` (n/p50/p95/max/mean seconds), ``errors`` (kind
        → count), ``error_samples``, ``rss_mb`` (start/peak/end), ``server_cpu`` and ``client_cpu`` (cores busy while
        arriving / exploring), ``bytes_per_rerun_p50``, ``loadavg_before``/``after``, ``machine``, ``started`` and
        ``per_student`` (one dict per student: opened, k changes, the last k sent and the URL's k, errors).
    """
    server = (AppServer() if not workers else _ClusterServer(workers)) if base is None else None
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    try:
        if server is not None:
            server.start()
            sampler = Sampler(roots=server.pids)
        else:
            sampler = Sampler(roots=server_pids, pattern=server_pattern)
        if warm_up:
            run_coroutine(_warm_up(server.base if server else base, link, timeout))
        load_before = os.getloadavg()
        sampler.start()
        t0, results = run_coroutine(_classroom(server.base if server else base, link, students, seconds, think,
                                             k_range, seed, timeout, spread, cache))
        sampler.stop()
        load_after = os.getloadavg()
        server_log = server.log() if server else ""
    finally:
        if server is not None:
            server.stop()
    default_label = ("single process" if not workers else f"make serve WORKERS={workers}") if base is None else base
    meta = dict(label=label or default_label, students=students, link=link,
                seconds=seconds, think=list(think), k_range=list(k_range), seed=seed, base=base, started=started,
                cache=cache, warm_up=warm_up, loadavg_before=load_before, loadavg_after=load_after,
                server_tracebacks=server_log.count("Traceback"))
    return _summary(results, sampler, t0, meta, counted=bool(server is not None or server_pids or server_pattern))


def _summary(results: list[StudentResult], sampler: Sampler, t0: float, meta: dict, counted: bool) -> dict:
    opened = [r for r in results if r.opened_at is not None]
    k_lat = [x for r in results for x in r.k_latencies]
    errors = {kind: 0 for kind in ERROR_KINDS}
    for r in results:
        for kind, _ in r.errors:
            errors[kind] = errors.get(kind, 0) + 1
    end_all = max((r.stopped_at for r in results if r.stopped_at), default=t0)
    arrived = max((r.opened_at for r in opened), default=end_all)
    first_stop = min((r.stopped_at for r in opened if r.stopped_at), default=end_all)
    explore = (arrived, first_stop) if first_stop - arrived >= 2 * SAMPLE_EVERY else (arrived, end_all)
    rss = [s[1] for s in sampler.samples]
    nan = float("nan")
    return {
        **meta,
        "machine": {"cpu": cpu_model(), "cores": nproc(), "memory_gib": memory_gib(),
                    "system": f"{platform.system()} {platform.release()}", "python": platform.python_version()},
        "opened": len(opened),
        "k_changes": sum(len(r.k_sent) for r in results),
        "k_changes_min": min((len(r.k_sent) for r in results), default=0),
        "open": _stats([r.open_latency for r in opened]),
        "connect": _stats([r.connect_seconds for r in results if r.connect_seconds is not None]),
        "rerun": _stats(k_lat),
        "bytes_per_rerun_p50": _pct([b for r in results for b in r.k_bytes], 50),
        "open_bytes_p50": _pct([r.open_bytes for r in opened], 50),
        "refs_received": sum(r.refs_received for r in results),
        "errors": {k: v for k, v in errors.items() if v},
        "errors_total": sum(errors.values()),
        "error_samples": [f"student {r.index}: {kind}: {detail}" for r in results for kind, detail in r.errors][:20],
        "warnings": sum(len(r.warnings) for r in results),
        "rss_mb": {"start": rss[0] if rss and counted else nan, "peak": max(rss) if rss and counted else nan,
                   "end": rss[-1] if rss and counted else nan},
        "server_cpu": {"arriving": sampler.cores(t0, arrived) if counted else nan,
                       "exploring": sampler.cores(*explore) if counted else nan},
        "client_cpu": {"arriving": sampler.cores(t0, arrived, 3), "exploring": sampler.cores(*explore, 3)},
        "explore_seconds": explore[1] - explore[0],
        "duration": end_all - t0,
        "per_student": [{"index": r.index, "opened": r.opened_at is not None, "open_latency": r.open_latency,
                         "k_changes": len(r.k_sent), "k_last_sent": r.k_sent[-1] if r.k_sent else None,
                         "k_in_url": r.k_shown, "k_slider": r.k_slider, "errors": r.errors,
                         "bytes_received": r.bytes_received} for r in results],
    }


# ---------------------------------------------------------------------------------------------- the report
def _s(x: float) -> str:
    return "—" if x != x else f"{x:.2f} s"


def _n(x: float, digits: int = 0) -> str:
    return "—" if x != x else f"{x:,.{digits}f}"


def _errors(r: dict) -> str:
    if not r["errors_total"]:
        return "0"
    return f"**{r['errors_total']}** (" + ", ".join(f"{k} {v}" for k, v in r["errors"].items()) + ")"


def report(runs: list[dict]) -> str:
    """The Markdown section for one invocation: machine, date, load average, a table row per run, details.

    Parameters
    ----------
    runs : list of dict
        What :func:`run` returned, one per student count.

    Returns
    -------
    str
        Markdown, starting with a ``##`` heading.
    """
    first, last = runs[0], runs[-1]
    m = first["machine"]
    mem = f", {m['memory_gib']:.0f} GiB RAM" if m["memory_gib"] else ""
    load = ", ".join(f"{x:.2f}" for x in first["loadavg_before"])
    load_after = ", ".join(f"{x:.2f}" for x in last["loadavg_after"])
    lines = [
        f"## {first['started']} — {first['label']}", "",
        f"**Machine:** {m['cpu']}, {m['cores']} cores{mem}, {m['system']}, Python {m['python']}. Students and "
        f"server share these cores. Load average before: {load}; after: {load_after}.", "",
        f"`python -m benchmarks.classroom` — think {first['think'][0]:g}–{first['think'][1]:g} s, k "
        f"{first['k_range'][0]}–{first['k_range'][1]}, {first['seconds']:g} s each after the page opened, seed "
        f"{first['seed']}, message cache {'on' if first['cache'] else 'off'}, server "
        + ("warmed up by one visit to the link first" if first["warm_up"] else "cold (the first students pay its "
           "first-visit costs)") + ".", "",
        "| setup | students | link | k changes | open p50 | rerun p50 | rerun p95 | max | errors | RSS peak | "
        "server CPU |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in runs:
        rss = r["rss_mb"]["peak"]
        cpu = r["server_cpu"]["exploring"]
        lines.append(
            f"| {r['label']} | {r['students']} | `{r['link']}` | {r['k_changes']:,} | {_s(r['open']['p50'])} | "
            f"{_s(r['rerun']['p50'])} | {_s(r['rerun']['p95'])} | {_s(r['rerun']['max'])} | {_errors(r)} | "
            + ("—" if rss != rss else f"{rss:,.0f} MB") + " | " + ("—" if cpu != cpu else f"{cpu:.2f} cores") + " |")
    lines += ["", "Details:", ""]
    for r in runs:
        rss, sc, cc = r["rss_mb"], r["server_cpu"], r["client_cpu"]
        memory = " / ".join(_n(rss[x]) for x in ("start", "peak", "end"))
        lines.append(
            f"- {r['students']} students: {r['opened']} opened the link (open p95 {_s(r['open']['p95'])}, max "
            f"{_s(r['open']['max'])}; HTTP + websocket connect p50 {_s(r['connect']['p50'])}); fewest k changes by "
            f"a student {r['k_changes_min']}; ForwardMsg bytes per k rerun p50 {_n(r['bytes_per_rerun_p50'])}, per "
            f"page open {_n(r['open_bytes_p50'])}; {r['refs_received']:,} messages came as cache references. "
            f"Server RSS start / peak / end {memory} MB; server CPU while "
            f"arriving / exploring {_n(sc['arriving'], 2)} / {_n(sc['exploring'], 2)} cores (exploring: "
            f"{r['explore_seconds']:.0f} s with every student in); this client {_n(cc['arriving'], 2)} / "
            f"{_n(cc['exploring'], 2)} cores."
            + (f" Server log tracebacks: {r['server_tracebacks']}." if r["server_tracebacks"] else ""))
        for sample in r["error_samples"][:5]:
            lines.append(f"  - {sample}")
    lines += ["", "Latency: BackMsg sent → the `script_finished` that ends its run (reruns of the page included), as "
              "the websocket client sees it; the browser's drawing comes after. Errors: exception elements, error "
              "statuses, timeouts, lost connections, unexpected messages, a k the page did not take.", ""]
    return "\n".join(lines)


def write_report(section: str, out: Path) -> None:
    """Append ``section`` to ``out``, creating it with a title when it does not exist yet."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    head = "" if out.exists() else (
        "# Classroom load over Streamlit's websocket protocol\n\n"
        "Written by `python -m benchmarks.classroom` (see its docstring for what is measured and how). Each section "
        "is one invocation; newest last.\n\n")
    with out.open("a") as f:
        f.write(head + section + "\n")


def main(argv=None) -> int:
    """The command line (see the module docstring); returns the exit status (1 when any run had errors)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.classroom", description=__doc__.split("\n\n")[0])
    p.add_argument("--students", default="30", help="a count, or several: 10,30,60")
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--link", default="/explore?dataset=moons&k=5&seed=0")
    p.add_argument("--base", help="the app's address; without it a fresh server is started per student count")
    p.add_argument("--think-min", type=float, default=0.5)
    p.add_argument("--think-max", type=float, default=2.0)
    p.add_argument("--k-min", type=int, default=2)
    p.add_argument("--k-max", type=int, default=12)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--spread", type=float, default=2.0, help="seconds over which the students arrive")
    p.add_argument("--server-pids", default="", help="with --base: comma-separated server process ids")
    p.add_argument("--server-pattern", help="with --base: a regex over /proc/*/cmdline naming the server's processes")
    p.add_argument("--no-cache", action="store_true", help="claim no ForwardMsg cache (the server sends everything)")
    p.add_argument("--warm-up", action="store_true", help="open the link once before the class arrives")
    p.add_argument("--label", help='the setup column (default "single process", or the --base URL)')
    p.add_argument("--out", type=Path, help="append the Markdown section to this file")
    p.add_argument("--workers", type=int, default=0,
                   help="without --base: N streamlit processes behind nginx (make serve WORKERS=N); 0: one process")
    a = p.parse_args(argv)
    counts = [int(x) for x in a.students.split(",") if x.strip()]
    pids = [int(x) for x in a.server_pids.split(",") if x.strip()]
    runs = []
    for n in counts:
        print(f"classroom: {n} students for {a.seconds:g} s on {a.base or 'a fresh server'} …", file=sys.stderr)
        r = run(n, a.seconds, a.link, base=a.base, think=(a.think_min, a.think_max), k_range=(a.k_min, a.k_max),
                seed=a.seed, timeout=a.timeout, spread=a.spread, server_pids=pids, server_pattern=a.server_pattern,
                cache=not a.no_cache, label=a.label, warm_up=a.warm_up, workers=a.workers)
        print(f"classroom: {n} students: {r['k_changes']} k changes, rerun p50 {_s(r['rerun']['p50'])}, "
              f"{r['errors_total']} errors", file=sys.stderr)
        runs.append(r)
    section = report(runs)
    print(section)
    if a.out:
        write_report(section, a.out)
    return 1 if any(r["errors_total"] for r in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
