"""Every match of a large alternation of keyword patterns in a long text, found fast.

A big alternation is tried at every word start of a text, each alternative in turn: on the long
texts of added or removed sections that is most of the cost of tagging topics. The letters
a match can begin with are known from the patterns themselves, so a first scan looks only for
those (a trie of short literal starts, which the engine rejects in a character or two), and
the full alternation is tried only where one of them stands. The matches are the same as
`pattern.finditer(text)` finds: the first scan only skips places where no pattern can match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Literal starts this long reject nearly every other word at once.
START_LENGTH = 8
# More starts than this for one pattern (a character class) and it is searched for as written.
MAX_STARTS = 64


def literal_starts(pattern: str, length: int = START_LENGTH) -> set[str] | None:
    """Strings of up to `length` characters of which every match of `pattern` begins with one
    (fewer characters where a letter of the pattern's start is optional), or None when some
    match can begin with no fixed letters at all (a character class, an optional first word).

    Read from the pattern's text with the public syntax only (literal letters, escapes,
    `(?:...)` groups, `|`, quantifiers, look-arounds); anything else ends a start early, which
    only makes the first scan try the full alternation at more places."""
    try:
        starts = set().union(*(branch_starts(branch) for branch in branches(pattern)))
    except ValueError:
        return None
    if len(starts) > MAX_STARTS or any(len(start) < 2 for start in starts):
        return None
    return {start[:length] for start in starts}


SPECIAL = frozenset("\\.^$*+?{}[]|()")
LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def _skip_class(pattern: str, i: int) -> int:
    """The index after the character class opening at `i`."""
    j = i + 1
    if pattern[j : j + 1] == "^":
        j += 1
    if pattern[j : j + 1] == "]":  # a "]" first in a class is a letter of it
        j += 1
    while j < len(pattern) and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


def _syntax(pattern: str, i: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of the pattern's characters from `i` that are
    syntax: escapes and character classes are passed over whole."""
    depth = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            i = _skip_class(pattern, i)
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        yield i, char, depth
        i += 1


def branches(pattern: str) -> list[str]:
    """`pattern` cut at its top-level "|"."""
    cuts = [i for i, char, depth in _syntax(pattern) if char == "|" and depth == 0]
    bounds = zip([-1, *cuts], [*cuts, len(pattern)], strict=True)
    return [pattern[start + 1 : end] for start, end in bounds]


def _group_end(pattern: str, i: int) -> int:
    """The index of the ")" closing the group that opens at `i`."""
    for index, char, depth in _syntax(pattern, i):
        if char == ")" and depth == 0:
            return index
    raise ValueError("unbalanced group")


def branch_starts(branch: str, prefix: str = "") -> set[str]:
    """The strings every match of `branch` (no top-level "|") begins with, after `prefix`,
    each of at most START_LENGTH characters ("" where a match can begin otherwise)."""
    if len(prefix) >= START_LENGTH or not branch:
        return {prefix}
    if branch.startswith("\\b"):  # a word boundary takes no letter
        return branch_starts(branch[2:], prefix)
    if branch.startswith(LOOKAROUNDS):  # nor does a look-around
        return branch_starts(branch[_group_end(branch, 0) + 1 :], prefix)
    if branch.startswith("(?:"):
        end = _group_end(branch, 0)
        alternatives, rest = branches(branch[3:end]), branch[end + 1 :]
        return _repeated(alternatives, rest, prefix)
    if branch[0] == "[":
        end = _skip_class(branch, 0)
        letters = _class_letters(branch[1 : end - 1])
        if letters is None:
            return {prefix}
        return _letters_then(letters, branch[end:], prefix)
    if branch[0] == "\\":
        letter, width = branch[1:2], 2
        if not letter or letter.isalnum():  # \s, \d, \w...: no letter to name
            return {prefix}
    elif branch[0] in SPECIAL:
        return {prefix}
    else:
        letter, width = branch[0], 1
    return _letters_then([letter], branch[width:], prefix)


