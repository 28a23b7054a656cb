"""A crawl works each value out once and passes it along: the item carries its text hash and
a typed not-modified flag, the pipelines and the fetch log share one Store, the version in
force is read once per item, and the Wayback spider is handed its plan (it reads no
database)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from urllib.request import urlopen

import pytest
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.config import crawl_settings
from crawler.items import Capture
from crawler.pipelines import (
    CheckResponsePipeline,
    ExtractPolicyPipeline,
    HoldReplacedPipeline,
    HoldShrinkPipeline,
    RecordVersionPipeline,
    StoredBodyPipeline,
    VersionInForcePipeline,
)
from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from crawler.spiders.live import LiveSpider
from crawler.storage import open_database
from crawler.storage.fetchlog import FetchLogExtension
from crawler.timeline.history import Timeline
from crawler.wayback.cdx import Window, parse_page, search_url
from diffing.normalise import text_hash
from diffing.parse import parse_document
from tests.support.backfill_helpers import POLICY_URL, capture_requests, edition, environment

POLICY = """# Privacy Policy

Last updated: 1 March 2025

## What we collect
We collect your name, your e-mail address and the orders you place with us.

## Your rights
You may ask us for a copy of your data at any time.
"""
PAGE = (
    b"<html><head><title>Privacy</title></head><body><main><h1>Privacy Policy</h1>"
    b"<p>Last updated: 2 April 2025</p><h2>What we collect</h2><p>We collect your name, your "
    b"e-mail address, the orders you place with us and the pages you visit.</p>"
    b"<h2>Your rights</h2><p>You may ask us for a copy of your data at any time.</p>"
    b"</main></body></html>"
)


def capture(policy_id: int, **fields) -> Capture:
    """A live fetch of Acme's page (its second edition) as the spider yields it."""
    answer = {
        "policy_id": policy_id,
        "policy_name": "acme",
        "source": "live",
        "url": "https://acme.example/privacy",
        "requested_at": "2025-04-02T00:00:00Z",
        "captured_at": "2025-04-02T00:00:00Z",
        "final_url": "https://acme.example/privacy",
        "http_status": 200,
        "content_type": "text/html",
        "body": PAGE,
    }
    return Capture(**{**answer, **fields})


@pytest.fixture
def recorded(tmp_path):
    """A database holding one version of Acme's policy; its Store and the policy id."""
    store = open_database(tmp_path / "pw.db")
    policy_id = store.sync_policy({"name": "acme", "url": "https://acme.example/privacy"})
    snapshot = {"source": "live", "captured_at": "2025-03-01T00:00:00Z", "url": "x"}
    Timeline(store).record(policy_id, snapshot, POLICY.encode(), parse_document(POLICY), "t")
    yield store, policy_id
    store.close()


def test_pipelines_and_fetch_log_share_one_store_closed_when_the_engine_stops(tmp_path):
    crawler = Crawler(LiveSpider, crawl_settings(tmp_path / "pw.db"))
    components = [
        StoredBodyPipeline.from_crawler(crawler),
        VersionInForcePipeline.from_crawler(crawler),
        HoldReplacedPipeline.from_crawler(crawler),
        HoldShrinkPipeline.from_crawler(crawler),
        RecordVersionPipeline.from_crawler(crawler),
        FetchLogExtension.from_crawler(crawler),
    ]
    store = components[0].store
    assert all(component.store is store for component in components)
    store.query("SELECT 1")
    crawler.signals.send_catch_log(signals.spider_closed, spider=None, reason="finished")
    store.query("SELECT 1")  # the fetch log still writes the last items' rows then
    crawler.signals.send_catch_log(signals.engine_stopped)
    with pytest.raises(sqlite3.ProgrammingError):
        store.query("SELECT 1")


def test_the_item_carries_the_text_hash_worked_out_once(recorded):
    store, policy_id = recorded
    item = ExtractPolicyPipeline().process_item(
        CheckResponsePipeline().process_item(capture(policy_id))
    )
    assert item.text_hash == text_hash(item.document.markdown)
    # What is recorded is the hash the item carries, not one worked out again.
    item.text_hash = "f" * 64
    RecordVersionPipeline(store, 5, 0.5).process_item(item)
    assert store.latest_version(policy_id)["text_hash"] == "f" * 64


def test_the_version_in_force_is_read_once_per_item(recorded):
    store, policy_id = recorded
    item = ExtractPolicyPipeline().process_item(capture(policy_id))
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    for stage in (
        VersionInForcePipeline(store),
        HoldReplacedPipeline(store),
        HoldShrinkPipeline(store, 0.5),
    ):
        item = stage.process_item(item)
    store.db.conn.set_trace_callback(None)
    reads = [s for s in statements if "first_seen <=" in s and "FROM versions" in s]
    assert len(reads) == 1
    assert item.in_force["text_hash"] == text_hash(POLICY)


