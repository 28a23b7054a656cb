"""Are the topics of a change right? Our rules against 326 hand-labelled changed sections.

bench/data/topics_labelled.json references changed sections of consecutive versions in
../shared/corpus/ota/docs (how they were labelled: bench/data/topics_labelling.md). Each is
found again with our own diff, tagged by `diffing.topics`, and compared with its labels.
Prints precision and recall per topic and micro-F1, for the tuning part, the held-out part
and both; `--errors` lists the sections gone wrong.

    python bench/topics.py [--split tune|holdout|all] [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import require_corpus
from diffing.compare import compare_documents
from diffing.parse import parse_document
from diffing.topic_rules import TOPICS
from diffing.topics import change_topics, topic_ids

LABELS = Path(__file__).resolve().parent / "data" / "topics_labelled.json"
SPLITS = ("tune", "holdout")


@dataclass(frozen=True)
class Scored:
    item: dict
    expected: frozenset[str]
    found: frozenset[str]


@cache
def document_diff(corpus: Path, document: str, old_version: int, new_version: int):
    folder = corpus / "ota" / "docs" / document
    files = {v["index"]: v["file"] for v in json.loads((folder / "versions.json").read_text())}

    def parsed(index: int):
        return parse_document((folder / files[index]).read_text(encoding="utf-8"))

    return compare_documents(parsed(old_version), parsed(new_version))


def find_change(corpus: Path, item: dict):
    """The labelled section in our diff of its two versions (status and headings agree)."""
    diff = document_diff(corpus, item["document"], item["old_version"], item["new_version"])
    for change in diff.sections:
        if (change.status, change.old_heading, change.new_heading) == (
            item["status"],
            item["old_heading"],
            item["new_heading"],
        ):
            return change
    raise LookupError(f"labelled section not in our diff: {item}")


def scored_items(corpus: Path, split: str = "all") -> list[Scored]:
    items = json.loads(LABELS.read_text(encoding="utf-8"))
    return [
        Scored(item, frozenset(item["topics"]), frozenset(topic_ids(change_topics(change))))
        for item in items
        if split == "all" or item["split"] == split
        for change in [find_change(corpus, item)]
    ]


def per_topic(scored: list[Scored]) -> dict[str, Counter]:
    counts = {topic: Counter() for topic in TOPICS}
    for s in scored:
        for topic in TOPICS:
            expected, found = topic in s.expected, topic in s.found
            counts[topic][
                "tp" if expected and found else "fp" if found else "fn" if expected else "tn"
            ] += 1
    return counts


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def micro_f1(scored: list[Scored]) -> float:
    counts = per_topic(scored)
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0


def precision(counts: Counter) -> float | None:
    return ratio(counts["tp"], counts["tp"] + counts["fp"])


def recall(counts: Counter) -> float | None:
    return ratio(counts["tp"], counts["tp"] + counts["fn"])


def shown(value: float | None) -> str:
    return "   -" if value is None else f"{value:.2f}"


def report(name: str, scored: list[Scored]) -> None:
    print(f"\n{name}: {len(scored)} sections, micro-F1 {micro_f1(scored):.3f}")
    print(f"  {'topic':<26} {'labelled':>8} {'found':>6} {'precision':>9} {'recall':>7}")
    for topic, c in per_topic(scored).items():
        print(
            f"  {topic:<26} {c['tp'] + c['fn']:>8} {c['tp'] + c['fp']:>6} "
            f"{shown(precision(c)):>9} {shown(recall(c)):>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=(*SPLITS, "all"), default=None)
    parser.add_argument("--errors", action="store_true", help="list the sections gone wrong")
    args = parser.parse_args()
    corpus = require_corpus()
    splits = [args.split] if args.split else [*SPLITS, "all"]
    for split in splits:
        scored = scored_items(corpus, split)
        report(split, scored)
        if args.errors:
            for s in scored:
                if s.expected != s.found:
                    item = s.item
                    heading = (item["new_heading"] or item["old_heading"] or "")[:50]
                    print(
                        f"    {item['document']} {item['old_version']}->{item['new_version']} "
                        f"{item['status']} {heading!r}: missing {sorted(s.expected - s.found)} "
                        f"extra {sorted(s.found - s.expected)}"
                    )


if __name__ == "__main__":
    main()
