"""Near copies: the real seeds (International SOS's policy and AMA Group's copy) pair up."""

from __future__ import annotations

import json

import pytest

from crawler.storage import open_database
from crawler.timeline.history import Timeline
from diffing.parse import document_from_text, parse_document
from diffing.similarity import shingles, similar_pairs

# File names in ../shared/corpus/seeds (see its README).
INTERNATIONAL_SOS = "002_1e9951405f466e84.txt"
AMA_GROUP = "003_87b943b40248627d.txt"
IMO_HEALTH = "001_0f1f2dd6d3e4597a.txt"


@pytest.fixture
def seeds_db(corpus, tmp_path):
    seeds = corpus / "seeds"
    documents = {
        "international-sos-privacy": (
            "International SOS",
            parse_document((seeds / INTERNATIONAL_SOS).read_text(encoding="utf-8")),
        ),
        "ama-group-privacy": (
            "AMA Group",
            document_from_text((seeds / AMA_GROUP).read_text(encoding="utf-8")),
        ),
        "imo-health-privacy": (
            "IMO Health",
            document_from_text((seeds / IMO_HEALTH).read_text(encoding="utf-8")),
        ),
    }
    store = open_database(tmp_path / "seeds.db")
    timeline = Timeline(store)
    for name, (organisation, document) in documents.items():
        url = f"https://{name}.example/privacy"
        policy_id = store.sync_policy({"name": name, "organisation": organisation, "url": url})
        timeline.record(
            policy_id,
            {"source": "live", "captured_at": "2021-01-01T00:00:00Z", "url": url},
            document.markdown.encode(),
            document,
            "test",
        )
    store.close()
    return str(tmp_path / "seeds.db")


def test_the_ama_copy_of_international_sos_pairs_and_imo_does_not(seeds_db, run_cli):
    result = run_cli("similar", "--threshold", "0", "--db", seeds_db, "--format", "json")
    pairs = {
        frozenset((row["first"], row["second"])): row["similarity"]
        for row in json.loads(result.stdout)
    }
    copy = pairs[frozenset(("international-sos-privacy", "ama-group-privacy"))]
    assert copy > 0.8
    unrelated = [score for pair, score in pairs.items() if "imo-health-privacy" in pair]
    assert unrelated and max(unrelated) < 0.1


def test_default_threshold_lists_only_the_copy(seeds_db, run_cli):
    lines = run_cli("similar", "--db", seeds_db).stdout.splitlines()
    assert len(lines) == 1
    assert "(International SOS)" in lines[0] and "(AMA Group)" in lines[0]


def test_scores_are_containment_and_resemblance():
    base = " ".join(f"word{i}" for i in range(100))
    half = " ".join(f"word{i}" for i in range(50))
    [pair] = similar_pairs({"whole": base, "half": half}, threshold=0.9)
    assert (pair.first, pair.second) == ("half", "whole")
    assert pair.similarity == 1.0  # every 5-word run of the half is in the whole
    assert pair.resemblance == round(46 / 96, 3)  # 46 shared runs of 96 distinct
    assert similar_pairs({"a": "one two three", "b": "four five six"}, 0.0) == []
    assert shingles("") == frozenset()
