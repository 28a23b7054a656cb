"""Align the sections of two versions: which old section became which new one.

Staged, as measured in EXTRACTION.md ("Aligning versions"): identical content, then the exact
normalised heading path or heading (unique on both sides), then fuzzy headings (rapidfuzz
ratio ≥ 85), then content similarity (word 3-shingle Jaccard ≥ 0.5), then leftovers between matched
neighbours that are still alike (short paragraphs share few shingles); the rest is added or
removed, except parts of a split or merge, recognised by shingle containment. A matched pair
is *moved* when it lies outside the longest increasing subsequence of matched positions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz.fuzz import ratio
from rapidfuzz.process import extract

from diffing.sequence import longest_increasing_subsequence

FUZZY_HEADING_MIN = 85  # rapidfuzz ratio; EXTRACTION.md
CONTENT_JACCARD_MIN = 0.5  # word 3-shingles; EXTRACTION.md
# Short units share few 3-shingles even when one word changed: between matched neighbours,
# a character-level rapidfuzz ratio this high still makes them one edited unit.
NEIGHBOUR_RATIO_MIN = 60
CONTAINMENT_MIN = 0.5  # share of a split/merged part's shingles found in the other section
SHINGLE_WORDS = 3
WORD = re.compile(r"\w+")


@dataclass
class Unit:
    """One comparable unit (a section or a paragraph) of a version."""

    heading: str
    heading_key: str
    path_key: tuple[str, ...]
    text: str  # visible text, the form that is compared and diffed

    @cached_property
    def key(self) -> str:
        """The text with all whitespace collapsed: line breaks versus spaces are not edits."""
        return " ".join(self.text.split())

    @cached_property
    def shingles(self) -> frozenset[int]:
        """Hashes of the word 3-shingles of the text (the words themselves when shorter)."""
        words = WORD.findall(self.text.casefold())
        if len(words) < SHINGLE_WORDS:
            return frozenset(hash(word) for word in words)
        return frozenset(
            hash(tuple(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
        )


@dataclass
class Alignment:
    """Matched (old, new) pairs plus what is left, moved, split off or merged."""

    pairs: dict[int, int] = field(default_factory=dict)  # old index -> new index
    moved: set[int] = field(default_factory=set)  # old indexes of moved pairs
    split_from: dict[int, int] = field(default_factory=dict)  # new index -> old index
    merged_into: dict[int, int] = field(default_factory=dict)  # old index -> new index


class Aligner:
    """Runs the matching stages over the units still unmatched on both sides."""

    def __init__(self, old: Sequence[Unit], new: Sequence[Unit]):
        self.old, self.new = old, new
        self.alignment = Alignment()
        self.matched_new: set[int] = set()

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old)) if i not in self.alignment.pairs]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new)) if j not in self.matched_new]

    def pair(self, i: int, j: int) -> None:
        self.alignment.pairs[i] = j
        self.matched_new.add(j)

    def match_equal_keys(self, key: Callable[[Unit], Hashable | None], unique: bool) -> None:
        """Pair units with equal keys; in order when not `unique`, else only one-to-one keys."""
        old_by_key, new_by_key = defaultdict(list), defaultdict(list)
        for i in self.free_old():
            if (k := key(self.old[i])) is not None:
                old_by_key[k].append(i)
        for j in self.free_new():
            if (k := key(self.new[j])) is not None:
                new_by_key[k].append(j)
        for k, olds in old_by_key.items():
            news = new_by_key.get(k, [])
            if unique and (len(olds) != 1 or len(news) != 1):
                continue
            for i, j in zip(olds, news, strict=False):
                self.pair(i, j)

    def match_best(self, candidates: list[tuple[float, float, int, int]]) -> None:
        """Greedily pair the best-scored (score, tie-break, old, new) candidates first."""
        for _, _, i, j in sorted(candidates, reverse=True):
            if i not in self.alignment.pairs and j not in self.matched_new:
                self.pair(i, j)

    def overlaps(self, olds: list[int], news: list[int]) -> dict[tuple[int, int], int]:
        """Shared shingle counts between the given units, through an inverted index."""
        index: dict[int, list[int]] = defaultdict(list)
        for i in olds:
            for shingle in self.old[i].shingles:
                index[shingle].append(i)
        shared: Counter[tuple[int, int]] = Counter()
        for j in news:
            for shingle in self.new[j].shingles:
                for i in index.get(shingle, ()):
                    shared[i, j] += 1
        return shared

    def jaccard(self, i: int, j: int, shared: int) -> float:
        union = len(self.old[i].shingles) + len(self.new[j].shingles) - shared
        return shared / union if union else 0.0

    def match_fuzzy_headings(self) -> None:
        olds = [i for i in self.free_old() if self.old[i].heading_key]
        news = [j for j in self.free_new() if self.new[j].heading_key]
        if not olds or not news:
            return
        shared = self.overlaps(olds, news)
        choices = [self.new[j].heading_key for j in news]
        candidates = [
            (score, self.jaccard(i, news[b], shared[i, news[b]]), i, news[b])
            for i in olds
            for _, score, b in extract(
                self.old[i].heading_key,
                choices,
                scorer=ratio,
                score_cutoff=FUZZY_HEADING_MIN,
                limit=None,
            )
        ]
        self.match_best(candidates)

    def match_similar_content(self) -> None:
        shared = self.overlaps(self.free_old(), self.free_new())
        candidates = []
        for (i, j), count in shared.items():
            score = self.jaccard(i, j, count)
            if score >= CONTENT_JACCARD_MIN:
                candidates.append((score, -abs(i - j), i, j))
        self.match_best(candidates)

    def match_between_neighbours(self) -> None:
        """Pair leftovers whose previous or next units are matched to each other."""
        new_to_old = {j: i for i, j in self.alignment.pairs.items()}
        free_new = set(self.free_new())
        for i in self.free_old():
            for j in (self.alignment.pairs.get(i - 1, -2) + 1, new_to_old.get(i + 1, 0) - 1):
                if j in free_new and ratio(self.old[i].key, self.new[j].key) >= NEIGHBOUR_RATIO_MIN:
                    self.pair(i, j)
                    new_to_old[j] = i
                    free_new.discard(j)
                    break

    def find_splits_and_merges(self) -> None:
        """Unmatched units mostly contained in a section of the other version."""
        all_old, all_new = list(range(len(self.old))), list(range(len(self.new)))
        free_old, free_new = set(self.free_old()), set(self.free_new())
        shared = self.overlaps(all_old, all_new)
        best_split: dict[int, tuple[float, int]] = {}
        best_merge: dict[int, tuple[float, int]] = {}
        for (i, j), count in shared.items():
            if j in free_new and self.new[j].shingles:
                containment = count / len(self.new[j].shingles)
                if containment >= CONTAINMENT_MIN and containment > best_split.get(j, (0, 0))[0]:
                    best_split[j] = (containment, i)
            if i in free_old and self.old[i].shingles:
                containment = count / len(self.old[i].shingles)
                if containment >= CONTAINMENT_MIN and containment > best_merge.get(i, (0, 0))[0]:
                    best_merge[i] = (containment, j)
        self.alignment.split_from = {j: i for j, (_, i) in best_split.items()}
        self.alignment.merged_into = {i: j for i, (_, j) in best_merge.items()}

    def mark_moved(self) -> None:
        ordered = sorted(self.alignment.pairs.items())
        keep = longest_increasing_subsequence([j for _, j in ordered])
        self.alignment.moved = {
            i for position, (i, _) in enumerate(ordered) if position not in keep
        }


def align_units(old: Sequence[Unit], new: Sequence[Unit]) -> Alignment:
    """Match old units to new ones, stage by stage (see the module docstring)."""
    aligner = Aligner(old, new)
    aligner.match_equal_keys(lambda u: (u.heading_key, u.key), unique=False)
    aligner.match_equal_keys(lambda u: u.key or None, unique=False)
    aligner.match_equal_keys(lambda u: u.path_key if u.heading_key else None, unique=True)
    aligner.match_equal_keys(lambda u: u.heading_key or None, unique=True)
    aligner.match_fuzzy_headings()
    aligner.match_similar_content()
    aligner.match_between_neighbours()
    aligner.find_splits_and_merges()
    aligner.mark_moved()
    return aligner.alignment
