"""Pick the element that holds the policy: a landmark, else where the plain text concentrates."""

from __future__ import annotations

from lxml import etree

# A landmark (<main>, role=main, <article>) is trusted when it holds this share of the words.
LANDMARK_SHARE = 0.3
# Descend into a child only when it holds this share of the parent's non-link words, so that
# segmented pages (a policy split over sibling containers) keep every segment…
DOMINANT_SHARE = 0.9
# …and when what it leaves out is no longer than this: a page's unmarked chrome (a blurb, a
# contact line) is short, while an introduction beside a numbered list of clauses is not.
MAX_WORDS_LEFT_OUT = 60
# A block named a title ("page-title", "PageTitle--x1") holding more words is not one.
MAX_TITLE_WORDS = 20
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# <main> and role=main elements, in document order, found in C. Reaching role=main through the
# attribute axis spares a look-up of "role" on every element: three times faster.
MAIN_LANDMARKS = etree.XPath(
    "descendant-or-self::main | descendant-or-self::*/@role[. = 'main']/.."
)


def plain_words(size) -> int:
    return size.words - size.link_words


def landmark(body, sizes):
    """The largest <main>/[role=main], else <article>, holding enough of the page; or None."""
    page = max(plain_words(sizes[body]), 1)
    for candidates in (
        MAIN_LANDMARKS(body),
        list(body.iter("article")),
    ):
        candidates = [e for e in candidates if e in sizes]
        if candidates:
            best = max(candidates, key=lambda e: plain_words(sizes[e]))
            if plain_words(sizes[best]) >= LANDMARK_SHARE * page:
                return best
    return None


def holds_title(element, sizes) -> bool:
    """Is `element` the title of the block after it: a heading of any level (pages title the
    policy with an <h2> as well), a <header> holding one, or a short block named a title?"""
    if element.tag in HEADINGS or next(element.iter("h1"), None) is not None:
        return True
    if element.tag == "header" and next(element.iter(*HEADINGS), None) is not None:
        return True
    named = "title" in (element.get("class") or "").lower()
    return named and 0 < plain_words(sizes[element]) <= MAX_TITLE_WORDS


def descend(element, sizes):
    """Go down while a single child holds nearly all of the plain (non-link) text, and the
    title does not stand before it: the blocks between a title and its text (an introduction
    naming the company, the date) belong to the document."""
    while True:
        total = plain_words(sizes[element])
        children = [c for c in element if isinstance(c.tag, str)]
        if not children or total == 0:
            return element
        best = max(children, key=lambda c: plain_words(sizes[c]))
        left_out = total - plain_words(sizes[best])
        if left_out > (1 - DOMINANT_SHARE) * total or left_out > MAX_WORDS_LEFT_OUT:
            return element
        if any(holds_title(c, sizes) for c in children[: children.index(best)]):
            return element
        element = best


def link_bar(element, sizes) -> bool:
    """Mostly links (a menu or footer bar left without a landmark), and not a heading."""
    size = sizes[element]
    return element.tag not in HEADINGS and size.link_words * 2 >= size.words


def edge_link_bars(root, sizes) -> list:
    """Link bars at the start and end of `root`: page chrome that is not marked up as such."""
    children = [c for c in root if isinstance(c.tag, str)]
    found = []
    for ordered in (children, children[::-1]):
        for child in ordered:
            if not link_bar(child, sizes) or child in found:
                break
            found.append(child)
    return found


def choose_main(body, sizes):
    """The element to extract from when no selector is configured."""
    start = landmark(body, sizes)
    return descend(body if start is None else start, sizes)
