"""What a change *is*: one kind plus flags, so only real policy changes alert.

Kinds: `none` (same normalised text), `markup-only` (only link targets, images, the wording
of an unchanged date or the structure differ: a paragraph made a heading, a section split
with every word kept in order), `content`, `effective-date` (only the stated date moved),
`both`, `silent-edit` (content changed while a stated date stayed the same) and `technical`
(our own re-extraction made it; the caller knows and says so).
Flags: `date_moved_backwards`, `flip_flop` (the new text equals one of the last N versions:
A/B tests, geo variants; recorded, not alerted), `shrink` (the text lost more than a
threshold at once: likely an extraction failure or a bot wall; held back for confirmation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from diffing.model import DocumentDiff, PolicyDocument
from diffing.normalise import text_hash, visible_text
from diffing.word_sequence import same_visible_words, visible_word_count, word_count

ALERTING_KINDS = frozenset({"content", "effective-date", "both", "silent-edit"})
# Share of words lost at once above which a change is held back as a probable extraction
# failure; bench/diff.py prints how the corpus's real changes are distributed around it.
DEFAULT_SHRINK_THRESHOLD = 0.5


@dataclass(frozen=True)
class ChangeClassification:
    """The kind of a change and the flags that hold an alert back or explain it."""

    kind: str
    date_moved_backwards: bool = False
    flip_flop: bool = False
    shrink: bool = False

    @property
    def should_alert(self) -> bool:
        """A real policy change worth telling people about now."""
        return self.kind in ALERTING_KINDS and not (self.flip_flop or self.shrink)

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "date_moved_backwards": self.date_moved_backwards,
            "flip_flop": self.flip_flop,
            "shrink": self.shrink,
            "should_alert": self.should_alert,
        }


def is_flip_flop(new_hash: str, recent_hashes: Iterable[str]) -> bool:
    """Does the new text (by `text_hash`) equal one of the recent earlier versions?"""
    return new_hash in set(recent_hashes)


def lost_share(old_text: str, new_text: str) -> float:
    """Share of the old visible words the new text has lost overall (0.0 when it grew)."""
    return share_lost(word_count(old_text), word_count(new_text))


def share_lost(old_words: int, new_words: int) -> float:
    """`lost_share` of texts showing `old_words` and `new_words` words."""
    return max(0.0, 1 - new_words / old_words) if old_words else 0.0


def is_shrink(old_text: str, new_text: str, threshold: float = DEFAULT_SHRINK_THRESHOLD) -> bool:
    """Did the text lose more than `threshold` (a share, 0-1) of its words at once?"""
    return lost_share(old_text, new_text) > threshold


def change_kind(
    diff: DocumentDiff, hashes_differ: bool, technical: bool, words_differ: bool
) -> str:
    """`words_differ` is False when the texts have the same word sequence (`same_words`): a
    section diff that only regrouped those words is a change of structure, not of content."""
    old_date, new_date = diff.effective_date
    if technical:
        return "technical"
    if not diff.changed:
        return "markup-only" if hashes_differ else "none"
    date_changed = old_date != new_date and new_date is not None
    content_changed = diff.content_changed and words_differ
    if content_changed and date_changed:
        return "both"
    if content_changed:
        return "silent-edit" if old_date is not None and old_date == new_date else "content"
    return "effective-date" if date_changed else "markup-only"


def classify_change(
    old: PolicyDocument,
    new: PolicyDocument,
    diff: DocumentDiff,
    recent_hashes: Iterable[str] = (),
    shrink_threshold: float = DEFAULT_SHRINK_THRESHOLD,
    technical: bool = False,
    hashes: tuple[str, str] | None = None,
    visible: tuple[str, str] | None = None,
) -> ChangeClassification:
    """Classify the change from `old` to `new`; `recent_hashes` are `text_hash`es of the last
    N versions before `old` (the storage layer chooses N); `hashes`: the `text_hash`es of
    `old` and `new`, and `visible`: their words as a reader sees them
    (`ReadVersions.reader_texts`), when the caller has them."""
    old_hash, new_hash = hashes or (text_hash(old.markdown), text_hash(new.markdown))
    old_date, new_date = diff.effective_date
    # Each version's visible text and words, worked out once for the shrink and words tests.
    old_visible, new_visible = visible or (visible_text(old.markdown), visible_text(new.markdown))
    old_words, new_words = visible_word_count(old_visible), visible_word_count(new_visible)
    return ChangeClassification(
        kind=change_kind(
            diff,
            old_hash != new_hash,
            technical,
            # Only worth reading every word when the section diff saw content move.
            words_differ=not (
                diff.content_changed
                and same_visible_words(old_visible, new_visible, old_words, new_words)
            ),
        ),
        date_moved_backwards=bool(old_date and new_date and new_date < old_date),
        flip_flop=diff.changed and is_flip_flop(new_hash, recent_hashes),
        shrink=share_lost(old_words, new_words) > shrink_threshold,
    )
