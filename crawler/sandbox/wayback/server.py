"""The loopback HTTP server: routes to CDX search and replay, plus the misbehaviour switches.

Politeness can be tested because every request is logged with its arrival time, the
archive's 429s (no Retry-After, WAYBACK.md) can be forced or triggered by a CDX rate limit,
and ``refuse_connections`` really closes the listening socket, as the archive's firewall
looks to a client that ignored 429s.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from crawler.sandbox.wayback import pages
from crawler.sandbox.wayback.cdx import search
from crawler.sandbox.wayback.replay import replay
from crawler.sandbox.wayback.reply import Reply, text_reply
from crawler.sandbox.wayback.store import ArchiveStore

CDX_PATH = "/cdx/search/cdx"


@dataclass(frozen=True)
class RequestRecord:
    """One request as received. ``/web/`` paths keep their query (it is the original URL's)."""

    method: str
    path: str
    query: dict[str, list[str]] = field(default_factory=dict)
    time: float = 0.0  # time.monotonic() on arrival


class _SlidingWindow:
    """At most ``count`` events per ``seconds``; used for the archive's CDX rate limit."""

    def __init__(self, count: int, seconds: float) -> None:
        self.count, self.seconds = count, seconds
        self._times: deque[float] = deque()

    def admit(self, now: float) -> bool:
        while self._times and now - self._times[0] >= self.seconds:
            self._times.popleft()
        if len(self._times) >= self.count:
            return False
        self._times.append(now)
        return True


class WaybackServer:
    """A Wayback-compatible server on ``host`` (port 0 = any free port) in a background thread.

    >>> with WaybackServer(store) as server:  # doctest: +SKIP
    ...     urlopen(server.base_url + "/cdx/search/cdx?url=example.com&output=json")
    """

    def __init__(
        self,
        store: ArchiveStore,
        *,
        rate_limit_cdx: tuple[int, float] | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.store = store
        self.requests: list[RequestRecord] = []
        self._cdx_window = _SlidingWindow(*rate_limit_cdx) if rate_limit_cdx else None
        self._failures: list[tuple[int, bytes | None, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._address = (host, port)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._address
        return f"http://{host}:{port}"

    def start(self) -> "WaybackServer":
        self._httpd = ThreadingHTTPServer(self._address, _Handler)
        self._httpd.daemon_threads = True
        self._httpd.wayback = self  # type: ignore[attr-defined]
        self._address = self._httpd.server_address[:2]
        # A short poll interval makes stop() and refuse_connections() take ~50 ms, not 0.5 s.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = self._thread = None

    def __enter__(self) -> "WaybackServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def fail_next(
        self,
        n: int,
        status: int = 429,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Answer the next ``n`` requests (any endpoint) with ``status``, no Retry-After, and
        ``body`` and ``headers`` if given (garbage where a CDX table or a capture was
        expected, a broken ``Memento-Datetime``)."""
        with self._lock:
            self._failures.extend([(status, body, headers or {})] * n)

    def refuse_connections(self, refuse: bool) -> None:
        """Close the listening socket (connections refused) or listen again on the same port."""
        if refuse:
            self.stop()
        elif self._httpd is None:
            self.start()

    def handle(self, method: str, raw_path: str) -> Reply:
        """Log the request and compute the reply (called by the request handler)."""
        now = time.monotonic()
        record = _record(method, raw_path, now)
        with self._lock:
            self.requests.append(record)
            forced = self._failures.pop(0) if self._failures else None
            limited = (
                record.path == CDX_PATH
                and self._cdx_window is not None
                and not self._cdx_window.admit(now)
            )
        if forced is not None:
            return _failure(*forced)
        if limited:
            return _failure(429)
        if record.path == CDX_PATH:
            return search(self.store, record.query)
        reply = replay(self.store, raw_path, self.base_url)
        return reply if reply is not None else text_reply(404, "Not Found\n")


def _record(method: str, raw_path: str, now: float) -> RequestRecord:
    if raw_path.startswith("/web/"):
        return RequestRecord(method, raw_path, {}, now)
    parts = urlsplit(raw_path)
    return RequestRecord(method, parts.path, parse_qs(parts.query), now)


def _failure(status: int, body: bytes | None = None, headers: dict | None = None) -> Reply:
    if body is None:
        body = pages.too_many_requests_page() if status == 429 else b""
    return Reply(
        status, body, [("Content-Type", "text/html; charset=utf-8"), *(headers or {}).items()]
    )


class _Handler(BaseHTTPRequestHandler):
    def version_string(self) -> str:
        return "nginx"  # what the real archive answers as Server

    def do_GET(self) -> None:
        reply = self.server.wayback.handle("GET", self.path)  # type: ignore[attr-defined]
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read ``WaybackServer.requests`` instead of stderr."""
