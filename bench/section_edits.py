"""Does the section diff report a section edit as exactly that edit? Prints the share right.

Over real policies (the first and the last version of every history in ../shared/corpus/ota),
each case below is synthesised on the markdown and the two versions compared:

- add: a new section (heading and a paragraph of new words) before one of the sections;
- remove: a section without subsections deleted;
- split: a new heading put between two paragraphs of a section;
- rename: a section's heading given new words, its text kept;
- date: the effective-date statement's year moved on by one.

A section here is what the author marked as one: an ATX or setext heading, or a line bold from
end to end, not indented, that opens a block, has at most 16 words (8 when it ends in "."), does
not end in ":" and states no date (how policies without heading markup write their headings;
the same notion as diffing/bold_headings.py, whose choices this bench does not judge); new
headings copy the style of the one they stand next to. A case is right when the diff reports
the edited section(s) with the right status (and `renamed` or `split_from`), every other
section `unchanged`, and the change kind is right (a content kind; `effective-date` for date).
Documents with no marked heading take only the date case.

With --extracted the documents are our own extraction of the last stored snapshot of every
history that has snapshots, instead of OTA's version texts.

    python bench/section_edits.py [--verbose] [--extracted]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import require_corpus
from diffing.classify import classify_change
from diffing.compare import compare_documents
from diffing.date_tokens import PATTERNS, parse_match
from diffing.dates import find_date_statement
from diffing.normalise import INVISIBLE
from diffing.parse import parse_document
from diffing.sections import HEADING, atx_text, heading_key

OTA_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "ota" / "docs"
CASES = ("add", "remove", "split", "rename", "date")
CONTENT_KINDS = {"content", "silent-edit"}
# Invisible characters (a BOM, a zero-width space) may stand before the bold marks: the diff
# reads such a line as a heading, so the bench must too.
BOLD_LINE = re.compile(rf"^[{INVISIBLE}]* {{0,3}}(\*\*|__)(?=\S)([^*_\n]+?)(?<=\S)\1\s*$")
BOLD_LEVEL = 7  # a bold line heads a section below any ATX heading around it
TITLES = (
    "Automated decision-making and profiling",
    "Research partnerships with universities",
    "Regional supplements for Brazil",
    "Voice assistant recordings",
    "Loyalty programme membership",
    "Vehicle telematics information",
    "Wearable device measurements",
    "Accessibility of this notice",
)
FILLER = (
    "members",
    "volunteers",
    "telemetry",
    "dashboards",
    "kiosks",
    "pilots",
    "beacons",
    "warranties",
    "ledgers",
    "tournaments",
    "couriers",
    "vouchers",
    "caregivers",
    "clinics",
)


@dataclass(frozen=True)
class Marked:
    """A heading line the author marked: its line index, level and visible title."""

    line: int
    level: int
    title: str


@dataclass(frozen=True)
class Case:
    """One synthesised edit: the two texts and what the diff should report."""

    name: str
    old: str
    new: str
    edited: str  # heading key of the section edited (the old one; the new one for add)
    new_title: str = ""  # heading key of a heading the edit wrote


def marked_headings(lines: list[str]) -> list[Marked]:
    marked = []
    for index, line in enumerate(lines):
        if match := HEADING.match(line):
            marked.append(Marked(index, len(match.group(1)), match.group(2)))
        elif (match := BOLD_LINE.match(line)) and is_bold_title(lines, index, match[2]):
            marked.append(Marked(index, BOLD_LEVEL, match.group(2)))
    return marked


def is_bold_title(lines: list[str], index: int, title: str) -> bool:
    """A bold line reads as a title when it is short, opens a block, leads into no list and
    states no date ("**Last updated May 12, 2020**" is no section's title)."""
    above = lines[index - 1].strip().strip(INVISIBLE).strip() if index else ""
    opens_block = not above or HEADING.match(above) is not None
    words = len(title.split())
    short = words <= 16 and not title.endswith(":") and (words <= 8 or not title.endswith("."))
    return opens_block and short and find_date_statement(title) is None


def heading_line(like: Marked, lines: list[str], title: str) -> str:
    """A heading line for `title` in the style of the heading `like`."""
    if like.level == BOLD_LEVEL:
        return f"**{title}**"
    return lines[like.line].split(" ", 1)[0] + " " + title


def new_paragraph(rng: random.Random, title: str) -> str:
    words = rng.sample(FILLER, 8)
    return (
        f"We describe here how {title.lower()} relate to {words[0]}, {words[1]} and "
        f"{words[2]}, and why {words[3]} and {words[4]} may see them when {words[5]} ask."
    )


def section_end(marked: list[Marked], position: int, count: int) -> int:
    following = marked[position + 1 :]
    return following[0].line if following else count


def is_leaf(marked: list[Marked], position: int) -> bool:
    return position + 1 == len(marked) or marked[position + 1].level <= marked[position].level


def body_blocks(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """(first, last + 1) line ranges of the blank-line separated blocks in lines[start:end]."""
    blocks, first = [], None
    for index in range(start, end):
        if lines[index].strip():
            first = index if first is None else first
        elif first is not None:
            blocks.append((first, index))
            first = None
    if first is not None:
        blocks.append((first, end))
    return blocks


def words(lines: list[str], start: int, end: int) -> int:
    return len(" ".join(lines[start:end]).split())


def unused_title(rng: random.Random, markdown: str) -> str:
    titles = [title for title in TITLES if title.casefold() not in markdown.casefold()]
    return rng.choice(titles)


def edit_cases(markdown: str, rng: random.Random) -> list[Case]:
    """The cases this document allows, each at a random place."""
    old = atx_text(markdown)
    lines = old.split("\n")
    marked = marked_headings(lines)
    cases = []
    joined = "\n".join

    def key(title: str) -> str:
        return heading_key(title)

    if len(marked) >= 2:
        title = unused_title(rng, old)
        at = rng.randrange(1, len(marked))
        inserted = [heading_line(marked[at], lines, title), "", new_paragraph(rng, title), ""]
        new = [*lines[: marked[at].line], *inserted, *lines[marked[at].line :]]
        cases.append(Case("add", old, joined(new), key(title), key(title)))

        leaves = [
            p
            for p in range(len(marked))
            if is_leaf(marked, p)
            and key(marked[p].title)  # an empty heading ("### ") names no section to edit
            and words(lines, marked[p].line + 1, section_end(marked, p, len(lines))) >= 5
        ]
        if leaves:
            p = rng.choice(leaves)
            end = section_end(marked, p, len(lines))
            new = lines[: marked[p].line] + lines[end:]
            cases.append(Case("remove", old, joined(new), key(marked[p].title)))

            p = rng.choice(leaves)
            title = unused_title(rng, old)
            new = list(lines)
            new[marked[p].line] = heading_line(marked[p], lines, title)
            cases.append(Case("rename", old, joined(new), key(marked[p].title), key(title)))

        splittable = []
        for p in leaves:
            end = section_end(marked, p, len(lines))
            blocks = body_blocks(lines, marked[p].line + 1, end)
            if len(blocks) >= 2 and all(words(lines, *block) >= 5 for block in blocks):
                splittable.append((p, blocks))
        if splittable:
            p, blocks = rng.choice(splittable)
            cut = blocks[rng.randrange(1, len(blocks))][0]
            title = unused_title(rng, old)
            new = [*lines[:cut], heading_line(marked[p], lines, title), "", *lines[cut:]]
            cases.append(Case("split", old, joined(new), key(marked[p].title), key(title)))

    finding = find_date_statement(old)
    if finding and finding.text in old and (moved := year_moved_on(finding.text, finding.value)):
        cases.append(Case("date", old, old.replace(finding.text, moved, 1), ""))
    return cases


def year_moved_on(statement: str, value: date) -> str | None:
    """`statement` with the year of the token stating `value` one later, if it has that token."""
    for pattern in PATTERNS:
        for match in pattern.finditer(statement):
            parsed = parse_match(match, "english")
            if parsed and parsed.value == value:
                start, end = match.span("year")
                return statement[:start] + str(value.year + 1) + statement[end:]
    return None


def judge(case: Case) -> str:
    """ "" when the diff reports exactly the edit, else what it got wrong."""
    old, new = parse_document(case.old), parse_document(case.new)
    diff = compare_documents(old, new)
    kind = classify_change(old, new, diff).kind
    changed = [c for c in diff.sections if c.status != "unchanged"]
    seen = [
        (c.status, heading_key(c.old_heading or ""), heading_key(c.new_heading or ""))
        for c in changed
    ]
    if case.name == "date":
        if kind != "effective-date":
            return f"kind {kind}"
        if len(changed) > 1 or any(c.status != "modified" for c in changed):
            return f"sections {seen}"
        return ""
    if kind not in CONTENT_KINDS:
        return f"kind {kind}"
    if case.name == "add":
        expected = [("added", "", case.edited)]
    elif case.name == "remove":
        expected = [("removed", case.edited, "")]
    elif case.name == "rename":
        expected = [("modified", case.edited, case.new_title)]
    else:
        expected = [("modified", case.edited, case.edited), ("added", "", case.new_title)]
    if sorted(seen) != sorted(expected):
        return f"sections {seen} unit {diff.unit}"
    if case.name == "rename" and not changed[0].renamed:
        return "not flagged renamed"
    if case.name == "split":
        original = next(c for c in changed if c.status == "modified")
        part = next(c for c in changed if c.status == "added")
        if original.renamed or part.split_from != original.old_index:
            return f"split_from {part.split_from} (original {original.old_index})"
    return ""


def corpus_documents() -> list[tuple[str, str]]:
    """(label, markdown) of the first and the last version of every history."""
    documents = []
    for folder in sorted(OTA_DOCS.iterdir()):
        versions = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
        for file in dict.fromkeys((versions[0]["file"], versions[-1]["file"])):
            text = (folder / file).read_text(encoding="utf-8")
            documents.append((f"{folder.name} {Path(file).stem}", text))
    return documents


def extracted_documents() -> list[tuple[str, str]]:
    """(label, markdown) of the last stored snapshot of every history, as we extract it."""
    from bench._corpus import snapshot_histories
    from bench.extraction import decode
    from crawler.extraction import ExtractOptions, extract

    documents = []
    for name, history in snapshot_histories(require_corpus()).items():
        last = history[-1]
        markdown = extract(decode(last.body), ExtractOptions(url=last.url)).document.markdown
        documents.append((f"{name} snapshot {last.seq}", markdown))
    return documents


def measure(documents: list[tuple[str, str]]) -> tuple[Counter, Counter, list[str]]:
    """Cases right and cases tried, per case name, and a line per case gone wrong."""
    right, tried, wrong = Counter(), Counter(), []
    for label, markdown in documents:
        for case in edit_cases(markdown, random.Random(label)):
            verdict = judge(case)
            tried[case.name] += 1
            right[case.name] += not verdict
            if verdict:
                wrong.append(f"{case.name:7} {label}: {verdict}")
    return right, tried, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print every case gone wrong")
    parser.add_argument(
        "--extracted", action="store_true", help="edit our extraction of the last snapshots"
    )
    arguments = parser.parse_args()
    require_corpus()
    documents = extracted_documents() if arguments.extracted else corpus_documents()
    right, tried, wrong = measure(documents)
    if arguments.verbose:
        print("\n".join(wrong))
    for name in CASES:
        print(f"{name:8} {right[name]:4}/{tried[name]:<4} {right[name] / max(tried[name], 1):.3f}")
    total_right, total = sum(right.values()), sum(tried.values())
    print(f"{'overall':8} {total_right:4}/{total:<4} {total_right / total:.3f}")


if __name__ == "__main__":
    main()
