"""Word counts per element, computed in one pass, for density decisions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Size:
    words: int = 0  # all words inside the element
    link_words: int = 0  # words inside <a> elements


def count_words(text: str | None) -> int:
    return len(text.split()) if text else 0


def text_sizes(root) -> dict:
    """Map every element under `root` (inclusive) to its Size.

    Reversed document order visits every descendant before its ancestor, so one pass suffices
    without recursion (real pages nest deeper than Python's recursion limit).
    """
    sizes: dict = {}
    for element in reversed(list(root.iter())):
        size = Size(words=count_words(element.text) if isinstance(element.tag, str) else 0)
        for child in element:
            size.words += count_words(child.tail)
            child_size = sizes.get(child)
            if child_size is not None:
                size.words += child_size.words
                size.link_words += child_size.link_words
        if element.tag == "a":
            size.link_words = size.words
        sizes[element] = size
    return sizes


def forget(sizes: dict, element) -> None:
    """Take `element`'s words out of its ancestors' counts (before it is dropped)."""
    size = sizes[element]
    for ancestor in element.iterancestors():
        if ancestor in sizes:
            sizes[ancestor].words -= size.words
            sizes[ancestor].link_words -= size.link_words
