"""Do only real policy changes alert? Extraction + classification on OTA's labelled snapshot pairs.

For every stored snapshot of ../shared/corpus/ota whose seq-1 is stored too (see
bench/change_measure.py), per detector: false alerts on page-noise pairs (no_text_change),
missed substantive changes, alerts on flip-flop / markup-only / technical pairs. Ours is
policywatch's extractor + section diff + classification (flip-flop window and shrink threshold
from crawler/settings.py); the baselines alert iff the normalised texts of both pages differ.
Goal: zero false alerts on noise, no missed substantive change. Each false alert and
miss of ours is listed with the sections that changed.

    python bench/changes.py [--no-baselines]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench.*` when run as a script

from bench._corpus import require_corpus, snapshot_histories
from bench.change_measure import (
    LABELS,
    NOISE,
    SUBSTANTIVE,
    PairOutcome,
    Tally,
    baseline_outcomes,
    consecutive_labels,
    our_outcomes,
    seq_labels,
    tally,
)
from bench.extraction import bs4_text, trafilatura_recall

BASELINES = {"trafilatura favor_recall": trafilatura_recall, "plain text (bs4 get_text)": bs4_text}


def row(name: str, result: Tally, seconds: float) -> str:
    pairs, alerts = result.pairs, result.alerts
    caught = pairs["flip_flop"] - alerts["flip_flop"]
    return (
        f"{name:<27}{len(result.false_alerts):>3}/{pairs[NOISE]:<4}"
        f"{len(result.misses):>4}/{pairs[SUBSTANTIVE]:<4}"
        f"{caught:>4}/{pairs['flip_flop']:<3}({result.flip_flops_flagged} flagged)"
        f"{pairs['markup_only'] - alerts['markup_only']:>5}/{pairs['markup_only']:<4}"
        f"{alerts['technical']:>4}/{pairs['technical']:<4}{seconds:>8.1f}"
    )


def listing(title: str, outcomes: tuple[PairOutcome, ...]) -> None:
    print(f"\n{title}: {len(outcomes)}")
    for outcome in outcomes:
        print(f"  {outcome.document} seq {outcome.seq}: {outcome.why}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baselines", action="store_true", help="measure ours only")
    parser.add_argument(
        "--consecutive",
        action="store_true",
        help="label every stored snapshot against the stored one before it, from OTA's texts "
        "in force (not only seq against seq-1)",
    )
    parser.add_argument(
        "--told-type",
        action="store_true",
        help="tell our extraction each document's type, as a watch-list `document:` would",
    )
    args = parser.parse_args()
    histories = snapshot_histories(require_corpus())
    labels = consecutive_labels if args.consecutive else seq_labels
    detectors = {"ours": lambda h: our_outcomes(h, labels=labels, told_type=args.told_type)}
    if not args.no_baselines:
        for name, extract in BASELINES.items():
            detectors[name] = lambda h, extract=extract: baseline_outcomes(h, extract, labels)
    results = {}
    for name, measure in detectors.items():
        started = time.perf_counter()
        results[name] = tally(measure(histories)), time.perf_counter() - started
    counts = results["ours"][0].pairs
    print(f"{sum(counts.values())} labelled pairs in {len(histories)} documents: ", end="")
    print(", ".join(f"{counts[label]} {label}" for label in LABELS))
    print(
        f"\n{'detector':<27}false alerts  missed   flip-flops quiet    markup    technical"
        f"  seconds\n{'':<27}on noise      substant.                   quiet     alerted"
    )
    for name, (result, seconds) in results.items():
        print(row(name, result, seconds))
    ours = results["ours"][0]
    listing("False alerts of ours (noise pairs that would alert)", ours.false_alerts)
    listing("Missed substantive changes of ours", ours.misses)
    listing("Alerts of ours on flip-flop or markup-only pairs", ours.quiet_alerts)


if __name__ == "__main__":
    main()
