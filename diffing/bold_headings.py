"""Bold lines that head a block: the headings of policies written without heading markup.

Whether a line is a heading depends on that line and the one above it only, never on the
rest of the document: an edit elsewhere must not turn an untouched line into a heading or
back. A line is one when it is bold from end to end (`**Cookies**`, `__Cookies__`), starts a
block (the line above is blank, a heading or the start of the text), is short, and does not
end like a clause leading into what follows (`,` `;` `:`); a bold sentence ending in `.` heads
a block only when it is as short as a title (`**Website analytics.**`). A bold line stating
the effective date ("**Last updated: March 3, 2025**") is no heading, so that a new date
renames no section.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from diffing.dates import find_date_statement
from diffing.normalise import INVISIBLE

MAX_WORDS = 16
MAX_WORDS_ENDING_IN_A_PERIOD = 8
# A line bold from end to end (indented less than a code block), found by the "\n" before it
# (the text is searched with one put in front): a pattern starting with a literal lets the
# engine skip to candidates instead of trying every position. Invisible characters before it
# count as nothing, as they do when texts are compared.
BOLD_LINE = re.compile(
    rf"\n[{INVISIBLE}]*(?: [{INVISIBLE}]*){{0,3}}(\*\*|__)([^*_\n]+?)\1[^\S\n]*(?=\n|\Z)"
)
# The start of an ATX heading line, found by its first "#" and looking back for the line start.
ATX_START = re.compile(r"#(?<=^#)(#{0,5})[^\S\n]", re.MULTILINE)


def is_bold_heading(title: str) -> bool:
    """Is the text of a bold line starting a block shaped like a heading?"""
    title = title.strip()
    words = title.split()
    if not words or len(words) > MAX_WORDS or title.endswith((",", ";", ":")):
        return False
    if title.endswith(".") and len(words) > MAX_WORDS_ENDING_IN_A_PERIOD:
        return False
    return find_date_statement(title) is None


def starts_block(text: str, position: int) -> bool:
    """Is the line starting at `position` the first of a block (or right under a heading)?"""
    if position == 0:
        return True
    above_start = text.rfind("\n", 0, position - 1) + 1
    above = text[above_start : position - 1]
    return not above.strip().strip(INVISIBLE).strip() or above.startswith("#")


def bold_headings_as_atx(text: str) -> str:
    """`text` (lines joined by "\\n") with its bold heading lines made ATX headings, one level
    below the ATX heading above them (level 1 when there is none)."""
    if "**" not in text and "__" not in text:  # no bold line to look at
        return text
    atx: list[tuple[int, int]] | None = None  # (start, level) of the ATX headings
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    for match in BOLD_LINE.finditer("\n" + text):
        start, end = match.start(), match.end() - 1  # in `text`
        if not (starts_block(text, start) and is_bold_heading(match.group(2))):
            continue
        if atx is None:  # only policies with a bold heading need the ATX ones
            atx = [(m.start(), len(m.group(1)) + 1) for m in ATX_START.finditer(text)]
        above = bisect_left(atx, (start, 0))
        level = atx[above - 1][1] if above else 0
        pieces.append(text[done:start])
        pieces.append("#" * min(6, level + 1) + " " + match.group(2).strip())
        done = end
    pieces.append(text[done:])
    return "".join(pieces)
