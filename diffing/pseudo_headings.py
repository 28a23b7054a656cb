"""Headings in plain text: numbered clauses and short ALL-CAPS lines become markdown headings.

Detection follows EXTRACTION.md ("Headings and sections"): numbered clauses (`1.`, `3.2`,
`IV.`, `A.`, `Section 4`, `Article 5`, `§ 3`) that are short and do not end like a sentence,
and short ALL-CAPS lines. The level is the numbering depth (`3.2` → 2).

Whether a line is a heading depends on the line and its neighbours only, never on the rest of
the text, so that an edit elsewhere cannot turn an untouched line into a heading or back: the
line must start a paragraph (the line above is blank, a heading, or ends a sentence) and must
not be one item of a numbered list (the next line numbered alike). A bare number is no clause
number ("2 Pembroke House", "55 Almaden Blvd, Suite 600" are addresses), and capitals must be
most of the line ("CIN 556630-4928" is a registration number).
"""

from __future__ import annotations

import re

MAX_HEADING_WORDS = 12
MIN_CAPITALS = 4
NUMBERED = re.compile(
    r"^(?P<number>(?:section|article|chapter|part|clause)\s+\d+(?:\.\d+)*\.?"
    r"|§\s*\d+(?:\.\d+)*\.?|\d+(?:\.\d+)+\.?|\d+\.|[IVXLC]+\.|[A-Z]\.)\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
# Lines markdown reads as list items, quotes or table rows: never plain-text headings.
MARKDOWN_BLOCK = re.compile(r"^\s*(?:[-*+>|#]|\d+[)])")
SENTENCE_END = (".", "!", "?", ":", ";")


def numbering_depth(line: str) -> int:
    """Depth of a line's clause number (`3.2` → 2), or 0 when it has none."""
    numbered = NUMBERED.match(line.strip())
    if not numbered:
        return 0
    number = numbered.group("number").rstrip(".")
    return min(6, number.count(".") + 1)


def pseudo_heading_level(line: str) -> int:
    """Heading level the shape of a plain-text line gives it, or 0 when it is not a heading."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > MAX_HEADING_WORDS or stripped[-1] in ".;,:":
        return 0
    if MARKDOWN_BLOCK.match(stripped):
        return 0
    if depth := numbering_depth(stripped):
        return depth
    letters = [c for c in stripped if c.isalpha()]
    printed = len(stripped) - stripped.count(" ")
    capitals = len(letters) >= MIN_CAPITALS and all(c.isupper() for c in letters)
    return 1 if capitals and 2 * len(letters) >= printed else 0


def opens_paragraph(above: str | None) -> bool:
    """Can a line below `above` (None at the start) start a paragraph of its own?"""
    if above is None or not above.strip() or above.lstrip().startswith("#"):
        return True
    return above.rstrip().endswith(SENTENCE_END)


def heading_level_in_context(above: str | None, line: str, below: str | None) -> int:
    """Heading level of `line` between the lines `above` and `below` (None at the ends)."""
    level = pseudo_heading_level(line)
    if not level or not opens_paragraph(above):
        return 0
    depth = numbering_depth(line)
    if depth and below is not None and numbering_depth(below) == depth:
        return 0  # one item of a numbered list
    return level


def mark_pseudo_headings(text: str) -> str:
    """Markdown for plain `text`: its pseudo-heading lines prefixed with `#`s."""
    lines = text.splitlines()
    marked: list[str] = []
    for index, line in enumerate(lines):
        above = marked[-1] if marked else None  # as marked: a heading just made opens one
        below = lines[index + 1] if index + 1 < len(lines) else None
        level = heading_level_in_context(above, line, below)
        marked.append(f"{'#' * level} {line.strip()}" if level else line)
    return "\n".join(marked)