def test_not_modified_is_a_flag_the_later_stages_read(recorded):
    store, policy_id = recorded
    answered = CheckResponsePipeline().process_item(capture(policy_id, http_status=304))
    assert answered.not_modified is True
    # The flag, not an outcome string, tells the stages: an item flagged with no outcome yet
    # is passed over by extraction and the checks, and only extends the version in force.
    item = capture(policy_id, not_modified=True)
    for stage in (
        ExtractPolicyPipeline(),
        VersionInForcePipeline(store),
        HoldReplacedPipeline(store),
        HoldShrinkPipeline(store, 0.5),
        RecordVersionPipeline(store, 5, 0.5),
    ):
        item = stage.process_item(item)
    assert item.document is None and item.in_force is None
    assert store.latest_version(policy_id)["last_seen"] == "2025-04-02T00:00:00Z"
    assert store.query("SELECT count(*) AS n FROM versions") == [{"n": 1}]


def test_a_stored_body_is_read_by_a_pipeline_not_the_spider(recorded):
    store, policy_id = recorded
    raw_hash = store.save_raw(PAGE, "text/html", policy_id)
    item = StoredBodyPipeline(store).process_item(
        capture(policy_id, body=b"", stored_raw_hash=raw_hash)
    )
    assert item.body == PAGE


# Runs the Wayback spider alone (no pipelines, no fetch log) with the plan the test gives it,
# and prints what it yields.
RUN_SPIDER = """
import json, sys
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from crawler.config import crawl_settings
from crawler.spiders.wayback import WaybackSpider

arguments = json.load(sys.stdin)
settings = crawl_settings(arguments["db"], arguments["settings"])
settings.set("ITEM_PIPELINES", {}, priority="cmdline")
settings.set("EXTENSIONS", {}, priority="cmdline")
items = []


def scraped(item, **kwargs):
    items.append(item)


process = CrawlerProcess(settings)
crawler = process.create_crawler(WaybackSpider)
crawler.signals.connect(scraped, signal=signals.item_scraped)
policy = arguments["policy"]
policy["stored"], policy["settled"] = set(policy["stored"]), set(policy["settled"])
process.crawl(crawler, policies=[policy])
process.start()
print(json.dumps([
    {"captured_at": i.captured_at, "body": i.body.decode(), "raw": i.stored_raw_hash,
     "outcome": i.outcome}
    for i in items
]))
"""


def test_the_wayback_spider_needs_no_database(tmp_path):
    archive = ArchiveStore()
    archive.add_capture(POLICY_URL, "20170301101500", edition(1))
    archive.add_capture(POLICY_URL, "20190512093000", edition(2))
    archive.add_capture(POLICY_URL, "20210228234500", edition(3))
    # Nothing can be opened here: a spider that tried to read the database would fail.
    db = tmp_path / "no-such-directory" / "pw.db"
    with WaybackServer(archive) as server:
        with urlopen(search_url(server.base_url, POLICY_URL, Window("", ""), 100)) as answer:
            rows, _ = parse_page(answer.read())
        digests = {row.timestamp: row.digest for row in rows}
        plan = {
            "id": 1,
            "name": "harbour-lane",
            "url": POLICY_URL,
            "stored": ["20210228234500"],  # edition 3: stored already, not fetched again
            "settled": [],
            # Edition 1's bytes are stored already: placed at its time without a fetch.
            "bodies": {digests["20170301101500"]: {"raw_hash": "a" * 64, "type": "text/html"}},
        }
        settings = {
            "POLICYWATCH_WAYBACK_URL": server.base_url,
            "POLICYWATCH_WAYBACK_CDX_INTERVAL": "0",
            "POLICYWATCH_WAYBACK_CAPTURE_INTERVAL": "0",
            "RETRY_TIMES": "1",
        }
        result = subprocess.run(
            [sys.executable, "-c", RUN_SPIDER],
            input=json.dumps({"db": str(db), "settings": settings, "policy": plan}),
            capture_output=True,
            text=True,
            env=environment(),
            timeout=120,
        )
        fetched = capture_requests(server)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout.splitlines()[-1])
    assert [(i["captured_at"], i["raw"], i["outcome"]) for i in items] == [
        ("2017-03-01T10:15:00Z", "a" * 64, None),
        ("2019-05-12T09:30:00Z", None, None),
    ]
    assert items[0]["body"] == "" and items[1]["body"] == edition(2).decode()
    assert fetched == [f"/web/20190512093000id_/{POLICY_URL}"]
    assert not db.parent.exists()
