"""Walk a cleaned HTML tree into a flat list of blocks: headings, paragraphs, list items, tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from crawler.extraction.headings import MAX_HEADING_CHARACTERS as MAX_PSEUDO_HEADING_CHARACTERS
from crawler.extraction.headings import pseudo_heading_depth
from crawler.extraction.links import clean_href
from crawler.extraction.tables import is_data_table, markdown_table
from crawler.extraction.text import (
    normalise_lines,
    one_line,
    text_of,
)

BLOCK_TAGS_NAMES = (
    "address article aside blockquote body caption center dd details div dl dt "
    "fieldset figcaption figure footer form header hgroup hr html legend li main nav "
    "ol p pre section table tbody td tfoot th thead tr ul"
)
BLOCK_TAGS = frozenset(BLOCK_TAGS_NAMES.split())
HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}
# Blocks that need no handling of their own (lists, tables, <pre> and headings do).
PLAIN_BLOCK_TAGS = BLOCK_TAGS - {"ul", "ol", "table", "pre"}
BOLD_TAGS = frozenset({"b", "strong"})
BOLD_STYLE = re.compile(r"font-weight\s*:\s*(bold|[6-9]00)")
# An <li> holding these is a layout box, not a list item: walk it as a container.
CONTAINER_MARKERS = frozenset({*HEADING_TAGS, "table", "pre", "section", "article"})
# Inline tags that walk() treats as a mere container of text when they have no attribute
# (no role, aria-level or style): the most common elements of a page after paragraphs.
PLAIN_INLINE_TAGS_NAMES = (
    "span em i u b strong small big font label sup sub mark abbr cite code q s strike time "
    "var kbd samp ins del bdi bdo dfn tt nobr"
)
PLAIN_INLINE_TAGS = frozenset(PLAIN_INLINE_TAGS_NAMES.split())
TAG = attrgetter("tag")
LIST_TAGS = frozenset({"ul", "ol"})
# Tags inline() renders otherwise than as their text (links, spaces around blocks).
INLINE_BREAK_TAGS = frozenset({"a", "br", *BLOCK_TAGS})
# A "heading" longer than this is a paragraph styled big (seen on real pages using <h4> for text).
MAX_HEADING_WORDS = 40
ACCORDION_MAX_WORDS = 20
LINE_BREAK = "\n"  # a <br>; newlines in source text are turned into spaces on the way in
BREAK_PART = (LINE_BREAK, False)  # add_text never gathers a bare "\n", so this is always a <br>


@dataclass(slots=True)
class Block:
    kind: str  # "heading" | "para" | "item" | "table" | "pre"
    text: str
    level: int = 0  # heading: hN or pseudo depth; item: nesting depth
    source: str = ""  # heading: "tag" | "pseudo"; item: its marker ("-", "3.")


class BlockWriter:
    """Turns elements into Blocks, gathering inline text (with bold marks) into paragraphs."""

    def __init__(self, base_url: str | None):
        self.base_url = base_url
        self.blocks: list[Block] = []
        self.parts: list[tuple[str, bool]] = []
        self.bold = 0

    # -- paragraphs -------------------------------------------------------------------------
    def add_text(self, text: str | None) -> None:
        """Source text: its newlines are mere whitespace (only <br> breaks a line)."""
        if text and (self.parts or not text.isspace()):  # indentation between blocks is noise
            self.parts.append((text.replace("\n", " "), self.bold > 0))

    def flush(self) -> None:
        """Close the paragraph being gathered; a bold first line becomes a heading."""
        parts, self.parts = self.parts, []
        if not parts:
            return
        if len(parts) == 1:  # most paragraphs: one text, no join, no line split
            self.flush_one(parts[0])
            return
        if BREAK_PART in parts:
            lines: list[list[tuple[str, bool]]] = [[]]
            for part in parts:
                if part == BREAK_PART:
                    lines.append([])
                else:
                    lines[-1].append(part)
        else:  # most paragraphs: one line
            lines = [parts]
        body: list[str] = []
        for line in lines:
            text = one_line("".join([t for t, _ in line]))
            if not text:
                continue
            # Only a short first line can be a heading: the bold test waits until then.
            depth = (
                pseudo_heading_depth(text, all(b for t, b in line if t.strip()))
                if not body and len(text) <= MAX_PSEUDO_HEADING_CHARACTERS
                else None
            )
            if depth is not None:
                self.blocks.append(Block("heading", text, depth, "pseudo"))
            else:
                body.append(text)
        if body:
            self.blocks.append(Block("para", "\n".join(body)))

    def flush_one(self, part: tuple[str, bool]) -> None:
        """flush() of a single part: its line's text is the part's, all bold when it is."""
        if part == BREAK_PART:  # a lone <br>: two empty lines
            return
        text = one_line(part[0])
        if not text:
            return
        # A part whose text survives one_line is not blank: its bold flag is the line's.
        if len(text) <= MAX_PSEUDO_HEADING_CHARACTERS:
            depth = pseudo_heading_depth(text, part[1])
            if depth is not None:
                self.blocks.append(Block("heading", text, depth, "pseudo"))
                return
        self.blocks.append(Block("para", text))

    # -- walking ------------------------------------------------------------------------------
    def walk(self, element) -> None:
        tag = element.tag
        if tag in PLAIN_BLOCK_TAGS and element.get("role") is None:  # most elements: be quick
            if self.parts:
                self.flush()
            if len(element):
                self.children(element)
            else:  # a leaf block (a plain <p>, <li>, <td>): its text alone, no loop to start
                text = element.text
                if text and not text.isspace():  # add_text, with no parts gathered yet
                    self.parts.append((text.replace("\n", " "), self.bold > 0))
            if self.parts:
                self.flush()
            return
        if tag in PLAIN_INLINE_TAGS and not element.attrib:  # a bare <span>, <em>, <b>…
            bold = tag in BOLD_TAGS
            self.bold += bold
            self.children(element)
            self.bold -= bold
            return
        if not isinstance(tag, str):
            return
        role_level = element.get("aria-level") if element.get("role") == "heading" else None
        if tag in HEADING_TAGS or (role_level or "").isdigit():
            self.heading(element, HEADING_TAGS.get(tag) or int(role_level), "tag")
        elif tag in ("summary", "button"):
            self.heading(element, 0, "pseudo")
        elif tag in ("ul", "ol") and not has_loose_text(element):
            self.flush()
            self.list(element, 0)
        elif tag == "table" and is_data_table(element):
            self.flush()
            self.blocks.append(Block("table", markdown_table(element, self.inline)))
        elif tag == "pre":
            self.flush()
            self.blocks.append(Block("pre", normalise_lines(text_of(element))))
        elif tag == "br":
            self.parts.append(BREAK_PART)
        elif tag == "a" and not has_any(element, BLOCK_TAGS):
            self.add_text(self.link(element))
        elif tag in BLOCK_TAGS:
            self.flush()
            self.children(element)
            self.flush()
        else:
            style = element.get("style")
            bold = tag in BOLD_TAGS or (style is not None and BOLD_STYLE.search(style) is not None)
            self.bold += bold
            self.children(element)
            self.bold -= bold

    def children(self, element) -> None:
        text = element.text
        if text:  # add_text called only with text: most elements have none before a child
            self.add_text(text)
        walk, add_text = self.walk, self.add_text
        for child in element:
            tag = child.tag
            if tag in PLAIN_INLINE_TAGS and not len(child) and not child.attrib:
                # walk() of a bare inline leaf (a <span>, <b>…, a third of the calls), inlined
                text = child.text
                if text and (self.parts or not text.isspace()):
                    self.parts.append((text.replace("\n", " "), self.bold > 0 or tag in BOLD_TAGS))
            else:
                walk(child)
            tail = child.tail
            if tail:
                add_text(tail)

    def heading(self, element, level: int, source: str) -> None:
        self.flush()
        text = self.inline(element)
        if not text:
            return
        limit = MAX_HEADING_WORDS if source == "tag" else ACCORDION_MAX_WORDS
        if len(text.split()) > limit:
            self.blocks.append(Block("para", text))
        else:
            self.blocks.append(Block("heading", text, level, source))

    def list(self, element, depth: int) -> None:
        number = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag != "li" or has_any(child, CONTAINER_MARKERS):
                self.walk(child)
                self.flush()
                continue
            marker = f"{number}." if element.tag == "ol" else "-"
            number += 1
            sublists = nested_lists(child)
            if sublists and all(sublist.getparent() is child for sublist in sublists):
                self.item_in_order(child, depth, marker)
                continue
            text = self.inline(child, skip=("ul", "ol"))
            if text:
                self.blocks.append(Block("item", text, depth, marker))
            for sublist in sublists:
                self.sublist(sublist, depth)

    def sublist(self, sublist, depth: int) -> None:
        if has_loose_text(sublist):
            self.walk(sublist)
        else:
            self.list(sublist, depth + 1)

    def item_in_order(self, item, depth: int, marker: str) -> None:
        """A list item holding lists of its own: its text up to the first one is the item, each
        list follows nested, and the text after one (a closing paragraph) stays after it, as
        the page reads."""
        out: list[str] = [item.text or ""]
        first = True
        for child in item:
            if child.tag in LIST_TAGS:
                self.item_text(one_line("".join(out)), depth, marker, first)
                first, out = False, []
                self.sublist(child, depth)
            else:
                self.visit_inline(child, out, ())
            out.append(child.tail or "")
        self.item_text(one_line("".join(out)), depth, marker, first)

    def item_text(self, text: str, depth: int, marker: str, first: bool) -> None:
        """The item itself when `first`, else a paragraph continuing it after a nested list."""
        if text:
            self.blocks.append(Block("item", text, depth, marker) if first else Block("para", text))

    # -- inline text ----------------------------------------------------------------------------
    def inline(self, element, skip: tuple[str, ...] = ()) -> str:
        """The element's text on one line, links as markdown, `skip` tags left out."""
        if not len(element):  # most items, cells and links: their text alone
            return one_line(element.text or "")
        breaks = (
            INLINE_BREAK_TAGS if INLINE_BREAK_TAGS.issuperset(skip) else {*INLINE_BREAK_TAGS, *skip}
        )
        if not has_any(element, breaks):  # only inline markup: its text gathered in C
            return one_line(text_of(element))
        out: list[str] = [element.text or ""]
        for child in element:
            self.visit_inline(child, out, skip)
            out.append(child.tail or "")
        return one_line("".join(out))

    def visit_inline(self, node, out: list[str], skip: tuple[str, ...]) -> None:
        """Append the inline text of `node` (without its tail) to `out`."""
        if not isinstance(node.tag, str) or node.tag in skip:
            return
        if node.tag == "a":
            out.append(self.link(node))
            return
        spaced = node.tag in BLOCK_TAGS or node.tag == "br"
        if spaced:
            out.append(" ")
        out.append(node.text or "")
        for child in node:
            self.visit_inline(child, out, skip)
            out.append(child.tail or "")
        if spaced:
            out.append(" ")

    def link(self, anchor) -> str:
        text = self.inline(anchor, skip=("a",)) if len(anchor) else one_line(anchor.text or "")
        href = clean_href(anchor.get("href") or "", self.base_url)
        if not text:
            return ""
        if not href:
            return text
        text = text.replace("[", "\\[").replace("]", "\\]")
        return f"[{text}]({href.replace(')', '%29').replace(' ', '%20')})"


