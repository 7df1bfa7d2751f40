"""Helpers for the real-browser tests: wait for Streamlit, drive widgets, read plotly traces, take screenshots.

Streamlit 1.67 DOM facts these rely on (checked against a running app):

* ``[data-testid='stApp']`` carries ``data-test-script-state`` — ``initial`` (no run yet), ``running``,
  ``rerunRequested``, ``stopRequested``, ``compilationError`` or ``notRunning`` — and
  ``data-test-connection-state`` (``INITIAL``, ``PINGING_SERVER``, ``CONNECTING``, ``CONNECTED``, ...).
  One page load can run the script more than once (a ``st.switch_page``/``st.rerun``, the router's first
  rerun), with a short ``notRunning`` gap in between; so "idle" here means *idle for a quiet window*.
* Loading placeholders: ``stAppSkeleton`` (whole app, first load) and ``stSkeleton`` (lazy elements).
* A slider (``[data-testid='stSlider']``) is a react-aria slider: its thumb is a visually hidden
  ``<input type='range'>`` (implicit role ``slider``) with ``min``/``max``/``step``/``value`` and
  ``aria-valuetext`` (the formatted value shown, e.g. ``"1.00"``); there is **no** ``aria-valuenow``.
  For ``st.select_slider`` ``value`` is the option index and ``aria-valuetext`` the option's label.
  The label is in ``[data-testid='stWidgetLabel']``; the value bubble is ``[data-testid='stSliderThumbValue']``.
* File uploader: ``[data-testid='stFileUploader']`` > ``[data-testid='stFileUploaderDropzone']`` >
  ``input[type=file][data-testid='stFileUploaderDropzoneInput']`` (hidden; ``set_input_files`` works on it).
* Plotly: ``[data-testid='stPlotlyChart'] > .js-plotly-plot`` (the plotly graph div, with ``_fullData``
  and ``_fullLayout``); the plotly bundle loads lazily, so the div appears a moment after the first run.
"""

from __future__ import annotations

import contextlib
import math
import re
from pathlib import Path

SHOTS = Path(__file__).resolve().parent / "screenshots"
APP = "[data-testid='stApp']"
IDLE = f"{APP}[data-test-script-state='notRunning']"
PLOT = "[data-testid='stPlotlyChart'] .js-plotly-plot, .js-plotly-plot"
VIEWPORT = {"width": 1400, "height": 900}
DEFAULT_TIMEOUT = 60_000
SETTLE_MS = 400  # the script must stay idle this long: bridges the gap between chained runs
UPLOAD_RUN_WAIT_MS = 8_000  # upload_file: how long to look for the receiving run before settling instead
UPLOAD_SETTLE_MS = 1_500

# Installed in every page (init script) and on demand: counts finished script runs and remembers when the
# run/connection state last changed, so that waits need no fixed sleeps.
# A rerun so quick that React renders ``running`` and ``notRunning`` in one batch leaves the attribute unchanged, so the
# watcher also counts the server's websocket messages (installed before the app opens its socket: new_page's init
# script); any rerun the server makes sends some.
_WATCH = """() => {
  if (window.__stWatch) return;
  const w = window.__stWatch = {finished: 0, started: 0, messages: 0, lastChange: performance.now()};
  const Native = window.WebSocket;
  if (Native && !Native.__stCounted) {
    class Counted extends Native {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', () => { w.messages++; w.lastChange = performance.now(); });
      }
    }
    Counted.__stCounted = true;
    window.WebSocket = Counted;
  }
  new MutationObserver(records => {
    for (const r of records) {
      const now = r.target.getAttribute(r.attributeName);
      if (now === r.oldValue) continue;
      w.lastChange = performance.now();
      if (r.attributeName !== 'data-test-script-state') continue;
      if (now === 'notRunning') w.finished++;
      else if (now === 'running' && r.oldValue !== 'running') w.started++;
    }
  }).observe(document, {subtree: true, attributes: true, attributeOldValue: true,
                        attributeFilter: ['data-test-script-state', 'data-test-connection-state']});
}"""
WATCH_INIT_SCRIPT = f"({_WATCH})();"

_SETTLED = """([since, settle]) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']")) return false;
  const w = window.__stWatch;
  const quietSince = Math.max(w ? w.lastChange : 0, since);
  return performance.now() - quietSince >= settle;
}"""


# ---------------------------------------------------------------------------------------------- pages
def new_page(browser, viewport: dict | None = None):
    """A page in a fresh context (own cookies, own Streamlit session), with the run watcher installed.

    The caller closes ``page.context`` (the ``page`` fixture does this for you).
    """
    context = browser.new_context(viewport=viewport or VIEWPORT)
    context.add_init_script(WATCH_INIT_SCRIPT)
    pg = context.new_page()
    pg.set_default_timeout(DEFAULT_TIMEOUT)
    return pg


def _watch(pg) -> None:
    pg.evaluate(_WATCH)


