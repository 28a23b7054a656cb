"""The CDX search API (``/cdx/search/cdx``) over an ArchiveStore.

Semantics follow the wayback-cdx-server README and the recorded exchanges in
``../shared/corpus/wayback``: captures are scanned in (urlkey, timestamp) order, the resume
key is skipped to, then ``from``/``to``, ``filter``, adjacent ``collapse`` and ``limit``
apply. The resume key is the URL-encoded "urlkey timestamp" of the last row sent with the
timestamp's last character incremented (``...05939`` -> ``...0593:``), as recorded. It
follows that rows sharing that last urlkey and timestamp which did not fit in the page are
not sent on resume either.
"""

import json
import re
from urllib.parse import quote_plus, unquote_plus

from crawler.sandbox.wayback.keys import pad_timestamp, url_key
from crawler.sandbox.wayback.reply import Reply, text_reply
from crawler.sandbox.wayback.store import ArchiveStore, Capture

FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
# Header and body recorded from the real 403 (test_search_raises_for_blocked_urls).
BLOCKED_ERROR = (
    "org.archive.util.io.RuntimeIOException: "
    "org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error"
)


class CdxQueryError(ValueError):
    """A malformed query; answered with 400 and the message."""


def search(store: ArchiveStore, params: dict[str, list[str]]) -> Reply:
    """Answer one CDX search; ``params`` as from ``urllib.parse.parse_qs``."""
    try:
        url = _single(params, "url")
        if store.is_blocked(url.rstrip("*")):
            reply = text_reply(403, BLOCKED_ERROR + "\n")
            reply.headers.append(("X-Archive-Wayback-Runtime-Error", BLOCKED_ERROR))
            return reply
        fields = _fields(params)
        rows, resume_key = _select(store, url, params)
    except CdxQueryError as error:
        return text_reply(400, f"{error}\n")
    table = [[capture.cdx_fields()[name] for name in fields] for capture in rows]
    if _single(params, "output", "") == "json":
        return text_reply(200, _as_json(fields, table, resume_key), "application/json")
    return text_reply(200, _as_text(table, resume_key))


def _select(
    store: ArchiveStore, url: str, params: dict[str, list[str]]
) -> tuple[list[Capture], str | None]:
    captures = store.captures_matching(_url_matcher(url, _single(params, "matchType", "")))
    resume = _single(params, "resumeKey", "")
    if resume:
        start = tuple(unquote_plus(resume).split(" ", 1))
        captures = [c for c in captures if (c.urlkey, c.timestamp) >= start]
    low = pad_timestamp(_timestamp_bound(params, "from"), "0")
    high = pad_timestamp(_timestamp_bound(params, "to"), "9")
    captures = [c for c in captures if low <= c.timestamp <= high]
    for spec in params.get("filter", []):
        captures = _apply_filter(captures, spec)
    for spec in params.get("collapse", []):
        captures = _collapse(captures, spec)
    limit = _limit(params)
    if limit is None:
        return captures, None
    if limit < 0:
        return captures[limit:], None
    page = captures[:limit]
    # The real server prints a key whenever the page is full, even if nothing follows: the
    # recorded cnn.com search ends with a key and then an empty page (test_search_multipage.14).
    if page and len(page) == limit and _single(params, "showResumeKey", "") == "true":
        return page, _resume_key(page[-1])
    return page, None


def _url_matcher(url: str, match_type: str):
    if url.endswith("*"):
        url, match_type = url[:-1], match_type or "prefix"
    key = url_key(url)
    host = key.split(")", 1)[0]
    matchers = {
        "": lambda k: k == key,
        "exact": lambda k: k == key,
        "prefix": lambda k: k.startswith(key),
        "host": lambda k: k.split(")", 1)[0] == host,
        "domain": lambda k: k.split(")", 1)[0] == host or k.startswith(host + ","),
    }
    if match_type not in matchers:
        raise CdxQueryError(f"Unknown matchType: {match_type}")
    return matchers[match_type]


def _apply_filter(captures: list[Capture], spec: str) -> list[Capture]:
    negate = spec.startswith("!")
    name, sep, pattern = spec.lstrip("!").partition(":")
    if not sep or name not in FIELDS:
        raise CdxQueryError(f"Invalid filter: {spec}")
    regex = re.compile(pattern)  # the whole field must match, as in Java's Pattern.matches
    return [c for c in captures if bool(regex.fullmatch(c.cdx_fields()[name])) != negate]


def _collapse(captures: list[Capture], spec: str) -> list[Capture]:
    name, _, width = spec.partition(":")
    if name not in FIELDS or (width and not width.isdigit()):
        raise CdxQueryError(f"Invalid collapse: {spec}")
    size = int(width) if width else None
    kept: list[Capture] = []
    previous = None
    for capture in captures:
        value = capture.cdx_fields()[name][:size]
        if value != previous:  # only adjacent duplicates are dropped
            kept.append(capture)
        previous = value
    return kept


def _resume_key(last: Capture) -> str:
    following = last.timestamp[:-1] + chr(ord(last.timestamp[-1]) + 1)
    return quote_plus(f"{last.urlkey} {following}")


def _fields(params: dict[str, list[str]]) -> tuple[str, ...]:
    wanted = _single(params, "fl", "")
    if not wanted:
        return FIELDS
    fields = tuple(name.strip() for name in wanted.split(","))
    unknown = [name for name in fields if name not in FIELDS]
    if unknown:
        raise CdxQueryError(f"Unknown field(s): {', '.join(unknown)}")
    return fields


def _timestamp_bound(params: dict[str, list[str]], name: str) -> str:
    value = _single(params, name, "")
    if value and not (value.isdigit() and len(value) <= 14):
        raise CdxQueryError(f"Invalid {name}: expected 1-14 digits yyyyMMddhhmmss, got {value}")
    return value


def _limit(params: dict[str, list[str]]) -> int | None:
    value = _single(params, "limit", "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise CdxQueryError(f"Invalid limit: {value}") from None


def _single(params: dict[str, list[str]], name: str, default: str | None = None) -> str:
    values = params.get(name)
    if values:
        return values[0]
    if default is None:
        raise CdxQueryError(f"Missing required parameter: {name}")
    return default


def _as_text(table: list[list[str]], resume_key: str | None) -> str:
    lines = [" ".join(row) for row in table]
    if resume_key:
        lines += ["", resume_key]
    return "".join(line + "\n" for line in lines)


def _as_json(fields: tuple[str, ...], table: list[list[str]], resume_key: str | None) -> str:
    """JSON rows, header first; ``[]`` then ``["<key>"]`` when a resume key is shown."""
    if not table:
        return "[]\n"
    rows = [json.dumps(list(fields), separators=(",", ":"))]
    rows += [json.dumps(row) for row in table]
    if resume_key:
        rows += ["[]", json.dumps([resume_key])]
    return "[" + ",\n".join(rows) + "]\n"