def _repeated(alternatives: list[str], rest: str, prefix: str) -> set[str]:
    """The starts of one of `alternatives`, under the quantifier `rest` may begin with, then
    `rest`."""
    quantifier = rest[:1]
    if quantifier in ("*", "{"):  # a count: where it may be zero, what follows is unknown
        return {prefix}
    if quantifier == "+":  # at least once: what follows the first time is unknown
        return set().union(*(branch_starts(alternative, prefix) for alternative in alternatives))
    if quantifier == "?":
        rest = rest[1:]
        taken = set().union(*(branch_starts(alt + rest, prefix) for alt in alternatives))
        return taken | branch_starts(rest, prefix)
    return set().union(*(branch_starts(alternative + rest, prefix) for alternative in alternatives))


def _letters_then(letters: list[str], rest: str, prefix: str) -> set[str]:
    """The starts of one of `letters`, under the quantifier `rest` may begin with, then `rest`."""
    quantifier = rest[:1]
    if quantifier in ("*", "{"):
        return {prefix}
    if quantifier == "+":
        return {prefix + letter for letter in letters}
    if quantifier == "?":
        rest = rest[1:]
        taken = set().union(*(branch_starts(rest, prefix + letter) for letter in letters))
        return taken | branch_starts(rest, prefix)
    return set().union(*(branch_starts(rest, prefix + letter) for letter in letters))


def _class_letters(content: str) -> list[str] | None:
    """The letters of a character class made of plain letters ("-" first or last is one), or
    None for anything else (a range, an escape, a negation)."""
    if not content or content.startswith("^") or "\\" in content or "-" in content[1:-1]:
        return None
    return list(content)


def trie_pattern(starts: Iterable[str]) -> str:
    """One regular expression matching any of `starts`, factored letter by letter."""
    trie: dict = {}
    for start in sorted(starts, key=len):
        node = trie
        for char in start:
            if node.get(char) == {}:  # a shorter start already covers this one
                break
            node = node.setdefault(char, {})
        else:
            node.clear()  # this start covers the longer ones it prefixes
    return _render(trie)


def _render(node: dict) -> str:
    if not node:
        return ""
    parts = [re.escape(char) + _render(child) for char, child in sorted(node.items())]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def first_scan(patterns: Iterable[str], prefix: str = "") -> re.Pattern:
    """A pattern matching wherever one of `patterns` (each after `prefix`) may match: their
    literal starts, and as written those that have none."""
    starts: set[str] = set()
    as_written: list[str] = []
    for pattern in patterns:
        found = literal_starts(pattern)
        if found is None:
            as_written.append(pattern)
        else:
            starts |= found
    alternatives = ([trie_pattern(starts)] if starts else []) + as_written
    return re.compile(prefix + "(?:" + "|".join(alternatives) + ")")


def rivals(groups: dict[str, Iterable[str]]) -> dict[str, re.Pattern | None]:
    """For each named group of patterns, the other groups that may match at the same place
    (a literal start of one begins with one of the other's, or one has no literal start),
    as one pattern with a named group each; None when no other group may."""
    starts = {name: [literal_starts(p) for p in patterns] for name, patterns in groups.items()}

    def may_meet(a: str, b: str) -> bool:
        if any(s is None for s in starts[a] + starts[b]):
            return True
        ours = [x for found in starts[a] for x in found]
        theirs = [y for found in starts[b] for y in found]
        return any(x.startswith(y) or y.startswith(x) for x in ours for y in theirs)

    found: dict[str, re.Pattern | None] = {}
    for name in groups:
        others = [o for o in groups if o != name and may_meet(name, o)]
        alternation = "|".join(f"(?P<{o}>{'|'.join(groups[o])})" for o in others)
        found[name] = re.compile(alternation) if others else None
    return found


def longest_matches(
    first: re.Pattern, full: re.Pattern, rival_groups: dict[str, re.Pattern | None], text: str
) -> Iterator[tuple[str, re.Match]]:
    """The matches of `full.finditer(text)`, `full` tried only where `first` matches, each
    with the name of its group; where a rival group (`rival_groups` of the name) matches
    longer at the same place, it wins, not the first in `full`: "personalised ads" is then
    advertising before "personalis" is data collection, whatever the order of the rules."""
    position = 0
    while candidate := first.search(text, position):
        start = candidate.start()
        match = full.match(text, start)
        if not match or match.end() <= start:
            position = start + 1
            continue
        name = match.lastgroup
        rival = rival_groups[name]
        longer = rival.match(text, start) if rival else None
        if longer and longer.end() > match.end():
            name, match = longer.lastgroup, longer
        yield name, match
        position = match.end()
