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
    etag: str | None = None
    last_modified: str | None = None
    cdx_digest: str | None = None
    capture_url: str | None = None
    select: list[str] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    watched_document: str | None = None  # the `document:` to pick out of a page holding several
    watched_document_type: str | None = None  # the policy's type: the fallback for that pick
    outcome: str | None = None
    detail: str = ""
    document: Any = None  # diffing.document.PolicyDocument once extracted
    text_hash: str | None = None  # the document's diffing.normalise.text_hash, with it
    # (stream id, fingerprint) of the shared-frontier request it answers (crawler/cluster/).
    delivery: tuple[str, str] | None = None

    def document_hash(self) -> str | None:
        """The text hash of the extracted document; None before extraction."""
        if self.document is None:
            return None
        from diffing.normalise import text_hash  # a heavy import the spiders do not need

        return self.text_hash or text_hash(self.document.markdown)

    def __repr__(self) -> str:
        # Scrapy logs items on errors (and every item at DEBUG): never a multi-megabyte body.
        return (
            f"Capture({self.source} {self.policy_name!r} {self.capture_url or self.url}, "
            f"HTTP {self.http_status}, {len(self.body)} bytes, outcome {self.outcome})"
        )
