"""``make serve``'s layout in a real browser: two Streamlit workers behind nginx with cookie affinity.

One cluster for the module (smote_core.serve.Cluster: 2 workers, free ports, its own upload directory). How
affinity is proven: nginx logs every request with the worker it went to (``$upstream_addr``), the key it hashed and
the ``smote_worker`` cookie the request carried. For each browser context we read its cookie and check, in that log,
that *every* request made under it — the page, its scripts, ``/_stcore/host-config``, ``/_stcore/health``, the
``/_stcore/stream`` websocket (logged when it closes), the upload's PUT — went to one and the same worker, and that
only the first request came without the cookie (the proxy set it in the answer). That both workers get sessions is
made certain, not likely: two contexts are given, before their first page load, cookies that plain HTTP probes
showed to land on worker 1 and on worker 2.
"""

from __future__ import annotations

import re
import time
import urllib.request
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest

from browser_helpers import expect_rerun, new_page, no_exception, open_page, plotly_traces, upload_file, wait_for_app
from smote_core import serve

COOKIE = serve.COOKIE
FILE = "serve-cells.csv"
PROBE = "/_stcore/health?probe"  # the pins' requests, left out of a context's own


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two workers behind nginx on free ports; no UMAP warm-up (it would cost both workers a core for ~20 s)."""
    try:
        serve.find_nginx()
    except serve.ServeError as exc:
        pytest.fail(f"{exc} — `make test` installs it.", pytrace=False)
    uploads = tmp_path_factory.mktemp("serve-uploads")
    logs = tmp_path_factory.mktemp("serve")  # nginx's config and every log stay there (pytest keeps its last runs)
    with serve.Cluster(workers=2, port=0, env={"SMOTE_WARM_UP": "0", "SMOTE_UPLOAD_DIR": str(uploads)},
                       workdir=logs, startup_timeout=90) as c:
        yield c


@pytest.fixture(autouse=True)
def _cluster_alive(cluster):
    cluster.check()
    yield
    cluster.check()


def _upstream(cluster, cookie: str) -> str | None:
    """The worker (``host:port``) nginx logged for a request that hashed ``cookie``."""
    for entry in reversed(cluster.access_log()):
        if entry["affinity"] == cookie:
            return entry["upstream"]
    return None


def _pins(cluster) -> dict[str, str]:
    """A new ``smote_worker`` cookie value for each worker (``host:port`` → value), found with plain requests: each
    cookie-less request gets a new random key from nginx; the log says which worker it hashed to."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    wanted = {u.removeprefix("http://") for u in cluster.worker_urls}
    found: dict[str, str] = {}
    for _ in range(200):  # each probe misses a given worker with probability ~1/2: 200 misses never happen
        with opener.open(cluster.url + PROBE, timeout=5) as r:
            value = re.search(rf"{COOKIE}=([0-9a-f]+);", " ".join(r.headers.get_all("Set-Cookie") or [])).group(1)
        deadline = time.monotonic() + 2
        while (worker := _upstream(cluster, value)) is None and time.monotonic() < deadline:
            time.sleep(0.02)
        found.setdefault(worker, value)
        if wanted <= found.keys():
            return {w: found[w] for w in sorted(wanted)}
    pytest.fail(f"200 probes reached only {sorted(found)} of {sorted(wanted)}")


def _context_page(browser, cluster, pin: str | None = None):
    pg = new_page(browser)
    if pin is not None:
        pg.context.add_cookies([{"name": COOKIE, "value": pin, "url": cluster.url}])
    return pg


def _cookie(pg) -> str:
    values = [c["value"] for c in pg.context.cookies() if c["name"] == COOKIE]
    assert len(values) == 1, f"the context holds {len(values)} {COOKIE} cookies"
    return values[0]


def _originals(pg) -> dict:
    return {t["name"]: t["n_x"] for t in plotly_traces(pg) if (t["name"] or "").endswith("(original)")}


def _requests_of(cluster, cookie: str, until_stream_closed: bool = True, timeout: float = 15) -> list[dict]:
    """Every logged request that hashed ``cookie``; with ``until_stream_closed``, wait for its websocket's line."""
    deadline = time.monotonic() + timeout
    while True:
        mine = [e for e in cluster.access_log() if e["affinity"] == cookie and e["uri"] != PROBE]
        if not until_stream_closed or any(e["uri"].startswith("/_stcore/stream") for e in mine):
            return mine
        if time.monotonic() > deadline:
            raise AssertionError(f"no /_stcore/stream line for {cookie} in the access log: {mine}")
        time.sleep(0.1)


def _one_worker(cluster, requests: list[dict]) -> str:
    """The one worker all ``requests`` went to (a request nginx never passed on — only one a closing browser gave
    up, 499 — has no worker and is left out). Fails, quoting the requests and nginx's errors, if there are more."""
    unrouted = [e for e in requests if not e["upstream"]]
    workers = {e["upstream"] for e in requests if e["upstream"]}
    if len(workers) != 1 or "," in next(iter(workers)) or any(e["status"] != "499" for e in unrouted):
        errors = (cluster.workdir / "error.log").read_text(errors="replace")[-3000:]
        raise AssertionError(f"requests spread over {workers or 'no worker'}:\n"
                             + "\n".join(map(str, requests)) + f"\nnginx's error.log ends:\n{errors}")
    return workers.pop()


LINK = "/explore?dataset=moons&k=3&projection=pca"
LIGHT = "/data"  # no chart: the fresh contexts only need a session (and the machine has 2 shared cores)
FRESH = 2  # contexts whose worker the proxy picks (the two pinned ones make sure both workers have a session)


