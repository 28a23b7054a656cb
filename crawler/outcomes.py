"""Typed outcomes of one fetch, as recorded in `fetch_log`, each with what to do about it."""

from __future__ import annotations

from urllib.parse import urlsplit

# outcome -> (fetch succeeded?, advice shown in run summaries)
OUTCOMES: dict[str, tuple[bool, str]] = {
    "new-version": (True, "the policy text changed; a version and a change were recorded"),
    "unchanged": (True, "same text as the version in force; its last-seen time was updated"),
    "earlier-sighting": (True, "an older capture of a known version; its run now starts earlier"),
    "not-modified": (True, "the server answered 304 Not Modified to our conditional request"),
    "dns": (False, "the host name does not resolve: check the URL or whether the site moved"),
    "connection": (False, "the host refused or dropped the connection: retried next run"),
    "timeout": (False, "the server did not answer in time: retried next run"),
    "tls": (False, "the TLS handshake failed: check the site's certificate"),
    "http-4xx": (False, "the page answered a client error (404/410: moved? update the URL)"),
    "http-5xx": (False, "the server failed: retried next run"),
    "rate-limited": (False, "the server asked us to slow down (429): retried next run"),
    "bot-wall": (
        False,
        "a bot wall or captcha answered instead of the policy; try later or "
        "set ignore_robots/select, or watch it via the Wayback Machine",
    ),
    "redirect-loop": (False, "the redirects never end (a loop): check the URL in a browser"),
    "unsafe-redirect": (
        False,
        "redirected to a non-http(s) URL (file://, ftp://…), which is never followed",
    ),
    "blocked-redirect": (
        False,
        "redirected to a loopback, private or link-local address on another host: never "
        "followed (it could be an internal service's page); check the URL in a browser",
    ),
    "login-redirect": (False, "the page redirected to a login page: the URL is not public"),
    "too-large": (False, "the body exceeded the size limit (DOWNLOAD_MAXSIZE)"),
    "not-html": (False, "the response is neither an HTML page nor a PDF (image, JSON…)"),
    "unreadable-pdf": (
        False,
        "the PDF could not be read (broken, encrypted, or scanned without a text layer): "
        "nothing stored; open it by hand",
    ),
    "shrunk": (
        False,
        "the text lost most of its words at once (a broken page or a changed layout?): "
        "held back; recorded as a version only if the next crawl sees the same text",
    ),
    "page-replaced": (
        False,
        "another page (a homepage, a marketing or app page) answered instead of the policy: "
        "held back; recorded as a rewrite of the policy only if the next fetch sees it again",
    ),
    "not-a-policy": (
        False,
        "the page answered 200 but is no policy (a login page, a 'page not found', a shell "
        "that needs JavaScript): nothing stored; check the URL in a browser",
    ),
    "empty-extraction": (False, "no policy text was found: check `select`/`remove` selectors"),
    "robots-forbidden": (
        False,
        "robots.txt disallows this URL; set ignore_robots: true to override for this policy",
    ),
    "no-browser": (
        False,
        "the policy is set to `browser: always` but no browser could be started: install "
        "Debian's chromium (apt-get install chromium) or set POLICYWATCH_CHROMIUM",
    ),
    "interrupted": (
        False,
        "the crawl was stopped (SIGTERM, Ctrl-C) while this fetch waited: fetched next run",
    ),
    "error": (False, "an unexpected error; see the detail column"),
    # -- Wayback Machine back-fill (WAYBACK.md: what the archive answers and what it means) --
    "wayback-no-memento": (
        False,
        "the archive answered without Memento-Datetime, so it is not a capture: never stored",
    ),
    "wayback-excluded": (False, "the URL is excluded from the Wayback Machine: nothing to fetch"),
    "wayback-not-archived": (False, "the archive has no capture at this address (404)"),
    "wayback-archived-error": (
        False,
        "the capture is the site's own error page of that day (archived 4xx/5xx): not a version",
    ),
    "wayback-outside-window": (
        False,
        "the archive redirected to a capture outside the --from/--to window: not stored",
    ),
    "wayback-known-capture": (
        True,
        "the archive redirected to a capture that is already stored: nothing new",
    ),
    "wayback-blocked": (
        False,
        "the archive kept answering 429 or refusing connections: wait an hour, then run "
        "backfill again (it resumes where it stopped)",
    ),
    "wayback-blocked-site": (False, "the archive blocks this site (403): no history available"),
    "wayback-cdx-error": (False, "the archive's capture index (CDX) failed: run backfill again"),
    "wayback-bad-reply": (
        False,
        "the archive's capture index answered something that is not a CDX table (garbage or "
        "truncated JSON): this policy was skipped; run backfill again",
    ),
    "wayback-bad-date": (
        False,
        "the archive dated the capture in the future or impossibly (its Memento-Datetime): "
        "never stored, since it would stay the latest version for ever",
    ),
}

# A capture never changes, so after these outcomes fetching the same capture again is waste:
# a back-fill skips capture URLs already logged with one of them (the others are retried).
ARCHIVE_SETTLED = frozenset(
    [name for name, (ok, _) in OUTCOMES.items() if ok]
    + [
        "wayback-archived-error",
        "wayback-outside-window",
        "not-html",
        "unreadable-pdf",
        "not-a-policy",
        "bot-wall",
        # Fetched again, it would pass as its own confirmation.
        "page-replaced",
    ]
)


def is_ok(outcome: str) -> bool:
    return OUTCOMES.get(outcome, (False, ""))[0]


def advice(outcome: str) -> str:
    return OUTCOMES.get(outcome, (False, "unknown outcome"))[1]


# Outcomes that mean the host was never reached: the same one from every host of a crawl is
# more likely our own network (no route, no resolver) than each site's fault.
UNREACHED = frozenset({"dns", "connection", "timeout"})
NO_NETWORK_ADVICE = (
    "no network? every host failed the same way ({outcome}); check this machine's "
    "connection and DNS, then crawl again"
)


def network_down(fetches: list[dict]) -> str | None:
    """The outcome shared by every fetch of a crawl when all of them, from two or more hosts,
    failed before reaching their host (e.g. "dns"); None otherwise."""
    outcomes = {row["outcome"] for row in fetches}
    hosts = {urlsplit(row["url"]).hostname for row in fetches}
    if len(outcomes) == 1 and outcomes <= UNREACHED and len(hosts) > 1:
        return outcomes.pop()
    return None
