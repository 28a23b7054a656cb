"""Turn a failed request (an errback's Failure) into a typed fetch outcome."""

from __future__ import annotations

from scrapy import exceptions as scrapy_errors
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

OUTCOME_BY_ERROR = [
    ((scrapy_errors.CannotResolveHostError, error.DNSLookupError), "dns"),
    ((scrapy_errors.DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    # Scrapy cancels a download whose size passes DOWNLOAD_MAXSIZE.
    (scrapy_errors.DownloadCancelledError, "too-large"),
    (
        (
            scrapy_errors.DownloadConnectionRefusedError,
            scrapy_errors.ResponseDataLossError,
            scrapy_errors.DownloadFailedError,
            error.ConnectError,
            error.ConnectionLost,
            error.ConnectionDone,
            ResponseNeverReceived,
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
    if "ssl" in detail.lower() or "certificate" in detail.lower():
        return "tls", detail
    for types, outcome in OUTCOME_BY_ERROR:
        if isinstance(exc, types):
            return outcome, detail
    return "error", detail
