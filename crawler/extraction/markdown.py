"""Blocks → markdown: ATX headings on one level scale, "- " lists, tables, paragraphs."""

from __future__ import annotations

import re

from crawler.extraction.blocks import Block
from crawler.extraction.headings import assign_levels

# A line starting with "#" would read as a heading to diffing.sections: escape it.
LEADING_HASH = re.compile(r"^(\s*)#", re.MULTILINE)


def escape(text: str) -> str:
    if "#" not in text:  # most blocks: a substring test instead of a regex scan
        return text
    return LEADING_HASH.sub(r"\1\\#", text)


def to_markdown(blocks: list[Block]) -> str:
    """Markdown for `blocks`: list items on consecutive lines, other blocks apart."""
    headings = [b for b in blocks if b.kind == "heading"]
    raw_levels = [(b.source, b.level, b.text) for b in headings]
    levels = dict(zip(map(id, headings), assign_levels(raw_levels), strict=True))
    out: list[str] = []
    previous = None
    for block in blocks:
        if block.kind == "heading":
            line = "#" * levels[id(block)] + " " + block.text
        elif block.kind == "item":
            line = "  " * block.level + block.source + " " + escape(block.text)
        elif block.kind == "table":
            line = block.text
        else:
            line = escape(block.text)
        if out:
            out.append("\n" if block.kind == previous == "item" else "\n\n")
        out.append(line)
        previous = block.kind
    return "".join(out).strip() + "\n" if out else ""
