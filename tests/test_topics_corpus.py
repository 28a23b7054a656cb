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
# The held-out third is below the goal (0.742 when first measured after tuning, 0.748 after
# a later change decided on the tuning part): this floor keeps it from getting worse while
# the rules are improved on the tuning part only.
HOLDOUT_FLOOR = 0.72


def test_every_labelled_section_is_found_in_our_diff():
    assert len(scored_items(CORPUS, "all")) >= 300


def test_tuned_part_meets_the_goal_with_no_topic_below_the_precision_goal():
    scored = scored_items(CORPUS, "tune")
    assert micro_f1(scored) >= GOAL_MICRO_F1
    imprecise = {
        topic: round(value, 2)
        for topic, counts in per_topic(scored).items()
        if (value := precision(counts)) is not None and value < GOAL_PRECISION
    }
    assert imprecise == {}


def test_held_out_part_stays_above_its_floor():
    assert micro_f1(scored_items(CORPUS, "holdout")) >= HOLDOUT_FLOOR
