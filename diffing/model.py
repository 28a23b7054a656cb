"""The data diffing reads and writes, plain frozen dataclasses: a policy document (sections,
effective date) and the diff of two of them, with its JSON form (`to_dict`/`from_dict`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

STATUSES = ("added", "removed", "modified", "unchanged")


@dataclass(frozen=True)
class Section:
    """One section of a policy: its heading and its own body (subsections excluded)."""

    heading: str  # as shown; "" for the text before the first heading
    level: int  # 1-6 from the heading tree; 0 for that preamble
    path: tuple[str, ...]  # headings from the top of the tree down to this one
    text: str  # body as markdown, without the heading line


@dataclass(frozen=True)
class EffectiveDate:
    """The date a policy states for itself, with the words it used."""

    value: date
    text: str  # e.g. "Last updated November 2020"


@dataclass(frozen=True)
class PolicyDocument:
    """A policy as extracted: markdown with a heading tree, its sections and its date."""

    title: str
    markdown: str
    sections: tuple[Section, ...]
    effective_date: EffectiveDate | None
    warnings: tuple[str, ...] = field(default=())


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

    @classmethod
    def from_dict(cls, data: dict) -> SentenceSummary:
        return cls(
            added=tuple(data.get("added", ())),
            removed=tuple(data.get("removed", ())),
            changed=tuple((old, new) for old, new in data.get("changed", ())),
        )


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
    # What the change is about (diffing.topics), worked out once when the diff is made.
    topics: tuple[str, ...] = ()

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
            "topics": list(self.topics),
        }

    @classmethod
    def from_dict(cls, data: dict) -> SectionChange:
        """The change `to_dict` wrote (fields a stored diff predates take their defaults)."""
        return cls(
            status=data["status"],
            old_index=data["old_index"],
            new_index=data["new_index"],
            old_heading=data["old_heading"],
            new_heading=data["new_heading"],
            similarity=data["similarity"],
            diff=tuple((op, text) for op, text in data.get("diff", ())),
            moved=data.get("moved", False),
            renamed=data.get("renamed", False),
            split_from=data.get("split_from"),
            merged_into=data.get("merged_into"),
            sentences=SentenceSummary.from_dict(data.get("sentences") or {}),
            topics=tuple(data.get("topics", ())),
        )


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

    @classmethod
    def from_dict(cls, data: dict) -> DocumentDiff:
        """The diff `to_dict` wrote (its `summary` is derived, so not read)."""
        dates = data.get("effective_date") or {}
        return cls(
            changed=data["changed"],
            content_changed=data.get("content_changed", data["changed"]),
            effective_date=(iso_date(dates.get("old")), iso_date(dates.get("new"))),
            sections=tuple(SectionChange.from_dict(s) for s in data["sections"]),
            unit=data.get("unit", "section"),
        )

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


def iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