@pytest.fixture(scope="module")
def sessions(cluster, browser):
    """Four browsers at once: two pinned to worker 1 and 2 open the Explore link, two fresh ones (the proxy picks
    their worker) open Data; then all are closed, which closes their websockets, so nginx has logged them.
    What each saw: ``path``, ``pin`` (the worker it was pinned to, or None), ``cookie``, ``url``, ``originals``
    (points drawn per original class, Explore only), ``exceptions``."""
    plan = [(worker, value, LINK) for worker, value in _pins(cluster).items()] + [(None, None, LIGHT)] * FRESH
    pages = [_context_page(browser, cluster, value) for _, value, _ in plan]
    seen = []
    try:
        for pg, (_, _, path) in zip(pages, plan):  # all load at once: four sessions over two processes
            pg.goto(cluster.url + path, wait_until="commit")
        for pg, (worker, _, path) in zip(pages, plan):
            wait_for_app(pg)
            seen.append({"path": path, "pin": worker, "cookie": _cookie(pg), "url": pg.url,
                         "originals": _originals(pg) if path == LINK else None,
                         "exceptions": pg.locator("[data-testid='stException']").all_inner_texts()})
    finally:
        for pg in pages:
            pg.context.close()
    return seen


def test_two_browsers_work_at_once_one_on_each_worker(sessions):
    explore = [s for s in sessions if s["path"] == LINK]
    assert len(explore) == 2 and len({s["pin"] for s in explore}) == 2  # on two different workers
    for s in sessions:
        assert not s["exceptions"], s["exceptions"]
    for s in explore:  # the page loaded and the Explore figure is there
        assert "/explore" in s["url"] and "dataset=moons" in s["url"]
        assert s["originals"].keys() == {"majority (original)", "minority (original)"}, s["originals"]
        assert sum(s["originals"].values()) > 100


def test_every_request_of_a_browser_stays_on_one_worker(cluster, sessions):
    assert len(sessions) == 2 + FRESH and len({s["cookie"] for s in sessions}) == len(sessions)  # own keys
    workers = set()
    for s in sessions:
        mine = _requests_of(cluster, s["cookie"])
        uris = [e["uri"] for e in mine]
        assert s["path"] in uris and any(u.startswith("/static/") for u in uris), uris
        assert any(u.startswith("/_stcore/host-config") for u in uris), uris
        assert any(u.startswith("/_stcore/stream") and e["status"] == "101" for u, e in zip(uris, mine)), mine
        worker = _one_worker(cluster, mine)
        workers.add(worker)
        without = [e["uri"] for e in mine if e["cookie"] == ""]
        if s["pin"] is not None:  # sent its cookie from the start
            assert not without and worker == s["pin"], (without, worker, s["pin"])
        else:  # the page itself came without a cookie; nginx's answer set it, and everything after carried it
            assert without == [s["path"]], without
    assert workers == {u.removeprefix("http://") for u in cluster.worker_urls}  # both workers have sessions


def _cells_csv(path):
    rng = np.random.RandomState(1)
    pd.DataFrame({
        "radius": np.r_[rng.normal(12, 2, 40), rng.normal(18, 2, 20)].round(2),
        "area": np.r_[rng.normal(450, 120, 40), rng.normal(1000, 200, 20)].round(1),
        "diagnosis": ["B"] * 40 + ["M"] * 20,
    }).to_csv(path, index=False)
    return path


def test_an_upload_through_the_proxy_survives_a_reload_and_opens_on_the_other_worker(cluster, browser, tmp_path):
    pg = _context_page(browser, cluster)
    other = None
    try:
        open_page(pg, cluster.url, "/data")
        upload_file(pg, _cells_csv(tmp_path / FILE), label="Table file")
        no_exception(pg)
        assert "Ready:" in " ".join(pg.get_by_test_id("stAlertContentSuccess").all_inner_texts())
        with expect_rerun(pg):
            pg.get_by_role("button", name="Explore this data").click()
        no_exception(pg)
        found = re.search(r"dataset=upload:([A-Za-z0-9_-]{22})", unquote(pg.url))
        assert "/explore" in pg.url and found, pg.url
        token = found.group(1)
        assert _originals(pg) == {"B (original)": 40, "M (original)": 20}

        pg.reload()
        wait_for_app(pg)
        no_exception(pg)
        assert token in unquote(pg.url) and _originals(pg) == {"B (original)": 40, "M (original)": 20}

        cookie = _cookie(pg)
        worker = _one_worker(cluster, _requests_of(cluster, cookie, until_stream_closed=False))
        puts = [e for e in _requests_of(cluster, cookie, until_stream_closed=False) if e["method"] == "PUT"]
        assert puts and all(e["uri"].startswith("/_stcore/upload_file/") and e["status"] in ("200", "204") for e in puts)

        # The link works on the other worker too: stored uploads are files in $SMOTE_UPLOAD_DIR, not in a process.
        other = _context_page(browser, cluster, next(v for w, v in _pins(cluster).items() if w != worker))
        open_page(other, cluster.url, f"/explore?dataset=upload:{token}")
        no_exception(other)
        assert _originals(other) == {"B (original)": 40, "M (original)": 20}
        assert _one_worker(cluster, _requests_of(cluster, _cookie(other), until_stream_closed=False)) != worker
    finally:
        pg.context.close()
        if other is not None:
            other.context.close()
