"""The item every spider yields: one fetch of one policy, successful or not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Capture:
    """One fetch of a policy page; `outcome` is set as soon as it is known to have failed."""

    policy_id: int
    policy_name: str
    source: str  # "live" | "wayback"
    url: str
    requested_at: str
    captured_at: str = ""
    final_url: str = ""
    http_status: int | None = None
    content_type: str | None = None
    body: bytes = b""
    # A capture whose bytes are stored already (a Wayback digest fetched before): its raw
    # capture's hash; StoredBodyPipeline reads the bytes into `body`.
    stored_raw_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    cdx_digest: str | None = None
    capture_url: str | None = None
    select: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    watched_document: str | None = None  # the `document:` to pick out of a page holding several
    watched_document_type: str | None = None  # the policy's type: the fallback for that pick
    fetched_with: str = "http"  # "http" (Scrapy's downloader) | "browser" (headless Chromium)
    # A plain fetch that may be done again in the browser if the page turns out to need one.
    browser_fallback: bool = False
    outcome: str | None = None
    detail: str = ""
    not_modified: bool = False  # the server answered 304 to our conditional request
    document: Any = None  # diffing.model.PolicyDocument once extracted
    text_hash: str | None = None  # the document's text_hash, worked out once when extracted
    # The versions row in force at `captured_at` (with its markdown), or None when the policy
    # has none yet: read once by VersionInForcePipeline for the checks that compare with it.
    in_force: dict[str, Any] | None = None
    # (stream id, fingerprint) of the shared-frontier request it answers (crawler/cluster/).
    delivery: tuple[str, str] | None = None

    def __repr__(self) -> str:
        # Scrapy logs items on errors (and every item at DEBUG): never a multi-megabyte body.
        return (
            f"Capture({self.source} {self.policy_name!r} {self.capture_url or self.url}, "
            f"HTTP {self.http_status}, {len(self.body)} bytes, {self.fetched_with}, "
            f"outcome {self.outcome})"
        )
