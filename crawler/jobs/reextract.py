"""Re-derive each policy's current text from its stored raw capture with today's extractor."""

from __future__ import annotations

import json
from dataclasses import dataclass

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.html import EXTRACTOR_VERSION
from crawler.storage import Store
from crawler.timeline.history import Timeline


@dataclass(frozen=True)
class Reextracted:
    policy: str
    # "technical-version" | "unchanged" | "no-capture", or why the capture gave no policy text
    # ("empty-extraction", "unreadable-pdf", …: crawler/extraction/body.py)
    outcome: str
    version_id: int | None = None


def reextract(store: Store, policy_name: str) -> Reextracted:
    """Extract the policy's latest raw capture again; a different text is a technical version."""
    policy = store.policy(policy_name)
    snapshot = store.latest_snapshot(policy["id"])
    if snapshot is None:
        return Reextracted(policy_name, "no-capture")
    options = ExtractOptions(
        url=snapshot["final_url"] or snapshot["url"],
        select=tuple(json.loads(policy["select_css"] or "[]")),
        remove=tuple(json.loads(policy["remove_css"] or "[]")),
        document=policy.get("document"),
        document_type=policy.get("document_type"),
        content_type=snapshot["content_type"],
    )
    extraction = extract(store.raw_body(snapshot["raw_hash"]), options)
    if extraction.outcome:
        # A regression of the extractor must not wipe the policy's text.
        return Reextracted(policy_name, extraction.outcome)
    recorded = Timeline(store).record_reextraction(
        policy["id"], snapshot["id"], extraction.document, EXTRACTOR_VERSION
    )
    return Reextracted(policy_name, recorded.outcome, recorded.version_id)
