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
from diffing.normalise import sub_at

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
# A year after whitespace, as the month-name patterns end (`\s+` YEAR). Starting with the
# literal century lets the engine skip to candidates; the whitespace is checked looking back.
YEARS_AFTER_SPACE = tuple(
    re.compile(rf"{century}(?<=\s{century})\d\d(?!\d)") for century in ("19", "20")
)
# PATTERNS[0] (month day year) and PATTERNS[4] (month year) start with a run of 3-10 letters,
# which the engine tries at nearly every character of a line: 10 times slower than the others.
MONTH_DAY_YEAR, MONTH_YEAR = PATTERNS[0], PATTERNS[4]
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
            if pattern is MONTH_DAY_YEAR or pattern is MONTH_YEAR:
                line = sub_at(pattern, month_name_starts(line, pattern), mask, line)
            else:
                line = pattern.sub(mask, line)
        return line

    year = str(value.year)  # only lines naming the year can state the date: skip the rest
    return "\n".join(mask_line(line) if year in line else line for line in text.split("\n"))


def space_run_start(text: str, end: int) -> int:
    """Where the run of whitespace ending at `end` begins (`end` itself if there is none)."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def month_name_starts(line: str, pattern: re.Pattern) -> list[int]:
    """Every position where MONTH_DAY_YEAR (or MONTH_YEAR) can match `line`, and a few more.

    Each match ends in whitespace and a year: going back from such a year over the whitespace
    run (all of it: what precedes the run is no whitespace), then for MONTH_DAY_YEAR over
    1-5 characters of day, suffix and comma and the whitespace before the day, leaves 3-11
    characters of month and "." (3-12 with MONTH_YEAR's ",") for the match's start.
    """
    starts: set[int] = set()
    for years in YEARS_AFTER_SPACE:
        for year in years.finditer(line):
            run = space_run_start(line, year.start())
            if pattern is MONTH_YEAR:
                starts.update(range(max(0, run - 12), run - 2))
                continue
            for day in range(max(1, run - 5), run):
                if line[day - 1].isspace():
                    before = space_run_start(line, day)
                    starts.update(range(max(0, before - 11), before - 2))
    return sorted(starts)
