"""The word diff, similarity and sentence summary of a modified section's text pair."""

from __future__ import annotations

from dataclasses import dataclass

from diffing.model import SentenceSummary
from diffing.sentence_split import sentence_pieces
from diffing.sentences import sentence_summary
from diffing.worddiff import Diff, diff_similarity, word_diff


@dataclass(frozen=True)
class TextChange:
    """What changed between two texts of one section."""

    diff: Diff
    similarity: float
    sentences: SentenceSummary


def text_change(old: str, new: str) -> TextChange:
    # The word diff and the sentence summary split at the same breaks: split each text once.
    old_pieces, new_pieces = sentence_pieces(old), sentence_pieces(new)
    diff = word_diff(old, new, old_pieces, new_pieces)
    summary = sentence_summary(old, new, old_pieces, new_pieces)
    return TextChange(diff, diff_similarity(diff), summary)
