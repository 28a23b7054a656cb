"""Change kinds stay honest on real policies (../shared/corpus/ota).

The corpus labels every version against the one before (ota/README.md): `markup_only` when no
word changed, `substantive` when one did. bench/change_kinds.py replays every history and
sets our kind against the label; this gate holds what it measures. Two `substantive` labels
are the labeller's artefacts, read by a person: academia-edu #4 made its table of contents
links (`1\\. Scope` → `[1\\. Scope](#scope)`: the link targets were counted as words) and
the-trade-desk #15 put zero-width spaces inside link texts (`www.thetradedesk.com` →
`www\u200b.thetrad\u200bedesk\u200b.com`): no word a reader sees changed in either.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench._corpus import version_files
from bench.change_kinds import RIGHT_KINDS, labelled_kinds
from diffing.classify import classify_change
from diffing.compare import compare_documents
from diffing.parse import parse_document

LABELLER_ARTEFACTS = {
    "contrib--academia-edu--privacy-policy 4",
    "contrib--the-trade-desk--privacy-policy 15",
}
WORD_KINDS = {"content", "silent-edit", "both"}
# Prose lines whose words a reader sees as they are written: no link, image, HTML or table
# markup (where a word may be a link target), and no digits (a word there may be a date's).
PROSE_LINE = re.compile(r"^[^\[\]()<>|\d]*[^\W\d_]{4,}[^\[\]()<>|\d]*$")
LONG_WORD = re.compile(r"(?<![\w*_])[^\W\d_]{4,}(?![\w*_])")


pytestmark = pytest.mark.skipif(not version_files(), reason="../shared/corpus not found")


def test_kinds_agree_with_the_corpus_labels():
    wrong = [
        (label, kind, where)
        for label, kind, where in labelled_kinds()
        if label in RIGHT_KINDS and kind not in RIGHT_KINDS[label]
    ]
    assert {where for _, _, where in wrong} <= LABELLER_ARTEFACTS, wrong
    assert all(label == "substantive" and kind == "markup-only" for label, kind, _ in wrong)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.integers(min_value=0, max_value=2**32))
def test_a_changed_word_is_never_markup_only(which, seed):
    files = version_files()
    path = files[which % len(files)]
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    prose = [k for k, line in enumerate(lines) if PROSE_LINE.match(line)]
    if not prose:
        return
    rng = random.Random(seed)
    k = rng.choice(prose)
    word = rng.choice(LONG_WORD.findall(lines[k]) or ["-"])
    if word == "-":
        return
    lines[k] = re.sub(rf"(?<![\w*_]){word}(?![\w*_])", "Zorblaxian", lines[k], count=1)
    old, new = parse_document(text), parse_document("\n".join(lines))
    kind = classify_change(old, new, compare_documents(old, new)).kind
    assert kind in WORD_KINDS, f"{word!r} in {path.parents[1].name}/{path.name} line {k}: {kind}"
