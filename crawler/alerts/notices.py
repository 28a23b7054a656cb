"""A `Notice`: a policy whose fetches have failed run after run, or work again.

Recorded by the crawl when a streak turns (crawler/jobs/failing.py) and sent by every reporter,
once, next to the change alerts: a nightly job that quietly stops seeing a policy would
otherwise go unnoticed until someone reads the run log.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from crawler.alerts.model import ENTRY_NAMESPACE, policy_names
from crawler.extraction.text import clean_line
from crawler.outcomes import advice


@dataclass(frozen=True)
class Notice:
    notice_id: int
    policy: str
    organisation: str
    url: str
    kind: str  # failing | recovered
    outcome: str
    streak: int
    fetched_at: str  # the fetch that turned the streak
    detail: str

    @property
    def text(self) -> str:
        """One line, as a chat message or a mail subject shows it."""
        if self.kind == "failing":
            return f"{self.policy} has failed {self.streak} runs in a row: {self.outcome}"
        return f"{self.policy} works again after {self.streak} failed runs"

    @property
    def advice(self) -> str:
        return advice(self.outcome) if self.kind == "failing" else ""

    @property
    def entry_id(self) -> str:
        key = f"notice|{self.policy}|{self.kind}|{self.fetched_at}"
        return f"urn:uuid:{uuid.uuid5(ENTRY_NAMESPACE, key)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entry_id,
            "policy": self.policy,
            "organisation": self.organisation,
            "url": self.url,
            "kind": self.kind,
            "outcome": self.outcome,
            "streak": self.streak,
            "fetched_at": self.fetched_at,
            "detail": self.detail,
            "advice": self.advice,
        }


def notice_from_row(row: dict[str, Any]) -> Notice:
    """A Notice from a `pending_notices`/`delivered_notices` row."""
    policy, organisation = policy_names(row)
    return Notice(
        notice_id=row["id"],
        policy=policy,
        organisation=organisation,
        url=row["policy_url"],
        kind=row["kind"],
        outcome=row["outcome"],
        streak=row["streak"],
        fetched_at=row["fetched_at"],
        detail=clean_line(row["detail"] or ""),
    )
