"""Change detection on the labelled snapshot pairs of ../shared/corpus/ota.

Shared by bench/changes.py (prints the table) and tests/test_change_detection_corpus.py (the
gate), so both measure the same thing. Each document's stored snapshots are fed oldest first,
as a nightly crawl would see them; every snapshot whose seq-1 is stored too is a *labelled
pair* (OTA's `change_vs_previous_seq`: no_text_change = page noise, substantive, flip_flop,
markup_only, technical). Ours: extract, compare with the version in force, classify with the
text hashes of the recent versions (the storage layer's flip-flop window). Baselines: any
extractor whose texts of seq-1 and seq are compared as "changed iff normalised texts differ".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

from bench._corpus import Snapshot
from crawler import settings
from crawler.extraction import ExtractOptions, extract
from crawler.extraction.decoding import decode_body
from crawler.timeline.changes import classified
from crawler.timeline.replacement import replacement
from diffing.classify import ChangeClassification, lost_share
from diffing.compare import compare_documents
from diffing.model import DocumentDiff, PolicyDocument
from diffing.normalise import normalise_text, text_hash
from diffing.word_sequence import same_words

NOISE = "no_text_change"
SUBSTANTIVE = "substantive"
QUIET = ("flip_flop", "markup_only")  # labelled changes that must not alert either
LABELS = (NOISE, SUBSTANTIVE, *QUIET, "technical")
SHOWN_WORDS = 12  # changed words quoted per section in an explanation
SHOWN_SECTIONS = 4  # changed sections listed in an explanation; the rest are counted


@dataclass(frozen=True)
class PairOutcome:
    """What a detector did with snapshot `seq` after seq-1."""

    document: str
    seq: int
    label: str
    alerted: bool
    flip_flop: bool = False  # our classification flagged the new text as a recent version
    why: str = ""  # kind, flags and the changed sections (ours only)


def page_html(snapshot: Snapshot) -> str:
    """The page as the pipeline decodes it (the corpus keeps no Content-Type header)."""
    return decode_body(snapshot.body, None)


def labelled(history: list[Snapshot]) -> Iterator[tuple[Snapshot, Snapshot]]:
    """(seq-1, seq) for every snapshot whose predecessor is stored too."""
    by_seq = {snapshot.seq: snapshot for snapshot in history}
    for snapshot in history:
        if snapshot.seq - 1 in by_seq:
            yield by_seq[snapshot.seq - 1], snapshot


def words_changed(diff: tuple[tuple[int, str], ...], op: int) -> str:
    words = " ".join(text for kind, text in diff if kind == op).split()
    shown = " ".join(words[:SHOWN_WORDS])
    return shown + (" …" if len(words) > SHOWN_WORDS else "")


def explain(
    old: PolicyDocument,
    new: PolicyDocument,
    classification: ChangeClassification,
    diff: DocumentDiff,
) -> str:
    """Kind, flags and each changed section with the words it lost and gained."""
    flags = [name for name in ("flip_flop", "shrink") if getattr(classification, name)]
    parts = [classification.kind + "".join(f" +{flag}" for flag in flags)]
    if classification.shrink:
        parts.append(f"lost {lost_share(old.markdown, new.markdown):.0%} of the words")
    old_date, new_date = diff.effective_date
    if old_date != new_date:
        parts.append(f"date {old_date} -> {new_date}")
    changed = [change for change in diff.sections if change.status != "unchanged"]
    for change in changed[:SHOWN_SECTIONS]:
        heading = change.new_heading or change.old_heading or f"({diff.unit})"
        removed, added = words_changed(change.diff, -1), words_changed(change.diff, 1)
        parts.append(f"{change.status} {heading[:50]!r}: -[{removed}] +[{added}]")
    if len(changed) > SHOWN_SECTIONS:
        parts.append(f"{len(changed) - SHOWN_SECTIONS} more changed {diff.unit}s")
    return "; ".join(parts)


class RecentVersions:
    """One document's timeline in memory: the version in force and the recent text hashes
    (crawler/timeline/history.py asks the store for the last `window` versions before the new
    one)."""

    def __init__(self, window: int, shrink_threshold: float):
        self.window = window
        self.shrink_threshold = shrink_threshold
        self.current: PolicyDocument | None = None
        self.hashes: list[str] = []
        self.held: str | None = None  # text hash of the last capture held as page-replaced

    def record(self, document: PolicyDocument) -> tuple[bool, bool, str]:
        """Place the next capture: (should alert, flagged flip-flop, why)."""
        # As HoldReplacedPipeline: another page served instead waits for the next capture to
        # bring it again; any other capture in between ends the wait.
        held, self.held = self.held, None
        if not document.markdown.strip():
            return False, False, "empty extraction: dropped"
        digest = text_hash(document.markdown)
        old = self.current
        if old is not None and self.hashes[-1] == digest:
            return False, False, "same text"
        why = replacement(old.markdown, document, None) if old is not None else None
        if why and held != digest:
            self.held = digest
            return False, False, f"page-replaced: {why}"
        recent = self.hashes[-self.window :]
        self.current = document
        self.hashes.append(digest)
        if old is None:
            return False, False, "first text"
        diff = compare_documents(old, document)
        classification = classified(old, document, diff, recent, self.shrink_threshold)
        return (
            classification.should_alert,
            classification.flip_flop,
            explain(old, document, classification, diff),
        )


def consecutive_labels(history: list[Snapshot]) -> dict[int, str]:
    """seq -> the label of every stored snapshot against the stored one before it (whatever
    seqs lie between), from OTA's texts in force after each: no_text_change (the same text),
    technical (a text OTA's new selectors made), markup_only (the same words), flip_flop (a
    text in force earlier), else substantive.
    Snapshots without a linked text are left out."""
    labels = {}
    seen: set[str] = set()
    for before, after in pairwise(history):
        old, new = before.text_in_force, after.text_in_force
        if old is not None:
            seen.add(old)
        if old is None or new is None:
            continue
        if old == new:
            labels[after.seq] = NOISE
        elif after.kind_in_force == "technical":  # OTA's selectors changed, not the page
            labels[after.seq] = "technical"
        elif same_words(old, new):
            labels[after.seq] = "markup_only"
        elif new in seen:
            labels[after.seq] = "flip_flop"
        else:
            labels[after.seq] = SUBSTANTIVE
    return labels


def document_type(name: str) -> str:
    """The terms type in an OTA document's name ("dating--bumble--privacy-policy")."""
    return name.rsplit("--", 1)[-1]