def wait_for_app(pg, timeout: int = DEFAULT_TIMEOUT, settle_ms: int = SETTLE_MS) -> None:
    """Wait until the app is connected, the script is not running, nothing is loading, and that has held for
    ``settle_ms`` counted from this call (so a rerun an action has just triggered gets the time to start)."""
    _watch(pg)
    since = pg.evaluate("performance.now()")
    try:
        pg.wait_for_function(_SETTLED, arg=[since, settle_ms], timeout=timeout, polling=100)
    except Exception as exc:  # say what the app was doing
        state = _app_state(pg)
        raise AssertionError(f"Streamlit app did not become idle within {timeout} ms (app state: {state})") from exc


def _app_state(pg) -> dict:
    try:
        return pg.evaluate(
            """() => { const a = document.querySelector("[data-testid='stApp']");
                return {url: location.href, script: a && a.getAttribute('data-test-script-state'),
                        connection: a && a.getAttribute('data-test-connection-state'),
                        skeletons: document.querySelectorAll("[data-testid='stSkeleton'], [data-testid='stAppSkeleton']").length,
                        exception: (document.querySelector("[data-testid='stException']") || {}).innerText || null}; }"""
        )
    except Exception as exc:  # page closed or crashed
        return {"error": str(exc)}


def runs_finished(pg) -> int:
    """How many script runs have finished in this document (since the watcher was installed)."""
    _watch(pg)
    return pg.evaluate("window.__stWatch.finished")


@contextlib.contextmanager
def expect_rerun(pg, timeout: int = DEFAULT_TIMEOUT):
    """``with expect_rerun(page): <action>`` — after the block, wait until at least one script run that started
    after the action has finished and the app is idle. Fails if the action did not trigger a rerun."""
    before = runs_finished(pg)
    messages = pg.evaluate("window.__stWatch.messages")
    yield
    try:
        pg.wait_for_function("([n, m]) => window.__stWatch && (window.__stWatch.finished > n"
                             " || window.__stWatch.messages > m)", arg=[before, messages], timeout=timeout)
    except Exception as exc:
        raise AssertionError(f"the action triggered no finished Streamlit rerun ({_app_state(pg)})") from exc
    wait_for_app(pg, timeout=timeout)


def open_page(pg, base_url: str, path_and_query: str = "/", timeout: int = DEFAULT_TIMEOUT) -> None:
    """Go to ``base_url + path_and_query`` (e.g. ``/explore?dataset=moons&k=3``) and wait until the app is idle."""
    if not path_and_query.startswith("/"):
        path_and_query = "/" + path_and_query
    pg.goto(base_url.rstrip("/") + path_and_query)
    wait_for_app(pg, timeout=timeout)


open_app = open_page  # the older name, kept for existing tests


# ---------------------------------------------------------------------------------------------- checks
def exception_texts(pg) -> list[str]:
    return pg.locator("[data-testid='stException']").all_inner_texts()


def no_exception(pg) -> None:
    """Assert the page shows no Streamlit exception box (its text is the failure message)."""
    texts = exception_texts(pg)
    assert not texts, "the app raised:\n" + "\n---\n".join(texts)


def screenshot(pg, name: str, full_page: bool = True) -> Path:
    """Save a PNG under tests/browser/screenshots/ (git-ignored) and return its path.

    Streamlit scrolls inside ``stMain``/``stSidebarContent``, not the document, so Playwright's own full-page mode
    sees only the viewport; with ``full_page`` the viewport is stretched to the content's height for the shot
    (the width, and so the layout, stay the same) and put back afterwards.
    """
    SHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "shot"
    path = SHOTS / (safe if safe.endswith(".png") else f"{safe}.png")
    size = pg.viewport_size
    height = 0
    if full_page and size:
        height = pg.evaluate(
            """() => Math.max(innerHeight, ...[...document.querySelectorAll(
                   "[data-testid='stMain'], [data-testid='stSidebarContent']")].map(e => e.scrollHeight))"""
        )
    if height > (size or {}).get("height", 0):
        pg.set_viewport_size({"width": size["width"], "height": min(int(height), 8000)})
        try:
            pg.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            pg.screenshot(path=str(path))
        finally:
            pg.set_viewport_size(size)
    else:
        pg.screenshot(path=str(path), full_page=full_page)
    return path


