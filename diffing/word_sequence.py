"""The words a reader sees in a text (`\\w+` runs of its visible text): how many, and whether two
texts show the same ones in the same order, without listing every word of both.

Listing them (`re.findall`) costs ~80 ns per character: the biggest single cost of
classifying a change. Counting splits at whitespace in C and asks the regex engine
only about the tokens that are not one plain word. Comparing skips the texts' common start
and end (compared in C) and lists the words of the middles only: no word crosses a
non-word character, so cutting both texts there leaves the words on either side unchanged.
"""

from __future__ import annotations

import re
from itertools import filterfalse

from diffing.affixes import common_prefix, common_suffix
from diffing.normalise import visible_text

WORD = re.compile(r"\w+")


def word_count(text: str) -> int:
    """How many words `visible_text(text)` shows (len of its `\\w+` runs)."""
    return visible_word_count(visible_text(text))


def visible_word_count(visible: str) -> int:
    """`word_count` of a text whose `visible_text` is `visible`."""
    tokens = visible.split()
    # A token of letters and digits only is one word ("_" is a word character isalnum
    # rejects: such tokens go with the others to the regex).
    others = list(filterfalse(str.isalnum, tokens))
    return len(tokens) - len(others) + len(WORD.findall(" ".join(others)))


def same_words(old_text: str, new_text: str) -> bool:
    """Do both texts show a reader the same words in the same order, whatever their structure?"""
    return same_visible_words(visible_text(old_text), visible_text(new_text))


def same_visible_words(
    old: str, new: str, old_count: int | None = None, new_count: int | None = None
) -> bool:
    """`same_words` of two texts whose visible texts are `old` and `new` (and word counts
    `old_count` and `new_count`, when the caller has them)."""
    if old == new:
        return True
    old_count = visible_word_count(old) if old_count is None else old_count
    new_count = visible_word_count(new) if new_count is None else new_count
    if old_count != new_count:
        return False
    start = common_prefix(old, new)
    end = common_suffix(old[start:], new[start:])
    # Cut where no word runs across: before the word the common start ends in, after the
    # word the common end begins with.
    while start and is_word_character(old[start - 1]):
        start -= 1
    while end and is_word_character(old[len(old) - end]):
        end -= 1
    return WORD.findall(old, start, len(old) - end) == WORD.findall(new, start, len(new) - end)


def is_word_character(char: str) -> bool:
    return WORD.match(char) is not None
