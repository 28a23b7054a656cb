"""Scrapy settings for policywatch, and our own POLICYWATCH_* settings.

Every POLICYWATCH_* setting can also be given in the environment (same name), and any Scrapy
setting on the command line with `policywatch crawl -s NAME=VALUE`.
"""

BOT_NAME = "policywatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# -- our settings ---------------------------------------------------------------------------
POLICYWATCH_DB = "data/policywatch.db"
POLICYWATCH_WATCHLIST = "data/policies.yaml"
# Shown in the User-Agent so site operators can reach whoever runs this instance.
POLICYWATCH_CONTACT_URL = "https://github.com/policywatch/policywatch"
# A text equal to one of the last N versions is a flip-flop (A/B tests, geo variants).
POLICYWATCH_FLIP_FLOP_WINDOW = 5
# Losing more than this share of the words at once marks a change as a likely shrink
# (bot wall or extraction failure) rather than a policy change: a live text that shrinks so
# is held back until the next crawl sees it again.
POLICYWATCH_SHRINK_THRESHOLD = 0.5
# A policy whose fetches fail this many runs in a row is reported once as failing (and once
# more when it recovers) instead of every night.
POLICYWATCH_FAILING_AFTER = 3
# Exponential backoff between retries: base * 2**attempt seconds, capped (and Retry-After,
# when the server sends one, up to the cap).
POLICYWATCH_RETRY_BACKOFF_BASE = 5.0
POLICYWATCH_RETRY_BACKOFF_MAX = 300.0
# A host that cannot be reached at all (its name does not resolve, its port refuses) answers
# at once: retried this many times (at most RETRY_TIMES), from this many seconds, doubling.
POLICYWATCH_UNREACHABLE_RETRY_TIMES = 2
POLICYWATCH_UNREACHABLE_BACKOFF_BASE = 0.5

# Worker processes that extract the policy text of each capture while the reactor downloads
# and writes: 0 (the default), none, extraction in the reactor; N, that many; "auto", one per
# core. Worth it only with cores to spare: on a machine whose other cores are busy the
# processes slow the crawl down.
POLICYWATCH_EXTRACT_PROCESSES = 0

# -- many machines (crawler/cluster/) ------------------------------------------------------
# The Redis of a shared frontier (`--redis`): redis://HOST:PORT/DB.
POLICYWATCH_REDIS_URL = ""
# A request read by a worker and not recorded this long is taken over by another worker (the
# first is presumed dead; a live worker keeps its own requests fresh far more often).
POLICYWATCH_REDIS_CLAIM_AFTER = 30.0

# -- Wayback Machine back-fill (numbers from ../shared/design/WAYBACK.md) ----------------------
POLICYWATCH_WAYBACK_URL = "https://web.archive.org"
# CDX search allows 30 requests/minute per IP (2026): one every 2.5 s stays under it.
POLICYWATCH_WAYBACK_CDX_INTERVAL = 2.5
# About 8 captures/s are tolerated; one a second is modest.
POLICYWATCH_WAYBACK_CAPTURE_INTERVAL = 1.0
# CDX rows per page; a longer history is paged with resume keys.
POLICYWATCH_WAYBACK_CDX_PAGE_SIZE = 1000
# A 429 (it carries no Retry-After) stops all Wayback traffic this long, doubling on each
# further 429 or refused connection; ignoring 429s gets an IP firewalled for an hour.
POLICYWATCH_WAYBACK_BLOCK_PAUSE = 60.0
# Give up (and resume on the next run) after this many pauses in a row: 60 s doubling six
# times covers the archive's one-hour firewall.
POLICYWATCH_WAYBACK_MAX_BLOCKS = 6

# -- pages that need a browser (watch-list field `browser: auto | always | never`) ------------
# The Chromium to launch; empty: found automatically (Debian's chromium package, a chromium on
# PATH, or Playwright's own download).
POLICYWATCH_CHROMIUM = ""
# Seconds one page may take in the browser: loading, its scripts' requests, each action.
POLICYWATCH_BROWSER_TIMEOUT = 30.0
# Tabs open at once in a crawl's one browser, each loading one policy after another
# (politeness still allows one request at a time per host).
POLICYWATCH_BROWSER_PAGES = 4

# -- politeness -----------------------------------------------------------------------------
# USER_AGENT is "policywatch/<version> (+POLICYWATCH_CONTACT_URL)", set by
# crawler.config.crawl_settings unless given explicitly; robots.txt rules are matched on this:
ROBOTSTXT_USER_AGENT = "policywatch"
ROBOTSTXT_OBEY = True  # per policy: `ignore_robots: true` in the watch list overrides it
# robots.txt rules are matched against our product token: USER_AGENT is None (the middleware
# builds it per request), and Scrapy's robots.txt middleware asserts on a None agent.
ROBOTSTXT_USER_AGENT = "policywatch"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 1  # one request at a time per host
DOWNLOAD_DELAY = 2.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A policy page is a few hundred kB (the largest of the 1,227 files in the shared corpus
# is 1.8 MB); anything past these sizes is not a policy page. Scrapy applies
# DOWNLOAD_MAXSIZE while downloading and again while decompressing (gzip bombs).
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
COOKIES_ENABLED = False  # no session state: every night sees the page a new visitor sees
# No control ports: a nightly job has no one to talk to, and open ports are attack surface.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Scrapy's start-up listing drowns the summary `policywatch crawl` prints; -s LOG_LEVEL=INFO
# brings it back.
LOG_LEVEL = "WARNING"
LOG_FORMATTER = "crawler.logformat.QuietLogFormatter"

DOWNLOADER_MIDDLEWARES = {
    # First of all, so a refused redirect sends nothing, not even a robots.txt request.
    "crawler.redirect_guard.RedirectGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.BackoffRetryMiddleware": 550,
    # Closer to the network than retries, so the archive's 429s are paused on, never retried.
    "crawler.wayback.politeness.WaybackPolitenessMiddleware": 560,
}

# Order: one capture of a policy at a time, in the spider's order, when extraction runs in
# worker processes (they finish in any order) → read the bytes of a capture stored already
# (spiders read no database) → check the
# HTTP answer (cheap, drops failures) → strip a Wayback toolbar if one got through → extract
# the policy text and its hash (drops empty extractions) → read the version in force, once →
# hold back another page served in place of the policy, then a sudden shrink, until confirmed
# (both compare with that version) → place it on the timeline (the only stage that writes
# versions). All share one Store per crawl (crawler.pipelines.crawl_store).
ITEM_PIPELINES = {
    "crawler.extraction.order.PolicyOrderPipeline": 40,
    "crawler.pipelines.StoredBodyPipeline": 50,
    "crawler.pipelines.CheckResponsePipeline": 100,
    "crawler.wayback.cleanup.WaybackCleanupPipeline": 150,
    "crawler.pipelines.ExtractPolicyPipeline": 200,
    "crawler.pipelines.VersionInForcePipeline": 230,
    "crawler.pipelines.HoldReplacedPipeline": 240,
    "crawler.pipelines.HoldShrinkPipeline": 250,
    "crawler.pipelines.RecordVersionPipeline": 300,
}
# Writes every fetch, dropped or stored, to fetch_log.
EXTENSIONS = {
    "crawler.storage.fetchlog.FetchLogExtension": 500,
}
