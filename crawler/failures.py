"""Turn a Twisted/Scrapy failure into a typed fetch outcome."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from twisted.internet import error
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

OUTCOME_BY_ERROR = [
    (error.DNSLookupError, "dns"),
    ((error.TimeoutError, error.TCPTimedOutError), "timeout"),
    (
        (
            error.ConnectionRefusedError,
            error.ConnectionLost,
            error.ConnectionDone,
            ResponseNeverReceived,
            error.ConnectError,
        ),
        "connection",
    ),
]


def classify_failure(failure: Failure) -> tuple[str, str]:
    """(outcome, detail) for a request that produced no response."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
        return "robots-forbidden", detail
    if isinstance(exc, CancelledError) or "maxsize" in str(exc) or "max size" in str(exc):
        return "too-large", detail
    if "SSL" in type(exc).__name__ or "ssl" in str(exc).lower() or "tls" in str(exc).lower():
        return "tls", detail
    for types, outcome in OUTCOME_BY_ERROR:
        if isinstance(exc, types):
            return outcome, detail
    return "error", detail
