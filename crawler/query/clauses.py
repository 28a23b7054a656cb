"""One clause's life (`policywatch clause`): when it appeared, each change, its renames, and
when it was removed, found by its id or by a heading it carried."""

from __future__ import annotations

from typing import Any

from crawler.query.lookup import NotFoundError
from crawler.storage import Store

# Rows of `clause_history` that say something happened to the clause.
EVENT_KEYS = (
    "version_number",
    "first_seen",
    "window_from",
    "status",
    "heading",
    "old_heading",
    "moved",
    "renamed",
    "split_from_clause",
    "merged_into_clause",
    "word_diff",
)


def find_clause(store: Store, policy: dict[str, Any], ref: str) -> tuple[int, list[int]]:
    """The clause `ref` names (an id, or a heading it carried: the clause that carried it
    latest) and the other clauses that carried the same heading."""
    ref = ref.strip()
    if ref.lstrip("#").isdigit():
        clause_id = int(ref.lstrip("#"))
        if store.clause_history(policy["id"], clause_id):
            return clause_id, []
    found = store.clauses_with_heading(policy["id"], ref)
    if not found:
        raise NotFoundError(
            f"no clause of {policy['name']} has the id or heading {ref!r} "
            "(see the `clause_history` view for every clause)"
        )
    return found[0], found[1:]


def is_event(row: dict[str, Any]) -> bool:
    return row["status"] != "unchanged" or bool(row["moved"] or row["renamed"])


def clause_life(store: Store, policy: dict[str, Any], ref: str) -> dict[str, Any]:
    """What happened to one clause, version by version (unchanged versions left out)."""
    clause_id, others = find_clause(store, policy, ref)
    rows = store.clause_history(policy["id"], clause_id)
    present = [row for row in rows if row["status"] != "removed"]
    removed = next((row for row in rows if row["status"] == "removed"), None)
    headings: list[str] = []
    for row in present:
        if row["heading"] not in headings:
            headings.append(row["heading"])
    return {
        "policy": policy["name"],
        "clause_id": clause_id,
        "heading": present[-1]["heading"] if present else rows[-1]["heading"],
        "headings": headings,
        "first_seen": rows[0]["first_seen"],
        "last_version": present[-1]["version_number"] if present else None,
        "removed_at": removed["first_seen"] if removed else None,
        "versions": len(present),
        "same_heading_clauses": others,
        "events": [{key: row[key] for key in EVENT_KEYS} for row in rows if is_event(row)],
    }
