"""The cache of section text-pair changes (diffing/text_changes.py): a repeated pair gets the
very same change, the cache stays within its bound, and comparisons are unchanged by it."""

from diffing.compare import compare_documents
from diffing.document import parse_document
from diffing.sentences import sentence_summary
from diffing.text_changes import RecentTextChanges, text_change, text_changes
from diffing.worddiff import diff_similarity, word_diff

OLD = "We keep logs for 30 days. We share them with nobody."
NEW = "We keep logs for 90 days. We share them with our partners."


def test_text_change_is_the_word_diff_its_similarity_and_the_sentence_summary():
    change = text_change(OLD, NEW)
    assert change.diff == word_diff(OLD, NEW)
    assert change.similarity == diff_similarity(word_diff(OLD, NEW))
    assert change.sentences == sentence_summary(OLD, NEW)
    assert (-1, "30") in change.diff and (1, "90") in change.diff


def test_a_repeated_pair_gets_the_same_immutable_change():
    cache = RecentTextChanges(max_chars=1000)
    first = cache.get(OLD, NEW)
    assert cache.get(OLD, NEW) is first
    assert cache.get(NEW, OLD) is not first  # the reverse is another change
    assert isinstance(first.diff, tuple) and all(isinstance(p, tuple) for p in first.diff)
    assert isinstance(first.sentences.changed, tuple)


def test_cache_keeps_the_most_recent_pairs_within_its_character_bound():
    cache = RecentTextChanges(max_chars=len(OLD) + len(NEW) + 10)
    first = cache.get(OLD, NEW)
    cache.get("a b", "a c")  # 6 more characters: fits
    assert list(cache.entries) == [(OLD, NEW), ("a b", "a c")]
    cache.get("d e f", "d g f")  # 10 more: over the bound, the least recent goes
    assert list(cache.entries) == [("a b", "a c"), ("d e f", "d g f")]
    assert cache.chars == 16
    assert cache.get(OLD, NEW) is not first
    assert cache.get(OLD, NEW) == first


def test_pair_larger_than_the_cache_is_not_kept():
    cache = RecentTextChanges(max_chars=10)
    cache.get("a b", "a c")
    assert cache.get(OLD, NEW) == text_change(OLD, NEW)
    assert list(cache.entries) == [("a b", "a c")]
    assert cache.chars == 6


def test_comparison_is_the_same_with_a_cold_or_warm_cache():
    old = parse_document(f"# Policy\n\n## Logs\n{OLD}\n\n## Contact\nWrite to us.\n")
    new = parse_document(f"# Policy\n\n## Logs\n{NEW}\n\n## Contact\nWrite to us.\n")
    text_changes.cache_clear()
    cold = compare_documents(old, new).to_dict()
    assert len(text_changes.entries) == 1
    warm = compare_documents(old, new).to_dict()
    assert cold == warm
    assert cold["summary"]["modified"] == 1
