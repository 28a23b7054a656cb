"""Item pipelines, one concern each; their order and its reason are in settings.py."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ProcessPoolExecutor

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.extraction import Extraction, ExtractOptions, extract
from crawler.extraction.decoding import looks_like_html, looks_like_pdf
from crawler.extraction.html import EXTRACTOR_VERSION
from crawler.extraction.pool import start_pool, submit, worker_count
from crawler.items import Capture
from crawler.storage import Store, open_database
from crawler.timeline.history import Timeline
from crawler.timeline.replacement import is_rewrite, replacement
from crawler.wayback.cdx import archived_url
from diffing.classify import is_shrink, lost_share
from diffing.normalise import text_hash

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


def crawl_store(crawler) -> Store:
    """The crawl's one Store, shared by its pipelines and its fetch log: opened by the first
    component that asks, closed once the engine has stopped (after the last fetch_log row)."""
    store = getattr(crawler, "policywatch_store", None)
    if store is None:
        store = open_database(crawler.settings.get("POLICYWATCH_DB"))
        crawler.policywatch_store = store
        crawler.signals.connect(store.close, signal=signals.engine_stopped, weak=False)
    return store


class FetchFailed(DropItem):
    """A capture that must not become a version, with its typed outcome."""

    def __init__(self, outcome: str, detail: str = ""):
        super().__init__(detail or outcome)
        self.outcome = outcome


class StorePipeline:
    """A pipeline that reads the crawl's one Store."""

    def __init__(self, store: Store):
        self.store = store

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawl_store(crawler))


class StoredBodyPipeline(StorePipeline):
    """Reads the bytes of a capture stored already (`stored_raw_hash`) into the item, so that
    the spider that found it does no database read."""

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.stored_raw_hash is not None and not item.body:
            item.body = self.store.raw_body(item.stored_raw_hash)
        return item


class CheckResponsePipeline:
    """Drops failed fetches, error pages, bot walls, login redirects and bodies that are
    neither HTML nor PDF."""

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.outcome:
            raise FetchFailed(item.outcome, item.detail)
        if item.http_status == 304:
            item.not_modified = True
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
    """Extracts the policy text of an HTML page or a PDF, and its text hash; a body without
    one is dropped.

    With `processes` > 0 the extraction runs in that many worker processes while the reactor
    goes on downloading and writing; with 0 (the default), in the reactor itself.
    """

    def __init__(self, processes: int = 0):
        self.processes = processes
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(worker_count(crawler.settings.get("POLICYWATCH_EXTRACT_PROCESSES")))

    def open_spider(self, spider=None) -> None:
        if self.processes:
            self.pool = start_pool(self.processes)

    def close_spider(self, spider=None) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def process_item(self, item: Capture, spider=None):
        if item.not_modified:
            return item
        if self.pool is None:
            extraction = extract(item.body, extract_options(item))
            digest = None if extraction.outcome else text_hash(extraction.document.markdown)
            return with_extraction(item, extraction, digest)
        return self.extract_elsewhere(item)

    async def extract_elsewhere(self, item: Capture) -> Capture:
        future = submit(self.pool, item.body, extract_options(item))
        return with_extraction(item, *await asyncio.wrap_future(future))


def extract_options(item: Capture) -> ExtractOptions:
    """How the capture's watch-list entry asks for its policy to be read."""
    return ExtractOptions(
        url=page_address(item),
        select=tuple(item.select or ()),
        remove=tuple(item.remove or ()),
        document=item.watched_document,
        document_type=item.watched_document_type,
        content_type=item.content_type,
    )


def with_extraction(item: Capture, extraction: Extraction, digest: str | None) -> Capture:
    """`item` with its document and text hash, or FetchFailed when it has no policy text."""
    if extraction.outcome:
        raise FetchFailed(extraction.outcome, extraction.reason)
    item.document = extraction.document
    item.text_hash = digest
    return item


class VersionInForcePipeline(StorePipeline):
    """Reads the version in force at the capture's time once, for the checks after it."""

    def process_item(self, item: Capture, spider=None) -> Capture:
        if not item.not_modified:
            item.in_force = self.store.version_in_force(item.policy_id, item.captured_at)
        return item


def seen_just_before(store, item: Capture, outcome: str, digest: str) -> bool:
    """Was the policy's previous fetch from the same source held as `outcome` with this very
    text? (A back-fill fetches a policy's captures oldest first, so for the archive this is
    the capture before.)"""
    previous = store.last_fetch(item.policy_id, item.source)
    return bool(previous and previous["outcome"] == outcome and previous["text_hash"] == digest)


class HoldReplacedPipeline(StorePipeline):
    """Holds back a different page served at the policy's URL (a homepage, a marketing or app
    page) until the next fetch brings the same text: only then is it a rewrite of the policy.

    The first sighting is logged as `page-replaced` with its text hash and stored nowhere
    else, so a policy that comes back after it has no version and no alert to undo.
    """

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.not_modified:
            return item
        current = item.in_force
        if current is None or current["markdown"] == item.document.markdown:
            return item
        why = replacement(current["markdown"], item.document, item.watched_document)
        if why is None:
            return item
        if seen_just_before(self.store, item, "page-replaced", item.text_hash):
            return item
        raise FetchFailed("page-replaced", f"{why}; held back until seen again")


class HoldShrinkPipeline:
    """Holds back a live text that lost most of its words at once (a broken page, a truncated
    body, a layout our selectors no longer match) until the next crawl sees the same text.

    The first sighting is logged as `shrunk` with its text hash and stored nowhere else; only
    when the policy's very next live fetch brings the same text does it go on to become a
    version (its change keeps the `shrink` flag, so it is recorded but not alerted).
    """

    def __init__(self, store: Store, shrink_threshold: float):
        self.store = store
        self.shrink_threshold = shrink_threshold

    @classmethod
    def from_crawler(cls, crawler):
        threshold = crawler.settings.getfloat("POLICYWATCH_SHRINK_THRESHOLD")
        return cls(crawl_store(crawler), threshold)

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.not_modified or item.source != "live":
            return item
        current = item.in_force
        new_text = item.document.markdown
        if current is None or not is_shrink(current["markdown"], new_text, self.shrink_threshold):
            return item
        if is_rewrite(current["markdown"], item.document, item.watched_document):
            return item  # a whole new, shorter document: a change like any other
        # Sections deleted from the middle look, once, like a middle that failed to load: they
        # are held too, and the next crawl's confirmation records them as a change that alerts
        # (crawler/timeline/changes.py), where a confirmed accident stays a shrink that does not.
        digest = item.text_hash
        # A replacement page confirmed by HoldReplacedPipeline is not held a second time.
        if any(seen_just_before(self.store, item, held, digest) for held in HELD_OUTCOMES):
            return item
        lost = lost_share(current["markdown"], new_text)
        raise FetchFailed(
            "shrunk", f"lost {lost:.0%} of its words at once; held back until seen again"
        )


class RecordVersionPipeline:
    """Places each extracted text on its policy's timeline (the only writer of versions)."""

    def __init__(self, store: Store, flip_flop_window: int, shrink_threshold: float):
        self.store = store
        self.timeline = Timeline(store, flip_flop_window, shrink_threshold)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        return cls(
            crawl_store(crawler),
            settings.getint("POLICYWATCH_FLIP_FLOP_WINDOW"),
            settings.getfloat("POLICYWATCH_SHRINK_THRESHOLD"),
        )

    def process_item(self, item: Capture, spider=None) -> Capture:
        if item.not_modified:
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
                "fetched_with": item.fetched_with,
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
