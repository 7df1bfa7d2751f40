"""Real-browser fixtures: ``streamlit run app.py`` on 127.0.0.1 and Debian's Chromium driven by Playwright (sync API).

Fixtures: ``app_server`` (session; the base URL, e.g. ``http://127.0.0.1:41234``), ``browser`` (session; a headless
Chromium), ``page`` (per test; a fresh context — its own Streamlit session — with a 1400×900 viewport).
Helpers (waiting, widgets, plotly, screenshots) are in ``browser_helpers``.

Every test in this folder is marked ``browser``: ``pytest -m "not browser"`` leaves them out.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]  # the repository: app.py lives here
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
SERVER_START_TIMEOUT = float(os.environ.get("BROWSER_TEST_SERVER_TIMEOUT", "60"))
INSTALL_HINT = "`make test` installs it (Debian's chromium package, as root); or set CHROMIUM=/path/to/chromium."
_STARTUP: dict = {}  # seconds: how long the server and the browser took to come up (shown in the summary)
_SERVER: dict = {}  # the running server's process and log, to explain a server that died under a test


def pytest_collection_modifyitems(config, items):
    # A conftest hook sees every collected item, not only this folder's: mark just the ones under it.
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, n: int = 60) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no output captured)"
    return "\n".join(lines[-n:]) or "(no output)"


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(5)


@pytest.fixture(scope="session")
def app_server():
    """Start ``streamlit run app.py`` on a free port; yield its base URL; stop its whole process group after."""
    port = _free_port()
    fd, name = tempfile.mkstemp(prefix="streamlit-browser-", suffix=".log")
    os.close(fd)
    log_path = Path(name)
    log = log_path.open("w")
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]
    # stdout and stderr go to a file, not a pipe: a pipe nobody reads would block a chatty server.
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                why = (f"exited with code {proc.returncode}" if proc.poll() is not None
                       else f"did not answer {base}/_stcore/health with 'ok' within {SERVER_START_TIMEOUT:.0f} s")
                _stop(proc)
                log.flush()
                pytest.fail(
                    f"streamlit {why}.\ncommand: {' '.join(cmd)} (cwd {ROOT})\n"
                    f"server output ({log_path}):\n{_tail(log_path)}", pytrace=False,
                )
            time.sleep(0.2)
        _STARTUP["streamlit server"] = time.monotonic() - started
        _SERVER.update(proc=proc, log=log, log_path=log_path, base=base)
        yield base
    finally:
        _SERVER.clear()
        _stop(proc)
        log.close()
        log_path.unlink(missing_ok=True)  # a failure above has already quoted it


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium via Playwright. A missing Chromium or Playwright fails the tests (never skips)."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        pytest.fail(f"Playwright is not installed ({exc}): `make test` installs requirements-dev.txt.", pytrace=False)
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"Chromium is missing: no executable at {CHROMIUM}. {INSTALL_HINT}", pytrace=False)
    started = time.monotonic()
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        except PlaywrightError as exc:
            pytest.fail(f"Chromium at {CHROMIUM} did not start: {exc}\n{INSTALL_HINT}", pytrace=False)
        _STARTUP[f"chromium {b.version}"] = time.monotonic() - started
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (its own Streamlit session) and page, 1400×900; closed after the test."""
    from browser_helpers import new_page

    pg = new_page(browser)
    yield pg
    pg.context.close()


def _server_died() -> str | None:
    proc = _SERVER.get("proc")
    if proc is None or proc.poll() is None:
        return None
    _SERVER["log"].flush()
    code = proc.returncode
    who = " — stopped from outside the tests (a signal: something else killed it)" if code <= 0 else ""
    return (f"the streamlit server at {_SERVER['base']} has exited with code {code}{who}.\n"
            f"server output ({_SERVER['log_path']}):\n{_tail(_SERVER['log_path'])}")


@pytest.fixture(autouse=True)
def _server_alive(request):
    """A test that uses the server fails with the server's exit code and output if the server is gone."""
    if "app_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app_server")
    if (why := _server_died()) is not None:
        pytest.fail(why, pytrace=False)
    yield
    if (why := _server_died()) is not None:
        pytest.fail(why, pytrace=False)


def pytest_terminal_summary(terminalreporter):
    if _STARTUP:
        parts = ", ".join(f"{name} {sec:.2f} s" for name, sec in _STARTUP.items())
        terminalreporter.write_line(f"browser session start-up: {parts}")
