"""history, show, diff, extract and compare through the real CLI."""

from __future__ import annotations

import json

import pytest

from crawler.config import watchlist
from crawler.jobs.demo import demo_page
from crawler.sandbox.siteserver import Page
from tests.support.contracts import SECTION_KEYS
from tests.support.paths import FAST_SETTINGS
from tests.support.pdfbuild import PAGES as PDF_PAGES
from tests.support.pdfbuild import build_pdf, encrypted
from tests.support.replaced_pages import MARKETING, policy


@pytest.fixture
def two_versions(site, tmp_path, run_cli):
    """A database in which the demo policy was crawled in its 2025 and 2026 editions."""
    path = tmp_path / "w.yaml"
    watchlist.save(path, [watchlist.Policy(name="larkspur", url=site.url("/privacy"))])
    for edition in ("policy-2025.html", "policy-2026.html"):
        site.pages["/privacy"] = Page(demo_page(edition))
        run_cli("crawl", "--db", "pw.db", "--watchlist", str(path), *FAST_SETTINGS)
    return ["--db", "pw.db"]


def test_history_lists_versions_with_their_change(run_cli, two_versions):
    data = json.loads(run_cli("history", "larkspur", "--format", "json", *two_versions).stdout)
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert [v["kind"] for v in data["versions"]] == ["first", "both"]
    assert data["versions"][1]["effective_date"] == "2026-11-02"
    text = run_cli("history", "larkspur", *two_versions).stdout
    assert "both: 2 modified, 1 added, 1 moved" in text


def test_show_prints_the_version_in_force_at_a_date(run_cli, two_versions):
    latest = run_cli("show", "larkspur", *two_versions).stdout
    assert "after 90 days" in latest
    first = run_cli("show", "larkspur", "--version", "1", *two_versions).stdout
    assert "after 30 days" in first
    before = run_cli("show", "larkspur", "--at", "2001-01-01", *two_versions, check=False)
    assert before.returncode == 1 and "no version known on or before 2001-01-01" in before.stderr
    meta = json.loads(
        run_cli("show", "larkspur", "--at", "2999-01-01", "--format", "json", *two_versions).stdout
    )
    assert meta["number"] == 2


def test_diff_renders_every_format(run_cli, two_versions):
    data = json.loads(run_cli("diff", "larkspur", "--format", "json", *two_versions).stdout)
    assert data["changed"] and data["effective_date"] == {"old": "2025-03-03", "new": "2026-11-02"}
    markdown = run_cli("diff", "larkspur", "--format", "markdown", *two_versions).stdout
    assert "Artificial intelligence features" in markdown
    html = run_cli(
        "diff", "larkspur", "--from", "1", "--to", "2", "--format", "html", *two_versions
    ).stdout
    assert "<del" in html and "<ins" in html
    text = run_cli("diff", "larkspur", *two_versions).stdout
    assert "30" in text and "90" in text


def test_unknown_policy_and_missing_database_are_one_line_errors(run_cli, two_versions):
    unknown = run_cli("history", "nope", *two_versions, check=False)
    assert unknown.returncode == 1 and "no policy named 'nope'" in unknown.stderr
    missing = run_cli("history", "larkspur", "--db", "absent.db", check=False)
    assert missing.returncode == 1 and "no database at absent.db" in missing.stderr
    assert "Traceback" not in unknown.stderr + missing.stderr


def test_extract_json_contract(run_cli, tmp_path):
    (tmp_path / "p.html").write_bytes(demo_page("policy-2026.html"))
    data = json.loads(run_cli("extract", "p.html", "--format", "json").stdout)
    assert set(data) == {
        "title",
        "effective_date",
        "effective_date_text",
        "sections",
        "markdown",
        "warnings",
    }
    assert data["effective_date"] == "2026-11-02"
    assert data["effective_date_text"] == "Last updated: November 2, 2026"
    assert [s["heading"] for s in data["sections"]][:2] == [
        "Larkspur Health Privacy Policy",
        "1. Information we collect",
    ]
    assert {"heading", "level", "text"} == set(data["sections"][0])
    piped = run_cli(
        "extract", "-", "--format", "text", input=demo_page("policy-2025.html").decode()
    )
    assert "after 30 days" in piped.stdout and "Accept all cookies" not in piped.stdout


def test_extract_explain_says_what_was_dropped_and_why(run_cli, tmp_path):
    (tmp_path / "p.html").write_bytes(demo_page("policy-2026.html"))
    plain = run_cli("extract", "p.html")
    explained = run_cli("extract", "p.html", "--explain")
    assert explained.stdout == plain.stdout, "the explanation goes to standard error"
    assert "kept: article.legal" in explained.stderr
    assert "role=dialog" in explained.stderr and "We use cookies" in explained.stderr
    data = json.loads(run_cli("extract", "p.html", "--explain", "--format", "json").stdout)
    dropped = {d["element"]: d["reason"] for d in data["explanation"]["dropped"]}
    assert dropped["footer.site-footer"] == "<footer> landmark"
    assert data["explanation"]["kept"] == ["article.legal"]


def test_extract_select_and_remove_override_the_generic_choice(run_cli, tmp_path):
    (tmp_path / "p.html").write_bytes(demo_page("policy-2026.html"))
    removed = run_cli("extract", "p.html", "--remove", ".accordion", "--format", "text").stdout
    assert "To exercise your rights" in removed and "Access and correction" not in removed
    both = "header.site-header, article.legal"
    selected = run_cli("extract", "p.html", "--select", both, "--format", "text").stdout
    assert "Find a clinic" in selected and "clinical records" in selected
    assert "Find a clinic" not in run_cli("extract", "p.html", "--format", "text").stdout


