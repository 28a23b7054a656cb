"""What a back-fill already has of each policy, read before the Wayback spider starts: the
spider decides what to fetch from it and reads no database itself."""

from __future__ import annotations

from typing import Any

from crawler.outcomes import ARCHIVE_SETTLED
from crawler.storage import Store
from crawler.wayback.cdx import compact


def with_backfill_plan(store: Store, policies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`policies` (as described for a spider), each with what is stored of it:

    - `stored`: capture times (YYYYMMDDhhmmss) of its Wayback snapshots, not fetched again;
    - `settled`: capture URLs whose answer was final (ARCHIVE_SETTLED), not asked again;
    - `bodies`: CDX digest -> raw_hash and content type of a stored capture: the same digest
      is the same bytes, placed at its own time without a fetch.
    """
    return [
        {
            **policy,
            "stored": {compact(t) for t in store.wayback_capture_times(policy["id"])},
            "settled": store.settled_capture_urls(policy["id"], ARCHIVE_SETTLED),
            "bodies": {
                digest: {"raw_hash": known["raw_hash"], "type": known["content_type"]}
                for digest, known in store.wayback_bodies(policy["id"]).items()
            },
        }
        for policy in policies
    ]
