"""Split markdown into sections along its ATX heading tree."""

from __future__ import annotations

import re
import unicodedata

from diffing.bold_headings import bold_headings_as_atx
from diffing.model import Section

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+>|]|\d+[.)])\s")
# HEADING over lines joined by "\n", one match per line: `[^\S\n]` is what `\s` matches inside
# a line (lines from splitlines() hold no "\n"). It starts with the "#" it needs and looks back
# for the line start, so the engine skips to candidates (3.5 times faster than a leading ^).
HEADING_LINE = re.compile(r"#(?<=^#)(#{0,5})[^\S\n]+(.*?)[^\S\n]*#*[^\S\n]*$", re.MULTILINE)


# A line after the first that SETEXT_UNDERLINE matches, in lines joined by "\n" (`[^\S\n]` is
# `\s` within a line), found by the "\n" that starts it, which the engine skips to. The first
# line needs no search: with no line above it, it underlines nothing.
UNDERLINE_LINE = re.compile(r"\n {0,3}(?:=+|-+)[^\S\n]*$", re.MULTILINE)


def atx_lines(markdown: str) -> list[str]:
    """Lines of `markdown` with setext headings (a line underlined by === or ---) made ATX."""
    return atx_text(markdown).split("\n") if markdown.splitlines() else []


# The line boundaries of str.splitlines() other than "\n".
OTHER_LINE_BREAKS = ("\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def newline_separated(markdown: str) -> str:
    """`"\n".join(markdown.splitlines())`: when "\n" is the only line break (nearly always),
    that is `markdown` without one final "\n", which needs no split (9 substring tests are 4
    times faster than splitting a policy into lines and joining them)."""
    if any(line_break in markdown for line_break in OTHER_LINE_BREAKS):
        return "\n".join(markdown.splitlines())
    return markdown.removesuffix("\n")


def atx_text(markdown: str) -> str:
    """`markdown`'s lines joined by "\n", with setext headings made ATX (see atx_lines)."""
    text = newline_separated(markdown)
    # Only the underline-like lines are looked at, rather than every line: most have none.
    underlines = [match.start() + 1 for match in UNDERLINE_LINE.finditer(text)]
    if not underlines:
        return text
    lines = text.split("\n")
    merged: set[int] = set()  # underlines that made the line above them a heading
    line, counted = 0, 0  # line index of the position `counted`
    for position in underlines:
        line += text.count("\n", counted, position)
        counted = position
        # The line above as it stands: an underline merged into it leaves a heading above,
        # which is no setext heading text.
        if line - 1 in merged:
            continue
        previous = lines[line - 1]
        if previous.strip() and not HEADING.match(previous) and not LIST_OR_QUOTE.match(previous):
            level = "#" if lines[line].lstrip(" ")[0] == "=" else "##"
            lines[line - 1] = f"{level} {previous.strip()}"
            merged.add(line)
    return "\n".join(line for index, line in enumerate(lines) if index not in merged)


def split_sections(markdown: str) -> tuple[Section, ...]:
    """Return the sections of `markdown`, in order; text before the first heading is level 0.

    Headings are the ATX and setext ones, and bold lines heading a block (bold_headings.py).
    """
    sections: list[Section] = []
    text = bold_headings_as_atx(atx_text(markdown))
    # The open headings' levels and the path they make, kept together as headings come
    # (rather than the path rebuilt for every section).
    levels: list[int] = []
    path: tuple[str, ...] = ()
    heading, level, body_start = "", 0, 0
    for match in HEADING_LINE.finditer(text):
        # The body's lines as one slice: the line breaks at its ends go with the strip.
        body = text[body_start : match.start()].strip()
        if heading or body:
            sections.append(Section(heading, level, path, body))
        hashes, heading = match.group(1, 2)
        level, heading = 1 + len(hashes), heading.strip()
        body_start = match.end()
        while levels and levels[-1] >= level:
            levels.pop()
        path = (*path[: len(levels)], heading)
        levels.append(level)
    body = text[body_start:].strip()
    if heading or body:
        sections.append(Section(heading, level, path, body))
    return tuple(sections)


NUMBERING = re.compile(
    r"^(?:(?:section|article|art\.|chapter|part|clause|§)\s*)?"
    r"(?:\d+(?:\.\d+)*\.?|[ivxlcdm]+[.)]|[a-z][.)]|\(\w{1,4}\))\s+",
    re.IGNORECASE,
)
HEADING_MARKUP = re.compile(r"[*_`#]+|\[|\]\([^)]*\)|\]")


def heading_key(heading: str) -> str:
    """Comparable form of a heading: NFKC, casefolded, markup and leading numbering stripped.

    Numbering shifts when a section is inserted, so it is never part of the key
    (EXTRACTION.md, "Headings and sections").
    """
    text = HEADING_MARKUP.sub("", unicodedata.normalize("NFKC", heading)).casefold()
    text = " ".join(text.split())
    text = NUMBERING.sub("", text)
    return text.strip(" .:-")


def split_paragraphs(markdown: str) -> tuple[str, ...]:
    """Blocks of `markdown` separated by blank lines: the units of a text with no headings."""
    blocks = re.split(r"\n\s*\n", markdown)
    return tuple(block.strip() for block in blocks if block.strip())
