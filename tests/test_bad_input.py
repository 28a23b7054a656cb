"""Bad input to the real CLI: one `Error:` line, a non-zero exit, never a traceback.

(Malformed watch-list fields are covered line by line in test_watchlist.py; unknown names and
a missing database for the read commands in test_cli_reading.py.)
"""

from __future__ import annotations

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from crawler.storage import open_database
from tests.support.paths import FAST_SETTINGS


def assert_one_line_error(result, message: str) -> None:
    assert result.returncode != 0
    assert result.stderr.startswith("Error:") and len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def crawled(site, tmp_path, run_cli):
    """A database with one version of the demo policy, and its watch list."""
    site.pages["/privacy"] = Page(demo_page("policy-2025.html"))
    watchlist.save(
        tmp_path / "w.yaml", [watchlist.Policy(name="larkspur", url=site.url("/privacy"))]
    )
    run_cli("crawl", "--db", "pw.db", "--watchlist", "w.yaml", *FAST_SETTINGS)
    return tmp_path


@pytest.mark.parametrize("command", [["crawl", "--watchlist", "w.yaml"], ["history", "larkspur"]])
def test_a_file_that_is_not_a_database(crawled, run_cli, command):
    (crawled / "notes.db").write_text("Meeting notes, not SQLite.\n" * 200)
    result = run_cli(*command, "--db", "notes.db", check=False)
    assert_one_line_error(result, "cannot open database notes.db: file is not a database")


@pytest.mark.parametrize("command", [["crawl", "--watchlist", "w.yaml"], ["history", "larkspur"]])
def test_a_database_from_a_newer_policywatch(crawled, run_cli, command):
    store = open_database(crawled / "pw.db")
    store.db["schema_migrations"].insert({"name": "9999_from_the_future", "applied_at": "x"})
    store.close()
    result = run_cli(*command, "--db", "pw.db", check=False)
    assert_one_line_error(result, "newer than this policywatch understands; upgrade policywatch")


@pytest.mark.parametrize("when", ["2025-13-45", "last tuesday", "2025-02-30"])
def test_bad_dates(crawled, run_cli, when):
    result = run_cli("show", "larkspur", "--at", when, "--db", "pw.db", check=False)
    assert_one_line_error(result, f"not a date: {when!r}")


def test_an_unknown_policy_name_for_crawl(crawled, run_cli):
    result = run_cli("crawl", "nope", "--db", "pw.db", "--watchlist", "w.yaml", check=False)
    assert_one_line_error(result, "not in the watch list: nope")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "w2.yaml: watch list not found"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "w2.yaml: not UTF-8 text (byte 0)"),
        (b"policies: [unclosed\n", "w2.yaml:2: not valid YAML: expected ',' or ']'"),
        (b"policies: 42\n", "w2.yaml:1:"),
    ],
)
def test_unreadable_watch_lists(crawled, run_cli, content, message):
    if content is not None:
        (crawled / "w2.yaml").write_bytes(content)
    result = run_cli("crawl", "--db", "pw.db", "--watchlist", "w2.yaml", check=False)
    assert_one_line_error(result, message)
