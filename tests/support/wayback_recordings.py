"""Real Wayback exchanges recorded in ../shared/corpus/wayback, read at test time."""

import json
import re
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import HTTPRedirectHandler, build_opener

import pytest

from crawler.sandbox.wayback import ArchiveStore
from tests.support.paths import CORPUS

RECORDINGS = CORPUS / "wayback"
REAL_BASE = "https://web.archive.org"
_LINK_MEMENTO = re.compile(r'<[^>]+/web/(\d{14})/([^>]+)>; rel="[^"]*memento"')


def recording(name: str) -> tuple[dict, bytes]:
    """(metadata with status/headers/uri, decoded body) of one recorded exchange."""
    meta_path = RECORDINGS / f"{name}.json"
    if not meta_path.is_file():
        pytest.skip(f"../shared/corpus not found: no {meta_path}")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return meta, (RECORDINGS / f"{name}.body").read_bytes()


def header(meta: dict, name: str) -> str | None:
    """A recorded header (recordings mix header-name case); None when absent."""
    for key, values in meta["headers"].items():
        if key.lower() == name.lower():
            return values[0]
    return None


def local_path(meta: dict) -> str:
    """The recorded request's path and query, to send to the local server."""
    parts = urlsplit(meta["uri"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def seed_link_neighbours(store: ArchiveStore, meta: dict) -> None:
    """Add placeholder captures for every memento named in a recorded Link header."""
    for timestamp, url in _LINK_MEMENTO.findall(header(meta, "link") or ""):
        if not any(c.timestamp == timestamp for c in store.captures_of(url)):
            store.add_capture(url, timestamp, f"placeholder {timestamp}".encode())


def original_headers(meta: dict) -> dict[str, str]:
    """The site's own headers, from the recorded X-Archive-Orig-* copies."""
    prefix = "x-archive-orig-"
    return {
        key[len(prefix) :]: values[0]
        for key, values in meta["headers"].items()
        if key.lower().startswith(prefix)
    }


def cdx_rows(body: bytes) -> tuple[list[list[str]], str | None]:
    """Rows and resume key of a plain-text CDX answer."""
    text = body.decode("utf-8")
    rows_text, _, key = text.partition("\n\n")
    rows = [line.split(" ") for line in rows_text.splitlines() if line]
    return rows, (key.strip() or None)


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # surface the 3xx itself, as a Wayback client must inspect it


_OPENER = build_opener(_NoRedirects)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """GET over real HTTP without following redirects: (status, headers, body)."""
    try:
        with _OPENER.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()
