"""Topics after a real crawl: stored in diff_json at record time, shown by `change_details`,
by `diff --format json` and `--explain`, filtering `feed --topic`; and back-filled into the
changes of a database written before topics existed."""

from __future__ import annotations

import json
import sqlite3

import feedparser

from crawler.storage import open_database
from tests.support.alerting import crawl_two_editions
from tests.test_storage_migrations import changes_before_0007, database_at


def feed_entries(run_cli, db, *args: str) -> list[str]:
    parsed = feedparser.parse(run_cli("feed", "--db", str(db), *args).stdout.encode())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [entry.title for entry in parsed.entries]


def test_crawled_changes_carry_topics_in_views_diffs_and_feeds(site, run_cli, tmp_path):
    db, _ = crawl_two_editions(run_cli, site, tmp_path)
    store = open_database(db)
    rows = store.query(
        "SELECT policy, heading, topics FROM change_details ORDER BY policy, heading"
    )
    topics = {(row["policy"], row["heading"]): json.loads(row["topics"]) for row in rows}
    assert topics[("quill-privacy", "What we collect")] == ["data-collection", "ai-training"]
    assert "sharing" in topics[("quill-privacy", "How we share data")]
    assert topics[("quill-privacy", "Quillfeather Privacy Policy")] == ["effective-date-only"]
    assert topics[("raven-terms", "Disputes")] == ["dispute-resolution"]
    # Queryable as JSON, as Datasette and sqlite-utils users do.
    about_sharing = store.query(
        "SELECT DISTINCT policy FROM change_details, json_each(change_details.topics) "
        "WHERE json_each.value = 'sharing'"
    )
    assert about_sharing == [{"policy": "quill-privacy"}]

    diff = json.loads(run_cli("diff", "quill-privacy", "--db", str(db), "--format", "json").stdout)
    by_heading = {s["new_heading"]: s["topics"] for s in diff["sections"]}
    assert by_heading["What we collect"] == ["data-collection", "ai-training"]
    assert by_heading["Your rights"] == []
    explained = run_cli("diff", "quill-privacy", "--db", str(db), "--explain").stdout
    assert (
        "What we collect -> ai-training (changed: 'train', 'AI'); "
        "data-collection (heading: 'collect')" in explained
    )

    assert feed_entries(run_cli, db, "--topic", "ai-training") == [
        "quill-privacy: content and effective date changed"
    ]
    assert feed_entries(run_cli, db, "--topic", "dispute-resolution") == [
        "raven-terms: silent edit (content changed, stated date did not)"
    ]
    assert feed_entries(run_cli, db, "--topic", "children") == []
    assert len(feed_entries(run_cli, db)) == 2
    refused = run_cli("feed", "--db", str(db), "--topic", "gossip", check=False)
    assert refused.returncode == 2 and "gossip" in refused.stderr


def test_changes_recorded_before_topics_are_back_filled(tmp_path):
    db = database_at(tmp_path / "old.db", "0006_section_texts")
    changes_before_0007(db)
    # As a release before topics stored them: no `topics` in any section.
    for change_id, diff_json in db.execute("SELECT id, diff_json FROM changes").fetchall():
        diff = json.loads(diff_json)
        for section in diff["sections"]:
            section.pop("topics")
        db.execute("UPDATE changes SET diff_json = ? WHERE id = ?", [json.dumps(diff), change_id])
    db.conn.row_factory = sqlite3.Row
    before = {row["topics"] for row in db.execute("SELECT topics FROM change_details")}
    assert before == {"[]"}
    db.conn.close()

    store = open_database(tmp_path / "old.db")
    rows = store.query(
        "SELECT change_id, heading, topics FROM change_details ORDER BY change_id, heading"
    )
    topics = {(row["change_id"], row["heading"]): json.loads(row["topics"]) for row in rows}
    # Northwind v2 adds advertising partners to "Data sharing"; v3 adds deletion to the rights
    # and moves the effective date.
    sharing = [t for (_, heading), t in topics.items() if heading == "Data sharing"]
    assert ["sharing", "cookies-tracking"] in sharing
    assert any("effective-date-only" in t for t in topics.values())
    assert all(
        "topics" in s
        for r in store.query("SELECT diff_json FROM changes")
        for s in json.loads(r["diff_json"])["sections"]
    )


def test_compare_gives_topics_in_json_and_explains_them(run_cli, tmp_path):
    old = "# Policy\n\n## Children\n\nOur app is for everyone.\n"
    new = "# Policy\n\n## Children\n\nOur app is for everyone over 16; we need parental consent.\n"
    (tmp_path / "old.md").write_text(old)
    (tmp_path / "new.md").write_text(new)
    result = json.loads(run_cli("compare", "old.md", "new.md", "--format", "json").stdout)
    assert [s["topics"] for s in result["sections"] if s["status"] == "modified"] == [["children"]]
    explained = json.loads(
        run_cli("compare", "old.md", "new.md", "--format", "json", "--explain").stdout
    )
    modified = [s for s in explained["sections"] if s["status"] == "modified"]
    assert modified[0]["topic_matches"]["children"]["words"] == ["parental consent"]
    text = run_cli("compare", "old.md", "new.md", "--explain").stdout
    assert "modified: Children -> children (changed: 'parental consent')" in text
