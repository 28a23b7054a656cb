"""Does a Wayback back-fill record the right history? OTA's histories served by the local archive.

Every Open Terms Archive document with raw snapshots becomes one archived policy (each snapshot
a capture at its fetch time, bench/backfill.py); `policywatch backfill` records them all. Each
stored snapshot is labelled against the stored one before it from OTA's texts in force
(bench/change_measure.py, consecutive_labels). Two figures:

- change points found: OTA's substantive changes (a word changed) after which we recorded a
  version at that very capture;
- versions that are real changes: our versions after a policy's first whose first capture is
  one where OTA's text changed its words (substantive or flip-flop); leniently, one where OTA's
  text changed at all (also markup-only, or new selectors for a changed page: technical).

Each miss and each version that is no real change is listed with OTA's label.

    python bench/backfill_quality.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench.*` when run as a script

from bench._corpus import Snapshot, require_corpus, snapshot_histories
from bench.backfill import archived_corpus, run
from bench.change_measure import NOISE, SUBSTANTIVE, consecutive_labels
from crawler.storage import open_database

REAL = (SUBSTANTIVE, "flip_flop")  # labels whose words changed
UNCHANGED = tuple(f"({label})" for label in (NOISE, "unlabelled", "no such capture"))


@dataclass(frozen=True)
class Figures:
    change_points: int
    found: list[str]
    missed: list[str]
    versions: int
    real: list[str]
    not_real: list[str]


def capture_time(snapshot: Snapshot) -> str:
    """The snapshot's capture time as the store writes first_seen (seconds, UTC, Z)."""
    fetched = datetime.fromisoformat(snapshot.captured_at.replace("Z", "+00:00"))
    return fetched.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def measure(histories: dict[str, list[Snapshot]], starts: dict[str, list[str]]) -> Figures:
    """`starts`: document -> first_seen of each of our versions, oldest first."""
    found, missed, real, not_real = [], [], [], []
    for name, history in histories.items():
        labels = consecutive_labels(history)
        by_time = {capture_time(s): s for s in history}
        ours = starts.get(name, [])
        for snapshot in history:
            if labels.get(snapshot.seq) == SUBSTANTIVE:
                place = found if capture_time(snapshot) in ours else missed
                place.append(f"{name} seq {snapshot.seq}")
        for first_seen in ours[1:]:
            snapshot = by_time.get(first_seen)
            label = labels.get(snapshot.seq, "unlabelled") if snapshot else "no such capture"
            where = f"{name} seq {snapshot.seq if snapshot else '?'} ({label})"
            (real if label in REAL else not_real).append(where)
    return Figures(
        len(found) + len(missed), found, missed, len(real) + len(not_real), real, not_real
    )


def backfilled_starts(workdir: Path, policies: dict[str, str]) -> dict[str, list[str]]:
    store = open_database(workdir / "pw.db")
    starts = {}
    for name in policies:
        policy = store.policy(name)
        if policy is not None:
            versions = store.versions(policy["id"])
            starts[name] = sorted(v["first_seen"] for v in versions)
    store.close()
    return starts


def main() -> int:
    histories = snapshot_histories(require_corpus())
    with archived_corpus() as (workdir, server, policies):
        seconds = run(workdir, server)
        starts = backfilled_starts(workdir, policies)
    by_document = {name: starts.get(name.lower(), []) for name in histories}
    figures = measure(histories, by_document)
    print(f"{len(policies)} archived histories back-filled in {seconds:.1f} s")
    print(
        f"real change points found:       {len(figures.found)}/{figures.change_points}"
        f" = {len(figures.found) / figures.change_points:.3f}"
    )
    print(
        f"versions that are real changes: {len(figures.real)}/{figures.versions}"
        f" = {len(figures.real) / figures.versions:.3f}"
    )
    changed_at_all = [w for w in figures.not_real if not w.endswith(UNCHANGED)]
    lenient = len(figures.real) + len(changed_at_all)
    print(
        f"  leniently (OTA's text changed at all): {lenient}/{figures.versions}"
        f" = {lenient / figures.versions:.3f}"
    )
    print(f"\nChange points missed: {len(figures.missed)}")
    for where in figures.missed:
        print(f"  {where}")
    print(f"\nVersions that are no real change: {len(figures.not_real)}")
    for where in figures.not_real:
        print(f"  {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
