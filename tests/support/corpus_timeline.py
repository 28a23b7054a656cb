"""An Open Terms Archive history (../shared/corpus/ota) recorded through the real Timeline,
in any order, into a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.storage import Store, open_database
from crawler.timeline.history import Timeline
from diffing.parse import parse_document

URL = "https://corpus.example/policy"


def ota_versions(corpus: Path, document: str) -> list[tuple[str, str]]:
    """(date, markdown) of each OTA version of `document`, oldest first (a text repeated
    later is stored once, under the version where it first appeared)."""
    folder = corpus / "ota" / "docs" / document
    versions = []
    for version in json.loads((folder / "versions.json").read_text(encoding="utf-8")):
        file = version["file"] or f"versions/{version['same_text_as']:04d}.md"
        versions.append((version["date"], (folder / file).read_text(encoding="utf-8")))
    return versions


def record_versions(
    store: Store, policy_id: int, versions: list[tuple[str, str]], source: str = "wayback"
) -> None:
    line = Timeline(store)
    for at, markdown in versions:
        snapshot = {"source": source, "captured_at": at, "url": URL}
        line.record(policy_id, snapshot, markdown.encode(), parse_document(markdown), "test")


def corpus_store(path: Path, versions: list[tuple[str, str]], name: str = "p") -> Store:
    """A new database at `path` holding `versions`, recorded in the order given."""
    store = open_database(path)
    policy_id = store.sync_policy({"name": name, "url": URL})
    record_versions(store, policy_id, versions)
    return store
