"""Whatever a pipeline raises, the fetch gets its fetch_log row, and no log line carries a body."""

from __future__ import annotations

from crawler.config import watchlist
from crawler.items import Capture
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.crawlrun import crawl, outcomes, rows, versioned
from tests.support.pdfbuild import bad_font_operator, decompression_bomb

# A crawl's whole output when no item is dumped: the summary, a line per failure and the
# traceback of the unexpected error (a dumped item alone ran to megabytes).
QUIET_OUTPUT_CHARS = 10_000


def test_a_pdf_bomb_and_a_pdf_that_breaks_pypdf_get_typed_outcomes_and_short_logs(
    site, run_cli, tmp_path
):
    site.pages["/bomb.pdf"] = Page(decompression_bomb(), content_type="application/pdf")
    site.pages["/broken.pdf"] = Page(bad_font_operator(), content_type="application/pdf")
    site.pages["/ok"] = Page(demo_page("policy-2025.html"))
    policies = [
        watchlist.Policy(name=name, url=site.url(path))
        for name, path in (("bomb", "/bomb.pdf"), ("broken", "/broken.pdf"), ("ok", "/ok"))
    ]

    result = crawl(run_cli, tmp_path, policies)

    assert dict(outcomes(tmp_path)) == {
        "bomb": "unreadable-pdf",
        "broken": "error",
        "ok": "new-version",
    }, result.stdout + result.stderr[:3000]
    details = {
        r["name"]: r["detail"]
        for r in rows(
            tmp_path / "pw.db",
            "SELECT p.name, f.detail FROM fetch_log f JOIN policies p ON p.id = f.policy_id",
        )
    }
    assert "decompresses past" in details["bomb"]
    assert "TypeError" in details["broken"]
    assert len(result.stdout) + len(result.stderr) < QUIET_OUTPUT_CHARS, result.stderr[:3000]
    assert versioned(tmp_path) == ["ok"]


def test_a_capture_prints_without_its_body():
    capture = Capture(1, "acme", "live", "https://acme.example/privacy", "2026-01-01T00:00:00Z")
    capture.body = b"x" * 1_000_000
    assert len(repr(capture)) < 500
    assert "acme" in repr(capture) and "1000000 bytes" in repr(capture)
