"""Announced or silent? Per policy, how its content changes related to its stated date."""

from __future__ import annotations

from datetime import date
from typing import Any

from crawler.query.lookup import NotFoundError
from crawler.storage import Store

COLUMNS = (
    "organisation",
    "policy",
    "content_changes",
    "announced",
    "silent",
    "undated",
    "backdated",
    "median_days_to_effective",
    "first_change",
    "last_change",
)


def start_of(day: str) -> str:
    """A YYYY-MM-DD day as the stored time text of its first instant (UTC)."""
    try:
        return date.fromisoformat(day.strip()).isoformat() + "T00:00:00Z"
    except ValueError:
        raise NotFoundError(f"not a date: {day!r} (use YYYY-MM-DD)") from None


def change_stats(
    store: Store, organisation: str | None = None, since: str | None = None
) -> list[dict[str, Any]]:
    """The `change_stats` rows (optionally one organisation's, changes since a day)."""
    rows = store.change_stats(organisation, start_of(since) if since else None)
    return [{column: row[column] for column in COLUMNS} for row in rows]
