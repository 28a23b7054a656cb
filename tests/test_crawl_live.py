"""End to end: a real Scrapy crawl (in a subprocess) of a loopback site into a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.paths import FAST_SETTINGS

POLICY_PATH = "/legal/privacy"


@pytest.fixture
def watched(site, tmp_path):
    """A watch list with the demo clinic's policy served by `site`; returns crawl args."""
    site.pages[POLICY_PATH] = Page(demo_page("policy-2025.html"))
    path = tmp_path / "policies.yaml"
    watchlist.save(
        path,
        [
            watchlist.Policy(
                name="larkspur", url=site.url(POLICY_PATH), organisation="Larkspur Health"
            )
        ],
    )
    return ["--db", str(tmp_path / "pw.db"), "--watchlist", str(path), *FAST_SETTINGS]


def rows(tmp_path, sql, params=()):
    conn = sqlite3.connect(tmp_path / "pw.db")
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_a_changed_page_adds_a_version_and_a_section_level_change(site, watched, run_cli, tmp_path):
    first = run_cli("crawl", *watched)
    assert "new-version" in first.stdout
    site.pages[POLICY_PATH] = Page(demo_page("policy-2026.html"))
    run_cli("crawl", *watched)

    versions = rows(tmp_path, "SELECT * FROM versions ORDER BY first_seen, id")
    assert [v["effective_date"] for v in versions] == ["2025-03-03", "2026-11-02"]
    assert "Artificial intelligence features" in versions[1]["markdown"]
    assert "Cookie" not in versions[1]["markdown"] and "Subscribe" not in versions[1]["markdown"]
    (change,) = rows(tmp_path, "SELECT * FROM changes")
    assert change["kind"] == "both" and change["should_alert"] == 1
    assert (change["sections_added"], change["sections_modified"], change["sections_moved"]) == (
        1,
        2,
        1,
    )
    diff = json.loads(change["diff_json"])
    # Unchanged sections with the same heading that did not move are stored as
    # [old_index, new_index] pairs; renumbered ones ("3. Sharing" was "4. Sharing") stay listed.
    assert [(s["status"], s["new_heading"], s["moved"]) for s in diff["sections"]] == [
        ("modified", "Larkspur Health Privacy Policy", False),
        ("unchanged", "3. Sharing your information", False),
        ("added", "4. Artificial intelligence features", False),
        ("modified", "5. How long we keep your data", False),
        ("unchanged", "6. Children's privacy", True),
        ("unchanged", "7. Your rights", False),
    ]
    # 8 is "Access and correction", an accordion toggle's words.
    assert [new for _, new in diff["unchanged"]] == [1, 2, 8]
    retention = diff["sections"][3]["diff"]
    assert [-1, "30"] in retention and [1, "90"] in retention
    sections = rows(
        tmp_path,
        "SELECT heading FROM sections WHERE version_id = ? ORDER BY idx",
        [versions[1]["id"]],
    )
    assert len(sections) == 9
    snapshot = rows(tmp_path, "SELECT * FROM snapshots ORDER BY id")[-1]
    assert snapshot["source"] == "live" and snapshot["http_status"] == 200
    assert snapshot["etag"]


def test_an_unchanged_page_only_updates_the_seen_time(site, watched, run_cli, tmp_path):
    run_cli("crawl", *watched)
    (before,) = rows(tmp_path, "SELECT * FROM versions")
    second = run_cli("crawl", *watched)
    # The site's ETag matched: a conditional request, answered 304.
    assert "not-modified" in second.stdout
    assert site.requests[-1][1].get("If-None-Match")
    # New bytes, same policy text (the cookie banner changed): a snapshot, no version.
    page = demo_page("policy-2025.html").replace(b"We use cookies", b"We use a few cookies")
    site.pages[POLICY_PATH] = Page(page)
    third = run_cli("crawl", *watched)
    assert "unchanged" in third.stdout
    (after,) = rows(tmp_path, "SELECT * FROM versions")
    assert after["id"] == before["id"] and after["last_seen"] >= before["last_seen"]
    assert rows(tmp_path, "SELECT count(*) AS n FROM changes")[0]["n"] == 0
    assert rows(tmp_path, "SELECT count(*) AS n FROM snapshots")[0]["n"] == 2
    outcomes = [r["outcome"] for r in rows(tmp_path, "SELECT outcome FROM fetch_log ORDER BY id")]
    assert outcomes == ["new-version", "not-modified", "unchanged"]


def crawl_policies(run_cli, tmp_path, policies):
    """Crawl `policies` once into tmp_path/pw.db; return the finished process."""
    path = tmp_path / "policies.yaml"
    watchlist.save(path, policies)
    db = str(tmp_path / "pw.db")
    return run_cli("crawl", "--db", db, "--watchlist", str(path), *FAST_SETTINGS, check=False)


