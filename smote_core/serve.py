"""``python -m smote_core.serve --workers N``: several ``streamlit run app.py`` processes behind nginx, sticky sessions.

Streamlit keeps a session inside one process (its websocket, its session state, the files it has received), and one
process runs Python on one core. To serve a class with more cores, this launcher starts N Streamlit processes
(*workers*) on ``127.0.0.1:<base-port + i>`` and one nginx in front of them on ``--address:--port``::

    python -m smote_core.serve --workers 4 --port 8501 [--address 0.0.0.0] [--base-port 8600]
    make serve WORKERS=4

What it does:

* every worker runs ``python -m streamlit run app.py`` in the project root (``--app PATH`` names another app file)
  with the environment of the launcher, plus ``MALLOC_ARENA_MAX=2`` and ``SMOTE_WARM_UP=1`` as ``make run`` sets
  them (a value already in the environment wins, so ``SMOTE_WARM_UP=0`` turns the warm-up off), and with one cookie
  secret for all of them (``STREAMLIT_SERVER_COOKIE_SECRET``: ``--cookie-secret``, else that variable if set, else
  ``secrets.token_hex(32)`` once per launch). It goes through the environment rather than
  ``--server.cookieSecret`` so that it does not show in ``ps``;
* nginx runs in the foreground (``daemon off;``) under the launcher, from a private temporary directory that holds
  its configuration, pid file, logs and temporary paths (``nginx -c DIR/nginx.conf -p DIR``): no system
  configuration is read or touched, and it works as root (nginx's worker processes then run as ``nobody``) and as
  any other user (then ``--port`` must be 1024 or above). Nothing proxied is spooled to disk;
* **affinity by a cookie the proxy sets**: open-source nginx has no ``sticky`` directive and ``ip_hash`` would put a
  whole classroom behind one NAT address on one worker, so the first response to a browser without the
  ``smote_worker`` cookie sets it to that request's ``$request_id`` (random), and every request is routed by
  ``hash <cookie, else $request_id> consistent``. So the page, its scripts, ``/_stcore/host-config``, the
  ``/_stcore/stream`` websocket, the ``/_stcore/upload_file/...`` PUTs and ``/media/...`` downloads of one browser
  all reach the worker that holds its session. The cookie lives until the browser closes; a browser whose worker
  cannot be reached is passed to the next one (a new session there, as after a restart);
* WebSocket upgrade (HTTP/1.1 to the workers, ``Upgrade``/``Connection`` passed on), a one-day read timeout and no
  buffering on ``/_stcore/stream``, ``client_max_body_size`` of Streamlit's ``server.maxUploadSize`` (read from
  ``.streamlit/config.toml``, 200 MB) plus the 1 MB of multipart framing Streamlit itself allows, uploads streamed to
  the worker rather than spooled, ``Host`` (with its port: Streamlit's websocket checks the ``Origin`` against it)
  and ``X-Forwarded-For``/``-Proto``/``-Host`` passed on;
* it waits until every worker's ``/_stcore/health`` says ``ok`` and nginx answers it too, prints the address and the
  process ids, and then watches: **if a worker or nginx exits, it says which on stderr (with the end of its log)
  and stops everything, exit code 1** — a supervisor (systemd ``Restart=on-failure``, a shell loop) restarts the
  whole layout; restarting one worker alone would lose its sessions just the same. SIGINT (Ctrl-C) or SIGTERM stops
  nginx and then the workers (SIGTERM, SIGKILL after 10 s), exit code 0. The children run in their own process
  groups and get SIGTERM if the launcher dies (Linux ``PR_SET_PDEATHSIG``), so even a killed launcher leaves no
  orphans holding the ports;
* ``--workers 1`` goes through nginx too, so the layout is the same whatever N.

The logs (``access.log`` with the upstream and the affinity key of every request, ``error.log``, ``worker-<i>.log``)
are in the private directory, printed at the start and removed at the end (``--workdir DIR`` keeps them in DIR).

Several machines
----------------
The same layout spreads over machines behind any load balancer that has affinity:

* run ``make run`` (one worker) or ``python -m smote_core.serve`` (several) on every machine;
* the load balancer must keep a browser on one machine by a **cookie** (e.g. nginx's ``hash $cookie_... consistent``
  as here, HAProxy ``cookie SERVERID insert``, AWS ALB stickiness, Kubernetes ingress-nginx
  ``affinity: cookie``) — not by client address, which a classroom shares — and must pass the **WebSocket
  upgrade** on ``/_stcore/stream`` with a long idle timeout (hours, not the usual 60 s);
* stored uploads are files: point ``$SMOTE_UPLOAD_DIR`` at the same **shared directory** (NFS, a mounted volume)
  on every machine so that a link ``dataset=upload:<token>`` opens on whichever machine the browser reaches;
* give every process the **same cookie secret** (``STREAMLIT_SERVER_COOKIE_SECRET``, or ``--cookie-secret``), so
  that a cookie Streamlit signs on one machine is accepted on the others;
* allow Streamlit's upload size (``server.maxUploadSize`` + 1 MB) in the load balancer's body limit.

Python API (what the tests use)::

    with Cluster(workers=2, port=0) as c:   # port 0 (and no base_port): free ports
        c.url, c.worker_urls, c.pids, c.access_log()

Examples
--------
The nginx configuration for two workers:

>>> conf = nginx_config([8600, 8601], port=8501, workdir="/tmp/smote-serve")
>>> print("\\n".join(line.strip() for line in conf.splitlines() if line.strip().startswith("server 127")))
server 127.0.0.1:8600 max_fails=0;
server 127.0.0.1:8601 max_fails=0;
>>> "hash $smote_affinity consistent;" in conf and "ip_hash" not in conf
True
>>> worker_command(Path("app.py"), 8600)[1:5]
['-m', 'streamlit', 'run', 'app.py']
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

#: The project root: the directory that holds app.py (this file is smote_core/serve.py).
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8501
DEFAULT_BASE_PORT = 8600
#: The cookie nginx sets and routes by.
COOKIE = "smote_worker"
#: Streamlit's own default for ``server.maxUploadSize`` (MB), used when the config file does not say.
STREAMLIT_DEFAULT_UPLOAD_MB = 200
#: Streamlit accepts a request body this much larger than ``server.maxUploadSize`` (multipart framing).
MULTIPART_MARGIN_MB = 1
SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"
#: Set for every worker unless the environment already has them (as ``make run`` sets them).
WORKER_DEFAULTS = {"MALLOC_ARENA_MAX": "2", "SMOTE_WARM_UP": "1"}
STOP_TIMEOUT = 10.0
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never send 127.0.0.1 through $http_proxy


class ServeError(RuntimeError):
    """The layout could not start, or one of its processes has exited."""


# ---------------------------------------------------------------------------------------------- configuration
def max_upload_mb(root: Path | str = ROOT) -> int:
    """Streamlit's ``server.maxUploadSize`` (MB) as ``root/.streamlit/config.toml`` sets it, else Streamlit's default.

    Examples
    --------
    >>> max_upload_mb("/nonexistent")
    200
    """
    path = Path(root) / ".streamlit" / "config.toml"
    try:
        with path.open("rb") as f:
            value = tomllib.load(f).get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB)
    except (OSError, tomllib.TOMLDecodeError):
        return STREAMLIT_DEFAULT_UPLOAD_MB
    return int(value)


def nginx_config(worker_ports: Sequence[int], *, port: int, workdir: Path | str, address: str = "127.0.0.1",
                 upload_mb: int = STREAMLIT_DEFAULT_UPLOAD_MB, worker_host: str = "127.0.0.1",
                 user: str | None = None) -> str:
    """The text of an nginx configuration that proxies ``address:port`` to the workers with cookie affinity.

    Parameters
    ----------
    worker_ports : sequence of int
        The workers' ports on ``worker_host``.
    port, address : int, str
        Where nginx listens.
    workdir : path
        nginx's private directory: pid file, logs and temporary files go there (absolute paths in the text).
    upload_mb : int
        Streamlit's ``server.maxUploadSize``; the body limit is that plus :data:`MULTIPART_MARGIN_MB`.
    worker_host : str
        The workers' address.
    user : str, optional
        ``"user group"`` for nginx's worker processes; only meaningful when nginx starts as root.

    Returns
    -------
    str
        The configuration (for ``nginx -c FILE -p workdir``).

    Examples
    --------
    >>> conf = nginx_config([8600], port=8501, workdir="/srv/smote", upload_mb=50)
    >>> "client_max_body_size 51m;" in conf and "pid /srv/smote/nginx.pid;" in conf
    True
    """
    if not worker_ports:
        raise ValueError("at least one worker port is needed")
    d = Path(workdir)
    servers = "\n".join(f"        server {worker_host}:{p} max_fails=0;" for p in worker_ports)
    listen = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
    user_line = f"user {user};\n" if user else ""
    return f"""# Written by smote_core.serve for this launch only: nginx -c {d / 'nginx.conf'} -p {d}
{user_line}daemon off;
master_process on;
worker_processes 1;
pid {d / 'nginx.pid'};
error_log {d / 'error.log'} warn;

