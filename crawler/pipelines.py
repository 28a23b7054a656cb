"""Item pipelines, one concern each; their order and its reason are in settings.py."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ProcessPoolExecutor

from scrapy.exceptions import DropItem

from crawler.cdx import archived_url
from crawler.decoding import looks_like_html, looks_like_pdf
from crawler.extract import EXTRACTOR_VERSION
from crawler.extraction.pool import Extracted, extract, start_pool, submit, worker_count
from crawler.history import Timeline
from crawler.items import Capture
from crawler.replacement import is_rewrite, replacement
from crawler.storage import open_database
from diffing.classify import is_shrink, lost_share

# Markers of bot walls and challenge pages (Cloudflare, Incapsula/Imperva, SiteGround,
# Akamai, DataDome, hCaptcha/reCAPTCHA), seen on real blocked fetches; in lower case, looked
# for in the lowered body: a substring search per marker takes microseconds where one
# case-insensitive regex alternation took milliseconds on a 60 kB page.
BOT_WALL_MARKERS = (
    b"cf-chl",
    b"challenge-platform",
    b"attention required! | cloudflare",
    b"just a moment...",
    b"_incapsula_resource",
    b"incapsula incident",
    b"sgcaptcha",
    b"siteground",
    b"access denied</title>",
    b"captcha-delivery",
    b"datadome",
    b"g-recaptcha",
    b"h-captcha",
    b"please verify you are a human",
)
LOGIN_PATH = re.compile(r"/(log-?in|sign-?in|signin|auth|sso|account/login|session)\b", re.I)
# A challenge page is small; a real policy that merely mentions reCAPTCHA is long.
BOT_WALL_MAX_BYTES = 64 * 1024
# Texts held back until the next fetch brings them again.
HELD_OUTCOMES = ("shrunk", "page-replaced")


def has_bot_wall_marker(body: bytes) -> bool:
    """Does `body` hold a challenge-page marker (ASCII letters in any case)?"""
    lowered = body.lower()  # ASCII only, as a bytes regex's IGNORECASE
    return any(marker in lowered for marker in BOT_WALL_MARKERS)


class FetchFailed(DropItem):
    """A capture that must not become a version, with its typed outcome."""

    def __init__(self, outcome: str, detail: str = ""):
        super().__init__(detail or outcome)
        self.outcome = outcome


class CheckResponsePipeline:
    """Drops failed fetches, error pages, bot walls, login redirects and bodies that are
    neither HTML nor PDF."""

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.outcome:
            raise FetchFailed(item.outcome, item.detail)
        if item.http_status == 304:
            item.outcome = "not-modified"
            return item
        status = item.http_status or 0
        body = item.body
        if status in (403, 429, 503) and has_bot_wall_marker(body[:BOT_WALL_MAX_BYTES]):
            raise FetchFailed("bot-wall", f"HTTP {status} with challenge-page markers")
        if status == 429:
            raise FetchFailed("rate-limited", "HTTP 429 after retries")
        if 400 <= status < 500:
            raise FetchFailed("http-4xx", f"HTTP {status}")
        if status >= 500:
            raise FetchFailed("http-5xx", f"HTTP {status}")
        if (
            item.final_url != item.url
            and LOGIN_PATH.search(item.final_url)
            and not (LOGIN_PATH.search(item.url))
        ):
            raise FetchFailed("login-redirect", f"redirected to {item.final_url}")
        if looks_like_pdf(body, item.content_type):
            return item  # challenge pages are HTML: a PDF's bytes need no bot-wall check
        if not looks_like_html(body, item.content_type):
            raise FetchFailed("not-html", f"content type {item.content_type or 'unknown'}")
        if len(body) < BOT_WALL_MAX_BYTES and has_bot_wall_marker(body):
            raise FetchFailed("bot-wall", "challenge-page markers in a small page")
        return item


def page_address(item: Capture) -> str:
    """The address the page's relative links resolve against: for a Wayback capture the
    archived page's own URL, not the archive's address of the capture, which carries the
    capture time and would make every capture's links, so its text, differ."""
    if item.source == "wayback":
        return archived_url(item.final_url or "") or item.url
    return item.final_url or item.url


class ExtractPolicyPipeline:
    """Extracts the policy text of an HTML page or a PDF; a body without one is dropped.

    With `processes` > 0 the extraction runs in that many worker processes, and the reactor
    goes on downloading and writing meanwhile; with 0, in the reactor itself.
    """

    def __init__(self, processes: int = 0):
        self.processes = processes
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        setting = crawler.settings.get("POLICYWATCH_EXTRACT_PROCESSES")
        return cls(worker_count(None if setting in (None, "") else int(setting)))

    def open_spider(self, spider=None) -> None:
        if self.processes:
            self.pool = start_pool(self.processes)

    def close_spider(self, spider=None) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def process_item(self, item: Capture, spider=None):
        if item.outcome == "not-modified":
            return item
        if self.pool is None:
            return with_extraction(item, extract(item.body, item.content_type, options(item)))
        return self.extract_elsewhere(item)

    async def extract_elsewhere(self, item: Capture) -> Capture:
        future = submit(self.pool, item.body, item.content_type, options(item))
        return with_extraction(item, await asyncio.wrap_future(future))


def options(item: Capture) -> dict:
    """policy_document's keywords for `item`."""
    return {
        "url": page_address(item),
        "select": item.select,
        "remove": item.remove,
        "document": item.watched_document,
        "document_type": item.watched_document_type,
    }


