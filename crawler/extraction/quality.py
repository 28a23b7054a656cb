"""Token-level F1 of extracted text against a human-curated text, and the corpus pairs to score.

Shared by the quality gate (tests/test_extract_quality.py) and bench/extraction.py, so both
measure the same thing. Both sides are reduced to visible words: images dropped, link text kept,
markdown syntax and whitespace ignored.
"""

from __future__ import annotations

import json
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")
# Underscores split words: markdown emphasis (_word_) must not glue onto the word.
WORD = re.compile(r"[^\W_]+")


def visible_words(text: str) -> list[str]:
    """The words a reader sees in `text` (markdown or plain), NFKC-normalised and casefolded."""
    text = IMAGE.sub(" ", text)
    text = LINK.sub(r" \1 ", text)
    text = TAG.sub(" ", text)
    return WORD.findall(unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def token_f1(extracted: str, truth: str) -> Score:
    """Bag-of-words precision, recall and F1 of `extracted` against `truth`."""
    got, want = Counter(visible_words(extracted)), Counter(visible_words(truth))
    overlap = sum((got & want).values())
    if not got or not want:
        same = float(not got and not want)
        return Score(same, same, same)
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return Score(precision, recall, f1)


ATX_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
SETEXT_HEADING = re.compile(r"^(\S.*)\n(?:=+|-+)\s*$", re.MULTILINE)


def headings(markdown: str) -> list[str]:
    """The headings of `markdown` (ATX "# X" and setext "X\n===") as visible words."""
    found = ATX_HEADING.findall(markdown) + SETEXT_HEADING.findall(markdown)
    return [" ".join(visible_words(h)) for h in found if visible_words(h)]


def heading_recall(extracted: str, truth: str) -> float | None:
    """Share of the truth's headings that the extraction also made headings (None: it has none)."""
    wanted = Counter(headings(truth))
    if not wanted:
        return None
    return sum((Counter(headings(extracted)) & wanted).values()) / sum(wanted.values())


@dataclass(frozen=True)
class Pair:
    """One raw snapshot and the text people extracted from it with hand-written selectors."""

    name: str  # "<document>/<snapshot file>"
    url: str | None
    html: bytes
    truth: str
    terms_type: str | None = None  # the document OTA watches there ("Privacy Policy"…)


def corpus_pairs(corpus: Path) -> Iterator[Pair]:
    """Every extraction pair under `corpus`/ota/docs, in a stable order."""
    for doc in sorted((corpus / "ota" / "docs").iterdir()):
        pairs_file = doc / "pairs.json"
        if not pairs_file.exists():
            continue
        urls = snapshot_urls(doc)
        terms_type = document_type(doc)
        for pair in json.loads(pairs_file.read_text()):
            yield Pair(
                name=f"{doc.name}/{pair['snapshot']}",
                url=urls.get(pair["snapshot"]),
                html=(doc / pair["snapshot"]).read_bytes(),
                truth=(doc / pair["version"]).read_text(encoding="utf-8"),
                terms_type=terms_type,
            )


def document_type(doc: Path) -> str | None:
    """The terms type OTA watches in `doc` ("Privacy Policy", "Trackers Policy"…), if known."""
    meta = doc / "meta.json"
    return json.loads(meta.read_text()).get("terms_type") if meta.exists() else None


def snapshot_urls(doc: Path) -> dict[str, str]:
    """Snapshot file → the URL it was fetched from, where the corpus knows it."""
    snapshots_file = doc / "snapshots.json"
    if not snapshots_file.exists():
        return {}
    snapshots = json.loads(snapshots_file.read_text())
    return {s["file"]: s["source_url"] for s in snapshots if s.get("source_url")}


@dataclass(frozen=True)
class Summary:
    mean_f1: float
    median_f1: float
    p10_f1: float
    precision: float
    recall: float


def summarise(scores: list[Score]) -> Summary:
    """Mean/median/10th-percentile F1 and mean precision/recall over `scores`."""
    f1s = sorted(s.f1 for s in scores)
    return Summary(
        mean_f1=statistics.fmean(f1s),
        median_f1=statistics.median(f1s),
        p10_f1=f1s[int(0.1 * (len(f1s) - 1))],
        precision=statistics.fmean(s.precision for s in scores),
        recall=statistics.fmean(s.recall for s in scores),
    )


# Sentence recall: which of the reference's sentences the extraction lost whole. Link targets
# and bare addresses are left out on both sides (references differ in how they write them),
# and a sentence counts as found when half of its word triples are in the extraction, so that
# a reworded entity or a decoded e-mail address does not make a sentence "lost".
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
# A link's target up to the next space: targets hold no spaces, but may hold unbalanced
# parentheses ("Tar_(computing%29") that a balanced pattern would leave half matched.
LINK_TARGET = re.compile(r"\]\(\S*")
# Cloudflare's placeholder for an address it hides: references keep it, we reveal the address.
HIDDEN_ADDRESS = re.compile(r"\[?\\?\[email(?:&#160;|\s)protected\\?\]\]?", re.IGNORECASE)
ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+")
MIN_SENTENCE_WORDS = 4
FOUND_SHARE = 0.5


def sentence_words(text: str) -> list[str]:
    """visible_words of `text` without link targets or bare web and e-mail addresses."""
    text = HIDDEN_ADDRESS.sub(" ", IMAGE.sub(" ", text))
    return visible_words(ADDRESS.sub(" ", LINK_TARGET.sub("] ", text)))


def sentences(text: str) -> list[list[str]]:
    """The sentences and lines of `text` of at least MIN_SENTENCE_WORDS words, as words."""
    parts = (sentence_words(part) for part in SENTENCE_BREAK.split(text))
    return [words for words in parts if len(words) >= MIN_SENTENCE_WORDS]


def triples(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def lost_sentences(extracted: str, truth: str) -> list[str]:
    """The sentences of `truth` that `extracted` lost whole, in order."""
    have = triples(sentence_words(extracted))
    lost = []
    for words in sentences(truth):
        wanted = triples(words)
        if sum(t in have for t in wanted) < FOUND_SHARE * len(wanted):
            lost.append(" ".join(words))
    return lost


def sentence_recall(extracted: str, truth: str) -> float | None:
    """Share of `truth`'s sentences found in `extracted` (None: it has no sentence)."""
    total = len(sentences(truth))
    return None if not total else 1 - len(lost_sentences(extracted, truth)) / total


LEAD_SENTENCES = 3
WHOLE_LINK = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$")


def lost_lead(extracted: str, truth: str) -> list[str]:
    """The sentences among the first LEAD_SENTENCES of `truth` (its title, date, introduction)
    that `extracted` lost whole. A line that is only a link is navigation ("Print as PDF"),
    not the document's lead."""
    lines = [line for line in truth.split("\n") if not WHOLE_LINK.match(line)]
    lead = {" ".join(words) for words in sentences("\n".join(lines))[:LEAD_SENTENCES]}
    return [sentence for sentence in lost_sentences(extracted, truth) if sentence in lead]
