"""Unit and property tests for word diffs, token diffs and sentence summaries."""

import locale
import re
from contextlib import contextmanager

from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from hypothesis import strategies as st

from diffing.affixes import common_prefix, common_suffix
from diffing.compare import compare_documents, content_differs
from diffing.date_tokens import mask_date
from diffing.parse import document_from_text, parse_document
from diffing.sentence_split import sentence_pieces
from diffing.sentences import sentence_summary, split_sentences
from diffing.tokendiff import FIRST_CODE, TokenEncoder, diff_tokens
from diffing.worddiff import diff_similarity, word_diff

WORDS = st.sampled_from(
    ["data", "we", "you", "keep", "30", "days", "Acme", "cookies", "share", ".", ",", "\n", "the"]
)
TEXTS = st.lists(WORDS, max_size=60).map(" ".join)


def sides(diff):
    old = "".join(text for op, text in diff if op <= 0)
    new = "".join(text for op, text in diff if op >= 0)
    return old, new


def test_replaced_number_reads_as_whole_words():
    diff = word_diff("We keep logs for 30 days.", "We keep logs for 90 days.")
    assert diff == ((0, "We keep logs for "), (-1, "30"), (1, "90"), (0, " days."))


def test_edits_never_split_a_word():
    diff = word_diff("Acme processes personal data.", "Acme processed personal information.")
    for op, text in diff:
        if op:
            assert text.strip() in {"processes", "processed", "data", "information"} or " " in text


def test_a_line_break_replacing_a_space_is_not_an_edit():
    assert word_diff("One sentence. Two sentence.", "One sentence.\nTwo sentence.") == (
        (0, "One sentence.\nTwo sentence."),
    )


def test_token_diff_reads_equal_runs_from_the_new_side():
    assert diff_tokens(["a", " ", "b"], ["a", "\n", "b"]) == [(0, ["a", "\n", "b"])]


def test_similarity_counts_kept_characters():
    assert diff_similarity(((0, "abcd"), (-1, "ef"), (1, "gh"))) == round(8 / 12, 3)
    assert diff_similarity(()) == 1.0


def test_sentence_summary_sorts_added_removed_changed():
    old = "We keep logs for 30 days. We share nothing. Write to us."
    new = "We keep logs for 90 days. Write to us. Children are welcome."
    summary = sentence_summary(old, new)
    assert summary.changed == (("We keep logs for 30 days.", "We keep logs for 90 days."),)
    assert summary.removed == ("We share nothing.",)
    assert summary.added == ("Children are welcome.",)


def test_split_sentences_on_punctuation_and_lines():
    assert split_sentences("One. Two? Three\n- four") == ["One.", "Two?", "Three", "- four"]


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS)
def test_diff_rebuilds_both_texts(old, new):
    """Every word of the new text appears in exactly one place of the diff (and of the old)."""
    diff = word_diff(old, new)
    rebuilt_old, rebuilt_new = sides(diff)
    assert rebuilt_new == new
    assert rebuilt_old.split() == old.split()
    assert all(text for _, text in diff)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=6))
def test_a_text_compared_with_itself_has_no_change(paragraphs):
    text = "\n\n".join(paragraphs)
    diff = compare_documents(document_from_text(text), document_from_text(text))
    assert not diff.changed and not diff.content_changed
    assert all(change.status == "unchanged" for change in diff.sections)


@contextmanager
def c_locale():
    """LC_CTYPE=C, as under a bare cron job: the C library then knows no non-ASCII letter."""
    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        yield
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(WORDS, max_size=40),
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=3),
    st.lists(WORDS, max_size=3),
    st.booleans(),
    st.one_of(
        st.integers(min_value=0, max_value=3000),
        # Around the letters' end (U+02C2), the combining marks (U+0300), Hebrew points
        # (U+05B0) and the Unicode spaces (U+2000): where letter and non-letter codes mix.
        st.sampled_from([code - FIRST_CODE - 6 for code in (0x2C2, 0x300, 0x5B0, 0x2000)]),
    ),
)
def test_token_diff_matches_the_reference_diff_match_patch(
    old, at, removed, inserted, semantic, shared_words
):
    """Edit for edit the pure-Python reference's diff, whatever the locale: the stored changes
    must not depend on which implementation computed them or on how the crawl was started.

    The new text is the old one with a few tokens replaced (the edits whose place semantic
    cleanup may slide); `shared_words` distinct tokens opening both texts push the edited
    tokens' codes into ranges whose letter-or-space class differs between Python and the C
    library."""
    opening = [f"w{k}" for k in range(shared_words)]
    at = min(at, len(old))
    old, new = opening + old, opening + old[:at] + inserted + old[at + removed :]
    encoder = TokenEncoder()
    old_chars, new_chars = encoder.encode(old), encoder.encode(new)
    reference = diff_match_patch()
    expected = reference.diff_main(old_chars, new_chars, False)
    if semantic:
        reference.diff_cleanupSemantic(expected)
    with c_locale():
        got = diff_tokens(old, new, semantic=semantic)
    assert [(op, len(tokens)) for op, tokens in got] == [(op, len(t)) for op, t in expected]


