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
# Measured on the rebuilt corpus's 210 pairs: 0.950 mean, 0.952 p10. The pages that hold it
# down hold several documents (privacy + terms, privacy + cookies; Buffer's `/legal`) where the
# truth is only one of them, or a page whose reference is empty of the policy.
MIN_MEAN_F1 = 0.948
MIN_P10_F1 = 0.950
# Told the document type (OTA's terms type, as a user's `document:`): 0.975 mean, 0.975 p10.
MIN_TYPED_MEAN_F1 = 0.973
MIN_TYPED_P10_F1 = 0.973
EXPECTED_PAIRS = 210


@pytest.fixture(scope="module")
def both_scores():
    """Scores without and with the document type, in one pass: holding every decoded page at
    once would swell this process, and the memory tests measure the crawls it forks."""
    if not (CORPUS / "ota" / "docs").is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}: the extraction quality gate needs it")
    plain, typed, count = [], [], 0
    for pair in corpus_pairs(CORPUS):
        assert pair.terms_type
        html = decode_body(pair.html, None)
        plain.append(token_f1(extract_policy(html, pair.url).markdown, pair.truth))
        told = extract_policy(html, pair.url, document=pair.terms_type)
        typed.append(token_f1(told.markdown, pair.truth))
        count += 1
    assert count == EXPECTED_PAIRS
    return plain, typed


@pytest.fixture(scope="module")
def scores(both_scores):
    return both_scores[0]


@pytest.fixture(scope="module")
def typed_scores(both_scores):
    return both_scores[1]


def test_mean_token_f1_stays_above_the_floor(scores):
    assert summarise(scores).mean_f1 >= MIN_MEAN_F1


def test_worst_tenth_stays_above_the_floor(scores):
    assert summarise(scores).p10_f1 >= MIN_P10_F1


def test_told_the_document_type_mean_token_f1_stays_above_the_floor(typed_scores):
    assert summarise(typed_scores).mean_f1 >= MIN_TYPED_MEAN_F1


def test_told_the_document_type_worst_tenth_stays_above_the_floor(typed_scores):
    assert summarise(typed_scores).p10_f1 >= MIN_TYPED_P10_F1
