"""Text to model: a policy's markdown (or plain text) read into a PolicyDocument."""

from __future__ import annotations

from diffing.dates import DateFinding, find_date_statement
from diffing.model import EffectiveDate, PolicyDocument
from diffing.pseudo_headings import mark_pseudo_headings
from diffing.sections import split_sections


def parse_document(
    markdown: str, title: str = "", date_context: str | None = None, warnings=()
) -> PolicyDocument:
    """Build a PolicyDocument from markdown; `date_context` is searched when the text has no date.

    Extraction passes the whole page's text as `date_context`, because about 15 % of policies
    state their date only in the footer (EXTRACTION.md). A numeric date that could be read
    either as DD/MM or MM/DD adds a warning naming the reading chosen.
    """
    finding = find_date_statement(markdown)
    if finding is None and date_context:
        finding = find_date_statement(date_context)
    return document_with_date(markdown, finding, title, warnings)


def document_with_date(
    markdown: str, finding: DateFinding | None, title: str = "", warnings=()
) -> PolicyDocument:
    """A PolicyDocument of `markdown` whose date statement the caller has found already."""
    warnings = tuple(warnings)
    if finding is not None and finding.ambiguous:
        warnings += (f"ambiguous numeric date in {finding.text!r}: read as {finding.value}",)
    return PolicyDocument(
        title=title,
        markdown=markdown,
        sections=split_sections(markdown),
        effective_date=EffectiveDate(finding.value, finding.text) if finding else None,
        warnings=warnings,
    )


def document_from_text(text: str, title: str = "") -> PolicyDocument:
    """A PolicyDocument from a markdown or plain-text file (pseudo-headings recognised)."""
    return parse_document(mark_pseudo_headings(text), title=title)
