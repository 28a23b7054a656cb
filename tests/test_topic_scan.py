"""The fast keyword scan finds exactly what `finditer` of the whole alternation finds."""

from __future__ import annotations

import re

import pytest

from diffing.topic_scan import first_scan, literal_starts, longest_matches, rivals, trie_pattern
from diffing.topics import HEADING_PATTERNS, TEXT_PATTERNS


@pytest.mark.parametrize(
    ("pattern", "starts"),
    [
        (r"collect", {"collect"}),
        (r"\b(?:your|these) rights?", {"your rig", "these ri"}),
        (r"shar(?:e|es|ed|ing)\b", {"share", "shares", "shared", "sharing"}),
        (r"(?:delete|erase)s? data", {"delete d", "deletes ", "erase da", "erases d"}),
        (r"personali[sz]", {"personal"}),
        (r"(?<!from )third[- ]part", {"third-pa", "third pa"}),
    ],
)
def test_literal_starts_are_what_every_match_begins_with(pattern, starts):
    assert literal_starts(pattern) == starts


@pytest.mark.parametrize("pattern", [r"[a-z]{2} \d{5}\b", r"^\W*contact\W*$", r"(?:x|ab)?c"])
def test_a_pattern_without_a_literal_start_is_searched_as_written(pattern):
    assert literal_starts(pattern) is None
    assert pattern in first_scan([pattern, "collect"]).pattern


def test_the_trie_matches_each_start_and_a_shorter_start_covers_longer_ones():
    trie = re.compile(trie_pattern({"share", "sharing", "sell", "collect"}))
    assert all(trie.match(word) for word in ("share", "sharing", "sell", "collect"))
    assert not trie.match("shade")
    assert trie_pattern({"sha", "share"}) == "sha"


TEXTS = [
    "We collect your IP address and share it with our partners; you may opt out at any time.",
    "Nous partageons vos données avec des tiers. Vos droits : droit d'accès, réclamation.",
    "Wir geben Daten an Dritte weiter (Weitergabe) und löschen sie nach 2 Jahren.",
    "Children under 13 may not use Grok; our AI models train on public data. NY 10010.",
    "thirdparty third-party third party, from third parties, shares shared sharing sharer",
    "",
]


@pytest.mark.parametrize("rules", [TEXT_PATTERNS, HEADING_PATTERNS], ids=["text", "heading"])
@pytest.mark.parametrize("text", TEXTS)
def test_the_first_scan_skips_no_match(rules, text):
    lowered = text.lower()
    expected = [(m.lastgroup, m.span()) for m in rules.pattern.finditer(lowered)]
    no_rivals = dict.fromkeys(rules.topics)
    found = longest_matches(rules.first, rules.pattern, no_rivals, lowered)
    assert [(name, m.span()) for name, m in found] == expected


def test_the_longest_match_at_a_place_wins_whatever_the_order():
    groups = {"broad": ["personal"], "narrow": ["personal ads"], "other": ["cookie"]}
    assert rivals(groups)["broad"].groupindex.keys() == {"narrow"}
    assert rivals(groups)["other"] is None
    full = re.compile(r"\b(?:(?P<broad>personal)|(?P<narrow>personal ads)|(?P<other>cookie))")
    first = first_scan([p for patterns in groups.values() for p in patterns], prefix=r"\b")
    text = "personal ads, personal data and a cookie"
    found = longest_matches(first, full, rivals(groups), text)
    assert [(name, m.group()) for name, m in found] == [
        ("narrow", "personal ads"),
        ("broad", "personal"),
        ("other", "cookie"),
    ]
