"""normalise.LINK is written unrolled for speed: it must match exactly what the plain form
(escapes and parenthesised targets as one alternative per character) matches."""

import random
import re

from diffing.normalise import LINK, visible_text

PLAIN_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
PIECES = [*'[]()\\"ab \n\t.!', "](", "](/x)", '"t"', "\\]", "\\\\", "[a](b)", "((", "))", "é"]


def test_unrolled_link_matches_the_plain_form_at_every_position():
    rng = random.Random(11)
    matched = 0
    for _ in range(60000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 16)))
        for start in range(len(text) + 1):
            plain, unrolled = PLAIN_LINK.match(text, start), LINK.match(text, start)
            assert (plain and (plain.span(), plain.groups())) == (
                unrolled and (unrolled.span(), unrolled.groups())
            ), (text, start)
            matched += plain is not None
    assert matched > 5000  # the texts do hold links


def test_links_become_their_text():
    text = r'See [our \[policy\]](https://a.example/p_(x) "Title") and [b](/c).'
    assert visible_text(text) == "See our [policy] and b."
