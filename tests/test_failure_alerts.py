"""A policy failing run after run alerts someone, once, through every configured reporter
(real SMTP server, webhook receiver and feed files), and once more when it works again."""

from __future__ import annotations

import feedparser

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.outcomes import advice
from crawler.sandbox.siteserver import Page
from tests.support.alerting import WebhookSink, email_reporter, free_port, smtp_server, write_alerts
from tests.support.crawlrun import rows
from tests.support.paths import FAST_SETTINGS

BROKEN = Page(b"<html><body>Not found</body></html>", status=404)


def test_a_failure_streak_alerts_each_reporter_once_and_its_end_once(site, run_cli, tmp_path):
    site.pages["/steady"] = Page(demo_page("policy-2023.html"))
    path = tmp_path / "policies.yaml"
    watchlist.save(
        path,
        [
            watchlist.Policy(name="acme-privacy", url=site.url("/acme"), organisation="Acme"),
            watchlist.Policy(name="steady", url=site.url("/steady")),
        ],
    )
    port, feeds = free_port(), tmp_path / "feeds"
    with smtp_server(port, auth_require_tls=False) as inbox, WebhookSink() as hook:
        config = write_alerts(
            tmp_path / "alerts.yaml",
            email_reporter(port),
            {"type": "webhook", "url": hook.url},
            {"type": "atom", "dir": str(feeds)},
        )
        args = ["--db", "pw.db", "--watchlist", str(path), "--alerts", str(config)]
        args += [*FAST_SETTINGS, "-s", "POLICYWATCH_FAILING_AFTER=2"]

        def night(page: Page, hook_status: int = 204):
            site.pages["/acme"] = page
            hook.status = hook_status
            return run_cli("run", *args, check=False)

        def notices_sent() -> tuple[list[str], list[str]]:
            subjects = [m["Subject"] for _, m in inbox.messages if "failed" in m["Subject"]]
            texts = [body["text"] for body in hook.received if "notice" in body]
            return subjects, texts

        night(Page(demo_page("policy-2025.html")))
        night(BROKEN)
        assert notices_sent() == ([], [])  # one failed run is not news yet

        # Second failure in a row: announced. The webhook is down this time.
        second = night(BROKEN, hook_status=500)
        subjects, texts = notices_sent()
        assert subjects == ["policywatch: acme-privacy has failed 2 runs in a row: http-4xx"]
        assert texts == []
        assert "FAILED (kept, retried next run): webhook answered HTTP 500" in second.stdout

        # Third failure: no new notice; the webhook, back, gets the kept one; e-mail nothing.
        third = night(BROKEN)
        subjects, texts = notices_sent()
        assert len(subjects) == 1
        assert texts == [
            "policywatch: acme-privacy has failed 2 runs in a row: http-4xx "
            f"({advice('http-4xx')}). {site.url('/acme')}"
        ]
        assert "failure notices: sent 1" in third.stdout

        message = next(m for _, m in inbox.messages if "failed" in m["Subject"])
        body = message.get_content()
        assert "what to do: " + advice("http-4xx") in body and site.url("/acme") in body

        night(Page(demo_page("policy-2025.html")))  # works again
        night(Page(demo_page("policy-2025.html")))
        subjects, texts = notices_sent()
        recovered = [m["Subject"] for _, m in inbox.messages if "works again" in m["Subject"]]
        assert recovered == ["policywatch: acme-privacy works again after 3 failed runs"]
        assert len(texts) == 2 and texts[1].startswith("policywatch: acme-privacy works again")
        (notice,) = [b["notice"] for b in hook.received if "notice" in b][1:]
        assert (notice["kind"], notice["policy"], notice["streak"]) == (
            "recovered",
            "acme-privacy",
            3,
        )

    feed = feedparser.parse((feeds / "failures.atom").read_bytes())
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [
        "acme-privacy works again after 3 failed runs",
        "acme-privacy has failed 2 runs in a row: http-4xx",
    ]
    # Every notice sent once per reporter, and recorded so.
    deliveries = rows(
        tmp_path / "pw.db",
        "SELECT reporter, status, count(*) AS n FROM notice_deliveries GROUP BY reporter, status",
    )
    assert {(d["reporter"], d["status"], d["n"]) for d in deliveries} == {
        ("email", "sent", 2),
        ("webhook", "sent", 2),
        ("atom", "sent", 2),
    }


def test_alerts_dry_run_lists_pending_notices_and_sends_none(site, run_cli, tmp_path):
    site.pages["/acme"] = BROKEN
    path = tmp_path / "policies.yaml"
    watchlist.save(path, [watchlist.Policy(name="acme-privacy", url=site.url("/acme"))])
    crawl = ["--db", "pw.db", "--watchlist", str(path), *FAST_SETTINGS]
    run_cli("crawl", *crawl, "-s", "POLICYWATCH_FAILING_AFTER=1", check=False)
    with WebhookSink() as hook:
        config = write_alerts(tmp_path / "alerts.yaml", {"type": "webhook", "url": hook.url})
        dry = run_cli("alerts", "--db", "pw.db", "--alerts", str(config), "--dry-run")
        assert "failure notices: would send 1" in dry.stdout
        assert "acme-privacy has failed 1 runs in a row: http-4xx" in dry.stdout
        assert hook.received == []
        run_cli("alerts", "--db", "pw.db", "--alerts", str(config))
        run_cli("alerts", "--db", "pw.db", "--alerts", str(config))
        assert [b["notice"]["kind"] for b in hook.received] == ["failing"]
