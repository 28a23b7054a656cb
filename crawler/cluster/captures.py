"""A Capture as the fields of a stream entry, and back: JSON for the metadata, the body as
its own bytes (never pickle: whoever can write to the Redis could run code in the ingest)."""

from __future__ import annotations

import json
from dataclasses import fields

from crawler.items import Capture

# Set by the ingest's own pipelines, never carried.
NOT_CARRIED = {"body", "document", "text_hash", "in_force"}
CARRIED = [f.name for f in fields(Capture) if f.name not in NOT_CARRIED]


def capture_fields(item: Capture) -> dict[str, bytes | str]:
    data = {name: getattr(item, name) for name in CARRIED}
    return {"capture": json.dumps(data), "body": item.body}


def capture_from_fields(entry: dict) -> Capture:
    entry = {(k.decode() if isinstance(k, bytes) else k): v for k, v in entry.items()}
    data = json.loads(entry["capture"])
    if data.get("delivery"):
        data["delivery"] = tuple(data["delivery"])
    return Capture(**data, body=entry["body"])
