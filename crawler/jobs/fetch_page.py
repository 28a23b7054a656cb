"""Fetch one URL as a crawl would and say what it would store, recording nothing of yours.

The fetch is a real crawl (robots.txt, redirect guard, size limit, typed outcomes, extraction
with the entry's select/remove/document) into a throw-away database, read back and deleted.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.config.watchlist import Policy
from crawler.jobs.crawl import crawl_live
from crawler.storage import open_database
from crawler.timeline.history import document_from_version
from diffing.model import PolicyDocument

NAME = "fetched"  # the one policy of the throw-away watch list


@dataclass(frozen=True)
class FetchedPage:
    """The fetch's fetch_log row; when it yielded a policy, the text a crawl would store as
    a version and the raw body it came from."""

    fetch: dict[str, Any]
    document: PolicyDocument | None
    body: bytes | None
    content_type: str | None

    @property
    def ok(self) -> bool:
        return self.document is not None


def fetch_page(
    url: str,
    select: list[str],
    remove: list[str],
    document: str | None,
    overrides: dict[str, str] | None = None,
    browser: str = "auto",
    browser_actions: list[dict[str, str]] | None = None,
) -> FetchedPage:
    """Crawl `url` once into a temporary database (blocking; once per process); `browser`
    and `browser_actions` as a watch-list entry's."""
    policy = Policy(
        name=NAME,
        url=url,
        select=select,
        remove=remove,
        document=document,
        browser=browser,
        browser_actions=browser_actions or [],
    )
    with tempfile.TemporaryDirectory(prefix="policywatch-fetch-") as workdir:
        db = Path(workdir) / "fetch.db"
        result = crawl_live(db, [policy], overrides)
        if not result.fetches:
            raise RuntimeError(f"the crawl of {url} ended without a result")
        fetch = result.fetches[-1]
        store = open_database(db)
        try:
            policy_id = store.policy(NAME)["id"]
            version = store.latest_version(policy_id)
            if not fetch["ok"] or version is None:
                return FetchedPage(fetch, None, None, None)
            snapshot = store.latest_snapshot(policy_id)
            body = store.raw_body(snapshot["raw_hash"])
            return FetchedPage(
                fetch, document_from_version(version), body, snapshot["content_type"]
            )
        finally:
            store.close()
