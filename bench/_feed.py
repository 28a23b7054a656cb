"""Feed captures through the item pipelines a crawl runs, outside Scrapy, into one database.

Not a bench itself (the leading underscore keeps `make bench` from running it).
"""

from __future__ import annotations

from pathlib import Path

from crawler import settings
from crawler.items import Capture
from crawler.pipelines import (
    CheckResponsePipeline,
    ExtractPolicyPipeline,
    FetchFailed,
    RecordVersionPipeline,
)
from crawler.storage import open_database


def add_policies(db: Path, names: list[str]) -> list[int]:
    """Watch-list entries for `names` (the snapshots table needs their ids)."""
    store = open_database(db)
    ids = [store.sync_policy({"name": n, "url": f"https://x.invalid/{n}"}) for n in names]
    store.close()
    return ids


def capture(policy_id: int, url: str, captured_at: str, body: bytes) -> Capture:
    """The item the live spider yields for a 200 answer."""
    return Capture(
        policy_id=policy_id,
        policy_name=str(policy_id),
        source="live",
        url=url,
        requested_at=captured_at,
        captured_at=captured_at,
        final_url=url,
        http_status=200,
        body=body,
    )


class Pipelines:
    """CheckResponse → ExtractPolicy → RecordVersion on the database at `db`."""

    def __init__(self, db: Path):
        self.store = open_database(db)
        self.stages = [
            CheckResponsePipeline(),
            ExtractPolicyPipeline(),
            RecordVersionPipeline(
                self.store,
                settings.POLICYWATCH_FLIP_FLOP_WINDOW,
                settings.POLICYWATCH_SHRINK_THRESHOLD,
            ),
        ]

    def process(self, item: Capture) -> str:
        """The outcome: new-version, unchanged, earlier-sighting or "dropped: <why>"."""
        try:
            for stage in self.stages:
                item = stage.process_item(item)
        except FetchFailed as failure:
            return f"dropped: {failure.outcome}"
        return item.outcome

    def close(self) -> None:
        self.store.close()
