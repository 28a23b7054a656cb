"""Digests of everything the pipeline produces on the real corpus, to prove a speed-up changed
nothing: run it on two commits and compare the printed lines.

- extraction: every snapshot of ../shared/corpus/ota through the check, extraction and
  not-a-policy stages a crawl runs (with no document type, then with the corpus document's
  type), each outcome written out in full: markdown, title, dates, sections, warnings, or the
  typed reason the page was dropped.
- history: every history replayed once through the real pipelines into a fresh SQLite file,
  then every user-facing table and view dumped in a fixed order. Left out: changes.detected_at
  (wall-clock time of the run) and raw_captures' stored bytes (an encoding choice), which are
  checked instead by reading each capture back and hashing it.

    python bench/output_digest.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import tempfile
from dataclasses import asdict, is_dataclass
from pathlib import Path

from _corpus import Snapshot, require_corpus, snapshot_histories
from _feed import Pipelines, add_policies, capture

from crawler.pipelines import CheckResponsePipeline, ExtractPolicyPipeline, FetchFailed
from crawler.storage import open_database

# Each table or view users read, with the order that makes its dump deterministic and the
# columns left out of it.
DUMPED = {
    "policies": ("id", {"added_at"}),
    "version_rows": ("id", set()),
    "versions": ("id", set()),
    "sections": ("id", set()),
    "section_texts": ("id", set()),
    "snapshots": ("id", set()),
    "changes": ("id", {"detected_at"}),
    "change_details": ("change_id, heading, old_heading", set()),
    "policy_timeline": ("policy_id, version_number", set()),
    "latest_versions": ("policy_id", set()),
    "silent_edits": ("change_id", set()),
    "raw_captures": ("hash", {"body", "codec", "base_hash", "chain"}),
}


def plain(value):
    """A JSON-ready copy of an extraction outcome (dataclasses, tuples, sets)."""
    if is_dataclass(value):
        return plain(asdict(value))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    return value


def extraction_outcome(snapshot: Snapshot, document: str | None) -> object:
    """What the check and extraction stages make of one snapshot."""
    item = capture(0, snapshot.url or "https://x.invalid/", snapshot.captured_at, snapshot.body)
    item.watched_document = document
    try:
        for stage in (CheckResponsePipeline(), ExtractPolicyPipeline()):
            item = stage.process_item(item)
    except FetchFailed as failure:
        return {"dropped": failure.outcome, "detail": str(failure)}
    return plain(item.document)


def extraction_digest(histories: dict[str, list[Snapshot]]) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for name, history in histories.items():
        document = name.split("--")[-1].replace("-", " ")
        for snapshot in history:
            for watched in (None, document):
                outcome = extraction_outcome(snapshot, watched)
                digest.update(json.dumps(outcome, sort_keys=True, default=repr).encode())
                count += 1
    return count, digest.hexdigest()


def replay_once(histories: dict[str, list[Snapshot]], db: Path) -> None:
    policy_ids = add_policies(db, list(histories))
    pipelines = Pipelines(db)
    for policy_id, (name, history) in zip(policy_ids, histories.items(), strict=True):
        for snapshot in history:
            url = snapshot.url or f"https://x.invalid/{name}"
            pipelines.process(capture(policy_id, url, snapshot.captured_at, snapshot.body))
    pipelines.close()


def table_digests(db: Path) -> dict[str, tuple[int, str]]:
    connection = sqlite3.connect(db)
    digests = {}
    for table, (order, left_out) in DUMPED.items():
        cursor = connection.execute(f"SELECT * FROM {table} ORDER BY {order}")
        columns = [c[0] for c in cursor.description]
        kept = [i for i, c in enumerate(columns) if c not in left_out]
        digest, count = hashlib.sha256(), 0
        for row in cursor:
            digest.update(repr([row[i] for i in kept]).encode())
            count += 1
        digests[table] = (count, digest.hexdigest())
    connection.close()
    store = open_database(db)
    digest = hashlib.sha256()
    hashes = [r["hash"] for r in store.query("SELECT hash FROM raw_captures ORDER BY hash")]
    for raw_hash in hashes:
        body = store.raw_body(raw_hash)
        if hashlib.sha256(body).hexdigest() != raw_hash:
            raise SystemExit(f"raw capture {raw_hash} does not read back to its own bytes")
        digest.update(body)
    store.close()
    digests["raw bodies read back"] = (len(hashes), digest.hexdigest())
    return digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    histories = snapshot_histories(require_corpus())
    count, digest = extraction_digest(histories)
    print(f"{'extraction outcomes':<22} {count:6} {digest[:16]}")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.db"
        replay_once(histories, db)
        for table, (rows, digest) in table_digests(db).items():
            print(f"{table:<22} {rows:6} {digest[:16]}")


if __name__ == "__main__":
    main()
