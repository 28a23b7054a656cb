"""An `Alert`: one alertable change with everything a reporter shows (diff, links, labels)."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from typing import Any

from crawler.extraction.text import clean_line, drop_controls
from crawler.storage import Store
from crawler.timeline.history import document_from_version
from diffing.compare import compare_documents
from diffing.model import DocumentDiff, SectionChange, SentenceSummary
from diffing.render import render_diff
from diffing.render_parts import section_title, shown_sections
from diffing.topic_rules import TOPICS

KIND_LABELS = {
    "content": "content changed",
    "effective-date": "effective date changed",
    "both": "content and effective date changed",
    "silent-edit": "silent edit (content changed, stated date did not)",
}
# Fixed namespace so an entry id depends only on the change (policy, text, time), never on
# the database's row ids: a rebuilt database yields the same feed ids.
ENTRY_NAMESPACE = uuid.UUID("6f0c6a36-2a51-4d55-9a0e-5b1a3c6c1e71")


@dataclass(frozen=True)
class ChangedSection:
    status: str  # added | removed | modified | unchanged (moved)
    title: str
    text: str  # the section's old wording, a line break, then its new wording


@dataclass(frozen=True)
class Alert:
    to_version_id: int
    policy: str
    organisation: str
    url: str
    tags: tuple[str, ...]
    kind: str
    flags: tuple[str, ...]
    changed_at: str
    detected_at: str
    entry_id: str
    wayback_link: str
    diff: DocumentDiff
    window_from: str | None = None  # the last capture of the old text

    @property
    def changed_between(self) -> str:
        """'changed between 2024-03-02 and 2024-03-09': the day of the last capture of the
        old text and of the first capture of the new one."""
        start = (self.window_from or self.changed_at)[:10]
        return f"changed between {start} and {self.changed_at[:10]}"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def sections(self) -> list[ChangedSection]:
        return [
            ChangedSection(
                change.status,
                section_title(change, self.diff.unit),
                "".join(t for op, t in change.diff if op <= 0)
                + "\n"
                + "".join(t for op, t in change.diff if op >= 0),
            )
            for change in shown_sections(self.diff)
        ]

    @property
    def topics(self) -> list[str]:
        """What the changed sections are about (`diffing.topics`), in vocabulary order."""
        found = {topic for change in shown_sections(self.diff) for topic in change.topics}
        return [topic for topic in TOPICS if topic in found]

    def section_summary(self) -> str:
        """'Modified: What we collect; Added: AI training' (or the date change alone)."""
        by_status: dict[str, list[str]] = {}
        for section in self.sections:
            label = "moved" if section.status == "unchanged" else section.status
            by_status.setdefault(label, []).append(section.title)
        parts = [f"{status.capitalize()}: {', '.join(t)}" for status, t in by_status.items()]
        return "; ".join(parts) or self.kind_label

    def text_diff(self) -> str:
        return render_diff(self.diff, "text")


def wayback_link(base: str, url: str, at: str) -> str:
    """The Wayback Machine's capture of `url` nearest to `at` (it redirects to the closest)."""
    return f"{base.rstrip('/')}/web/{re.sub(r'[^0-9]', '', at)[:14]}/{url}"


def alert_document(store: Store, version_id: int):
    """A stored version's document, without the control characters that versions extracted
    before they were dropped may hold: XML feeds cannot carry them."""
    version = store.version(version_id)
    return document_from_version({**version, "markdown": drop_controls(version["markdown"])})


def policy_names(row: dict[str, Any]) -> tuple[str, str]:
    """(policy, organisation) of a row, each one clean line: names go into mail headers, chat
    text and feed titles, whatever an older watch list let into the database (a trailing
    newline from YAML's `>`). The organisation defaults to the policy."""
    policy = clean_line(row["policy_name"])
    return policy, clean_line(row["organisation"] or "") or policy


def without_controls(diff: DocumentDiff) -> DocumentDiff:
    """`diff` with control characters dropped from its headings and texts: a diff stored from
    versions extracted before they were dropped may hold them, and XML feeds cannot."""

    def clean(text: str | None) -> str | None:
        return drop_controls(text) if text else text

    def section(change: SectionChange) -> SectionChange:
        sentences = change.sentences
        return replace(
            change,
            old_heading=clean(change.old_heading),
            new_heading=clean(change.new_heading),
            diff=tuple((op, drop_controls(text)) for op, text in change.diff),
            sentences=SentenceSummary(
                added=tuple(map(drop_controls, sentences.added)),
                removed=tuple(map(drop_controls, sentences.removed)),
                changed=tuple((drop_controls(a), drop_controls(b)) for a, b in sentences.changed),
            ),
        )

    return replace(diff, sections=tuple(map(section, diff.sections)))


def alert_diff(store: Store, row: dict[str, Any]) -> DocumentDiff:
    """The change's diff as recorded; worked out from both versions only for a change stored
    without one."""
    stored = store.stored_diff(row["from_version_id"], row["to_version_id"])
    if stored is not None:
        return without_controls(stored)
    old = alert_document(store, row["from_version_id"])
    new = alert_document(store, row["to_version_id"])
    return compare_documents(old, new)


def alert_from_row(store: Store, row: dict[str, Any], wayback_base: str) -> Alert:
    """Build an Alert from a `pending_changes`/`recent_alertable_changes` row."""
    entry_key = f"{row['policy_name']}|{row['text_hash']}|{row['version_first_seen']}"
    policy, organisation = policy_names(row)
    return Alert(
        to_version_id=row["to_version_id"],
        policy=policy,
        organisation=organisation,
        url=row["policy_url"],
        tags=tuple(clean_line(tag) for tag in json.loads(row["tags"] or "[]")),
        kind=row["kind"],
        flags=tuple(json.loads(row["flags"] or "[]")),
        changed_at=row["changed_at"],
        detected_at=row["detected_at"] or row["changed_at"],
        entry_id=f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, entry_key)}",
        wayback_link=wayback_link(wayback_base, row["policy_url"], row["changed_at"]),
        diff=alert_diff(store, row),
        window_from=row.get("window_from"),
    )
