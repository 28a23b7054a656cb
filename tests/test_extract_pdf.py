"""PDF policies: PDFs built from our own fictional text (tests/support/pdfbuild.py) → documents."""

from __future__ import annotations

from datetime import date

from crawler.extraction.pdf import extract_pdf_policy
from tests.support.pdfbuild import HEADER, PAGES, build_pdf, encrypted


def test_pdf_policy_has_sections_date_and_no_running_lines():
    document = extract_pdf_policy(build_pdf(PAGES, title="Quillby Privacy Notice"))
    assert document.title == "Quillby Privacy Notice"
    assert [(s.level, s.heading) for s in document.sections] == [
        (0, ""),
        (1, "1. Who we are"),
        (1, "2. What we collect"),
        (2, "2.1 Orders"),
        (1, "YOUR RIGHTS"),
    ]
    assert document.sections[0].text == (
        "Privacy Notice\n\nLast updated: 12 May 2023\n\n"
        "Quillby Books Ltd runs an online bookshop. This notice explains what we do "
        "with your personal data when you buy books from us or join our reading club."
    )
    assert document.sections[-1].text == (
        "You may ask for a copy of your data, and ask us to correct or delete it. "
        "We answer every request within one month."
    )
    assert document.effective_date.value == date(2023, 5, 12)
    assert HEADER not in document.markdown
    assert "Page 1" not in document.markdown
    assert document.warnings == ()


def test_broken_pdf_gives_a_warning_not_an_exception():
    document = extract_pdf_policy(b"%PDF-1.4\nthis is not really a pdf")
    assert document.markdown == ""
    assert document.warnings[0].startswith("unreadable PDF")


def test_encrypted_pdf_gives_a_warning_not_an_exception():
    document = extract_pdf_policy(encrypted(build_pdf(PAGES)))
    assert document.markdown == ""
    assert document.warnings == ("unreadable PDF: File has not been decrypted",)
