"""PDF policies → the same PolicyDocument as HTML ones (text layer read with pypdf)."""

from __future__ import annotations

import io
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError

from crawler.extraction.blocks import Block
from crawler.extraction.headings import pseudo_heading_depth
from crawler.extraction.markdown import to_markdown
from crawler.extraction.text import one_line
from diffing.model import PolicyDocument
from diffing.parse import parse_document

PAGE_NUMBER = re.compile(r"^(page\s+)?\d+(\s*(of|/)\s*\d+)?$", re.IGNORECASE)
SENTENCE_END = (".", ":", ";", "!", "?")
# A line this much shorter than the longest ends its paragraph: wrapping fills every other line.
SHORT_LINE_SHARE = 0.8


def pdf_lines(body: bytes) -> tuple[list[list[str]], str]:
    """Each page's non-empty lines, and the document's metadata title."""
    reader = PdfReader(io.BytesIO(body))
    pages = [[one_line(line) for line in (page.extract_text() or "").splitlines()]
             for page in reader.pages]  # fmt: skip
    title = (reader.metadata.title or "") if reader.metadata else ""
    return [[line for line in page if line] for page in pages], one_line(title)


def running_lines(pages: list[list[str]]) -> set[str]:
    """Headers and footers: lines repeated on at least half of the pages (two or more)."""
    if len(pages) < 2:
        return set()
    counts = Counter(line for page in pages for line in set(page))
    return {line for line, n in counts.items() if n >= 2 and n * 2 >= len(pages)}


def pdf_blocks(pages: list[list[str]]) -> list[Block]:
    """Paragraphs and pseudo-headings from the lines of a PDF's pages."""
    repeated = running_lines(pages)
    lines = [
        line for page in pages for line in page if line not in repeated
        and not PAGE_NUMBER.match(line)
    ]  # fmt: skip
    longest = max((len(line) for line in lines), default=0)
    blocks: list[Block] = []
    paragraph: list[str] = []

    def close() -> None:
        if paragraph:
            blocks.append(Block("para", join_lines(paragraph)))
            paragraph.clear()

    for line in lines:
        depth = pseudo_heading_depth(line, all_bold=False)
        if depth is not None and not paragraph:
            blocks.append(Block("heading", line, depth, "pseudo"))
            continue
        if depth is not None and paragraph and paragraph[-1].endswith(SENTENCE_END):
            close()
            blocks.append(Block("heading", line, depth, "pseudo"))
            continue
        paragraph.append(line)
        if len(line) < SHORT_LINE_SHARE * longest:
            close()
    close()
    return blocks


def join_lines(lines: list[str]) -> str:
    """One paragraph from wrapped lines, mending words hyphenated at a line end."""
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text


def extract_pdf_policy(body: bytes) -> PolicyDocument:
    """Extract a policy from PDF bytes; an unreadable PDF gives an empty document with a warning."""
    try:
        pages, title = pdf_lines(body)
    except LimitReachedError as error:
        # pypdf stops a stream that decompresses past its limit: a decompression bomb.
        warning = f"unreadable PDF: a stream decompresses past pypdf's limit ({error})"
        return parse_document("", warnings=[warning])
    except (PyPdfError, ValueError, KeyError) as error:
        return parse_document("", warnings=[f"unreadable PDF: {error}"])
    blocks = pdf_blocks(pages)
    if not title:
        title = next((b.text for b in blocks if b.kind == "heading"), "")
    warnings = [] if blocks else ["no text layer (a scanned PDF needs OCR)"]
    text = "\n".join(line for page in pages for line in page)
    return parse_document(to_markdown(blocks), title, date_context=text, warnings=warnings)
