"""A policy's timeline: place each capture at its capture time and keep the changes right.

Captures arrive in any order (a Wayback back-fill brings 2017 after tonight's live page), so a
capture may extend a version's run, start a new version between two others, or split a run
whose text came back later. The changes on both sides of an insertion are recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from crawler.changes import build_change
from crawler.recent import Recent
from crawler.storage import Store
from crawler.storage.versiontext import rebuilds
from diffing.document import EffectiveDate, PolicyDocument
from diffing.normalise import text_hash
from diffing.sections import split_sections

# Enough for a crawl's policies in flight (one request per host at a time) to find their
# latest version without rebuilding it; a document is ~100-200 kB.
REMEMBERED_DOCUMENTS = 32


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


def version_record(
    document: PolicyDocument, digest: str, word_count: int | None = None, **fields: Any
) -> dict[str, Any]:
    """The versions row for `document`, whose text_hash (`digest`) and word count the caller
    may have computed."""
    effective = document.effective_date
    return {
        "text_hash": digest,
        "title": document.title,
        "markdown": document.markdown,
        "word_count": len(document.markdown.split()) if word_count is None else word_count,
        "effective_date": effective.value.isoformat() if effective else None,
        "effective_date_text": effective.text if effective else None,
        "technical": 0,
        **fields,
    }


SectionHashes = dict[tuple[str, str], str]
# A heading's or a section text's number of words (str.split), by the string.
WordCounts = dict[str, int]


def word_count(
    markdown: str,
    sections: list[dict[str, Any]],
    known: WordCounts,
    counts: WordCounts,
    rebuilt: bool | None = None,
) -> int:
    """len(markdown.split()), counted section by section when the sections rebuild the
    markdown exactly (they nearly always do): a new version repeats most sections of the
    previous one, whose counts are `known`, and splitting a whole policy cost ~0.35 ms.
    `counts` receives the count of each heading and text used.

    The parts are joined by whitespace and a heading line is its #s, a space and the heading,
    so no word spans two of them. `rebuilt`: whether they do, if the caller knows."""
    if not (rebuilds(markdown, sections) if rebuilt is None else rebuilt):
        return len(markdown.split())
    total = 0
    for section in sections:
        if section["level"] > 0:
            total += 1  # the heading's #s
            strings: tuple[str, ...] = (section["heading"], section["text"])
        else:
            strings = (section["text"],)
        for string in strings:
            count = known.get(string)
            if count is None:
                count = len(string.split())
            counts[string] = count
            total += count
    return total


def section_records(
    document: PolicyDocument, known: SectionHashes | None = None
) -> list[dict[str, Any]]:
    """The sections rows of `document`; `known` gives hashes already computed for some
    (heading, text) pairs (the hash is a pure function of them)."""
    known = known or {}
    return [
        {
            "idx": index,
            "heading": section.heading,
            "level": section.level,
            "path": " > ".join(section.path),
            "text": section.text,
            "hash": known.get((section.heading, section.text))
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
        # Version id -> its document, for the next capture's diff: a stored version's text
        # never changes, and rebuilding it (SQL join, then splitting) cost ~1.5 ms a version.
        self._documents: Recent[int, PolicyDocument] = Recent(REMEMBERED_DOCUMENTS)
        # Policy id -> section hashes of its last recorded version: a new version keeps most
        # sections of the previous one, and normalising each for its hash cost ~1 ms.
        self._section_hashes: Recent[int, SectionHashes] = Recent(REMEMBERED_DOCUMENTS)
        # Policy id -> (markdown, text_hash) of its last capture: most captures bring the same
        # text again, and normalising a whole policy costs ~2.5 ms (the text caches in
        # diffing.normalise hold only a few texts, which extraction's own texts push out).
        self._last_texts: Recent[int, tuple[str, str]] = Recent(REMEMBERED_DOCUMENTS)
        # Policy id -> word counts of its last recorded version's headings and texts.
        self._word_counts: Recent[int, WordCounts] = Recent(REMEMBERED_DOCUMENTS)

    def record(
        self,
        policy_id: int,
        snapshot: dict[str, Any],
        body: bytes,
        document: PolicyDocument,
        extractor_version: str,
        digest: str | None = None,
    ) -> Recorded:
        """Store the raw capture and place its text on the timeline, atomically; `digest`:
        the document's text hash, if the caller has it."""
        store = self.store
        digest = digest or self._text_hash(policy_id, document.markdown)
        at = snapshot["captured_at"]
        with store.transaction():
            raw_hash = store.save_raw(body, snapshot.get("content_type"), policy_id)
            snapshot_id = store.add_snapshot(
                {**snapshot, "policy_id": policy_id, "raw_hash": raw_hash, "text_hash": digest}
            )
            # Without their markdown: a remembered document usually stands in for it.
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
                change_id = self._recompute_change(before, store.version(after["id"]))
                return Recorded("earlier-sighting", after["id"], snapshot_id, change_id)
            sections = section_records(document, self._section_hashes.get(policy_id))
            counts: WordCounts = {}
            known_counts = self._word_counts.get(policy_id) or {}
            # Found out once: both the word count and the stored markdown depend on it.
            rebuilt = rebuilds(document.markdown, sections)
            words = word_count(document.markdown, sections, known_counts, counts, rebuilt)
            record = version_record(
                document,
                digest,
                word_count=words,
                policy_id=policy_id,
                first_seen=at,
                last_seen=at,
                source=snapshot["source"],
                snapshot_id=snapshot_id,
                extractor_version=extractor_version,
            )
            version_id = store.insert_version(record, sections, rebuilt)
            self._documents.put(version_id, replace(document, warnings=()))
            self._remember_section_hashes(policy_id, sections)
            self._word_counts.put(policy_id, counts)
            # The row as written: reading it back would rebuild its markdown from the sections.
            new = {**record, "id": version_id}
            change_id = self._recompute_change(before, new)
            if after:
                self._recompute_change(new, after)
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
        document = self._documents.get(version["id"])
        if document is None:
            if "markdown" not in version:  # read without its text (see `record`)
                version = self.store.version(version["id"])
            document = document_from_version(version)
            self._documents.put(version["id"], document)
        return document

    def _text_hash(self, policy_id: int, markdown: str) -> str:
        """text_hash(markdown), not computed again for the same text as the last capture's."""
        last = self._last_texts.get(policy_id)
        digest = last[1] if last and last[0] == markdown else text_hash(markdown)
        self._last_texts.put(policy_id, (markdown, digest))
        return digest

    def _remember_section_hashes(self, policy_id: int, sections: list[dict[str, Any]]) -> None:
        hashes = {(s["heading"], s["text"]): s["hash"] for s in sections}
        self._section_hashes.put(policy_id, hashes)

    def _recompute_change(self, old: dict[str, Any] | None, new: dict[str, Any]) -> int | None:
        """Replace the change into `new` by a fresh one from `old` (none for a first version)."""
        store = self.store
        store.delete_change_into(new["id"])
        if old is None:
            return None
        recent = store.recent_text_hashes(
            new["policy_id"], new["first_seen"], self.flip_flop_window
        )
        change = build_change(
            self._document(old),
            self._document(new),
            recent,
            shrink_threshold=self.shrink_threshold,
            technical=bool(new["technical"]),
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
