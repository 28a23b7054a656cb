"""`extract`: a fetched body (HTML or PDF) → its policy document, or the typed reason it has none.

The one entry to extraction, for the crawl pipeline, `policywatch reextract`, `extract` and
`compare`, so a body that could never become a version by crawling cannot become one any
other way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from crawler.extraction.decoding import decode_body, looks_like_pdf
from crawler.extraction.html import Explanation, explain_extraction
from crawler.extraction.language import not_language
from crawler.extraction.page_kind import check_page
from crawler.extraction.pdf import extract_pdf_policy
from diffing.model import PolicyDocument


@dataclass(frozen=True)
class ExtractOptions:
    """How a watch-list entry asks for its policy to be read from a page.

    `url` makes links absolute (and may name a document by its #anchor); `select`: CSS
    selectors whose matches are the policy text instead of the generic main block; `remove`:
    CSS selectors dropped first; `document`: the one document wanted on a page holding several
    ("privacy-policy", "terms-of-service"…, or a heading); `document_type`: the type the policy
    is watched as, the tie-breaker when `document` is not given; `content_type`: the response's
    header, which tells a PDF and the encoding.
    """

    url: str | None = None
    select: Sequence[str] = ()
    remove: Sequence[str] = ()
    document: str | None = None
    document_type: str | None = None
    content_type: str | None = None


@dataclass(frozen=True)
class Extraction:
    """What extraction found. `outcome` is None when `document` is the policy; otherwise the
    fetch_log outcome saying why the body holds none ("unreadable-pdf", "not-a-policy",
    "bot-wall", "empty-extraction"), `reason` in words, and `document` what was found anyway.
    `explanation`: which blocks were kept and dropped, and why (HTML only)."""

    document: PolicyDocument
    outcome: str | None = None
    reason: str = ""
    explanation: Explanation | None = None


def extract(body: bytes | str, options: ExtractOptions = ExtractOptions()) -> Extraction:
    """The policy in `body` (bytes as fetched, or a page's text already decoded): a PDF's text
    layer, else the decoded page's extracted text, judged by check_page (a login form, a soft
    404, a shell that needs JavaScript, a bot wall, under 20 words: no policy)."""
    if isinstance(body, bytes) and looks_like_pdf(body, options.content_type):
        return pdf_extraction(body)
    html = body if isinstance(body, str) else decode_body(body, options.content_type)
    explanation = explain_extraction(
        html,
        options.url,
        list(options.select),
        list(options.remove),
        options.document,
        options.document_type,
    )
    found = explanation.document
    # check_page judges every page with under 300 words, so an empty one too: a shell that
    # needs JavaScript is told from a page that is merely empty.
    if verdict := check_page(html, found):
        return Extraction(found, verdict.outcome, verdict.reason, explanation)
    if not found.markdown.strip():  # never a version without text, whatever check_page says
        reason = "no policy text found in the page"
        return Extraction(found, "empty-extraction", reason, explanation)
    return Extraction(found, explanation=explanation)


def pdf_extraction(body: bytes) -> Extraction:
    document = extract_pdf_policy(body)
    if not document.markdown.strip():
        reason = document.warnings[0] if document.warnings else "no text in the PDF"
        return Extraction(document, "unreadable-pdf", reason)
    # A text layer whose fonts map glyphs to nonsense reads as garbage: unreadable too.
    if reason := not_language(document.markdown):
        return Extraction(document, "unreadable-pdf", f"text layer is {reason}")
    return Extraction(document)
