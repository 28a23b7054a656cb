"""The diff model every renderer and the storage layer read: plain data with a JSON form."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from diffing.topics import change_topics, topic_ids

STATUSES = ("added", "removed", "modified", "unchanged")


@dataclass(frozen=True)
class SentenceSummary:
    """Sentences of a modified section that were added, removed or changed (old, new)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict:
        return {
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [list(pair) for pair in self.changed],
        }


@dataclass(frozen=True)
class SectionChange:
    """One aligned section: what happened to it between the old and the new version.

    `old_index`/`new_index` index the compared units: the documents' sections, or their
    paragraphs when a version has no heading structure (`DocumentDiff.unit == "paragraph"`).
    `split_from` (on an added part) names the old section it was split out of; `merged_into`
    (on a removed section) names the new section that absorbed it.
    """

    status: str
    old_index: int | None
    new_index: int | None
    old_heading: str | None
    new_heading: str | None
    similarity: float
    diff: tuple[tuple[int, str], ...] = ()
    moved: bool = False
    renamed: bool = False
    split_from: int | None = None
    merged_into: int | None = None
    sentences: SentenceSummary = field(default_factory=SentenceSummary)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "moved": self.moved,
            "renamed": self.renamed,
            "old_index": self.old_index,
            "new_index": self.new_index,
            "old_heading": self.old_heading,
            "new_heading": self.new_heading,
            "similarity": self.similarity,
            "diff": [[op, text] for op, text in self.diff],
            "split_from": self.split_from,
            "merged_into": self.merged_into,
            "sentences": self.sentences.to_dict(),
            "topics": self.topics(),
        }

    def topics(self) -> list[str]:
        """What the change is about (`diffing.topics`): none for an unchanged section."""
        return topic_ids(change_topics(self))


@dataclass(frozen=True)
class DocumentDiff:
    """Section-level difference between two versions of a policy.

    `changed` is true when the visible text or the stated effective date differ;
    `content_changed` when the visible text differs apart from the effective-date statement.
    """

    changed: bool
    content_changed: bool
    effective_date: tuple[date | None, date | None]
    sections: tuple[SectionChange, ...]
    unit: str = "section"  # or "paragraph" when a version has no heading structure

    def summary(self) -> dict[str, int]:
        """Counts of sections per status, plus moved, renamed, split and merged."""
        counts = Counter(change.status for change in self.sections)
        result = {status: counts.get(status, 0) for status in STATUSES}
        result["moved"] = sum(change.moved for change in self.sections)
        result["renamed"] = sum(change.renamed for change in self.sections)
        result["split"] = sum(change.split_from is not None for change in self.sections)
        result["merged"] = sum(change.merged_into is not None for change in self.sections)
        return result

    def to_dict(self) -> dict:
        return {**self.head_dict(), "sections": [change.to_dict() for change in self.sections]}

    def head_dict(self) -> dict:
        """`to_dict()` without its sections."""
        old, new = self.effective_date
        return {
            "changed": self.changed,
            "content_changed": self.content_changed,
            "effective_date": {
                "old": old.isoformat() if old else None,
                "new": new.isoformat() if new else None,
            },
            "unit": self.unit,
            "summary": self.summary(),
        }