def test_token_diff_cleanup_does_not_depend_on_the_locale():
    """Here the inserted token's code is U+2000, a space to Python and, under LC_CTYPE=C, to
    no C library: where semantic cleanup places the insertion depends on who classifies it."""
    opening = [f"w{k}" for k in range(0x2000 - FIRST_CODE - 2)]  # "we" is then coded U+2000
    old = [*opening, "data", "keep", "we", "keep"]
    new = [*opening, "data", "keep", "we", "we", "keep"]
    encoder = TokenEncoder()
    reference = diff_match_patch()
    expected = reference.diff_main(encoder.encode(old), encoder.encode(new), False)
    reference.diff_cleanupSemantic(expected)
    with c_locale():
        in_c_locale = diff_tokens(old, new)
    assert [(op, len(tokens)) for op, tokens in in_c_locale] == [
        (op, len(text)) for op, text in expected
    ]
    assert in_c_locale == diff_tokens(old, new)


# The plain-regex statements of the sentence breaks that sentence_pieces implements faster.
REFERENCE_BREAKS = re.compile(r"((?<=[.!?;:])\s+|\s*\n\s*)")
REFERENCE_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=\S)|\n+")
BREAK_TEXTS = st.text(alphabet="ab.!?;: \n\t\r\u00a0\u2028\u3000", max_size=40)


@settings(max_examples=2000)
@given(BREAK_TEXTS)
def test_sentence_pieces_match_the_plain_regex_split(text):
    assert sentence_pieces(text) == tuple(REFERENCE_BREAKS.split(text))
    reference = [part.strip() for part in REFERENCE_SENTENCE_END.split(text) if part.strip()]
    assert split_sentences(text) == reference


# Texts from a small alphabet, so that they share long affixes: letters, spaces, line breaks.
DIFF_TEXTS = st.text(alphabet="ab .\n\r\u0100\u02c2\u2000", max_size=24)


@settings(max_examples=1000)
@given(st.text(alphabet="ab", max_size=40), DIFF_TEXTS, DIFF_TEXTS)
def test_common_affixes_match_the_reference(shared, one, two):
    """Long shared runs take the binary search after the first steps."""
    reference = diff_match_patch()
    first, second = shared + one, shared + two
    assert common_prefix(first, second) == reference.diff_commonPrefix(first, second)
    first, second = one + shared, two + shared
    assert common_suffix(first, second) == reference.diff_commonSuffix(first, second)


def test_token_codes_skip_the_surrogates():
    """Codes run on past U+D7FF without giving a token a lone surrogate, old side then new."""
    encoder = TokenEncoder()
    count = 0xD800 - FIRST_CODE
    old_chars = encoder.encode([f"w{k}" for k in range(count - 1)] + [" ", "\n"])
    new_chars = encoder.encode(["\t", "w0", "x", "y"])
    assert old_chars[-2:] == chr(0xD7FF) * 2  # whitespace tokens share one code
    assert new_chars == chr(0xD7FF) + chr(FIRST_CODE) + chr(0xE000) + chr(0xE001)


def masked_lines_differ(old, new, old_text, new_text):
    """content_differs as first written: mask both versions' dates in every line, compare
    the lists."""
    old_lines, new_lines = old_text.split("\n"), new_text.split("\n")
    values = [d.effective_date.value for d in (old, new) if d.effective_date is not None]

    def masked(lines):
        result = []
        for line in lines:
            for value in values:
                line = mask_date(line, value)
            result.append(line)
        return result

    return old_text != new_text and masked(old_lines) != masked(new_lines)


DATED = [
    parse_document(f"# Notice\n{line}\n\n## Data\nWe keep data.\n")
    for line in ("Last updated: March 3, 2024", "Last updated: 9 January 2023", "No date here.")
]
LINES = st.lists(
    st.sampled_from(
        ["Data We keep data.", "Updated March 3, 2024.", "Updated 9 January 2023.", "x 2024", ""]
    ),
    min_size=1,
    max_size=5,
).map("\n".join)


@settings(max_examples=1500)
@given(st.sampled_from(DATED), st.sampled_from(DATED), LINES, LINES)
def test_content_differs_as_masking_every_unshared_line(old, new, old_text, new_text):
    expected = masked_lines_differ(old, new, old_text, new_text)
    assert content_differs(old, new, old_text, new_text) == expected
