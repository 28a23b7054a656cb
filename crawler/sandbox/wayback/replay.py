"""Replay of captures: ``/web/<timestamp>[id_|im_|js_|cs_|if_]/<original url>``.

Rules from WAYBACK.md and the recorded exchanges in ``../shared/corpus/wayback``: an exact
capture replays with its own status, ``Memento-Datetime``, ``Link`` and ``X-Archive-Orig-*``
headers; an inexact timestamp is a bare 302 to the nearest capture (no ``Memento-Datetime``);
an archived redirect keeps its 3xx and ``Memento-Datetime`` with ``Location`` rewritten into
the archive; a URL never archived is a 404 page and an excluded one a 200 page, both without
``Memento-Datetime``.
"""

import re
from urllib.parse import urljoin

from crawler.sandbox.wayback import pages, toolbar
from crawler.sandbox.wayback.keys import TIMESTAMP, http_date, parse_timestamp, requested_moment
from crawler.sandbox.wayback.reply import Reply
from crawler.sandbox.wayback.store import ArchiveStore, Capture
from crawler.sandbox.wayback.timeline import Timeline

REPLAY_PATH = re.compile(r"^/web/(?P<ts>\d{1,14})(?P<mode>[a-z]{2}_)?/(?P<url>.+)$")
_COLLAPSED_SCHEME = re.compile(r"^(https?:)/+", re.IGNORECASE)
_ARCHIVE_PAGE_TYPE = "text/html; charset=utf-8"


def replay(store: ArchiveStore, path: str, base_url: str) -> Reply | None:
    """Answer a ``/web/`` request path (query string included); None if it is not one."""
    match = REPLAY_PATH.match(path)
    if not match:
        return None
    requested, mode = match["ts"], match["mode"] or ""
    url = _COLLAPSED_SCHEME.sub(r"\1//", match["url"])
    if store.is_excluded(url):
        return Reply(200, pages.excluded_page(), [("Content-Type", _ARCHIVE_PAGE_TYPE)])
    captures = store.captures_of(url)
    if not captures:
        return Reply(404, pages.not_archived_page(url), [("Content-Type", _ARCHIVE_PAGE_TYPE)])
    exact = [i for i, c in enumerate(captures) if c.timestamp == requested]
    if not (TIMESTAMP.match(requested) and exact):
        return _redirect_to_nearest(captures, requested, mode, base_url)
    position = next((i for i in exact if captures[i].url == url), exact[0])
    timeline = Timeline(tuple(captures), position)
    if mode:
        return _raw(timeline, mode, base_url)
    return _view(timeline, base_url)


def _redirect_to_nearest(captures: list[Capture], requested: str, mode: str, base: str) -> Reply:
    moment = requested_moment(requested)
    nearest = min(
        captures, key=lambda c: abs((parse_timestamp(c.timestamp) - moment).total_seconds())
    )
    headers = [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Location", f"{base}/web/{nearest.timestamp}{mode}/{nearest.url}"),
        ("X-Archive-Redirect-Reason", f"found capture at {nearest.timestamp}"),
    ]
    return Reply(302, b"", headers)


def _raw(timeline: Timeline, mode: str, base_url: str) -> Reply:
    """The archived response unchanged (``id_`` and the other raw modifiers)."""
    capture = timeline.current
    reply = Reply(capture.status, capture.body, _memento_headers(timeline, base_url))
    if capture.redirect_to is not None:
        target = urljoin(capture.url, capture.redirect_to)
        reply.headers.append(("Location", f"{base_url}/web/{capture.timestamp}{mode}/{target}"))
    return reply


def _view(timeline: Timeline, base_url: str) -> Reply:
    """What a browser gets: toolbar and rewritten links; redirects become a notice page."""
    capture = timeline.current
    if capture.redirect_to is not None:
        target = urljoin(capture.url, capture.redirect_to)
        when = parse_timestamp(capture.timestamp).strftime("%H:%M:%S %B %d, %Y")
        body = pages.redirect_notice_page(
            capture.url, when, capture.status, f"/web/{capture.timestamp}/{target}"
        )
        return Reply(200, body, [("Content-Type", _ARCHIVE_PAGE_TYPE)])
    body = capture.body
    if capture.mimetype == "text/html":
        body = toolbar.decorate(body, timeline, base_url)
    return Reply(capture.status, body, _memento_headers(timeline, base_url))


def _memento_headers(timeline: Timeline, base_url: str) -> list[tuple[str, str]]:
    capture = timeline.current
    original = dict(capture.headers)
    content_type = next(
        (value for name, value in original.items() if name.lower() == "content-type"),
        capture.mimetype,
    )
    headers = [
        ("Content-Type", content_type),
        ("Memento-Datetime", http_date(capture.timestamp)),
        ("Link", timeline.link_header(base_url)),
    ]
    headers += [
        (f"X-Archive-Orig-{name}", value)
        for name, value in original.items()
        if name.lower() != "content-type"
    ]
    return headers
