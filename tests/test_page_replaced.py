"""Another page served at a policy's URL (a homepage, an app page) is held back as
`page-replaced` until the next fetch sees it again; real crawls and back-fills over loopback."""

from __future__ import annotations

import pytest

from crawler import watchlist
from crawler.siteserver import Page
from crawler.waybackserver import ArchiveStore, WaybackServer
from tests.alerting import WebhookSink, write_alerts
from tests.backfill_helpers import backfill
from tests.backfill_helpers import write_watchlist as write_backfill_watchlist
from tests.crawlrun import crawl, outcomes, rows

# Fictional: Tidewater Kayaks' privacy policy, a rewrite of it in new words, and the shop's
# marketing page that the site once served at the policy's address.
POLICY = """<html><head><title>Privacy | Tidewater Kayaks</title></head><body><main>
<h1>Tidewater Kayaks Privacy Policy</h1><p>Last updated: 3 February 2025</p>
<h2>Personal data we collect</h2><p>When you book a tour we collect your name, e-mail address,
phone number and the personal information needed for the booking. {extra}</p>
<h2>How we process it</h2><p>We process your personal data to run the tour, to take payment and
to meet our legal obligations. The legal basis is the contract with you or your consent.</p>
<h2>Sharing with third parties</h2><p>We share data only with our payment processor and the
insurer of the tour. We never sell personal data to third parties.</p>
<h2>Retention and your rights</h2><p>We retain booking records for six years. You have the
right to access, correct or erase your data; write to privacy@tidewater-kayaks.example.</p>
</main></body></html>"""

REWRITE = """<html><head><title>Privacy | Tidewater Kayaks</title></head><body><main>
<h1>How Tidewater Kayaks handles information about you</h1><p>Effective 1 June 2025</p>
<h2>Information you give us</h2><p>Booking a paddle means telling us who you are and how to
reach you; guests under sixteen also name a guardian. Photos from tours are collected only
with consent.</p>
<h2>Why we use information</h2><p>Running trips, taking card payments through a processor and
answering the coastguard when a trip is overdue are the only purposes.</p>
<h2>Who else sees it</h2><p>The card processor and our insurer. Nothing is sold, rented or
traded, and no advertising network receives anything.</p>
<h2>Keeping and deleting records</h2><p>Booking files are kept six years for the tax office,
then destroyed. Ask privacy@tidewater-kayaks.example for a copy, a correction or deletion;
this is your right under the GDPR.</p>
</main></body></html>"""

MARKETING = """<html><head><title>Tidewater Kayaks | Sea kayak tours</title></head><body><main>
<h1>Paddle the wild coast with Tidewater Kayaks</h1>
<p>Sunrise tours, seal colonies and sea caves: discover the coast from the water with guides
who have paddled it for twenty years. No experience needed; every boat, paddle and dry suit
is included.</p>
<h2>Our tours</h2><p>Half-day harbour tour from 45 euros. Full-day island crossing with a
picnic lunch on a hidden beach from 95 euros. Evening bioluminescence paddle in August.</p>
<h2>What guests say</h2><p>"The best day of our holiday, the kids still talk about the seals."
Rated 4.9 from 1,200 reviews. Book online in two minutes and pay on the day.</p>
<h2>Gift vouchers</h2><p>Give a day on the water: vouchers never expire and can be used for
any tour. Free delivery by post or e-mail within a day.</p>
</main></body></html>"""


def policy(extra: str = "") -> bytes:
    return POLICY.format(extra=extra).encode()


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
