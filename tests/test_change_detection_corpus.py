"""Gate on change detection over real snapshot pairs (../shared/corpus/ota, issue 5).

The same measure as bench/changes.py (bench/change_measure.py), on the whole set: every stored
snapshot whose seq-1 is stored too, extracted, compared and classified with the flip-flop
window of the storage layer. Thresholds are the levels measured when this gate was written
(run the bench for the listing). The 8 tolerated misses: 6 pairs whose visible text is the
same for us and for any reader (OTA's label comes from a Cloudflare e-mail placeholder, a
cookie banner in OTA's selection, an anchor "#" in headings, a page title outside the policy
text), 2 rewrites that lost more than half of the words at once and are held back as shrinks.
The 2 tolerated alerts on quiet labels: a flip-flop to a version whose snapshot the corpus
does not keep (bumble 1504), and a paragraph turned into headings with the same words (heloa
91).
"""

from pathlib import Path

import pytest

from bench._corpus import snapshot_histories
from bench.change_measure import NOISE, SUBSTANTIVE, our_outcomes, tally

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MAX_FALSE_ALERTS = 0
MAX_MISSES = 6  # 2 shrinks held back by design, 4 label artefacts (README)
MAX_QUIET_ALERTS = 1  # bumble seq 1504, listed by bench/changes.py


@pytest.fixture(scope="module")
def result():
    if not (CORPUS / "ota" / "docs").is_dir():
        pytest.skip(f"../shared/corpus not found: {CORPUS / 'ota' / 'docs'} is missing")
    return tally(our_outcomes(snapshot_histories(CORPUS)))


def described(outcomes) -> str:
    return "\n".join(f"{o.document} seq {o.seq} ({o.label}): {o.why}" for o in outcomes)


def test_the_labelled_pairs_are_all_measured(result):
    assert result.pairs[NOISE] >= 68
    assert result.pairs[SUBSTANTIVE] >= 50
    assert result.pairs["flip_flop"] + result.pairs["markup_only"] >= 14


def test_page_noise_does_not_alert(result):
    assert len(result.false_alerts) <= MAX_FALSE_ALERTS, described(result.false_alerts)


def test_substantive_changes_alert(result):
    assert len(result.misses) <= MAX_MISSES, described(result.misses)


def test_flip_flops_and_markup_only_changes_stay_quiet(result):
    assert len(result.quiet_alerts) <= MAX_QUIET_ALERTS, described(result.quiet_alerts)
