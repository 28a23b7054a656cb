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
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

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


class UnitText:
    """A unit's visible text with its whitespace-collapsed key and shingles, each built once.

    Most sections of a version are unchanged from the previous one: every unit (of any
    version) whose section has this text can share one UnitText (compare.py keeps them).
    """

    def __init__(self, text: str):
        self.text = text  # visible text, the form that is compared and diffed

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
        # zip of shifted lists builds the same word runs as slicing, without a loop in Python.
        runs = zip(*(words[k:] for k in range(SHINGLE_WORDS)), strict=False)
        return frozenset(map(hash, runs))


@dataclass
class Unit:
    """One comparable unit (a section or a paragraph) of a version."""

    heading: str
    heading_key: str
    path_key: tuple[str, ...]
    content: UnitText

    @property
    def text(self) -> str:
        return self.content.text

    @property
    def key(self) -> str:
        return self.content.key

    @property
    def shingles(self) -> frozenset[int]:
        return self.content.shingles


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

    def overlaps(
        self,
        olds: Iterable[int],
        news: Iterable[int],
        possible: Callable[[int, int], bool] | None = None,
    ) -> dict[tuple[int, int], int]:
        """Shared shingle counts between the given units (pairs sharing none are left out).

        `possible(old size, new size)` is False for pairs whose shingle counts alone rule out
        what the caller looks for, whatever they share: those may be left out too.
        """
        olds, news = list(olds), list(news)
        if not olds or not news:  # often one side has nothing left to match
            return Counter()
        shingles = sum(len(self.old[i].shingles) for i in olds)
        shingles += sum(len(self.new[j].shingles) for j in news)
        if len(olds) * len(news) > shingles:
            return self.indexed_overlaps(olds, news)
        # Few pairs (a section or two added, the changed ones on the other side): one set
        # intersection per pair, in C, costs less than indexing every shingle in Python.
        shared: Counter[tuple[int, int]] = Counter()
        old_shingles = [(i, self.old[i].shingles) for i in olds]
        for j in news:
            new_shingles = self.new[j].shingles
            new_size = len(new_shingles)
            for i, shingles_i in old_shingles:
                if possible is not None and not possible(len(shingles_i), new_size):
                    continue
                if count := len(shingles_i & new_shingles):
                    shared[i, j] = count
        return shared

    def indexed_overlaps(self, olds: list[int], news: list[int]) -> dict[tuple[int, int], int]:
        """`overlaps` through an inverted index: for many units, each with few shingles."""
        index: dict[int, list[int]] = defaultdict(list)
        for i in olds:
            for shingle in self.old[i].shingles:
                index[shingle].append(i)
        shared: Counter[tuple[int, int]] = Counter()
        for j in news:
            # Counting one new unit's hits in C (Counter over the chained postings) instead of
            # one += per shared shingle.
            hits = Counter(chain.from_iterable(index.get(s, ()) for s in self.new[j].shingles))
            for i, count in hits.items():
                shared[i, j] = count
        return shared

    def shared(self, i: int, j: int) -> int:
        """Shingles old unit `i` and new unit `j` have in common (as `overlaps` counts them)."""
        return len(self.old[i].shingles & self.new[j].shingles)

    def jaccard(self, i: int, j: int, shared: int) -> float:
        return jaccard(shared, len(self.old[i].shingles), len(self.new[j].shingles))

    def match_fuzzy_headings(self) -> None:
        olds = [i for i in self.free_old() if self.old[i].heading_key]
        news = [j for j in self.free_new() if self.new[j].heading_key]
        if not olds or not news:
            return
        choices = [self.new[j].heading_key for j in news]
        # Shingles are compared only for the pairs whose headings are alike, not indexed for
        # every free unit: few pairs pass the heading cutoff.
        candidates = [
            (score, self.jaccard(i, news[b], self.shared(i, news[b])), i, news[b])
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
        shared = self.overlaps(self.free_old(), self.free_new(), may_reach_jaccard)
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
        """Unmatched units mostly contained in a changed unit of the other version.

        Units matched to an identical text cannot have given or taken text, so only the
        others are candidate containers: this keeps the work proportional to the change.
        """
        identical = {
            i for i, j in self.alignment.pairs.items() if self.old[i].key == self.new[j].key
        }
        identical_new = {self.alignment.pairs[i] for i in identical}
        changed_old = [i for i in range(len(self.old)) if i not in identical]
        changed_new = [j for j in range(len(self.new)) if j not in identical_new]
        split_parts = self.overlaps(changed_old, self.free_new(), may_contain_new_part)
        self.alignment.split_from = dict(self.best_containers(self.new, split_parts, 1))
        merged_parts = self.overlaps(self.free_old(), changed_new, may_contain_old_part)
        self.alignment.merged_into = dict(self.best_containers(self.old, merged_parts, 0))

    @staticmethod
    def best_containers(
        units: Sequence[Unit], shared: dict[tuple[int, int], int], side: int
    ) -> list[tuple[int, int]]:
        """(part, container) pairs: the unit holding most of each part's shingles, if ≥ 50 %."""
        best: dict[int, tuple[float, int]] = {}
        for pair, count in shared.items():
            part, container = pair[side], pair[1 - side]
            containment = count / len(units[part].shingles)
            if containment >= CONTAINMENT_MIN and containment > best.get(part, (0.0, 0))[0]:
                best[part] = (containment, container)
        return [(part, container) for part, (_, container) in best.items()]

    def mark_moved(self) -> None:
        ordered = sorted(self.alignment.pairs.items())
        keep = longest_increasing_subsequence([j for _, j in ordered])
        self.alignment.moved = {
            i for position, (i, _) in enumerate(ordered) if position not in keep
        }


def jaccard(shared: int, old_size: int, new_size: int) -> float:
    """Jaccard index of two shingle sets of these sizes that have `shared` in common."""
    union = old_size + new_size - shared
    return shared / union if union else 0.0


# Bounds from the sizes alone: two sets share at most the smaller one's count, and both
# scores only grow with what is shared, so a pair whose score at that count misses the
# threshold (computed as the real score is) cannot reach it.
def may_reach_jaccard(old_size: int, new_size: int) -> bool:
    return jaccard(min(old_size, new_size), old_size, new_size) >= CONTENT_JACCARD_MIN


def may_contain_new_part(old_size: int, new_size: int) -> bool:
    return new_size > 0 and min(old_size, new_size) / new_size >= CONTAINMENT_MIN


def may_contain_old_part(old_size: int, new_size: int) -> bool:
    return old_size > 0 and min(old_size, new_size) / old_size >= CONTAINMENT_MIN


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
