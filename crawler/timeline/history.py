"""A policy's timeline: place each capture at its capture time and keep the changes right.

Captures arrive in any order (a Wayback back-fill brings 2017 after tonight's live page), so a
capture may extend a version's run, start a new version between two others, or split a run
whose text came back later. The changes on both sides of an insertion are recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from crawler.storage import Store
from crawler.timeline.changes import build_change
from crawler.timeline.lineage import refresh_lineage
from diffing.model import EffectiveDate, PolicyDocument
from diffing.normalise import text_hash
from diffing.sections import split_sections


@dataclass(frozen=True)
class Recorded:
    """What recording one capture did to the timeline."""

    outcome: str  # "new-version" | "unchanged" | "earlier-sighting"
    version_id: int
    snapshot_id: int
    change_id: int | None = None


def document_from_version(version: dict[str, Any]) -> PolicyDocument:
    """Rebuild the PolicyDocument a stored version was made from."""
    effective = None
    if version["effective_date"]:
        effective = EffectiveDate(
            date.fromisoformat(version["effective_date"]), version["effective_date_text"] or ""
        )
    return PolicyDocument(
        title=version["title"] or "",
        markdown=version["markdown"],
        sections=split_sections(version["markdown"]),
        effective_date=effective,
    )


def version_record(document: PolicyDocument, digest: str, **fields: Any) -> dict[str, Any]:
    """The versions row for `document`, whose text_hash is `digest`."""
    effective = document.effective_date
    return {
        "text_hash": digest,
        "title": document.title,
        "markdown": document.markdown,
        "word_count": len(document.markdown.split()),
        "effective_date": effective.value.isoformat() if effective else None,
        "effective_date_text": effective.text if effective else None,
        "technical": 0,
        **fields,
    }


def section_records(
    document: PolicyDocument, stored: dict[tuple[str, str], str] | None = None
) -> list[dict[str, Any]]:
    """The sections rows of `document`; `stored` gives the hashes of (heading, text) pairs
    stored already (the hash is a pure function of them: read, not worked out again)."""
    stored = stored or {}
    return [
        {
            "idx": index,
            "heading": section.heading,
            "level": section.level,
            "path": " > ".join(section.path),
            "text": section.text,
            "hash": stored.get((section.heading, section.text))
            or text_hash(section.heading + "\n" + section.text),
        }
        for index, section in enumerate(document.sections)
    ]


class Timeline:
    """Records captures of one database's policies onto their timelines."""

    def __init__(self, store: Store, flip_flop_window: int = 5, shrink_threshold: float = 0.5):
        self.store = store
        self.flip_flop_window = flip_flop_window
        self.shrink_threshold = shrink_threshold

    def record(
        self,
        policy_id: int,
        snapshot: dict[str, Any],
        body: bytes,
        document: PolicyDocument,
        extractor_version: str,
        digest: str | None = None,
    ) -> Recorded:
        """Store the raw capture and place its text on the timeline, atomically; `digest` is
        the text's `text_hash` when the caller has worked it out."""
        store = self.store
        digest = text_hash(document.markdown) if digest is None else digest
        at = snapshot["captured_at"]
        with store.transaction():
            raw_hash = store.save_raw(body, snapshot.get("content_type"), policy_id)
            snapshot_id = store.add_snapshot(
                {**snapshot, "policy_id": policy_id, "raw_hash": raw_hash, "text_hash": digest}
            )
            # Without their markdown: only a change needs it, and reads it then.
            before = store.version_in_force(policy_id, at, text=False)
            if before and before["text_hash"] == digest:
                store.set_version_span(
                    before["id"], before["first_seen"], max(before["last_seen"], at)
                )
                return Recorded("unchanged", before["id"], snapshot_id)
            after = store.version_after(policy_id, at, text=False)
            if before and before["last_seen"] > at:
                following, after = after, self._split(before, at)
                if following:
                    self._recompute_change(after, following)
            if after and after["text_hash"] == digest:
                store.set_version_span(after["id"], at, after["last_seen"])
                change_id = self._recompute_change(before, after)
                refresh_lineage(store, policy_id, start=after["id"])
                return Recorded("earlier-sighting", after["id"], snapshot_id, change_id)
            # A new version keeps most sections of the one in force, whose hashes are stored.
            stored = store.section_hashes(before["id"]) if before else None
            sections = section_records(document, stored)
            record = version_record(
                document,
                digest,
                policy_id=policy_id,
                first_seen=at,
                last_seen=at,
                source=snapshot["source"],
                snapshot_id=snapshot_id,
                extractor_version=extractor_version,
            )
            version_id = store.insert_version(record, sections)
            # The row as written: reading it back would rebuild its markdown from the sections.
            new = {**record, "id": version_id}
            # The new text's document is the one in hand (without the extraction's warnings,
            # which versions do not keep): it is not rebuilt from storage for its changes.
            new_document = replace(document, warnings=())
            change_id = self._recompute_change(before, new, new_document=new_document)
            if after:
                self._recompute_change(new, after, old_document=new_document)
            # The versions before the new one keep their clauses.
            refresh_lineage(store, policy_id, start=version_id)
            return Recorded("new-version", version_id, snapshot_id, change_id)

    def record_reextraction(
        self, policy_id: int, snapshot_id: int, document: PolicyDocument, extractor_version: str
    ) -> Recorded:
        """A newer extractor reads the latest capture differently: add a *technical* version now.

        History stays as it was recorded (append-only); the change into the new version has
        kind `technical` and never alerts (Open Terms Archive's "technical upgrade").
        """
        store = self.store
        digest = text_hash(document.markdown)
        with store.transaction():
            latest = store.latest_version(policy_id)
            if latest and latest["text_hash"] == digest:
                return Recorded("unchanged", latest["id"], snapshot_id)
            at = store.now()
            version_id = store.insert_version(
                version_record(
                    document,
                    digest,
                    policy_id=policy_id,
                    first_seen=at,
                    last_seen=at,
                    source=latest["source"] if latest else "live",
                    snapshot_id=snapshot_id,
                    extractor_version=extractor_version,
                    technical=1,
                ),
                section_records(document),
            )
            change_id = self._recompute_change(latest, store.version(version_id))
            refresh_lineage(store, policy_id, start=version_id)
            return Recorded("technical-version", version_id, snapshot_id, change_id)

    def _split(self, run: dict[str, Any], at: str) -> dict[str, Any]:
        """Cut `run` at `at`; return the tail (the same text seen again after `at`)."""
        store = self.store
        head = store.capture_times(run["policy_id"], run["text_hash"], run["first_seen"], at)
        tail = store.capture_times(run["policy_id"], run["text_hash"], at, run["last_seen"])
        tail_start = tail[0] if tail else run["last_seen"]
        store.set_version_span(
            run["id"], run["first_seen"], head[-1] if head else run["first_seen"]
        )
        return store.version(store.copy_version(run["id"], tail_start, run["last_seen"]))

    def _document(self, version: dict[str, Any]) -> PolicyDocument:
        if "markdown" not in version:  # read without its text (see `record`)
            version = self.store.version(version["id"])
        return document_from_version(version)

    def _recompute_change(
        self,
        old: dict[str, Any] | None,
        new: dict[str, Any],
        old_document: PolicyDocument | None = None,
        new_document: PolicyDocument | None = None,
    ) -> int | None:
        """Replace the change into `new` by a fresh one from `old` (none for a first version);
        the documents of either version, when the caller has them, are not rebuilt."""
        store = self.store
        store.delete_change_into(new["id"])
        if old is None:
            return None
        recent = store.recent_text_hashes(
            new["policy_id"], new["first_seen"], self.flip_flop_window
        )
        change = build_change(
            old_document or self._document(old),
            new_document or self._document(new),
            recent,
            shrink_threshold=self.shrink_threshold,
            technical=bool(new["technical"]),
            hashes=(old["text_hash"], new["text_hash"]),
        )
        return store.insert_change(
            {
                **change,
                "policy_id": new["policy_id"],
                "from_version_id": old["id"],
                "to_version_id": new["id"],
                "changed_at": new["first_seen"],
                "detected_at": store.now(),
                # Changes found by a Wayback back-fill are history, not news: never alerted.
                "historical": int(new["source"] == "wayback"),
            }
        )
