"""Section units (diffing/compare.py) and the size bounds that let alignment skip pairs of
units (diffing/align.py)."""

import re

from diffing.compare import compare_documents, read_versions
from diffing.normalise import visible_text
from diffing.parse import parse_document

OLD = """# Acme Privacy Notice

## Who we are
Acme Anvils Ltd makes anvils.   We are based in Springfield.

## What we collect
We collect your name and your postal address.

## Cookies
Our website uses one session cookie.
"""
NEW = OLD.replace("postal address", "postal address and your phone number")


def test_units_hold_each_sections_visible_text_and_heading_key():
    read = read_versions(parse_document(OLD), parse_document(NEW))
    old_units, new_units = read.old_units, read.new_units
    old_text, _ = read.texts
    assert old_units[1].heading_key == "who we are"
    assert old_units[1].key == "Acme Anvils Ltd makes anvils. We are based in Springfield."
    assert old_units[1].key == new_units[1].key
    assert old_units[2].key != new_units[2].key
    assert "Who we are Acme Anvils Ltd makes anvils." in old_text


def test_a_section_text_both_versions_hold_is_read_once():
    read = read_versions(parse_document(OLD), parse_document(NEW))
    assert read.old_units[1].content is read.new_units[1].content
    assert read.old_units[2].content is not read.new_units[2].content


def test_reader_texts_show_the_words_of_the_whole_visible_text():
    markdown = OLD.replace("## Cookies", "## _Cookies_ and [trackers](https://acme.example/t)")
    document = parse_document(markdown)
    reader, _ = read_versions(document, document).reader_texts()
    words = re.compile(r"\w+")
    assert words.findall(reader) == words.findall(visible_text(markdown))
    assert "_Cookies_" not in reader


def test_comparing_twice_finds_the_same():
    first = compare_documents(parse_document(OLD), parse_document(NEW)).to_dict()
    again = compare_documents(parse_document(OLD), parse_document(NEW)).to_dict()
    assert first == again
    assert first["summary"]["modified"] == 1


def test_size_bounds_only_rule_out_pairs_that_cannot_pass():
    """Every (sizes, shared count) the bounds rule out scores below its threshold, and every
    pair they keep can reach it (so they prune as much as the sizes allow)."""
    from diffing.align import (
        CONTAINMENT_MIN,
        CONTENT_JACCARD_MIN,
        jaccard,
        may_contain_new_part,
        may_contain_old_part,
        may_reach_jaccard,
    )

    for old_size in range(1, 70):
        for new_size in range(1, 70):
            counts = range(1, min(old_size, new_size) + 1)
            best_jaccard = max(jaccard(c, old_size, new_size) for c in counts)
            assert may_reach_jaccard(old_size, new_size) == (best_jaccard >= CONTENT_JACCARD_MIN)
            best_new = max(c / new_size for c in counts)
            assert may_contain_new_part(old_size, new_size) == (best_new >= CONTAINMENT_MIN)
            best_old = max(c / old_size for c in counts)
            assert may_contain_old_part(old_size, new_size) == (best_old >= CONTAINMENT_MIN)
