"""The real snapshot histories in ../shared/corpus/ota, loaded once for the bench scripts.

Not a bench itself (the leading underscore keeps `make bench` from running it).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@dataclass(frozen=True)
class Snapshot:
    """One raw page exactly as Open Terms Archive fetched it."""

    document: str  # e.g. "dating--bumble--privacy-policy"
    seq: int
    captured_at: str  # ISO 8601, UTC
    url: str | None
    body: bytes
    # OTA's label against snapshot seq-1 (ota/README.md): no_text_change (page noise only),
    # substantive, flip_flop, markup_only, technical, first.
    change_vs_previous_seq: str
    # OTA's version text in force after this snapshot (None when the corpus links none).
    text_in_force: str | None = None
    # Its OTA kind (first, change, technical: a selector or engine upgrade, no page change).
    kind_in_force: str | None = None


def require_corpus() -> Path:
    """The corpus directory, or exit with a clear message when it is absent."""
    if not (CORPUS / "ota" / "docs").is_dir():
        sys.exit(f"../shared/corpus not found at {CORPUS}: nothing to measure")
    return CORPUS


def version_text(doc: Path, version: dict | None) -> str | None:
    return (doc / version["file"]).read_text(encoding="utf-8") if version else None


def snapshot_histories(corpus: Path) -> dict[str, list[Snapshot]]:
    """Every document's stored raw snapshots, oldest first (documents without any omitted)."""
    histories = {}
    for doc in sorted((corpus / "ota" / "docs").iterdir()):
        listing = doc / "snapshots.json"
        if not listing.exists():
            continue
        stored = [s for s in json.loads(listing.read_text()) if not s["missing"]]
        versions = {v["index"]: v for v in json.loads((doc / "versions.json").read_text())}
        histories[doc.name] = [
            Snapshot(
                document=doc.name,
                seq=s["seq"],
                captured_at=s["date"],
                url=s.get("source_url"),
                body=(doc / s["file"]).read_bytes(),
                change_vs_previous_seq=s["change_vs_previous_seq"],
                text_in_force=version_text(doc, versions.get(s["version_in_force"])),
                kind_in_force=versions.get(s["version_in_force"], {}).get("ota_kind"),
            )
            for s in sorted(stored, key=lambda s: s["seq"])
        ]
    return {name: snapshots for name, snapshots in histories.items() if snapshots}


@cache
def version_files(corpus: Path = CORPUS) -> tuple[Path, ...]:
    """Every distinct version text of every history (none without the corpus)."""
    docs = corpus / "ota" / "docs"
    if not docs.is_dir():
        return ()
    files: list[Path] = []
    for folder in sorted(docs.iterdir()):
        versions = json.loads((folder / "versions.json").read_text(encoding="utf-8"))
        files += [folder / name for name in dict.fromkeys(v["file"] for v in versions)]
    return tuple(files)
