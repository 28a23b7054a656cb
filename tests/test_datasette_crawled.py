"""`policywatch serve` over HTTP on a database made by real crawls: what a Datasette user sees.

Internal tables are hidden, the views to start with are listed first, search finds sections by
policy and version, and the canned queries answer the morning's questions.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from urllib.parse import quote
from urllib.request import urlopen

import pytest

from crawler.query.serve import load_metadata
from tests.support.crawled_history import GONE, LARKSPUR, STEADY, crawl_history
from tests.support.paths import ROOT

pytest.importorskip("datasette", reason="Datasette is the optional [serve] extra")

VISIBLE_TABLES = {"policies", "snapshots", "changes", "fetch_log", "runs"}
INTERNAL_TABLES = {
    "raw_captures",
    "schema_migrations",
    "version_rows",
    "section_rows",
    "section_texts",
    "deliveries",
    "clauses",
    "clause_events",
    "failure_notices",
    "notice_deliveries",
    "sqlite_sequence",
    "sections_fts",
}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(base URL, the line `serve` printed) of `policywatch serve --port 0` on a crawled db."""
    db = crawl_history(tmp_path_factory.mktemp("crawled"))
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        ready, _, _ = select.select([server.stdout], [], [], 60)
        assert ready, "policywatch serve printed nothing within 60 s"
        line = server.stdout.readline()
        assert line, server.stderr.read()
        url = re.search(r"http://\S+", line).group(0)
        yield url, line
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
        server.stderr.close()


def get(served, path: str):
    url, _ = served
    with urlopen(url + path.lstrip("/")) as response:
        body = response.read().decode()
    return json.loads(body) if ".json" in path else body


def test_serve_prints_the_url_it_listens_on_as_soon_as_it_listens(served):
    url, line = served
    assert re.fullmatch(r"Serving http://127\.0\.0\.1:\d+/ \(Ctrl\+C to stop\)\n", line)
    # No retry: the port is already listening when the line is printed (this is the first
    # request unless another test ran before; either way it must answer at once).
    with urlopen(url + "-/versions.json", timeout=10) as response:
        assert response.status == 200


def test_internal_tables_are_hidden_from_the_index_and_the_database_page(served):
    (database,) = get(served, "/.json").values()
    listed = {table["name"] for table in database["tables_and_views_truncated"]}
    assert listed and not listed & INTERNAL_TABLES
    assert database["tables_count"] == len(VISIBLE_TABLES)
    tables = get(served, "/pw.json")["tables"]
    assert {t["name"] for t in tables if not t["hidden"]} == VISIBLE_TABLES
    hidden = {t["name"] for t in tables if t["hidden"]}
    # The FTS index's shadow tables too (sections_fts_data, _idx, _docsize, _config).
    assert hidden >= INTERNAL_TABLES and any(name.startswith("sections_fts_") for name in hidden)


def test_the_views_to_start_with_come_first_with_their_descriptions(served):
    page = get(served, "/pw")
    names = ["policy_timeline", "change_details", "silent_edits", "latest_versions"]
    links = [page.index(f'href="/pw/{name}"') for name in names]
    assert links == sorted(links) and links[-1] < page.index('<h2 id="tables">')
    # Each with the description the metadata gives its view.
    tables = load_metadata("pw")["databases"]["pw"]["tables"]
    assert tables["silent_edits"]["description"].split('"')[0] in page


def test_search_lists_each_section_text_once_by_policy_version_and_date(served):
    rows = get(served, "/pw/section_search.json?_search=insurer&_shape=array")
    per_section = get(served, "/pw/sections.json?_search=insurer&_shape=array&_size=max")
    assert rows and {row["policy"] for row in rows} == {LARKSPUR, STEADY}
    # One row per policy and text, where `sections` repeats a text for every version.
    timeline = get(served, "/pw/policy_timeline.json?_shape=array")
    versions = {v["version_id"]: v["policy"] for v in timeline}
    assert len(rows) == len({(versions[s["version_id"]], s["text_id"]) for s in per_section})
    assert len(rows) < len(per_section)
    for row in rows:
        assert 1 <= row["first_version"] <= row["last_version"] <= 3
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row["first_seen"])
        assert not any("hash" in column for column in row)
        assert not any(re.fullmatch(r"[0-9a-f]{16,}", str(value)) for value in row.values())


def test_canned_query_changes_this_week(served):
    rows = get(served, "/pw/changes_this_week.json?_shape=array")
    assert [(r["policy"], r["version_number"], r["change_kind"]) for r in rows] == [
        (LARKSPUR, 3, "both"),
        (LARKSPUR, 2, "silent-edit"),
    ]


def test_canned_query_recent_silent_edits(served):
    rows = get(served, "/pw/recent_silent_edits.json?_shape=array")
    assert [(r["policy"], r["sections_modified"]) for r in rows] == [(LARKSPUR, 1)]


def test_canned_query_failing_policies(served):
    rows = get(served, "/pw/failing_policies.json?_shape=array")
    assert [
        (r["policy"], r["outcome"], r["http_status"], r["failing_streak"], r["last_success"])
        for r in rows
    ] == [(GONE, "http-4xx", 404, 3, None)]
    assert rows[0]["failing_since"] < rows[0]["last_fetch"]


def test_canned_query_policy_on_a_date(served):
    today = datetime.now(UTC).date()
    path = "/pw/policy_on_date.json?_shape=array&policy={}&date={}"
    (row,) = get(served, path.format(LARKSPUR, today))
    assert row["version_number"] == 3 and "Artificial intelligence features" in row["markdown"]
    assert get(served, path.format(LARKSPUR, today - timedelta(days=1))) == []
    assert get(served, path.format(quote(GONE), today)) == []


def test_views_are_served_without_facet_suggestions(served):
    # Suggesting facets counts every row of a view, unguarded by Datasette's time limit: on a
    # large history that failed the whole page. Facets can still be asked for (_facet=).
    page = get(served, "/pw/change_details.json")
    assert page["suggested_facets"] == []
    faceted = get(served, "/pw/change_details.json?_facet=policy")
    assert [v["value"] for v in faceted["facet_results"]["policy"]["results"]] == [LARKSPUR]
