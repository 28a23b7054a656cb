"""The word diff, similarity and sentence summary of a modified section's text pair, each pair
worked out once while it is recent.

A history walk meets the same (old text, new text) pair again: a flip-flop back and forth, our
own re-extraction of a version, a section edited alike in two versions. Everything kept is
immutable (tuples and frozen dataclasses), so the comparisons that share an entry cannot
change it for each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from diffing.char_bounded import CharBoundedCache
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


class RecentTextChanges(CharBoundedCache):
    """The TextChanges of the most recently diffed text pairs (both texts count)."""

    def compute(self, key: tuple[str, str]) -> TextChange:
        return text_change(*key)

    def size(self, key: tuple[str, str]) -> int:
        return len(key[0]) + len(key[1])

    def get(self, old: str, new: str) -> TextChange:
        return self.lookup((old, new))


text_changes = RecentTextChanges(CACHED_PAIR_CHARS)
