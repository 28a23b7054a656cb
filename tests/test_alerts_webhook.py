"""The `webhook` reporter against a loopback HTTP server: JSON body, retries, filters."""

from __future__ import annotations

import pytest

from crawler.storage import open_database
from tests.alerting import WebhookSink, crawl_two_editions, write_alerts


@pytest.fixture
def hook():
    with WebhookSink() as sink:
        yield sink


def test_json_post_per_change_retried_after_a_failure(site, run_cli, tmp_path, hook, monkeypatch):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    # The URL comes from the environment, as a chat webhook's secret URL should.
    monkeypatch.setenv("QUILLWATCH_HOOK", hook.url)
    config = write_alerts(
        tmp_path / "alerts.yaml", {"type": "webhook", "url_env": "QUILLWATCH_HOOK"}
    )
    args = ("alerts", "--db", str(db), "--alerts", str(config))

    hook.status = 503
    failed = run_cli(*args, check=False)
    assert failed.returncode == 1
    assert "webhook answered HTTP 503" in failed.stdout
    assert hook.url not in failed.stdout + failed.stderr

    hook.status = 204
    run_cli(*args)
    run_cli(*args)  # nothing new: nothing posted again
    assert len(hook.received) == 2
    by_policy = {body["change"]["policy"]: body for body in hook.received}
    raven = by_policy["raven-terms"]
    assert raven["text"].startswith("raven-terms (Ravenbrook Tools): silent edit")
    assert raven["change"]["kind"] == "silent-edit"
    assert raven["change"]["sections"] == [{"status": "added", "title": "Disputes"}]
    assert "[+Any dispute will be settled by binding arbitration" in raven["change"]["diff_text"]
    assert raven["change"]["wayback"].startswith("https://web.archive.org/web/")
    attempts = [d["attempts"] for d in open_database(db).deliveries("webhook")]
    assert attempts == [2, 2]


def test_section_subscription_posts_only_matching_changes(site, run_cli, tmp_path, hook):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    config = write_alerts(
        tmp_path / "alerts.yaml",
        {"type": "webhook", "url": hook.url, "subscribe": {"sections": ["share"]}},
    )
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    assert [body["change"]["policy"] for body in hook.received] == ["quill-privacy"]
