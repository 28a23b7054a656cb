"""Near copies across policies: word shingles, containment and resemblance.

Two texts are compared by the sets of their `SHINGLE_WORDS`-word runs (after `visible_text`,
lower-cased), as in Broder (1997), "On the resemblance and containment of documents". The score
is containment of the smaller set in the larger (shared / smaller): a copy that dropped some
sections (AMA Group's policy is about half of International SOS's, under another name) still
scores high, where resemblance (Jaccard, shared / union) would halve. Pairs are found through
an inverted index from shingle to texts, so only texts sharing a shingle are ever compared.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from diffing.normalise import visible_text

WORD = re.compile(r"\w+")
# Five-word runs: long enough that unrelated policies' stock phrases ("the information we
# collect") share few, short enough that a swapped company name breaks only a few per use.
SHINGLE_WORDS = 5


@dataclass(frozen=True)
class SimilarPair:
    first: str
    second: str
    similarity: float  # containment: shared shingles / the smaller text's shingles, 0-1
    resemblance: float  # Jaccard: shared shingles / all distinct shingles of both, 0-1
    shared_shingles: int


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of `size`-word runs of the visible text (the whole text if it is shorter)."""
    words = WORD.findall(visible_text(text).lower())
    if len(words) <= size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def similar_pairs(texts: Mapping[str, str], threshold: float = 0.5) -> list[SimilarPair]:
    """Pairs of named texts whose containment similarity is at least `threshold`, most similar
    first."""
    sets = {name: shingles(text) for name, text in texts.items()}
    holders: dict[str, list[str]] = defaultdict(list)
    for name, shingle_set in sets.items():
        for shingle in shingle_set:
            holders[shingle].append(name)
    shared: Counter[tuple[str, str]] = Counter()
    for names in holders.values():
        shared.update(combinations(sorted(names), 2))
    pairs = []
    for (first, second), common in shared.items():
        sizes = len(sets[first]), len(sets[second])
        similarity = common / min(sizes)
        if similarity >= threshold:
            resemblance = common / (sum(sizes) - common)
            pairs.append(
                SimilarPair(first, second, round(similarity, 3), round(resemblance, 3), common)
            )
    return sorted(pairs, key=lambda pair: (-pair.similarity, pair.first, pair.second))
