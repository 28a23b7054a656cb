"""normalise_characters: every special character replaced, everything else untouched."""

import re

from crawler.extraction.text import REPLACEMENTS, normalise_characters, one_line

# The one-substitution definition the faster scan must agree with.
REFERENCE = re.compile("[" + "".join(REPLACEMENTS) + "]")


def reference(text: str) -> str:
    return REFERENCE.sub(lambda match: REPLACEMENTS[match.group()], text)


def test_each_special_character_is_replaced_wherever_it_stands():
    for special, replacement in REPLACEMENTS.items():
        text = f"{special}Données{special}l{special}{special}été{special}"
        assert normalise_characters(text) == reference(text)
        assert normalise_characters(text).startswith(replacement + "Données")
        assert special not in normalise_characters(text)
        assert normalise_characters(text).count("Données") == 1


def test_mixed_text_matches_the_single_substitution():
    text = "\u201cL\u2019été\u201d \u2014 a\u00a0b\u200bc\u00adde\u2212f\u3000g \ufeffh « ok »"
    assert normalise_characters(text) == reference(text) == '"L\'été" - a bcde-f g h « ok »'


def test_text_without_special_characters_is_returned_as_it_is():
    for text in ("", "plain ascii", "Données personnelles « é »", "日本語のテキスト"):
        assert normalise_characters(text) == text


def test_one_line_collapses_normalised_spaces():
    assert one_line("\u00a0a\u2003\u2003b\u200b ") == "a b"
