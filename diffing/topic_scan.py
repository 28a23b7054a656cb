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
from re import _constants as sre
from re import _parser

# Literal starts this long reject nearly every other word at once.
START_LENGTH = 8
# More starts than this for one pattern (a character class) and it is searched for as written.
MAX_STARTS = 64
ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)


def literal_starts(pattern: str, length: int = START_LENGTH) -> set[str] | None:
    """Strings of up to `length` characters of which every match of `pattern` begins with one
    (fewer characters where the pattern's start is optional), or None when some match can
    begin with no fixed letters at all (a character class, an optional first word)."""
    try:
        starts = _starts(list(_parser.parse(pattern)), length, "")
    except (re.error, TypeError, ValueError):
        return None
    if len(starts) > MAX_STARTS or any(len(start) < 2 for start in starts):
        return None
    return starts


def _starts(items: list, length: int, prefix: str) -> set[str]:
    """The literal starts of the parsed `items` after `prefix`; stops at what is no literal."""
    if len(prefix) >= length or not items:
        return {prefix}
    (op, arg), rest = items[0], items[1:]
    if op is sre.LITERAL:
        return _starts(rest, length, prefix + chr(arg))
    if op in ZERO_WIDTH:  # \b, ^, look-arounds consume no letter: skipping them only widens
        return _starts(rest, length, prefix)
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in arg):
        return set().union(*(_starts(rest, length, prefix + chr(c)) for _, c in arg))
    if op is sre.BRANCH:
        return set().union(*(_starts(list(branch) + rest, length, prefix) for branch in arg[1]))
    if op is sre.SUBPATTERN and not (arg[1] or arg[2]):  # a group without inline flags
        return _starts(list(arg[3]) + rest, length, prefix)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, body = arg
        once = _starts(list(body) + rest, length, prefix) if high == 1 else None
        taken = once if once is not None else _starts(list(body), length, prefix)
        return taken | _starts(rest, length, prefix) if low == 0 else taken
    return {prefix}


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
