"""Sentence-level summary of a modified section: sentences added, removed or changed."""

from __future__ import annotations

from difflib import SequenceMatcher

from rapidfuzz.fuzz import ratio

from diffing.model import SentenceSummary
from diffing.sentence_split import sentence_pieces

# Below this rapidfuzz ratio two sentences at the same place count as removed + added, not changed.
SENTENCE_CHANGED_MIN_RATIO = 50


def split_sentences(text: str, pieces: tuple[str, ...] | None = None) -> list[str]:
    """Sentences (and list items or lines) of `text`, stripped, empty ones dropped;
    `pieces`: `sentence_pieces(text)` if known."""
    # The texts between breaks (every other piece); whitespace left at their edges is stripped.
    return [part.strip() for part in (pieces or sentence_pieces(text))[::2] if part.strip()]


def sentence_summary(
    old: str,
    new: str,
    old_pieces: tuple[str, ...] | None = None,
    new_pieces: tuple[str, ...] | None = None,
) -> SentenceSummary:
    """Which sentences were added, removed or changed between `old` and `new` (their
    `sentence_pieces` may be given)."""
    old_sentences = split_sentences(old, old_pieces)
    new_sentences = split_sentences(new, new_pieces)
    matcher = SequenceMatcher(None, old_sentences, new_sentences, autojunk=False)
    added: list[str] = []
    removed: list[str] = []
    changed: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pending = new_sentences[j1:j2]
        for sentence in old_sentences[i1:i2]:
            match = next(
                (
                    k
                    for k, candidate in enumerate(pending)
                    if ratio(sentence, candidate) >= SENTENCE_CHANGED_MIN_RATIO
                ),
                None,
            )
            if match is None:
                removed.append(sentence)
                continue
            added.extend(pending[:match])
            changed.append((sentence, pending[match]))
            pending = pending[match + 1 :]
        added.extend(pending)
    return SentenceSummary(added=tuple(added), removed=tuple(removed), changed=tuple(changed))
