"""One simulated student: a browser's half of Streamlit's websocket protocol, without a browser.

What a browser does, and what this client does the same way (streamlit 1.67):

1. ``GET /<Page>`` (the HTML; behind HAProxy this is where the replica's sticky cookie is
   set), then ``GET /_stcore/health`` and ``/_stcore/host-config`` as the browser's
   connection manager does before it opens the socket.
2. A websocket on ``/_stcore/stream`` with the subprotocols ``streamlit``, an auth token
   (the ``_streamlit_xsrf`` cookie, or the browser's placeholder) and, on a reconnect, the
   previous session id; the cookies of step 1 go with it.
3. ``BackMsg.rerun_script`` (a ``ClientState``): the page's name from the URL path, the
   query string, the widget states, the hashes of the messages the client has cached,
   and the context (the page's URL).
4. The server answers with ``ForwardMsg``s: ``new_session``, deltas (elements; a big
   element the client already has comes as a ``ref_hash``), and ``script_finished``,
   which ends the run. An exception in the page is a delta with an ``exception`` element.

A move: the student picks a real widget of the page (a slider or number input, from the
deltas: its id, min, max, step), sets it to a random valid value, and sends a rerun with
that widget state (and the URL query parameter the browser writes for a widget bound to
the URL). A widget inside a fragment reruns only its fragment, as in the browser.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

FINISHED = ForwardMsg.ScriptFinishedStatus
# The statuses that end the run a client asked for (an early finish is followed by the rerun's own end).
RUN_ENDS = {FINISHED.FINISHED_SUCCESSFULLY, FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
# The browser's token when it has no XSRF cookie (see ConnectionManager.getSessionTokens).
PLACEHOLDER_TOKEN = "PLACEHOLDER_AUTH_TOKEN"
# The browser ages its message cache by script runs; new_session.config says how many.
DEFAULT_MAX_CACHED_MESSAGE_AGE = 2


class Disconnected(Exception):
    """The server closed the websocket (or could not be reached): the student must reconnect."""


@dataclass(frozen=True)
class Widget:
    """A number widget found in a page's deltas: what a student may move, and within which bounds."""

    id: str
    kind: str  # "slider", "number_input", or "checkbox" (a page with no number widget: Home)
    label: str
    low: float
    high: float
    step: float
    integer: bool
    query_key: str  # the URL parameter of a widget bound to the URL, else ""
    fragment_id: str  # the fragment the widget belongs to, else ""

    def random_value(self, rng: random.Random) -> float:
        """A value on the widget's grid (low + k * step), within [low, high] (a checkbox: 0 or 1)."""
        slots = max(0, math.floor((self.high - self.low) / self.step + 1e-9))
        value = self.low + rng.randint(0, slots) * self.step
        value = min(self.high, round(value, 10))
        return float(int(round(value))) if self.integer else value

    def state(self, value: float) -> WidgetState:
        """The widget state the browser sends: a slider's values as a list, a number input's as one."""
        state = WidgetState(id=self.id)
        if self.kind == "slider":
            state.double_array_value.data.append(value)
        elif self.kind == "checkbox":
            state.bool_value = bool(value)
        else:
            state.double_value = value
        return state

    def url_value(self, value: float) -> str:
        """The query-parameter text of a value (5.0 -> "5", as streamlit writes it)."""
        if self.kind == "checkbox":
            return str(bool(value)).lower()
        return str(int(value)) if value == int(value) else repr(value)


def widget_of(delta_msg: ForwardMsg) -> Widget | None:
    """The movable widget in a ``new_element`` delta, or None.

    Sliders of numbers with one handle, number inputs with both bounds, and checkboxes or
    toggles (moved only on a page with no number widget); not select sliders (their options
    are labels), ranges, dates or disabled widgets.
    """
    element = delta_msg.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "slider":
        proto = element.slider
        if (
            proto.type != Slider.SLIDER
            or proto.options
            or proto.disabled
            or len(proto.default) != 1
            or proto.data_type not in (Slider.INT, Slider.FLOAT)
        ):
            return None
        integer = proto.data_type == Slider.INT
    elif kind == "number_input":
        proto = element.number_input
        if not (proto.has_min and proto.has_max) or proto.disabled or proto.step <= 0:
            return None
        integer = proto.data_type == proto.INT
    elif kind == "checkbox":
        proto = element.checkbox
        if proto.disabled:
            return None
        return Widget(
            proto.id,
            kind,
            proto.label,
            0.0,
            1.0,
            1.0,
            True,
            proto.query_param_key,
            delta_msg.delta.fragment_id,
        )
    else:
        return None
    if proto.max <= proto.min or proto.step <= 0:
        return None
    return Widget(
        id=proto.id,
        kind=kind,
        label=proto.label,
        low=proto.min,
        high=proto.max,
        step=proto.step,
        integer=integer,
        query_key=proto.query_param_key,
        fragment_id=delta_msg.delta.fragment_id,
    )


