"""Date tokens: parse "3 March 2024", "März 2024", "2024-03-03", "03/04/2024" and mask them.

Month names in five languages (date_words.py). Numeric dates: a field > 12 decides between
DD/MM and MM/DD, or another numeric date in the same document does; otherwise dotted dates
are DD.MM, and slashed ones MM/DD in English text and DD/MM elsewhere, flagged as ambiguous.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from diffing.date_words import MONTHS, looks_english

MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
# The test that no digit, "/" or "." comes before the first field looks back over its first
# digit, so that the pattern starts with a digit the regex engine skips to instead of trying
# every position (numeric_convention scans whole policies with it).
NUMERIC_DATE = re.compile(
    r"(?P<first>\d(?<![\d/.]\d)\d?)(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)" + YEAR
)
PATTERNS = [
    re.compile(MONTH + r"\s+" + DAY + r",?\s+" + YEAR),
    re.compile(DAY + r"\s+(?:of\s+|de\s+)?" + MONTH + r"(?:\s+de)?,?\s+" + YEAR),
    re.compile(r"(?<!\d)" + YEAR + r"-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)"),
    NUMERIC_DATE,
    re.compile(r"(?<!\d)" + MONTH + r",?\s+" + YEAR),
]
# A convention, or a function giving it: working out a document's convention scans all of
# its text, and only an ambiguous numeric date (rare) needs it.
Convention = str | Callable[[], str]


@dataclass(frozen=True)
class ParsedDate:
    value: date
    start: int
    end: int
    ambiguous: bool


def numeric_day_month(
    first: int, second: int, sep: str, convention: Convention
) -> tuple[int, int, bool]:
    """(day, month, ambiguous) for a numeric date `first sep second sep year`.

    `convention` is "day-first" or "month-first" when the document shows it elsewhere (a
    field > 12), else "english" or "other", the page language's habit: a guess, flagged.
    """
    if first > 12:
        return first, second, False
    if second > 12:
        return second, first, False
    if first == second:  # both readings agree
        return first, second, False
    if callable(convention):
        convention = convention()
    if convention in ("day-first", "month-first"):
        return (first, second, False) if convention != "month-first" else (second, first, False)
    if sep == "." or convention == "other":
        return first, second, True
    return second, first, True


def numeric_convention(text: str) -> str:
    """How `text` orders numeric dates: shown by a field > 12, else guessed from its language."""
    votes = Counter()
    for match in NUMERIC_DATE.finditer(text):
        first, second = int(match["first"]), int(match["second"])
        if first > 12 >= second:
            votes["day-first"] += 1
        elif second > 12 >= first:
            votes["month-first"] += 1
    if votes["day-first"] != votes["month-first"]:
        return votes.most_common(1)[0][0]
    return "english" if looks_english(text) else "other"


def parse_match(match: re.Match, convention: Convention) -> ParsedDate | None:
    parts = match.groupdict()
    year = int(parts["year"])
    ambiguous = False
    if parts.get("first"):
        day, month, ambiguous = numeric_day_month(
            int(parts["first"]), int(parts["second"]), parts["sep"], convention
        )
    else:
        month = int(parts["mnum"]) if parts.get("mnum") else MONTHS.get(parts["month"].lower(), 0)
        day = int(parts.get("day") or 1)
    try:
        return ParsedDate(date(year, month, day), match.start(), match.end(), ambiguous)
    except ValueError:
        return None


def parse_date_token(token: str, english: bool = True) -> date | None:
    """Parse the earliest date in `token` (month names in five languages, ISO, numeric)."""
    parsed = earliest_date(token, "english" if english else "other")
    return parsed.value if parsed else None


def earliest_date(text: str, convention: Convention) -> ParsedDate | None:
    """The date token that starts first in `text`."""
    found = [
        parsed
        for pattern in PATTERNS
        for match in pattern.finditer(text)
        if (parsed := parse_match(match, convention))
    ]
    return min(found, key=lambda parsed: parsed.start, default=None)


def mask_date(text: str, value: date) -> str:
    """Replace every token of `text` that states the date `value` by "<date>".

    A numeric token is masked when either reading (DD/MM or MM/DD) gives `value`.
    """

    def mask(match: re.Match) -> str:
        readings = (parse_match(match, order) for order in ("day-first", "month-first"))
        return "<date>" if any(r and r.value == value for r in readings) else match.group(0)

    def mask_line(line: str) -> str:
        for pattern in PATTERNS:
            line = pattern.sub(mask, line)
        return line

    year = str(value.year)  # only lines naming the year can state the date: skip the rest
    return "\n".join(mask_line(line) if year in line else line for line in text.split("\n"))
