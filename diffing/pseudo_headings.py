"""Headings in plain text: numbered clauses and short ALL-CAPS lines become markdown headings.

Detection follows EXTRACTION.md ("Headings and sections"): numbered clauses (`1.`, `3.2`,
`IV.`, `A.`, `Section 4`, `Article 5`, `§ 3`) that are short and do not end like a sentence,
and short ALL-CAPS lines. The level is the numbering depth (`3.2` → 2).
"""

from __future__ import annotations

import re

MAX_HEADING_WORDS = 12
NUMBERED = re.compile(
    r"^(?P<number>(?:(?:section|article|chapter|part|clause)\s+|§\s*)?"
    r"(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.))\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
ATX_HEADING = re.compile(r"^#{1,6}\s", re.MULTILINE)


def pseudo_heading_level(line: str) -> int:
    """Heading level of a plain-text line, or 0 when it is not a heading."""
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > MAX_HEADING_WORDS or stripped[-1] in ".;,:":
        return 0
    numbered = NUMBERED.match(stripped)
    if numbered:
        number = numbered.group("number").rstrip(".")
        return min(6, number.count(".") + 1)
    letters = [c for c in stripped if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return 1
    return 0


def mark_pseudo_headings(text: str) -> str:
    """Markdown for plain `text`: its pseudo-heading lines prefixed with `#`s.

    Text that already has ATX headings is returned unchanged.
    """
    if ATX_HEADING.search(text):
        return text
    lines = []
    for line in text.splitlines():
        level = pseudo_heading_level(line)
        lines.append(f"{'#' * level} {line.strip()}" if level else line)
    return "\n".join(lines)
