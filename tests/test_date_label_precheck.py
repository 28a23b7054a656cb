"""may_hold_label must never reject a window in which LABEL finds a label (it is a pre-check
that skips the LABEL scan): every phrase LABEL accepts, in any case, passes it."""

import random
import re
from re import _constants as C
from re import _parser

import pytest

from diffing.date_words import CASE_FOLD, LABEL, LABEL_PIECES, may_hold_label
from diffing.dates import labels_before_years


def spellings(items) -> list[str]:
    """The strings a sequence of parsed regex items spells, with `\\s+` as one space, `?`
    repeats both taken and not, a class as each of its literals, `\\b` ignored (no other
    constructs)."""
    results = [""]
    for op, arg in items:
        if op is C.LITERAL:
            options = [chr(arg)]
        elif op is C.IN:
            options = [" "] if (C.CATEGORY, C.CATEGORY_SPACE) in arg else []
            options += [chr(value) for kind, value in arg if kind is C.LITERAL]
        elif op is C.BRANCH:
            options = [s for branch in arg[1] for s in spellings(branch)]
        elif op is C.SUBPATTERN:
            options = spellings(arg[3])
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, _, body = arg
            once = spellings(body)
            options = ([""] if low == 0 else []) + once
        elif op is C.AT:
            options = [""]
        else:
            raise AssertionError(f"unexpected regex construct {op}")
        results = [r + o for r in results for o in options]
    return results


LABEL_SPELLINGS = spellings(_parser.parse(LABEL.pattern, LABEL.flags))


def test_the_spellings_are_label_matches():
    # A check of the enumerator: all but those that \b rejects ("effectiveon") match LABEL.
    matching = [s for s in LABEL_SPELLINGS if LABEL.fullmatch(s)]
    assert len(LABEL_SPELLINGS) == 7200
    assert len(matching) > 6800


def test_every_label_spelling_passes_in_any_case():
    for spelling in LABEL_SPELLINGS:
        for form in (spelling, spelling.upper(), spelling.title(), spelling.swapcase()):
            assert may_hold_label(f"x {form} 2021"), form


def test_unusual_case_forms_of_the_pieces_pass():
    # Characters IGNORECASE maps onto ASCII letters: dotted and dotless I, long s, Kelvin sign.
    odd_forms = (
        "effect\u0130ve",
        "La\u017ft updated",
        "dern\u0130ere mise a jour",
        "VIGENTE desde",
        "\u017ftand",
        "ZULETZT GEÄNDERT",
        "zuletzt a\u212atualisiert",
    )
    for text in odd_forms:
        assert LABEL.search(text), text
        assert may_hold_label(text), text


@pytest.mark.parametrize("letter", sorted(set("".join(LABEL_PIECES))))
def test_every_character_matching_a_piece_letter_folds_to_it(letter):
    pattern = re.compile(letter, re.IGNORECASE)
    for code in range(0x110000):
        character = chr(code)
        if pattern.fullmatch(character):
            folded = character.translate(CASE_FOLD)
            assert folded.lower() == letter, hex(code)


def test_windows_without_label_words_are_rejected():
    assert not may_hold_label("Copyright © 2021 Acme Inc. All rights reserved.")
    assert may_hold_label("Last updated: 2021")


def test_label_matches_with_and_without_the_precheck_agree_on_random_text():
    rng = random.Random(7)
    odd = ["the", "\u017f", "\u0130", " ", "\n", ":", "2021", "19", "x"]
    words = [*rng.sample(LABEL_SPELLINGS, 60), *odd]
    for _ in range(3000):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        unfiltered = {}
        years = sorted(m.start() for m in re.finditer(r"(?:19|20)(?<!\d\d\d)\d\d(?!\d)", text))
        for year in years:
            for label in LABEL.finditer(text, max(0, year - 105), year):
                unfiltered.setdefault(label.start(), label)
        expected = [(m.span(), m.group(0)) for _, m in sorted(unfiltered.items())]
        assert [(m.span(), m.group(0)) for m in labels_before_years(text)] == expected, text
