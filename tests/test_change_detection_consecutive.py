"""Two consecutive real snapshot pairs of ../shared/corpus/ota, each measured as bench/changes.py
--consecutive measures it: a newsletter sign-up offer that changed while the policy did not
(withings privacy policy, seq 35) stays quiet; a deletion of the terms' second, repeated half,
whose opening and ending stay, alerts (her terms of service, seq 859)."""

import pytest

from bench._corpus import snapshot_histories
from bench.change_measure import NOISE, SUBSTANTIVE, consecutive_labels, our_outcomes
from tests.support.paths import CORPUS

WITHINGS = "sante-numerique-france--withings--privacy-policy"
HER = "dating--her--terms-of-service"


@pytest.fixture(scope="module")
def outcomes() -> dict:
    if not (CORPUS / "ota" / "docs").is_dir():
        pytest.skip(f"../shared/corpus not found: {CORPUS / 'ota' / 'docs'} is missing")
    histories = snapshot_histories(CORPUS)
    wanted = {name: histories[name] for name in (WITHINGS, HER)}
    measured = our_outcomes(wanted, labels=consecutive_labels)
    return {(o.document, o.seq): o for o in measured}


def test_a_changed_sign_up_offer_does_not_alert(outcomes):
    pair = outcomes[(WITHINGS, 35)]
    assert pair.label == NOISE
    assert not pair.alerted, pair.why


def test_terms_that_lost_whole_sections_but_kept_both_ends_alert(outcomes):
    pair = outcomes[(HER, 859)]
    assert pair.label == SUBSTANTIVE
    assert pair.alerted and "shrink" not in pair.why, pair.why


def test_no_pair_of_either_document_alerts_on_noise_or_misses_a_change(outcomes):
    wrong = [
        f"{o.document} seq {o.seq} ({o.label}): {o.why}"
        for o in outcomes.values()
        if (o.label == NOISE and o.alerted) or (o.label == SUBSTANTIVE and not o.alerted)
    ]
    assert wrong == []
