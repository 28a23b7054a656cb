"""Turn a failed request (an errback's Failure) into a typed fetch outcome."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.browser.errors import browser_outcome
from crawler.redirect_guard import BlockedRedirect
from crawler.stopping import CrawlStopping

# Scrapy 2.19 wraps Twisted's errors in its own Download*Error types; both are listed.
CONNECTION_ERRORS = (
    scrapy_errors.DownloadConnectionRefusedError,
    scrapy_errors.ResponseDataLossError,
    scrapy_errors.DownloadFailedError,
    error.ConnectError,
    error.ConnectionLost,
    error.ConnectionDone,
    ResponseNeverReceived,
)
OUTCOME_BY_ERROR = [
    ((scrapy_errors.CannotResolveHostError, error.DNSLookupError), "dns"),
    ((scrapy_errors.DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    # Scrapy cancels a download whose size passes DOWNLOAD_MAXSIZE.
    (scrapy_errors.DownloadCancelledError, "too-large"),
    (CONNECTION_ERRORS, "connection"),
]


# Scrapy drops these requests with an IgnoreRequest whose message says why.
IGNORED_REQUESTS = [
    ("robots.txt", "robots-forbidden"),
    ("max redirections", "redirect-loop"),
    # HttpCompressionMiddleware: the decompressed body passed DOWNLOAD_MAXSIZE (a gzip bomb).
    ("DOWNLOAD_MAXSIZE", "too-large"),
]


def redirect_outcome(response) -> tuple[str, str]:
    """A redirect Scrapy did not follow: it only follows http(s) targets (file://, ftp://…
    would read local files or leave the web), so the answer reached us unfollowed."""
    location = (response.headers.get(b"Location") or b"").decode("latin-1")[:300]
    return "unsafe-redirect", f"HTTP {response.status} to {location or 'nowhere'}: not followed"


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(outcome, detail) for a request that produced no response."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, HttpError) and 300 <= exc.response.status < 400:
        return redirect_outcome(exc.response)
    if isinstance(exc, BlockedRedirect):
        return "blocked-redirect", detail
    if isinstance(exc, CrawlStopping):
        return "interrupted", detail
    if isinstance(exc, IgnoreRequest):
        for marker, outcome in IGNORED_REQUESTS:
            if marker in str(exc):
                return outcome, detail
    if outcome := browser_outcome(exc):
        return outcome, detail
    if "ssl" in detail.lower() or "certificate" in detail.lower():
        return "tls", detail
    for types, outcome in OUTCOME_BY_ERROR:
        if isinstance(exc, types):
            return outcome, detail
    return "error", detail
