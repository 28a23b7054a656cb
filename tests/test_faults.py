"""Every fault of the fault site → a typed outcome, advice in the summary, never a version."""

from __future__ import annotations

import sqlite3

import pytest

from crawler import watchlist
from crawler.demo import demo_page
from crawler.outcomes import advice
from crawler.siteserver import Page
from tests.conftest import FAST_SETTINGS
from tests.faultsite import FaultSite

# Short enough for the hanging faults to fail fast, long enough for a loopback answer.
QUICK_TIMEOUT = ["-s", "DOWNLOAD_TIMEOUT=2"]

# policy name -> (fault path, expected outcome)
FAULT_MATRIX = {
    "timeout": ("/fault/timeout", "timeout"),
    "hang-mid-body": ("/fault/hang-mid-body", "timeout"),
    "cut-mid-body": ("/fault/cut-mid-body", "connection"),
    "cloudflare": ("/fault/cloudflare", "bot-wall"),
    "cloudflare-503": ("/fault/cloudflare-503", "bot-wall"),
    "incapsula": ("/fault/incapsula", "bot-wall"),
    "siteground": ("/fault/siteground", "bot-wall"),
    "forbidden": ("/fault/forbidden", "http-4xx"),
    "not-found": ("/fault/404", "http-4xx"),
    "gone": ("/fault/410", "http-4xx"),
    "too-many": ("/fault/429", "rate-limited"),
    "too-many-retry-after": ("/fault/429-retry-after", "rate-limited"),
    "server-error": ("/fault/500", "http-5xx"),
    "bad-gateway": ("/fault/502", "http-5xx"),
    "unavailable": ("/fault/503", "http-5xx"),
    "redirect-loop": ("/fault/redirect-loop", "redirect-loop"),
    "login": ("/fault/members", "login-redirect"),
    "to-file": ("/fault/to-file", "unsafe-redirect"),
    "to-ftp": ("/fault/to-ftp", "unsafe-redirect"),
    "pdf": ("/fault/pdf", "not-html"),
    "pdf-as-html": ("/fault/pdf-as-html", "not-html"),
    "image": ("/fault/image", "not-html"),
    "json": ("/fault/json", "not-html"),
    "gzip-bomb": ("/fault/gzip-bomb", "too-large"),
    "huge": ("/fault/huge", "too-large"),
    "huge-unannounced": ("/fault/huge-unannounced", "too-large"),
    "empty": ("/fault/empty", "empty-extraction"),
}


@pytest.fixture
def fault_site():
    with FaultSite() as site:
        yield site


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def crawl(run_cli, tmp_path, policies, *settings):
    """`policywatch crawl` of `policies` into tmp_path/pw.db; the finished process."""
    path = tmp_path / "policies.yaml"
    watchlist.save(path, policies)
    db = str(tmp_path / "pw.db")
    args = ["crawl", "--db", db, "--watchlist", str(path), *FAST_SETTINGS, *settings]
    return run_cli(*args, check=False)


def logged(tmp_path) -> dict[str, str]:
    """policy name -> outcome of its latest fetch."""
    return {
        r["name"]: r["outcome"]
        for r in rows(
            tmp_path / "pw.db",
            "SELECT p.name, f.outcome FROM fetch_log f JOIN policies p ON p.id = f.policy_id "
            "ORDER BY f.id",
        )
    }


def test_every_fault_is_a_typed_outcome_with_advice_and_never_a_version(
    fault_site, run_cli, tmp_path
):
    fault_site.pages["/ok"] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name=name, url=fault_site.url(path))
        for name, (path, _) in FAULT_MATRIX.items()
    ]
    policies.append(watchlist.Policy(name="refused", url=FaultSite.refused_url()))
    policies.append(watchlist.Policy(name="ok", url=fault_site.url("/ok")))

    result = crawl(run_cli, tmp_path, policies, *QUICK_TIMEOUT)

    expected = {name: outcome for name, (_, outcome) in FAULT_MATRIX.items()}
    assert logged(tmp_path) == {**expected, "refused": "connection", "ok": "new-version"}
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"1 ok, {len(expected) + 1} failed" in result.stdout
    for name, outcome in expected.items():
        assert f"{name}: {advice(outcome)}" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    versions = rows(
        tmp_path / "pw.db", "SELECT p.name FROM versions v JOIN policies p ON p.id = v.policy_id"
    )
    assert versions == [{"name": "ok"}]
    assert rows(tmp_path / "pw.db", "SELECT count(*) AS n FROM changes") == [{"n": 0}]
