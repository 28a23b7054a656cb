"""A fetched body (HTML or PDF) → its policy document, or the typed reason it has none.

One place for the crawl pipeline, `policywatch reextract` and `policywatch extract`, so a
body that could never become a version by crawling cannot become one any other way.
"""

from __future__ import annotations

from crawler.decoding import decode_body, looks_like_pdf
from crawler.extract import Explanation, explain_extraction
from crawler.extraction.language import not_language
from crawler.extraction.page_kind import check_page
from crawler.extraction.pdf import extract_pdf_policy
from diffing.model import PolicyDocument


class NoPolicyText(Exception):
    """The body holds no policy text; `outcome` is its fetch_log outcome (crawler/outcomes.py)."""

    def __init__(
        self,
        outcome: str,
        reason: str,
        document: PolicyDocument | None = None,
        explanation: Explanation | None = None,
    ):
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason
        # What extraction did find and why, for `policywatch extract`.
        self.document = document
        self.explanation = explanation


def policy_document(body: bytes, content_type: str | None, **options) -> PolicyDocument:
    """The policy in `body` (options: url, select, remove, document, document_type, as for
    `explained_policy_document`), or NoPolicyText."""
    return explained_policy_document(body, content_type, **options)[0]


def explained_policy_document(
    body: bytes,
    content_type: str | None,
    url: str | None = None,
    select: list[str] | None = None,
    remove: list[str] | None = None,
    document: str | None = None,
    document_type: str | None = None,
) -> tuple[PolicyDocument, Explanation | None]:
    """The policy in `body`: a PDF's text layer, else the decoded page's extracted text
    (`document` picks one out of a multi-document page; unasked, the one the URL names, else
    the watched `document_type`, else the first, with a warning), with
    extraction's account of the blocks it kept and dropped (None for a PDF).

    Raises NoPolicyText (carrying what was found): "unreadable-pdf" for a broken, encrypted or
    text-less PDF, else check_page's verdict on a page that is no policy ("not-a-policy": a
    login form, a soft 404, a shell that needs JavaScript; "bot-wall"; "empty-extraction":
    under 20 words).
    """
    if looks_like_pdf(body, content_type):
        return pdf_document(body), None
    html = decode_body(body, content_type)
    explanation = explain_extraction(html, url, select, remove, document, document_type)
    found = explanation.document
    # check_page judges every page with under 300 words, so an empty one too: a shell that
    # needs JavaScript is told from a page that is merely empty.
    if verdict := check_page(html, found):
        raise NoPolicyText(verdict.outcome, verdict.reason, found, explanation)
    if not found.markdown.strip():  # never a version without text, whatever check_page says
        raise NoPolicyText(
            "empty-extraction", "no policy text found in the page", found, explanation
        )
    return found, explanation


def pdf_document(body: bytes) -> PolicyDocument:
    document = extract_pdf_policy(body)
    if not document.markdown.strip():
        reason = document.warnings[0] if document.warnings else "no text in the PDF"
        raise NoPolicyText("unreadable-pdf", reason, document)
    # A text layer whose fonts map glyphs to nonsense reads as garbage: unreadable too.
    if reason := not_language(document.markdown):
        raise NoPolicyText("unreadable-pdf", f"text layer is {reason}", document)
    return document
