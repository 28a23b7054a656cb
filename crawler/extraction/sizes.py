"""Word counts per element, computed in one pass, for density decisions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Size:
    words: int = 0  # all words inside the element
    link_words: int = 0  # words inside <a> elements


def text_sizes(root) -> dict:
    """Map every element under `root` (inclusive) to its Size.

    Reversed document order visits every descendant before its ancestor, so one pass suffices
    without recursion (real pages nest deeper than Python's recursion limit).
    """
    sizes: dict = {}
    for element in reversed(list(root.iter())):
        text = element.text
        words = len(text.split()) if text else 0
        if not len(element):  # a leaf (about half of a page's elements): no loop to start
            sizes[element] = Size(words, words if element.tag == "a" else 0)
            continue
        link_words = 0
        for child in element:
            tail = child.tail
            if tail:
                words += len(tail.split())
            child_size = sizes[child]
            words += child_size.words
            link_words += child_size.link_words
        sizes[element] = Size(words, words if element.tag == "a" else link_words)
    return sizes


def forget(sizes: dict, element) -> None:
    """Take `element`'s words out of its ancestors' counts (before it is dropped)."""
    size = sizes[element]
    for ancestor in element.iterancestors():
        if ancestor in sizes:
            sizes[ancestor].words -= size.words
            sizes[ancestor].link_words -= size.link_words
