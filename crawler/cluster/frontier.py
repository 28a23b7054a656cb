"""The Redis keys of a shared crawl and the stream operations on them.

Delivery is at least once: a request stays pending in the `workers` group until the ingest
process has recorded its capture (XACK), and a worker claims (XAUTOCLAIM) the requests another
worker left pending too long. Duplicates that this allows are dropped at ingest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from redis.exceptions import ResponseError

PREFIX = "policywatch"
REQUESTS = f"{PREFIX}:requests"  # stream of policies to fetch
CAPTURES = f"{PREFIX}:captures"  # stream of fetches to record
WORKERS = "workers"  # consumer group of REQUESTS
INGEST = "ingest"  # consumer group of CAPTURES
# Fingerprints of the requests waiting in REQUESTS (scrapy-redis' dupefilter): a policy is
# queued once however many crawls start; its fingerprint leaves when its capture is recorded.
QUEUED = f"{PREFIX}:queued"


def host_slot_key(host: str) -> str:
    return f"{PREFIX}:host:{host}"


@dataclass(frozen=True)
class Delivery:
    """One request read from the frontier: its stream id and the policy to fetch."""

    entry_id: str
    policy: dict[str, Any]
    fingerprint: str


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def decoded(entry_id, fields: dict) -> Delivery:
    """The Delivery of a REQUESTS entry as redis-py returns it."""
    fields = {text(k): v for k, v in fields.items()}
    return Delivery(text(entry_id), json.loads(fields["policy"]), text(fields["fingerprint"]))


def request_fields(policy: dict[str, Any], fingerprint: str) -> dict[str, str]:
    return {"policy": json.dumps(policy, sort_keys=True), "fingerprint": fingerprint}


def create_groups(client) -> None:
    """The consumer groups (and their streams), if they do not exist yet."""
    for stream, group in ((REQUESTS, WORKERS), (CAPTURES, INGEST)):
        try:
            client.xgroup_create(stream, group, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise


async def create_groups_async(client) -> None:
    for stream, group in ((REQUESTS, WORKERS), (CAPTURES, INGEST)):
        try:
            await client.xgroup_create(stream, group, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
