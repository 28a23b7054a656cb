"""Recognise paragraphs that act as headings, and fit every heading into one tree of levels."""

from __future__ import annotations

import re

from diffing.dates import find_effective_date

# Numbered clauses: "1.", "3.2", "IV.", "A.", "Section 4", "Article 5", "§ 3" (EXTRACTION.md).
NUMBERED = re.compile(
    r"^(?:(?P<dotted>\d{1,2}(?:\.\d{1,2})*)\.?|(?:[IVXL]{1,6}|[A-Z])\.|"
    r"(?:section|article|artikel|art\.|§)\s*\d+[a-z]?(?:\.\d+)*\.?)\s*[-:)]?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
MAX_HEADING_WORDS = 14
MAX_HEADING_CHARACTERS = 200  # 14 words this long would average 14 letters: not a heading
MAX_CAPS_WORDS = 10


def pseudo_heading_depth(text: str, all_bold: bool) -> int | None:
    """Depth (0 = top) of a paragraph that acts as a heading, or None for ordinary text.

    A heading is short and does not end like a sentence or clause (".", ";", ","); it is either
    bold throughout, numbered ("2.1 Sharing"), or in capitals.
    """
    if len(text) > MAX_HEADING_CHARACTERS:  # most paragraphs: decided without splitting words
        return None
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or text.endswith((".", ";", ",")):
        return None
    depth = heading_shape_depth(text, words, all_bold)
    # "**Last updated: March 3, 2025**" is bold and short but states the date, not a section.
    # Checked last: most short lines are not heading-shaped, and the date search costs most.
    if depth is None or find_effective_date(text):
        return None
    return depth


def heading_shape_depth(text: str, words: list[str], all_bold: bool) -> int | None:
    """Depth of a short line numbered, bold throughout or in capitals; else None."""
    numbered = NUMBERED.match(text)
    if numbered and numbered.group("rest")[0].isupper():
        dotted = numbered.group("dotted")
        return dotted.count(".") if dotted else 0
    if all_bold:
        return 0
    if text.isascii() and text != text.upper():  # a lower-case ASCII letter: not in capitals
        return None
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and len(words) <= MAX_CAPS_WORDS and all(c.isupper() for c in letters):
        return 0
    return None


def clause_number(text: str) -> str | None:
    """The dotted number a heading starts with ("2.1" for "2.1 Cookies"), if any."""
    match = NUMBERED.match(text)
    return match.group("dotted") if match else None


def assign_levels(headings: list[tuple[str, int, str]]) -> list[int]:
    """Markdown levels for headings given as (source, raw level, text).

    Tag headings ("tag", hN) keep their order but close gaps (h1, h3 → 1, 2). Pseudo-headings
    ("pseudo", depth) go one below the heading numbered as their parent ("2.1" under "2."),
    else level with earlier headings numbered as deep, else below the deepest tag heading.
    """
    tag_levels = sorted({level for source, level, _ in headings if source == "tag"})
    rank = {level: index + 1 for index, level in enumerate(tag_levels)}
    base = len(tag_levels) + 1
    levels: list[int] = []
    numbered: dict[str, int] = {}  # clause number → its level
    by_depth: dict[int, int] = {}  # count of dots in a clause number → the level last used
    for source, raw, text in headings:
        number = clause_number(text)
        parent = number.rpartition(".")[0] if number else ""
        if source == "tag":
            level = rank[raw]
        elif parent in numbered:
            level = min(6, numbered[parent] + 1)
        elif number and number.count(".") in by_depth:
            level = by_depth[number.count(".")]
        else:
            level = min(6, base + raw)
        if number:
            numbered[number] = by_depth[number.count(".")] = level
        levels.append(level)
    return levels
