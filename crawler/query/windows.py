"""When did a change happen: between the last capture of the old text and the first capture
of the new one, with how the stated effective date falls against that window."""

from __future__ import annotations

from typing import Any

from crawler.storage import Store


def window_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The window of one `change_windows` row as `history --format json` gives it."""
    return {
        "window": {"from": row["window_from"], "to": row["window_to"]},
        "changed_between": row["changed_between"],
        "gap_days": row["gap_days"],
        "effective_timing": row["effective_timing"],
    }


def version_windows(store: Store, policy_id: int) -> dict[int, dict[str, Any]]:
    """Version id -> the window of the change into it (first versions have none)."""
    return {
        version_id: window_fields(row)
        for version_id, row in store.change_windows(policy_id).items()
    }


def describe(window: dict[str, Any]) -> str:
    """'changed between 2024-03-02 and 2024-03-09 (gap 7.0 days; date backdated)'."""
    notes = []
    if window["gap_days"] is not None:
        notes.append(f"gap {window['gap_days']} days")
    if window["effective_timing"]:
        notes.append(f"date {window['effective_timing']}")
    return window["changed_between"] + (f" ({'; '.join(notes)})" if notes else "")
