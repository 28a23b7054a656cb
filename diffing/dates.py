"""Find the effective date a policy states for itself ("Last updated November 2020").

Method from EXTRACTION.md ("Effective dates"): find a label (English, German, French, Spanish,
Italian), take the nearest date token within ~60 characters after it, parse the token, and
drop law citations, dates before 1995 and dates far in the future. "Effective" wins over
"updated" when one line states both. Numeric dates are read as date_tokens.py explains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from diffing.date_tokens import earliest_date, numeric_convention
from diffing.date_words import LABEL, WEAK_LABELS
from diffing.model import EffectiveDate

# Words between a label and its date that show the date belongs to a law, not the policy.
LAW_CITATION = re.compile(
    r"\b(?:act|law|regulation|directive|decree|statute|loi|décret|gesetz|verordnung|ley)\b",
    re.IGNORECASE,
)
# "effective from June 24, 2021, until October 6, 2025": a list of past versions.
PAST_RANGE = re.compile(r"[\s,]*(?:until|to|bis|jusqu|hasta)\b", re.IGNORECASE)
# A year not inside a longer number, one pattern per century. The digit test comes after
# "19"/"20" (looking back over them) so that each pattern starts with a literal the regex
# engine can skip to: 4 times faster than one pattern starting (?:19|20), which the engine
# tries at every "1" and "2", and 12 times faster than a leading (?<!\d).
YEAR_TOKENS = tuple(re.compile(rf"{century}(?<!\d\d\d)\d\d(?!\d)") for century in ("19", "20"))
MAX_LABEL_CHARS = 45  # the longest label ("date d'entrée en vigueur" and its "le")
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


def plausible(value: date, today: date) -> bool:
    return EARLIEST_YEAR <= value.year <= today.year + FUTURE_YEARS


def line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def line_end(text: str, position: int) -> int:
    end = text.find("\n", position)
    return len(text) if end == -1 else end


def labels_before_years(text: str) -> list[re.Match]:
    """Label matches that a year follows within WINDOW characters.

    Scanning only the stretches before a year is much faster on long policies than running
    the many-branched LABEL pattern over the whole text.
    """
    if "19" not in text and "20" not in text:  # no year (most headings and lines): no label
        return []
    labels: dict[int, re.Match] = {}
    # Years never overlap (each is a whole number), so the two centuries' years merge into
    # the one ordered list. The order matters: a label keeps the match of the first year's
    # window, which ends where that year starts.
    years = sorted(year.start() for pattern in YEAR_TOKENS for year in pattern.finditer(text))
    for year in years:
        start = max(0, year - WINDOW - MAX_LABEL_CHARS)
        for label in LABEL.finditer(text, start, year):
            labels.setdefault(label.start(), label)
    return [labels[position] for position in sorted(labels)]


def labelled_dates(text: str, today: date | None = None) -> list[DateFinding]:
    """Every labelled date in `text`, in order."""
    labels = labels_before_years(text)
    if not labels:  # most lines and paragraphs: nothing more to set up
        return []
    today = today or date.today()
    # Asked for only by an ambiguous numeric date: most texts never pay for the scan.
    convention = cache(lambda: numeric_convention(text))
    findings = []
    for label in labels:
        window = text[label.end() : label.end() + WINDOW]
        parsed = earliest_date(window, convention)
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
    return date_statement(text, today or date.today())


def date_statement(text: str, today: date) -> DateFinding | None:
    """`find_date_statement` with `today` given."""
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
