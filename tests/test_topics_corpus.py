"""The topic rules against the hand-labelled changed sections of real histories
(bench/data/topics_labelled.json, bench/topics.py): the issue's goal on the part the rules
were tuned on, and a floor on the held-out third they never saw (see bench/data/
topics_labelling.md). Skipped without ../shared/corpus."""

from __future__ import annotations

import pytest

from bench._corpus import CORPUS, version_files
from bench.topics import micro_f1, per_topic, precision, scored_items

pytestmark = pytest.mark.skipif(not version_files(), reason="../shared/corpus not found")

GOAL_MICRO_F1 = 0.85
GOAL_PRECISION = 0.7
# The held-out third is below the goal: 0.748 before the rules read edited contact addresses,
# let the longest rule at a place name its topic and took doubled words, repeated icon labels,
# link notes and the rest of obfuscated addresses for cosmetic edits (and before two
# ambiguous references were re-labelled, bench/data/topics_labelling.md); 0.825 after. This
# floor keeps it there while the rules are improved on the tuning part only.
HOLDOUT_FLOOR = 0.82
# The one held-out topic still under the precision goal (2 of 3 found right).
HOLDOUT_IMPRECISE = {"user-rights"}


def test_every_labelled_section_is_found_in_our_diff():
    assert len(scored_items(CORPUS, "all")) >= 300


def test_tuned_part_meets_the_goal_with_no_topic_below_the_precision_goal():
    scored = scored_items(CORPUS, "tune")
    assert micro_f1(scored) >= GOAL_MICRO_F1
    assert imprecise_topics(scored) == {}


def imprecise_topics(scored) -> dict[str, float]:
    return {
        topic: round(value, 2)
        for topic, counts in per_topic(scored).items()
        if (value := precision(counts)) is not None and value < GOAL_PRECISION
    }


def test_held_out_part_stays_above_its_floor():
    scored = scored_items(CORPUS, "holdout")
    assert micro_f1(scored) >= HOLDOUT_FLOOR
    assert set(imprecise_topics(scored)) <= HOLDOUT_IMPRECISE
