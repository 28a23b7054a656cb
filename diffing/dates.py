"""Find the effective date a policy states for itself ("Last updated November 2020")."""

from __future__ import annotations

import re
from datetime import date

from diffing.document import EffectiveDate

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
LABEL = re.compile(
    r"(effective(?:\s+date)?|last\s+(?:updated|modified|revised|reviewed)|updated(?:\s+on)?|"
    r"revised|as\s+of)\s*[:\-]?\s*(?:on\s+)?",
    re.IGNORECASE,
)
MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
PATTERNS = [
    re.compile(MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + MONTH + r",?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})"),
    re.compile(r"(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"),
    re.compile(MONTH + r",?\s+(?P<year>\d{4})"),
]


def parse_date_token(token: str) -> date | None:
    """Parse the first date in `token` (English month names, ISO, MM/DD/YYYY)."""
    for pattern in PATTERNS:
        match = pattern.search(token)
        if not match:
            continue
        parts = match.groupdict()
        month = parts.get("mnum")
        month = int(month) if month else MONTHS.get(parts["month"].lower())
        if not month:
            continue
        try:
            return date(int(parts["year"]), month, int(parts.get("day") or 1))
        except ValueError:
            continue
    return None


def find_effective_date(text: str) -> EffectiveDate | None:
    """Return the first labelled date in `text`, looking up to 60 characters after the label."""
    for label in LABEL.finditer(text):
        window = text[label.end() : label.end() + 60]
        value = parse_date_token(window)
        if value and 1995 <= value.year <= date.today().year + 2:
            line_end = text.find("\n", label.start())
            line = text[label.start() : line_end if line_end != -1 else None]
            return EffectiveDate(value=value, text=line.strip(" *_#"))
    return None


def mask_dates(text: str) -> str:
    """Replace every date token in `text` by "<date>", so two date statements compare equal."""
    for pattern in PATTERNS:
        text = pattern.sub("<date>", text)
    return text
