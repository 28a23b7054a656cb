"""Atom feeds written by the `atom` reporter and printed by `policywatch feed`, parsed back."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET

import feedparser
import pytest

from crawler.alerts.feeds import FeedError, checked
from crawler.storage import open_database
from tests.support.alerting import (
    SCRIPT_TEXT,
    crawl_hostile_edition,
    crawl_two_editions,
    edit_recorded_diffs,
    quill_page,
    write_alerts,
)

ATOM = "http://www.w3.org/2005/Atom"
# The characters XML 1.0 cannot carry (C0 controls but tab, line feed and carriage return).
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse(data: bytes):
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def test_feeds_per_policy_organisation_and_tag_parse_with_stable_ids(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    config = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"})
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    feeds = db.parent / "feeds"
    written = sorted(p.relative_to(feeds).as_posix() for p in feeds.rglob("*.atom"))
    assert written == [
        "all.atom",
        "organisation/quillfeather-notes-ltd.atom",
        "organisation/ravenbrook-tools.atom",
        "policy/quill-privacy.atom",
        "policy/raven-terms.atom",
        "tag/developer.atom",
        "tag/notes.atom",
        "tag/privacy.atom",
    ]
    everything = parse((feeds / "all.atom").read_bytes())
    assert len(everything.entries) == 2
    quill = parse((feeds / "policy/quill-privacy.atom").read_bytes()).entries[0]
    assert quill.title == "quill-privacy: content and effective date changed"
    store = open_database(db)
    (window,) = store.query(
        "SELECT date(window_from) AS start, date(window_to) AS end FROM change_windows "
        "WHERE policy = 'quill-privacy'"
    )
    store.close()
    assert quill.summary == (
        f"Changed between {window['start']} and {window['end']}. "
        "Modified: Quillfeather Privacy Policy, What we collect, How we share data"
    )
    assert quill.link == site.url("/quill/privacy")
    assert quill.id.startswith("urn:uuid:")
    assert quill.author == "Quillfeather & <Notes> Ltd"
    assert quill.updated_parsed is not None and quill.published_parsed is not None
    assert [t.term for t in quill.tags] == ["notes", "privacy"]
    assert "aggregated data to advertising partners" in quill.content[0].value

    # The entry HTML, as a feed reader gets it after XML decoding: the policy's <script> is text.
    tree = ET.parse(feeds / "policy/quill-privacy.atom")
    html = tree.find(f"{{{ATOM}}}entry/{{{ATOM}}}content").text
    assert "<script" not in html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert SCRIPT_TEXT not in html

    # Regenerating from the database gives the same ids, and unchanged files are not rewritten.
    before = {p: p.stat().st_mtime_ns for p in feeds.rglob("*.atom")}
    printed = run_cli("feed", "--db", str(db), "--policy", "quill-privacy").stdout
    assert parse(printed.encode()).entries[0].id == quill.id
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    assert {p: p.stat().st_mtime_ns for p in feeds.rglob("*.atom")} == before


def test_printed_feed_by_tag_holds_only_that_tag(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    developer = parse(run_cli("feed", "--db", str(db), "--tag", "developer").stdout.encode())
    assert [e.title for e in developer.entries] == [
        "raven-terms: silent edit (content changed, stated date did not)"
    ]
    unknown = parse(run_cli("feed", "--db", str(db), "--tag", "no-such-tag").stdout.encode())
    assert unknown.entries == []


def test_rss_reporter_writes_the_same_entries_as_rss_2(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    config = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"}, {"type": "rss"})
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    feeds = db.parent / "feeds"
    atom = parse((feeds / "tag/notes.atom").read_bytes())
    rss = parse((feeds / "tag/notes.rss").read_bytes())
    assert rss.version == "rss20"
    assert [e.id for e in rss.entries] == [e.id for e in atom.entries]
    assert rss.entries[0].published_parsed == atom.entries[0].updated_parsed
    channel = ET.parse(feeds / "policy/quill-privacy.rss").getroot().find("channel")
    assert channel.find("link").text == site.url("/quill/privacy")
    description = channel.find("item/description").text
    assert "<script" not in description
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in description


def test_control_characters_in_a_page_reach_neither_versions_nor_feeds(site, run_cli, tmp_path):
    hostile = quill_page(2).replace(b"advertising partners", b"advertising\x01 part\x08ners")
    quill = hostile.replace(b"Your rights", b"Your\x1b rights\x7f")
    db = crawl_hostile_edition(run_cli, site, tmp_path, quill)
    with sqlite3.connect(db) as connection:
        texts = [row[0] for row in connection.execute("SELECT markdown FROM versions")]
    assert len(texts) == 3
    assert not any(CONTROLS.search(text) for text in texts)
    assert "advertising partners" in texts[-1] and "## Your rights\n" in texts[-1]

    config = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"}, {"type": "rss"})
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    for path in (db.parent / "feeds").rglob("*.*"):
        ET.parse(path)  # well-formed XML, or this raises
        assert parse(path.read_bytes()).entries
    quill = parse((db.parent / "feeds/policy/quill-privacy.atom").read_bytes()).entries[0]
    assert "advertising partners" in quill.content[0].value
    statuses = {d["status"] for d in open_database(db).deliveries()}
    assert statuses == {"sent"}


def test_versions_stored_with_control_characters_still_give_parsable_feeds(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    # A database extracted before control characters were dropped: the stored text holds one.
    with sqlite3.connect(db) as connection:
        changed = connection.execute(
            "UPDATE section_texts SET text = replace(text, 'advertising partners', "
            "'advertising' || char(1) || ' part' || char(8) || 'ners') "
            "WHERE text LIKE '%advertising partners%'"
        ).rowcount
    assert changed == 1
    # The diff recorded with the change then held them too (as JSON escapes: json.dumps
    # writes control characters so).
    edited = edit_recorded_diffs(db, "advertising partners", r"advertising\u0001 part\u0008ners")
    assert edited == 1
    config = write_alerts(tmp_path / "alerts.yaml", {"type": "atom"}, {"type": "rss"})
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    for path in (db.parent / "feeds").rglob("*.*"):
        ET.parse(path)
        assert parse(path.read_bytes()).entries
    assert {d["status"] for d in open_database(db).deliveries()} == {"sent"}


def test_a_feed_that_would_not_parse_back_is_refused():
    assert checked("all.atom", b"<feed><title>fine</title></feed>")
    with pytest.raises(FeedError, match=r"all\.atom would not parse back"):
        checked("all.atom", b"<feed><title>bad \x01</title></feed>")


def test_feeds_served_from_a_base_url_link_to_themselves(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    base = "https://feeds.quill.example/policywatch/"
    reporters = [{"type": kind, "base_url": base} for kind in ("atom", "rss")]
    config = write_alerts(tmp_path / "alerts.yaml", *reporters)
    run_cli("alerts", "--db", str(db), "--alerts", str(config))
    feeds = db.parent / "feeds"
    atom = parse((feeds / "tag/notes.atom").read_bytes())
    assert {(link.rel, link.href) for link in atom.feed.links} >= {
        ("self", base + "tag/notes.atom")
    }
    channel = ET.parse(feeds / "all.rss").getroot().find("channel")
    assert channel.find("link").text == base + "all.rss"
    self_link = channel.find(f"{{{ATOM}}}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", base + "all.rss")
    printed = run_cli("feed", "--db", str(db), "--tag", "notes", "--base-url", base).stdout
    links = {(link.rel, link.href) for link in parse(printed.encode()).feed.links}
    assert ("self", base + "tag/notes.atom") in links