def test_extract_reads_a_pdf_by_its_magic_bytes(run_cli, tmp_path):
    (tmp_path / "notice.bin").write_bytes(build_pdf(PDF_PAGES, title="Quillby Privacy Notice"))
    data = json.loads(run_cli("extract", "notice.bin", "--format", "json").stdout)
    assert data["title"] == "Quillby Privacy Notice"
    assert data["effective_date"] == "2023-05-12"
    assert [s["heading"] for s in data["sections"]] == [
        "",
        "1. Who we are",
        "2. What we collect",
        "2.1 Orders",
        "YOUR RIGHTS",
    ]


def test_extract_of_an_unreadable_pdf_exits_1_with_the_reason(run_cli, tmp_path):
    (tmp_path / "locked.pdf").write_bytes(encrypted(build_pdf(PDF_PAGES)))
    result = run_cli("extract", "locked.pdf", check=False)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "Error: unreadable-pdf: unreadable PDF: File has not been decrypted\n"


LOGIN_PAGE = (
    "<html><head><title>Sign in</title></head><body><main><h1>Sign in to Quietharbor</h1>"
    "<form><input name=user><input type=password name=pw><button>Sign in</button></form>"
    "</main></body></html>"
)


def test_extract_of_a_page_that_is_no_policy_exits_1_with_the_reason(run_cli, tmp_path):
    (tmp_path / "login.html").write_text(LOGIN_PAGE, encoding="utf-8")
    for fmt in ("markdown", "text"):
        result = run_cli("extract", "login.html", "--format", fmt, check=False)
        assert result.returncode == 1 and result.stdout == ""
        assert result.stderr == "Error: not-a-policy: login page (4 words)\n"
    as_json = run_cli("extract", "login.html", "--format", "json", check=False)
    assert as_json.returncode == 1
    assert as_json.stderr == "Error: not-a-policy: login page (4 words)\n"
    data = json.loads(as_json.stdout)
    assert data["title"] == "Sign in to Quietharbor"
    assert data["warnings"][-1] == "not-a-policy: login page (4 words)"


def test_compare_json_contract_on_html_and_markdown(run_cli, tmp_path):
    (tmp_path / "old.html").write_bytes(demo_page("policy-2025.html"))
    (tmp_path / "new.html").write_bytes(demo_page("policy-2026.html"))
    data = json.loads(run_cli("compare", "old.html", "new.html", "--format", "json").stdout)
    assert set(data["sections"][0]) >= SECTION_KEYS
    statuses = [s["status"] for s in data["sections"]]
    assert statuses.count("added") == 1 and statuses.count("modified") == 2
    (tmp_path / "a.md").write_text("# Terms\n\n## Fees\n\nYou pay 5 euros.\n")
    (tmp_path / "b.md").write_text("# Terms\n\n## Fees\n\nYou pay 7 euros.\n")
    md = json.loads(run_cli("compare", "a.md", "b.md", "--format", "json").stdout)
    (fees,) = [s for s in md["sections"] if s["new_heading"] == "Fees"]
    assert fees["status"] == "modified" and [-1, "5"] in fees["diff"] and [1, "7"] in fees["diff"]


# Fictional: Larkmoor Press's legal page, a shop notice above its privacy policy and its terms.
LEGAL_PAGE = """<html><head><title>Legal | Larkmoor Press</title></head><body><main>
<div id="notice"><p>Our spring catalogue is out: {notice} new titles from Larkmoor Press this
season, with free postage on every order over twenty euros.</p></div>
<div id="policy"><h1>Larkmoor Press Privacy Policy</h1>
<p>We collect your name and postal address to send the books you order, and your e-mail address
to confirm the order.</p>
<h2>Sharing</h2><p>We share your address with the postal service only. {share}</p>
<h2>Your rights</h2><p>You may ask for a copy of your personal data or its deletion.</p></div>
<h1>Larkmoor Press Terms of Service</h1>
<p>Books are sold at the price shown on the day of the order.</p>
<h2>Returns</h2><p>You may return a book within {days} days of receiving it.</p>
</main></body></html>"""


def test_compare_extracts_as_a_crawl_would_with_the_watch_list_options(run_cli, tmp_path):
    editions = {
        "old.html": {"notice": "twelve", "share": "We never sell it.", "days": "fourteen"},
        "new.html": {"notice": "twenty", "share": "We never sell or rent it.", "days": "thirty"},
    }
    for name, fields in editions.items():
        (tmp_path / name).write_text(LEGAL_PAGE.format(**fields), encoding="utf-8")

    def changed(*options: str) -> str:
        result = run_cli("compare", "old.html", "new.html", "--format", "markdown", *options)
        return result.stdout

    # Unasked, a page holding two documents yields one (the first), never both, as a crawl does.
    first = changed()
    assert "rent" in first and "thirty" not in first
    privacy = changed("--document", "privacy-policy", "--url", "https://larkmoor.example/legal")
    assert "thirty" not in privacy and "rent" in privacy
    assert "twenty" not in changed("--document", "privacy-policy", "--remove", "#notice")
    selected = changed("--select", "#policy")
    assert "rent" in selected and "twenty" not in selected and "thirty" not in selected
    wrong = run_cli("compare", "old.html", "new.html", "--document", "recipes", check=False)
    assert wrong.returncode == 2 and "--document" in wrong.stderr


def test_compare_says_when_the_new_page_is_another_page_served_instead(run_cli, tmp_path):
    (tmp_path / "policy.html").write_bytes(policy())
    (tmp_path / "shop.html").write_text(MARKETING, encoding="utf-8")
    result = run_cli("compare", "policy.html", "shop.html", check=False)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: page-replaced: shares 0% of its wording")
    assert "Paddle the wild coast" in result.stdout  # the diff is still shown
    assert run_cli("compare", "policy.html", "policy.html").returncode == 0
