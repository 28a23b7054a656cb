"""Turn a Twisted/Scrapy failure into a typed fetch outcome."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import error
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

# Scrapy >= 2.14 wraps Twisted's errors in its own Download*Error types; both are listed.
CONNECTION_ERRORS = (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    ResponseDataLossError,
    error.ConnectionRefusedError,
    error.ConnectionLost,
    error.ConnectionDone,
    ResponseNeverReceived,
    error.ConnectError,
)
OUTCOME_BY_ERROR = [
    ((CannotResolveHostError, error.DNSLookupError), "dns"),
    ((DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    (CONNECTION_ERRORS, "connection"),
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
