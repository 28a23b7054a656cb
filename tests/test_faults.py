"""Every fault of the fault site → a typed outcome, advice in the summary, never a version."""

from __future__ import annotations

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.outcomes import advice
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import crawl, outcomes, rows
from tests.support.faultsite import FaultSite

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
    "pdf": ("/fault/pdf", "unreadable-pdf"),
    "pdf-as-html": ("/fault/pdf-as-html", "unreadable-pdf"),
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
    assert dict(outcomes(tmp_path)) == {**expected, "refused": "connection", "ok": "new-version"}
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


def test_robots_txt_is_obeyed_unless_the_policy_says_ignore_robots(fault_site, run_cli, tmp_path):
    fault_site.pages["/robots.txt"] = Page(
        b"User-agent: *\nAllow: /\n\nUser-agent: policywatch\nDisallow: /legal/\n",
        content_type="text/plain",
    )
    for path in ("/legal/privacy", "/legal/terms"):
        fault_site.pages[path] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name="obeyed", url=fault_site.url("/legal/privacy")),
        watchlist.Policy(name="overridden", url=fault_site.url("/legal/terms"), ignore_robots=True),
    ]

    result = crawl(run_cli, tmp_path, policies)

    assert dict(outcomes(tmp_path)) == {"obeyed": "robots-forbidden", "overridden": "new-version"}
    assert f"obeyed: {advice('robots-forbidden')}" in result.stderr
    assert "/legal/privacy" not in fault_site.requests and "/legal/terms" in fault_site.requests


# A French policy paragraph: every accented word shows whether the body was decoded right.
FRENCH_POLICY = (
    "<h1>Protection des Données</h1>"
    "<p>Nous traitons vos données personnelles uniquement pour gérer votre compte, "
    "livrer vos commandes et répondre à vos questions. Vous gardez le contrôle : "
    "vous pouvez demander l\u2019accès, la rectification ou l\u2019effacement de vos données "
    "à tout moment, et nous répondons dans un délai d\u2019un mois.</p>"
)
STRAY_CP1252 = "<p>Questions ? Écrivez-nous.</p>".encode("cp1252")
# policy name -> (Content-Type, <meta charset>, body): each a charset fault seen on real sites.
CHARSET_FAULTS = {
    "utf8-label-cp1252-body": ("text/html; charset=utf-8", "", FRENCH_POLICY.encode("cp1252")),
    "utf8-meta-latin1-body": (
        "text/html",
        "utf-8",
        FRENCH_POLICY.replace("\u2019", "'").encode("latin-1"),
    ),
    "latin1-label-utf8-body": ("text/html; charset=iso-8859-1", "", FRENCH_POLICY.encode()),
    "cp1252-meta-utf8-body": ("text/html", "windows-1252", FRENCH_POLICY.encode()),
    "utf8-with-stray-cp1252": (
        "text/html; charset=utf-8",
        "",
        FRENCH_POLICY.encode() + STRAY_CP1252,
    ),
}


def test_charset_faults_store_correctly_decoded_text(fault_site, run_cli, tmp_path):
    for name, (content_type, meta, body) in CHARSET_FAULTS.items():
        head = f"<head><meta charset='{meta}'></head>" if meta else ""
        fault_site.pages[f"/{name}"] = Page(
            f"<html>{head}<body><main>".encode() + body + b"</main></body></html>",
            200,
            content_type,
        )
    policies = [
        watchlist.Policy(name=name, url=fault_site.url(f"/{name}")) for name in CHARSET_FAULTS
    ]

    result = crawl(run_cli, tmp_path, policies)

    assert result.returncode == 0, result.stdout + result.stderr
    stored = rows(
        tmp_path / "pw.db",
        "SELECT p.name, v.title, v.markdown FROM versions v JOIN policies p ON p.id = v.policy_id",
    )
    assert sorted(r["name"] for r in stored) == sorted(CHARSET_FAULTS)
    for version in stored:
        assert version["title"] == "Protection des Données", version
        text = version["markdown"]
        for word in ("données personnelles", "gérer", "répondre à", "contrôle", "délai"):
            assert word in text, (version["name"], word, text)
        assert "Ã" not in text and "\ufffd" not in text, (version["name"], text)
    stray = next(r["markdown"] for r in stored if r["name"] == "utf8-with-stray-cp1252")
    assert "Questions ? Écrivez-nous." in stray


SOFT_404 = (
    b"<html><head><title>Page not found | Larkspur Health</title></head><body><main>"
    b"<h1>Oops!</h1><p>We looked everywhere but could not find that page.</p>"
    b"<p><a href='/'>Back to the home page</a></p></main></body></html>"
)
LOGIN_PAGE = (
    b"<html><head><title>Sign in</title></head><body><main><h1>Sign in to Larkspur</h1>"
    b"<form><input name=user><input type=password name=pw><button>Sign in</button></form>"
    b"</main></body></html>"
)
JAVASCRIPT_SHELL = (
    b"<html><head><title>Privacy</title><script src='/app.js'></script></head><body>"
    b"<noscript>You need to enable JavaScript to run this app.</noscript><div id='root'></div>"
    b"</body></html>"
)


def test_a_200_page_that_is_no_policy_never_replaces_the_version(fault_site, run_cli, tmp_path):
    for path in ("/privacy", "/terms", "/cookies"):
        fault_site.pages[path] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name="soft-404", url=fault_site.url("/privacy")),
        watchlist.Policy(name="login", url=fault_site.url("/terms")),
        watchlist.Policy(name="shell", url=fault_site.url("/cookies")),
    ]
    first = crawl(run_cli, tmp_path, policies)
    assert first.returncode == 0, first.stdout + first.stderr
    db = tmp_path / "pw.db"
    before = rows(db, "SELECT id, markdown FROM versions ORDER BY id")
    stored_bodies = rows(db, "SELECT count(*) AS n FROM raw_captures")

    fault_site.pages["/privacy"] = Page(SOFT_404)
    fault_site.pages["/terms"] = Page(LOGIN_PAGE)
    fault_site.pages["/cookies"] = Page(JAVASCRIPT_SHELL)
    second = crawl(run_cli, tmp_path, policies)

    assert second.returncode == 1, second.stdout + second.stderr
    logged = rows(
        db,
        "SELECT p.name, f.outcome, f.detail FROM fetch_log f JOIN policies p ON p.id = f.policy_id "
        "ORDER BY f.id",
    )[3:]
    assert {r["name"]: (r["outcome"], r["detail"]) for r in logged} == {
        "soft-404": ("not-a-policy", "page not found (10 words)"),
        "login": ("not-a-policy", "login page (4 words)"),
        "shell": ("not-a-policy", "empty shell that needs JavaScript (0 words)"),
    }
    assert f"soft-404: {advice('not-a-policy')}" in second.stderr
    assert rows(db, "SELECT id, markdown FROM versions ORDER BY id") == before
    assert rows(db, "SELECT count(*) AS n FROM changes") == [{"n": 0}]
    assert rows(db, "SELECT count(*) AS n FROM raw_captures") == stored_bodies
