"""Full-text search over sections: the FTS index stays in sync and the CLI reports hits."""

from __future__ import annotations

import json

import pytest

from tests.support.query_history import build_history


@pytest.fixture
def db(tmp_path):
    build_history(tmp_path / "history.db").close()
    return str(tmp_path / "history.db")


def test_search_finds_stemmed_words_once_per_distinct_text(db, run_cli):
    result = run_cli("search", "advertising", "--db", db, "--format", "json")
    hits = json.loads(result.stdout)
    # The sentence appeared in version 2 and stayed in version 3: one hit spanning both.
    assert [(h["policy"], h["heading"], h["versions"]) for h in hits] == [
        ("northwind-privacy", "Data sharing", 2)
    ]
    assert hits[0]["first_seen"] == "2023-02-10T08:00:00Z"
    assert "[advertising]" in hits[0]["snippet"]
    stemmed = json.loads(run_cli("search", "sharing", "--db", db, "--format", "json").stdout)
    assert {h["heading"] for h in stemmed} == {"Data sharing"}  # "share" in the text, stemmed


def test_search_filters_by_policy_and_limits(db, run_cli):
    everywhere = json.loads(run_cli("search", "we", "--db", db, "--format", "json").stdout)
    assert {h["policy"] for h in everywhere} == {"northwind-privacy", "contoso-terms"}
    contoso = run_cli("search", "we", "--policy", "contoso-terms", "--db", db, "--format", "json")
    assert {h["policy"] for h in json.loads(contoso.stdout)} == {"contoso-terms"}
    limited = run_cli("search", "we", "--limit", "1", "--db", db, "--format", "json")
    assert len(json.loads(limited.stdout)) == 1


def test_search_text_output_and_bad_queries(db, run_cli):
    text = run_cli("search", '"show ads"', "--db", db).stdout
    assert text.splitlines()[0].startswith("contoso-terms  2023-06-01..2023-06-01  Cookies")
    assert "to [show ads]." in text
    bad = run_cli("search", "data-sharing", "--db", db, check=False)
    assert bad.returncode == 2 and "cannot search for 'data-sharing'" in bad.stderr


def test_index_follows_inserts_and_deletes(tmp_path):
    store = build_history(tmp_path / "history.db")
    assert store.search_sections("couriers")
    store.db.execute("DELETE FROM sections")
    assert store.search_sections("couriers") == []
    store.db.execute(
        "INSERT INTO sections (version_id, idx, heading, level, path, text, hash) "
        "VALUES (1, 0, 'Couriers', 2, 'Couriers', 'Parcels go by bicycle.', 'x')"
    )
    assert [h["heading"] for h in store.search_sections("bicycle")] == ["Couriers"]


@pytest.mark.parametrize("query", ['"x', "*", "it's", "data-sharing", "AND", "x)", "NEAR("])
def test_every_query_fts5_cannot_parse_gets_the_same_message(db, run_cli, query):
    bad = run_cli("search", query, "--db", db, check=False)
    assert bad.returncode == 2
    assert bad.stderr.strip().splitlines()[-1] == (
        f"Error: cannot search for {query!r}: not a query FTS5 can parse; quote phrases "
        '("data-sharing") or use --literal to search the words as typed'
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("data-sharing", {("northwind-privacy", "Data sharing")}),
        ('"show ads', {("contoso-terms", "Cookies")}),
        # AND is the word "and" here ("…parcels and with advertising partners…").
        ("advertising AND", {("northwind-privacy", "Data sharing")}),
        ("*", set()),
        ("it's", set()),
    ],
)
def test_literal_searches_the_words_as_typed(db, run_cli, query, found):
    result = run_cli("search", "--literal", query, "--db", db, "--format", "json")
    assert {(h["policy"], h["heading"]) for h in json.loads(result.stdout)} == found
