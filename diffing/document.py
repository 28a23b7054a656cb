"""The document model shared by extraction, storage and diffing: plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Section:
    """One section of a policy: its heading and its own body (subsections excluded)."""

    heading: str  # as shown; "" for the text before the first heading
    level: int  # 1-6 from the heading tree; 0 for that preamble
    path: tuple[str, ...]  # headings from the top of the tree down to this one
    text: str  # body as markdown, without the heading line


@dataclass(frozen=True)
class EffectiveDate:
    """The date a policy states for itself, with the words it used."""

    value: date
    text: str  # e.g. "Last updated November 2020"


@dataclass(frozen=True)
class PolicyDocument:
    """A policy as extracted: markdown with a heading tree, its sections and its date."""

    title: str
    markdown: str
    sections: tuple[Section, ...]
    effective_date: EffectiveDate | None
    warnings: tuple[str, ...] = field(default=())


def parse_document(
    markdown: str, title: str = "", date_context: str | None = None, warnings=()
) -> PolicyDocument:
    """Build a PolicyDocument from markdown; `date_context` is searched when the text has no date.

    Extraction passes the whole page's text as `date_context`, because about 15 % of policies
    state their date only in the footer (EXTRACTION.md). A numeric date that could be read
    either as DD/MM or MM/DD adds a warning naming the reading chosen.
    """
    from diffing.dates import find_date_statement
    from diffing.sections import split_sections

    finding = find_date_statement(markdown)
    if finding is None and date_context:
        finding = find_date_statement(date_context)
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
    from diffing.pseudo_headings import mark_pseudo_headings

    return parse_document(mark_pseudo_headings(text), title=title)