# ---------------------------------------------------------------------------------------------- widgets
def widget(pg, testid: str, label: str):
    """The widget ``[data-testid=testid]`` whose label (``stWidgetLabel``) is exactly ``label``."""
    loc = pg.get_by_test_id(testid).filter(has=pg.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
    loc.first.wait_for()
    assert loc.count() == 1, f"{loc.count()} {testid} widgets labelled {label!r}"
    return loc


def slider_value(pg, label: str) -> dict:
    """The slider's thumb: ``value`` (the input's value; the option index for a select_slider), ``text``
    (aria-valuetext: what the bubble shows), ``min``, ``max``, ``step``."""
    thumb = widget(pg, "stSlider", label).get_by_role("slider")
    return thumb.first.evaluate(
        """el => ({value: Number(el.value), text: el.getAttribute('aria-valuetext'),
                  min: Number(el.min), max: Number(el.max), step: Number(el.step) || 1})"""
    )


def _as_number(v):
    try:
        f = float(str(v).replace(",", ""))
    except ValueError:
        return None
    return f if math.isfinite(f) else None


def _matches(state: dict, value) -> bool:
    if str(value) == state["text"]:
        return True
    want, shown = _as_number(value), _as_number(state["text"])
    if want is None:
        return False
    if shown is not None:
        return math.isclose(want, shown, rel_tol=1e-9, abs_tol=1e-9)
    return False


def set_slider_by_keyboard(pg, label: str, value, max_presses: int = 200) -> None:
    """Focus the thumb of the slider labelled ``label`` and press ArrowRight/ArrowLeft, one rerun at a time,
    until it shows ``value`` (compared with aria-valuetext, numerically when both are numbers: ``1`` matches
    ``"1.00"``). Works for ``st.slider`` and for ``st.select_slider`` with numeric or text options."""
    thumb = widget(pg, "stSlider", label).get_by_role("slider").first
    state = slider_value(pg, label)
    if _matches(state, value):
        return
    want = _as_number(value)
    seen_right_end = False
    for _ in range(max_presses):
        shown = _as_number(state["text"])
        if want is not None and shown is not None:
            key = "ArrowRight" if want > shown else "ArrowLeft"
        else:  # text options: sweep right to the end, then left
            if state["value"] >= state["max"]:
                seen_right_end = True
            key = "ArrowLeft" if seen_right_end else "ArrowRight"
        at_end = state["value"] >= state["max"] if key == "ArrowRight" else state["value"] <= state["min"]
        if at_end:
            break
        thumb.focus()
        with expect_rerun(pg):
            thumb.press(key)
        state = slider_value(pg, label)
        if _matches(state, value):
            return
    raise AssertionError(f"slider {label!r} cannot reach {value!r}; it shows {state['text']!r} ({state})")


def upload_file(pg, path, label: str | None = None, timeout: int = DEFAULT_TIMEOUT) -> None:
    """Put the file(s) at ``path`` into a file uploader (the one labelled ``label``, else the only one on the page)
    and wait for the rerun that receives it."""
    scope = widget(pg, "stFileUploader", label) if label else pg.get_by_test_id("stFileUploader")
    scope.first.wait_for()
    field = scope.get_by_test_id("stFileUploaderDropzoneInput")
    if field.count() == 0:
        field = scope.locator("input[type='file']")
    files = [str(p) for p in path] if isinstance(path, (list, tuple)) else str(path)
    before = runs_finished(pg)
    field.first.set_input_files(files)
    # The run that receives the file follows its HTTP upload. A quick run (an early error message) can go from
    # running to finished inside one React commit, which the watcher never sees: so wait for a finished run a few
    # seconds, and in any case for the app to stay idle long enough for that run to have come and gone.
    try:
        pg.wait_for_function("n => window.__stWatch && window.__stWatch.finished > n", arg=before,
                             timeout=min(timeout, UPLOAD_RUN_WAIT_MS))
    except Exception:  # not seen: the settled wait below covers it; the caller checks what the page shows
        wait_for_app(pg, timeout=timeout, settle_ms=UPLOAD_SETTLE_MS)
    else:
        wait_for_app(pg, timeout=timeout)


# ---------------------------------------------------------------------------------------------- plotly
_TRACES = """i => {
  const gd = document.querySelectorAll('.js-plotly-plot')[i];
  if (!gd || !gd._fullData || !gd._fullData.length) return null;  // not drawn (yet)
  const plain = a => a == null ? null : Array.from(a, v => (v === null || (typeof v === 'number' && Number.isNaN(v))) ? null : v);
  return gd._fullData.map(t => ({
    name: t.name ?? null, type: t.type ?? null, mode: t.mode ?? null,
    n_x: t.x ? t.x.length : 0, x: plain(t.x), y: plain(t.y),
    customdata: t.customdata ? Array.from(t.customdata, r => (r != null && typeof r === 'object') ? Array.from(r) : r) : null,
    visible: t.visible ?? true,
  }));
}"""


def plotly_traces(pg, index: int = 0, timeout: int = DEFAULT_TIMEOUT) -> list[dict]:
    """The traces plotly drew in the ``index``-th chart (``gd._fullData``), as plain dicts: ``name``, ``type``,
    ``mode``, ``n_x`` (number of x values), ``x``, ``y`` (NaN → None, e.g. segment separators), ``customdata``,
    ``visible``. Waits until that chart exists and has data (read in the same step, so a rerender cannot slip in)."""
    try:
        handle = pg.wait_for_function(_TRACES, arg=index, timeout=timeout, polling=100)
    except Exception as exc:
        raise AssertionError(f"no plotly chart #{index} with data on the page ({_app_state(pg)})") from exc
    return handle.json_value()


def trace(pg, name_part: str, index: int = 0) -> dict:
    """The first trace whose name contains ``name_part``."""
    traces = plotly_traces(pg, index)
    found = [t for t in traces if name_part in (t["name"] or "")]
    assert found, f"no trace named like {name_part!r}; traces: {[t['name'] for t in traces]}"
    return found[0]
