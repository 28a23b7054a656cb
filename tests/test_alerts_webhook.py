"""The `webhook` reporter against a loopback HTTP server: JSON body, retries, filters."""

from __future__ import annotations

import pytest

from crawler.storage import open_database
from tests.support.alerting import (
    WebhookSink,
    crawl_hostile_edition,
    crawl_two_editions,
    quill_page,
    write_alerts,
)


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


@pytest.mark.parametrize("status", [302, 303, 307])
def test_a_redirect_is_a_failure_kept_for_the_next_run(site, run_cli, tmp_path, hook, status):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    config = write_alerts(tmp_path / "alerts.yaml", {"type": "webhook", "url": hook.url})
    args = ("alerts", "--db", str(db), "--alerts", str(config))
    hook.status = status
    redirected = run_cli(*args, check=False)
    assert redirected.returncode == 1
    assert f"webhook answered HTTP {status}" in redirected.stdout
    assert hook.gets == [] and hook.received == []
    assert {d["status"] for d in open_database(db).deliveries("webhook")} == {"failed"}
    hook.status = 204
    run_cli(*args)
    assert len(hook.received) == 2


def test_chat_text_escapes_markup_taken_from_the_page(site, run_cli, tmp_path, hook):
    # Escaped in the page, so the heading's text really holds chat mention and link markup.
    hostile = b"How we share data &lt;!channel&gt; &lt;https://evil.example|click here&gt;"
    quill = quill_page(2).replace(b"How we share data", hostile)
    db = crawl_hostile_edition(run_cli, site, tmp_path, quill)
    config = write_alerts(tmp_path / "alerts.yaml", {"type": "webhook", "url": hook.url})
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    (body,) = hook.received
    text = body["text"]
    assert "<" not in text and ">" not in text
    assert "&lt;!channel&gt; &lt;https://evil.example|click here&gt;" in text
    assert text.startswith("quill-privacy (Quillfeather &amp; &lt;Notes&gt; Ltd): ")
    # The structured part keeps the words as they are: it is data, not chat markup.
    titles = [s["title"] for s in body["change"]["sections"]]
    assert titles[-1].endswith("How we share data <!channel> <https://evil.example|click here>")
    assert body["change"]["organisation"] == "Quillfeather & <Notes> Ltd"


def test_dry_run_fails_when_the_url_variable_is_unset(site, run_cli, tmp_path, monkeypatch):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    monkeypatch.delenv("QUILLWATCH_UNSET_HOOK", raising=False)
    config = write_alerts(
        tmp_path / "alerts.yaml", {"type": "webhook", "url_env": "QUILLWATCH_UNSET_HOOK"}
    )
    dry = run_cli("alerts", "--db", str(db), "--alerts", str(config), "--dry-run", check=False)
    assert dry.returncode == 1
    assert "environment variable QUILLWATCH_UNSET_HOOK (for url) is not set" in dry.stdout
    assert open_database(db).deliveries("webhook") == []
    # Nothing due for it yet: the configuration is still checked, as a real run checks it.
    config = write_alerts(
        tmp_path / "alerts.yaml",
        {"type": "webhook", "url_env": "QUILLWATCH_UNSET_HOOK", "subscribe": {"tags": ["none"]}},
    )
    idle = run_cli("alerts", "--db", str(db), "--alerts", str(config), "--dry-run", check=False)
    assert idle.returncode == 1
    assert "QUILLWATCH_UNSET_HOOK (for url) is not set" in idle.stdout
