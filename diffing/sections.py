"""Split markdown into sections along its ATX heading tree."""

from __future__ import annotations

import re
import unicodedata

from diffing.document import Section
from diffing.normalise import text_cache

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)\s*$")
LIST_OR_QUOTE = re.compile(r"^\s*(?:[-*+>|]|\d+[.)])\s")
# HEADING over lines joined by "\n", one match per line: `[^\S\n]` is what `\s` matches inside
# a line (lines from splitlines() hold no "\n"). It starts with the "#" it needs and looks back
# for the line start, so the engine skips to candidates (3.5 times faster than a leading ^).
HEADING_LINE = re.compile(r"#(?<=^#)(#{0,5})[^\S\n]+(.*?)[^\S\n]*#*[^\S\n]*$", re.MULTILINE)


def atx_lines(markdown: str) -> list[str]:
    """Lines of `markdown` with setext headings (a line underlined by === or ---) made ATX."""
    lines = markdown.splitlines()
    out: list[str] = []
    for line in lines:
        underline = SETEXT_UNDERLINE.match(line)
        previous = out[-1] if out else ""
        if (
            underline
            and previous.strip()
            and not HEADING.match(previous)
            and not LIST_OR_QUOTE.match(previous)
        ):
            level = "#" if underline.group(1)[0] == "=" else "##"
            out[-1] = f"{level} {previous.strip()}"
            continue
        out.append(line)
    return out


# A version is split when it is parsed, and again when it is rebuilt from storage to be
# compared with the next one; the sections are frozen, so sharing them is safe.
@text_cache(sections=64)
def split_sections(markdown: str) -> tuple[Section, ...]:
    """Return the sections of `markdown`, in order; text before the first heading is level 0."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    heading, level, body_start = "", 0, 0
    text = "\n".join(atx_lines(markdown))

    def close(body_end: int) -> None:
        # The body's lines as one slice: the line breaks at its ends go with the strip.
        body = text[body_start:body_end].strip()
        if heading or body:
            path = tuple(h for _, h in stack)
            sections.append(Section(heading=heading, level=level, path=path, text=body))

    for match in HEADING_LINE.finditer(text):
        close(match.start())
        level, heading = 1 + len(match.group(1)), match.group(2).strip()
        body_start = match.end()
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, heading))
    close(len(text))
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
