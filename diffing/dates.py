"""Find the effective date a policy states for itself ("Last updated November 2020").

Method from EXTRACTION.md ("Effective dates"): find a label (English, German, French, Spanish,
Italian), take the nearest date token within ~60 characters after it, parse the token, and
drop law citations, dates before 1995 and dates far in the future. "Effective" wins over
"updated" when one line states both. Numeric dates: a field > 12 decides between DD/MM and
MM/DD; otherwise dotted dates are DD.MM, and slashed ones MM/DD in English text, DD/MM
elsewhere, flagged as ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from diffing.date_words import LABEL, MONTHS, WEAK_LABELS, looks_english
from diffing.document import EffectiveDate

MONTH = r"(?P<month>[^\W\d_]{3,10})\.?"
DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|\.)?"
YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
PATTERNS = [
    re.compile(MONTH + r"\s+" + DAY + r",?\s+" + YEAR),
    re.compile(DAY + r"\s+(?:of\s+|de\s+)?" + MONTH + r"(?:\s+de)?,?\s+" + YEAR),
    re.compile(r"(?<!\d)" + YEAR + r"-(?P<mnum>\d{2})-(?P<day>\d{2})(?!\d)"),
    re.compile(r"(?<![\d/.])(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)" + YEAR),
    re.compile(r"(?<!\d)" + MONTH + r",?\s+" + YEAR),
]
# Words between a label and its date that show the date belongs to a law, not the policy.
LAW_CITATION = re.compile(
    r"\b(?:act|law|regulation|directive|decree|statute|loi|décret|gesetz|verordnung|ley)\b",
    re.IGNORECASE,
)
# "effective from June 24, 2021, until October 6, 2025": a list of past versions.
PAST_RANGE = re.compile(r"[\s,]*(?:until|to|bis|jusqu|hasta)\b", re.IGNORECASE)
WINDOW = 60  # characters after a label searched for its date (EXTRACTION.md)
MAX_GAP_WORDS = {True: 6, False: 1}  # words allowed between a strong/weak label and its date
# A weak label's date ends its line or nearly ("As of June 2024, creators can…" is prose).
WEAK_MAX_WORDS_AFTER = 6
WORD = re.compile(r"\w+")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
EARLIEST_YEAR = 1995  # no policy in the corpus predates the commercial web
FUTURE_YEARS = 2  # policies are announced ahead, rarely by more than a year


@dataclass(frozen=True)
class DateFinding:
    """A labelled date: its value, the statement's line, the label and whether DD/MM was a guess."""

    value: date
    text: str
    label: str
    ambiguous: bool = False


@dataclass(frozen=True)
class ParsedDate:
    value: date
    start: int
    end: int
    ambiguous: bool


def numeric_day_month(first: int, second: int, sep: str, english: bool) -> tuple[int, int, bool]:
    """(day, month, ambiguous) for a numeric date `first sep second sep year`."""
    if first > 12:
        return first, second, False
    if second > 12:
        return second, first, False
    if first == second:
        return first, second, False
    if sep == "." or not english:
        return first, second, True
    return second, first, True


def parse_match(match: re.Match, english: bool) -> ParsedDate | None:
    parts = match.groupdict()
    year = int(parts["year"])
    ambiguous = False
    if parts.get("first"):
        day, month, ambiguous = numeric_day_month(
            int(parts["first"]), int(parts["second"]), parts["sep"], english
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
    parsed = earliest_date(token, english)
    return parsed.value if parsed else None


def earliest_date(text: str, english: bool) -> ParsedDate | None:
    """The date token that starts first in `text`."""
    found = [
        parsed
        for pattern in PATTERNS
        for match in pattern.finditer(text)
        if (parsed := parse_match(match, english))
    ]
    return min(found, key=lambda parsed: parsed.start, default=None)


def plausible(value: date, today: date) -> bool:
    return EARLIEST_YEAR <= value.year <= today.year + FUTURE_YEARS


def line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end == -1 else end


def labelled_dates(text: str, today: date | None = None) -> list[DateFinding]:
    """Every labelled date in `text`, in order."""
    today = today or date.today()
    english = looks_english(text)
    findings = []
    for label in LABEL.finditer(text):
        window = text[label.end() : label.end() + WINDOW]
        parsed = earliest_date(window, english)
        if parsed is None or not plausible(parsed.value, today):
            continue
        gap = window[: parsed.start]
        label_text = " ".join(label.group(0).split()).strip(" :-\u2013").lower()
        strong = label_text not in WEAK_LABELS
        if len(gap.split()) > MAX_GAP_WORDS[strong] or LAW_CITATION.search(gap):
            continue
        date_end = label.end() + parsed.end
        after = text[date_end : line_end(text, date_end)]
        words_after = len(WORD.findall(LINK_TARGET.sub("", after)))
        if (not strong and words_after > WEAK_MAX_WORDS_AFTER) or PAST_RANGE.match(after):
            continue
        findings.append(
            DateFinding(
                value=parsed.value,
                text=text[line_start(text, label.start()) : line_end(text, date_end)].strip(
                    " *_#|"
                ),
                label=label_text,
                ambiguous=parsed.ambiguous,
            )
        )
    return findings


def find_date_statement(text: str, today: date | None = None) -> DateFinding | None:
    """The policy's own date: the first labelled one, or an "effective" one on the same line."""
    findings = labelled_dates(text, today)
    if not findings:
        return None
    first = findings[0]
    same_line = [f for f in findings if f.text == first.text]
    return next((f for f in same_line if f.label.startswith("effective")), first)


def find_effective_date(text: str) -> EffectiveDate | None:
    """Return the policy's stated date with the line that states it (see the module doc)."""
    finding = find_date_statement(text)
    return EffectiveDate(value=finding.value, text=finding.text) if finding else None


def mask_date(text: str, value: date) -> str:
    """Replace every token of `text` that states the date `value` by "<date>"."""
    english = looks_english(text)

    def mask(match: re.Match) -> str:
        parsed = parse_match(match, english)
        return "<date>" if parsed and parsed.value == value else match.group(0)

    for pattern in PATTERNS:
        text = pattern.sub(mask, text)
    return text
