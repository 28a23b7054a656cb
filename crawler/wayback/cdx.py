"""The client side of the Wayback CDX search: the query, defensive parsing, sampling.

Rules from ../shared/design/WAYBACK.md: filters and adjacent digest collapse, resume keys
after an empty row, and real responses that repeat rows and carry impossible timestamps,
`-` status codes and junk `original` values.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

FIELDS = ("timestamp", "original", "mimetype", "statuscode", "digest")
# --every: keep every distinct capture, or the first of each month, quarter or year.
SAMPLING = ("change", "month", "quarter", "year")
# A capture cannot be dated after the moment we ask for it; this much leeway covers clocks
# that disagree. A later date is a broken archive record, and stored it would stay the
# "latest" version for ever.
CLOCK_SKEW = timedelta(hours=1)
# A capture's address: `<base>/web/<timestamp>[mode_]/<original URL>`.
CAPTURE_PATH = re.compile(r"/web/\d{1,14}(?:[a-z]{2}_)?/([a-zA-Z][a-zA-Z0-9+.-]*:/{1,2}.+)$")


class CdxReplyError(ValueError):
    """A CDX answer that is not a CDX JSON table (garbage, truncated, the wrong shape)."""


@dataclass(frozen=True)
class CdxRow:
    """One archived capture of a policy page, as listed by the CDX search."""

    timestamp: str  # 14 digits, UTC
    original: str
    digest: str

    def capture_url(self, base: str) -> str:
        """The raw (`id_`) capture: the archived bytes, no toolbar, no link rewriting."""
        return f"{base}/web/{self.timestamp}id_/{self.original}"


@dataclass(frozen=True)
class Window:
    """The --from/--to window as inclusive 14-digit bounds (prefixes padded as CDX does)."""

    start: str = ""
    end: str = ""

    @property
    def low(self) -> str:
        return self.start.ljust(14, "0")

    @property
    def high(self) -> str:
        return self.end.ljust(14, "9")

    def __contains__(self, timestamp: str) -> bool:
        return self.low <= timestamp <= self.high


def search_url(base: str, url: str, window: Window, page_size: int, resume_key: str = "") -> str:
    """A CDX query for 200 HTML captures of `url`, adjacent duplicates collapsed, paged."""
    params = [
        ("url", url),
        ("output", "json"),
        ("fl", ",".join(FIELDS)),
        ("filter", "statuscode:200"),
        ("filter", "mimetype:text/html"),
        ("collapse", "digest"),
        ("limit", str(page_size)),
        ("showResumeKey", "true"),
    ]
    params += [(name, value) for name, value in (("from", window.start), ("to", window.end))]
    params = [(name, value) for name, value in params if value]
    if resume_key:
        params.append(("resumeKey", resume_key))
    return f"{base}/cdx/search/cdx?{urlencode(params)}"


def is_timestamp(value: str, now: datetime | None = None) -> bool:
    """Is `value` a real 14-digit UTC moment, and not after `now` (by more than CLOCK_SKEW)?"""
    if len(value) != 14 or not value.isdigit():
        return False
    try:
        moment = datetime.strptime(value, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return False
    return moment <= (now or datetime.now(UTC)) + CLOCK_SKEW


def parse_page(body: bytes) -> tuple[list[CdxRow], str]:
    """Rows of one JSON CDX page and its resume key ("" on the last page).

    Raises CdxReplyError for a body that is not a CDX JSON table, whatever is wrong with it.
    """
    try:
        table = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: thousands of nested `[`
        raise CdxReplyError(f"CDX answer is not JSON ({type(error).__name__})") from None
    if not isinstance(table, list):
        raise CdxReplyError("CDX answer is not a JSON array")
    if not table:
        return [], ""
    resume_key = ""
    last = table[-1]
    if len(table) >= 3 and table[-2] == [] and isinstance(last, list) and len(last) == 1:
        resume_key, table = str(last[0]), table[:-2]
    header, rows = table[0], table[1:]
    if not isinstance(header, list) or not all(isinstance(name, str) for name in header):
        raise CdxReplyError(f"CDX header is not a list of field names: {str(header)[:100]}")
    if not all(name in header for name in FIELDS):
        raise CdxReplyError(f"CDX header lacks fields {FIELDS}: {str(header)[:200]}")
    column = {name: header.index(name) for name in FIELDS}
    parsed = []
    now = datetime.now(UTC)
    for row in rows:
        if not isinstance(row, list) or len(row) != len(header):
            continue
        value = {name: str(row[i]) for name, i in column.items()}
        if (
            is_timestamp(value["timestamp"], now)
            and value["statuscode"] == "200"
            and value["mimetype"].startswith("text/html")
            and value["original"].startswith(("http://", "https://"))
            and value["digest"] not in ("", "-")
        ):
            parsed.append(CdxRow(value["timestamp"], value["original"], value["digest"]))
    return parsed, resume_key


def distinct_changes(rows: list[CdxRow]) -> list[CdxRow]:
    """Oldest first, one row per timestamp, adjacent repeats of a digest dropped.

    The server collapses adjacent digests per page only, and repeats rows.
    """
    kept: list[CdxRow] = []
    for row in sorted({r.timestamp: r for r in rows}.values(), key=lambda r: r.timestamp):
        if not kept or kept[-1].digest != row.digest:
            kept.append(row)
    return kept


def period(timestamp: str, every: str) -> str:
    if every == "month":
        return timestamp[:6]
    if every == "quarter":
        return f"{timestamp[:4]}Q{(int(timestamp[4:6]) - 1) // 3 + 1}"
    if every == "year":
        return timestamp[:4]
    return timestamp


def sample(rows: list[CdxRow], every: str) -> tuple[list[CdxRow], int]:
    """The first capture of each period, and how many distinct captures that skipped."""
    if every not in SAMPLING:
        raise ValueError(f"--every must be one of {', '.join(SAMPLING)}, got {every!r}")
    kept: list[CdxRow] = []
    seen: set[str] = set()
    for row in rows:
        key = period(row.timestamp, every)
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept, len(rows) - len(kept)


def memento_timestamp(header: str) -> str | None:
    """The 14-digit UTC timestamp of a `Memento-Datetime` header (None if unparsable)."""
    try:
        moment = parsedate_to_datetime(header)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)  # OverflowError past year 9999 or before year 1
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment.strftime("%Y%m%d%H%M%S")


def archived_url(capture_url: str) -> str | None:
    """The original URL a capture's address archives (None if it is no capture address)."""
    match = CAPTURE_PATH.search(capture_url)
    if match is None:
        return None
    scheme, _, rest = match.group(1).partition(":")
    return f"{scheme}://{rest.lstrip('/')}"


def iso(timestamp: str) -> str:
    """`20170102030405` -> `2017-01-02T03:04:05Z`, the format of our capture times."""
    t = timestamp
    return f"{t[:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"


def compact(iso_time: str) -> str:
    """`2017-01-02T03:04:05Z` -> `20170102030405` (inverse of `iso`)."""
    return "".join(ch for ch in iso_time if ch.isdigit())[:14]
