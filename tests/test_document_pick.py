"""Picking the watched document out of a page that holds several (a fictional legal page)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.document_pick import document_kind, pick_document, title_kind, url_kind

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
LEGAL_URL = "https://kestrel.example/legal"


@pytest.fixture(scope="module")
def legal_page() -> str:
    return (FIXTURES / "kestrel_legal.html").read_text(encoding="utf-8")


def test_without_a_document_type_one_document_is_kept_never_both(legal_page):
    document = extract(legal_page, ExtractOptions(url=LEGAL_URL)).document
    # Nothing in ".../legal" names a document: the first on the page, with a warning.
    assert "Acceptable use" in document.markdown and "Data we collect" not in document.markdown
    (warning,) = document.warnings
    assert "several documents" in warning and "'Kestrel Notes Terms of Use'" in warning
    assert "the first on the page" in warning and "document:" in warning


def test_without_a_document_type_the_url_anchor_or_the_watched_type_chooses(legal_page):
    by_anchor = extract(legal_page, ExtractOptions(url=LEGAL_URL + "#privacy-policy")).document
    by_type = extract(
        legal_page, ExtractOptions(url=LEGAL_URL, document_type="privacy-policy")
    ).document
    told = extract(legal_page, ExtractOptions(url=LEGAL_URL, document="privacy-policy")).document
    for document in (by_anchor, by_type):
        assert document.markdown == told.markdown
        assert "Data we collect" in document.markdown
        assert "Acceptable use" not in document.markdown
    assert "named by the URL" in by_anchor.warnings[0]
    assert "the watched document type" in by_type.warnings[0]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://example.com/legal#privacy", "privacy"),
        ("https://example.com/privacy/#cookie-policy", "cookies"),
        ("https://example.com/fr/cgu", "terms"),
        ("https://example.com/legal/tos?lang=en", "terms"),
        ("https://example.com/de/datenschutz/", "privacy"),
        ("https://example.com/legal", None),
        ("https://stories.example/photos", None),  # "tos" inside a word is no terms
        (None, None),
    ],
)
def test_the_document_a_url_names(url, kind):
    assert url_kind(url) == kind


def test_the_privacy_policy_is_picked_out_of_a_terms_and_privacy_page(legal_page):
    document = extract(
        legal_page, ExtractOptions(url=LEGAL_URL, document="privacy-policy")
    ).document
    assert document.markdown.startswith("## Privacy Policy\n")
    assert [s.heading for s in document.sections] == [
        "Privacy Policy",
        "1. Data we collect",
        "2. How we use it",
        "3. Your rights",
    ]
    assert "Acceptable use" not in document.markdown and "Legal" not in document.markdown
    # A third document's title ends the privacy policy even though it is not asked for.
    assert "breeding pair" not in document.markdown
    assert document.title == "Privacy Policy"
    # The date stated for the privacy policy, not the terms' "Last updated" above it.
    assert document.effective_date.value == date(2025, 3, 14)
    assert document.warnings == ()


def test_the_terms_are_picked_with_the_page_introduction_and_their_own_privacy_clause(
    legal_page,
):
    document = extract(
        legal_page, ExtractOptions(url=LEGAL_URL, document="Terms of Service")
    ).document
    headings = [s.heading for s in document.sections if s.heading]
    assert headings == [
        "Legal",
        "Kestrel Notes Terms of Use",
        "1. Your account",
        "2. Acceptable use",
        "3. Fees and cancellation",
        "4. Privacy Policy",  # a numbered clause of the terms, not the other document
        "5. Governing law",
    ]
    assert "Data we collect" not in document.markdown and "breeding pair" not in document.markdown
    assert document.effective_date.value == date(2026, 2, 2)


def test_a_single_document_page_is_untouched_by_the_hint():
    page = (FIXTURES / "brightfield_privacy.html").read_text(encoding="utf-8")
    plain = extract(page, ExtractOptions(url="https://brightfield.example/legal/privacy")).document
    told = extract(
        page,
        ExtractOptions(url="https://brightfield.example/legal/privacy", document="privacy-policy"),
    ).document
    assert told == plain


def test_a_type_absent_from_the_page_keeps_everything_and_warns(legal_page):
    told = extract(legal_page, ExtractOptions(url=LEGAL_URL, document="cookie-policy")).document
    assert "Acceptable use" in told.markdown and "Data we collect" in told.markdown
    assert "breeding pair" in told.markdown
    (warning,) = told.warnings
    assert "'cookie-policy'" in warning and "no such title" in warning
    assert "Kestrel Notes Terms of Use" in warning and "kept the whole text" in warning


def test_an_unknown_type_keeps_everything_and_warns(legal_page):
    told = extract(legal_page, ExtractOptions(url=LEGAL_URL, document="shipping-policy")).document
    assert "Acceptable use" in told.markdown and "Data we collect" in told.markdown
    assert "breeding pair" in told.markdown
    (warning,) = told.warnings
    assert warning.startswith("unknown document type 'shipping-policy'")


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Privacy Policy", "privacy"),
        ("Buffer, Inc Terms of Use", "terms"),
        ("**Cookie Policy**", "cookies"),
        ("Politique de confidentialité", "privacy"),
        ("Conditions générales d'utilisation", "terms"),
        ("Datenschutzerklärung", "privacy"),
        ("Allgemeine Geschäftsbedingungen", "terms"),
        ("Política de privacidad", "privacy"),
        ("PRIVACY POLICY", "privacy"),
        ("Data Privacy Frameworks Policy (DPFs Policy)", "privacy"),
        # Headings about a document, or clauses of one, are not its title.
        ("Changes to this Privacy Policy", None),
        ("9. Updates to this Privacy Policy", None),
        ("16.1 Privacy Policy", None),
        ("Does Speechify use cookies?", None),
        ("Cookies", None),
        ("Änderungen dieser Datenschutzerklärung", None),
        # Other documents' titles: they end a document, never open one.
        ("DMCA Takedown Policy", "other"),
        ("API Terms", "other"),
        ("Community Guidelines", "other"),
        ("Changes to our Terms", None),
    ],
)
def test_title_headings_in_several_languages(heading, kind):
    assert title_kind(heading) == kind


def test_open_terms_archive_type_names_are_accepted():
    assert document_kind("Privacy Policy") == "privacy"
    assert document_kind("Terms of Service") == "terms"
    assert document_kind("Trackers Policy") == "cookies"
    assert document_kind("Community Guidelines") is None


def test_a_section_named_like_another_document_does_not_make_a_page_multi_document():
    markdown = "# Privacy Policy\n\n" + "We keep little. " * 30 + "\n\n# Payment Terms\n\nCards.\n"
    assert pick_document(markdown, "privacy-policy").markdown == markdown
    assert pick_document(markdown, "privacy-policy").warning is None


def test_a_nested_cookie_section_does_not_cut_the_privacy_policy_short():
    markdown = (
        "# Privacy Policy\n\nWe keep little.\n\n## Cookie Policy\n\nWe set one cookie.\n\n"
        "## Your rights\n\nAsk us anything.\n\n# Terms of Service\n\n" + "Be kind. " * 40 + "\n"
    )
    pick = pick_document(markdown, "privacy-policy")
    # Too short to stand as a document on its own: kept whole, with a warning.
    assert pick.markdown == markdown and "too short" in pick.warning
    longer = markdown.replace("Ask us anything.", "Ask us anything. " * 20)
    pick = pick_document(longer, "privacy-policy")
    assert "## Cookie Policy" in pick.markdown and "## Your rights" in pick.markdown
    assert "Terms of Service" not in pick.markdown and "Be kind" not in pick.markdown


TABS_URL = "https://tallowmere.example/legal"


@pytest.fixture(scope="module")
def tabs_page() -> str:
    return (FIXTURES / "tallowmere_legal_tabs.html").read_text(encoding="utf-8")


def test_documents_named_only_by_their_tabs_are_told_apart(tabs_page):
    # The page's panels: Terms of Use, Privacy Policy, Additional Terms, Data Processing
    # Agreement. A tab whose label names no known kind of document (the agreement) does not
    # end the one before it: only the additional terms end the privacy policy here.
    document = extract(tabs_page, ExtractOptions(url=TABS_URL, document="privacy-policy")).document
    assert document.markdown.startswith("## Privacy Policy\n")
    assert "is the controller of the personal data" in document.markdown
    # Neither the terms before it nor the agreement and additional terms after it.
    assert "These terms govern" not in document.markdown
    assert "documented instructions" not in document.markdown
    assert "Offline maps" not in document.markdown
    assert document.title == "Privacy Policy" and document.warnings == ()
    assert document.effective_date.value == date(2025, 3, 14)


def test_a_tabbed_page_unasked_keeps_the_tab_its_anchor_names(tabs_page):
    document = extract(tabs_page, ExtractOptions(url=TABS_URL + "#privacy")).document
    assert document.markdown.startswith("## Privacy Policy\n")
    assert "These terms govern" not in document.markdown
    assert "documented instructions" not in document.markdown
    (warning,) = document.warnings
    assert "'Privacy Policy' (named by the URL)" in warning


def test_a_tabbed_page_unasked_and_unnamed_keeps_the_first_tab_and_warns(tabs_page):
    document = extract(tabs_page, ExtractOptions(url=TABS_URL)).document
    assert "These terms govern" in document.markdown
    assert "is the controller of the personal data" not in document.markdown
    assert "documented instructions" not in document.markdown
    assert document.effective_date.value == date(2026, 2, 2)
    (warning,) = document.warnings
    assert "'Terms of Use' (the first on the page)" in warning