BAD_PAGES = {
    "/error": (Page(b"<html><body>Internal error</body></html>", status=500), "http-5xx"),
    "/gone": (Page(b"<html><body><h1>Not found</h1></body></html>", status=404), "http-4xx"),
    "/pdf": (
        Page(b"%PDF-1.7\n1 0 obj <<>> endobj\n", content_type="application/pdf"),
        "unreadable-pdf",
    ),
    "/empty": (
        Page(b"<html><head><title>x</title></head><body></body></html>"),
        "empty-extraction",
    ),
    "/private": (
        Page(b"", status=302, headers={"Location": "/login?next=/private"}),
        "login-redirect",
    ),
    "/wall": (
        Page(
            b"<html><title>Just a moment...</title><div id='cf-chl-widget'></div></html>",
            status=403,
        ),
        "bot-wall",
    ),
}


def test_bad_answers_are_logged_and_never_become_versions(site, tmp_path, run_cli):
    site.pages["/login?next=/private"] = Page(
        b"<html><body><form><input name=password></form></body></html>"
    )
    site.pages["/ok"] = Page(demo_page("policy-2025.html"))
    site.pages.update({path: page for path, (page, _) in BAD_PAGES.items()})
    policies = [watchlist.Policy(name=path.strip("/"), url=site.url(path)) for path in BAD_PAGES]
    policies.append(watchlist.Policy(name="ok", url=site.url("/ok")))
    result = crawl_policies(run_cli, tmp_path, policies)
    assert result.returncode == 1, result.stdout + result.stderr
    logged = {
        r["name"]: r["outcome"]
        for r in rows(
            tmp_path,
            "SELECT p.name, f.outcome FROM fetch_log f JOIN policies p ON p.id = f.policy_id",
        )
    }
    assert logged == {
        **{path.strip("/"): outcome for path, (_, outcome) in BAD_PAGES.items()},
        "ok": "new-version",
    }
    versions = rows(tmp_path, "SELECT p.name FROM versions v JOIN policies p ON p.id = v.policy_id")
    assert versions == [{"name": "ok"}]
    assert "5 ok" not in result.stdout and "1 ok, 6 failed" in result.stdout


def test_an_unreachable_host_is_a_typed_failure(tmp_path, run_cli):
    # Port 9 on loopback: nothing listens there, so the connection is refused at once.
    down = watchlist.Policy(name="down", url="http://127.0.0.1:9/privacy")
    result = crawl_policies(run_cli, tmp_path, [down])
    assert result.returncode == 1
    assert rows(tmp_path, "SELECT outcome FROM fetch_log") == [{"outcome": "connection"}]
    assert rows(tmp_path, "SELECT count(*) AS n FROM versions") == [{"n": 0}]


def crawl_legal_page(site, tmp_path, run_cli, entries: str) -> None:
    """Crawl the two-document legal page fixture, watched by the watch-list `entries` (YAML
    items whose `url` is "{url}")."""
    legal = Path(__file__).parent / "fixtures" / "extract" / "kestrel_legal.html"
    site.pages["/legal"] = Page(legal.read_bytes())
    path = tmp_path / "policies.yaml"
    path.write_text("policies:\n" + entries.replace("{url}", site.url("/legal")))
    run_cli("crawl", "--db", str(tmp_path / "pw.db"), "--watchlist", str(path), *FAST_SETTINGS)


def test_a_watched_document_type_stores_only_that_document_of_a_two_document_page(
    site, tmp_path, run_cli
):
    crawl_legal_page(
        site,
        tmp_path,
        run_cli,
        "- name: kestrel-privacy\n  url: {url}\n  document: privacy-policy\n"
        "- name: kestrel-terms\n  url: {url}\n  document: Terms of Service\n",
    )

    stored = {
        r["name"]: r
        for r in rows(
            tmp_path,
            "SELECT p.name, p.document, v.markdown, v.effective_date FROM versions v"
            " JOIN policies p ON p.id = v.policy_id",
        )
    }
    privacy, terms = stored["kestrel-privacy"], stored["kestrel-terms"]
    assert privacy["document"] == "privacy-policy" and terms["document"] == "terms-of-service"
    assert privacy["markdown"].startswith("## Privacy Policy")
    assert "Data we collect" in privacy["markdown"] and "Acceptable use" not in privacy["markdown"]
    assert privacy["effective_date"] == "2025-03-14"
    assert "Acceptable use" in terms["markdown"] and "Data we collect" not in terms["markdown"]
    assert terms["effective_date"] == "2026-02-02"
    # Re-extraction reads the stored hint too: the same reading, so no technical version.
    again = run_cli("reextract", "--db", str(tmp_path / "pw.db"))
    assert again.stdout.splitlines()[-1] == "2 unchanged"


def test_unasked_a_two_document_page_stores_the_watched_type_never_both(site, tmp_path, run_cli):
    crawl_legal_page(
        site,
        tmp_path,
        run_cli,
        "- name: kestrel-privacy\n  url: {url}\n  document_type: privacy-policy\n",
    )

    (stored,) = rows(tmp_path, "SELECT markdown, effective_date FROM versions")
    # The terms come first on the page: the watched type, not the order, chose.
    assert "Data we collect" in stored["markdown"]
    assert "Acceptable use" not in stored["markdown"]
    assert stored["effective_date"] == "2025-03-14"
    # Re-extraction reads the policy's type too: the same reading, so no technical version.
    again = run_cli("reextract", "--db", str(tmp_path / "pw.db"))
    assert again.stdout.splitlines()[-1] == "1 unchanged"
