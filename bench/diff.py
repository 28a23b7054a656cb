"""How fast is a section-level comparison? Prints figures; asserts nothing.

1. The longest real policies in ../shared/corpus/ota, each against its previous version
   (a real change) and against a copy that differs only in noise (doubled spaces, a
   zero-width space: the normalised quick path). Target: < 50 ms for the longest.
2. Every consecutive pair of real versions in the corpus: median, 95th percentile, worst.
3. Synthetic fictional policies of 125 kB to 1 MB with a few edits, a moved and an added
   section, to show that the time grows about linearly with the size.

Run: python bench/diff.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diffing.compare import compare_documents
from diffing.parse import parse_document

OTA_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ota" / "docs"
REPEATS = 5
VOCABULARY_TEXT = (
    "we collect use share keep delete personal data information account device cookies "
    "partners advertising service providers legal rights request access correction days "
    "years security encryption transfer countries consent withdraw children contact officer"
)
VOCABULARY = VOCABULARY_TEXT.split()


def best_time(function, repeats: int = REPEATS) -> float:
    """Fastest of `repeats` runs, in milliseconds (the least disturbed by other processes);
    the diffing package keeps nothing between calls, so every run does all the work."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def corpus_versions() -> list[tuple[str, list[dict], Path]]:
    return [
        (folder.name, json.loads((folder / "versions.json").read_text(encoding="utf-8")), folder)
        for folder in sorted(OTA_DOCS.iterdir())
    ]


def longest_policies(histories, count: int = 5) -> None:
    print("Longest real policies (best of 5):")
    print(f"  {'policy':55} {'kB':>6} {'change ms':>10} {'noise ms':>9} {'parse ms':>9}")
    candidates = []
    for name, versions, folder in histories:
        for previous, version in pairwise(versions):
            if previous["file"] != version["file"] and version["label"] == "substantive":
                size = (folder / version["file"]).stat().st_size
                candidates.append((size, name, folder, previous["file"], version["file"]))
    seen = set()
    for size, name, folder, old_file, new_file in sorted(candidates, reverse=True):
        if name in seen:
            continue
        seen.add(name)
        old_text = (folder / old_file).read_text(encoding="utf-8")
        new_text = (folder / new_file).read_text(encoding="utf-8")
        old, new = parse_document(old_text), parse_document(new_text)
        change = best_time(lambda old=old, new=new: compare_documents(old, new))
        noisy = parse_document(new_text.replace(". ", ".  ") + "\u200b")
        same = best_time(lambda new=new, noisy=noisy: compare_documents(new, noisy))
        parse = best_time(lambda text=new_text: parse_document(text))
        label = f"{name} {new_file[-7:-3]}"
        print(f"  {label:55} {size / 1000:6.0f} {change:10.1f} {same:9.1f} {parse:9.1f}")
        if len(seen) == count:
            break


def all_pairs(histories) -> None:
    times = []
    for _, versions, folder in histories:
        documents = {
            name: parse_document((folder / name).read_text(encoding="utf-8"))
            for name in {version["file"] for version in versions}
        }
        for previous, version in pairwise(versions):
            old, new = documents[previous["file"]], documents[version["file"]]
            start = time.perf_counter()
            compare_documents(old, new)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"All {len(times)} consecutive real pairs: median {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)]:.1f} ms, worst {times[-1]:.1f} ms"
    )


def synthetic_policy(size: int, rng: random.Random) -> list[tuple[str, str]]:
    sections = []
    total = 0
    while total < size:
        heading = f"{len(sections) + 1}. " + " ".join(rng.choices(VOCABULARY, k=3)).capitalize()
        sentences = [
            " ".join(rng.choices(VOCABULARY, k=rng.randint(8, 20))).capitalize() + "."
            for _ in range(rng.randint(4, 12))
        ]
        text = " ".join(sentences)
        sections.append((heading, text))
        total += len(heading) + len(text) + 5
    return sections


def edited(sections: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """A later edition: 1 % of sections get a word replaced, one moves, one is added."""
    result = list(sections)
    for index in rng.sample(range(len(result)), max(1, len(result) // 100)):
        heading, text = result[index]
        result[index] = (heading, text.replace(" data ", " information ", 1) + " Updated.")
    result.append(result.pop(len(result) // 3))
    result.insert(len(result) // 2, ("New section", "We now also collect location data."))
    return result


def render(sections: list[tuple[str, str]]) -> str:
    return "\n\n".join(f"## {heading}\n{text}" for heading, text in sections)


def synthetic_growth() -> None:
    print("Synthetic fictional policies (best of 3):")
    print(f"  {'kB':>6} {'sections':>9} {'change ms':>10} {'noise ms':>9} {'ms per 100 kB':>14}")
    for size in (125_000, 250_000, 500_000, 1_000_000):
        rng = random.Random(size)
        sections = synthetic_policy(size, rng)
        old = parse_document(render(sections))
        new = parse_document(render(edited(sections, rng)))
        change = best_time(lambda old=old, new=new: compare_documents(old, new), repeats=3)
        noisy = parse_document(new.markdown.replace(". ", ".  "))
        same = best_time(lambda new=new, noisy=noisy: compare_documents(new, noisy), repeats=3)
        kb = len(old.markdown) / 1000
        print(
            f"  {kb:6.0f} {len(sections):9d} {change:10.1f} {same:8.1f} {change / kb * 100:14.1f}"
        )


def main() -> None:
    if not OTA_DOCS.is_dir():
        print(f"../shared/corpus not found: {OTA_DOCS}; only the synthetic figures follow")
    else:
        histories = corpus_versions()
        longest_policies(histories)
        all_pairs(histories)
    synthetic_growth()


if __name__ == "__main__":
    main()
