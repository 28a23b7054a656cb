"""A real HTTP server on 127.0.0.1 (a free port) answering from a background thread, for the
demo and tests: `with` starts it and stops it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class LoopbackServer:
    """Base of the loopback servers: subclasses bring the request handler."""

    server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer

    def __init__(self, handler: type[BaseHTTPRequestHandler]):
        self._server = self.server_class(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"
