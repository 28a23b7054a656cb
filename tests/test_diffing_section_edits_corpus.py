"""Section edits on real policies (../shared/corpus/ota) are reported as exactly those edits.

bench/section_edits.py synthesises the cases (a section added, removed, split in two, renamed,
the effective date moved) and judges the diff: the edited section(s) with the right status,
every other section `unchanged`, the right change kind. The property test lets hypothesis
pick any version of any history and where the edits fall; the gate measures the bench's fixed
sample against the target.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench._corpus import version_files
from bench.section_edits import CASES, corpus_documents, edit_cases, judge, measure

pytestmark = pytest.mark.skipif(not version_files(), reason="../shared/corpus not found")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0), st.integers(min_value=0, max_value=2**32))
def test_one_section_edited_leaves_every_other_section_unchanged(which, seed):
    files = version_files()
    path = files[which % len(files)]
    for case in edit_cases(path.read_text(encoding="utf-8"), random.Random(seed)):
        assert judge(case) == "", f"{case.name} in {path.parents[1].name}/{path.name}, seed {seed}"


def test_section_edits_are_reported_right_across_the_corpus():
    right, tried, wrong = measure(corpus_documents())
    assert sum(tried.values()) >= 600
    assert sum(right.values()) / sum(tried.values()) >= 0.95, "\n".join(wrong)
    for name in CASES:
        assert right[name] / tried[name] >= 0.9, (name, [w for w in wrong if w.startswith(name)])