@dataclass
class Run:
    """What one script run sent: its time, its widgets, the values the URL set, and any problem."""

    seconds: float = 0.0
    widgets: dict[str, Widget] = field(default_factory=dict)
    url_values: dict[str, float] = field(default_factory=dict)  # widget id -> value shown (URL or default)
    exceptions: list[str] = field(default_factory=list)
    problem: str = ""  # a run that did not end well: compile error, page not found


@dataclass
class Student:
    """A simulated student on one page, over one websocket (reopened after a disconnect).

    ``base_url`` is ``http://127.0.0.1:<port>`` of a replica or of the proxy; ``page`` is the
    URL path of a page ("" for Home, "Optimisers"...).
    """

    base_url: str
    page: str
    rng: random.Random
    run_timeout: float = 60.0
    connect_timeout: float = 15.0
    cookies: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    states: dict[str, WidgetState] = field(default_factory=dict)
    moved: dict[str, float] = field(default_factory=dict)  # widget id -> value the student set
    widgets: dict[str, Widget] = field(default_factory=dict)
    session_id: str = ""
    references: int = 0  # messages sent as a reference to one the browser keeps (see .streamlit/config.toml)
    _socket: object = None
    _cache: dict[str, tuple[ForwardMsg, int]] = field(default_factory=dict)
    _runs: int = 0
    _max_cache_age: int = DEFAULT_MAX_CACHED_MESSAGE_AGE

    @property
    def url(self) -> str:
        """The page's address as the browser shows it, query string included."""
        query = urlencode(self.query)
        return f"{self.base_url}/{self.page}" + (f"?{query}" if query else "")

    @property
    def replica(self) -> str:
        """The sticky cookie's value (the replica HAProxy chose), "" without a proxy."""
        return self.cookies.get("GDLAB_REPLICA", "")

    async def open(self) -> Run:
        """Load the page's HTML, connect, and run the page's script: a first visit (or a reload)."""
        await asyncio.to_thread(
            self._http_get, f"/{self.page}" + (f"?{urlencode(self.query)}" if self.query else "")
        )
        await self.connect()
        self.states.clear()  # a reload starts from the URL alone
        return await self.rerun()

    async def connect(self) -> None:
        """Open the websocket as the browser does (health and host-config first); raise Disconnected on failure."""
        await asyncio.to_thread(self._http_get, "/_stcore/health")
        await asyncio.to_thread(self._http_get, "/_stcore/host-config")
        token = self.cookies.get("_streamlit_xsrf", PLACEHOLDER_TOKEN)
        protocols = ["streamlit", token] + ([self.session_id] if self.session_id else [])
        split = urlsplit(self.base_url)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        try:
            self._socket = await asyncio.wait_for(
                connect(
                    f"ws://{split.netloc}/_stcore/stream",
                    subprotocols=protocols,
                    origin=f"{split.scheme}://{split.netloc}",
                    additional_headers=headers,
                    max_size=None,
                    open_timeout=self.connect_timeout,
                    ping_interval=None,
                ),
                self.connect_timeout,
            )
        except (OSError, InvalidHandshake, TimeoutError) as error:
            raise Disconnected(f"websocket: {type(error).__name__}: {error}") from error
        response = self._socket.response
        for value in response.headers.get_all("Set-Cookie") if response else []:
            self._keep_cookies(value)

    async def close(self) -> None:
        """Close the websocket, as a closed browser tab does."""
        if self._socket is not None:
            await self._socket.close()
            self._socket = None

    async def move(self) -> tuple[Widget, float, Run]:
        """Move one real widget of the page to a random valid value and rerun; return what changed and the run."""
        numbers = [w for w in self.widgets.values() if w.kind != "checkbox"]
        candidates = sorted(numbers or self.widgets.values(), key=lambda w: w.id)
        if not candidates:
            raise RuntimeError(f"page {self.page or 'Home'!r} has no widget to move")
        widget = self.rng.choice(candidates)
        value = widget.random_value(self.rng)
        self.states[widget.id] = widget.state(value)
        self.moved[widget.id] = value
        if widget.query_key:
            self.query[widget.query_key] = widget.url_value(value)
        return widget, value, await self.rerun(fragment_id=widget.fragment_id)

    async def rerun(self, fragment_id: str = "") -> Run:
        """Send a rerun with the student's widget states and URL; wait for the run's end (bounded)."""
        if self._socket is None:
            raise Disconnected("not connected")
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = urlencode(self.query)
        rerun.page_name = self.page
        rerun.fragment_id = fragment_id
        rerun.widget_states.widgets.extend(self.states.values())
        rerun.cached_message_hashes.extend(self._cache)
        rerun.context_info.url = self.url
        rerun.context_info.timezone = "Europe/Zurich"
        rerun.context_info.locale = "en-GB"
        started = time.perf_counter()
        try:
            await self._socket.send(message.SerializeToString())
            run = await asyncio.wait_for(self._receive_run(fragment_id), self.run_timeout)
        except ConnectionClosed as error:
            self._socket = None
            raise Disconnected(f"websocket closed: {error}") from error
        except TimeoutError:
            run = Run(problem=f"no script_finished within {self.run_timeout:g} s")
        run.seconds = time.perf_counter() - started
        if fragment_id:
            self.widgets.update(run.widgets)
        elif run.widgets or not run.problem:
            self.widgets = run.widgets
        return run

    async def _receive_run(self, fragment_id: str) -> Run:
        run = Run()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self._socket.recv())
            msg = self._through_cache(msg)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self._max_cache_age = msg.new_session.config.max_cached_message_age or self._max_cache_age
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._read_element(msg, run)
            elif kind == "page_not_found":
                run.problem = f"page not found: {msg.page_not_found.page_name!r}"
            elif (
                kind == "session_event"
                and msg.session_event.WhichOneof("type") == "script_compilation_exception"
            ):
                run.problem = f"compile error: {msg.session_event.script_compilation_exception.message}"
            elif kind == "script_finished":
                status = msg.script_finished
                if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                    run.problem = run.problem or "script finished with a compile error"
                    return run
                if status in RUN_ENDS:
                    self._age_cache(fragment_id)
                    return run

    def _read_element(self, msg: ForwardMsg, run: Run) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
            return
        widget = widget_of(msg)
        if widget is not None:
            run.widgets[widget.id] = widget
            proto = getattr(element, kind)
            # A value the URL set, or the default (which Streamlit leaves out of the URL).
            value = proto.value if proto.set_value else proto.default
            run.url_values[widget.id] = value[0] if kind == "slider" else float(value)

    def _through_cache(self, msg: ForwardMsg) -> ForwardMsg:
        """The browser's message cache: keep cacheable messages, resolve ``ref_hash`` from them."""
        if msg.WhichOneof("type") == "ref_hash":
            self.references += 1
            cached, _ = self._cache[msg.ref_hash]
            self._cache[msg.ref_hash] = (cached, self._runs)
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)
            return full
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = (msg, self._runs)
        return msg

    def _age_cache(self, fragment_id: str) -> None:
        # As the browser does: after each full run, drop what was not used in the last few runs.
        if fragment_id:
            return
        self._runs += 1
        self._cache = {
            h: (m, used) for h, (m, used) in self._cache.items() if self._runs - used <= self._max_cache_age
        }

    def _http_get(self, path: str) -> None:
        """GET from the server (or proxy), keep its cookies; raise Disconnected on an error status."""
        request = urllib.request.Request(self.base_url + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with urllib.request.urlopen(request, timeout=self.connect_timeout) as response:
                response.read()
                for value in response.headers.get_all("Set-Cookie") or []:
                    self._keep_cookies(value)
        except urllib.error.HTTPError as error:
            raise Disconnected(f"GET {path}: HTTP {error.code}") from error
        except OSError as error:
            raise Disconnected(f"GET {path}: {error}") from error

    def _keep_cookies(self, header: str) -> None:
        cookie = SimpleCookie()
        cookie.load(header)
        self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
