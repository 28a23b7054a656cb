"""Another page served at a policy's URL (a homepage, an app page) is held back as
`page-replaced` until the next fetch sees it again; real crawls and back-fills over loopback."""

from __future__ import annotations

import pytest

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from crawler.sandbox.wayback import ArchiveStore, WaybackServer
from tests.support.alerting import WebhookSink, write_alerts
from tests.support.backfill_helpers import backfill
from tests.support.backfill_helpers import write_watchlist as write_backfill_watchlist
from tests.support.crawlrun import crawl, outcomes, rows
from tests.support.replaced_pages import MARKETING, REWRITE, policy, rail_policy


@pytest.fixture
def hook():
    with WebhookSink() as sink:
        yield sink


def crawl_nights(run_cli, site, tmp_path, hook, bodies: list[bytes]) -> list[int]:
    """Serve each body in turn, crawl, then send alerts; the webhook posts after each night."""
    policies = [watchlist.Policy(name="tidewater", url=site.url("/privacy"))]
    config = write_alerts(tmp_path / "alerts.yaml", {"type": "webhook", "url": hook.url})
    posted = []
    for body in bodies:
        site.pages["/privacy"] = Page(body)
        crawl(run_cli, tmp_path, policies)
        run_cli("alerts", "--db", str(tmp_path / "pw.db"), "--alerts", str(config))
        posted.append(len(hook.received))
    return posted


def test_a_marketing_page_between_two_sightings_of_the_policy_is_no_version(
    site, run_cli, tmp_path, hook
):
    posted = crawl_nights(run_cli, site, tmp_path, hook, [policy(), MARKETING.encode(), policy()])

    assert [outcome for _, outcome in outcomes(tmp_path)] == [
        "new-version",
        "page-replaced",
        "not-modified",  # the policy's own ETag again: the held page left nothing behind
    ]
    db = tmp_path / "pw.db"
    (held,) = rows(db, "SELECT detail FROM fetch_log WHERE outcome = 'page-replaced'")
    assert "reads as no policy" in held["detail"] and "held back" in held["detail"]
    assert len(rows(db, "SELECT id FROM versions")) == 1
    assert rows(db, "SELECT id FROM changes") == []
    assert posted == [0, 0, 0]


def test_a_replacement_seen_on_the_next_crawl_is_recorded_once_and_alerted_once(
    site, run_cli, tmp_path, hook
):
    bodies = [policy(), MARKETING.encode(), MARKETING.encode(), MARKETING.encode()]
    posted = crawl_nights(run_cli, site, tmp_path, hook, bodies)

    assert [outcome for _, outcome in outcomes(tmp_path)] == [
        "new-version",
        "page-replaced",  # first sighting: held back
        "new-version",  # the same text on the next crawl: a rewrite after all
        "not-modified",
    ]
    db = tmp_path / "pw.db"
    assert len(rows(db, "SELECT id FROM versions")) == 2
    (change,) = rows(db, "SELECT should_alert FROM changes")
    assert change["should_alert"] == 1
    assert posted == [0, 0, 1, 1]


def test_a_rewrite_that_reads_as_a_policy_is_not_held(site, run_cli, tmp_path, hook):
    posted = crawl_nights(run_cli, site, tmp_path, hook, [policy(), REWRITE.encode()])

    assert [outcome for _, outcome in outcomes(tmp_path)] == ["new-version", "new-version"]
    assert posted == [0, 1]


def test_a_policy_rewritten_in_far_fewer_words_alerts_as_a_change_not_a_shrink(
    site, run_cli, tmp_path, hook
):
    posted = crawl_nights(run_cli, site, tmp_path, hook, [rail_policy(True), rail_policy(False)])

    assert [outcome for _, outcome in outcomes(tmp_path)] == ["new-version", "new-version"]
    (change,) = rows(tmp_path / "pw.db", "SELECT flags, should_alert FROM changes")
    assert change == {"flags": "[]", "should_alert": 1}
    assert posted == [0, 1]


URL = "https://www.tidewater-kayaks.example/privacy"


def backfilled(tmp_path, captures: list[tuple[str, bytes]]) -> list[str]:
    """Back-fill `captures` (timestamp, body) of the policy; the outcomes logged."""
    archive = ArchiveStore()
    for timestamp, body in captures:
        archive.add_capture(URL, timestamp, body)
    write_backfill_watchlist(tmp_path, {"tidewater": URL})
    with WaybackServer(archive) as server:
        result = backfill(tmp_path, server)
    assert "Traceback" not in result.stderr, result.stderr
    return [outcome for _, outcome in outcomes(tmp_path)]


def test_a_backfill_holds_an_archived_marketing_page_between_policy_captures(tmp_path):
    logged = backfilled(
        tmp_path,
        [
            ("20200101000000", policy()),
            ("20200601000000", MARKETING.encode()),
            ("20210101000000", policy("We keep no card numbers.")),
        ],
    )

    assert logged == ["new-version", "page-replaced", "new-version"]
    db = tmp_path / "pw.db"
    versions = rows(db, "SELECT first_seen FROM versions ORDER BY first_seen")
    assert [v["first_seen"] for v in versions] == ["2020-01-01T00:00:00Z", "2021-01-01T00:00:00Z"]
    (change,) = rows(db, "SELECT historical FROM changes")
    assert change["historical"] == 1


def test_a_backfill_records_a_replacement_the_next_capture_confirms(tmp_path):
    # The same text in other bytes (the archive keeps adjacent identical captures once).
    again = MARKETING.replace("</main>", "</main><!-- cache 2 -->").encode()
    logged = backfilled(
        tmp_path,
        [
            ("20200101000000", policy()),
            ("20200601000000", MARKETING.encode()),
            ("20200701000000", again),
        ],
    )

    assert logged == ["new-version", "page-replaced", "new-version"]
    versions = rows(tmp_path / "pw.db", "SELECT first_seen FROM versions ORDER BY first_seen")
    assert [v["first_seen"] for v in versions] == ["2020-01-01T00:00:00Z", "2020-07-01T00:00:00Z"]