def seq_labels(history: list[Snapshot]) -> dict[int, str]:
    """seq -> OTA's label against seq-1, for every snapshot whose seq-1 is stored too."""
    return {snapshot.seq: snapshot.change_vs_previous_seq for _, snapshot in labelled(history)}


def our_outcomes(
    histories: dict[str, list[Snapshot]],
    window: int = settings.POLICYWATCH_FLIP_FLOP_WINDOW,
    shrink_threshold: float = settings.POLICYWATCH_SHRINK_THRESHOLD,
    labels: Callable[[list[Snapshot]], dict[int, str]] = seq_labels,
    told_type: bool = False,
) -> list[PairOutcome]:
    """Extraction + classification over every document's snapshots, oldest first; an outcome
    for each snapshot `labels` labels (OTA's seq-1 labels, or `consecutive_labels`).
    `told_type`: extraction is told each document's type, as a watch-list `document:` would."""
    outcomes = []
    for name, history in histories.items():
        labelled_seqs = labels(history)
        timeline = RecentVersions(window, shrink_threshold)
        # As a watched policy's document_type: the terms type ends the corpus document's name.
        watched = name.rsplit("--", 1)[-1]
        told = document_type(name) if told_type else None
        for snapshot in history:
            document = extract(
                page_html(snapshot),
                ExtractOptions(url=snapshot.url, document=told, document_type=watched),
            ).document
            alerted, flip_flop, why = timeline.record(document)
            if (label := labelled_seqs.get(snapshot.seq)) is not None:
                outcomes.append(PairOutcome(name, snapshot.seq, label, alerted, flip_flop, why))
    return outcomes


def baseline_outcomes(
    histories: dict[str, list[Snapshot]],
    extract: Callable[[str, str | None], str],
    labels: Callable[[list[Snapshot]], dict[int, str]] = seq_labels,
) -> list[PairOutcome]:
    """`extract`'s text of each labelled snapshot and of the stored one before it: an alert
    iff the normalised texts differ."""
    outcomes = []
    for name, history in histories.items():
        texts: dict[int, str] = {}
        labelled_seqs = labels(history)

        def text(snapshot: Snapshot, texts=texts) -> str:
            if snapshot.seq not in texts:
                texts[snapshot.seq] = normalise_text(extract(page_html(snapshot), snapshot.url))
            return texts[snapshot.seq]

        for before, after in pairwise(history):
            if (label := labelled_seqs.get(after.seq)) is not None:
                changed = text(before) != text(after)
                outcomes.append(PairOutcome(name, after.seq, label, changed))
    return outcomes


@dataclass(frozen=True)
class Tally:
    """Pairs and alerts per label, and the two failures the goal is about."""

    pairs: Counter
    alerts: Counter
    flip_flops_flagged: int
    false_alerts: tuple[PairOutcome, ...]  # an alert on a page-noise pair
    misses: tuple[PairOutcome, ...]  # no alert on a substantive pair
    quiet_alerts: tuple[PairOutcome, ...]  # an alert on a flip-flop or markup-only pair


def tally(outcomes: Iterable[PairOutcome]) -> Tally:
    outcomes = list(outcomes)
    return Tally(
        pairs=Counter(o.label for o in outcomes),
        alerts=Counter(o.label for o in outcomes if o.alerted),
        flip_flops_flagged=sum(o.flip_flop for o in outcomes if o.label == "flip_flop"),
        false_alerts=tuple(o for o in outcomes if o.label == NOISE and o.alerted),
        misses=tuple(o for o in outcomes if o.label == SUBSTANTIVE and not o.alerted),
        quiet_alerts=tuple(o for o in outcomes if o.label in QUIET and o.alerted),
    )
