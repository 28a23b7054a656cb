"""The change of one section's text pair (diffing/text_changes.py): the word diff, its
similarity and the sentence summary, with each text split into sentences once."""

from diffing.sentence_split import sentence_pieces
from diffing.sentences import sentence_summary
from diffing.text_changes import text_change
from diffing.worddiff import diff_similarity, word_diff

OLD = "We keep logs for 30 days. We share them with nobody."
NEW = "We keep logs for 90 days. We share them with our partners."


def test_text_change_is_the_word_diff_its_similarity_and_the_sentence_summary():
    change = text_change(OLD, NEW)
    assert change.diff == word_diff(OLD, NEW)
    assert change.similarity == diff_similarity(word_diff(OLD, NEW))
    assert change.sentences == sentence_summary(OLD, NEW)
    assert (-1, "30") in change.diff and (1, "90") in change.diff


def test_given_sentence_pieces_give_the_same_diff_and_summary():
    old_pieces, new_pieces = sentence_pieces(OLD), sentence_pieces(NEW)
    assert word_diff(OLD, NEW, old_pieces, new_pieces) == word_diff(OLD, NEW)
    assert sentence_summary(OLD, NEW, old_pieces, new_pieces) == sentence_summary(OLD, NEW)
