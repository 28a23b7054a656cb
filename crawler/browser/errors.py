"""Typed outcomes for what goes wrong in the browser (Playwright's errors carry Chromium's
net:: codes in their message)."""

from __future__ import annotations

from crawler.browser.page import PageTimeout

# Chromium's net:: error names, and Playwright's launch failures, by outcome.
MARKERS = [
    (("Executable doesn't exist", "Failed to launch", "browserType.launch"), "no-browser"),
    (("ERR_NAME_NOT_RESOLVED", "ERR_NAME_RESOLUTION_FAILED"), "dns"),
    (("ERR_TIMED_OUT", "ERR_CONNECTION_TIMED_OUT"), "timeout"),
    (("ERR_CERT_", "ERR_SSL_"), "tls"),
    (("ERR_TOO_MANY_REDIRECTS",), "redirect-loop"),
    (
        (
            "ERR_CONNECTION_REFUSED",
            "ERR_CONNECTION_RESET",
            "ERR_CONNECTION_CLOSED",
            "ERR_EMPTY_RESPONSE",
            "ERR_ADDRESS_UNREACHABLE",
        ),
        "connection",
    ),
]


def browser_outcome(error: BaseException) -> str | None:
    """The outcome of an error raised by the browser, or None when it is none of Playwright's."""
    if isinstance(error, PageTimeout):
        return "timeout"
    if not type(error).__module__.startswith("playwright"):
        return None
    if type(error).__name__ == "TimeoutError":
        return "timeout"
    message = str(error)
    for markers, outcome in MARKERS:
        if any(marker in message for marker in markers):
            return outcome
    return "error"
