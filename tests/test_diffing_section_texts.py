"""The per-text cache of section units (diffing/compare.py): shared across versions, bounded,
and without effect on what a comparison finds; and the size bounds that let alignment skip
pairs of units (diffing/align.py)."""

from diffing.compare import (
    SectionTexts,
    compare_documents,
    section_texts,
    section_units,
    uncached_unit_text,
    version_units,
)
from diffing.document import parse_document

OLD = """# Acme Privacy Notice

## Who we are
Acme Anvils Ltd makes anvils.   We are based in Springfield.

## What we collect
We collect your name and your postal address.

## Cookies
Our website uses one session cookie.
"""
NEW = OLD.replace("postal address", "postal address and your phone number")


def test_versions_share_the_texts_of_their_unchanged_sections():
    section_texts.cache_clear()
    old_units, _ = version_units(parse_document(OLD))
    new_units, _ = version_units(parse_document(NEW))
    assert old_units[1].content is new_units[1].content  # "Who we are": same text
    assert old_units[2].content is not new_units[2].content  # "What we collect": edited
    assert new_units[2].text != old_units[2].text


def test_cached_units_equal_uncached_ones():
    section_texts.cache_clear()
    document = parse_document(NEW)
    version_units(parse_document(OLD))  # fills the cache with the shared sections
    cached, _ = version_units(document)
    fresh = section_units(document.sections, uncached_unit_text)
    assert [(u.heading, u.heading_key, u.path_key, u.text, u.key) for u in cached] == [
        (u.heading, u.heading_key, u.path_key, u.text, u.key) for u in fresh
    ]
    assert [u.shingles for u in cached] == [u.shingles for u in fresh]
    assert "Acme Anvils Ltd makes anvils. We are based in Springfield." in cached[1].key


def test_comparison_is_the_same_with_a_cold_or_warm_cache():
    section_texts.cache_clear()
    cold = compare_documents(parse_document(OLD), parse_document(NEW)).to_dict()
    warm = compare_documents(parse_document(OLD), parse_document(NEW)).to_dict()
    assert cold == warm
    assert cold["summary"]["modified"] == 1


def test_cache_keeps_the_most_recent_texts_within_its_character_bound():
    cache = SectionTexts(max_chars=12)
    first = cache.get("aaaa bbbb")
    assert cache.get("aaaa bbbb") is first
    cache.get("cccc")  # 9 + 4 characters: over the bound, the least recent goes
    assert list(cache.entries) == ["cccc"]
    assert cache.chars == 4
    assert cache.get("aaaa bbbb") is not first


def test_text_larger_than_the_cache_is_not_kept():
    cache = SectionTexts(max_chars=5)
    cache.get("abc")
    unit_text = cache.get("a much longer section")
    assert unit_text.text == "a much longer section"
    assert list(cache.entries) == ["abc"]
    assert cache.chars == 3


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


def test_size_ranges_allow_exactly_the_sizes_the_bounds_allow():
    """The old sizes that overlaps() tries are the very sizes each bound allows."""
    import random

    from diffing.align import (
        may_contain_new_part,
        may_contain_old_part,
        may_reach_jaccard,
        old_size_range,
    )

    rng = random.Random(9)
    size_lists = [[0], [5], list(range(0, 90)), list(range(1, 200, 3))]
    size_lists += [sorted(set(rng.choices(range(0, 150), k=rng.randint(1, 12)))) for _ in range(60)]
    for possible in (may_reach_jaccard, may_contain_new_part, may_contain_old_part):
        for sizes in size_lists:
            for new_size in range(0, 170):
                allowed = [o for o in sizes if possible(o, new_size)]
                low, high = old_size_range(possible, new_size, sizes)
                assert [o for o in sizes if low <= o <= high] == allowed, (sizes, new_size)
