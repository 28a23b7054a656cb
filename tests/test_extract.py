"""Extraction on pages we wrote (fictional companies) with real-world chrome around the policy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.extract import EXTRACTOR_VERSION, extract_policy

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
BRIGHTFIELD_URL = "https://brightfield.example/legal/privacy"
HARBOURLINE_URL = "https://web.archive.org/web/20190105120000/https://harbourline.example/terms"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brightfield():
    return extract_policy(fixture("brightfield_privacy.html"), BRIGHTFIELD_URL)


@pytest.fixture(scope="module")
def harbourline():
    return extract_policy(fixture("harbourline_terms_wayback.html"), HARBOURLINE_URL)


def headings(document) -> list[tuple[int, str]]:
    return [(s.level, s.heading) for s in document.sections if s.level]


def section(document, heading: str) -> str:
    return next(s.text for s in document.sections if s.heading == heading)


def test_heading_tree_joins_real_and_pseudo_headings(brightfield):
    assert headings(brightfield) == [
        (1, "Privacy Policy"),
        (2, "1. Who we are"),
        (2, "2. Information we collect"),
        (3, "Information you give us"),  # a bold-only paragraph
        (3, "2.1 Information collected automatically"),  # numbered: one below "2."
        (2, "3. How long we keep data"),
        (3, "Account data"),  # accordion buttons
        (3, "Server logs"),
        (2, "4. Definitions"),
        (3, "YOUR RIGHTS"),  # a short all-caps paragraph
    ]


def test_chrome_is_dropped(brightfield):
    for chrome in [
        "Skip to content", "cookies to improve", "Accept all", "Pricing", "Français", "Home",
        "Share on X", "product news", "Subscribe", "helpful", "Related", "Cookie Policy", "©",
    ]:  # fmt: skip
        assert chrome not in brightfield.markdown


def test_hidden_accordion_text_and_nested_list_are_kept(brightfield):
    assert section(brightfield, "Account data") == (
        "We keep account data for as long as your account is open, and six years after."
    )
    assert section(brightfield, "Server logs") == (
        "- Access logs: 30 days\n"
        "- Error logs: 90 days\n"
        "  - Except logs kept for an open security incident"
    )


def test_table_becomes_a_markdown_table(brightfield):
    assert section(brightfield, "2.1 Information collected automatically").endswith(
        "| Cookie | Purpose | Lifetime |\n"
        "| --- | --- | --- |\n"
        "| bf_session | Keeps you signed in | Session |\n"
        "| bf_prefs | Remembers your chart settings | 1 year |"
    )


def test_definitions_are_kept_term_then_definition(brightfield):
    assert section(brightfield, "4. Definitions") == (
        "Controller\n\nThe body that decides why and how personal data is processed.\n\n"
        "Processor\n\nA body that processes personal data on behalf of a controller."
    )


def test_links_are_absolute_untracked_and_text_is_normalised(brightfield):
    assert section(brightfield, "Privacy Policy") == (
        'Brightfield Analytics Ltd ("Brightfield", "we") explains here how we handle personal '
        "data when you use our dashboards. Read it along with our "
        "[Terms of Service](https://brightfield.example/legal/terms?lang=en)."
    )
    assert "[regulator's guidance](https://ico.example/rights)." in brightfield.markdown


def test_cloudflare_protected_email_is_decoded(brightfield):
    assert section(brightfield, "1. Who we are").endswith(
        "[privacy@brightfield.example](mailto:privacy@brightfield.example)."
    )


def test_date_stated_only_in_the_footer_is_found(brightfield):
    assert brightfield.effective_date.value == date(2024, 3, 3)
    assert brightfield.effective_date.text == "Last updated: 3 March 2024"
    assert brightfield.title == "Privacy Policy"
    assert brightfield.warnings == ()


def test_wayback_capture_keeps_every_segment_without_toolbar_or_link_bars(harbourline):
    assert headings(harbourline) == [
        (1, "TERMS OF CARRIAGE"),
        (1, "Tickets"),
        (1, "Delays and cancellations"),
        (1, "Luggage"),
    ]
    for chrome in ["Wayback", "captures", "Timetables", "Sitemap"]:
        assert chrome not in harbourline.markdown
    assert "[fares page](https://harbourline.example/fares)." in harbourline.markdown
    assert harbourline.effective_date.value == date(2019, 1, 5)
    assert harbourline.title == "Terms of Carriage - Harbourline Ferries"


def test_select_takes_the_union_of_matches_in_page_order():
    page = fixture("brightfield_privacy.html")
    document = extract_policy(page, BRIGHTFIELD_URL, select=["dl", "h1"], remove=["dt"])
    assert document.markdown == (
        "# Privacy Policy\n\n"
        "The body that decides why and how personal data is processed.\n\n"
        "A body that processes personal data on behalf of a controller.\n"
    )
    assert document.warnings == ("very short text (24 words)",)


def test_select_matching_nothing_falls_back_with_a_warning(brightfield):
    page = fixture("brightfield_privacy.html")
    document = extract_policy(page, BRIGHTFIELD_URL, select=["#no-such-block"])
    assert document.markdown == brightfield.markdown
    assert document.warnings == ("select matched nothing; fell back to generic extraction",)


def test_remove_overrides_the_generic_choice(brightfield):
    page = fixture("brightfield_privacy.html")
    document = extract_policy(page, BRIGHTFIELD_URL, remove=["table", ".accordion"])
    assert "bf_session" not in document.markdown
    assert "Server logs" not in document.markdown
    assert document.markdown.count("\n") < brightfield.markdown.count("\n")


def test_invalid_selector_is_reported_not_raised():
    document = extract_policy(fixture("brightfield_privacy.html"), select=["p[["])
    assert document.warnings[0].startswith("invalid select selector 'p[['")
    assert document.warnings[1] == "select matched nothing; fell back to generic extraction"


@pytest.mark.parametrize("page", ["", "   ", "<html></html>", "<?xml version='1.0'?><p>Hi</p>"])
def test_degenerate_pages_give_an_empty_or_short_document(page):
    document = extract_policy(page)
    assert len(document.markdown.split()) < 3
    assert document.warnings[-1].startswith("very short text")


def test_line_starting_with_hash_cannot_become_a_heading():
    document = extract_policy("<p>Intro</p><p># of requests we received last year: 12</p>")
    assert [s.heading for s in document.sections] == [""]
    assert "\\# of requests" in document.markdown


def test_extractor_version_is_recorded():
    assert EXTRACTOR_VERSION
