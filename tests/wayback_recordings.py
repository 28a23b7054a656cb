"""Real Wayback exchanges recorded in ../shared/corpus/wayback, read at test time."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.waybackserver import ArchiveStore

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
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
