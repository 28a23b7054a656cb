"""A small real web server on loopback serving pages from memory, for the demo and tests.

Pages can be replaced while it runs (a site publishing a new edition). It sends an ETag and
answers conditional requests with 304, like most production servers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from crawler.sandbox.loopback import LoopbackServer


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class SiteServer(LoopbackServer):
    """`with SiteServer({"/privacy": Page(b"...")}) as site: site.url("/privacy")`."""

    def __init__(self, pages: dict[str, Page] | None = None):
        self.pages: dict[str, Page] = dict(pages or {})
        self.requests: list[tuple[str, dict[str, str]]] = []
        super().__init__(self._handler())

    def url(self, path: str) -> str:
        return self.base_url + path

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                page = site.pages.get(self.path)
                if page is None:
                    page = Page(b"<html><body><h1>Not found</h1></body></html>", status=404)
                etag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
                if page.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                if page.status == 200:
                    self.send_header("ETag", etag)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, *args) -> None:  # keep test and demo output clean
                pass

        return Handler
