"""A fault-injection web site on loopback: each path misbehaves the way real sites do.

Standard library only. `FaultSite().url("/fault/timeout")` etc.; `refused_url()` points at a
port nothing listens on. Ordinary pages can be added (and replaced) in `site.pages`, as with
crawler.sandbox.siteserver. Every slow fault waits on an event that `close()` sets, so shutting the
server down never waits for a sleeping handler.
"""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Callable
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crawler.sandbox.loopback import LoopbackServer
from crawler.sandbox.siteserver import Page

# How long a hanging page hangs: far longer than the DOWNLOAD_TIMEOUT the tests set.
HANG_SECONDS = 60
HUGE_BYTES = 20 * 1000 * 1000  # "a 20 MB page"
BOMB_BYTES = 2 * 1024**3  # the gzip bomb expands to 2 GiB

CLOUDFLARE = (
    b"<!DOCTYPE html><html lang='en-US'><head><title>Just a moment...</title>"
    b"<meta name='robots' content='noindex,nofollow'></head><body>"
    b"<div class='main-wrapper'><h1>example.test</h1><h2>Checking if the site connection is "
    b"secure</h2><noscript>Enable JavaScript and cookies to continue</noscript>"
    b"<script src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1'></script>"
    b"<div id='cf-chl-widget-a1b2c'></div></div></body></html>"
)
INCAPSULA = (
    b"<html style='height:100%'><head><META NAME='ROBOTS' CONTENT='NOINDEX, NOFOLLOW'>"
    b"<meta name='viewport' content='initial-scale=1.0'></head><body style='margin:0px'>"
    b"<iframe id='main-iframe' src='/_Incapsula_Resource?CWUDNSAI=24&xinfo=8-1-0' "
    b"frameborder=0 width='100%' height='100%'>Request unsuccessful. Incapsula incident ID: "
    b"1234000560078-9001</iframe></body></html>"
)
# SiteGround answers 202 with a meta refresh to its captcha, which then shows the challenge.
SITEGROUND_REFRESH = (
    b"<html><head><meta http-equiv='refresh' content='0;/.well-known/sgcaptcha/?r=%2Fprivacy'>"
    b"</head><body></body></html>"
)
SITEGROUND_CAPTCHA = (
    b"<html><head><title>Robot Challenge Screen</title></head><body>"
    b"<form action='/.well-known/sgcaptcha/' method='post'><h1>Please verify you are a "
    b"human</h1><div class='sg-captcha'></div></form></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@cache
def gzip_bomb() -> bytes:
    """BOMB_BYTES of zeros as gzip (about 2 MB on the wire), built once.

    A gzip stream may hold several members (RFC 1952 §2.2); repeating one 64 MiB member is
    as valid as one big member and far quicker to build.
    """
    member = gzip.compress(bytes(64 * 1024**2), compresslevel=9)
    return member * (BOMB_BYTES // (64 * 1024**2))


def html_page(body: str, charset: str | None = "utf-8", encoding: str = "utf-8") -> Page:
    content_type = f"text/html; charset={charset}" if charset else "text/html"
    return Page(
        f"<html><body><main>{body}</main></body></html>".encode(encoding), 200, content_type
    )


class QuietServer(ThreadingHTTPServer):
    """Clients that give up on a fault (timeouts, size limits) reset the connection: expected."""

    def handle_error(self, request, client_address) -> None:
        pass


class FaultSite(LoopbackServer):
    """`with FaultSite() as site:` a ThreadingHTTPServer on 127.0.0.1 with fault paths."""

    server_class = QuietServer

    def __init__(self):
        self.pages: dict[str, Page] = {}
        self.requests: list[str] = []
        self.page_delay = 0.0  # seconds before each ordinary page is sent: a slow site
        self.released = threading.Event()
        self.faults: dict[str, Callable[[BaseHTTPRequestHandler], None]] = self._faults()
        super().__init__(self._handler())

    def __exit__(self, *exc) -> None:
        self.released.set()  # a request held open must not keep shutdown waiting
        super().__exit__(*exc)

    def url(self, path: str) -> str:
        return self.base_url + path

    @staticmethod
    def refused_url(path: str = "/privacy") -> str:
        """A URL on a loopback port that was free a moment ago: connecting is refused."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        return f"http://127.0.0.1:{port}{path}"

    # -- the faults -----------------------------------------------------------------------
    def _faults(self) -> dict[str, Callable[[BaseHTTPRequestHandler], None]]:
        def static(page: Page):
            return lambda handler: send(handler, page)

        def redirect(location: str, status: int = 302):
            return static(Page(b"", status, headers={"Location": location}))

        def timeout(handler):
            self.released.wait(HANG_SECONDS)

        def hang_mid_body(handler):
            head(handler, 200, "text/html", {"Content-Length": "100000"})
            handler.wfile.write(b"<html><body><h1>Privacy</h1>" + b"x" * 1000)
            handler.wfile.flush()
            self.released.wait(HANG_SECONDS)

        def cut_mid_body(handler):
            head(handler, 200, "text/html", {"Content-Length": "100000"})
            handler.wfile.write(b"<html><body><h1>Privacy</h1><p>We collect" + b" data" * 200)
            handler.close_connection = True

        def huge_unannounced(handler):
            # No Content-Length: the size is only known while reading (close-delimited body).
            head(handler, 200, "text/html", {"Connection": "close"})
            handler.wfile.write(b"<html><body><main>")
            line = b"<p>" + b"filler " * 140 + b"</p>\n"
            for _ in range(HUGE_BYTES // len(line)):
                if self.released.is_set():
                    return
                handler.wfile.write(line)
            handler.close_connection = True

        def gzip_bomb_page(handler):
            body = gzip_bomb()
            head(
                handler,
                200,
                "text/html",
                {"Content-Encoding": "gzip", "Content-Length": str(len(body))},
            )
            handler.wfile.write(body)

        huge = (
            b"<html><body><main>"
            + b"<p>"
            + b"filler " * (HUGE_BYTES // 7)
            + b"</p></main></body></html>"
        )
        return {
            "/fault/timeout": timeout,
            "/fault/hang-mid-body": hang_mid_body,
            "/fault/cut-mid-body": cut_mid_body,
            "/fault/cloudflare": static(Page(CLOUDFLARE, 403)),
            "/fault/cloudflare-503": static(Page(CLOUDFLARE, 503)),
            "/fault/incapsula": static(Page(INCAPSULA, 403)),
            "/fault/siteground": static(Page(SITEGROUND_REFRESH, 202)),
            "/.well-known/sgcaptcha/?r=%2Fprivacy": static(Page(SITEGROUND_CAPTCHA, 200)),
            "/fault/forbidden": static(Page(b"<html><body>Forbidden</body></html>", 403)),
            "/fault/404": static(Page(b"<html><body><h1>Not found</h1></body></html>", 404)),
            "/fault/410": static(Page(b"<html><body><h1>Gone</h1></body></html>", 410)),
            "/fault/429": static(Page(b"<html><body>Slow down</body></html>", 429)),
            "/fault/429-retry-after": static(
                Page(b"<html><body>Slow down</body></html>", 429, headers={"Retry-After": "1"})
            ),
            "/fault/500": static(Page(b"<html><body>Internal error</body></html>", 500)),
            "/fault/502": static(Page(b"<html><body>Bad gateway</body></html>", 502)),
            "/fault/503": static(Page(b"<html><body>Unavailable</body></html>", 503)),
            "/fault/redirect-loop": redirect("/fault/redirect-loop-b"),
            "/fault/redirect-loop-b": redirect("/fault/redirect-loop"),
            "/fault/members": redirect("/account/login?next=%2Fprivacy"),
            "/account/login?next=%2Fprivacy": static(
                html_page("<h1>Sign in</h1><form><input name=password></form>")
            ),
            "/fault/to-file": redirect("file:///etc/passwd"),
            "/fault/to-ftp": redirect("ftp://127.0.0.1/privacy.html"),
            "/fault/pdf": static(Page(PDF, content_type="application/pdf")),
            "/fault/pdf-as-html": static(Page(PDF, content_type="text/html")),
            "/fault/image": static(Page(PNG, content_type="image/png")),
            "/fault/json": static(Page(b'{"privacy": "see app"}', content_type="application/json")),
            "/fault/gzip-bomb": gzip_bomb_page,
            "/fault/huge": static(Page(huge)),
            "/fault/huge-unannounced": huge_unannounced,
            "/fault/empty": static(Page(b"", content_type="text/html")),
        }

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.requests.append(self.path)
                fault = site.faults.get(self.path)
                if fault is not None:
                    fault(self)
                    return
                site.released.wait(site.page_delay)
                page = site.pages.get(self.path) or Page(
                    b"<html><body>Not found</body></html>", 404
                )
                send(self, page)

            def log_message(self, *args) -> None:  # keep test output clean
                pass

        return Handler


def head(handler: BaseHTTPRequestHandler, status: int, content_type: str, headers: dict) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


def send(handler: BaseHTTPRequestHandler, page: Page) -> None:
    head(
        handler,
        page.status,
        page.content_type,
        {"Content-Length": str(len(page.body)), **page.headers},
    )
    handler.wfile.write(page.body)
