"""Property tests: word counts and word-sequence comparison agree with listing every word."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.normalise import visible_text
from diffing.word_sequence import same_words, word_count

WORD = re.compile(r"\w+")
# Word characters (ASCII, accented, CJK, digits, "_", a superscript) next to punctuation,
# curly quotes, Unicode spaces and line breaks: where tokens and words part ways.
TEXTS = st.text(alphabet='ab_1é中² .,;:\u2019"-\n\t\u00a0\u2028', max_size=80)
# Long shared stretches around a short edit: the common start and end are skipped by blocks.
SHARED = st.builds(
    lambda piece, times: piece * times,
    st.text(alphabet="ab _.\n", min_size=1, max_size=6),
    st.integers(min_value=0, max_value=3000),
)


def listed_words(text: str) -> list[str]:
    return WORD.findall(visible_text(text))


@settings(max_examples=1500)
@given(TEXTS)
def test_word_count_counts_the_listed_words(text):
    assert word_count(text) == len(listed_words(text))


@settings(max_examples=1500)
@given(TEXTS, TEXTS, TEXTS)
def test_same_words_compares_the_listed_words(start, edit, end):
    old, new = start + end, start + edit + end
    assert same_words(old, new) == (listed_words(old) == listed_words(new))
    assert same_words(new, old) == (listed_words(new) == listed_words(old))


@settings(max_examples=200, deadline=None)
@given(SHARED, TEXTS, TEXTS, SHARED)
def test_same_words_across_long_shared_stretches(start, one, two, end):
    old, new = start + one + end, start + two + end
    assert same_words(old, new) == (listed_words(old) == listed_words(new))


def test_a_line_break_for_a_space_keeps_the_words_and_a_new_word_does_not():
    assert same_words("We keep data. For 30 days", "We keep data.\n\nFor 30 days")
    assert not same_words("We keep data for 30 days", "We keep data for 90 days")
    assert not same_words("keep_data", "keep data")
