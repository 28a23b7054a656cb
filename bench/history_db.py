"""Build a large policy database for the query benchmark, with the project's real schema.

The diffing that `Timeline.record` runs costs ~30 ms a version on the bench machine, so
recording 50,000 versions one by one would take 25 minutes. The fast path: record a few
*template* histories through the real `Timeline` (real diffs, change kinds and JSON), then
write every other policy as a copy of a template with its organisation name swapped, through
`Store` methods in one transaction. The copies are the rows `Timeline` would write for the
renamed text (checked by tests/test_bench_history.py): same tables, FTS triggers and indexes;
only ids, hashes and names differ. A history of `versions` versions is a template's first
`versions` versions, which is what recording only those would give.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.synthetic_history import organisation_name, policy_history
from crawler.storage import Store, open_database
from crawler.timeline.history import Timeline
from diffing.normalise import text_hash
from diffing.parse import parse_document

ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
BATCH = 100  # policies per transaction
TEMPLATE_COUNT = 8  # distinct diffed histories; enough to vary section counts and change kinds


def policy_entry(number: int) -> dict[str, Any]:
    organisation = organisation_name(number)
    slug = organisation.lower().replace(" ", "-")
    return {
        "name": f"{slug}-privacy",
        "organisation": organisation,
        "url": f"https://{slug}.example/privacy",
        "document_type": "Privacy Policy",
    }


def record_template(store: Store, number: int, versions: int) -> int:
    """Record fictional policy `number` through the real Timeline; return its policy id."""
    policy = policy_entry(number)
    policy_id = store.sync_policy(policy)
    timeline = Timeline(store)
    for captured_at, markdown in policy_history(number, versions):
        snapshot = {"source": "live", "captured_at": captured_at, "url": policy["url"]}
        timeline.record(policy_id, snapshot, markdown.encode(), parse_document(markdown), "bench")
    return policy_id


def template_rows(store: Store, policy_id: int) -> list[dict[str, Any]]:
    """Each version of a template, oldest first, with its snapshot, sections and change."""
    rows = []
    for version in store.versions(policy_id):
        snapshot = store.query("SELECT * FROM snapshots WHERE id = ?", [version["snapshot_id"]])[0]
        sections = store.query(
            "SELECT idx, heading, level, path, text, hash FROM sections WHERE version_id = ? "
            "ORDER BY idx",
            [version["id"]],
        )
        rows.append(
            {
                "version": version,
                "snapshot": snapshot,
                "sections": sections,
                "change": store.change_into(version["id"]),
            }
        )
    return rows


def shifted(timestamp: str | None, days: int) -> str | None:
    """An ISO capture time `days` later (copies spread over time instead of coinciding)."""
    if timestamp is None:
        return None
    moved = datetime.strptime(timestamp, ISO_FORMAT) + timedelta(days=days)
    return moved.strftime(ISO_FORMAT)


def write_copy(store: Store, policy: dict[str, Any], template: list[dict], copy: Copy) -> None:
    """Write `template`'s rows for a new policy, renamed and shifted in time by `copy`."""
    policy_id = store.sync_policy(policy)
    previous_id = None
    for row in template:
        markdown = copy.rename(row["version"]["markdown"])
        snapshot = {
            **{k: v for k, v in row["snapshot"].items() if k not in ("id", "raw_hash")},
            "policy_id": policy_id,
            "url": policy["url"],
            "captured_at": shifted(row["snapshot"]["captured_at"], copy.days),
            "text_hash": text_hash(markdown),
            "raw_hash": store.save_raw(markdown.encode(), row["snapshot"]["content_type"]),
        }
        version = {
            **{k: v for k, v in row["version"].items() if k != "id"},
            "policy_id": policy_id,
            "markdown": markdown,
            "title": copy.rename(row["version"]["title"] or ""),
            "text_hash": snapshot["text_hash"],
            "first_seen": shifted(row["version"]["first_seen"], copy.days),
            "last_seen": shifted(row["version"]["last_seen"], copy.days),
            "snapshot_id": store.add_snapshot(snapshot),
        }
        version_id = store.insert_version(version, [copy.section(s) for s in row["sections"]])
        if row["change"]:
            store.insert_change(
                {
                    **{k: v for k, v in row["change"].items() if k != "id"},
                    "policy_id": policy_id,
                    "from_version_id": previous_id,
                    "to_version_id": version_id,
                    "changed_at": shifted(row["change"]["changed_at"], copy.days),
                    "diff_json": copy.rename(row["change"]["diff_json"]),
                }
            )
        previous_id = version_id


@dataclass(frozen=True)
class Copy:
    """How one copied policy differs from its template: its name and a shift in time."""

    source: str
    target: str
    days: int

    def rename(self, text: str) -> str:
        return text.replace(self.source, self.target)

    def section(self, section: dict[str, Any]) -> dict[str, Any]:
        """A template section renamed; its hash recomputed only if the name occurs in it."""
        if self.source not in section["heading"] + section["text"] + section["path"]:
            return section  # normalising text for a hash is the slow part of writing a copy
        renamed = {k: self.rename(v) if isinstance(v, str) else v for k, v in section.items()}
        return {**renamed, "hash": text_hash(renamed["heading"] + "\n" + renamed["text"])}


def build_database(path: Path, policies: int, versions: int) -> Store:
    """A database at `path` with `policies` fictional policies of `versions` versions each."""
    store = open_database(path)
    templates = []
    with store.transaction():
        for number in range(min(TEMPLATE_COUNT, policies)):
            templates.append(template_rows(store, record_template(store, number, versions)))
    # One transaction per batch: a single huge one grows the WAL to the database's size.
    for batch in range(len(templates), policies, BATCH):
        with store.transaction():
            copies(store, templates, range(batch, min(batch + BATCH, policies)))
    return store


def copies(store: Store, templates: list[list[dict]], numbers: range) -> None:
    """Write policies `numbers` as copies of the templates, in turn."""
    for number in numbers:
        copy = Copy(
            source=organisation_name(number % len(templates)),
            target=organisation_name(number),
            # Spread copies over two years (a prime step) so time-range queries see a mix.
            days=(number * 37) % 730,
        )
        write_copy(store, policy_entry(number), templates[number % len(templates)], copy)
