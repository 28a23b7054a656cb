"""Quality gate: our extraction against the text people extracted with hand-written selectors.

Reads the Open Terms Archive pairs in ../shared/corpus. The floor sits just under the
level measured when it was set (bench/extraction.py prints the full table); raise it when
extraction improves, never lower it to make a change pass.
"""

from __future__ import annotations

import pytest

from crawler.extraction import ExtractOptions, extract
from crawler.extraction.decoding import decode_body
from crawler.extraction.document_pick import choose_document
from crawler.extraction.quality import corpus_pairs, summarise, token_f1, visible_words
from tests.support.paths import CORPUS

EXPECTED_PAIRS = 210
# Pairs whose curated text has fewer words are stubs and bot walls: 207 of the 210 are scored.
MIN_TRUTH_WORDS = 30
# Measured 0.975 mean, 0.984 p10 (0.964 / 0.969 before a page holding several documents
# yielded one even unasked; on all 210 pairs 0.961 / 0.976, before 0.950 / 0.952): Speechify's
# trackers policy, a section of its privacy page, and Buffer's privacy policy, a tab of a legal
# page whose URL names no document, are the rest.
MIN_MEAN_F1 = 0.972
MIN_P10_F1 = 0.980
# Told the document type (OTA's terms type, as a user's `document:`): measured 0.990 mean,
# 0.984 p10 (all 210 pairs: 0.976 / 0.978, before 0.975 / 0.975); what remains is a cookie
# notice whose heading sits below the privacy policy's own sections (Jdate) and a repeated
# summary widget (Bumble).
MIN_TYPED_MEAN_F1 = 0.988
MIN_TYPED_P10_F1 = 0.980
# A document chosen by the URL naming it is the one watched there: the least measured was 0.992.
MIN_URL_CHOSEN_F1 = 0.95


@pytest.fixture(scope="module")
def both_scores():
    """Scores without and with the document type, in one pass: holding every decoded page at
    once would swell this process, and the memory tests measure the crawls it forks. Also the
    pages that still hold several documents unasked, and the scores of those where the URL
    chose one."""
    if not (CORPUS / "ota" / "docs").is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}: the extraction quality gate needs it")
    plain, typed, several, url_chosen, count = [], [], [], [], 0
    for pair in corpus_pairs(CORPUS):
        assert pair.terms_type
        count += 1
        if len(visible_words(pair.truth)) < MIN_TRUTH_WORDS:
            continue
        html = decode_body(pair.html, None)
        unasked = extract(html, ExtractOptions(url=pair.url)).document
        plain.append(token_f1(unasked.markdown, pair.truth))
        if choose_document(unasked.markdown, unasked.title, pair.url).picked:
            several.append(pair.name)
        if any("(named by the URL)" in warning for warning in unasked.warnings):
            url_chosen.append((pair.name, plain[-1].f1))
        told = extract(html, ExtractOptions(url=pair.url, document=pair.terms_type)).document
        typed.append(token_f1(told.markdown, pair.truth))
    assert count == EXPECTED_PAIRS
    return plain, typed, several, url_chosen


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


def test_no_page_comes_back_holding_several_documents(both_scores):
    assert both_scores[2] == []


def test_a_document_the_url_names_is_the_one_watched(both_scores):
    url_chosen = both_scores[3]
    assert url_chosen, "no multi-document page whose URL names a document: the test is void"
    assert [(name, f1) for name, f1 in url_chosen if f1 < MIN_URL_CHOSEN_F1] == []
