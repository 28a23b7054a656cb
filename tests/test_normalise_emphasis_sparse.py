"""remove_emphasis tries EMPHASIS only at the markers of texts that have few: the result must
be EMPHASIS.sub's, whichever way it is reached."""

import random

import pytest

from diffing.normalise import EMPHASIS, remove_emphasis, visible_text

PIECES = [*"*_ab \n\\.", "**", "__", "* ", " *", "snake_case", "**bold**", "_it_", "x*y", "é"]


@pytest.mark.parametrize("characters_per_marker", [0, 10**9])  # always scan, never scan
def test_remove_emphasis_is_the_pattern_sub(characters_per_marker):
    rng = random.Random(4)
    changed = 0
    for _ in range(30000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        expected = EMPHASIS.sub(r"\2", text)
        assert remove_emphasis(text, characters_per_marker) == expected, text
        changed += expected != text
    assert changed > 3000  # the texts do hold emphasis


def test_emphasis_in_a_long_text_is_removed():
    filler = "Plain words without markers. " * 1000
    text = f"{filler}Read **this** and _that_, not snake_case.{filler}"
    assert "Read this and that, not snake_case." in visible_text(text)
