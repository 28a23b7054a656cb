"""Quality gate: our extraction against the text people extracted with hand-written selectors.

Reads the Open Terms Archive pairs in ../shared/corpus (issue 4). The floor sits just under the
level measured when it was set (bench/extraction.py prints the full table); raise it when
extraction improves, never lower it to make a change pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.decoding import decode_body
from crawler.extract import extract_policy
from crawler.extraction_quality import corpus_pairs, summarise, token_f1

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
# Measured 0.948 mean, 0.952 p10 on the 113 pairs (EXTRACTOR_VERSION 1.0). Nine pairs are pages
# holding two documents (privacy + terms, privacy + cookies) where the truth is one of them:
# no generic extractor can tell which, so they cap the mean near 0.96.
MIN_MEAN_F1 = 0.945
MIN_P10_F1 = 0.945
EXPECTED_PAIRS = 113


@pytest.fixture(scope="module")
def scores():
    if not (CORPUS / "ota" / "docs").is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}: the extraction quality gate needs it")
    pairs = list(corpus_pairs(CORPUS))
    assert len(pairs) == EXPECTED_PAIRS
    return [
        token_f1(extract_policy(decode_body(p.html, None), p.url).markdown, p.truth) for p in pairs
    ]


def test_mean_token_f1_stays_above_the_floor(scores):
    assert summarise(scores).mean_f1 >= MIN_MEAN_F1


def test_worst_tenth_stays_above_the_floor(scores):
    assert summarise(scores).p10_f1 >= MIN_P10_F1