def has_any(element, tags: frozenset[str]) -> bool:
    """Does `element` contain an element with one of these tags?

    Most elements tested (links, list items) have no child or one: testing each descendant's
    tag against a set (a loop in C, stopping at the first found) is four times faster than
    lxml's own tag filter, which rebuilds its matcher from the tag names on every call.
    """
    return len(element) > 0 and not tags.isdisjoint(map(TAG, element.iterdescendants()))


def has_loose_text(element) -> bool:
    """True for a list with text outside any <li> (real pages put paragraphs in <ol>)."""
    if (element.text or "").strip():
        return True
    return any(
        (child.tail or "").strip() or child.tag not in ("li", "ul", "ol")
        for child in element
        if isinstance(child.tag, str)
    )


def nested_lists(item) -> list:
    """The outermost <ul>/<ol> inside a list item."""
    if not has_any(item, LIST_TAGS):  # most items
        return []
    found = []
    stack = list(reversed(item))
    while stack:
        node = stack.pop()
        if node.tag in ("ul", "ol"):
            found.append(node)
        elif isinstance(node.tag, str):
            stack.extend(reversed(node))
    return found


def render_blocks(roots, base_url: str | None) -> list[Block]:
    """Blocks for each root element in turn."""
    writer = BlockWriter(base_url)
    for root in roots:
        writer.walk(root)
        writer.flush()
    return writer.blocks
