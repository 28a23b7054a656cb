"""The word diff, similarity and sentence summary of a modified section's text pair, each pair
worked out once while it is recent.

A history walk meets the same (old text, new text) pair again: a flip-flop back and forth, our
own re-extraction of a version, a section edited alike in two versions. Everything kept is
immutable (tuples and frozen dataclasses), so the comparisons that share an entry cannot
change it for each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from diffing.model import SentenceSummary
from diffing.sentences import sentence_summary
from diffing.worddiff import Diff, diff_similarity, word_diff

# Bounded by characters (both texts of each kept pair), as huge sections would otherwise pin
# many megabytes; a few hundred ordinary sections fit.
CACHED_PAIR_CHARS = 2_000_000


@dataclass(frozen=True)
class TextChange:
    """What changed between two texts of one section."""

    diff: Diff
    similarity: float
    sentences: SentenceSummary


def text_change(old: str, new: str) -> TextChange:
    diff = word_diff(old, new)
    return TextChange(diff, diff_similarity(diff), sentence_summary(old, new))


class RecentTextChanges:
    """The TextChanges of the most recently diffed text pairs (least recent evicted first)."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.entries: dict[tuple[str, str], TextChange] = {}  # insertion order is recency
        self.chars = 0

    def get(self, old: str, new: str) -> TextChange:
        size = len(old) + len(new)
        if size > self.max_chars:  # larger than the whole cache: not kept
            return text_change(old, new)
        key = (old, new)
        entry = self.entries.pop(key, None)
        if entry is None:
            entry = text_change(old, new)
            self.chars += size
            while self.chars > self.max_chars:
                oldest_old, oldest_new = oldest = next(iter(self.entries))
                del self.entries[oldest]
                self.chars -= len(oldest_old) + len(oldest_new)
        self.entries[key] = entry
        return entry

    def cache_clear(self) -> None:
        self.entries.clear()
        self.chars = 0


text_changes = RecentTextChanges(CACHED_PAIR_CHARS)