def with_extraction(item: Capture, extracted: Extracted) -> Capture:
    """`item` with its document and text hash, or FetchFailed when it has no policy text."""
    if extracted.outcome:
        raise FetchFailed(extracted.outcome, extracted.reason)
    item.document = extracted.document
    item.text_hash = extracted.digest
    return item


def seen_just_before(store, item: Capture, outcome: str, digest: str) -> bool:
    """Was the policy's previous fetch from the same source held as `outcome` with this very
    text? (A back-fill fetches a policy's captures oldest first, so for the archive this is
    the capture before.)"""
    previous = store.last_fetch(item.policy_id, item.source)
    return bool(previous and previous["outcome"] == outcome and previous["text_hash"] == digest)


class HoldReplacedPipeline:
    """Holds back a different page served at the policy's URL (a homepage, a marketing or app
    page) until the next fetch brings the same text: only then is it a rewrite of the policy.

    The first sighting is logged as `page-replaced` with its text hash and stored nowhere
    else, so a policy that comes back after it has no version and no alert to undo.
    """

    def __init__(self, db_path: str):
        self.db_path = db_path
        self.store = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("POLICYWATCH_DB"))

    def open_spider(self, spider=None) -> None:
        self.store = open_database(self.db_path)

    def close_spider(self, spider=None) -> None:
        self.store.close()

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.outcome == "not-modified":
            return item
        current = self.store.version_in_force(item.policy_id, item.captured_at)
        if current is None or current["markdown"] == item.document.markdown:
            return item
        why = replacement(current["markdown"], item.document, item.watched_document)
        if why is None:
            return item
        if seen_just_before(self.store, item, "page-replaced", item.document_hash()):
            return item
        raise FetchFailed("page-replaced", f"{why}; held back until seen again")


class HoldShrinkPipeline:
    """Holds back a live text that lost most of its words at once (a broken page, a truncated
    body, a layout our selectors no longer match) until the next crawl sees the same text.

    The first sighting is logged as `shrunk` with its text hash and stored nowhere else; only
    when the policy's very next live fetch brings the same text does it go on to become a
    version (its change keeps the `shrink` flag, so it is recorded but not alerted).
    """

    def __init__(self, db_path: str, shrink_threshold: float):
        self.db_path = db_path
        self.shrink_threshold = shrink_threshold
        self.store = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            settings.get("POLICYWATCH_DB"), settings.getfloat("POLICYWATCH_SHRINK_THRESHOLD")
        )

    def open_spider(self, spider=None) -> None:
        self.store = open_database(self.db_path)

    def close_spider(self, spider=None) -> None:
        self.store.close()

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.outcome == "not-modified" or item.source != "live":
            return item
        current = self.store.version_in_force(item.policy_id, item.captured_at)
        new_text = item.document.markdown
        if current is None or not is_shrink(current["markdown"], new_text, self.shrink_threshold):
            return item
        if is_rewrite(current["markdown"], item.document, item.watched_document):
            return item  # a whole new, shorter document: a change like any other
        # Sections deleted from the middle look, once, like a middle that failed to load: they
        # are held too, and the next crawl's confirmation records them as a change that alerts
        # (crawler/changes.py), where a confirmed accident stays a shrink that does not.
        digest = item.document_hash()
        # A replacement page confirmed by HoldReplacedPipeline is not held a second time.
        if any(seen_just_before(self.store, item, held, digest) for held in HELD_OUTCOMES):
            return item
        lost = lost_share(current["markdown"], new_text)
        raise FetchFailed(
            "shrunk", f"lost {lost:.0%} of its words at once; held back until seen again"
        )


class RecordVersionPipeline:
    """Places each extracted text on its policy's timeline (the only writer of versions)."""

    def __init__(self, db_path: str, flip_flop_window: int, shrink_threshold: float):
        self.db_path = db_path
        self.flip_flop_window = flip_flop_window
        self.shrink_threshold = shrink_threshold
        self.store = None
        self.timeline = None

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            settings.get("POLICYWATCH_DB"),
            settings.getint("POLICYWATCH_FLIP_FLOP_WINDOW"),
            settings.getfloat("POLICYWATCH_SHRINK_THRESHOLD"),
        )

    def open_spider(self, spider=None) -> None:
        self.store = open_database(self.db_path)
        self.timeline = Timeline(self.store, self.flip_flop_window, self.shrink_threshold)

    def close_spider(self, spider=None) -> None:
        self.store.close()

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.outcome == "not-modified":
            self.store.touch_latest_version(item.policy_id, item.captured_at)
            return item
        recorded = self.timeline.record(
            item.policy_id,
            {
                "source": item.source,
                "captured_at": item.captured_at,
                "fetched_at": item.requested_at,
                "url": item.url,
                "final_url": item.final_url,
                "http_status": item.http_status,
                "content_type": item.content_type,
                "cdx_digest": item.cdx_digest,
                "capture_url": item.capture_url,
                "etag": item.etag,
                "last_modified": item.last_modified,
                "fetcher": f"policywatch {EXTRACTOR_VERSION}",
            },
            item.body,
            item.document,
            EXTRACTOR_VERSION,
            item.text_hash,
        )
        item.outcome = recorded.outcome
        # The number users see in `history` and `show --version`, not the row id.
        item.detail = f"version {self.store.version_number(recorded.version_id)}"
        return item
