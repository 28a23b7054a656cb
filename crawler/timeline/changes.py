"""Turn a section-level diff and its classification into a `changes` row."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from crawler.storage.diffjson import stored_diff_json
from crawler.timeline.shorter import shorter_on_purpose
from diffing.classify import ChangeClassification, classify_change
from diffing.compare import compare_documents, read_versions
from diffing.model import DocumentDiff, PolicyDocument


def classified(
    old: PolicyDocument,
    new: PolicyDocument,
    diff: DocumentDiff,
    recent_hashes: list[str],
    shrink_threshold: float,
    technical: bool = False,
    hashes: tuple[str, str] | None = None,
    visible: tuple[str, str] | None = None,
) -> ChangeClassification:
    """classify_change, except that a text the policy itself made shorter (rewritten in fewer
    words, or sections deleted) is no shrink: it is a real change and alerts."""
    classification = classify_change(
        old,
        new,
        diff,
        recent_hashes=recent_hashes,
        shrink_threshold=shrink_threshold,
        technical=technical,
        hashes=hashes,
        visible=visible,
    )
    if classification.shrink and shorter_on_purpose(old.markdown, new):
        return replace(classification, shrink=False)
    return classification


def build_change(
    old: PolicyDocument,
    new: PolicyDocument,
    recent_hashes: list[str],
    shrink_threshold: float,
    technical: bool = False,
    hashes: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """The stored form of the change from `old` to `new` (kind, flags, counts, JSON diff);
    `technical` when our own re-extraction made it; `hashes`: both texts' `text_hash`es, when
    the caller has them."""
    # Both versions are read once, for the diff and for the classification.
    read = read_versions(old, new)
    diff = compare_documents(old, new, read)
    classification = classified(
        old,
        new,
        diff,
        recent_hashes,
        shrink_threshold,
        technical,
        hashes,
        visible=read.reader_texts(),
    )
    summary = diff.summary()
    old_date, new_date = diff.effective_date
    flags = [
        name
        for name in ("date_moved_backwards", "flip_flop", "shrink")
        if getattr(classification, name)
    ]
    return {
        "kind": classification.kind,
        "flags": json.dumps(flags),
        "should_alert": int(classification.should_alert),
        "effective_date_old": old_date.isoformat() if old_date else None,
        "effective_date_new": new_date.isoformat() if new_date else None,
        "sections_added": summary["added"],
        "sections_removed": summary["removed"],
        "sections_modified": summary["modified"],
        "sections_moved": summary["moved"],
        "sections_renamed": summary["renamed"],
        # Already compact, as the store keeps it (crawler/storage/diffjson.py).
        "diff_json": stored_diff_json(diff),
    }
