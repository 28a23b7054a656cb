"""`policywatch fetch URL` (and `extract URL`): a real crawl of a loopback site that shows
what a crawl would store, with its typed outcome, and records nothing."""

from __future__ import annotations

import json

from crawler.config import watchlist
from crawler.sandbox.siteserver import Page
from tests.support.alerting import crawl_args, quill_page
from tests.support.paths import FAST_SETTINGS

FAST = [*FAST_SETTINGS, "-s", "ROBOTSTXT_OBEY=0"]


def test_fetch_shows_the_text_a_crawl_stores_and_records_nothing(site, run_cli, tmp_path):
    site.pages["/quill/privacy"] = Page(quill_page(2))
    url = site.url("/quill/privacy")
    fetched = run_cli("fetch", url, "--format", "json", *FAST)
    document = json.loads(fetched.stdout)
    assert document["title"] == "Quillfeather Privacy Policy"
    assert document["effective_date"] == "2025-04-01"
    assert [s["heading"] for s in document["sections"]][1:] == [
        "What we collect",
        "How we share data",
        "Your rights",
    ]
    # Nothing written: no database in the working directory or in the (XDG) home.
    assert sorted(p.name for p in tmp_path.iterdir()) == []

    # A crawl of the same page stores exactly that text.
    watch = tmp_path / "w.yaml"
    watchlist.save(watch, [watchlist.Policy(name="quill-privacy", url=url)])
    db = tmp_path / "pw.db"
    run_cli("crawl", *crawl_args(db, watch))
    shown = json.loads(run_cli("show", "quill-privacy", "--db", str(db), "--format", "json").stdout)
    assert document["markdown"] == shown["markdown"]

    # `extract URL` is the same command.
    assert run_cli("extract", url, "--format", "json", *FAST).stdout == fetched.stdout


def test_fetch_applies_the_entry_s_remove_and_explains(site, run_cli, tmp_path):
    site.pages["/quill/privacy"] = Page(quill_page(1))
    url = site.url("/quill/privacy")
    args = ["fetch", url, *FAST, "--format", "text"]
    whole = run_cli(*args).stdout
    trimmed = run_cli(*args, "--remove", "main > p:nth-of-type(3)", "--explain")
    assert "payment processors" in whole
    assert "payment processors" not in trimmed.stdout
    assert "kept:" in trimmed.stderr and "dropped:" in trimmed.stderr


def test_a_failed_fetch_exits_1_with_the_crawl_s_typed_outcome(site, run_cli, tmp_path):
    site.pages["/empty"] = Page(b"<html><head><title>Hi</title></head><body></body></html>")
    cases = {
        "/missing": "http-4xx: HTTP 404",
        "/empty": "empty-extraction",
    }
    for path, outcome in cases.items():
        result = run_cli("fetch", site.url(path), *FAST, check=False)
        assert result.returncode == 1, result.stderr
        assert f"Error: {outcome}" in result.stderr
        assert result.stdout == ""


def test_fetch_obeys_robots_txt_as_a_crawl_does(site, run_cli):
    site.pages["/robots.txt"] = Page(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    site.pages["/quill/privacy"] = Page(quill_page(1))
    result = run_cli("fetch", site.url("/quill/privacy"), *FAST_SETTINGS, check=False)
    assert result.returncode == 1
    assert "Error: robots-forbidden" in result.stderr
    assert [path for path, _ in site.requests] == ["/robots.txt"]


def test_fetch_refuses_what_is_not_an_http_url(run_cli):
    result = run_cli("fetch", "file:///etc/passwd", check=False)
    assert result.returncode == 2
    assert "URL must start with http:// or https://" in result.stderr