events {{
    worker_connections 1024;  # a browser holds 2 (its websocket and the one to its worker)
}}

http {{
    default_type application/octet-stream;
    server_tokens off;
    client_body_temp_path {d / 'tmp' / 'client_body'};
    proxy_temp_path {d / 'tmp' / 'proxy'};
    fastcgi_temp_path {d / 'tmp' / 'fastcgi'};
    uwsgi_temp_path {d / 'tmp' / 'uwsgi'};
    scgi_temp_path {d / 'tmp' / 'scgi'};

    # Affinity: the {COOKIE} cookie when the browser has one, else this request's random id, which the
    # response then sets as the cookie, so that all later requests of that browser hash the same way.
    map $cookie_{COOKIE} $smote_affinity {{
        ""      $request_id;
        default $cookie_{COOKIE};
    }}
    map $cookie_{COOKIE} $smote_set_cookie {{
        ""      "{COOKIE}=$smote_affinity; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    # WebSocket upgrade on /_stcore/stream; other requests close their connection to the worker.
    map $http_upgrade $smote_connection {{
        default upgrade;
        ""      close;
    }}

    log_format smote escape=json '{{"time":"$time_iso8601","remote":"$remote_addr","method":"$request_method",'
        '"uri":"$request_uri","status":"$status","upstream":"$upstream_addr","upstream_status":"$upstream_status",'
        '"affinity":"$smote_affinity","cookie":"$cookie_{COOKIE}","request_time":"$request_time"}}';
    access_log {d / 'access.log'} smote;

    # No keepalive to the workers, and max_fails=0: uvicorn closes an idle connection after 5 s, and a request sent
    # on one it has just closed counts as a failure of that worker: nginx would pass the request to another worker
    # and set the worker aside for 10 s, moving all of its browsers (whose sessions it holds) elsewhere.
    upstream smote_workers {{
        hash $smote_affinity consistent;
{servers}
    }}

    server {{
        listen {listen};
        server_name _;

        client_max_body_size {upload_mb + MULTIPART_MARGIN_MB}m;
        # Nothing proxied goes to disk: uploads stream to the worker (Streamlit checks their size as they come),
        # answers are buffered in memory only (so the temporary paths above need not be reachable by nginx's
        # worker processes).
        proxy_request_buffering off;
        proxy_max_temp_file_size 0;

        proxy_http_version 1.1;
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Connection $smote_connection;
        proxy_set_header Host $http_host;  # with the port: Streamlit compares the websocket's Origin with it
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-Host $http_host;

        add_header Set-Cookie $smote_set_cookie always;  # empty (so not sent) once the browser has the cookie

        location /_stcore/stream {{
            proxy_pass http://smote_workers;
            proxy_read_timeout 1d;
            proxy_send_timeout 1d;
            proxy_buffering off;
        }}

        location / {{
            proxy_pass http://smote_workers;
            proxy_read_timeout 300s;
        }}
    }}
}}
"""


def worker_command(app: Path | str, port: int, python: str = sys.executable) -> list[str]:
    """The command line of one worker (run it in the directory that holds the app).

    The file watcher is off: nothing reloads on save (``runOnSave = false``), and N watchers would only cost CPU.
    """
    return [
        python, "-m", "streamlit", "run", str(app), "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]


def worker_env(cookie_secret: str, base: Mapping[str, str] | None = None,
               extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A worker's environment: ``base`` (default ``os.environ``) with :data:`WORKER_DEFAULTS` where unset,
    ``extra`` on top, and the shared cookie secret.

    Examples
    --------
    >>> env = worker_env("s3cret", base={"SMOTE_WARM_UP": "0"})
    >>> env["SMOTE_WARM_UP"], env["MALLOC_ARENA_MAX"], env["STREAMLIT_SERVER_COOKIE_SECRET"]
    ('0', '2', 's3cret')
    """
    env = dict(os.environ if base is None else base)
    for key, value in WORKER_DEFAULTS.items():
        env.setdefault(key, value)
    env.update(extra or {})
    env[SECRET_VARIABLE] = cookie_secret
    return env


def find_nginx(given: str | None = None) -> str:
    """The nginx executable: ``given``, else ``nginx`` on ``$PATH`` or in the sbin folders (not on a user's PATH)."""
    if given:
        path = shutil.which(given)
        if path is None:
            raise ServeError(f"nginx not found at {given!r}")
        return path
    search = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin", "/sbin"])
    path = shutil.which("nginx", path=search)
    if path is None:
        raise ServeError("nginx is not installed: `make nginx` installs Debian's nginx (as root), "
                         "or install it yourself (apt-get install nginx)")
    return path


def _nginx_user() -> str | None:
    """As root, nginx's worker processes run as ``nobody`` (its own default, said explicitly); else None."""
    if os.geteuid() != 0:
        return None
    import grp
    import pwd

    try:
        who = pwd.getpwnam("nobody")
    except KeyError:  # a minimal system without nobody: nginx refuses to start without a user; keep root
        return "root"
    return f"nobody {grp.getgrgid(who.pw_gid).gr_name}"


def _free_port(address: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def _port_is_free(port: int, address: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


def _get(url: str, timeout: float = 2.0) -> str | None:
    """The body of ``url``, or None when it does not answer with 200."""
    try:
        with _NO_PROXY.open(url, timeout=timeout) as r:
            return r.read().decode(errors="replace")
    except (OSError, ValueError):
        return None


def _tail(path: Path, n: int = 30) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(lines[-n:]) or "(empty log)"


def _libc_prctl():
    """libc's ``prctl`` on Linux (loaded in the launcher, not in a child between fork and exec), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_PRCTL = _libc_prctl()
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to send SIGTERM to this child when the launcher's thread exits (does nothing elsewhere)."""
    if _PRCTL is not None:
        _PRCTL(_PR_SET_PDEATHSIG, int(signal.SIGTERM))


# ---------------------------------------------------------------------------------------------- the layout
class Cluster:
    """N Streamlit workers behind one nginx with cookie affinity; a context manager (``start`` / ``stop``).

    Parameters
    ----------
    workers : int
        How many ``streamlit run`` processes.
    port : int
        nginx's port; 0 picks a free one.
    address : str
        nginx's address (the CLI's default is ``0.0.0.0``, this API's ``127.0.0.1``).
    base_port : int, optional
        Worker i (from 0) listens on ``127.0.0.1:base_port + i``; None picks free ports.
    app : path, optional
        The Streamlit script; its directory is the workers' working directory. Default: the project's app.py.
    cookie_secret : str, optional
        Shared by all workers; default ``$STREAMLIT_SERVER_COOKIE_SECRET``, else a new ``secrets.token_hex(32)``.
    env : mapping, optional
        Variables set for the workers on top of the launcher's environment.
    nginx : str, optional
        The nginx executable (default: found on the PATH or in /usr/sbin).
    workdir : path, optional
        nginx's directory and the logs; default a new temporary directory, removed by :meth:`stop`.
    startup_timeout : float
        Seconds to wait for every worker and nginx to answer.

    Attributes
    ----------
    url : str
        The address to open (nginx), e.g. ``http://127.0.0.1:8501``.
    worker_urls : list of str
        Each worker's own address (bypassing nginx).
    pids : list of int
        The workers' process ids; :attr:`nginx_pid` is nginx's master.

    Notes
    -----
    The children are told to receive SIGTERM when the thread that started them exits (Linux), so start a cluster
    from a thread that outlives it (the main thread, a pytest fixture).
    """

    def __init__(self, workers: int = 2, port: int = DEFAULT_PORT, *, address: str = "127.0.0.1",
                 base_port: int | None = None, app: Path | str | None = None, cookie_secret: str | None = None,
                 env: Mapping[str, str] | None = None, nginx: str | None = None, workdir: Path | str | None = None,
                 startup_timeout: float = 120.0):
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = int(workers)
        self.address = address
        self.port = int(port)
        self.base_port = base_port
        self.app = Path(app).resolve() if app is not None else ROOT / "app.py"
        self.cookie_secret = cookie_secret or os.environ.get(SECRET_VARIABLE) or secrets.token_hex(32)
        self.extra_env = dict(env or {})
        self.nginx_path = nginx
        self._given_workdir = Path(workdir).resolve() if workdir is not None else None
        self.workdir: Path | None = None
        self.startup_timeout = startup_timeout
        self.worker_ports: list[int] = []
        self._workers: list[subprocess.Popen] = []
        self._nginx: subprocess.Popen | None = None
        self._logs: list = []

    # ------------------------------------------------------------------ addresses
    @property
    def url(self) -> str:
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.address, self.address)
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    @property
    def worker_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.worker_ports]

    @property
    def pids(self) -> list[int]:
        return [p.pid for p in self._workers]

    @property
    def nginx_pid(self) -> int | None:
        return self._nginx.pid if self._nginx else None

    @property
    def config_path(self) -> Path:
        return self._dir / "nginx.conf"

    @property
    def access_log_path(self) -> Path:
        return self._dir / "access.log"

    def worker_log_path(self, i: int) -> Path:
        """Worker ``i``'s (from 0) output."""
        return self._dir / f"worker-{i + 1}.log"

    @property
    def _dir(self) -> Path:
        if self.workdir is None:
            raise ServeError("the cluster has not been started")
        return self.workdir

    def access_log(self) -> list[dict]:
        """nginx's access log so far, one dict per request: ``method``, ``uri``, ``status``, ``upstream`` (the
        worker's ``host:port``; several, comma-separated, if nginx had to try another), ``affinity`` (the key it
        hashed), ``cookie`` (the ``smote_worker`` cookie the request carried, empty on a first visit), ...
        A websocket is logged when it closes."""
        try:
            text = self.access_log_path.read_text(errors="replace")
        except OSError:
            return []
        out = []
        for line in text.splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:  # a line being written
                continue
        return out

    # ------------------------------------------------------------------ start / stop
    def __enter__(self) -> Cluster:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> Cluster:
        """Write the configuration, start the workers and nginx, wait until all answer. On failure everything
        started is stopped again and :class:`ServeError` says why (with the end of the failing process's log)."""
        if self._workers or self._nginx:
            raise ServeError("the cluster is already running")
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        if not self.app.is_file():
            raise ServeError(f"no Streamlit app at {self.app}")
        nginx = find_nginx(self.nginx_path)
        if self._given_workdir is not None:
            self._given_workdir.mkdir(parents=True, exist_ok=True)
            self.workdir = self._given_workdir
        else:
            self.workdir = Path(tempfile.mkdtemp(prefix="smote-serve-"))
        (self.workdir / "tmp").mkdir(exist_ok=True)

        if self.port == 0:
            self.port = _free_port(self.address)
        elif not _port_is_free(self.port, self.address):
            raise ServeError(f"port {self.port} on {self.address} is in use (another `make run` or `make serve`?)")
        if self.base_port is None:
            self.worker_ports = [_free_port() for _ in range(self.workers)]
        else:
            self.worker_ports = [self.base_port + i for i in range(self.workers)]
            busy = [p for p in self.worker_ports if not _port_is_free(p)]
            if busy or self.port in self.worker_ports:
                raise ServeError(f"worker port(s) {busy or [self.port]} in use: choose another --base-port")

        self.config_path.write_text(nginx_config(
            self.worker_ports, port=self.port, address=self.address, workdir=self.workdir,
            upload_mb=max_upload_mb(self.app.parent), user=_nginx_user()))
        nginx_cmd = [nginx, "-c", str(self.config_path), "-p", str(self.workdir), "-e", str(self.workdir / "error.log")]
        test = subprocess.run([*nginx_cmd, "-t", "-q"], capture_output=True, text=True, timeout=30)
        if test.returncode != 0:
            raise ServeError(f"nginx rejects the configuration {self.config_path}:\n{test.stderr or test.stdout}")

        env = worker_env(self.cookie_secret, extra=self.extra_env)
        for i, port in enumerate(self.worker_ports):
            log = self.worker_log_path(i).open("w")
            self._logs.append(log)
            self._workers.append(subprocess.Popen(
                worker_command(self.app.name, port), cwd=self.app.parent, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent))
        log = (self.workdir / "nginx.out").open("w")
        self._logs.append(log)
        self._nginx = subprocess.Popen(nginx_cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       start_new_session=True, preexec_fn=_die_with_parent)
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        waiting = set(range(self.workers))
        while True:
            self.check()
            waiting = {i for i in waiting if _get(self.worker_urls[i] + "/_stcore/health") != "ok"}
            if not waiting and _get(self.url + "/_stcore/health") == "ok":
                return
            if time.monotonic() > deadline:
                who = (", ".join(f"worker {i + 1} ({self.worker_urls[i]})" for i in sorted(waiting))
                       or f"nginx ({self.url})")
                tail = _tail(self.worker_log_path(min(waiting))) if waiting else _tail(self._dir / "error.log")
                raise ServeError(f"{who} did not answer /_stcore/health with 'ok' within "
                                 f"{self.startup_timeout:.0f} s; the end of its log:\n{tail}")
            time.sleep(0.2)

    def dead(self) -> str | None:
        """Which process of the layout has exited, and the end of its log; None while all run."""
        for i, proc in enumerate(self._workers):
            if proc.poll() is not None:
                return (f"worker {i + 1} (pid {proc.pid}, {self.worker_urls[i]}) exited with code {proc.returncode}; "
                        f"the end of {self.worker_log_path(i)}:\n{_tail(self.worker_log_path(i))}")
        if self._nginx is not None and self._nginx.poll() is not None:
            return (f"nginx (pid {self._nginx.pid}) exited with code {self._nginx.returncode}; "
                    f"the end of its error log:\n{_tail(self._dir / 'error.log')}\n{_tail(self._dir / 'nginx.out')}")
        return None

    def check(self) -> None:
        """Raise :class:`ServeError` if a worker or nginx has exited."""
        if (why := self.dead()) is not None:
            raise ServeError(why)

    def wait(self, poll: float = 0.5) -> str:
        """Block until a worker or nginx exits; return what :meth:`dead` says about it."""
        while (why := self.dead()) is None:
            time.sleep(poll)
        return why

    def stop(self) -> None:
        """Stop nginx, then the workers (SIGTERM to each process group, SIGKILL after 10 s); remove the temporary
        directory unless it was given. Safe to call more than once."""
        procs = ([self._nginx] if self._nginx else []) + self._workers
        for proc in procs:  # nginx first: no new requests reach a worker that is going away
            _signal_group(proc, signal.SIGTERM)
            if proc is self._nginx:
                _wait(proc, STOP_TIMEOUT)
        deadline = time.monotonic() + STOP_TIMEOUT
        for proc in procs:
            if not _wait(proc, max(0.1, deadline - time.monotonic())):
                _signal_group(proc, signal.SIGKILL)
                _wait(proc, 5)
        for log in self._logs:
            log.close()
        self._workers, self._nginx, self._logs = [], None, []
        if self.workdir is not None and self._given_workdir is None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)  # start_new_session: its group id is its pid
    except (ProcessLookupError, PermissionError):
        pass


def _wait(proc: subprocess.Popen, timeout: float) -> bool:
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return False
    return True


# ---------------------------------------------------------------------------------------------- command line
class _Stopped(Exception):
    """SIGTERM arrived."""


def _on_sigterm(signum, frame):
    raise _Stopped()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m smote_core.serve``; see the module's docstring. Returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m smote_core.serve", description=(
        "Serve the app from N streamlit processes behind nginx with cookie affinity (sticky sessions)."))
    parser.add_argument("--workers", type=int, default=2, help="streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"nginx's port (default {DEFAULT_PORT})")
    parser.add_argument("--address", default="0.0.0.0", help="nginx's address (default 0.0.0.0)")
    parser.add_argument("--base-port", type=int, default=DEFAULT_BASE_PORT,
                        help=f"worker i listens on 127.0.0.1:BASE+i (default {DEFAULT_BASE_PORT})")
    parser.add_argument("--app", default=None, help="the Streamlit script (default: the project's app.py)")
    parser.add_argument("--cookie-secret", default=None,
                        help=f"shared by all workers (default ${SECRET_VARIABLE}, else a random one)")
    parser.add_argument("--nginx", default=None, help="the nginx executable (default: found in PATH or /usr/sbin)")
    parser.add_argument("--workdir", default=None,
                        help="keep nginx's configuration and all logs here (default: a temporary directory)")
    parser.add_argument("--startup-timeout", type=float, default=120.0, help="seconds (default 120)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")

    cluster = Cluster(args.workers, args.port, address=args.address, base_port=args.base_port, app=args.app,
                      cookie_secret=args.cookie_secret, nginx=args.nginx, workdir=args.workdir,
                      startup_timeout=args.startup_timeout)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        cluster.start()
        shown = "localhost" if args.address in ("0.0.0.0", "::") else args.address
        print(f"SMOTE Explorer: http://{shown}:{cluster.port} — nginx (pid {cluster.nginx_pid}) with sticky "
              f"sessions over {cluster.workers} worker{'s' * (cluster.workers > 1)}:", flush=True)
        for i, (pid, url) in enumerate(zip(cluster.pids, cluster.worker_urls)):
            print(f"  worker {i + 1}: pid {pid}, {url}", flush=True)
        print(f"Logs: {cluster.workdir} (access.log, error.log, worker-<i>.log). Ctrl-C stops everything.",
              flush=True)
        why = cluster.wait()
        print(f"smote_core.serve: {why}\nStopping everything.", file=sys.stderr, flush=True)
        return 1
    except (KeyboardInterrupt, _Stopped):
        print("Stopping nginx and the workers.", file=sys.stderr, flush=True)
        return 0
    except ServeError as exc:
        print(f"smote_core.serve: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        # A second Ctrl-C must not interrupt the stopping (it would leave processes behind); stop() is bounded.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        cluster.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    raise SystemExit(main())
