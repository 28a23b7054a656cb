"""Serve an Open Terms Archive document's raw snapshots as if the archive had captured them.

Reads ``<doc_dir>/snapshots.json`` and ``snapshots/NNNNN.html`` from the corpus
(``../shared/corpus/ota/docs/<doc>``; fields described in ``ota/README.md``).
"""

import datetime
import json
from pathlib import Path

from crawler.sandbox.wayback.store import ArchiveStore, Capture


def load_ota_history(store: ArchiveStore, doc_dir: Path, url: str | None = None) -> list[Capture]:
    """Add every stored snapshot of ``doc_dir`` at its date, under ``url`` or its source_url.

    Snapshots marked missing, or whose file is absent, are skipped. Returns the captures added,
    oldest first.
    """
    doc_dir = Path(doc_dir)
    snapshots = json.loads((doc_dir / "snapshots.json").read_text(encoding="utf-8"))
    added = []
    for snapshot in sorted(snapshots, key=lambda s: s["date"]):
        path = doc_dir / snapshot["file"]
        if snapshot.get("missing") or not path.is_file():
            continue
        fetched = datetime.datetime.fromisoformat(snapshot["date"].replace("Z", "+00:00"))
        timestamp = fetched.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S")
        source = url or snapshot["source_url"]
        added.append(store.add_capture(source, timestamp, path.read_bytes()))
    return added
