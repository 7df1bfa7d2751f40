"""The launcher of ``make serve`` (smote_core.serve): the nginx configuration it writes, the workers' command and
environment, ``nginx -t`` on the configuration, and the command line's lifecycle (ready, Ctrl-C/SIGTERM, a worker
that dies, a launcher that is killed) with one worker on a tiny app. The browser tests are in
tests/browser/test_serve_browser.py (a name of its own: pytest imports test files by basename).
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smote_core import serve

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"]))
needs_nginx = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (`make nginx` installs it)")


def _conf(tmp_path, ports=(8600, 8601), **kw):
    return serve.nginx_config(list(ports), port=kw.pop("port", 8501), workdir=tmp_path, **kw)


def _block(conf: str, head: str) -> str:
    """The body of the first ``head { ... }`` block (no nested braces inside the ones we look at)."""
    found = re.search(re.escape(head) + r"\s*\{([^{}]*)\}", conf)
    assert found, f"no {head!r} block in:\n{conf}"
    return found.group(1)


def test_the_upstream_lists_every_worker_and_hashes_the_affinity_cookie(tmp_path):
    conf = _conf(tmp_path, ports=(8600, 8601, 8602))
    upstream = _block(conf, "upstream smote_workers")
    assert re.findall(r"server (\S+) max_fails=0;", upstream) == ["127.0.0.1:8600", "127.0.0.1:8601",
                                                                  "127.0.0.1:8602"]
    assert "hash $smote_affinity consistent;" in upstream
    # A reused connection that uvicorn had just closed would count as the worker failing and move its browsers.
    assert "keepalive" not in upstream
    assert "ip_hash" not in conf and "sticky" not in conf.replace("sticky sessions", "")


def test_the_affinity_map_uses_the_cookie_or_a_new_request_id_which_becomes_the_cookie(tmp_path):
    conf = _conf(tmp_path)
    affinity = _block(conf, "map $cookie_smote_worker $smote_affinity")
    assert re.search(r'""\s+\$request_id;', affinity) and re.search(r"default\s+\$cookie_smote_worker;", affinity)
    set_cookie = _block(conf, "map $cookie_smote_worker $smote_set_cookie")
    assert '"smote_worker=$smote_affinity; Path=/; HttpOnly; SameSite=Lax"' in set_cookie
    assert re.search(r'default\s+"";', set_cookie)  # an empty add_header is not sent: only on the first visit
    assert "add_header Set-Cookie $smote_set_cookie always;" in conf


def test_the_websocket_is_upgraded_and_kept_open(tmp_path):
    conf = _conf(tmp_path)
    assert re.search(r'map \$http_upgrade \$smote_connection \{\s*default upgrade;\s*""\s+close;\s*\}', conf)
    for line in ("proxy_http_version 1.1;", "proxy_set_header Upgrade $http_upgrade;",
                 "proxy_set_header Connection $smote_connection;", "proxy_set_header Host $http_host;",
                 "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                 "proxy_set_header X-Forwarded-Proto $scheme;"):
        assert line in conf, line
    stream = _block(conf, "location /_stcore/stream")
    assert "proxy_pass http://smote_workers;" in stream
    assert "proxy_read_timeout 1d;" in stream and "proxy_buffering off;" in stream


def test_nginx_runs_in_the_foreground_from_its_own_directory(tmp_path):
    conf = _conf(tmp_path, port=9123, address="0.0.0.0", upload_mb=serve.max_upload_mb(ROOT))
    assert "daemon off;" in conf and "listen 0.0.0.0:9123;" in conf
    assert f"pid {tmp_path / 'nginx.pid'};" in conf and f"access_log {tmp_path / 'access.log'} smote;" in conf
    for directive in ("error_log", "client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path",
                      "uwsgi_temp_path", "scgi_temp_path"):
        paths = re.findall(rf"^\s*{directive} (\S+)", conf, flags=re.M)
        assert paths and all(p.startswith(str(tmp_path)) for p in paths), directive
    assert serve.max_upload_mb(ROOT) == 200  # .streamlit/config.toml
    assert "client_max_body_size 201m;" in conf  # Streamlit's limit + its 1 MB for the multipart framing
    assert "proxy_request_buffering off;" in conf and "proxy_max_temp_file_size 0;" in conf  # nothing spooled
    assert "user " not in _conf(tmp_path, user=None)
    assert "user nobody nogroup;" in _conf(tmp_path, user="nobody nogroup")


def test_the_workers_command_and_environment():
    cmd = serve.worker_command("app.py", 8600, python="py")
    assert cmd[:4] == ["py", "-m", "streamlit", "run"] and cmd[4] == "app.py"
    opts = dict(zip(cmd[5::2], cmd[6::2]))
    assert opts == {"--server.port": "8600", "--server.address": "127.0.0.1", "--server.headless": "true",
                    "--browser.gatherUsageStats": "false", "--server.fileWatcherType": "none"}
    env = serve.worker_env("abc", base={"SMOTE_UPLOAD_DIR": "/shared/up", "PATH": "/bin"}, extra={"X": "1"})
    assert env == {"SMOTE_UPLOAD_DIR": "/shared/up", "PATH": "/bin", "X": "1", "MALLOC_ARENA_MAX": "2",
                   "SMOTE_WARM_UP": "1", "STREAMLIT_SERVER_COOKIE_SECRET": "abc"}


def test_one_cookie_secret_per_launch(monkeypatch):
    monkeypatch.delenv(serve.SECRET_VARIABLE, raising=False)
    a, b = serve.Cluster(workers=2), serve.Cluster(workers=2)
    assert re.fullmatch(r"[0-9a-f]{64}", a.cookie_secret) and a.cookie_secret != b.cookie_secret
    assert serve.Cluster(cookie_secret="given").cookie_secret == "given"
    monkeypatch.setenv(serve.SECRET_VARIABLE, "from-env")  # several machines: the same secret everywhere
    assert serve.Cluster().cookie_secret == "from-env"


@needs_nginx
def test_nginx_accepts_the_configuration(tmp_path):
    (tmp_path / "tmp").mkdir()
    path = tmp_path / "nginx.conf"
    user = serve._nginx_user()
    path.write_text(serve.nginx_config([8600, 8601], port=serve._free_port(), workdir=tmp_path, user=user,
                                       upload_mb=serve.max_upload_mb(ROOT)))
    done = subprocess.run([NGINX, "-t", "-c", str(path), "-p", str(tmp_path), "-e", str(tmp_path / "error.log")],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_a_busy_port_is_refused_before_anything_starts(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        busy = s.getsockname()[1]
        with pytest.raises(serve.ServeError, match=f"port {busy} .* in use"):
            serve.Cluster(workers=1, port=busy, nginx=NGINX or sys.executable).start()
        cluster = serve.Cluster(workers=1, port=0, base_port=busy, nginx=NGINX or sys.executable)
        with pytest.raises(serve.ServeError, match="in use"):
            cluster.start()
        assert cluster.workdir is None and cluster.pids == []  # its directory is gone again


# ---------------------------------------------------------------------------------------------- the command line
TINY_APP = "import streamlit as st\n\nst.write('hello')\n"


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state in ("Z", "X")  # a zombie whose new parent has not reaped it yet has stopped all the same


def _wait_gone(pids, timeout=15.0) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if not _gone(p)]


def _launch(tmp_path, as_module=False):
    """``python -m smote_core.serve --workers 1`` on a tiny app; returns the process and the pids it printed.

    Unless ``as_module``, the launcher runs as ``python smote_core/serve.py`` (the same code): ``-m`` imports the
    package ``smote_core`` first, scikit-learn and all, which costs seconds and proves nothing here.
    """
    app = tmp_path / "tiny.py"
    app.write_text(TINY_APP)
    out = (tmp_path / "out.txt").open("w+")
    err = tmp_path / "err.txt"
    launcher = ["-m", "smote_core.serve"] if as_module else [serve.__file__]
    proc = subprocess.Popen(
        [sys.executable, *launcher, "--workers", "1", "--port", "0", "--address", "127.0.0.1",
         "--base-port", str(serve._free_port()), "--app", str(app), "--workdir", str(tmp_path / "serve"),
         "--startup-timeout", "60"],
        cwd=ROOT, stdout=out, stderr=err.open("w"), env={**os.environ, "SMOTE_WARM_UP": "0"}, start_new_session=True)
    deadline = time.monotonic() + 70
    while "Ctrl-C stops everything" not in (text := Path(out.name).read_text()):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the launcher did not start:\n{text}\n{err.read_text()}")
        time.sleep(0.1)
    nginx = int(re.search(r"nginx \(pid (\d+)\)", text).group(1))
    workers = [int(p) for p in re.findall(r"worker \d+: pid (\d+)", text)]
    url = re.search(r"(http://\S+) ", text).group(1)
    assert len(workers) == 1 and serve._get(url + "/_stcore/health") == "ok"
    return proc, nginx, workers, err


@needs_nginx
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_nginx_and_the_workers(tmp_path, sig):
    proc, nginx, workers, err = _launch(tmp_path, as_module=sig == signal.SIGTERM)
    proc.send_signal(sig)
    assert proc.wait(30) == 0, err.read_text()
    assert _wait_gone([nginx, *workers]) == []
    assert "Stopping nginx and the workers." in err.read_text()


@needs_nginx
def test_a_worker_that_dies_stops_everything_with_an_error(tmp_path):
    proc, nginx, workers, err = _launch(tmp_path)
    os.kill(workers[0], signal.SIGKILL)
    assert proc.wait(30) == 1
    said = err.read_text()
    assert f"worker 1 (pid {workers[0]}" in said and "exited with code -9" in said and "Stopping everything" in said
    assert _wait_gone([nginx]) == []


@needs_nginx
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_killed_launcher_leaves_no_orphans(tmp_path):
    proc, nginx, workers, _ = _launch(tmp_path)
    proc.kill()
    proc.wait(10)
    assert _wait_gone([nginx, *workers]) == []
