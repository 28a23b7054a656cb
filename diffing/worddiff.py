"""Word-level diffs inside one aligned section.

Two passes keep diff-match-patch fast on long sections: sentences first (each
sentence one token), then words inside each run of changed sentences, so edits always cover
whole words and read as "replaced *30 days* with *90 days*".
"""

from __future__ import annotations

import re

from diffing.sentence_split import sentence_pieces
from diffing.tokendiff import diff_tokens

WORD_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

Diff = tuple[tuple[int, str], ...]


def word_diff(
    old: str,
    new: str,
    old_pieces: tuple[str, ...] | None = None,
    new_pieces: tuple[str, ...] | None = None,
) -> Diff:
    """Word-level, semantically cleaned diff: ((op, text), …); op -1 delete, 0 equal, 1 insert.

    `old_pieces`/`new_pieces`: the texts' `sentence_pieces`, when the caller has them."""
    if old == new:
        return ((0, old),) if old else ()
    pieces: list[tuple[int, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted and inserted:
            words = diff_tokens(
                WORD_TOKEN.findall("".join(deleted)), WORD_TOKEN.findall("".join(inserted))
            )
            pieces.extend((op, "".join(tokens)) for op, tokens in words)
        else:
            pieces.extend((-1, text) for text in deleted)
            pieces.extend((1, text) for text in inserted)
        deleted.clear()
        inserted.clear()

    # No semantic cleanup here: it would merge runs of changed sentences into long blocks
    # that the word pass then diffs slowly; the word pass cleans up what readers see.
    sentences = diff_tokens(
        split_keeping_separators(old, old_pieces),
        split_keeping_separators(new, new_pieces),
        semantic=False,
    )
    for op, tokens in sentences:
        if op == 0:
            flush()
            pieces.append((0, "".join(tokens)))
        else:
            (deleted if op < 0 else inserted).extend(tokens)
    flush()
    return merge_adjacent(pieces)


def split_keeping_separators(text: str, pieces: tuple[str, ...] | None = None) -> list[str]:
    """Sentences and the breaks between them, in order: a break is a whitespace run after
    `.!?;:` or holding a line break. `pieces`: `sentence_pieces(text)` if known."""
    return [piece for piece in (pieces or sentence_pieces(text)) if piece]


def merge_adjacent(pieces: list[tuple[int, str]]) -> Diff:
    """Join neighbouring pieces with the same op and drop empty ones."""
    merged: list[tuple[int, str]] = []
    for op, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == op:
            merged[-1] = (op, merged[-1][1] + text)
        else:
            merged.append((op, text))
    return tuple(merged)


def diff_similarity(diff: Diff) -> float:
    """Share of characters kept: 2·equal / (old + new), 1.0 for two empty texts."""
    equal = sum(len(text) for op, text in diff if op == 0)
    total = sum(len(text) * (2 if op == 0 else 1) for op, text in diff)
    return round(2 * equal / total, 3) if total else 1.0
