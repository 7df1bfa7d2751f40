"""One student in a browser tab, without the browser: Streamlit's own websocket protocol, spoken from Python.

A :class:`Student` does what the Streamlit 1.67 frontend does when someone opens a link and moves a control, and
measures what the server makes of it:

1. **HTTP first, like a page load.** ``GET`` the page URL (``/explore?…``), then ``/_stcore/health`` and
   ``/_stcore/host-config`` (the frontend pings both before it opens the socket). Every ``Set-Cookie`` of every answer
   is kept: the health endpoint sets ``_streamlit_xsrf`` when ``server.enableXsrfProtection`` is on, and a proxy in
   front of several servers may pin the session to one of them with a cookie of its own.
2. **The websocket** ``ws(s)://HOST[:PORT][/base]/_stcore/stream``, with the kept cookies in a ``Cookie`` header, an
   ``Origin`` header naming the page's origin, and the subprotocols ``["streamlit", <the _streamlit_xsrf cookie's
   value, or PLACEHOLDER_AUTH_TOKEN>]``: the frontend passes the XSRF token as the second "subprotocol" (a third, the
   last session id, only on a reconnect; this client never reconnects).
3. **Opening the page** is a ``BackMsg.rerun_script`` whose ClientState carries the link's query string, the page as
   ``page_name`` (its URL path, e.g. ``explore``; empty for ``/``) with no ``page_script_hash`` yet, no widget states
   and a ``context_info`` (timezone, locale, the page's URL without its query, colour scheme) as a browser sends.
4. **Reading ForwardMsgs.** A run begins with ``new_session`` and ends with ``script_finished``. A run that ends
   ``FINISHED_EARLY_FOR_RERUN`` (``st.rerun``, ``st.switch_page`` — the app's ``/`` switches to Explore, and the
   first visit of a fresh server reruns once to start the router) is followed by the next run of the same request,
   so a request is done only at a ``FINISHED_SUCCESSFULLY`` (or an error status) *after at least one new_session of
   its own*. ``navigation`` gives the page's ``page_script_hash`` (sent from then on instead of ``page_name``);
   ``page_info_changed`` gives the URL's new query string (``st.query_params`` writes), which every later request
   sends, exactly as the browser sends ``location.search``. The app compares that query string with the one it wrote
   to tell a new link from its own URL, so a client that resent the lesson link would be reset to it every time.
5. **Widgets.** Every element in a delta that has an ``id`` is a widget (its user key is the id's tail,
   ``$$ID-<hash>-w_k``). The client keeps, per widget, the value the frontend's widget manager would hold: the
   element's own ``value``/``raw_value`` when the server sets it (``set_value``), else the value it already had, else
   the element's ``default`` — sliders as ``double_array_value`` (an int slider too: one double), select sliders and
   multiselects as ``string_array_value`` of option labels, selectboxes and radios as ``string_value`` (the option's
   label), checkboxes and toggles as ``bool_value``, number inputs as ``int_value``/``double_value`` by their data
   type, and an empty value (only the id) for a widget showing nothing (``number_input(value=None)``). Buttons, chart
   selections and uploaders send nothing until used. After each finished run the widgets that run did not draw are
   forgotten (the frontend's ``removeInactive``). Changing a value sends a ``rerun_script`` with the **whole** set, as
   the frontend's ``sendUpdateWidgetsMessage`` does, not only the widget that changed. A widget drawn inside an
   ``st.fragment`` (its delta's ``fragment_id``) reruns only that fragment: the request carries the fragment's id,
   the run ends with ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``, and only that fragment's widgets it did not draw are
   forgotten.
6. **The message cache.** Like the browser, the client keeps every ForwardMsg the server marks ``cacheable`` (the
   figure, large tables) and lists their hashes in ``cached_message_hashes``; the server then sends a ``ref_hash``
   stub instead of a message the client has. Entries a run did not use age out after ``max_cached_message_age`` runs
   (from new_session's config). ``cache=False`` claims no cache: the server then sends every message in full.

Measured per request (:class:`Rerun`): the latency from sending the BackMsg to the ``script_finished`` that ends it,
the ForwardMsg bytes received for it (the websocket payloads; the client offers permessage-deflate as a browser does,
and Streamlit 1.67's server declines it, so that is also what crossed the wire, less frame headers), how many script
runs it took.
Counted as errors (``Student.errors``, each with its kind): ``exception`` (an exception element in a delta: an
uncaught exception in the page; a deprecation warning, ``is_warning``, is kept in ``Student.warnings`` instead),
``error_status`` (``FINISHED_WITH_COMPILE_ERROR``), ``timeout`` (no finish within ``timeout`` seconds, 60 by default),
``closed`` (the connection ended while the client still wanted it), ``connect`` (the page, health or websocket
handshake failed) and ``unexpected`` (a frame that is not a ForwardMsg, a ``ref_hash`` for a message the client never
had, ``page_not_found``, a run nobody asked for, a ``script_finished`` outside any request or of another run than
the one that started last, a fragment run's finish when no fragment was asked for). A timed-out or closed student
is done: it does not reconnect, as a person would reload (not modelled here). (``wrong_value`` is
:mod:`benchmarks.classroom`'s: a k the page did not take.)

Checked against the real thing: on this app, the BackMsgs headless Chromium sends (Playwright's ``framesent``) for
opening ``/explore?dataset=moons&k=5&seed=0`` and pressing → on the k slider have the same widget ids, the same value
types and values (``w_pick`` with only its id; no state for the "Got it" button or the figure), the same query string,
``page_script_hash``, ``context_info`` and one cached hash (the figure) — what this client sends for the same steps.

Nothing here knows the app; :mod:`benchmarks.classroom` drives a class of these against Explore's k slider.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urljoin, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect as ws_connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

#: The kinds of error a student counts (see the module docstring).
ERROR_KINDS = ("exception", "error_status", "timeout", "closed", "connect", "unexpected", "wrong_value")
STREAM_PATH = "_stcore/stream"
XSRF_COOKIE = "_streamlit_xsrf"
#: What the frontend sends as the XSRF "subprotocol" when the page has no XSRF cookie.
NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
USER_AGENT = "smote-explorer-classroom/1 (websocket student; Streamlit protocol)"
_REDIRECTS = {301, 302, 303, 307, 308}
_STATUS = ForwardMsg.ScriptFinishedStatus


def _has(message, name: str) -> bool:
    """``message.HasField(name)`` for an optional field; True for a field without presence (always "set")."""
    try:
        return message.HasField(name)
    except ValueError:
        return True


@dataclass
class Widget:
    """A widget the client has seen in a delta, and the value it would send for it (as the frontend would)."""

    id: str
    kind: str  # the element's type: "slider", "selectbox", "number_input", …
    label: str
    element: object  # the element proto as last drawn
    state: WidgetState | None  # what goes into WidgetStates; None: nothing is sent (a button, an unused chart)
    fragment_id: str = ""  # the st.fragment that drew it ("": the page itself); a change reruns only that fragment

    @property
    def key(self) -> str | None:
        """The user key the app gave the widget (``w_k``), from the id ``$$ID-<hash>-<key>``; None without one."""
        if self.id.startswith("$$ID-"):
            parts = self.id.split("-", 2)
            return parts[2] if len(parts) == 3 and parts[2] else None
        return None

    @property
    def value(self):
        """The value as the client holds it: a list for array values, a scalar otherwise, None when empty."""
        if self.state is None:
            return None
        which = self.state.WhichOneof("value")
        if which is None:
            return None
        found = getattr(self.state, which)
        return list(found.data) if hasattr(found, "data") else found


def _state(widget_id: str, **value) -> WidgetState:
    """A WidgetState with ``widget_id`` and at most one value (``double_array_value=[5.0]``, ``string_value=…``)."""
    ws = WidgetState(id=widget_id)
    for name, v in value.items():
        if v is None:
            continue
        if name.endswith("_array_value"):
            getattr(ws, name).data[:] = list(v)
        else:
            setattr(ws, name, v)
    return ws


def _labels(options, indices) -> list[str]:
    """The option labels at ``indices`` (the frontend's defaults are indices into the options)."""
    return [options[int(i)] for i in indices if 0 <= int(i) < len(options)]


def browser_state(kind: str, element, previous: WidgetState | None) -> WidgetState | None:
    """The value the Streamlit frontend holds for a widget after drawing ``element``.

    Parameters
    ----------
    kind : str
        The element's type in its ``Element`` oneof (``"slider"``, ``"selectbox"``, …).
    element : protobuf message
        The widget's element proto from the delta.
    previous : WidgetState or None
        What the client held for this widget before (None: first time it is drawn).

    Returns
    -------
    WidgetState or None
        The server's value when it sets one (``set_value``), else ``previous``, else the element's default;
        None for widgets the frontend sends nothing for until they are used (buttons, chart selections, uploads).
    """
    eid = element.id
    if kind == "slider":
        if element.type == Slider.SELECT_SLIDER:
            options = list(element.options)
            if element.set_value and len(element.raw_value):
                return _state(eid, string_array_value=list(element.raw_value))
            if element.set_value or previous is None:
                return _state(eid, string_array_value=_labels(options, element.default))
            return previous
        if element.set_value:
            return _state(eid, double_array_value=list(element.value))
        return previous or _state(eid, double_array_value=list(element.default))
    if kind in ("selectbox", "radio"):
        if element.set_value:
            return _state(eid, string_value=element.raw_value if _has(element, "raw_value") else None)
        if previous is not None:
            return previous
        options = list(element.options)
        default = element.default if _has(element, "default") else None
        return _state(eid, string_value=options[default] if default is not None and 0 <= default < len(options)
                      else None)
    if kind == "multiselect":
        if element.set_value:
            return _state(eid, string_array_value=list(element.raw_values))
        options = list(element.options)
        return previous or _state(eid, string_array_value=_labels(options, element.default))
    if kind == "checkbox":
        if element.set_value:
            return _state(eid, bool_value=bool(element.value))
        return previous or _state(eid, bool_value=bool(element.default))
    if kind == "number_input":
        field_name = "int_value" if element.data_type == type(element).INT else "double_value"
        cast = int if field_name == "int_value" else float

        def number(name):
            return cast(getattr(element, name)) if _has(element, name) else None

        if element.set_value:
            return _state(eid, **{field_name: number("value")})
        if previous is not None:
            return previous
        return _state(eid, **{field_name: number("value") if number("value") is not None else number("default")})
    if kind in ("text_input", "text_area"):
        if element.set_value:
            return _state(eid, string_value=element.value if _has(element, "value") else None)
        return previous or _state(eid, string_value=element.default if _has(element, "default") else None)
    if kind == "color_picker":
        if element.set_value:
            return _state(eid, string_value=element.value)
        return previous or _state(eid, string_value=element.default)
    return previous  # buttons, chart and table selections, uploads, …: nothing until the user acts


@dataclass
class Rerun:
    """One request (opening a link, or a widget change) and what it took."""

    kind: str  # "open" or a widget change ("k", or the widget's key)
    sent_at: float  # time.monotonic() when the BackMsg was sent
    latency: float | None = None  # seconds until the script_finished that ended it (None: it never ended)
    bytes: int = 0  # ForwardMsg bytes received for it
    messages: int = 0
    runs: int = 0  # script runs it took (2 when the page reran once: st.rerun, st.switch_page)
    status: str | None = None  # the final script_finished status's name
    errors: list = field(default_factory=list)  # (kind, detail) found while it ran
    fragment: str = ""  # the fragment it reran ("": the whole page)

    @property
    def finished(self) -> bool:
        """It ended as it should: the whole page's run, or the run of the fragment it asked for."""
        return self.status == ("FINISHED_FRAGMENT_RUN_SUCCESSFULLY" if self.fragment else "FINISHED_SUCCESSFULLY")

    @property
    def ok(self) -> bool:
        """It :attr:`finished` and nothing went wrong on the way."""
        return self.finished and not self.errors


class Student:
    """A browser tab's worth of Streamlit client on one websocket: open a link, change widgets, time each rerun.

    Parameters
    ----------
    base : str
        The app's address, ``http://127.0.0.1:8501`` (a path prefix such as ``http://host/app`` is kept).
    name : str
        A name for messages (``student 7``).
    timeout : float
        Seconds a request may take before it counts as a ``timeout`` error (and the student stops).
    cache : bool
        Keep cacheable ForwardMsgs and tell the server so, as the browser does (see the module docstring).

    Examples
    --------
    >>> async def lesson():                                               # doctest: +SKIP
    ...     async with Student("http://127.0.0.1:8501") as s:
    ...         opened = await s.open("/explore?dataset=moons&k=5")
    ...         moved = await s.set_slider(s.widget(label="k (nearest neighbours)"), 7)
    ...         return opened.latency, moved.latency, s.query_params["k"]
    """

    def __init__(self, base: str, *, name: str = "student", timeout: float = 60.0, cache: bool = True):
        self.base = base.rstrip("/")
        self.name = name
        self.timeout = timeout
        self.cache_enabled = cache
        self.cookies: dict[str, str] = {}
        self.widgets: dict[str, Widget] = {}  # id -> widget, in the order first drawn
        self.query_string = ""
        self.page_name = ""  # the current page's URL path ("explore"; "" for the main page)
        self.page_script_hash = ""
        self.session_id: str | None = None
        self.errors: list[tuple[str, str]] = []  # (kind, detail), everything this student counted
        self.warnings: list[str] = []
        self.requests: list[Rerun] = []
        self.elements: list[tuple[str, object]] = []  # (type, element proto) of the current or last run, in order
        self.bytes_received = 0
        self.messages_received = 0
        self.refs_received = 0  # ref_hash stubs the server sent instead of a message this client had cached
        self.http_bytes = 0
        self.connect_seconds: float | None = None
        self.closed = False  # the connection is gone (for whatever reason)
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._pending: Rerun | None = None
        self._done: asyncio.Future | None = None
        self._closing = False
        self._run_id = ""
        self._run_widgets: set[str] = set()
        self._run_fragments: set[str] = set()  # the fragments the current run reruns (none: the whole page)
        self._cache: dict[str, list] = {}  # hash -> [serialized ForwardMsg, run count when last used]
        self._run_count = 0
        self._max_cache_age = 2

    # ------------------------------------------------------------------------------------------ connecting
    async def __aenter__(self) -> Student:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    @property
    def alive(self) -> bool:
        """Connected and usable: no timeout, no lost connection."""
        return self._ws is not None and not self.closed

    @property
    def query_params(self) -> dict[str, str]:
        """The page URL's query parameters as the client now has them (the last value of each)."""
        return {k: v[-1] for k, v in parse_qs(self.query_string, keep_blank_values=True).items()}

    def _error(self, kind: str, detail: str) -> None:
        self.errors.append((kind, detail))
        if self._pending is not None:
            self._pending.errors.append((kind, detail))

    def _http_get(self, url: str) -> int:
        """GET ``url`` with the kept cookies, following redirects; keep every Set-Cookie; return the final status."""
        for _ in range(6):
            parts = urlsplit(url)
            conn_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            conn = conn_class(parts.netloc, timeout=self.timeout)
            try:
                headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
                if self.cookies:
                    headers["Cookie"] = self._cookie_header()
                conn.request("GET", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), headers=headers)
                resp = conn.getresponse()
                self.http_bytes += len(resp.read())
                self._keep_cookies(resp.headers.get_all("Set-Cookie") or [])
                if resp.status in _REDIRECTS and resp.getheader("Location"):
                    url = urljoin(url, resp.getheader("Location"))
                    continue
                return resp.status
            finally:
                conn.close()
        return 310  # too many redirects

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for raw in set_cookies:
            first, *attributes = raw.split(";")
            name, sep, value = first.strip().partition("=")
            if not sep or not name:
                continue
            attrs = dict((a.strip().split("=", 1) + [""])[:2] for a in attributes if a.strip())
            max_age = next((v.strip() for k, v in attrs.items() if k.lower() == "max-age"), "")
            gone = max_age.lstrip("-").isdigit() and int(max_age) <= 0  # the server deletes the cookie
            if gone:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value.strip()

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def connect(self, link: str = "/") -> bool:
        """Load the page's URL over HTTP (keeping cookies), ping health and host-config, open the websocket.

        Parameters
        ----------
        link : str
            The page and query string to GET first, as a browser would (``/explore?dataset=moons``).

        Returns
        -------
        bool
            True when connected; False after counting a ``connect`` error.
        """
        started = time.monotonic()
        try:
            for url, must in ((self.base + "/" + link.lstrip("/"), True), (self.base + "/_stcore/health", True),
                              (self.base + "/_stcore/host-config", False)):
                status = await asyncio.to_thread(self._http_get, url)
                if must and not 200 <= status < 300:
                    self._error("connect", f"GET {url} answered {status}")
                    return False
            parts = urlsplit(self.base)
            scheme = "wss" if parts.scheme == "https" else "ws"
            ws_url = f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/{STREAM_PATH}"
            headers = [("Origin", f"{parts.scheme}://{parts.netloc}")]
            if self.cookies:
                headers.append(("Cookie", self._cookie_header()))
            self._ws = await ws_connect(
                ws_url, subprotocols=["streamlit", self.cookies.get(XSRF_COOKIE) or NO_XSRF_TOKEN],
                additional_headers=headers, user_agent_header=USER_AGENT, max_size=None, open_timeout=self.timeout,
                ping_interval=None,  # the browser does not ping; it answers the server's pings (websockets does too)
            )
        except (OSError, TimeoutError, InvalidHandshake, http.client.HTTPException) as exc:
            self._error("connect", f"{type(exc).__name__}: {exc}")
            self.closed = True
            return False
        self.connect_seconds = time.monotonic() - started
        self._reader = asyncio.create_task(self._read(), name=f"{self.name} reader")
        return True

    async def close(self) -> None:
        """Close the websocket (not counted as an error) and stop reading."""
        self._closing = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(self._reader, 5)
        self.closed = True

    # ------------------------------------------------------------------------------------------ requests
    def widget(self, *, label: str | None = None, key: str | None = None) -> Widget | None:
        """The widget drawn with this label, or with this user key (``w_k``); None when the page has none."""
        for w in self.widgets.values():
            if (label is not None and w.label == label) or (key is not None and w.key == key):
                return w
        return None

    def _context(self) -> ClientState:
        cs = ClientState()
        info = cs.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base}/{self.page_name}"  # the frontend sends origin + path, without the query string
        info.is_embedded, info.color_scheme = False, "light"
        return cs

    async def open(self, link: str) -> Rerun:
        """Open ``link`` (``/explore?dataset=moons&k=5``) as a freshly loaded page: no widget state, the link's query.

        Connects first when not connected yet. Returns the request's :class:`Rerun` (kind ``"open"``).
        """
        parts = urlsplit(link)
        if self._ws is None and not self.closed and not await self.connect(link):
            return Rerun("open", time.monotonic(), errors=[self.errors[-1]])
        self.page_name, self.page_script_hash, self.query_string = parts.path.strip("/"), "", parts.query
        self.widgets.clear()
        return await self._request("open", fresh=True)

    async def set_value(self, widget: Widget, state: WidgetState, kind: str | None = None) -> Rerun:
        """Give ``widget`` a new value and rerun with every widget's value, as the frontend does on a change.

        Parameters
        ----------
        widget : Widget
            A widget of the page (see :meth:`widget`).
        state : WidgetState
            Its new value (its ``id`` is set here).
        kind : str, optional
            What the request is called in the results (default: the widget's key or id).
        """
        state.id = widget.id
        widget.state = state
        return await self._request(kind or widget.key or widget.id, fragment=widget.fragment_id)

    async def set_slider(self, widget: Widget, value: float, kind: str | None = None) -> Rerun:
        """Move a (single-value, numeric) slider to ``value``: a ``double_array_value`` of one element — also for an
        int slider, which the server turns back into an int."""
        return await self.set_value(widget, _state(widget.id, double_array_value=[float(value)]), kind)

    async def click(self, widget: Widget, kind: str | None = None) -> Rerun:
        """Press a button: a ``trigger_value`` sent once with the other widgets' values."""
        saved = widget.state
        widget.state = _state(widget.id, trigger_value=True)
        try:
            return await self._request(kind or widget.key or widget.id, fragment=widget.fragment_id)
        finally:
            widget.state = saved

    async def _request(self, kind: str, fresh: bool = False, fragment: str = "") -> Rerun:
        rerun = Rerun(kind, time.monotonic(), fragment=fragment)
        self.requests.append(rerun)
        if not self.alive:
            rerun.errors.append(("closed", "the connection is gone"))
            return rerun
        if self._pending is not None:
            raise RuntimeError(f"{self.name}: a request is still running")
        cs = self._context()
        cs.query_string = self.query_string
        if fragment:
            cs.fragment_id = fragment
        if self.page_script_hash and not fresh:
            cs.page_script_hash = self.page_script_hash
        else:
            cs.page_name = self.page_name
        cs.widget_states.SetInParent()
        for w in self.widgets.values():
            if w.state is not None:
                cs.widget_states.widgets.append(w.state)
        if self.cache_enabled:
            cs.cached_message_hashes.extend(self._cache)
        msg = BackMsg()
        msg.rerun_script.CopyFrom(cs)
        self._pending = rerun
        self._done = asyncio.get_running_loop().create_future()
        try:
            rerun.sent_at = time.monotonic()
            await self._ws.send(msg.SerializeToString())
            await asyncio.wait_for(asyncio.shield(self._done), self.timeout)
        except TimeoutError:
            self._error("timeout", f"{kind}: no script_finished within {self.timeout:g} s "
                        f"({rerun.runs} run(s) started, {rerun.messages} messages)")
            self.closed = True  # the page hangs: this student is done
        except ConnectionClosed:
            if not self._closing:
                self._error("closed", f"{kind}: the connection closed while sending")
            self.closed = True
        finally:
            self._pending, self._done = None, None
        return rerun

    def _finish(self, status: int) -> None:
        rerun = self._pending
        rerun.latency = time.monotonic() - rerun.sent_at
        rerun.status = _STATUS.Name(status)
        if self._done is not None and not self._done.done():
            self._done.set_result(True)

    # ------------------------------------------------------------------------------------------ reading
    async def _read(self) -> None:
        try:
            async for frame in self._ws:
                self._on_frame(frame)
        except ConnectionClosed:
            pass
        finally:
            if not self._closing:
                what = f" during {self._pending.kind}" if self._pending is not None else ""
                rc = getattr(self._ws, "close_code", None)
                self._error("closed", f"the server closed the connection{what} (code {rc})")
            self.closed = True
            if self._done is not None and not self._done.done():
                self._done.set_result(False)

    def _on_frame(self, frame) -> None:
        if isinstance(frame, str):
            self._error("unexpected", f"a text frame: {frame[:100]!r}")
            return
        self.bytes_received += len(frame)
        self.messages_received += 1
        if self._pending is not None:
            self._pending.bytes += len(frame)
            self._pending.messages += 1
        msg = ForwardMsg()
        try:
            msg.ParseFromString(frame)
        except Exception as exc:  # a frame that is not a ForwardMsg: the protocol is broken
            self._error("unexpected", f"undecodable frame of {len(frame)} bytes: {exc}")
            return
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                self._error("unexpected", f"ref_hash {msg.ref_hash} for a message this client never had")
                return
            cached[1] = self._run_count
            self.refs_received += 1
            full = ForwardMsg()
            full.ParseFromString(cached[0])
            full.metadata.CopyFrom(msg.metadata)
            msg = full
        elif self.cache_enabled and msg.metadata.cacheable and msg.hash:
            if msg.hash in self._cache:
                self._cache[msg.hash][1] = self._run_count
            else:
                self._cache[msg.hash] = [bytes(frame), self._run_count]
        self._dispatch(msg)

    def _dispatch(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            ns = msg.new_session
            if ns.HasField("initialize") and ns.initialize.session_id:
                self.session_id = ns.initialize.session_id
            if ns.HasField("config") and ns.config.max_cached_message_age:
                self._max_cache_age = ns.config.max_cached_message_age
            self._run_id = msg.metadata.run.script_run_id
            self._run_fragments = set(msg.metadata.run.fragment_ids)
            self._run_widgets = set()
            self.elements = []
            if self._pending is None:
                self._error("unexpected", "a script run started that this client did not ask for")
            else:
                self._pending.runs += 1
        elif kind == "delta":
            if msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":
            nav = msg.navigation
            self.page_script_hash = nav.page_script_hash
            for page in nav.app_pages:
                if page.page_script_hash == nav.page_script_hash:
                    self.page_name = page.url_pathname
        elif kind == "page_not_found":
            self._error("unexpected", f"page not found: {msg.page_not_found.page_name!r}")
        elif kind == "script_finished":
            self._script_finished(msg)
        elif kind == "auth_redirect":
            self._error("unexpected", f"auth redirect to {msg.auth_redirect.url}")

    def _element(self, element, fragment_id: str = "") -> None:
        kind = element.WhichOneof("type")
        if kind is None:
            return
        el = getattr(element, kind)
        self.elements.append((kind, el))
        if kind == "exception":
            text = f"{el.type}: {el.message}"[:500]
            if el.is_warning:
                self.warnings.append(text)
            else:
                self._error("exception", text)
            return
        fields = el.DESCRIPTOR.fields_by_name if hasattr(el, "DESCRIPTOR") else {}
        widget_id = el.id if "id" in fields else ""
        if not widget_id:
            return
        known = self.widgets.get(widget_id)
        state = browser_state(kind, el, known.state if known is not None else None)
        label = el.label if "label" in fields else ""
        if known is None:
            self.widgets[widget_id] = Widget(widget_id, kind, label, el, state, fragment_id)
        else:
            known.kind, known.label, known.element, known.state = kind, label, el, state
            known.fragment_id = fragment_id
        self._run_widgets.add(widget_id)

    def _script_finished(self, msg: ForwardMsg) -> None:
        status = msg.script_finished
        rerun = self._pending
        if rerun is None or rerun.runs == 0:
            # The end of a run that started before this request (or of no request): not ours to time.
            if rerun is None:
                self._error("unexpected", f"{_STATUS.Name(status)} outside any request")
            return
        run_id = msg.metadata.run.script_run_id
        if run_id and self._run_id and run_id != self._run_id:
            self._error("unexpected", f"{_STATUS.Name(status)} of run {run_id}, not of the run that started last")
            return
        if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return  # st.rerun / st.switch_page: the next run of this request follows
        self._run_count += 1  # the frontend ages its message cache once per finished run
        for h in [h for h, (_, used) in self._cache.items() if self._run_count - used > self._max_cache_age]:
            del self._cache[h]
        if status == ForwardMsg.FINISHED_SUCCESSFULLY:
            for wid in [w for w in self.widgets if w not in self._run_widgets]:
                del self.widgets[wid]  # the frontend's removeInactive: widgets the last run did not draw
        elif status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY and rerun.fragment:
            for wid in [w for w, wd in self.widgets.items()
                        if wd.fragment_id in self._run_fragments and w not in self._run_widgets]:
                del self.widgets[wid]  # removeInactive of a fragment run: only that fragment's widgets
        elif status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self._error("error_status", f"{rerun.kind}: the script did not compile")
        else:
            self._error("unexpected", f"{rerun.kind}: finished with {_STATUS.Name(status)}")
        self._finish(status)


def run_coroutine(coro):
    """``asyncio.run(coro)``, in a thread of its own when this thread already runs an event loop (a test session
    where Playwright's or anyio's loop is running: ``asyncio.run`` would refuse)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()
